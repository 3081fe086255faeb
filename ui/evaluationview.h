#pragma once

#include "dataset.h"
#include "experiment.h"
#include "reportdata.h"
#include "result.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;

namespace trm::ui {

class ConfusionMatrixWidget;
class CrossValidationWorker;

/// The evaluation of a model, to judge it honestly and hand it out: the
/// confusion matrix (click a cell to list its rows), the metrics, the
/// comparison with the references on the same rows, cross-validation on a
/// worker thread, and the report export.
class EvaluationView : public QWidget
{
    Q_OBJECT

public:
    explicit EvaluationView(QWidget *parent = nullptr);
    ~EvaluationView() override;

    /// A finished training run: its test rows, references fitted on its
    /// training rows. Fitting the references and tracing the test rows take
    /// seconds on a large table, so they run on a worker thread; evaluated()
    /// follows, and a newer call or clear() drops the pending one.
    void showRun(const RunOutcome &outcome, const Dataset &dataset);
    /// True while a run's evaluation is being computed.
    bool isEvaluating() const { return m_pendingRun != nullptr; }
    /// A model's report on a labelled file (reportForModel()), with the rows
    /// and the model's probabilities for them, for the cell lists.
    void showModelReport(ReportData report, const LabelledRows &rows,
                         Eigen::MatrixXd probabilities);
    /// Empties the view; `headline` replaces the default invitation to train.
    void clear(const QString &headline = {});

    /// The data and settings cross-validation trains on. A model's report
    /// (showModelReport()) sets its own: the labelled file it was scored on,
    /// with the settings the model was trained with, until the window sets
    /// another or the view is cleared.
    void setCrossValidationSource(const Dataset &dataset, const RunSettings &settings);
    bool canCrossValidate() const { return m_cvDataset.has_value(); }
    void startCrossValidation(int folds, int repeats);
    void cancelCrossValidation();
    bool crossValidationRunning() const { return m_thread != nullptr; }

    bool hasReport() const { return m_report.has_value(); }
    const ReportData &report() const { return *m_report; }
    /// Writes the report (format by suffix); `pageSize` is "a4" or "letter".
    Result<void> exportReport(const QString &path, const QString &pageSize);
    /// The paper size chosen beside the export button, "a4" or "letter".
    QString pageSize() const;

    /// Lists the evaluated rows whose true and predicted classes are these.
    void selectCell(int truth, int predicted);

    /// What is evaluated and its headline figures, or what to do to see them.
    QLabel *headline() const { return m_headline; }
    ConfusionMatrixWidget *confusionMatrix() const { return m_matrix; }
    QTableWidget *metricsTable() const { return m_metrics; }
    QTableWidget *comparisonTable() const { return m_comparison; }
    QTableWidget *cellRowsTable() const { return m_cellRows; }
    QLabel *cellCaption() const { return m_cellCaption; }
    /// What the figures are (folds, repeats, models), or why there are none.
    QLabel *crossValidationResult() const { return m_cvResult; }
    /// The figures: pairs of columns (metric, "mean ± sd"), empty until a run ends.
    QTableWidget *crossValidationTable() const { return m_cvTable; }
    QSpinBox *crossValidationRepeats() const { return m_repeats; }
    /// Which data and settings cross-validation would use, or why it cannot run.
    QLabel *crossValidationSource() const { return m_cvSource; }
    QProgressBar *crossValidationProgress() const { return m_cvProgress; }

signals:
    /// A listed row was double-clicked: its 0-based index among the data rows
    /// (of the dataset for a run, of the evaluated file for a model file).
    void rowActivated(int row);
    void crossValidationFinished(bool completed);
    /// A run given to showRun() is shown, or (`ok` false) why it cannot be.
    void evaluated(bool ok);
    /// The export button was pressed: the window asks where, and writes it.
    void exportRequested();

private:
    void showReport(ReportData report, std::vector<int> sourceRows, std::vector<int> lineNumbers,
                    Eigen::MatrixXd probabilities);
    void fillMetrics();
    void fillComparison();
    void finishCrossValidation();
    /// The figures of a finished run, or none (the table keeps its size).
    void showCrossValidationFigures(const std::optional<FoldSummary> &summary);
    void showMessage(const QString &text, bool error);
    void updateCrossValidationSource();

    struct PendingRun;
    std::unique_ptr<PendingRun> m_pendingRun;

    std::optional<ReportData> m_report;
    std::vector<int> m_sourceRows;  ///< per evaluated row: its index in the source
    std::vector<int> m_lineNumbers; ///< per evaluated row: its line in the file, if known
    std::vector<int> m_truth;
    Eigen::MatrixXd m_probabilities; ///< evaluated rows x K, the model's

    std::optional<Dataset> m_cvDataset;
    RunSettings m_cvSettings;
    QString m_cvSettingsOrigin;  ///< whose settings, in words: "the model's"
    bool m_cvFromReport = false; ///< the source is the file a model's report scored
    QThread *m_thread = nullptr;
    CrossValidationWorker *m_worker = nullptr;

    QLabel *m_headline;
    QLabel *m_message;
    ConfusionMatrixWidget *m_matrix;
    QLabel *m_cellCaption;
    QTableWidget *m_cellRows;
    QTableWidget *m_metrics;
    QTableWidget *m_comparison;
    QLabel *m_comparisonNote;
    QSpinBox *m_folds;
    QSpinBox *m_repeats;
    QLabel *m_cvSource;
    QPushButton *m_cvRun;
    QPushButton *m_cvCancel;
    QProgressBar *m_cvProgress;
    QLabel *m_cvResult;
    QTableWidget *m_cvTable;
    QComboBox *m_pageSize;
    QPushButton *m_export;
};

} // namespace trm::ui
