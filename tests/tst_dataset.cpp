#include "casefile.h"
#include "dataset.h"
#include "preprocessing.h"

#include <QFile>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace trm;

namespace {

const QString testData = QStringLiteral(TRM_TEST_DATA);
const QString datasets = QStringLiteral(TRM_DATASETS);

QList<int> toList(const std::vector<int> &values)
{
    return QList<int>(values.begin(), values.end());
}

} // namespace

class TestDataset : public QObject
{
    Q_OBJECT

private:
    QString writeCase(const QByteArray &bytes) { return writeCaseFile(m_dir, bytes); }

    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readsCells_data();
    void readsCells();
    void refusesMalformedTables_data();
    void refusesMalformedTables();
    void refusesUnreadableFiles();

    void loadsBundledDatasets_data();
    void loadsBundledDatasets();
    void ordersClasses_data();
    void ordersClasses();
    void parsesNumbersInAnyLocale_data();
    void parsesNumbersInAnyLocale();
    void refusesBadDatasets_data();
    void refusesBadDatasets();
    void findsTargetColumn_data();
    void findsTargetColumn();

    void loadsRowsForModel_data();
    void loadsRowsForModel();
    void refusesRowsForModel_data();
    void refusesRowsForModel();

    void hashesFiles();

    void standardizesTrainingRows();
    void selectsRowsAndLabels();
};

void TestDataset::readsCells_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QList<QStringList>>("rows");
    QTest::addColumn<QList<int>>("lines");

    const QStringList ab{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("plain") << QByteArray("a,b\n1,2\n3,4\n") << ',' << ab
                           << QList<QStringList>{{"1", "2"}, {"3", "4"}} << QList<int>{2, 3};
    QTest::newRow("quoted-delimiter") << QByteArray("a,b\n1,\"yes, really\"\n") << ',' << ab
                                      << QList<QStringList>{{"1", "yes, really"}} << QList<int>{2};
    QTest::newRow("doubled-quote-inside-quotes")
        << QByteArray("a,b\n\"say \"\"hi\"\"\",2\n") << ',' << ab
        << QList<QStringList>{{"say \"hi\"", "2"}} << QList<int>{2};
    QTest::newRow("quoted-newline-counts-lines")
        << QByteArray("a,b\n1,\"two\nlines\"\n3,4\n") << ',' << ab
        << QList<QStringList>{{"1", "two\nlines"}, {"3", "4"}} << QList<int>{2, 4};
    QTest::newRow("crlf-line-ends")
        << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << ',' << ab
        << QList<QStringList>{{"1", "2"}, {"3", "4"}} << QList<int>{2, 3};
    QTest::newRow("blank-lines-skipped")
        << QByteArray("a,b\n\n1,2\n   \n\n3,4\n\n") << ',' << ab
        << QList<QStringList>{{"1", "2"}, {"3", "4"}} << QList<int>{3, 6};
    QTest::newRow("no-final-line-end")
        << QByteArray("a,b\n1,2\n3,4") << ',' << ab << QList<QStringList>{{"1", "2"}, {"3", "4"}}
        << QList<int>{2, 3};
    QTest::newRow("utf8-byte-order-mark")
        << QByteArray("\xEF\xBB\xBF"
                      "a,b\n1,2\n")
        << ',' << ab << QList<QStringList>{{"1", "2"}} << QList<int>{2};
    QTest::newRow("unquoted-spaces-trimmed") << QByteArray(" a , b \n 1 ,\" 2 \"\n") << ',' << ab
                                             << QList<QStringList>{{"1", " 2 "}} << QList<int>{2};
    QTest::newRow("empty-cells-kept")
        << QByteArray("a,b\n,\n") << ',' << ab << QList<QStringList>{{"", ""}} << QList<int>{2};
    QTest::newRow("semicolon-delimiter") << QByteArray("a;b\n1,5;\"x;y\"\n") << ';' << ab
                                         << QList<QStringList>{{"1,5", "x;y"}} << QList<int>{2};
    QTest::newRow("quote-inside-unquoted-field-read-literally")
        << QByteArray("a,b\nHe said \"hi\" 0,12\"\n") << ',' << ab
        << QList<QStringList>{{"He said \"hi\" 0", "12\""}} << QList<int>{2};
    QTest::newRow("utf8-text") << QByteArray("a,b\n\xC3\xA9t\xC3\xA9,2\n") << ',' << ab
                               << QList<QStringList>{{QString::fromUtf8("\xC3\xA9t\xC3\xA9"), "2"}}
                               << QList<int>{2};
}

