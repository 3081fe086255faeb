#include "casefile.h"
#include "csvimport.h"
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

QByteArray utf16LE(const QString &text)
{
    QByteArray bytes("\xFF\xFE");
    for (QChar c : text) {
        bytes.append(char(c.unicode() & 0xFF));
        bytes.append(char(c.unicode() >> 8));
    }
    return bytes;
}

// Compact description of the column types and roles, e.g. "a:numeric:feature".
QString describeColumns(const Dataset &d)
{
    QStringList parts;
    for (const ColumnProfile &p : d.columnProfiles)
        parts.append(p.name + QLatin1Char(':') + typeName(p.type) + QLatin1Char(':') +
                     roleName(p.role));
    return parts.join(QLatin1Char(' '));
}

// NaN compares unequal to itself; the tests write it as NaN and mean "missing".
bool sameValues(const QList<double> &actual, const QList<double> &expected)
{
    if (actual.size() != expected.size())
        return false;
    for (qsizetype i = 0; i < actual.size(); ++i) {
        const bool bothNaN = std::isnan(actual[i]) && std::isnan(expected[i]);
        if (!bothNaN && std::abs(actual[i] - expected[i]) > 1e-12)
            return false;
    }
    return true;
}

QString show(const QList<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts.append(QString::number(v));
    return parts.join(QStringLiteral(", "));
}

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
    void honoursOverrides();
    void readsTheSameUnderAnyLocale();
    void predictsWithTheRecipe();
    void refusesFilesMissingColumns();
    void imputesWithTrainingMedian();
    void countsDistinctValuesUpToACap();
    void previewsTheFirstRows();
    void previewMarksMissingCells_data();
    void previewMarksMissingCells();
    void cancels();
};

