#include "confusionmatrixwidget.h"
#include "curvechart.h"
#include "datasetmodel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "modelactions.h"
#include "settingspanel.h"

#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using trm::ui::MainWindow;

namespace {

const QString irisPath = QStringLiteral(TRM_DATASETS "/iris.csv");

// Generous: a Release build trains 15 Iris epochs in well under a second, but
// a loaded CI machine or a Debug build may be many times slower.
constexpr int runTimeoutMs = 120000;

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void settingsStartFromCoreDefaults();
    void trainingDrawsEveryEpochAndTheTestConfusionMatrix();
    void loadErrorIsShownAndKeepsLoadedData_data();
    void loadErrorIsShownAndKeepsLoadedData();
    void stopEndsRunAndKeepsBestModel();
    void closingDuringRunStopsWorker();

private:
    QTemporaryDir m_preferences;
};

void TestMainWindow::initTestCase()
{
    // The window remembers its settings; keep them in a folder of the test's own.
    QVERIFY(m_preferences.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_preferences.path());
    QCoreApplication::setOrganizationName(QStringLiteral("trm-studio-tests"));
}

void TestMainWindow::init()
{
    QSettings().clear();
}

void TestMainWindow::settingsStartFromCoreDefaults()
{
    MainWindow window;
    const trm::TrmConfig model;
    const trm::TrainingOptions training;
    const trm::ui::SettingsPanel *settings = window.settingsPanel();

    // check result
    QCOMPARE(settings->hiddenSizeBox()->value(), model.hiddenSize);
    QCOMPARE(settings->latentStepsBox()->value(), model.latentSteps);
    QCOMPARE(settings->cyclesBox()->value(), model.cycles);
    QCOMPARE(settings->supervisionStepsBox()->value(), model.supervisionSteps);
    QCOMPARE(settings->epochsBox()->value(), training.epochs);
    QVERIFY(settings->costText().contains(QString::number(model.networkRunsPerPrediction())));
    QVERIFY(!window.trainButton()->isEnabled());
}

void TestMainWindow::trainingDrawsEveryEpochAndTheTestConfusionMatrix()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.openDataset(irisPath), qPrintable(window.messageBanner()->text()));
    QCOMPARE(window.datasetModel()->rowCount(), 150);
    QCOMPARE(window.datasetModel()->columnCount(), 5);
    window.settingsPanel()->epochsBox()->setValue(15);

    // tested action
    QTest::mouseClick(window.trainButton(), Qt::LeftButton);
    QVERIFY(window.isTraining());
    QVERIFY(!window.trainButton()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!window.isTraining(), runTimeoutMs);

    // check result
    const trm::ui::RunOutcomePtr outcome = window.lastOutcome();
    QVERIFY(outcome);
    QVERIFY2(window.messageBanner()->isHidden(), qPrintable(window.messageBanner()->text()));
    QVERIFY(!outcome->cancelled);
    // Patience (20 epochs by default) cannot end a 15-epoch run early.
    QCOMPARE(int(outcome->history.size()), 15);
    QCOMPARE(window.lossChart()->trainPointCount(), 15);
    QCOMPARE(window.lossChart()->validationPointCount(), 15);
    QCOMPARE(window.accuracyChart()->trainPointCount(), 15);
    QCOMPARE(window.accuracyChart()->validationPointCount(), 15);
    QCOMPARE(window.confusionMatrix()->matrix().rows(), 3);
    QCOMPARE(window.confusionMatrix()->total(), int(outcome->split.test.size()));
    QVERIFY(window.trainButton()->isEnabled());
}

void TestMainWindow::loadErrorIsShownAndKeepsLoadedData_data()
{
    QTest::addColumn<QByteArray>("contents"); // empty: the file is not created
    QTest::addColumn<QString>("expectedInMessage");

    QTest::newRow("missing-file") << QByteArray() << QStringLiteral("bad.csv");
    QTest::newRow("empty-file") << QByteArray("\n") << QStringLiteral("bad.csv");
    // Text features are encoded since the import dialog arrived, so a file
    // that cannot load needs a broken shape: a row with fewer cells.
    QTest::newRow("row-with-missing-cell")
        << QByteArray("width,height,label\n1,2,a\n3,b\n") << QStringLiteral("bad.csv:3");
}

void TestMainWindow::loadErrorIsShownAndKeepsLoadedData()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, expectedInMessage);
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString badPath = folder.filePath(QStringLiteral("bad.csv"));
    if (!contents.isEmpty()) {
        QFile file(badPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(contents);
    }
    MainWindow window;
    QVERIFY(window.openDataset(irisPath));
    QVERIFY(window.messageBanner()->isHidden());

    // tested action
    QVERIFY(!window.openDataset(badPath));

    // check result
    QVERIFY(!window.messageBanner()->isHidden());
    QVERIFY2(window.messageBanner()->text().contains(expectedInMessage),
             qPrintable(window.messageBanner()->text()));
    QCOMPARE(window.datasetModel()->rowCount(), 150);
    QCOMPARE(window.datasetModel()->dataset().sourcePath, irisPath);
    QVERIFY(window.trainButton()->isEnabled());
}

void TestMainWindow::stopEndsRunAndKeepsBestModel()
{
    MainWindow window;
    QVERIFY(window.openDataset(irisPath));
    // A budget no test waits for, and no early stopping: only Stop ends this run.
    window.settingsPanel()->epochsBox()->setValue(100000);
    window.settingsPanel()->patienceBox()->setValue(0);
    connect(&window, &MainWindow::epochReported, &window, &MainWindow::stopTraining);

    // tested action
    window.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window.isTraining(), runTimeoutMs);

    // check result
    const trm::ui::RunOutcomePtr outcome = window.lastOutcome();
    QVERIFY(outcome);
    QVERIFY(outcome->cancelled);
    const int epochsRun = int(outcome->history.size());
    QVERIFY(epochsRun >= 1);
    QVERIFY(epochsRun < 100000);
    QCOMPARE(window.lossChart()->trainPointCount(), epochsRun);
    QCOMPARE(window.confusionMatrix()->total(), int(outcome->split.test.size()));
    QCOMPARE(outcome->trained.classNames.size(), 3);

    QTemporaryDir folder;
    const QString modelPath = folder.filePath(QStringLiteral("iris-trm.json"));
    auto *actions = window.findChild<trm::ui::ModelActions *>();
    QVERIFY(actions);
    QVERIFY2(actions->exportModel(modelPath), qPrintable(window.messageBanner()->text()));
    QFile saved(modelPath);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(saved.readAll().contains("trm-studio-model"));
}

void TestMainWindow::closingDuringRunStopsWorker()
{
    auto window = std::make_unique<MainWindow>();
    int asked = 0;
    window->setConfirmation([&asked](const QString &) { return ++asked > 0; });
    QVERIFY(window->openDataset(irisPath));
    window->settingsPanel()->epochsBox()->setValue(100000);
    window->settingsPanel()->patienceBox()->setValue(0);
    window->show();
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(window->lossChart()->trainPointCount() > 0, runTimeoutMs);

    // tested action
    QVERIFY(window->close());

    // check result: the person was asked; the thread has ended, so destroying
    // the window is safe.
    QCOMPARE(asked, 1);
    QVERIFY(!window->isTraining());
    window.reset();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
