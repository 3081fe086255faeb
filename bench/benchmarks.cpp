#include "benchmarks.h"
#include "importbench.h"

#include "commandline.h"
#include "dataset.h"
#include "experiment.h"
#include "random.h"
#include "trainer.h"
#include "trmmodel.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <Eigen/Core>

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <functional>
#include <limits>
#include <vector>

namespace trm {

namespace {

using MatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
using Clock = std::chrono::steady_clock;

// The fixed shape of the throughput measurements: a Breast-Cancer-sized input
// (30 features, 2 classes) with the default recursion, in batches of 256 rows.
constexpr int benchBatch = 256;
constexpr int benchFeatures = 30;
constexpr int benchClasses = 2;
constexpr std::uint64_t benchSeed = 20251003;

// Reference figures for the same architecture and shapes, measured with PyTorch on
// OpenBLAS on this kind of machine, single-threaded. Quoted for comparison only.
struct Reference
{
    int hiddenSize;
    double rowsPerSecond;
    double gflops;
};
constexpr Reference references[] = {{32, 9600, 33}, {128, 1400, 78}};
constexpr double referenceGemmPeakGflops = 140;

constexpr const char *bundledDatasets[] = {"iris.csv", "breast_cancer.csv", "diabetes.csv"};

struct BenchOptions
{
    bool json = false;
    double seconds = 3.0;
    QString datasetsDir = QStringLiteral(TRM_SOURCE_DATASETS);
    bool skipDatasets = false;
};

QString usage()
{
    return QStringLiteral(
        "Usage: trm bench [--seconds S] [--datasets DIR] [--skip-datasets] [--json]\n"
        "\n"
        "Measures the core on one thread and reports figures; it never fails on speed.\n"
        "  1. training and inference throughput at fixed shapes (B = 256, d = 30, K = 2,\n"
        "     L = 2, expansion 2, n = 6, T = 3, N_sup = 4) for hidden sizes 32 and 128;\n"
        "  2. the wall time of a default `trm train` on each bundled data set.\n"
        "\n"
        "Options:\n"
        "  --seconds S      minimum time of each throughput measurement (default 3)\n"
        "  --datasets DIR   folder holding iris.csv, breast_cancer.csv, diabetes.csv\n"
        "                   (default: the source tree's datasets/)\n"
        "  --skip-datasets  only measure throughput\n"
        "  --json           end the report with one JSON object on the last line\n"
        "  --import         measure loading a large CSV file instead (see\n"
        "                   'trm bench --import --help')\n"
        "  -h, --help       show this help\n");
}

// Parses the arguments after "bench"; an empty error message means success.
QString parseOptions(const QStringList &arguments, BenchOptions &options, bool &helpAsked)
{
    helpAsked = false;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            helpAsked = true;
        } else if (arg == QLatin1String("--json")) {
            options.json = true;
        } else if (arg == QLatin1String("--skip-datasets")) {
            options.skipDatasets = true;
        } else if (arg == QLatin1String("--seconds")) {
            if (i + 1 >= arguments.size())
                return QStringLiteral("--seconds needs a number of seconds");
            bool ok = false;
            const double seconds = arguments[++i].toDouble(&ok);
            if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 3600)
                return QStringLiteral("--seconds expects a number in (0, 3600], found '%1'")
                    .arg(arguments[i]);
            options.seconds = seconds;
        } else if (arg == QLatin1String("--datasets")) {
            if (i + 1 >= arguments.size())
                return QStringLiteral("--datasets needs a folder");
            options.datasetsDir = arguments[++i];
            if (!QFileInfo(options.datasetsDir).isDir())
                return QStringLiteral("--datasets: '%1' is not a folder").arg(options.datasetsDir);
        } else {
            return QStringLiteral("unknown option '%1' (try 'trm bench --help')").arg(arg);
        }
    }
    return {};
}

constexpr TrmConfig benchConfig(int hiddenSize)
{
    TrmConfig config;
    config.inputSize = benchFeatures;
    config.classCount = benchClasses;
    config.hiddenSize = hiddenSize;
    config.layers = 2;
    config.expansion = 2;
    config.latentSteps = 6;
    config.cycles = 3;
    config.supervisionSteps = 4;
    config.halting = false;
    return config;
}

