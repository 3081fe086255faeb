#include "trainer.h"

#include "logging.h"
#include "network.h"
#include "random.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace trm {

using detail::Mat;
using detail::Vec;

Result<void> TrainingOptions::validate() const
{
    const auto outside = [](double value, double low, double high) {
        return !std::isfinite(value) || value < low || value > high;
    };
    const struct
    {
        const char *field;
        double value, low, high;
    } checks[] = {
        {"epochs", double(epochs), 1, 1e6},
        {"batch size", double(batchSize), 1, 1e6},
        {"learning rate", learningRate, 1e-12, 10},
        {"weight decay", weightDecay, 0, 10},
        {"beta1", beta1, 0, 0.999999},
        {"beta2", beta2, 0, 0.999999},
        {"warm-up steps", double(warmupSteps), 0, 1e9},
        {"EMA decay", emaDecay, 0, 0.999999},
        {"patience", double(patience), 0, 1e6},
        {"halting exploration", haltingExploration, 0, 1},
    };
    for (const auto &check : checks) {
        if (outside(check.value, check.low, check.high))
            return makeError(QStringLiteral("%1 must be between %2 and %3, not %4")
                                 .arg(QLatin1String(check.field))
                                 .arg(check.low)
                                 .arg(check.high)
                                 .arg(check.value));
    }
    return {};
}

namespace detail {

/// Pointers to every trained matrix of a weight set, in forEachTrained order.
template<typename S> std::vector<Mat<S> *> trainedTensors(TrmWeights<S> &weights)
{
    std::vector<Mat<S> *> tensors;
    weights.forEachTrained([&](Mat<S> &m) { tensors.push_back(&m); });
    return tensors;
}

/// Runs supervision steps with buffers kept between calls.
template<typename S> class StepEngine
{
public:
    S run(const TrmConfig &config, const TrmWeights<S> &w, const Mat<S> &features,
          const std::vector<int> &labels, Mat<S> &y, Mat<S> &z, int lossRows, TrmWeights<S> &grad)
    {
        const Eigen::Index rows = features.rows();
        const int n = config.latentSteps;
        const std::size_t layers = w.blocks.size();

        m_x.noalias() = features * w.inputWeight; // B x D
        m_x.rowwise() += w.inputBias.row(0);

        // T - 1 cycles forward only: their result enters the last cycle as a constant.
        for (int t = 1; t < config.cycles; ++t) {
            for (int i = 0; i < n; ++i) {
                m_h = z + y + m_x;
                netForward(w, m_h, m_scratch);
                z.swap(m_h);
            }
            m_h = y + z;
            netForward(w, m_h, m_scratch);
            y.swap(m_h);
        }

        // The last cycle on tape: n latent steps, then the answer step.
        m_tapes.resize(std::size_t(n) + 1);
        for (int i = 0; i < n; ++i) {
            NetTape<S> &tape = m_tapes[std::size_t(i)];
            tape.states.resize(layers + 1);
            tape.states[0] = z + y + m_x;
            netForwardTaped(w, tape);
            z = tape.states[layers];
        }
        NetTape<S> &answerTape = m_tapes[std::size_t(n)];
        answerTape.states.resize(layers + 1);
        answerTape.states[0] = y + z;
        netForwardTaped(w, answerTape);
        y = answerTape.states[layers];

        // Heads and loss. logits: B x K, q: B x 1.
        m_logits.noalias() = y * w.outputWeight;
        m_logits.rowwise() += w.outputBias.row(0);
        m_halt.noalias() = y * w.haltWeight;
        m_halt.array() += w.haltBias(0, 0);
        const Vec<S> rowMax = m_logits.rowwise().maxCoeff();
        m_probabilities = (m_logits.colwise() - rowMax).array().exp();
        const Vec<S> rowSum = m_probabilities.rowwise().sum();
        m_probabilities.array().colwise() /= rowSum.array();

        const S scale = S(1) / S(lossRows > 0 ? lossRows : rows);
        m_dLogits = m_probabilities;
        m_dHalt.resize(rows, 1);
        double loss = 0;
        for (Eigen::Index r = 0; r < rows; ++r) {
            const int label = labels[std::size_t(r)];
            Eigen::Index predicted;
            m_logits.row(r).maxCoeff(&predicted);
            const S target = predicted == label ? S(1) : S(0);
            const S q = m_halt(r, 0);
            // cross-entropy = log-sum-exp - logit of the label
            loss += double(rowMax(r) + std::log(rowSum(r)) - m_logits(r, label));
            // BCE with logits, stable for large |q|
            loss +=
                0.5 * double(std::max(q, S(0)) - q * target + std::log1p(std::exp(-std::abs(q))));
            m_dLogits(r, label) -= S(1);
            m_dHalt(r, 0) = S(0.5) * (S(1) / (S(1) + std::exp(-q)) - target);
        }
        m_dLogits *= scale;
        m_dHalt *= scale;

        for (auto *tensor : trainedTensors(grad))
            tensor->setZero();
        grad.outputWeight.noalias() = y.transpose() * m_dLogits;
        grad.outputBias = m_dLogits.colwise().sum();
        grad.haltWeight.noalias() = y.transpose() * m_dHalt;
        grad.haltBias(0, 0) = m_dHalt.sum();

        m_g.noalias() = m_dLogits * w.outputWeight.transpose(); // dL/dy, B x D
        m_g.noalias() += m_dHalt * w.haltWeight.transpose();

        // Answer step: its input is y_prev + z_n, and only z_n carries gradient.
        netBackward(w, answerTape, m_g, grad, m_scratch);
        // Latent steps n .. 1: input z_(i-1) + y + x; the gradient goes on to
        // z_(i-1) (a constant for i = 1) and is added to dx every time.
        m_dx.setZero(rows, m_x.cols());
        for (int i = n; i-- > 0;) {
            netBackward(w, m_tapes[std::size_t(i)], m_g, grad, m_scratch);
            m_dx += m_g;
        }
        grad.inputWeight.noalias() = features.transpose() * m_dx;
        grad.inputBias = m_dx.colwise().sum();
        return S(loss * double(scale));
    }

    const Mat<S> &logits() const { return m_logits; }
    const Mat<S> &haltLogits() const { return m_halt; }

private:
    std::vector<NetTape<S>> m_tapes;
    Scratch<S> m_scratch;
    Mat<S> m_x, m_h, m_g, m_dx;
    Mat<S> m_logits, m_halt, m_probabilities, m_dLogits, m_dHalt;
};

} // namespace detail

