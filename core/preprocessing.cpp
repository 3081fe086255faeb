#include "preprocessing.h"

#include <cmath>

namespace trm {

Standardizer Standardizer::fit(const Eigen::MatrixXd &features, const std::vector<int> &rows)
{
    const Eigen::Index d = features.cols();
    Standardizer standardizer;
    standardizer.mean = Eigen::VectorXd::Zero(d);
    standardizer.scale = Eigen::VectorXd::Ones(d);
    if (rows.empty())
        return standardizer;

    // Two passes (mean first, then squared deviations from it) rather than
    // E[x^2] - E[x]^2, which loses every digit when |mean| >> std.
    const double n = double(rows.size());
    for (int r : rows)
        standardizer.mean += features.row(r).transpose();
    standardizer.mean /= n;
    Eigen::VectorXd variance = Eigen::VectorXd::Zero(d);
    for (int r : rows)
        variance += (features.row(r).transpose() - standardizer.mean).array().square().matrix();
    variance /= n;

    for (Eigen::Index j = 0; j < d; ++j) {
        const double std = std::sqrt(variance(j));
        // A constant column maps to 0 instead of dividing by 0.
        if (std::isfinite(std) && std > 0)
            standardizer.scale(j) = std;
    }
    return standardizer;
}

Eigen::MatrixXd Standardizer::apply(const Eigen::MatrixXd &features) const
{
    // z = (x - mean) / scale, per column; N x d in, N x d out.
    return (features.rowwise() - mean.transpose()).array().rowwise() / scale.transpose().array();
}

Eigen::MatrixXd selectRows(const Eigen::MatrixXd &matrix, const std::vector<int> &rows)
{
    Eigen::MatrixXd selected(Eigen::Index(rows.size()), matrix.cols());
    for (std::size_t i = 0; i < rows.size(); ++i)
        selected.row(Eigen::Index(i)) = matrix.row(rows[i]);
    return selected;
}

std::vector<int> selectLabels(const std::vector<int> &labels, const std::vector<int> &rows)
{
    std::vector<int> selected;
    selected.reserve(rows.size());
    for (int r : rows)
        selected.push_back(labels[std::size_t(r)]);
    return selected;
}

} // namespace trm
