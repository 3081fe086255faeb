#include "casefile.h"
#include "importcases.h"
#include "importdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
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

QPushButton *button(ImportDialog &dialog, const QString &text)
{
    for (QPushButton *candidate : dialog.findChildren<QPushButton *>())
        if (candidate->text().contains(text))
            return candidate;
    return nullptr;
}

/// About 40 MB of two numeric columns and a class: ten blocks for the reader,
/// so that a cancel is seen between two of them and the progress moves.
QByteArray largeTable()
{
    QByteArray bytes("a,b,class\n");
    bytes.reserve(41 << 20);
    while (bytes.size() < (40 << 20))
        bytes += "1.25,2.5,x\n3.75,4.5,y\n";
    return bytes;
}

} // namespace

class TestImportDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_largePath;

    QString largeFile()
    {
        if (m_largePath.isEmpty())
            m_largePath = write(QStringLiteral("large.csv"), largeTable());
        return m_largePath;
    }

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
    void blamesTheFileWhenNothingWasChosen();
    void showsDetectedSettingsAndPreview();
    void previewFollowsTheSettings();
    void loadsWithTheChosenRoles();
    void keepsNothingWhenTheLoadFails();
    void cancelsALargeLoad_data();
    void cancelsALargeLoad();
    void loadCarriesOnTheCount();
    void otherDelimiterReadsAnyCharacter();
    void showsADetectedUncommonDelimiterAsOther();
    void fitsASmallScreen();
    void summaryCountsTheWholeFile();
    void emptyCellCanStopBeingMissing();
    void returnInTheMarkersAppliesWithoutLoading();
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

