#pragma once

#include "experiment.h"
#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace trm {

/// The model file format: JSON, described field by field in docs/model-format.md.
inline constexpr const char *modelFormatName = "trm-studio-model";
/// Version 3 adds the training history ("history": every epoch's figures, null
/// where not measured), so that a report made from a saved model has its curves.
/// Version 2 adds the import recipe ("import") and the imputation medians
/// ("standardization.median"). Older files still load: version 1 and 2 files
/// have no history; version 1 files describe plain numeric tables, and their
/// medians are taken to be the means (imputing a missing value then gives a
/// standardised 0, the training average).
inline constexpr int modelFormatVersion = 3;

/// The model as JSON text (UTF-8, numbers with a dot, floats round-trip exactly).
/// Deterministic: the same model gives the same bytes.
QByteArray serializeModel(const TrainedModel &model);

/// Parses and validates: format and version, every field's presence and type,
/// every shape against the hyperparameters, every number finite, names unique.
/// Sizes are checked against TrmConfig's limits before anything is allocated.
/// `origin` names the source in messages (a file path, or "model").
Result<TrainedModel> parseModel(const QByteArray &json,
                                const QString &origin = QStringLiteral("model"));

/// One epoch of a training history as the model file and the session file
/// write it: the four figures are null where not measured or not finite.
QJsonObject epochJson(const EpochReport &report);

/// Writes atomically (QSaveFile): on failure an existing file is left as it was.
Result<void> saveModel(const TrainedModel &model, const QString &path);
Result<TrainedModel> loadModel(const QString &path);

} // namespace trm
