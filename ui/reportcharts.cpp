#include "reportcharts.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace trm::report {

namespace {

QColor blend(const QColor &from, const QColor &to, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * t),
                            float(from.greenF() + (to.greenF() - from.greenF()) * t),
                            float(from.blueF() + (to.blueF() - from.blueF()) * t));
}

const QColor rightColour(30, 140, 60);
const QColor wrongColour(205, 40, 40);
const QColor trainColour(31, 119, 180);
const QColor validationColour(255, 127, 14);

/// A white image of `size` logical pixels, `pixelRatio` device pixels each way.
QImage blankImage(const QSize &size, double pixelRatio)
{
    QImage image((QSizeF(size) * pixelRatio).toSize(), QImage::Format_RGB32);
    image.fill(Qt::white);
    return image;
}

/// A painter on `image` that draws in logical pixels.
void beginLogical(QPainter &painter, double pixelRatio)
{
    painter.scale(pixelRatio, pixelRatio);
}

struct Series
{
    QString name;
    QColor colour;
    std::vector<QPointF> points; ///< non-finite y values are skipped
};

/// Round ticks for [low, high]: a step of 1, 2 or 5 times a power of ten
/// that gives at most `most` intervals, and the multiples of it that cover
/// the range (the first at or below `low`, the last at or above `high`).
struct Ticks
{
    double first = 0;
    double step = 1;
    int intervals = 1;

    double last() const { return first + step * intervals; }
    /// Decimals that show every tick exactly: 2 for a step of 0.05.
    int decimals() const { return std::max(0, -int(std::floor(std::log10(step) + 1e-9))); }
};

Ticks niceTicks(double low, double high, int most)
{
    const double raw = (high - low) / most;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    Ticks ticks;
    ticks.step = 10 * power;
    for (const double multiple : {1.0, 2.0, 5.0}) {
        if (multiple * power >= raw * (1 - 1e-9)) {
            ticks.step = multiple * power;
            break;
        }
    }
    ticks.first = std::floor(low / ticks.step + 1e-9) * ticks.step;
    ticks.intervals = std::max(
        1, int(std::lround(std::ceil(high / ticks.step - 1e-9) - ticks.first / ticks.step)));
    return ticks;
}

