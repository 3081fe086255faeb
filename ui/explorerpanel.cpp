#include "explorerpanel.h"

#include "exploreraccuracychart.h"
#include "explorercaption.h"
#include "explorerdepthchart.h"
#include "explorerprobabilitychart.h"
#include "explorerprojection.h"
#include "explorerrowtable.h"
#include "explorerstepbars.h"
#include "explorerstepcontrol.h"
#include "explorerstepsummary.h"
#include "explorerstyle.h"
#include "explorerwhatifform.h"
#include "plural.h"
#include "preprocessing.h"
#include "uilogging.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <numeric>

namespace trm::ui {

namespace {

QGroupBox *group(const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(content);
    return box;
}

QScrollArea *scrolling(QWidget *content)
{
    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

} // namespace

ExplorerPanel::ExplorerPanel(QWidget *parent)
    : QWidget(parent)
    , m_watcher(new QFutureWatcher<std::optional<SetAnalysis>>(this))
    , m_rowTable(new ExplorerRowTable)
    , m_whatIf(new ExplorerWhatIfForm)
    , m_stepControl(new ExplorerStepControl)
    , m_caption(new ExplorerCaptionLabel)
    , m_gradientNote(new QLabel)
    , m_views(new QTabWidget)
    , m_stepBars(new ExplorerStepBars)
    , m_probabilityChart(new ExplorerProbabilityChart)
    , m_accuracyChart(new ExplorerAccuracyChart)
    , m_stepSummary(new ExplorerStepSummary)
    , m_projectionView(new ExplorerProjection)
    , m_depthChart(new ExplorerDepthChart)
{
    auto *left = new QSplitter(Qt::Vertical);
    left->addWidget(group(tr("Test rows"), m_rowTable));
    left->addWidget(group(tr("What if?"), m_whatIf));
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);

    m_caption->setFont(explorer::scaledFont(font(), 1.35, true));
    m_gradientNote->setWordWrap(true);
    m_gradientNote->setFont(explorer::scaledFont(font(), 1.05));
    m_gradientNote->setStyleSheet(QStringLiteral("color: #505050"));

    // Each page scrolls rather than squeezing its charts below their minimum
    // size, where they would be drawn over one another.
    auto *rowView = new QWidget;
    auto *rowLayout = new QVBoxLayout(rowView);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(m_stepBars);
    rowLayout->addWidget(m_probabilityChart, 1);

    m_setView = new QWidget;
    m_setLayout = new QGridLayout(m_setView);
    m_setLayout->setContentsMargins(0, 0, 0, 0);
    m_projectionView->setMinimumHeight(280);
    m_depthChart->setMinimumHeight(260);
    arrangeSetView(2);

    m_views->addTab(scrolling(rowView), tr("This row, step by step"));
    m_views->addTab(scrolling(m_setView), tr("All test rows"));
    m_views->setFont(explorer::scaledFont(font(), 1.1));
    m_views->widget(1)->installEventFilter(this);

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_stepControl);
    rightLayout->addWidget(m_caption);
    rightLayout->addWidget(m_gradientNote);
    rightLayout->addWidget(m_views, 1);

    // The row list and the form give way first, down to nothing, when the
    // window is narrow: the step charts are what the explorer is for.
    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->addWidget(left);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(0, true);
    m_splitter->setCollapsible(1, false);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(m_rowTable, &ExplorerRowTable::rowChosen, this, &ExplorerPanel::chooseRow);
    connect(m_stepSummary, &ExplorerStepSummary::rowChosen, this, [this](int index) {
        chooseRow(index);
        m_views->setCurrentIndex(0);
    });
    connect(m_whatIf, &ExplorerWhatIfForm::valuesEdited, this, &ExplorerPanel::traceValues);
    connect(m_stepControl, &ExplorerStepControl::stepChanged, this, &ExplorerPanel::showStep);
    connect(m_watcher, &QFutureWatcher<std::optional<SetAnalysis>>::finished, this, [this] {
        std::optional<SetAnalysis> analysis = m_watcher->result();
        // A cancelled analysis gives nothing; the one that replaced it follows.
        if (analysis && m_analysing)
            showAnalysis(std::move(*analysis));
    });
    clear();
}

