#pragma once

#include "dataset.h"

#include <QAbstractTableModel>

namespace trm::ui {

/// Read-only view of a Dataset: the target column first, showing class names,
/// so it stays in sight however many features follow, then one column per
/// feature. Row headers count from 1, as in a spreadsheet.
class DatasetModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit DatasetModel(QObject *parent = nullptr);

    void setDataset(const Dataset &dataset);
    const Dataset &dataset() const { return m_dataset; }
    bool isEmpty() const { return m_dataset.rowCount() == 0; }
    static constexpr int targetColumn = 0;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    Dataset m_dataset;
};

} // namespace trm::ui
