#pragma once

#include <Eigen/Core>
#include <QStringList>
#include <QWidget>

namespace trm::ui {

/// The test confusion matrix as a heat map: true classes down the side,
/// predicted classes across the top, each cell's count written in it.
/// Correct predictions (the diagonal) are green, mistakes red; the stronger
/// the colour, the larger the share of that true class.
class ConfusionMatrixWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ConfusionMatrixWidget(QWidget *parent = nullptr);

    /// `confusion` is K x K, rows = true class, columns = predicted class.
    void setMatrix(const Eigen::MatrixXi &confusion, const QStringList &classNames);
    void clear();

    const Eigen::MatrixXi &matrix() const { return m_confusion; }
    int total() const { return int(m_confusion.sum()); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Eigen::MatrixXi m_confusion;
    QStringList m_classNames;
};

} // namespace trm::ui
