#pragma once

#include <Eigen/Core>
#include <QStringList>
#include <QWidget>

#include <vector>

class QLabel;
class QListWidget;

namespace trm::ui {

class ConfusionMatrixWidget;
class ExplorerCaptionLabel;

/// The whole test set at the current step: its confusion matrix, and the rows
/// this answer update fixed (wrong before, right after) and broke.
class ExplorerStepSummary : public QWidget
{
    Q_OBJECT

public:
    explicit ExplorerStepSummary(QWidget *parent = nullptr);

    /// `dataRows` are the 1-based data rows of the traced rows, for the lists.
    void setRows(const std::vector<int> &dataRows, const QStringList &classNames);
    /// `predictions` is steps x B, `labels` the true classes.
    void setStep(int step, const Eigen::MatrixXi &predictions, const std::vector<int> &labels);
    void clear();

    ConfusionMatrixWidget *confusionMatrix() const { return m_confusion; }
    QListWidget *fixedList() const { return m_fixed; }
    QListWidget *brokenList() const { return m_broken; }
    QLabel *title() const;

signals:
    /// A row of the lists was clicked: its index among the traced rows.
    void rowChosen(int index);

private:
    QString titleText(int step, int right, int rows) const;

    std::vector<int> m_dataRows;
    QStringList m_classNames;
    ExplorerCaptionLabel *m_title;
    ConfusionMatrixWidget *m_confusion;
    ExplorerCaptionLabel *m_fixedTitle;
    ExplorerCaptionLabel *m_brokenTitle;
    QListWidget *m_fixed;
    QListWidget *m_broken;
};

} // namespace trm::ui
