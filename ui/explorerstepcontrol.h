#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QTimer;
class QToolButton;

namespace trm::ui {

/// Moves through the answer updates of a trace: first, previous, next, last, a
/// slider, and Play/Pause, which steps forward on a timer at the chosen speed
/// and stops at the last step.
class ExplorerStepControl : public QWidget
{
    Q_OBJECT

public:
    explicit ExplorerStepControl(QWidget *parent = nullptr);

    /// Steps 0 .. count - 1; keeps the current step where it still exists.
    void setStepCount(int count);
    int stepCount() const { return m_count; }
    int step() const { return m_step; }
    bool isPlaying() const;
    /// Milliseconds between two steps while playing.
    int interval() const;

    QSlider *slider() const { return m_slider; }
    QToolButton *playButton() const { return m_play; }
    QComboBox *speedBox() const { return m_speed; }

public slots:
    void setStep(int step);
    void first() { setStep(0); }
    void previous() { setStep(m_step - 1); }
    void next() { setStep(m_step + 1); }
    void last() { setStep(m_count - 1); }
    /// Starts from step 0 when already at the end, so Play always shows motion.
    void play();
    void pause();
    void togglePlay();

signals:
    void stepChanged(int step);
    void playingChanged(bool playing);

private:
    void advance();
    void updateWidgets();

    int m_count = 1;
    int m_step = 0;
    QToolButton *m_first;
    QToolButton *m_previous;
    QToolButton *m_play;
    QToolButton *m_next;
    QToolButton *m_last;
    QSlider *m_slider;
    QLabel *m_label;
    QComboBox *m_speed;
    QTimer *m_timer;
};

} // namespace trm::ui
