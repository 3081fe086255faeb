#include "modelfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <bit>
#include <cmath>
#include <functional>
#include <limits>

using namespace trm;

namespace {

using FloatMatrix = TrmWeights<float>::Matrix;

/// Deterministic values with full 24-bit mantissas, so that a writer that
/// printed too few digits would be caught, plus a few values at the edges of
/// the float range.
FloatMatrix patterned(Eigen::Index rows, Eigen::Index cols, int salt)
{
    FloatMatrix matrix(rows, cols);
    for (Eigen::Index row = 0; row < rows; ++row) {
        for (Eigen::Index col = 0; col < cols; ++col) {
            const double k = double(salt * 1000 + row * cols + col);
            matrix(row, col) =
                float(std::sin(1.0 + 0.37 * k) * std::pow(10.0, std::fmod(k, 7) - 3));
        }
    }
    return matrix;
}

/// A training history of `epochs` epochs whose last improvement is `best`.
/// The figures are arbitrary doubles with full mantissas, so that a writer that
/// rounded them would be caught. Without validation rows the validation figures
/// are NaN, as the trainer reports them.
std::vector<EpochReport> handBuiltHistory(int epochs, int best, bool validation)
{
    std::vector<EpochReport> history;
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        EpochReport report;
        report.epoch = epoch;
        report.trainLoss = 1.0 / (1.0 + 0.37 * epoch);
        report.trainAccuracy = double(epoch) / double(epochs + 1);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        report.validationLoss = validation ? 0.5 + std::sin(0.1 * epoch) / 3.0 : nan;
        report.validationAccuracy = validation ? 1.0 / 3.0 + epoch * 1e-3 : nan;
        report.learningRate = 3e-4 * std::min(1.0, epoch / 7.0);
        report.improved = epoch == 1 || epoch == 2 || epoch == 5 || epoch == best;
        history.push_back(report);
    }
    return history;
}

/// A small model built by hand, independent of TrmModel::initialise().
TrainedModel handBuiltModel()
{
    TrmConfig config;
    config.inputSize = 3;
    config.classCount = 3;
    config.hiddenSize = 4;
    config.layers = 2;
    config.expansion = 2;
    config.latentSteps = 2;
    config.cycles = 2;
    config.supervisionSteps = 3;
    config.halting = true;
    const int d = config.inputSize, hidden = config.hiddenSize, inner = config.innerSize(),
              classes = config.classCount;

    TrmWeights<float> weights;
    weights.inputWeight = patterned(d, hidden, 1);
    weights.inputBias = patterned(1, hidden, 2);
    for (int layer = 0; layer < config.layers; ++layer) {
        TrmWeights<float>::Block block;
        block.gateUp = patterned(hidden, 2 * inner, 10 + layer);
        block.down = patterned(inner, hidden, 20 + layer);
        weights.blocks.push_back(block);
    }
    weights.outputWeight = patterned(hidden, classes, 3);
    weights.outputBias = patterned(1, classes, 4);
    weights.haltWeight = patterned(hidden, 1, 5);
    weights.haltBias = FloatMatrix::Constant(1, 1, -5.0f);
    weights.yInit = patterned(1, hidden, 6);
    weights.zInit = patterned(1, hidden, 7);
    // The extremes of the float range must survive the trip through decimal text.
    // The largest float goes into the halting head, which the class probabilities
    // do not read: anywhere else it would overflow them, and the file be refused.
    weights.haltWeight(0, 0) = std::numeric_limits<float>::max();
    weights.inputWeight(0, 0) = -std::numeric_limits<float>::denorm_min();
    weights.inputWeight(0, 1) = std::numeric_limits<float>::denorm_min();
    weights.inputWeight(0, 2) = -std::numeric_limits<float>::min();
    weights.inputWeight(0, 3) = 16777216.0f;

    TrainedModel model;
    model.model = TrmModel<float>(config, std::move(weights));
    model.featureNames = {QStringLiteral("sepal length"), QStringLiteral("größe"),
                          QStringLiteral("\"quoted\", with comma")};
    model.targetName = QStringLiteral("species");
    model.classNames = {QStringLiteral("setosa"), QStringLiteral("versicolor"),
                        QStringLiteral("virginica")};
    model.standardizer.mean.resize(3);
    model.standardizer.mean << 5.843333333333334, 0.1 + 0.2, -1e-300;
    model.standardizer.scale.resize(3);
    model.standardizer.scale << 0.8253012917851409, 1.0 / 3.0, 1e300;
    model.training.epochs = 57;
    model.training.learningRate = 3e-4;
    model.training.ema = false;
    model.training.seed = std::numeric_limits<std::uint64_t>::max() - 58;
    model.provenance.dataFile = QStringLiteral("iris.csv");
    model.provenance.dataSha256 = QStringLiteral("ab12");
    model.provenance.seed = (std::uint64_t(1) << 53) + 1;
    model.provenance.trainRows = 96;
    model.provenance.validationRows = 24;
    model.provenance.testRows = 0;
    model.provenance.epochsRun = 40;
    model.provenance.bestEpoch = 20;
    model.provenance.testAccuracy = 0.9666666666666667;
    model.provenance.testMacroF1 = std::numeric_limits<double>::quiet_NaN();
    model.history = handBuiltHistory(40, 20, true);
    return model;
}

