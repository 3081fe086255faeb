#include "curvespanel.h"

#include "curvechart.h"
#include "presets.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace trm::ui {

CurvesPanel::CurvesPanel(QWidget *parent)
    : QWidget(parent)
    , m_lossChart(new CurveChart(tr("Loss"), tr("cross-entropy"), CurveChart::Scale::Unbounded))
    , m_accuracyChart(
          new CurveChart(tr("Accuracy"), tr("accuracy (%)"), CurveChart::Scale::Percent))
    , m_logScale(new QCheckBox(tr("&Log-scale loss")))
    , m_note(new QLabel)
    , m_runList(new QListWidget)
    , m_removeRun(new QPushButton(tr("Remove run")))
{
    m_logScale->setToolTip(tr("Show the loss on a logarithmic axis, where small late "
                              "improvements stay visible"));
    auto *saveLoss = new QPushButton(tr("Save loss chart..."));
    auto *saveAccuracy = new QPushButton(tr("Save accuracy chart..."));
    for (QPushButton *button : {saveLoss, saveAccuracy})
        button->setToolTip(tr("Save the chart as a PNG picture or an SVG drawing, or its "
                              "numbers as CSV (chosen by the file type)"));
    // One row of runs, wrapping when there are many, so the charts keep the height.
    m_runList->setFlow(QListView::LeftToRight);
    m_runList->setWrapping(true);
    m_runList->setSpacing(2);
    m_runList->setMaximumHeight(m_runList->fontMetrics().height() * 3);
    m_runList->setToolTip(tr("The runs on the charts, newest last. Earlier runs are faded."));
    m_removeRun->setToolTip(tr("Take the selected run off the charts"));
    m_removeRun->setEnabled(false);
    m_note->setWordWrap(true);
    m_note->setAlignment(Qt::AlignCenter);
    m_note->hide();

    auto *tools = new QHBoxLayout;
    tools->addWidget(m_logScale);
    tools->addStretch(1);
    tools->addWidget(saveLoss);
    tools->addWidget(saveAccuracy);

    auto *charts = new QHBoxLayout;
    charts->addWidget(m_lossChart);
    charts->addWidget(m_accuracyChart);

    auto *runs = new QHBoxLayout;
    runs->addWidget(new QLabel(tr("Runs:")));
    runs->addWidget(m_runList, 1);
    runs->addWidget(m_removeRun, 0, Qt::AlignTop);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(tools);
    layout->addWidget(m_note);
    layout->addLayout(charts, 1);
    layout->addLayout(runs);

    connect(m_logScale, &QCheckBox::toggled, m_lossChart, &CurveChart::setLogScale);
    connect(saveLoss, &QPushButton::clicked, this,
            [this] { saveChart(m_lossChart, QStringLiteral("loss")); });
    connect(saveAccuracy, &QPushButton::clicked, this,
            [this] { saveChart(m_accuracyChart, QStringLiteral("accuracy")); });
    connect(m_runList, &QListWidget::currentRowChanged, this,
            [this](int row) { m_removeRun->setEnabled(row >= 0); });
    connect(m_removeRun, &QPushButton::clicked, this,
            [this] { removeRun(m_runList->currentRow()); });
}

QString CurvesPanel::labelFor(const RunSettings &settings) const
{
    if (!m_runs.empty()) {
        const QString difference = describeDifference(m_runs.back().settings, settings);
        return difference.isEmpty() ? tr("replay of %1").arg(m_runs.back().label) : difference;
    }
    // The first run is named after the nearest preset, with what was changed
    // from it: "Paper: 10 recursion steps (epochs 40)".
    QString best;
    qsizetype fewest = -1;
    for (const Preset &preset : presets()) {
        const QString difference = describeDifference(preset.applyTo(settings), settings);
        const qsizetype count = difference.isEmpty() ? 0 : difference.count(QLatin1Char(',')) + 1;
        if (fewest < 0 || count < fewest) {
            fewest = count;
            best = difference.isEmpty() ? preset.name
                                        : QStringLiteral("%1 (%2)").arg(preset.name, difference);
        }
    }
    return best;
}

void CurvesPanel::beginRun(const QString &label, const RunSettings &settings, int epochBudget)
{
    m_note->clear();
    m_note->hide();
    m_runs.push_back(SessionRun{label, settings, {}});
    m_lossChart->beginRun(label, epochBudget);
    m_accuracyChart->beginRun(label, epochBudget);
    updateRunList();
}

void CurvesPanel::append(const EpochReport &report)
{
    if (m_runs.empty())
        return;
    m_runs.back().history.push_back(report);
    m_lossChart->append(report.epoch, report.trainLoss, report.validationLoss);
    m_accuracyChart->append(report.epoch, report.trainAccuracy, report.validationAccuracy);
}

void CurvesPanel::flush()
{
    m_lossChart->flush();
    m_accuracyChart->flush();
}

void CurvesPanel::addFinishedRun(const QString &label, const RunSettings &settings,
                                 const std::vector<EpochReport> &history)
{
    beginRun(label, settings, settings.training.epochs);
    for (const EpochReport &report : history)
        append(report);
    flush();
    if (history.empty()) {
        m_note->setText(tr("%1 holds no training history (it was saved by an older version "
                           "of TRM Studio), so there are no curves to show.")
                            .arg(label));
        m_note->show();
    }
}

QString CurvesPanel::note() const
{
    return m_note->text();
}

void CurvesPanel::removeRun(int index)
{
    if (index < 0 || index >= int(m_runs.size()))
        return;
    if (index + 1 == int(m_runs.size())) {
        m_note->clear();
        m_note->hide();
    }
    m_runs.erase(m_runs.begin() + index);
    m_lossChart->removeRun(index);
    m_accuracyChart->removeRun(index);
    updateRunList();
}

void CurvesPanel::clear()
{
    m_note->clear();
    m_note->hide();
    while (!m_runs.empty())
        removeRun(int(m_runs.size()) - 1);
}

void CurvesPanel::setRuns(const std::vector<SessionRun> &runs)
{
    clear();
    for (const SessionRun &run : runs) {
        beginRun(run.label, run.settings, run.settings.training.epochs);
        for (const EpochReport &report : run.history)
            append(report);
        flush();
    }
}

void CurvesPanel::saveChart(CurveChart *chart, const QString &name)
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Chart"), QDir::home().filePath(name + QStringLiteral(".png")),
        tr("PNG picture (*.png);;SVG drawing (*.svg);;CSV data (*.csv)"));
    if (path.isEmpty())
        return;
    const Result<void> result = QFileInfo(path).suffix().toLower() == QLatin1String("csv")
                                    ? chart->saveCsv(path)
                                    : chart->saveImage(path);
    if (result)
        emit saved(path);
    else
        emit saveFailed(result.error().message);
}

void CurvesPanel::nameEarlierRuns()
{
    // In the legend an earlier run is named by how it differs from the newest
    // ("n 9, T 1, N_sup 1"): short enough for a narrow chart, and it says what
    // the faded curve changed.
    for (int i = 0; i + 1 < int(m_runs.size()); ++i) {
        const QString difference =
            describeDifference(m_runs.back().settings, m_runs[std::size_t(i)].settings);
        for (CurveChart *chart : {m_lossChart, m_accuracyChart})
            chart->setLegendName(i,
                                 difference.isEmpty() ? m_runs[std::size_t(i)].label : difference);
    }
}

void CurvesPanel::updateRunList()
{
    nameEarlierRuns();
    m_runList->clear();
    for (const SessionRun &run : m_runs)
        m_runList->addItem(run.label);
    m_removeRun->setEnabled(false);
}

} // namespace trm::ui
