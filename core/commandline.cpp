#include "commandline.h"

#include "csvimport.h"
#include "csvimport_p.h"
#include "dataset.h"
#include "experiment.h"
#include "location.h"
#include "metrics.h"
#include "modelfile.h"
#include "plural.h"
#include "predictions.h"
#include "presets.h"
#include "reportdata.h"
#include "split.h"
#include "traceanalysis.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <optional>

namespace trm {

namespace {

/// Progress goes to the error stream once every this many epochs (and after the first).
constexpr int progressInterval = 10;

// ---------------------------------------------------------------------------
// Formatting. Every number goes through QString::number, which ignores the
// user's locale, so output parses the same everywhere.

QString fixed(double value, int decimals = 4)
{
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("n/a");
}

/// Shortest text that reads back as the same double.
QString exact(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QJsonValue jsonNumber(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

/// The machine-readable summary: one compact JSON object, always the last line.
void printJsonLine(QTextStream &out, const QJsonObject &summary)
{
    out << QString::fromUtf8(QJsonDocument(summary).toJson(QJsonDocument::Compact)) << '\n';
}

/// A text table whose columns are padded to their widest cell. The first
/// `leftAligned` columns hold names and are left-aligned; the rest hold numbers
/// and are right-aligned so that their digits line up.
class TextTable
{
public:
    explicit TextTable(int leftAligned = 1)
        : m_leftAligned(leftAligned)
    {}

    void addRow(const QStringList &cells) { m_rows.push_back(cells); }

    void print(QTextStream &out, const QString &indent = QStringLiteral("  ")) const
    {
        std::vector<qsizetype> widths;
        for (const QStringList &row : m_rows) {
            widths.resize(std::max(widths.size(), std::size_t(row.size())), 0);
            for (qsizetype column = 0; column < row.size(); ++column)
                widths[column] = std::max(widths[column], row[column].size());
        }
        for (const QStringList &row : m_rows) {
            QString line = indent;
            for (qsizetype column = 0; column < row.size(); ++column) {
                if (column > 0)
                    line += QStringLiteral("  ");
                line += column < m_leftAligned ? row[column].leftJustified(widths[column])
                                               : row[column].rightJustified(widths[column]);
            }
            // Trailing padding of a left-aligned last column is noise.
            while (line.endsWith(QLatin1Char(' ')))
                line.chop(1);
            out << line << '\n';
        }
    }

private:
    int m_leftAligned;
    std::vector<QStringList> m_rows;
};

void printEvaluation(QTextStream &out, const Evaluation &evaluation, const QStringList &classNames)
{
    out << "Accuracy       " << fixed(evaluation.accuracy) << " (" << evaluation.confusion.trace()
        << " of " << evaluation.rowCount() << " rows)\n";
    out << "Macro-F1       " << fixed(evaluation.macroF1) << "\n\n";

    out << "Confusion matrix (rows: true class, columns: predicted class)\n";
    TextTable confusion;
    confusion.addRow(QStringList{QString()} + classNames);
    for (int truth = 0; truth < int(classNames.size()); ++truth) {
        QStringList row{classNames[truth]};
        for (int predicted = 0; predicted < int(classNames.size()); ++predicted)
            row << QString::number(evaluation.confusion(truth, predicted));
        confusion.addRow(row);
    }
    confusion.print(out);

    // An undefined precision (class never predicted) or recall (class absent)
    // is shown as n/a rather than as the 0 it counts as in F1.
    out << "\nPer class\n";
    TextTable perClass;
    perClass.addRow({QStringLiteral("class"), QStringLiteral("precision"), QStringLiteral("recall"),
                     QStringLiteral("F1"), QStringLiteral("support")});
    for (std::size_t k = 0; k < evaluation.perClass.size(); ++k) {
        const ClassMetrics &metrics = evaluation.perClass[k];
        perClass.addRow(
            {classNames.value(qsizetype(k)),
             metrics.precisionDefined ? fixed(metrics.precision) : QStringLiteral("n/a"),
             metrics.recallDefined ? fixed(metrics.recall) : QStringLiteral("n/a"),
             fixed(metrics.f1), QString::number(metrics.support)});
    }
    perClass.print(out);
}

// ---------------------------------------------------------------------------
// Parsing

int fail(QTextStream &err, const QString &message, int code)
{
    err << "trm: " << message << '\n';
    return code;
}

QString helpText(const QCommandLineParser &parser, const QString &command)
{
    // Qt names the running executable in the usage line; the program is `trm`
    // whichever file runs it (a test binary, an installed path).
    QString text = parser.helpText();
    const QString usage = QStringLiteral("Usage: ");
    const QString executable = QCoreApplication::instance() ? QCoreApplication::arguments().value(0)
                                                            : QStringLiteral("<executable_name>");
    if (text.startsWith(usage + executable))
        text.replace(0, usage.size() + executable.size(), usage + QStringLiteral("trm ") + command);
    return text;
}

void addFlag(QCommandLineParser &parser, const QString &name, const QString &description)
{
    parser.addOption(QCommandLineOption(name, description));
}

/// QCommandLineParser does not show default values in its help, so the
/// description carries it.
void addValue(QCommandLineParser &parser, const QString &name, const QString &valueName,
              const QString &description, const QString &defaultValue = {})
{
    const QString shown = defaultValue.isEmpty()
                              ? description
                              : description + QStringLiteral(" Default: %1.").arg(defaultValue);
    parser.addOption(QCommandLineOption(name, shown, valueName, defaultValue));
}

/// The options shared by `train` and `cv`, with defaults read from the structs
/// so that the help always shows what a run really uses.
void addRunOptions(QCommandLineParser &parser, bool withTestShare)
{
    const RunSettings defaults;
    const TrmConfig &model = defaults.model;
    const TrainingOptions &training = defaults.training;
    addValue(parser, QStringLiteral("target"), QStringLiteral("COLUMN"),
             QStringLiteral("Target column, by name or 1-based number (default: a column named "
                            "like class, target, label, outcome ..., else the last categorical "
                            "column, else the last one)."));
    QStringList presetKeys;
    for (const Preset &preset : presets())
        presetKeys << presetKey(preset);
    addValue(parser, QStringLiteral("preset"), QStringLiteral("NAME"),
             QStringLiteral("Start from a preset's hyperparameters (%1); options given as well "
                            "override it.")
                 .arg(presetKeys.join(QStringLiteral(", "))));
    addValue(parser, QStringLiteral("hidden"), QStringLiteral("D"),
             QStringLiteral("Hidden size: width of x, y and z."),
             QString::number(model.hiddenSize));
    addValue(parser, QStringLiteral("latent-steps"), QStringLiteral("N"),
             QStringLiteral("Latent refinements per cycle."), QString::number(model.latentSteps));
    addValue(parser, QStringLiteral("cycles"), QStringLiteral("T"),
             QStringLiteral("Cycles per supervision step; only the last is trained."),
             QString::number(model.cycles));
    addValue(parser, QStringLiteral("supervision-steps"), QStringLiteral("N"),
             QStringLiteral("Deep-supervision steps."), QString::number(model.supervisionSteps));
    addValue(parser, QStringLiteral("layers"), QStringLiteral("L"),
             QStringLiteral("Residual SwiGLU blocks in the shared network."),
             QString::number(model.layers));
    addValue(parser, QStringLiteral("expansion"), QStringLiteral("X"),
             QStringLiteral("Inner width of a block, as a multiple of the hidden size."),
             QString::number(model.expansion));
    addFlag(parser, QStringLiteral("halting"),
            QStringLiteral("Let rows leave a batch early when the halting head says so."));
    addValue(parser, QStringLiteral("epochs"), QStringLiteral("N"),
             QStringLiteral("Most epochs to train."), QString::number(training.epochs));
    addValue(parser, QStringLiteral("batch"), QStringLiteral("B"),
             QStringLiteral("Rows per mini-batch."), QString::number(training.batchSize));
    addValue(parser, QStringLiteral("lr"), QStringLiteral("RATE"),
             QStringLiteral("AdamW learning rate."), exact(training.learningRate));
    addValue(parser, QStringLiteral("weight-decay"), QStringLiteral("W"),
             QStringLiteral("AdamW weight decay."), exact(training.weightDecay));
    addValue(parser, QStringLiteral("patience"), QStringLiteral("N"),
             QStringLiteral("Epochs without a better validation loss before stopping; 0 never "
                            "stops early."),
             QString::number(training.patience));
    if (withTestShare) {
        addValue(parser, QStringLiteral("test-size"), QStringLiteral("SHARE"),
                 QStringLiteral("Share of the rows held out for the test figures."),
                 exact(defaults.testShare));
    }
    addValue(parser, QStringLiteral("validation-size"), QStringLiteral("SHARE"),
             QStringLiteral("Share of the training rows held out for early stopping."),
             exact(defaults.validationShare));
    addValue(parser, QStringLiteral("seed"), QStringLiteral("N"),
             QStringLiteral("Seed of the split, the initialisation and the batch order."),
             QString::number(training.seed));
    addValue(parser, QStringLiteral("warmup"), QStringLiteral("STEPS"),
             QStringLiteral("Optimiser steps over which the learning rate rises linearly from "
                            "0; 0 starts at the full rate."),
             QString::number(training.warmupSteps));
    addFlag(parser, QStringLiteral("no-ema"),
            QStringLiteral("Evaluate the raw weights instead of their moving average."));
    addValue(parser, QStringLiteral("ema-decay"), QStringLiteral("DECAY"),
             QStringLiteral("Largest decay of the weights' moving average, below 1; closer to "
                            "1 averages over more steps."),
             exact(training.emaDecay));
}

/// How the data file is read: every setting is detected unless given here.
void addDataOptions(QCommandLineParser &parser)
{
    addValue(parser, QStringLiteral("ignore"), QStringLiteral("COL[,COL]"),
             QStringLiteral("Columns to leave out, by name or 1-based number."));
    addValue(parser, QStringLiteral("delimiter"), QStringLiteral("CHAR"),
             QStringLiteral("Field delimiter: comma, semicolon, tab, pipe or the character "
                            "itself (default: detected)."));
    addFlag(parser, QStringLiteral("header"),
            QStringLiteral("The first row holds the column names (default: detected)."));
    addFlag(parser, QStringLiteral("no-header"),
            QStringLiteral("The first row is data; columns are named column_1, column_2 ..."));
    addFlag(parser, QStringLiteral("decimal-comma"),
            QStringLiteral("Numbers use a decimal comma, as in 1,5 (default: detected)."));
    addValue(parser, QStringLiteral("missing"), QStringLiteral("LIST"),
             QStringLiteral("Comma-separated texts read as a missing value, replacing the "
                            "default list: empty, NA, N/A, NaN, null, ?, -."));
    addValue(parser, QStringLiteral("encoding"), QStringLiteral("NAME"),
             QStringLiteral("UTF-8, UTF-16LE, UTF-16BE or Windows-1252 (default: detected)."));
}

/// The data options as the import reads them.
Result<ImportOptions> importOptions(const QCommandLineParser &parser)
{
    ImportOptions options;
    options.target = parser.value(QStringLiteral("target"));
    const QString ignore = parser.value(QStringLiteral("ignore"));
    if (!ignore.isEmpty())
        options.ignore = ignore.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.isSet(QStringLiteral("delimiter"))) {
        const QString given = parser.value(QStringLiteral("delimiter"));
        const QHash<QString, char> named{{QStringLiteral("comma"), ','},
                                         {QStringLiteral("semicolon"), ';'},
                                         {QStringLiteral("tab"), '\t'},
                                         {QStringLiteral("\\t"), '\t'},
                                         {QStringLiteral("pipe"), '|'}};
        if (given == QLatin1String("\""))
            return makeError(QStringLiteral("--delimiter: the double quote cannot be the "
                                            "delimiter: it quotes fields"));
        if (named.contains(given.toLower()))
            options.delimiter = named.value(given.toLower());
        else if (given.size() == 1 && given.front().unicode() < 0x80)
            options.delimiter = char(given.front().unicode());
        else
            return makeError(QStringLiteral("--delimiter: expected comma, semicolon, tab, pipe or "
                                            "one character, found '%1'")
                                 .arg(given));
    }
    if (parser.isSet(QStringLiteral("header")) && parser.isSet(QStringLiteral("no-header")))
        return makeError(QStringLiteral("--header and --no-header contradict each other"));
    if (parser.isSet(QStringLiteral("header")))
        options.hasHeader = true;
    if (parser.isSet(QStringLiteral("no-header")))
        options.hasHeader = false;
    if (parser.isSet(QStringLiteral("decimal-comma")))
        options.decimalMark = ',';
    if (parser.isSet(QStringLiteral("missing")))
        options.missingMarkers = parser.value(QStringLiteral("missing")).split(QLatin1Char(','));
    if (parser.isSet(QStringLiteral("encoding")))
        options.encoding = parser.value(QStringLiteral("encoding"));
    return options;
}

void describeColumns(QTextStream &err, const Dataset &dataset);

/// Reads DATA.csv for train and cv; what the import decided goes to `err`.
Result<Dataset> loadTrainingData(const QCommandLineParser &parser, QTextStream &err)
{
    const Result<ImportOptions> options = importOptions(parser);
    if (!options)
        return options.error();
    const QString path = parser.positionalArguments().at(0);
    Result<Dataset> dataset = importDataset(path, options.value());
    if (dataset) {
        for (const QString &notice : dataset.value().notices)
            err << path << ": " << notice << '\n';
        describeColumns(err, dataset.value());
        err.flush();
    }
    return dataset;
}

void addJsonOption(QCommandLineParser &parser)
{
    addFlag(parser, QStringLiteral("json"),
            QStringLiteral("End the output with one line of JSON holding the headline figures."));
}

/// Parses `arguments` (the subcommand's name first). Returns an exit code when
/// the command should stop here: after --help, or on bad usage.
std::optional<int> parseCommand(QCommandLineParser &parser, const QStringList &arguments,
                                const QStringList &positionals, QTextStream &out, QTextStream &err)
{
    const QString command = arguments.value(0);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    const QString hint = QStringLiteral(" (see 'trm %1 --help')").arg(command);
    if (!parser.parse(arguments)) {
        // In the same words as every other refusal, rather than Qt's.
        const QStringList unknown = parser.unknownOptionNames();
        QString problem = parser.errorText();
        if (!unknown.isEmpty()) {
            problem =
                QStringLiteral("unknown option '%1%2'")
                    .arg(unknown.front().size() == 1 ? QStringLiteral("-") : QStringLiteral("--"),
                         unknown.front());
        } else if (problem.startsWith(QLatin1String("Missing value after '"))) {
            problem =
                QStringLiteral("%1 needs a value").arg(problem.section(QLatin1Char('\''), 1, 1));
        }
        return fail(err, command + QStringLiteral(": ") + problem + hint, ExitBadInput);
    }
    // "--hidden --epochs 3" gives --hidden the value "--epochs": say so, not
    // that 3 is an unexpected argument.
    for (const QString &name : parser.optionNames()) {
        const QString value = parser.value(name);
        if (value.size() > 2 && value.startsWith(QLatin1String("--")) && value.at(2).isLetter()) {
            return fail(err,
                        QStringLiteral("%1: --%2 needs a value, but the next word is the option "
                                       "'%3'%4")
                            .arg(command, name, value, hint),
                        ExitBadInput);
        }
    }
    if (parser.isSet(help)) {
        out << helpText(parser, command);
        return ExitSuccess;
    }
    const QStringList given = parser.positionalArguments();
    if (given.size() < positionals.size()) {
        return fail(err,
                    QStringLiteral("%1: missing %2%3")
                        .arg(command, positionals.mid(given.size()).join(QLatin1Char(' ')), hint),
                    ExitBadInput);
    }
    if (given.size() > positionals.size()) {
        return fail(err,
                    QStringLiteral("%1: unexpected argument '%2'%3")
                        .arg(command, given.at(positionals.size()), hint),
                    ExitBadInput);
    }
    return std::nullopt;
}

Result<int> intValue(const QCommandLineParser &parser, const QString &name)
{
    const QString text = parser.value(name);
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok) {
        return makeError(
            QStringLiteral("--%1: expected a whole number, found '%2'").arg(name, text));
    }
    return value;
}

Result<double> doubleValue(const QCommandLineParser &parser, const QString &name)
{
    const QString text = parser.value(name);
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return makeError(QStringLiteral("--%1: expected a number, found '%2'").arg(name, text));
    return value;
}

Result<double> shareValue(const QCommandLineParser &parser, const QString &name)
{
    Result<double> share = doubleValue(parser, name);
    if (share && (share.value() < 0 || share.value() >= 1)) {
        return makeError(QStringLiteral("--%1: expected a share from 0 up to (not including) 1, "
                                        "found %2")
                             .arg(name, parser.value(name)));
    }
    return share;
}

/// Reads the run options into settings, checking each the way the core will.
Result<RunSettings> runSettings(const QCommandLineParser &parser, bool withTestShare)
{
    RunSettings settings;
    if (parser.isSet(QStringLiteral("preset"))) {
        const QString name = parser.value(QStringLiteral("preset"));
        const Preset *preset = findPresetByKey(name);
        if (!preset) {
            QStringList keys;
            for (const Preset &known : presets())
                keys << presetKey(known);
            return makeError(QStringLiteral("--preset: no preset '%1'; choose one of %2")
                                 .arg(name, keys.join(QStringLiteral(", "))));
        }
        settings = preset->applyTo(settings);
    }
    // Only the options given are read, so that a preset's values stay where
    // the command line says nothing (the defaults are the structs' own).
    const auto given = [&parser](const char *name) { return parser.isSet(QLatin1String(name)); };
    // Each integer option and the field it sets.
    const std::pair<const char *, int *> integers[] = {
        {"hidden", &settings.model.hiddenSize},
        {"latent-steps", &settings.model.latentSteps},
        {"cycles", &settings.model.cycles},
        {"supervision-steps", &settings.model.supervisionSteps},
        {"layers", &settings.model.layers},
        {"expansion", &settings.model.expansion},
        {"epochs", &settings.training.epochs},
        {"batch", &settings.training.batchSize},
        {"patience", &settings.training.patience},
        {"warmup", &settings.training.warmupSteps},
    };
    for (const auto &[name, field] : integers) {
        if (!given(name))
            continue;
        Result<int> value = intValue(parser, QLatin1String(name));
        if (!value)
            return value.error();
        *field = value.value();
    }
    const std::pair<const char *, double *> doubles[] = {
        {"lr", &settings.training.learningRate},
        {"weight-decay", &settings.training.weightDecay},
        {"ema-decay", &settings.training.emaDecay},
    };
    for (const auto &[name, field] : doubles) {
        if (!given(name))
            continue;
        Result<double> value = doubleValue(parser, QLatin1String(name));
        if (!value)
            return value.error();
        *field = value.value();
    }
    if (given("validation-size")) {
        Result<double> validationShare = shareValue(parser, QStringLiteral("validation-size"));
        if (!validationShare)
            return validationShare.error();
        settings.validationShare = validationShare.value();
    }
    if (withTestShare && given("test-size")) {
        Result<double> testShare = shareValue(parser, QStringLiteral("test-size"));
        if (!testShare)
            return testShare.error();
        settings.testShare = testShare.value();
    }
    if (given("seed")) {
        bool seedOk = false;
        const QString seedText = parser.value(QStringLiteral("seed"));
        settings.training.seed = seedText.toULongLong(&seedOk);
        if (!seedOk || seedText.isEmpty() || !seedText.front().isDigit()) {
            return makeError(QStringLiteral("--seed: expected a whole number from 0 to "
                                            "18446744073709551615, found '%1'")
                                 .arg(seedText));
        }
    }
    if (given("halting"))
        settings.model.halting = true;
    if (given("no-ema"))
        settings.training.ema = false;

    // The data fills in the input size and class count later; placeholders let
    // the other hyperparameters be checked before any file is read.
    TrmConfig shape = settings.model;
    shape.inputSize = 1;
    shape.classCount = 2;
    if (Result<void> valid = shape.validate(); !valid)
        return valid.error();
    if (Result<void> valid = settings.training.validate(); !valid)
        return valid.error();
    return settings;
}

QString plural(long long count, const QString &singular, const QString &pluralForm = {})
{
    return counted(count, singular,
                   pluralForm.isEmpty() ? singular + QLatin1Char('s') : pluralForm);
}

/// Refuses an output path that cannot be written before any work is done: its
/// folder must exist and be writable, and the path must not be a folder.
Result<void> checkOutputPath(const QString &option, const QString &path)
{
    const QFileInfo file(path);
    if (file.isDir())
        return makeError(
            QStringLiteral("--%1: %2 is a folder; give a file name").arg(option, path));
    const QFileInfo folder(file.absolutePath());
    if (folder.exists() && !folder.isDir())
        return makeError(QStringLiteral("--%1: %2: %3 is a file, not a folder")
                             .arg(option, path, folder.absoluteFilePath()));
    if (!folder.isDir())
        return makeError(QStringLiteral("--%1: %2: the folder %3 does not exist")
                             .arg(option, path, folder.absoluteFilePath()));
    if (!folder.isWritable())
        return makeError(QStringLiteral("--%1: %2: the folder %3 is not writable")
                             .arg(option, path, folder.absoluteFilePath()));
    return {};
}

void describeDataset(QTextStream &stream, const Dataset &dataset)
{
    stream << "Data           " << dataset.sourcePath << ": "
           << plural(dataset.rowCount(), QStringLiteral("row")) << ", "
           << plural(dataset.featureCount(), QStringLiteral("feature")) << ", "
           << plural(dataset.classCount(), QStringLiteral("class"), QStringLiteral("classes"))
           << " (target '" << dataset.targetName << "')\n";
}

long long parameterCount(TrmConfig config, const Dataset &dataset)
{
    config.inputSize = dataset.featureCount();
    config.classCount = dataset.classCount();
    return config.parameterCount();
}

// ---------------------------------------------------------------------------
// Subcommands

int runTrain(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Train a model on DATA.csv and report its figures on the held-out "
                       "test rows. Progress goes to standard error."));
    parser.addPositionalArgument(
        QStringLiteral("DATA.csv"),
        QStringLiteral("Delimited table (delimiter, header, decimal mark and column types "
                       "are detected; see the import options)."));
    addRunOptions(parser, true);
    addDataOptions(parser);
    addValue(parser, QStringLiteral("out"), QStringLiteral("MODEL.json"),
             QStringLiteral("Save the trained model to this file."));
    addJsonOption(parser);
    if (std::optional<int> code =
            parseCommand(parser, arguments, {QStringLiteral("DATA.csv")}, out, err)) {
        return *code;
    }
    const Result<RunSettings> settings = runSettings(parser, true);
    if (!settings)
        return fail(err, settings.error().message, ExitBadInput);
    if (parser.isSet(QStringLiteral("out"))) {
        if (Result<void> usable =
                checkOutputPath(QStringLiteral("out"), parser.value(QStringLiteral("out")));
            !usable)
            return fail(err, usable.error().message, ExitBadInput);
    }
    const Result<Dataset> dataset = loadTrainingData(parser, err);
    if (!dataset)
        return fail(err, dataset.error().message, ExitBadInput);

