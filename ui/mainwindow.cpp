#include "mainwindow.h"

#include "confusionmatrixwidget.h"
#include "curvechart.h"
#include "curvespanel.h"
#include "datapanel.h"
#include "datasetmodel.h"
#include "explorerpanel.h"
#include "importdialog.h"
#include "messagebanner.h"
#include "modelactions.h"
#include "modelfile.h"
#include "plural.h"
#include "resultspanel.h"
#include "runcontrolbar.h"
#include "session.h"
#include "settingspanel.h"
#include "uilogging.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace trm::ui {

namespace {

constexpr int maxRecentFiles = 8;

/// The one local file being dragged, or an empty string.
QString draggedFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1)
        return {};
    const QUrl url = mime->urls().constFirst();
    return url.isLocalFile() ? url.toLocalFile() : QString();
}

QGroupBox *wrapInGroup(const QString &title, QWidget *content)
{
    auto *group = new QGroupBox(title);
    auto *layout = new QVBoxLayout(group);
    layout->addWidget(content);
    return group;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_training(new TrainingController(this))
    , m_banner(new MessageBanner)
    , m_dataPanel(new DataPanel)
    , m_settingsPanel(new SettingsPanel)
    , m_runBar(new RunControlBar)
    , m_curvesPanel(new CurvesPanel)
    , m_resultsPanel(new ResultsPanel)
    , m_tabs(new QTabWidget)
    , m_statusLabel(new QLabel)
    , m_progress(new QProgressBar)
{
    setAcceptDrops(true);
    m_confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("TRM Studio"), question,
                                     QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };

    auto *settingsScroll = new QScrollArea;
    settingsScroll->setWidget(m_settingsPanel);
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    settingsScroll->setMinimumWidth(m_settingsPanel->minimumSizeHint().width() +
                                    settingsScroll->verticalScrollBar()->sizeHint().width());

    auto *training = new QWidget;
    auto *trainingLayout = new QVBoxLayout(training);
    trainingLayout->addWidget(m_runBar);
    // Curves above, test results below, the divider movable: during a run the
    // curves matter, after it the confusion matrix.
    auto *trainingSplitter = new QSplitter(Qt::Vertical);
    trainingSplitter->addWidget(m_curvesPanel);
    trainingSplitter->addWidget(wrapInGroup(tr("Test results"), m_resultsPanel));
    trainingSplitter->setStretchFactor(0, 3);
    trainingSplitter->setStretchFactor(1, 1);
    // Room for a confusion matrix whose cells hold both the count and the share.
    trainingSplitter->setSizes({420, 300});
    trainingLayout->addWidget(trainingSplitter, 1);
    m_tabs->addTab(training, tr("Training"));
    m_tabs->addTab(m_dataPanel, tr("Data"));
    m_explorer = new ExplorerPanel;
    // The explorer wants more room than the other tabs; it takes what the
    // window has rather than widening the window to its own minimum.
    m_explorer->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_tabs->addTab(m_explorer, tr("Recursion explorer"));

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(wrapInGroup(tr("Model and training"), settingsScroll));
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({370, 910});

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    m_progress->setFormat(tr("epoch %v of %m"));
    m_progress->setMinimumWidth(
        m_progress->fontMetrics().horizontalAdvance(tr("epoch %1 of %1").arg(99999)) + 40);
    m_progress->setMaximumWidth(260);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    // Shown from the first run on: before it there is nothing to count.
    m_progress->hide();
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_progress);

    createMenus();
    connect(m_runBar, &RunControlBar::startClicked, this, &MainWindow::startTraining);
    connect(m_runBar, &RunControlBar::pauseToggled, this, &MainWindow::setPaused);
    connect(m_runBar, &RunControlBar::stepClicked, this, &MainWindow::stepEpoch);
    connect(m_runBar, &RunControlBar::stopClicked, this, &MainWindow::stopTraining);
    connect(m_runBar, &RunControlBar::replayClicked, this, &MainWindow::replay);
    connect(m_runBar, &RunControlBar::epochDelayChanged, this, &MainWindow::setEpochDelay);
    connect(m_dataPanel, &DataPanel::targetChosen, this, [this](const QString &target) {
        openDataset(m_dataPanel->model()->dataset().sourcePath, target);
    });
    connect(m_curvesPanel, &CurvesPanel::saveFailed, m_banner, &MessageBanner::showError);
    connect(m_curvesPanel, &CurvesPanel::saved, this, [this](const QString &path) {
        setStatus(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    });
    connect(m_training, &TrainingController::epochReported, this, &MainWindow::onEpochReported);
    connect(m_training, &TrainingController::paused, this, [this](int epochsDone) {
        setStatus(tr("Paused after epoch %1: Step trains one more epoch, Resume goes on.")
                      .arg(epochsDone));
        emit trainingPaused(epochsDone);
    });
    connect(m_training, &TrainingController::finished, this, &MainWindow::onTrainingFinished);

    // The Evaluation tab and the Model menu (export, import, predict, report).
    installModelActions(this);

    // The window keeps the size the person gives it: what appears later (the
    // banner, a tab's content) takes room from the work area instead of growing
    // the window, whose minimum is that of the work area as built.
    central->setMinimumSize(central->minimumSizeHint());
    resize(1280, 800);
    readPreferences();
    setStatus(tr("Open a CSV file to begin (File > Open Data, or drop it here)."));
    updateActions();
}

