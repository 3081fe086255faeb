#pragma once

#include <QWidget>

class QComboBox;
class QGridLayout;
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
    QLabel *stepLabel() const { return m_label; }
    /// True when the controls stand on one line, false when they need two.
    bool isOneLine() const { return m_oneLine; }

    QSize minimumSizeHint() const override;

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

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void advance();
    void updateWidgets();
    void placeWidgets(bool oneLine);
    int buttonsWidth() const;
    int labelWidth() const;
    int oneLineWidth() const;
    int twoLineWidth() const;

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
    QGridLayout *m_layout = nullptr;
    bool m_oneLine = true;
};

} // namespace trm::ui