    const EpochCallback progress = [&err](const EpochReport &report) {
        if (report.epoch == 1 || report.epoch % progressInterval == 0) {
            err << "epoch " << QString::number(report.epoch).rightJustified(4) << "  train loss "
                << fixed(report.trainLoss) << "  val loss " << fixed(report.validationLoss)
                << "  val accuracy " << fixed(report.validationAccuracy) << '\n';
            err.flush();
        }
        return true;
    };
    // A split that a class is too small for is a problem of the data: refuse it
    // as bad input before training, with the options that would make room.
    // Failures past this point come from training itself (a diverging loss), not
    // from how trm was called.
    const Dataset &data = dataset.value();
    if (Result<Split> split = stratifiedSplit(
            data.labels, data.classCount(), settings.value().testShare,
            settings.value().validationShare, settings.value().training.seed, data.classNames);
        !split) {
        return fail(err,
                    located(data.sourcePath,
                            split.error().message +
                                QStringLiteral("; lower --test-size or --validation-size (0 "
                                               "leaves that set out)")),
                    ExitBadInput);
    }
    Result<TrainingRun> setup = TrainingRun::start(dataset.value(), settings.value());
    if (!setup)
        return fail(err, setup.error().message, ExitBadInput);
    const Result<RunOutcome> result = trainToEnd(setup.value(), progress);
    if (!result)
        return fail(err, result.error().message, ExitFailure);
    const RunOutcome &outcome = result.value();
    const long long params = outcome.trained.model.config().parameterCount();
    int bestEpoch = 0;
    for (const EpochReport &report : outcome.history) {
        if (report.improved)
            bestEpoch = report.epoch;
    }

