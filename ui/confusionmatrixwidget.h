#pragma once

#include "reportcharts.h"

#include <Eigen/Core>
#include <QStringList>
#include <QWidget>

namespace trm::ui {

/// The test confusion matrix as a heat map: true classes down the side,
/// predicted classes across the top, each cell's count and row share written in
/// it (painted by report::paintConfusionMatrix, as in the reports).
/// Correct predictions (the diagonal) are green and framed, mistakes red; the
/// stronger the colour, the larger the share of that true class. Clicking a
/// cell selects it and emits cellClicked().
class ConfusionMatrixWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ConfusionMatrixWidget(QWidget *parent = nullptr);

    /// `confusion` is K x K, rows = true class, columns = predicted class.
    void setMatrix(const Eigen::MatrixXi &confusion, const QStringList &classNames);
    void clear();

    /// What the widget says while it has no matrix.
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }

    const Eigen::MatrixXi &matrix() const { return m_confusion; }
    int total() const { return int(m_confusion.sum()); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    /// Frames one cell as selected; (-1, -1) clears the selection.
    void setSelectedCell(int truth, int predicted);
    std::pair<int, int> selectedCell() const { return m_selected; }
    /// The centre of a cell in widget coordinates, as last painted (for tests).
    QPoint cellCentre(int truth, int predicted) const;

signals:
    void cellClicked(int truth, int predicted);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    Eigen::MatrixXi m_confusion;
    QStringList m_classNames;
    QString m_placeholder;
    report::ConfusionGeometry m_geometry;
    std::pair<int, int> m_selected{-1, -1};
};

} // namespace trm::ui
