// Training end to end on the bundled data: accuracy, determinism, early
// stopping, stopping on request and on a non-finite loss.

#include "dataset.h"
#include "experiment.h"
#include "modelfile.h"
#include "trainer.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace trm;

namespace {

Dataset loadBundled(const char *name)
{
    Result<Dataset> data = loadDataset(QStringLiteral(TRM_DATASETS "/") + QLatin1String(name));
    if (!data)
        qFatal("%s", qPrintable(data.error().message));
    return data.value();
}

} // namespace

class TrainingTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultRunLearnsIris();
    void sameSeedGivesIdenticalModelFile();
    void earlyStoppingRestoresBestEpoch();
    void callbackStopsRunAndKeepsModel();
    void haltingTrainsToo();
    void nonFiniteLossStopsWithMessage();
    void featureConstantInTrainingIsIgnored();
    void crossValidationCoversEveryFold();
    void invalidSettingsAreRefused_data();
    void invalidSettingsAreRefused();
};

void TrainingTest::defaultRunLearnsIris()
{
    const Dataset iris = loadBundled("iris.csv");
    Result<RunOutcome> outcome = trainOnDataset(iris, RunSettings{});
    QVERIFY2(outcome.ok(), outcome.ok() ? "" : qPrintable(outcome.error().message));
    const RunOutcome &run = outcome.value();
    QCOMPARE(run.split.test.size(), std::size_t(30));
    QCOMPARE(run.test.rowCount(), 30);
    QVERIFY2(run.test.accuracy >= 0.93, qPrintable(QString::number(run.test.accuracy)));
    QVERIFY(run.history.front().trainLoss > run.history.back().trainLoss);
    QCOMPARE(run.trained.provenance.testAccuracy, run.test.accuracy);
    QCOMPARE(run.trained.provenance.dataFile, QStringLiteral("iris.csv"));
}

void TrainingTest::sameSeedGivesIdenticalModelFile()
{
    const Dataset iris = loadBundled("iris.csv");
    RunSettings settings;
    settings.training.epochs = 15;
    const QByteArray first = serializeModel(trainOnDataset(iris, settings).value().trained);
    const QByteArray second = serializeModel(trainOnDataset(iris, settings).value().trained);
    QCOMPARE(first, second);
    settings.training.seed = 2;
    const QByteArray other = serializeModel(trainOnDataset(iris, settings).value().trained);
    QVERIFY(first != other);
}

void TrainingTest::earlyStoppingRestoresBestEpoch()
{
    const Dataset diabetes = loadBundled("diabetes.csv");
    RunSettings settings;
    settings.training.patience = 5;
    const RunOutcome run = trainOnDataset(diabetes, settings).value();
    QVERIFY(run.stoppedEarly);
    const int epochs = int(run.history.size());
    QCOMPARE(run.trained.provenance.epochsRun, epochs);
    int best = 0;
    for (int i = 1; i < epochs; ++i)
        if (run.history[std::size_t(i)].validationLoss <
            run.history[std::size_t(best)].validationLoss)
            best = i;
    QCOMPARE(run.trained.provenance.bestEpoch, best + 1);
    QCOMPARE(epochs - (best + 1), 5);
    QVERIFY(run.history[std::size_t(best)].improved);
}

void TrainingTest::callbackStopsRunAndKeepsModel()
{
    const Dataset iris = loadBundled("iris.csv");
    int seen = 0;
    Result<RunOutcome> outcome =
        trainOnDataset(iris, RunSettings{}, [&](const EpochReport &) { return ++seen < 3; });
    QVERIFY(outcome.ok());
    QVERIFY(outcome.value().cancelled);
    QCOMPARE(outcome.value().history.size(), std::size_t(3));
    QCOMPARE(outcome.value().test.rowCount(), 30);
    const std::vector<int> predicted = outcome.value().trained.predict(iris.features);
    QCOMPARE(predicted.size(), std::size_t(150));
}

void TrainingTest::haltingTrainsToo()
{
    const Dataset iris = loadBundled("iris.csv");
    RunSettings settings;
    settings.model.halting = true;
    const RunOutcome run = trainOnDataset(iris, settings).value();
    QVERIFY2(run.test.accuracy >= 0.85, qPrintable(QString::number(run.test.accuracy)));
}

void TrainingTest::nonFiniteLossStopsWithMessage()
{
    TrmConfig config;
    config.inputSize = 2;
    config.classCount = 2;
    Eigen::MatrixXd features(4, 2);
    features << 0, 1, 1, 0, std::numeric_limits<double>::infinity(), 1, 1, 1;
    Trainer trainer(config, TrainingOptions{}, features, {0, 1, 0, 1}, features, {0, 1, 0, 1});
    Result<EpochReport> report = trainer.runEpoch();
    QVERIFY(!report.ok());
    QVERIFY2(report.error().message.contains(QStringLiteral("learning rate")),
             qPrintable(report.error().message));
    QVERIFY(trainer.finished());
    // The kept weights are the initial ones, still finite.
    bool finite = true;
    trainer.bestModel().weights().forEachTrained(
        [&](const Eigen::MatrixXf &m) { finite = finite && m.allFinite(); });
    QVERIFY(finite);
}