/// A line chart with axes, ticks, axis titles and a legend, in `area`. The y
/// range is the data's own unless `yFloor`/`yCeiling` are given (accuracy runs
/// from 0 to 100 %).
void paintLineChart(QPainter &painter, const QRectF &area, const QString &title,
                    const QString &xLabel, const QString &yLabel, const std::vector<Series> &series,
                    std::optional<double> yFloor = {}, std::optional<double> yCeiling = {},
                    std::optional<double> markerX = {}, const QString &markerLabel = {})
{
    const QFontMetrics metrics(painter.font());
    const double line = metrics.height();
    painter.setPen(Qt::black);
    QFont bold = painter.font();
    bold.setBold(true);
    painter.save();
    painter.setFont(bold);
    painter.drawText(QRectF(area.left(), area.top(), area.width(), line), Qt::AlignCenter, title);
    painter.restore();

    double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
    for (const Series &s : series) {
        for (const QPointF &p : s.points) {
            if (!std::isfinite(p.y()))
                continue;
            xMin = std::min(xMin, p.x());
            xMax = std::max(xMax, p.x());
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
        }
    }
    if (!std::isfinite(xMin))
        return;
    if (yFloor)
        yMin = std::min(yMin, *yFloor);
    if (yCeiling)
        yMax = std::max(yMax, *yCeiling);
    if (yMax - yMin < 1e-9)
        yMax = yMin + 1;
    if (xMax - xMin < 1e-9)
        xMax = xMin + 1;
    // The value axis widens to round ticks (0.80, 0.85 ... 1.00); the other
    // axis keeps the data's range and labels the round values inside it.
    const Ticks yTicks = niceTicks(yMin, yMax, 5);
    yMin = yTicks.first;
    yMax = yTicks.last();
    const Ticks xTicks = niceTicks(xMin, xMax, 5);

    // Title, legend and plot each with half a line of air between them; inside
    // the frame the data keep a few pixels clear of it, so that a marker at the
    // last step or a line at an accuracy of 1 is drawn whole, off the border.
    const double gap = line / 2;
    // The y-axis title runs up the left edge, the tick labels beside it.
    const double titleWidth = line + 2;
    const double axisWidth = titleWidth + metrics.horizontalAdvance(QStringLiteral("0.000")) + 8;
    const double legendTop = area.top() + line + gap;
    const QRectF plot(area.left() + axisWidth, legendTop + line + gap,
                      area.width() - axisWidth - 10, area.height() - 5.5 * line);
    painter.save();
    painter.translate(area.left(), plot.bottom());
    painter.rotate(-90);
    painter.drawText(QRectF(0, 0, plot.height(), line), Qt::AlignCenter, yLabel);
    painter.restore();
    const double inset = 6;
    const QRectF data = plot.adjusted(inset, inset, -inset, -inset);
    const double labelsLeft = area.left() + titleWidth;
    const auto toPixel = [&](const QPointF &p) {
        return QPointF(data.left() + (p.x() - xMin) / (xMax - xMin) * data.width(),
                       data.bottom() - (p.y() - yMin) / (yMax - yMin) * data.height());
    };
    painter.setPen(QPen(QColor(225, 225, 225), 1));
    for (int i = 0; i <= yTicks.intervals; ++i) {
        const double y = yTicks.first + yTicks.step * i;
        const double py = toPixel({xMin, y}).y();
        painter.setPen(QPen(QColor(225, 225, 225), 1));
        painter.drawLine(QPointF(plot.left(), py), QPointF(plot.right(), py));
        painter.setPen(Qt::black);
        // Every label is centred on its own grid line, the lowest too: set above
        // it, a value just over the floor would seem to lie below the label.
        painter.drawText(QRectF(labelsLeft, py - line / 2, axisWidth - titleWidth - 6, line),
                         Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(y, 'f', yTicks.decimals()));
    }
    for (int i = 0; i <= xTicks.intervals; ++i) {
        const double x = xTicks.first + xTicks.step * i;
        if (x < xMin - 1e-9 || x > xMax + 1e-9)
            continue;
        const double px = toPixel({x, yMin}).x();
        painter.drawLine(QPointF(px, plot.bottom()), QPointF(px, plot.bottom() + 3));
        painter.drawText(QRectF(px - 40, plot.bottom() + 2, 80, line), Qt::AlignCenter,
                         QString::number(x, 'f', xTicks.decimals()));
    }
    // The marker's line goes under the curves, its label (drawn last) over them.
    std::vector<QPolygonF> curves;
    for (const Series &s : series) {
        QPolygonF piece;
        for (const QPointF &p : s.points) {
            if (std::isfinite(p.y())) {
                piece << toPixel(p);
            } else if (!piece.isEmpty()) {
                curves.push_back(piece);
                piece.clear();
            }
        }
        if (!piece.isEmpty())
            curves.push_back(piece);
    }
    std::optional<QRectF> markerBox;
    if (markerX && *markerX >= xMin && *markerX <= xMax) {
        const double px = toPixel({*markerX, yMin}).x();
        painter.setPen(QPen(QColor(90, 90, 90), 1, Qt::DashLine));
        painter.drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom()));
        markerBox = freeLabelBox(plot, px, QSizeF(metrics.horizontalAdvance(markerLabel) + 4, line),
                                 curves);
    }
    painter.setPen(QPen(Qt::black, 1));
    painter.setBrush(Qt::NoBrush); // a frame: not filled with the last brush used
    painter.drawRect(plot);
    painter.drawText(QRectF(plot.left(), plot.bottom() + line, plot.width(), line), Qt::AlignCenter,
                     xLabel);

    painter.setRenderHint(QPainter::Antialiasing);
    double legendX = plot.left();
    const double legendY = legendTop;
    for (const Series &s : series) {
        QPainterPath path;
        bool started = false;
        for (const QPointF &p : s.points) {
            if (!std::isfinite(p.y())) {
                started = false;
                continue;
            }
            const QPointF pixel = toPixel(p);
            if (started)
                path.lineTo(pixel);
            else
                path.moveTo(pixel);
            started = true;
        }
        painter.setPen(QPen(s.colour, 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
        if (s.points.size() <= 40) {
            painter.setBrush(s.colour);
            for (const QPointF &p : s.points) {
                if (std::isfinite(p.y()))
                    painter.drawEllipse(toPixel(p), 2.5, 2.5);
            }
        }
        painter.fillRect(QRectF(legendX, legendY + line / 3, 14, line / 3), s.colour);
        painter.setPen(Qt::black);
        painter.drawText(QPointF(legendX + 18, legendY + metrics.ascent()), s.name);
        legendX += 30 + metrics.horizontalAdvance(s.name);
    }
    painter.setRenderHint(QPainter::Antialiasing, false);
    if (markerBox) {
        painter.fillRect(*markerBox, Qt::white);
        painter.setPen(QColor(60, 60, 60));
        painter.drawText(*markerBox, Qt::AlignCenter, markerLabel);
    }
}

/// True when the segment from `a` to `b` touches `box`.
bool segmentTouches(const QPointF &a, const QPointF &b, const QRectF &box)
{
    if (box.contains(a) || box.contains(b))
        return true;
    const QLineF segment(a, b);
    const QLineF edges[] = {{box.topLeft(), box.topRight()},
                            {box.topRight(), box.bottomRight()},
                            {box.bottomRight(), box.bottomLeft()},
                            {box.bottomLeft(), box.topLeft()}};
    for (const QLineF &edge : edges) {
        if (segment.intersects(edge) == QLineF::BoundedIntersection)
            return true;
    }
    return false;
}

} // namespace

