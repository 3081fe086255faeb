#pragma once

#include "experiment.h"

#include <QHash>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace trm::ui {

/// Every hyperparameter of the model, of training and of the data split, in
/// three groups, with presets, with what the settings cost (the parameter
/// count and how many times the shared network runs per prediction) and with
/// a problem shown beside the field that causes it, before training starts.
/// Starts from the defaults of TrmConfig, TrainingOptions and RunSettings.
class SettingsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsPanel(QWidget *parent = nullptr);

    /// The features and classes of the loaded data, for the parameter count.
    void setDataShape(int inputSize, int classCount);
    /// The class of every row of the loaded data, to check that the test and
    /// validation shares leave every class some rows in every part; a class too
    /// small for them is named by `classNames`.
    void setLabels(const std::vector<int> &labels, const QStringList &classNames);
    /// Shows the settings an imported model was trained with. Its parameters
    /// are counted for its own features and classes until data is loaded.
    void showModel(const TrainedModel &model);

    /// Settings for a run; inputSize and classCount as given to setDataShape().
    RunSettings settings() const;
    /// Fills every field (inputSize and classCount are ignored).
    void setSettings(const RunSettings &settings);
    /// Fills the fields from the named preset; false if there is no such preset.
    bool applyPreset(const QString &name);
    /// The preset the fields match, or "Custom".
    QString presetName() const;

    /// Checks every field; shows each problem beside its field. True when a
    /// run can start with these settings.
    bool validate();
    /// The problems found by the last validation, one sentence each.
    QStringList problems() const { return m_problems; }
    /// The problem shown beside `field`, or an empty string.
    QString problemBeside(const QWidget *field) const;

    QComboBox *presetCombo() const { return m_preset; }
    QSpinBox *hiddenSizeBox() const { return m_hiddenSize; }
    QSpinBox *layersBox() const { return m_layers; }
    QSpinBox *latentStepsBox() const { return m_latentSteps; }
    QSpinBox *cyclesBox() const { return m_cycles; }
    QSpinBox *supervisionStepsBox() const { return m_supervisionSteps; }
    QSpinBox *epochsBox() const { return m_epochs; }
    QSpinBox *patienceBox() const { return m_patience; }
    QSpinBox *seedBox() const { return m_seed; }
    QDoubleSpinBox *learningRateBox() const { return m_learningRate; }
    QDoubleSpinBox *weightDecayBox() const { return m_weightDecay; }
    QDoubleSpinBox *validationShareBox() const { return m_validationShare; }
    QDoubleSpinBox *testShareBox() const { return m_testShare; }
    QString costText() const;

signals:
    void settingsChanged();

private:
    QWidget *createModelGroup();
    QWidget *createTrainingGroup();
    QWidget *createDataGroup();
    void addField(QFormLayout *form, const QString &label, QWidget *field);
    void onFieldEdited();
    void onPresetChosen(int index);
    void showPreset();
    void updateCost();
    void setProblem(QWidget *field, const QString &problem);

    int m_inputSize = 0;
    int m_classCount = 0;
    std::vector<int> m_labels;
    QStringList m_classNames;
    /// Holds what the panel does not show (AdamW betas, halting exploration).
    RunSettings m_hidden;
    bool m_filling = false; ///< true while a preset or saved settings fill the fields

    QComboBox *m_preset;
    QLabel *m_presetDescription;
    QSpinBox *m_hiddenSize;
    QSpinBox *m_layers;
    QSpinBox *m_expansion;
    QSpinBox *m_latentSteps;
    QSpinBox *m_cycles;
    QSpinBox *m_supervisionSteps;
    QCheckBox *m_halting;
    QSpinBox *m_epochs;
    QSpinBox *m_batchSize;
    QDoubleSpinBox *m_learningRate;
    QSpinBox *m_warmup;
    QDoubleSpinBox *m_weightDecay;
    QCheckBox *m_ema;
    QDoubleSpinBox *m_emaDecay;
    QSpinBox *m_patience;
    QDoubleSpinBox *m_validationShare;
    QDoubleSpinBox *m_testShare;
    QSpinBox *m_seed;
    QLabel *m_parameterLabel;
    QLabel *m_runsLabel;
    QHash<const QWidget *, QLabel *> m_problemLabels;
    QStringList m_problems;
};

} // namespace trm::ui
