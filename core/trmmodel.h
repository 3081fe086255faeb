#pragma once

#include "result.h"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace trm {

/// Shape of a Tiny Recursion Model. See docs/model.md for the maths.
struct TrmConfig
{
    int inputSize = 0;        ///< d: features after preprocessing
    int classCount = 0;       ///< K
    int hiddenSize = 32;      ///< D: width of x, y and z
    int layers = 2;           ///< L: residual SwiGLU blocks in the shared network
    int expansion = 2;        ///< inner width E = expansion * D
    int latentSteps = 6;      ///< n: latent refinements per cycle
    int cycles = 3;           ///< T: cycles per supervision step; only the last is trained
    int supervisionSteps = 4; ///< N_sup: deep-supervision steps
    bool halting = false;     ///< rows whose halting logit is positive leave the batch early

    int innerSize() const { return expansion * hiddenSize; }
    /// Trained parameters (y_init and z_init are fixed and not counted).
    long long parameterCount() const;
    /// Applications of the shared network per prediction: T (n + 1) N_sup.
    long long networkRunsPerPrediction() const
    {
        return (long long)cycles * (latentSteps + 1) * supervisionSteps;
    }
    /// Answer updates in a trace, not counting the prior guess: T N_sup.
    int answerUpdates() const { return cycles * supervisionSteps; }

    /// Refuses values outside the limits below, naming the field.
    Result<void> validate() const;

    static constexpr int maxInputSize = 100000;
    static constexpr int maxClassCount = 10000;
    static constexpr int maxHiddenSize = 4096;
    static constexpr int maxLayers = 64;
    static constexpr int maxExpansion = 16;
    static constexpr int maxSteps = 1000;  ///< for n, T and N_sup each
    /// Applications of the network per prediction, T (n + 1) N_sup.
    static constexpr long long maxNetworkRuns = 20000;
};

/// Every weight of a model. Matrices act on row vectors: a batch is B x width.
template<typename Scalar>
struct TrmWeights
{
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

    struct Block
    {
        Matrix gateUp; ///< D x 2E: columns [0, E) are W_gate, [E, 2E) are W_up
        Matrix down;   ///< E x D
    };

    Matrix inputWeight;  ///< d x D
    Matrix inputBias;    ///< 1 x D
    std::vector<Block> blocks;  ///< L
    Matrix outputWeight; ///< D x K
    Matrix outputBias;   ///< 1 x K
    Matrix haltWeight;   ///< D x 1
    Matrix haltBias;     ///< 1 x 1
    Matrix yInit;        ///< 1 x D, fixed at initialisation, not trained
    Matrix zInit;        ///< 1 x D, fixed at initialisation, not trained

    /// Zero-filled weights of the right shapes.
    static TrmWeights zeros(const TrmConfig &config);

    /// Calls f(matrix) for every trained matrix, in a fixed order.
    template<typename F>
    void forEachTrained(F &&f)
    {
        f(inputWeight);
        f(inputBias);
        for (Block &block : blocks) {
            f(block.gateUp);
            f(block.down);
        }
        f(outputWeight);
        f(outputBias);
        f(haltWeight);
        f(haltBias);
    }
    template<typename F>
    void forEachTrained(F &&f) const
    {
        const_cast<TrmWeights *>(this)->forEachTrained(
            [&](const Matrix &m) { f(m); });
    }

    template<typename Other>
    TrmWeights<Other> cast() const;
};

/// What one answer update did, for every row of a batch. Step 0 is the prior
/// guess decoded from y_init, identical for every row.
struct TraceStep
{
    int supervisionStep = 0;  ///< 1-based; 0 for the prior guess
    int cycle = 0;            ///< 1-based within the supervision step; 0 for the prior
    bool carriedGradient = false;  ///< the last cycle of each supervision step
    Eigen::MatrixXd probabilities;  ///< B x K softmax of the logits
    Eigen::VectorXd halting;        ///< B, sigmoid(q)
    Eigen::VectorXd answerChange;   ///< B, |y_t - y_(t-1)|
    Eigen::VectorXd latentChange;   ///< B, |z_t - z_(t-1)|
    Eigen::VectorXd answerResidual; ///< B, |branch| of the answer step's last block before its norm
    /// B x D answer state y after this update, for projections of the recursion;
    /// empty unless the trace was asked for TraceDetail::AnswerStates.
    Eigen::MatrixXd answerStates;
};

/// How much a trace records. The states cost B x D doubles per step, so the
/// default leaves them out.
enum class TraceDetail
{
    Summary,
    AnswerStates
};

struct Trace
{
    std::vector<TraceStep> steps;  ///< 1 + T' N_sup' entries
};

/// How deep to run a prediction; zero means as configured.
struct Depth
{
    int cycles = 0;
    int supervisionSteps = 0;
};

/// A Tiny Recursion Model: configuration plus weights, with inference.
template<typename Scalar>
class TrmModel
{
public:
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

    TrmModel() = default;
    TrmModel(TrmConfig config, TrmWeights<Scalar> weights)
        : m_config(config), m_weights(std::move(weights)) {}

    /// Truncated LeCun-normal linear layers, zero biases, halting head
    /// (w = 0, b = -5), y_init and z_init truncated normal with std 1.
    static TrmModel initialise(const TrmConfig &config, std::uint64_t seed);

    const TrmConfig &config() const { return m_config; }
    const TrmWeights<Scalar> &weights() const { return m_weights; }
    TrmWeights<Scalar> &weights() { return m_weights; }

    /// Class probabilities after the full recursion: B x K.
    Matrix probabilities(const Matrix &features, Depth depth = {}) const;
    /// Argmax of probabilities, one label per row.
    std::vector<int> predict(const Matrix &features, Depth depth = {}) const;
    /// The recursion answer update by answer update.
    Trace trace(const Matrix &features, Depth depth = {},
                TraceDetail detail = TraceDetail::Summary) const;

private:
    TrmConfig m_config;
    TrmWeights<Scalar> m_weights;
};

extern template struct TrmWeights<float>;
extern template struct TrmWeights<double>;
extern template class TrmModel<float>;
extern template class TrmModel<double>;

} // namespace trm