void TestImport::importsTables_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("columns");      // name:type:role per file column
    QTest::addColumn<QStringList>("features"); // after one-hot
    QTest::addColumn<QStringList>("classes");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QList<double>>("firstRow");
    QTest::addColumn<QString>("notice"); // a text one notice must contain, or empty

    const QStringList ab{"a", "b"};
    const QStringList xy{"x", "y"};
    const QString abClass =
        QStringLiteral("a:numeric:feature b:numeric:feature class:categorical:target");

    QTest::newRow("semicolon-with-decimal-comma")
        << QByteArray("a;b;class\n1,5;2;x\n3,25;-0,5;y\n") << abClass << ab << xy << 2
        << QList<double>{1.5, 2} << QString();
    QTest::newRow("utf8-bom") << QByteArray("\xEF\xBB\xBF"
                                            "a,b,class\n1,2,x\n3,4,y\n")
                              << abClass << ab << xy << 2 << QList<double>{1, 2} << QString();
    QTest::newRow("crlf") << QByteArray("a,b,class\r\n1,2,x\r\n3,4,y\r\n") << abClass << ab << xy
                          << 2 << QList<double>{1, 2} << QString();
    QTest::newRow("cr-only") << QByteArray("a,b,class\r1,2,x\r3,4,y\r") << abClass << ab << xy << 2
                             << QList<double>{1, 2} << QString();
    QTest::newRow("blank-lines-skipped") << QByteArray("a,b,class\n\n1,2,x\n\n\n3,4,y\n") << abClass
                                         << ab << xy << 2 << QList<double>{1, 2} << QString();
    QTest::newRow("quoted-delimiters-and-line-breaks")
        << QByteArray(
               "note,a,class\n\"Smith, J\",1,x\n\"two\nlines\",2,y\n\"say \"\"hi\"\"\",3,x\n")
        << QStringLiteral("note:identifier:ignore a:numeric:feature class:categorical:target")
        << QStringList{"a"} << xy << 3 << QList<double>{1}
        << QStringLiteral("column 'note' ignored: a different value in every row");
    QTest::newRow("apostrophes-in-names")
        << QByteArray("city,x,class\nO'Brien's,1,a\nL'Aquila,2,b\nO'Brien's,3,a\n")
        << QStringLiteral("city:categorical:feature x:numeric:feature class:categorical:target")
        << QStringList{"city=O'Brien's", "city=L'Aquila", "x"} << QStringList{"a", "b"} << 3
        << QList<double>{1, 0, 1} << QString();
    QTest::newRow("sep-line") << QByteArray("sep=;\na;b;class\n1,5;2;x\n3;4;y\n") << abClass << ab
                              << xy << 2 << QList<double>{1.5, 2} << QString();
    QTest::newRow("no-header") << QByteArray("1.5,2,a\n3,4,b\n5,6,a\n")
                               << QStringLiteral(
                                      "column_1:numeric:feature column_2:numeric:feature "
                                      "column_3:categorical:target")
                               << QStringList{"column_1", "column_2"} << QStringList{"a", "b"} << 3
                               << QList<double>{1.5, 2} << QString();
    QTest::newRow("duplicate-headers")
        << QByteArray("a,a,,class\n1,2,3,x\n4,5,7,y\n")
        << QStringLiteral("a:numeric:feature a_2:numeric:feature column_3:numeric:feature "
                          "class:categorical:target")
        << QStringList{"a", "a_2", "column_3"} << xy << 2 << QList<double>{1, 2, 3}
        << QStringLiteral("column name 'a' repeats: column 2 called 'a_2'");
    QTest::newRow("trailing-delimiters") << QByteArray("a,b,class,\n1,2,x,\n3,4,y\n") << abClass
                                         << ab << xy << 2 << QList<double>{1, 2} << QString();
    const QList<QByteArray> markers{"", "NA", "N/A", "NaN", "null", "?", "-", "na", "NULL"};
    for (const QByteArray &marker : markers) {
        const QByteArray name = "missing-marker-'" + marker + "'";
        QTest::newRow(name.constData())
            << QByteArray("a,b,class\n1," + marker + ",x\n3,4,y\n5,6,x\n") << abClass << ab << xy
            << 3 << QList<double>{1, std::nan("")} << QString();
    }
    QTest::newRow("identifier-column")
        << QByteArray("id,name,x,class\n17,ann,1,a\n4,bob,2,b\n9,cy,3,a\n")
        << QStringLiteral("id:numeric:feature name:identifier:ignore x:numeric:feature "
                          "class:categorical:target")
        << QStringList{"id", "x"} << QStringList{"a", "b"} << 3 << QList<double>{17, 1}
        << QStringLiteral("column 'name' ignored: a different value in every row");
    QTest::newRow("row-number-column")
        << QByteArray("row,x,class\n1,0.5,a\n2,0.25,b\n3,1,a\n")
        << QStringLiteral("row:identifier:ignore x:numeric:feature class:categorical:target")
        << QStringList{"x"} << QStringList{"a", "b"} << 3 << QList<double>{0.5}
        << QStringLiteral("column 'row' ignored: numbers the rows");
    QTest::newRow("r-row-names")
        << QByteArray("\"\",\"x\",\"class\"\n\"1\",1.5,\"a\"\n\"2\",2.5,\"b\"\n\"3\",3.5,\"a\"\n")
        << QStringLiteral("column_1:identifier:ignore x:numeric:feature class:categorical:target")
        << QStringList{"x"} << QStringList{"a", "b"} << 3 << QList<double>{1.5}
        << QStringLiteral("column 1 has no name: called 'column_1'");
    QTest::newRow("target-first")
        << QByteArray("species,a,b\nx,1,2\ny,3,4\n")
        << QStringLiteral("species:categorical:target a:numeric:feature b:numeric:feature") << ab
        << xy << 2 << QList<double>{1, 2} << QString();
    QTest::newRow("numeric-labels-with-gaps")
        << QByteArray("a,class\n0.5,3\n2,12\n3,7\n4,3\n")
        << QStringLiteral("a:numeric:feature class:numeric:target") << QStringList{"a"}
        << QStringList{"3", "7", "12"} << 4 << QList<double>{0.5} << QString();
    QTest::newRow("booleans-yes-no")
        << QByteArray("smoker,x,class\nyes,1,a\nno,2,b\nyes,3,a\n")
        << QStringLiteral("smoker:categorical:feature x:numeric:feature class:categorical:target")
        << QStringList{"smoker=yes", "smoker=no", "x"} << QStringList{"a", "b"} << 3
        << QList<double>{1, 0, 1} << QString();
    QTest::newRow("booleans-true-false")
        << QByteArray("x,outcome\n1,TRUE\n2,FALSE\n2,TRUE\n")
        << QStringLiteral("x:numeric:feature outcome:categorical:target") << QStringList{"x"}
        << QStringList{"TRUE", "FALSE"} << 3 << QList<double>{1} << QString();
    QTest::newRow("latin1-text")
        << QByteArray("name,x,class\nJos\xE9,1,a\nZo\xEB,2,b\nJos\xE9,3,a\n")
        << QStringLiteral("name:categorical:feature x:numeric:feature class:categorical:target")
        << QStringList{QStringLiteral("name=Jos\u00E9"), QStringLiteral("name=Zo\u00EB"), "x"}
        << QStringList{"a", "b"} << 3 << QList<double>{1, 0, 1}
        << QStringLiteral("read as Windows-1252: the file is not valid UTF-8 (first at line 2)");
    QTest::newRow("utf16-bom") << utf16LE(QStringLiteral("a,b,class\r\n1,2,x\r\n3,4,\u00E9\r\n"))
                               << abClass << ab << QStringList{"x", QStringLiteral("\u00E9")} << 2
                               << QList<double>{1, 2} << QString();
    QTest::newRow("missing-target-rows-dropped")
        << QByteArray("a,class\n1,x\n2,\n3,y\n7,NA\n")
        << QStringLiteral("a:numeric:feature class:categorical:target") << QStringList{"a"} << xy
        << 2 << QList<double>{1}
        << QStringLiteral("2 rows without a value in the target column 'class' left out");
    QTest::newRow("constant-column-ignored")
        << QByteArray("a,c,class\n1,5,x\n2,5,y\n")
        << QStringLiteral("a:numeric:feature c:numeric:ignore class:categorical:target")
        << QStringList{"a"} << xy << 2 << QList<double>{1}
        << QStringLiteral("column 'c' ignored: the same value in every row");
    QTest::newRow("underflow-reads-as-zero")
        << QByteArray("a,class\n1e-999,x\n2,y\n")
        << QStringLiteral("a:numeric:feature class:categorical:target") << QStringList{"a"} << xy
        << 2 << QList<double>{0} << QString();
    QTest::newRow("tab-delimited") << QByteArray("a\tb\tclass\n1\t2\tx\n3\t4\ty\n") << abClass << ab
                                   << xy << 2 << QList<double>{1, 2} << QString();
    QTest::newRow("pipe-delimited") << QByteArray("a|b|class\n1|2|x\n3|4|y\n") << abClass << ab
                                    << xy << 2 << QList<double>{1, 2} << QString();
}

