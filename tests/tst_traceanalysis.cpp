// What the explorer computes from a trace over many rows: accuracy per step,
// rows fixed and broken, flips, the 2-D projection, and depth beyond
// training. Hand-built traces give hand-checked numbers; a trained model
// checks that the trace agrees with predict() and with the test evaluation.

#include "commandline.h"
#include "dataset.h"
#include "experiment.h"
#include "modelfile.h"
#include "traceanalysis.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace trm;

namespace {

/// A trace of three rows over three steps with two classes; row r at step s
/// gives class 1 the probability p[s][r].
Trace handTrace()
{
    const double p[3][3] = {
        {0.4, 0.4, 0.4}, // step 0: every row says class 0
        {0.7, 0.3, 0.6}, // step 1: rows 0 and 2 switch to class 1
        {0.8, 0.6, 0.3}, // step 2: row 1 switches to 1, row 2 back to 0
    };
    Trace trace;
    for (int s = 0; s < 3; ++s) {
        TraceStep step;
        step.supervisionStep = s == 0 ? 0 : 1;
        step.cycle = s;
        step.carriedGradient = s == 2;
        step.probabilities.resize(3, 2);
        for (int r = 0; r < 3; ++r)
            step.probabilities.row(r) << 1 - p[s][r], p[s][r];
        trace.steps.push_back(step);
    }
    return trace;
}

Dataset loadBundled(const char *name)
{
    Result<Dataset> data = loadDataset(QStringLiteral(TRM_DATASETS "/") + QLatin1String(name));
    if (!data)
        qFatal("%s", qPrintable(data.error().message));
    return data.value();
}

RunSettings quickSettings()
{
    RunSettings settings;
    settings.model.hiddenSize = 16;
    settings.model.latentSteps = 3;
    settings.model.cycles = 2;
    settings.model.supervisionSteps = 3;
    settings.training.epochs = 25;
    settings.training.warmupSteps = 10;
    settings.training.learningRate = 3e-3;
    return settings;
}

struct CommandRun
{
    int code = -1;
    QString out, err;
    /// The --json line: the last line of standard output.
    QJsonObject json() const
    {
        const QStringList lines = out.trimmed().split(QLatin1Char('\n'));
        return QJsonDocument::fromJson(lines.last().toUtf8()).object();
    }
};

CommandRun runTrm(const QStringList &arguments)
{
    CommandRun run;
    QTextStream out(&run.out), err(&run.err);
    run.code = runCommandLine(QStringList{QStringLiteral("trm")} + arguments, out, err, nullptr);
    return run;
}

} // namespace

class TraceAnalysisTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void predictionsAndAccuracyPerStep();
    void fixedAndBrokenRows_data();
    void fixedAndBrokenRows();
    void marginOfProbabilities_data();
    void marginOfProbabilities();
    void projectionFindsTheAxesOfLargestVariance();
    void projectionNeedsAnswerStates();
    void trainedModelTraceAgreesWithPrediction();
    void depthBeyondTraining();
    void setAnalysisSamplesTheProjection();
    void commandLineStepsMatchTheTrace_data();
    void commandLineStepsMatchTheTrace();
    void commandLineStepsNeedLabels();
};

void TraceAnalysisTest::predictionsAndAccuracyPerStep()
{
    const Eigen::MatrixXi predictions = stepPredictions(handTrace());
    Eigen::MatrixXi expected(3, 3);
    expected << 0, 0, 0, //
        1, 0, 1,         //
        1, 1, 0;
    QCOMPARE(predictions, expected);

    // True classes 1, 1, 0: step 0 gets row 2 right (1/3), step 1 row 0 (1/3),
    // step 2 all three.
    const std::vector<double> accuracy = accuracyPerStep(predictions, {1, 1, 0});
    QCOMPARE(accuracy.size(), std::size_t(3));
    QCOMPARE(accuracy[0], 1.0 / 3);
    QCOMPARE(accuracy[1], 1.0 / 3);
    QCOMPARE(accuracy[2], 1.0);

    QCOMPARE(flipsPerRow(predictions), (std::vector<int>{1, 1, 2}));
    QCOMPARE(flipSteps(predictions, 2), (std::vector<int>{1, 2}));
    QCOMPARE(flipSteps(predictions, 1), (std::vector<int>{2}));

    const Evaluation atStep1 = evaluationAtStep(predictions, {1, 1, 0}, 1, 2);
    Eigen::MatrixXi confusion(2, 2);
    confusion << 0, 1, // true 0: predicted 1
        1, 1;          // true 1: one predicted 0, one predicted 1
    QCOMPARE(atStep1.confusion, confusion);
}

