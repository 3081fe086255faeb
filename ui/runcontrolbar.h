#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;

namespace trm::ui {

/// The buttons that drive a run: Start, Pause/Resume, Step, Stop, Replay, and
/// the slow-motion slider (a pause after each epoch, for a class to watch).
class RunControlBar : public QWidget
{
    Q_OBJECT

public:
    enum class State
    {
        Idle, ///< no run; Start needs data, Replay needs an earlier run
        Running,
        Paused,
        Stopping ///< a stop was asked for; the epoch in progress is finishing
    };

    explicit RunControlBar(QWidget *parent = nullptr);

    void setState(State state, bool canStart, bool canReplay);
    /// Milliseconds the worker waits after each epoch.
    int epochDelay() const;
    void setEpochDelay(int milliseconds);

    QPushButton *startButton() const { return m_start; }
    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *stepButton() const { return m_step; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *replayButton() const { return m_replay; }
    QSlider *slowMotionSlider() const { return m_slowMotion; }

signals:
    void startClicked();
    void pauseToggled(bool paused);
    void stepClicked();
    void stopClicked();
    void replayClicked();
    void epochDelayChanged(int milliseconds);

private:
    void showDelay();

    QPushButton *m_start;
    QPushButton *m_pause;
    QPushButton *m_step;
    QPushButton *m_stop;
    QPushButton *m_replay;
    QSlider *m_slowMotion;
    QLabel *m_delayLabel;
};

} // namespace trm::ui
