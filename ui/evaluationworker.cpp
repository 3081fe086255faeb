#include "evaluationworker.h"

#include "preprocessing.h"
#include "split.h"

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
    std::vector<Evaluation> evaluations;
    const int total = m_folds * m_repeats;
    for (int repeat = 0; repeat < m_repeats; ++repeat) {
        RunSettings settings = m_settings;
        settings.training.seed = m_settings.training.seed + std::uint64_t(repeat);
        Result<std::vector<std::vector<int>>> testSets = stratifiedFolds(
            m_dataset.labels, m_dataset.classCount(), m_folds, settings.training.seed);
        if (!testSets) {
            emit failed(testSets.error().message);
            return;
        }
        for (int fold = 0; fold < m_folds; ++fold) {
            const std::vector<int> &testRows = testSets.value()[std::size_t(fold)];
            std::vector<bool> isTest(std::size_t(m_dataset.rowCount()), false);
            for (int row : testRows)
                isTest[std::size_t(row)] = true;
            std::vector<int> trainRows;
            for (int row = 0; row < m_dataset.rowCount(); ++row) {
                if (!isTest[std::size_t(row)])
                    trainRows.push_back(row);
            }
            Result<TrainingRun> run =
                TrainingRun::startOnRows(m_dataset, settings, trainRows, testRows);
            if (!run) {
                emit failed(run.error().message);
                return;
            }
            const int done = repeat * m_folds + fold;
            while (!run.value().finished()) {
                if (m_cancel.load()) {
                    emit cancelled();
                    return;
                }
                Result<EpochReport> report = run.value().runEpoch();
                if (!report) {
                    emit failed(report.error().message);
                    return;
                }
                emit progress(done, total, report.value().epoch, settings.training.epochs);
            }
            const RunOutcome outcome = run.value().finish();
            const Eigen::MatrixXd probabilities =
                outcome.trained.probabilities(selectRows(m_dataset.features, testRows));
            evaluations.push_back(
                evaluate(selectLabels(m_dataset.labels, testRows), probabilities));
            emit progress(done + 1, total, 0, settings.training.epochs);
        }
    }
    emit finished(summarizeFolds(evaluations));
}

} // namespace trm::ui
