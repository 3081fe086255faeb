#include "explorerprojection.h"

#include "explorerstyle.h"

#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <limits>

namespace trm::ui {

namespace {

void attachTo(QChart *chart, QAbstractSeries *series, QValueAxis *x, QValueAxis *y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

} // namespace

ExplorerProjection::ExplorerProjection(QWidget *parent)
    : QChartView(parent)
    , m_pathLine(new QLineSeries)
    , m_pathHere(new QScatterSeries)
    , m_xAxis(new QValueAxis)
    , m_yAxis(new QValueAxis)
{
    auto *chart = new QChart;
    explorer::styleChart(chart, font());
    // Legend entries drawn like the series (rings, triangles, lines) rather than as
    // squares of the series' brush, which stay empty for the transparent rings.
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    chart->setTitle(tr("Answer states, 2-D"));
    m_xAxis->setTitleText(tr("component 1"));
    m_yAxis->setTitleText(tr("component 2"));
    for (QValueAxis *axis : {m_xAxis, m_yAxis}) {
        explorer::styleAxis(axis, font());
        axis->setLabelFormat(QStringLiteral("%.1f"));
        axis->setTickCount(5);
    }
    chart->addAxis(m_xAxis, Qt::AlignBottom);
    chart->addAxis(m_yAxis, Qt::AlignLeft);

    QPen pathPen(Qt::black);
    pathPen.setWidthF(2.5);
    m_pathLine->setPen(pathPen);
    m_pathLine->setName(tr("row's path"));
    m_pathLine->setPointsVisible(true);
    m_pathHere->setName(tr("row now"));
    m_pathHere->setMarkerShape(QScatterSeries::MarkerShapeStar);
    m_pathHere->setMarkerSize(30);
    m_pathHere->setColor(QColor(255, 215, 0));
    QPen herePen(Qt::black);
    herePen.setWidthF(2);
    m_pathHere->setPen(herePen);
    // Classes plus the path: a column on the right keeps every name whole.
    chart->legend()->setAlignment(Qt::AlignRight);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 240);
}

void ExplorerProjection::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    // Five labels such as "-2.0" fit across a wide chart; a narrow one, with
    // the legend beside it, would show them elided to "…".
    const int ticks = width() >= 520 ? 5 : 3;
    if (m_xAxis->tickCount() != ticks)
        m_xAxis->setTickCount(ticks);
}

void ExplorerProjection::setData(const std::vector<Eigen::MatrixXd> &positions,
                                 const std::vector<int> &labels, const QStringList &classNames,
                                 double explainedShare)
{
    clear();
    m_positions = positions;
    m_labels = labels;
    const int classes = int(classNames.size());
    for (int k = 0; k < classes; ++k) {
        auto *series = new QScatterSeries;
        series->setName(classNames[k]);
        const QColor color = explorer::classColor(k, classes);
        series->setColor(color);
        series->setBorderColor(color.darker(140));
        series->setMarkerSize(11);
        attachTo(chart(), series, m_xAxis, m_yAxis);
        m_classSeries.push_back(series);
    }
    attachTo(chart(), m_pathLine, m_xAxis, m_yAxis);
    attachTo(chart(), m_pathHere, m_xAxis, m_yAxis);
    // Short enough for a narrow chart; the tooltip says what the share means.
    chart()->setTitle(tr("Answer states (%1 % of variance)").arg(explainedShare * 100, 0, 'f', 0));
    setToolTip(tr("The test rows' answer states projected on their two principal components, "
                  "which hold %1 % of the variance")
                   .arg(explainedShare * 100, 0, 'f', 0));
    fitAxes();
    setStep(m_step);
}

void ExplorerProjection::setPath(const Eigen::MatrixXd &path)
{
    m_path = path;
    QList<QPointF> points;
    for (Eigen::Index s = 0; s < path.rows(); ++s)
        points.append(QPointF(path(s, 0), path(s, 1)));
    m_pathLine->replace(points);
    fitAxes();
    setStep(m_step);
}

void ExplorerProjection::setStep(int step)
{
    const int last = std::max(0, int(m_positions.size()) - 1);
    m_step = std::clamp(step, 0, last);
    std::vector<QList<QPointF>> byClass(m_classSeries.size());
    if (!m_positions.empty()) {
        const Eigen::MatrixXd &here = m_positions[std::size_t(m_step)];
        for (Eigen::Index row = 0; row < here.rows(); ++row) {
            const int k = row < Eigen::Index(m_labels.size()) ? m_labels[std::size_t(row)] : -1;
            if (k >= 0 && k < int(byClass.size()))
                byClass[std::size_t(k)].append(QPointF(here(row, 0), here(row, 1)));
        }
    }
    for (std::size_t k = 0; k < m_classSeries.size(); ++k)
        m_classSeries[k]->replace(byClass[k]);
    QList<QPointF> current;
    if (m_step < m_path.rows())
        current.append(QPointF(m_path(m_step, 0), m_path(m_step, 1)));
    m_pathHere->replace(current);
}

void ExplorerProjection::clear()
{
    for (QScatterSeries *series : m_classSeries) {
        chart()->removeSeries(series);
        delete series;
    }
    m_classSeries.clear();
    // The path series are kept and re-added by setData().
    for (QAbstractSeries *series :
         {static_cast<QAbstractSeries *>(m_pathLine), static_cast<QAbstractSeries *>(m_pathHere)}) {
        if (chart()->series().contains(series))
            chart()->removeSeries(series);
    }
    m_positions.clear();
    m_labels.clear();
    m_path.resize(0, 2);
    m_pathLine->clear();
    m_pathHere->clear();
}

QList<QPointF> ExplorerProjection::classPoints(int k) const
{
    return k >= 0 && k < int(m_classSeries.size()) ? m_classSeries[std::size_t(k)]->points()
                                                   : QList<QPointF>();
}

QList<QPointF> ExplorerProjection::pathPoints() const
{
    return m_pathLine->points();
}

QList<QPointF> ExplorerProjection::currentPathPoint() const
{
    return m_pathHere->points();
}

void ExplorerProjection::fitAxes()
{
    // Axes span every step at once, so that the points move and the frame does not.
    double minX = std::numeric_limits<double>::infinity(), maxX = -minX;
    double minY = minX, maxY = -minX;
    const auto include = [&](const Eigen::MatrixXd &m) {
        if (m.rows() == 0)
            return;
        minX = std::min(minX, m.col(0).minCoeff());
        maxX = std::max(maxX, m.col(0).maxCoeff());
        minY = std::min(minY, m.col(1).minCoeff());
        maxY = std::max(maxY, m.col(1).maxCoeff());
    };
    for (const Eigen::MatrixXd &m : m_positions)
        include(m);
    include(m_path);
    if (!(minX <= maxX) || !(minY <= maxY)) {
        m_xAxis->setRange(-1, 1);
        m_yAxis->setRange(-1, 1);
        return;
    }
    const double padX = std::max(0.05 * (maxX - minX), 1e-3);
    const double padY = std::max(0.05 * (maxY - minY), 1e-3);
    m_xAxis->setRange(minX - padX, maxX + padX);
    m_yAxis->setRange(minY - padY, maxY + padY);
    // Round ticks (-4, -2, 0, 2, 4) read at a glance; the raw range gives
    // labels such as -4.3 and -0.0.
    m_xAxis->applyNiceNumbers();
    m_yAxis->applyNiceNumbers();
}

} // namespace trm::ui