// Work counted as docs/model.md "Counting work" states: 2 operations per
// multiply-add of the matrix products, element-wise work left out.
struct WorkCount
{
    long long net = 0;   // F_net  = 6 L B D E
    long long cycle = 0; // F_cyc  = (n + 1) F_net
    long long embed = 0; // F_emb  = 2 B d D
    long long heads = 0; // F_head = 2 B D (K + 1)
};

constexpr WorkCount countWork(const TrmConfig &config, long long batch)
{
    const long long D = config.hiddenSize;
    const long long E = (long long)config.expansion * D;
    WorkCount work;
    work.net = 6 * config.layers * batch * D * E;
    work.cycle = (config.latentSteps + 1) * work.net;
    work.embed = 2 * batch * config.inputSize * D;
    work.heads = 2 * batch * D * (config.classCount + 1);
    return work;
}

/// Operations of one training batch: N_sup supervision steps, each the forward of
/// all T cycles, the last cycle's backward at twice its forward, the heads' forward
/// and backward, and the embedding's forward and weight gradient (X needs none).
constexpr long long trainingFlopsPerBatch(const TrmConfig &config, long long batch)
{
    const WorkCount w = countWork(config, batch);
    return config.supervisionSteps * ((config.cycles + 2) * w.cycle + 2 * w.embed + 3 * w.heads);
}

/// Operations of one inference batch: the embedding once, N_sup T cycles, the
/// heads once at the end.
constexpr long long inferenceFlopsPerBatch(const TrmConfig &config, long long batch)
{
    const WorkCount w = countWork(config, batch);
    return w.embed + (long long)config.supervisionSteps * config.cycles * w.cycle + w.heads;
}

// The figures docs/model.md gives for the benchmark shapes.
constexpr long long expectedTrainingFlops32 = 885'325'824;
constexpr long long expectedTrainingFlops128 = 14'110'949'376;
static_assert(trainingFlopsPerBatch(benchConfig(32), benchBatch) == expectedTrainingFlops32);
static_assert(trainingFlopsPerBatch(benchConfig(128), benchBatch) == expectedTrainingFlops128);

