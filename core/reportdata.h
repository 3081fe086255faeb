#pragma once

#include "baselines.h"
#include "dataset.h"
#include "experiment.h"
#include "metrics.h"
#include "result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <vector>

namespace trm {

/// Accuracy of the answer read off after one update of the recursion.
struct StepAccuracy
{
    int supervisionStep = 0; ///< 0 for the prior guess from y_init
    int cycle = 0;
    double accuracy = 0;
};

/// Everything an evaluation report shows, gathered in the core so that the
/// command line and the window write the same report. Writers (HTML, PDF, CSV)
/// live in ui/report.h because they draw with QtGui.
struct ReportData
{
    QString appVersion;
    QDateTime created;   ///< local time
    QString modelSource; ///< model file name, or "trained in this session"

    QString dataName; ///< file name of the evaluated data
    QString dataSha256;
    int dataRows = 0;
    QStringList featureNames;
    QString targetName;
    QStringList classNames;
    std::vector<int> classCounts; ///< rows per class in the whole file

    TrmConfig config;
    TrainingOptions training;
    Provenance provenance; ///< where the model came from: its training file and rows
    long long parameterCount = 0;

    std::vector<EpochReport> history; ///< empty when the curves are not known
    QString historyNote;              ///< why there are no curves, when there are none

    QString evaluatedOn;   ///< which rows the evaluation covers, in words
    Evaluation evaluation; ///< of the TRM, with log loss
    std::vector<StepAccuracy> stepAccuracy;

    /// The TRM and the references scored on the same rows; the TRM comes first.
    std::vector<Reference> comparison;
    QString comparisonNote; ///< how the references were fitted and on which rows
};

/// Accuracy after every answer update of `model` on `features`, from one trace.
std::vector<StepAccuracy> recursionStepAccuracy(const TrainedModel &model,
                                                const Eigen::MatrixXd &features,
                                                const std::vector<int> &labels);

/// The report for a finished training run: the test rows of its split, its
/// curves, and references fitted on its training rows.
Result<ReportData> reportForRun(const RunOutcome &outcome, const Dataset &dataset);

/// Share of the rows held out, and the seed, when references must be fitted on
/// the evaluated file itself because only a model file is at hand.
inline constexpr double referenceTestShare = 0.3;

/// The report for a saved model on a labelled file: the model is scored on
/// every row; the references, which need training rows, are fitted on a
/// stratified split of the same file (seeded with the model's seed) and the
/// model is scored again on that split's test rows so that all three compare
/// on the same rows.
Result<ReportData> reportForModel(const TrainedModel &model, const LabelledRows &rows,
                                  const QString &dataPath, const QString &modelName);

} // namespace trm
