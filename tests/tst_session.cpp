// Presets, run labels and the session file: what is saved comes back the same,
// and a broken file is refused with the field that is wrong.

#include "dataset.h"
#include "experiment.h"
#include "modelfile.h"
#include "presets.h"
#include "session.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace trm;

namespace {

Dataset loadIris()
{
    Result<Dataset> data = loadDataset(QStringLiteral(TRM_DATASETS "/iris.csv"));
    if (!data)
        qFatal("%s", qPrintable(data.error().message));
    return data.value();
}

/// Equal, counting two NaNs (a metric not measured) as equal.
bool sameMetric(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

} // namespace

class SessionTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void presetsGiveTheirNetworkRuns_data();
    void presetsGiveTheirNetworkRuns();
    void presetKeepsDataSettings();
    void matchingPresetFollowsEdits();
    void differenceNamesWhatChanged_data();
    void differenceNamesWhatChanged();
    void sessionRoundTrips();
    void dataPathFallsBackToAbsolute();
    void brokenSessionIsRefused_data();
    void brokenSessionIsRefused();
};

void SessionTest::presetsGiveTheirNetworkRuns_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<long long>("runsPerPrediction");
    // T (n + 1) N_sup, by hand: 3 * 7 * 4, 1 * 10 * 1, 2 * 4 * 2, 1 * 2 * 1.
    QTest::newRow("trm-default") << QStringLiteral("TRM default") << 84LL;
    QTest::newRow("paper-10-steps") << QStringLiteral("Paper: 10 recursion steps") << 10LL;
    QTest::newRow("fast-demo") << QStringLiteral("Fast demo") << 16LL;
    QTest::newRow("smallest") << QStringLiteral("Smallest model") << 2LL;
}

void SessionTest::presetsGiveTheirNetworkRuns()
{
    QFETCH(QString, name);
    QFETCH(long long, runsPerPrediction);
    const Preset *preset = findPreset(name);
    QVERIFY(preset);
    QCOMPARE(preset->model.networkRunsPerPrediction(), runsPerPrediction);
    TrmConfig config = preset->model;
    config.inputSize = 4;
    config.classCount = 3;
    QVERIFY(config.validate());
    QVERIFY(preset->training.validate());
}

void SessionTest::presetKeepsDataSettings()
{
    RunSettings mine;
    mine.model.inputSize = 8;
    mine.model.classCount = 2;
    mine.training.seed = 42;
    mine.testShare = 0.3;
    mine.validationShare = 0.1;
    mine.model.hiddenSize = 100;

    const RunSettings applied =
        findPreset(QStringLiteral("Paper: 10 recursion steps"))->applyTo(mine);

    QCOMPARE(applied.model.latentSteps, 9);
    QCOMPARE(applied.model.cycles, 1);
    QCOMPARE(applied.model.supervisionSteps, 1);
    QCOMPARE(applied.model.layers, 2);
    QCOMPARE(applied.model.hiddenSize, TrmConfig{}.hiddenSize);
    QCOMPARE(applied.model.inputSize, 8);
    QCOMPARE(applied.model.classCount, 2);
    QCOMPARE(applied.training.seed, std::uint64_t(42));
    QCOMPARE(applied.testShare, 0.3);
    QCOMPARE(applied.validationShare, 0.1);
}

void SessionTest::matchingPresetFollowsEdits()
{
    RunSettings settings;
    QVERIFY(matchingPreset(settings));
    QCOMPARE(matchingPreset(settings)->name, QStringLiteral("TRM default"));
    settings.training.seed = 7; // a data setting: still the preset
    QCOMPARE(matchingPreset(settings)->name, QStringLiteral("TRM default"));
    settings.model.hiddenSize = 33;
    QVERIFY(!matchingPreset(settings));
}

