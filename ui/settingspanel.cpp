#include "settingspanel.h"

#include "presets.h"
#include "split.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QVBoxLayout>

#include <climits>

namespace trm::ui {

namespace {

QSpinBox *makeSpinBox(int minimum, int maximum, const QString &toolTip)
{
    auto *box = new QSpinBox;
    box->setRange(minimum, maximum);
    box->setToolTip(toolTip);
    box->setAccelerated(true);
    return box;
}

QDoubleSpinBox *makeRealBox(double minimum, double maximum, int decimals, double step,
                            const QString &toolTip)
{
    auto *box = new QDoubleSpinBox;
    box->setRange(minimum, maximum);
    box->setDecimals(decimals);
    box->setSingleStep(step);
    box->setToolTip(toolTip);
    box->setAccelerated(true);
    return box;
}

/// "class 'a' has 1 row" as "Class 'a' has 1 row.", to stand beside the
/// other problems, which are sentences.
QString asSentence(QString text)
{
    if (text.isEmpty())
        return text;
    text[0] = text[0].toUpper();
    if (!text.endsWith(QLatin1Char('.')))
        text += QLatin1Char('.');
    return text;
}

QString customName()
{
    return SettingsPanel::tr("Custom");
}

} // namespace

SettingsPanel::SettingsPanel(QWidget *parent)
    : QWidget(parent)
    , m_preset(new QComboBox)
    , m_presetDescription(new QLabel)
    , m_parameterLabel(new QLabel)
    , m_runsLabel(new QLabel)
{
    for (const Preset &preset : presets())
        m_preset->addItem(preset.name);
    m_preset->addItem(customName());
    m_preset->setToolTip(tr("Start from a known setting. Changing any field afterwards is "
                            "allowed and shows as Custom."));
    m_presetDescription->setWordWrap(true);

    m_runsLabel->setWordWrap(true);
    m_runsLabel->setToolTip(tr("One prediction runs the same small network many times over: "
                               "this is the 'recursion' in Tiny Recursion Model."));

    auto *presetRow = new QFormLayout;
    presetRow->addRow(tr("Pr&eset:"), m_preset);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(presetRow);
    layout->addWidget(m_presetDescription);
    // The cost sits at the top, in sight while any field below is edited.
    layout->addWidget(m_parameterLabel);
    layout->addWidget(m_runsLabel);
    layout->addWidget(createModelGroup());
    layout->addWidget(createTrainingGroup());
    layout->addWidget(createDataGroup());
    layout->addStretch(1);

    connect(m_preset, &QComboBox::activated, this, &SettingsPanel::onPresetChosen);
    for (QSpinBox *box : findChildren<QSpinBox *>())
        connect(box, &QSpinBox::valueChanged, this, &SettingsPanel::onFieldEdited);
    for (QDoubleSpinBox *box : findChildren<QDoubleSpinBox *>())
        connect(box, &QDoubleSpinBox::valueChanged, this, &SettingsPanel::onFieldEdited);
    for (QCheckBox *box : findChildren<QCheckBox *>())
        connect(box, &QCheckBox::toggled, this, &SettingsPanel::onFieldEdited);

    setSettings(RunSettings{});
}

QWidget *SettingsPanel::createModelGroup()
{
    // Zero is allowed in the boxes so that it can be typed and then refused
    // beside the field with a reason, rather than silently clamped.
    m_hiddenSize = makeSpinBox(0, TrmConfig::maxHiddenSize,
                               tr("D: how many numbers describe the question, the answer and "
                                  "the latent state. Wider learns more but costs more."));
    m_layers = makeSpinBox(0, TrmConfig::maxLayers,
                           tr("L: residual blocks in the one shared network. The recursion, "
                              "not depth, does most of the work: 2 is the paper's choice."));
    m_expansion = makeSpinBox(0, TrmConfig::maxExpansion,
                              tr("How much wider the inside of each block is than D "
                                 "(inner width = expansion \u00d7 D)."));
    m_latentSteps = makeSpinBox(
        0, TrmConfig::maxSteps,
        tr("n: how many times the latent state is refined before the answer is updated"));
    m_cycles = makeSpinBox(0, TrmConfig::maxSteps,
                           tr("T: how many refine-then-answer cycles make one supervision step. "
                              "Only the last cycle is trained; the others just think."));
    m_supervisionSteps =
        makeSpinBox(0, TrmConfig::maxSteps,
                    tr("N_sup: how many times the model improves its answer, each time being "
                       "told how far it is from the right one"));
    m_halting = new QCheckBox(tr("Stop early when confident"));
    m_halting->setToolTip(tr("Halting: a row whose halting head says 'done' leaves the batch "
                             "before all N_sup supervision steps are spent."));

    auto *group = new QGroupBox(tr("Model"));
    auto *form = new QFormLayout(group);
    addField(form, tr("&Hidden size D:"), m_hiddenSize);
    addField(form, tr("La&yers L:"), m_layers);
    addField(form, tr("E&xpansion:"), m_expansion);
    addField(form, tr("&Latent steps n:"), m_latentSteps);
    addField(form, tr("&Cycles T:"), m_cycles);
    addField(form, tr("&Supervision steps N_sup:"), m_supervisionSteps);
    addField(form, tr("Halting:"), m_halting);
    return group;
}

QWidget *SettingsPanel::createTrainingGroup()
{
    m_epochs = makeSpinBox(0, 1000000, tr("How many passes over the training rows, at most"));
    m_batchSize = makeSpinBox(0, 1000000,
                              tr("Rows per optimiser step. Smaller batches take more, noisier "
                                 "steps per epoch."));
    m_learningRate = makeRealBox(0, 10, 6, 0.0005,
                                 tr("How big a step the optimiser takes. Too big and the loss "
                                    "jumps about or becomes NaN; too small and it barely moves."));
    m_warmup = makeSpinBox(0, 1000000000,
                           tr("Optimiser steps over which the learning rate rises from 0 to "
                              "its full value, so the first steps do not throw the model off."));
    m_weightDecay = makeRealBox(0, 10, 4, 0.005,
                                tr("Pulls every weight a little towards zero at each step: a "
                                   "brake on overfitting small tables."));
    m_ema = new QCheckBox(tr("Average the weights"));
    m_ema->setToolTip(tr("EMA: evaluate and export a moving average of the weights, which is "
                         "steadier than the weights of the last step."));
    m_emaDecay = makeRealBox(0, 0.999999, 6, 0.001,
                             tr("How slowly the average forgets: 0.999 averages over about the "
                                "last thousand steps."));
    m_patience = makeSpinBox(0, 1000000,
                             tr("Stop early after this many epochs without a better validation "
                                "loss, and keep the best weights; 0 means never stop early"));
    m_patience->setSpecialValueText(tr("never"));

    auto *group = new QGroupBox(tr("Training"));
    auto *form = new QFormLayout(group);
    addField(form, tr("&Epochs:"), m_epochs);
    addField(form, tr("&Batch size:"), m_batchSize);
    addField(form, tr("Learning &rate:"), m_learningRate);
    addField(form, tr("&Warm-up steps:"), m_warmup);
    addField(form, tr("Weight &decay:"), m_weightDecay);
    addField(form, tr("EMA:"), m_ema);
    addField(form, tr("EMA dec&ay:"), m_emaDecay);
    addField(form, tr("&Patience:"), m_patience);
    connect(m_ema, &QCheckBox::toggled, m_emaDecay, &QWidget::setEnabled);
    return group;
}

QWidget *SettingsPanel::createDataGroup()
{
    m_validationShare = makeRealBox(0, 95, 1, 5,
                                    tr("Share of the training rows held out to watch for "
                                       "overfitting and to choose the best epoch"));
    m_validationShare->setSuffix(QStringLiteral(" %"));
    m_testShare = makeRealBox(0, 95, 1, 5,
                              tr("Share of all rows kept aside, never trained on, for the "
                                 "final confusion matrix"));
    m_testShare->setSuffix(QStringLiteral(" %"));
    m_seed = makeSpinBox(0, INT_MAX,
                         tr("Seed of the split, the initial weights and the batch order: the "
                            "same seed and settings replay exactly the same run."));

    auto *group = new QGroupBox(tr("Data"));
    auto *form = new QFormLayout(group);
    addField(form, tr("&Validation share:"), m_validationShare);
    addField(form, tr("&Test share:"), m_testShare);
    addField(form, tr("See&d:"), m_seed);
    return group;
}

void SettingsPanel::addField(QFormLayout *form, const QString &label, QWidget *field)
{
    // The problem sits right under its field, so a person sees what to fix.
    auto *problem = new QLabel;
    problem->setWordWrap(true);
    problem->setStyleSheet(QStringLiteral("color: #b00020;"));
    problem->hide();
    m_problemLabels.insert(field, problem);

    auto *cell = new QWidget;
    auto *column = new QVBoxLayout(cell);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(1);
    column->addWidget(field);
    column->addWidget(problem);
    form->addRow(label, cell);
    if (auto *labelWidget = qobject_cast<QLabel *>(form->labelForField(cell)))
        labelWidget->setBuddy(field);
}

void SettingsPanel::setDataShape(int inputSize, int classCount)
{
    m_inputSize = inputSize;
    m_classCount = classCount;
    updateCost();
}

void SettingsPanel::setLabels(const std::vector<int> &labels, const QStringList &classNames)
{
    m_labels = labels;
    m_classNames = classNames;
    m_classCount = int(classNames.size());
    validate();
}

void SettingsPanel::showModel(const TrainedModel &model)
{
    RunSettings shown = settings();
    shown.model = model.model.config();
    shown.training = model.training;
    if (m_labels.empty()) {
        m_inputSize = int(model.featureNames.size());
        m_classCount = int(model.classNames.size());
    }
    setSettings(shown);
}

RunSettings SettingsPanel::settings() const
{
    RunSettings settings = m_hidden;
    TrmConfig &model = settings.model;
    model.inputSize = m_inputSize;
    model.classCount = m_classCount;
    model.hiddenSize = m_hiddenSize->value();
    model.layers = m_layers->value();
    model.expansion = m_expansion->value();
    model.latentSteps = m_latentSteps->value();
    model.cycles = m_cycles->value();
    model.supervisionSteps = m_supervisionSteps->value();
    model.halting = m_halting->isChecked();
    TrainingOptions &training = settings.training;
    training.epochs = m_epochs->value();
    training.batchSize = m_batchSize->value();
    training.learningRate = m_learningRate->value();
    training.warmupSteps = m_warmup->value();
    training.weightDecay = m_weightDecay->value();
    training.ema = m_ema->isChecked();
    training.emaDecay = m_emaDecay->value();
    training.patience = m_patience->value();
    training.seed = std::uint64_t(m_seed->value());
    settings.validationShare = m_validationShare->value() / 100.0;
    settings.testShare = m_testShare->value() / 100.0;
    return settings;
}

void SettingsPanel::setSettings(const RunSettings &settings)
{
    m_filling = true;
    m_hidden = settings;
    const TrmConfig &model = settings.model;
    m_hiddenSize->setValue(model.hiddenSize);
    m_layers->setValue(model.layers);
    m_expansion->setValue(model.expansion);
    m_latentSteps->setValue(model.latentSteps);
    m_cycles->setValue(model.cycles);
    m_supervisionSteps->setValue(model.supervisionSteps);
    m_halting->setChecked(model.halting);
    const TrainingOptions &training = settings.training;
    m_epochs->setValue(training.epochs);
    m_batchSize->setValue(training.batchSize);
    m_learningRate->setValue(training.learningRate);
    m_warmup->setValue(training.warmupSteps);
    m_weightDecay->setValue(training.weightDecay);
    m_ema->setChecked(training.ema);
    m_emaDecay->setValue(training.emaDecay);
    m_emaDecay->setEnabled(training.ema);
    m_patience->setValue(training.patience);
    m_seed->setValue(int(std::min<std::uint64_t>(training.seed, INT_MAX)));
    m_validationShare->setValue(settings.validationShare * 100.0);
    m_testShare->setValue(settings.testShare * 100.0);
    m_filling = false;
    onFieldEdited();
}

bool SettingsPanel::applyPreset(const QString &name)
{
    const Preset *preset = findPreset(name);
    if (!preset)
        return false;
    setSettings(preset->applyTo(settings()));
    return true;
}

QString SettingsPanel::presetName() const
{
    const Preset *preset = matchingPreset(settings());
    return preset ? preset->name : customName();
}

void SettingsPanel::onPresetChosen(int index)
{
    const QString name = m_preset->itemText(index);
    if (!applyPreset(name))
        showPreset(); // "Custom" is a state, not a choice: show what the fields are
}

void SettingsPanel::onFieldEdited()
{
    if (m_filling)
        return;
    showPreset();
    updateCost();
    validate();
    emit settingsChanged();
}

void SettingsPanel::showPreset()
{
    const Preset *preset = matchingPreset(settings());
    m_preset->setCurrentIndex(preset ? m_preset->findText(preset->name)
                                     : m_preset->findText(customName()));
    m_presetDescription->setText(
        preset ? preset->description
               : tr("Custom: edited after choosing a preset. Pick a preset to start over."));
}

bool SettingsPanel::validate()
{
    for (QLabel *label : std::as_const(m_problemLabels)) {
        label->clear();
        label->hide();
    }
    m_problems.clear();

    const RunSettings s = settings();
    const auto atLeastOne = [this](QSpinBox *box, const QString &what) {
        if (box->value() < 1)
            setProblem(box, tr("%1 must be at least 1.").arg(what));
    };
    atLeastOne(m_hiddenSize, tr("The hidden size"));
    atLeastOne(m_layers, tr("The number of layers"));
    atLeastOne(m_expansion, tr("The expansion"));
    atLeastOne(m_latentSteps, tr("n, the latent steps,"));
    atLeastOne(m_cycles, tr("T, the cycles,"));
    atLeastOne(m_supervisionSteps, tr("N_sup, the supervision steps,"));
    atLeastOne(m_epochs, tr("The number of epochs"));
    atLeastOne(m_batchSize, tr("The batch size"));
    if (!(s.training.learningRate > 0))
        setProblem(m_learningRate, tr("The learning rate must be above 0."));

    // The split is checked on the loaded labels exactly as the run will cut
    // them, so a share that leaves a class without rows is refused here.
    if (!m_labels.empty() && m_classCount > 0) {
        const Result<Split> split = stratifiedSplit(
            m_labels, m_classCount, s.testShare, s.validationShare, s.training.seed, m_classNames);
        if (!split) {
            QWidget *field = s.validationShare > 0 ? m_validationShare : m_testShare;
            setProblem(field, asSentence(split.error().message));
        }
    }
    if (s.testShare + s.validationShare * (1 - s.testShare) >= 0.95)
        setProblem(m_validationShare, tr("Test and validation together leave almost no rows "
                                         "to train on."));
    return m_problems.isEmpty();
}

QString SettingsPanel::problemBeside(const QWidget *field) const
{
    const QLabel *label = m_problemLabels.value(field);
    return label ? label->text() : QString();
}

void SettingsPanel::setProblem(QWidget *field, const QString &problem)
{
    QLabel *label = m_problemLabels.value(field);
    if (!label || !label->text().isEmpty())
        return;
    label->setText(problem);
    label->show();
    m_problems << problem;
}

QString SettingsPanel::costText() const
{
    return m_parameterLabel->text() + QLatin1Char('\n') + m_runsLabel->text();
}

void SettingsPanel::updateCost()
{
    const TrmConfig config = settings().model;
    const QLocale locale;
    if (m_inputSize > 0 && m_classCount > 0 && config.validate()) {
        m_parameterLabel->setText(
            tr("Parameters: <b>%1</b>").arg(locale.toString(config.parameterCount())));
    } else if (m_inputSize > 0) {
        m_parameterLabel->setText(tr("Parameters: fix the model settings to count them"));
    } else {
        m_parameterLabel->setText(tr("Parameters: load data to count them"));
    }
    m_runsLabel->setText(tr("The shared network runs T \u00d7 (n+1) \u00d7 N_sup = "
                            "%1 \u00d7 %2 \u00d7 %3 = <b>%4</b> times per prediction")
                             .arg(config.cycles)
                             .arg(config.latentSteps + 1)
                             .arg(config.supervisionSteps)
                             .arg(locale.toString(config.networkRunsPerPrediction())));
}

} // namespace trm::ui
