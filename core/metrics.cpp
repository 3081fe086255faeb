#include "metrics.h"

#include "logging.h"

#include <algorithm>

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
    return evaluation;
}

} // namespace trm
