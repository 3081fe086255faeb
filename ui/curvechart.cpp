#include "curvechart.h"

#include <QBuffer>
#include <QChart>
#include <QCursor>
#include <QFileInfo>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QPen>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextStream>
#include <QTimer>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace trm::ui {

namespace {

// Merging window for redraws: fast enough to look live, slow enough that a
// run of many short epochs costs a handful of redraws a second.
constexpr int flushIntervalMs = 50;

const QColor trainColor(31, 119, 180);
const QColor validationColor(230, 110, 0);

/// Earlier runs, one hue each, faded so the newest run stands out.
QColor earlierColor(int index, bool validation)
{
    static const QColor palette[] = {
        QColor(44, 160, 44),   QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194),
        QColor(127, 127, 127), QColor(188, 189, 34),  QColor(23, 190, 207)};
    QColor color = palette[index % int(std::size(palette))];
    if (validation)
        color = color.darker(130);
    color.setAlpha(120);
    return color;
}

QFont scaledFont(const QFont &base, double factor, bool bold = false)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

QPen curvePen(const QColor &color, double width, Qt::PenStyle style)
{
    QPen pen(color);
    pen.setWidthF(width);
    pen.setStyle(style);
    pen.setCapStyle(Qt::RoundCap);
    return pen;
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

QString csvField(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvNumber(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', 17) : QString();
}

Result<void> writeAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return makeError(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    return {};
}

} // namespace

CurveChart::CurveChart(const QString &title, const QString &valueName, Scale scale, QWidget *parent)
    : QChartView(parent)
    , m_scale(scale)
    , m_valueName(valueName)
    , m_epochAxis(new QValueAxis)
    , m_valueAxis(new QValueAxis)
    , m_logAxis(new QLogValueAxis)
    , m_flushTimer(new QTimer(this))
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    m_title = title;
    chart->setTitle(title);
    const QFont base = font();
    chart->setTitleFont(scaledFont(base, 1.5, true));
    chart->legend()->setFont(scaledFont(base, 1.05));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));

    m_epochAxis->setTitleText(tr("epoch"));
    m_epochAxis->setLabelFormat(QStringLiteral("%d"));
    m_epochAxis->setTickType(QValueAxis::TicksDynamic);
    m_epochAxis->setTickAnchor(0);
    m_valueAxis->setTitleText(valueName);
    m_logAxis->setTitleText(valueName + tr(" (log scale)"));
    m_logAxis->setBase(10);
    m_logAxis->setLabelFormat(QStringLiteral("%g"));
    m_logAxis->setMinorTickCount(-1);
    if (scale == Scale::Percent) {
        m_valueAxis->setLabelFormat(QStringLiteral("%d"));
        m_valueAxis->setTickInterval(20);
        m_valueAxis->setTickType(QValueAxis::TicksDynamic);
        m_valueAxis->setTickAnchor(0);
    } else {
        m_valueAxis->setLabelFormat(QStringLiteral("%.2f"));
    }
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(m_epochAxis), static_cast<QAbstractAxis *>(m_valueAxis),
          static_cast<QAbstractAxis *>(m_logAxis)}) {
        axis->setLabelsFont(scaledFont(base, 1.2));
        axis->setTitleFont(scaledFont(base, 1.2, true));
    }
    chart->addAxis(m_epochAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    // The chart owns only the axis in use; the other is parented here.
    m_logAxis->setParent(this);
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
    while (!m_runs.empty())
        removeRun(0);
    beginRun(QString(), epochBudget);
}

void CurveChart::beginRun(const QString &label, int epochBudget)
{
    flush();
    // An empty run left by reset() is replaced rather than kept as a faded ghost.
    if (!m_runs.empty() && m_runs.back().epochs.empty() && m_runs.back().label.isEmpty())
        removeRun(runCount() - 1);
    Run run;
    run.label = label;
    run.epochBudget = std::max(epochBudget, 1);
    run.train = new QLineSeries;
    run.validation = new QLineSeries;
    for (QLineSeries *series : {run.train, run.validation}) {
        chart()->addSeries(series);
        series->attachAxis(m_epochAxis);
        attachValueAxis(series);
        connect(
            series, &QLineSeries::hovered, this,
            [this, series](const QPointF &point, bool state) { onHovered(series, point, state); });
    }
    m_runs.push_back(run);
    styleRuns();
    fitAxes();
}

