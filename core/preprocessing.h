#pragma once

#include <Eigen/Core>

#include <vector>

namespace trm {

/// Per-column standardisation, fitted on training rows only.
/// A column that is constant on the training rows gets scale 1, so it maps to
/// zero instead of dividing by zero.
struct Standardizer
{
    Eigen::VectorXd mean;   ///< d
    Eigen::VectorXd scale;  ///< d, population standard deviation, always > 0

    static Standardizer fit(const Eigen::MatrixXd &features, const std::vector<int> &rows);
    Eigen::MatrixXd apply(const Eigen::MatrixXd &features) const;
};

/// The rows of `matrix` listed in `rows`, in that order.
Eigen::MatrixXd selectRows(const Eigen::MatrixXd &matrix, const std::vector<int> &rows);
std::vector<int> selectLabels(const std::vector<int> &labels, const std::vector<int> &rows);

} // namespace trm
