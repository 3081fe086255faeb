#pragma once

#include <Eigen/Core>
#include <QStringList>
#include <QWidget>

#include <vector>

class QBarSeries;
class QBoxLayout;
class QBarSet;
class QChartView;
class QLabel;
class QValueAxis;

namespace trm::ui {

class ExplorerCaptionLabel;

/// What the explorer shows about one answer update of one row.
struct StepReading
{
    int step = 0;
    Eigen::RowVectorXd probabilities; ///< K
    int predicted = 0;
    int previousPredicted = -1; ///< at the step before; -1 at step 0
    int trueClass = -1;         ///< -1 when unknown (an edited row)
    double margin = 0;
    double halting = 0;
    double answerChange = 0;
    double latentChange = 0;
    double answerResidual = 0;
};

/// The current step of one row: a bar per class with its probability, and
/// beside it the predicted class, whether it just changed, the true class,
/// the margin, the halting probability and how far the states moved.
class ExplorerStepBars : public QWidget
{
    Q_OBJECT

public:
    explicit ExplorerStepBars(QWidget *parent = nullptr);

    void setClassNames(const QStringList &classNames);
    void setReading(const StepReading &reading);
    void clear();

    /// Height of class k's bar, in percent to one decimal (as its label shows it).
    double barValue(int k) const;
    QString readoutText() const;
    QLabel *readout() const;
    QChartView *chartView() const { return m_view; }
    /// True when the readout stands beside the chart, false when under it.
    bool isSideBySide() const;

    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QString readoutFor(const StepReading &reading) const;

    static constexpr int minimumChartWidth = 300;
    static constexpr int minimumReadoutWidth = 260;

    QStringList m_classNames;
    QBoxLayout *m_layout;
    QChartView *m_view;
    QBarSeries *m_series;
    std::vector<QBarSet *> m_sets;
    QValueAxis *m_valueAxis;
    ExplorerCaptionLabel *m_readout;
};

} // namespace trm::ui
