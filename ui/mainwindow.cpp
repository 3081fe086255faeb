#include "mainwindow.h"

#include "confusionmatrixwidget.h"
#include "curvechart.h"
#include "datapanel.h"
#include "datasetmodel.h"
#include "messagebanner.h"
#include "modelfile.h"
#include "resultspanel.h"
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
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

#include <cmath>

namespace trm::ui {

namespace {

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
    , m_lossChart(new CurveChart(tr("Loss"), tr("cross-entropy"), CurveChart::Scale::Unbounded))
    , m_accuracyChart(
          new CurveChart(tr("Accuracy"), tr("accuracy (%)"), CurveChart::Scale::Percent))
    , m_resultsPanel(new ResultsPanel)
    , m_trainButton(new QPushButton(tr("&Train")))
    , m_stopButton(new QPushButton(tr("St&op")))
    , m_statusLabel(new QLabel)
    , m_progress(new QProgressBar)
{
    setAcceptDrops(true);

    auto *left = new QSplitter(Qt::Vertical);
    left->addWidget(wrapInGroup(tr("Data"), m_dataPanel));
    left->addWidget(createModelBox());
    left->setStretchFactor(0, 1);

    auto *right = new QWidget;
    auto *grid = new QGridLayout(right);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_lossChart, 0, 0);
    grid->addWidget(m_accuracyChart, 0, 1);
    grid->addWidget(wrapInGroup(tr("Test results"), m_resultsPanel), 1, 0, 1, 2);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({420, 860});

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    m_progress->setMaximumWidth(260);
    m_progress->setFormat(tr("epoch %v of %m"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_progress);

    createMenus();
    connect(m_trainButton, &QPushButton::clicked, this, &MainWindow::startTraining);
    connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::stopTraining);
    connect(m_dataPanel, &DataPanel::targetChosen, this, [this](const QString &target) {
        openDataset(m_dataPanel->model()->dataset().sourcePath, target);
    });
    connect(m_training, &TrainingController::epochReported, this, &MainWindow::onEpochReported);
    connect(m_training, &TrainingController::finished, this, &MainWindow::onTrainingFinished);

