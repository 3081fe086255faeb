#pragma once

#include <Eigen/Core>

#include <vector>

namespace trm {

/// Per-column imputation and standardisation, fitted on training rows only.
///
/// A missing value is NaN in the raw matrix. fit() takes each column's median
/// over the training rows, ignoring NaN; apply() puts that median in place of
/// NaN and then standardises: z = (x - mean) / scale. The mean and scale are
/// computed after imputation, so they describe the values the model sees.
/// A column that is constant on the training rows (or missing in all of them)
/// gets scale 1, so it maps to zero instead of dividing by zero.
struct Standardizer
{
    Eigen::VectorXd median; ///< d, imputed for NaN; 0 for a column missing in every row
    Eigen::VectorXd mean;   ///< d
    Eigen::VectorXd scale;  ///< d, population standard deviation, always > 0

    static Standardizer fit(const Eigen::MatrixXd &features, const std::vector<int> &rows);
    /// N x d raw (NaN allowed) to N x d standardised, every value finite.
    Eigen::MatrixXd apply(const Eigen::MatrixXd &features) const;
    /// N x d raw to N x d with NaN replaced by the training median.
    Eigen::MatrixXd impute(const Eigen::MatrixXd &features) const;
};

/// The rows of `matrix` listed in `rows`, in that order.
Eigen::MatrixXd selectRows(const Eigen::MatrixXd &matrix, const std::vector<int> &rows);
std::vector<int> selectLabels(const std::vector<int> &labels, const std::vector<int> &rows);

} // namespace trm