    describeDataset(out, dataset.value());
    out << "Split          " << outcome.split.train.size() << " train, "
        << outcome.split.validation.size() << " validation, " << outcome.split.test.size()
        << " test\n";
    out << "Parameters     " << params << '\n';
    out << "Epochs         " << outcome.history.size() << " run, best " << bestEpoch;
    if (outcome.stoppedEarly)
        out << " (stopped early: patience ran out)";
    out << '\n';
    out << "Time           " << fixed(outcome.seconds, 2) << " s\n\n";

    const bool tested = !outcome.split.test.empty();
    if (tested) {
        out << "Test rows\n";
        printEvaluation(out, outcome.test, outcome.trained.classNames);
    } else {
        out << "No test rows (--test-size 0), so there are no test figures.\n";
    }

    if (parser.isSet(QStringLiteral("out"))) {
        const QString path = parser.value(QStringLiteral("out"));
        if (Result<void> saved = saveModel(outcome.trained, path); !saved)
            return fail(err, saved.error().message, ExitFailure);
        out << "\nModel saved to " << path << '\n';
    }
    if (parser.isSet(QStringLiteral("json"))) {
        const double nan = std::nan("");
        printJsonLine(
            out, QJsonObject{
                     {QStringLiteral("accuracy"), jsonNumber(tested ? outcome.test.accuracy : nan)},
                     {QStringLiteral("macro_f1"), jsonNumber(tested ? outcome.test.macroF1 : nan)},
                     {QStringLiteral("params"), params},
                     {QStringLiteral("epochs"), qint64(outcome.history.size())},
                     {QStringLiteral("best_epoch"), bestEpoch},
                     {QStringLiteral("seconds"), jsonNumber(outcome.seconds)},
                 });
    }
    return ExitSuccess;
}

