#include "trainingworker.h"

#include "uilogging.h"

#include <QThread>

namespace trm::ui {

TrainingWorker::TrainingWorker(std::atomic<bool> &stopRequested)
    : m_stopRequested(stopRequested)
{}

void TrainingWorker::run(const Dataset &dataset, const RunSettings &settings)
{
    Result<TrainingRun> started = TrainingRun::start(dataset, settings);
    if (!started) {
        emit finished(nullptr, started.error().message);
        return;
    }
    TrainingRun &run = started.value();
    QString errorMessage;
    while (!run.finished() && !m_stopRequested.load()) {
        Result<EpochReport> report = run.runEpoch();
        if (!report) {
            // The trainer keeps the best weights when an epoch fails, so the
            // outcome below is still a usable model.
            errorMessage = report.error().message;
            break;
        }
        emit epochReported(report.value());
    }
    const bool cancelled = m_stopRequested.load() || !errorMessage.isEmpty();
    qCDebug(lcUi) << "run ended; cancelled:" << cancelled << "error:" << errorMessage;
    emit finished(std::make_shared<const RunOutcome>(run.finish(cancelled)), errorMessage);
}

TrainingController::TrainingController(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new TrainingWorker(m_stopRequested))
{
    qRegisterMetaType<trm::EpochReport>();
    qRegisterMetaType<trm::ui::RunOutcomePtr>();

    m_thread->setObjectName(QStringLiteral("trm-training"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &TrainingWorker::epochReported, this, &TrainingController::epochReported);
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

void TrainingController::start(const Dataset &dataset, const RunSettings &settings)
{
    if (m_running || !m_thread->isRunning())
        return;
    m_running = true;
    m_stopRequested.store(false);
    // The lambda's copies of the data and settings travel with the queued
    // call, so the worker never touches the window's objects.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, dataset, settings] { worker->run(dataset, settings); },
        Qt::QueuedConnection);
}

void TrainingController::requestStop()
{
    m_stopRequested.store(true);
}

void TrainingController::shutDown()
{
    if (!m_thread->isRunning())
        return;
    m_stopRequested.store(true);
    m_thread->quit();
    m_thread->wait();
    m_running = false;
}

} // namespace trm::ui
