#include "runcontrolbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>

namespace trm::ui {

namespace {

// Slow motion in steps of 50 ms up to 2 s an epoch: at the top a 40-epoch
// demonstration takes well over a minute, slow enough to talk over.
constexpr int delayStepMs = 50;
constexpr int maxDelayMs = 2000;

} // namespace

RunControlBar::RunControlBar(QWidget *parent)
    : QWidget(parent)
    , m_start(new QPushButton(tr("&Start")))
    , m_pause(new QPushButton(tr("&Pause")))
    , m_step(new QPushButton(tr("S&tep")))
    , m_stop(new QPushButton(tr("St&op")))
    , m_replay(new QPushButton(tr("Re&play")))
    , m_slowMotion(new QSlider(Qt::Horizontal))
    , m_delayLabel(new QLabel)
{
    m_start->setToolTip(tr("Train a new model on the loaded data with these settings (Ctrl+R)"));
    m_pause->setToolTip(tr("Pause after the current epoch; press again to resume (Ctrl+P)"));
    m_pause->setCheckable(true);
    m_step->setToolTip(tr("While paused: train exactly one more epoch (Ctrl+E)"));
    m_stop->setToolTip(tr("Stop after the current epoch and keep the best model so far (Ctrl+.)"));
    m_replay->setToolTip(tr("Run the last run again with the same seed and settings: the "
                            "curves come out exactly the same"));
    m_slowMotion->setRange(0, maxDelayMs / delayStepMs);
    m_slowMotion->setPageStep(4);
    m_slowMotion->setToolTip(tr("Slow motion: a pause after every epoch, so a class can follow "
                                "the curves as they grow"));
    m_delayLabel->setMinimumWidth(
        m_delayLabel->fontMetrics().horizontalAdvance(tr("slow motion: 2.00 s / epoch")));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *button : {m_start, m_pause, m_step, m_stop, m_replay})
        layout->addWidget(button);
    layout->addSpacing(16);
    layout->addWidget(m_delayLabel);
    layout->addWidget(m_slowMotion, 1);

    connect(m_start, &QPushButton::clicked, this, &RunControlBar::startClicked);
    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        m_pause->setText(paused ? tr("Res&ume") : tr("&Pause"));
        emit pauseToggled(paused);
    });
    connect(m_step, &QPushButton::clicked, this, &RunControlBar::stepClicked);
    connect(m_stop, &QPushButton::clicked, this, &RunControlBar::stopClicked);
    connect(m_replay, &QPushButton::clicked, this, &RunControlBar::replayClicked);
    connect(m_slowMotion, &QSlider::valueChanged, this, [this] {
        showDelay();
        emit epochDelayChanged(epochDelay());
    });
    showDelay();
    setState(State::Idle, false, false);
}

void RunControlBar::setState(State state, bool canStart, bool canReplay)
{
    const bool running = state == State::Running || state == State::Paused;
    m_start->setEnabled(state == State::Idle && canStart);
    m_replay->setEnabled(state == State::Idle && canReplay);
    m_pause->setEnabled(running);
    m_step->setEnabled(state == State::Paused);
    m_stop->setEnabled(running);
    // The menu's Pause action and this button share one state: show it here
    // without sending it back.
    const QSignalBlocker blocker(m_pause);
    m_pause->setChecked(state == State::Paused);
    m_pause->setText(state == State::Paused ? tr("Res&ume") : tr("&Pause"));
}

int RunControlBar::epochDelay() const
{
    return m_slowMotion->value() * delayStepMs;
}

void RunControlBar::setEpochDelay(int milliseconds)
{
    m_slowMotion->setValue(milliseconds / delayStepMs);
}

void RunControlBar::showDelay()
{
    const int delay = epochDelay();
    m_delayLabel->setText(delay == 0
                              ? tr("slow motion: off")
                              : tr("slow motion: %1 s / epoch").arg(delay / 1000.0, 0, 'f', 2));
}

} // namespace trm::ui