int runCrossValidation(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Estimate accuracy, balanced accuracy, macro precision, recall and F1, "
                       "weighted F1 and log loss (mean and sample standard deviation over the "
                       "folds) by repeated stratified k-fold cross-validation: each row is "
                       "tested once per repeat by a model that never saw it."));
    parser.addPositionalArgument(
        QStringLiteral("DATA.csv"),
        QStringLiteral("Delimited table (delimiter, header, decimal mark and column types "
                       "are detected; see the import options)."));
    addValue(parser, QStringLiteral("folds"), QStringLiteral("K"),
             QStringLiteral("Folds per repeat."), QString::number(defaultFolds));
    addValue(parser, QStringLiteral("repeats"), QStringLiteral("R"),
             QStringLiteral("Repeats, each with its own fold assignment (seed + repeat)."),
             QString::number(defaultRepeats));
    addRunOptions(parser, false);
    addDataOptions(parser);
    addJsonOption(parser);
    if (std::optional<int> code =
            parseCommand(parser, arguments, {QStringLiteral("DATA.csv")}, out, err)) {
        return *code;
    }
    const Result<RunSettings> settings = runSettings(parser, false);
    if (!settings)
        return fail(err, settings.error().message, ExitBadInput);
    const Result<int> folds = intValue(parser, QStringLiteral("folds"));
    if (!folds)
        return fail(err, folds.error().message, ExitBadInput);
    if (folds.value() < 2) {
        return fail(err,
                    QStringLiteral("--folds: expected at least 2, found %1").arg(folds.value()),
                    ExitBadInput);
    }
    const Result<int> repeats = intValue(parser, QStringLiteral("repeats"));
    if (!repeats)
        return fail(err, repeats.error().message, ExitBadInput);
    if (repeats.value() < 1) {
        return fail(err,
                    QStringLiteral("--repeats: expected at least 1, found %1").arg(repeats.value()),
                    ExitBadInput);
    }
    const Result<Dataset> dataset = loadTrainingData(parser, err);
    if (!dataset)
        return fail(err, dataset.error().message, ExitBadInput);

    const auto progress = [&err](const FoldProgress &at) {
        if (at.epoch == 0) {
            err << "fold " << at.done << " of " << at.total << " done\n";
            err.flush();
        }
        return true;
    };
    // Folds that a class is too small for are a problem of the data, not of training.
    if (Result<std::vector<std::vector<int>>> assignment =
            stratifiedFolds(dataset.value().labels, dataset.value().classCount(), folds.value(),
                            settings.value().training.seed, dataset.value().classNames);
        !assignment) {
        return fail(err,
                    located(dataset.value().sourcePath,
                            assignment.error().message + QStringLiteral("; use fewer --folds")),
                    ExitBadInput);
    }
    const Result<CrossValidation> result =
        crossValidate(dataset.value(), settings.value(), folds.value(), repeats.value(), progress);
    if (!result)
        return fail(err, result.error().message, ExitFailure);
    const CrossValidation &cv = result.value();
    const long long params = parameterCount(settings.value().model, dataset.value());

    describeDataset(out, dataset.value());
    out << "Folds          " << folds.value() << " x "
        << plural(repeats.value(), QStringLiteral("repeat")) << " = "
        << plural(qint64(cv.folds.size()), QStringLiteral("model")) << '\n';
    out << "Parameters     " << params << '\n';
    out << "Time           " << fixed(cv.seconds, 2) << " s\n\n";
    // The same metrics, in the same order, as the window's cross-validation.
    const FoldSummary &summary = cv.summary;
    out << "Mean ± sample standard deviation over " << summary.folds << " models:\n";
    QJsonObject json;
    for (const SummaryFigure &metric : summaryFigures(summary)) {
        const double nan = std::nan("");
        const double mean = metric.spread ? metric.spread->mean : nan;
        const double deviation = metric.spread ? metric.spread->std : nan;
        out << "  " << metric.name.leftJustified(19) << fixed(mean) << " ± " << fixed(deviation)
            << '\n';
        json.insert(metric.key, jsonNumber(mean));
        json.insert(metric.key + QStringLiteral("_std"), jsonNumber(deviation));
    }

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray foldAccuracy;
        for (const Evaluation &fold : cv.folds)
            foldAccuracy.append(jsonNumber(fold.accuracy));
        json.insert(QStringLiteral("fold_accuracy"), foldAccuracy);
        json.insert(QStringLiteral("folds"), folds.value());
        json.insert(QStringLiteral("repeats"), repeats.value());
        json.insert(QStringLiteral("evaluations"), qint64(cv.folds.size()));
        json.insert(QStringLiteral("params"), params);
        json.insert(QStringLiteral("seconds"), jsonNumber(cv.seconds));
        printJsonLine(out, json);
    }
    return ExitSuccess;
}

/// A saved model and the rows of a CSV file matched to its features.
struct ModelAndRows
{
    TrainedModel model;
    LabelledRows rows;
};

/// Rows are read with the model's import recipe; its notices (columns ignored,
/// unseen categories) go to `err` when given.
Result<ModelAndRows> loadModelAndRows(const QString &modelPath, const QString &dataPath,
                                      QTextStream *err = nullptr)
{
    Result<TrainedModel> model = loadModel(modelPath);
    if (!model)
        return model.error();
    const TrainedModel &trained = model.value();
    Result<LabelledRows> rows = loadRowsWithRecipe(dataPath, trained.recipe);
    if (!rows)
        return rows.error();
    if (err) {
        for (const QString &notice : rows.value().notices)
            *err << dataPath << ": " << notice << '\n';
        err->flush();
    }
    return ModelAndRows{std::move(model).value(), std::move(rows).value()};
}

void addModelAndDataArguments(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("MODEL.json"),
                                 QStringLiteral("A model saved by trm train or TRM Studio."));
    parser.addPositionalArgument(
        QStringLiteral("DATA.csv"),
        QStringLiteral("Table with the model's feature columns, by name, in any order."));
}

