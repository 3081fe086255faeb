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

/// A number that reads with fixed decimals and sorts by its value (kept in
/// Qt::UserRole), an undefined one after every defined one.
class NumberItem : public QTableWidgetItem
{
public:
    NumberItem(double value, bool defined, int decimals)
        : QTableWidgetItem(report::metricText(value, defined, decimals))
    {
        setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (defined)
            setData(Qt::UserRole, value);
    }

    bool operator<(const QTableWidgetItem &other) const override
    {
        const QVariant mine = data(Qt::UserRole);
        const QVariant theirs = other.data(Qt::UserRole);
        if (!mine.isValid() || !theirs.isValid())
            return mine.isValid() && !theirs.isValid();
        return mine.toDouble() < theirs.toDouble();
    }
};

QTableWidgetItem *numberItem(double value, bool defined = true, int decimals = 4)
{
    return new NumberItem(value, defined, decimals);
}

QTableWidgetItem *countItem(long long count)
{
    auto *item = textItem(QString());
    item->setData(Qt::DisplayRole, count);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

/// Every column as wide as its widest cell or header, rows a line of text high.
QTableWidget *makeTable(const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(false);
    return table;
}

/// Fixes a table's size to its contents, so that every column and, up to
/// `maxRows`, every row shows without a scroll bar; a longer table scrolls.
void fitToContents(QTableWidget *table, int maxRows)
{
    QHeaderView *header = table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Fixed);
    table->resizeColumnsToContents();
    const int frame = 2 * table->frameWidth();
    int width = frame;
    for (int column = 0; column < table->columnCount(); ++column)
        width += table->columnWidth(column);
    const int shown = std::min(table->rowCount(), maxRows);
    int height = frame + shown * table->verticalHeader()->defaultSectionSize();
    if (!header->isHidden())
        height += header->sizeHint().height();
    if (table->rowCount() > maxRows)
        width += table->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    table->setFixedSize(width, height);
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table->setVerticalScrollBarPolicy(table->rowCount() > maxRows ? Qt::ScrollBarAlwaysOn
                                                                  : Qt::ScrollBarAlwaysOff);
}

/// Rows of the metrics and comparison tables shown before they scroll: the
/// classes of most tables, and the two averages.
constexpr int maxShownRows = 10;

QString spreadText(const MetricSpread &spread)
{
    return QStringLiteral("%1 ± %2").arg(report::metricText(spread.mean),
                                         report::metricText(spread.std));
}