ExplorerPanel::~ExplorerPanel()
{
    // The analysis owns copies of what it reads, so it may finish on its own;
    // asking it to stop only saves the work.
    cancelAnalysis();
}

void ExplorerPanel::arrangeSetView(int columns)
{
    m_setColumns = columns;
    QWidget *charts[] = {m_accuracyChart, m_stepSummary, m_projectionView, m_depthChart};
    for (QWidget *chart : charts)
        m_setLayout->removeWidget(chart);
    for (int i = 0; i < 4; ++i) {
        m_setLayout->setRowStretch(i, 0);
        m_setLayout->setColumnStretch(i, 0);
    }
    if (columns == 2) {
        m_setLayout->addWidget(m_accuracyChart, 0, 0);
        m_setLayout->addWidget(m_stepSummary, 0, 1);
        m_setLayout->addWidget(m_projectionView, 1, 0);
        m_setLayout->addWidget(m_depthChart, 1, 1);
        m_setLayout->setColumnStretch(0, 1);
        m_setLayout->setColumnStretch(1, 1);
        m_setLayout->setRowStretch(0, 1);
        m_setLayout->setRowStretch(1, 1);
    } else {
        // One above the other, the confusion matrix of the current step first:
        // it is what stepping changes.
        m_setLayout->addWidget(m_stepSummary, 0, 0);
        m_setLayout->addWidget(m_accuracyChart, 1, 0);
        m_setLayout->addWidget(m_projectionView, 2, 0);
        m_setLayout->addWidget(m_depthChart, 3, 0);
        m_setLayout->setColumnStretch(0, 1);
        for (int i = 0; i < 4; ++i)
            m_setLayout->setRowStretch(i, 1);
    }
}

bool ExplorerPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_views->widget(1) && event->type() == QEvent::Resize) {
        // Two columns when both keep their minimum width, with a scroll bar's room.
        const auto *scroll = static_cast<QScrollArea *>(m_views->widget(1));
        int twoColumns =
            m_setLayout->horizontalSpacing() + scroll->verticalScrollBar()->sizeHint().width();
        for (QWidget *chart :
             {static_cast<QWidget *>(m_accuracyChart), static_cast<QWidget *>(m_stepSummary)})
            twoColumns += chart->minimumSizeHint().expandedTo(chart->minimumSize()).width();
        const int columns =
            static_cast<QResizeEvent *>(event)->size().width() >= twoColumns ? 2 : 1;
        if (columns != m_setColumns)
            arrangeSetView(columns);
    }
    return QWidget::eventFilter(watched, event);
}

void ExplorerPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_sized)
        return;
    m_sized = true;
    // The row list's own width when the window has room for it beside the
    // charts; otherwise it gives way, down to nothing.
    QWidget *left = m_splitter->widget(0);
    QWidget *right = m_splitter->widget(1);
    const int total = m_splitter->width() - m_splitter->handleWidth();
    const int rightMinimum = right->minimumSizeHint().width();
    const int leftWanted = std::max(left->minimumSizeHint().width(), 430);
    const int leftWidth = std::max(0, std::min(leftWanted, total - rightMinimum));
    m_splitter->setSizes({leftWidth, total - leftWidth});
}

void ExplorerPanel::setRun(const TrainedModel &model, const Dataset &dataset,
                           const std::vector<int> &rows)
{
    cancelAnalysis();
    m_stepControl->pause();
    std::vector<int> chosen = rows;
    if (chosen.empty()) {
        chosen.resize(std::size_t(dataset.rowCount()));
        std::iota(chosen.begin(), chosen.end(), 0);
    }
    m_model = model;
    m_rawRows = selectRows(dataset.features, chosen);
    m_labels = selectLabels(dataset.labels, chosen);
    m_dataRows.clear();
    for (int index : chosen)
        m_dataRows.push_back(index + 1);
    if (chosen.empty()) {
        clear();
        return;
    }
    m_hasRun = true;
    clearSetViews();

    const TrmConfig &config = m_model.model.config();
    m_whatIf->setFeatures(m_model.featureNames, dataset.features);
    m_caption->reserveFor(longestCaptions());
    m_stepBars->setClassNames(m_model.classNames);
    m_stepControl->setEnabled(true);
    m_stepControl->setStepCount(1 + config.cycles * config.supervisionSteps);
    m_currentRow = -1;
    chooseRow(0);
    m_stepControl->last();

    m_analysing = true;
    m_gradientNote->setText(
        tr("Tracing %1 for the whole-set views…").arg(counted(rowCount(), tr("row"), tr("rows"))));
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    m_watcher->setFuture(
        QtConcurrent::run([model = m_model, rawRows = m_rawRows, labels = m_labels, cancel] {
            return analyseSet(model, rawRows, labels, maxProjectedRows,
                              [&cancel] { return cancel->load(); });
        }));
}

