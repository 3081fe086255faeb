#include "casefile.h"
#include "commandline.h"
#include "importcases.h"
#include "modelfile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace trm;

namespace {

const QString irisPath = QStringLiteral(TRM_DATASETS "/iris.csv");

/// What one in-process run of `trm` printed and returned.
struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run run(const QStringList &arguments, Subcommand bench = nullptr)
{
    Run result;
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    result.code = runCommandLine(QStringList{QStringLiteral("trm")} + arguments, out, err, bench);
    return result;
}

/// The --json summary: the last line of standard output, as an object.
QJsonObject lastLineJson(const QString &out)
{
    const QStringList lines = out.trimmed().split(QLatin1Char('\n'));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(lines.last().toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return {};
    return document.object();
}

QString describe(const Run &result)
{
    return QStringLiteral("exit %1\n--- out ---\n%2\n--- err ---\n%3")
        .arg(result.code)
        .arg(result.out, result.err);
}

QStringList benchArguments;

int fakeBench(const QStringList &arguments, QTextStream &out, QTextStream &)
{
    benchArguments = arguments;
    out << "benchmarked\n";
    return 0;
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void helpExplainsEveryCommand_data();
    void helpExplainsEveryCommand();
    void badUsageIsRefused_data();
    void badUsageIsRefused();
    void unusableFileIsNamed_data();
    void unusableFileIsNamed();
    void benchIsDelegated();
    void benchWithoutImplementationFails();
    void trainReportsHeadlineFiguresAsJson();
    void presetSetsWhatTheOptionsLeaveOpen();
    void predictWritesOneRowPerDataRow();
    void predictToStandardOutput();
    void predictRefusesRowsBeyondTheModelsArithmetic();
    void evaluateAgreesWithPredictions();
    void traceListsEveryAnswerUpdate();
    void crossValidationReportsFolds();
    void trainNamesEachIgnoredColumnOnce();
    void crossValidationSummarisesEveryMetric();
    void inspectShowsWhatTheImportDecided_data();
    void inspectShowsWhatTheImportDecided();
    void inspectPrintsJson();
    void inspectRefusesAnUnreadableFile();
    void inspectReadsEveryTable_data() { importcases::addTables(); }
    void inspectReadsEveryTable();
    void inspectRefusesEveryTable_data() { importcases::addRefusals(); }
    void inspectRefusesEveryTable();

private:
    QTemporaryDir m_dir;
    QString m_modelPath;
    Run m_training;
};

void TestCommandLine::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_modelPath = m_dir.filePath(QStringLiteral("iris-model.json"));
    // One short training run, shared by the tests that need a saved model.
    m_training =
        run({QStringLiteral("train"), irisPath, QStringLiteral("--epochs"), QStringLiteral("30"),
             QStringLiteral("--out"), m_modelPath, QStringLiteral("--json")});
    QVERIFY2(m_training.code == ExitSuccess, qPrintable(describe(m_training)));
    QVERIFY(QFile::exists(m_modelPath));
}

void TestCommandLine::helpExplainsEveryCommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");

    QTest::newRow("program") << QStringList{"--help"} << "Usage: trm <command>";
    QTest::newRow("help-command") << QStringList{"help"} << "Usage: trm <command>";
    QTest::newRow("train") << QStringList{"train", "--help"} << "Usage: trm train";
    QTest::newRow("train-short-option") << QStringList{"train", "-h"} << "--hidden <D>";
    QTest::newRow("help-train") << QStringList{"help", "train"} << "Usage: trm train";
    QTest::newRow("cv") << QStringList{"cv", "--help"} << "--folds <K>";
    QTest::newRow("predict") << QStringList{"predict", "--help"} << "Usage: trm predict";
    QTest::newRow("evaluate") << QStringList{"evaluate", "--help"} << "Usage: trm evaluate";
    QTest::newRow("trace") << QStringList{"trace", "--help"} << "--row <N>";
    QTest::newRow("inspect") << QStringList{"inspect", "--help"} << "Usage: trm inspect";
    QTest::newRow("program-lists-inspect") << QStringList{"--help"} << "  inspect   Show how";
    QTest::newRow("version") << QStringList{"--version"} << "trm " TRM_VERSION;
}

