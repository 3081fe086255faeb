#pragma once

#include "dataset.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace trm::ui {

class DatasetModel;

/// The loaded table: which file, which column is the target, and the rows.
class DataPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DataPanel(QWidget *parent = nullptr);

    void setDataset(const Dataset &dataset);
    /// Selects the loaded data's target again, after another choice was refused.
    void showLoadedTarget();
    DatasetModel *model() const { return m_model; }
    QComboBox *targetCombo() const { return m_targetCombo; }

signals:
    /// The person picked another column as the target.
    void targetChosen(const QString &columnName);

private:
    DatasetModel *m_model;
    QLabel *m_fileLabel;
    QComboBox *m_targetCombo;
    QTableView *m_table;
};

} // namespace trm::ui
