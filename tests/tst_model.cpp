// The forward pass and its trace: a hand-computed example, and the properties
// every trace must have.

#include "trmmodel.h"

#include <QTest>

#include <cmath>

using namespace trm;
using MatD = Eigen::MatrixXd;

namespace {

/// d = 1, D = 2, L = 1, E = 2, K = 2, n = 1, T = 1, N_sup = 1, weights small
/// enough to follow on paper.
TrmModel<double> paperModel()
{
    TrmConfig config;
    config.inputSize = 1;
    config.classCount = 2;
    config.hiddenSize = 2;
    config.layers = 1;
    config.expansion = 1;
    config.latentSteps = 1;
    config.cycles = 1;
    config.supervisionSteps = 1;
    TrmWeights<double> w = TrmWeights<double>::zeros(config);
    w.inputWeight << 1.0, -2.0;
    w.inputBias << 0.1, 0.2;
    w.blocks[0].gateUp << 0.5, -0.5, 1.0, 0.0,  // [W_gate | W_up], W_up = identity
        1.0, 0.25, 0.0, 1.0;
    w.blocks[0].down << 1.0, 0.0, 0.5, -1.0;
    w.outputWeight << 1.0, -1.0, 2.0, 0.5;
    w.outputBias << 0.0, 0.1;
    w.haltWeight << 0.3, -0.2;
    w.haltBias << -5.0;
    w.yInit << 1.0, 0.0;
    w.zInit << 0.0, 1.0;
    return TrmModel<double>(config, w);
}

TrmModel<double> randomModel(int classes, int features, std::uint64_t seed)
{
    TrmConfig config;
    config.inputSize = features;
    config.classCount = classes;
    config.hiddenSize = 8;
    config.latentSteps = 2;
    config.cycles = 2;
    config.supervisionSteps = 3;
    TrmModel<double> model = TrmModel<double>::initialise(config, seed);
    // A non-zero halting head, so the trace's halting column varies by row.
    model.weights().haltWeight.setConstant(0.5);
    return model;
}

MatD randomRows(int rows, int features)
{
    MatD m(rows, features);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < features; ++c)
            m(r, c) = std::sin(1.7 * r + 0.3 * c + 0.1);
    return m;
}

} // namespace

class ModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void handComputedForwardPass();
    void parameterCountMatchesWeights();
    void traceProperties_data();
    void traceProperties();
    void deeperRecursionRunsMoreSteps();
    void initialisationIsSeeded();
};

void ModelTest::handComputedForwardPass()
{
    // For X = [0.5]:
    //   x = X W_in + b_in                          = [0.6, -0.8]
    //   latent step, input z0 + y0 + x = [1.6, 0.2]:
    //     a = [1.0, -0.75], b = [1.6, 0.2], s = silu(a) * b = [1.169694, -0.048123]
    //     u = input + s W_down = [2.745632, 0.248123], rms = 1.949369
    //     z1 = u / rms                             = [1.408472, 0.127284]
    //   answer step, input y0 + z1 = [2.408472, 0.127284]:
    //     y1                                       = [1.413444, 0.046628]
    //   logits = y1 W_out + b_out                  = [1.506701, -1.290130]
    //   p = softmax(logits)                        = [0.942504, 0.057496]
    //   halting = sigmoid(y1 w_halt - 5)           = 0.010098
    // (rms includes the 1e-5 of the norm.) Values from an independent
    // scalar computation to 15 digits.
    const TrmModel<double> model = paperModel();
    MatD row(1, 1);
    row << 0.5;
    const MatD p = model.probabilities(row);
    QVERIFY(std::abs(p(0, 0) - 0.942504323893742) < 1e-12);
    QVERIFY(std::abs(p(0, 1) - 0.05749567610625815) < 1e-12);

    const Trace trace = model.trace(row);
    QCOMPARE(trace.steps.size(), std::size_t(2));
    QVERIFY(std::abs(trace.steps[1].halting(0) - 0.01009776113354681) < 1e-12);
    // Step 0 decodes y_init = [1, 0]: logits [1, -0.9].
    const double prior = 1.0 / (1.0 + std::exp(-1.9));
    QVERIFY(std::abs(trace.steps[0].probabilities(0, 0) - prior) < 1e-12);
    // |y1 - y0| and |z1 - z0|
    QVERIFY(std::abs(trace.steps[1].answerChange(0)
                     - std::hypot(1.413444072445568 - 1.0, 0.04662841018828325))
            < 1e-12);
    QVERIFY(std::abs(trace.steps[1].latentChange(0)
                     - std::hypot(1.4084720664626662, 0.1272838359436082 - 1.0))
            < 1e-12);
}