void CurveChart::append(int epoch, double trainValue, double validationValue)
{
    if (m_runs.empty())
        beginRun(QString(), epoch);
    Run &run = m_runs.back();
    run.epochs.push_back(epoch);
    run.trainValues.push_back(trainValue);
    run.validationValues.push_back(validationValue);
    const double factor = m_scale == Scale::Percent ? 100.0 : 1.0;
    if (std::isfinite(trainValue))
        m_pendingTrain.append(QPointF(epoch, trainValue * factor));
    if (std::isfinite(validationValue))
        m_pendingValidation.append(QPointF(epoch, validationValue * factor));
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void CurveChart::flush()
{
    m_flushTimer->stop();
    if (m_runs.empty())
        return;
    if (!m_pendingTrain.isEmpty())
        m_runs.back().train->append(m_pendingTrain);
    if (!m_pendingValidation.isEmpty())
        m_runs.back().validation->append(m_pendingValidation);
    m_pendingTrain.clear();
    m_pendingValidation.clear();
    fitAxes();
}

void CurveChart::removeRun(int index)
{
    if (index < 0 || index >= runCount())
        return;
    if (index == runCount() - 1) {
        m_pendingTrain.clear();
        m_pendingValidation.clear();
    }
    Run &run = m_runs[std::size_t(index)];
    for (QLineSeries *series : {run.train, run.validation}) {
        chart()->removeSeries(series);
        delete series;
    }
    m_runs.erase(m_runs.begin() + index);
    styleRuns();
    fitAxes();
}

QString CurveChart::runLabel(int index) const
{
    return index >= 0 && index < runCount() ? m_runs[std::size_t(index)].label : QString();
}

void CurveChart::setLegendName(int index, const QString &name)
{
    if (index < 0 || index >= runCount())
        return;
    m_runs[std::size_t(index)].legendName = name;
    styleRuns();
}

int CurveChart::trainPointCount() const
{
    return m_runs.empty() ? 0 : int(m_runs.back().train->count());
}

int CurveChart::validationPointCount() const
{
    return m_runs.empty() ? 0 : int(m_runs.back().validation->count());
}

QList<QPointF> CurveChart::points(int index, bool validation) const
{
    if (index < 0 || index >= runCount())
        return {};
    const Run &run = m_runs[std::size_t(index)];
    return (validation ? run.validation : run.train)->points();
}

void CurveChart::setLogScale(bool logScale)
{
    if (logScale == m_logScale || m_scale == Scale::Percent)
        return;
    QAbstractAxis *from = m_logScale ? static_cast<QAbstractAxis *>(m_logAxis) : m_valueAxis;
    QAbstractAxis *to = logScale ? static_cast<QAbstractAxis *>(m_logAxis) : m_valueAxis;
    for (const Run &run : m_runs)
        for (QLineSeries *series : {run.train, run.validation})
            series->detachAxis(from);
    chart()->removeAxis(from);
    from->setParent(this);
    chart()->addAxis(to, Qt::AlignLeft);
    m_logScale = logScale;
    for (const Run &run : m_runs)
        for (QLineSeries *series : {run.train, run.validation})
            series->attachAxis(to);
    fitAxes();
}

void CurveChart::attachValueAxis(QLineSeries *series)
{
    series->attachAxis(m_logScale ? static_cast<QAbstractAxis *>(m_logAxis) : m_valueAxis);
}

QString CurveChart::hoverText(const QLineSeries *series, const QPointF &point) const
{
    for (const Run &run : m_runs) {
        if (series != run.train && series != run.validation)
            continue;
        // The hovered point lies anywhere on the line: report the nearest epoch.
        const QList<QPointF> drawn = series->points();
        if (drawn.isEmpty())
            return {};
        const auto nearest = std::min_element(
            drawn.begin(), drawn.end(), [&point](const QPointF &a, const QPointF &b) {
                return std::abs(a.x() - point.x()) < std::abs(b.x() - point.x());
            });
        const bool percent = m_scale == Scale::Percent;
        const QString value = percent ? QString::number(nearest->y(), 'f', 2) + QStringLiteral(" %")
                                      : QString::number(nearest->y(), 'f', 5);
        const QString curve = series == run.train ? tr("training") : tr("validation");
        const QString name = run.label.isEmpty() ? curve : run.label + QStringLiteral(", ") + curve;
        return tr("%1\nepoch %2: %3 %4")
            .arg(name)
            .arg(int(std::lround(nearest->x())))
            .arg(m_valueName, value);
    }
    return {};
}

void CurveChart::onHovered(QLineSeries *series, const QPointF &point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    m_lastHover = hoverText(series, point);
    QToolTip::showText(QCursor::pos(), m_lastHover, this);
}

void CurveChart::styleRuns()
{
    // The legend must stay readable on a narrow chart: the newest run gets a
    // "training" and a "validation" entry, each earlier run one entry named by
    // its label (its validation curve is the dashed line of the same colour).
    // With earlier runs the legend moves to the right, one entry a line, so
    // long labels are not cut; the newest run's label is the chart's subtitle.
    const int newest = runCount() - 1;
    for (int i = 0; i < runCount(); ++i) {
        Run &run = m_runs[std::size_t(i)];
        const bool current = i == newest;
        if (current) {
            run.train->setName(tr("training"));
            run.validation->setName(tr("validation"));
        } else {
            const QString name = !run.legendName.isEmpty() ? run.legendName : run.label;
            run.train->setName(name.isEmpty() ? tr("run %1").arg(i + 1) : name);
            run.validation->setName(run.train->name() + tr(" (validation)"));
        }
        run.train->setPen(current ? curvePen(trainColor, 3.5, Qt::SolidLine)
                                  : curvePen(earlierColor(i, false), 2.0, Qt::SolidLine));
        run.validation->setPen(current ? curvePen(validationColor, 3.5, Qt::DashLine)
                                       : curvePen(earlierColor(i, true), 2.0, Qt::DashLine));
        const QList<QLegendMarker *> markers = chart()->legend()->markers(run.validation);
        for (QLegendMarker *marker : markers)
            marker->setVisible(current);
    }
    const bool comparing = runCount() > 1;
    chart()->legend()->setAlignment(comparing ? Qt::AlignRight : Qt::AlignBottom);
    const QString newestLabel = comparing ? m_runs.back().label.toHtmlEscaped() : QString();
    chart()->setTitle(
        newestLabel.isEmpty()
            ? m_title
            : QStringLiteral("%1<br><span style='font-size:small; font-weight:normal'>"
                             "%2</span>")
                  .arg(m_title, newestLabel));
}

void CurveChart::fitAxes()
{
    int lastEpoch = 2;
    double maxValue = 0;
    double minPositive = std::numeric_limits<double>::infinity();
    for (const Run &run : m_runs) {
        lastEpoch = std::max(lastEpoch, run.epochBudget);
        for (QLineSeries *series : {run.train, run.validation}) {
            for (const QPointF &p : series->points()) {
                lastEpoch = std::max(lastEpoch, int(p.x()));
                maxValue = std::max(maxValue, p.y());
                if (p.y() > 0)
                    minPositive = std::min(minPositive, p.y());
            }
        }
    }
    // Epoch axis: the whole budget, so the curve's progress across the chart
    // shows how far the run has come. Dynamic ticks create one item per
    // interval, so widen the interval before changing the range.
    const double interval = niceInterval(lastEpoch);
    m_epochAxis->setTickInterval(std::max(interval, m_epochAxis->tickInterval()));
    m_epochAxis->setRange(0, lastEpoch);
    m_epochAxis->setTickInterval(interval);
    if (m_scale == Scale::Percent) {
        // A little room above 100 % so a perfect score is not drawn on the frame.
        m_valueAxis->setRange(0, 103);
        return;
    }
    m_valueAxis->setRange(0, maxValue > 0 ? maxValue * 1.05 : 1.0);
    m_valueAxis->applyNiceNumbers();
    if (std::isfinite(minPositive)) {
        // Whole decades on a log axis, so its labels are 0.01, 0.1, 1.
        m_logAxis->setRange(std::pow(10.0, std::floor(std::log10(minPositive))),
                            std::pow(10.0, std::ceil(std::log10(maxValue * 1.001))));
    } else {
        m_logAxis->setRange(0.01, 10);
    }
}

Result<void> CurveChart::saveImage(const QString &path)
{
    flush();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(size());
        generator.setViewBox(rect());
        generator.setTitle(chart()->title());
        QPainter painter(&generator);
        render(&painter);
        painter.end();
    } else if (suffix == QLatin1String("png")) {
        if (!grab().save(&buffer, "PNG"))
            return makeError(QStringLiteral("%1: cannot draw the chart as PNG").arg(path));
    } else {
        return makeError(QStringLiteral("%1: choose a file name ending in .png or .svg").arg(path));
    }
    return writeAtomically(path, bytes);
}

QByteArray CurveChart::csv() const
{
    QString text;
    QTextStream out(&text);
    out << "run,epoch,training,validation\n";
    for (int i = 0; i < runCount(); ++i) {
        const Run &run = m_runs[std::size_t(i)];
        const QString label = run.label.isEmpty() ? QString::number(i + 1) : run.label;
        for (std::size_t e = 0; e < run.epochs.size(); ++e)
            out << csvField(label) << ',' << run.epochs[e] << ',' << csvNumber(run.trainValues[e])
                << ',' << csvNumber(run.validationValues[e]) << '\n';
    }
    out.flush();
    return text.toUtf8();
}

Result<void> CurveChart::saveCsv(const QString &path) const
{
    return writeAtomically(path, csv());
}

} // namespace trm::ui
