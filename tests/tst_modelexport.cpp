#include "commandline.h"
#include "csvimport.h"
#include "experiment.h"
#include "modelfile.h"
#include "report.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace trm;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run run(const QStringList &arguments, ReportWriter writer = nullptr)
{
    Run result;
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    result.code =
        runCommandLine(QStringList{QStringLiteral("trm")} + arguments, out, err, nullptr, writer);
    return result;
}

QJsonObject lastLineJson(const QString &out)
{
    return QJsonDocument::fromJson(out.trimmed().split(QLatin1Char('\n')).last().toUtf8()).object();
}

/// A data row's predicted class and probabilities: every field after the first
/// `skip` ones (row number, identifier).
QStringList predictionFields(const QString &line, int skip)
{
    return line.split(QLatin1Char(',')).mid(skip);
}

} // namespace

/// The round trip: export a model, import it, predict on the same rows
/// with the columns reordered, and evaluate it with a report, from the command line.
class TestModelExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void importedModelPredictsExactlyAsTheOriginal();
    void predictionsIgnoreColumnOrderAndCarryIdentifiers();
    void identifierChosenAtImportIsCopied();
    void evaluateWritesReportsWithItsOwnNumbers_data();
    void evaluateWritesReportsWithItsOwnNumbers();
    void reportWithoutWriterIsRefused();

private:
    QTemporaryDir m_dir;
    QString m_modelPath;
    QString m_reorderedPath;
    TrainedModel m_model;
    Dataset m_dataset;
};

void TestModelExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    Result<Dataset> dataset = loadDataset(QStringLiteral(TRM_DATASETS "/iris.csv"));
    QVERIFY(dataset);
    m_dataset = dataset.value();
    RunSettings settings;
    settings.model.hiddenSize = 8;
    settings.training.epochs = 15;
    Result<RunOutcome> outcome = trainOnDataset(m_dataset, settings);
    QVERIFY(outcome);
    m_model = outcome.value().trained;
    m_modelPath = m_dir.filePath(QStringLiteral("iris-model.json"));
    QVERIFY(saveModel(m_model, m_modelPath));

    // The same rows with the columns in another order and an identifier column
    // in front: "flower-<n>".
    QFile source(QStringLiteral(TRM_DATASETS "/iris.csv"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(source.readAll()).trimmed().split('\n');
    QString reordered = QStringLiteral("flower,species,petal_width,sepal_length,petal_length,"
                                       "sepal_width\n");
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList f = lines[i].trimmed().split(',');
        reordered +=
            QStringLiteral("flower-%1,%2,%3,%4,%5,%6\n").arg(i).arg(f[4], f[3], f[0], f[2], f[1]);
    }
    m_reorderedPath = m_dir.filePath(QStringLiteral("iris-reordered.csv"));
    QFile target(m_reorderedPath);
    QVERIFY(target.open(QIODevice::WriteOnly));
    target.write(reordered.toUtf8());
}

void TestModelExport::importedModelPredictsExactlyAsTheOriginal()
{
    Result<TrainedModel> imported = loadModel(m_modelPath);
    QVERIFY(imported);
    // Floats are written so that they read back bit for bit: identical, not close.
    const Eigen::MatrixXd before = m_model.probabilities(m_dataset.features);
    const Eigen::MatrixXd after = imported.value().probabilities(m_dataset.features);
    QCOMPARE(after.rows(), before.rows());
    QVERIFY(after == before);
}

void TestModelExport::predictionsIgnoreColumnOrderAndCarryIdentifiers()
{
    const Run original =
        run({QStringLiteral("predict"), m_modelPath, QStringLiteral(TRM_DATASETS "/iris.csv")});
    QCOMPARE(original.code, 0);
    const Run reordered = run({QStringLiteral("predict"), m_modelPath, m_reorderedPath,
                               QStringLiteral("--id"), QStringLiteral("flower")});
    QVERIFY2(reordered.code == 0, qPrintable(reordered.err));
    QVERIFY2(reordered.err.contains(
                 QStringLiteral("column 'flower' copied into the output to identify each row")),
             qPrintable(reordered.err));

    const QStringList a = original.out.trimmed().split(QLatin1Char('\n'));
    const QStringList b = reordered.out.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(a.size(), 151);
    QCOMPARE(b.size(), a.size());
    QCOMPARE(b.first(), QStringLiteral("row,flower,predicted,p_setosa,p_versicolor,p_virginica"));
    for (int i = 1; i < a.size(); ++i) {
        QCOMPARE(predictionFields(b[i], 2), predictionFields(a[i], 1));
        QCOMPARE(b[i].section(QLatin1Char(','), 1, 1), QStringLiteral("flower-%1").arg(i));
    }

    const Run missing = run({QStringLiteral("predict"), m_modelPath, m_reorderedPath,
                             QStringLiteral("--id"), QStringLiteral("name")});
    QCOMPARE(missing.code, int(ExitBadInput));
    QVERIFY(missing.err.contains(QStringLiteral("no identifier column 'name'")));
}