/// Equal bit for bit, NaN included (NaN != NaN, so QCOMPARE on doubles would not do).
bool sameDouble(double a, double b)
{
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
           (std::isnan(a) && std::isnan(b));
}

void compareHistories(const std::vector<EpochReport> &loaded,
                      const std::vector<EpochReport> &original)
{
    QCOMPARE(loaded.size(), original.size());
    for (std::size_t i = 0; i < loaded.size(); ++i) {
        const EpochReport &a = loaded[i];
        const EpochReport &b = original[i];
        QCOMPARE(a.epoch, b.epoch);
        QVERIFY2(sameDouble(a.trainLoss, b.trainLoss), qPrintable(QString::number(i)));
        QVERIFY2(sameDouble(a.trainAccuracy, b.trainAccuracy), qPrintable(QString::number(i)));
        QVERIFY2(sameDouble(a.validationLoss, b.validationLoss), qPrintable(QString::number(i)));
        QVERIFY2(sameDouble(a.validationAccuracy, b.validationAccuracy),
                 qPrintable(QString::number(i)));
        QVERIFY2(sameDouble(a.learningRate, b.learningRate), qPrintable(QString::number(i)));
        QCOMPARE(a.improved, b.improved);
    }
}

/// True when both matrices have the same shape and the same bits in every entry.
bool sameBits(const FloatMatrix &a, const FloatMatrix &b)
{
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return false;
    for (Eigen::Index i = 0; i < a.size(); ++i) {
        if (std::bit_cast<std::uint32_t>(a.data()[i]) != std::bit_cast<std::uint32_t>(b.data()[i]))
            return false;
    }
    return true;
}

bool sameBits(const Eigen::VectorXd &a, const Eigen::VectorXd &b)
{
    if (a.size() != b.size())
        return false;
    for (Eigen::Index i = 0; i < a.size(); ++i) {
        if (std::bit_cast<std::uint64_t>(a(i)) != std::bit_cast<std::uint64_t>(b(i)))
            return false;
    }
    return true;
}

void compareModels(const TrainedModel &loaded, const TrainedModel &original)
{
    const TrmConfig &a = loaded.model.config();
    const TrmConfig &b = original.model.config();
    QCOMPARE(a.inputSize, b.inputSize);
    QCOMPARE(a.classCount, b.classCount);
    QCOMPARE(a.hiddenSize, b.hiddenSize);
    QCOMPARE(a.layers, b.layers);
    QCOMPARE(a.expansion, b.expansion);
    QCOMPARE(a.latentSteps, b.latentSteps);
    QCOMPARE(a.cycles, b.cycles);
    QCOMPARE(a.supervisionSteps, b.supervisionSteps);
    QCOMPARE(a.halting, b.halting);

    const TrmWeights<float> &x = loaded.model.weights();
    const TrmWeights<float> &y = original.model.weights();
    QVERIFY(sameBits(x.inputWeight, y.inputWeight));
    QVERIFY(sameBits(x.inputBias, y.inputBias));
    QCOMPARE(x.blocks.size(), y.blocks.size());
    for (std::size_t i = 0; i < x.blocks.size(); ++i) {
        QVERIFY(sameBits(x.blocks[i].gateUp, y.blocks[i].gateUp));
        QVERIFY(sameBits(x.blocks[i].down, y.blocks[i].down));
    }
    QVERIFY(sameBits(x.outputWeight, y.outputWeight));
    QVERIFY(sameBits(x.outputBias, y.outputBias));
    QVERIFY(sameBits(x.haltWeight, y.haltWeight));
    QVERIFY(sameBits(x.haltBias, y.haltBias));
    QVERIFY(sameBits(x.yInit, y.yInit));
    QVERIFY(sameBits(x.zInit, y.zInit));

    QCOMPARE(loaded.featureNames, original.featureNames);
    QCOMPARE(loaded.targetName, original.targetName);
    QCOMPARE(loaded.classNames, original.classNames);
    QVERIFY(sameBits(loaded.standardizer.mean, original.standardizer.mean));
    QVERIFY(sameBits(loaded.standardizer.scale, original.standardizer.scale));
    // A model without medians is saved with its means in their place.
    QVERIFY(sameBits(loaded.standardizer.median, original.standardizer.median.size() > 0
                                                     ? original.standardizer.median
                                                     : original.standardizer.mean));
    QCOMPARE(loaded.recipe.featureNames(), loaded.featureNames);

    const TrainingOptions &s = loaded.training;
    const TrainingOptions &t = original.training;
    QCOMPARE(s.epochs, t.epochs);
    QCOMPARE(s.batchSize, t.batchSize);
    QCOMPARE(s.learningRate, t.learningRate);
    QCOMPARE(s.weightDecay, t.weightDecay);
    QCOMPARE(s.beta1, t.beta1);
    QCOMPARE(s.beta2, t.beta2);
    QCOMPARE(s.warmupSteps, t.warmupSteps);
    QCOMPARE(s.ema, t.ema);
    QCOMPARE(s.emaDecay, t.emaDecay);
    QCOMPARE(s.patience, t.patience);
    QCOMPARE(s.haltingExploration, t.haltingExploration);
    QCOMPARE(s.seed, t.seed);

    const Provenance &p = loaded.provenance;
    const Provenance &q = original.provenance;
    QCOMPARE(p.dataFile, q.dataFile);
    QCOMPARE(p.dataSha256, q.dataSha256);
    QCOMPARE(p.seed, q.seed);
    QCOMPARE(p.trainRows, q.trainRows);
    QCOMPARE(p.validationRows, q.validationRows);
    QCOMPARE(p.testRows, q.testRows);
    QCOMPARE(p.epochsRun, q.epochsRun);
    QCOMPARE(p.bestEpoch, q.bestEpoch);
    QCOMPARE(p.testAccuracy, q.testAccuracy);
    QCOMPARE(std::isnan(p.testMacroF1), std::isnan(q.testMacroF1));
    compareHistories(loaded.history, original.history);
}