int runPredict(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Predict every row of DATA.csv. Writes CSV with the columns row (1-based "
                       "data row), predicted, and p_<class> for each class."));
    addModelAndDataArguments(parser);
    addValue(parser, QStringLiteral("out"), QStringLiteral("FILE.csv"),
             QStringLiteral("Write the predictions here instead of to standard output."));
    addValue(parser, QStringLiteral("id"), QStringLiteral("COLUMN"),
             QStringLiteral("Copy this column of DATA.csv into the output beside each row "
                            "(default: the identifier column chosen at import, if any)."));
    addJsonOption(parser);
    if (std::optional<int> code =
            parseCommand(parser, arguments,
                         {QStringLiteral("MODEL.json"), QStringLiteral("DATA.csv")}, out, err)) {
        return *code;
    }
    const bool toFile = parser.isSet(QStringLiteral("out"));
    const bool json = parser.isSet(QStringLiteral("json"));
    if (json && !toFile) {
        return fail(err,
                    QStringLiteral("predict: --json needs --out, since without it the CSV "
                                   "goes to standard output"),
                    ExitBadInput);
    }
    if (toFile) {
        if (Result<void> usable =
                checkOutputPath(QStringLiteral("out"), parser.value(QStringLiteral("out")));
            !usable)
            return fail(err, usable.error().message, ExitBadInput);
    }
    QElapsedTimer timer;
    timer.start();
    const QStringList positionals = parser.positionalArguments();
    const Result<TrainedModel> loaded = loadModel(positionals.at(0));
    if (!loaded)
        return fail(err, loaded.error().message, ExitBadInput);
    const TrainedModel &model = loaded.value();
    const QString idColumn = parser.isSet(QStringLiteral("id")) ? parser.value(QStringLiteral("id"))
                                                                : identifierColumn(model.recipe);
    const Result<FilePredictions> predicted = predictFile(model, positionals.at(1), idColumn);
    if (!predicted)
        return fail(err, predicted.error().message, ExitBadInput);
    const LabelledRows &rows = predicted.value().rows;
    for (const QString &notice : rows.notices)
        err << positionals.at(1) << ": " << notice << '\n';
    err.flush();
    const Eigen::MatrixXd &probabilities = predicted.value().probabilities;

    if (!toFile) {
        out << predicted.value().csv;
        return ExitSuccess;
    }
    const QString path = parser.value(QStringLiteral("out"));
    if (const Result<void> written =
            writeTextAtomically(path, predicted.value().csv, QStringLiteral("predictions"));
        !written)
        return fail(err, written.error().message, ExitFailure);
    out << "Wrote " << plural(probabilities.rows(), QStringLiteral("prediction")) << " to " << path
        << '\n';
    std::optional<Evaluation> evaluation;
    if (!rows.labels.empty()) {
        evaluation = evaluate(rows.labels, argMax(probabilities), int(model.classNames.size()));
        out << "Accuracy       " << fixed(evaluation->accuracy) << " (the file has the target "
            << "column '" << model.targetName << "')\n";
    }
    if (json) {
        const double nan = std::nan("");
        printJsonLine(
            out,
            QJsonObject{
                {QStringLiteral("rows"), qint64(probabilities.rows())},
                {QStringLiteral("accuracy"), jsonNumber(evaluation ? evaluation->accuracy : nan)},
                {QStringLiteral("macro_f1"), jsonNumber(evaluation ? evaluation->macroF1 : nan)},
                {QStringLiteral("params"), model.model.config().parameterCount()},
                {QStringLiteral("seconds"), timer.elapsed() / 1000.0},
            });
    }
    return ExitSuccess;
}

/// The averages and the log loss that printEvaluation leaves out.
void printAverages(QTextStream &out, const Evaluation &evaluation)
{
    out << "\nBalanced accuracy  " << fixed(evaluation.balancedAccuracy)
        << " (mean recall over the classes present)\n";
    out << "Log loss           "
        << (evaluation.logLoss ? fixed(*evaluation.logLoss) : QStringLiteral("n/a")) << '\n';
    TextTable averages;
    averages.addRow({QStringLiteral("average"), QStringLiteral("precision"),
                     QStringLiteral("recall"), QStringLiteral("F1")});
    averages.addRow({QStringLiteral("macro"), fixed(evaluation.macroPrecision),
                     fixed(evaluation.macroRecall), fixed(evaluation.macroF1)});
    averages.addRow({QStringLiteral("weighted"), fixed(evaluation.weightedPrecision),
                     fixed(evaluation.weightedRecall), fixed(evaluation.weightedF1)});
    averages.print(out);
}

void printComparison(QTextStream &out, const ReportData &report)
{
    out << "\nReferences (the same rows for each)\n";
    TextTable table;
    table.addRow({QStringLiteral("model"), QStringLiteral("accuracy"), QStringLiteral("balanced"),
                  QStringLiteral("macro-F1"), QStringLiteral("log loss")});
    for (const Reference &reference : report.comparison) {
        const Evaluation &e = reference.evaluation;
        table.addRow({reference.name, fixed(e.accuracy), fixed(e.balancedAccuracy),
                      fixed(e.macroF1), e.logLoss ? fixed(*e.logLoss) : QStringLiteral("n/a")});
    }
    table.print(out);
    out << "  " << report.comparisonNote << '\n';
}

QJsonObject evaluationJson(const Evaluation &e)
{
    return QJsonObject{
        {QStringLiteral("accuracy"), jsonNumber(e.accuracy)},
        {QStringLiteral("balanced_accuracy"), jsonNumber(e.balancedAccuracy)},
        {QStringLiteral("macro_f1"), jsonNumber(e.macroF1)},
        {QStringLiteral("log_loss"), e.logLoss ? jsonNumber(*e.logLoss) : QJsonValue()},
        {QStringLiteral("rows"), e.rowCount()},
    };
}

int runEvaluate(const QStringList &arguments, QTextStream &out, QTextStream &err,
                ReportWriter writeReport)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measure a saved model on DATA.csv, which needs the model's target "
                       "column for the true classes, and compare it with two references "
                       "(majority class, logistic regression) fitted on a stratified 70/30 "
                       "split of DATA.csv."));
    addModelAndDataArguments(parser);
    addValue(parser, QStringLiteral("report"), QStringLiteral("FILE"),
             QStringLiteral("Also write a report: FILE.html (self-contained), FILE.pdf or "
                            "FILE.csv (confusion matrix and metrics)."));
    addValue(parser, QStringLiteral("page-size"), QStringLiteral("SIZE"),
             QStringLiteral("Paper of a PDF report: a4 or letter."), QStringLiteral("a4"));
    addJsonOption(parser);
    if (std::optional<int> code =
            parseCommand(parser, arguments,
                         {QStringLiteral("MODEL.json"), QStringLiteral("DATA.csv")}, out, err)) {
        return *code;
    }
    const bool wantReport = parser.isSet(QStringLiteral("report"));
    if (wantReport && !writeReport) {
        return fail(err, QStringLiteral("evaluate: reports are not available in this build"),
                    ExitFailure);
    }
    // Report options are checked before the evaluation runs, so that a typo is
    // refused at once rather than after the whole table has been printed.
    const QString pageSize = parser.value(QStringLiteral("page-size")).toLower();
    if (pageSize != QLatin1String("a4") && pageSize != QLatin1String("letter")) {
        return fail(err,
                    QStringLiteral("--page-size: expected a4 or letter, found '%1'")
                        .arg(parser.value(QStringLiteral("page-size"))),
                    ExitBadInput);
    }
    if (wantReport) {
        static const QStringList formats = {QStringLiteral("html"), QStringLiteral("htm"),
                                            QStringLiteral("pdf"), QStringLiteral("csv")};
        const QString reportPath = parser.value(QStringLiteral("report"));
        const QFileInfo reportFile(reportPath);
        if (!formats.contains(reportFile.suffix().toLower())) {
            return fail(err,
                        QStringLiteral("--report: %1: expected a .html, .pdf or .csv file name")
                            .arg(reportPath),
                        ExitBadInput);
        }
        if (Result<void> usable = checkOutputPath(QStringLiteral("report"), reportPath); !usable)
            return fail(err, usable.error().message, ExitBadInput);
    }
    QElapsedTimer timer;
    timer.start();
    const QStringList positionals = parser.positionalArguments();
    const Result<ModelAndRows> loaded =
        loadModelAndRows(positionals.at(0), positionals.at(1), &err);
    if (!loaded)
        return fail(err, loaded.error().message, ExitBadInput);
    const TrainedModel &model = loaded.value().model;
    const LabelledRows &rows = loaded.value().rows;
    if (rows.labels.empty()) {
        return fail(err,
                    QStringLiteral("%1: no column '%2', which evaluate needs for the true classes")
                        .arg(positionals.at(1), model.targetName),
                    ExitBadInput);
    }
    const QString modelName = QFileInfo(positionals.at(0)).fileName();
    const Result<ReportData> report = reportForModel(model, rows, positionals.at(1), modelName);
    if (!report)
        return fail(err, report.error().message, ExitFailure);
    const Evaluation &evaluation = report.value().evaluation;
    const double seconds = timer.elapsed() / 1000.0;
    const long long params = model.model.config().parameterCount();

    out << "Model          " << positionals.at(0) << " (" << params << " parameters)\n";
    out << "Data           " << positionals.at(1) << ": "
        << plural(qint64(rows.labels.size()), QStringLiteral("row")) << '\n';
    printEvaluation(out, evaluation, model.classNames);
    printAverages(out, evaluation);
    printComparison(out, report.value());

    if (wantReport) {
        const QString path = parser.value(QStringLiteral("report"));
        const Result<void> written = writeReport(report.value(), path, pageSize);
        if (!written)
            return fail(err, written.error().message, ExitFailure);
        out << "\nReport written to " << path << '\n';
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject summary = evaluationJson(evaluation);
        QJsonArray references;
        for (const Reference &reference : report.value().comparison) {
            QJsonObject entry = evaluationJson(reference.evaluation);
            entry.insert(QStringLiteral("name"), reference.name);
            references.append(entry);
        }
        summary.insert(QStringLiteral("references"), references);
        summary.insert(QStringLiteral("params"), params);
        summary.insert(QStringLiteral("seconds"), seconds);
        printJsonLine(out, summary);
    }
    return ExitSuccess;
}

