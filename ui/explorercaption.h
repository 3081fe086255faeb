#pragma once

#include "trmmodel.h"

#include <QLabel>
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

/// The caption over the explorer's charts: word-wrapped, and as tall as the
/// longest of the texts it was told to expect at its current width, so that
/// stepping through a trace never moves the charts below it.
class ExplorerCaptionLabel : public QLabel
{
public:
    explicit ExplorerCaptionLabel(QWidget *parent = nullptr);

    /// The texts the label may show until the next call; its height is the
    /// tallest of them (and of the current text).
    void reserveFor(const QStringList &texts);
    /// Shows `text`, growing the label only if it is taller than those reserved.
    void setCaption(const QString &text);

    /// Its height is fixed for the current width, not asked of the layout.
    bool hasHeightForWidth() const override { return false; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateHeight();

    QStringList m_reserved;
};

} // namespace trm::ui
