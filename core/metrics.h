#pragma once

#include <Eigen/Core>

#include <optional>
#include <vector>

namespace trm {

struct ClassMetrics
{
    double precision = 0; ///< meaningful only when precisionDefined
    double recall = 0;    ///< meaningful only when recallDefined
    double f1 = 0;
    int support = 0;               ///< rows whose true class is this one
    int predicted = 0;             ///< rows predicted as this class
    bool precisionDefined = false; ///< false when the class was never predicted
    bool recallDefined = false;    ///< false when the class has no true rows
};

/// Classification metrics. An undefined precision or recall counts as 0 in F1
/// and in the macro and weighted averages (the usual convention, scikit-learn's
/// zero_division=0), but stays marked as undefined so a display can say so
/// instead of printing 0 or NaN.
struct Evaluation
{
    Eigen::MatrixXi confusion; ///< K x K, rows = true class, columns = predicted
    double accuracy = 0;
    double macroF1 = 0;
    std::vector<ClassMetrics> perClass;

    /// Mean recall over the classes that occur in the truth: accuracy as if every
    /// class were equally common. 0 when no class occurs.
    double balancedAccuracy = 0;
    double macroPrecision = 0; ///< unweighted mean over all K classes
    double macroRecall = 0;
    /// Means weighted by support (true rows per class): the weights sum to 1.
    double weightedPrecision = 0;
    double weightedRecall = 0;
    double weightedF1 = 0;
    /// Mean cross-entropy -1/N sum log p(true class), natural log. Known only
    /// when the evaluation was made from probabilities.
    std::optional<double> logLoss;

    int rowCount() const { return int(confusion.sum()); }
};

Evaluation evaluate(const std::vector<int> &truth, const std::vector<int> &predicted,
                    int classCount);

/// Evaluates the arg-max of each row of `probabilities` (N x K) and adds the log loss.
/// Ties go to the lower class index, as Eigen's maxCoeff does.
Evaluation evaluate(const std::vector<int> &truth, const Eigen::MatrixXd &probabilities);

/// Probabilities below this are raised to it before the logarithm, so one
/// confident mistake costs -log(1e-15) ~ 34.5 instead of infinity.
inline constexpr double logLossFloor = 1e-15;

/// Mean of -log(max(p[i][truth[i]], logLossFloor)); empty input gives 0.
double logLoss(const std::vector<int> &truth, const Eigen::MatrixXd &probabilities);

/// Mean and sample standard deviation (divisor n - 1; 0 for fewer than two values).
struct MetricSpread
{
    double mean = 0;
    double std = 0;
};

/// Each metric's mean and spread over the folds of a cross-validation.
struct FoldSummary
{
    int folds = 0;
    MetricSpread accuracy;
    MetricSpread balancedAccuracy;
    MetricSpread macroPrecision;
    MetricSpread macroRecall;
    MetricSpread macroF1;
    MetricSpread weightedF1;
    std::optional<MetricSpread> logLoss; ///< only when every fold has one
};

MetricSpread meanAndSpread(const std::vector<double> &values);
FoldSummary summarizeFolds(const std::vector<Evaluation> &folds);

/// The arg-max class of each row.
std::vector<int> argMax(const Eigen::MatrixXd &probabilities);

} // namespace trm