void TestDataset::readsCells()
{
    QFETCH(QByteArray, bytes);
    QFETCH(char, delimiter);
    QFETCH(QStringList, header);
    QFETCH(QList<QStringList>, rows);
    QFETCH(QList<int>, lines);

    // tested action
    CsvReadOptions options;
    options.delimiter = delimiter;
    const auto table = readCsvTable(writeCase(bytes), options);

    // check result
    QVERIFY2(table.ok(), qPrintable(table.ok() ? QString() : table.error().message));
    QCOMPARE(table.value().header, header);
    QCOMPARE(QList<QStringList>(table.value().rows.begin(), table.value().rows.end()), rows);
    QCOMPARE(toList(table.value().lineNumbers), lines);
    QCOMPARE(table.value().cellColumns.size(), table.value().rows.size());
}

void TestDataset::refusesMalformedTables_data()
{
    // The expected message follows the file's path.
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty-file") << QByteArray() << QStringLiteral(": the file is empty");
    QTest::newRow("blank-lines-only")
        << QByteArray("\n \n\r\n") << QStringLiteral(": the file has only blank lines");
    QTest::newRow("header-only") << QByteArray("\na,b,c\n")
                                 << QStringLiteral(":2: the file has a header but no data rows");
    QTest::newRow("ragged-row") << QByteArray("a,b,c\n1,2,3\n4,5\n6,7,8\n")
                                << QStringLiteral(":3: expected 3 fields, found 2");
    QTest::newRow("ragged-row-against-one-field")
        << QByteArray("a\n1\n2,3\n") << QStringLiteral(":3: expected 1 field, found 2");
    QTest::newRow("ragged-rows-counted")
        << QByteArray("a,b,c\n1,2,3\n4,5,6,7\n6,7\n8,9,10\n")
        << QStringLiteral(":3: expected 3 fields, found 4; 2 rows have the wrong number of "
                          "fields");
    QTest::newRow("unterminated-quote")
        << QByteArray("a,b\n1,2\n3,\"open\n4,5\n")
        << QStringLiteral(":3:3: unterminated quoted field starting here");
    QTest::newRow("unterminated-quote-after-blank-lines")
        << QByteArray("a,b\n\n\n  \"open,1\n")
        << QStringLiteral(":4:3: unterminated quoted field starting here");
    QTest::newRow("text-after-closing-quote")
        << QByteArray("a,b\n1,\"ab\"c\n")
        << QStringLiteral(":2:7: unexpected text after the closing quote of a quoted field (a "
                          "quote inside a quoted field must be doubled: \"\")");
    QTest::newRow("binary-nul-byte")
        << QByteArray("a,b\n1,\0", 7)
        << QStringLiteral(":2:3: binary data (a NUL byte) where text was expected; save the "
                          "table as UTF-8 CSV");
    QTest::newRow("duplicate-column-name")
        << QByteArray("x,y,x\n1,2,3\n")
        << QStringLiteral(":1:5: column name 'x' appears twice (columns 1 and 3)");
}

void TestDataset::refusesMalformedTables()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);

    const QString path = writeCase(bytes);
    const auto table = readCsvTable(path);

    QVERIFY(!table.ok());
    QCOMPARE(table.error().message, path + message);
}

void TestDataset::refusesUnreadableFiles()
{
    const QString missing = m_dir.filePath(QStringLiteral("no-such-file.csv"));
    const auto dataset = loadDataset(missing);
    QVERIFY(!dataset.ok());
    QVERIFY2(dataset.error().message.startsWith(missing + QStringLiteral(": cannot open the file")),
             qPrintable(dataset.error().message));

    const auto folder = readCsvTable(m_dir.path());
    QVERIFY(!folder.ok());
    QCOMPARE(folder.error().message, m_dir.path() + QStringLiteral(": is a folder, not a file"));
}