void SessionTest::differenceNamesWhatChanged_data()
{
    QTest::addColumn<int>("hiddenSize");
    QTest::addColumn<int>("latentSteps");
    QTest::addColumn<bool>("halting");
    QTest::addColumn<double>("learningRate");
    QTest::addColumn<QString>("expected");

    QTest::newRow("same-settings") << 32 << 6 << false << 1e-3 << QString();
    QTest::newRow("hidden-and-n") << 64 << 3 << false << 1e-3 << QStringLiteral("hidden 64, n 3");
    QTest::newRow("halting-on") << 32 << 6 << true << 1e-3 << QStringLiteral("halting on");
    QTest::newRow("learning-rate") << 32 << 6 << false << 3e-3 << QStringLiteral("lr 0.003");
}

void SessionTest::differenceNamesWhatChanged()
{
    QFETCH(int, hiddenSize);
    QFETCH(int, latentSteps);
    QFETCH(bool, halting);
    QFETCH(double, learningRate);
    QFETCH(QString, expected);
    const RunSettings before;
    RunSettings after;
    after.model.hiddenSize = hiddenSize;
    after.model.latentSteps = latentSteps;
    after.model.halting = halting;
    after.training.learningRate = learningRate;
    QCOMPARE(describeDifference(before, after), expected);
}

void SessionTest::sessionRoundTrips()
{
    const Dataset iris = loadIris();
    RunSettings settings;
    settings.training.epochs = 4;
    settings.validationShare = 0; // validation metrics are NaN: saved as null
    Result<RunOutcome> run = trainOnDataset(iris, settings);
    QVERIFY2(run.ok(), run.ok() ? "" : qPrintable(run.error().message));

    Session session;
    session.dataPath = iris.sourcePath;
    session.dataSha256 = iris.sha256;
    session.targetColumn = iris.targetName;
    session.settings = settings;
    session.settings.model.hiddenSize = 48; // the panel may differ from the last run
    session.model = run.value().trained;
    session.runs.push_back(
        SessionRun{QStringLiteral("hidden 64, n 3"), settings, run.value().history});
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("lesson.trmsession"));

    // tested action
    QVERIFY(saveSession(session, path));
    Result<Session> loaded = loadSession(path);

    // check result
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
    const Session &back = loaded.value();
    QCOMPARE(QFileInfo(back.dataPath).canonicalFilePath(),
             QFileInfo(iris.sourcePath).canonicalFilePath());
    QCOMPARE(back.dataSha256, iris.sha256);
    QCOMPARE(back.targetColumn, QStringLiteral("species"));
    QCOMPARE(back.settings.model.hiddenSize, 48);
    QCOMPARE(back.settings.training.epochs, 4);
    QCOMPARE(back.settings.validationShare, 0.0);
    QCOMPARE(back.settings.testShare, settings.testShare);
    QCOMPARE(int(back.runs.size()), 1);
    QCOMPARE(back.runs[0].label, QStringLiteral("hidden 64, n 3"));
    QCOMPARE(back.runs[0].history.size(), run.value().history.size());
    for (std::size_t e = 0; e < back.runs[0].history.size(); ++e) {
        const EpochReport &a = back.runs[0].history[e];
        const EpochReport &b = run.value().history[e];
        QCOMPARE(a.epoch, b.epoch);
        QCOMPARE(a.trainLoss, b.trainLoss); // exact: JSON doubles round-trip
        QCOMPARE(a.trainAccuracy, b.trainAccuracy);
        QVERIFY(std::isnan(a.validationLoss));
        QVERIFY(sameMetric(a.validationAccuracy, b.validationAccuracy));
        QCOMPARE(a.improved, b.improved);
    }
    QVERIFY(back.model.has_value());
    QCOMPARE(serializeModel(*back.model), serializeModel(run.value().trained));

    // The rebuilt outcome scores the same test rows as the run did.
    Result<RunOutcome> rebuilt =
        rebuildOutcome(iris, *back.model, back.runs[0].settings, back.runs[0].history);
    QVERIFY2(rebuilt.ok(), rebuilt.ok() ? "" : qPrintable(rebuilt.error().message));
    QCOMPARE(rebuilt.value().split.test, run.value().split.test);
    QCOMPARE(rebuilt.value().test.accuracy, run.value().test.accuracy);
    QVERIFY(rebuilt.value().test.confusion == run.value().test.confusion);
}

