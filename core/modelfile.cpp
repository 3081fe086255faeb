#include "modelfile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QSaveFile>
#include <QSet>

#include <climits>
#include <cmath>
#include <limits>
#include <optional>

namespace trm {

namespace {

using FloatMatrix = TrmWeights<float>::Matrix;

/// Files larger than this are refused before they are read: a model at the weight
/// cap below takes about 1 GB of indented JSON, but QJsonDocument needs several
/// times the file size in memory, so the cap stays well under what a desktop has.
constexpr qint64 maxModelFileBytes = 512LL * 1024 * 1024;

/// The longest training history a file may hold: TrainingOptions' own limit on
/// epochs. It keeps a hostile file from making the reader build a huge list.
constexpr int maxHistoryEpochs = 1000000;

/// The largest model a file may describe. The per-field limits of TrmConfig
/// still allow products (hidden size x input size) in the hundreds of millions,
/// so the total is checked too, before any matrix is allocated.
constexpr double maxWeightCount = 50e6;

// ---------------------------------------------------------------------------
// Writing

/// {"shape": [rows, cols], "values": [row-major]}. Each float is widened to
/// double, which is exact; Qt writes the shortest decimal that reads back as the
/// same double, and narrowing that double gives back the same float.
template<typename Derived> QJsonObject matrixJson(const Eigen::MatrixBase<Derived> &matrix)
{
    QJsonArray values;
    for (Eigen::Index row = 0; row < matrix.rows(); ++row) {
        for (Eigen::Index col = 0; col < matrix.cols(); ++col)
            values.append(double(matrix(row, col)));
    }
    return QJsonObject{
        {QStringLiteral("shape"), QJsonArray{qint64(matrix.rows()), qint64(matrix.cols())}},
        {QStringLiteral("values"), values},
    };
}

QJsonArray vectorJson(const Eigen::VectorXd &vector)
{
    QJsonArray values;
    for (Eigen::Index i = 0; i < vector.size(); ++i)
        values.append(vector(i));
    return values;
}

/// JSON has no NaN; a metric that was not measured is written as null.
QJsonValue metricJson(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

/// A double holds integers exactly only up to 2^53, so 64-bit seeds are strings.
QJsonValue seedJson(std::uint64_t seed)
{
    return QString::number(seed);
}

QJsonObject configJson(const TrmConfig &config)
{
    return QJsonObject{
        {QStringLiteral("input_size"), config.inputSize},
        {QStringLiteral("class_count"), config.classCount},
        {QStringLiteral("hidden_size"), config.hiddenSize},
        {QStringLiteral("layers"), config.layers},
        {QStringLiteral("expansion"), config.expansion},
        {QStringLiteral("latent_steps"), config.latentSteps},
        {QStringLiteral("cycles"), config.cycles},
        {QStringLiteral("supervision_steps"), config.supervisionSteps},
        {QStringLiteral("halting"), config.halting},
    };
}

QJsonObject trainingJson(const TrainingOptions &training)
{
    return QJsonObject{
        {QStringLiteral("epochs"), training.epochs},
        {QStringLiteral("batch_size"), training.batchSize},
        {QStringLiteral("learning_rate"), training.learningRate},
        {QStringLiteral("weight_decay"), training.weightDecay},
        {QStringLiteral("beta1"), training.beta1},
        {QStringLiteral("beta2"), training.beta2},
        {QStringLiteral("warmup_steps"), training.warmupSteps},
        {QStringLiteral("ema"), training.ema},
        {QStringLiteral("ema_decay"), training.emaDecay},
        {QStringLiteral("patience"), training.patience},
        {QStringLiteral("halting_exploration"), training.haltingExploration},
        {QStringLiteral("seed"), seedJson(training.seed)},
    };
}

QJsonObject provenanceJson(const Provenance &provenance)
{
    return QJsonObject{
        {QStringLiteral("data_file"), provenance.dataFile},
        {QStringLiteral("data_sha256"), provenance.dataSha256},
        {QStringLiteral("seed"), seedJson(provenance.seed)},
        {QStringLiteral("train_rows"), provenance.trainRows},
        {QStringLiteral("validation_rows"), provenance.validationRows},
        {QStringLiteral("test_rows"), provenance.testRows},
        {QStringLiteral("epochs_run"), provenance.epochsRun},
        {QStringLiteral("best_epoch"), provenance.bestEpoch},
        {QStringLiteral("test_accuracy"), metricJson(provenance.testAccuracy)},
        {QStringLiteral("test_macro_f1"), metricJson(provenance.testMacroF1)},
    };
}

QJsonArray historyJson(const std::vector<EpochReport> &history)
{
    QJsonArray epochs;
    for (const EpochReport &report : history)
        epochs.append(epochJson(report));
    return epochs;
}

QJsonObject weightsJson(const TrmConfig &config, const TrmWeights<float> &weights)
{
    const int inner = config.innerSize();
    QJsonArray blocks;
    for (const TrmWeights<float>::Block &block : weights.blocks) {
        // gateUp is stored side by side for one matrix product; the file keeps
        // the two projections apart so that other tools can read them by name.
        blocks.append(QJsonObject{
            {QStringLiteral("gate"), matrixJson(block.gateUp.leftCols(inner))},
            {QStringLiteral("up"), matrixJson(block.gateUp.rightCols(inner))},
            {QStringLiteral("down"), matrixJson(block.down)},
        });
    }
    return QJsonObject{
        {QStringLiteral("input.weight"), matrixJson(weights.inputWeight)},
        {QStringLiteral("input.bias"), matrixJson(weights.inputBias)},
        {QStringLiteral("blocks"), blocks},
        {QStringLiteral("output.weight"), matrixJson(weights.outputWeight)},
        {QStringLiteral("output.bias"), matrixJson(weights.outputBias)},
        {QStringLiteral("halt.weight"), matrixJson(weights.haltWeight)},
        {QStringLiteral("halt.bias"), matrixJson(weights.haltBias)},
        {QStringLiteral("y_init"), matrixJson(weights.yInit)},
        {QStringLiteral("z_init"), matrixJson(weights.zInit)},
    };
}

// ---------------------------------------------------------------------------
// Reading

QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("the number %1").arg(value.toDouble());
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString indexed(const QString &path, qsizetype index)
{
    return path + QStringLiteral("[%1]").arg(index);
}

/// Reads fields from a parsed document and keeps the first problem it meets,
/// phrased as "origin: json.path: what was expected, what was found". Readers
/// return a harmless default after a failure, so a caller may read a group of
/// fields and test failed() once, as long as it tests before it allocates
/// anything sized by what it read.
class JsonReader
{
public:
    explicit JsonReader(QString origin)
        : m_origin(std::move(origin))
    {}

    bool failed() const { return m_error.has_value(); }
    Error error() const { return *m_error; }

    void fail(const QString &path, const QString &problem)
    {
        if (failed())
            return;
        m_error = makeError(path.isEmpty() ? m_origin + QStringLiteral(": ") + problem
                                           : m_origin + QStringLiteral(": ") + path +
                                                 QStringLiteral(": ") + problem);
    }

    QJsonValue field(const QJsonObject &parent, const QString &parentPath, const QString &key)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            fail(join(parentPath, key), QStringLiteral("missing"));
        return value;
    }

    QJsonObject object(const QJsonObject &parent, const QString &parentPath, const QString &key)
    {
        return asObject(field(parent, parentPath, key), join(parentPath, key));
    }

    QJsonObject asObject(const QJsonValue &value, const QString &path)
    {
        if (!failed() && !value.isObject())
            fail(path, QStringLiteral("expected an object, found %1").arg(describe(value)));
        return value.toObject();
    }

    QJsonArray array(const QJsonObject &parent, const QString &parentPath, const QString &key)
    {
        const QJsonValue value = field(parent, parentPath, key);
        if (!failed() && !value.isArray()) {
            fail(join(parentPath, key),
                 QStringLiteral("expected an array, found %1").arg(describe(value)));
        }
        return value.toArray();
    }

    QString string(const QJsonObject &parent, const QString &parentPath, const QString &key)
    {
        return asString(field(parent, parentPath, key), join(parentPath, key));
    }

    QString asString(const QJsonValue &value, const QString &path)
    {
        if (!failed() && !value.isString())
            fail(path, QStringLiteral("expected a string, found %1").arg(describe(value)));
        return value.toString();
    }

    bool boolean(const QJsonObject &parent, const QString &parentPath, const QString &key)
    {
        const QJsonValue value = field(parent, parentPath, key);
        if (!failed() && !value.isBool()) {
            fail(join(parentPath, key),
                 QStringLiteral("expected true or false, found %1").arg(describe(value)));
        }
        return value.toBool();
    }

    double number(const QJsonObject &parent, const QString &parentPath, const QString &key)
    {
        return asNumber(field(parent, parentPath, key), join(parentPath, key));
    }

    double asNumber(const QJsonValue &value, const QString &path)
    {
        if (failed())
            return 0;
        if (!value.isDouble()) {
            fail(path, QStringLiteral("expected a number, found %1").arg(describe(value)));
            return 0;
        }
        // Qt 6.4's parser refuses literals beyond the double range (1e999);
        // the check keeps infinity out whatever a later parser does with them.
        const double result = value.toDouble();
        if (!std::isfinite(result)) {
            fail(path, QStringLiteral("expected a finite number, found %1").arg(result));
            return 0;
        }
        return result;
    }

    /// null stands for a metric that was not measured.
    double numberOrNull(const QJsonObject &parent, const QString &parentPath, const QString &key)
    {
        const QJsonValue value = field(parent, parentPath, key);
        if (value.isNull())
            return std::numeric_limits<double>::quiet_NaN();
        return asNumber(value, join(parentPath, key));
    }

    int integer(const QJsonObject &parent, const QString &parentPath, const QString &key,
                int minimum, int maximum)
    {
        return asInteger(field(parent, parentPath, key), join(parentPath, key), minimum, maximum);
    }

    int asInteger(const QJsonValue &value, const QString &path, int minimum, int maximum)
    {
        const double number = asNumber(value, path);
        if (failed())
            return 0;
        if (number != std::floor(number)) {
            fail(path, QStringLiteral("expected a whole number, found %1").arg(number));
            return 0;
        }
        if (number < minimum || number > maximum) {
            fail(path, QStringLiteral("expected a whole number from %1 to %2, found %3")
                           .arg(minimum)
                           .arg(maximum)
                           .arg(number));
            return 0;
        }
        return int(number);
    }

    std::uint64_t seed(const QJsonObject &parent, const QString &parentPath, const QString &key)
    {
        const QString path = join(parentPath, key);
        const QString text = string(parent, parentPath, key);
        if (failed())
            return 0;
        bool ok = false;
        const std::uint64_t result = text.toULongLong(&ok);
        if (!ok || text.isEmpty() || !text.front().isDigit()) {
            fail(path, QStringLiteral("expected an unsigned 64-bit integer written as a "
                                      "decimal string, found '%1'")
                           .arg(text));
            return 0;
        }
        return result;
    }

    /// A list of names that must be non-empty and distinct.
    QStringList names(const QJsonObject &parent, const QString &parentPath, const QString &key,
                      qsizetype expectedCount, const QString &countSource)
    {
        const QString path = join(parentPath, key);
        const QJsonArray items = array(parent, parentPath, key);
        if (failed())
            return {};
        if (items.size() != expectedCount) {
            fail(path, QStringLiteral("expected %1 names (%2), found %3")
                           .arg(expectedCount)
                           .arg(countSource)
                           .arg(items.size()));
            return {};
        }
        QStringList result;
        QSet<QString> seen;
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString name = asString(items.at(i), indexed(path, i));
            if (failed())
                return {};
            if (name.isEmpty()) {
                fail(indexed(path, i), QStringLiteral("the name is empty"));
                return {};
            }
            if (seen.contains(name)) {
                fail(indexed(path, i), QStringLiteral("the name '%1' appears twice").arg(name));
                return {};
            }
            seen.insert(name);
            result.append(name);
        }
        return result;
    }