QRectF freeLabelBox(const QRectF &plot, double lineX, const QSizeF &label,
                    const std::vector<QPolygonF> &curves)
{
    // Beside the line, right of it where there is room, else left; from the top
    // of the plot down in steps of half a label, then the same on the other side.
    const double right = lineX + 3;
    const double left = lineX - 3 - label.width();
    const bool rightFits = right + label.width() <= plot.right() - 2;
    const bool leftFits = left >= plot.left() + 2;
    std::vector<double> columns;
    if (rightFits || !leftFits)
        columns.push_back(std::clamp(right, plot.left() + 2, plot.right() - 2 - label.width()));
    if (leftFits)
        columns.push_back(left);
    const auto crossings = [&curves](const QRectF &box) {
        int count = 0;
        for (const QPolygonF &curve : curves) {
            for (qsizetype i = 0; i < curve.size(); ++i) {
                if (segmentTouches(curve[i], curve[std::min(i + 1, curve.size() - 1)],
                                   box.adjusted(-3, -3, 3, 3)))
                    ++count;
            }
        }
        return count;
    };
    QRectF best;
    int fewest = std::numeric_limits<int>::max();
    for (double x : columns) {
        for (double y = plot.top() + 2; y + label.height() <= plot.bottom() - 2;
             y += label.height() / 2) {
            const QRectF box(QPointF(x, y), label);
            const int count = crossings(box);
            if (count < fewest) {
                fewest = count;
                best = box;
            }
            if (count == 0)
                return best;
        }
    }
    return best.isNull() ? QRectF(QPointF(columns.front(), plot.top() + 2), label) : best;
}

