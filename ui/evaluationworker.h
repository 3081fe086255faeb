#pragma once

#include "dataset.h"
#include "experiment.h"
#include "metrics.h"

#include <QObject>
#include <QString>

#include <atomic>

namespace trm::ui {

/// trm::crossValidate on a worker thread, reporting after every epoch and
/// checking the cancel flag there.
class CrossValidationWorker : public QObject
{
    Q_OBJECT

public:
    CrossValidationWorker(Dataset dataset, RunSettings settings, int folds, int repeats);

    /// Thread-safe: the run stops after the current epoch.
    void cancel() { m_cancel.store(true); }

public slots:
    void run();

signals:
    /// `done` folds finished of `total`; `epoch` of at most `epochs` in the current one.
    void progress(int done, int total, int epoch, int epochs);
    void finished(const trm::FoldSummary &summary);
    void cancelled();
    void failed(const QString &message);

private:
    Dataset m_dataset;
    RunSettings m_settings;
    int m_folds;
    int m_repeats;
    std::atomic<bool> m_cancel{false};
};

} // namespace trm::ui
