#pragma once

// Questions asked of a trace over many rows: how accurate the answer is after
// each update, which rows an update fixed or broke, how often each row changed
// its mind, and where the answer states travel in two dimensions. See
// docs/model.md, "The trace".

#include "experiment.h"
#include "metrics.h"
#include "result.h"
#include "trmmodel.h"

#include <Eigen/Core>

#include <functional>
#include <optional>
#include <vector>

namespace trm {

/// The trace of raw rows with their answer states recorded, computed exactly as
/// TrainedModel::trace() computes it (same standardisation, same precision).
Trace traceWithStates(const TrainedModel &model, const Eigen::MatrixXd &rawFeatures,
                      Depth depth = {});

/// The predicted class (argmax of the probabilities) of every row at every
/// step: steps x B.
Eigen::MatrixXi stepPredictions(const Trace &trace);

/// Share of rows predicted right after each step (step 0 included): one value
/// per step. `labels` has one true class per traced row.
std::vector<double> accuracyPerStep(const Eigen::MatrixXi &predictions,
                                    const std::vector<int> &labels);

/// Confusion matrix, accuracy and per-class figures of the answer at `step`.
Evaluation evaluationAtStep(const Eigen::MatrixXi &predictions, const std::vector<int> &labels,
                            int step, int classCount);

/// Rows (indices into the traced batch) whose answer an update changed.
struct StepChanges
{
    std::vector<int> fixed;  ///< wrong before this step, right after it
    std::vector<int> broken; ///< right before this step, wrong after it
};

/// What the update at `step` did; step 0, the prior guess, changes nothing.
StepChanges changesAtStep(const Eigen::MatrixXi &predictions, const std::vector<int> &labels,
                          int step);

/// How many times each row's predicted class changed from one step to the next.
std::vector<int> flipsPerRow(const Eigen::MatrixXi &predictions);

/// The steps (1-based answer updates) at which `row`'s predicted class changed.
std::vector<int> flipSteps(const Eigen::MatrixXi &predictions, int row);

/// Largest minus second-largest class probability of one row: how decided the
/// answer is (0 for a tie, 1 for certainty).
double probabilityMargin(const Eigen::RowVectorXd &probabilities);

/// A linear map of D-dimensional answer states to the plane of their first two
/// principal components.
struct StateProjection
{
    Eigen::RowVectorXd mean;  ///< 1 x D
    Eigen::MatrixXd axes;     ///< D x 2, unit columns, largest variance first
    Eigen::Vector2d variance = Eigen::Vector2d::Zero(); ///< variance along each axis
    double totalVariance = 0; ///< trace of the covariance

    /// N x D states to N x 2 coordinates: (states - mean) axes.
    Eigen::MatrixXd project(const Eigen::MatrixXd &states) const;
    /// Share of the total variance the two axes keep, from 0 to 1.
    double explainedShare() const;
};

/// Fits the projection once over the answer states of every row at every step
/// (so that the axes stay still while the points move), from a trace recorded
/// with TraceDetail::AnswerStates. Refused when the states are missing or
/// D < 2.
Result<StateProjection> fitStateProjection(const Trace &trace);

/// Accuracy of the final answer when the model runs `cycles` cycles per
/// supervision step instead of the trained T.
struct DepthPoint
{
    int cycles = 0;
    int answerUpdates = 0; ///< cycles x supervision steps
    double accuracy = 0;
};

/// The trained model evaluated with 1 to `maxCycles` cycles per supervision
/// step on labelled raw rows: under- and over-thinking.
std::vector<DepthPoint> accuracyByDepth(const TrainedModel &model,
                                        const Eigen::MatrixXd &rawFeatures,
                                        const std::vector<int> &labels, int maxCycles);

/// What the explorer shows about a whole set of rows, computed in one call so
/// that it can run away from the GUI thread.
struct SetAnalysis
{
    Trace trace;                  ///< every row, without answer states
    Eigen::MatrixXi predictions;  ///< steps x B, from `trace`
    std::vector<double> accuracy; ///< per step
    std::vector<DepthPoint> depth;
    /// Rows (indices into the set) whose answer states are projected. The
    /// states cost B x D doubles per step, and a scatter of more points than
    /// a few thousand shows nothing more, so large sets are sampled evenly.
    std::vector<int> projectedRows;
    std::optional<StateProjection> projection; ///< empty when it cannot be fitted
    QString projectionProblem;                 ///< why, when it is empty
    std::vector<Eigen::MatrixXd> positions;    ///< per step, projectedRows x 2
};

/// Default cap on SetAnalysis::projectedRows.
inline constexpr int maxProjectedRows = 3000;

/// Traces every row, measures accuracy per step and by depth (1 to 2T cycles),
/// and fits the 2-D projection of the answer states on at most `maxProjected`
/// rows spread evenly through the set. `cancelled` is asked between the
/// passes; nothing is returned once it says yes.
std::optional<SetAnalysis> analyseSet(const TrainedModel &model,
                                      const Eigen::MatrixXd &rawFeatures,
                                      const std::vector<int> &labels,
                                      int maxProjected = maxProjectedRows,
                                      const std::function<bool()> &cancelled = {});

} // namespace trm
