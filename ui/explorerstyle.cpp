#include "explorerstyle.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>

#include <array>

namespace trm::ui::explorer {

QColor classColor(int k, int classCount)
{
    static const std::array<QColor, 10> tableau = {
        QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),   QColor(214, 39, 40),
        QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127),
        QColor(188, 189, 34),  QColor(23, 190, 207)};
    if (classCount <= int(tableau.size()))
        return tableau[std::size_t(k) % tableau.size()];
    // Beyond ten classes no palette stays distinguishable; spread the hues and
    // alternate the lightness so that neighbours differ twice over.
    const double hue = double(k) / double(classCount);
    return QColor::fromHsvF(float(hue), 0.75f, k % 2 == 0 ? 0.85f : 0.6f);
}

QFont scaledFont(const QFont &base, double factor, bool bold)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

void styleChart(QChart *chart, const QFont &base)
{
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitleFont(scaledFont(base, 1.4, true));
    chart->legend()->setFont(scaledFont(base, 1.15));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
}

void styleAxis(QAbstractAxis *axis, const QFont &base)
{
    axis->setLabelsFont(scaledFont(base, 1.1));
    axis->setTitleFont(scaledFont(base, 1.15, true));
}

} // namespace trm::ui::explorer
