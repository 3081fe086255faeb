#include "explorerstepsummary.h"

#include "confusionmatrixwidget.h"
#include "explorercaption.h"
#include "explorerstyle.h"
#include "traceanalysis.h"

#include <QGridLayout>
#include <QLabel>
#include <QListWidget>

namespace trm::ui {

ExplorerStepSummary::ExplorerStepSummary(QWidget *parent)
    : QWidget(parent)
    , m_title(new ExplorerCaptionLabel)
    , m_confusion(new ConfusionMatrixWidget)
    , m_fixedTitle(new ExplorerCaptionLabel)
    , m_brokenTitle(new ExplorerCaptionLabel)
    , m_fixed(new QListWidget)
    , m_broken(new QListWidget)
{
    m_title->setFont(explorer::scaledFont(font(), 1.3, true));
    for (QLabel *label : {m_fixedTitle, m_brokenTitle})
        label->setFont(explorer::scaledFont(font(), 1.15, true));
    for (QListWidget *list : {m_fixed, m_broken}) {
        list->setFont(explorer::scaledFont(font(), 1.1));
        list->setToolTip(tr("Click a row to step through it"));
        // Long class names wrap onto a second line instead of scrolling sideways.
        list->setWordWrap(true);
        list->setResizeMode(QListView::Adjust);
        list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        // Three rows stay in view however little room the page has.
        list->setMinimumHeight(list->fontMetrics().lineSpacing() * 3 + 4 * list->frameWidth() + 8);
        connect(list, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
            emit rowChosen(item->data(Qt::UserRole).toInt());
        });
    }
    // Room for the class names along both sides and cells holding their counts.
    m_confusion->setMinimumSize(300, 260);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title, 0, 0, 1, 2);
    layout->addWidget(m_confusion, 1, 0, 1, 2);
    layout->addWidget(m_fixedTitle, 2, 0);
    layout->addWidget(m_brokenTitle, 2, 1);
    layout->addWidget(m_fixed, 3, 0);
    layout->addWidget(m_broken, 3, 1);
    layout->setRowStretch(1, 3);
    layout->setRowStretch(3, 1);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 1);
    clear();
}

void ExplorerStepSummary::setRows(const std::vector<int> &dataRows, const QStringList &classNames)
{
    m_dataRows = dataRows;
    m_classNames = classNames;
    // The titles keep the height of their longest counts while stepping.
    const int all = int(dataRows.size());
    m_title->reserveFor({titleText(all, all, all)});
    m_fixedTitle->reserveFor({tr("Fixed by this step: %1").arg(all)});
    m_brokenTitle->reserveFor({tr("Broken by this step: %1").arg(all)});
}

QLabel *ExplorerStepSummary::title() const
{
    return m_title;
}

QString ExplorerStepSummary::titleText(int step, int right, int rows) const
{
    return tr("Test rows at step %1: %2 of %3 right (%4 %)")
        .arg(step)
        .arg(right)
        .arg(rows)
        .arg(rows > 0 ? 100.0 * right / rows : 0.0, 0, 'f', 1);
}

void ExplorerStepSummary::setStep(int step, const Eigen::MatrixXi &predictions,
                                  const std::vector<int> &labels)
{
    if (step < 0 || step >= predictions.rows()) {
        clear();
        return;
    }
    const Evaluation evaluation =
        evaluationAtStep(predictions, labels, step, int(m_classNames.size()));
    m_confusion->setMatrix(evaluation.confusion, m_classNames);
    m_title->setCaption(titleText(step, evaluation.confusion.trace(), evaluation.rowCount()));

    const StepChanges changes = changesAtStep(predictions, labels, step);
    const auto fill = [&](QListWidget *list, const std::vector<int> &rows) {
        list->clear();
        for (int index : rows) {
            const int before = predictions(step - 1, index);
            const int after = predictions(step, index);
            auto *item = new QListWidgetItem(
                tr("row %1: %2 → %3")
                    .arg(m_dataRows.at(std::size_t(index)))
                    .arg(m_classNames.value(before), m_classNames.value(after)));
            item->setData(Qt::UserRole, index);
            list->addItem(item);
        }
    };
    fill(m_fixed, changes.fixed);
    fill(m_broken, changes.broken);
    m_fixedTitle->setCaption(tr("Fixed by this step: %1").arg(changes.fixed.size()));
    m_brokenTitle->setCaption(tr("Broken by this step: %1").arg(changes.broken.size()));
}

void ExplorerStepSummary::clear()
{
    m_confusion->clear();
    m_fixed->clear();
    m_broken->clear();
    m_title->setCaption(tr("Test rows at this step"));
    m_fixedTitle->setCaption(tr("Fixed by this step"));
    m_brokenTitle->setCaption(tr("Broken by this step"));
}

} // namespace trm::ui
