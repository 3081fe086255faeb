#include "confusionmatrixwidget.h"

#include <QPainter>

#include <algorithm>

namespace trm::ui {

namespace {

QColor blend(const QColor &from, const QColor &to, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * t),
                            float(from.greenF() + (to.greenF() - from.greenF()) * t),
                            float(from.blueF() + (to.blueF() - from.blueF()) * t));
}

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
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setToolTip(tr("Rows: the true class of each test row. Columns: what the model "
                  "predicted. Counts on the green diagonal are right; red ones are mistakes."));
}

void ConfusionMatrixWidget::setMatrix(const Eigen::MatrixXi &confusion,
                                      const QStringList &classNames)
{
    m_confusion = confusion;
    m_classNames = classNames;
    update();
}

void ConfusionMatrixWidget::clear()
{
    m_confusion.resize(0, 0);
    m_classNames.clear();
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

void ConfusionMatrixWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().base());

    const QFont labelFont = scaled(font(), 1.2, false);
    const QFont titleFont = scaled(font(), 1.2, true);
    const int classCount = int(m_confusion.rows());
    if (classCount == 0) {
        painter.setFont(titleFont);
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Train a model to see its confusion matrix on the test rows."));
        return;
    }

    // Layout: a title row and a class-name row above the grid, a rotated
    // title and a class-name column to its left.
    const QFontMetrics labelMetrics(labelFont);
    const QFontMetrics titleMetrics(titleFont);
    int nameWidth = 0;
    for (const QString &name : m_classNames)
        nameWidth = std::max(nameWidth, labelMetrics.horizontalAdvance(name));
    const int gap = 8;
    const int titleHeight = titleMetrics.height();
    // A few pixels of slack: elidedText() elides text that fits only exactly.
    nameWidth = std::min(nameWidth + 6, width() / 3);
    const int labelsWidth = titleHeight + gap + nameWidth + gap;
    const int top = titleHeight + gap + labelMetrics.height() + gap;
    const int side =
        std::min((width() - labelsWidth - gap) / classCount, (height() - top - gap) / classCount);
    if (side <= 4)
        return;
    // Centred across the widget, the labels to its left included.
    const int indent = std::max(0, (width() - labelsWidth - side * classCount - gap) / 2);
    const int left = indent + labelsWidth;
    const QRect grid(left, top, side * classCount, side * classCount);

    painter.setPen(palette().color(QPalette::Text));
    painter.setFont(titleFont);
    painter.drawText(QRect(grid.left(), 0, grid.width(), titleHeight), Qt::AlignCenter,
                     tr("predicted class"));
    painter.save();
    painter.translate(indent, grid.bottom());
    painter.rotate(-90);
    painter.drawText(QRect(0, 0, grid.height(), titleHeight), Qt::AlignCenter, tr("true class"));
    painter.restore();

    painter.setFont(labelFont);
    const int nameLeft = indent + titleHeight + gap;
    for (int k = 0; k < classCount; ++k) {
        const QString name = m_classNames.value(k, QString::number(k));
        const QRect across(grid.left() + k * side, titleHeight + gap, side, labelMetrics.height());
        painter.drawText(across, Qt::AlignCenter,
                         labelMetrics.elidedText(name, Qt::ElideRight, side - 4));
        const QRect down(nameLeft, grid.top() + k * side, left - gap - nameLeft, side);
        painter.drawText(down, Qt::AlignRight | Qt::AlignVCenter,
                         labelMetrics.elidedText(name, Qt::ElideRight, down.width()));
    }

    const QColor paper(250, 250, 250);
    const QColor right(30, 140, 60);
    const QColor wrong(205, 40, 40);
    QFont countFont = scaled(font(), 1.0, true);
    countFont.setPixelSize(std::clamp(side / 4, 10, 40));
    painter.setFont(countFont);
    for (int t = 0; t < classCount; ++t) {
        const int rowTotal = m_confusion.row(t).sum();
        for (int p = 0; p < classCount; ++p) {
            const int count = m_confusion(t, p);
            const double share = rowTotal > 0 ? double(count) / rowTotal : 0.0;
            const bool diagonal = t == p;
            const QColor fill =
                blend(paper, diagonal ? right : wrong, count > 0 ? 0.15 + share : 0);
            const QRect cell(grid.left() + p * side, grid.top() + t * side, side, side);
            painter.fillRect(cell, fill);
            painter.setPen(fill.lightnessF() < 0.55 ? Qt::white : Qt::black);
            painter.drawText(cell, Qt::AlignCenter, QString::number(count));
        }
    }

    painter.setPen(QPen(palette().color(QPalette::Mid), 1));
    for (int k = 0; k <= classCount; ++k) {
        painter.drawLine(grid.left(), grid.top() + k * side, grid.right() + 1,
                         grid.top() + k * side);
        painter.drawLine(grid.left() + k * side, grid.top(), grid.left() + k * side,
                         grid.bottom() + 1);
    }
    // The diagonal framed as well as coloured, so it reads without colour too.
    painter.setPen(QPen(right.darker(130), 3));
    painter.setBrush(Qt::NoBrush);
    for (int k = 0; k < classCount; ++k)
        painter.drawRect(QRect(grid.left() + k * side, grid.top() + k * side, side, side)
                             .adjusted(2, 2, -2, -2));
}

} // namespace trm::ui
