#pragma once

#include "dataset.h"
#include "trainingworker.h"

#include <QMainWindow>
#include <QStringList>

#include <functional>
#include <optional>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace trm::ui {

class ConfusionMatrixWidget;
class CurveChart;
class CurvesPanel;
class DataPanel;
class DatasetModel;
class ExplorerPanel;
class MessageBanner;
class ResultsPanel;
class RunControlBar;
class SettingsPanel;

/// TRM Studio's window: load a CSV, set the recursion's size, train on a
/// worker thread while the curves grow (pause, step, slow down, stop, replay,
/// compare runs), then read the test confusion matrix and save the model or
/// the whole session.
///
/// The work area is a tab widget (tabs()): "Training" and "Data" are built
/// here; other views add their own tab with tabs()->addTab().
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// Asked before a running run is stopped (closing, loading other data);
    /// returns true to go ahead. Replaceable so tests need no dialog.
    using Confirmation = std::function<bool(const QString &question)>;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Loads `path` with `target` as the class column (empty: the last one).
    /// During a run, asks first and stops it. On failure shows the message
    /// inline, keeps what was loaded, returns false.
    bool openDataset(const QString &path, const QString &target = {});
    /// Shows the import dialog for `path` (settings, roles, types, preview; the
    /// load runs on a worker) and installs the table it loads. Cancelling or a
    /// failed load keeps what was loaded. The File > Open path and drag-and-drop.
    bool openWithImportDialog(const QString &path);
    /// Installs a table loaded elsewhere, or shows why it could not be loaded.
    bool adoptDataset(const QString &path, Result<Dataset> loaded);
    /// Writes the data reference, settings, model and curves to one file.
    bool saveSessionTo(const QString &path);
    /// Brings back a saved session: data, settings, curves and model.
    bool openSession(const QString &path);

    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }

    /// The file dialog filters for data files, the same wherever one is opened.
    static QString dataFileFilter();

    bool hasDataset() const;
    /// The folder file dialogs open in: the last one a file was opened from or
    /// saved to (remembered between sessions), else the home folder.
    QString lastFolder() const;
    void rememberFolder(const QString &filePath);
    /// The lasting message at the left of the status bar: what the window holds now.
    void setStatus(const QString &text);
    /// The last run's model has been written to a file (exported), so closing
    /// the window loses nothing.
    void markModelKept() { m_modelKept = true; }
    bool isTraining() const { return m_training->isRunning(); }
    bool isPaused() const { return m_training->isRunning() && m_training->isPaused(); }
    /// The last finished run, or null before the first.
    RunOutcomePtr lastOutcome() const { return m_outcome; }
    QStringList recentFiles() const { return m_recentFiles; }

    DatasetModel *datasetModel() const;
    SettingsPanel *settingsPanel() const { return m_settingsPanel; }
    CurvesPanel *curvesPanel() const { return m_curvesPanel; }
    CurveChart *lossChart() const;
    CurveChart *accuracyChart() const;
    ConfusionMatrixWidget *confusionMatrix() const;
    ResultsPanel *resultsPanel() const { return m_resultsPanel; }
    MessageBanner *messageBanner() const { return m_banner; }
    RunControlBar *runControlBar() const { return m_runBar; }
    QTabWidget *tabs() const { return m_tabs; }
    /// The recursion explorer tab, fed with each finished run's model and test rows.
    ExplorerPanel *explorerPanel() const { return m_explorer; }
    QPushButton *trainButton() const;
    QPushButton *stopButton() const;
    QString statusText() const;

public slots:
    void startTraining();
    /// Ends the run after the current epoch, keeping the best model so far.
    void stopTraining();
    /// Pauses after the current epoch, or resumes.
    void setPaused(bool paused);
    /// While paused: trains exactly one more epoch.
    void stepEpoch();
    /// Runs the last run again with its seed and settings: identical curves.
    void replay();
    void setEpochDelay(int milliseconds);
    void showOpenDialog();
    void showOpenSessionDialog();
    void showSaveSessionDialog();

signals:
    void epochReported(int epoch);
    /// The run is paused after `epochsDone` epochs.
    void trainingPaused(int epochsDone);
    /// A run has ended, with or without a model; lastOutcome() has it.
    void trainingFinished();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void startRun(const RunSettings &settings, const QString &label);
    /// True when nothing runs, or the person agreed to stop the run (which
    /// has then ended, its outcome kept).
    bool stopRunAfterAsking(const QString &question);
    void onEpochReported(const EpochReport &report);
    void onTrainingFinished(const RunOutcomePtr &outcome, const QString &errorMessage);
    void updateActions();
    void rememberFile(const QString &path);
    void updateRecentMenu();
    void readPreferences();
    void writePreferences() const;

    TrainingController *m_training;
    RunOutcomePtr m_outcome;
    std::optional<RunSettings> m_lastRunSettings; ///< for Replay
    int m_epochBudget = 0;
    bool m_stopping = false;
    /// False from the end of a run until its model is saved in a session or
    /// exported: closing the window then asks first.
    bool m_modelKept = true;
    Confirmation m_confirm;
    QStringList m_recentFiles;
    QString m_lastFolder;

    MessageBanner *m_banner;
    DataPanel *m_dataPanel;
    SettingsPanel *m_settingsPanel;
    RunControlBar *m_runBar;
    CurvesPanel *m_curvesPanel;
    ResultsPanel *m_resultsPanel;
    QTabWidget *m_tabs;
    ExplorerPanel *m_explorer = nullptr;
    QLabel *m_statusLabel;
    QProgressBar *m_progress;
    QMenu *m_recentMenu = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_openSessionAction = nullptr;
    QAction *m_saveSessionAction = nullptr;
    QAction *m_trainAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_stepAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_replayAction = nullptr;
};

} // namespace trm::ui
