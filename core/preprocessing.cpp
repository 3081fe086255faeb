#include "preprocessing.h"

#include <algorithm>
#include <cmath>

namespace trm {

namespace {

// Median of the non-NaN values; the mean of the two middle values for an even
// count. 0 when there is none.
double medianOf(std::vector<double> &values)
{
    if (values.empty())
        return 0;
    const std::size_t middle = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(middle), values.end());
    const double upper = values[middle];
    if (values.size() % 2 == 1)
        return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + std::ptrdiff_t(middle));
    return lower + (upper - lower) / 2;
}

} // namespace

Standardizer Standardizer::fit(const Eigen::MatrixXd &features, const std::vector<int> &rows)
{
    const Eigen::Index d = features.cols();
    Standardizer standardizer;
    standardizer.median = Eigen::VectorXd::Zero(d);
    standardizer.mean = Eigen::VectorXd::Zero(d);
    standardizer.scale = Eigen::VectorXd::Ones(d);
    if (rows.empty())
        return standardizer;

    std::vector<double> present;
    present.reserve(rows.size());
    for (Eigen::Index j = 0; j < d; ++j) {
        present.clear();
        for (int r : rows) {
            const double value = features(r, j);
            if (!std::isnan(value))
                present.push_back(value);
        }
        standardizer.median(j) = medianOf(present);
    }

    // Two passes over the imputed values (mean first, then squared deviations from
    // it) rather than E[x^2] - E[x]^2, which loses every digit when |mean| >> std.
    const double n = double(rows.size());
    auto imputed = [&](int r, Eigen::Index j) {
        const double value = features(r, j);
        return std::isnan(value) ? standardizer.median(j) : value;
    };
    for (Eigen::Index j = 0; j < d; ++j) {
        double sum = 0;
        for (int r : rows)
            sum += imputed(r, j);
        standardizer.mean(j) = sum / n;
        double squares = 0;
        for (int r : rows) {
            const double deviation = imputed(r, j) - standardizer.mean(j);
            squares += deviation * deviation;
        }
        const double std = std::sqrt(squares / n);
        // A constant column maps to 0 instead of dividing by 0.
        if (std::isfinite(std) && std > 0)
            standardizer.scale(j) = std;
    }
    return standardizer;
}

Eigen::MatrixXd Standardizer::impute(const Eigen::MatrixXd &features) const
{
    Eigen::MatrixXd imputed = features;
    for (Eigen::Index j = 0; j < imputed.cols() && j < median.size(); ++j) {
        for (Eigen::Index i = 0; i < imputed.rows(); ++i) {
            if (std::isnan(imputed(i, j)))
                imputed(i, j) = median(j);
        }
    }
    return imputed;
}

Eigen::MatrixXd Standardizer::apply(const Eigen::MatrixXd &features) const
{
    // z = (impute(x) - mean) / scale, per column; N x d in, N x d out.
    return (impute(features).rowwise() - mean.transpose()).array().rowwise() /
           scale.transpose().array();
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
