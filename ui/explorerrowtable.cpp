#include "explorerrowtable.h"

#include "explorerstyle.h"

#include <QAbstractTableModel>
#include <QComboBox>
#include <QEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

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

/// The role that sorts: numbers as numbers ("10" after "9"), classes by name.
constexpr int SortRole = Qt::UserRole;
/// The role that gives a table row's index in the list given to setRows().
constexpr int IndexRole = Qt::UserRole + 1;

} // namespace

class ExplorerRowTable::RowModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setRows(const std::vector<ExplorerRowSummary> &rows, const QStringList &classNames)
    {
        beginResetModel();
        m_rows = rows;
        m_classNames = classNames;
        endResetModel();
    }
    const std::vector<ExplorerRowSummary> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : ColumnCount;
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid())
            return {};
        const ExplorerRowSummary &row = m_rows[std::size_t(index.row())];
        const bool wrong = row.predicted != row.trueClass;
        switch (role) {
        case Qt::DisplayRole:
            return text(row, index.column());
        case SortRole:
            return sortKey(row, index.column());
        case IndexRole:
            return index.row();
        case Qt::TextAlignmentRole:
            return index.column() == TrueColumn || index.column() == PredictedColumn
                       ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
        case Qt::ForegroundRole:
            if (index.column() == PredictedColumn && wrong)
                return QColor(190, 30, 30);
            return {};
        case Qt::FontRole:
            if (index.column() == PredictedColumn && wrong) {
                QFont bold = m_font;
                bold.setBold(true);
                return bold;
            }
            return {};
        case Qt::ToolTipRole:
            if (index.column() == PredictedColumn && wrong)
                return tr("Misclassified: the true class is %1")
                    .arg(m_classNames.value(row.trueClass));
            return text(row, index.column());
        default:
            return {};
        }
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal)
            return {};
        if (role == Qt::DisplayRole) {
            static const char *const names[ColumnCount] = {
                QT_TR_NOOP("row"), QT_TR_NOOP("true"), QT_TR_NOOP("predicted"), QT_TR_NOOP("conf."),
                QT_TR_NOOP("changes")};
            return tr(names[section]);
        }
        if (role == Qt::ToolTipRole) {
            switch (section) {
            case RowColumn:
                return tr("Data row of the CSV file");
            case ConfidenceColumn:
                return tr("Confidence: the probability of the predicted class");
            case FlipsColumn:
                return tr("How often the predicted class changed during the recursion");
            default:
                return {};
            }
        }
        return {};
    }

    void setFont(const QFont &font) { m_font = font; }

    /// The widest text of `column` over all rows, as drawn in `font` (the
    /// predicted class of a misclassified row is bold). Numbers are measured
    /// by their largest value and class names by the names, so a large test
    /// set costs no more than a small one.
    int widestText(int column, const QFont &font) const
    {
        QFont bold = font;
        bold.setBold(true);
        const QFontMetrics metrics(column == PredictedColumn ? bold : font);
        int widest = 0;
        switch (column) {
        case RowColumn:
        case FlipsColumn: {
            int largest = 0;
            for (const ExplorerRowSummary &row : m_rows)
                largest = std::max(largest, column == RowColumn ? row.dataRow : row.flips);
            // Digits share one width in table fonts; an 8 stands for any of them.
            widest = metrics.horizontalAdvance(
                QString(QString::number(largest).size(), QLatin1Char('8')));
            break;
        }
        case ConfidenceColumn:
            widest = metrics.horizontalAdvance(QStringLiteral("100.0 %"));
            break;
        case TrueColumn:
        case PredictedColumn:
            for (const QString &name : m_classNames)
                widest = std::max(widest, metrics.horizontalAdvance(name));
            break;
        default:
            break;
        }
        return widest;
    }

private:
    QString text(const ExplorerRowSummary &row, int column) const
    {
        switch (column) {
        case RowColumn:
            return QString::number(row.dataRow);
        case TrueColumn:
            return m_classNames.value(row.trueClass);
        case PredictedColumn:
            return m_classNames.value(row.predicted);
        case ConfidenceColumn:
            return QStringLiteral("%1 %").arg(row.confidence * 100, 0, 'f', 1);
        case FlipsColumn:
            return QString::number(row.flips);
        default:
            return {};
        }
    }

    QVariant sortKey(const ExplorerRowSummary &row, int column) const
    {
        switch (column) {
        case RowColumn:
            return row.dataRow;
        case ConfidenceColumn:
            return row.confidence;
        case FlipsColumn:
            return row.flips;
        default:
            return text(row, column);
        }
    }

    std::vector<ExplorerRowSummary> m_rows;
    QStringList m_classNames;
    QFont m_font;
};

