#include "metrics.h"

#include "logging.h"

#include <algorithm>
#include <cmath>

namespace trm {

Evaluation evaluate(const std::vector<int> &truth, const std::vector<int> &predicted,
                    int classCount)
{
    Evaluation evaluation;
    evaluation.confusion = Eigen::MatrixXi::Zero(classCount, classCount);
    if (truth.size() != predicted.size())
        qCWarning(lcCore) << "evaluate:" << truth.size() << "true labels but" << predicted.size()
                          << "predictions; the extra entries are ignored";
    const std::size_t n = std::min(truth.size(), predicted.size());
    for (std::size_t i = 0; i < n; ++i) {
        const int t = truth[i];
        const int p = predicted[i];
        if (t < 0 || t >= classCount || p < 0 || p >= classCount) {
            qCWarning(lcCore) << "evaluate: label pair" << t << p << "outside [0," << classCount
                              << ") ignored";
            continue;
        }
        ++evaluation.confusion(t, p);
    }

    const int total = evaluation.confusion.sum();
    if (total > 0)
        evaluation.accuracy = double(evaluation.confusion.trace()) / total;

    evaluation.perClass.resize(std::size_t(classCount));
    double f1Sum = 0;
    for (int k = 0; k < classCount; ++k) {
        ClassMetrics &m = evaluation.perClass[std::size_t(k)];
        const int truePositives = evaluation.confusion(k, k);
        m.support = evaluation.confusion.row(k).sum();
        m.predicted = evaluation.confusion.col(k).sum();
        // precision = TP / (TP + FP) over the column, recall = TP / (TP + FN) over the row.
        m.precisionDefined = m.predicted > 0;
        m.recallDefined = m.support > 0;
        m.precision = m.precisionDefined ? double(truePositives) / m.predicted : 0.0;
        m.recall = m.recallDefined ? double(truePositives) / m.support : 0.0;
        // F1 = 2PR / (P + R), the harmonic mean; 0 when both are 0 (or undefined).
        const double sum = m.precision + m.recall;
        m.f1 = sum > 0 ? 2.0 * m.precision * m.recall / sum : 0.0;
        f1Sum += m.f1;
    }
    if (classCount > 0)
        evaluation.macroF1 = f1Sum / classCount;

    // Macro: every class weighs 1/K. Weighted: class k weighs support_k / N.
    // Balanced accuracy: mean recall over the classes present in the truth, so a
    // class the data never shows neither helps nor hurts.
    int presentClasses = 0;
    double recallSum = 0;
    for (int k = 0; k < classCount; ++k) {
        const ClassMetrics &m = evaluation.perClass[std::size_t(k)];
        evaluation.macroPrecision += m.precision;
        evaluation.macroRecall += m.recall;
        if (total > 0) {
            const double weight = double(m.support) / total;
            evaluation.weightedPrecision += weight * m.precision;
            evaluation.weightedRecall += weight * m.recall;
            evaluation.weightedF1 += weight * m.f1;
        }
        if (m.recallDefined) {
            ++presentClasses;
            recallSum += m.recall;
        }
    }
    if (classCount > 0) {
        evaluation.macroPrecision /= classCount;
        evaluation.macroRecall /= classCount;
    }
    if (presentClasses > 0)
        evaluation.balancedAccuracy = recallSum / presentClasses;
    return evaluation;
}

std::vector<int> argMax(const Eigen::MatrixXd &probabilities)
{
    std::vector<int> classes(std::size_t(probabilities.rows()), 0);
    if (probabilities.cols() == 0)
        return classes;
    for (Eigen::Index row = 0; row < probabilities.rows(); ++row) {
        Eigen::Index best = 0;
        probabilities.row(row).maxCoeff(&best);
        classes[std::size_t(row)] = int(best);
    }
    return classes;
}

double logLoss(const std::vector<int> &truth, const Eigen::MatrixXd &probabilities)
{
    const std::size_t n = std::min(truth.size(), std::size_t(probabilities.rows()));
    if (n == 0)
        return 0;
    double sum = 0;
    std::size_t counted = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const int t = truth[i];
        if (t < 0 || t >= probabilities.cols())
            continue;
        const double p = probabilities(Eigen::Index(i), t);
        // A NaN probability fails every comparison; treat it as the floor too.
        sum -= std::log(p > logLossFloor ? p : logLossFloor);
        ++counted;
    }
    return counted > 0 ? sum / double(counted) : 0.0;
}

Evaluation evaluate(const std::vector<int> &truth, const Eigen::MatrixXd &probabilities)
{
    Evaluation evaluation = evaluate(truth, argMax(probabilities), int(probabilities.cols()));
    evaluation.logLoss = logLoss(truth, probabilities);
    return evaluation;
}

MetricSpread meanAndSpread(const std::vector<double> &values)
{
    MetricSpread spread;
    if (values.empty())
        return spread;
    double sum = 0;
    for (double value : values)
        sum += value;
    spread.mean = sum / double(values.size());
    if (values.size() < 2)
        return spread;
    // Sample variance: sum (x - mean)^2 / (n - 1), the unbiased estimate over folds.
    double squares = 0;
    for (double value : values)
        squares += (value - spread.mean) * (value - spread.mean);
    spread.std = std::sqrt(squares / double(values.size() - 1));
    return spread;
}

FoldSummary summarizeFolds(const std::vector<Evaluation> &folds)
{
    FoldSummary summary;
    summary.folds = int(folds.size());
    std::vector<double> accuracy, balanced, macroPrecision, macroRecall, macroF1, weightedF1,
        logLosses;
    for (const Evaluation &fold : folds) {
        accuracy.push_back(fold.accuracy);
        balanced.push_back(fold.balancedAccuracy);
        macroPrecision.push_back(fold.macroPrecision);
        macroRecall.push_back(fold.macroRecall);
        macroF1.push_back(fold.macroF1);
        weightedF1.push_back(fold.weightedF1);
        if (fold.logLoss)
            logLosses.push_back(*fold.logLoss);
    }
    summary.accuracy = meanAndSpread(accuracy);
    summary.balancedAccuracy = meanAndSpread(balanced);
    summary.macroPrecision = meanAndSpread(macroPrecision);
    summary.macroRecall = meanAndSpread(macroRecall);
    summary.macroF1 = meanAndSpread(macroF1);
    summary.weightedF1 = meanAndSpread(weightedF1);
    if (!folds.empty() && logLosses.size() == folds.size())
        summary.logLoss = meanAndSpread(logLosses);
    return summary;
}

} // namespace trm
