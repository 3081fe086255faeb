#include "evaluationworker.h"

namespace trm::ui {

CrossValidationWorker::CrossValidationWorker(Dataset dataset, RunSettings settings, int folds,
                                             int repeats)
    : m_dataset(std::move(dataset))
    , m_settings(std::move(settings))
    , m_folds(folds)
    , m_repeats(repeats)
{}

void CrossValidationWorker::run()
{
    const Result<CrossValidation> result = crossValidate(
        m_dataset, m_settings, m_folds, m_repeats, [this](const FoldProgress &at) {
            emit progress(at.done, at.total, at.epoch, at.epochs);
            return !m_cancel.load();
        });
    if (m_cancel.load())
        emit cancelled();
    else if (!result)
        emit failed(result.error().message);
    else
        emit finished(result.value().summary);
}

} // namespace trm::ui