void SessionTest::dataPathFallsBackToAbsolute()
{
    QTemporaryDir lesson;
    QTemporaryDir elsewhere;
    const QString dataPath = lesson.filePath(QStringLiteral("table.csv"));
    QVERIFY(QFile::copy(QStringLiteral(TRM_DATASETS "/iris.csv"), dataPath));
    Session session;
    session.dataPath = dataPath;
    session.targetColumn = QStringLiteral("species");
    const QByteArray json = serializeSession(session, lesson.filePath(QStringLiteral("s.json")));
    QCOMPARE(QJsonDocument::fromJson(json)
                 .object()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("path"))
                 .toString(),
             QStringLiteral("table.csv"));

    // Beside the session: the relative path wins.
    const QString copied = elsewhere.filePath(QStringLiteral("table.csv"));
    QVERIFY(QFile::copy(dataPath, copied));
    Result<Session> moved = parseSession(json, elsewhere.filePath(QStringLiteral("s.json")));
    QVERIFY(moved.ok());
    QCOMPARE(moved.value().dataPath, QDir::cleanPath(copied));

    // No such file beside it: the absolute path is used.
    QVERIFY(QFile::remove(copied));
    Result<Session> away = parseSession(json, elsewhere.filePath(QStringLiteral("s.json")));
    QVERIFY(away.ok());
    QCOMPARE(away.value().dataPath, QFileInfo(dataPath).absoluteFilePath());
}

void SessionTest::brokenSessionIsRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expectedInMessage");

    Session session;
    session.dataPath = QStringLiteral("/data/table.csv");
    const QJsonObject good =
        QJsonDocument::fromJson(serializeSession(session, QStringLiteral("/data/s.json"))).object();

    QJsonObject missing = good;
    QJsonObject settings = missing.value(QStringLiteral("settings")).toObject();
    QJsonObject model = settings.value(QStringLiteral("model")).toObject();
    model.remove(QStringLiteral("hidden_size"));
    settings.insert(QStringLiteral("model"), model);
    missing.insert(QStringLiteral("settings"), settings);

    QJsonObject mistyped = good;
    model.insert(QStringLiteral("hidden_size"), 32);
    model.insert(QStringLiteral("layers"), QStringLiteral("two"));
    settings.insert(QStringLiteral("model"), model);
    mistyped.insert(QStringLiteral("settings"), settings);

    QJsonObject newer = good;
    newer.insert(QStringLiteral("version"), 99);

    QJsonObject badModel = good;
    badModel.insert(QStringLiteral("model"), QJsonObject{{QStringLiteral("format"), 1}});

    QTest::newRow("not-json") << QByteArray("{ oops") << QStringLiteral("not a session file");
    QTest::newRow("model-file-not-session")
        << QByteArray("{\"format\": \"trm-studio-model\"}") << QStringLiteral("format is not");
    QTest::newRow("missing-hidden-size") << QJsonDocument(missing).toJson()
                                         << QStringLiteral("settings.model.hidden_size is missing");
    QTest::newRow("layers-as-text") << QJsonDocument(mistyped).toJson()
                                    << QStringLiteral("settings.model.layers must be a whole");
    QTest::newRow("newer-version")
        << QJsonDocument(newer).toJson() << QStringLiteral("version 99 is not supported");
    QTest::newRow("broken-model") << QJsonDocument(badModel).toJson()
                                  << QStringLiteral("lesson.json (model)");
}

void SessionTest::brokenSessionIsRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expectedInMessage);
    const Result<Session> parsed = parseSession(json, QStringLiteral("/lessons/lesson.json"));
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error().message.contains(expectedInMessage),
             qPrintable(parsed.error().message));
    QVERIFY2(parsed.error().message.startsWith(QStringLiteral("/lessons/lesson.json")),
             qPrintable(parsed.error().message));
}

QTEST_GUILESS_MAIN(SessionTest)
#include "tst_session.moc"