void TrainingTest::featureConstantInTrainingIsIgnored()
{
    // Column 2 is 0 on every training row, like the one-hot column of a category
    // that only test rows hold; whatever value it takes later must not move the
    // prediction.
    TrmConfig config;
    config.inputSize = 3;
    config.classCount = 2;
    Eigen::MatrixXd features(40, 3);
    std::vector<int> labels;
    for (int i = 0; i < 40; ++i) {
        const int label = i % 2;
        features.row(i) << (label ? 1.0 : -1.0) + 0.1 * (i % 5), 0.05 * (i % 7), 0.0;
        labels.push_back(label);
    }
    TrainingOptions options;
    options.epochs = 5;
    Trainer trainer(config, options, features, labels, features, labels);
    while (!trainer.finished())
        QVERIFY(trainer.runEpoch().ok());

    const TrmModel<float> &model = trainer.bestModel();
    QVERIFY(model.weights().inputWeight.row(2).isZero(0));
    QVERIFY(!model.weights().inputWeight.row(0).isZero(0));
    Eigen::MatrixXf rows = features.topRows(4).cast<float>();
    const Eigen::MatrixXf before = model.probabilities(rows);
    rows.col(2).setConstant(1.0f);
    QCOMPARE(model.probabilities(rows), before);
}

void TrainingTest::crossValidationCoversEveryFold()
{
    const Dataset iris = loadBundled("iris.csv");
    RunSettings settings;
    settings.training.epochs = 3;
    std::vector<FoldProgress> calls;
    Result<CrossValidation> cv = crossValidate(iris, settings, 3, 2, [&](const FoldProgress &at) {
        calls.push_back(at);
        return true;
    });
    // Three epochs then the finished model, for each of the 3 x 2 models.
    QCOMPARE(calls.size(), std::size_t(6 * 4));
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const int model = int(i / 4), step = int(i % 4);
        QCOMPARE(calls[i].total, 6);
        QCOMPARE(calls[i].epochs, 3);
        QCOMPARE(calls[i].epoch, step < 3 ? step + 1 : 0);
        QCOMPARE(calls[i].done, step < 3 ? model : model + 1);
    }
    QVERIFY(cv.ok());
    QCOMPARE(cv.value().folds.size(), std::size_t(6));
    int rows = 0;
    for (const Evaluation &fold : cv.value().folds)
        rows += fold.rowCount();
    QCOMPARE(rows, 2 * 150);
    QVERIFY(cv.value().summary.accuracy.std >= 0);

    // Saying no stops it, with an error that says so.
    int seen = 0;
    const Result<CrossValidation> stopped =
        crossValidate(iris, settings, 3, 2, [&](const FoldProgress &) { return ++seen < 5; });
    QVERIFY(!stopped.ok());
    QCOMPARE(stopped.error().message, QStringLiteral("cross-validation cancelled"));
    QCOMPARE(seen, 5);
}

void TrainingTest::invalidSettingsAreRefused_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::newRow("zero-hidden-size") << "hidden"
                                      << "hidden size";
    QTest::newRow("zero-latent-steps") << "latent"
                                       << "latent steps";
    QTest::newRow("negative-learning-rate") << "lr"
                                            << "learning rate";
    QTest::newRow("test-share-one") << "test"
                                    << "test share";
    QTest::newRow("recursion-too-deep") << "deep"
                                        << "at most 20000";
}

void TrainingTest::invalidSettingsAreRefused()
{
    QFETCH(QString, field);
    QFETCH(QString, message);
    const Dataset iris = loadBundled("iris.csv");
    RunSettings settings;
    if (field == QLatin1String("hidden"))
        settings.model.hiddenSize = 0;
    else if (field == QLatin1String("latent"))
        settings.model.latentSteps = 0;
    else if (field == QLatin1String("lr"))
        settings.training.learningRate = -1;
    else if (field == QLatin1String("deep")) {
        settings.model.cycles = 100;
        settings.model.latentSteps = 20;
        settings.model.supervisionSteps = 10;
    } else
        settings.testShare = 1.0;
    Result<TrainingRun> run = TrainingRun::start(iris, settings);
    QVERIFY(!run.ok());
    QVERIFY2(run.error().message.contains(message), qPrintable(run.error().message));
}

QTEST_GUILESS_MAIN(TrainingTest)
#include "tst_training.moc"