void ModelTest::parameterCountMatchesWeights()
{
    const TrmModel<double> model = randomModel(3, 5, 1);
    long long counted = 0;
    model.weights().forEachTrained([&](const MatD &m) { counted += m.size(); });
    QCOMPARE(model.config().parameterCount(), counted);
    // d = 5, D = 8, E = 16, K = 3, L = 2: 5*8+8 + 2*(8*32+16*8) + 8*3+3 + 8+1
    QCOMPARE(counted, 48LL + 768 + 27 + 9);
}

void ModelTest::traceProperties_data()
{
    QTest::addColumn<int>("classes");
    QTest::newRow("two-classes") << 2;
    QTest::newRow("twelve-classes") << 12;
}

void ModelTest::traceProperties()
{
    QFETCH(int, classes);
    const TrmModel<double> model = randomModel(classes, 4, 3);
    const MatD rows = randomRows(7, 4);
    const Trace trace = model.trace(rows);
    const TrmConfig &config = model.config();

    QCOMPARE(int(trace.steps.size()), 1 + config.cycles * config.supervisionSteps);
    // Step 0 is the prior guess: the same for every row.
    const MatD &prior = trace.steps[0].probabilities;
    for (int r = 1; r < prior.rows(); ++r)
        QVERIFY((prior.row(r) - prior.row(0)).cwiseAbs().maxCoeff() == 0.0);
    // The last step is the prediction.
    const MatD p = model.probabilities(rows);
    QVERIFY((trace.steps.back().probabilities - p).cwiseAbs().maxCoeff() < 1e-12);
    for (std::size_t i = 1; i < trace.steps.size(); ++i) {
        const TraceStep &step = trace.steps[i];
        QCOMPARE(step.supervisionStep, int(1 + (i - 1) / std::size_t(config.cycles)));
        QCOMPARE(step.cycle, int(1 + (i - 1) % std::size_t(config.cycles)));
        QCOMPARE(step.carriedGradient, step.cycle == config.cycles);
        QVERIFY((step.probabilities.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
        QVERIFY(step.answerChange.minCoeff() > 0);
        QVERIFY(step.latentChange.minCoeff() > 0);
        QVERIFY(step.answerResidual.minCoeff() > 0);
        QVERIFY(step.halting.minCoeff() > 0 && step.halting.maxCoeff() < 1);
    }
}

void ModelTest::deeperRecursionRunsMoreSteps()
{
    const TrmModel<double> model = randomModel(3, 4, 5);
    const MatD rows = randomRows(3, 4);
    Depth deeper;
    deeper.cycles = 2 * model.config().cycles;
    const Trace trace = model.trace(rows, deeper);
    QCOMPARE(int(trace.steps.size()), 1 + deeper.cycles * model.config().supervisionSteps);
    // The trained position keeps its mark: cycle T of each supervision step.
    for (std::size_t i = 1; i < trace.steps.size(); ++i)
        QCOMPARE(trace.steps[i].carriedGradient, trace.steps[i].cycle == model.config().cycles);
    // The first cycle of the deeper run is the first cycle of the trained depth.
    const Trace trained = model.trace(rows);
    QVERIFY((trace.steps[1].probabilities - trained.steps[1].probabilities).cwiseAbs().maxCoeff()
            < 1e-15);
}

void ModelTest::initialisationIsSeeded()
{
    const TrmModel<double> a = randomModel(3, 4, 11), b = randomModel(3, 4, 11),
                           c = randomModel(3, 4, 12);
    QVERIFY(a.weights().blocks[1].down == b.weights().blocks[1].down);
    QVERIFY(a.weights().yInit == b.weights().yInit);
    QVERIFY(a.weights().blocks[1].down != c.weights().blocks[1].down);
    // Truncated normal: nothing beyond two standard deviations of its layer.
    const double std = 1.0 / std::sqrt(8.0);
    QVERIFY(a.weights().blocks[0].gateUp.cwiseAbs().maxCoeff() <= 2 * std);
    QCOMPARE(a.weights().haltBias(0, 0), -5.0);
    QVERIFY(a.weights().haltWeight.isZero() == false);  // set by randomModel
}

QTEST_APPLESS_MAIN(ModelTest)
#include "tst_model.moc"
