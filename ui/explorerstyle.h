#pragma once

// Shared look of the recursion explorer's charts: one colour per class that
// stays the same in every chart, and fonts large enough for a projector.

#include <QColor>
#include <QFont>

class QChart;
class QAbstractAxis;

namespace trm::ui::explorer {

/// The colour of class `k` of `classCount`: ten well-separated colours
/// (Tableau 10) for up to ten classes, evenly spaced hues beyond.
QColor classColor(int k, int classCount);

/// `base` scaled by `factor`, optionally bold.
QFont scaledFont(const QFont &base, double factor, bool bold = false);

/// Title, legend and axis fonts of a chart, enlarged for reading from afar.
void styleChart(QChart *chart, const QFont &base);
void styleAxis(QAbstractAxis *axis, const QFont &base);

/// Pen width of data lines, in pixels.
constexpr double lineWidth = 3.5;

} // namespace trm::ui::explorer
