#include "casefile.h"
#include "csvimport.h"
#include "importcases.h"
#include "preprocessing.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <clocale>
#include <cmath>
#include <cstdlib>

using namespace trm;

namespace {

const QString importData = QStringLiteral(TRM_TEST_DATA "/import");

} // namespace

class TestImport : public QObject
{
    Q_OBJECT

private:
    QString writeCase(const QByteArray &bytes) { return writeCaseFile(m_dir, bytes); }

    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void importsTables_data();
    void importsTables();
    void refusesTables_data();
    void refusesTables();
    void refusesStatedSettings_data();
    void refusesStatedSettings();
    void honoursOverrides();
    void readsTheSameUnderAnyLocale();
    void predictsWithTheRecipe();
    void namesUnseenValues();
    void matchesNumericClassesByValue();
    void countsLevelsOfKeptRows();
    void refusesFilesMissingColumns();
    void tellsWhatPredictionReads_data();
    void tellsWhatPredictionReads();
    void refusesColumnsNamedInAnotherCase();
    void imputesWithTrainingMedian();
    void countsDistinctValuesUpToACap();
    void previewsTheFirstRows();
    void previewMarksMissingCells_data();
    void previewMarksMissingCells();
    void cancels();
};

void TestImport::importsTables_data()
{
    importcases::addTables();
}

void TestImport::importsTables()
{
    QFETCH(QByteArray, bytes);

    const Result<Dataset> dataset = importDataset(writeCase(bytes));

    QVERIFY2(dataset.ok(), qPrintable(dataset.ok() ? QString() : dataset.error().message));
    importcases::verifyTable(dataset.value());
}

void TestImport::refusesTables_data()
{
    importcases::addRefusals();
}

void TestImport::refusesTables()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);

    const QString path = writeCase(bytes);
    const Result<Dataset> dataset = importDataset(path);

    QVERIFY(!dataset.ok());
    QCOMPARE(dataset.error().message, path + message);
}

void TestImport::refusesStatedSettings_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("encoding");  // empty: detected
    QTest::addColumn<QString>("delimiter"); // empty: detected
    QTest::addColumn<QString>("message");   // follows the path

    const QByteArray semicolons("Stadt;Gr\xC3\xB6\xC3\x9F"
                                "e;Klasse\nBerlin;3,5;A\nBonn;0,3;B\n"
                                "Ulm;1,25;A\n");
    QTest::newRow("tab-stated-on-semicolon-file")
        << semicolons << QString() << QStringLiteral("\t")
        << QStringLiteral(": tab does not occur in the first lines; they hold ';', the "
                          "semicolon");
    QTest::newRow("pipe-stated-on-semicolon-file")
        << semicolons << QString() << QStringLiteral("|")
        << QStringLiteral(": pipe does not occur in the first lines; they hold ';', the "
                          "semicolon");
    QTest::newRow("utf8-stated-on-windows-1252-file")
        << QByteArray("name,x,class\nAnn,1,a\nJos\xE9,2,b\nZo\xEB,3,a\n") << QStringLiteral("UTF-8")
        << QString()
        << QStringLiteral(":3:4: not valid UTF-8, the encoding stated for the file; choose "
                          "Windows-1252 if it was saved by Excel or another Windows program");
}

void TestImport::refusesStatedSettings()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, encoding);
    QFETCH(QString, delimiter);
    QFETCH(QString, message);
    ImportOptions options;
    if (!encoding.isEmpty())
        options.encoding = encoding;
    if (!delimiter.isEmpty())
        options.delimiter = delimiter.front().toLatin1();
    const QString path = writeCase(bytes);

    const Result<Dataset> dataset = importDataset(path, options);
    const Result<ImportPreview> preview = previewImport(path, options);

    QVERIFY(!dataset.ok());
    QCOMPARE(dataset.error().message, path + message);
    QVERIFY(!preview.ok());
    QCOMPARE(preview.error().message, path + message);
}

