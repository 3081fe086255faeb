#pragma once

#include "experiment.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace trm::ui {

/// A finished run, shared read-only between the worker and the window.
using RunOutcomePtr = std::shared_ptr<const RunOutcome>;

/// Lives on the training thread and drives one TrainingRun epoch by epoch.
/// Talks to the window only through queued signals carrying plain values.
class TrainingWorker : public QObject
{
    Q_OBJECT

public:
    explicit TrainingWorker(std::atomic<bool> &stopRequested);

    /// Runs to the end, to the epoch budget, or until the stop flag is set
    /// (checked once per epoch). Always ends with exactly one finished().
    void run(const Dataset &dataset, const RunSettings &settings);

signals:
    void epochReported(const trm::EpochReport &report);
    /// `outcome` holds the best model so far, or is null when the run could
    /// not start; `errorMessage` is empty unless something went wrong.
    void finished(const trm::ui::RunOutcomePtr &outcome, const QString &errorMessage);

private:
    std::atomic<bool> &m_stopRequested;
};

/// The window's side of training: owns the thread and the worker, starts
/// runs, asks them to stop, and stops them cleanly when destroyed.
class TrainingController : public QObject
{
    Q_OBJECT

public:
    explicit TrainingController(QObject *parent = nullptr);
    ~TrainingController() override;

    /// Starts a run on a copy of `dataset`; ignored while one is running.
    void start(const Dataset &dataset, const RunSettings &settings);
    /// Asks the running run to end after its current epoch, keeping the best model.
    void requestStop();
    /// Asks the run to stop and blocks until the thread has ended.
    void shutDown();
    bool isRunning() const { return m_running; }

signals:
    void epochReported(const trm::EpochReport &report);
    void finished(const trm::ui::RunOutcomePtr &outcome, const QString &errorMessage);

private:
    std::atomic<bool> m_stopRequested{false};
    QThread *m_thread;
    TrainingWorker *m_worker;
    bool m_running = false;
};

} // namespace trm::ui

Q_DECLARE_METATYPE(trm::EpochReport)
Q_DECLARE_METATYPE(trm::ui::RunOutcomePtr)
