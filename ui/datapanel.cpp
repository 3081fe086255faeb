#include "datapanel.h"

#include "datasetmodel.h"
#include "plural.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

namespace trm::ui {

DataPanel::DataPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new DatasetModel(this))
    , m_fileLabel(new QLabel(tr("No data yet: File > Open Data, or drop a CSV file here."), this))
    , m_targetCombo(new QComboBox(this))
    , m_table(new QTableView(this))
{
    m_fileLabel->setWordWrap(true);
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_targetCombo->setEnabled(false);
    m_targetCombo->setToolTip(tr("The column the model learns to predict. Every other column "
                                 "must hold numbers."));

    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Target:"), m_targetCombo);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_fileLabel);
    layout->addLayout(form);
    layout->addWidget(m_table, 1);

    connect(m_targetCombo, &QComboBox::activated, this,
            [this](int index) { emit targetChosen(m_targetCombo->itemText(index)); });
}

void DataPanel::setDataset(const Dataset &dataset)
{
    m_model->setDataset(dataset);
    m_fileLabel->setText(tr("<b>%1</b>: %2, %3, %4")
                             .arg(QFileInfo(dataset.sourcePath).fileName().toHtmlEscaped(),
                                  counted(dataset.rowCount(), tr("row"), tr("rows")),
                                  counted(dataset.featureCount(), tr("feature"), tr("features")),
                                  counted(dataset.classCount(), tr("class"), tr("classes"))));
    m_fileLabel->setToolTip(dataset.sourcePath);

    const QSignalBlocker blocker(m_targetCombo);
    m_targetCombo->clear();
    m_targetCombo->addItems(dataset.featureNames);
    m_targetCombo->addItem(dataset.targetName);
    m_targetCombo->setCurrentIndex(m_targetCombo->count() - 1);
    m_targetCombo->setEnabled(true);
}

void DataPanel::showLoadedTarget()
{
    const QSignalBlocker blocker(m_targetCombo);
    m_targetCombo->setCurrentIndex(m_targetCombo->count() - 1);
}

} // namespace trm::ui
