#include "trmmodel.h"

#include "network.h"
#include "random.h"

#include <cmath>

namespace trm {

using detail::Mat;
using detail::Vec;

long long TrmConfig::parameterCount() const
{
    const long long d = inputSize, D = hiddenSize, E = innerSize(), K = classCount;
    const long long embedding = d * D + D;
    const long long network = layers * (D * 2 * E + E * D);
    const long long heads = D * K + K + D + 1;
    return embedding + network + heads;
}

namespace {

Result<void> checkRange(const char *field, long long value, long long low, long long high)
{
    if (value < low || value > high)
        return makeError(QStringLiteral("%1 must be between %2 and %3, not %4")
                             .arg(QLatin1String(field))
                             .arg(low)
                             .arg(high)
                             .arg(value));
    return {};
}

} // namespace

Result<void> TrmConfig::validate() const
{
    const struct
    {
        const char *field;
        long long value, low, high;
    } checks[] = {
        {"input size", inputSize, 1, maxInputSize},
        {"class count", classCount, 2, maxClassCount},
        {"hidden size", hiddenSize, 1, maxHiddenSize},
        {"layers", layers, 1, maxLayers},
        {"expansion", expansion, 1, maxExpansion},
        {"latent steps", latentSteps, 1, maxSteps},
        {"cycles", cycles, 1, maxSteps},
        {"supervision steps", supervisionSteps, 1, maxSteps},
    };
    for (const auto &check : checks) {
        if (auto range = checkRange(check.field, check.value, check.low, check.high); !range)
            return range;
    }
    // Each bound alone allows 10^9 network runs per row; the product is what
    // decides whether a prediction finishes.
    if (networkRunsPerPrediction() > maxNetworkRuns)
        return makeError(QStringLiteral("cycles x (latent steps + 1) x supervision steps must be "
                                        "at most %1, not %2 x %3 x %4 = %5")
                             .arg(maxNetworkRuns)
                             .arg(cycles)
                             .arg(latentSteps + 1)
                             .arg(supervisionSteps)
                             .arg(networkRunsPerPrediction()));
    return {};
}

template<typename S> TrmWeights<S> TrmWeights<S>::zeros(const TrmConfig &config)
{
    const Eigen::Index d = config.inputSize, D = config.hiddenSize, E = config.innerSize(),
                       K = config.classCount;
    TrmWeights w;
    w.inputWeight = Matrix::Zero(d, D);
    w.inputBias = Matrix::Zero(1, D);
    w.blocks.resize(config.layers);
    for (Block &block : w.blocks) {
        block.gateUp = Matrix::Zero(D, 2 * E);
        block.down = Matrix::Zero(E, D);
    }
    w.outputWeight = Matrix::Zero(D, K);
    w.outputBias = Matrix::Zero(1, K);
    w.haltWeight = Matrix::Zero(D, 1);
    w.haltBias = Matrix::Zero(1, 1);
    w.yInit = Matrix::Zero(1, D);
    w.zInit = Matrix::Zero(1, D);
    return w;
}

template<typename S> template<typename Other> TrmWeights<Other> TrmWeights<S>::cast() const
{
    TrmWeights<Other> w;
    w.inputWeight = inputWeight.template cast<Other>();
    w.inputBias = inputBias.template cast<Other>();
    for (const Block &block : blocks)
        w.blocks.push_back(
            {block.gateUp.template cast<Other>(), block.down.template cast<Other>()});
    w.outputWeight = outputWeight.template cast<Other>();
    w.outputBias = outputBias.template cast<Other>();
    w.haltWeight = haltWeight.template cast<Other>();
    w.haltBias = haltBias.template cast<Other>();
    w.yInit = yInit.template cast<Other>();
    w.zInit = zInit.template cast<Other>();
    return w;
}

template<typename S>
TrmModel<S> TrmModel<S>::initialise(const TrmConfig &config, std::uint64_t seed)
{
    Random random(seed);
    TrmWeights<S> w = TrmWeights<S>::zeros(config);
    // Truncated LeCun normal: std 1 / sqrt(fan_in), cut at 2 std. Filled row by
    // row so that the draw order is independent of the storage order.
    const auto lecun = [&random](Matrix &m) {
        const double std = 1.0 / std::sqrt(double(m.rows()));
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            for (Eigen::Index c = 0; c < m.cols(); ++c)
                m(r, c) = S(random.truncatedNormal(std));
    };
    lecun(w.inputWeight);
    for (auto &block : w.blocks) {
        lecun(block.gateUp);
        lecun(block.down);
    }
    lecun(w.outputWeight);
    // The halting head starts certain that it should not stop (sigmoid(-5) = 0.007).
    w.haltBias(0, 0) = S(-5);
    for (Matrix *init : {&w.yInit, &w.zInit})
        for (Eigen::Index c = 0; c < init->cols(); ++c)
            (*init)(0, c) = S(random.truncatedNormal(1.0));
    return TrmModel(config, std::move(w));
}

namespace {

/// Records one answer update of a trace in double precision.
template<typename S>
TraceStep traceStep(const TrmWeights<S> &w, int supervisionStep, int cycle, bool lastCycle,
                    const Mat<S> &y, const Mat<S> *previousY, const Mat<S> &z,
                    const Mat<S> *previousZ, const Vec<S> *branchNorm)
{
    TraceStep step;
    step.supervisionStep = supervisionStep;
    step.cycle = cycle;
    step.carriedGradient = lastCycle;
    const Mat<S> logits = (y * w.outputWeight).rowwise() + w.outputBias.row(0);
    step.probabilities = detail::softmaxRows<S>(logits).template cast<double>();
    const Mat<S> q = (y * w.haltWeight).array() + w.haltBias(0, 0);
    step.halting = (1.0 / (1.0 + (-q.template cast<double>().array()).exp())).matrix();
    const Eigen::Index rows = y.rows();
    step.answerChange = Eigen::VectorXd::Zero(rows);
    step.latentChange = Eigen::VectorXd::Zero(rows);
    step.answerResidual = Eigen::VectorXd::Zero(rows);
    if (previousY)
        step.answerChange = (y - *previousY).rowwise().norm().template cast<double>();
    if (previousZ)
        step.latentChange = (z - *previousZ).rowwise().norm().template cast<double>();
    if (branchNorm)
        step.answerResidual = branchNorm->template cast<double>();
    return step;
}

/// The full recursion on a batch of standardised rows. Returns the final
/// answer state y (B x D); fills `trace` when given.
template<typename S>
Mat<S> recurse(const TrmConfig &config, const TrmWeights<S> &w, const Mat<S> &features, Depth depth,
               Trace *trace, TraceDetail detail = TraceDetail::Summary)
{
    const int cycles = depth.cycles > 0 ? depth.cycles : config.cycles;
    const int supervisionSteps =
        depth.supervisionSteps > 0 ? depth.supervisionSteps : config.supervisionSteps;
    const Eigen::Index rows = features.rows();

    Mat<S> x = (features * w.inputWeight).rowwise() + w.inputBias.row(0); // B x D
    Mat<S> y = detail::broadcastRow<S>(w.yInit, rows);
    Mat<S> z = detail::broadcastRow<S>(w.zInit, rows);
    Mat<S> h;
    detail::Scratch<S> scratch;
    Vec<S> branchNorm;
    Mat<S> previousY, previousZ;

    if (trace) {
        trace->steps.clear();
        trace->steps.reserve(1 + std::size_t(cycles) * supervisionSteps);
        trace->steps.push_back(traceStep<S>(w, 0, 0, false, y, nullptr, z, nullptr, nullptr));
        if (detail == TraceDetail::AnswerStates)
            trace->steps.back().answerStates = y.template cast<double>();
    }
    for (int s = 1; s <= supervisionSteps; ++s) {
        for (int t = 1; t <= cycles; ++t) {
            if (trace) {
                previousY = y;
                previousZ = z;
            }
            for (int i = 0; i < config.latentSteps; ++i) {
                h = z + y + x; // latent step: z <- net(z + y + x)
                detail::netForward(w, h, scratch);
                z.swap(h);
            }
            h = y + z; // answer step: y <- net(y + z)
            detail::netForward(w, h, scratch, trace ? &branchNorm : nullptr);
            y.swap(h);
            // In training, the cycle at position T of each supervision step carried
            // the gradient; run deeper or shallower, that position is still the one.
            if (trace)
                trace->steps.push_back(traceStep<S>(w, s, t, t == config.cycles, y, &previousY,
                                                    z, &previousZ, &branchNorm));
            if (trace && detail == TraceDetail::AnswerStates)
                trace->steps.back().answerStates = y.template cast<double>();
        }
    }
    return y;
}

/// Rows per forward pass when predicting a whole table, to bound memory.
constexpr Eigen::Index predictionChunk = 4096;

} // namespace

template<typename S>
typename TrmModel<S>::Matrix TrmModel<S>::probabilities(const Matrix &features, Depth depth) const
{
    Matrix result(features.rows(), m_config.classCount);
    for (Eigen::Index start = 0; start < features.rows(); start += predictionChunk) {
        const Eigen::Index count = std::min(predictionChunk, features.rows() - start);
        const Matrix y =
            recurse<S>(m_config, m_weights, features.middleRows(start, count), depth, nullptr);
        const Matrix logits = (y * m_weights.outputWeight).rowwise() + m_weights.outputBias.row(0);
        result.middleRows(start, count) = detail::softmaxRows<S>(logits);
    }
    return result;
}

template<typename S>
std::vector<int> TrmModel<S>::predict(const Matrix &features, Depth depth) const
{
    const Matrix p = probabilities(features, depth);
    std::vector<int> labels(std::size_t(p.rows()));
    for (Eigen::Index r = 0; r < p.rows(); ++r)
        p.row(r).maxCoeff(&labels[std::size_t(r)]);
    return labels;
}

template<typename S>
Trace TrmModel<S>::trace(const Matrix &features, Depth depth, TraceDetail detail) const
{
    Trace result;
    recurse<S>(m_config, m_weights, features, depth, &result, detail);
    return result;
}

template struct TrmWeights<float>;
template struct TrmWeights<double>;
template TrmWeights<double> TrmWeights<float>::cast<double>() const;
template TrmWeights<float> TrmWeights<double>::cast<float>() const;
template TrmWeights<float> TrmWeights<float>::cast<float>() const;
template TrmWeights<double> TrmWeights<double>::cast<double>() const;
template class TrmModel<float>;
template class TrmModel<double>;

} // namespace trm