void TestDataset::loadsBundledDatasets_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("features");
    QTest::addColumn<QString>("targetName");
    QTest::addColumn<QStringList>("classNames");
    QTest::addColumn<QList<int>>("classCounts");

    QTest::newRow("iris") << QStringLiteral("iris.csv") << 150 << 4 << QStringLiteral("species")
                          << QStringList{"setosa", "versicolor", "virginica"}
                          << QList<int>{50, 50, 50};
    // Text labels keep the order of first appearance; the first row is malignant.
    QTest::newRow("breast-cancer-first-appearance")
        << QStringLiteral("breast_cancer.csv") << 569 << 30 << QStringLiteral("diagnosis")
        << QStringList{"malignant", "benign"} << QList<int>{212, 357};
    // Numeric labels sort numerically although the first row is 1.
    QTest::newRow("diabetes-numeric-labels")
        << QStringLiteral("diabetes.csv") << 768 << 8 << QStringLiteral("outcome")
        << QStringList{"0", "1"} << QList<int>{500, 268};
}

void TestDataset::loadsBundledDatasets()
{
    QFETCH(QString, file);
    QFETCH(int, rows);
    QFETCH(int, features);
    QFETCH(QString, targetName);
    QFETCH(QStringList, classNames);
    QFETCH(QList<int>, classCounts);

    const QString path = datasets + QLatin1Char('/') + file;
    const auto dataset = loadDataset(path);

    QVERIFY2(dataset.ok(), qPrintable(dataset.ok() ? QString() : dataset.error().message));
    const Dataset &d = dataset.value();
    QCOMPARE(d.rowCount(), rows);
    QCOMPARE(d.featureCount(), features);
    QCOMPARE(int(d.featureNames.size()), features);
    QCOMPARE(d.targetName, targetName);
    QCOMPARE(d.classNames, classNames);
    QCOMPARE(toList(d.classCounts()), classCounts);
    QCOMPARE(int(d.labels.size()), rows);
    QVERIFY(d.features.allFinite());
    QCOMPARE(d.sourcePath, path);
    QCOMPARE(d.sha256, fileSha256(path).value());

    // The bundled files are plain: a header, then numbers and a last-column label
    // on every line. Splitting them by hand must give the very same doubles
    // (no cell taken for missing, no column reordered or encoded) and labels.
    QFile plain(path);
    QVERIFY(plain.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines =
        QString::fromUtf8(plain.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(int(lines.size()), rows + 1);
    QCOMPARE(lines.first().split(QLatin1Char(',')).mid(0, features), d.featureNames);
    const QLocale c = QLocale::c();
    for (int r = 0; r < rows; ++r) {
        const QStringList cells = lines[r + 1].split(QLatin1Char(','));
        QCOMPARE(int(cells.size()), features + 1);
        for (int j = 0; j < features; ++j) {
            bool ok = false;
            const double expected = c.toDouble(cells[j], &ok);
            QVERIFY(ok);
            if (d.features(r, j) != expected)
                QFAIL(qPrintable(QStringLiteral("row %1, column %2: %3 read as %4")
                                     .arg(r + 1)
                                     .arg(j + 1)
                                     .arg(cells[j])
                                     .arg(d.features(r, j), 0, 'g', 17)));
        }
        QCOMPARE(d.classNames[d.labels[size_t(r)]], cells[features]);
    }
}

void TestDataset::ordersClasses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("classNames");
    QTest::addColumn<QList<int>>("labels");

    QTest::newRow("numeric-labels-sorted") << QByteArray("x,y\n1,10\n2,2\n3,1\n4,2\n")
                                           << QStringList{"1", "2", "10"} << QList<int>{2, 1, 0, 1};
    QTest::newRow("numeric-labels-keep-their-text")
        << QByteArray("x,y\n1,1.0\n2,0.50\n3,-1\n") << QStringList{"-1", "0.50", "1.0"}
        << QList<int>{2, 1, 0};
    QTest::newRow("text-labels-first-appearance")
        << QByteArray("x,y\n1,b\n2,a\n3,c\n4,a\n") << QStringList{"b", "a", "c"}
        << QList<int>{0, 1, 2, 1};
    QTest::newRow("mixed-labels-first-appearance")
        << QByteArray("x,y\n1,2\n2,x\n3,1\n") << QStringList{"2", "x", "1"} << QList<int>{0, 1, 2};
}

void TestDataset::ordersClasses()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, classNames);
    QFETCH(QList<int>, labels);

    const auto dataset = loadDataset(writeCase(bytes));

    QVERIFY2(dataset.ok(), qPrintable(dataset.ok() ? QString() : dataset.error().message));
    QCOMPARE(dataset.value().classNames, classNames);
    QCOMPARE(toList(dataset.value().labels), labels);
}

