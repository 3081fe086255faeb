#include "modelactions.h"

#include "csvimport.h"
#include "curvespanel.h"
#include "datasetmodel.h"
#include "evaluationview.h"
#include "explorerpanel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "modelfile.h"
#include "plural.h"
#include "predictions.h"
#include "reportdata.h"
#include "resultspanel.h"
#include "settingspanel.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStatusBar>
#include <QTabWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace trm::ui {

QString withFilterSuffix(const QString &path, const QString &selectedFilter)
{
    if (path.isEmpty() || !QFileInfo(path).suffix().isEmpty())
        return path;
    static const QRegularExpression pattern(QStringLiteral("\\(\\*\\.([A-Za-z0-9]+)\\)"));
    const QRegularExpressionMatch match = pattern.match(selectedFilter);
    return match.hasMatch() ? path + QLatin1Char('.') + match.captured(1) : path;
}

ModelActions::ModelActions(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_saveDialog([window](const QString &title, const QString &suggested, const QString &filters,
                            QString *selectedFilter) {
        return QFileDialog::getSaveFileName(window, title, suggested, filters, selectedFilter);
    })
    , m_view(new EvaluationView)
    , m_exportModel(new QAction(tr("&Export Model..."), this))
    , m_importModel(new QAction(tr("&Import Model..."), this))
    , m_predict(new QAction(tr("&Predict on CSV..."), this))
    , m_exportReport(new QAction(tr("Export &Report..."), this))
{
    window->tabs()->addTab(m_view, tr("Evaluation"));
    QMenu *menu = window->menuBar()->addMenu(tr("&Model"));
    menu->addAction(m_exportModel);
    menu->addAction(m_importModel);
    menu->addSeparator();
    menu->addAction(m_predict);
    menu->addAction(m_exportReport);

    m_exportModel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportModel, &QAction::triggered, this, [this] {
        const QString path =
            askSavePath(tr("Export model"), suggestedModelPath(), tr("Model (*.json)"));
        if (!path.isEmpty())
            exportModel(path);
    });
    connect(m_importModel, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            m_window, tr("Import model"), m_window->lastFolder(), tr("Model (*.json)"));
        if (!path.isEmpty())
            importModel(path);
    });
    connect(m_predict, &QAction::triggered, this, [this] {
        const QString data = QFileDialog::getOpenFileName(
            m_window, tr("Predict on CSV"), m_window->lastFolder(), MainWindow::dataFileFilter());
        if (data.isEmpty())
            return;
        m_window->rememberFolder(data);
        predictOnCsv(data);
    });
    // The menu and the Evaluation tab's button export the same way; a PDF takes
    // the paper size chosen in the tab.
    connect(m_exportReport, &QAction::triggered, this, [this] {
        const QString path =
            askSavePath(tr("Export report"), suggestedPath(QStringLiteral("-report.html")),
                        tr("HTML report (*.html);;PDF report (*.pdf);;CSV tables (*.csv)"));
        if (!path.isEmpty())
            exportReport(path, m_view->pageSize());
    });
    connect(m_view, &EvaluationView::exportRequested, m_exportReport, &QAction::trigger);
    connect(window, &MainWindow::trainingFinished, this, &ModelActions::onTrainingFinished);
    connect(m_view, &EvaluationView::evaluated, this, &ModelActions::updateActions);
    connect(window->tabs(), &QTabWidget::currentChanged, this, [this](int index) {
        if (m_window->tabs()->widget(index) == m_view)
            refreshCrossValidationSource();
    });
    connect(m_view, &EvaluationView::rowActivated, this, &ModelActions::openRowInExplorer);
    updateActions();
}

QString ModelActions::suggestedPath(const QString &suffix) const
{
    QString base = QStringLiteral("model");
    if (m_evaluatedFile)
        base = QFileInfo(m_evaluatedFile->sourcePath).completeBaseName();
    else if (const TrainedModel *model = currentModel();
             model && !model->provenance.dataFile.isEmpty())
        base = QFileInfo(model->provenance.dataFile).completeBaseName();
    return QDir(m_window->lastFolder()).filePath(base + suffix);
}

