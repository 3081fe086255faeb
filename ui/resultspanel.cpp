#include "resultspanel.h"

#include "confusionmatrixwidget.h"
#include "plural.h"

#include <QFont>
#include <QHBoxLayout>
#include <QLabel>

#include <cmath>

namespace trm::ui {

namespace {

QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

/// Precision, recall and F1 for each class as an HTML table; an undefined
/// precision or recall (a class never predicted, or with no test rows) says so.
QString perClassTable(const Evaluation &test, const QStringList &classNames)
{
    const QString undefined = ResultsPanel::tr("n/a");
    QString html =
        QStringLiteral("<table cellspacing='0' cellpadding='3'><tr>"
                       "<th align='left'>%1</th><th align='right'>%2</th>"
                       "<th align='right'>%3</th><th align='right'>%4</th>"
                       "<th align='right'>%5</th></tr>")
            .arg(ResultsPanel::tr("class"), ResultsPanel::tr("precision"),
                 ResultsPanel::tr("recall"), ResultsPanel::tr("F1"), ResultsPanel::tr("rows"));
    for (int k = 0; k < int(test.perClass.size()); ++k) {
        const ClassMetrics &metrics = test.perClass[size_t(k)];
        html += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td>"
                               "<td align='right'>%3</td><td align='right'>%4</td>"
                               "<td align='right'>%5</td></tr>")
                    .arg(classNames.value(k).toHtmlEscaped(),
                         metrics.precisionDefined ? number(metrics.precision, 2) : undefined,
                         metrics.recallDefined ? number(metrics.recall, 2) : undefined,
                         number(metrics.f1, 2), QString::number(metrics.support));
    }
    return html + QStringLiteral("</table>");
}

} // namespace

ResultsPanel::ResultsPanel(QWidget *parent)
    : QWidget(parent)
    , m_matrix(new ConfusionMatrixWidget(this))
    , m_summary(new QLabel(this))
{
    QFont summaryFont = font();
    summaryFont.setPointSizeF(summaryFont.pointSizeF() * 1.2);
    m_summary->setFont(summaryFont);
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_matrix, 3);
    layout->addWidget(m_summary, 2);
    clear();
}

void ResultsPanel::setOutcome(const RunOutcome &outcome)
{
    m_matrix->setMatrix(outcome.test.confusion, outcome.trained.classNames);

    const Provenance &provenance = outcome.trained.provenance;
    QString ending;
    if (outcome.cancelled)
        ending = tr("Stopped after epoch %1").arg(provenance.epochsRun);
    else if (outcome.stoppedEarly)
        ending = tr("Stopped early after epoch %1").arg(provenance.epochsRun);
    else
        ending = counted(provenance.epochsRun, tr("epoch"), tr("epochs"));
    const QString run = tr("%1; the model kept is from epoch %2. %3 s.")
                            .arg(ending)
                            .arg(provenance.bestEpoch)
                            .arg(number(outcome.seconds, 1));

    if (outcome.split.test.empty() || !std::isfinite(outcome.test.accuracy)) {
        m_summary->setText(tr("No test rows, so no test score.<br>%1").arg(run.toHtmlEscaped()));
        return;
    }
    m_summary->setText(
        tr("<p><span style='font-size:x-large'>Test accuracy <b>%1 %</b></span><br>"
           "macro-F1 <b>%2</b> on %3 test rows</p>%4<p><small>%5</small></p>")
            .arg(number(outcome.test.accuracy * 100, 1), number(outcome.test.macroF1, 3),
                 QString::number(outcome.split.test.size()),
                 perClassTable(outcome.test, outcome.trained.classNames), run.toHtmlEscaped()));
}

void ResultsPanel::clear(const QString &placeholder, const QString &summary)
{
    m_matrix->clear();
    if (placeholder.isEmpty()) {
        m_matrix->setPlaceholderText(
            tr("Train a model to see its confusion matrix on the test rows."));
        m_summary->setText(tr("Test accuracy, macro-F1 and the scores of each class appear "
                              "here when training ends."));
    } else {
        m_matrix->setPlaceholderText(placeholder);
        m_summary->setText(summary);
    }
}

QString ResultsPanel::summary() const
{
    return m_summary->text();
}

QString ResultsPanel::placeholder() const
{
    return m_matrix->matrix().size() == 0 ? m_matrix->placeholderText() : QString();
}

} // namespace trm::ui
