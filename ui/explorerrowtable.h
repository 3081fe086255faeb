#pragma once

#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QTableView;

namespace trm::ui {

/// One test row as the explorer lists it.
struct ExplorerRowSummary
{
    int dataRow = 0; ///< 1-based data row of the CSV file (as `trm trace --row`)
    int trueClass = -1;
    int predicted = -1;    ///< after the last answer update
    double confidence = 0; ///< probability of the predicted class
    int flips = 0;         ///< changes of predicted class during the recursion
};

/// The test rows in a table, filterable to the rows the model got wrong and to
/// the rows whose predicted class changed during the recursion, and sortable
/// by any column. Choosing a row emits rowChosen with its index in the list
/// given to setRows(). The table is a view on a model, so a test set of
/// hundreds of thousands of rows costs no widget per cell.
class ExplorerRowTable : public QWidget
{
    Q_OBJECT

public:
    enum class Filter
    {
        All,
        Misclassified,
        ChangedMind
    };

    explicit ExplorerRowTable(QWidget *parent = nullptr);

    void setRows(const std::vector<ExplorerRowSummary> &rows, const QStringList &classNames);
    void setFilter(Filter filter);
    Filter filter() const;
    /// Rows that pass the filter.
    int visibleRowCount() const;
    /// Selects (and scrolls to) row `index` without emitting rowChosen.
    void selectRow(int index);
    /// The list index of the selected row, or -1.
    int selectedRow() const;

    QTableView *table() const { return m_table; }
    QComboBox *filterBox() const { return m_filter; }
    /// The width column `column` needs to show its header and its widest cell
    /// without eliding.
    int contentWidth(int column) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void rowChosen(int index);

private:
    class RowModel;
    class FilterModel;

    void applyFilter();
    /// Every column as wide as its contents; the class columns share the room
    /// left over, and a horizontal scroll bar appears only when even the
    /// contents do not fit.
    void fitColumns();

    QComboBox *m_filter;
    QLabel *m_count;
    QTableView *m_table;
    RowModel *m_model;
    FilterModel *m_proxy;
};

} // namespace trm::ui
