#pragma once

#include "result.h"

#include <QChartView>
#include <QList>
#include <QPointF>
#include <QString>

#include <vector>

class QAbstractAxis;
class QLineSeries;
class QLogValueAxis;
class QTimer;
class QValueAxis;

namespace trm::ui {

/// One training curve (say the loss) per epoch, for the training rows and the
/// validation rows, drawn large enough to read on a projector.
///
/// Several runs can share the chart: the newest is drawn strong, earlier ones
/// thin and faded, each named in the legend by its label. Points are queued by
/// append() and drawn together a few times a second, so a fast run does not
/// redraw the chart for every epoch. Hovering a curve shows the epoch and the
/// exact value.
class CurveChart : public QChartView
{
    Q_OBJECT

public:
    enum class Scale
    {
        Unbounded,
        Percent
    };

    CurveChart(const QString &title, const QString &valueName, Scale scale,
               QWidget *parent = nullptr);

    /// Removes every run and starts one unnamed run; the x axis spans 1 to `epochBudget`.
    void reset(int epochBudget);
    /// Starts a new run named `label`, fading the earlier ones.
    void beginRun(const QString &label, int epochBudget);
    /// Queues one epoch's values for the newest run; NaN (no validation rows) leaves a gap.
    void append(int epoch, double trainValue, double validationValue);
    /// Draws the queued points now.
    void flush();
    void removeRun(int index);
    int runCount() const { return int(m_runs.size()); }
    QString runLabel(int index) const;
    /// The legend entry of an earlier run (default: its label). The panel
    /// names earlier runs by how they differ from the newest, which is short.
    void setLegendName(int index, const QString &name);

    /// Points of the newest run.
    int trainPointCount() const;
    int validationPointCount() const;
    /// The drawn points of run `index` (values as plotted: accuracy in %).
    QList<QPointF> points(int index, bool validation) const;

    /// Loss on a logarithmic axis, where late small improvements stay visible.
    void setLogScale(bool logScale);
    bool logScale() const { return m_logScale; }

    /// The text shown when a curve is hovered at `point` (snapped to the nearest epoch).
    QString hoverText(const QLineSeries *series, const QPointF &point) const;
    /// The text of the last hover, for tests.
    QString lastHoverText() const { return m_lastHover; }

    /// Saves the chart as PNG or SVG (by the file's suffix), atomically.
    Result<void> saveImage(const QString &path);
    /// Every run's values, one row per run and epoch: run,epoch,training,validation.
    QByteArray csv() const;
    Result<void> saveCsv(const QString &path) const;

private:
    struct Run
    {
        QString label;
        QString legendName; ///< empty: the label
        QLineSeries *train = nullptr;
        QLineSeries *validation = nullptr;
        std::vector<double> epochs, trainValues, validationValues; ///< as reported
        int epochBudget = 1;
    };

    void styleRuns();
    void fitAxes();
    void attachValueAxis(QLineSeries *series);
    void onHovered(QLineSeries *series, const QPointF &point, bool state);

    Scale m_scale;
    QString m_title;
    QString m_valueName;
    std::vector<Run> m_runs;
    QValueAxis *m_epochAxis;
    QValueAxis *m_valueAxis;
    QLogValueAxis *m_logAxis;
    bool m_logScale = false;
    QTimer *m_flushTimer;
    QList<QPointF> m_pendingTrain;
    QList<QPointF> m_pendingValidation;
    QString m_lastHover;
};

} // namespace trm::ui
