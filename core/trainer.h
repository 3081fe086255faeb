#pragma once

#include "result.h"
#include "trmmodel.h"

#include <Eigen/Core>

#include <cstdint>
#include <memory>
#include <vector>

namespace trm {

struct TrainingOptions
{
    int epochs = 200;
    int batchSize = 32;
    double learningRate = 1e-3;
    double weightDecay = 0.01;
    double beta1 = 0.9;
    double beta2 = 0.95;
    int warmupSteps = 100;   ///< optimiser steps of linear learning-rate warm-up
    bool ema = true;         ///< evaluate and export an exponential moving average
    double emaDecay = 0.999; ///< ceiling of the EMA decay (which warms up from 0.1)
    int patience = 20;       ///< epochs without a better validation loss before stopping; 0 = never
    double haltingExploration = 0.1; ///< share of rows given a random minimum step count
    std::uint64_t seed = 1;

    /// Refuses values outside sensible limits, naming the field.
    Result<void> validate() const;
};

/// The figures of one epoch, measured with the prediction (EMA) weights.
struct EpochReport
{
    int epoch = 0;                 ///< 1-based
    double trainLoss = 0;          ///< mean cross-entropy after the full recursion
    double trainAccuracy = 0;
    double validationLoss = 0;     ///< NaN when there are no validation rows
    double validationAccuracy = 0; ///< NaN when there are no validation rows
    double learningRate = 0;       ///< at the end of the epoch
    bool improved = false;         ///< this epoch is the best so far
};

/// Trains one model, an epoch at a time, so that a caller (a worker thread, the
/// command line) can report, pause and stop between epochs.
///
/// Features must already be standardised. Early stopping watches the validation
/// loss; with no validation rows it watches the training loss.
class Trainer
{
public:
    Trainer(const TrmConfig &config, const TrainingOptions &options,
            const Eigen::MatrixXd &trainFeatures, const std::vector<int> &trainLabels,
            const Eigen::MatrixXd &validationFeatures, const std::vector<int> &validationLabels);
    ~Trainer();
    Trainer(Trainer &&) noexcept;
    Trainer &operator=(Trainer &&) noexcept;

    /// One pass over the training rows. Fails, leaving the best weights intact,
    /// when the loss or a weight becomes NaN or infinite.
    Result<EpochReport> runEpoch();

    /// True once the epoch budget is spent or patience has run out.
    bool finished() const;
    int epoch() const;
    int bestEpoch() const;
    long long optimiserSteps() const;
    const std::vector<EpochReport> &history() const;

    /// Prediction weights at the best epoch so far (the initial model before any).
    const TrmModel<float> &bestModel() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

/// One deep-supervision step of training, exposed for gradient checking:
/// given the carried states (y, z), runs T - 1 cycles without gradient and the
/// last with it, and returns the loss (cross-entropy + 0.5 halting BCE, both
/// averaged over the batch) with the gradient of every trained weight.
/// On return y and z hold the new states. The loss is a sum over the rows
/// divided by `lossRows` (the batch size when 0): with halting, rows that have
/// left keep counting in the divisor, as in the original model.
template<typename Scalar>
struct SupervisionStep
{
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    Scalar loss = 0;
    TrmWeights<Scalar> gradient;
    Matrix logits;  ///< B x K, from the new y
    Matrix haltLogit;  ///< B x 1
};

namespace detail {
template<typename Scalar>
class StepEngine;
}

/// Runs supervision steps one after another with its buffers kept between
/// calls, so that a loop over batches allocates nothing after the first.
template<typename Scalar>
class SupervisionStepper
{
public:
    using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

    SupervisionStepper();
    ~SupervisionStepper();
    SupervisionStepper(SupervisionStepper &&) noexcept;
    SupervisionStepper &operator=(SupervisionStepper &&) noexcept;

    /// As supervisionStep(); the gradient goes to `gradient`, which must have
    /// the shapes of the model's weights. Returns the loss.
    Scalar run(const TrmModel<Scalar> &model, const Matrix &features,
               const std::vector<int> &labels, Matrix &y, Matrix &z, int lossRows,
               TrmWeights<Scalar> &gradient);
    const Matrix &logits() const;
    const Matrix &haltLogits() const;

private:
    std::unique_ptr<detail::StepEngine<Scalar>> m_engine;
};

template<typename Scalar>
SupervisionStep<Scalar> supervisionStep(const TrmModel<Scalar> &model,
                                        const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> &features,
                                        const std::vector<int> &labels,
                                        Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> &y,
                                        Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> &z,
                                        int lossRows = 0);

} // namespace trm