void TestCommandLine::helpExplainsEveryCommand()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);

    const Run result = run(arguments);

    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    QVERIFY2(result.out.contains(expected), qPrintable(describe(result)));
    QVERIFY(result.err.isEmpty());
}

void TestCommandLine::badUsageIsRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");

    const QString model = QStringLiteral("model.json");
    QTest::newRow("no-command") << QStringList{} << "Usage: trm <command>";
    QTest::newRow("unknown-command")
        << QStringList{"frobnicate"} << "trm: unknown command 'frobnicate'";
    QTest::newRow("unknown-option")
        << QStringList{"train", irisPath, "--bogus"} << "trm: train: unknown option '--bogus'";
    QTest::newRow("unknown-short-option")
        << QStringList{"train", irisPath, "-x"} << "trm: train: unknown option '-x'";
    QTest::newRow("missing-option-value")
        << QStringList{"train", irisPath, "--hidden"} << "trm: train: --hidden needs a value";
    QTest::newRow("option-as-option-value")
        << QStringList{"train", irisPath, "--hidden", "--epochs", "3"}
        << "trm: train: --hidden needs a value, but the next word is the option '--epochs'";
    QTest::newRow("preset-unknown")
        << QStringList{"train", irisPath, "--preset", "nope"}
        << "--preset: no preset 'nope'; choose one of trm-default, paper-10-recursion-steps";
    QTest::newRow("preset-empty") << QStringList{"cv", irisPath, "--preset="}
                                  << "--preset: no preset ''";
    QTest::newRow("hidden-not-a-number") << QStringList{"train", irisPath, "--hidden", "abc"}
                                         << "trm: --hidden: expected a whole number, found 'abc'";
    QTest::newRow("learning-rate-not-a-number") << QStringList{"train", irisPath, "--lr", "1e-3x"}
                                                << "--lr: expected a number, found '1e-3x'";
    QTest::newRow("hidden-zero") << QStringList{"train", irisPath, "--hidden", "0"}
                                 << "hidden size";
    QTest::newRow("cycles-too-many")
        << QStringList{"train", irisPath, "--cycles", "1000000"} << "cycles";
    QTest::newRow("test-size-whole-table")
        << QStringList{"train", irisPath, "--test-size", "1"} << "--test-size: expected a share";
    QTest::newRow("seed-negative")
        << QStringList{"train", irisPath, "--seed", "-3"} << "--seed: expected a whole number";
    QTest::newRow("seed-empty") << QStringList{"train", irisPath, "--seed="}
                                << "--seed: expected a whole number";
    QTest::newRow("data-file-missing") << QStringList{"train"} << "train: missing DATA.csv";
    QTest::newRow("extra-argument")
        << QStringList{"train", irisPath, "more.csv"} << "unexpected argument 'more.csv'";
    QTest::newRow("delimiter-double-quote")
        << QStringList{"train", irisPath, "--delimiter", "\""}
        << "--delimiter: the double quote cannot be the delimiter: it quotes fields";
    QTest::newRow("one-fold") << QStringList{"cv", irisPath, "--folds", "1"}
                              << "--folds: expected at least 2, found 1";
    QTest::newRow("page-size-unknown")
        << QStringList{"evaluate", model, irisPath, "--page-size", "a3"}
        << "--page-size: expected a4 or letter, found 'a3'";
    QTest::newRow("more-folds-than-a-class-has")
        << QStringList{"cv", irisPath, "--folds", "51", "--repeats", "1"}
        << irisPath + ": class 'setosa' has 50 rows, fewer than the 51 folds; every fold needs "
                      "a row of every class; use fewer --folds";
    QTest::newRow("target-with-single-row-classes")
        << QStringList{"train", irisPath, "--target", "1"}
        << "too few for one in each set (training, validation, test); lower --test-size or "
           "--validation-size";
    QTest::newRow("warmup-not-a-number") << QStringList{"train", irisPath, "--warmup", "soon"}
                                         << "--warmup: expected a whole number, found 'soon'";
    QTest::newRow("ema-decay-one") << QStringList{"train", irisPath, "--ema-decay", "1"}
                                   << "EMA decay must be between 0 and 0.999999";
    // Output paths are checked before any data is read or model trained.
    QTest::newRow("train-out-folder-missing")
        << QStringList{"train", irisPath, "--out", "/nonexistent/m.json"}
        << "trm: --out: /nonexistent/m.json: the folder /nonexistent does not exist";
    QTest::newRow("out-inside-a-file")
        << QStringList{"train", irisPath, "--out", irisPath + "/m.json"}
        << "--out: " + irisPath + "/m.json: " + irisPath + " is a file, not a folder";
    QTest::newRow("predict-out-is-a-folder")
        << QStringList{"predict", model, irisPath, "--out", QDir::tempPath()}
        << "--out: " + QDir::tempPath() + " is a folder; give a file name";
    QTest::newRow("trace-without-row")
        << QStringList{"trace", model, irisPath} << "--row N is required";
    QTest::newRow("predict-json-to-stdout")
        << QStringList{"predict", model, irisPath, "--json"} << "--json needs --out";
    QTest::newRow("predict-without-data") << QStringList{"predict", model} << "missing DATA.csv";
}