void TestModelExport::identifierChosenAtImportIsCopied()
{
    ImportOptions options;
    options.target = QStringLiteral("species");
    options.types.insert(QStringLiteral("flower"), ColumnType::Identifier);
    Result<Dataset> dataset = importDataset(m_reorderedPath, options);
    QVERIFY2(dataset, dataset ? "" : qPrintable(dataset.error().message));
    QVERIFY(!dataset.value().featureNames.contains(QStringLiteral("flower")));
    RunSettings settings;
    settings.model.hiddenSize = 8;
    settings.training.epochs = 2;
    Result<RunOutcome> outcome = trainOnDataset(dataset.value(), settings);
    QVERIFY(outcome);
    const QString path = m_dir.filePath(QStringLiteral("with-id.json"));
    QVERIFY(saveModel(outcome.value().trained, path));

    const Run predicted = run({QStringLiteral("predict"), path, m_reorderedPath});
    QVERIFY2(predicted.code == 0, qPrintable(predicted.err));
    const QStringList lines = predicted.out.trimmed().split(QLatin1Char('\n'));
    QVERIFY2(lines.first().startsWith(QStringLiteral("row,flower,predicted,")),
             qPrintable(lines.first()));
    QVERIFY(lines.at(150).startsWith(QStringLiteral("150,flower-150,")));
}

void TestModelExport::evaluateWritesReportsWithItsOwnNumbers_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::newRow("html") << QStringLiteral("report.html");
    QTest::newRow("pdf") << QStringLiteral("report.pdf");
    QTest::newRow("csv") << QStringLiteral("report.csv");
}

void TestModelExport::evaluateWritesReportsWithItsOwnNumbers()
{
    QFETCH(QString, fileName);
    const QString path = m_dir.filePath(fileName);
    const Run evaluated = run({QStringLiteral("evaluate"), m_modelPath, m_reorderedPath,
                               QStringLiteral("--report"), path, QStringLiteral("--json")},
                              &report::writeReport);
    QVERIFY2(evaluated.code == 0, qPrintable(evaluated.err));
    const QJsonObject json = lastLineJson(evaluated.out);
    const double accuracy = json.value(QStringLiteral("accuracy")).toDouble();
    QCOMPARE(json.value(QStringLiteral("rows")).toInt(), 150);
    // TRM, majority class, logistic regression.
    QCOMPARE(json.value(QStringLiteral("references")).toArray().size(), 3);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    if (fileName.endsWith(QLatin1String(".pdf"))) {
        QVERIFY(bytes.startsWith("%PDF-"));
    } else if (fileName.endsWith(QLatin1String(".html"))) {
        QVERIFY(bytes.contains(
            QStringLiteral("data-metric=\"accuracy\">%1<").arg(accuracy, 0, 'f', 4).toUtf8()));
        // The model file keeps its training history, so the report draws the curves.
        QVERIFY(bytes.contains("alt=\"training curves\""));
        QVERIFY(bytes.contains(
            QStringLiteral("data-metric=\"epochs_run\">%1<").arg(m_model.history.size()).toUtf8()));
    } else {
        QVERIFY(
            bytes.contains(QStringLiteral("\naccuracy,%1\n").arg(accuracy, 0, 'g', 10).toUtf8()));
    }
}

void TestModelExport::reportWithoutWriterIsRefused()
{
    const Run evaluated = run({QStringLiteral("evaluate"), m_modelPath, m_reorderedPath,
                               QStringLiteral("--report"), m_dir.filePath("r.html")});
    QCOMPARE(evaluated.code, int(ExitFailure));
    QVERIFY(evaluated.err.contains(QStringLiteral("reports are not available")));
    QVERIFY(!QFile::exists(m_dir.filePath("r.html")));

    const Run unknown = run({QStringLiteral("evaluate"), m_modelPath, m_reorderedPath,
                             QStringLiteral("--report"), m_dir.filePath("r.docx")},
                            &report::writeReport);
    // A report name the writer cannot handle is bad usage, refused before evaluating.
    QCOMPARE(unknown.code, int(ExitBadInput));
    QVERIFY(unknown.err.contains(QStringLiteral("expected a .html, .pdf or .csv file name")));
    QVERIFY(unknown.out.isEmpty());

    const Run nowhere = run({QStringLiteral("evaluate"), m_modelPath, m_reorderedPath,
                             QStringLiteral("--report"), QStringLiteral("/nonexistent/r.pdf")},
                            &report::writeReport);
    QCOMPARE(nowhere.code, int(ExitBadInput));
    QVERIFY2(nowhere.err.contains(QStringLiteral(
                 "--report: /nonexistent/r.pdf: the folder /nonexistent does not exist")),
             qPrintable(nowhere.err));
    QVERIFY(nowhere.out.isEmpty());
}

QTEST_MAIN(TestModelExport)
#include "tst_modelexport.moc"
