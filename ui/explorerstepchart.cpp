#include "explorerstepchart.h"

#include "explorerstyle.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace trm::ui {

ExplorerStepChart::ExplorerStepChart(const QString &title, const QString &valueName,
                                     QWidget *parent)
    : QChartView(parent)
    , m_stepAxis(new QValueAxis)
    , m_valueAxis(new QValueAxis)
    , m_cursor(new QLineSeries)
    , m_trained(new QScatterSeries)
{
    auto *chart = new QChart;
    explorer::styleChart(chart, font());
    // Legend entries drawn like the series (rings, triangles, lines) rather than as
    // squares of the series' brush, which stay empty for the transparent rings.
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    chart->setTitle(title);
    m_stepAxis->setTitleText(tr("answer update (step)"));
    m_stepAxis->setLabelFormat(QStringLiteral("%d"));
    m_stepAxis->setTickType(QValueAxis::TicksDynamic);
    m_stepAxis->setTickAnchor(0);
    m_valueAxis->setTitleText(valueName);
    // A little headroom so that markers at 100 % are not cut by the frame.
    m_valueAxis->setRange(0, 105);
    m_valueAxis->setTickType(QValueAxis::TicksDynamic);
    m_valueAxis->setTickAnchor(0);
    m_valueAxis->setTickInterval(25);
    m_valueAxis->setLabelFormat(QStringLiteral("%d"));
    explorer::styleAxis(m_stepAxis, font());
    explorer::styleAxis(m_valueAxis, font());
    chart->addAxis(m_stepAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);

    QPen cursorPen(QColor(60, 60, 60));
    cursorPen.setWidthF(2.5);
    cursorPen.setStyle(Qt::DotLine);
    m_cursor->setPen(cursorPen);
    m_cursor->setName(tr("current step"));
    chart->addSeries(m_cursor);
    // The dotted cursor explains itself; its legend entry would only crowd the others.
    chart->legend()->markers(m_cursor).front()->setVisible(false);
    m_cursor->attachAxis(m_stepAxis);
    m_cursor->attachAxis(m_valueAxis);

    m_trained->setName(tr("trained cycle"));
    m_trained->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    m_trained->setMarkerSize(13);
    m_trained->setColor(QColor(90, 90, 90));
    m_trained->setBorderColor(QColor(90, 90, 90));
    chart->addSeries(m_trained);
    m_trained->attachAxis(m_stepAxis);
    m_trained->attachAxis(m_valueAxis);

    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(360, 260);
    setLastStep(1);
}

void ExplorerStepChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    updateStepTicks();
}

void ExplorerStepChart::updateStepTicks()
{
    // As many labelled steps as fit side by side with room to spare: crowded
    // labels would be elided to "…" by the chart.
    const QFontMetrics metrics(m_stepAxis->labelsFont());
    const double labelWidth =
        metrics.horizontalAdvance(QString::number(m_lastStep)) + metrics.averageCharWidth() * 2;
    QRectF plot = chart()->plotArea();
    if (plot.width() <= 0)
        plot.setWidth(width() * 0.6);
    const double fitting = std::max(1.0, std::floor(plot.width() / labelWidth));
    double interval = 1;
    for (double nice : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0}) {
        interval = nice;
        if ((m_lastStep / nice) + 1 <= fitting)
            break;
    }
    if (m_stepAxis->tickInterval() != interval)
        m_stepAxis->setTickInterval(interval);
}

int ExplorerStepChart::stepTickInterval() const
{
    return int(m_stepAxis->tickInterval());
}

void ExplorerStepChart::setCursorStep(int step)
{
    m_cursorStep = std::clamp(step, 0, m_lastStep);
    m_cursor->replace(QList<QPointF>{QPointF(m_cursorStep, m_valueAxis->min()),
                                     QPointF(m_cursorStep, m_valueAxis->max())});
}

void ExplorerStepChart::setLastStep(int lastStep)
{
    m_lastStep = std::max(1, lastStep);
    // Half a step of room either side keeps the end markers off the frame.
    m_stepAxis->setRange(-0.3, m_lastStep + 0.3);
    m_stepAxis->setTickAnchor(0);
    updateStepTicks();
    setCursorStep(m_cursorStep);
}

QLineSeries *ExplorerStepChart::addLine(const QString &name, const QColor &color,
                                        Qt::PenStyle style)
{
    auto *series = new QLineSeries;
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(explorer::lineWidth);
    pen.setStyle(style);
    pen.setCapStyle(Qt::RoundCap);
    series->setPen(pen);
    attach(series);
    return series;
}

QScatterSeries *ExplorerStepChart::addMarkers(const QString &name, const QColor &fill,
                                              const QColor &border, double size)
{
    auto *series = new QScatterSeries;
    series->setName(name);
    series->setMarkerSize(size);
    series->setColor(fill);
    QPen pen(border);
    pen.setWidthF(3);
    series->setPen(pen);
    attach(series);
    return series;
}

void ExplorerStepChart::setTrainedSteps(const std::vector<bool> &carriedGradient)
{
    QList<QPointF> points;
    for (std::size_t step = 0; step < carriedGradient.size(); ++step) {
        if (carriedGradient[step])
            points.append(QPointF(double(step), m_valueAxis->min() + 2));
    }
    m_trained->replace(points);
}

void ExplorerStepChart::removeDataSeries()
{
    for (QAbstractSeries *series : m_data) {
        chart()->removeSeries(series);
        delete series;
    }
    m_data.clear();
}

void ExplorerStepChart::attach(QAbstractSeries *series)
{
    chart()->addSeries(series);
    series->attachAxis(m_stepAxis);
    series->attachAxis(m_valueAxis);
    m_data.push_back(series);
}

} // namespace trm::ui
