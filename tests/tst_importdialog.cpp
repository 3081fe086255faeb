#include "casefile.h"
#include "importcases.h"
#include "importdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace trm;
using trm::ui::ImportDialog;

namespace {

const QString importData = QStringLiteral(TRM_TEST_DATA "/import");

QComboBox *comboNear(ImportDialog &dialog, int index)
{
    return dialog.findChildren<QComboBox *>(QString(), Qt::FindDirectChildrenOnly).value(index);
}

QTableWidget *table(ImportDialog &dialog, int index)
{
    return dialog.findChildren<QTableWidget *>(QString(), Qt::FindDirectChildrenOnly).value(index);
}

} // namespace

class TestImportDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void loadsEveryTable_data() { importcases::addTables(); }
    void loadsEveryTable();
    void refusesEveryTable_data() { importcases::addRefusals(); }
    void refusesEveryTable();
    void showsDetectedSettingsAndPreview();
    void previewFollowsTheSettings();
    void loadsWithTheChosenRoles();
    void keepsNothingWhenTheLoadFails();
    void cancelsALargeLoad();
    void summaryCountsTheWholeFile();
    void emptyCellCanStopBeingMissing();
    void staysResponsiveWhileCounting();
};

// Every file the reader accepts loads through the dialog into the same table.
void TestImportDialog::loadsEveryTable()
{
    QFETCH(QByteArray, bytes);
    ImportDialog dialog(writeCaseFile(m_dir, bytes));
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));

    QSignalSpy finished(&dialog, &ImportDialog::loadFinished);
    dialog.load();
    QVERIFY(finished.wait(10000));

    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.dataset().has_value());
    importcases::verifyTable(*dialog.dataset());
}

// Every file the reader refuses shows the reader's message, whether the first
// rows or the whole file give it away, and Load accepts nothing.
void TestImportDialog::refusesEveryTable()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const QString path = writeCaseFile(m_dir, bytes);
    ImportDialog dialog(path);
    QVERIFY(dialog.waitForWholeFile(10000));
    QCOMPARE(dialog.errorText(), path + message);

    QSignalSpy finished(&dialog, &ImportDialog::loadFinished);
    dialog.load();
    QVERIFY(finished.wait(10000));

    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!dialog.dataset().has_value());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(dialog.errorText(), path + message);
}

void TestImportDialog::showsDetectedSettingsAndPreview()
{
    ImportDialog dialog(importData + QStringLiteral("/train_mixed.csv"));

    // combo boxes in creation order: encoding, delimiter, decimal mark
    QCOMPARE(comboNear(dialog, 0)->currentText(), QStringLiteral("UTF-8"));
    QCOMPARE(comboNear(dialog, 1)->currentIndex(), 1); // semicolon
    QCOMPARE(comboNear(dialog, 2)->currentIndex(), 1); // decimal comma
    QTableWidget *columns = table(dialog, 0);
    QTableWidget *preview = table(dialog, 1);
    QCOMPARE(columns->rowCount(), 4);
    QCOMPARE(preview->rowCount(), 5);
    QCOMPARE(preview->item(0, 2)->text(), QStringLiteral("70,5"));
    QCOMPARE(preview->item(1, 2)->text(), QStringLiteral("(missing)"));
    auto *targetRole = qobject_cast<QComboBox *>(columns->cellWidget(3, 2));
    QCOMPARE(targetRole->currentText(), QStringLiteral("target"));
    auto *colourType = qobject_cast<QComboBox *>(columns->cellWidget(1, 1));
    QCOMPARE(colourType->currentText(), QStringLiteral("categorical"));
    QVERIFY(dialog.errorText().isEmpty());
}

void TestImportDialog::previewFollowsTheSettings()
{
    ImportDialog dialog(importData + QStringLiteral("/train_mixed.csv"));

    // tested action: the comma as delimiter on a semicolon file
    comboNear(dialog, 1)->setCurrentIndex(0);

    // check result: one column per line, the rows no longer share a length
    QVERIFY2(dialog.errorText().contains(QStringLiteral("expected")),
             qPrintable(dialog.errorText()));
    QVERIFY(dialog.options().delimiter.has_value());
    QCOMPARE(*dialog.options().delimiter, ',');

    comboNear(dialog, 1)->setCurrentIndex(1);
    QVERIFY(dialog.errorText().isEmpty());
    QCOMPARE(table(dialog, 1)->columnCount(), 4);
}

void TestImportDialog::loadsWithTheChosenRoles()
{
    ImportDialog dialog(importData + QStringLiteral("/train_mixed.csv"));
    QTableWidget *columns = table(dialog, 0);
    qobject_cast<QComboBox *>(columns->cellWidget(1, 2))->setCurrentIndex(2); // colour: ignore
    QCOMPARE(dialog.options().roles.value(QStringLiteral("colour")), ColumnRole::Ignore);

    QSignalSpy finished(&dialog, &ImportDialog::loadFinished);
    dialog.load();
    QVERIFY(finished.wait(10000));

    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.dataset().has_value());
    QCOMPARE(dialog.dataset()->featureNames, (QStringList{"age", "weight"}));
    QCOMPARE(dialog.dataset()->rowCount(), 5);
}

