#include "settingspanel.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>

namespace trm::ui {

namespace {

QSpinBox *makeSpinBox(int minimum, int maximum, int value, const QString &toolTip, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(minimum, maximum);
    box->setValue(value);
    box->setToolTip(toolTip);
    box->setAccelerated(true);
    return box;
}

} // namespace

SettingsPanel::SettingsPanel(QWidget *parent)
    : QWidget(parent)
{
    const TrmConfig model;
    const TrainingOptions training;

    m_hiddenSize =
        makeSpinBox(1, TrmConfig::maxHiddenSize, model.hiddenSize,
                    tr("D: how many numbers describe the question, the answer and the latent "
                       "state. Wider learns more but costs more."),
                    this);
    m_latentSteps = makeSpinBox(
        1, TrmConfig::maxSteps, model.latentSteps,
        tr("n: how many times the latent state is refined before the answer is updated"), this);
    m_cycles =
        makeSpinBox(1, TrmConfig::maxSteps, model.cycles,
                    tr("T: how many refine-then-answer cycles make one supervision step. Only the "
                       "last cycle is trained; the others just think."),
                    this);
    m_supervisionSteps =
        makeSpinBox(1, TrmConfig::maxSteps, model.supervisionSteps,
                    tr("N_sup: how many times the model improves its answer, each time being told "
                       "how far it is from the right one"),
                    this);
    m_epochs = makeSpinBox(1, 100000, training.epochs,
                           tr("How many passes over the training rows, at most"), this);
    m_patience =
        makeSpinBox(0, 100000, training.patience,
                    tr("Stop early after this many epochs without a better validation loss; "
                       "0 means never stop early"),
                    this);
    m_patience->setSpecialValueText(tr("never"));

    m_learningRate = new QDoubleSpinBox(this);
    m_learningRate->setDecimals(4);
    m_learningRate->setRange(0.0001, 1.0);
    m_learningRate->setSingleStep(0.0005);
    m_learningRate->setValue(training.learningRate);
    m_learningRate->setToolTip(tr("How big a step the optimiser takes. Too big and the "
                                  "loss jumps about; too small and it barely moves."));

    m_parameterLabel = new QLabel(this);
    m_runsLabel = new QLabel(this);
    m_runsLabel->setWordWrap(true);
    m_runsLabel->setToolTip(tr("One prediction runs the same small network many times over: "
                               "this is the 'recursion' in Tiny Recursion Model."));

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Hidden size D:"), m_hiddenSize);
    form->addRow(tr("&Latent steps n:"), m_latentSteps);
    form->addRow(tr("&Cycles T:"), m_cycles);
    form->addRow(tr("&Supervision steps N_sup:"), m_supervisionSteps);
    form->addRow(tr("&Epochs:"), m_epochs);
    form->addRow(tr("&Patience:"), m_patience);
    form->addRow(tr("Learning &rate:"), m_learningRate);
    form->addRow(m_parameterLabel);
    form->addRow(m_runsLabel);

    for (QSpinBox *box :
         {m_hiddenSize, m_latentSteps, m_cycles, m_supervisionSteps, m_epochs, m_patience}) {
        connect(box, &QSpinBox::valueChanged, this, &SettingsPanel::updateCost);
        connect(box, &QSpinBox::valueChanged, this, &SettingsPanel::settingsChanged);
    }
    connect(m_learningRate, &QDoubleSpinBox::valueChanged, this, &SettingsPanel::settingsChanged);
    updateCost();
}

void SettingsPanel::setDataShape(int inputSize, int classCount)
{
    m_inputSize = inputSize;
    m_classCount = classCount;
    updateCost();
}

RunSettings SettingsPanel::settings() const
{
    RunSettings settings;
    settings.model.inputSize = m_inputSize;
    settings.model.classCount = m_classCount;
    settings.model.hiddenSize = m_hiddenSize->value();
    settings.model.latentSteps = m_latentSteps->value();
    settings.model.cycles = m_cycles->value();
    settings.model.supervisionSteps = m_supervisionSteps->value();
    settings.training.epochs = m_epochs->value();
    settings.training.patience = m_patience->value();
    settings.training.learningRate = m_learningRate->value();
    return settings;
}

QString SettingsPanel::costText() const
{
    return m_parameterLabel->text() + QLatin1Char('\n') + m_runsLabel->text();
}

void SettingsPanel::updateCost()
{
    const TrmConfig config = settings().model;
    const QLocale locale;
    if (m_inputSize > 0 && m_classCount > 0) {
        m_parameterLabel->setText(
            tr("Parameters: <b>%1</b>").arg(locale.toString(config.parameterCount())));
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
