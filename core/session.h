#pragma once

#include "experiment.h"
#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace trm {

/// The session file format: one JSON file that brings back a prepared lesson.
inline constexpr const char *sessionFormatName = "trm-studio-session";
inline constexpr int sessionFormatVersion = 1;

/// One run kept on the comparison charts: how it was set up and its curves.
struct SessionRun
{
    QString label; ///< its name in the chart legend ("hidden 64, n 3")
    RunSettings settings;
    std::vector<EpochReport> history;
};

/// What File > Save Session writes: the data reference and its import
/// settings, the hyperparameters in the panel, the last trained model and the
/// runs on the charts.
struct Session
{
    QString dataPath;     ///< absolute path of the CSV file
    QString dataSha256;   ///< of the CSV when the session was saved; empty if unknown
    QString targetColumn; ///< name of the class column
    RunSettings settings; ///< the settings panel
    std::optional<TrainedModel> model;
    std::vector<SessionRun> runs;
};

/// Settings as a JSON object (the same field names as the model file), and
/// back. Reading refuses a missing or mistyped field, naming it after `path`.
QJsonObject runSettingsJson(const RunSettings &settings);
Result<RunSettings> parseRunSettings(const QJsonObject &object, const QString &path);

/// The session as JSON. The data path is written both relative to the
/// session's folder (so a lesson folder can be moved as a whole) and absolute.
QByteArray serializeSession(const Session &session, const QString &sessionPath);
/// Parses and validates a session; the data path is resolved against the
/// folder of `sessionPath`, falling back to the absolute path when the
/// relative one does not exist. Messages start with `sessionPath`.
Result<Session> parseSession(const QByteArray &json, const QString &sessionPath);

/// The outcome of a saved run rebuilt without training: the split is cut
/// again from `settings` (the same seed gives the same rows) and the test rows
/// are scored with `model`. Refused when the data no longer fit the model.
Result<RunOutcome> rebuildOutcome(const Dataset &dataset, const TrainedModel &model,
                                  const RunSettings &settings,
                                  const std::vector<EpochReport> &history);

/// Writes atomically (QSaveFile): on failure an existing file is left as it was.
Result<void> saveSession(const Session &session, const QString &path);
Result<Session> loadSession(const QString &path);

} // namespace trm