    Eigen::VectorXd vector(const QJsonObject &parent, const QString &parentPath, const QString &key,
                           qsizetype expectedLength, const QString &lengthSource)
    {
        const QString path = join(parentPath, key);
        const QJsonArray items = array(parent, parentPath, key);
        if (failed())
            return {};
        if (items.size() != expectedLength) {
            fail(path, QStringLiteral("expected %1 numbers (%2), found %3")
                           .arg(expectedLength)
                           .arg(lengthSource)
                           .arg(items.size()));
            return {};
        }
        Eigen::VectorXd result(expectedLength);
        for (qsizetype i = 0; i < items.size(); ++i) {
            result(i) = asNumber(items.at(i), indexed(path, i));
            if (failed())
                return {};
        }
        return result;
    }

    /// Reads {"shape": [rows, cols], "values": [...]}; the shape must be the one
    /// the hyperparameters imply, so nothing is allocated from the file's word.
    FloatMatrix matrix(const QJsonObject &parent, const QString &parentPath, const QString &key,
                       int rows, int cols)
    {
        const QString path = join(parentPath, key);
        const QJsonObject object = this->object(parent, parentPath, key);
        const QJsonArray shape = array(object, path, QStringLiteral("shape"));
        const QJsonArray values = array(object, path, QStringLiteral("values"));
        if (failed())
            return {};
        const QString shapePath = join(path, QStringLiteral("shape"));
        if (shape.size() != 2) {
            fail(shapePath,
                 QStringLiteral("expected [rows, columns], found %1 entries").arg(shape.size()));
            return {};
        }
        const int foundRows = asInteger(shape.at(0), indexed(shapePath, 0), 0, INT_MAX);
        const int foundCols = asInteger(shape.at(1), indexed(shapePath, 1), 0, INT_MAX);
        if (failed())
            return {};
        if (foundRows != rows || foundCols != cols) {
            fail(path, QStringLiteral("expected shape %1 x %2, found %3 x %4")
                           .arg(rows)
                           .arg(cols)
                           .arg(foundRows)
                           .arg(foundCols));
            return {};
        }
        const qsizetype expected = qsizetype(rows) * cols;
        const QString valuesPath = join(path, QStringLiteral("values"));
        if (values.size() != expected) {
            fail(valuesPath, QStringLiteral("expected %1 values (%2 x %3, row by row), found %4")
                                 .arg(expected)
                                 .arg(rows)
                                 .arg(cols)
                                 .arg(values.size()));
            return {};
        }
        FloatMatrix result(rows, cols);
        qsizetype index = 0;
        for (int row = 0; row < rows; ++row) {
            for (int col = 0; col < cols; ++col, ++index) {
                const double value = asNumber(values.at(index), indexed(valuesPath, index));
                if (failed())
                    return {};
                // A finite double beyond the float range would become infinite.
                if (!std::isfinite(float(value))) {
                    fail(indexed(valuesPath, index),
                         QStringLiteral("%1 is too large for a 32-bit float").arg(value));
                    return {};
                }
                result(row, col) = float(value);
            }
        }
        return result;
    }

private:
    QString m_origin;
    std::optional<Error> m_error;
};

/// Trained weights plus the fixed y_init and z_init, in double so that the
/// largest legal hyperparameters cannot overflow the count.
double weightCount(const TrmConfig &config)
{
    const double d = config.inputSize;
    const double hidden = config.hiddenSize;
    const double inner = double(config.expansion) * hidden;
    const double classes = config.classCount;
    return d * hidden + hidden + config.layers * 3.0 * hidden * inner + hidden * classes + classes +
           hidden + 1 + 2 * hidden;
}

TrmConfig readConfig(JsonReader &reader, const QJsonObject &root)
{
    const QString path = QStringLiteral("model");
    const QJsonObject model = reader.object(root, {}, path);
    TrmConfig config;
    config.inputSize =
        reader.integer(model, path, QStringLiteral("input_size"), 1, TrmConfig::maxInputSize);
    config.classCount =
        reader.integer(model, path, QStringLiteral("class_count"), 1, TrmConfig::maxClassCount);
    config.hiddenSize =
        reader.integer(model, path, QStringLiteral("hidden_size"), 1, TrmConfig::maxHiddenSize);
    config.layers = reader.integer(model, path, QStringLiteral("layers"), 1, TrmConfig::maxLayers);
    config.expansion =
        reader.integer(model, path, QStringLiteral("expansion"), 1, TrmConfig::maxExpansion);
    // The step counts size nothing in the file; TrmConfig::validate() has the
    // final word on their lower bounds.
    config.latentSteps =
        reader.integer(model, path, QStringLiteral("latent_steps"), 0, TrmConfig::maxSteps);
    config.cycles = reader.integer(model, path, QStringLiteral("cycles"), 0, TrmConfig::maxSteps);
    config.supervisionSteps =
        reader.integer(model, path, QStringLiteral("supervision_steps"), 0, TrmConfig::maxSteps);
    config.halting = reader.boolean(model, path, QStringLiteral("halting"));
    return config;
}

TrainingOptions readTraining(JsonReader &reader, const QJsonObject &root)
{
    const QString path = QStringLiteral("training");
    const QJsonObject training = reader.object(root, {}, path);
    // These figures describe how the model was made and size nothing, so any
    // finite value is accepted: a later change to TrainingOptions' limits must
    // not make existing model files unreadable.
    TrainingOptions options;
    options.epochs = reader.integer(training, path, QStringLiteral("epochs"), 0, INT_MAX);
    options.batchSize = reader.integer(training, path, QStringLiteral("batch_size"), 0, INT_MAX);
    options.learningRate = reader.number(training, path, QStringLiteral("learning_rate"));
    options.weightDecay = reader.number(training, path, QStringLiteral("weight_decay"));
    options.beta1 = reader.number(training, path, QStringLiteral("beta1"));
    options.beta2 = reader.number(training, path, QStringLiteral("beta2"));
    options.warmupSteps =
        reader.integer(training, path, QStringLiteral("warmup_steps"), 0, INT_MAX);
    options.ema = reader.boolean(training, path, QStringLiteral("ema"));
    options.emaDecay = reader.number(training, path, QStringLiteral("ema_decay"));
    options.patience = reader.integer(training, path, QStringLiteral("patience"), 0, INT_MAX);
    options.haltingExploration =
        reader.number(training, path, QStringLiteral("halting_exploration"));
    options.seed = reader.seed(training, path, QStringLiteral("seed"));
    return options;
}

Provenance readProvenance(JsonReader &reader, const QJsonObject &root)
{
    const QString path = QStringLiteral("provenance");
    const QJsonObject object = reader.object(root, {}, path);
    Provenance provenance;
    provenance.dataFile = reader.string(object, path, QStringLiteral("data_file"));
    provenance.dataSha256 = reader.string(object, path, QStringLiteral("data_sha256"));
    provenance.seed = reader.seed(object, path, QStringLiteral("seed"));
    provenance.trainRows = reader.integer(object, path, QStringLiteral("train_rows"), 0, INT_MAX);
    provenance.validationRows =
        reader.integer(object, path, QStringLiteral("validation_rows"), 0, INT_MAX);
    provenance.testRows = reader.integer(object, path, QStringLiteral("test_rows"), 0, INT_MAX);
    provenance.epochsRun = reader.integer(object, path, QStringLiteral("epochs_run"), 0, INT_MAX);
    provenance.bestEpoch = reader.integer(object, path, QStringLiteral("best_epoch"), 0, INT_MAX);
    provenance.testAccuracy = reader.numberOrNull(object, path, QStringLiteral("test_accuracy"));
    provenance.testMacroF1 = reader.numberOrNull(object, path, QStringLiteral("test_macro_f1"));
    return provenance;
}

/// A figure of one epoch: null (not measured) or a finite number in [low, high].
double readFigure(JsonReader &reader, const QJsonObject &object, const QString &path,
                  const QString &key, double low, double high)
{
    const double value = reader.numberOrNull(object, path, key);
    if (!reader.failed() && !std::isnan(value) && (value < low || value > high)) {
        reader.fail(join(path, key), high == std::numeric_limits<double>::max()
                                         ? QStringLiteral("expected a number from %1 or null, "
                                                          "found %2")
                                               .arg(low)
                                               .arg(value)
                                         : QStringLiteral("expected a number from %1 to %2 or "
                                                          "null, found %3")
                                               .arg(low)
                                               .arg(high)
                                               .arg(value));
    }
    return value;
}

/// Version 3's training history. It is either empty (not recorded) or one entry
/// per epoch run, numbered 1, 2, 3, ... and consistent with the provenance: the
/// last epoch marked improved is the best epoch, whose weights were kept.
std::vector<EpochReport> readHistory(JsonReader &reader, const QJsonObject &root,
                                     const Provenance &provenance)
{
    const QString path = QStringLiteral("history");
    const QJsonArray epochs = reader.array(root, {}, path);
    std::vector<EpochReport> history;
    if (reader.failed())
        return history;
    // Sizes first, before anything is reserved.
    if (epochs.size() > maxHistoryEpochs) {
        reader.fail(path, QStringLiteral("%1 epochs is more than the %2 a model file may hold")
                              .arg(epochs.size())
                              .arg(maxHistoryEpochs));
        return history;
    }
    if (!epochs.isEmpty() && epochs.size() != provenance.epochsRun) {
        reader.fail(path, QStringLiteral("expected no entries or one per epoch run (%1, "
                                         "provenance.epochs_run), found %2")
                              .arg(provenance.epochsRun)
                              .arg(epochs.size()));
        return history;
    }
    const double unbounded = std::numeric_limits<double>::max();
    history.reserve(std::size_t(epochs.size()));
    int lastImproved = 0;
    for (qsizetype i = 0; i < epochs.size(); ++i) {
        const QString at = indexed(path, i);
        const QJsonObject object = reader.asObject(epochs.at(i), at);
        EpochReport report;
        report.epoch = reader.integer(object, at, QStringLiteral("epoch"), 0, INT_MAX);
        if (!reader.failed() && report.epoch != i + 1) {
            reader.fail(join(at, QStringLiteral("epoch")),
                        QStringLiteral("expected %1 (epochs are numbered from 1 in order, "
                                       "without gaps), found %2")
                            .arg(i + 1)
                            .arg(report.epoch));
        }
        report.trainLoss =
            readFigure(reader, object, at, QStringLiteral("train_loss"), 0, unbounded);
        report.trainAccuracy =
            readFigure(reader, object, at, QStringLiteral("train_accuracy"), 0, 1);
        report.validationLoss =
            readFigure(reader, object, at, QStringLiteral("validation_loss"), 0, unbounded);
        report.validationAccuracy =
            readFigure(reader, object, at, QStringLiteral("validation_accuracy"), 0, 1);
        report.learningRate = reader.number(object, at, QStringLiteral("learning_rate"));
        if (!reader.failed() && report.learningRate < 0) {
            reader.fail(
                join(at, QStringLiteral("learning_rate")),
                QStringLiteral("expected a number from 0, found %1").arg(report.learningRate));
        }
        report.improved = reader.boolean(object, at, QStringLiteral("improved"));
        if (reader.failed())
            return {};
        if (report.improved)
            lastImproved = report.epoch;
        history.push_back(report);
    }
    if (!history.empty() && lastImproved != provenance.bestEpoch) {
        reader.fail(path, QStringLiteral("the last epoch marked improved is %1, but "
                                         "provenance.best_epoch is %2")
                              .arg(lastImproved)
                              .arg(provenance.bestEpoch));
        return {};
    }
    return history;
}

TrmWeights<float> readWeights(JsonReader &reader, const QJsonObject &root, const TrmConfig &config)
{
    const QString path = QStringLiteral("weights");
    const QJsonObject object = reader.object(root, {}, path);
    const int d = config.inputSize;
    const int hidden = config.hiddenSize;
    const int inner = config.innerSize();
    const int classes = config.classCount;

    TrmWeights<float> weights;
    weights.inputWeight = reader.matrix(object, path, QStringLiteral("input.weight"), d, hidden);
    weights.inputBias = reader.matrix(object, path, QStringLiteral("input.bias"), 1, hidden);

    const QString blocksPath = join(path, QStringLiteral("blocks"));
    const QJsonArray blocks = reader.array(object, path, QStringLiteral("blocks"));
    if (!reader.failed() && blocks.size() != config.layers) {
        reader.fail(blocksPath, QStringLiteral("expected %1 blocks (model.layers), found %2")
                                    .arg(config.layers)
                                    .arg(blocks.size()));
    }
    for (qsizetype i = 0; i < blocks.size() && !reader.failed(); ++i) {
        const QString blockPath = indexed(blocksPath, i);
        const QJsonObject block = reader.asObject(blocks.at(i), blockPath);
        const FloatMatrix gate =
            reader.matrix(block, blockPath, QStringLiteral("gate"), hidden, inner);
        const FloatMatrix up = reader.matrix(block, blockPath, QStringLiteral("up"), hidden, inner);
        TrmWeights<float>::Block weightsBlock;
        weightsBlock.down = reader.matrix(block, blockPath, QStringLiteral("down"), inner, hidden);
        if (reader.failed())
            break;
        weightsBlock.gateUp.resize(hidden, 2 * inner);
        weightsBlock.gateUp << gate, up;
        weights.blocks.push_back(std::move(weightsBlock));
    }

    weights.outputWeight =
        reader.matrix(object, path, QStringLiteral("output.weight"), hidden, classes);
    weights.outputBias = reader.matrix(object, path, QStringLiteral("output.bias"), 1, classes);
    weights.haltWeight = reader.matrix(object, path, QStringLiteral("halt.weight"), hidden, 1);
    weights.haltBias = reader.matrix(object, path, QStringLiteral("halt.bias"), 1, 1);
    weights.yInit = reader.matrix(object, path, QStringLiteral("y_init"), 1, hidden);
    weights.zInit = reader.matrix(object, path, QStringLiteral("z_init"), 1, hidden);
    return weights;
}

/// "line 3, column 14 (byte 52)" for a byte offset into the document.
QString position(const QByteArray &json, int offset)
{
    const QByteArray before = json.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return QStringLiteral("line %1, column %2 (byte %3)").arg(line).arg(column).arg(offset);
}

QString sizeInMegabytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 0) + QStringLiteral(" MB");
}

} // namespace