void TestDataset::parsesNumbersInAnyLocale_data()
{
    QTest::addColumn<QByteArray>("cell");
    QTest::addColumn<double>("value");

    QTest::newRow("decimal-point") << QByteArray("1.5") << 1.5;
    QTest::newRow("exponent") << QByteArray("-2.5e-3") << -2.5e-3;
    QTest::newRow("leading-plus") << QByteArray("+4") << 4.0;
    QTest::newRow("no-leading-digit") << QByteArray(".25") << 0.25;
    QTest::newRow("quoted-with-spaces") << QByteArray("\" 7 \"") << 7.0;
}

void TestDataset::parsesNumbersInAnyLocale()
{
    QFETCH(QByteArray, cell);
    QFETCH(double, value);

    // A German default locale reads "1.5" as 15 and "1,5" as 1.5; the file must not.
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const auto dataset = loadDataset(writeCase("x,y\n" + cell + ",a\n0,b\n"));
    QLocale::setDefault(previous);

    QVERIFY2(dataset.ok(), qPrintable(dataset.ok() ? QString() : dataset.error().message));
    QCOMPARE(dataset.value().features(0, 0), value);
}

void TestDataset::refusesBadDatasets_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("message");

    // Text in a feature column makes it categorical and an empty cell is missing
    // (tst_import covers both); infinite and overflowing numbers are refused.
    QTest::newRow("column-counts-characters-not-bytes")
        << QByteArray("label,x\n\xC3\xA9,1e999\nf,1\n") << QStringLiteral("label")
        << QStringLiteral(":2:3: column 'x': '1e999' is infinite or too large for a number; "
                          "correct it, or add it to the missing markers");
    QTest::newRow("infinite-value")
        << QByteArray("x,label\n1,a\ninf,b\n") << QString()
        << QStringLiteral(":3:1: column 'x': 'inf' is infinite or too large for a number; "
                          "correct it, or add it to the missing markers");
    QTest::newRow("target-not-found")
        << QByteArray("x,y,label\n1,2,a\n") << QStringLiteral("class")
        << QStringLiteral(": target column 'class' not found; the columns are: x, y, label");
    QTest::newRow("target-number-out-of-range")
        << QByteArray("x,y,label\n1,2,a\n") << QStringLiteral("4")
        << QStringLiteral(": target column number 4 is out of range; the file has 3 columns");
    QTest::newRow("single-class")
        << QByteArray("x,label\n1,a\n2,a\n") << QString()
        << QStringLiteral(": column 'label' holds a single class ('a'); classification needs "
                          "at least 2");
    QTest::newRow("target-only") << QByteArray("label\na\nb\n") << QString()
                                 << QStringLiteral(": no usable feature columns besides the "
                                                   "target 'label'");
}

void TestDataset::refusesBadDatasets()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, target);
    QFETCH(QString, message);

    const QString path = writeCase(bytes);
    const auto dataset = loadDataset(path, target);

    QVERIFY(!dataset.ok());
    QCOMPARE(dataset.error().message, path + message);
}

void TestDataset::findsTargetColumn_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("column");

    QTest::newRow("empty-means-last") << QString() << 3;
    QTest::newRow("by-name") << QStringLiteral("kind") << 1;
    QTest::newRow("by-number") << QStringLiteral("1") << 0;
    QTest::newRow("name-wins-over-number") << QStringLiteral("3") << 2;
    QTest::newRow("case-forgiven-when-unique") << QStringLiteral("KIND") << 1;
}

void TestDataset::findsTargetColumn()
{
    QFETCH(QString, target);
    QFETCH(int, column);

    CsvTable table;
    table.path = QStringLiteral("table.csv");
    table.header = QStringList{"x", "kind", "3", "y"};

    const auto found = findTargetColumn(table, target);

    QVERIFY2(found.ok(), qPrintable(found.ok() ? QString() : found.error().message));
    QCOMPARE(found.value(), column);
}

void TestDataset::loadsRowsForModel_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<double>>("features");
    QTest::addColumn<QList<int>>("labels");
    QTest::addColumn<QList<int>>("lines");

    // Columns in another order, with extra columns the model ignores.
    QTest::newRow("reordered-columns")
        << QStringLiteral("predict_reordered.csv") << QList<double>{5.1, 0.2, 7.0, 1.3}
        << QList<int>{0, 1} << QList<int>{2, 3};
    QTest::newRow("no-target-column")
        << QStringLiteral("predict_no_target.csv") << QList<double>{5.1, 0.2, 7.0, 1.3}
        << QList<int>{} << QList<int>{2, 4};
}