void TestImportDialog::keepsNothingWhenTheLoadFails()
{
    // The bad cell lies past the preview rows, so only the full load finds it.
    QByteArray bytes("a,class\n");
    for (int i = 0; i < 80; ++i)
        bytes += QByteArray::number(i % 9) + (i % 2 ? ",x\n" : ",y\n");
    bytes += "1e999,x\n";
    const QString path = write(QStringLiteral("late-overflow.csv"), bytes);
    ImportDialog dialog(path);
    QVERIFY(dialog.errorText().isEmpty());

    QSignalSpy finished(&dialog, &ImportDialog::loadFinished);
    dialog.load();
    QVERIFY(finished.wait(10000));

    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!dialog.dataset().has_value());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(dialog.errorText(),
             path + QStringLiteral(":82:1: column 'a': '1e999' is infinite or too large for a "
                                   "number; correct it, or add it to the missing markers"));
}

void TestImportDialog::cancelsALargeLoad()
{
    // About 40 MB: ten blocks, so the cancel is seen between two of them.
    QByteArray bytes("a,b,class\n");
    bytes.reserve(41 << 20);
    while (bytes.size() < (40 << 20))
        bytes += "1.25,2.5,x\n3.75,4.5,y\n";
    const QString path = write(QStringLiteral("large.csv"), bytes);
    ImportDialog dialog(path);

    QSignalSpy finished(&dialog, &ImportDialog::loadFinished);
    dialog.load();
    QPushButton *cancel = nullptr;
    for (QPushButton *button : dialog.findChildren<QPushButton *>())
        if (button->text().contains(QStringLiteral("Cancel")))
            cancel = button;
    QVERIFY(cancel);
    cancel->click();
    QVERIFY(finished.wait(30000));

    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!dialog.dataset().has_value());
    QCOMPARE(dialog.errorText(), path + QStringLiteral(": reading cancelled"));
}

void TestImportDialog::summaryCountsTheWholeFile()
{
    // The first 50 rows hold classes y and x only (in that order of first
    // appearance); z and a row without a class come later, so only the
    // whole-file read can count them.
    QByteArray bytes("a,b,class\n");
    for (int i = 0; i < 60; ++i)
        bytes += QByteArray::number(i) + ",1.5," + (i % 2 ? "x\n" : "y\n");
    for (int i = 0; i < 20; ++i)
        bytes += "7,NA,z\n";
    bytes += "8,2.5,\n";
    const QString path = write(QStringLiteral("late-classes.csv"), bytes);
    ImportDialog dialog(path);
    QVERIFY(dialog.summaryText().startsWith(QStringLiteral("Counting the whole file")));

    QVERIFY(dialog.waitForWholeFile(10000));

    const QString summary = dialog.summaryText();
    QVERIFY2(summary.contains(QStringLiteral("81 rows read, 1 dropped for a missing target")),
             qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("y (30), x (30), z (20)")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("missing values: b 20")), qPrintable(summary));
    // the column table now shows the whole file's count of missing cells in b
    QCOMPARE(table(dialog, 0)->item(1, 3)->text(), QStringLiteral("20"));
}

void TestImportDialog::emptyCellCanStopBeingMissing()
{
    const QString path =
        write(QStringLiteral("empty-cells.csv"), "a,note,class\n1,,x\n2,ok,y\n3,,x\n4,ok,y\n");
    ImportDialog dialog(path);
    QTableWidget *preview = table(dialog, 1);
    QCOMPARE(preview->item(0, 1)->text(), QStringLiteral("(missing)"));
    QCheckBox *empty = nullptr;
    for (QCheckBox *box : dialog.findChildren<QCheckBox *>())
        if (box->text().contains(QStringLiteral("Empty cells")))
            empty = box;
    QVERIFY(empty);
    QVERIFY(empty->isChecked());

    // tested action: the empty cell is no longer a missing marker
    empty->setChecked(false);

    // check result: the options and the preview follow
    QVERIFY(dialog.options().missingMarkers.has_value());
    QVERIFY(!dialog.options().missingMarkers->contains(QString()));
    QVERIFY(dialog.options().missingMarkers->contains(QStringLiteral("NA")));
    QCOMPARE(preview->item(0, 1)->text(), QStringLiteral("(empty)"));
    QVERIFY(dialog.waitForWholeFile(10000));
    QCOMPARE(table(dialog, 0)->item(1, 3)->text(), QStringLiteral("0"));
}

void TestImportDialog::staysResponsiveWhileCounting()
{
    // About 40 MB, read on the worker while a 10 ms timer on the GUI thread
    // measures how long the event loop is ever kept waiting (reading it on the
    // GUI thread would take over a second).
    QByteArray bytes("a,b,class\n");
    bytes.reserve(41 << 20);
    while (bytes.size() < (40 << 20))
        bytes += "1.25,2.5,x\n3.75,4.5,y\n";
    const QString path = write(QStringLiteral("large-responsive.csv"), bytes);
    bytes.clear();
    ImportDialog dialog(path);

    QElapsedTimer clock;
    clock.start();
    qint64 last = 0, longestGap = 0;
    QStringList progressTexts;
    QTimer tick;
    connect(&tick, &QTimer::timeout, &dialog, [&] {
        longestGap = std::max(longestGap, clock.elapsed() - last);
        last = clock.elapsed();
        if (!dialog.wholeFileRead())
            progressTexts.append(dialog.summaryText().section(QLatin1Char('.'), 0, 0));
    });
    tick.start(10);
    QVERIFY(dialog.waitForWholeFile(60000));
    tick.stop();

    QVERIFY2(longestGap < 500, qPrintable(QString::number(longestGap)));
    QVERIFY2(dialog.summaryText().contains(QStringLiteral("rows read")),
             qPrintable(dialog.summaryText()));
    const QRegularExpression counting(QStringLiteral("^Counting the whole file… \\d+%"));
    QVERIFY(!progressTexts.isEmpty());
    for (const QString &text : progressTexts)
        QVERIFY2(counting.match(text).hasMatch(), qPrintable(text));
}

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