QJsonObject modelJson()
{
    return QJsonDocument::fromJson(serializeModel(handBuiltModel())).object();
}

QByteArray toBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

/// The model's JSON with one change made by `edit`.
QByteArray edited(const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject root = modelJson();
    edit(root);
    return toBytes(root);
}

/// The model's JSON with its history array changed by `edit`.
QByteArray editedHistory(const std::function<void(QJsonArray &)> &edit)
{
    return edited([&](QJsonObject &root) {
        QJsonArray epochs = root.value(QStringLiteral("history")).toArray();
        edit(epochs);
        root.insert(QStringLiteral("history"), epochs);
    });
}

/// The model's JSON with history[index][key] set to `value` (removed when undefined).
QByteArray editedEpoch(int index, const QString &key, const QJsonValue &value)
{
    return editedHistory([&](QJsonArray &epochs) {
        QJsonObject epoch = epochs.at(index).toObject();
        if (value.isUndefined())
            epoch.remove(key);
        else
            epoch.insert(key, value);
        epochs.replace(index, epoch);
    });
}

/// Sets root[first][second] (QJsonObject has no references into nested values).
/// An undefined value removes the key (a default QJsonValue is null, not undefined).
void setNested(QJsonObject &root, const QString &first, const QString &second,
               const QJsonValue &value)
{
    QJsonObject inner = root.value(first).toObject();
    if (value.isUndefined())
        inner.remove(second);
    else
        inner.insert(second, value);
    root.insert(first, inner);
}

/// Applies `edit` to the matrix object weights[key] (or weights.blocks[block][key]).
void editMatrix(QJsonObject &root, const QString &key, int block,
                const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject weights = root.value(QStringLiteral("weights")).toObject();
    if (block < 0) {
        QJsonObject matrix = weights.value(key).toObject();
        edit(matrix);
        weights.insert(key, matrix);
    } else {
        QJsonArray blocks = weights.value(QStringLiteral("blocks")).toArray();
        QJsonObject blockObject = blocks.at(block).toObject();
        QJsonObject matrix = blockObject.value(key).toObject();
        edit(matrix);
        blockObject.insert(key, matrix);
        blocks.replace(block, blockObject);
        weights.insert(QStringLiteral("blocks"), blocks);
    }
    root.insert(QStringLiteral("weights"), weights);
}

void setWeightValue(QJsonObject &root, const QString &key, int index, const QJsonValue &value)
{
    editMatrix(root, key, -1, [&](QJsonObject &matrix) {
        QJsonArray values = matrix.value(QStringLiteral("values")).toArray();
        values.replace(index, value);
        matrix.insert(QStringLiteral("values"), values);
    });
}

/// The model's JSON with weights[key].values[index] replaced by `literal`, written
/// as is: for text that QJsonObject cannot hold, such as a bare Infinity.
QByteArray withLiteralWeight(const QString &key, int index, const QByteArray &literal)
{
    const QString placeholder = QStringLiteral("@literal@");
    return edited([&](QJsonObject &root) { setWeightValue(root, key, index, placeholder); })
        .replace('"' + placeholder.toLatin1() + '"', literal);
}

} // namespace

class TestModelFile : public QObject
{
    Q_OBJECT

private slots:
    void roundTripIsBitExact();
    void roundTripThroughFile();
    void negativeZeroLoadsAsZero();
    void serializationIsDeterministic();
    void fileKeepsGateAndUpApart();
    void malformedModelIsRefused_data();
    void malformedModelIsRefused();
    void originNamesTheSource();
    void versionOneFileLoads();
    void versionTwoFileLoadsWithoutHistory();
    void historyWithoutValidationRoundTrips();
    void emptyHistoryRoundTrips();
    void trainedModelKeepsItsHistory();
    void recipeRoundTrips();
    void oversizedFileIsRefusedBeforeReading();
    void missingFileIsNamed();
    void saveToImpossiblePathFails();
    void failedSaveKeepsExistingFile();
};