void TestImport::honoursOverrides()
{
    const QString path = m_dir.filePath(QStringLiteral("overrides.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("1;2;a;7\n3;4;b;8\n5;6;a;9\n");
    file.close();

    // tested action: no header stated, target by number, one column ignored
    ImportOptions options;
    options.hasHeader = false;
    options.target = QStringLiteral("3");
    options.ignore = QStringList{QStringLiteral("column_4")};
    const Result<Dataset> dataset = importDataset(path, options);

    // check result
    QVERIFY2(dataset.ok(), qPrintable(dataset.ok() ? QString() : dataset.error().message));
    QCOMPARE(dataset.value().featureNames, (QStringList{"column_1", "column_2"}));
    QCOMPARE(dataset.value().targetName, QStringLiteral("column_3"));
    QCOMPARE(dataset.value().recipe.delimiter, ';');

    // A missing-marker list without "-" reads "-" as text: the column turns categorical.
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a,b,class\n1,-,x\n2,3,y\n");
    file.close();
    ImportOptions markers;
    markers.missingMarkers = QStringList{QStringLiteral("NA")};
    const Result<Dataset> withText = importDataset(path, markers);
    QVERIFY2(withText.ok(), qPrintable(withText.ok() ? QString() : withText.error().message));
    QCOMPARE(withText.value().featureNames, (QStringList{"a", "b=-", "b=3"}));

    ImportOptions numeric = markers;
    numeric.types.insert(QStringLiteral("b"), ColumnType::Numeric);
    const Result<Dataset> refused = importDataset(path, numeric);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().message,
             path + QStringLiteral(":2:3: column 'b': expected a number, found '-'"));
}

void TestImport::readsTheSameUnderAnyLocale()
{
    const QByteArray bytes("a;b;class\n1,5;2.5e3;x\n-0,25;4;y\n");
    const QString path = m_dir.filePath(QStringLiteral("locale.csv"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a,b,class\n1.5,2.5e3,x\n-0.25,4,y\n");
    }

    std::setlocale(LC_ALL, "C");
    const Result<Dataset> underC = importDataset(path);
    QVERIFY(underC.ok());

    // Prefer an installed de_DE locale; else build one in a temporary folder from the
    // system's locale sources, which glibc finds through LOCPATH.
    QTemporaryDir locales;
    if (!std::setlocale(LC_ALL, "de_DE.UTF-8")) {
        const QString localedef = QStandardPaths::findExecutable(QStringLiteral("localedef"));
        if (localedef.isEmpty() || !QFile::exists(QStringLiteral("/usr/share/i18n/locales/de_DE")))
            QSKIP("no de_DE.UTF-8 locale, and no localedef with its sources to build one");
        const int code = QProcess::execute(
            localedef, {QStringLiteral("-i"), QStringLiteral("de_DE"), QStringLiteral("-f"),
                        QStringLiteral("UTF-8"), locales.filePath(QStringLiteral("de_DE.UTF-8"))});
        qputenv("LOCPATH", QFile::encodeName(locales.path()));
        if (code != 0 || !std::setlocale(LC_ALL, "de_DE.UTF-8")) {
            qunsetenv("LOCPATH");
            std::setlocale(LC_ALL, "C");
            QSKIP("de_DE.UTF-8 could not be built with localedef");
        }
    }
    // The locale is active: the C library now reads "1,5" as one and a half.
    QCOMPARE(std::strtod("1,5", nullptr), 1.5);
    const Result<Dataset> underGerman = importDataset(path);
    std::setlocale(LC_ALL, "C");
    qunsetenv("LOCPATH");

    QVERIFY(underGerman.ok());
    QCOMPARE(underGerman.value().features, underC.value().features);
    QCOMPARE(underC.value().features(0, 0), 1.5);
    QCOMPARE(underC.value().features(0, 1), 2500.0);
    QCOMPARE(underC.value().features(1, 0), -0.25);
    Q_UNUSED(bytes);
}

void TestImport::predictsWithTheRecipe()
{
    const Result<Dataset> training = importDataset(importData + QStringLiteral("/train_mixed.csv"));
    QVERIFY2(training.ok(), qPrintable(training.ok() ? QString() : training.error().message));
    const ImportRecipe &recipe = training.value().recipe;
    QCOMPARE(recipe.featureNames(),
             (QStringList{"age", "colour=red", "colour=green", "colour=blue", "weight"}));

    // Columns reordered, an extra one, and an unseen colour.
    const Result<LabelledRows> rows =
        loadRowsWithRecipe(importData + QStringLiteral("/predict_reordered_extra.csv"), recipe);
    QVERIFY2(rows.ok(), qPrintable(rows.ok() ? QString() : rows.error().message));
    const Eigen::MatrixXd &x = rows.value().features;
    QCOMPARE(x.rows(), 3);
    QCOMPARE(x.cols(), 5);
    // weight;colour;note;age;kind  ->  age, colour one-hot, weight
    QCOMPARE((QList<double>{x(0, 0), x(0, 1), x(0, 2), x(0, 3), x(0, 4)}),
             (QList<double>{30, 0, 1, 0, 61.5}));
    QCOMPARE((QList<double>{x(1, 1), x(1, 2), x(1, 3)}), (QList<double>{0, 0, 0}));
    QVERIFY(std::isnan(x(2, 0)));
    QCOMPARE(QList<int>(rows.value().labels.begin(), rows.value().labels.end()),
             (QList<int>{1, 0, 1}));
    QCOMPARE(rows.value().notices, (QStringList{"1 column the model does not use: note",
                                                "column 'age': 1 missing value, imputed with "
                                                "the training median",
                                                "column 'colour': 1 row with a value the model "
                                                "never saw ('purple'), encoded as all zeros"}));
}

void TestImport::namesUnseenValues()
{
    const Result<Dataset> training =
        importDataset(writeCase("colour,x,class\nred,1,a\nblue,2,b\nred,3,a\nblue,4,b\n"));
    QVERIFY2(training.ok(), qPrintable(training.ok() ? QString() : training.error().message));

    const Result<LabelledRows> rows = loadRowsWithRecipe(
        writeCase("colour,x,class\npurple,1,a\npurple,2,b\npink,3,a\nred,4,b\ngrey,5,a\n"
                  "teal,6,b\n"),
        training.value().recipe);

    QVERIFY2(rows.ok(), qPrintable(rows.ok() ? QString() : rows.error().message));
    QCOMPARE(rows.value().notices,
             (QStringList{"column 'colour': 5 rows with values the model never saw ('purple', "
                          "'pink', 'grey' and 1 more), encoded as all zeros"}));
}

void TestImport::matchesNumericClassesByValue()
{
    const Result<Dataset> training =
        importDataset(writeCase("a,class\n1,0\n2,1\n3,0\n4,1.0\n5,0.0\n"));
    QVERIFY2(training.ok(), qPrintable(training.ok() ? QString() : training.error().message));
    QCOMPARE(training.value().classNames, (QStringList{"0", "1"}));
    QCOMPARE(QList<int>(training.value().labels.begin(), training.value().labels.end()),
             (QList<int>{0, 1, 0, 1, 0}));

    // Another program writes the same classes with decimals, and a decimal comma.
    const Result<LabelledRows> rows =
        loadRowsWithRecipe(writeCase("a;class\n1;1,0\n2;0,00\n3;1\n"), training.value().recipe);

    QVERIFY2(rows.ok(), qPrintable(rows.ok() ? QString() : rows.error().message));
    QCOMPARE(QList<int>(rows.value().labels.begin(), rows.value().labels.end()),
             (QList<int>{1, 0, 1}));
}

void TestImport::countsLevelsOfKeptRows()
{
    // 'blue' and 'pink' occur only in rows without a target.
    const Result<Dataset> dataset = importDataset(
        writeCase("colour,a,class\nred,1,x\nblue,2,\ngreen,3,y\npink,4,NA\nred,5,y\n"));

    QVERIFY2(dataset.ok(), qPrintable(dataset.ok() ? QString() : dataset.error().message));
    QCOMPARE(dataset.value().recipe.columns.front().categories, (QStringList{"red", "green"}));
    QCOMPARE(dataset.value().columnProfiles.front().distinct, 2);
}

void TestImport::refusesFilesMissingColumns()
{
    const Result<Dataset> training = importDataset(importData + QStringLiteral("/train_mixed.csv"));
    QVERIFY(training.ok());
    const QString path = importData + QStringLiteral("/predict_missing_columns.csv");
    const Result<LabelledRows> rows = loadRowsWithRecipe(path, training.value().recipe);
    QVERIFY(!rows.ok());
    QCOMPARE(rows.error().message,
             path + QStringLiteral(": missing feature columns the model needs: age, weight"));
}

void TestImport::tellsWhatPredictionReads_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("notices");

    QTest::newRow("repeated-column-name")
        << QByteArray("a,b,color,a,class\n1,2,red,9,x\n2.5,3,blue,8,y\n")
        << QStringList{"column name 'a' repeats (columns 1, 4): the model reads the first"};
    QTest::newRow("missing-values-imputed")
        << QByteArray("a,b,color,class\n1,NA,red,x\n2,,blue,y\n3,?,red,x\n")
        << QStringList{"column 'b': 3 missing values, imputed with the training median"};
}

void TestImport::tellsWhatPredictionReads()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, notices);
    const QString trainingPath = m_dir.filePath(QStringLiteral("prediction-training.csv"));
    {
        QFile file(trainingPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a,b,color,class\n1.5,2,red,x\n2,3,blue,y\n3,5,red,x\n4.5,1,blue,y\n");
    }
    const Result<Dataset> training = importDataset(trainingPath);
    QVERIFY2(training.ok(), qPrintable(training.ok() ? QString() : training.error().message));

    const Result<LabelledRows> rows = loadRowsWithRecipe(writeCase(bytes), training.value().recipe);

    QVERIFY2(rows.ok(), qPrintable(rows.ok() ? QString() : rows.error().message));
    QCOMPARE(rows.value().notices, notices);
}

