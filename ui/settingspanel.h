#pragma once

#include "experiment.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace trm::ui {

/// The hyperparameters a person tunes, with what they cost: the parameter
/// count and how many times the shared network runs per prediction.
/// Starts from the defaults of TrmConfig and TrainingOptions.
class SettingsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsPanel(QWidget *parent = nullptr);

    /// The features and classes of the loaded data, for the parameter count.
    void setDataShape(int inputSize, int classCount);

    /// Settings for a run; inputSize and classCount as given to setDataShape().
    RunSettings settings() const;

    QSpinBox *hiddenSizeBox() const { return m_hiddenSize; }
    QSpinBox *latentStepsBox() const { return m_latentSteps; }
    QSpinBox *cyclesBox() const { return m_cycles; }
    QSpinBox *supervisionStepsBox() const { return m_supervisionSteps; }
    QSpinBox *epochsBox() const { return m_epochs; }
    QSpinBox *patienceBox() const { return m_patience; }
    QString costText() const;

signals:
    void settingsChanged();

private:
    void updateCost();

    int m_inputSize = 0;
    int m_classCount = 0;
    QSpinBox *m_hiddenSize;
    QSpinBox *m_latentSteps;
    QSpinBox *m_cycles;
    QSpinBox *m_supervisionSteps;
    QSpinBox *m_epochs;
    QSpinBox *m_patience;
    QDoubleSpinBox *m_learningRate;
    QLabel *m_parameterLabel;
    QLabel *m_runsLabel;
};

} // namespace trm::ui