/// The cross-validation figures sit in pairs of columns (metric, mean ± sd),
/// down the first pair and then the second.
constexpr int crossValidationRows = 4;

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
          {tr("Row"), tr("Line"), tr("True"), tr("Predicted"), tr("p(pred.)"), tr("p(true)")}))
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
    , m_cvTable(makeTable({}))
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
    for (QTableWidget *table : {m_metrics, m_comparison})
        table->setSelectionMode(QAbstractItemView::NoSelection);
    m_cellRows->horizontalHeaderItem(4)->setToolTip(
        tr("The model's probability for the predicted class"));
    m_cellRows->horizontalHeaderItem(5)->setToolTip(
        tr("The model's probability for the true class"));
    m_cvResult->setWordWrap(true);
    m_cvResult->setTextFormat(Qt::RichText);
    m_cvSource->setWordWrap(true);
    m_cvSource->setAlignment(Qt::AlignLeft | Qt::AlignTop);

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
    // In proportion: the matrix alone would take nearly all the height.
    left->setSizes({300, 200});
    left->setChildrenCollapsible(false);

    // The tables keep the size of their contents (fitToContents()); the boxes
    // hold them at the top left and leave the rest of the column empty.
    auto *metricsBox = new QGroupBox(tr("Metrics per class"));
    auto *metricsLayout = new QVBoxLayout(metricsBox);
    metricsLayout->addWidget(m_metrics, 0, Qt::AlignLeft);

    auto *comparisonBox = new QGroupBox(tr("Compared with simple references, on the same rows"));
    auto *comparisonLayout = new QVBoxLayout(comparisonBox);
    comparisonLayout->addWidget(m_comparison, 0, Qt::AlignLeft);
    comparisonLayout->addWidget(m_comparisonNote);

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(metricsBox);
    rightLayout->addWidget(comparisonBox);
    rightLayout->addStretch(1);

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 0);
    split->setChildrenCollapsible(false);

    // Cross-validation across the whole width: the controls on the left, the
    // figures on the right in a table of a fixed size, so that nothing moves
    // while it runs or when its figures arrive.
    auto *cvBox = new QGroupBox(tr("Cross-validation"));
    auto *cvForm = new QHBoxLayout;
    m_folds->setRange(2, 20);
    m_folds->setValue(defaultFolds);
    m_repeats->setRange(1, 20);
    m_repeats->setValue(defaultRepeats);
    cvForm->addWidget(new QLabel(tr("Folds")));
    cvForm->addWidget(m_folds, 1);
    cvForm->addSpacing(12);
    cvForm->addWidget(new QLabel(tr("Repeats")));
    cvForm->addWidget(m_repeats, 1);
    auto *cvButtons = new QHBoxLayout;
    cvButtons->addWidget(m_cvRun);
    cvButtons->addWidget(m_cvProgress, 1);
    cvButtons->addWidget(m_cvCancel);
    auto *cvControls = new QVBoxLayout;
    cvControls->addWidget(m_cvSource);
    cvControls->addLayout(cvForm);
    cvControls->addLayout(cvButtons);
    cvControls->addStretch(1);
    m_cvTable->setColumnCount(4);
    m_cvTable->setRowCount(crossValidationRows);
    m_cvTable->horizontalHeader()->hide();
    m_cvTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_cvTable->setFocusPolicy(Qt::NoFocus);
    showCrossValidationFigures(std::nullopt);
    auto *cvFigures = new QVBoxLayout;
    cvFigures->addWidget(m_cvResult);
    cvFigures->addWidget(m_cvTable);
    cvFigures->addStretch(1);
    auto *cvLayout = new QHBoxLayout(cvBox);
    cvLayout->addLayout(cvControls, 1);
    cvLayout->addSpacing(12);
    cvLayout->addLayout(cvFigures);
    m_cvResult->setFixedWidth(m_cvTable->width());
    // Two lines, the longest text it shows, whatever it shows now.
    m_cvResult->setFixedHeight(2 * m_cvResult->fontMetrics().lineSpacing() + 2);
    m_cvCancel->setEnabled(false);
    m_cvRun->setEnabled(false);
    m_cvProgress->setRange(0, 1);
    m_cvProgress->setValue(0);
    m_cvProgress->setFormat(tr("not run"));
    m_cvResult->setText(tr("Each row is tested once per repeat by a model that never saw it; "
                           "the figures are the mean ± the spread over folds."));

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
    layout->addWidget(cvBox);
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
    // Said in the words of the headline: an imported model's headline asks for
    // a labelled file, not for training.
    m_matrix->setPlaceholderText(
        headline.isEmpty() ? tr("Train a model, or import one and predict on a labelled file, "
                                "to see its confusion matrix here.")
                           : tr("The confusion matrix of the evaluated rows will show here."));
    m_metrics->setRowCount(0);
    m_comparison->setRowCount(0);
    fitToContents(m_metrics, maxShownRows);
    fitToContents(m_comparison, maxShownRows);
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
    m_matrix->setPlaceholderText(tr("Evaluating…"));
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
        tr("Model %1, scored on %2: accuracy <b>%3</b>, balanced accuracy <b>%4</b>, "
           "log loss <b>%5</b>")
            .arg(m_report->modelSource.toHtmlEscaped(), m_report->evaluatedOn.toHtmlEscaped(),
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
    fitToContents(m_metrics, maxShownRows);
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
    fitToContents(m_comparison, maxShownRows);
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
    // By row number, whatever column was sorted before.
    m_cellRows->setSortingEnabled(true);
    m_cellRows->sortByColumn(0, Qt::AscendingOrder);
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
        const QString columns =
            counted(m_cvDataset->featureNames.size(), tr("feature column"), tr("feature columns"));
        m_cvSource->setText(tr("Trains new models on %1 %2 of the %3 of %4, with %5.")
                                .arg(m_cvFromReport ? tr("the model's") : tr("the"), columns,
                                     counted(m_cvDataset->rowCount(), tr("row"), tr("rows")),
                                     QFileInfo(m_cvDataset->sourcePath).fileName(),
                                     m_cvSettingsOrigin));
        // `trm cv` on the same file reads its columns itself: any the model
        // does not use become features there.
        m_cvSource->setToolTip(
            m_cvFromReport ? tr("trm cv %1 reads every column of the file but the target as a "
                                "feature, so it agrees only when the file has no other columns.")
                                 .arg(QFileInfo(m_cvDataset->sourcePath).fileName())
                           : QString());
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
                m_cvResult->setText(tr("<b>%1 × %2</b>, mean ± sample standard deviation over %3:")
                                        .arg(counted(folds, tr("fold"), tr("folds")),
                                             counted(repeats, tr("repeat"), tr("repeats")),
                                             counted(summary.folds, tr("model"), tr("models"))));
                showCrossValidationFigures(summary);
                m_cvProgress->setRange(0, 1);
                m_cvProgress->setValue(1);
                m_cvProgress->setFormat(tr("done"));
                finishCrossValidation();
                emit crossValidationFinished(true);
            });
    connect(m_worker, &CrossValidationWorker::cancelled, this, [this] {
        m_cvResult->setText(tr("Cross-validation cancelled; no figures."));
        m_cvProgress->setFormat(tr("cancelled"));
        finishCrossValidation();
        emit crossValidationFinished(false);
    });
    connect(m_worker, &CrossValidationWorker::failed, this, [this](const QString &message) {
        m_cvResult->setText(message.toHtmlEscaped());
        m_cvProgress->setRange(0, 1);
        m_cvProgress->setValue(0);
        m_cvProgress->setFormat(tr("failed"));
        finishCrossValidation();
        emit crossValidationFinished(false);
    });
    m_cvRun->setEnabled(false);
    m_cvCancel->setEnabled(true);
    m_cvProgress->setRange(0, 0);
    m_cvProgress->setFormat(tr("starting"));
    m_cvResult->setText(tr("Running…"));
    showCrossValidationFigures(std::nullopt);
    m_thread->start();
}

void EvaluationView::showCrossValidationFigures(const std::optional<FoldSummary> &summary)
{
    // The figures and their order are trm cv's; the names in lower case, as
    // they stand in a table beside each other.
    const std::vector<SummaryFigure> figures = summaryFigures(summary);
    m_cvTable->clearContents();
    for (std::size_t i = 0; i < figures.size(); ++i) {
        const int row = int(i) % crossValidationRows;
        const int column = 2 * (int(i) / crossValidationRows);
        QString name = figures[i].name;
        name[0] = name[0].toLower();
        m_cvTable->setItem(row, column, textItem(name));
        const std::optional<MetricSpread> &spread = figures[i].spread;
        // Before any figures, the widest text a figure can have, so that the
        // table is as wide from the start.
        QTableWidgetItem *value =
            textItem(spread ? spreadText(*spread) : QStringLiteral("0.0000 ± 0.0000"));
        value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (!spread)
            value->setForeground(Qt::transparent);
        m_cvTable->setItem(row, column + 1, value);
    }
    if (!summary)
        fitToContents(m_cvTable, crossValidationRows);
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
