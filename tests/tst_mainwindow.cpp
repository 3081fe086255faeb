#include "confusionmatrixwidget.h"
#include "curvechart.h"
#include "curvespanel.h"
#include "datasetmodel.h"
#include "explorerpanel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "modelactions.h"
#include "modelfile.h"
#include "resultspanel.h"
#include "settingspanel.h"

#include <QAction>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using trm::ui::MainWindow;

namespace {

const QString irisPath = QStringLiteral(TRM_DATASETS "/iris.csv");

// Generous: a Release build trains 15 Iris epochs in well under a second, but
// a loaded CI machine or a Debug build may be many times slower.
constexpr int runTimeoutMs = 120000;

/// Trains `epochs` epochs on Iris in `window`, with no early stop; false when
/// no model came out.
bool trainIris(MainWindow &window, int epochs)
{
    if (!window.openDataset(irisPath))
        return false;
    window.settingsPanel()->epochsBox()->setValue(epochs);
    window.settingsPanel()->patienceBox()->setValue(0);
    window.startTraining();
    if (!QTest::qWaitFor([&window] { return !window.isTraining(); }, runTimeoutMs))
        return false;
    return window.lastOutcome() != nullptr;
}

/// A save dialog that answers `answer` with `filter` chosen, and keeps what it was offered.
struct FakeSaveDialog
{
    QString answer;
    QString filter;
    QStringList suggested;