std::pair<int, int> ConfusionGeometry::cellAt(const QPoint &point) const
{
    if (cellSide <= 0 || !grid.contains(point))
        return {-1, -1};
    const int truth = (point.y() - grid.top()) / cellSide;
    const int predicted = (point.x() - grid.left()) / cellSide;
    if (truth >= classCount || predicted >= classCount)
        return {-1, -1};
    return {truth, predicted};
}

ConfusionGeometry paintConfusionMatrix(QPainter &painter, const QRect &area,
                                       const Eigen::MatrixXi &confusion,
                                       const QStringList &classNames,
                                       const ConfusionColours &colours)
{
    ConfusionGeometry geometry;
    const int classCount = int(confusion.rows());
    if (classCount == 0 || confusion.cols() != classCount)
        return geometry;

    const QFont baseFont = painter.font();
    QFont titleFont = baseFont;
    titleFont.setBold(true);
    const QFontMetrics labelMetrics(baseFont);
    const QFontMetrics titleMetrics(titleFont);
    int nameWidth = 0;
    for (const QString &name : classNames)
        nameWidth = std::max(nameWidth, labelMetrics.horizontalAdvance(name));
    const int gap = 6;
    const int titleHeight = titleMetrics.height();
    // Slack of a few pixels: elidedText() elides text that fits only exactly.
    nameWidth = std::min(nameWidth + 6, area.width() / 4);

    // Column names go vertical once a horizontal name no longer fits its column.
    const int sideIfHorizontal =
        std::min((area.width() - titleHeight - nameWidth - 3 * gap) / classCount,
                 (area.height() - titleHeight - labelMetrics.height() - 3 * gap) / classCount);
    const bool verticalNames = sideIfHorizontal < nameWidth;
    const int columnLabelHeight = verticalNames ? nameWidth : labelMetrics.height();
    const int labelsWidth = titleHeight + gap + nameWidth + gap;
    const int top = area.top() + titleHeight + gap + columnLabelHeight + gap;
    const int side = std::min((area.width() - labelsWidth - gap) / classCount,
                              (area.bottom() - top - gap) / classCount);
    if (side <= 4)
        return geometry;
    const int indent =
        area.left() + std::max(0, (area.width() - labelsWidth - side * classCount - gap) / 2);
    const int left = indent + labelsWidth;
    geometry.grid = QRect(left, top, side * classCount, side * classCount);
    geometry.cellSide = side;
    geometry.classCount = classCount;
    const QRect &grid = geometry.grid;

    painter.save();
    painter.setPen(colours.text);
    painter.setFont(titleFont);
    // Centred over the grid, but wider than a small grid: the title may reach over the
    // row names rather than be clipped.
    const QString predictedTitle = QObject::tr("predicted class");
    const int titleWidth = std::min(
        area.width(), std::max(grid.width(), titleMetrics.horizontalAdvance(predictedTitle) + 8));
    const int titleLeft =
        std::clamp(grid.center().x() - titleWidth / 2, area.left(), area.right() + 1 - titleWidth);
    painter.drawText(QRect(titleLeft, area.top(), titleWidth, titleHeight), Qt::AlignCenter,
                     predictedTitle);
    painter.save();
    painter.translate(indent, grid.bottom());
    painter.rotate(-90);
    painter.drawText(QRect(0, 0, grid.height(), titleHeight), Qt::AlignCenter,
                     QObject::tr("true class"));
    painter.restore();

    painter.setFont(baseFont);
    const int nameLeft = indent + titleHeight + gap;
    const int columnLabelTop = area.top() + titleHeight + gap;
    for (int k = 0; k < classCount; ++k) {
        const QString name = classNames.value(k, QString::number(k));
        if (verticalNames) {
            painter.save();
            painter.translate(grid.left() + k * side, columnLabelTop + columnLabelHeight);
            painter.rotate(-90);
            painter.drawText(QRect(0, 0, columnLabelHeight, side), Qt::AlignLeft | Qt::AlignVCenter,
                             labelMetrics.elidedText(name, Qt::ElideRight, columnLabelHeight));
            painter.restore();
        } else {
            const QRect across(grid.left() + k * side, columnLabelTop, side, labelMetrics.height());
            painter.drawText(across, Qt::AlignCenter,
                             labelMetrics.elidedText(name, Qt::ElideRight, side - 4));
        }
        const QRect down(nameLeft, grid.top() + k * side, left - gap - nameLeft, side);
        painter.drawText(down, Qt::AlignRight | Qt::AlignVCenter,
                         labelMetrics.elidedText(name, Qt::ElideRight, down.width()));
    }

    const QColor paper(250, 250, 250);
    QFont countFont = baseFont;
    countFont.setBold(true);
    countFont.setPixelSize(std::clamp(side / 3, 9, 36));
    QFont shareFont = baseFont;
    shareFont.setPixelSize(std::clamp(side / 4, 8, 22));
    // The percentage goes under the count only when both lines fit the cell; a
    // cell too small for both shows the count alone, larger.
    const bool showShares =
        QFontMetrics(countFont).height() + QFontMetrics(shareFont).height() <= side - 4 &&
        QFontMetrics(shareFont).horizontalAdvance(QStringLiteral("100%")) <= side - 4;
    if (!showShares)
        countFont.setPixelSize(std::clamp(side / 2, 9, 36));
    // Large counts (a test set of tens of thousands of rows) must still fit
    // their cell: the font shrinks until the widest count does.
    const QString widest = QString::number(confusion.size() > 0 ? confusion.maxCoeff() : 0);
    while (countFont.pixelSize() > 7 &&
           QFontMetrics(countFont).horizontalAdvance(widest) > side - 6)
        countFont.setPixelSize(countFont.pixelSize() - 1);
    for (int t = 0; t < classCount; ++t) {
        const int rowTotal = confusion.row(t).sum();
        for (int p = 0; p < classCount; ++p) {
            const int count = confusion(t, p);
            const double share = rowTotal > 0 ? double(count) / rowTotal : 0.0;
            const bool diagonal = t == p;
            const QColor fill =
                blend(paper, diagonal ? rightColour : wrongColour, count > 0 ? 0.15 + share : 0);
            const QRect cell(grid.left() + p * side, grid.top() + t * side, side, side);
            painter.fillRect(cell, fill);
            if (count == 0) {
                // Empty cells stay quiet so that the counts that matter stand out
                // (most of a 20-class matrix is zeros).
                painter.setPen(QColor(170, 170, 170));
                painter.setFont(shareFont);
                painter.drawText(cell, Qt::AlignCenter, QStringLiteral("0"));
                continue;
            }
            painter.setPen(fill.lightnessF() < 0.55 ? Qt::white : Qt::black);
            if (showShares) {
                const QRect upper = cell.adjusted(0, 0, 0, -cell.height() / 2 + 2);
                const QRect lower = cell.adjusted(0, cell.height() / 2 + 2, 0, 0);
                painter.setFont(countFont);
                painter.drawText(upper, Qt::AlignHCenter | Qt::AlignBottom, QString::number(count));
                painter.setFont(shareFont);
                painter.drawText(lower, Qt::AlignHCenter | Qt::AlignTop,
                                 rowTotal > 0 ? QStringLiteral("%1%").arg(qRound(100 * share))
                                              : QStringLiteral("—"));
            } else {
                painter.setFont(countFont);
                painter.drawText(cell, Qt::AlignCenter, QString::number(count));
            }
        }
    }

    painter.setPen(QPen(colours.grid, 1));
    for (int k = 0; k <= classCount; ++k) {
        painter.drawLine(grid.left(), grid.top() + k * side, grid.right() + 1,
                         grid.top() + k * side);
        painter.drawLine(grid.left() + k * side, grid.top(), grid.left() + k * side,
                         grid.bottom() + 1);
    }
    // The diagonal framed as well as coloured, so it reads without colour too.
    const int frame = std::clamp(side / 20, 1, 3);
    painter.setPen(QPen(rightColour.darker(140), frame));
    painter.setBrush(Qt::NoBrush);
    for (int k = 0; k < classCount; ++k) {
        painter.drawRect(QRect(grid.left() + k * side, grid.top() + k * side, side, side)
                             .adjusted(frame, frame, -frame, -frame));
    }
    painter.restore();
    return geometry;
}

