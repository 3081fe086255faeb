#pragma once

#include <Eigen/Core>
#include <QChartView>
#include <QStringList>

#include <vector>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace trm::ui {

/// The answer states of the test rows on their first two principal
/// components, coloured by true class, at the current step: the points move
/// as the step changes. The selected row's path through all the steps is
/// drawn as a line, with a large marker where it is now.
class ExplorerProjection : public QChartView
{
    Q_OBJECT

public:
    explicit ExplorerProjection(QWidget *parent = nullptr);

    /// `positions[step]` is B x 2; `labels` are the rows' true classes;
    /// `explainedShare` (0 to 1) is the variance the plane keeps.
    void setData(const std::vector<Eigen::MatrixXd> &positions, const std::vector<int> &labels,
                 const QStringList &classNames, double explainedShare);
    /// The selected row's positions, steps x 2; empty for none.
    void setPath(const Eigen::MatrixXd &path);
    void setStep(int step);
    void clear();

    int step() const { return m_step; }
    QList<QPointF> classPoints(int k) const;
    QList<QPointF> pathPoints() const;
    QList<QPointF> currentPathPoint() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitAxes();

    std::vector<Eigen::MatrixXd> m_positions;
    std::vector<int> m_labels;
    Eigen::MatrixXd m_path;
    int m_step = 0;
    std::vector<QScatterSeries *> m_classSeries;
    QLineSeries *m_pathLine;
    QScatterSeries *m_pathHere;
    QValueAxis *m_xAxis;
    QValueAxis *m_yAxis;
};

} // namespace trm::ui
