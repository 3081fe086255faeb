#pragma once

#include "explorerstepchart.h"

#include <vector>

namespace trm::ui {

/// Accuracy over the test rows after each answer update: whether the
/// recursion helps on this data, and from which step on.
class ExplorerAccuracyChart : public ExplorerStepChart
{
    Q_OBJECT

public:
    explicit ExplorerAccuracyChart(QWidget *parent = nullptr);

    /// `accuracy` (0 to 1) and `carriedGradient` have one entry per step.
    void setAccuracy(const std::vector<double> &accuracy, const std::vector<bool> &carriedGradient);
    QList<QPointF> points() const;

private:
    QLineSeries *m_line = nullptr;
};

} // namespace trm::ui
