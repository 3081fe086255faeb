#pragma once

#include <Eigen/Core>

#include <vector>

namespace trm {

struct ClassMetrics
{
    double precision = 0;   ///< meaningful only when precisionDefined
    double recall = 0;      ///< meaningful only when recallDefined
    double f1 = 0;
    int support = 0;        ///< rows whose true class is this one
    int predicted = 0;      ///< rows predicted as this class
    bool precisionDefined = false;  ///< false when the class was never predicted
    bool recallDefined = false;     ///< false when the class has no true rows
};

/// Classification metrics. An undefined precision or recall counts as 0 in F1
/// and in macro-F1 (the usual convention), but stays marked as undefined so a
/// display can say so instead of printing 0 or NaN.
struct Evaluation
{
    Eigen::MatrixXi confusion;  ///< K x K, rows = true class, columns = predicted
    double accuracy = 0;
    double macroF1 = 0;
    std::vector<ClassMetrics> perClass;
    int rowCount() const { return int(confusion.sum()); }
};

Evaluation evaluate(const std::vector<int> &truth, const std::vector<int> &predicted,
                    int classCount);

} // namespace trm