/// One answer update of a one-row trace, for `trm trace --row N --json`.
QJsonObject traceStepJson(const TraceStep &s, int step, const QStringList &classes, bool flipped)
{
    Eigen::Index predicted = 0;
    s.probabilities.row(0).maxCoeff(&predicted);
    QJsonArray probabilities;
    for (Eigen::Index k = 0; k < s.probabilities.cols(); ++k)
        probabilities.append(jsonNumber(s.probabilities(0, k)));
    return QJsonObject{
        {QStringLiteral("step"), step},
        {QStringLiteral("supervision_step"), s.supervisionStep},
        {QStringLiteral("cycle"), s.cycle},
        {QStringLiteral("trained"), s.carriedGradient},
        {QStringLiteral("predicted"), classes.value(predicted)},
        {QStringLiteral("flip"), flipped},
        {QStringLiteral("probabilities"), probabilities},
        {QStringLiteral("margin"), jsonNumber(probabilityMargin(s.probabilities.row(0)))},
        {QStringLiteral("halting"), jsonNumber(s.halting(0))},
        {QStringLiteral("answer_change"), jsonNumber(s.answerChange(0))},
        {QStringLiteral("latent_change"), jsonNumber(s.latentChange(0))},
        {QStringLiteral("answer_residual"), jsonNumber(s.answerResidual(0))},
    };
}

/// `trm trace --row N`: the per-step table of one row.
int printRowTrace(const QCommandLineParser &parser, const ModelAndRows &loaded, Depth depth,
                  QTextStream &out, QTextStream &err)
{
    const Result<int> row = intValue(parser, QStringLiteral("row"));
    if (!row)
        return fail(err, row.error().message, ExitBadInput);
    const QStringList positionals = parser.positionalArguments();
    const TrainedModel &model = loaded.model;
    const LabelledRows &rows = loaded.rows;
    const int rowCount = int(rows.features.rows());
    if (row.value() < 1 || row.value() > rowCount) {
        return fail(err,
                    QStringLiteral("--row: expected a data row from 1 to %1 of %2, found %3")
                        .arg(rowCount)
                        .arg(positionals.at(1))
                        .arg(row.value()),
                    ExitBadInput);
    }
    const int index = row.value() - 1;
    const Eigen::MatrixXd features = rows.features.row(index);
    const Trace trace = model.trace(features, depth);
    const QStringList &classes = model.classNames;
    const int trueClass = rows.labels.empty() ? -1 : rows.labels[std::size_t(index)];

    out << "Row " << row.value() << " of " << positionals.at(1);
    if (std::size_t(index) < rows.lineNumbers.size())
        out << " (line " << rows.lineNumbers[std::size_t(index)] << ')';
    out << ", true class "
        << (trueClass >= 0 ? classes.value(trueClass) : QStringLiteral("unknown")) << "\n\n";

    TextTable table(0);
    QStringList header{QStringLiteral("step"), QStringLiteral("sup"), QStringLiteral("cycle"),
                       QStringLiteral("trained"), QStringLiteral("predicted")};
    for (const QString &name : classes)
        header << QStringLiteral("p_") + name;
    header << QStringLiteral("halt") << QStringLiteral("|dy|") << QStringLiteral("|dz|")
           << QStringLiteral("flip");
    table.addRow(header);
    int previous = -1;
    int flips = 0;
    QJsonArray stepsJson;
    for (std::size_t step = 0; step < trace.steps.size(); ++step) {
        const TraceStep &s = trace.steps[step];
        Eigen::Index predicted = 0;
        s.probabilities.row(0).maxCoeff(&predicted);
        const bool prior = step == 0;
        const bool flipped = !prior && predicted != previous;
        flips += flipped ? 1 : 0;
        QStringList cells{
            QString::number(step), QString::number(s.supervisionStep), QString::number(s.cycle),
            prior ? QStringLiteral("-")
                  : (s.carriedGradient ? QStringLiteral("yes") : QStringLiteral("no")),
            classes.value(predicted)};
        for (Eigen::Index k = 0; k < s.probabilities.cols(); ++k)
            cells << fixed(s.probabilities(0, k));
        cells << fixed(s.halting(0)) << (prior ? QStringLiteral("-") : fixed(s.answerChange(0)))
              << (prior ? QStringLiteral("-") : fixed(s.latentChange(0)))
              << (flipped ? QStringLiteral("yes") : QStringLiteral("-"));
        table.addRow(cells);
        stepsJson.append(traceStepJson(s, int(step), classes, flipped));
        previous = int(predicted);
    }
    table.print(out, QString());

    const QString verdict = trueClass < 0           ? QString()
                            : previous == trueClass ? QStringLiteral(", right")
                                                    : QStringLiteral(", wrong");
    out << "\nPrediction: " << classes.value(previous) << verdict << " ("
        << plural(flips, QStringLiteral("change")) << " of mind along the way)\n";
    if (parser.isSet(QStringLiteral("json"))) {
        printJsonLine(
            out, QJsonObject{
                     {QStringLiteral("row"), row.value()},
                     {QStringLiteral("predicted"), classes.value(previous)},
                     {QStringLiteral("true"), trueClass >= 0 ? QJsonValue(classes.value(trueClass))
                                                             : QJsonValue(QJsonValue::Null)},
                     {QStringLiteral("steps"), qint64(trace.steps.size())},
                     {QStringLiteral("flips"), flips},
                     {QStringLiteral("classes"), QJsonArray::fromStringList(classes)},
                     {QStringLiteral("trace"), stepsJson},
                     {QStringLiteral("params"), model.model.config().parameterCount()},
                 });
    }
    return ExitSuccess;
}