// A file no setting can read (here a spreadsheet) is not blamed on the settings.
void TestImportDialog::blamesTheFileWhenNothingWasChosen()
{
    const QString path = writeCaseFile(m_dir, QByteArray("PK\x03\x04 a zipped workbook"));
    ImportDialog dialog(path);

    QVERIFY2(dialog.summaryText().contains(QStringLiteral("cannot be read as a table")),
             qPrintable(dialog.summaryText()));
    QVERIFY(!dialog.summaryText().contains(QStringLiteral("Change them")));
    QVERIFY2(dialog.errorText().contains(QStringLiteral("ZIP archive")),
             qPrintable(dialog.errorText()));
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

// Whatever the settings, the tables show what they read: when they cannot read
// the first rows, the tables are emptied and the error says why, rather than the
// rows of the settings before.
void TestImportDialog::previewFollowsTheSettings()
{
    const QString path = write(QStringLiteral("semicolon-with-decimal-comma.csv"),
                               "a;b;class\n1,5;2;x\n3,25;-0,5;y\n");
    ImportDialog dialog(path);
    QTableWidget *columns = table(dialog, 0);
    QTableWidget *preview = table(dialog, 1);
    comboNear(dialog, 1)->setCurrentIndex(1); // semicolon
    comboNear(dialog, 2)->setCurrentIndex(1); // decimal comma
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(preview->columnCount(), 3);
    QCOMPARE(preview->rowCount(), 2);
    QCOMPARE(columns->rowCount(), 3);

    // tested action: the comma as delimiter on a semicolon file
    comboNear(dialog, 1)->setCurrentIndex(0);

    // check result: the lines no longer share a length; nothing of the
    // semicolon read is left on show, and nothing can be loaded
    QVERIFY2(dialog.errorText().startsWith(path + QStringLiteral(":")),
             qPrintable(dialog.errorText()));
    QVERIFY(dialog.options().delimiter.has_value());
    QCOMPARE(*dialog.options().delimiter, ',');
    QCOMPARE(columns->rowCount(), 0);
    QCOMPARE(preview->rowCount(), 0);
    QCOMPARE(preview->columnCount(), 0);
    QVERIFY2(dialog.summaryText().contains(QStringLiteral("reason below. Change them")),
             qPrintable(dialog.summaryText()));
    QVERIFY(!button(dialog, QStringLiteral("Load"))->isEnabled());

    comboNear(dialog, 1)->setCurrentIndex(1);
    QVERIFY(dialog.errorText().isEmpty());
    QCOMPARE(preview->columnCount(), 3);
    QCOMPARE(preview->item(1, 1)->text(), QStringLiteral("-0,5"));
    QCOMPARE(columns->rowCount(), 3);
    QVERIFY(button(dialog, QStringLiteral("Load"))->isEnabled());
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

void TestImportDialog::cancelsALargeLoad_data()
{
    QTest::addColumn<bool>("escape");
    QTest::newRow("cancel-button") << false;
    QTest::newRow("escape-key") << true;
}

// Cancel during Load stops the read and gives the dialog back, with no error:
// Load may be pressed again, and Cancel then closes.
void TestImportDialog::cancelsALargeLoad()
{
    QFETCH(bool, escape);
    ImportDialog dialog(largeFile());
    dialog.show();
    QSignalSpy finished(&dialog, &ImportDialog::loadFinished);
    dialog.load();
    QPushButton *cancel = button(dialog, QStringLiteral("Cancel"));
    QVERIFY(cancel);

    // tested action
    if (escape)
        QTest::keyClick(&dialog, Qt::Key_Escape);
    else
        cancel->click();

    // check result: a neutral note, the settings usable again, the dialog open
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY(!dialog.dataset().has_value());
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QVERIFY2(dialog.summaryText().startsWith(QStringLiteral("Loading cancelled")),
             qPrintable(dialog.summaryText()));
    QVERIFY(!dialog.findChild<QProgressBar *>()->isVisible());
    QVERIFY(comboNear(dialog, 1)->isEnabled());
    QVERIFY(button(dialog, QStringLiteral("Load"))->isEnabled());

    if (escape) {
        // once nothing is being read, Cancel closes
        cancel->click();
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        return;
    }

    // Load again reads the file to the end and accepts it
    dialog.load();
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.last().first().toBool(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.dataset().has_value());
}

// Load pressed while the whole file is being counted turns that count into the
// load: the bar carries on from where it was and says it is loading.
void TestImportDialog::loadCarriesOnTheCount()
{
    ImportDialog dialog(largeFile());
    QProgressBar *bar = dialog.findChild<QProgressBar *>();
    QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0 || dialog.wholeFileRead(), 30000);
    if (dialog.wholeFileRead())
        QSKIP("the whole file was read before the first progress report was seen");
    QVERIFY2(dialog.summaryText().startsWith(QStringLiteral("Counting the whole file… ")),
             qPrintable(dialog.summaryText()));
    QVERIFY(bar->format().startsWith(QStringLiteral("Counting")));
    int lowest = bar->value();
    int previous = lowest;
    bool backwards = false;
    QStringList texts;
    QTimer tick;
    connect(&tick, &QTimer::timeout, &dialog, [&] {
        backwards = backwards || bar->value() < previous;
        previous = bar->value();
        if (!dialog.wholeFileRead())
            texts.append(dialog.summaryText().section(QLatin1Char('%'), 0, 0));
    });
    tick.start(5);
    QSignalSpy finished(&dialog, &ImportDialog::loadFinished);

    // tested action
    dialog.load();

    // check result
    QVERIFY(bar->value() >= lowest);
    QVERIFY(bar->format().startsWith(QStringLiteral("Loading")));
    QVERIFY2(dialog.summaryText().startsWith(QStringLiteral("Loading the whole file… ")),
             qPrintable(dialog.summaryText()));
    QVERIFY(finished.wait(60000));
    tick.stop();
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorText()));
    QVERIFY(!backwards);
    for (const QString &text : texts)
        QVERIFY2(text.startsWith(QStringLiteral("Loading the whole file… ")), qPrintable(text));
}

void TestImportDialog::otherDelimiterReadsAnyCharacter()
{
    const QString path =
        write(QStringLiteral("colon.csv"), "a:b:class\n1:2:x\n3:4:y\n5:6:x\n7:8:y\n");
    ImportDialog dialog(path);
    QComboBox *delimiter = comboNear(dialog, 1);
    QLineEdit *other = nullptr;
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
        if (edit->maxLength() == 1)
            other = edit;
    QVERIFY(other);
    QCOMPARE(delimiter->itemText(delimiter->count() - 1), QStringLiteral("Other…"));
    delimiter->setCurrentIndex(0);
    QVERIFY(!other->isEnabled());
    QVERIFY(other->isHidden());

    // tested action: "Other…" with no character yet, then a colon typed
    delimiter->setCurrentIndex(delimiter->count() - 1);
    QVERIFY(other->isEnabled());
    QVERIFY(!other->isHidden());
    other->clear();
    QTest::keyClick(other, Qt::Key_Backspace); // an edit that leaves the field empty
    QVERIFY2(dialog.errorText().contains(QStringLiteral("Type the delimiter")),
             qPrintable(dialog.errorText()));
    QCOMPARE(table(dialog, 1)->columnCount(), 0);
    QVERIFY(!button(dialog, QStringLiteral("Load"))->isEnabled());
    QTest::keyClicks(other, QStringLiteral(":"));

    // check result: the preview follows the character
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.options().delimiter, std::optional<char>(':'));
    QCOMPARE(table(dialog, 1)->columnCount(), 3);
    QCOMPARE(table(dialog, 1)->rowCount(), 4);
    QCOMPARE(table(dialog, 1)->item(2, 1)->text(), QStringLiteral("6"));
    QCOMPARE(delimiter->currentIndex(), delimiter->count() - 1);
    QCOMPARE(other->text(), QStringLiteral(":"));

    // the double quote encloses fields and cannot separate them
    other->selectAll();
    QTest::keyClicks(other, QStringLiteral("\""));
    QVERIFY2(dialog.errorText().contains(QStringLiteral("double quote")),
             qPrintable(dialog.errorText()));
    QCOMPARE(table(dialog, 1)->columnCount(), 0);

    other->selectAll();
    QTest::keyClicks(other, QStringLiteral(":"));
    QSignalSpy finished(&dialog, &ImportDialog::loadFinished);
    dialog.load();
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.dataset()->rowCount(), 4);
    QCOMPARE(dialog.dataset()->recipe.delimiter, ':');
    QVERIFY2(dialog.summaryText().startsWith(QStringLiteral("Whole file (34 bytes): 4 rows read")),
             qPrintable(dialog.summaryText()));
}

