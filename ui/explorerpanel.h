#pragma once

#include "dataset.h"
#include "experiment.h"
#include "traceanalysis.h"

#include <Eigen/Core>
#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QGridLayout;
class QLabel;
class QSplitter;
class QTabWidget;

namespace trm::ui {

class ExplorerAccuracyChart;
class ExplorerCaptionLabel;
class ExplorerDepthChart;
class ExplorerProbabilityChart;
class ExplorerProjection;
class ExplorerRowTable;
class ExplorerStepBars;
class ExplorerStepControl;
class ExplorerStepSummary;
class ExplorerWhatIfForm;

/// The recursion explorer: how a trained model's prediction forms, answer
/// update by answer update, for one row (chosen from the test rows or typed
/// into the what-if form) and for the whole test set.
///
/// One row is a few forward passes of a small model, so it is traced on the GUI
/// thread when it is chosen or edited. The whole set (accuracy per step and by
/// depth, the 2-D projection) is analysed on a worker thread: a test set of
/// many thousands of rows takes seconds, and the window stays live meanwhile.
/// Stepping only redraws.
class ExplorerPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ExplorerPanel(QWidget *parent = nullptr);
    ~ExplorerPanel() override;

    /// Explores `model` on `rows` of `dataset` (indices, normally the test
    /// rows; all rows when empty). Chooses the first row and the last step at
    /// once; the whole-set views and the row list follow when setAnalysed()
    /// is emitted.
    void setRun(const TrainedModel &model, const Dataset &dataset, const std::vector<int> &rows);
    /// Empties the panel; `caption` replaces the default invitation to train.
    void clear(const QString &caption = {});
    bool hasRun() const { return m_hasRun; }
    /// True while the whole set is being analysed.
    bool isAnalysing() const { return m_analysing; }

    /// Rows being explored, their data rows (1-based, as `trm trace --row`) and labels.
    int rowCount() const { return int(m_labels.size()); }
    const std::vector<int> &dataRows() const { return m_dataRows; }
    const std::vector<int> &labels() const { return m_labels; }
    const Eigen::MatrixXd &rawRows() const { return m_rawRows; }

    /// Chooses row `index` (of rowCount()) and shows its trace from the current step.
    void chooseRow(int index);
    /// Chooses the first misclassified row; false (and nothing changes) when
    /// there is none or the set is still being analysed.
    bool chooseFirstMisclassified();
    int currentRow() const { return m_currentRow; }
    /// Trace of the current row (or of the edited values), one row.
    const Trace &rowTrace() const { return m_rowTrace; }
    bool isEdited() const { return m_edited; }

    /// Trace of every explored row at the trained depth (empty while analysing).
    const Trace &setTrace() const { return m_setTrace; }
    /// Rows (indices into the explored rows) drawn in the 2-D projection.
    const std::vector<int> &projectedRows() const { return m_projectedRows; }
    const Eigen::MatrixXi &setPredictions() const { return m_setPredictions; }
    const std::vector<double> &accuracyPerStep() const { return m_accuracy; }
    const std::vector<DepthPoint> &depthPoints() const { return m_depth; }
    const StateProjection &projection() const { return m_projection; }

    int currentStep() const;
    QString caption() const;

    ExplorerStepControl *stepControl() const { return m_stepControl; }
    ExplorerRowTable *rowTable() const { return m_rowTable; }
    ExplorerWhatIfForm *whatIfForm() const { return m_whatIf; }
    ExplorerStepBars *stepBars() const { return m_stepBars; }
    ExplorerProbabilityChart *probabilityChart() const { return m_probabilityChart; }
    ExplorerAccuracyChart *accuracyChart() const { return m_accuracyChart; }
    ExplorerStepSummary *stepSummary() const { return m_stepSummary; }
    ExplorerProjection *projectionView() const { return m_projectionView; }
    ExplorerDepthChart *depthChart() const { return m_depthChart; }
    QTabWidget *views() const { return m_views; }
    QLabel *captionLabel() const;
    /// Row list and what-if form on the left, the steps on the right.
    QSplitter *splitter() const { return m_splitter; }
    /// Columns of the "All test rows" page: two when it is wide enough.
    int setViewColumns() const { return m_setColumns; }

signals:
    /// The current row's trace was recomputed (a new row, or edited values).
    void rowTraced();
    /// The whole-set analysis of the current run is shown.
    void setAnalysed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void arrangeSetView(int columns);
    QStringList longestCaptions() const;
    void traceValues(const Eigen::RowVectorXd &values);
    void showStep(int step);
    void showAnalysis(SetAnalysis analysis);
    void cancelAnalysis();
    void clearSetViews();

    TrainedModel m_model;
    bool m_hasRun = false;
    Eigen::MatrixXd m_rawRows;
    std::vector<int> m_labels;
    std::vector<int> m_dataRows;
    Trace m_setTrace;
    Eigen::MatrixXi m_setPredictions;
    std::vector<double> m_accuracy;
    StateProjection m_projection;
    std::vector<DepthPoint> m_depth;
    std::vector<int> m_projectedRows;

    bool m_analysing = false;
    /// Set to ask the running analysis to give up; each analysis has its own.
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QFutureWatcher<std::optional<SetAnalysis>> *m_watcher;

    int m_currentRow = -1;
    bool m_edited = false;
    Trace m_rowTrace;
    Eigen::MatrixXi m_rowPredictions;

    ExplorerRowTable *m_rowTable;
    ExplorerWhatIfForm *m_whatIf;
    ExplorerStepControl *m_stepControl;
    ExplorerCaptionLabel *m_caption;
    QLabel *m_gradientNote;
    QTabWidget *m_views;
    ExplorerStepBars *m_stepBars;
    ExplorerProbabilityChart *m_probabilityChart;
    ExplorerAccuracyChart *m_accuracyChart;
    ExplorerStepSummary *m_stepSummary;
    ExplorerProjection *m_projectionView;
    ExplorerDepthChart *m_depthChart;
    QSplitter *m_splitter;
    QWidget *m_setView;
    QGridLayout *m_setLayout;
    int m_setColumns = 0;
    bool m_sized = false;
};

} // namespace trm::ui