QString ModelActions::suggestedModelPath() const
{
    QString base = QStringLiteral("model");
    if (m_imported)
        base = QFileInfo(m_importedName).completeBaseName();
    else if (const TrainedModel *model = currentModel();
             model && !model->provenance.dataFile.isEmpty())
        base = QFileInfo(model->provenance.dataFile).completeBaseName() + QStringLiteral("-trm");
    return QDir(m_window->lastFolder()).filePath(base + QStringLiteral(".json"));
}

QString ModelActions::askSavePath(const QString &title, const QString &suggested,
                                  const QString &filters)
{
    QString selectedFilter;
    const QString path = m_saveDialog(title, suggested, filters, &selectedFilter);
    // A filter the dialog did not report stands for the first one, the one shown.
    return withFilterSuffix(path, selectedFilter.isEmpty()
                                      ? filters.section(QStringLiteral(";;"), 0, 0)
                                      : selectedFilter);
}

const TrainedModel *ModelActions::currentModel() const
{
    if (m_imported)
        return &*m_imported;
    const RunOutcomePtr outcome = m_window->lastOutcome();
    return outcome ? &outcome->trained : nullptr;
}

void ModelActions::fail(const QString &message)
{
    m_window->messageBanner()->showError(message);
}

void ModelActions::note(const QString &message)
{
    m_window->messageBanner()->showMessage(MessageBanner::Kind::Information, message);
}

void ModelActions::updateActions()
{
    const bool haveModel = currentModel() != nullptr;
    m_exportModel->setEnabled(haveModel);
    m_predict->setEnabled(haveModel && !isPredicting());
    m_exportReport->setEnabled(m_view->hasReport());
}

void ModelActions::onTrainingFinished()
{
    const RunOutcomePtr outcome = m_window->lastOutcome();
    if (outcome && !outcome->cancelled) {
        m_imported.reset();
        m_evaluatedFile.reset();
        const Dataset &dataset = m_window->datasetModel()->dataset();
        m_view->showRun(*outcome, dataset);
    }
    refreshCrossValidationSource();
    updateActions();
}

void ModelActions::refreshCrossValidationSource()
{
    if (m_window->hasDataset() && !m_window->isTraining()) {
        m_view->setCrossValidationSource(m_window->datasetModel()->dataset(),
                                         m_window->settingsPanel()->settings());
    }
}

bool ModelActions::importModel(const QString &path)
{
    if (m_window->isTraining()) {
        fail(tr("A model is being trained: stop the run before importing a model."));
        return false;
    }
    Result<TrainedModel> loaded = loadModel(path);
    if (!loaded) {
        fail(tr("The model was not imported, the current one stays: %1")
                 .arg(loaded.error().message));
        return false;
    }
    m_imported = std::move(loaded).value();
    m_importedName = QFileInfo(path).fileName();
    m_evaluatedFile.reset();
    m_window->rememberFolder(path);
    // What the tabs showed belongs to the model that was current before: the
    // evaluation and the explorer are emptied, and say what the new one is.
    const TrmConfig &config = m_imported->model.config();
    const QString summary =
        tr("<b>%1</b> is imported: %2 parameters (hidden size %3, %4 latent steps, %5 cycles, "
           "%6 supervision steps), %7 features, %8 classes.")
            .arg(m_importedName.toHtmlEscaped(), QLocale().toString(config.parameterCount()))
            .arg(config.hiddenSize)
            .arg(config.latentSteps)
            .arg(config.cycles)
            .arg(config.supervisionSteps)
            .arg(m_imported->featureNames.size())
            .arg(m_imported->classNames.size());
    // The Training tab shows how the imported model was trained, as it would
    // after a run of its own.
    m_window->settingsPanel()->showModel(*m_imported);
    m_window->curvesPanel()->addFinishedRun(m_importedName, m_window->settingsPanel()->settings(),
                                            m_imported->history);
    m_window->resultsPanel()->clear(
        tr("Predict on a labelled file (Model > Predict on CSV) to evaluate this model."), summary);
    m_view->clear(summary + QLatin1Char(' ') +
                  tr("Predict on a CSV file with its target column (Model > Predict on CSV) "
                     "to evaluate it here."));
    if (ExplorerPanel *explorer = m_window->explorerPanel()) {
        explorer->clear(tr("%1 is imported. Predict on a CSV file with its target column "
                           "(Model > Predict on CSV) to explore its recursion on those rows.")
                            .arg(m_importedName));
    }
    m_window->setStatus(tr("Model %1 imported: predict on a CSV file to use it (Model > Predict "
                           "on CSV).")
                            .arg(m_importedName));
    note(tr("Imported %1: %2 features, %3 classes. Predict on a CSV file to evaluate it.")
             .arg(m_importedName)
             .arg(m_imported->featureNames.size())
             .arg(m_imported->classNames.size()));
    updateActions();
    return true;
}