template<typename S>
SupervisionStepper<S>::SupervisionStepper()
    : m_engine(std::make_unique<detail::StepEngine<S>>())
{}
template<typename S> SupervisionStepper<S>::~SupervisionStepper() = default;
template<typename S>
SupervisionStepper<S>::SupervisionStepper(SupervisionStepper &&) noexcept = default;
template<typename S>
SupervisionStepper<S> &SupervisionStepper<S>::operator=(SupervisionStepper &&) noexcept = default;

template<typename S>
S SupervisionStepper<S>::run(const TrmModel<S> &model, const Matrix &features,
                             const std::vector<int> &labels, Matrix &y, Matrix &z, int lossRows,
                             TrmWeights<S> &gradient)
{
    return m_engine->run(model.config(), model.weights(), features, labels, y, z, lossRows,
                         gradient);
}

template<typename S>
const typename SupervisionStepper<S>::Matrix &SupervisionStepper<S>::logits() const
{
    return m_engine->logits();
}

template<typename S>
const typename SupervisionStepper<S>::Matrix &SupervisionStepper<S>::haltLogits() const
{
    return m_engine->haltLogits();
}

template class SupervisionStepper<float>;
template class SupervisionStepper<double>;

template<typename S>
SupervisionStep<S> supervisionStep(const TrmModel<S> &model, const Mat<S> &features,
                                   const std::vector<int> &labels, Mat<S> &y, Mat<S> &z,
                                   int lossRows)
{
    SupervisionStepper<S> stepper;
    SupervisionStep<S> step;
    step.gradient = TrmWeights<S>::zeros(model.config());
    step.loss = stepper.run(model, features, labels, y, z, lossRows, step.gradient);
    step.logits = stepper.logits();
    step.haltLogit = stepper.haltLogits();
    return step;
}

template SupervisionStep<float> supervisionStep(const TrmModel<float> &, const Mat<float> &,
                                                const std::vector<int> &, Mat<float> &,
                                                Mat<float> &, int);