void TestModelFile::roundTripIsBitExact()
{
    const TrainedModel original = handBuiltModel();
    const Result<TrainedModel> loaded = parseModel(serializeModel(original));
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    compareModels(loaded.value(), original);
}

void TestModelFile::roundTripThroughFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("model.json"));
    const TrainedModel original = handBuiltModel();
    const Result<void> saved = saveModel(original, path);
    QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message));
    const Result<TrainedModel> loaded = loadModel(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    compareModels(loaded.value(), original);
}

void TestModelFile::negativeZeroLoadsAsZero()
{
    // Qt stores a whole-valued double as an integer and so writes -0.0 as 0.
    // The two zeros give the same sums and products, so predictions do not change.
    TrainedModel original = handBuiltModel();
    original.model.weights().inputBias(0, 0) = -0.0f;
    const Result<TrainedModel> loaded = parseModel(serializeModel(original));
    QVERIFY(loaded.ok());
    const float zero = loaded.value().model.weights().inputBias(0, 0);
    QCOMPARE(zero, 0.0f);
    QEXPECT_FAIL("", "QJsonValue drops the sign of a negative zero", Continue);
    QVERIFY(std::signbit(zero));
}

void TestModelFile::serializationIsDeterministic()
{
    const QByteArray first = serializeModel(handBuiltModel());
    QCOMPARE(serializeModel(handBuiltModel()), first);
    // Loading and saving again must not change a byte either.
    const Result<TrainedModel> loaded = parseModel(first);
    QVERIFY(loaded.ok());
    QCOMPARE(serializeModel(loaded.value()), first);
}

void TestModelFile::fileKeepsGateAndUpApart()
{
    const TrainedModel model = handBuiltModel();
    const QJsonObject root = modelJson();
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QString::fromLatin1(modelFormatName));
    QCOMPARE(root.value(QStringLiteral("version")).toInt(), modelFormatVersion);
    QCOMPARE(root.value(QStringLiteral("app_version")).toString(), QStringLiteral(TRM_VERSION));
    QCOMPARE(root.value(QStringLiteral("training")).toObject().value(QStringLiteral("seed")),
             QJsonValue(QStringLiteral("18446744073709551557")));
    QVERIFY(root.value(QStringLiteral("provenance"))
                .toObject()
                .value(QStringLiteral("test_macro_f1"))
                .isNull());

    // blocks[1].up holds the right half of gateUp, row by row.
    const int inner = model.model.config().innerSize();
    const FloatMatrix &gateUp = model.model.weights().blocks[1].gateUp;
    const QJsonObject up = root.value(QStringLiteral("weights"))
                               .toObject()
                               .value(QStringLiteral("blocks"))
                               .toArray()
                               .at(1)
                               .toObject()
                               .value(QStringLiteral("up"))
                               .toObject();
    QCOMPARE(up.value(QStringLiteral("shape")).toArray(),
             (QJsonArray{qint64(gateUp.rows()), qint64(inner)}));
    const QJsonArray values = up.value(QStringLiteral("values")).toArray();
    QCOMPARE(values.size(), gateUp.rows() * inner);
    QCOMPARE(float(values.at(1).toDouble()), gateUp(0, inner + 1));
    QCOMPARE(float(values.at(inner).toDouble()), gateUp(1, inner));
}

