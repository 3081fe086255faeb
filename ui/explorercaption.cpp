#include "explorercaption.h"

#include <QCoreApplication>
#include <QResizeEvent>

#include <algorithm>

namespace trm::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("trm::ui::ExplorerCaption", text);
}

} // namespace

QString stepCaption(const TraceStep &step, const TrmConfig &config, int cycles,
                    int supervisionSteps, int previousPredicted, int predicted,
                    const QStringList &classNames)
{
    if (step.supervisionStep == 0) {
        return tr("Step 0, the prior guess: the answer decoded from the starting state, before "
                  "the row is read. It is the same for every row: %1.")
            .arg(classNames.value(predicted));
    }
    const QString refined =
        config.latentSteps == 1 ? tr("once") : tr("%1 times").arg(config.latentSteps);
    QString text = tr("Cycle %1 of %2 in supervision step %3 of %4: the latent state was "
                      "refined %5 from the row and the current answer, then the answer was "
                      "updated.")
                       .arg(step.cycle)
                       .arg(cycles)
                       .arg(step.supervisionStep)
                       .arg(supervisionSteps)
                       .arg(refined);
    text += step.carriedGradient
                ? tr(" In training, this cycle carried the gradient.")
                : tr(" In training, this cycle ran forward only, without gradient.");
    if (previousPredicted >= 0 && previousPredicted != predicted) {
        text += tr(" The prediction changed from %1 to %2.")
                    .arg(classNames.value(previousPredicted), classNames.value(predicted));
    }
    return text;
}

QString gradientNote(const Trace &trace)
{
    QStringList trained;
    for (std::size_t s = 0; s < trace.steps.size(); ++s) {
        if (trace.steps[s].carriedGradient)
            trained << QString::number(s);
    }
    if (trained.isEmpty())
        return {};
    const QString list = trained.size() == 1
                             ? trained.front()
                             : trained.mid(0, trained.size() - 1).join(QStringLiteral(", ")) +
                                   tr(" and ") + trained.back();
    return (trained.size() == 1
                ? tr("In training, only the last cycle of each supervision step carried "
                     "gradient: step %1 (the triangle on the charts).")
                : tr("In training, only the last cycle of each supervision step carried "
                     "gradient: steps %1 (the triangles on the charts)."))
        .arg(list);
}

ExplorerCaptionLabel::ExplorerCaptionLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
}

void ExplorerCaptionLabel::reserveFor(const QStringList &texts)
{
    m_reserved = texts;
    updateHeight();
}

void ExplorerCaptionLabel::setCaption(const QString &text)
{
    setText(text);
    updateHeight();
}

void ExplorerCaptionLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        updateHeight();
}

void ExplorerCaptionLabel::updateHeight()
{
    // A twin label measures each text exactly as this one would wrap it.
    QLabel twin;
    twin.setFont(font());
    twin.setWordWrap(true);
    twin.setTextFormat(textFormat());
    twin.setContentsMargins(contentsMargins());
    twin.setMargin(margin());
    const int width = std::max(this->width(), 1);
    int height = fontMetrics().lineSpacing();
    for (const QString &text : m_reserved + QStringList{this->text()}) {
        twin.setText(text);
        height = std::max(height, twin.heightForWidth(width));
    }
    if (height != minimumHeight() || height != maximumHeight())
        setFixedHeight(height);
}

} // namespace trm::ui