class ExplorerRowTable::FilterModel : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setFilter(Filter filter)
    {
        m_filter = filter;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &) const override
    {
        const auto *rows = static_cast<const RowModel *>(sourceModel());
        const ExplorerRowSummary &row = rows->rows()[std::size_t(sourceRow)];
        switch (m_filter) {
        case Filter::All:
            return true;
        case Filter::Misclassified:
            return row.predicted != row.trueClass;
        case Filter::ChangedMind:
            return row.flips > 0;
        }
        return true;
    }

private:
    Filter m_filter = Filter::All;
};

ExplorerRowTable::ExplorerRowTable(QWidget *parent)
    : QWidget(parent)
    , m_filter(new QComboBox)
    , m_count(new QLabel)
    , m_table(new QTableView)
    , m_model(new RowModel(this))
    , m_proxy(new FilterModel(this))
{
    m_filter->addItem(tr("All test rows"), int(Filter::All));
    m_filter->addItem(tr("Misclassified rows"), int(Filter::Misclassified));
    m_filter->addItem(tr("Rows that changed their mind"), int(Filter::ChangedMind));
    m_filter->setToolTip(tr("Show only the rows the model got wrong, or only those whose "
                            "predicted class changed during the recursion"));

    const QFont tableFont = explorer::scaledFont(font(), 1.05);
    m_model->setFont(tableFont);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SortRole);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setFont(tableFont);
    m_table->verticalHeader()->hide();
    // Uniform rows let the view skip measuring each one: a large test set
    // scrolls as fast as a small one.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // fitColumns() sets every width whenever the rows or the room change.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->viewport()->installEventFilter(this);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RowColumn, Qt::AscendingOrder);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QComboBox::currentIndexChanged, this, &ExplorerRowTable::applyFilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const int index = selectedRow();
        if (index >= 0)
            emit rowChosen(index);
    });
    applyFilter();
}

void ExplorerRowTable::setRows(const std::vector<ExplorerRowSummary> &rows,
                               const QStringList &classNames)
{
    const QSignalBlocker blocker(m_table->selectionModel());
    m_model->setRows(rows, classNames);
    applyFilter();
    fitColumns();
}

int ExplorerRowTable::contentWidth(int column) const
{
    // The item delegate leaves a focus-frame margin and a pixel on each side
    // of the text; two pixels more keep a text that fits exactly from eliding.
    const int margin =
        2 * (style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 1) + 2;
    return std::max(m_table->horizontalHeader()->sectionSizeHint(column),
                    m_model->widestText(column, m_table->font()) + margin);
}

bool ExplorerRowTable::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    return QWidget::eventFilter(watched, event);
}

void ExplorerRowTable::fitColumns()
{
    int widths[ColumnCount];
    int needed = 0;
    for (int column = 0; column < ColumnCount; ++column) {
        widths[column] = contentWidth(column);
        needed += widths[column];
    }
    // The list asks for room for every column whole (and a vertical scroll
    // bar), so that the explorer's splitter does not squeeze it; dragged or
    // laid out narrower all the same, it scrolls sideways.
    m_table->setMinimumWidth(needed + 2 * m_table->frameWidth() +
                             m_table->verticalScrollBar()->sizeHint().width());
    const int spare = m_table->viewport()->width() - needed;
    if (spare > 0) {
        widths[TrueColumn] += spare / 2;
        widths[PredictedColumn] += spare - spare / 2;
    }
    m_table->setHorizontalScrollBarPolicy(spare >= 0 ? Qt::ScrollBarAlwaysOff
                                                     : Qt::ScrollBarAsNeeded);
    QHeaderView *header = m_table->horizontalHeader();
    for (int column = 0; column < ColumnCount; ++column)
        header->resizeSection(column, widths[column]);
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
    return m_proxy->rowCount();
}

void ExplorerRowTable::selectRow(int index)
{
    const QSignalBlocker blocker(m_table->selectionModel());
    const QModelIndex shown = index >= 0 && index < m_model->rowCount()
                                  ? m_proxy->mapFromSource(m_model->index(index, 0))
                                  : QModelIndex();
    if (!shown.isValid()) {
        m_table->clearSelection();
        return;
    }
    m_table->selectRow(shown.row());
    m_table->scrollTo(shown);
}

int ExplorerRowTable::selectedRow() const
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    return selected.isEmpty() ? -1 : selected.front().data(IndexRole).toInt();
}

void ExplorerRowTable::applyFilter()
{
    m_proxy->setFilter(filter());
    const QLocale locale;
    m_count->setText(
        tr("%1 of %2")
            .arg(locale.toString(visibleRowCount()), locale.toString(m_model->rowCount())));
}

} // namespace trm::ui