    setStatus(tr("Open a CSV file to begin (File > Open, or drop it here)."));
    updateActions();
    resize(1280, 800);
}

MainWindow::~MainWindow()
{
    m_training->shutDown();
}

QWidget *MainWindow::createModelBox()
{
    m_trainButton->setToolTip(tr("Train a new model on the loaded data with these settings"));
    m_stopButton->setToolTip(tr("Stop after the current epoch and keep the best model so far"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_trainButton);
    buttons->addWidget(m_stopButton);

    auto *box = new QGroupBox(tr("Model and training"));
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_settingsPanel);
    layout->addLayout(buttons);
    return box;
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_openAction = file->addAction(tr("&Open Data..."), this, &MainWindow::showOpenDialog);
    m_openAction->setShortcut(QKeySequence::Open);
    m_saveAction = file->addAction(tr("&Save Model..."), this, &MainWindow::showSaveDialog);
    m_saveAction->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *training = menuBar()->addMenu(tr("&Training"));
    m_trainAction = training->addAction(tr("&Train"), this, &MainWindow::startTraining);
    m_trainAction->setShortcut(Qt::CTRL | Qt::Key_R);
    m_stopAction = training->addAction(tr("&Stop"), this, &MainWindow::stopTraining);
    m_stopAction->setShortcut(Qt::CTRL | Qt::Key_Period);
}

bool MainWindow::openDataset(const QString &path, const QString &target)
{
    if (isTraining()) {
        m_banner->showError(tr("Stop the training before loading other data."));
        return false;
    }
    Result<Dataset> loaded = loadDataset(path, target);
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
    setWindowFilePath(dataset.sourcePath);
    setStatus(tr("Loaded %1: %n row(s). Press Train to start.", nullptr, dataset.rowCount())
                  .arg(QFileInfo(path).fileName()));
    updateActions();
    return true;
}

bool MainWindow::saveModelTo(const QString &path)
{
    if (!m_outcome) {
        m_banner->showError(tr("There is no trained model to save yet."));
        return false;
    }
    const Result<void> saved = saveModel(m_outcome->trained, path);
    if (!saved) {
        m_banner->showError(saved.error().message);
        return false;
    }
    setStatus(tr("Saved the model to %1.").arg(QDir::toNativeSeparators(path)));
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

ConfusionMatrixWidget *MainWindow::confusionMatrix() const
{
    return m_resultsPanel->confusionMatrix();
}

void MainWindow::startTraining()
{
    if (isTraining() || !hasDataset())
        return;
    const RunSettings settings = m_settingsPanel->settings();
    for (const Result<void> &check : {settings.model.validate(), settings.training.validate()}) {
        if (!check) {
            m_banner->showError(check.error().message);
            return;
        }
    }
    m_banner->dismiss();
    m_epochBudget = settings.training.epochs;
    m_lossChart->reset(m_epochBudget);
    m_accuracyChart->reset(m_epochBudget);
    m_progress->setRange(0, m_epochBudget);
    m_progress->setValue(0);
    m_training->start(m_dataPanel->model()->dataset(), settings);
    setStatus(tr("Training: splitting the rows and starting..."));
    updateActions();
}

void MainWindow::stopTraining()
{
    if (!isTraining())
        return;
    m_training->requestStop();
    m_stopButton->setEnabled(false);
    m_stopAction->setEnabled(false);
    setStatus(tr("Stopping after this epoch; the best model so far is kept..."));
}

void MainWindow::showOpenDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Data"),
                                                      QFileInfo(windowFilePath()).absolutePath(),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        openDataset(path);
}

void MainWindow::showSaveDialog()
{
    if (!m_outcome)
        return;
    const QFileInfo data(m_dataPanel->model()->dataset().sourcePath);
    const QString suggested =
        data.absoluteDir().filePath(data.completeBaseName() + QStringLiteral("-trm.json"));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save Model"), suggested, tr("TRM models (*.json)"));
    if (!path.isEmpty())
        saveModelTo(path);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // The worker checks the stop flag once per epoch, so this waits at most
    // for the epoch in progress.
    m_training->shutDown();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!isTraining() && !draggedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = draggedFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openDataset(path);
}

void MainWindow::onEpochReported(const EpochReport &report)
{
    m_lossChart->append(report.epoch, report.trainLoss, report.validationLoss);
    m_accuracyChart->append(report.epoch, report.trainAccuracy, report.validationAccuracy);
    m_progress->setValue(std::min(report.epoch, m_epochBudget));
    if (m_stopButton->isEnabled()) {
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
    m_lossChart->flush();
    m_accuracyChart->flush();
    if (outcome) {
        m_outcome = outcome;
        m_resultsPanel->setOutcome(*outcome);
        const int epochs = outcome->trained.provenance.epochsRun;
        setStatus(outcome->cancelled ? tr("Stopped after %n epoch(s).", nullptr, epochs)
                                     : tr("Finished after %n epoch(s).", nullptr, epochs));
    } else {
        setStatus(tr("Training could not start."));
    }
    if (!errorMessage.isEmpty()) {
        m_banner->showError(
            outcome ? tr("training stopped: %1. The best model so far is kept.").arg(errorMessage)
                    : errorMessage);
    }
    updateActions();
    emit trainingFinished();
}

void MainWindow::updateActions()
{
    const bool training = isTraining();
    const bool canTrain = !training && hasDataset();
    m_trainButton->setEnabled(canTrain);
    m_trainAction->setEnabled(canTrain);
    m_stopButton->setEnabled(training);
    m_stopAction->setEnabled(training);
    m_openAction->setEnabled(!training);
    m_saveAction->setEnabled(!training && m_outcome != nullptr);
    m_settingsPanel->setEnabled(!training);
    m_dataPanel->targetCombo()->setEnabled(!training && hasDataset());
}

void MainWindow::setStatus(const QString &text)
{
    m_statusLabel->setText(text);
}

} // namespace trm::ui