void TraceAnalysisTest::fixedAndBrokenRows_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<std::vector<int>>("fixed");
    QTest::addColumn<std::vector<int>>("broken");
    // Labels 1, 1, 0 against the hand trace's predictions.
    QTest::newRow("prior-changes-nothing") << 0 << std::vector<int>{} << std::vector<int>{};
    QTest::newRow("step-1-fixes-row-0-breaks-row-2")
        << 1 << std::vector<int>{0} << std::vector<int>{2};
    QTest::newRow("step-2-fixes-rows-1-and-2") << 2 << std::vector<int>{1, 2} << std::vector<int>{};
    QTest::newRow("beyond-the-last-step") << 3 << std::vector<int>{} << std::vector<int>{};
}

void TraceAnalysisTest::fixedAndBrokenRows()
{
    QFETCH(int, step);
    QFETCH(std::vector<int>, fixed);
    QFETCH(std::vector<int>, broken);
    const StepChanges changes = changesAtStep(stepPredictions(handTrace()), {1, 1, 0}, step);
    QCOMPARE(changes.fixed, fixed);
    QCOMPARE(changes.broken, broken);
}

void TraceAnalysisTest::marginOfProbabilities_data()
{
    QTest::addColumn<Eigen::RowVectorXd>("probabilities");
    QTest::addColumn<double>("margin");
    Eigen::RowVectorXd three(3), tie(2), certain(2);
    three << 0.2, 0.5, 0.3;
    tie << 0.5, 0.5;
    certain << 0.0, 1.0;
    QTest::newRow("three-classes") << three << 0.2;
    QTest::newRow("tie") << tie << 0.0;
    QTest::newRow("certain") << certain << 1.0;
}

void TraceAnalysisTest::marginOfProbabilities()
{
    QFETCH(Eigen::RowVectorXd, probabilities);
    QFETCH(double, margin);
    QVERIFY(std::abs(probabilityMargin(probabilities) - margin) < 1e-15);
}

void TraceAnalysisTest::projectionFindsTheAxesOfLargestVariance()
{
    // Two steps of two rows in D = 3, centred on (1, 1, 1): along the first
    // axis the states sit at +-2, along the second at +-1, the third is flat.
    // Over the four states: variance 8/4 = 2 and 2/4 = 0.5, total 2.5.
    Trace trace;
    trace.steps.resize(2);
    trace.steps[0].answerStates.resize(2, 3);
    trace.steps[0].answerStates << 3, 1, 1, //
        -1, 1, 1;
    trace.steps[1].answerStates.resize(2, 3);
    trace.steps[1].answerStates << 1, 2, 1, //
        1, 0, 1;
    const Result<StateProjection> fitted = fitStateProjection(trace);
    QVERIFY(fitted.ok());
    const StateProjection &projection = fitted.value();
    QVERIFY((projection.mean - Eigen::RowVector3d(1, 1, 1)).norm() < 1e-12);
    QVERIFY(std::abs(projection.variance(0) - 2.0) < 1e-12);
    QVERIFY(std::abs(projection.variance(1) - 0.5) < 1e-12);
    QVERIFY(std::abs(projection.totalVariance - 2.5) < 1e-12);
    QVERIFY(std::abs(projection.explainedShare() - 1.0) < 1e-12);
    // Signs are fixed so that each axis's largest component is positive.
    QVERIFY((projection.axes.col(0) - Eigen::Vector3d(1, 0, 0)).norm() < 1e-12);
    QVERIFY((projection.axes.col(1) - Eigen::Vector3d(0, 1, 0)).norm() < 1e-12);
    const Eigen::MatrixXd projected = projection.project(trace.steps[0].answerStates);
    QVERIFY(std::abs(projected(0, 0) - 2.0) < 1e-12);
    QVERIFY(std::abs(projected(1, 0) + 2.0) < 1e-12);
    QVERIFY(std::abs(projected(0, 1)) < 1e-12);
}