void TestModelFile::malformedModelIsRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    const QByteArray valid = serializeModel(handBuiltModel());
    const auto remove = [](const QString &first, const QString &second) {
        return edited(
            [&](QJsonObject &root) { setNested(root, first, second, QJsonValue::Undefined); });
    };
    const auto set = [](const QString &first, const QString &second, const QJsonValue &value) {
        return edited([&](QJsonObject &root) { setNested(root, first, second, value); });
    };

    QTest::newRow("empty-file") << QByteArray("  \n") << "model: the file is empty";
    QTest::newRow("truncated-file")
        << valid.left(valid.size() / 2) << "model: not valid JSON at line";
    QTest::newRow("not-json") << QByteArray("species,petal\nsetosa,1.4\n")
                              << "model: not valid JSON at line 1, column 2 (byte 1)";
    QTest::newRow("json-but-not-an-object") << QByteArray("[1, 2]") << "the JSON is not an object";
    QTest::newRow("wrong-format-name")
        << edited([](QJsonObject &root) { root.insert("format", "keras-model"); })
        << "not a TRM Studio model (format is 'keras-model', expected 'trm-studio-model')";
    QTest::newRow("format-missing")
        << edited([](QJsonObject &root) { root.remove("format"); }) << "not a TRM Studio model";
    QTest::newRow("newer-version") << edited([](QJsonObject &root) { root.insert("version", 4); })
                                   << "format version 4 is newer than this program understands; "
                                      "it needs TRM Studio that reads version 4 (this one reads "
                                      "up to version 3)";
    QTest::newRow("history-missing")
        << edited([](QJsonObject &root) { root.remove("history"); }) << "model: history: missing";
    QTest::newRow("history-not-an-array")
        << edited([](QJsonObject &root) { root.insert("history", QJsonObject{}); })
        << "model: history: expected an array, found an object";
    QTest::newRow("history-shorter-than-epochs-run")
        << editedHistory([](QJsonArray &epochs) { epochs.removeLast(); })
        << "model: history: expected no entries or one per epoch run (40, "
           "provenance.epochs_run), found 39";
    QTest::newRow("history-entry-not-an-object")
        << editedHistory([](QJsonArray &epochs) { epochs.replace(3, 0.5); })
        << "model: history[3]: expected an object, found the number 0.5";
    QTest::newRow("history-epoch-gap")
        << editedEpoch(6, "epoch", 8)
        << "history[6].epoch: expected 7 (epochs are numbered from 1 in order, without gaps), "
           "found 8";
    QTest::newRow("history-epoch-fractional")
        << editedEpoch(0, "epoch", 1.5) << "history[0].epoch: expected a whole number, found 1.5";
    QTest::newRow("history-train-loss-missing")
        << editedEpoch(2, "train_loss", QJsonValue::Undefined) << "history[2].train_loss: missing";
    QTest::newRow("history-train-loss-as-string")
        << editedEpoch(2, "train_loss", "Infinity")
        << "history[2].train_loss: expected a number, found a string";
    QTest::newRow("history-negative-loss")
        << editedEpoch(9, "validation_loss", -0.25)
        << "history[9].validation_loss: expected a number from 0 or null, found -0.25";
    QTest::newRow("history-accuracy-above-one")
        << editedEpoch(4, "validation_accuracy", 1.5)
        << "history[4].validation_accuracy: expected a number from 0 to 1 or null, found 1.5";
    // The learning rate is always known, so null (how Qt writes a NaN) is refused.
    QTest::newRow("history-learning-rate-null")
        << editedEpoch(1, "learning_rate", QJsonValue::Null)
        << "history[1].learning_rate: expected a number, found null";
    QTest::newRow("history-improved-as-number")
        << editedEpoch(0, "improved", 1)
        << "history[0].improved: expected true or false, found the number 1";
    QTest::newRow("history-best-epoch-disagrees")
        << editedEpoch(29, "improved", true)
        << "model: history: the last epoch marked improved is 30, but provenance.best_epoch is 20";
    QTest::newRow("history-longer-than-a-file-may-hold") << editedHistory([](QJsonArray &epochs) {
        while (epochs.size() <= 1000000)
            epochs.append(0);
    }) << "model: history: 1000001 epochs is more than the 1000000 a model file may hold";
    QTest::newRow("import-missing")
        << edited([](QJsonObject &root) { root.remove("import"); }) << "model: import: missing";
    QTest::newRow("median-missing")
        << remove("standardization", "median") << "model: standardization.median: missing";
    QTest::newRow("import-delimiter-two-characters")
        << set("import", "delimiter", ";;") << "import.delimiter: expected one of";
    QTest::newRow("import-columns-disagree-with-features")
        << set("import", "columns",
               QJsonArray{
                   QJsonObject{{"name", "x"}, {"role", "feature"}, {"type", "numeric"}},
                   QJsonObject{{"name", "species"}, {"role", "target"}, {"type", "categorical"}}})
        << "import.columns: the feature columns and categories give the inputs x, but the "
           "model's features are";
    QTest::newRow("import-unknown-role")
        << set("import", "columns",
               QJsonArray{QJsonObject{{"name", "x"}, {"role", "label"}, {"type", "numeric"}}})
        << "import.columns[0].role: expected feature, target or ignore, found 'label'";
    QTest::newRow("version-zero") << edited([](QJsonObject &root) { root.insert("version", 0); })
                                  << "version: expected a whole number from 1";
    QTest::newRow("missing-hidden-size")
        << remove("model", "hidden_size") << "model: model.hidden_size: missing";
    QTest::newRow("missing-weights")
        << edited([](QJsonObject &root) { root.remove("weights"); }) << "model: weights: missing";
    QTest::newRow("missing-provenance-seed")
        << remove("provenance", "seed") << "provenance.seed: missing";
    QTest::newRow("hidden-size-as-string")
        << set("model", "hidden_size", "4")
        << "model.hidden_size: expected a number, found a string";
    QTest::newRow("halting-as-number")
        << set("model", "halting", 1)
        << "model.halting: expected true or false, found the number 1";
    QTest::newRow("fractional-layers")
        << set("model", "layers", 2.5) << "model.layers: expected a whole number, found 2.5";
    QTest::newRow("huge-hidden-size")
        << set("model", "hidden_size", 1e9)
        << "model.hidden_size: expected a whole number from 1 to 4096";
    QTest::newRow("huge-product-of-sizes") << edited([](QJsonObject &root) {
        setNested(root, "model", "input_size", 100000);
        setNested(root, "model", "hidden_size", 4096);
    }) << "model: model: the hyperparameters describe";
    QTest::newRow("zero-cycles") << set("model", "cycles", 0) << "model: model: cycles";
    QTest::newRow("seed-as-number")
        << set("training", "seed", 1) << "training.seed: expected a string, found the number 1";
    QTest::newRow("seed-negative")
        << set("training", "seed", "-1") << "training.seed: expected an unsigned 64-bit integer";
    QTest::newRow("wrong-shape") << edited([](QJsonObject &root) {
        editMatrix(root, "down", 1, [](QJsonObject &matrix) {
            matrix.insert("shape", QJsonArray{8, 3});
        });
    }) << "model: weights.blocks[1].down: expected shape 8 x 4, found 8 x 3";
    QTest::newRow("shape-not-a-pair") << edited([](QJsonObject &root) {
        editMatrix(root, "halt.bias", -1,
                   [](QJsonObject &matrix) { matrix.insert("shape", QJsonArray{1}); });
    }) << "weights.halt.bias.shape: expected [rows, columns]";
    QTest::newRow("values-too-short") << edited([](QJsonObject &root) {
        editMatrix(root, "output.bias", -1, [](QJsonObject &matrix) {
            matrix.insert("values", QJsonArray{0.5, 0.25});
        });
    }) << "weights.output.bias.values: expected 3 values (1 x 3, row by row), found 2";
    QTest::newRow("wrong-block-count") << edited([](QJsonObject &root) {
        QJsonObject weights = root.value("weights").toObject();
        QJsonArray blocks = weights.value("blocks").toArray();
        blocks.removeLast();
        weights.insert("blocks", blocks);
        root.insert("weights", weights);
    }) << "weights.blocks: expected 2 blocks (model.layers), found 1";
    // Qt writes NaN as null, so null is what a NaN weight would look like.
    QTest::newRow("nan-written-as-null") << edited([](QJsonObject &root) {
        setWeightValue(root, "input.weight", 5, QJsonValue::Null);
    }) << "weights.input.weight.values[5]: expected a number, found null";
    QTest::newRow("infinity-as-string")
        << edited([](QJsonObject &root) { setWeightValue(root, "y_init", 2, "Infinity"); })
        << "weights.y_init.values[2]: expected a number, found a string";
    QTest::newRow("bare-infinity-literal")
        << withLiteralWeight("y_init", 2, "Infinity") << "not valid JSON";
    // Qt refuses a literal beyond the double range instead of reading it as infinity.
    QTest::newRow("number-overflowing-double")
        << withLiteralWeight("z_init", 0, "1e999") << "not valid JSON at line";
    QTest::newRow("number-beyond-float-range")
        << edited([](QJsonObject &root) { setWeightValue(root, "z_init", 1, 1e300); })
        << "weights.z_init.values[1]: 1e+300 is too large for a 32-bit float";
    // Each weight fits a float, but their products overflow: every output is NaN.
    QTest::newRow("weights-overflowing-arithmetic") << edited([](QJsonObject &root) {
        editMatrix(root, "input.weight", -1, [](QJsonObject &matrix) {
            QJsonArray values = matrix.value(QStringLiteral("values")).toArray();
            for (qsizetype i = 0; i < values.size(); ++i)
                values.replace(i, 3e38);
            matrix.insert(QStringLiteral("values"), values);
        });
    }) << "model: weights: the model's outputs for typical rows are not finite numbers";
    QTest::newRow("duplicate-class-names") << edited([](QJsonObject &root) {
        root.insert("classes", QJsonArray{"setosa", "virginica", "setosa"});
    }) << "classes[2]: the name 'setosa' appears twice";
    QTest::newRow("duplicate-feature-names") << edited([](QJsonObject &root) {
        root.insert("features", QJsonArray{"a", "b", "a"});
    }) << "features[2]: the name 'a' appears twice";
    QTest::newRow("class-count-mismatch") << edited([](QJsonObject &root) {
        root.insert("classes", QJsonArray{"a", "b"});
    }) << "classes: expected 3 names (model.class_count), found 2";
    QTest::newRow("feature-count-mismatch") << edited([](QJsonObject &root) {
        root.insert("features", QJsonArray{"a", "b", "c", "d"});
    }) << "features: expected 3 names (model.input_size), found 4";
    QTest::newRow("feature-name-not-a-string") << edited([](QJsonObject &root) {
        root.insert("features", QJsonArray{"a", 2, "c"});
    }) << "features[1]: expected a string, found the number 2";
    QTest::newRow("zero-scale") << set("standardization", "scale", QJsonArray{1.0, 0.0, 2.0})
                                << "standardization.scale[1]: expected a positive number, found 0";
    QTest::newRow("short-mean") << set("standardization", "mean", QJsonArray{1.0})
                                << "standardization.mean: expected 3 numbers";

    // Deeper than QJsonDocument's nesting limit, both bare and inside a model.
    QTest::newRow("deep-nesting") << QByteArray(100000, '[') << "too deeply nested";
    QTest::newRow("deep-nesting-inside-model")
        << edited([](QJsonObject &root) {
               root.insert("app_version", "@deep@");
           }).replace("\"@deep@\"", QByteArray(5000, '[') + QByteArray(5000, ']'))
        << "too deeply nested";
}

