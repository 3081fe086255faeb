#include "reportdata.h"

#include "plural.h"
#include "predictions.h"
#include "preprocessing.h"
#include "split.h"

#include <QFileInfo>

namespace trm {

namespace {

std::vector<int> countClasses(const std::vector<int> &labels, int classCount)
{
    std::vector<int> counts(std::size_t(std::max(classCount, 0)), 0);
    for (int label : labels) {
        if (label >= 0 && label < classCount)
            ++counts[std::size_t(label)];
    }
    return counts;
}

/// The TRM as the first row of the comparison, scored like the references.
Reference trmEntry(const TrainedModel &model, const Eigen::MatrixXd &features,
                   const std::vector<int> &labels)
{
    Reference entry;
    entry.name = QStringLiteral("TRM");
    entry.description = QStringLiteral("the model under evaluation");
    entry.probabilities = model.probabilities(features);
    entry.evaluation = evaluate(labels, entry.probabilities);
    return entry;
}

void describeModel(ReportData &report, const TrainedModel &model)
{
    report.appVersion = QStringLiteral(TRM_VERSION);
    report.created = QDateTime::currentDateTime();
    report.featureNames = model.featureNames;
    report.targetName = model.targetName;
    report.classNames = model.classNames;
    report.config = model.model.config();
    report.training = model.training;
    report.provenance = model.provenance;
    report.parameterCount = report.config.parameterCount();
}

QString rowsText(std::size_t count)
{
    return counted(qint64(count), QStringLiteral("row"), QStringLiteral("rows"));
}

} // namespace

std::vector<StepAccuracy> recursionStepAccuracy(const TrainedModel &model,
                                                const Eigen::MatrixXd &features,
                                                const std::vector<int> &labels)
{
    std::vector<StepAccuracy> steps;
    if (features.rows() == 0 || Eigen::Index(labels.size()) != features.rows())
        return steps;
    const Trace trace = model.trace(features);
    steps.reserve(trace.steps.size());
    for (const TraceStep &step : trace.steps) {
        const std::vector<int> predicted = argMax(step.probabilities);
        int right = 0;
        for (std::size_t i = 0; i < labels.size(); ++i)
            right += predicted[i] == labels[i] ? 1 : 0;
        steps.push_back({step.supervisionStep, step.cycle, double(right) / labels.size()});
    }
    return steps;
}

Result<ReportData> reportForRun(const RunOutcome &outcome, const Dataset &dataset)
{
    const TrainedModel &model = outcome.trained;
    if (outcome.split.test.empty()) {
        return makeError(QStringLiteral("the run has no test rows, so there is nothing to "
                                        "report on (set a test share above 0)"));
    }
    ReportData report;
    describeModel(report, model);
    report.modelSource = QStringLiteral("trained in this session");
    report.dataName = QFileInfo(dataset.sourcePath).fileName();
    report.dataSha256 = dataset.sha256;
    report.dataRows = dataset.rowCount();
    report.classCounts = dataset.classCounts();
    report.history = outcome.history;
    if (report.history.empty())
        report.historyNote = QStringLiteral("No epoch finished, so there are no curves.");

    const std::vector<int> &test = outcome.split.test;
    const Eigen::MatrixXd testFeatures = selectRows(dataset.features, test);
    const std::vector<int> testLabels = selectLabels(dataset.labels, test);
    report.evaluatedOn = QStringLiteral("the %1 of %2 held out for testing (seed %3)")
                             .arg(rowsText(test.size()), report.dataName)
                             .arg(model.training.seed);
    report.comparison.push_back(trmEntry(model, testFeatures, testLabels));
    report.evaluation = report.comparison.front().evaluation;
    report.stepAccuracy = recursionStepAccuracy(model, testFeatures, testLabels);

    Result<std::vector<Reference>> references = fitReferences(
        dataset.features, dataset.labels, dataset.classCount(), outcome.split.train, test);
    if (!references)
        return references.error();
    for (Reference &reference : references.value())
        report.comparison.push_back(std::move(reference));
    report.comparisonNote =
        QStringLiteral("The references were fitted on the %1 the TRM was trained on (not "
                       "its validation rows) and every model is scored on the same %2.")
            .arg(rowsText(outcome.split.train.size()), rowsText(test.size()));
    return report;
}

Result<ReportData> reportForModel(const TrainedModel &model, const LabelledRows &rows,
                                  const QString &dataPath, const QString &modelName)
{
    if (rows.labels.empty() || Eigen::Index(rows.labels.size()) != rows.features.rows()) {
        return makeError(QStringLiteral("%1: no column '%2', which a report needs for the true "
                                        "classes")
                             .arg(dataPath, model.targetName));
    }
    Result<QString> checksum = fileSha256(dataPath);
    if (!checksum)
        return checksum.error();
    const int classCount = int(model.classNames.size());

    ReportData report;
    describeModel(report, model);
    report.modelSource = modelName;
    report.dataName = QFileInfo(dataPath).fileName();
    report.dataSha256 = checksum.value();
    report.dataRows = int(rows.labels.size());
    report.classCounts = countClasses(rows.labels, classCount);
    report.history = model.history;
    if (report.history.empty()) {
        report.historyNote =
            model.provenance.epochsRun == 0
                ? QStringLiteral("The model in %1 was saved before its first epoch finished, "
                                 "so there are no training curves.")
                      .arg(modelName)
                : QStringLiteral("%1 does not store the model's training history (model files "
                                 "before format version 3 have none), so there are no training "
                                 "curves.")
                      .arg(modelName);
    }

    report.evaluatedOn =
        QStringLiteral("all %1 of %2").arg(rowsText(rows.labels.size()), report.dataName);
    Result<Eigen::MatrixXd> probabilities = finiteProbabilities(model, rows, dataPath);
    if (!probabilities)
        return probabilities.error();
    report.evaluation = evaluate(rows.labels, probabilities.value());
    report.stepAccuracy = recursionStepAccuracy(model, rows.features, rows.labels);

    // References need rows to learn from that they are not scored on.
    const std::uint64_t seed = model.training.seed;
    Result<Split> split = stratifiedSplit(rows.labels, classCount, referenceTestShare, 0, seed);
    if (!split)
        return split.error();
    const std::vector<int> &test = split.value().test;
    report.comparison.push_back(
        trmEntry(model, selectRows(rows.features, test), selectLabels(rows.labels, test)));
    Result<std::vector<Reference>> references =
        fitReferences(rows.features, rows.labels, classCount, split.value().train, test);
    if (!references)
        return references.error();
    for (Reference &reference : references.value())
        report.comparison.push_back(std::move(reference));
    // The checksum tells for sure when the model was trained on this very file;
    // a copy with its columns reordered has other bytes, so then it can only warn.
    const bool sameFile =
        !model.provenance.dataSha256.isEmpty() && model.provenance.dataSha256 == report.dataSha256;
    report.comparisonNote =
        QStringLiteral("Only a model file and %1 were given, so the references were fitted on "
                       "a stratified split of %1 itself: %2 for fitting and %3 (%4%) for "
                       "scoring, seed %5. The TRM is scored on the same %3 here. %6")
            .arg(report.dataName, rowsText(split.value().train.size()), rowsText(test.size()))
            .arg(qRound(referenceTestShare * 100))
            .arg(seed)
            .arg(sameFile ? QStringLiteral("The model was trained on this very file (the same "
                                           "SHA-256), so its figures here include its own "
                                           "training rows and are optimistic.")
                          : QStringLiteral("If the model was trained on rows of this file, its "
                                           "figures are optimistic."));
    return report;
}

} // namespace trm
