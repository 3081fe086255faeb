#pragma once

#include "traceanalysis.h"

#include <QChartView>

#include <vector>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace trm::ui {

/// Depth beyond training: final test accuracy when the model runs fewer or
/// more cycles per supervision step than it was trained with, to show under-
/// and over-thinking. The trained depth is ringed.
class ExplorerDepthChart : public QChartView
{
    Q_OBJECT

public:
    explicit ExplorerDepthChart(QWidget *parent = nullptr);

    void setPoints(const std::vector<DepthPoint> &points, int trainedCycles);
    QList<QPointF> points() const;

private:
    QLineSeries *m_line;
    QScatterSeries *m_trained;
    QValueAxis *m_cycleAxis;
    QValueAxis *m_valueAxis;
};

} // namespace trm::ui
