#include "explorerprobabilitychart.h"

#include "explorerstyle.h"

#include <QLineSeries>
#include <QScatterSeries>

namespace trm::ui {

ExplorerProbabilityChart::ExplorerProbabilityChart(QWidget *parent)
    : ExplorerStepChart(tr("Probabilities through the recursion"), tr("probability (%)"), parent)
{
    // One entry per class plus three: a column on the right keeps them readable.
    chart()->legend()->setAlignment(Qt::AlignRight);
}

void ExplorerProbabilityChart::setTrace(const Trace &trace, const QStringList &classNames)
{
    clear();
    if (trace.steps.empty())
        return;
    const int steps = int(trace.steps.size());
    const int classes = int(classNames.size());
    setLastStep(steps - 1);

    std::vector<bool> trained;
    for (const TraceStep &step : trace.steps)
        trained.push_back(step.carriedGradient);
    setTrainedSteps(trained);

    for (int k = 0; k < classes; ++k) {
        QLineSeries *line = addLine(classNames[k], explorer::classColor(k, classes), Qt::SolidLine);
        QList<QPointF> points;
        for (int s = 0; s < steps; ++s)
            points.append(QPointF(s, trace.steps[std::size_t(s)].probabilities(0, k) * 100));
        line->replace(points);
        m_classLines.push_back(line);
    }
    QLineSeries *halting = addLine(tr("halting"), Qt::black, Qt::DashLine);
    QList<QPointF> haltingPoints;
    for (int s = 0; s < steps; ++s)
        haltingPoints.append(QPointF(s, trace.steps[std::size_t(s)].halting(0) * 100));
    halting->replace(haltingPoints);

    // A ring on the newly predicted class's line wherever the argmax changed.
    m_flips = addMarkers(tr("changed"), Qt::transparent, QColor(200, 0, 0), 22);
    Eigen::Index previous = -1;
    QList<QPointF> flips;
    for (int s = 0; s < steps; ++s) {
        Eigen::Index predicted = 0;
        trace.steps[std::size_t(s)].probabilities.row(0).maxCoeff(&predicted);
        if (s > 0 && predicted != previous)
            flips.append(QPointF(s, trace.steps[std::size_t(s)].probabilities(0, predicted) * 100));
        previous = predicted;
    }
    m_flips->replace(flips);
}

void ExplorerProbabilityChart::clear()
{
    removeDataSeries();
    m_classLines.clear();
    m_flips = nullptr;
    setTrainedSteps({});
}

QList<QPointF> ExplorerProbabilityChart::classPoints(int k) const
{
    return k >= 0 && k < int(m_classLines.size()) ? m_classLines[std::size_t(k)]->points()
                                                  : QList<QPointF>();
}

QList<QPointF> ExplorerProbabilityChart::flipPoints() const
{
    return m_flips ? m_flips->points() : QList<QPointF>();
}

} // namespace trm::ui
