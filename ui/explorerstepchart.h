#pragma once

#include <QChartView>
#include <QColor>
#include <QString>

#include <vector>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace trm::ui {

/// A chart of values against the answer update (step 0 to the last), in
/// percent, with a cursor at the current step. The base of the explorer's
/// per-row probability chart and its accuracy-per-step chart.
class ExplorerStepChart : public QChartView
{
    Q_OBJECT

public:
    explicit ExplorerStepChart(const QString &title, const QString &valueName,
                               QWidget *parent = nullptr);

    /// Moves the cursor to `step`.
    void setCursorStep(int step);
    int cursorStep() const { return m_cursorStep; }
    int lastStep() const { return m_lastStep; }
    /// Steps between two labels of the step axis; more when the chart is narrow.
    int stepTickInterval() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

    /// Sets the step axis to 0 .. lastStep.
    void setLastStep(int lastStep);
    QLineSeries *addLine(const QString &name, const QColor &color, Qt::PenStyle style);
    QScatterSeries *addMarkers(const QString &name, const QColor &fill, const QColor &border,
                               double size);
    /// Places the "trained" markers under the steps whose cycle carried gradient.
    void setTrainedSteps(const std::vector<bool> &carriedGradient);
    /// Removes every series added by addLine() and addMarkers().
    void removeDataSeries();
    QValueAxis *valueAxis() const { return m_valueAxis; }

private:
    void attach(QAbstractSeries *series);
    void updateStepTicks();

    QValueAxis *m_stepAxis;
    QValueAxis *m_valueAxis;
    QLineSeries *m_cursor;
    QScatterSeries *m_trained;
    std::vector<QAbstractSeries *> m_data;
    int m_cursorStep = 0;
    int m_lastStep = 1;
};

} // namespace trm::ui
