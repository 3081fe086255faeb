#include "trainingworker.h"

#include "uilogging.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEvent>
#include <QThread>

namespace trm::ui {

void RunControl::reset()
{
    QMutexLocker lock(&m_mutex);
    m_stop = false;
    m_paused = false;
    m_grantedSteps = 0;
    m_changed.wakeAll();
}

void RunControl::requestStop()
{
    QMutexLocker lock(&m_mutex);
    m_stop = true;
    m_changed.wakeAll();
}

void RunControl::setPaused(bool paused)
{
    QMutexLocker lock(&m_mutex);
    m_paused = paused;
    m_grantedSteps = 0;
    m_changed.wakeAll();
}

void RunControl::grantStep()
{
    QMutexLocker lock(&m_mutex);
    if (!m_paused)
        return;
    ++m_grantedSteps;
    m_changed.wakeAll();
}

void RunControl::setEpochDelay(int milliseconds)
{
    QMutexLocker lock(&m_mutex);
    m_delayMs = std::max(milliseconds, 0);
    m_changed.wakeAll();
}

bool RunControl::stopRequested() const
{
    QMutexLocker lock(&m_mutex);
    return m_stop;
}

bool RunControl::paused() const
{
    QMutexLocker lock(&m_mutex);
    return m_paused;
}

void RunControl::waitAfterEpoch()
{
    QMutexLocker lock(&m_mutex);
    // The deadline is measured from the end of the epoch: a delay shortened
    // while waiting takes effect at once, a pause or stop ends the wait.
    QElapsedTimer waited;
    waited.start();
    while (!m_stop && !m_paused && waited.elapsed() < m_delayMs)
        m_changed.wait(&m_mutex, QDeadlineTimer(m_delayMs - waited.elapsed()));
}

void RunControl::setActive(bool active)
{
    QMutexLocker lock(&m_mutex);
    m_active = active;
    m_changed.wakeAll();
}

void RunControl::waitUntilIdle()
{
    QMutexLocker lock(&m_mutex);
    while (m_active)
        m_changed.wait(&m_mutex);
}

TrainingWorker::TrainingWorker(RunControl &control)
    : m_control(control)
{}

void TrainingWorker::run(const Dataset &dataset, const RunSettings &settings)
{
    Result<TrainingRun> started = TrainingRun::start(dataset, settings);
    if (!started) {
        emit finished(nullptr, started.error().message);
        m_control.setActive(false);
        return;
    }
    TrainingRun &run = started.value();
    QString errorMessage;
    while (!run.finished() &&
           m_control.waitForNextEpoch([&] { emit paused(run.trainer().epoch()); })) {
        Result<EpochReport> report = run.runEpoch();
        if (!report) {
            // The trainer keeps the best weights when an epoch fails, so the
            // outcome below is still a usable model.
            errorMessage = report.error().message;
            break;
        }
        emit epochReported(report.value());
        if (!run.finished())
            m_control.waitAfterEpoch();
    }
    const bool cancelled = m_control.stopRequested() || !errorMessage.isEmpty();
    qCDebug(lcUi) << "run ended; cancelled:" << cancelled << "error:" << errorMessage;
    emit finished(std::make_shared<const RunOutcome>(run.finish(cancelled)), errorMessage);
    m_control.setActive(false);
}

TrainingController::TrainingController(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new TrainingWorker(m_control))
{
    qRegisterMetaType<trm::EpochReport>();
    qRegisterMetaType<trm::ui::RunOutcomePtr>();

    m_thread->setObjectName(QStringLiteral("trm-training"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &TrainingWorker::epochReported, this, &TrainingController::epochReported);
    connect(m_worker, &TrainingWorker::paused, this, &TrainingController::paused);
    connect(m_worker, &TrainingWorker::finished, this,
            [this](const RunOutcomePtr &outcome, const QString &errorMessage) {
                m_running = false;
                emit finished(outcome, errorMessage);
            });
    m_thread->start();
}

TrainingController::~TrainingController()
{
    shutDown();
}

void TrainingController::start(const Dataset &dataset, const RunSettings &settings,
                               bool startPaused)
{
    if (m_running || !m_thread->isRunning())
        return;
    m_running = true;
    m_control.reset();
    m_control.setPaused(startPaused);
    m_control.setActive(true);
    // The lambda's copies of the data and settings travel with the queued
    // call, so the worker never touches the window's objects.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, dataset, settings] { worker->run(dataset, settings); },
        Qt::QueuedConnection);
}

void TrainingController::requestStop()
{
    m_control.requestStop();
}

void TrainingController::setPaused(bool paused)
{
    m_control.setPaused(paused);
}

void TrainingController::step()
{
    m_control.grantStep();
}

void TrainingController::setEpochDelay(int milliseconds)
{
    m_control.setEpochDelay(milliseconds);
}

void TrainingController::stopAndWait()
{
    if (!m_running)
        return;
    m_control.requestStop();
    m_control.waitUntilIdle();
    // The worker's last signals are queued to this object; deliver them now
    // so the caller sees the run as ended, with its outcome, on return.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

void TrainingController::shutDown()
{
    if (!m_thread->isRunning())
        return;
    m_control.requestStop();
    m_thread->quit();
    m_thread->wait();
    m_running = false;
}

} // namespace trm::ui
