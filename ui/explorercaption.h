#pragma once

#include "trmmodel.h"

#include <QString>
#include <QStringList>

namespace trm::ui {

/// One line in plain words for an answer update, for example "Cycle 2 of 3 in
/// supervision step 1 of 4: the latent state was refined 6 times, then the
/// answer was updated." It says whether the cycle carried gradient in
/// training and, when the predicted class changed, from what to what.
/// `previousPredicted` is -1 at step 0.
QString stepCaption(const TraceStep &step, const TrmConfig &config, int cycles,
                    int supervisionSteps, int previousPredicted, int predicted,
                    const QStringList &classNames);

/// Which answer updates were trained: "In training, only the last cycle of each
/// supervision step carried gradient: steps 3, 6, 9 and 12 (triangles)."
QString gradientNote(const Trace &trace);

} // namespace trm::ui