/// `trm trace --steps`: accuracy over every labelled row after each answer update.
int printStepAccuracy(const QCommandLineParser &parser, const ModelAndRows &loaded, Depth depth,
                      QTextStream &out, QTextStream &err)
{
    const QStringList positionals = parser.positionalArguments();
    const TrainedModel &model = loaded.model;
    const LabelledRows &rows = loaded.rows;
    if (rows.labels.empty()) {
        return fail(err,
                    QStringLiteral("%1: no column '%2', which trace --steps needs for the true "
                                   "classes")
                        .arg(positionals.at(1), model.targetName),
                    ExitBadInput);
    }
    const TrmConfig &config = model.model.config();
    const int cycles = depth.cycles > 0 ? depth.cycles : config.cycles;
    const Trace trace = model.trace(rows.features, depth);
    const Eigen::MatrixXi predictions = stepPredictions(trace);
    const std::vector<double> accuracy = accuracyPerStep(predictions, rows.labels);
    const int rowCount = int(rows.labels.size());

    out << "Model          " << positionals.at(0) << " (" << config.parameterCount()
        << " parameters)\n";
    out << "Data           " << positionals.at(1) << ": " << plural(rowCount, QStringLiteral("row"))
        << '\n';
    out << "Depth          " << plural(cycles, QStringLiteral("cycle")) << " x "
        << plural(config.supervisionSteps, QStringLiteral("supervision step")) << " (trained with "
        << plural(config.cycles, QStringLiteral("cycle")) << ")\n\n";

    TextTable table(0);
    table.addRow({QStringLiteral("step"), QStringLiteral("sup"), QStringLiteral("cycle"),
                  QStringLiteral("trained"), QStringLiteral("accuracy"), QStringLiteral("right"),
                  QStringLiteral("fixed"), QStringLiteral("broken")});
    QJsonArray accuracyJson;
    for (std::size_t step = 0; step < trace.steps.size(); ++step) {
        const TraceStep &s = trace.steps[step];
        const StepChanges changes = changesAtStep(predictions, rows.labels, int(step));
        const bool prior = step == 0;
        table.addRow({QString::number(step), QString::number(s.supervisionStep),
                      QString::number(s.cycle),
                      prior ? QStringLiteral("-")
                            : (s.carriedGradient ? QStringLiteral("yes") : QStringLiteral("no")),
                      fixed(accuracy[step]), QString::number(qRound(accuracy[step] * rowCount)),
                      prior ? QStringLiteral("-") : QString::number(changes.fixed.size()),
                      prior ? QStringLiteral("-") : QString::number(changes.broken.size())});
        accuracyJson.append(jsonNumber(accuracy[step]));
    }
    table.print(out, QString());
    out << "\nFinal accuracy " << fixed(accuracy.back()) << " after "
        << plural(qint64(trace.steps.size()) - 1, QStringLiteral("answer update")) << '\n';
    if (parser.isSet(QStringLiteral("json"))) {
        printJsonLine(out, QJsonObject{
                               {QStringLiteral("rows"), rowCount},
                               {QStringLiteral("cycles"), cycles},
                               {QStringLiteral("trained_cycles"), config.cycles},
                               {QStringLiteral("supervision_steps"), config.supervisionSteps},
                               {QStringLiteral("steps"), qint64(trace.steps.size())},
                               {QStringLiteral("accuracy"), accuracyJson},
                               {QStringLiteral("final_accuracy"), jsonNumber(accuracy.back())},
                               {QStringLiteral("params"), config.parameterCount()},
                           });
    }
    return ExitSuccess;
}

int runTrace(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show how the prediction for one row forms, answer update by answer "
                       "update: step 0 is the prior guess from y_init, then T cycles per "
                       "supervision step. 'trained' marks the cycle that carried gradient in "
                       "training; |dy| and |dz| are how far the answer and latent states moved. "
                       "With --steps, show the accuracy over all rows after each answer update "
                       "instead."));
    addModelAndDataArguments(parser);
    addValue(parser, QStringLiteral("row"), QStringLiteral("N"),
             QStringLiteral("Data row to trace, 1-based (the header is not a row)."));
    parser.addOption(QCommandLineOption(
        QStringLiteral("steps"),
        QStringLiteral("Accuracy on every row of DATA.csv (which needs the target column) after "
                       "each answer update, with the rows each update fixed and broke.")));
    addValue(parser, QStringLiteral("cycles"), QStringLiteral("K"),
             QStringLiteral("Cycles per supervision step, to run deeper or shallower than the "
                            "model was trained. Default: as trained."));
    addJsonOption(parser);
    if (std::optional<int> code =
            parseCommand(parser, arguments,
                         {QStringLiteral("MODEL.json"), QStringLiteral("DATA.csv")}, out, err)) {
        return *code;
    }
    const bool steps = parser.isSet(QStringLiteral("steps"));
    const bool row = parser.isSet(QStringLiteral("row"));
    if (!steps && !row) {
        return fail(err,
                    QStringLiteral("trace: --row N is required, or --steps for the accuracy "
                                   "after each answer update (see 'trm trace --help')"),
                    ExitBadInput);
    }
    if (steps && row) {
        return fail(err, QStringLiteral("trace: give either --row N or --steps, not both"),
                    ExitBadInput);
    }
    Depth depth;
    if (parser.isSet(QStringLiteral("cycles"))) {
        const Result<int> cycles = intValue(parser, QStringLiteral("cycles"));
        if (!cycles)
            return fail(err, cycles.error().message, ExitBadInput);
        if (cycles.value() < 1 || cycles.value() > TrmConfig::maxSteps) {
            return fail(err,
                        QStringLiteral("--cycles: expected a number from 1 to %1, found %2")
                            .arg(TrmConfig::maxSteps)
                            .arg(cycles.value()),
                        ExitBadInput);
        }
        depth.cycles = cycles.value();
    }
    const QStringList positionals = parser.positionalArguments();
    const Result<ModelAndRows> loaded =
        loadModelAndRows(positionals.at(0), positionals.at(1), &err);
    if (!loaded)
        return fail(err, loaded.error().message, ExitBadInput);
    return steps ? printStepAccuracy(parser, loaded.value(), depth, out, err)
                 : printRowTrace(parser, loaded.value(), depth, out, err);
}

// ---------------------------------------------------------------------------
// What the import decided

QString missingMarkerList(const QStringList &markers)
{
    QStringList shown;
    for (const QString &marker : markers)
        shown.append(marker.trimmed().isEmpty() ? QStringLiteral("(empty)") : marker);
    return shown.join(QStringLiteral(", "));
}

/// Rows per class of the imported table, in class order.
std::vector<int> classCounts(const Dataset &dataset)
{
    std::vector<int> counts(std::size_t(dataset.classCount()), 0);
    for (int label : dataset.labels)
        ++counts[std::size_t(label)];
    return counts;
}

QString ignoredBecause(const ColumnProfile &column)
{
    return column.reason.isEmpty() ? QStringLiteral("ignored as asked") : column.reason;
}

/// The column summary `train` and `cv` print to the error stream after the
/// import's notices: features with their types, the ignored columns (with
/// "ignored as asked" where no notice gave a reason), and the target.
void describeColumns(QTextStream &err, const Dataset &dataset)
{
    QStringList features, ignored;
    for (const ColumnProfile &column : dataset.columnProfiles) {
        if (column.role == ColumnRole::Feature)
            features.append(QStringLiteral("%1 (%2)").arg(column.name, typeName(column.type)));
        else if (column.role == ColumnRole::Ignore)
            // A column left out for a reason has had its notice printed already.
            ignored.append(column.reason.isEmpty()
                               ? QStringLiteral("%1 (%2)").arg(column.name, ignoredBecause(column))
                               : column.name);
    }
    const QString &path = dataset.sourcePath;
    err << path << ": target '" << dataset.targetName << "' ("
        << plural(dataset.classCount(), QStringLiteral("class"), QStringLiteral("classes"))
        << ")\n";
    err << path << ": features: " << features.join(QStringLiteral(", ")) << '\n';
    if (!ignored.isEmpty())
        err << path << ": ignored: " << ignored.join(QStringLiteral(", ")) << '\n';
}

