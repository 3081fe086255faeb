// Every trained parameter's gradient from the hand-written backward pass,
// checked against central finite differences of the loss in double precision.

#include "random.h"
#include "trainer.h"
#include "trmmodel.h"

#include <QTest>

#include <cmath>

using namespace trm;
using MatD = Eigen::MatrixXd;

namespace {

struct Problem
{
    TrmModel<double> model;
    MatD features;
    std::vector<int> labels;
    MatD y0, z0;
};

/// A tiny model with every weight random (the halting head too, so that its
/// gradient path into y is exercised) and carried states that differ per row.
Problem makeProblem(const TrmConfig &config, int rows, std::uint64_t seed)
{
    Problem p;
    p.model = TrmModel<double>::initialise(config, seed);
    Random random(seed + 1);
    auto fill = [&random](MatD &m, double scale) {
        for (Eigen::Index i = 0; i < m.size(); ++i)
            m.data()[i] = scale * random.normal();
    };
    p.model.weights().forEachTrained([&](MatD &m) { fill(m, 0.5); });
    p.features.resize(rows, config.inputSize);
    fill(p.features, 1.0);
    for (int r = 0; r < rows; ++r)
        p.labels.push_back(int(random.below(std::uint64_t(config.classCount))));
    p.y0 = p.model.weights().yInit.replicate(rows, 1);
    p.z0 = p.model.weights().zInit.replicate(rows, 1);
    MatD noise(rows, config.hiddenSize);
    fill(noise, 0.3);
    p.y0 += noise;
    fill(noise, 0.3);
    p.z0 += noise;
    return p;
}

double lossAt(const Problem &p, const TrmModel<double> &model)
{
    MatD y = p.y0, z = p.z0;
    return supervisionStep<double>(model, p.features, p.labels, y, z).loss;
}

} // namespace

class GradientTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesFiniteDifferences_data();
    void matchesFiniteDifferences();
    void carriesStatesForward();
};

void GradientTest::matchesFiniteDifferences_data()
{
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("latentSteps");
    QTest::addColumn<int>("cycles");
    QTest::addColumn<int>("classes");

    QTest::newRow("one-block-one-cycle") << 1 << 1 << 1 << 2;
    QTest::newRow("two-blocks-three-cycles") << 2 << 3 << 3 << 3;
    QTest::newRow("three-blocks-many-classes") << 3 << 2 << 2 << 5;
}

void GradientTest::matchesFiniteDifferences()
{
    QFETCH(int, layers);
    QFETCH(int, latentSteps);
    QFETCH(int, cycles);
    QFETCH(int, classes);

    TrmConfig config;
    config.inputSize = 3;
    config.classCount = classes;
    config.hiddenSize = 4;
    config.layers = layers;
    config.expansion = 2;
    config.latentSteps = latentSteps;
    config.cycles = cycles;
    const Problem problem = makeProblem(config, 5, 42);

    MatD y = problem.y0, z = problem.z0;
    SupervisionStep<double> analytic =
        supervisionStep<double>(problem.model, problem.features, problem.labels, y, z);

    // Only the last cycle carries gradient: the first T - 1 cycles are
    // constants of the loss. So the finite differences perturb a one-cycle
    // model that starts where those cycles ended (reached by a step of a
    // (T - 1)-cycle model, whose states equal the forward-only ones).
    Problem lastCycle = problem;
    if (cycles > 1) {
        TrmConfig earlier = config;
        earlier.cycles = cycles - 1;
        const TrmModel<double> warmup(earlier, problem.model.weights());
        (void)supervisionStep<double>(warmup, problem.features, problem.labels, lastCycle.y0,
                                      lastCycle.z0);
    }
    TrmConfig single = config;
    single.cycles = 1;
    lastCycle.model = TrmModel<double>(single, problem.model.weights());

    // Central differences with step h have error O(h^2) ~ 1e-10 and rounding
    // error ~ 1e-16 / h ~ 1e-10, far below the 1e-6 relative tolerance.
    const double h = 1e-5;
    TrmModel<double> probe = lastCycle.model;
    std::vector<MatD *> probeTensors;
    probe.weights().forEachTrained([&](MatD &m) { probeTensors.push_back(&m); });
    std::vector<const MatD *> gradients;
    analytic.gradient.forEachTrained([&](const MatD &m) { gradients.push_back(&m); });
    QCOMPARE(probeTensors.size(), gradients.size());

    for (std::size_t k = 0; k < probeTensors.size(); ++k) {
        MatD &tensor = *probeTensors[k];
        MatD numeric(tensor.rows(), tensor.cols());
        for (Eigen::Index i = 0; i < tensor.size(); ++i) {
            const double saved = tensor.data()[i];
            tensor.data()[i] = saved + h;
            const double up = lossAt(lastCycle, probe);
            tensor.data()[i] = saved - h;
            const double down = lossAt(lastCycle, probe);
            tensor.data()[i] = saved;
            numeric.data()[i] = (up - down) / (2 * h);
        }
        const MatD &exact = *gradients[k];
        const double scale = std::max(exact.norm(), numeric.norm());
        QVERIFY2(scale > 1e-8, qPrintable(QStringLiteral("tensor %1 has no gradient").arg(k)));
        const double relative = (exact - numeric).norm() / scale;
        QVERIFY2(relative <= 1e-6,
                 qPrintable(QStringLiteral("tensor %1: relative error %2").arg(k).arg(relative)));
    }
}

void GradientTest::carriesStatesForward()
{
    // The states returned by one supervision step are those that a forward-only
    // recursion of one supervision step reaches from the same start.
    TrmConfig config;
    config.inputSize = 3;
    config.classCount = 3;
    config.hiddenSize = 4;
    config.latentSteps = 2;
    config.cycles = 2;
    config.supervisionSteps = 1;
    Problem problem = makeProblem(config, 4, 7);
    MatD y = problem.model.weights().yInit.replicate(4, 1);
    MatD z = problem.model.weights().zInit.replicate(4, 1);
    const SupervisionStep<double> step =
        supervisionStep<double>(problem.model, problem.features, problem.labels, y, z);
    const Trace trace = problem.model.trace(problem.features);
    const MatD softmax = [&] {
        MatD p = (step.logits.colwise() - step.logits.rowwise().maxCoeff()).array().exp();
        p.array().colwise() /= p.rowwise().sum().array();
        return p;
    }();
    QCOMPARE(trace.steps.size(), std::size_t(1 + 2));
    QVERIFY((softmax - trace.steps.back().probabilities).cwiseAbs().maxCoeff() < 1e-12);
}

QTEST_APPLESS_MAIN(GradientTest)
#include "tst_gradient.moc"
