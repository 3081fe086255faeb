#include "explorerrowtable.h"

#include "explorerstyle.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace trm::ui {

namespace {

enum Column
{
    RowColumn,
    TrueColumn,
    PredictedColumn,
    ConfidenceColumn,
    FlipsColumn,
    ColumnCount
};

/// A cell that sorts by its number, not by its text ("10" after "9").
class NumberItem : public QTableWidgetItem
{
public:
    NumberItem(double value, const QString &text)
        : QTableWidgetItem(text)
        , m_value(value)
    {
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    bool operator<(const QTableWidgetItem &other) const override
    {
        const auto *number = dynamic_cast<const NumberItem *>(&other);
        return number ? m_value < number->m_value : QTableWidgetItem::operator<(other);
    }

private:
    double m_value;
};

QTableWidgetItem *sortableNumber(double value, const QString &text)
{
    return new NumberItem(value, text);
}

} // namespace

ExplorerRowTable::ExplorerRowTable(QWidget *parent)
    : QWidget(parent)
    , m_filter(new QComboBox)
    , m_count(new QLabel)
    , m_table(new QTableWidget(0, ColumnCount))
{
    m_filter->addItem(tr("All test rows"), int(Filter::All));
    m_filter->addItem(tr("Misclassified rows"), int(Filter::Misclassified));
    m_filter->addItem(tr("Rows that changed their mind"), int(Filter::ChangedMind));
    m_filter->setToolTip(tr("Show only the rows the model got wrong, or only those whose "
                            "predicted class changed during the recursion"));

    m_table->setHorizontalHeaderLabels(
        {tr("row"), tr("true"), tr("predicted"), tr("conf."), tr("changes")});
    m_table->horizontalHeaderItem(ConfidenceColumn)
        ->setToolTip(tr("Confidence: the probability of the predicted class"));
    m_table->horizontalHeaderItem(FlipsColumn)
        ->setToolTip(tr("How often the predicted class changed during the recursion"));
    m_table->horizontalHeaderItem(RowColumn)->setToolTip(tr("Data row of the CSV file"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSortingEnabled(true);
    m_table->setFont(explorer::scaledFont(font(), 1.05));

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QComboBox::currentIndexChanged, this, &ExplorerRowTable::applyFilter);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const int index = selectedRow();
        if (index >= 0)
            emit rowChosen(index);
    });
}

void ExplorerRowTable::setRows(const std::vector<ExplorerRowSummary> &rows,
                               const QStringList &classNames)
{
    const QSignalBlocker blocker(m_table);
    m_rows = rows;
    m_table->setSortingEnabled(false);
    m_table->clearContents();
    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        const ExplorerRowSummary &row = rows[std::size_t(i)];
        QTableWidgetItem *number = sortableNumber(row.dataRow, QString::number(row.dataRow));
        number->setData(Qt::UserRole, i);
        m_table->setItem(i, RowColumn, number);
        m_table->setItem(i, TrueColumn, new QTableWidgetItem(classNames.value(row.trueClass)));
        auto *predicted = new QTableWidgetItem(classNames.value(row.predicted));
        if (row.predicted != row.trueClass) {
            predicted->setForeground(QColor(190, 30, 30));
            predicted->setToolTip(tr("Misclassified"));
            QFont bold = predicted->font();
            bold.setBold(true);
            predicted->setFont(bold);
        }
        m_table->setItem(i, PredictedColumn, predicted);
        m_table->setItem(i, ConfidenceColumn,
                         sortableNumber(row.confidence, QStringLiteral("%1 %").arg(
                                                            row.confidence * 100, 0, 'f', 1)));
        m_table->setItem(i, FlipsColumn, sortableNumber(row.flips, QString::number(row.flips)));
    }
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RowColumn, Qt::AscendingOrder);
    applyFilter();
}

void ExplorerRowTable::setFilter(Filter filter)
{
    m_filter->setCurrentIndex(m_filter->findData(int(filter)));
}

ExplorerRowTable::Filter ExplorerRowTable::filter() const
{
    return Filter(m_filter->currentData().toInt());
}

int ExplorerRowTable::visibleRowCount() const
{
    int visible = 0;
    for (int r = 0; r < m_table->rowCount(); ++r)
        visible += m_table->isRowHidden(r) ? 0 : 1;
    return visible;
}

void ExplorerRowTable::selectRow(int index)
{
    const QSignalBlocker blocker(m_table);
    for (int r = 0; r < m_table->rowCount(); ++r) {
        if (m_table->item(r, RowColumn)->data(Qt::UserRole).toInt() == index) {
            m_table->selectRow(r);
            m_table->scrollToItem(m_table->item(r, RowColumn));
            return;
        }
    }
    m_table->clearSelection();
}

int ExplorerRowTable::selectedRow() const
{
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    for (QTableWidgetItem *item : selected) {
        if (item->column() == RowColumn)
            return item->data(Qt::UserRole).toInt();
    }
    return -1;
}

void ExplorerRowTable::applyFilter()
{
    const Filter wanted = filter();
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const int index = m_table->item(r, RowColumn)->data(Qt::UserRole).toInt();
        const ExplorerRowSummary &row = m_rows[std::size_t(index)];
        const bool shown = wanted == Filter::All ||
                           (wanted == Filter::Misclassified && row.predicted != row.trueClass) ||
                           (wanted == Filter::ChangedMind && row.flips > 0);
        m_table->setRowHidden(r, !shown);
    }
    m_count->setText(tr("%1 of %2").arg(visibleRowCount()).arg(m_rows.size()));
}

} // namespace trm::ui