QJsonObject inspectionJson(const Dataset &dataset)
{
    const ImportRecipe &recipe = dataset.recipe;
    QJsonArray columns;
    for (const ColumnProfile &column : dataset.columnProfiles) {
        QJsonObject entry{{QStringLiteral("name"), column.name},
                          {QStringLiteral("type"), typeName(column.type)},
                          {QStringLiteral("role"), roleName(column.role)},
                          {QStringLiteral("missing"), column.missing},
                          {QStringLiteral("distinct"), column.distinct}};
        if (column.distinctCapped)
            entry.insert(QStringLiteral("distinct_at_least"), true);
        if (!column.reason.isEmpty())
            entry.insert(QStringLiteral("note"), column.reason);
        columns.append(entry);
    }
    QJsonArray classes;
    const std::vector<int> counts = classCounts(dataset);
    for (int k = 0; k < dataset.classCount(); ++k)
        classes.append(QJsonObject{{QStringLiteral("name"), dataset.classNames[k]},
                                   {QStringLiteral("rows"), counts[std::size_t(k)]}});
    return QJsonObject{
        {QStringLiteral("file"), dataset.sourcePath},
        {QStringLiteral("encoding"), recipe.encoding},
        {QStringLiteral("delimiter"), QString(QLatin1Char(recipe.delimiter))},
        {QStringLiteral("decimal_mark"), QString(QLatin1Char(recipe.decimalMark))},
        {QStringLiteral("header"), recipe.hasHeader},
        {QStringLiteral("missing_markers"), QJsonArray::fromStringList(recipe.missingMarkers)},
        {QStringLiteral("columns"), columns},
        {QStringLiteral("target"), dataset.targetName},
        {QStringLiteral("rows_read"), dataset.rowCount() + dataset.droppedRows},
        {QStringLiteral("rows_dropped"), dataset.droppedRows},
        {QStringLiteral("features"), QJsonArray::fromStringList(dataset.featureNames)},
        {QStringLiteral("classes"), classes},
        {QStringLiteral("notices"), QJsonArray::fromStringList(dataset.notices)},
    };
}

void printInspection(QTextStream &out, const Dataset &dataset)
{
    const ImportRecipe &recipe = dataset.recipe;
    out << "File           " << dataset.sourcePath << '\n';
    out << "Encoding       " << recipe.encoding << '\n';
    out << "Delimiter      " << csv::delimiterName(recipe.delimiter) << '\n';
    out << "Decimal mark   " << (recipe.decimalMark == ',' ? "comma" : "dot") << '\n';
    out << "Header         " << (recipe.hasHeader ? "yes" : "no (columns named column_1 ...)")
        << '\n';
    out << "Missing        " << missingMarkerList(recipe.missingMarkers) << "\n\n";

    // One line per column, in file order, aligned under a heading.
    int width = 6;
    for (const ColumnProfile &column : dataset.columnProfiles)
        width = std::max(width, int(column.name.size()));
    out << "  " << QStringLiteral("column").leftJustified(width) << "  type         role     "
        << "missing  distinct  note\n";
    for (const ColumnProfile &column : dataset.columnProfiles) {
        out << "  " << column.name.leftJustified(width) << "  "
            << typeName(column.type).leftJustified(11) << "  "
            << roleName(column.role).leftJustified(7) << "  "
            << QString::number(column.missing).rightJustified(7) << "  "
            << (QString::number(column.distinct) +
                (column.distinctCapped ? QStringLiteral("+") : QString()))
                   .rightJustified(8);
        if (!column.reason.isEmpty())
            out << "  " << column.reason;
        out << '\n';
    }
    out << '\n';
    out << "Rows           " << (dataset.rowCount() + dataset.droppedRows) << " read, "
        << dataset.droppedRows << " dropped for a missing target, " << dataset.rowCount()
        << " used\n";
    out << "Features       " << dataset.featureCount() << " after one-hot encoding\n";
    const std::vector<int> counts = classCounts(dataset);
    QStringList classes;
    for (int k = 0; k < dataset.classCount(); ++k)
        classes.append(QStringLiteral("%1 (%2)").arg(dataset.classNames[k]).arg(counts[k]));
    out << "Target         " << dataset.targetName << ": " << classes.join(QStringLiteral(", "))
        << '\n';
    if (dataset.notices.isEmpty()) {
        out << "Notices        none\n";
        return;
    }
    out << "Notices\n";
    for (const QString &notice : dataset.notices)
        out << "  " << notice << '\n';
}

int runInspect(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show how DATA.csv is read: the detected encoding, delimiter, decimal "
                       "mark, header and missing markers, then each column's type and role, "
                       "the rows read and dropped, the classes and the notices. Nothing is "
                       "trained."));
    parser.addPositionalArgument(QStringLiteral("DATA.csv"),
                                 QStringLiteral("Delimited table to inspect."));
    addValue(parser, QStringLiteral("target"), QStringLiteral("COLUMN"),
             QStringLiteral("Target column, by name or 1-based number (default: suggested, as "
                            "for train)."));
    addDataOptions(parser);
    addFlag(parser, QStringLiteral("json"),
            QStringLiteral("Print the decisions as one JSON object instead of text."));
    if (std::optional<int> code =
            parseCommand(parser, arguments, {QStringLiteral("DATA.csv")}, out, err)) {
        return *code;
    }
    const Result<ImportOptions> options = importOptions(parser);
    if (!options)
        return fail(err, options.error().message, ExitBadInput);
    const Result<Dataset> dataset =
        importDataset(parser.positionalArguments().at(0), options.value());
    if (!dataset)
        return fail(err, dataset.error().message, ExitBadInput);
    if (parser.isSet(QStringLiteral("json")))
        out << QJsonDocument(inspectionJson(dataset.value())).toJson(QJsonDocument::Compact)
            << '\n';
    else
        printInspection(out, dataset.value());
    return ExitSuccess;
}

QString programHelp()
{
    return QStringLiteral(
        "Usage: trm <command> [options]\n"
        "\n"
        "Train and use Tiny Recursion Models on tabular CSV data.\n"
        "\n"
        "Commands:\n"
        "  train     Train a model on a CSV file and report its test figures\n"
        "  cv        Estimate accuracy by repeated stratified k-fold cross-validation\n"
        "  predict   Write class probabilities for every row of a CSV file\n"
        "  evaluate  Measure a saved model on a labelled CSV file\n"
        "  trace     Show the recursion answer update by answer update for one row\n"
        "  inspect   Show how a CSV file is read: settings, column types, classes\n"
        "  bench     Measure training throughput\n"
        "\n"
        "Options:\n"
        "  -h, --help     Show this help; 'trm <command> --help' shows a command's options.\n"
        "  -v, --version  Show the version.\n"
        "\n"
        "Exit status: 0 on success; 2 for bad usage, an unusable input file or an output\n"
        "path whose folder is missing; 1 for any other failure (training that diverged,\n"
        "a write that failed).\n");
}

int dispatch(const QStringList &arguments, QTextStream &out, QTextStream &err, Subcommand bench,
             ReportWriter report)
{
    if (arguments.size() < 2) {
        err << programHelp();
        return ExitBadInput;
    }
    const QString command = arguments.at(1);
    const bool helpWanted = command == QLatin1String("-h") || command == QLatin1String("--help") ||
                            (command == QLatin1String("help") && arguments.size() < 3);
    if (helpWanted) {
        out << programHelp();
        return ExitSuccess;
    }
    if (command == QLatin1String("-v") || command == QLatin1String("--version")) {
        out << "trm " << TRM_VERSION << '\n';
        return ExitSuccess;
    }
    // `trm help train` is `trm train --help`.
    if (command == QLatin1String("help")) {
        return dispatch({arguments.at(0), arguments.at(2), QStringLiteral("--help")}, out, err,
                        bench, report);
    }

    // Each subcommand parses its own arguments, its name standing where a
    // parser expects the program name.
    const QStringList rest = arguments.mid(1);
    if (command == QLatin1String("train"))
        return runTrain(rest, out, err);
    if (command == QLatin1String("cv"))
        return runCrossValidation(rest, out, err);
    if (command == QLatin1String("predict"))
        return runPredict(rest, out, err);
    if (command == QLatin1String("evaluate"))
        return runEvaluate(rest, out, err, report);
    if (command == QLatin1String("trace"))
        return runTrace(rest, out, err);
    if (command == QLatin1String("inspect"))
        return runInspect(rest, out, err);
    if (command == QLatin1String("bench")) {
        if (!bench)
            return fail(err, QStringLiteral("benchmarks are not available in this build"),
                        ExitFailure);
        return bench(rest, out, err);
    }
    return fail(err, QStringLiteral("unknown command '%1' (see 'trm --help')").arg(command),
                ExitBadInput);
}

} // namespace

int runCommandLine(const QStringList &arguments, QTextStream &out, QTextStream &err,
                   Subcommand bench, ReportWriter report)
{
    const int code = dispatch(arguments, out, err, bench, report);
    out.flush();
    err.flush();
    return code;
}

} // namespace trm