QImage confusionImage(const Eigen::MatrixXi &confusion, const QStringList &classNames,
                      const QSize &size, double pixelRatio)
{
    QImage image = blankImage(size, pixelRatio);
    QPainter painter(&image);
    beginLogical(painter, pixelRatio);
    QFont font = painter.font();
    font.setPixelSize(22);
    painter.setFont(font);
    paintConfusionMatrix(painter, QRect(QPoint(), size).adjusted(8, 8, -8, -8), confusion,
                         classNames);
    return image;
}

QImage trainingCurvesImage(const std::vector<EpochReport> &history, const QSize &size,
                           double pixelRatio)
{
    QImage image = blankImage(size, pixelRatio);
    QPainter painter(&image);
    beginLogical(painter, pixelRatio);
    QFont font = painter.font();
    font.setPixelSize(15);
    painter.setFont(font);
    Series trainLoss{QObject::tr("training"), trainColour, {}};
    Series validationLoss{QObject::tr("validation"), validationColour, {}};
    Series trainAccuracy = trainLoss;
    Series validationAccuracy = validationLoss;
    // The kept weights are those of the last epoch that improved the watched loss.
    std::optional<double> bestEpoch;
    for (const EpochReport &report : history) {
        if (report.improved)
            bestEpoch = report.epoch;
        trainLoss.points.emplace_back(report.epoch, report.trainLoss);
        validationLoss.points.emplace_back(report.epoch, report.validationLoss);
        // Accuracy in %, as the window shows it.
        trainAccuracy.points.emplace_back(report.epoch, 100 * report.trainAccuracy);
        validationAccuracy.points.emplace_back(report.epoch, 100 * report.validationAccuracy);
    }
    const double half = size.width() / 2.0;
    paintLineChart(painter, QRectF(8, 8, half - 16, size.height() - 16), QObject::tr("Loss"),
                   QObject::tr("epoch"), QObject::tr("cross-entropy"), {trainLoss, validationLoss},
                   0.0, std::nullopt, bestEpoch, QObject::tr("best"));
    paintLineChart(painter, QRectF(half + 8, 8, half - 16, size.height() - 16),
                   QObject::tr("Accuracy"), QObject::tr("epoch"), QObject::tr("accuracy (%)"),
                   {trainAccuracy, validationAccuracy}, std::nullopt, 100.0, bestEpoch,
                   QObject::tr("best"));
    return image;
}

QImage stepAccuracyImage(const std::vector<StepAccuracy> &steps, const QSize &size,
                         double pixelRatio)
{
    QImage image = blankImage(size, pixelRatio);
    QPainter painter(&image);
    beginLogical(painter, pixelRatio);
    QFont font = painter.font();
    font.setPixelSize(15);
    painter.setFont(font);
    Series accuracy{QObject::tr("accuracy"), rightColour, {}};
    for (std::size_t i = 0; i < steps.size(); ++i)
        accuracy.points.emplace_back(double(i), 100 * steps[i].accuracy);
    paintLineChart(painter, QRectF(8, 8, size.width() - 16, size.height() - 16),
                   QObject::tr("Accuracy after each answer update (0 = prior guess)"),
                   QObject::tr("answer update"), QObject::tr("accuracy (%)"), {accuracy},
                   std::nullopt, 100.0);
    return image;
}

} // namespace trm::report