bool ModelActions::exportModel(const QString &path)
{
    const TrainedModel *model = currentModel();
    if (!model) {
        fail(tr("There is no model to export yet: train or import one."));
        return false;
    }
    if (const Result<void> saved = saveModel(*model, path); !saved) {
        fail(saved.error().message);
        return false;
    }
    m_window->rememberFolder(path);
    if (!m_imported)
        m_window->markModelKept();
    note(tr("Model exported to %1.").arg(path));
    return true;
}

/// What the worker makes of a file: the predictions, written, and the
/// evaluation when the file has the target column.
struct PredictionResult
{
    FilePredictions predictions;
    std::optional<Result<ReportData>> report;
};

struct ModelActions::PendingPrediction
{
    QString dataPath;
    QString outPath;
    TrainedModel model;
    QFutureWatcher<Result<PredictionResult>> watcher;
};

ModelActions::~ModelActions() = default;

bool ModelActions::predictOnCsv(const QString &dataPath, const QString &outPath)
{
    const TrainedModel *model = currentModel();
    if (!model) {
        fail(tr("There is no model to predict with yet: train or import one."));
        return false;
    }
    if (isPredicting())
        return false;
    const QString modelName = m_imported ? m_importedName : tr("the model trained in this session");
    m_pendingPrediction = std::make_unique<PendingPrediction>();
    PendingPrediction &pending = *m_pendingPrediction;
    pending.dataPath = dataPath;
    pending.outPath = outPath;
    pending.model = *model;
    connect(&pending.watcher, &QFutureWatcher<Result<PredictionResult>>::finished, this,
            &ModelActions::finishPrediction);
    m_window->statusBar()->showMessage(
        tr("Predicting every row of %1…").arg(QFileInfo(dataPath).fileName()));
    updateActions();
    // The worker owns copies of the model and the path. It only reads: the
    // predictions are written once the file has proved readable, and where to
    // is asked only then.
    pending.watcher.setFuture(
        QtConcurrent::run([model = *model, dataPath, modelName]() -> Result<PredictionResult> {
            Result<FilePredictions> predictions =
                predictFile(model, dataPath, identifierColumn(model.recipe));
            if (!predictions)
                return predictions.error();
            PredictionResult result;
            result.predictions = std::move(predictions).value();
            if (!result.predictions.rows.labels.empty())
                result.report = reportForModel(model, result.predictions.rows, dataPath, modelName);
            return result;
        }));
    return true;
}