void TestCommandLine::badUsageIsRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);

    const Run result = run(arguments);

    QVERIFY2(result.code == ExitBadInput, qPrintable(describe(result)));
    QVERIFY2(result.err.contains(expected), qPrintable(describe(result)));
    QVERIFY2(result.out.isEmpty(), qPrintable(describe(result)));
    QVERIFY2(!result.err.contains(QStringLiteral("epoch ")), qPrintable(describe(result)));
}

void TestCommandLine::unusableFileIsNamed_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("file");

    const QString missingCsv = QStringLiteral("/nonexistent/table.csv");
    const QString missingModel = QStringLiteral("/nonexistent/model.json");
    const QString ragged = m_dir.filePath(QStringLiteral("ragged.csv"));
    QFile file(ragged);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a,b,class\n1,2,x\n3,4,5,y\n");
    file.close();
    const QString notAModel = m_dir.filePath(QStringLiteral("not-a-model.json"));
    QFile text(notAModel);
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("{\"format\": \"something else\"}");
    text.close();

    QTest::newRow("train-missing-csv") << QStringList{"train", missingCsv} << missingCsv;
    QTest::newRow("train-ragged-csv") << QStringList{"train", ragged} << ragged;
    QTest::newRow("cv-missing-csv") << QStringList{"cv", missingCsv} << missingCsv;
    QTest::newRow("predict-missing-model")
        << QStringList{"predict", missingModel, irisPath} << missingModel;
    QTest::newRow("evaluate-not-a-model")
        << QStringList{"evaluate", notAModel, irisPath} << notAModel;
    QTest::newRow("predict-missing-csv")
        << QStringList{"predict", m_modelPath, missingCsv} << missingCsv;
    QTest::newRow("trace-missing-csv")
        << QStringList{"trace", m_modelPath, missingCsv, "--row", "1"} << missingCsv;
    QTest::newRow("evaluate-without-features")
        << QStringList{"evaluate", m_modelPath, ragged} << ragged;
}

void TestCommandLine::unusableFileIsNamed()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, file);

    const Run result = run(arguments);

    QVERIFY2(result.code == ExitBadInput, qPrintable(describe(result)));
    QVERIFY2(result.err.startsWith(QStringLiteral("trm: ")), qPrintable(describe(result)));
    QVERIFY2(result.err.contains(file), qPrintable(describe(result)));
    QCOMPARE(result.err.count(QLatin1Char('\n')), 1);
}

void TestCommandLine::benchIsDelegated()
{
    benchArguments.clear();
    const Run result = run({QStringLiteral("bench"), QStringLiteral("--quick")}, &fakeBench);
    QCOMPARE(result.code, 0);
    QCOMPARE(benchArguments, (QStringList{QStringLiteral("bench"), QStringLiteral("--quick")}));
    QCOMPARE(result.out, QStringLiteral("benchmarked\n"));
}

void TestCommandLine::benchWithoutImplementationFails()
{
    const Run result = run({QStringLiteral("bench")});
    QCOMPARE(result.code, int(ExitFailure));
    QVERIFY2(result.err.contains(QStringLiteral("not available")), qPrintable(describe(result)));
}