void TraceAnalysisTest::projectionNeedsAnswerStates()
{
    const Result<StateProjection> fitted = fitStateProjection(handTrace());
    QVERIFY(!fitted.ok());
    QVERIFY2(fitted.error().message.contains(QStringLiteral("answer states")),
             qPrintable(fitted.error().message));
}

void TraceAnalysisTest::trainedModelTraceAgreesWithPrediction()
{
    const Dataset iris = loadBundled("iris.csv");
    Result<RunOutcome> run = trainOnDataset(iris, quickSettings());
    QVERIFY(run.ok());
    const RunOutcome &outcome = run.value();
    const TrainedModel &model = outcome.trained;
    const Eigen::MatrixXd rows = selectRows(iris.features, outcome.split.test);
    const std::vector<int> labels = selectLabels(iris.labels, outcome.split.test);

    const Trace trace = traceWithStates(model, rows);
    const TrmConfig &config = model.model.config();
    QCOMPARE(int(trace.steps.size()), 1 + config.cycles * config.supervisionSteps);

    // The last step is what predict() returns: the same computation in float,
    // so the probabilities agree to the last bit of the float softmax.
    const Eigen::MatrixXd probabilities = model.probabilities(rows);
    QVERIFY((trace.steps.back().probabilities - probabilities).cwiseAbs().maxCoeff() < 1e-7);
    const Eigen::MatrixXi predictions = stepPredictions(trace);
    const std::vector<int> predicted = model.predict(rows);
    for (int r = 0; r < int(rows.rows()); ++r)
        QCOMPARE(predictions(predictions.rows() - 1, r), predicted[std::size_t(r)]);

    // Step 0 decodes y_init, before any row is read: identical for every row.
    const Eigen::MatrixXd &prior = trace.steps.front().probabilities;
    for (int r = 1; r < int(prior.rows()); ++r)
        QCOMPARE(Eigen::RowVectorXd(prior.row(r)), Eigen::RowVectorXd(prior.row(0)));

    // At the trained depth the last step's accuracy is the test evaluation's.
    const std::vector<double> accuracy = accuracyPerStep(predictions, labels);
    QCOMPARE(accuracy.back(), outcome.test.accuracy);
    const Evaluation last =
        evaluationAtStep(predictions, labels, int(predictions.rows()) - 1, iris.classCount());
    QCOMPARE(last.confusion, outcome.test.confusion);

    // Recording the states changes none of the other numbers.
    const Trace plain = model.trace(rows);
    for (std::size_t s = 0; s < trace.steps.size(); ++s) {
        QCOMPARE(plain.steps[s].answerStates.size(), Eigen::Index(0));
        QCOMPARE(trace.steps[s].answerStates.rows(), rows.rows());
        QCOMPARE(trace.steps[s].answerStates.cols(), Eigen::Index(config.hiddenSize));
        QCOMPARE(trace.steps[s].probabilities, plain.steps[s].probabilities);
        QCOMPARE(trace.steps[s].answerChange, plain.steps[s].answerChange);
    }
    // The states are the answers: |y_t - y_(t-1)| from them matches answerChange.
    const Eigen::VectorXd moved =
        (trace.steps[2].answerStates - trace.steps[1].answerStates).rowwise().norm();
    QVERIFY((moved - trace.steps[2].answerChange).cwiseAbs().maxCoeff() < 1e-5);
}

