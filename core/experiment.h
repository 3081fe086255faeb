#pragma once

#include "dataset.h"
#include "metrics.h"
#include "preprocessing.h"
#include "result.h"
#include "split.h"
#include "trainer.h"
#include "trmmodel.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace trm {

/// Where a trained model came from and how well it did.
struct Provenance
{
    QString dataFile;       ///< file name (no folder) of the training data
    QString dataSha256;
    std::uint64_t seed = 0;
    int trainRows = 0;
    int validationRows = 0;
    int testRows = 0;
    int epochsRun = 0;
    int bestEpoch = 0;
    double testAccuracy = 0;   ///< NaN when there was no test set
    double testMacroF1 = 0;    ///< NaN when there was no test set
};

/// A model ready to predict on raw rows: the network with its preprocessing.
struct TrainedModel
{
    TrmModel<float> model;   ///< prediction (EMA) weights
    Standardizer standardizer;
    QStringList featureNames;
    QString targetName;
    QStringList classNames;
    /// How raw files are read into rows for this model: columns by name, one-hot
    /// levels, missing markers (featureNames == recipe.featureNames()).
    ImportRecipe recipe;
    TrainingOptions training;
    Provenance provenance;
    /// The figures of every epoch trained, for the curves of a report. Empty when
    /// unknown: a model read from a file older than format version 3.
    std::vector<EpochReport> history;

    /// Raw rows (N x d, in featureNames order) to class probabilities (N x K).
    Eigen::MatrixXd probabilities(const Eigen::MatrixXd &rawFeatures, Depth depth = {}) const;
    std::vector<int> predict(const Eigen::MatrixXd &rawFeatures, Depth depth = {}) const;
    Trace trace(const Eigen::MatrixXd &rawFeatures, Depth depth = {}) const;
};

/// Everything a training run needs besides the data.
struct RunSettings
{
    TrmConfig model;          ///< inputSize and classCount are filled from the data
    TrainingOptions training;
    double testShare = 0.2;
    double validationShare = 0.2;  ///< of the rows left after the test share
};

struct RunOutcome
{
    TrainedModel trained;
    Split split;
    Evaluation test;                 ///< on split.test with the restored best weights
    std::vector<int> testPredictions;
    std::vector<EpochReport> history;
    double seconds = 0;
    bool stoppedEarly = false;       ///< patience ran out before the epoch budget
    bool cancelled = false;          ///< the caller stopped the run
};

/// A run in progress: the split and standardisation done, the trainer ready.
/// The GUI's worker drives it epoch by epoch; trainOnDataset() drives it to the end.
class TrainingRun
{
public:
    /// Splits the rows with settings.training.seed (test, then validation) and
    /// fits the standardisation on the training rows.
    static Result<TrainingRun> start(const Dataset &dataset, const RunSettings &settings);
    /// Trains on `trainRows` (with a validation holdout taken from them) and
    /// tests on `testRows`: one fold of cross-validation.
    static Result<TrainingRun> startOnRows(const Dataset &dataset, const RunSettings &settings,
                                           const std::vector<int> &trainRows,
                                           const std::vector<int> &testRows);

    Result<EpochReport> runEpoch();
    bool finished() const;
    const Trainer &trainer() const;
    const Split &split() const;
    /// Evaluates the best weights on the test rows and packages the model.
    RunOutcome finish(bool cancelled = false) const;

    TrainingRun(TrainingRun &&) noexcept;
    TrainingRun &operator=(TrainingRun &&) noexcept;
    ~TrainingRun();

private:
    TrainingRun();
    struct State;
    std::unique_ptr<State> m_state;
};

/// Called after every epoch; return false to stop the run (keeping the best weights).
using EpochCallback = std::function<bool(const EpochReport &)>;

Result<RunOutcome> trainOnDataset(const Dataset &dataset, const RunSettings &settings,
                                  const EpochCallback &onEpoch = {});

/// Trains a started run to its end (or until `onEpoch` returns false). Lets a
/// caller tell setup problems (from TrainingRun::start) from training failures.
Result<RunOutcome> trainToEnd(TrainingRun &run, const EpochCallback &onEpoch = {});

struct CrossValidation
{
    std::vector<Evaluation> folds;  ///< folds x repeats entries, each with its log loss
    FoldSummary summary;            ///< every metric's mean and spread over the folds
    double seconds = 0;
};

/// How far a cross-validation has come: models finished of `total`, and the
/// epoch reached by the model in training (0 once a model is finished).
struct FoldProgress
{
    int done = 0;
    int total = 0;
    int epoch = 0;
    int epochs = 0; ///< the epoch budget of each model
};

/// Called after every epoch and after every finished model; returning false
/// stops the cross-validation, which then gives an error that says so.
using FoldCallback = std::function<bool(const FoldProgress &)>;

/// One figure of a cross-validation summary: its JSON key ("macro_f1"), its name
/// ("Macro-F1"), and its mean and spread, none when some fold lacks it.
struct SummaryFigure
{
    QString key;
    QString name;
    std::optional<MetricSpread> spread;
};

/// Every figure of `summary`, in the order the window and `trm cv` show them;
/// without a summary, the keys and names alone.
std::vector<SummaryFigure> summaryFigures(const std::optional<FoldSummary> &summary);

/// The folds and repeats a cross-validation starts from, in the window and in
/// `trm cv` alike, so that both give the same figures on the same data.
inline constexpr int defaultFolds = 5;
inline constexpr int defaultRepeats = 3;

/// Stratified repeated k-fold; repeat r uses seed settings.training.seed + r for the
/// fold assignment and for training.
Result<CrossValidation> crossValidate(const Dataset &dataset, const RunSettings &settings,
                                      int folds, int repeats, const FoldCallback &onProgress = {});

} // namespace trm
