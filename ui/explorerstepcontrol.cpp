#include "explorerstepcontrol.h"

#include "explorerstyle.h"

#include <QComboBox>
#include <QGridLayout>
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
    m_speed->setToolTip(tr("How fast Play moves through the steps"));
    m_speed->addItem(tr("1 step/s"), 1000);
    m_speed->addItem(tr("2 steps/s"), 500);
    m_speed->addItem(tr("5 steps/s"), 200);
    m_speed->setCurrentIndex(1);
    m_speed->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_layout = new QGridLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    placeWidgets(true);

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

QSize ExplorerStepControl::minimumSizeHint() const
{
    // Never wider than the two-line arrangement needs: a narrow window gets
    // that instead of a row of clipped controls.
    QSize size = QWidget::minimumSizeHint();
    size.setWidth(std::min(size.width(), twoLineWidth()));
    return size;
}

void ExplorerStepControl::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const bool oneLine = width() >= oneLineWidth();
    if (oneLine != m_oneLine)
        placeWidgets(oneLine);
}

int ExplorerStepControl::buttonsWidth() const
{
    int width = 0;
    for (QToolButton *button : {m_first, m_previous, m_play, m_next, m_last})
        width += button->minimumSizeHint().expandedTo(button->minimumSize()).width();
    return width + 4 * m_layout->horizontalSpacing();
}

int ExplorerStepControl::oneLineWidth() const
{
    const int spacing = m_layout->horizontalSpacing();
    return buttonsWidth() + m_slider->minimumWidth() + labelWidth() + m_speed->sizeHint().width() +
           3 * spacing;
}

int ExplorerStepControl::twoLineWidth() const
{
    const int spacing = m_layout->horizontalSpacing();
    const int secondLine = m_slider->minimumWidth() + labelWidth() + spacing;
    return std::max(buttonsWidth() + m_speed->sizeHint().width() + spacing, secondLine);
}

int ExplorerStepControl::labelWidth() const
{
    // Wide enough for the longest text the label shows, so it never clips.
    const QString longest = tr("step %1 of %2").arg(m_count - 1).arg(m_count - 1);
    return m_label->fontMetrics().horizontalAdvance(longest) + 8;
}

void ExplorerStepControl::placeWidgets(bool oneLine)
{
    m_oneLine = oneLine;
    QWidget *all[] = {m_first, m_previous, m_play, m_next, m_last, m_slider, m_label, m_speed};
    for (QWidget *widget : all)
        m_layout->removeWidget(widget);
    for (int column = 0; column < 8; ++column)
        m_layout->setColumnStretch(column, 0);
    int column = 0;
    for (QToolButton *button : {m_first, m_previous, m_play, m_next, m_last})
        m_layout->addWidget(button, 0, column++);
    if (oneLine) {
        m_layout->addWidget(m_slider, 0, 5);
        m_layout->addWidget(m_label, 0, 6);
        m_layout->addWidget(m_speed, 0, 7);
        m_layout->setColumnStretch(5, 1);
    } else {
        // Buttons and speed above, the slider and where it stands below.
        m_layout->addWidget(m_speed, 0, 5, 1, 2, Qt::AlignRight);
        m_layout->addWidget(m_slider, 1, 0, 1, 6);
        m_layout->addWidget(m_label, 1, 6);
        m_layout->setColumnStretch(5, 1);
    }
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
    m_label->setMinimumWidth(labelWidth());
    m_play->setText(isPlaying() ? tr("Pause") : tr("Play"));
    m_first->setEnabled(m_step > 0);
    m_previous->setEnabled(m_step > 0);
    m_next->setEnabled(m_step < m_count - 1);
    m_last->setEnabled(m_step < m_count - 1);
    m_play->setEnabled(m_count > 1);
}

} // namespace trm::ui