void TestCommandLine::trainReportsHeadlineFiguresAsJson()
{
    const QJsonObject summary = lastLineJson(m_training.out);
    QVERIFY2(!summary.isEmpty(), qPrintable(describe(m_training)));
    const double accuracy = summary.value(QStringLiteral("accuracy")).toDouble(-1);
    QVERIFY2(accuracy >= 0 && accuracy <= 1, qPrintable(describe(m_training)));
    const double macroF1 = summary.value(QStringLiteral("macro_f1")).toDouble(-1);
    QVERIFY(macroF1 >= 0 && macroF1 <= 1);
    QVERIFY(summary.value(QStringLiteral("params")).toInteger() > 0);
    QVERIFY(summary.value(QStringLiteral("seconds")).toDouble(-1) >= 0);
    for (const char *section : {"Confusion matrix", "Per class", "precision", "virginica",
                                "Parameters", "Epochs", "Model saved to"}) {
        QVERIFY2(m_training.out.contains(QLatin1String(section)), section);
    }
    // The column summary, then progress, went to the error stream.
    const QString columnSummary =
        irisPath + QStringLiteral(": target 'species' (3 classes)\n") + irisPath +
        QStringLiteral(": features: sepal_length (numeric), sepal_width (numeric), "
                       "petal_length (numeric), petal_width (numeric)\n");
    QVERIFY2(m_training.err.startsWith(columnSummary + QStringLiteral("epoch")),
             qPrintable(m_training.err));
}

void TestCommandLine::presetSetsWhatTheOptionsLeaveOpen()
{
    // "smallest" is the start of exactly one preset's key; --hidden overrides it.
    const QString path = m_dir.filePath(QStringLiteral("smallest.json"));
    const Run result = run(
        {QStringLiteral("train"), irisPath, QStringLiteral("--preset"), QStringLiteral("smallest"),
         QStringLiteral("--hidden"), QStringLiteral("12"), QStringLiteral("--epochs"),
         QStringLiteral("2"), QStringLiteral("--warmup"), QStringLiteral("7"),
         QStringLiteral("--ema-decay"), QStringLiteral("0.95"), QStringLiteral("--out"), path});
    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    const Result<TrainedModel> model = loadModel(path);
    QVERIFY2(model.ok(), model.ok() ? "" : qPrintable(model.error().message));
    const TrmConfig &config = model.value().model.config();
    QCOMPARE(config.hiddenSize, 12);
    QCOMPARE(config.layers, 1);
    QCOMPARE(config.expansion, 1);
    QCOMPARE(config.latentSteps, 1);
    QCOMPARE(config.cycles, 1);
    QCOMPARE(config.supervisionSteps, 1);
    QCOMPARE(model.value().training.learningRate, 3e-3);
    QCOMPARE(model.value().training.epochs, 2);
    QCOMPARE(model.value().training.warmupSteps, 7);
    QCOMPARE(model.value().training.emaDecay, 0.95);
}

void TestCommandLine::predictWritesOneRowPerDataRow()
{
    const QString predictions = m_dir.filePath(QStringLiteral("predictions.csv"));
    const Run result = run({QStringLiteral("predict"), m_modelPath, irisPath,
                            QStringLiteral("--out"), predictions, QStringLiteral("--json")});
    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    QCOMPARE(lastLineJson(result.out).value(QStringLiteral("rows")).toInt(), 150);

    QFile file(predictions);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 151);
    QCOMPARE(lines.first(), QStringLiteral("row,predicted,p_setosa,p_versicolor,p_virginica"));
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList fields = lines[i].split(QLatin1Char(','));
        QCOMPARE(fields.size(), 5);
        QCOMPARE(fields[0].toInt(), i);
        double total = 0;
        for (int k = 2; k < 5; ++k) {
            bool ok = false;
            total += fields[k].toDouble(&ok);
            QVERIFY2(ok, qPrintable(lines[i]));
        }
        // The network computes in float, so the sum is 1 to about 7 digits.
        QVERIFY2(std::abs(total - 1.0) < 1e-5, qPrintable(lines[i]));
    }
}

