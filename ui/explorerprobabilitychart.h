#pragma once

#include "explorerstepchart.h"

#include "trmmodel.h"

#include <QStringList>

namespace trm::ui {

/// One row's recursion at a glance: a line per class of its probability
/// against the answer update, the halting probability on the same axis, a
/// ring where the predicted class changed, triangles under the cycles that
/// carried gradient in training, and a cursor at the current step.
class ExplorerProbabilityChart : public ExplorerStepChart
{
    Q_OBJECT

public:
    explicit ExplorerProbabilityChart(QWidget *parent = nullptr);

    /// `trace` of a single row.
    void setTrace(const Trace &trace, const QStringList &classNames);
    void clear();

    int classLineCount() const { return int(m_classLines.size()); }
    /// Points of class k's line (one per step).
    QList<QPointF> classPoints(int k) const;
    QList<QPointF> flipPoints() const;

private:
    std::vector<QLineSeries *> m_classLines;
    QScatterSeries *m_flips = nullptr;
};

} // namespace trm::ui
