#include "datasetmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace trm::ui {

DatasetModel::DatasetModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void DatasetModel::setDataset(const Dataset &dataset)
{
    beginResetModel();
    m_dataset = dataset;
    endResetModel();
}

int DatasetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_dataset.rowCount();
}

int DatasetModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid() || m_dataset.rowCount() == 0)
        return 0;
    return m_dataset.featureCount() + 1;
}

QVariant DatasetModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int row = index.row();
    const bool isTarget = index.column() == targetColumn;
    switch (role) {
    case Qt::DisplayRole:
        if (isTarget) {
            const int label = m_dataset.labels[size_t(row)];
            return m_dataset.classNames.value(label);
        }
        // 'g' with 6 digits shows the file's values as written for typical data.
        return QString::number(m_dataset.features(row, index.column() - 1), 'g', 6);
    case Qt::TextAlignmentRole:
        return isTarget ? int(Qt::AlignLeft | Qt::AlignVCenter)
                        : int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        if (isTarget)
            return QBrush(QColor(255, 244, 214));
        return {};
    default:
        return {};
    }
}

QVariant DatasetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return section + 1;
        return {};
    }
    const bool isTarget = section == targetColumn;
    switch (role) {
    case Qt::DisplayRole:
        return isTarget ? tr("%1 (target)").arg(m_dataset.targetName)
                        : m_dataset.featureNames.value(section - 1);
    case Qt::ToolTipRole:
        return isTarget ? tr("The column the model learns to predict: %n class(es)", nullptr,
                             m_dataset.classCount())
                        : tr("A numeric input feature");
    case Qt::FontRole:
        if (isTarget) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

} // namespace trm::ui