// A delimiter the list does not name, stated by an Excel "sep=" line, shows as
// "Other…" with its character.
void TestImportDialog::showsADetectedUncommonDelimiterAsOther()
{
    const QString path =
        write(QStringLiteral("sep-line.csv"), "sep=:\na:b:class\n1:2:x\n3:4:y\n5:6:x\n7:8:y\n");
    ImportDialog dialog(path);
    QVERIFY2(dialog.errorText().isEmpty(), qPrintable(dialog.errorText()));
    QComboBox *delimiter = comboNear(dialog, 1);
    QCOMPARE(delimiter->currentText(), QStringLiteral("Other…"));
    QLineEdit *other = nullptr;
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
        if (edit->maxLength() == 1)
            other = edit;
    QVERIFY(other);
    QCOMPARE(other->text(), QStringLiteral(":"));
    QVERIFY(other->isEnabled());
    QVERIFY(!dialog.options().delimiter.has_value()); // still the detected one
}

// On a projector-like 1024 x 768 screen, with room left for the title bar and a
// panel, every control gets at least the size it asks for.
void TestImportDialog::fitsASmallScreen()
{
    ImportDialog dialog(importData + QStringLiteral("/train_mixed.csv"));
    dialog.resize(dialog.size().boundedTo(QSize(1024, 700)));
    dialog.show();
    QVERIFY(dialog.waitForWholeFile(10000));
    QVERIFY(dialog.width() <= 1024 && dialog.height() <= 700);
    QVERIFY(dialog.minimumSizeHint().width() <= 1024);
    QVERIFY(dialog.minimumSizeHint().height() <= 700);
    for (QWidget *widget : dialog.findChildren<QWidget *>()) {
        if (!widget->isVisible() || widget->parentWidget() != &dialog)
            continue;
        const QSize wanted = widget->minimumSizeHint();
        QVERIFY2(widget->width() >= wanted.width(), widget->metaObject()->className());
        const auto *label = qobject_cast<QLabel *>(widget);
        const int height =
            label && label->wordWrap() ? label->heightForWidth(label->width()) : wanted.height();
        QVERIFY2(widget->height() >= height,
                 qPrintable(QStringLiteral("%1 %2: %3 < %4")
                                .arg(widget->metaObject()->className(), widget->objectName())
                                .arg(widget->height())
                                .arg(height)));
    }
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

void TestImportDialog::returnInTheMarkersAppliesWithoutLoading()
{
    const QString path =
        write(QStringLiteral("markers.csv"), "a,b,class\n1,-999,x\n2,5,y\n3,6,x\n4,7,y\n");
    ImportDialog dialog(path);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QLineEdit *markers = nullptr;
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>())
        if (edit->text().contains(QStringLiteral("NA")))
            markers = edit;
    QVERIFY(markers);
    QSignalSpy loaded(&dialog, &ImportDialog::loadFinished);

    // tested action: a marker typed, then Return
    markers->setFocus();
    markers->end(false);
    QTest::keyClicks(markers, QStringLiteral(" -999"));
    QTest::keyClick(markers, Qt::Key_Return);

    // check result: the marker applies and the dialog stays, nothing loaded
    QVERIFY(dialog.options().missingMarkers->contains(QStringLiteral("-999")));
    QCOMPARE(table(dialog, 1)->item(0, 1)->text(), QStringLiteral("(missing)"));
    QVERIFY(!loaded.wait(300));
    QVERIFY(dialog.isVisible());
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
    ImportDialog dialog(largeFile());

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
