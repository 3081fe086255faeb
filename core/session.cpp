#include "session.h"

#include "modelfile.h"
#include "preprocessing.h"
#include "split.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QSaveFile>

#include <cmath>
#include <limits>

namespace trm {

namespace {

/// Reads typed fields of JSON objects, remembering the first problem with
/// the dotted path of the field ("settings.model.hidden_size").
class FieldReader
{
public:
    bool failed() const { return m_error.has_value(); }
    Error error() const { return *m_error; }

    QJsonValue field(const QJsonObject &object, const QString &path, const QString &key)
    {
        if (failed())
            return {};
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            fail(path, key, QStringLiteral("is missing"));
        return value;
    }

    int integer(const QJsonObject &object, const QString &path, const QString &key)
    {
        const QJsonValue value = field(object, path, key);
        const double number = value.toDouble(std::nan(""));
        if (!failed() && (!value.isDouble() || number != std::floor(number) ||
                          std::abs(number) > std::numeric_limits<int>::max())) {
            fail(path, key, QStringLiteral("must be a whole number"));
            return 0;
        }
        return int(number);
    }

    double real(const QJsonObject &object, const QString &path, const QString &key)
    {
        const QJsonValue value = field(object, path, key);
        if (!failed() && !value.isDouble()) {
            fail(path, key, QStringLiteral("must be a number"));
            return 0;
        }
        return value.toDouble();
    }

    /// A number, or null for "not measured" (read as NaN).
    double metric(const QJsonObject &object, const QString &path, const QString &key)
    {
        const QJsonValue value = field(object, path, key);
        if (value.isNull())
            return std::nan("");
        if (!failed() && !value.isDouble()) {
            fail(path, key, QStringLiteral("must be a number or null"));
            return 0;
        }
        return value.toDouble();
    }

    bool boolean(const QJsonObject &object, const QString &path, const QString &key)
    {
        const QJsonValue value = field(object, path, key);
        if (!failed() && !value.isBool())
            fail(path, key, QStringLiteral("must be true or false"));
        return value.toBool();
    }

    QString text(const QJsonObject &object, const QString &path, const QString &key)
    {
        const QJsonValue value = field(object, path, key);
        if (!failed() && !value.isString())
            fail(path, key, QStringLiteral("must be text"));
        return value.toString();
    }

    QJsonObject object(const QJsonObject &parent, const QString &path, const QString &key)
    {
        const QJsonValue value = field(parent, path, key);
        if (!failed() && !value.isObject())
            fail(path, key, QStringLiteral("must be an object"));
        return value.toObject();
    }

    QJsonArray array(const QJsonObject &parent, const QString &path, const QString &key)
    {
        const QJsonValue value = field(parent, path, key);
        if (!failed() && !value.isArray())
            fail(path, key, QStringLiteral("must be an array"));
        return value.toArray();
    }