void TestImport::importsTables()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, columns);
    QFETCH(QStringList, features);
    QFETCH(QStringList, classes);
    QFETCH(int, rows);
    QFETCH(QList<double>, firstRow);
    QFETCH(QString, notice);

    const Result<Dataset> dataset = importDataset(writeCase(bytes));

    QVERIFY2(dataset.ok(), qPrintable(dataset.ok() ? QString() : dataset.error().message));
    const Dataset &d = dataset.value();
    QCOMPARE(describeColumns(d), columns);
    QCOMPARE(d.featureNames, features);
    QCOMPARE(d.recipe.featureNames(), features);
    QCOMPARE(d.classNames, classes);
    QCOMPARE(d.rowCount(), rows);
    QList<double> first;
    for (Eigen::Index j = 0; j < d.features.cols(); ++j)
        first.append(d.features(0, j));
    QVERIFY2(sameValues(first, firstRow), qPrintable(show(first)));
    if (!notice.isEmpty()) {
        const bool found = std::any_of(d.notices.begin(), d.notices.end(),
                                       [&](const QString &n) { return n == notice; });
        QVERIFY2(found, qPrintable(d.notices.join(QStringLiteral(" | "))));
    }
}

void TestImport::refusesTables_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message"); // follows the path

    QTest::newRow("binary-xlsx") << QByteArray("PK\x03\x04\x14\0\x06\0", 8)
                                 << QStringLiteral(": this is a ZIP archive, such as an Excel "
                                                   ".xlsx or OpenDocument .ods spreadsheet, not "
                                                   "a CSV file; save the sheet as CSV first");
    QTest::newRow("binary-nul-byte")
        << QByteArray("a,b\n1,\0,2\n", 10)
        << QStringLiteral(":2:3: binary data (a NUL byte) where text was expected; save the "
                          "table as UTF-8 CSV");
    QTest::newRow("html-page")
        << QByteArray("\n<!DOCTYPE html>\n<html><body>a,b</body></html>\n")
        << QStringLiteral(": this is an HTML web page, not a CSV file; download the raw CSV "
                          "file instead of the page that shows it");
    QTest::newRow("empty-file") << QByteArray() << QStringLiteral(": the file is empty");
    QTest::newRow("blank-lines-only")
        << QByteArray("\n\r\n\n") << QStringLiteral(": the file has only blank lines");
    QTest::newRow("header-only") << QByteArray("a,b,class\n")
                                 << QStringLiteral(":1: the file has a header but no data rows");
    QTest::newRow("single-class")
        << QByteArray("a,class\n1,x\n2,x\n")
        << QStringLiteral(": column 'class' holds a single class ('x'); classification needs "
                          "at least 2");
    QTest::newRow("ragged-rows")
        << QByteArray("a,b,class\n1,2,x\n3,y\n4,5,z\n6,w\n")
        << QStringLiteral(":3: expected 3 fields, found 2; 2 rows have the wrong number of "
                          "fields");
    QTest::newRow("unterminated-quote")
        << QByteArray("a,class\n1,x\n\"2,y\n3,z\n")
        << QStringLiteral(":3:1: unterminated quoted field starting here");
    QTest::newRow("overflow-value")
        << QByteArray("a,class\n1e999,x\n2,y\n")
        << QStringLiteral(":2:1: column 'a': '1e999' is infinite or too large for a number; "
                          "correct it, or add it to the missing markers");
    QTest::newRow("infinite-value")
        << QByteArray("a,b,class\n1,2,x\n3,-inf,y\n")
        << QStringLiteral(":3:3: column 'b': '-inf' is infinite or too large for a number; "
                          "correct it, or add it to the missing markers");
    QByteArray strayWord("a,b,class\n");
    for (int i = 0; i < 20; ++i)
        strayWord += QByteArray::number(i) + (i == 11 ? ",abc," : ",1.5,") + "xy"[i % 2] + '\n';
    QTest::newRow("numbers-with-a-stray-word")
        << strayWord << QStringLiteral(":13:4: column 'b': expected a number, found 'abc'");
    QTest::newRow("no-usable-feature")
        << QByteArray("id,class\n1,x\n2,y\n3,x\n")
        << QStringLiteral(": no usable feature columns besides the target 'class'");
    QByteArray manyValues("a,y\n");
    for (int i = 0; i < 150; ++i)
        manyValues += QByteArray::number(i % 7) + ',' + QByteArray::number(i * 0.37) + '\n';
    QTest::newRow("numeric-target-with-many-values")
        << manyValues
        << QStringLiteral(": column 'y' holds more than 100 distinct numbers: it looks like a "
                          "quantity to estimate, not classes; TRM Studio classifies, so choose "
                          "a class column as the target");
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
    QCOMPARE(rows.value().notices, (QStringList{"1 column not used by the model ignored: note",
                                                "1 unseen category mapped to zero (in colour)"}));
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