void TraceAnalysisTest::depthBeyondTraining()
{
    const Dataset iris = loadBundled("iris.csv");
    Result<RunOutcome> run = trainOnDataset(iris, quickSettings());
    QVERIFY(run.ok());
    const RunOutcome &outcome = run.value();
    const TrainedModel &model = outcome.trained;
    const Eigen::MatrixXd rows = selectRows(iris.features, outcome.split.test);
    const std::vector<int> labels = selectLabels(iris.labels, outcome.split.test);
    const int trained = model.model.config().cycles;

    const std::vector<DepthPoint> points = accuracyByDepth(model, rows, labels, 2 * trained);
    QCOMPARE(int(points.size()), 2 * trained);
    for (int i = 0; i < int(points.size()); ++i) {
        QCOMPARE(points[std::size_t(i)].cycles, i + 1);
        QCOMPARE(points[std::size_t(i)].answerUpdates,
                 (i + 1) * model.model.config().supervisionSteps);
        QVERIFY(points[std::size_t(i)].accuracy >= 0 && points[std::size_t(i)].accuracy <= 1);
    }
    QCOMPARE(points[std::size_t(trained - 1)].accuracy, outcome.test.accuracy);

    // A deeper trace's per-step accuracy ends at the deeper point's accuracy.
    Depth deeper;
    deeper.cycles = 2 * trained;
    const Trace trace = model.trace(rows, deeper);
    QCOMPARE(int(trace.steps.size()), 1 + points.back().answerUpdates);
    QCOMPARE(accuracyPerStep(stepPredictions(trace), labels).back(), points.back().accuracy);

    QVERIFY(accuracyByDepth(model, rows, {}, 3).empty());
}

void TraceAnalysisTest::setAnalysisSamplesTheProjection()
{
    const Dataset iris = loadBundled("iris.csv");
    Result<RunOutcome> run = trainOnDataset(iris, quickSettings());
    QVERIFY(run.ok());
    const TrainedModel &model = run.value().trained;
    const Eigen::MatrixXd rows = iris.features.topRows(10);
    const std::vector<int> labels(iris.labels.begin(), iris.labels.begin() + 10);

    // Ten rows, four projected: i * 10 / 4 for i = 0..3.
    const std::optional<SetAnalysis> analysis = analyseSet(model, rows, labels, 4);
    QVERIFY(analysis.has_value());
    QCOMPARE(analysis->projectedRows, (std::vector<int>{0, 2, 5, 7}));
    const Trace full = traceWithStates(model, rows);
    QCOMPARE(analysis->trace.steps.size(), full.steps.size());
    for (std::size_t s = 0; s < full.steps.size(); ++s)
        QCOMPARE(analysis->trace.steps[s].probabilities, full.steps[s].probabilities);
    QCOMPARE(analysis->predictions, stepPredictions(full));
    QCOMPARE(analysis->accuracy, accuracyPerStep(stepPredictions(full), labels));
    const int trained = model.model.config().cycles;
    QCOMPARE(int(analysis->depth.size()), 2 * trained);

    // Each projected point is its row's state in the fitted plane. The sample
    // is traced as a batch of its own, and a float matrix product of another
    // size may round differently, hence a float-sized tolerance.
    QVERIFY(analysis->projection.has_value());
    QCOMPARE(analysis->positions.size(), full.steps.size());
    for (std::size_t s = 0; s < full.steps.size(); ++s) {
        QCOMPARE(analysis->positions[s].rows(), Eigen::Index(4));
        for (int i = 0; i < 4; ++i) {
            const Eigen::MatrixXd state =
                full.steps[s].answerStates.row(analysis->projectedRows[std::size_t(i)]);
            const Eigen::MatrixXd expected = analysis->projection->project(state);
            QVERIFY((analysis->positions[s].row(i) - expected.row(0)).cwiseAbs().maxCoeff() <
                    1e-4);
        }
    }

    // A cap above the row count projects every row; a cancelled analysis gives nothing.
    QCOMPARE(analyseSet(model, rows, labels, 50)->projectedRows.size(), std::size_t(10));
    QVERIFY(!analyseSet(model, rows, labels, 4, [] { return true; }).has_value());
}

void TraceAnalysisTest::commandLineStepsMatchTheTrace_data()
{
    QTest::addColumn<int>("cycles");
    QTest::newRow("as-trained") << 0;
    QTest::newRow("shallower-1-cycle") << 1;
    QTest::newRow("deeper-4-cycles") << 4;
}

