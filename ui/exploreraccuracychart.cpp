#include "exploreraccuracychart.h"

#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace trm::ui {

ExplorerAccuracyChart::ExplorerAccuracyChart(QWidget *parent)
    : ExplorerStepChart(tr("Test accuracy at each step"), tr("accuracy (%)"), parent)
{}

void ExplorerAccuracyChart::setAccuracy(const std::vector<double> &accuracy,
                                        const std::vector<bool> &carriedGradient)
{
    removeDataSeries();
    m_line = addLine(tr("test rows right"), QColor(31, 119, 180), Qt::SolidLine);
    m_line->setPointsVisible(true);
    m_line->setMarkerSize(9);
    QList<QPointF> points;
    double lowest = 100;
    for (std::size_t step = 0; step < accuracy.size(); ++step) {
        points.append(QPointF(double(step), accuracy[step] * 100));
        lowest = std::min(lowest, accuracy[step] * 100);
    }
    m_line->replace(points);
    // Zoom to the interesting band, but never hide 100 % or start above the
    // lowest value; steps of 10 % read well from afar.
    valueAxis()->setRange(std::max(0.0, std::floor(lowest / 10 - 0.5) * 10), 102);
    valueAxis()->setTickInterval(valueAxis()->max() - valueAxis()->min() > 52 ? 20 : 10);
    setLastStep(int(accuracy.size()) - 1);
    setTrainedSteps(carriedGradient);
}

QList<QPointF> ExplorerAccuracyChart::points() const
{
    return m_line ? m_line->points() : QList<QPointF>();
}

} // namespace trm::ui