template SupervisionStep<double> supervisionStep(const TrmModel<double> &, const Mat<double> &,
                                                 const std::vector<int> &, Mat<double> &,
                                                 Mat<double> &, int);

// ---------------------------------------------------------------------------

namespace {

using MatF = Mat<float>;

/// AdamW with decoupled weight decay, one moment pair per trained matrix.
class AdamW
{
public:
    AdamW(TrmWeights<float> &weights, const TrainingOptions &options)
        : m_options(options)
    {
        for (MatF *tensor : detail::trainedTensors(weights)) {
            m_first.push_back(MatF::Zero(tensor->rows(), tensor->cols()));
            m_second.push_back(MatF::Zero(tensor->rows(), tensor->cols()));
        }
    }

    /// One step:  m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;
    ///            w <- w - lr (wd w + m_hat / (sqrt(v_hat) + eps)).
    void step(TrmWeights<float> &weights, TrmWeights<float> &grad, double learningRate)
    {
        ++m_steps;
        const double b1 = m_options.beta1, b2 = m_options.beta2;
        const float correction1 = float(1.0 - std::pow(b1, double(m_steps)));
        const float correction2 = float(1.0 - std::pow(b2, double(m_steps)));
        const float lr = float(learningRate);
        const float decay = float(1.0 - learningRate * m_options.weightDecay);
        const auto tensors = detail::trainedTensors(weights);
        const auto grads = detail::trainedTensors(grad);
        for (std::size_t k = 0; k < tensors.size(); ++k) {
            auto g = grads[k]->array();
            m_first[k].array() = float(b1) * m_first[k].array() + float(1 - b1) * g;
            m_second[k].array() = float(b2) * m_second[k].array() + float(1 - b2) * g.square();
            tensors[k]->array() = decay * tensors[k]->array() -
                                  lr * (m_first[k].array() / correction1) /
                                      ((m_second[k].array() / correction2).sqrt() + 1e-8f);
        }
    }

    long long steps() const { return m_steps; }

private:
    TrainingOptions m_options;
    std::vector<MatF> m_first, m_second;
    long long m_steps = 0;
};

double crossEntropy(const MatF &probabilities, const std::vector<int> &labels)
{
    double sum = 0;
    for (Eigen::Index r = 0; r < probabilities.rows(); ++r)
        sum -= std::log(std::max(double(probabilities(r, labels[std::size_t(r)])), 1e-12));
    return probabilities.rows() ? sum / double(probabilities.rows()) : std::nan("");
}

double accuracyOf(const MatF &probabilities, const std::vector<int> &labels)
{
    if (probabilities.rows() == 0)
        return std::nan("");
    int correct = 0;
    for (Eigen::Index r = 0; r < probabilities.rows(); ++r) {
        Eigen::Index predicted;
        probabilities.row(r).maxCoeff(&predicted);
        correct += predicted == labels[std::size_t(r)];
    }
    return double(correct) / double(probabilities.rows());
}

bool allFinite(TrmWeights<float> &weights)
{
    bool finite = true;
    weights.forEachTrained([&](const MatF &m) { finite = finite && m.allFinite(); });
    return finite;
}

MatF gatherRows(const MatF &matrix, const std::vector<int> &rows)
{
    MatF out(Eigen::Index(rows.size()), matrix.cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.row(Eigen::Index(i)) = matrix.row(rows[i]);
    return out;
}

/// Distinct from the seed's other uses (initialisation, splits) so that the
/// streams are independent.
constexpr std::uint64_t shuffleStream = 0x9e3779b97f4a7c15ull;

} // namespace

struct Trainer::State
{
    TrmConfig config;
    TrainingOptions options;
    MatF trainFeatures, validationFeatures;
    std::vector<int> trainLabels, validationLabels;

    TrmModel<float> model; // raw weights, updated by AdamW
    TrmWeights<float> ema; // moving average, used for prediction when enabled
    TrmModel<float> best;  // prediction weights at the best epoch
    TrmWeights<float> gradient;
    AdamW optimiser;
    detail::StepEngine<float> engine;
    Random random;