QStringList ExplorerPanel::longestCaptions() const
{
    // Every step's caption, told as if the prediction changed between the two
    // longest class names: the caption is never taller than these.
    const TrmConfig &config = m_model.model.config();
    const QStringList &classes = m_model.classNames;
    int longest = 0, second = classes.size() > 1 ? 1 : 0;
    for (int k = 0; k < int(classes.size()); ++k) {
        if (classes[k].size() > classes[longest].size())
            longest = k;
    }
    for (int k = 0; k < int(classes.size()); ++k) {
        if (k != longest && (second == longest || classes[k].size() > classes[second].size()))
            second = k;
    }
    QStringList captions;
    TraceStep step;
    step.supervisionStep = 0;
    captions << stepCaption(step, config, config.cycles, config.supervisionSteps, -1, longest,
                            classes);
    step.supervisionStep = config.supervisionSteps;
    step.cycle = config.cycles;
    for (bool gradient : {false, true}) {
        step.carriedGradient = gradient;
        captions << stepCaption(step, config, config.cycles, config.supervisionSteps, second,
                                longest, classes);
    }
    return captions;
}

void ExplorerPanel::cancelAnalysis()
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel.reset();
    m_analysing = false;
}

void ExplorerPanel::showAnalysis(SetAnalysis analysis)
{
    m_analysing = false;
    m_cancel.reset();
    const TrmConfig &config = m_model.model.config();
    const QStringList &classes = m_model.classNames;
    m_setTrace = std::move(analysis.trace);
    m_setPredictions = std::move(analysis.predictions);
    m_accuracy = std::move(analysis.accuracy);
    m_depth = std::move(analysis.depth);
    m_projectedRows = std::move(analysis.projectedRows);

    std::vector<bool> trained;
    for (const TraceStep &step : m_setTrace.steps)
        trained.push_back(step.carriedGradient);
    m_accuracyChart->setAccuracy(m_accuracy, trained);
    m_depthChart->setPoints(m_depth, config.cycles);
    m_stepSummary->setRows(m_dataRows, classes);
    m_gradientNote->setText(gradientNote(m_setTrace));

    if (analysis.projection) {
        m_projection = std::move(*analysis.projection);
        std::vector<int> projectedLabels;
        for (int row : m_projectedRows)
            projectedLabels.push_back(m_labels[std::size_t(row)]);
        m_projectionView->setData(analysis.positions, projectedLabels, classes,
                                  m_projection.explainedShare());
    } else {
        qCWarning(lcUi) << "no 2-D view:" << analysis.projectionProblem;
        m_projection = {};
        m_projectionView->clear();
    }

    const Eigen::MatrixXi &p = m_setPredictions;
    const std::vector<int> flips = flipsPerRow(p);
    const Eigen::MatrixXd &last = m_setTrace.steps.back().probabilities;
    std::vector<ExplorerRowSummary> summaries;
    summaries.reserve(std::size_t(rowCount()));
    for (int i = 0; i < rowCount(); ++i) {
        const int predicted = p(p.rows() - 1, i);
        summaries.push_back({m_dataRows[std::size_t(i)], m_labels[std::size_t(i)], predicted,
                             last(i, predicted), flips[std::size_t(i)]});
    }
    m_rowTable->setRows(summaries, classes);
    m_rowTable->selectRow(m_currentRow);
    // The current row's path is drawn in the new projection's axes.
    if (m_currentRow >= 0 && !m_edited)
        chooseRow(m_currentRow);
    else
        traceValues(m_whatIf->values());
    emit setAnalysed();
}

