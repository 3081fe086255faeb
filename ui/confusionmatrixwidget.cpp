#include "confusionmatrixwidget.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace trm::ui {

namespace {

QFont scaled(const QFont &base, double factor, bool bold)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

} // namespace

ConfusionMatrixWidget::ConfusionMatrixWidget(QWidget *parent)
    : QWidget(parent)
    , m_placeholder(tr("Train a model to see its confusion matrix on the test rows."))
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setToolTip(tr("Rows: the true class of each test row. Columns: what the model "
                  "predicted. Counts on the green diagonal are right; red ones are mistakes. "
                  "Each cell also shows its share of the row."));
}

void ConfusionMatrixWidget::setMatrix(const Eigen::MatrixXi &confusion,
                                      const QStringList &classNames)
{
    m_confusion = confusion;
    m_classNames = classNames;
    m_selected = {-1, -1};
    update();
}

void ConfusionMatrixWidget::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    if (m_confusion.rows() == 0)
        update();
}

void ConfusionMatrixWidget::clear()
{
    m_confusion.resize(0, 0);
    m_classNames.clear();
    m_selected = {-1, -1};
    update();
}

QSize ConfusionMatrixWidget::sizeHint() const
{
    return {420, 320};
}

QSize ConfusionMatrixWidget::minimumSizeHint() const
{
    return {240, 180};
}

void ConfusionMatrixWidget::setSelectedCell(int truth, int predicted)
{
    m_selected = {truth, predicted};
    update();
}

QPoint ConfusionMatrixWidget::cellCentre(int truth, int predicted) const
{
    const int side = m_geometry.cellSide;
    return m_geometry.grid.topLeft() + QPoint(predicted * side + side / 2, truth * side + side / 2);
}

void ConfusionMatrixWidget::mousePressEvent(QMouseEvent *event)
{
    const auto [truth, predicted] = m_geometry.cellAt(event->position().toPoint());
    if (truth < 0) {
        QWidget::mousePressEvent(event);
        return;
    }
    setSelectedCell(truth, predicted);
    emit cellClicked(truth, predicted);
}

void ConfusionMatrixWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());

    if (m_confusion.rows() == 0) {
        m_geometry = {};
        painter.setFont(scaled(font(), 1.2, true));
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         m_placeholder);
        return;
    }
    report::ConfusionColours colours;
    colours.background = palette().color(QPalette::Base);
    colours.text = palette().color(QPalette::Text);
    colours.grid = palette().color(QPalette::Mid);
    // Larger labels with few classes, the widget's own font with many.
    painter.setFont(scaled(font(), m_confusion.rows() <= 6 ? 1.2 : 1.0, false));
    m_geometry = report::paintConfusionMatrix(painter, rect().adjusted(6, 6, -6, -6), m_confusion,
                                              m_classNames, colours);

    const auto [truth, predicted] = m_selected;
    if (truth >= 0 && truth < m_geometry.classCount && predicted >= 0 &&
        predicted < m_geometry.classCount) {
        // A solid frame drawn inside the cell, so it covers neither the
        // neighbouring cells nor the class names beside the grid.
        const int side = m_geometry.cellSide;
        const int width = std::clamp(side / 40, 2, 4);
        QPen pen(palette().color(QPalette::Highlight), width);
        pen.setJoinStyle(Qt::MiterJoin);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        const double inset = width / 2.0;
        painter.drawRect(QRectF(m_geometry.grid.left() + predicted * side,
                                m_geometry.grid.top() + truth * side, side, side)
                             .adjusted(inset, inset, -inset, -inset));
    }
}

} // namespace trm::ui