MainWindow::~MainWindow()
{
    m_training->shutDown();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_openAction = file->addAction(tr("&Open Data..."), this, &MainWindow::showOpenDialog);
    m_openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_openSessionAction =
        file->addAction(tr("Open Sess&ion..."), this, &MainWindow::showOpenSessionDialog);
    file->addSeparator();
    m_saveSessionAction =
        file->addAction(tr("Save S&ession..."), this, &MainWindow::showSaveSessionDialog);
    m_saveSessionAction->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *training = menuBar()->addMenu(tr("&Training"));
    m_trainAction = training->addAction(tr("&Start"), this, &MainWindow::startTraining);
    m_trainAction->setShortcut(Qt::CTRL | Qt::Key_R);
    m_pauseAction = training->addAction(tr("&Pause"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(Qt::CTRL | Qt::Key_P);
    connect(m_pauseAction, &QAction::triggered, this, &MainWindow::setPaused);
    m_stepAction = training->addAction(tr("S&tep One Epoch"), this, &MainWindow::stepEpoch);
    m_stepAction->setShortcut(Qt::CTRL | Qt::Key_E);
    m_stopAction = training->addAction(tr("St&op"), this, &MainWindow::stopTraining);
    m_stopAction->setShortcut(Qt::CTRL | Qt::Key_Period);
    m_replayAction = training->addAction(tr("&Replay Last Run"), this, &MainWindow::replay);
    m_replayAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_R);
    updateRecentMenu();
}

bool MainWindow::stopRunAfterAsking(const QString &question)
{
    if (!isTraining())
        return true;
    if (!m_confirm(question))
        return false;
    // Blocks for at most the epoch in progress; the run's outcome is kept.
    m_training->stopAndWait();
    return true;
}

bool MainWindow::openDataset(const QString &path, const QString &target)
{
    if (!stopRunAfterAsking(tr("A model is being trained. Stop it (keeping the best model so "
                               "far) and load %1?")
                                .arg(QFileInfo(path).fileName())))
        return false;
    return adoptDataset(path, loadDataset(path, target));
}

bool MainWindow::openWithImportDialog(const QString &path)
{
    if (!stopRunAfterAsking(tr("A model is being trained. Stop it (keeping the best model so "
                               "far) and load %1?")
                                .arg(QFileInfo(path).fileName())))
        return false;
    ImportDialog dialog(path, this);
    if (dialog.exec() != QDialog::Accepted || !dialog.dataset())
        return false;
    return adoptDataset(path, *dialog.dataset());
}

bool MainWindow::adoptDataset(const QString &path, Result<Dataset> loaded)
{
    if (!loaded) {
        qCDebug(lcUi) << "could not load" << path << loaded.error().message;
        m_banner->showError(loaded.error().message);
        m_dataPanel->showLoadedTarget();
        return false;
    }
    const Dataset &dataset = loaded.value();
    m_banner->dismiss();
    m_dataPanel->setDataset(dataset);
    m_settingsPanel->setDataShape(dataset.featureCount(), dataset.classCount());
    m_settingsPanel->setLabels(dataset.labels, dataset.classNames);
    setWindowFilePath(dataset.sourcePath);
    rememberFile(dataset.sourcePath);
    setStatus(
        tr("Loaded %1: %2. Press Start to train.")
            .arg(QFileInfo(path).fileName(), counted(dataset.rowCount(), tr("row"), tr("rows"))));
    updateActions();
    return true;
}

bool MainWindow::saveSessionTo(const QString &path)
{
    if (!hasDataset()) {
        m_banner->showError(tr("Load data before saving a session."));
        return false;
    }
    const Dataset &dataset = m_dataPanel->model()->dataset();
    Session session;
    session.dataPath = dataset.sourcePath;
    session.dataSha256 = dataset.sha256;
    session.targetColumn = dataset.targetName;
    session.settings = m_settingsPanel->settings();
    if (m_outcome)
        session.model = m_outcome->trained;
    session.runs = m_curvesPanel->runs();
    const Result<void> saved = saveSession(session, path);
    if (!saved) {
        m_banner->showError(saved.error().message);
        return false;
    }
    rememberFolder(path);
    m_modelKept = true;
    setStatus(tr("Saved the session to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool MainWindow::openSession(const QString &path)
{
    if (!stopRunAfterAsking(tr("A model is being trained. Stop it and open the session %1?")
                                .arg(QFileInfo(path).fileName())))
        return false;
    Result<Session> loaded = loadSession(path);
    if (!loaded) {
        m_banner->showError(loaded.error().message);
        return false;
    }
    const Session &session = loaded.value();
    if (!openDataset(session.dataPath, session.targetColumn))
        return false;
    const Dataset &dataset = m_dataPanel->model()->dataset();
    m_settingsPanel->setSettings(session.settings);
    m_curvesPanel->setRuns(session.runs);
    m_lastRunSettings.reset();
    if (!session.runs.empty())
        m_lastRunSettings = session.runs.back().settings;
    m_outcome.reset();
    m_modelKept = true; // the model, if any, is in the session file
    m_resultsPanel->clear();
    if (session.model) {
        const RunSettings modelSettings = m_lastRunSettings ? *m_lastRunSettings : session.settings;
        Result<RunOutcome> outcome = rebuildOutcome(
            dataset, *session.model, modelSettings,
            session.runs.empty() ? std::vector<EpochReport>{} : session.runs.back().history);
        if (!outcome) {
            m_banner->showError(outcome.error().message);
        } else {
            m_outcome = std::make_shared<const RunOutcome>(std::move(outcome).value());
            m_resultsPanel->setOutcome(*m_outcome);
            m_explorer->setRun(m_outcome->trained, dataset, m_outcome->split.test);
        }
    }
    if (!session.dataSha256.isEmpty() && session.dataSha256 != dataset.sha256)
        m_banner->showMessage(MessageBanner::Kind::Information,
                              tr("%1 has changed since the session was saved: the curves and "
                                 "scores are those of the old file.")
                                  .arg(QFileInfo(dataset.sourcePath).fileName()));
    rememberFolder(path);
    setWindowFilePath(path);
    setStatus(tr("Opened the session %1.").arg(QFileInfo(path).fileName()));
    updateActions();
    return true;
}

bool MainWindow::hasDataset() const
{
    return !m_dataPanel->model()->isEmpty();
}

DatasetModel *MainWindow::datasetModel() const
{
    return m_dataPanel->model();
}

CurveChart *MainWindow::lossChart() const
{
    return m_curvesPanel->lossChart();
}

CurveChart *MainWindow::accuracyChart() const
{
    return m_curvesPanel->accuracyChart();
}

ConfusionMatrixWidget *MainWindow::confusionMatrix() const
{
    return m_resultsPanel->confusionMatrix();
}

QPushButton *MainWindow::trainButton() const
{
    return m_runBar->startButton();
}

QPushButton *MainWindow::stopButton() const
{
    return m_runBar->stopButton();
}

QString MainWindow::statusText() const
{
    return m_statusLabel->text();
}

void MainWindow::startTraining()
{
    if (isTraining() || !hasDataset())
        return;
    if (!m_settingsPanel->validate()) {
        m_banner->showError(tr("Training cannot start: %1 See the field marked in red.")
                                .arg(m_settingsPanel->problems().constFirst()));
        return;
    }
    const RunSettings settings = m_settingsPanel->settings();
    startRun(settings, m_curvesPanel->labelFor(settings));
}

void MainWindow::replay()
{
    if (isTraining() || !hasDataset() || !m_lastRunSettings)
        return;
    // The seed fixes the split, the initial weights and the batch order, so
    // the same settings on the same data give the same curves, epoch for epoch.
    const RunSettings settings = *m_lastRunSettings;
    startRun(settings, m_curvesPanel->labelFor(settings));
}

void MainWindow::startRun(const RunSettings &settings, const QString &label)
{
    m_banner->dismiss();
    m_stopping = false;
    m_lastRunSettings = settings;
    m_epochBudget = settings.training.epochs;
    m_curvesPanel->beginRun(label, settings, m_epochBudget);
    m_progress->setRange(0, m_epochBudget);
    m_progress->setFormat(tr("epoch %v of %m"));
    m_progress->setValue(0);
    m_progress->show();
    m_training->setEpochDelay(m_runBar->epochDelay());
    m_training->start(m_dataPanel->model()->dataset(), settings);
    setStatus(tr("Training %1: splitting the rows and starting...").arg(label));
    updateActions();
}

void MainWindow::stopTraining()
{
    if (!isTraining())
        return;
    m_training->requestStop();
    m_stopping = true;
    setStatus(tr("Stopping after this epoch; the best model so far is kept..."));
    updateActions();
}

void MainWindow::setPaused(bool paused)
{
    if (!isTraining() || m_stopping)
        return;
    m_training->setPaused(paused);
    if (!paused)
        setStatus(tr("Training resumed."));
    else
        setStatus(tr("Pausing after this epoch..."));
    updateActions();
}

void MainWindow::stepEpoch()
{
    if (isPaused())
        m_training->step();
}

void MainWindow::setEpochDelay(int milliseconds)
{
    if (m_runBar->epochDelay() != milliseconds)
        m_runBar->setEpochDelay(milliseconds);
    m_training->setEpochDelay(milliseconds);
}

void MainWindow::showOpenDialog()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Data"), lastFolder(), dataFileFilter());
    if (!path.isEmpty())
        openWithImportDialog(path);
}

QString MainWindow::dataFileFilter()
{
    return tr("CSV and text files (*.csv *.tsv *.txt);;All files (*)");
}

void MainWindow::showOpenSessionDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Session"), lastFolder(), tr("TRM Studio sessions (*.trmsession *.json)"));
    if (!path.isEmpty())
        openSession(path);
}

void MainWindow::showSaveSessionDialog()
{
    const QFileInfo data(m_dataPanel->model()->dataset().sourcePath);
    const QString suggested =
        QDir(lastFolder()).filePath(data.completeBaseName() + QStringLiteral(".trmsession"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Session"), suggested,
                                                      tr("TRM Studio sessions (*.trmsession)"));
    if (!path.isEmpty())
        saveSessionTo(path);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // One question at most: stopping a run to close already gives its model up.
    const bool agreed =
        isTraining()
            ? stopRunAfterAsking(tr("A model is being trained. Stop it and close TRM Studio?"))
            : m_modelKept || m_confirm(tr("The model trained in this session has not been "
                                          "exported (Model > Export Model) or saved in a "
                                          "session (File > Save Session). Close TRM Studio "
                                          "without it?"));
    if (!agreed) {
        event->ignore();
        return;
    }
    writePreferences();
    m_training->shutDown();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!draggedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = draggedFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openWithImportDialog(path);
}

void MainWindow::onEpochReported(const EpochReport &report)
{
    m_curvesPanel->append(report);
    m_progress->setValue(std::min(report.epoch, m_epochBudget));
    if (!m_stopping && !m_training->isPaused()) {
        const QString validation =
            std::isfinite(report.validationAccuracy)
                ? tr(", validation accuracy %1 %").arg(report.validationAccuracy * 100, 0, 'f', 1)
                : QString();
        setStatus(tr("Training: epoch %1 of %2, training loss %3%4")
                      .arg(report.epoch)
                      .arg(m_epochBudget)
                      .arg(report.trainLoss, 0, 'f', 3)
                      .arg(validation));
    }
    emit epochReported(report.epoch);
}

void MainWindow::onTrainingFinished(const RunOutcomePtr &outcome, const QString &errorMessage)
{
    m_curvesPanel->flush();
    m_stopping = false;
    if (outcome) {
        m_outcome = outcome;
        m_modelKept = false;
        m_resultsPanel->setOutcome(*outcome);
        m_explorer->setRun(outcome->trained, m_dataPanel->model()->dataset(), outcome->split.test);
        const int epochs = outcome->trained.provenance.epochsRun;
        // A run that ends before its budget is complete all the same: the bar
        // fills, and says why it ended where it did.
        if (epochs < m_epochBudget) {
            m_progress->setRange(0, std::max(1, epochs));
            m_progress->setValue(epochs);
            m_progress->setFormat(outcome->cancelled ? tr("stopped at epoch %v")
                                                     : tr("stopped early at epoch %v"));
        }
        const QString epochCount = counted(epochs, tr("epoch"), tr("epochs"));
        setStatus(outcome->cancelled ? tr("Stopped after %1.").arg(epochCount)
                                     : tr("Finished after %1.").arg(epochCount));
    } else {
        setStatus(tr("Training could not start."));
    }
    if (!errorMessage.isEmpty()) {
        m_banner->showError(outcome ? tr("Training stopped: %1").arg(errorMessage) : errorMessage);
    }
    updateActions();
    emit trainingFinished();
}

void MainWindow::updateActions()
{
    const bool training = isTraining();
    const bool paused = isPaused();
    const bool canTrain = !training && hasDataset();
    const bool canReplay = canTrain && m_lastRunSettings.has_value();
    RunControlBar::State state = RunControlBar::State::Idle;
    if (training)
        state = m_stopping
                    ? RunControlBar::State::Stopping
                    : (paused ? RunControlBar::State::Paused : RunControlBar::State::Running);
    m_runBar->setState(state, canTrain, canReplay);
    m_trainAction->setEnabled(canTrain);
    m_replayAction->setEnabled(canReplay);
    m_pauseAction->setEnabled(training && !m_stopping);
    m_pauseAction->setChecked(paused);
    m_pauseAction->setText(paused ? tr("Res&ume") : tr("&Pause"));
    m_stepAction->setEnabled(paused && !m_stopping);
    m_stopAction->setEnabled(training && !m_stopping);
    m_openAction->setEnabled(true);
    m_saveSessionAction->setEnabled(!training && hasDataset());
    m_settingsPanel->setEnabled(!training);
    m_dataPanel->targetCombo()->setEnabled(!training && hasDataset());
}

void MainWindow::setStatus(const QString &text)
{
    m_statusLabel->setText(text);
}

void MainWindow::rememberFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_recentFiles.removeAll(absolute);
    m_recentFiles.prepend(absolute);
    while (m_recentFiles.size() > maxRecentFiles)
        m_recentFiles.removeLast();
    m_lastFolder = QFileInfo(absolute).absolutePath();
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    for (const QString &path : std::as_const(m_recentFiles)) {
        m_recentMenu
            ->addAction(QFileInfo(path).fileName(), this, [this, path] { openDataset(path); })
            ->setToolTip(QDir::toNativeSeparators(path));
    }
    m_recentMenu->setEnabled(!m_recentFiles.isEmpty());
}

void MainWindow::rememberFolder(const QString &filePath)
{
    m_lastFolder = QFileInfo(filePath).absolutePath();
}

QString MainWindow::lastFolder() const
{
    return m_lastFolder.isEmpty() ? QDir::homePath() : m_lastFolder;
}

void MainWindow::readPreferences()
{
    const QSettings preferences;
    restoreGeometry(preferences.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(preferences.value(QStringLiteral("window/state")).toByteArray());
    m_recentFiles = preferences.value(QStringLiteral("files/recent")).toStringList();
    m_lastFolder = preferences.value(QStringLiteral("files/lastFolder")).toString();
    updateRecentMenu();
    const QJsonDocument last = QJsonDocument::fromJson(
        preferences.value(QStringLiteral("training/lastSettings")).toByteArray());
    if (last.isObject()) {
        // Settings from an older version that no longer parse are ignored:
        // the panel keeps its defaults.
        const Result<RunSettings> settings =
            parseRunSettings(last.object(), QStringLiteral("lastSettings"));
        if (settings)
            m_settingsPanel->setSettings(settings.value());
    }
    m_runBar->setEpochDelay(preferences.value(QStringLiteral("training/epochDelay"), 0).toInt());
}

void MainWindow::writePreferences() const
{
    QSettings preferences;
    preferences.setValue(QStringLiteral("window/geometry"), saveGeometry());
    preferences.setValue(QStringLiteral("window/state"), saveState());
    preferences.setValue(QStringLiteral("files/recent"), m_recentFiles);
    preferences.setValue(QStringLiteral("files/lastFolder"), m_lastFolder);
    preferences.setValue(
        QStringLiteral("training/lastSettings"),
        QJsonDocument(runSettingsJson(m_settingsPanel->settings())).toJson(QJsonDocument::Compact));
    preferences.setValue(QStringLiteral("training/epochDelay"), m_runBar->epochDelay());
}

} // namespace trm::ui