    void fail(const QString &path, const QString &key, const QString &problem)
    {
        if (!failed())
            m_error = makeError(QStringLiteral("%1.%2 %3").arg(path, key, problem));
    }

private:
    std::optional<Error> m_error;
};

RunSettings readSettings(FieldReader &reader, const QJsonObject &object, const QString &path)
{
    RunSettings settings;
    const QString modelPath = path + QStringLiteral(".model");
    const QJsonObject model = reader.object(object, path, QStringLiteral("model"));
    TrmConfig &m = settings.model;
    m.hiddenSize = reader.integer(model, modelPath, QStringLiteral("hidden_size"));
    m.layers = reader.integer(model, modelPath, QStringLiteral("layers"));
    m.expansion = reader.integer(model, modelPath, QStringLiteral("expansion"));
    m.latentSteps = reader.integer(model, modelPath, QStringLiteral("latent_steps"));
    m.cycles = reader.integer(model, modelPath, QStringLiteral("cycles"));
    m.supervisionSteps = reader.integer(model, modelPath, QStringLiteral("supervision_steps"));
    m.halting = reader.boolean(model, modelPath, QStringLiteral("halting"));

    const QString trainingPath = path + QStringLiteral(".training");
    const QJsonObject training = reader.object(object, path, QStringLiteral("training"));
    TrainingOptions &t = settings.training;
    t.epochs = reader.integer(training, trainingPath, QStringLiteral("epochs"));
    t.batchSize = reader.integer(training, trainingPath, QStringLiteral("batch_size"));
    t.learningRate = reader.real(training, trainingPath, QStringLiteral("learning_rate"));
    t.weightDecay = reader.real(training, trainingPath, QStringLiteral("weight_decay"));
    t.beta1 = reader.real(training, trainingPath, QStringLiteral("beta1"));
    t.beta2 = reader.real(training, trainingPath, QStringLiteral("beta2"));
    t.warmupSteps = reader.integer(training, trainingPath, QStringLiteral("warmup_steps"));
    t.ema = reader.boolean(training, trainingPath, QStringLiteral("ema"));
    t.emaDecay = reader.real(training, trainingPath, QStringLiteral("ema_decay"));
    t.patience = reader.integer(training, trainingPath, QStringLiteral("patience"));
    t.haltingExploration =
        reader.real(training, trainingPath, QStringLiteral("halting_exploration"));
    // A double holds integers exactly only up to 2^53, so the seed is text.
    const QString seed = reader.text(training, trainingPath, QStringLiteral("seed"));
    bool seedOk = false;
    t.seed = seed.toULongLong(&seedOk);
    if (!reader.failed() && !seedOk)
        reader.fail(trainingPath, QStringLiteral("seed"),
                    QStringLiteral("must be a whole number written as text"));

    settings.testShare = reader.real(object, path, QStringLiteral("test_share"));
    settings.validationShare = reader.real(object, path, QStringLiteral("validation_share"));
    return settings;
}

EpochReport readEpoch(FieldReader &reader, const QJsonObject &object, const QString &path)
{
    EpochReport report;
    report.epoch = reader.integer(object, path, QStringLiteral("epoch"));
    report.trainLoss = reader.metric(object, path, QStringLiteral("train_loss"));
    report.trainAccuracy = reader.metric(object, path, QStringLiteral("train_accuracy"));
    report.validationLoss = reader.metric(object, path, QStringLiteral("validation_loss"));
    report.validationAccuracy = reader.metric(object, path, QStringLiteral("validation_accuracy"));
    report.learningRate = reader.real(object, path, QStringLiteral("learning_rate"));
    report.improved = reader.boolean(object, path, QStringLiteral("improved"));
    return report;
}

QString indexed(const QString &path, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(path).arg(index);
}

} // namespace

QJsonObject runSettingsJson(const RunSettings &settings)
{
    const TrmConfig &m = settings.model;
    const TrainingOptions &t = settings.training;
    return QJsonObject{
        {QStringLiteral("model"),
         QJsonObject{
             {QStringLiteral("hidden_size"), m.hiddenSize},
             {QStringLiteral("layers"), m.layers},
             {QStringLiteral("expansion"), m.expansion},
             {QStringLiteral("latent_steps"), m.latentSteps},
             {QStringLiteral("cycles"), m.cycles},
             {QStringLiteral("supervision_steps"), m.supervisionSteps},
             {QStringLiteral("halting"), m.halting},
         }},
        {QStringLiteral("training"),
         QJsonObject{
             {QStringLiteral("epochs"), t.epochs},
             {QStringLiteral("batch_size"), t.batchSize},
             {QStringLiteral("learning_rate"), t.learningRate},
             {QStringLiteral("weight_decay"), t.weightDecay},
             {QStringLiteral("beta1"), t.beta1},
             {QStringLiteral("beta2"), t.beta2},
             {QStringLiteral("warmup_steps"), t.warmupSteps},
             {QStringLiteral("ema"), t.ema},
             {QStringLiteral("ema_decay"), t.emaDecay},
             {QStringLiteral("patience"), t.patience},
             {QStringLiteral("halting_exploration"), t.haltingExploration},
             {QStringLiteral("seed"), QString::number(t.seed)},
         }},
        {QStringLiteral("test_share"), settings.testShare},
        {QStringLiteral("validation_share"), settings.validationShare},
    };
}

Result<RunSettings> parseRunSettings(const QJsonObject &object, const QString &path)
{
    FieldReader reader;
    RunSettings settings = readSettings(reader, object, path);
    if (reader.failed())
        return reader.error();
    return settings;
}

QByteArray serializeSession(const Session &session, const QString &sessionPath)
{
    const QDir folder = QFileInfo(sessionPath).absoluteDir();
    QJsonArray runs;
    for (const SessionRun &run : session.runs) {
        QJsonArray history;
        for (const EpochReport &report : run.history)
            history.append(epochJson(report));
        runs.append(QJsonObject{
            {QStringLiteral("label"), run.label},
            {QStringLiteral("settings"), runSettingsJson(run.settings)},
            {QStringLiteral("history"), history},
        });
    }
    QJsonObject root{
        {QStringLiteral("format"), QLatin1String(sessionFormatName)},
        {QStringLiteral("version"), sessionFormatVersion},
        {QStringLiteral("data"),
         QJsonObject{
             {QStringLiteral("path"), folder.relativeFilePath(session.dataPath)},
             {QStringLiteral("absolute_path"), QFileInfo(session.dataPath).absoluteFilePath()},
             {QStringLiteral("sha256"), session.dataSha256},
             {QStringLiteral("target"), session.targetColumn},
         }},
        {QStringLiteral("settings"), runSettingsJson(session.settings)},
        {QStringLiteral("runs"), runs},
    };
    // The model keeps its own documented format (docs/model-format.md),
    // embedded as an object so that the session stays one readable file.
    root.insert(QStringLiteral("model"),
                session.model
                    ? QJsonValue(QJsonDocument::fromJson(serializeModel(*session.model)).object())
                    : QJsonValue(QJsonValue::Null));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<Session> parseSession(const QByteArray &json, const QString &sessionPath)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(QStringLiteral("%1: not a session file: %2 at byte %3")
                             .arg(sessionPath, parseError.errorString())
                             .arg(parseError.offset));
    if (!document.isObject())
        return makeError(
            QStringLiteral("%1: not a session file: expected a JSON object").arg(sessionPath));
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(sessionFormatName))
        return makeError(QStringLiteral("%1: not a session file: format is not \"%2\"")
                             .arg(sessionPath, QLatin1String(sessionFormatName)));

