#pragma once

#include "metrics.h"
#include "result.h"

#include <Eigen/Core>
#include <QString>

#include <vector>

namespace trm {

/// A simple model to judge the TRM against, fitted and scored on the same rows.
struct Reference
{
    QString name;                  ///< "Majority class", "Logistic regression"
    QString description;           ///< how it was fitted, in one sentence
    Eigen::MatrixXd probabilities; ///< test rows x K
    Evaluation evaluation;         ///< on the test rows, with log loss
};

/// Always predicts the most common training class (ties: the lower index), with
/// the training class frequencies as its probabilities: the floor any model must beat.
Result<Reference> fitMajorityClass(const std::vector<int> &trainLabels, int classCount,
                                   const std::vector<int> &testLabels);

/// L2-regularised logistic regression (liblinear's L2R_LR primal solver, one
/// versus the rest for more than two classes, with a bias term) on features the
/// caller has already preprocessed. `inverseRegularisation` is liblinear's C.
Result<Reference> fitLogisticRegression(const Eigen::MatrixXd &trainFeatures,
                                        const std::vector<int> &trainLabels, int classCount,
                                        const Eigen::MatrixXd &testFeatures,
                                        const std::vector<int> &testLabels,
                                        double inverseRegularisation = 1.0);

/// Both references on one split of raw rows: the features are standardised with
/// statistics of the training rows only, as the TRM's preprocessing does.
Result<std::vector<Reference>> fitReferences(const Eigen::MatrixXd &rawFeatures,
                                             const std::vector<int> &labels, int classCount,
                                             const std::vector<int> &trainRows,
                                             const std::vector<int> &testRows);

} // namespace trm
