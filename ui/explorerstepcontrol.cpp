#include "explorerstepcontrol.h"

#include "explorerstyle.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace trm::ui {

namespace {

QToolButton *makeButton(const QString &text, const QString &toolTip)
{
    auto *button = new QToolButton;
    button->setText(text);
    button->setToolTip(toolTip);
    button->setFont(explorer::scaledFont(button->font(), 1.3, true));
    button->setMinimumSize(44, 36);
    return button;
}

} // namespace

ExplorerStepControl::ExplorerStepControl(QWidget *parent)
    : QWidget(parent)
    , m_first(makeButton(QStringLiteral("|◀"), tr("First step: the prior guess")))
    , m_previous(makeButton(QStringLiteral("◀"), tr("Previous answer update")))
    , m_play(makeButton(tr("Play"), tr("Animate through the answer updates")))
    , m_next(makeButton(QStringLiteral("▶"), tr("Next answer update")))
    , m_last(makeButton(QStringLiteral("▶|"), tr("Last step: the final answer")))
    , m_slider(new QSlider(Qt::Horizontal))
    , m_label(new QLabel)
    , m_speed(new QComboBox)
    , m_timer(new QTimer(this))
{
    m_play->setMinimumWidth(80);
    m_slider->setMinimumWidth(140);
    m_slider->setPageStep(1);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setTickInterval(1);
    m_label->setFont(explorer::scaledFont(font(), 1.3, true));
    m_label->setMinimumWidth(150);
    m_speed->setToolTip(tr("How fast Play moves through the steps"));
    m_speed->addItem(tr("slow (1 step/s)"), 1000);
    m_speed->addItem(tr("normal (2 steps/s)"), 500);
    m_speed->addItem(tr("fast (5 steps/s)"), 200);
    m_speed->setCurrentIndex(1);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QToolButton *button : {m_first, m_previous, m_play, m_next, m_last})
        layout->addWidget(button);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_label);
    layout->addWidget(m_speed);

    connect(m_first, &QToolButton::clicked, this, &ExplorerStepControl::first);
    connect(m_previous, &QToolButton::clicked, this, &ExplorerStepControl::previous);
    connect(m_play, &QToolButton::clicked, this, &ExplorerStepControl::togglePlay);
    connect(m_next, &QToolButton::clicked, this, &ExplorerStepControl::next);
    connect(m_last, &QToolButton::clicked, this, &ExplorerStepControl::last);
    connect(m_slider, &QSlider::valueChanged, this, &ExplorerStepControl::setStep);
    connect(m_timer, &QTimer::timeout, this, &ExplorerStepControl::advance);
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_timer->setInterval(interval()); });
    m_timer->setInterval(interval());
    updateWidgets();
}

void ExplorerStepControl::setStepCount(int count)
{
    m_count = std::max(1, count);
    const int step = std::clamp(m_step, 0, m_count - 1);
    const bool moved = step != m_step;
    m_step = step;
    updateWidgets();
    if (moved)
        emit stepChanged(m_step);
}

bool ExplorerStepControl::isPlaying() const
{
    return m_timer->isActive();
}

int ExplorerStepControl::interval() const
{
    return m_speed->currentData().toInt();
}

void ExplorerStepControl::setStep(int step)
{
    step = std::clamp(step, 0, m_count - 1);
    if (step == m_step) {
        updateWidgets();
        return;
    }
    m_step = step;
    updateWidgets();
    emit stepChanged(m_step);
}

void ExplorerStepControl::play()
{
    if (isPlaying() || m_count < 2)
        return;
    if (m_step == m_count - 1)
        setStep(0);
    m_timer->start(interval());
    updateWidgets();
    emit playingChanged(true);
}

void ExplorerStepControl::pause()
{
    if (!isPlaying())
        return;
    m_timer->stop();
    updateWidgets();
    emit playingChanged(false);
}

void ExplorerStepControl::togglePlay()
{
    if (isPlaying())
        pause();
    else
        play();
}

void ExplorerStepControl::advance()
{
    setStep(m_step + 1);
    if (m_step >= m_count - 1)
        pause();
}

void ExplorerStepControl::updateWidgets()
{
    {
        const QSignalBlocker blocker(m_slider);
        m_slider->setRange(0, m_count - 1);
        m_slider->setValue(m_step);
    }
    m_label->setText(tr("step %1 of %2").arg(m_step).arg(m_count - 1));
    m_play->setText(isPlaying() ? tr("Pause") : tr("Play"));
    m_first->setEnabled(m_step > 0);
    m_previous->setEnabled(m_step > 0);
    m_next->setEnabled(m_step < m_count - 1);
    m_last->setEnabled(m_step < m_count - 1);
    m_play->setEnabled(m_count > 1);
}

} // namespace trm::ui