    trm::ui::ModelActions::SaveDialog callable()
    {
        return [this](const QString &, const QString &suggestion, const QString &,
                      QString *selectedFilter) {
            suggested << suggestion;
            if (selectedFilter)
                *selectedFilter = filter;
            return answer;
        };
    }
};

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
    void importedModelShowsHowItWasTrained();
    void importedModelWithoutHistorySaysSo();
    void predictChecksTheFileBeforeAskingWhereToWrite();
    void saveNamesTakeTheChosenFiltersExtension_data();
    void saveNamesTakeTheChosenFiltersExtension();
    void exportsAppendTheExtensionAndSuggestTheModelsName();
    void openingAndPredictingOfferTheSameFiles();
    void bannerDoesNotResizeTheWindow();
    void explorerTabDoesNotResizeTheWindow();
    void windowReopensWhereItWasLeft();

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

void TestMainWindow::importedModelShowsHowItWasTrained()
{
    QTemporaryDir folder;
    const QString modelPath = folder.filePath(QStringLiteral("iris-trm.json"));
    {
        MainWindow trainer;
        QVERIFY(trainIris(trainer, 6));
        QVERIFY(trainer.findChild<trm::ui::ModelActions *>()->exportModel(modelPath));
    }
    const trm::Result<trm::TrainedModel> saved = trm::loadModel(modelPath);
    QVERIFY(saved);
    MainWindow window;
    auto *actions = window.findChild<trm::ui::ModelActions *>();

    // tested action
    QVERIFY2(actions->importModel(modelPath), qPrintable(window.messageBanner()->text()));

    // check result: the curves are the model's six epochs, as a finished run
    const std::vector<trm::SessionRun> &runs = window.curvesPanel()->runs();
    QCOMPARE(int(runs.size()), 1);
    QCOMPARE(runs.back().label, QStringLiteral("iris-trm.json"));
    QCOMPARE(int(runs.back().history.size()), 6);
    QCOMPARE(window.lossChart()->trainPointCount(), 6);
    QCOMPARE(window.accuracyChart()->validationPointCount(), 6);
    QVERIFY(window.curvesPanel()->note().isEmpty());
    // the settings and the results describe the imported model
    const trm::TrmConfig config = saved.value().model.config();
    QCOMPARE(window.settingsPanel()->hiddenSizeBox()->value(), config.hiddenSize);
    QCOMPARE(window.settingsPanel()->epochsBox()->value(), 6);
    const QString cost = window.settingsPanel()->costText();
    QVERIFY2(cost.contains(QLocale().toString(config.parameterCount())), qPrintable(cost));
    QVERIFY2(!cost.contains(QStringLiteral("load data")), qPrintable(cost));
    const QString placeholder = window.resultsPanel()->placeholder();
    QVERIFY2(placeholder.contains(QStringLiteral("Predict on a labelled file")),
             qPrintable(placeholder));
    QVERIFY(!placeholder.contains(QStringLiteral("Train a model")));

    // a run started afterwards follows the imported one, as a new run would
    QVERIFY(trainIris(window, 3));
    QCOMPARE(int(runs.size()), 2);
    QCOMPARE(int(runs.back().history.size()), 3);
    QVERIFY(window.resultsPanel()->placeholder().isEmpty());
}

void TestMainWindow::importedModelWithoutHistorySaysSo()
{
    QTemporaryDir folder;
    const QString modelPath = folder.filePath(QStringLiteral("iris-trm.json"));
    MainWindow window;
    QVERIFY(trainIris(window, 4));
    auto *actions = window.findChild<trm::ui::ModelActions *>();
    QVERIFY(actions->exportModel(modelPath));
    // A version 2 file: the same model, without its history.
    QFile file(modelPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    json.insert(QStringLiteral("version"), 2);
    json.remove(QStringLiteral("history"));
    const QString oldPath = folder.filePath(QStringLiteral("old.json"));
    QFile old(oldPath);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write(QJsonDocument(json).toJson());
    old.close();

    // tested action
    QVERIFY2(actions->importModel(oldPath), qPrintable(window.messageBanner()->text()));

    // check result: the trained run is faded behind an empty one that says why
    const std::vector<trm::SessionRun> &runs = window.curvesPanel()->runs();
    QCOMPARE(int(runs.size()), 2);
    QCOMPARE(runs.back().label, QStringLiteral("old.json"));
    QCOMPARE(window.lossChart()->trainPointCount(), 0);
    QVERIFY2(window.curvesPanel()->note().contains(QStringLiteral("no training history")),
             qPrintable(window.curvesPanel()->note()));

    // importing a model with history replaces the note
    QVERIFY(actions->importModel(modelPath));
    QVERIFY(window.curvesPanel()->note().isEmpty());
    QCOMPARE(window.lossChart()->trainPointCount(), 4);
}

void TestMainWindow::predictChecksTheFileBeforeAskingWhereToWrite()
{
    QTemporaryDir folder;
    MainWindow window;
    QVERIFY(trainIris(window, 3));
    auto *actions = window.findChild<trm::ui::ModelActions *>();
    FakeSaveDialog dialog;
    dialog.answer = folder.filePath(QStringLiteral("iris-predictions.csv"));
    actions->setSaveDialog(dialog.callable());
    QSignalSpy finished(actions, &trm::ui::ModelActions::predictionFinished);
    QVERIFY(actions->predictOnCsv(irisPath));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, runTimeoutMs);
    QCOMPARE(finished.takeFirst().at(0).toBool(), true);
    QCOMPARE(dialog.suggested.size(), 1);
    QVERIFY(QFile::exists(dialog.answer));
    QCOMPARE(window.statusText(), QStringLiteral("Predicted 150 rows of iris.csv."));
    const QString missingColumns = folder.filePath(QStringLiteral("widths.csv"));
    QFile file(missingColumns);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("sepal_width,petal_width\n3.5,0.2\n");
    file.close();

    // tested action
    QVERIFY(actions->predictOnCsv(missingColumns));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, runTimeoutMs);

    // check result: refused before any question, and the status says so
    QCOMPARE(finished.takeFirst().at(0).toBool(), false);
    QCOMPARE(dialog.suggested.size(), 1);
    QVERIFY(!window.messageBanner()->isHidden());
    QVERIFY2(window.statusText().contains(QStringLiteral("Could not predict on widths.csv")),
             qPrintable(window.statusText()));
}