namespace {

QJsonObject importJson(const ImportRecipe &recipe)
{
    QJsonArray columns;
    for (const ColumnRecipe &column : recipe.columns) {
        QJsonObject entry{
            {QStringLiteral("name"), column.name},
            {QStringLiteral("role"), roleName(column.role)},
            {QStringLiteral("type"), typeName(column.type)},
        };
        if (column.role == ColumnRole::Feature && column.type == ColumnType::Categorical)
            entry.insert(QStringLiteral("categories"),
                         QJsonArray::fromStringList(column.categories));
        columns.append(entry);
    }
    return QJsonObject{
        {QStringLiteral("encoding"), recipe.encoding},
        {QStringLiteral("delimiter"), QString(QLatin1Char(recipe.delimiter))},
        {QStringLiteral("decimal_mark"), QString(QLatin1Char(recipe.decimalMark))},
        {QStringLiteral("header"), recipe.hasHeader},
        {QStringLiteral("missing_markers"), QJsonArray::fromStringList(recipe.missingMarkers)},
        {QStringLiteral("columns"), columns},
    };
}

/// One printable ASCII character, as delimiters and decimal marks are stored.
char readMark(JsonReader &reader, const QJsonObject &object, const QString &path,
              const QString &key, const QString &allowed)
{
    const QString text = reader.string(object, path, key);
    if (reader.failed())
        return ',';
    if (text.size() != 1 || !allowed.contains(text)) {
        reader.fail(join(path, key),
                    QStringLiteral("expected one of '%1', found '%2'").arg(allowed, text));
        return ',';
    }
    return char(text.front().unicode());
}

ImportRecipe readImport(JsonReader &reader, const QJsonObject &root, const TrainedModel &model)
{
    const QString path = QStringLiteral("import");
    const QJsonObject object = reader.object(root, {}, path);
    ImportRecipe recipe;
    recipe.encoding = reader.string(object, path, QStringLiteral("encoding"));
    recipe.delimiter =
        readMark(reader, object, path, QStringLiteral("delimiter"), QStringLiteral(",;\t|"));
    recipe.decimalMark =
        readMark(reader, object, path, QStringLiteral("decimal_mark"), QStringLiteral(".,"));
    recipe.hasHeader = reader.boolean(object, path, QStringLiteral("header"));
    const QJsonArray markers = reader.array(object, path, QStringLiteral("missing_markers"));
    recipe.missingMarkers.clear();
    for (qsizetype i = 0; !reader.failed() && i < markers.size(); ++i)
        recipe.missingMarkers.append(reader.asString(
            markers.at(i), indexed(join(path, QStringLiteral("missing_markers")), i)));
    const QString columnsPath = join(path, QStringLiteral("columns"));
    const QJsonArray columns = reader.array(object, path, QStringLiteral("columns"));
    for (qsizetype i = 0; !reader.failed() && i < columns.size(); ++i) {
        const QString at = indexed(columnsPath, i);
        const QJsonObject entry = reader.asObject(columns.at(i), at);
        ColumnRecipe column;
        column.name = reader.string(entry, at, QStringLiteral("name"));
        const QString role = reader.string(entry, at, QStringLiteral("role"));
        const QString type = reader.string(entry, at, QStringLiteral("type"));
        if (reader.failed())
            break;
        if (!roleFromName(role, column.role))
            reader.fail(join(at, QStringLiteral("role")),
                        QStringLiteral("expected feature, target or ignore, found '%1'").arg(role));
        if (!typeFromName(type, column.type))
            reader.fail(join(at, QStringLiteral("type")),
                        QStringLiteral("expected numeric, categorical or identifier, found '%1'")
                            .arg(type));
        if (!reader.failed() && column.role == ColumnRole::Feature &&
            column.type == ColumnType::Categorical) {
            const QJsonArray levels = reader.array(entry, at, QStringLiteral("categories"));
            for (qsizetype l = 0; !reader.failed() && l < levels.size(); ++l)
                column.categories.append(reader.asString(
                    levels.at(l), indexed(join(at, QStringLiteral("categories")), l)));
        }
        recipe.columns.push_back(column);
    }
    if (reader.failed())
        return recipe;
    recipe.targetName = model.targetName;
    recipe.classNames = model.classNames;
    // The recipe must produce exactly the model's inputs, in order.
    if (recipe.featureNames() != model.featureNames)
        reader.fail(columnsPath, QStringLiteral("the feature columns and categories give the "
                                                "inputs %1, but the model's features are %2")
                                     .arg(recipe.featureNames().join(QStringLiteral(", ")),
                                          model.featureNames.join(QStringLiteral(", "))));
    const ColumnRecipe *target = recipe.column(model.targetName);
    if (!reader.failed() && (!target || target->role != ColumnRole::Target))
        reader.fail(columnsPath,
                    QStringLiteral("no column '%1' with the role target").arg(model.targetName));
    return recipe;
}

} // namespace

