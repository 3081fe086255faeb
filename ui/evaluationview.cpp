#include "evaluationview.h"

#include "confusionmatrixwidget.h"
#include "evaluationworker.h"
#include "plural.h"
#include "preprocessing.h"
#include "report.h"

#include <QComboBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <numeric>

namespace trm::ui {

namespace {

QTableWidgetItem *textItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

/// A number that sorts as a number and reads with fixed decimals.
QTableWidgetItem *numberItem(double value, bool defined = true, int decimals = 4)
{
    auto *item = textItem(report::metricText(value, defined, decimals));
    if (defined)
        item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidgetItem *countItem(long long count)
{
    auto *item = textItem(QString());
    item->setData(Qt::DisplayRole, count);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidget *makeTable(const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QString spreadText(const MetricSpread &spread)
{
    return QStringLiteral("%1 ± %2").arg(report::metricText(spread.mean),
                                         report::metricText(spread.std));
}

} // namespace

/// A run being evaluated: what the result will be shown with.
struct EvaluationView::PendingRun
{
    std::vector<int> testRows;
    std::vector<int> truth;
    std::vector<int> lineNumbers; ///< per test row: its line in the file, if known
    QFutureWatcher<Result<ReportData>> watcher;
};

EvaluationView::EvaluationView(QWidget *parent)
    : QWidget(parent)
    , m_headline(new QLabel)
    , m_message(new QLabel)
    , m_matrix(new ConfusionMatrixWidget)
    , m_cellCaption(new QLabel)
    , m_cellRows(makeTable(
          {tr("Row"), tr("Line"), tr("True"), tr("Predicted"), tr("p(predicted)"), tr("p(true)")}))
    , m_metrics(makeTable({tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support")}))
    , m_comparison(makeTable(
          {tr("Model"), tr("Accuracy"), tr("Balanced\naccuracy"), tr("Macro-F1"), tr("Log loss")}))
    , m_comparisonNote(new QLabel)
    , m_folds(new QSpinBox)
    , m_repeats(new QSpinBox)
    , m_cvSource(new QLabel)
    , m_cvRun(new QPushButton(tr("Run cross-validation")))
    , m_cvCancel(new QPushButton(tr("Cancel")))
    , m_cvProgress(new QProgressBar)
    , m_cvResult(new QLabel)
    , m_pageSize(new QComboBox)
    , m_export(new QPushButton(tr("Export report…")))
{
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::RichText);
    m_message->setWordWrap(true);
    m_message->hide();
    m_cellCaption->setWordWrap(true);
    m_cellCaption->setText(tr("Click a cell of the matrix to list its rows."));
    m_cellRows->setSortingEnabled(true);
    m_cellRows->setToolTip(tr("Double-click a row to open it in the recursion explorer."));
    m_comparisonNote->setWordWrap(true);
    for (QTableWidget *table : {m_metrics, m_comparison}) {
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
        table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
        // With every column stretched, stretching the last one as well made the
        // header a few pixels wider than the view, cutting off its numbers.
        table->horizontalHeader()->setStretchLastSection(false);
    }
    m_cvResult->setWordWrap(true);
    m_cvResult->setTextFormat(Qt::RichText);
    m_cvSource->setWordWrap(true);

    auto *left = new QSplitter(Qt::Vertical);
    left->addWidget(m_matrix);
    auto *cellBox = new QWidget;
    auto *cellLayout = new QVBoxLayout(cellBox);
    cellLayout->setContentsMargins(0, 0, 0, 0);
    cellLayout->addWidget(m_cellCaption);
    cellLayout->addWidget(m_cellRows);
    left->addWidget(cellBox);
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);

    auto *metricsBox = new QGroupBox(tr("Metrics per class"));
    auto *metricsLayout = new QVBoxLayout(metricsBox);
    metricsLayout->addWidget(m_metrics);

    auto *comparisonBox = new QGroupBox(tr("Compared with simple references, on the same rows"));
    auto *comparisonLayout = new QVBoxLayout(comparisonBox);
    comparisonLayout->addWidget(m_comparison);
    comparisonLayout->addWidget(m_comparisonNote);

    auto *cvBox = new QGroupBox(tr("Cross-validation"));
    // Folds and repeats share one line, so the box keeps its height for the figures.
    auto *cvForm = new QHBoxLayout;
    m_folds->setRange(2, 20);
    m_folds->setValue(5);
    m_repeats->setRange(1, 20);
    m_repeats->setValue(1);
    cvForm->addWidget(new QLabel(tr("Folds")));
    cvForm->addWidget(m_folds, 1);
    cvForm->addSpacing(12);
    cvForm->addWidget(new QLabel(tr("Repeats")));
    cvForm->addWidget(m_repeats, 1);
    auto *cvButtons = new QHBoxLayout;
    cvButtons->addWidget(m_cvRun);
    cvButtons->addWidget(m_cvProgress, 1);
    cvButtons->addWidget(m_cvCancel);
    auto *cvLayout = new QVBoxLayout(cvBox);
    cvLayout->addWidget(m_cvSource);
    cvLayout->addLayout(cvForm);
    cvLayout->addLayout(cvButtons);
    cvLayout->addWidget(m_cvResult);
    m_cvCancel->setEnabled(false);
    m_cvRun->setEnabled(false);
    m_cvProgress->setRange(0, 1);
    m_cvProgress->setValue(0);
    m_cvResult->setText(tr("Each row is tested once per repeat by a model that never saw it; "
                           "the figures are the mean ± the spread over folds."));

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(metricsBox, 3);
    rightLayout->addWidget(comparisonBox, 2);
    rightLayout->addWidget(cvBox);

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    m_pageSize->addItem(tr("A4"), QStringLiteral("a4"));
    m_pageSize->addItem(tr("Letter"), QStringLiteral("letter"));
    m_pageSize->setToolTip(tr("Paper size of a PDF report"));
    m_export->setEnabled(false);
    auto *bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(new QLabel(tr("PDF paper")));
    bottom->addWidget(m_pageSize);
    bottom->addWidget(m_export);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);
    layout->addLayout(bottom);

    connect(m_matrix, &ConfusionMatrixWidget::cellClicked, this, &EvaluationView::selectCell);
    connect(m_cellRows, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QTableWidgetItem *item = m_cellRows->item(row, 0);
        if (item)
            emit rowActivated(item->data(Qt::UserRole).toInt());
    });
    connect(m_cvRun, &QPushButton::clicked, this,
            [this] { startCrossValidation(m_folds->value(), m_repeats->value()); });
    connect(m_cvCancel, &QPushButton::clicked, this, &EvaluationView::cancelCrossValidation);
    connect(m_export, &QPushButton::clicked, this, &EvaluationView::exportRequested);
    clear();
}

EvaluationView::~EvaluationView()
{
    if (m_thread) {
        m_worker->cancel();
        m_thread->quit();
        m_thread->wait();
    }
}

void EvaluationView::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
    m_message->setVisible(!text.isEmpty());
}

void EvaluationView::clear(const QString &headline)
{
    m_pendingRun.reset();
    m_report.reset();
    m_sourceRows.clear();
    m_lineNumbers.clear();
    m_truth.clear();
    m_probabilities.resize(0, 0);
    m_matrix->clear();
    m_metrics->setRowCount(0);
    m_comparison->setRowCount(0);
    m_cellRows->setRowCount(0);
    m_comparisonNote->clear();
    m_headline->setText(headline.isEmpty()
                            ? tr("Train a model, or import one and predict on a labelled file, "
                                 "to evaluate it here.")
                            : headline);
    showMessage(QString(), false);
    m_export->setEnabled(false);
    // The file a model's report scored goes with the report.
    if (m_cvFromReport) {
        m_cvDataset.reset();
        m_cvFromReport = false;
    }
    updateCrossValidationSource();
}

void EvaluationView::showRun(const RunOutcome &outcome, const Dataset &dataset)
{
    clear();
    m_pendingRun = std::make_unique<PendingRun>();
    m_pendingRun->testRows = outcome.split.test;
    m_pendingRun->truth = selectLabels(dataset.labels, outcome.split.test);
    if (dataset.lineNumbers.size() == dataset.labels.size())
        m_pendingRun->lineNumbers = selectLabels(dataset.lineNumbers, outcome.split.test);
    m_headline->setText(
        tr("Evaluating the %1 and fitting the references…")
            .arg(counted(qint64(outcome.split.test.size()), tr("test row"), tr("test rows"))));
    PendingRun *pending = m_pendingRun.get();
    connect(&pending->watcher, &QFutureWatcher<Result<ReportData>>::finished, this,
            [this, pending] {
                if (m_pendingRun.get() != pending)
                    return;
                Result<ReportData> report = pending->watcher.result();
                std::vector<int> testRows = std::move(pending->testRows);
                std::vector<int> truth = std::move(pending->truth);
                std::vector<int> lineNumbers = std::move(pending->lineNumbers);
                m_pendingRun.reset();
                if (!report) {
                    showMessage(report.error().message, true);
                    emit evaluated(false);
                    return;
                }
                Eigen::MatrixXd probabilities = report.value().comparison.front().probabilities;
                showReport(std::move(report).value(), std::move(testRows), std::move(lineNumbers),
                           std::move(probabilities));
                m_truth = std::move(truth);
                emit evaluated(true);
            });
    // The worker owns copies: the window may load other data meanwhile.
    pending->watcher.setFuture(
        QtConcurrent::run([outcome, dataset] { return reportForRun(outcome, dataset); }));
}

void EvaluationView::showModelReport(ReportData report, const LabelledRows &rows,
                                     Eigen::MatrixXd probabilities)
{
    m_pendingRun.reset();
    std::vector<int> sourceRows(rows.labels.size());
    std::iota(sourceRows.begin(), sourceRows.end(), 0);
    // Cross-validation trains new models; with no data set open it trains them
    // on the labelled file just scored, the way the model itself was trained.
    if (!m_cvDataset || m_cvFromReport) {
        Dataset scored;
        scored.sourcePath = report.dataName;
        scored.sha256 = report.dataSha256;
        scored.featureNames = report.featureNames;
        scored.targetName = report.targetName;
        scored.classNames = report.classNames;
        scored.features = rows.features;
        scored.labels = rows.labels;
        scored.lineNumbers = rows.lineNumbers;
        RunSettings settings;
        settings.model = report.config;
        settings.training = report.training;
        // The model's own share of validation rows for early stopping.
        const Provenance &origin = report.provenance;
        if (origin.trainRows > 0 && origin.validationRows >= 0) {
            settings.validationShare =
                double(origin.validationRows) / (origin.trainRows + origin.validationRows);
        }
        m_cvDataset = std::move(scored);
        m_cvSettings = settings;
        m_cvSettingsOrigin = tr("the settings %1 was trained with").arg(report.modelSource);
        m_cvFromReport = true;
    }
    showReport(std::move(report), std::move(sourceRows), rows.lineNumbers,
               std::move(probabilities));
    m_truth = rows.labels;
    updateCrossValidationSource();
}

void EvaluationView::showReport(ReportData report, std::vector<int> sourceRows,
                                std::vector<int> lineNumbers, Eigen::MatrixXd probabilities)
{
    showMessage(QString(), false);
    m_report = std::move(report);
    m_sourceRows = std::move(sourceRows);
    m_lineNumbers = std::move(lineNumbers);
    m_probabilities = std::move(probabilities);
    const Evaluation &e = m_report->evaluation;
    m_headline->setText(
        tr("On %1 (model: %2): accuracy <b>%3</b>, balanced accuracy <b>%4</b>, "
           "log loss <b>%5</b>")
            .arg(m_report->evaluatedOn.toHtmlEscaped(), m_report->modelSource.toHtmlEscaped(),
                 report::metricText(e.accuracy), report::metricText(e.balancedAccuracy),
                 report::metricText(e.logLoss.value_or(0), e.logLoss.has_value())));
    m_matrix->setMatrix(e.confusion, m_report->classNames);
    m_cellRows->setRowCount(0);
    m_cellCaption->setText(tr("Click a cell of the matrix to list its rows."));
    fillMetrics();
    fillComparison();
    m_export->setEnabled(true);
}

void EvaluationView::fillMetrics()
{
    const Evaluation &e = m_report->evaluation;
    const int classCount = int(e.perClass.size());
    m_metrics->setRowCount(classCount + 2);
    for (int k = 0; k < classCount; ++k) {
        const ClassMetrics &m = e.perClass[std::size_t(k)];
        m_metrics->setItem(k, 0, textItem(m_report->classNames.value(k)));
        m_metrics->setItem(k, 1, numberItem(m.precision, m.precisionDefined));
        m_metrics->setItem(k, 2, numberItem(m.recall, m.recallDefined));
        m_metrics->setItem(k, 3, numberItem(m.f1));
        m_metrics->setItem(k, 4, countItem(m.support));
        if (!m.precisionDefined) {
            m_metrics->item(k, 1)->setToolTip(
                tr("Undefined: the model never predicts this class."));
        }
        if (!m.recallDefined)
            m_metrics->item(k, 2)->setToolTip(tr("Undefined: no row has this class."));
    }
    const auto averageRow = [&](int row, const QString &name, double precision, double recall,
                                double f1) {
        QTableWidgetItem *label = textItem(name);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        m_metrics->setItem(row, 0, label);
        m_metrics->setItem(row, 1, numberItem(precision));
        m_metrics->setItem(row, 2, numberItem(recall));
        m_metrics->setItem(row, 3, numberItem(f1));
        m_metrics->setItem(row, 4, countItem(e.rowCount()));
    };
    averageRow(classCount, tr("Macro average"), e.macroPrecision, e.macroRecall, e.macroF1);
    averageRow(classCount + 1, tr("Weighted average"), e.weightedPrecision, e.weightedRecall,
               e.weightedF1);
}

void EvaluationView::fillComparison()
{
    m_comparison->setRowCount(int(m_report->comparison.size()));
    for (int i = 0; i < int(m_report->comparison.size()); ++i) {
        const Reference &r = m_report->comparison[std::size_t(i)];
        const Evaluation &e = r.evaluation;
        QTableWidgetItem *name = textItem(r.name);
        name->setToolTip(r.description);
        m_comparison->setItem(i, 0, name);
        m_comparison->setItem(i, 1, numberItem(e.accuracy));
        m_comparison->setItem(i, 2, numberItem(e.balancedAccuracy));
        m_comparison->setItem(i, 3, numberItem(e.macroF1));
        m_comparison->setItem(i, 4, numberItem(e.logLoss.value_or(0), e.logLoss.has_value()));
    }
    m_comparisonNote->setText(m_report->comparisonNote);
}

void EvaluationView::selectCell(int truth, int predicted)
{
    if (!m_report || truth < 0 || predicted < 0 || truth >= m_probabilities.cols() ||
        predicted >= m_probabilities.cols()) {
        return;
    }
    m_matrix->setSelectedCell(truth, predicted);
    const std::vector<int> predictions = argMax(m_probabilities);
    m_cellRows->setSortingEnabled(false);
    m_cellRows->setRowCount(0);
    for (std::size_t i = 0; i < m_truth.size() && i < predictions.size(); ++i) {
        if (m_truth[i] != truth || predictions[i] != predicted)
            continue;
        const int row = m_cellRows->rowCount();
        m_cellRows->insertRow(row);
        const int source = i < m_sourceRows.size() ? m_sourceRows[i] : int(i);
        QTableWidgetItem *number = countItem(source + 1);
        number->setData(Qt::UserRole, source);
        m_cellRows->setItem(row, 0, number);
        m_cellRows->setItem(row, 1,
                            i < m_lineNumbers.size() ? countItem(m_lineNumbers[i])
                                                     : textItem(QStringLiteral("—")));
        m_cellRows->setItem(row, 2, textItem(m_report->classNames.value(truth)));
        m_cellRows->setItem(row, 3, textItem(m_report->classNames.value(predicted)));
        m_cellRows->setItem(row, 4, numberItem(m_probabilities(Eigen::Index(i), predicted)));
        m_cellRows->setItem(row, 5, numberItem(m_probabilities(Eigen::Index(i), truth)));
    }
    m_cellRows->setSortingEnabled(true);
    const int count = m_cellRows->rowCount();
    m_cellCaption->setText(tr("%1 of true class <b>%2</b> predicted as <b>%3</b>%4")
                               .arg(counted(count, tr("row"), tr("rows")),
                                    m_report->classNames.value(truth).toHtmlEscaped(),
                                    m_report->classNames.value(predicted).toHtmlEscaped(),
                                    truth == predicted ? tr(" (right)") : tr(" (mistakes)")));
}

Result<void> EvaluationView::exportReport(const QString &path, const QString &pageSize)
{
    if (!m_report)
        return makeError(tr("There is no evaluation to export yet."));
    return report::writeReport(*m_report, path, pageSize);
}

QString EvaluationView::pageSize() const
{
    return m_pageSize->currentData().toString();
}

void EvaluationView::setCrossValidationSource(const Dataset &dataset, const RunSettings &settings)
{
    m_cvDataset = dataset;
    m_cvSettings = settings;
    m_cvSettingsOrigin = tr("the training settings");
    m_cvFromReport = false;
    updateCrossValidationSource();
}

void EvaluationView::updateCrossValidationSource()
{
    if (!m_cvDataset) {
        m_cvSource->setText(tr("Cross-validation trains new models: open a data set, or "
                               "predict with a model on a labelled file, to run it."));
    } else {
        m_cvSource->setText(tr("Trains new models on the %1 of %2 with %3.")
                                .arg(counted(m_cvDataset->rowCount(), tr("row"), tr("rows")),
                                     QFileInfo(m_cvDataset->sourcePath).fileName(),
                                     m_cvSettingsOrigin));
    }
    m_cvRun->setEnabled(m_cvDataset.has_value() && !m_thread);
}

void EvaluationView::startCrossValidation(int folds, int repeats)
{
    if (m_thread || !m_cvDataset)
        return;
    m_thread = new QThread(this);
    m_worker = new CrossValidationWorker(*m_cvDataset, m_cvSettings, folds, repeats);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_worker, &CrossValidationWorker::run);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &CrossValidationWorker::progress, this,
            [this](int done, int total, int epoch, int epochs) {
                // One bar over all folds, each fold advancing with its epochs.
                m_cvProgress->setRange(0, total * epochs);
                m_cvProgress->setValue(done * epochs + epoch);
                m_cvProgress->setFormat(
                    tr("fold %1 of %2").arg(std::min(done + 1, total)).arg(total));
            });
    connect(m_worker, &CrossValidationWorker::finished, this,
            [this, folds, repeats](const FoldSummary &summary) {
                QString text = tr("<b>%1 × %2</b>, mean ± sample standard deviation over %3:")
                                   .arg(counted(folds, tr("fold"), tr("folds")),
                                        counted(repeats, tr("repeat"), tr("repeats")),
                                        counted(summary.folds, tr("model"), tr("models")));
                // The same metrics, in the same order, as `trm cv`: two to a line,
                // so that all of them fit below the tables.
                std::vector<std::pair<QString, MetricSpread>> metrics = {
                    {tr("accuracy"), summary.accuracy},
                    {tr("balanced accuracy"), summary.balancedAccuracy},
                    {tr("macro precision"), summary.macroPrecision},
                    {tr("macro recall"), summary.macroRecall},
                    {tr("macro-F1"), summary.macroF1},
                    {tr("weighted F1"), summary.weightedF1},
                };
                if (summary.logLoss)
                    metrics.emplace_back(tr("log loss"), *summary.logLoss);
                text += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
                for (std::size_t i = 0; i < metrics.size(); ++i) {
                    if (i % 2 == 0)
                        text += QStringLiteral("<tr>");
                    text += QStringLiteral("<td>%1&nbsp;&nbsp;</td><td>%2</td>")
                                .arg(metrics[i].first, spreadText(metrics[i].second));
                    text += i % 2 == 0 ? QStringLiteral("<td width=\"24\"></td>")
                                       : QStringLiteral("</tr>");
                }
                text += QStringLiteral("</table>");
                m_cvResult->setText(text);
                m_cvProgress->setRange(0, 1);
                m_cvProgress->setValue(1);
                finishCrossValidation();
                emit crossValidationFinished(true);
            });
    connect(m_worker, &CrossValidationWorker::cancelled, this, [this] {
        m_cvResult->setText(tr("Cross-validation cancelled; no figures."));
        m_cvProgress->setRange(0, 1);
        m_cvProgress->setValue(0);
        finishCrossValidation();
        emit crossValidationFinished(false);
    });
    connect(m_worker, &CrossValidationWorker::failed, this, [this](const QString &message) {
        m_cvResult->setText(message.toHtmlEscaped());
        finishCrossValidation();
        emit crossValidationFinished(false);
    });
    m_cvRun->setEnabled(false);
    m_cvCancel->setEnabled(true);
    m_cvProgress->setRange(0, 0);
    m_cvResult->setText(tr("Running…"));
    m_thread->start();
}

void EvaluationView::cancelCrossValidation()
{
    if (m_worker)
        m_worker->cancel();
    m_cvCancel->setEnabled(false);
}

void EvaluationView::finishCrossValidation()
{
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
        m_thread->deleteLater();
    }
    m_thread = nullptr;
    m_worker = nullptr;
    m_cvCancel->setEnabled(false);
    updateCrossValidationSource();
}

} // namespace trm::ui