void TestMainWindow::saveNamesTakeTheChosenFiltersExtension_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("expected");

    const QString html = QStringLiteral("HTML report (*.html)");
    QTest::newRow("no-extension") << "/tmp/report" << html << "/tmp/report.html";
    QTest::newRow("pdf-filter") << "/tmp/report"
                                << "PDF report (*.pdf)"
                                << "/tmp/report.pdf";
    QTest::newRow("own-extension-kept") << "/tmp/report.txt" << html << "/tmp/report.txt";
    QTest::newRow("several-extensions") << "/tmp/data"
                                        << "CSV and text files (*.csv *.tsv *.txt)"
                                        << "/tmp/data";
    QTest::newRow("cancelled") << "" << html << "";
}

void TestMainWindow::saveNamesTakeTheChosenFiltersExtension()
{
    QFETCH(QString, path);
    QFETCH(QString, filter);
    QFETCH(QString, expected);
    QCOMPARE(trm::ui::withFilterSuffix(path, filter), expected);
}

void TestMainWindow::exportsAppendTheExtensionAndSuggestTheModelsName()
{
    QTemporaryDir folder;
    MainWindow window;
    QVERIFY(trainIris(window, 3));
    auto *actions = window.findChild<trm::ui::ModelActions *>();
    FakeSaveDialog dialog;
    actions->setSaveDialog(dialog.callable());
    // A prediction on another file must not name the model.
    dialog.answer = folder.filePath(QStringLiteral("other-predictions.csv"));
    const QString other = folder.filePath(QStringLiteral("other.csv"));
    QVERIFY(QFile::copy(irisPath, other));
    QSignalSpy finished(actions, &trm::ui::ModelActions::predictionFinished);
    QVERIFY(actions->predictOnCsv(other));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, runTimeoutMs);

    // tested action
    dialog.answer = folder.filePath(QStringLiteral("mymodel"));
    dialog.filter = QStringLiteral("Model (*.json)");
    actions->exportModelAction()->trigger();
    dialog.answer = folder.filePath(QStringLiteral("myreport"));
    dialog.filter = QStringLiteral("HTML report (*.html)");
    actions->exportReportAction()->trigger();

    // check result
    QCOMPARE(QFileInfo(dialog.suggested.at(1)).fileName(), QStringLiteral("iris-trm.json"));
    QVERIFY2(QFile::exists(folder.filePath(QStringLiteral("mymodel.json"))),
             qPrintable(window.messageBanner()->text()));
    QVERIFY2(QFile::exists(folder.filePath(QStringLiteral("myreport.html"))),
             qPrintable(window.messageBanner()->text()));
}

void TestMainWindow::openingAndPredictingOfferTheSameFiles()
{
    const QString filter = MainWindow::dataFileFilter();
    for (const char *pattern : {"*.csv", "*.tsv", "*.txt", "All files (*)"})
        QVERIFY2(filter.contains(QLatin1String(pattern)), pattern);
}

void TestMainWindow::bannerDoesNotResizeTheWindow()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The smallest window the person can make, where any growth of the
    // content would show first.
    window.resize(window.minimumSize().expandedTo(window.minimumSizeHint()));
    QTest::qWait(50);
    const QSize before = window.size();

    // tested action
    window.messageBanner()->showError(QStringLiteral("A long message. ").repeated(40));
    QTest::qWait(50);

    // check result
    QCOMPARE(window.size(), before);
}

void TestMainWindow::explorerTabDoesNotResizeTheWindow()
{
    MainWindow window;
    QVERIFY(trainIris(window, 3));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.resize(window.minimumSize().expandedTo(window.minimumSizeHint()));
    QTest::qWait(50);
    const QSize before = window.size();

    // tested action
    window.tabs()->setCurrentWidget(window.explorerPanel());
    QTest::qWait(50);

    // check result
    QCOMPARE(window.size(), before);
}

void TestMainWindow::windowReopensWhereItWasLeft()
{
    QRect left;
    {
        MainWindow window;
        window.setGeometry(123, 87, 1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        left = window.geometry();
        QVERIFY(window.close());
    }

    // tested action
    MainWindow reopened;
    reopened.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reopened));

    // check result
    QCOMPARE(reopened.geometry(), left);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