void ExplorerPanel::clearSetViews()
{
    m_setTrace = {};
    m_setPredictions.resize(0, 0);
    m_accuracy.clear();
    m_depth.clear();
    m_projectedRows.clear();
    m_projection = {};
    m_accuracyChart->setAccuracy({}, {});
    m_depthChart->setPoints({}, 1);
    m_rowTable->setRows({}, {});
    m_stepSummary->clear();
    m_projectionView->clear();
    m_gradientNote->clear();
}

void ExplorerPanel::clear(const QString &caption)
{
    cancelAnalysis();
    m_stepControl->pause();
    m_hasRun = false;
    m_currentRow = -1;
    m_rowTrace = {};
    clearSetViews();
    m_stepBars->clear();
    m_probabilityChart->clear();
    m_stepControl->setStepCount(1);
    m_stepControl->setEnabled(false);
    m_caption->reserveFor({});
    m_caption->setCaption(caption.isEmpty()
                              ? tr("Train a model to explore how its recursion forms each "
                                   "prediction.")
                              : caption);
}

void ExplorerPanel::chooseRow(int index)
{
    if (!m_hasRun || index < 0 || index >= rowCount())
        return;
    m_currentRow = index;
    m_rowTable->selectRow(index);
    const Eigen::RowVectorXd values = m_rawRows.row(index);
    m_whatIf->setRowValues(values, tr("row %1").arg(m_dataRows[std::size_t(index)]));
    traceValues(values);
}

bool ExplorerPanel::chooseFirstMisclassified()
{
    if (!m_hasRun || m_setPredictions.size() == 0)
        return false;
    const Eigen::Index last = m_setPredictions.rows() - 1;
    for (int i = 0; i < rowCount(); ++i) {
        if (m_setPredictions(last, i) != m_labels[std::size_t(i)]) {
            chooseRow(i);
            return true;
        }
    }
    return false;
}

QLabel *ExplorerPanel::captionLabel() const
{
    return m_caption;
}

int ExplorerPanel::currentStep() const
{
    return m_stepControl->step();
}

QString ExplorerPanel::caption() const
{
    return m_caption->text();
}

void ExplorerPanel::traceValues(const Eigen::RowVectorXd &values)
{
    if (!m_hasRun)
        return;
    m_edited = m_currentRow < 0 || values != m_rawRows.row(m_currentRow);
    // The single row is traced alone, exactly as `trm trace --row` does, so the
    // window and the command line show the same numbers.
    m_rowTrace = traceWithStates(m_model, values);
    m_rowPredictions = stepPredictions(m_rowTrace);
    m_probabilityChart->setTrace(m_rowTrace, m_model.classNames);
    if (m_projection.axes.size() > 0) {
        Eigen::MatrixXd path(Eigen::Index(m_rowTrace.steps.size()), 2);
        for (std::size_t s = 0; s < m_rowTrace.steps.size(); ++s)
            path.row(Eigen::Index(s)) = m_projection.project(m_rowTrace.steps[s].answerStates);
        m_projectionView->setPath(path);
    }
    showStep(m_stepControl->step());
    emit rowTraced();
}

void ExplorerPanel::showStep(int step)
{
    if (!m_hasRun || m_rowTrace.steps.empty())
        return;
    const TrmConfig &config = m_model.model.config();
    const TraceStep &s = m_rowTrace.steps[std::size_t(step)];
    StepReading reading;
    reading.step = step;
    reading.probabilities = s.probabilities.row(0);
    reading.predicted = m_rowPredictions(step, 0);
    reading.previousPredicted = step > 0 ? m_rowPredictions(step - 1, 0) : -1;
    reading.trueClass = m_edited ? -1 : m_labels[std::size_t(m_currentRow)];
    reading.margin = probabilityMargin(reading.probabilities);
    reading.halting = s.halting(0);
    reading.answerChange = s.answerChange(0);
    reading.latentChange = s.latentChange(0);
    reading.answerResidual = s.answerResidual(0);
    m_stepBars->setReading(reading);
    m_caption->setCaption(stepCaption(s, config, config.cycles, config.supervisionSteps,
                                      reading.previousPredicted, reading.predicted,
                                      m_model.classNames));

    m_probabilityChart->setCursorStep(step);
    m_accuracyChart->setCursorStep(step);
    m_projectionView->setStep(step);
    m_stepSummary->setStep(step, m_setPredictions, m_labels);
}

} // namespace trm::ui