void TestImport::refusesColumnsNamedInAnotherCase()
{
    const Result<Dataset> training =
        importDataset(writeCase("a,b,color,class\n1.5,2,red,x\n2,3,blue,y\n3,5,red,x\n"));
    QVERIFY2(training.ok(), qPrintable(training.ok() ? QString() : training.error().message));
    const QString path = m_dir.filePath(QStringLiteral("other-case.csv"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("A,B,Color,class\n1,2,red,x\n");
    }

    const Result<LabelledRows> rows = loadRowsWithRecipe(path, training.value().recipe);

    QVERIFY(!rows.ok());
    QCOMPARE(rows.error().message,
             path + QStringLiteral(": missing feature columns the model needs: a, b, color "
                                   "(the file has 'A', 'B', 'Color': names must match exactly, "
                                   "including case)"));
}

void TestImport::imputesWithTrainingMedian()
{
    // Column 0: training rows 0..3 hold 1, NaN, 3, 10 -> median of {1, 3, 10} = 3.
    // Row 4 (not a training row) holds 1000 and must not move the median.
    // Column 1 is constant on the training rows: scale 1, standardised value 0.
    const double nan = std::nan("");
    Eigen::MatrixXd x(5, 2);
    x << 1, 7, nan, 7, 3, 7, 10, 7, 1000, nan;
    const Standardizer s = Standardizer::fit(x, {0, 1, 2, 3});

    QCOMPARE(s.median(0), 3.0);
    QCOMPARE(s.median(1), 7.0);
    // Imputed training column 0: 1, 3, 3, 10 -> mean 4.25,
    // variance ((3.25^2 + 1.25^2 * 2 + 5.75^2) / 4) = 11.6875.
    QVERIFY(std::abs(s.mean(0) - 4.25) < 1e-12);
    QVERIFY(std::abs(s.scale(0) - std::sqrt(11.6875)) < 1e-12);
    QCOMPARE(s.scale(1), 1.0);
    const Eigen::MatrixXd z = s.apply(x);
    QVERIFY(z.allFinite());
    QVERIFY(std::abs(z(1, 0) - (3 - 4.25) / std::sqrt(11.6875)) < 1e-12);
    QCOMPARE(z(4, 1), 0.0);
}

void TestImport::countsDistinctValuesUpToACap()
{
    // 'many' has 400 distinct numbers, more than are counted exactly (255);
    // 'few' has 4, counted exactly.
    QByteArray csv = "many,few,class\n";
    for (int i = 0; i < 400; ++i)
        csv += QByteArray::number(i * 0.5) + ',' + QByteArray::number(i % 4) + ',' +
               (i % 2 ? "a" : "b") + '\n';
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("distinct.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(csv);
    file.close();
    const Result<Dataset> data = importDataset(file.fileName());
    QVERIFY2(data.ok(), data.ok() ? "" : qPrintable(data.error().message));
    const ColumnProfile &many = data.value().columnProfiles[0];
    const ColumnProfile &few = data.value().columnProfiles[1];
    QCOMPARE(many.distinct, 256);
    QVERIFY(many.distinctCapped);
    QCOMPARE(few.distinct, 4);
    QVERIFY(!few.distinctCapped);
}

void TestImport::previewsTheFirstRows()
{
    const Result<ImportPreview> preview =
        previewImport(importData + QStringLiteral("/train_mixed.csv"), {}, 2);
    QVERIFY2(preview.ok(), qPrintable(preview.ok() ? QString() : preview.error().message));
    QCOMPARE(preview.value().header, (QStringList{"age", "colour", "weight", "kind"}));
    QCOMPARE(int(preview.value().rows.size()), 2);
    QCOMPARE(preview.value().rows.front(), (QStringList{"34", "red", "70,5", "cat"}));
    QCOMPARE(preview.value().recipe.delimiter, ';');
    QCOMPARE(preview.value().recipe.decimalMark, ',');
    QCOMPARE(preview.value().recipe.targetName, QStringLiteral("kind"));
}

void TestImport::previewMarksMissingCells_data()
{
    QTest::addColumn<QStringList>("markers");
    QTest::addColumn<QList<bool>>("missingInNote");

    // note: '', 'ok', 'NA' down the rows
    QTest::newRow("default-markers")
        << ImportRecipe::defaultMissingMarkers() << QList<bool>{true, false, true};
    QTest::newRow("empty-cell-not-a-marker")
        << QStringList{"NA"} << QList<bool>{false, false, true};
    QTest::newRow("no-markers") << QStringList{} << QList<bool>{false, false, false};
}

void TestImport::previewMarksMissingCells()
{
    QFETCH(QStringList, markers);
    QFETCH(QList<bool>, missingInNote);
    ImportOptions options;
    options.missingMarkers = markers;

    const Result<ImportPreview> preview =
        previewImport(writeCase("a,note,class\n1,,x\n2,ok,y\n3,NA,x\n"), options);

    QVERIFY2(preview.ok(), qPrintable(preview.ok() ? QString() : preview.error().message));
    QCOMPARE(int(preview.value().missingCells.size()), 3);
    for (int r = 0; r < 3; ++r) {
        QCOMPARE(bool(preview.value().missingCells[std::size_t(r)][1]), missingInNote[r]);
        QCOMPARE(bool(preview.value().missingCells[std::size_t(r)][0]), false);
    }
    QCOMPARE(preview.value().rows.front().at(1), QString()); // missing or empty: no text
    QCOMPARE(preview.value().columns[1].missing, int(missingInNote.count(true)));
}

void TestImport::cancels()
{
    const QString path = m_dir.filePath(QStringLiteral("cancel.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a,class\n1,x\n2,y\n");
    file.close();
    int calls = 0;
    const Result<Dataset> dataset = importDataset(path, {}, [&calls](qint64, qint64) {
        ++calls;
        return false;
    });
    QVERIFY(!dataset.ok());
    QCOMPARE(calls, 1);
    QCOMPARE(dataset.error().message, path + QStringLiteral(": reading cancelled"));
}

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