QByteArray serializeModel(const TrainedModel &model)
{
    const ImportRecipe recipe =
        model.recipe.columns.empty()
            ? ImportRecipe::plainNumeric(model.featureNames, model.targetName, model.classNames)
            : model.recipe;
    const Eigen::VectorXd median =
        model.standardizer.median.size() == model.standardizer.mean.size()
            ? model.standardizer.median
            : model.standardizer.mean;
    const TrmConfig &config = model.model.config();
    const QJsonObject root{
        {QStringLiteral("format"), QString::fromLatin1(modelFormatName)},
        {QStringLiteral("version"), modelFormatVersion},
        {QStringLiteral("app_version"), QStringLiteral(TRM_VERSION)},
        {QStringLiteral("model"), configJson(config)},
        {QStringLiteral("training"), trainingJson(model.training)},
        {QStringLiteral("features"), QJsonArray::fromStringList(model.featureNames)},
        {QStringLiteral("target"), model.targetName},
        {QStringLiteral("classes"), QJsonArray::fromStringList(model.classNames)},
        {QStringLiteral("import"), importJson(recipe)},
        {QStringLiteral("standardization"),
         QJsonObject{
             {QStringLiteral("median"), vectorJson(median)},
             {QStringLiteral("mean"), vectorJson(model.standardizer.mean)},
             {QStringLiteral("scale"), vectorJson(model.standardizer.scale)},
         }},
        {QStringLiteral("weights"), weightsJson(config, model.model.weights())},
        {QStringLiteral("provenance"), provenanceJson(model.provenance)},
        {QStringLiteral("history"), historyJson(model.history)},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<TrainedModel> parseModel(const QByteArray &json, const QString &origin)
{
    if (json.size() > maxModelFileBytes) {
        return makeError(
            QStringLiteral("%1: %2 is too large for a model file (the limit is %3)")
                .arg(origin, sizeInMegabytes(json.size()), sizeInMegabytes(maxModelFileBytes)));
    }
    if (json.trimmed().isEmpty())
        return makeError(origin + QStringLiteral(": the file is empty, not a model"));

    // QJsonDocument refuses nesting deeper than its own limit with DeepNesting,
    // so a hostile file cannot exhaust the stack.
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return makeError(
            QStringLiteral("%1: not valid JSON at %2: %3")
                .arg(origin, position(json, parseError.offset), parseError.errorString()));
    }
    if (!document.isObject()) {
        return makeError(origin +
                         QStringLiteral(": not a TRM Studio model (the JSON is not an object)"));
    }
    const QJsonObject root = document.object();
    JsonReader reader(origin);

    // Format and version first: a newer file should be told apart from a broken one.
    const QJsonValue format = root.value(QStringLiteral("format"));
    if (format.toString() != QLatin1String(modelFormatName)) {
        return makeError(QStringLiteral("%1: not a TRM Studio model (format is %2, expected '%3')")
                             .arg(origin,
                                  format.isString()
                                      ? QLatin1Char('\'') + format.toString() + QLatin1Char('\'')
                                      : describe(format),
                                  QLatin1String(modelFormatName)));
    }
    const int version =
        reader.integer(root, {}, QStringLiteral("version"), 1, std::numeric_limits<int>::max());
    if (reader.failed())
        return reader.error();
    if (version > modelFormatVersion) {
        return makeError(QStringLiteral("%1: format version %2 is newer than this program "
                                        "understands; it needs TRM Studio that reads version %2 "
                                        "(this one reads up to version %3)")
                             .arg(origin)
                             .arg(version)
                             .arg(modelFormatVersion));
    }
    reader.string(root, {}, QStringLiteral("app_version"));

    const TrmConfig config = readConfig(reader, root);
    if (reader.failed())
        return reader.error();
    const double count = weightCount(config);
    if (count > maxWeightCount) {
        return makeError(QStringLiteral("%1: model: the hyperparameters describe %2 weights, "
                                        "more than the %3 a model file may hold")
                             .arg(origin)
                             .arg(count, 0, 'f', 0)
                             .arg(maxWeightCount, 0, 'f', 0));
    }
    if (Result<void> valid = config.validate(); !valid)
        return makeError(origin + QStringLiteral(": model: ") + valid.error().message);

    TrainedModel result;
    result.training = readTraining(reader, root);
    result.featureNames = reader.names(root, {}, QStringLiteral("features"), config.inputSize,
                                       QStringLiteral("model.input_size"));
    result.targetName = reader.string(root, {}, QStringLiteral("target"));
    result.classNames = reader.names(root, {}, QStringLiteral("classes"), config.classCount,
                                     QStringLiteral("model.class_count"));
    if (!reader.failed() && result.targetName.isEmpty())
        reader.fail(QStringLiteral("target"), QStringLiteral("the name is empty"));

    const QString standardizationPath = QStringLiteral("standardization");
    const QJsonObject standardization = reader.object(root, {}, standardizationPath);
    result.standardizer.mean =
        reader.vector(standardization, standardizationPath, QStringLiteral("mean"),
                      config.inputSize, QStringLiteral("model.input_size"));
    result.standardizer.scale =
        reader.vector(standardization, standardizationPath, QStringLiteral("scale"),
                      config.inputSize, QStringLiteral("model.input_size"));
    for (Eigen::Index i = 0; !reader.failed() && i < result.standardizer.scale.size(); ++i) {
        if (result.standardizer.scale(i) <= 0) {
            reader.fail(indexed(join(standardizationPath, QStringLiteral("scale")), i),
                        QStringLiteral("expected a positive number, found %1")
                            .arg(result.standardizer.scale(i)));
        }
    }
    if (version >= 2) {
        result.standardizer.median =
            reader.vector(standardization, standardizationPath, QStringLiteral("median"),
                          config.inputSize, QStringLiteral("model.input_size"));
        result.recipe = readImport(reader, root, result);
    } else {
        result.standardizer.median = result.standardizer.mean;
        result.recipe =
            ImportRecipe::plainNumeric(result.featureNames, result.targetName, result.classNames);
    }
    if (reader.failed())
        return reader.error();

    TrmWeights<float> weights = readWeights(reader, root, config);
    result.provenance = readProvenance(reader, root);
    if (version >= 3)
        result.history = readHistory(reader, root, result.provenance);
    if (reader.failed())
        return reader.error();
    result.model = TrmModel<float>(config, std::move(weights));
    // Finite weights can still overflow 32-bit arithmetic. A model that cannot
    // score typical rows (the training mean, and one standard deviation above
    // and below it in every feature) is refused here, where the file is named,
    // rather than giving NaN probabilities for every row later.
    Eigen::MatrixXd typicalRows(3, config.inputSize);
    typicalRows.row(0) = result.standardizer.mean.transpose();
    typicalRows.row(1) = (result.standardizer.mean + result.standardizer.scale).transpose();
    typicalRows.row(2) = (result.standardizer.mean - result.standardizer.scale).transpose();
    if (!result.probabilities(typicalRows).allFinite()) {
        return makeError(origin + QStringLiteral(": weights: the model's outputs for typical "
                                                 "rows are not finite numbers; the weights are "
                                                 "too large to compute with"));
    }
    return result;
}

QJsonObject epochJson(const EpochReport &report)
{
    return QJsonObject{
        {QStringLiteral("epoch"), report.epoch},
        {QStringLiteral("train_loss"), metricJson(report.trainLoss)},
        {QStringLiteral("train_accuracy"), metricJson(report.trainAccuracy)},
        {QStringLiteral("validation_loss"), metricJson(report.validationLoss)},
        {QStringLiteral("validation_accuracy"), metricJson(report.validationAccuracy)},
        {QStringLiteral("learning_rate"), report.learningRate},
        {QStringLiteral("improved"), report.improved},
    };
}

Result<void> saveModel(const TrainedModel &model, const QString &path)
{
    const QByteArray bytes = serializeModel(model);
    // QSaveFile writes a temporary file beside the target and renames it over
    // the target only on commit(), so a failed save leaves an old model intact.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(
            QStringLiteral("%1: cannot write the model: %2").arg(path, file.errorString()));
    }
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return makeError(QStringLiteral("%1: cannot write the model: %2").arg(path, reason));
    }
    if (!file.commit()) {
        return makeError(
            QStringLiteral("%1: cannot write the model: %2").arg(path, file.errorString()));
    }
    return {};
}

Result<TrainedModel> loadModel(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(path + QStringLiteral(": no such file"));
    if (info.isDir())
        return makeError(path + QStringLiteral(": is a folder, not a model file"));
    if (info.size() > maxModelFileBytes) {
        return makeError(
            QStringLiteral("%1: %2 is too large for a model file (the limit is %3)")
                .arg(path, sizeInMegabytes(info.size()), sizeInMegabytes(maxModelFileBytes)));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    // Read one byte past the limit so that a file that grew since the check is
    // still refused by parseModel rather than read whole.
    const QByteArray bytes = file.read(maxModelFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return makeError(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    return parseModel(bytes, path);
}

} // namespace trm
