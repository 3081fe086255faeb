#pragma once

#include "dataset.h"
#include "trainingworker.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;

namespace trm::ui {

class ConfusionMatrixWidget;
class CurveChart;
class DataPanel;
class DatasetModel;
class MessageBanner;
class ResultsPanel;
class SettingsPanel;

/// TRM Studio's window: load a CSV, set the recursion's size, train on a
/// worker thread while the curves grow, then read the test confusion matrix
/// and save the model.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Loads `path` with `target` as the class column (empty: the last one).
    /// On failure shows the message inline, keeps what was loaded, returns false.
    bool openDataset(const QString &path, const QString &target = {});
    /// Writes the last trained model as JSON; on failure shows why and returns false.
    bool saveModelTo(const QString &path);

    bool hasDataset() const;
    bool isTraining() const { return m_training->isRunning(); }
    /// The last finished run, or null before the first.
    RunOutcomePtr lastOutcome() const { return m_outcome; }

    DatasetModel *datasetModel() const;
    SettingsPanel *settingsPanel() const { return m_settingsPanel; }
    CurveChart *lossChart() const { return m_lossChart; }
    CurveChart *accuracyChart() const { return m_accuracyChart; }
    ConfusionMatrixWidget *confusionMatrix() const;
    ResultsPanel *resultsPanel() const { return m_resultsPanel; }
    MessageBanner *messageBanner() const { return m_banner; }
    QPushButton *trainButton() const { return m_trainButton; }
    QPushButton *stopButton() const { return m_stopButton; }

public slots:
    void startTraining();
    /// Ends the run after the current epoch, keeping the best model so far.
    void stopTraining();
    void showOpenDialog();
    void showSaveDialog();

signals:
    void epochReported(int epoch);
    /// A run has ended, with or without a model; lastOutcome() has it.
    void trainingFinished();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QWidget *createModelBox();
    void createMenus();
    void onEpochReported(const EpochReport &report);
    void onTrainingFinished(const RunOutcomePtr &outcome, const QString &errorMessage);
    void updateActions();
    void setStatus(const QString &text);

    TrainingController *m_training;
    RunOutcomePtr m_outcome;
    int m_epochBudget = 0;

    MessageBanner *m_banner;
    DataPanel *m_dataPanel;
    SettingsPanel *m_settingsPanel;
    CurveChart *m_lossChart;
    CurveChart *m_accuracyChart;
    ResultsPanel *m_resultsPanel;
    QPushButton *m_trainButton;
    QPushButton *m_stopButton;
    QLabel *m_statusLabel;
    QProgressBar *m_progress;
    QAction *m_openAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_trainAction = nullptr;
    QAction *m_stopAction = nullptr;
};

} // namespace trm::ui
