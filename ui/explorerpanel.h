#pragma once

#include "dataset.h"
#include "experiment.h"
#include "traceanalysis.h"

#include <Eigen/Core>
#include <QWidget>

#include <vector>

class QLabel;
class QTabWidget;

namespace trm::ui {

class ExplorerAccuracyChart;
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
/// All the work is a few forward passes of a small model, so it runs on the
/// GUI thread when a run is set or a row is chosen; stepping only redraws.
class ExplorerPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ExplorerPanel(QWidget *parent = nullptr);

    /// Explores `model` on `rows` of `dataset` (indices, normally the test
    /// rows; all rows when empty). Chooses the first row and the last step.
    void setRun(const TrainedModel &model, const Dataset &dataset, const std::vector<int> &rows);
    void clear();
    bool hasRun() const { return m_hasRun; }

    /// Rows being explored, their data rows (1-based, as `trm trace --row`) and labels.
    int rowCount() const { return int(m_labels.size()); }
    const std::vector<int> &dataRows() const { return m_dataRows; }
    const std::vector<int> &labels() const { return m_labels; }
    const Eigen::MatrixXd &rawRows() const { return m_rawRows; }

    /// Chooses row `index` (of rowCount()) and shows its trace from the current step.
    void chooseRow(int index);
    /// Chooses the first misclassified row; false (and nothing changes) when there is none.
    bool chooseFirstMisclassified();
    int currentRow() const { return m_currentRow; }
    /// Trace of the current row (or of the edited values), one row.
    const Trace &rowTrace() const { return m_rowTrace; }
    bool isEdited() const { return m_edited; }

    /// Trace of every explored row at the trained depth, with answer states.
    const Trace &setTrace() const { return m_setTrace; }
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

signals:
    /// The current row's trace was recomputed (a new row, or edited values).
    void rowTraced();

private:
    void traceValues(const Eigen::RowVectorXd &values);
    void showStep(int step);

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

    int m_currentRow = -1;
    bool m_edited = false;
    Trace m_rowTrace;
    Eigen::MatrixXi m_rowPredictions;

    ExplorerRowTable *m_rowTable;
    ExplorerWhatIfForm *m_whatIf;
    ExplorerStepControl *m_stepControl;
    QLabel *m_caption;
    QLabel *m_gradientNote;
    QTabWidget *m_views;
    ExplorerStepBars *m_stepBars;
    ExplorerProbabilityChart *m_probabilityChart;
    ExplorerAccuracyChart *m_accuracyChart;
    ExplorerStepSummary *m_stepSummary;
    ExplorerProjection *m_projectionView;
    ExplorerDepthChart *m_depthChart;
};

} // namespace trm::ui
