#include "importdialog.h"

#include <QComboBox>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

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
    void showsDetectedSettingsAndPreview();
    void previewFollowsTheSettings();
    void loadsWithTheChosenRoles();
    void keepsNothingWhenTheLoadFails();
    void cancelsALargeLoad();
};

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

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
