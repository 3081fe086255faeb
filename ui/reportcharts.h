#pragma once

#include "reportdata.h"

#include <Eigen/Core>
#include <QColor>
#include <QImage>
#include <QPolygonF>
#include <QRect>
#include <QStringList>

#include <vector>

class QPainter;

namespace trm::report {

/// Where the cells of a painted confusion matrix landed, for hit tests.
struct ConfusionGeometry
{
    QRect grid; ///< all K x K cells; empty when nothing was drawn
    int cellSide = 0;
    int classCount = 0;
    /// The (true, predicted) cell under `point`, or (-1, -1).
    std::pair<int, int> cellAt(const QPoint &point) const;
};

struct ConfusionColours
{
    QColor background{255, 255, 255};
    QColor text{20, 20, 20};
    QColor grid{190, 190, 190};
};

/// Paints a confusion matrix heat map into `area`: true classes down the side,
/// predicted across the top, each cell's count and its share of the row. The
/// colour strength is the row share, green on the diagonal and red off it, and
/// the diagonal is framed so it reads without colour. With many classes the
/// column names turn vertical and the percentages are left out when they no
/// longer fit (the count always stays).
ConfusionGeometry paintConfusionMatrix(QPainter &painter, const QRect &area,
                                       const Eigen::MatrixXi &confusion,
                                       const QStringList &classNames,
                                       const ConfusionColours &colours = {});

/// Where the label of a vertical marker line at `lineX` goes inside `plot`: a
/// box of size `label` beside the line, as high up as it can be without
/// touching any of `curves` (pixel polylines); where every place touches one,
/// the place that touches the fewest.
QRectF freeLabelBox(const QRectF &plot, double lineX, const QSizeF &label,
                    const std::vector<QPolygonF> &curves);

/// Each image is laid out in `size` logical pixels and drawn `pixelRatio` times
/// as fine, so that a chart shown small on a printed page stays sharp.
QImage confusionImage(const Eigen::MatrixXi &confusion, const QStringList &classNames,
                      const QSize &size, double pixelRatio = 1);

/// Loss (left) and accuracy (right) per epoch, training and validation, with a
/// dashed line at the best epoch (the last one marked improved).
QImage trainingCurvesImage(const std::vector<EpochReport> &history, const QSize &size,
                           double pixelRatio = 1);

/// Accuracy after each answer update; step 0 is the prior guess.
QImage stepAccuracyImage(const std::vector<StepAccuracy> &steps, const QSize &size,
                         double pixelRatio = 1);

} // namespace trm::report
