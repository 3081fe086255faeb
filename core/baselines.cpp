#include "baselines.h"

#include "preprocessing.h"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace trm {

namespace {

/// liblinear prints its solver's progress to stdout unless given a sink.
void discardSolverOutput(const char *) {}

/// liblinear's sparse rows: every feature (1-based index) then the -1 terminator.
/// One node block per matrix keeps the pointers valid while the solver runs.
struct SparseRows
{
    std::vector<feature_node> nodes;
    std::vector<feature_node *> rows;

    explicit SparseRows(const Eigen::MatrixXd &features, double bias)
    {
        const Eigen::Index n = features.rows();
        const Eigen::Index d = features.cols();
        // d features, the bias feature when bias >= 0, and the terminator.
        const Eigen::Index perRow = d + (bias >= 0 ? 1 : 0) + 1;
        nodes.resize(std::size_t(n * perRow));
        rows.resize(std::size_t(n));
        for (Eigen::Index i = 0; i < n; ++i) {
            feature_node *row = nodes.data() + i * perRow;
            rows[std::size_t(i)] = row;
            Eigen::Index j = 0;
            for (; j < d; ++j)
                row[j] = feature_node{int(j + 1), features(i, j)};
            if (bias >= 0)
                row[j++] = feature_node{int(d + 1), bias};
            row[j] = feature_node{-1, 0.0};
        }
    }
};

struct ModelDeleter
{
    void operator()(::model *m) const { free_and_destroy_model(&m); }
};

} // namespace

Result<Reference> fitMajorityClass(const std::vector<int> &trainLabels, int classCount,
                                   const std::vector<int> &testLabels)
{
    if (classCount < 1)
        return makeError(QStringLiteral("majority class: no classes"));
    if (trainLabels.empty())
        return makeError(QStringLiteral("majority class: no training rows"));
    Eigen::VectorXd frequency = Eigen::VectorXd::Zero(classCount);
    for (int label : trainLabels) {
        if (label < 0 || label >= classCount)
            return makeError(QStringLiteral("majority class: label %1 outside [0, %2)")
                                 .arg(label)
                                 .arg(classCount));
        frequency(label) += 1;
    }
    frequency /= double(trainLabels.size());
    Eigen::Index majority = 0;
    frequency.maxCoeff(&majority);

    Reference reference;
    reference.name = QStringLiteral("Majority class");
    reference.description = QStringLiteral("always predicts the most common training class");
    reference.probabilities = frequency.transpose().replicate(Eigen::Index(testLabels.size()), 1);
    // Every row predicts `majority`, even where frequencies tie with another class.
    reference.evaluation =
        evaluate(testLabels, std::vector<int>(testLabels.size(), int(majority)), classCount);
    reference.evaluation.logLoss = logLoss(testLabels, reference.probabilities);
    return reference;
}

Result<Reference> fitLogisticRegression(const Eigen::MatrixXd &trainFeatures,
                                        const std::vector<int> &trainLabels, int classCount,
                                        const Eigen::MatrixXd &testFeatures,
                                        const std::vector<int> &testLabels,
                                        double inverseRegularisation)
{
    if (trainFeatures.rows() != Eigen::Index(trainLabels.size()) ||
        testFeatures.rows() != Eigen::Index(testLabels.size()) ||
        trainFeatures.cols() != testFeatures.cols()) {
        return makeError(QStringLiteral("logistic regression: features and labels disagree "
                                        "in size"));
    }
    if (!trainFeatures.allFinite() || !testFeatures.allFinite())
        return makeError(QStringLiteral("logistic regression: a feature is not finite"));
    std::vector<int> seen;
    for (int label : trainLabels) {
        if (label < 0 || label >= classCount)
            return makeError(QStringLiteral("logistic regression: label %1 outside [0, %2)")
                                 .arg(label)
                                 .arg(classCount));
        if (std::find(seen.begin(), seen.end(), label) == seen.end())
            seen.push_back(label);
    }
    if (seen.size() < 2) {
        return makeError(QStringLiteral("logistic regression needs at least two classes among "
                                        "the training rows, found %1")
                             .arg(seen.size()));
    }

    // A constant bias feature of 1 gives each class an intercept (regularised
    // along with the weights, as liblinear does).
    constexpr double bias = 1.0;
    SparseRows train(trainFeatures, bias);
    std::vector<double> targets(trainLabels.begin(), trainLabels.end());
    problem prob{};
    prob.l = int(trainLabels.size());
    prob.n = int(trainFeatures.cols()) + 1;
    prob.y = targets.data();
    prob.x = train.rows.data();
    prob.bias = bias;

    parameter param{};
    param.solver_type = L2R_LR;
    param.C = inverseRegularisation;
    // liblinear's default tolerance for the primal solver of L2R_LR.
    param.eps = 0.01;
    if (const char *problemText = check_parameter(&prob, &param)) {
        return makeError(
            QStringLiteral("logistic regression: %1").arg(QString::fromUtf8(problemText)));
    }

    set_print_string_function(&discardSolverOutput);
    const std::unique_ptr<::model, ModelDeleter> fitted(::train(&prob, &param));
    if (!fitted || !check_probability_model(fitted.get()))
        return makeError(QStringLiteral("logistic regression: the solver gave no model"));

    // liblinear numbers its classes in order of first appearance; map them back.
    const int fittedClasses = get_nr_class(fitted.get());
    std::vector<int> fittedLabels(static_cast<std::size_t>(fittedClasses));
    get_labels(fitted.get(), fittedLabels.data());

    SparseRows test(testFeatures, bias);
    Reference reference;
    reference.name = QStringLiteral("Logistic regression");
    reference.description =
        QStringLiteral("L2-regularised (C = %1), one versus the rest, liblinear %2")
            .arg(inverseRegularisation)
            .arg(QStringLiteral("%1.%2")
                     .arg(liblinear_version / 100)
                     .arg(liblinear_version % 100, 2, 10, QLatin1Char('0')));
    reference.probabilities = Eigen::MatrixXd::Zero(testFeatures.rows(), classCount);
    std::vector<double> estimates(static_cast<std::size_t>(fittedClasses));
    for (Eigen::Index i = 0; i < testFeatures.rows(); ++i) {
        predict_probability(fitted.get(), test.rows[std::size_t(i)], estimates.data());
        // A class with no training rows gets probability 0.
        for (int c = 0; c < fittedClasses; ++c)
            reference.probabilities(i, fittedLabels[std::size_t(c)]) = estimates[std::size_t(c)];
    }
    reference.evaluation = evaluate(testLabels, reference.probabilities);
    return reference;
}

Result<std::vector<Reference>> fitReferences(const Eigen::MatrixXd &rawFeatures,
                                             const std::vector<int> &labels, int classCount,
                                             const std::vector<int> &trainRows,
                                             const std::vector<int> &testRows)
{
    const std::vector<int> trainLabels = selectLabels(labels, trainRows);
    const std::vector<int> testLabels = selectLabels(labels, testRows);
    Result<Reference> majority = fitMajorityClass(trainLabels, classCount, testLabels);
    if (!majority)
        return majority.error();
    const Standardizer standardizer = Standardizer::fit(rawFeatures, trainRows);
    const Eigen::MatrixXd standardised = standardizer.apply(rawFeatures);
    Result<Reference> logistic =
        fitLogisticRegression(selectRows(standardised, trainRows), trainLabels, classCount,
                              selectRows(standardised, testRows), testLabels);
    if (!logistic)
        return logistic.error();
    return std::vector<Reference>{std::move(majority).value(), std::move(logistic).value()};
}

} // namespace trm