void TestModelFile::malformedModelIsRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);

    const Result<TrainedModel> loaded = parseModel(json);

    QVERIFY(!loaded.ok());
    const QString message = loaded.error().message;
    QVERIFY2(message.contains(expected),
             qPrintable(QStringLiteral("message: %1\nexpected: %2").arg(message, expected)));
    QVERIFY2(!message.contains(QLatin1Char('\n')), "an error message is a single line");
}

void TestModelFile::versionOneFileLoads()
{
    // A version-1 file: no import recipe and no medians.
    const QByteArray json = edited([](QJsonObject &root) {
        root.insert("version", 1);
        root.remove("import");
        setNested(root, "standardization", "median", QJsonValue::Undefined);
    });
    const Result<TrainedModel> loaded = parseModel(json);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    const TrainedModel &model = loaded.value();
    const TrainedModel original = handBuiltModel();
    QVERIFY(sameBits(model.standardizer.median, original.standardizer.mean));
    QCOMPARE(model.recipe.featureNames(), original.featureNames);
    QCOMPARE(int(model.recipe.columns.size()), 4);
    QCOMPARE(model.recipe.columns[3].role, ColumnRole::Target);
    QCOMPARE(model.recipe.delimiter, ',');
    QVERIFY(model.recipe.hasHeader);
}