void ModelActions::finishPrediction()
{
    const std::unique_ptr<PendingPrediction> pending = std::move(m_pendingPrediction);
    m_window->statusBar()->clearMessage();
    Result<PredictionResult> result = pending->watcher.result();
    const QString dataName = QFileInfo(pending->dataPath).fileName();
    const auto refuse = [&](const QString &status, const QString &message) {
        m_window->setStatus(status);
        if (!message.isEmpty())
            fail(message);
        updateActions();
        emit predictionFinished(false);
    };
    if (!result) {
        refuse(tr("Could not predict on %1.").arg(dataName), result.error().message);
        return;
    }
    PredictionResult &made = result.value();
    const LabelledRows &rows = made.predictions.rows;
    if (pending->outPath.isEmpty()) {
        const QFileInfo info(pending->dataPath);
        pending->outPath = askSavePath(
            tr("Save predictions"),
            info.dir().filePath(info.completeBaseName() + QStringLiteral("-predictions.csv")),
            tr("CSV files (*.csv)"));
        if (pending->outPath.isEmpty()) {
            refuse(tr("Prediction on %1 cancelled: nothing was written.").arg(dataName), {});
            return;
        }
    }
    if (const Result<void> written = writeTextAtomically(pending->outPath, made.predictions.csv,
                                                         QStringLiteral("predictions"));
        !written) {
        refuse(tr("Could not write the predictions for %1.").arg(dataName),
               written.error().message);
        return;
    }
    const int rowCount = int(rows.features.rows());
    QString message =
        tr("Wrote %1 to %2.")
            .arg(counted(rowCount, tr("prediction"), tr("predictions")), pending->outPath);
    if (made.report && !*made.report) {
        message += tr(" It could not be evaluated: %1").arg(made.report->error().message);
    } else if (made.report) {
        m_view->showModelReport(std::move(*made.report).value(), rows,
                                made.predictions.probabilities);
        Dataset evaluated;
        evaluated.sourcePath = pending->dataPath;
        evaluated.featureNames = pending->model.featureNames;
        evaluated.targetName = pending->model.targetName;
        evaluated.classNames = pending->model.classNames;
        evaluated.features = rows.features;
        evaluated.labels = rows.labels;
        m_evaluatedFile = std::move(evaluated);
        // The explorer follows the evaluation: all rows of the evaluated file.
        if (ExplorerPanel *explorer = m_window->explorerPanel())
            explorer->setRun(pending->model, *m_evaluatedFile, {});
        m_window->tabs()->setCurrentWidget(m_view);
        message += tr(" The file has the target column, so the Evaluation tab shows how "
                      "the model did on it.");
    }
    // Columns ignored and unseen categories are worth knowing before trusting
    // the predictions.
    for (const QString &notice : rows.notices)
        message += QLatin1Char('\n') + notice;
    m_window->rememberFolder(pending->outPath);
    m_window->setStatus(
        tr("Predicted %1 of %2.").arg(counted(rowCount, tr("row"), tr("rows")), dataName));
    note(message);
    updateActions();
    emit predictionFinished(true);
}

bool ModelActions::exportReport(const QString &path, const QString &pageSize)
{
    const Result<void> written = m_view->exportReport(path, pageSize);
    if (!written) {
        fail(written.error().message);
        return false;
    }
    m_window->rememberFolder(path);
    note(tr("Report written to %1.").arg(path));
    return true;
}

void ModelActions::openRowInExplorer(int row)
{
    ExplorerPanel *explorer = m_window->explorerPanel();
    if (!explorer)
        return;
    if (m_evaluatedFile) {
        // The explorer holds all rows of the evaluated file, in its order.
        explorer->chooseRow(row);
    } else {
        // A run's explorer lists its test rows by 1-based data row.
        const std::vector<int> &dataRows = explorer->dataRows();
        const auto found = std::find(dataRows.begin(), dataRows.end(), row + 1);
        if (found == dataRows.end())
            return;
        explorer->chooseRow(int(found - dataRows.begin()));
    }
    m_window->tabs()->setCurrentWidget(explorer);
}

ModelActions *installModelActions(MainWindow *window)
{
    return new ModelActions(window);
}

} // namespace trm::ui
