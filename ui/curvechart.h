#pragma once

#include <QChartView>
#include <QPointF>
#include <QString>

#include <vector>

class QLineSeries;
class QTimer;
class QValueAxis;

namespace trm::ui {

/// One training curve (say the loss) per epoch, for the training rows and the
/// validation rows, drawn large enough to read on a projector.
///
/// Points are queued by append() and drawn together a few times a second,
/// so a fast run does not redraw the chart for every epoch.
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

    /// Empties both curves; the x axis spans 1 to `epochBudget`.
    void reset(int epochBudget);
    /// Queues one epoch's values; NaN (no validation rows) leaves a gap.
    void append(int epoch, double trainValue, double validationValue);
    /// Draws the queued points now.
    void flush();

    int trainPointCount() const;
    int validationPointCount() const;

private:
    void fitValueAxis();

    Scale m_scale;
    QLineSeries *m_train;
    QLineSeries *m_validation;
    QValueAxis *m_epochAxis;
    QValueAxis *m_valueAxis;
    QTimer *m_flushTimer;
    QList<QPointF> m_pendingTrain;
    QList<QPointF> m_pendingValidation;
    double m_maxValue = 0;
    int m_lastEpoch = 0;
    int m_epochBudget = 1;
};

} // namespace trm::ui