    FieldReader reader;
    const QString top = QStringLiteral("session");
    const int version = reader.integer(root, top, QStringLiteral("version"));
    if (!reader.failed() && version != sessionFormatVersion)
        return makeError(QStringLiteral("%1: session version %2 is not supported (expected %3)")
                             .arg(sessionPath)
                             .arg(version)
                             .arg(sessionFormatVersion));

    Session session;
    const QJsonObject data = reader.object(root, top, QStringLiteral("data"));
    const QString dataPath = QStringLiteral("session.data");
    const QString relative = reader.text(data, dataPath, QStringLiteral("path"));
    const QString absolute = reader.text(data, dataPath, QStringLiteral("absolute_path"));
    session.dataSha256 = reader.text(data, dataPath, QStringLiteral("sha256"));
    session.targetColumn = reader.text(data, dataPath, QStringLiteral("target"));
    session.settings = readSettings(reader, reader.object(root, top, QStringLiteral("settings")),
                                    QStringLiteral("session.settings"));

    const QJsonArray runs = reader.array(root, top, QStringLiteral("runs"));
    for (qsizetype r = 0; r < runs.size() && !reader.failed(); ++r) {
        const QString runPath = indexed(QStringLiteral("session.runs"), r);
        if (!runs.at(r).isObject()) {
            reader.fail(QStringLiteral("session.runs"), QStringLiteral("[%1]").arg(r),
                        QStringLiteral("must be an object"));
            break;
        }
        const QJsonObject runObject = runs.at(r).toObject();
        SessionRun run;
        run.label = reader.text(runObject, runPath, QStringLiteral("label"));
        run.settings =
            readSettings(reader, reader.object(runObject, runPath, QStringLiteral("settings")),
                         runPath + QStringLiteral(".settings"));
        const QJsonArray history = reader.array(runObject, runPath, QStringLiteral("history"));
        for (qsizetype e = 0; e < history.size() && !reader.failed(); ++e)
            run.history.push_back(readEpoch(reader, history.at(e).toObject(),
                                            indexed(runPath + QStringLiteral(".history"), e)));
        session.runs.push_back(std::move(run));
    }
    const QJsonValue model = reader.field(root, top, QStringLiteral("model"));
    if (reader.failed())
        return makeError(sessionPath + QStringLiteral(": ") + reader.error().message);
    if (!model.isNull()) {
        if (!model.isObject())
            return makeError(
                QStringLiteral("%1: session.model must be an object or null").arg(sessionPath));
        Result<TrainedModel> parsed =
            parseModel(QJsonDocument(model.toObject()).toJson(QJsonDocument::Compact),
                       sessionPath + QStringLiteral(" (model)"));
        if (!parsed)
            return parsed.error();
        session.model = std::move(parsed).value();
    }

    const QString besideSession = QFileInfo(sessionPath).absoluteDir().absoluteFilePath(relative);
    session.dataPath = QFileInfo::exists(besideSession) || absolute.isEmpty()
                           ? QDir::cleanPath(besideSession)
                           : absolute;
    return session;
}

Result<RunOutcome> rebuildOutcome(const Dataset &dataset, const TrainedModel &model,
                                  const RunSettings &settings,
                                  const std::vector<EpochReport> &history)
{
    if (dataset.featureNames != model.featureNames || dataset.classNames != model.classNames)
        return makeError(QStringLiteral("%1: the columns or classes differ from those the saved "
                                        "model was trained on")
                             .arg(dataset.sourcePath));
    Result<Split> split = stratifiedSplit(dataset.labels, dataset.classCount(), settings.testShare,
                                          settings.validationShare, settings.training.seed);
    if (!split)
        return split.error();
    RunOutcome outcome;
    outcome.trained = model;
    outcome.split = std::move(split).value();
    outcome.history = history;
    const Provenance &provenance = model.provenance;
    outcome.stoppedEarly = provenance.epochsRun < settings.training.epochs;
    const std::vector<int> truth = selectLabels(dataset.labels, outcome.split.test);
    outcome.testPredictions = model.predict(selectRows(dataset.features, outcome.split.test));
    outcome.test = evaluate(truth, outcome.testPredictions, dataset.classCount());
    return outcome;
}

Result<void> saveSession(const Session &session, const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    const QByteArray bytes = serializeSession(session, path);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return makeError(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    return {};
}

Result<Session> loadSession(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("%1: cannot open: %2").arg(path, file.errorString()));
    return parseSession(file.readAll(), path);
}

} // namespace trm
