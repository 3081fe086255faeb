#pragma once

#include "experiment.h"

#include <QWidget>

class QLabel;

namespace trm::ui {

class ConfusionMatrixWidget;

/// How the trained model did on the test rows: the confusion matrix and a
/// one-line summary (accuracy, macro-F1, how the run ended).
class ResultsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ResultsPanel(QWidget *parent = nullptr);

    void setOutcome(const RunOutcome &outcome);
    /// Empties the panel; the matrix's place says what will fill it, by default
    /// that training will, and `summary` (HTML) stands beside it.
    void clear(const QString &placeholder = {}, const QString &summary = {});

    ConfusionMatrixWidget *confusionMatrix() const { return m_matrix; }
    QString summary() const;
    /// What stands in the matrix's place while there is none, or an empty string.
    QString placeholder() const;

private:
    ConfusionMatrixWidget *m_matrix;
    QLabel *m_summary;
};

} // namespace trm::ui