void TestDataset::loadsRowsForModel()
{
    QFETCH(QString, file);
    QFETCH(QList<double>, features);
    QFETCH(QList<int>, labels);
    QFETCH(QList<int>, lines);

    const auto rows =
        loadRowsFor(testData + QLatin1Char('/') + file, {"sepal_length", "petal_width"},
                    QStringLiteral("species"), {"setosa", "versicolor", "virginica"});

    QVERIFY2(rows.ok(), qPrintable(rows.ok() ? QString() : rows.error().message));
    const Eigen::MatrixXd &x = rows.value().features;
    QCOMPARE(x.rows(), 2);
    QCOMPARE(x.cols(), 2);
    QCOMPARE((QList<double>{x(0, 0), x(0, 1), x(1, 0), x(1, 1)}), features);
    QCOMPARE(toList(rows.value().labels), labels);
    QCOMPARE(toList(rows.value().lineNumbers), lines);
}

void TestDataset::refusesRowsForModel_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");

    QTest::newRow("missing-feature-columns")
        << QStringLiteral("predict_missing_columns.csv")
        << QStringLiteral(": missing feature columns the model needs: sepal_length, "
                          "petal_width");
    QTest::newRow("unknown-class-label")
        << QStringLiteral("predict_unknown_class.csv")
        << QStringLiteral(":3:9: column 'species': unknown class 'virginica'; the model "
                          "knows: setosa, versicolor");
}

void TestDataset::refusesRowsForModel()
{
    QFETCH(QString, file);
    QFETCH(QString, message);

    const QString path = testData + QLatin1Char('/') + file;
    const auto rows = loadRowsFor(path, {"sepal_length", "petal_width"}, QStringLiteral("species"),
                                  {"setosa", "versicolor"});

    QVERIFY(!rows.ok());
    QCOMPARE(rows.error().message, path + message);
}

void TestDataset::hashesFiles()
{
    const QString path = m_dir.filePath(QStringLiteral("abc.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("abc");
    file.close();

    // FIPS 180-2, appendix B.1: SHA-256("abc").
    QCOMPARE(fileSha256(path).value(),
             QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));

    const QString missing = m_dir.filePath(QStringLiteral("missing.txt"));
    const auto failed = fileSha256(missing);
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error().message.startsWith(missing + QStringLiteral(": cannot open")),
             qPrintable(failed.error().message));
}

void TestDataset::standardizesTrainingRows()
{
    // Column 0: rows 0..2 hold 1, 2, 3 (mean 2, population std sqrt(2/3)); row 3 is
    // not a training row and must not move the statistics. Column 1 is constant on
    // the training rows, so its scale is 1.
    Eigen::MatrixXd x(4, 2);
    x << 1, 5, 2, 5, 3, 5, 100, -7;
    const Standardizer s = Standardizer::fit(x, {0, 1, 2});

    const double std0 = std::sqrt(2.0 / 3.0);
    QVERIFY(std::abs(s.mean(0) - 2.0) < 1e-12);
    QVERIFY(std::abs(s.mean(1) - 5.0) < 1e-12);
    QVERIFY(std::abs(s.scale(0) - std0) < 1e-12);
    QCOMPARE(s.scale(1), 1.0);

    const Eigen::MatrixXd z = s.apply(x);
    QVERIFY(std::abs(z(0, 0) + 1.0 / std0) < 1e-12);
    QVERIFY(std::abs(z(1, 0)) < 1e-12);
    QVERIFY(std::abs(z(3, 0) - 98.0 / std0) < 1e-12);
    QCOMPARE(z(0, 1), 0.0);
    QCOMPARE(z(3, 1), -12.0);
}

void TestDataset::selectsRowsAndLabels()
{
    Eigen::MatrixXd x(3, 2);
    x << 1, 2, 3, 4, 5, 6;
    const Eigen::MatrixXd picked = selectRows(x, {2, 0, 2});
    QCOMPARE(picked.rows(), 3);
    QCOMPARE(picked(0, 1), 6.0);
    QCOMPARE(picked(1, 0), 1.0);
    QCOMPARE(picked(2, 0), 5.0);
    QCOMPARE(toList(selectLabels({7, 8, 9}, {2, 0, 2})), (QList<int>{9, 7, 9}));
}

QTEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"
