#include "explorerdepthchart.h"

#include "explorerstyle.h"

#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace trm::ui {

ExplorerDepthChart::ExplorerDepthChart(QWidget *parent)
    : QChartView(parent)
    , m_line(new QLineSeries)
    , m_trained(new QScatterSeries)
    , m_cycleAxis(new QValueAxis)
    , m_valueAxis(new QValueAxis)
{
    auto *chart = new QChart;
    explorer::styleChart(chart, font());
    // Legend entries drawn like the series (rings, triangles, lines) rather than as
    // squares of the series' brush, which stay empty for the transparent rings.
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    chart->setTitle(tr("Thinking less or more than trained"));
    m_cycleAxis->setTitleText(tr("cycles per supervision step"));
    m_cycleAxis->setLabelFormat(QStringLiteral("%d"));
    m_cycleAxis->setTickType(QValueAxis::TicksDynamic);
    m_cycleAxis->setTickAnchor(1);
    m_cycleAxis->setTickInterval(1);
    m_valueAxis->setTitleText(tr("accuracy (%)"));
    m_valueAxis->setLabelFormat(QStringLiteral("%d"));
    m_valueAxis->setTickType(QValueAxis::TicksDynamic);
    m_valueAxis->setTickAnchor(0);
    explorer::styleAxis(m_cycleAxis, font());
    explorer::styleAxis(m_valueAxis, font());
    chart->addAxis(m_cycleAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);

    QPen pen(QColor(44, 160, 44));
    pen.setWidthF(explorer::lineWidth);
    m_line->setPen(pen);
    m_line->setName(tr("test accuracy"));
    m_line->setPointsVisible(true);
    m_line->setMarkerSize(9);
    m_trained->setName(tr("as trained"));
    m_trained->setMarkerSize(24);
    m_trained->setColor(Qt::transparent);
    QPen ring(QColor(200, 0, 0));
    ring.setWidthF(3);
    m_trained->setPen(ring);
    for (QAbstractSeries *series :
         {static_cast<QAbstractSeries *>(m_line), static_cast<QAbstractSeries *>(m_trained)}) {
        chart->addSeries(series);
        series->attachAxis(m_cycleAxis);
        series->attachAxis(m_valueAxis);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    setPoints({}, 0);
}

void ExplorerDepthChart::setPoints(const std::vector<DepthPoint> &points, int trainedCycles)
{
    QList<QPointF> line;
    QList<QPointF> trained;
    double lowest = 100;
    for (const DepthPoint &point : points) {
        line.append(QPointF(point.cycles, point.accuracy * 100));
        lowest = std::min(lowest, point.accuracy * 100);
        if (point.cycles == trainedCycles)
            trained.append(line.back());
    }
    m_line->replace(line);
    m_trained->replace(trained);
    const int maxCycles = points.empty() ? 2 : points.back().cycles;
    m_cycleAxis->setRange(0.7, maxCycles + 0.3);
    m_valueAxis->setRange(std::max(0.0, std::floor(lowest / 10 - 0.5) * 10), 102);
    m_valueAxis->setTickInterval(m_valueAxis->max() - m_valueAxis->min() > 52 ? 20 : 10);
}

QList<QPointF> ExplorerDepthChart::points() const
{
    return m_line->points();
}

} // namespace trm::ui