void TestModelFile::versionTwoFileLoadsWithoutHistory()
{
    // A version-2 file as the previous release wrote it: everything but the history.
    const QByteArray json = edited([](QJsonObject &root) {
        root.insert("version", 2);
        root.remove("history");
    });
    const Result<TrainedModel> loaded = parseModel(json);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    TrainedModel expected = handBuiltModel();
    expected.history.clear();
    compareModels(loaded.value(), expected);

    // A version-2 reader never looked for a history, so one found there is ignored
    // rather than trusted: it was not validated by the program that wrote the file.
    const Result<TrainedModel> withHistory =
        parseModel(edited([](QJsonObject &root) { root.insert("version", 2); }));
    QVERIFY(withHistory.ok());
    QVERIFY(withHistory.value().history.empty());
}

void TestModelFile::historyWithoutValidationRoundTrips()
{
    // With no validation rows the trainer reports NaN validation figures; JSON has
    // no NaN, so they are written as null and read back as NaN.
    TrainedModel original = handBuiltModel();
    original.provenance.validationRows = 0;
    original.history = handBuiltHistory(40, 20, false);
    const QByteArray json = serializeModel(original);
    const QJsonObject first =
        QJsonDocument::fromJson(json).object().value("history").toArray().at(0).toObject();
    QVERIFY(first.value("validation_loss").isNull());
    QVERIFY(first.value("validation_accuracy").isNull());
    QCOMPARE(first.value("epoch").toInt(), 1);
    QCOMPARE(first.value("improved").toBool(), true);

    const Result<TrainedModel> loaded = parseModel(json);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    QVERIFY(std::isnan(loaded.value().history[7].validationLoss));
    compareModels(loaded.value(), original);
}

void TestModelFile::emptyHistoryRoundTrips()
{
    // A model saved before any epoch finished, or built in code, has no history:
    // an empty list, whatever provenance.epochs_run says.
    TrainedModel original = handBuiltModel();
    original.history.clear();
    const QByteArray json = serializeModel(original);
    QVERIFY(QJsonDocument::fromJson(json).object().value("history").toArray().isEmpty());
    const Result<TrainedModel> loaded = parseModel(json);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    QVERIFY(loaded.value().history.empty());
}

void TestModelFile::trainedModelKeepsItsHistory()
{
    // A real run: the history saved is the run's, epoch for epoch, and the best
    // epoch in the provenance is its last improvement.
    Dataset dataset;
    dataset.featureNames = {QStringLiteral("x")};
    dataset.targetName = QStringLiteral("class");
    dataset.classNames = {QStringLiteral("low"), QStringLiteral("high")};
    dataset.features.resize(40, 1);
    for (int row = 0; row < 40; ++row) {
        dataset.features(row, 0) = row;
        dataset.labels.push_back(row < 20 ? 0 : 1);
    }
    RunSettings settings;
    settings.model.hiddenSize = 4;
    settings.model.latentSteps = 1;
    settings.model.cycles = 1;
    settings.model.supervisionSteps = 1;
    settings.training.epochs = 5;
    settings.training.patience = 0;
    const Result<RunOutcome> outcome = trainOnDataset(dataset, settings);
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().message));
    const TrainedModel &trained = outcome.value().trained;
    QCOMPARE(trained.history.size(), std::size_t(5));
    compareHistories(trained.history, outcome.value().history);

    const Result<TrainedModel> loaded = parseModel(serializeModel(trained));
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    compareHistories(loaded.value().history, outcome.value().history);
    int lastImproved = 0;
    for (const EpochReport &report : loaded.value().history)
        lastImproved = report.improved ? report.epoch : lastImproved;
    QCOMPARE(loaded.value().provenance.bestEpoch, lastImproved);
}