void TraceAnalysisTest::commandLineStepsMatchTheTrace()
{
    QFETCH(int, cycles);
    const QString irisPath = QStringLiteral(TRM_DATASETS "/iris.csv");
    const Dataset iris = loadBundled("iris.csv");
    Result<RunOutcome> run = trainOnDataset(iris, quickSettings());
    QVERIFY(run.ok());
    QTemporaryDir dir;
    const QString modelPath = dir.filePath(QStringLiteral("iris.json"));
    QVERIFY(saveModel(run.value().trained, modelPath).ok());
    const Result<TrainedModel> model = loadModel(modelPath);
    QVERIFY(model.ok());

    QStringList arguments{QStringLiteral("trace"), modelPath, irisPath, QStringLiteral("--steps"),
                          QStringLiteral("--json")};
    if (cycles > 0)
        arguments << QStringLiteral("--cycles") << QString::number(cycles);
    const CommandRun result = runTrm(arguments);
    QVERIFY2(result.code == 0, qPrintable(result.err));
    const QJsonObject json = result.json();

    Depth depth;
    depth.cycles = cycles;
    const Trace trace = model.value().trace(iris.features, depth);
    const std::vector<double> expected = accuracyPerStep(stepPredictions(trace), iris.labels);
    const QJsonArray accuracy = json.value(QStringLiteral("accuracy")).toArray();
    QCOMPARE(accuracy.size(), qsizetype(expected.size()));
    const int used = cycles > 0 ? cycles : model.value().model.config().cycles;
    QCOMPARE(json.value(QStringLiteral("cycles")).toInt(), used);
    QCOMPARE(int(expected.size()), 1 + used * model.value().model.config().supervisionSteps);
    for (qsizetype s = 0; s < accuracy.size(); ++s)
        QCOMPARE(accuracy.at(s).toDouble(), expected[std::size_t(s)]);

    // At the trained depth the last step is `trm evaluate`'s accuracy.
    if (cycles == 0) {
        const CommandRun evaluated =
            runTrm({QStringLiteral("evaluate"), modelPath, irisPath, QStringLiteral("--json")});
        QCOMPARE(json.value(QStringLiteral("final_accuracy")).toDouble(),
                 evaluated.json().value(QStringLiteral("accuracy")).toDouble());
    }
}

void TraceAnalysisTest::commandLineStepsNeedLabels()
{
    const Dataset iris = loadBundled("iris.csv");
    Result<RunOutcome> run = trainOnDataset(iris, quickSettings());
    QVERIFY(run.ok());
    QTemporaryDir dir;
    const QString modelPath = dir.filePath(QStringLiteral("iris.json"));
    QVERIFY(saveModel(run.value().trained, modelPath).ok());
    // The features without the class column.
    const QString unlabelled = dir.filePath(QStringLiteral("unlabelled.csv"));
    QFile file(unlabelled);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(iris.featureNames.join(QLatin1Char(',')).toUtf8() + "\n5.1,3.5,1.4,0.2\n");
    file.close();

    const CommandRun steps =
        runTrm({QStringLiteral("trace"), modelPath, unlabelled, QStringLiteral("--steps")});
    QCOMPARE(steps.code, 2);
    QVERIFY2(steps.err.contains(QStringLiteral("no column 'species'")), qPrintable(steps.err));

    const CommandRun both =
        runTrm({QStringLiteral("trace"), modelPath, unlabelled, QStringLiteral("--steps"),
                QStringLiteral("--row"), QStringLiteral("1")});
    QCOMPARE(both.code, 2);
    const CommandRun zero =
        runTrm({QStringLiteral("trace"), modelPath, unlabelled, QStringLiteral("--row"),
                QStringLiteral("1"), QStringLiteral("--cycles"), QStringLiteral("0")});
    QCOMPARE(zero.code, 2);
    QVERIFY2(zero.err.contains(QStringLiteral("--cycles")), qPrintable(zero.err));

    // Without labels a single row still traces, deeper when asked.
    const CommandRun row =
        runTrm({QStringLiteral("trace"), modelPath, unlabelled, QStringLiteral("--row"),
                QStringLiteral("1"), QStringLiteral("--cycles"), QStringLiteral("5"),
                QStringLiteral("--json")});
    QVERIFY2(row.code == 0, qPrintable(row.err));
    QCOMPARE(row.json().value(QStringLiteral("trace")).toArray().size(),
             1 + 5 * run.value().trained.model.config().supervisionSteps);
}

QTEST_GUILESS_MAIN(TraceAnalysisTest)
#include "tst_traceanalysis.moc"