// CPU time of the calling thread, or of the whole process, in seconds.
double cpuSeconds(clockid_t clock = CLOCK_THREAD_CPUTIME_ID)
{
    timespec now{};
    clock_gettime(clock, &now);
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

struct Timing
{
    long long repetitions = 0;
    double seconds = 0;    // wall time
    double cpuSeconds = 0; // this thread's CPU time over the same span
};

// Runs `work` once to warm caches and allocations, then repeatedly until at least
// `minimumSeconds` of wall time have passed.
Timing timeRepeatedly(const std::function<void()> &work, double minimumSeconds)
{
    work();
    Timing timing;
    const auto start = Clock::now();
    const double cpuStart = cpuSeconds();
    do {
        work();
        ++timing.repetitions;
        timing.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } while (timing.seconds < minimumSeconds);
    timing.cpuSeconds = cpuSeconds() - cpuStart;
    return timing;
}

struct Throughput
{
    int hiddenSize = 0;
    long long parameters = 0;
    long long flopsPerBatch = 0;
    Timing timing;

    // Rates per second of wall time; with `cpu`, per second of CPU time instead,
    // which discounts the time other processes held the core.
    double secondsPerBatch(bool cpu = false) const
    {
        return (cpu ? timing.cpuSeconds : timing.seconds) / double(timing.repetitions);
    }
    double rowsPerSecond(bool cpu = false) const { return benchBatch / secondsPerBatch(cpu); }
    double gflops(bool cpu = false) const
    {
        return double(flopsPerBatch) / secondsPerBatch(cpu) / 1e9;
    }
};

MatrixF randomFeatures(Random &random, int rows, int columns)
{
    MatrixF features(rows, columns);
    for (int j = 0; j < columns; ++j)
        for (int i = 0; i < rows; ++i)
            features(i, j) = float(random.normal());
    return features;
}

// The stored sum of results keeps the optimiser from discarding the measured work.
volatile float benchSink = 0;

Throughput measureTraining(int hiddenSize, double minimumSeconds)
{
    const TrmConfig config = benchConfig(hiddenSize);
    const TrmModel<float> model = TrmModel<float>::initialise(config, benchSeed);
    Random random(benchSeed + 1);
    const MatrixF features = randomFeatures(random, benchBatch, benchFeatures);
    std::vector<int> labels(benchBatch);
    for (int &label : labels)
        label = int(random.below(benchClasses));

    // One training batch: every supervision step starts from the states the previous
    // one left, the first from y_init and z_init. The optimiser step that training
    // takes after each supervision step is left out; it touches each weight a few
    // times, next to thousands of multiply-adds per weight in the step itself.
    const MatrixF yStart = model.weights().yInit.replicate(benchBatch, 1);
    const MatrixF zStart = model.weights().zInit.replicate(benchBatch, 1);
    MatrixF y, z;
    SupervisionStepper<float> stepper;
    TrmWeights<float> gradient = TrmWeights<float>::zeros(config);
    const auto batch = [&] {
        y = yStart;
        z = zStart;
        float loss = 0;
        for (int s = 0; s < config.supervisionSteps; ++s)
            loss += stepper.run(model, features, labels, y, z, 0, gradient);
        benchSink = benchSink + loss;
    };
    const Timing timing = timeRepeatedly(batch, minimumSeconds);

    Throughput result;
    result.hiddenSize = hiddenSize;
    result.parameters = config.parameterCount();
    result.flopsPerBatch = trainingFlopsPerBatch(config, benchBatch);
    result.timing = timing;
    return result;
}

Throughput measureInference(int hiddenSize, double minimumSeconds)
{
    const TrmConfig config = benchConfig(hiddenSize);
    const TrmModel<float> model = TrmModel<float>::initialise(config, benchSeed);
    Random random(benchSeed + 2);
    const MatrixF features = randomFeatures(random, benchBatch, benchFeatures);
    const auto batch = [&] { benchSink = benchSink + model.probabilities(features)(0, 0); };
    const Timing timing = timeRepeatedly(batch, minimumSeconds);

    Throughput result;
    result.hiddenSize = hiddenSize;
    result.parameters = config.parameterCount();
    result.flopsPerBatch = inferenceFlopsPerBatch(config, benchBatch);
    result.timing = timing;
    return result;
}

// A single-threaded float GEMM on a large square product, through Eigen (which hands
// it to OpenBLAS when the build enables that): the ceiling the model's small
// products can approach, to set beside the OpenBLAS peak quoted above.
constexpr int gemmSize = 512;
#ifdef EIGEN_USE_BLAS
constexpr const char *gemmBackend = "Eigen with OpenBLAS";
#else
constexpr const char *gemmBackend = "Eigen's own kernels";
#endif

Timing measureGemm(double minimumSeconds)
{
    Random random(benchSeed + 3);
    const MatrixF a = randomFeatures(random, gemmSize, gemmSize);
    const MatrixF b = randomFeatures(random, gemmSize, gemmSize);
    MatrixF c(gemmSize, gemmSize);
    const auto product = [&] {
        c.noalias() = a * b;
        benchSink = benchSink + c(0, 0);
    };
    return timeRepeatedly(product, minimumSeconds);
}

double gemmGflops(const Timing &gemm, bool cpu)
{
    const double flops = 2.0 * gemmSize * gemmSize * gemmSize * double(gemm.repetitions);
    return flops / (cpu ? gemm.cpuSeconds : gemm.seconds) / 1e9;
}

struct DatasetRun
{
    QString file;
    QString error; // empty on success
    int rows = 0;
    int features = 0;
    int classes = 0;
    double testAccuracy = std::numeric_limits<double>::quiet_NaN();
    double testMacroF1 = std::numeric_limits<double>::quiet_NaN();
    int epochs = 0;
    int bestEpoch = 0;
    bool stoppedEarly = false;
    double seconds = 0;    // loading and training, wall time
    double cpuSeconds = 0; // the same span in CPU time of the process
};

DatasetRun timeDefaultTraining(const QString &path)
{
    DatasetRun run;
    run.file = QFileInfo(path).fileName();
    const auto start = Clock::now();
    const double cpuStart = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
    Result<Dataset> dataset = loadDataset(path);
    if (!dataset) {
        run.error = dataset.error().message;
        return run;
    }
    run.rows = dataset.value().rowCount();
    run.features = dataset.value().featureCount();
    run.classes = dataset.value().classCount();

    // The defaults of `trm train`; the data's shape is filled in from the data set.
    Result<RunOutcome> outcome = trainOnDataset(dataset.value(), RunSettings{});
    run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    run.cpuSeconds = cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart;
    if (!outcome) {
        run.error = outcome.error().message;
        return run;
    }
    const RunOutcome &result = outcome.value();
    run.testAccuracy = result.test.accuracy;
    run.testMacroF1 = result.test.macroF1;
    run.epochs = int(result.history.size());
    run.bestEpoch = result.trained.provenance.bestEpoch;
    run.stoppedEarly = result.stoppedEarly;
    return run;
}

// Peak resident set size of this process so far, in MiB (Linux reports KiB).
double peakResidentMiB()
{
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return std::numeric_limits<double>::quiet_NaN();
    return double(usage.ru_maxrss) / 1024.0;
}

const Reference *referenceFor(int hiddenSize)
{
    for (const Reference &reference : references)
        if (reference.hiddenSize == hiddenSize)
            return &reference;
    return nullptr;
}

QString number(double value, int decimals)
{
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("n/a");
}

// Digits in groups of three, for operation counts a reader checks against the docs.
QString grouped(long long value)
{
    QString digits = QString::number(value);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return digits;
}

QJsonValue jsonNumber(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonObject rateJson(const Throughput &t, bool cpu, bool training)
{
    QJsonObject object{
        {QStringLiteral("seconds_per_batch"), t.secondsPerBatch(cpu)},
        {QStringLiteral("rows_per_second"), t.rowsPerSecond(cpu)},
        {QStringLiteral("gflops"), t.gflops(cpu)},
    };
    if (training) {
        object.insert(QStringLiteral("row_steps_per_second"),
                      t.rowsPerSecond(cpu) * benchConfig(t.hiddenSize).supervisionSteps);
        if (const Reference *reference = referenceFor(t.hiddenSize))
            object.insert(QStringLiteral("ratio_to_reference"),
                          t.rowsPerSecond(cpu) / reference->rowsPerSecond);
    }
    return object;
}

QJsonObject throughputJson(const Throughput &t, bool training)
{
    QJsonObject object{
        {QStringLiteral("hidden_size"), t.hiddenSize},
        {QStringLiteral("parameters"), double(t.parameters)},
        {QStringLiteral("flops_per_batch"), double(t.flopsPerBatch)},
        {QStringLiteral("batches"), double(t.timing.repetitions)},
        {QStringLiteral("seconds"), t.timing.seconds},
        {QStringLiteral("cpu_seconds"), t.timing.cpuSeconds},
        {QStringLiteral("wall"), rateJson(t, false, training)},
        {QStringLiteral("cpu"), rateJson(t, true, training)},
    };
    if (const Reference *reference = training ? referenceFor(t.hiddenSize) : nullptr) {
        object.insert(QStringLiteral("reference_rows_per_second"), reference->rowsPerSecond);
        object.insert(QStringLiteral("reference_gflops"), reference->gflops);
    }
    return object;
}

// One line of a throughput table, measured by wall or by CPU time.
QString throughputRow(const Throughput &t, bool cpu, bool training)
{
    QString line = QStringLiteral("  %1 %2 %3 %4 %5")
                       .arg(t.hiddenSize, 4)
                       .arg(cpu ? QStringLiteral("CPU") : QStringLiteral("wall"), -5)
                       .arg(number(t.secondsPerBatch(cpu) * 1e3, 2), 9)
                       .arg(number(t.rowsPerSecond(cpu), 0), 9)
                       .arg(number(t.gflops(cpu), 1), 8);
    if (training) {
        line += QStringLiteral(" %1").arg(
            number(t.rowsPerSecond(cpu) * benchConfig(t.hiddenSize).supervisionSteps, 0), 12);
        if (const Reference *reference = referenceFor(t.hiddenSize))
            line += QStringLiteral(" %1x").arg(
                number(t.rowsPerSecond(cpu) / reference->rowsPerSecond, 2), 11);
    }
    return line + QLatin1Char('\n');
}

QString throughputHeader(bool training)
{
    QString line = QStringLiteral("  %1 %2 %3 %4 %5")
                       .arg(QStringLiteral("D"), 4)
                       .arg(QStringLiteral("clock"), -5)
                       .arg(QStringLiteral("ms/batch"), 9)
                       .arg(QStringLiteral("rows/s"), 9)
                       .arg(QStringLiteral("GFLOP/s"), 8);
    if (training)
        line += QStringLiteral(" %1 %2")
                    .arg(QStringLiteral("row-steps/s"), 12)
                    .arg(QStringLiteral("vs reference"), 12);
    return line + QLatin1Char('\n');
}

} // namespace

int runBenchCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    // Loading a large file is measured on its own, so the peak memory is the import's.
    if (arguments.contains(QStringLiteral("--import")))
        return runImportBench(arguments, out, err);
    BenchOptions options;
    bool helpAsked = false;
    const QString problem = parseOptions(arguments, options, helpAsked);
    if (!problem.isEmpty()) {
        err << "trm: bench: " << problem << '\n';
        err.flush();
        return ExitBadInput;
    }
    if (helpAsked) {
        out << usage();
        out.flush();
        return ExitSuccess;
    }

    const int hiddenSizes[] = {32, 128};
    const TrmConfig shape = benchConfig(32);

    out << "TRM Studio bench: one thread, float32, at least " << number(options.seconds, 1)
        << " s per measurement\n"
        << "Shape: B = " << benchBatch << ", d = " << benchFeatures << ", K = " << benchClasses
        << ", L = " << shape.layers << ", expansion " << shape.expansion
        << ", n = " << shape.latentSteps << ", T = " << shape.cycles
        << ", N_sup = " << shape.supervisionSteps << "\n\n";

    out << "Trained parameters:\n";
    for (int hiddenSize : hiddenSizes)
        out << "  D = " << hiddenSize << ": " << grouped(benchConfig(hiddenSize).parameterCount())
            << '\n';
    out << "\nOperations per training batch (docs/model.md, \"Counting work\"):\n";
    for (int hiddenSize : hiddenSizes)
        out << "  D = " << hiddenSize << ": "
            << grouped(trainingFlopsPerBatch(benchConfig(hiddenSize), benchBatch)) << '\n';
    out << "  docs/model.md gives " << grouped(expectedTrainingFlops32) << " at D = 32 and "
        << grouped(expectedTrainingFlops128) << " at D = 128 (checked when compiling)\n\n";
    out.flush();

    // Part 1: throughput at fixed shapes.
    std::vector<Throughput> training;
    std::vector<Throughput> inference;
    for (int hiddenSize : hiddenSizes) {
        training.push_back(measureTraining(hiddenSize, options.seconds));
        inference.push_back(measureInference(hiddenSize, options.seconds));
    }
    const Timing gemm = measureGemm(options.seconds);

    out << "Training (a batch = N_sup supervision steps: forward and gradients, no "
           "optimiser step)\n"
        << throughputHeader(true);
    for (const Throughput &t : training)
        out << throughputRow(t, false, true) << throughputRow(t, true, true);
    out << "  rows/s: rows taken through a whole batch (all N_sup steps) per second;\n"
           "  row-steps/s: rows x supervision steps per second.\n"
           "  wall: per second of wall time; CPU: per second of this thread's CPU time,\n"
           "  which leaves out time other processes held the core.\n"
           "  Reference (PyTorch on OpenBLAS, one thread, same architecture and shapes):\n";
    for (const Reference &reference : references)
        out << "    D = " << reference.hiddenSize << ": ~"
            << grouped((long long)reference.rowsPerSecond) << " rows/s, ~" << reference.gflops
            << " GFLOP/s\n";
    out << '\n';

    out << "Inference (TrmModel::probabilities, full recursion, 256-row batches)\n"
        << throughputHeader(false);
    for (const Throughput &t : inference)
        out << throughputRow(t, false, false) << throughputRow(t, true, false);

    out << "\nFloat GEMM (" << gemmBackend << ") " << gemmSize << " x " << gemmSize << " x " << gemmSize
        << ", one thread: " << number(gemmGflops(gemm, false), 1) << " GFLOP/s wall, "
        << number(gemmGflops(gemm, true), 1)
        << " GFLOP/s CPU\n(OpenBLAS GEMM peak on one core of this kind of machine: ~"
        << referenceGemmPeakGflops << " GFLOP/s)\n\n";
    out.flush();

    // Part 2: a default training run on each bundled data set.
    std::vector<DatasetRun> runs;
    bool datasetFailed = false;
    if (!options.skipDatasets) {
        out << "Default `trm train` on the bundled data sets (" << options.datasetsDir << ")\n";
        out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7\n")
                   .arg(QStringLiteral("data set"), -18)
                   .arg(QStringLiteral("rows"), 5)
                   .arg(QStringLiteral("test acc"), 9)
                   .arg(QStringLiteral("macro-F1"), 9)
                   .arg(QStringLiteral("epochs"), 7)
                   .arg(QStringLiteral("seconds"), 8)
                   .arg(QStringLiteral("CPU s"), 7);
        out.flush();
        for (const char *file : bundledDatasets) {
            const DatasetRun run =
                timeDefaultTraining(QDir(options.datasetsDir).filePath(QLatin1String(file)));
            runs.push_back(run);
            if (!run.error.isEmpty()) {
                datasetFailed = true;
                out << QStringLiteral("  %1 failed: %2\n").arg(run.file, -18).arg(run.error);
            } else {
                out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7\n")
                           .arg(run.file, -18)
                           .arg(run.rows, 5)
                           .arg(number(run.testAccuracy, 4), 9)
                           .arg(number(run.testMacroF1, 4), 9)
                           .arg(run.epochs, 7)
                           .arg(number(run.seconds, 2), 8)
                           .arg(number(run.cpuSeconds, 2), 7);
            }
            out.flush();
        }
        out << '\n';
    }

    const double peakMiB = peakResidentMiB();
    out << "Peak resident memory: " << number(peakMiB, 1) << " MiB\n";

    if (options.json) {
        QJsonArray trainingJson;
        for (const Throughput &t : training)
            trainingJson.append(throughputJson(t, true));
        QJsonArray inferenceJson;
        for (const Throughput &t : inference)
            inferenceJson.append(throughputJson(t, false));
        QJsonArray datasetsJson;
        for (const DatasetRun &run : runs) {
            QJsonObject object{{QStringLiteral("file"), run.file}};
            if (!run.error.isEmpty()) {
                object.insert(QStringLiteral("error"), run.error);
            } else {
                object.insert(QStringLiteral("rows"), run.rows);
                object.insert(QStringLiteral("features"), run.features);
                object.insert(QStringLiteral("classes"), run.classes);
                object.insert(QStringLiteral("accuracy"), jsonNumber(run.testAccuracy));
                object.insert(QStringLiteral("macro_f1"), jsonNumber(run.testMacroF1));
                object.insert(QStringLiteral("epochs"), run.epochs);
                object.insert(QStringLiteral("best_epoch"), run.bestEpoch);
                object.insert(QStringLiteral("stopped_early"), run.stoppedEarly);
                object.insert(QStringLiteral("seconds"), run.seconds);
                object.insert(QStringLiteral("cpu_seconds"), run.cpuSeconds);
            }
            datasetsJson.append(object);
        }
        const QJsonObject report{
            {QStringLiteral("threads"), 1},
            {QStringLiteral("batch"), benchBatch},
            {QStringLiteral("seconds_per_measurement"), options.seconds},
            {QStringLiteral("training"), trainingJson},
            {QStringLiteral("inference"), inferenceJson},
            {QStringLiteral("eigen_gemm"),
             QJsonObject{
                 {QStringLiteral("size"), gemmSize},
                 {QStringLiteral("seconds"), gemm.seconds},
                 {QStringLiteral("cpu_seconds"), gemm.cpuSeconds},
                 {QStringLiteral("gflops_wall"), gemmGflops(gemm, false)},
                 {QStringLiteral("gflops_cpu"), gemmGflops(gemm, true)},
             }},
            {QStringLiteral("reference_gemm_peak_gflops"), referenceGemmPeakGflops},
            {QStringLiteral("datasets"), datasetsJson},
            {QStringLiteral("peak_rss_mib"), jsonNumber(peakMiB)},
        };
        out << QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Compact)) << '\n';
    }
    out.flush();
    return datasetFailed ? ExitFailure : ExitSuccess;
}

} // namespace trm