void TestModelFile::recipeRoundTrips()
{
    TrainedModel model = handBuiltModel();
    model.featureNames = {QStringLiteral("age"), QStringLiteral("colour=red"),
                          QStringLiteral("colour=blau, hell")};
    model.standardizer.median.resize(3);
    model.standardizer.median << 41.5, 0, 1;
    ImportRecipe &recipe = model.recipe;
    recipe.encoding = QStringLiteral("Windows-1252");
    recipe.delimiter = ';';
    recipe.decimalMark = ',';
    recipe.hasHeader = true;
    recipe.missingMarkers = {QString(), QStringLiteral("NA")};
    recipe.columns = {
        {QStringLiteral("id"), ColumnRole::Ignore, ColumnType::Identifier, {}},
        {QStringLiteral("age"), ColumnRole::Feature, ColumnType::Numeric, {}},
        {QStringLiteral("colour"),
         ColumnRole::Feature,
         ColumnType::Categorical,
         {QStringLiteral("red"), QStringLiteral("blau, hell")}},
        {QStringLiteral("species"), ColumnRole::Target, ColumnType::Categorical, {}},
    };

    const Result<TrainedModel> loaded = parseModel(serializeModel(model));

    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    compareModels(loaded.value(), model);
    const ImportRecipe &back = loaded.value().recipe;
    QCOMPARE(back.encoding, recipe.encoding);
    QCOMPARE(back.delimiter, ';');
    QCOMPARE(back.decimalMark, ',');
    QCOMPARE(back.missingMarkers, recipe.missingMarkers);
    QCOMPARE(int(back.columns.size()), 4);
    QCOMPARE(back.columns[0].type, ColumnType::Identifier);
    QCOMPARE(back.columns[0].role, ColumnRole::Ignore);
    QCOMPARE(back.columns[2].categories, recipe.columns[2].categories);
    QCOMPARE(back.targetName, QStringLiteral("species"));
    QCOMPARE(back.classNames, model.classNames);
}

void TestModelFile::originNamesTheSource()
{
    const QByteArray json = edited(
        [](QJsonObject &root) { setNested(root, "model", "layers", QJsonValue::Undefined); });
    const Result<TrainedModel> loaded = parseModel(json, QStringLiteral("saved/model.json"));
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().message, QStringLiteral("saved/model.json: model.layers: missing"));
}

void TestModelFile::oversizedFileIsRefusedBeforeReading()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("huge.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    // A sparse file: the size is declared without writing 600 MB.
    QVERIFY(file.resize(600LL * 1024 * 1024));
    file.close();

    const Result<TrainedModel> loaded = loadModel(path);

    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().message.startsWith(path), qPrintable(loaded.error().message));
    QVERIFY2(loaded.error().message.contains(QStringLiteral("too large")),
             qPrintable(loaded.error().message));
}

void TestModelFile::missingFileIsNamed()
{
    const Result<TrainedModel> loaded = loadModel(QStringLiteral("/nonexistent/model.json"));
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().message, QStringLiteral("/nonexistent/model.json: no such file"));
}

void TestModelFile::saveToImpossiblePathFails()
{
    // /dev/null is a file, so nothing can be created below it, even by root.
    const QString path = QStringLiteral("/dev/null/model.json");
    const Result<void> saved = saveModel(handBuiltModel(), path);
    QVERIFY(!saved.ok());
    QVERIFY2(saved.error().message.startsWith(path + QStringLiteral(": cannot write the model: ")),
             qPrintable(saved.error().message));
    QVERIFY(!saved.error().message.endsWith(QStringLiteral(": ")));
}

void TestModelFile::failedSaveKeepsExistingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("model.json"));
    TrainedModel first = handBuiltModel();
    QVERIFY(saveModel(first, path).ok());
    QFile existing(path);
    QVERIFY(existing.open(QIODevice::ReadOnly));
    const QByteArray before = existing.readAll();
    existing.close();

    const QFileDevice::Permissions writable = QFile::permissions(dir.path());
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    QFile probe(dir.filePath(QStringLiteral("probe")));
    const bool permissionsEnforced = !probe.open(QIODevice::WriteOnly);
    if (!permissionsEnforced) {
        probe.close();
        probe.remove();
        QFile::setPermissions(dir.path(), writable);
        QSKIP("A read-only folder is still writable here (running as root?); "
              "saveToImpossiblePathFails covers the failure message instead.");
    }

    TrainedModel second = handBuiltModel();
    second.targetName = QStringLiteral("other");
    const Result<void> saved = saveModel(second, path);
    QFile::setPermissions(dir.path(), writable);

    QVERIFY(!saved.ok());
    QVERIFY2(saved.error().message.startsWith(path), qPrintable(saved.error().message));
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), before);
}

QTEST_GUILESS_MAIN(TestModelFile)
#include "tst_modelfile.moc"
