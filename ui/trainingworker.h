#pragma once

#include "experiment.h"

#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QWaitCondition>

#include <memory>

class QThread;

namespace trm::ui {

/// A finished run, shared read-only between the worker and the window.
using RunOutcomePtr = std::shared_ptr<const RunOutcome>;

/// What the window asks of a run in progress: pause, one more epoch, slow
/// motion, stop. Shared by the window's thread and the training thread; every
/// change wakes the worker, so a paused or slowed run answers at once and no
/// thread ever sleeps in a loop.
class RunControl
{
public:
    /// Not paused, no pending step, no stop, no delay kept: ready for a new run.
    void reset();
    void requestStop();
    void setPaused(bool paused);
    /// While paused: lets exactly one more epoch run.
    void grantStep();
    /// Slow motion: the pause the worker makes after each epoch.
    void setEpochDelay(int milliseconds);

    bool stopRequested() const;
    bool paused() const;

    /// Worker side: returns true when the next epoch may run, false when the
    /// run must stop. Blocks while paused and no step is granted; calls
    /// `onBlocked` once just before it starts waiting.
    template<typename OnBlocked> bool waitForNextEpoch(OnBlocked &&onBlocked);
    /// Worker side: waits the slow-motion delay, cut short by a stop or a pause.
    void waitAfterEpoch();

    /// Worker side: marks a run as in progress, or as ended (waking waitUntilIdle()).
    void setActive(bool active);
    /// Window side: blocks until no run is in progress.
    void waitUntilIdle();

private:
    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    bool m_stop = false;
    bool m_paused = false;
    bool m_active = false;
    int m_grantedSteps = 0;
    int m_delayMs = 0;
};

template<typename OnBlocked> bool RunControl::waitForNextEpoch(OnBlocked &&onBlocked)
{
    QMutexLocker lock(&m_mutex);
    if (m_paused && m_grantedSteps == 0 && !m_stop) {
        lock.unlock();
        onBlocked();
        lock.relock();
    }
    while (m_paused && m_grantedSteps == 0 && !m_stop)
        m_changed.wait(&m_mutex);
    if (m_stop)
        return false;
    if (m_paused)
        --m_grantedSteps;
    return true;
}

/// Lives on the training thread and drives one TrainingRun epoch by epoch.
/// Talks to the window only through queued signals carrying plain values.
class TrainingWorker : public QObject
{
    Q_OBJECT

public:
    explicit TrainingWorker(RunControl &control);

    /// Runs to the end, to the epoch budget, or until a stop is requested
    /// (checked between epochs). Always ends with exactly one finished().
    void run(const Dataset &dataset, const RunSettings &settings);

signals:
    void epochReported(const trm::EpochReport &report);
    /// The run is paused after `epochsDone` epochs and waits for Resume or Step.
    void paused(int epochsDone);
    /// `outcome` holds the best model so far, or is null when the run could
    /// not start; `errorMessage` is empty unless something went wrong.
    void finished(const trm::ui::RunOutcomePtr &outcome, const QString &errorMessage);

private:
    RunControl &m_control;
};

/// The window's side of training: owns the thread and the worker, starts
/// runs, pauses, steps, slows and stops them, and stops them cleanly when destroyed.
class TrainingController : public QObject
{
    Q_OBJECT

public:
    explicit TrainingController(QObject *parent = nullptr);
    ~TrainingController() override;

    /// Starts a run on a copy of `dataset`; ignored while one is running.
    /// `startPaused` holds the run before its first epoch (for stepping from 0).
    void start(const Dataset &dataset, const RunSettings &settings, bool startPaused = false);
    /// Asks the running run to end after its current epoch, keeping the best model.
    void requestStop();
    void setPaused(bool paused);
    /// While paused: runs exactly one more epoch, then pauses again.
    void step();
    void setEpochDelay(int milliseconds);
    /// Stops the run and blocks until it has ended (at most the epoch in
    /// progress), then delivers its last signals, finished() included.
    void stopAndWait();
    /// Asks the run to stop and blocks until the thread has ended.
    void shutDown();
    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_control.paused(); }

signals:
    void epochReported(const trm::EpochReport &report);
    void paused(int epochsDone);
    void finished(const trm::ui::RunOutcomePtr &outcome, const QString &errorMessage);

private:
    RunControl m_control;
    QThread *m_thread;
    TrainingWorker *m_worker;
    bool m_running = false;
};

} // namespace trm::ui

Q_DECLARE_METATYPE(trm::EpochReport)
Q_DECLARE_METATYPE(trm::ui::RunOutcomePtr)
