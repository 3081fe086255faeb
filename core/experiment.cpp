#include "experiment.h"

#include "logging.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include <cmath>
#include <numeric>

namespace trm {

Eigen::MatrixXd TrainedModel::probabilities(const Eigen::MatrixXd &rawFeatures, Depth depth) const
{
    return model.probabilities(standardizer.apply(rawFeatures).cast<float>(), depth).cast<double>();
}

std::vector<int> TrainedModel::predict(const Eigen::MatrixXd &rawFeatures, Depth depth) const
{
    return model.predict(standardizer.apply(rawFeatures).cast<float>(), depth);
}

Trace TrainedModel::trace(const Eigen::MatrixXd &rawFeatures, Depth depth) const
{
    return model.trace(standardizer.apply(rawFeatures).cast<float>(), depth);
}

struct TrainingRun::State
{
    const Dataset *dataset = nullptr;
    RunSettings settings;
    Split split;
    Standardizer standardizer;
    std::unique_ptr<Trainer> trainer;
    QElapsedTimer clock;
    double setupSeconds = 0;
};

TrainingRun::TrainingRun()
    : m_state(std::make_unique<State>())
{}
TrainingRun::~TrainingRun() = default;
TrainingRun::TrainingRun(TrainingRun &&) noexcept = default;
TrainingRun &TrainingRun::operator=(TrainingRun &&) noexcept = default;

namespace {

/// Fills the data-dependent sizes and checks every setting before any work.
Result<RunSettings> completeSettings(const Dataset &dataset, RunSettings settings)
{
    settings.model.inputSize = dataset.featureCount();
    settings.model.classCount = dataset.classCount();
    if (auto valid = settings.model.validate(); !valid)
        return valid.error();
    if (auto valid = settings.training.validate(); !valid)
        return valid.error();
    if (!(settings.testShare >= 0 && settings.testShare < 1))
        return makeError(QStringLiteral("the test share must be at least 0 and below 1, not %1")
                             .arg(settings.testShare));
    if (!(settings.validationShare >= 0 && settings.validationShare < 1))
        return makeError(
            QStringLiteral("the validation share must be at least 0 and below 1, not %1")
                .arg(settings.validationShare));
    return settings;
}

} // namespace

Result<TrainingRun> TrainingRun::start(const Dataset &dataset, const RunSettings &settings)
{
    if (Result<RunSettings> complete = completeSettings(dataset, settings); !complete)
        return complete.error();
    Result<Split> split =
        stratifiedSplit(dataset.labels, dataset.classCount(), settings.testShare,
                        settings.validationShare, settings.training.seed, dataset.classNames);
    if (!split)
        return split.error();
    std::vector<int> trainAndValidation = split.value().train;
    trainAndValidation.insert(trainAndValidation.end(), split.value().validation.begin(),
                              split.value().validation.end());
    std::sort(trainAndValidation.begin(), trainAndValidation.end());
    Result<TrainingRun> run =
        startOnRows(dataset, settings, trainAndValidation, split.value().test);
    if (run)
        run.value().m_state->split = split.value(); // the same rows, as the caller split them
    return run;
}

Result<TrainingRun> TrainingRun::startOnRows(const Dataset &dataset, const RunSettings &requested,
                                             const std::vector<int> &trainRows,
                                             const std::vector<int> &testRows)
{
    QElapsedTimer clock;
    clock.start();
    Result<RunSettings> settings = completeSettings(dataset, requested);
    if (!settings)
        return settings.error();

    Result<Split> holdout =
        stratifiedHoldout(dataset.labels, dataset.classCount(), trainRows,
                          settings.value().validationShare, settings.value().training.seed,
                          dataset.classNames);
    if (!holdout)
        return holdout.error();

    TrainingRun run;
    State &s = *run.m_state;
    s.clock = clock;
    s.dataset = &dataset;
    s.settings = settings.value();
    s.split = holdout.value();
    s.split.test = testRows;
    s.standardizer = Standardizer::fit(dataset.features, s.split.train);

    const Eigen::MatrixXd standardised = s.standardizer.apply(dataset.features);
    s.trainer = std::make_unique<Trainer>(
        s.settings.model, s.settings.training, selectRows(standardised, s.split.train),
        selectLabels(dataset.labels, s.split.train), selectRows(standardised, s.split.validation),
        selectLabels(dataset.labels, s.split.validation));
    return run;
}

Result<EpochReport> TrainingRun::runEpoch()
{
    return m_state->trainer->runEpoch();
}
bool TrainingRun::finished() const
{
    return m_state->trainer->finished();
}
const Trainer &TrainingRun::trainer() const
{
    return *m_state->trainer;
}
const Split &TrainingRun::split() const
{
    return m_state->split;
}

RunOutcome TrainingRun::finish(bool cancelled) const
{
    const State &s = *m_state;
    const Dataset &dataset = *s.dataset;
    RunOutcome outcome;
    outcome.split = s.split;
    outcome.history = s.trainer->history();
    outcome.cancelled = cancelled;
    outcome.stoppedEarly = !cancelled && s.trainer->epoch() < s.settings.training.epochs;

    TrainedModel &trained = outcome.trained;
    trained.model = s.trainer->bestModel();
    trained.standardizer = s.standardizer;
    trained.featureNames = dataset.featureNames;
    trained.targetName = dataset.targetName;
    trained.classNames = dataset.classNames;
    // A data set built in code rather than imported has no recipe; it is then a
    // plain numeric table.
    trained.recipe = dataset.recipe.columns.empty()
                         ? ImportRecipe::plainNumeric(dataset.featureNames, dataset.targetName,
                                                      dataset.classNames)
                         : dataset.recipe;
    trained.training = s.settings.training;

    Provenance &p = trained.provenance;
    p.dataFile = QFileInfo(dataset.sourcePath).fileName();
    p.dataSha256 = dataset.sha256;
    p.seed = s.settings.training.seed;
    p.trainRows = int(s.split.train.size());
    p.validationRows = int(s.split.validation.size());
    p.testRows = int(s.split.test.size());
    p.epochsRun = s.trainer->epoch();
    p.bestEpoch = s.trainer->bestEpoch();
    trained.history = outcome.history;

    if (!s.split.test.empty()) {
        const std::vector<int> truth = selectLabels(dataset.labels, s.split.test);
        outcome.testPredictions = trained.predict(selectRows(dataset.features, s.split.test));
        outcome.test = evaluate(truth, outcome.testPredictions, dataset.classCount());
        p.testAccuracy = outcome.test.accuracy;
        p.testMacroF1 = outcome.test.macroF1;
    } else {
        outcome.test = evaluate({}, {}, dataset.classCount());
        p.testAccuracy = std::nan("");
        p.testMacroF1 = std::nan("");
    }
    outcome.seconds = double(s.clock.nsecsElapsed()) * 1e-9;
    return outcome;
}

Result<RunOutcome> trainOnDataset(const Dataset &dataset, const RunSettings &settings,
                                  const EpochCallback &onEpoch)
{
    Result<TrainingRun> run = TrainingRun::start(dataset, settings);
    if (!run)
        return run.error();
    return trainToEnd(run.value(), onEpoch);
}

Result<RunOutcome> trainToEnd(TrainingRun &run, const EpochCallback &onEpoch)
{
    while (!run.finished()) {
        Result<EpochReport> report = run.runEpoch();
        if (!report)
            return report.error();
        if (onEpoch && !onEpoch(report.value()))
            return run.finish(true);
    }
    return run.finish();
}

std::vector<SummaryFigure> summaryFigures(const std::optional<FoldSummary> &summary)
{
    const auto spread = [&summary](std::optional<MetricSpread> FoldSummary::*member) {
        return summary ? (*summary).*member : std::nullopt;
    };
    const auto always = [&summary](MetricSpread FoldSummary::*member) {
        return summary ? std::optional<MetricSpread>((*summary).*member) : std::nullopt;
    };
    return {
        {QStringLiteral("accuracy"), QStringLiteral("Accuracy"), always(&FoldSummary::accuracy)},
        {QStringLiteral("balanced_accuracy"), QStringLiteral("Balanced accuracy"),
         always(&FoldSummary::balancedAccuracy)},
        {QStringLiteral("macro_precision"), QStringLiteral("Macro precision"),
         always(&FoldSummary::macroPrecision)},
        {QStringLiteral("macro_recall"), QStringLiteral("Macro recall"),
         always(&FoldSummary::macroRecall)},
        {QStringLiteral("macro_f1"), QStringLiteral("Macro-F1"), always(&FoldSummary::macroF1)},
        {QStringLiteral("weighted_f1"), QStringLiteral("Weighted F1"),
         always(&FoldSummary::weightedF1)},
        {QStringLiteral("log_loss"), QStringLiteral("Log loss"), spread(&FoldSummary::logLoss)},
    };
}

Result<CrossValidation> crossValidate(const Dataset &dataset, const RunSettings &settings,
                                      int folds, int repeats, const FoldCallback &onProgress)
{
    const auto stopped = [&onProgress](const FoldProgress &progress) {
        return onProgress && !onProgress(progress);
    };
    const Error cancelled{QStringLiteral("cross-validation cancelled")};
    if (repeats < 1 || repeats > 1000)
        return makeError(QStringLiteral("repeats must be between 1 and 1000, not %1").arg(repeats));
    QElapsedTimer clock;
    clock.start();
    CrossValidation result;
    const int total = folds * repeats;
    for (int repeat = 0; repeat < repeats; ++repeat) {
        RunSettings repeatSettings = settings;
        repeatSettings.training.seed = settings.training.seed + std::uint64_t(repeat);
        Result<std::vector<std::vector<int>>> testSets = stratifiedFolds(
            dataset.labels, dataset.classCount(), folds, repeatSettings.training.seed,
            dataset.classNames);
        if (!testSets)
            return testSets.error();
        for (int fold = 0; fold < folds; ++fold) {
            const std::vector<int> &testRows = testSets.value()[std::size_t(fold)];
            std::vector<bool> isTest(std::size_t(dataset.rowCount()), false);
            for (int row : testRows)
                isTest[std::size_t(row)] = true;
            std::vector<int> trainRows;
            for (int row = 0; row < dataset.rowCount(); ++row)
                if (!isTest[std::size_t(row)])
                    trainRows.push_back(row);

            Result<TrainingRun> run =
                TrainingRun::startOnRows(dataset, repeatSettings, trainRows, testRows);
            if (!run)
                return run.error();
            const int done = repeat * folds + fold;
            while (!run.value().finished()) {
                Result<EpochReport> report = run.value().runEpoch();
                if (!report)
                    return report.error();
                if (stopped({done, total, report.value().epoch, settings.training.epochs}))
                    return cancelled;
            }
            const RunOutcome outcome = run.value().finish();
            // Scored from the probabilities, not the predicted classes alone, so
            // that each fold has its log loss as the window's cross-validation does.
            result.folds.push_back(
                evaluate(selectLabels(dataset.labels, testRows),
                         outcome.trained.probabilities(selectRows(dataset.features, testRows))));
            qCDebug(lcTrain) << "fold" << fold + 1 << "of repeat" << repeat + 1 << "accuracy"
                             << result.folds.back().accuracy;
            if (stopped({done + 1, total, 0, settings.training.epochs}))
                return cancelled;
        }
    }
    result.summary = summarizeFolds(result.folds);
    result.seconds = double(clock.nsecsElapsed()) * 1e-9;
    return result;
}

} // namespace trm