    std::vector<EpochReport> history;
    double bestLoss = std::numeric_limits<double>::infinity();
    int bestEpoch = 0;
    bool diverged = false;

    State(const TrmConfig &c, const TrainingOptions &o)
        : config(c)
        , options(o)
        , model(TrmModel<float>::initialise(c, o.seed))
        , ema(model.weights())
        , best(model)
        , gradient(TrmWeights<float>::zeros(c))
        , optimiser(model.weights(), o)
        , random(o.seed ^ shuffleStream)
    {}

    double learningRate() const
    {
        const double warm = options.warmupSteps > 0
                                ? std::min(1.0, double(optimiser.steps() + 1) / options.warmupSteps)
                                : 1.0;
        return options.learningRate * warm;
    }

    TrmModel<float> predictionModel() const
    {
        return options.ema ? TrmModel<float>(config, ema) : model;
    }

    void updateEma()
    {
        const double t = double(optimiser.steps());
        const float decay = float(std::min(options.emaDecay, (1.0 + t) / (10.0 + t)));
        const auto averages = detail::trainedTensors(ema);
        const auto current = detail::trainedTensors(model.weights());
        for (std::size_t k = 0; k < averages.size(); ++k)
            *averages[k] = decay * *averages[k] + (1.0f - decay) * *current[k];
    }
};

Trainer::Trainer(const TrmConfig &config, const TrainingOptions &options,
                 const Eigen::MatrixXd &trainFeatures, const std::vector<int> &trainLabels,
                 const Eigen::MatrixXd &validationFeatures,
                 const std::vector<int> &validationLabels)
    : m_state(std::make_unique<State>(config, options))
{
    m_state->trainFeatures = trainFeatures.cast<float>();
    m_state->validationFeatures = validationFeatures.cast<float>();
    m_state->trainLabels = trainLabels;
    m_state->validationLabels = validationLabels;

    // A feature that takes one value on every training row (a category that only
    // other rows hold, a constant measurement) gives its input weights no
    // gradient, so they would keep their random start. Zeroed, they stay zero,
    // and any other value the feature takes later leaves the prediction as it
    // is, as an unseen category does.
    State &s = *m_state;
    const MatF &train = s.trainFeatures;
    bool zeroed = false;
    for (Eigen::Index j = 0; train.rows() > 0 && j < train.cols(); ++j) {
        if ((train.col(j).array() == train(0, j)).all()) {
            s.model.weights().inputWeight.row(j).setZero();
            zeroed = true;
        }
    }
    if (zeroed) {
        s.ema = s.model.weights();
        s.best = s.model;
    }
}

Trainer::~Trainer() = default;
Trainer::Trainer(Trainer &&) noexcept = default;
Trainer &Trainer::operator=(Trainer &&) noexcept = default;

Result<EpochReport> Trainer::runEpoch()
{
    State &s = *m_state;
    const TrmConfig &config = s.config;
    const int epoch = int(s.history.size()) + 1;
    const int rowCount = int(s.trainLabels.size());

    std::vector<int> order(static_cast<std::size_t>(rowCount));
    for (int i = 0; i < rowCount; ++i)
        order[std::size_t(i)] = i;
    s.random.shuffle(order);

    MatF batchFeatures, y, z;
    std::vector<int> batchRows, batchLabels, minimumSteps;
    for (int start = 0; start < rowCount; start += s.options.batchSize) {
        const int size = std::min(s.options.batchSize, rowCount - start);
        batchRows.assign(order.begin() + start, order.begin() + start + size);
        batchFeatures = gatherRows(s.trainFeatures, batchRows);
        batchLabels.resize(std::size_t(size));
        for (int i = 0; i < size; ++i)
            batchLabels[std::size_t(i)] = s.trainLabels[std::size_t(batchRows[std::size_t(i)])];
        y = s.model.weights().yInit.replicate(size, 1);
        z = s.model.weights().zInit.replicate(size, 1);
        if (config.halting) {
            // Exploration: a share of rows must run a random number of steps
            // before they may halt, so the halting head sees late steps too.
            minimumSteps.assign(std::size_t(size), 1);
            for (int &steps : minimumSteps)
                if (s.random.uniform() < s.options.haltingExploration)
                    steps = 2 + int(s.random.below(
                                    std::uint64_t(std::max(1, config.supervisionSteps - 1))));
        }

        for (int step = 1; step <= config.supervisionSteps && batchFeatures.rows() > 0; ++step) {
            const float loss = s.engine.run(config, s.model.weights(), batchFeatures, batchLabels,
                                            y, z, size, s.gradient);
            if (!std::isfinite(loss)) {
                s.diverged = true;
                return makeError(
                    QStringLiteral("The training loss became %1 in epoch %2. The learning rate "
                                   "(%3) is probably too high: try a lower one. The weights of "
                                   "epoch %4, the best so far, are kept.")
                        .arg(std::isnan(loss) ? QStringLiteral("NaN") : QStringLiteral("infinite"))
                        .arg(epoch)
                        .arg(s.options.learningRate)
                        .arg(s.bestEpoch));
            }
            s.optimiser.step(s.model.weights(), s.gradient, s.learningRate());
            s.updateEma();

            if (config.halting && step < config.supervisionSteps) {
                // Rows whose halting logit is positive leave the batch.
                const MatF &q = s.engine.haltLogits();
                std::vector<int> keep;
                for (int r = 0; r < int(batchLabels.size()); ++r)
                    if (q(r, 0) <= 0 || step < minimumSteps[std::size_t(r)])
                        keep.push_back(r);
                if (keep.size() < batchLabels.size()) {
                    batchFeatures = gatherRows(batchFeatures, keep);
                    y = gatherRows(y, keep);
                    z = gatherRows(z, keep);
                    std::vector<int> labels, minimum;
                    for (int r : keep) {
                        labels.push_back(batchLabels[std::size_t(r)]);
                        minimum.push_back(minimumSteps[std::size_t(r)]);
                    }
                    batchLabels.swap(labels);
                    minimumSteps.swap(minimum);
                }
            }
        }
    }

    if (!allFinite(s.model.weights())) {
        s.diverged = true;
        return makeError(QStringLiteral("A weight became NaN or infinite in epoch %1. Try a lower "
                                        "learning rate. The weights of epoch %2 are kept.")
                             .arg(epoch)
                             .arg(s.bestEpoch));
    }

    const TrmModel<float> predictor = s.predictionModel();
    EpochReport report;
    report.epoch = epoch;
    const MatF trainProbabilities = predictor.probabilities(s.trainFeatures);
    report.trainLoss = crossEntropy(trainProbabilities, s.trainLabels);
    report.trainAccuracy = accuracyOf(trainProbabilities, s.trainLabels);
    const MatF validationProbabilities = predictor.probabilities(s.validationFeatures);
    report.validationLoss = crossEntropy(validationProbabilities, s.validationLabels);
    report.validationAccuracy = accuracyOf(validationProbabilities, s.validationLabels);
    report.learningRate = s.learningRate();

    const double watched = s.validationLabels.empty() ? report.trainLoss : report.validationLoss;
    if (!std::isfinite(watched)) {
        s.diverged = true;
        return makeError(QStringLiteral("The loss became NaN or infinite in epoch %1. Try a lower "
                                        "learning rate. The weights of epoch %2 are kept.")
                             .arg(epoch)
                             .arg(s.bestEpoch));
    }
    if (watched < s.bestLoss) {
        s.bestLoss = watched;
        s.bestEpoch = epoch;
        s.best = predictor;
        report.improved = true;
    }
    s.history.push_back(report);
    qCDebug(lcTrain) << "epoch" << epoch << "train loss" << report.trainLoss << "validation loss"
                     << report.validationLoss;
    return report;
}

bool Trainer::finished() const
{
    const State &s = *m_state;
    const int epoch = int(s.history.size());
    return s.diverged || epoch >= s.options.epochs ||
           (s.options.patience > 0 && epoch - s.bestEpoch >= s.options.patience);
}

int Trainer::epoch() const
{
    return int(m_state->history.size());
}
int Trainer::bestEpoch() const
{
    return m_state->bestEpoch;
}
long long Trainer::optimiserSteps() const
{
    return m_state->optimiser.steps();
}
const std::vector<EpochReport> &Trainer::history() const
{
    return m_state->history;
}
const TrmModel<float> &Trainer::bestModel() const
{
    return m_state->best;
}

} // namespace trm
