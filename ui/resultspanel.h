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
    void clear();

    ConfusionMatrixWidget *confusionMatrix() const { return m_matrix; }
    QString summary() const;

private:
    ConfusionMatrixWidget *m_matrix;
    QLabel *m_summary;
};

} // namespace trm::ui
