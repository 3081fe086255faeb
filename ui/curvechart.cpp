#include "curvechart.h"

#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QTimer>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace trm::ui {

namespace {

// Merging window for redraws: fast enough to look live, slow enough that a
// run of many short epochs costs a handful of redraws a second.
constexpr int flushIntervalMs = 50;

QFont scaledFont(const QFont &base, double factor, bool bold = false)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

QLineSeries *makeSeries(const QString &name, const QColor &color, Qt::PenStyle style)
{
    auto *series = new QLineSeries;
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(3.5);
    pen.setStyle(style);
    pen.setCapStyle(Qt::RoundCap);
    series->setPen(pen);
    return series;
}

/// A step of 1, 2 or 5 times a power of ten giving at most about six ticks.
double niceInterval(int span)
{
    const double raw = span / 5.0;
    const double power = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * power >= raw)
            return step * power;
    }
    return 10.0 * power;
}

} // namespace

CurveChart::CurveChart(const QString &title, const QString &valueName, Scale scale, QWidget *parent)
    : QChartView(parent)
    , m_scale(scale)
    , m_train(makeSeries(tr("training"), QColor(31, 119, 180), Qt::SolidLine))
    , m_validation(makeSeries(tr("validation"), QColor(230, 110, 0), Qt::DashLine))
    , m_epochAxis(new QValueAxis)
    , m_valueAxis(new QValueAxis)
    , m_flushTimer(new QTimer(this))
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle(title);
    const QFont base = font();
    chart->setTitleFont(scaledFont(base, 1.5, true));
    chart->legend()->setFont(scaledFont(base, 1.25));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));

    chart->addSeries(m_train);
    chart->addSeries(m_validation);

    m_epochAxis->setTitleText(tr("epoch"));
    m_epochAxis->setLabelFormat(QStringLiteral("%d"));
    m_epochAxis->setTickType(QValueAxis::TicksDynamic);
    m_epochAxis->setTickAnchor(0);
    m_valueAxis->setTitleText(valueName);
    if (scale == Scale::Percent) {
        m_valueAxis->setLabelFormat(QStringLiteral("%d"));
        m_valueAxis->setTickInterval(20);
        m_valueAxis->setTickType(QValueAxis::TicksDynamic);
        m_valueAxis->setTickAnchor(0);
    } else {
        m_valueAxis->setLabelFormat(QStringLiteral("%.2f"));
    }
    for (QValueAxis *axis : {m_epochAxis, m_valueAxis}) {
        axis->setLabelsFont(scaledFont(base, 1.2));
        axis->setTitleFont(scaledFont(base, 1.2, true));
    }
    chart->addAxis(m_epochAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    for (QLineSeries *series : {m_train, m_validation}) {
        series->attachAxis(m_epochAxis);
        series->attachAxis(m_valueAxis);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 240);

    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(flushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &CurveChart::flush);
    reset(1);
}

void CurveChart::reset(int epochBudget)
{
    m_flushTimer->stop();
    m_pendingTrain.clear();
    m_pendingValidation.clear();
    m_train->clear();
    m_validation->clear();
    m_maxValue = 0;
    m_lastEpoch = 0;
    m_epochBudget = std::max(epochBudget, 1);
    fitValueAxis();
}

void CurveChart::append(int epoch, double trainValue, double validationValue)
{
    const double factor = m_scale == Scale::Percent ? 100.0 : 1.0;
    if (std::isfinite(trainValue)) {
        m_pendingTrain.append(QPointF(epoch, trainValue * factor));
        m_maxValue = std::max(m_maxValue, trainValue * factor);
    }
    if (std::isfinite(validationValue)) {
        m_pendingValidation.append(QPointF(epoch, validationValue * factor));
        m_maxValue = std::max(m_maxValue, validationValue * factor);
    }
    m_lastEpoch = std::max(m_lastEpoch, epoch);
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void CurveChart::flush()
{
    m_flushTimer->stop();
    if (!m_pendingTrain.isEmpty())
        m_train->append(m_pendingTrain);
    if (!m_pendingValidation.isEmpty())
        m_validation->append(m_pendingValidation);
    m_pendingTrain.clear();
    m_pendingValidation.clear();
    fitValueAxis();
}

int CurveChart::trainPointCount() const
{
    return int(m_train->count());
}

int CurveChart::validationPointCount() const
{
    return int(m_validation->count());
}

void CurveChart::fitValueAxis()
{
    // Epoch axis: the whole budget, so the curve's progress across the chart
    // shows how far the run has come. Stretched if the run ever goes past it.
    const int lastEpoch = std::max({m_epochBudget, m_lastEpoch, 2});
    // Dynamic ticks create one item per interval, so the interval must never
    // be small for the range it is applied to: widen it before changing the range.
    const double interval = niceInterval(lastEpoch);
    m_epochAxis->setTickInterval(std::max(interval, m_epochAxis->tickInterval()));
    m_epochAxis->setRange(0, lastEpoch);
    m_epochAxis->setTickInterval(interval);
    if (m_scale == Scale::Percent) {
        // A little room above 100 % so a perfect score is not drawn on the frame.
        m_valueAxis->setRange(0, 103);
        return;
    }
    m_valueAxis->setRange(0, m_maxValue > 0 ? m_maxValue * 1.05 : 1.0);
    m_valueAxis->applyNiceNumbers();
}

} // namespace trm::ui
