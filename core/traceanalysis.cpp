#include "traceanalysis.h"

#include <Eigen/Eigenvalues>

#include <algorithm>

namespace trm {

Trace traceWithStates(const TrainedModel &model, const Eigen::MatrixXd &rawFeatures, Depth depth)
{
    return model.model.trace(model.standardizer.apply(rawFeatures).cast<float>(), depth,
                             TraceDetail::AnswerStates);
}

Eigen::MatrixXi stepPredictions(const Trace &trace)
{
    const Eigen::Index steps = Eigen::Index(trace.steps.size());
    const Eigen::Index rows = steps > 0 ? trace.steps.front().probabilities.rows() : 0;
    Eigen::MatrixXi predictions(steps, rows);
    for (Eigen::Index step = 0; step < steps; ++step) {
        const Eigen::MatrixXd &p = trace.steps[std::size_t(step)].probabilities;
        for (Eigen::Index row = 0; row < rows; ++row) {
            Eigen::Index best = 0;
            p.row(row).maxCoeff(&best);
            predictions(step, row) = int(best);
        }
    }
    return predictions;
}

std::vector<double> accuracyPerStep(const Eigen::MatrixXi &predictions,
                                    const std::vector<int> &labels)
{
    std::vector<double> accuracy(std::size_t(predictions.rows()), 0.0);
    const Eigen::Index rows = std::min<Eigen::Index>(predictions.cols(), labels.size());
    if (rows == 0)
        return accuracy;
    for (Eigen::Index step = 0; step < predictions.rows(); ++step) {
        int right = 0;
        for (Eigen::Index row = 0; row < rows; ++row)
            right += predictions(step, row) == labels[std::size_t(row)] ? 1 : 0;
        accuracy[std::size_t(step)] = double(right) / double(rows);
    }
    return accuracy;
}

Evaluation evaluationAtStep(const Eigen::MatrixXi &predictions, const std::vector<int> &labels,
                            int step, int classCount)
{
    std::vector<int> predicted(std::size_t(predictions.cols()));
    for (Eigen::Index row = 0; row < predictions.cols(); ++row)
        predicted[std::size_t(row)] = predictions(step, row);
    return evaluate(labels, predicted, classCount);
}

StepChanges changesAtStep(const Eigen::MatrixXi &predictions, const std::vector<int> &labels,
                          int step)
{
    StepChanges changes;
    if (step <= 0 || step >= predictions.rows())
        return changes;
    const Eigen::Index rows = std::min<Eigen::Index>(predictions.cols(), labels.size());
    for (Eigen::Index row = 0; row < rows; ++row) {
        const int truth = labels[std::size_t(row)];
        const bool rightBefore = predictions(step - 1, row) == truth;
        const bool rightAfter = predictions(step, row) == truth;
        if (!rightBefore && rightAfter)
            changes.fixed.push_back(int(row));
        else if (rightBefore && !rightAfter)
            changes.broken.push_back(int(row));
    }
    return changes;
}

std::vector<int> flipsPerRow(const Eigen::MatrixXi &predictions)
{
    std::vector<int> flips(std::size_t(predictions.cols()), 0);
    for (Eigen::Index step = 1; step < predictions.rows(); ++step)
        for (Eigen::Index row = 0; row < predictions.cols(); ++row)
            flips[std::size_t(row)] += predictions(step, row) != predictions(step - 1, row);
    return flips;
}

std::vector<int> flipSteps(const Eigen::MatrixXi &predictions, int row)
{
    std::vector<int> steps;
    if (row < 0 || row >= predictions.cols())
        return steps;
    for (Eigen::Index step = 1; step < predictions.rows(); ++step) {
        if (predictions(step, row) != predictions(step - 1, row))
            steps.push_back(int(step));
    }
    return steps;
}

double probabilityMargin(const Eigen::RowVectorXd &probabilities)
{
    if (probabilities.size() < 2)
        return probabilities.size() == 1 ? probabilities(0) : 0.0;
    double first = -1, second = -1;
    for (Eigen::Index k = 0; k < probabilities.size(); ++k) {
        const double p = probabilities(k);
        if (p > first) {
            second = first;
            first = p;
        } else if (p > second) {
            second = p;
        }
    }
    return first - second;
}

Eigen::MatrixXd StateProjection::project(const Eigen::MatrixXd &states) const
{
    return (states.rowwise() - mean) * axes;
}

double StateProjection::explainedShare() const
{
    return totalVariance > 0 ? variance.sum() / totalVariance : 0.0;
}

Result<StateProjection> fitStateProjection(const Trace &trace)
{
    if (trace.steps.empty() || trace.steps.front().answerStates.size() == 0) {
        return makeError(QStringLiteral(
            "the trace has no answer states; record it with TraceDetail::AnswerStates"));
    }
    const Eigen::Index rows = trace.steps.front().answerStates.rows();
    const Eigen::Index width = trace.steps.front().answerStates.cols();
    if (width < 2)
        return makeError(QStringLiteral("a 2-D projection needs a hidden size of at least 2"));

    // Every state of every step, stacked: (steps * B) x D. The mean and the
    // covariance C = (S - mean)^T (S - mean) / N are taken over all of them.
    const Eigen::Index total = rows * Eigen::Index(trace.steps.size());
    Eigen::MatrixXd stacked(total, width);
    for (std::size_t step = 0; step < trace.steps.size(); ++step)
        stacked.middleRows(Eigen::Index(step) * rows, rows) = trace.steps[step].answerStates;

    StateProjection projection;
    projection.mean = stacked.colwise().mean();
    const Eigen::MatrixXd centred = stacked.rowwise() - projection.mean;
    const Eigen::MatrixXd covariance = centred.transpose() * centred / double(total);

    // C is symmetric, so its eigenvectors are orthonormal; the solver sorts the
    // eigenvalues in increasing order, so the last two columns are the
    // directions of largest variance.
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    if (solver.info() != Eigen::Success)
        return makeError(QStringLiteral("the principal components did not converge"));
    projection.axes.resize(width, 2);
    for (int axis = 0; axis < 2; ++axis) {
        Eigen::VectorXd direction = solver.eigenvectors().col(width - 1 - axis);
        // An eigenvector's sign is arbitrary; fix it so that its largest
        // component is positive and the picture does not mirror between runs.
        Eigen::Index largest = 0;
        direction.cwiseAbs().maxCoeff(&largest);
        if (direction(largest) < 0)
            direction = -direction;
        projection.axes.col(axis) = direction;
        projection.variance(axis) = std::max(0.0, solver.eigenvalues()(width - 1 - axis));
    }
    projection.totalVariance = std::max(0.0, solver.eigenvalues().sum());
    return projection;
}

std::vector<DepthPoint> accuracyByDepth(const TrainedModel &model,
                                        const Eigen::MatrixXd &rawFeatures,
                                        const std::vector<int> &labels, int maxCycles)
{
    std::vector<DepthPoint> points;
    if (rawFeatures.rows() == 0 || labels.size() != std::size_t(rawFeatures.rows()))
        return points;
    const int supervisionSteps = model.model.config().supervisionSteps;
    for (int cycles = 1; cycles <= maxCycles; ++cycles) {
        Depth depth;
        depth.cycles = cycles;
        const std::vector<int> predicted = model.predict(rawFeatures, depth);
        int right = 0;
        for (std::size_t row = 0; row < labels.size(); ++row)
            right += predicted[row] == labels[row] ? 1 : 0;
        points.push_back(
            {cycles, cycles * supervisionSteps, double(right) / double(labels.size())});
    }
    return points;
}

std::optional<SetAnalysis> analyseSet(const TrainedModel &model,
                                      const Eigen::MatrixXd &rawFeatures,
                                      const std::vector<int> &labels, int maxProjected,
                                      const std::function<bool()> &cancelled)
{
    const auto stop = [&cancelled] { return cancelled && cancelled(); };
    SetAnalysis analysis;
    const Eigen::Index rows = rawFeatures.rows();
    analysis.trace = model.trace(rawFeatures);
    analysis.predictions = stepPredictions(analysis.trace);
    analysis.accuracy = accuracyPerStep(analysis.predictions, labels);
    if (stop())
        return std::nullopt;
    analysis.depth = accuracyByDepth(model, rawFeatures, labels, 2 * model.model.config().cycles);
    if (stop())
        return std::nullopt;

    // Evenly spaced rows, first and order kept, so the sample is the same on
    // every run and spans the whole file.
    const Eigen::Index sampled = std::min<Eigen::Index>(rows, std::max(maxProjected, 1));
    Eigen::MatrixXd sample(sampled, rawFeatures.cols());
    for (Eigen::Index i = 0; i < sampled; ++i) {
        const Eigen::Index row = i * rows / sampled;
        analysis.projectedRows.push_back(int(row));
        sample.row(i) = rawFeatures.row(row);
    }
    const Trace states = traceWithStates(model, sample);
    Result<StateProjection> projection = fitStateProjection(states);
    if (!projection) {
        analysis.projectionProblem = projection.error().message;
        return analysis;
    }
    for (const TraceStep &step : states.steps)
        analysis.positions.push_back(projection.value().project(step.answerStates));
    analysis.projection = std::move(projection).value();
    return analysis;
}

} // namespace trm