void TestCommandLine::predictToStandardOutput()
{
    const Run result = run({QStringLiteral("predict"), m_modelPath, irisPath});
    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    const QStringList lines = result.out.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 151);
    QVERIFY(lines.last().startsWith(QStringLiteral("150,")));
}

void TestCommandLine::predictRefusesRowsBeyondTheModelsArithmetic()
{
    // 1e300 is a valid double, but standardised it is beyond the float range the
    // network computes in: its probabilities would be NaN.
    const QString path = m_dir.filePath(QStringLiteral("huge-value.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n"
               "1e300,3.5,1.4,0.2\n");
    file.close();
    const QString out = m_dir.filePath(QStringLiteral("huge-value-predictions.csv"));

    const Run result =
        run({QStringLiteral("predict"), m_modelPath, path, QStringLiteral("--out"), out});

    QCOMPARE(result.code, int(ExitBadInput));
    QCOMPARE(result.err,
             QStringLiteral("trm: ") + path +
                 QStringLiteral(":3: the model's class probabilities for this row are not finite "
                                "numbers: a value here or one of the model's weights is too "
                                "large for its 32-bit arithmetic\n"));
    QVERIFY(!QFile::exists(out));
}

void TestCommandLine::evaluateAgreesWithPredictions()
{
    const Run evaluation =
        run({QStringLiteral("evaluate"), m_modelPath, irisPath, QStringLiteral("--json")});
    QVERIFY2(evaluation.code == ExitSuccess, qPrintable(describe(evaluation)));
    const QJsonObject summary = lastLineJson(evaluation.out);
    QCOMPARE(summary.value(QStringLiteral("rows")).toInt(), 150);
    QVERIFY(evaluation.out.contains(QStringLiteral("Confusion matrix")));

    // The accuracy equals the share of predicted classes that match the file's.
    const Run prediction = run({QStringLiteral("predict"), m_modelPath, irisPath});
    QFile iris(irisPath);
    QVERIFY(iris.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList truth = QString::fromUtf8(iris.readAll()).trimmed().split(QLatin1Char('\n'));
    const QStringList predicted = prediction.out.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(predicted.size(), truth.size());
    int correct = 0;
    for (int i = 1; i < truth.size(); ++i) {
        if (truth[i].section(QLatin1Char(','), -1) == predicted[i].section(QLatin1Char(','), 1, 1))
            ++correct;
    }
    QCOMPARE(summary.value(QStringLiteral("accuracy")).toDouble(), correct / 150.0);
}

void TestCommandLine::traceListsEveryAnswerUpdate()
{
    const Result<TrainedModel> model = loadModel(m_modelPath);
    QVERIFY(model.ok());
    const int expectedSteps = model.value().model.config().answerUpdates() + 1;

    const Run result = run({QStringLiteral("trace"), m_modelPath, irisPath, QStringLiteral("--row"),
                            QStringLiteral("1"), QStringLiteral("--json")});

    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    static const QRegularExpression stepLine(QStringLiteral("^\\s*\\d+\\s"));
    int steps = 0;
    for (const QString &line : result.out.split(QLatin1Char('\n'))) {
        if (stepLine.match(line).hasMatch())
            ++steps;
    }
    QCOMPARE(steps, expectedSteps);
    QVERIFY(result.out.contains(QStringLiteral("true class setosa")));
    const QJsonObject summary = lastLineJson(result.out);
    QCOMPARE(summary.value(QStringLiteral("steps")).toInt(), expectedSteps);
    QCOMPARE(summary.value(QStringLiteral("true")).toString(), QStringLiteral("setosa"));

    const Run outOfRange = run({QStringLiteral("trace"), m_modelPath, irisPath,
                                QStringLiteral("--row"), QStringLiteral("151")});
    QCOMPARE(outOfRange.code, int(ExitBadInput));
    QVERIFY2(outOfRange.err.contains(QStringLiteral("from 1 to 150")), qPrintable(outOfRange.err));
}

void TestCommandLine::trainNamesEachIgnoredColumnOnce()
{
    QByteArray bytes("id,a,b,class\n");
    for (int i = 1; i <= 24; ++i)
        bytes += QStringLiteral("%1,%2,%3,%4\n")
                     .arg(i)
                     .arg(i % 5)
                     .arg(i % 7)
                     .arg(i % 2 ? QStringLiteral("x") : QStringLiteral("y"))
                     .toUtf8();
    const QString path = writeCaseFile(m_dir, bytes);

    const Run result = run({QStringLiteral("train"), path, QStringLiteral("--ignore"),
                            QStringLiteral("b"), QStringLiteral("--epochs"), QStringLiteral("1")});

    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    // The reason for 'id' is in its notice; the summary only names it.
    QCOMPARE(result.err.count(QStringLiteral("numbers the rows")), 1);
    QVERIFY2(
        result.err.contains(path + QStringLiteral(": column 'id' ignored: numbers the rows\n")),
        qPrintable(result.err));
    QVERIFY2(result.err.contains(path + QStringLiteral(": ignored: id, b (ignored as asked)\n")),
             qPrintable(result.err));
}

void TestCommandLine::crossValidationReportsFolds()
{
    const Run result =
        run({QStringLiteral("cv"), irisPath, QStringLiteral("--folds"), QStringLiteral("3"),
             QStringLiteral("--repeats"), QStringLiteral("1"), QStringLiteral("--epochs"),
             QStringLiteral("5"), QStringLiteral("--json")});

    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    const QJsonObject summary = lastLineJson(result.out);
    QCOMPARE(summary.value(QStringLiteral("folds")).toInt(), 3);
    QCOMPARE(summary.value(QStringLiteral("evaluations")).toInt(), 3);
    const double accuracy = summary.value(QStringLiteral("accuracy")).toDouble(-1);
    QVERIFY(accuracy >= 0 && accuracy <= 1);
    QVERIFY(summary.value(QStringLiteral("accuracy_std")).toDouble(-1) >= 0);
    QVERIFY(summary.contains(QStringLiteral("macro_f1_std")));
    QVERIFY(summary.value(QStringLiteral("params")).toInteger() > 0);
}

void TestCommandLine::crossValidationSummarisesEveryMetric()
{
    // 12 rows of each of two classes in 3 stratified folds: every test fold holds
    // 4 + 4 rows. With equal supports, whatever the model predicts, the balanced
    // accuracy (r0 / 4 + r1 / 4) / 2 = (r0 + r1) / 8 equals the accuracy, and so
    // does the macro recall; the weighted F1 equals the macro-F1. These identities
    // hold fold by fold, so their means and spreads agree too.
    const QString path = m_dir.filePath(QStringLiteral("balanced.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Text));
    QByteArray csv = "x,y,class\n";
    for (int row = 0; row < 24; ++row) {
        const bool high = row % 2 == 1;
        csv += QByteArray::number(row * 0.37 + (high ? 1.5 : 0.0)) + ',' +
               QByteArray::number((row * 7) % 5) + ',' + (high ? "high" : "low") + '\n';
    }
    file.write(csv);
    file.close();

    const Run result =
        run({QStringLiteral("cv"), path, QStringLiteral("--target"), QStringLiteral("class"),
             QStringLiteral("--folds"), QStringLiteral("3"), QStringLiteral("--repeats"),
             QStringLiteral("1"), QStringLiteral("--epochs"), QStringLiteral("3"),
             QStringLiteral("--json")});
    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    const QJsonObject summary = lastLineJson(result.out);
    const auto value = [&summary](const char *key) {
        return summary.value(QLatin1String(key)).toDouble(-1);
    };
    constexpr double tolerance = 1e-12;
    QVERIFY(std::abs(value("balanced_accuracy") - value("accuracy")) < tolerance);
    QVERIFY(std::abs(value("balanced_accuracy_std") - value("accuracy_std")) < tolerance);
    QVERIFY(std::abs(value("macro_recall") - value("accuracy")) < tolerance);
    QVERIFY(std::abs(value("weighted_f1") - value("macro_f1")) < tolerance);
    QVERIFY(std::abs(value("weighted_f1_std") - value("macro_f1_std")) < tolerance);
    const double precision = value("macro_precision");
    QVERIFY(precision >= 0 && precision <= 1);
    QVERIFY(value("macro_precision_std") >= 0);
    // A log loss is positive unless every row was predicted with certainty.
    QVERIFY(value("log_loss") > 0);
    QVERIFY(value("log_loss_std") >= 0);

    // The mean and the sample standard deviation (divisor n - 1) of the folds'
    // accuracies, recomputed here from the per-fold figures.
    const QJsonArray folds = summary.value(QStringLiteral("fold_accuracy")).toArray();
    QCOMPARE(folds.size(), 3);
    double sum = 0;
    for (const QJsonValue &fold : folds)
        sum += fold.toDouble();
    const double mean = sum / 3;
    double squares = 0;
    for (const QJsonValue &fold : folds)
        squares += (fold.toDouble() - mean) * (fold.toDouble() - mean);
    QVERIFY(std::abs(value("accuracy") - mean) < tolerance);
    QVERIFY(std::abs(value("accuracy_std") - std::sqrt(squares / 2)) < tolerance);

    // The text shows the same figures, each "mean ± std" to four decimals.
    const std::pair<const char *, const char *> lines[] = {
        {"Accuracy", "accuracy"},
        {"Balanced accuracy", "balanced_accuracy"},
        {"Macro precision", "macro_precision"},
        {"Macro recall", "macro_recall"},
        {"Macro-F1", "macro_f1"},
        {"Weighted F1", "weighted_f1"},
        {"Log loss", "log_loss"},
    };
    for (const auto &[label, key] : lines) {
        const QString expected =
            QStringLiteral("  %1 %2 ± %3\n")
                .arg(QString::fromLatin1(label).leftJustified(18))
                .arg(value(key), 0, 'f', 4)
                .arg(summary.value(QLatin1String(key) + QStringLiteral("_std")).toDouble(), 0, 'f',
                     4);
        QVERIFY2(result.out.contains(expected), qPrintable(expected + result.out));
    }
}

void TestCommandLine::inspectShowsWhatTheImportDecided_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expectedLines");

    QTest::newRow("iris-text") << QStringList{"inspect", irisPath}
                               << QStringList{"Encoding       UTF-8",
                                              "Delimiter      comma",
                                              "Decimal mark   dot",
                                              "Header         yes",
                                              "Missing        (empty), NA, N/A, NaN, null, ?, -",
                                              "Rows           150 read, 0 dropped for a missing "
                                              "target, 150 used",
                                              "Features       4 after one-hot encoding",
                                              "Target         species: setosa (50), versicolor "
                                              "(50), virginica (50)",
                                              "Notices        none"};
    QTest::newRow("iris-target-ignore")
        << QStringList{"inspect", irisPath, "--ignore", "sepal_width"}
        << QStringList{"Features       3 after one-hot encoding"};
}

void TestCommandLine::inspectShowsWhatTheImportDecided()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expectedLines);

    const Run result = run(arguments);

    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    const QStringList lines = result.out.split(QLatin1Char('\n'));
    for (const QString &line : expectedLines)
        QVERIFY2(lines.contains(line), qPrintable(line + QStringLiteral("\n") + describe(result)));
    QVERIFY2(result.err.isEmpty(), qPrintable(describe(result)));
}

void TestCommandLine::inspectPrintsJson()
{
    const QString path = m_dir.filePath(QStringLiteral("inspect-semicolon.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("id;weight;colour;class\n1;70,5;red;a\n2;NA;blue;b\n3;80,25;red;a\n"
               "4;65;green;b\n5;71;red;\n");
    file.close();

    const Run result = run({QStringLiteral("inspect"), path, QStringLiteral("--json")});

    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    const QJsonDocument document = QJsonDocument::fromJson(result.out.toUtf8());
    QVERIFY2(document.isObject(), qPrintable(describe(result)));
    const QJsonObject json = document.object();
    QCOMPARE(json.value(QStringLiteral("delimiter")).toString(), QStringLiteral(";"));
    QCOMPARE(json.value(QStringLiteral("decimal_mark")).toString(), QStringLiteral(","));
    QCOMPARE(json.value(QStringLiteral("header")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("target")).toString(), QStringLiteral("class"));
    QCOMPARE(json.value(QStringLiteral("rows_read")).toInt(), 5);
    QCOMPARE(json.value(QStringLiteral("rows_dropped")).toInt(), 1);
    // weight, then colour one-hot over red, blue, green; id numbers the rows
    QCOMPARE(json.value(QStringLiteral("features")).toArray().size(), 4);
    const QJsonArray columns = json.value(QStringLiteral("columns")).toArray();
    QCOMPARE(columns.size(), 4);
    QCOMPARE(columns[0].toObject().value(QStringLiteral("type")).toString(),
             QStringLiteral("identifier"));
    QCOMPARE(columns[0].toObject().value(QStringLiteral("role")).toString(),
             QStringLiteral("ignore"));
    QCOMPARE(columns[1].toObject().value(QStringLiteral("missing")).toInt(), 1);
    QCOMPARE(columns[2].toObject().value(QStringLiteral("type")).toString(),
             QStringLiteral("categorical"));
    QCOMPARE(columns[2].toObject().value(QStringLiteral("distinct")).toInt(), 3);
    const QJsonArray classes = json.value(QStringLiteral("classes")).toArray();
    QCOMPARE(classes.size(), 2);
    QCOMPARE(classes[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("a"));
    QCOMPARE(classes[0].toObject().value(QStringLiteral("rows")).toInt(), 2);
    QCOMPARE(classes[1].toObject().value(QStringLiteral("rows")).toInt(), 2);
}

void TestCommandLine::inspectRefusesAnUnreadableFile()
{
    const QString path = m_dir.filePath(QStringLiteral("inspect-overflow.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a,class\n1,x\n2,y\n3,x\n1e999,y\n");
    file.close();

    const Run result = run({QStringLiteral("inspect"), path});

    QCOMPARE(result.code, int(ExitBadInput));
    QVERIFY2(result.out.isEmpty(), qPrintable(describe(result)));
    QCOMPARE(result.err, QStringLiteral("trm: ") + path +
                             QStringLiteral(":5:1: column 'a': '1e999' is infinite or too large "
                                            "for a number; correct it, or add it to the missing "
                                            "markers\n"));
}

// `trm inspect --json` reports the table the reader gives, for every accepted file.
void TestCommandLine::inspectReadsEveryTable()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, columns);
    QFETCH(QStringList, features);
    QFETCH(QStringList, classes);
    QFETCH(int, rows);
    QFETCH(QString, notice);
    const QString path = writeCaseFile(m_dir, bytes);

    const Run result = run({QStringLiteral("inspect"), path, QStringLiteral("--json")});

    QVERIFY2(result.code == ExitSuccess, qPrintable(describe(result)));
    const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
    QStringList shownColumns;
    for (const QJsonValue &column : json.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject c = column.toObject();
        shownColumns.append(c.value(QStringLiteral("name")).toString() + QLatin1Char(':') +
                            c.value(QStringLiteral("type")).toString() + QLatin1Char(':') +
                            c.value(QStringLiteral("role")).toString());
    }
    QCOMPARE(shownColumns.join(QLatin1Char(' ')), columns);
    QStringList shownFeatures;
    for (const QJsonValue &feature : json.value(QStringLiteral("features")).toArray())
        shownFeatures.append(feature.toString());
    QCOMPARE(shownFeatures, features);
    QStringList shownClasses;
    for (const QJsonValue &c : json.value(QStringLiteral("classes")).toArray())
        shownClasses.append(c.toObject().value(QStringLiteral("name")).toString());
    QCOMPARE(shownClasses, classes);
    QCOMPARE(json.value(QStringLiteral("rows_read")).toInt() -
                 json.value(QStringLiteral("rows_dropped")).toInt(),
             rows);
    if (!notice.isEmpty()) {
        const QJsonArray notices = json.value(QStringLiteral("notices")).toArray();
        QVERIFY2(notices.contains(notice), qPrintable(describe(result)));
    }
}

// `trm inspect` refuses every file the reader refuses, with the reader's message.
void TestCommandLine::inspectRefusesEveryTable()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const QString path = writeCaseFile(m_dir, bytes);

    const Run result = run({QStringLiteral("inspect"), path});

    QCOMPARE(result.code, int(ExitBadInput));
    QVERIFY2(result.out.isEmpty(), qPrintable(describe(result)));
    QCOMPARE(result.err, QStringLiteral("trm: ") + path + message + QLatin1Char('\n'));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_cli.moc"
