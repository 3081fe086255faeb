// The training workspace driven as a person would: presets, validation beside
// the field, pause and step, stop, replay, divergence, closing and loading
// during a run, sessions, remembered settings, chart export, and a GUI thread
// that never stalls while training runs.

#include "confusionmatrixwidget.h"
#include "curvechart.h"
#include "curvespanel.h"
#include "datasetmodel.h"
#include "explorerpanel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "modelactions.h"
#include "modelfile.h"
#include "runcontrolbar.h"
#include "settingspanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>

using trm::ui::MainWindow;

namespace {

const QString irisPath = QStringLiteral(TRM_DATASETS "/iris.csv");
const QString diabetesPath = QStringLiteral(TRM_DATASETS "/diabetes.csv");

// Generous: a Release build trains these runs in about a second, but a loaded
// CI machine or a Debug build may be many times slower.
constexpr int runTimeoutMs = 120000;

/// A window with Iris loaded and a run budget no test waits for unless it
/// sets a smaller one; the run asks no questions.
std::unique_ptr<MainWindow> irisWindow(int epochs, int patience = 0)
{
    auto window = std::make_unique<MainWindow>();
    window->setConfirmation([](const QString &) { return true; });
    if (!window->openDataset(irisPath))
        qFatal("cannot load %s", qPrintable(irisPath));
    window->settingsPanel()->epochsBox()->setValue(epochs);
    window->settingsPanel()->patienceBox()->setValue(patience);
    return window;
}

bool allFinite(const trm::TrainedModel &trained)
{
    bool finite = true;
    trained.model.weights().forEachTrained(
        [&finite](const Eigen::MatrixXf &m) { finite = finite && m.allFinite(); });
    return finite;
}

} // namespace

class WorkspaceTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void presetFillsTheFields_data();
    void presetFillsTheFields();
    void editingAfterPresetShowsCustom();
    void invalidValueBlocksStart_data();
    void invalidValueBlocksStart();
    void validationShareThatEmptiesAClassIsRefused();
    void pauseThenStepAdvancesExactlyOneEpoch();
    void stopKeepsAUsableModel();
    void replayGivesIdenticalCurves();
    void comparedRunsAreNamedAndRemovable();
    void divergingRunStopsWithMessageAndKeepsWeights();
    void slowMotionWaitsAndStopCutsItShort();
    void closingDuringRunAsksAndExitsCleanly();
    void closingWithAnUnsavedModelAsksFirst();
    void loadingAnotherFileDuringRunAsksFirst();
    void savedSessionReopensToTheSameState();
    void settingsAndRecentFilesAreRemembered();
    void hoverShowsEpochAndValue();
    void logScaleSwitchesTheLossAxis();
    void chartsSaveAsPngSvgAndCsv();
    void eventLoopNeverStallsWhileTraining();

private:
    QTemporaryDir m_preferences;
};

void WorkspaceTest::initTestCase()
{
    // Remembered settings go to a folder of the test's own, never the user's.
    QVERIFY(m_preferences.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_preferences.path());
    QCoreApplication::setOrganizationName(QStringLiteral("trm-studio-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_workspace"));
}

void WorkspaceTest::init()
{
    QSettings().clear();
}

void WorkspaceTest::presetFillsTheFields_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<int>("hiddenSize");
    QTest::addColumn<int>("latentSteps");
    QTest::addColumn<int>("cycles");
    QTest::addColumn<int>("supervisionSteps");
    QTest::addColumn<QString>("runsPerPrediction");

    QTest::newRow("paper-10-steps") << QStringLiteral("Paper: 10 recursion steps") << 32 << 9 << 1
                                    << 1 << QStringLiteral("<b>10</b>");
    QTest::newRow("fast-demo") << QStringLiteral("Fast demo") << 16 << 3 << 2 << 2
                               << QStringLiteral("<b>16</b>");
    QTest::newRow("smallest") << QStringLiteral("Smallest model") << 8 << 1 << 1 << 1
                              << QStringLiteral("<b>2</b>");
    QTest::newRow("trm-default") << QStringLiteral("TRM default") << 32 << 6 << 3 << 4
                                 << QStringLiteral("<b>84</b>");
}

void WorkspaceTest::presetFillsTheFields()
{
    QFETCH(QString, preset);
    QFETCH(int, hiddenSize);
    QFETCH(int, latentSteps);
    QFETCH(int, cycles);
    QFETCH(int, supervisionSteps);
    QFETCH(QString, runsPerPrediction);
    MainWindow window;
    trm::ui::SettingsPanel *settings = window.settingsPanel();
    settings->hiddenSizeBox()->setValue(77); // start from something else
    QCOMPARE(settings->presetCombo()->currentText(), QStringLiteral("Custom"));

    // tested action: choose the preset as a person does, in the combo box
    const int index = settings->presetCombo()->findText(preset);
    QVERIFY(index >= 0);
    settings->presetCombo()->setCurrentIndex(index);
    emit settings->presetCombo()->activated(index);

    // check result
    QCOMPARE(settings->hiddenSizeBox()->value(), hiddenSize);
    QCOMPARE(settings->latentStepsBox()->value(), latentSteps);
    QCOMPARE(settings->cyclesBox()->value(), cycles);
    QCOMPARE(settings->supervisionStepsBox()->value(), supervisionSteps);
    QCOMPARE(settings->presetName(), preset);
    QCOMPARE(settings->presetCombo()->currentText(), preset);
    QVERIFY2(settings->costText().contains(runsPerPrediction), qPrintable(settings->costText()));
}

void WorkspaceTest::editingAfterPresetShowsCustom()
{
    MainWindow window;
    QVERIFY(window.openDataset(irisPath));
    trm::ui::SettingsPanel *settings = window.settingsPanel();
    QVERIFY(settings->applyPreset(QStringLiteral("Paper: 10 recursion steps")));
    // Iris: d = 4, K = 3, D = 32, E = 64, L = 2:
    // in 4*32+32 = 160; blocks 2*(32*128 + 64*32) = 12288; out 32*3+3 = 99; halt 33.
    QVERIFY2(settings->costText().contains(QStringLiteral("12,580")) ||
                 settings->costText().contains(QStringLiteral("12580")),
             qPrintable(settings->costText()));

    // tested action
    settings->latentStepsBox()->setValue(3);

    // check result
    QCOMPARE(settings->presetCombo()->currentText(), QStringLiteral("Custom"));
    QCOMPARE(settings->settings().model.latentSteps, 3);
    QCOMPARE(settings->settings().model.cycles, 1);
    QVERIFY2(settings->costText().contains(QStringLiteral("<b>4</b>")),
             qPrintable(settings->costText()));
}

void WorkspaceTest::invalidValueBlocksStart_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expectedBeside");

    QTest::newRow("hidden-size-zero") << QStringLiteral("hidden") << QStringLiteral("hidden size");
    QTest::newRow("zero-latent-steps") << QStringLiteral("n") << QStringLiteral("latent steps");
    QTest::newRow("zero-cycles") << QStringLiteral("T") << QStringLiteral("cycles");
    QTest::newRow("zero-supervision-steps")
        << QStringLiteral("N_sup") << QStringLiteral("supervision steps");
}

void WorkspaceTest::invalidValueBlocksStart()
{
    QFETCH(QString, field);
    QFETCH(QString, expectedBeside);
    MainWindow window;
    QVERIFY(window.openDataset(irisPath));
    trm::ui::SettingsPanel *settings = window.settingsPanel();
    QSpinBox *box = field == QLatin1String("hidden") ? settings->hiddenSizeBox()
                    : field == QLatin1String("n")    ? settings->latentStepsBox()
                    : field == QLatin1String("T")    ? settings->cyclesBox()
                                                     : settings->supervisionStepsBox();
    QSignalSpy finished(&window, &MainWindow::trainingFinished);

    // tested action
    box->setValue(0);
    QTest::mouseClick(window.trainButton(), Qt::LeftButton);

    // check result: refused beside the field and in the banner; nothing runs
    QVERIFY(!window.isTraining());
    QVERIFY2(settings->problemBeside(box).contains(expectedBeside, Qt::CaseInsensitive),
             qPrintable(settings->problemBeside(box)));
    QVERIFY(!window.messageBanner()->isHidden());
    QVERIFY2(window.messageBanner()->text().contains(QStringLiteral("cannot start")),
             qPrintable(window.messageBanner()->text()));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(window.curvesPanel()->runs().size(), std::size_t(0));

    box->setValue(2);
    QVERIFY(settings->problemBeside(box).isEmpty());
    QVERIFY(settings->validate());
}

void WorkspaceTest::validationShareThatEmptiesAClassIsRefused()
{
    // Class "rare" has 2 rows: with a test and a validation share it would
    // need 3 (one per part), so one part would have none of it.
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("rare.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x,label\n");
    for (int i = 0; i < 20; ++i)
        file.write(QByteArray::number(i) + ",common\n");
    file.write("100,rare\n101,rare\n");
    file.close();
    MainWindow window;
    QVERIFY(window.openDataset(path));
    trm::ui::SettingsPanel *settings = window.settingsPanel();
    settings->testShareBox()->setValue(0);
    settings->validationShareBox()->setValue(0);
    QVERIFY(settings->validate());

    // tested action
    settings->testShareBox()->setValue(20);
    settings->validationShareBox()->setValue(20);
    window.startTraining();

    // check result
    QVERIFY(!window.isTraining());
    const QString beside = settings->problemBeside(settings->validationShareBox());
    QVERIFY2(beside.contains(QStringLiteral("2 rows")), qPrintable(beside));
    QVERIFY2(beside.startsWith(QStringLiteral("Class 'rare' has 2 rows")), qPrintable(beside));
    QVERIFY(!window.messageBanner()->isHidden());
    const QString banner = window.messageBanner()->text();
    QVERIFY2(banner.endsWith(QStringLiteral("test). See the field marked in red.")),
             qPrintable(banner));

    settings->validationShareBox()->setValue(0);
    QVERIFY(settings->problemBeside(settings->validationShareBox()).isEmpty());
    QVERIFY(settings->validate());
}

void WorkspaceTest::pauseThenStepAdvancesExactlyOneEpoch()
{
    auto window = irisWindow(100000);
    QSignalSpy paused(window.get(), &MainWindow::trainingPaused);
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(window->lossChart()->trainPointCount() >= 2, runTimeoutMs);

    // tested action: pause, then wait until the worker says it is holding
    window->runControlBar()->pauseButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(paused.count() == 1, runTimeoutMs);
    const int pausedAt = paused.at(0).at(0).toInt();
    // Let any epoch signal still in the queue arrive, then check nothing moves.
    QTest::qWait(300);
    const int before = int(window->curvesPanel()->runs().back().history.size());
    QCOMPARE(before, pausedAt);
    QVERIFY(window->isPaused());
    QVERIFY(window->runControlBar()->stepButton()->isEnabled());

    window->runControlBar()->stepButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(paused.count() == 2, runTimeoutMs);
    QTest::qWait(300);

    // check result: exactly one more epoch, and still paused
    QCOMPARE(paused.at(1).at(0).toInt(), before + 1);
    QCOMPARE(int(window->curvesPanel()->runs().back().history.size()), before + 1);
    QCOMPARE(window->curvesPanel()->runs().back().history.back().epoch, before + 1);
    QVERIFY(window->isPaused());

    // Resume goes on by itself.
    window->runControlBar()->pauseButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(int(window->curvesPanel()->runs().back().history.size()) > before + 2,
                             runTimeoutMs);
    window->stopTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);
}

void WorkspaceTest::stopKeepsAUsableModel()
{
    auto window = irisWindow(100000);
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(window->lossChart()->trainPointCount() >= 3, runTimeoutMs);

    // tested action
    QTest::mouseClick(window->stopButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);

    // check result: the model of the best epoch, able to predict every test row
    const trm::ui::RunOutcomePtr outcome = window->lastOutcome();
    QVERIFY(outcome);
    QVERIFY(outcome->cancelled);
    QVERIFY(outcome->trained.provenance.bestEpoch >= 1);
    QVERIFY(allFinite(outcome->trained));
    QCOMPARE(int(outcome->testPredictions.size()), int(outcome->split.test.size()));
    // Iris is easy: after a few epochs the best model is far better than chance (1/3).
    QVERIFY2(outcome->test.accuracy > 0.5, qPrintable(QString::number(outcome->test.accuracy)));
    QCOMPARE(window->confusionMatrix()->total(), int(outcome->split.test.size()));
    QVERIFY(window->runControlBar()->replayButton()->isEnabled());
}

void WorkspaceTest::replayGivesIdenticalCurves()
{
    auto window = irisWindow(8);
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);
    const QByteArray firstModel = trm::serializeModel(window->lastOutcome()->trained);
    // A changed panel must not change the replay: it repeats the last run.
    window->settingsPanel()->hiddenSizeBox()->setValue(12);

    // tested action
    window->runControlBar()->replayButton()->click();
    QVERIFY(window->isTraining());
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);

    // check result: every value of every epoch, bit for bit
    const auto &runs = window->curvesPanel()->runs();
    QCOMPARE(int(runs.size()), 2);
    QCOMPARE(runs[1].label, QStringLiteral("replay of TRM default (epochs 8, patience 0)"));
    QCOMPARE(runs[0].history.size(), std::size_t(8));
    QCOMPARE(runs[1].history.size(), runs[0].history.size());
    for (std::size_t e = 0; e < runs[0].history.size(); ++e) {
        QCOMPARE(runs[1].history[e].trainLoss, runs[0].history[e].trainLoss);
        QCOMPARE(runs[1].history[e].validationLoss, runs[0].history[e].validationLoss);
        QCOMPARE(runs[1].history[e].trainAccuracy, runs[0].history[e].trainAccuracy);
        QCOMPARE(runs[1].history[e].validationAccuracy, runs[0].history[e].validationAccuracy);
    }
    QCOMPARE(window->lossChart()->points(1, false), window->lossChart()->points(0, false));
    QCOMPARE(window->accuracyChart()->points(1, true), window->accuracyChart()->points(0, true));
    QCOMPARE(trm::serializeModel(window->lastOutcome()->trained), firstModel);
}

void WorkspaceTest::comparedRunsAreNamedAndRemovable()
{
    auto window = irisWindow(3);
    QVERIFY(window->settingsPanel()->applyPreset(QStringLiteral("Paper: 10 recursion steps")));
    window->settingsPanel()->epochsBox()->setValue(3);
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);
    window->settingsPanel()->hiddenSizeBox()->setValue(64);
    window->settingsPanel()->latentStepsBox()->setValue(3);

    // tested action
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);

    // check result: named by what differed, on both charts, removable
    trm::ui::CurvesPanel *curves = window->curvesPanel();
    QCOMPARE(int(curves->runs().size()), 2);
    QCOMPARE(curves->runs()[0].label, QStringLiteral("Paper: 10 recursion steps (epochs 3)"));
    QCOMPARE(curves->runs()[1].label, QStringLiteral("hidden 64, n 3"));
    QCOMPARE(window->lossChart()->runCount(), 2);
    QCOMPARE(window->accuracyChart()->runLabel(1), QStringLiteral("hidden 64, n 3"));
    QCOMPARE(window->lossChart()->points(0, false).size(), 3);

    curves->removeRun(0);
    QCOMPARE(int(curves->runs().size()), 1);
    QCOMPARE(window->lossChart()->runCount(), 1);
    QCOMPARE(window->accuracyChart()->runCount(), 1);
    QCOMPARE(window->lossChart()->runLabel(0), QStringLiteral("hidden 64, n 3"));
    QCOMPARE(window->lossChart()->points(0, false).size(), 3);
}

void WorkspaceTest::divergingRunStopsWithMessageAndKeepsWeights()
{
    // Decoupled weight decay multiplies each weight by (1 - lr * decay) per
    // step: with lr 1 and decay 10 that is -9 once warm-up has passed, so the
    // weights overflow within a few epochs.
    auto window = irisWindow(200);
    window->settingsPanel()->learningRateBox()->setValue(1.0);
    QDoubleSpinBox *weightDecay = window->settingsPanel()->weightDecayBox();
    weightDecay->setValue(10);

    // tested action
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);

    // check result
    const trm::ui::RunOutcomePtr outcome = window->lastOutcome();
    QVERIFY(outcome);
    const QString message = window->messageBanner()->text();
    QVERIFY(!window->messageBanner()->isHidden());
    QVERIFY2(message.contains(QStringLiteral("learning rate")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("NaN")) ||
                 message.contains(QStringLiteral("infinite")),
             qPrintable(message));
    QVERIFY(outcome->trained.provenance.epochsRun < 200);
    QVERIFY(allFinite(outcome->trained));
    QCOMPARE(int(outcome->testPredictions.size()), int(outcome->split.test.size()));
    QVERIFY2(
        message.contains(QStringLiteral("epoch %1").arg(outcome->trained.provenance.bestEpoch)),
        qPrintable(message));
}

void WorkspaceTest::slowMotionWaitsAndStopCutsItShort()
{
    auto window = irisWindow(3, 0);
    window->settingsPanel()->applyPreset(QStringLiteral("Smallest model"));
    window->settingsPanel()->epochsBox()->setValue(3);
    window->setEpochDelay(300);
    QCOMPARE(window->runControlBar()->epochDelay(), 300);
    QElapsedTimer clock;
    clock.start();

    // tested action: three epochs, two waits between them
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);

    // check result
    QVERIFY2(clock.elapsed() >= 600, qPrintable(QString::number(clock.elapsed())));

    // A stop during a long wait ends the run at once, not after the wait.
    window->settingsPanel()->epochsBox()->setValue(100);
    window->setEpochDelay(2000);
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(window->lossChart()->trainPointCount() >= 1, runTimeoutMs);
    clock.restart();
    window->stopTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);
    QVERIFY2(clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed())));
}

void WorkspaceTest::closingDuringRunAsksAndExitsCleanly()
{
    auto window = irisWindow(100000);
    QStringList questions;
    bool answer = false;
    window->setConfirmation([&](const QString &question) {
        questions << question;
        return answer;
    });
    window->show();
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(window->lossChart()->trainPointCount() > 0, runTimeoutMs);

    // tested action: the person says no, then yes
    QVERIFY(!window->close());
    QCOMPARE(questions.size(), 1);
    QVERIFY(window->isTraining());
    answer = true;
    QVERIFY(window->close());

    // check result: the thread has ended, so destroying the window is safe
    QCOMPARE(questions.size(), 2);
    QVERIFY(!window->isTraining());
    window.reset();
}

void WorkspaceTest::closingWithAnUnsavedModelAsksFirst()
{
    auto window = irisWindow(3);
    QStringList questions;
    bool answer = false;
    window->setConfirmation([&](const QString &question) {
        questions << question;
        return answer;
    });
    QSignalSpy finished(window.get(), &MainWindow::trainingFinished);
    window->startTraining();
    QVERIFY(finished.wait(runTimeoutMs));

    // tested action: the model is neither exported nor saved, and the person says no
    QVERIFY(!window->close());
    QCOMPARE(questions.size(), 1);
    QVERIFY2(questions.first().contains(QStringLiteral("Export Model")),
             qPrintable(questions.first()));

    // once exported, closing asks nothing
    QTemporaryDir dir;
    auto *actions = window->findChild<trm::ui::ModelActions *>();
    QVERIFY(actions);
    QVERIFY(actions->exportModel(dir.filePath(QStringLiteral("model.json"))));
    QVERIFY(window->close());
    QCOMPARE(questions.size(), 1);
}

void WorkspaceTest::loadingAnotherFileDuringRunAsksFirst()
{
    auto window = irisWindow(100000);
    bool answer = false;
    int asked = 0;
    window->setConfirmation([&](const QString &) {
        ++asked;
        return answer;
    });
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(window->lossChart()->trainPointCount() > 0, runTimeoutMs);

    // tested action: refused, then agreed
    QVERIFY(!window->openDataset(diabetesPath));
    QCOMPARE(asked, 1);
    QVERIFY(window->isTraining());
    QCOMPARE(window->datasetModel()->rowCount(), 150);
    answer = true;
    QVERIFY(window->openDataset(diabetesPath));

    // check result: the run ended with its model kept, then the new data loaded
    QCOMPARE(asked, 2);
    QVERIFY(!window->isTraining());
    QVERIFY(window->lastOutcome());
    QVERIFY(window->lastOutcome()->cancelled);
    QCOMPARE(window->lastOutcome()->trained.classNames.size(), 3);
    QCOMPARE(window->datasetModel()->rowCount(), 768);
    QVERIFY(window->trainButton()->isEnabled());
}

void WorkspaceTest::savedSessionReopensToTheSameState()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("lesson.trmsession"));
    auto window = irisWindow(5, 20);
    QVERIFY(window->settingsPanel()->applyPreset(QStringLiteral("Paper: 10 recursion steps")));
    window->settingsPanel()->epochsBox()->setValue(5);
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);
    window->settingsPanel()->hiddenSizeBox()->setValue(16);
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);
    window->settingsPanel()->seedBox()->setValue(9); // the panel differs from the last run

    // tested action
    QVERIFY2(window->saveSessionTo(path), qPrintable(window->messageBanner()->text()));
    MainWindow reopened;
    QVERIFY2(reopened.openSession(path), qPrintable(reopened.messageBanner()->text()));

    // check result
    QCOMPARE(reopened.datasetModel()->rowCount(), 150);
    QCOMPARE(reopened.settingsPanel()->settings().model.hiddenSize, 16);
    QCOMPARE(reopened.settingsPanel()->settings().model.latentSteps, 9);
    QCOMPARE(reopened.settingsPanel()->settings().training.seed, std::uint64_t(9));
    QCOMPARE(reopened.settingsPanel()->presetName(), QStringLiteral("Custom"));
    QCOMPARE(reopened.lossChart()->runCount(), 2);
    QCOMPARE(reopened.lossChart()->runLabel(1), QStringLiteral("hidden 16"));
    for (int run = 0; run < 2; ++run) {
        for (bool validation : {false, true}) {
            QCOMPARE(reopened.lossChart()->points(run, validation),
                     window->lossChart()->points(run, validation));
            QCOMPARE(reopened.accuracyChart()->points(run, validation),
                     window->accuracyChart()->points(run, validation));
        }
    }
    QVERIFY(reopened.lastOutcome());
    QCOMPARE(trm::serializeModel(reopened.lastOutcome()->trained),
             trm::serializeModel(window->lastOutcome()->trained));
    QVERIFY(reopened.confusionMatrix()->matrix() == window->confusionMatrix()->matrix());
    // The recursion explorer shows the reopened model's test rows.
    QVERIFY(reopened.explorerPanel()->hasRun());
    QCOMPARE(reopened.explorerPanel()->rowCount(), int(reopened.lastOutcome()->split.test.size()));
    QVERIFY(reopened.runControlBar()->replayButton()->isEnabled());
}

void WorkspaceTest::settingsAndRecentFilesAreRemembered()
{
    {
        MainWindow first;
        QVERIFY(first.openDataset(irisPath));
        first.settingsPanel()->hiddenSizeBox()->setValue(48);
        first.settingsPanel()->validationShareBox()->setValue(25);
        first.setEpochDelay(250);
        QVERIFY(first.close());
    }

    // tested action
    MainWindow second;

    // check result
    QCOMPARE(second.settingsPanel()->hiddenSizeBox()->value(), 48);
    QCOMPARE(second.settingsPanel()->settings().validationShare, 0.25);
    QCOMPARE(second.runControlBar()->epochDelay(), 250);
    QCOMPARE(second.recentFiles().value(0), QFileInfo(irisPath).absoluteFilePath());
}

void WorkspaceTest::hoverShowsEpochAndValue()
{
    auto window = irisWindow(6);
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);
    trm::ui::CurveChart *chart = window->lossChart();
    const QList<QPointF> points = chart->points(0, false);
    QCOMPARE(points.size(), 6);
    QLineSeries *training = nullptr;
    for (QAbstractSeries *series : chart->chart()->series())
        if (series->name().startsWith(QStringLiteral("training")))
            training = qobject_cast<QLineSeries *>(series);
    QVERIFY(training);

    // tested action: the pointer rests on the line a little after epoch 3
    emit training->hovered(QPointF(3.2, points[2].y()), true);

    // check result: snapped to epoch 3, with its exact value
    const QString text = chart->lastHoverText();
    QVERIFY2(text.contains(QStringLiteral("epoch 3:")), qPrintable(text));
    QVERIFY2(text.contains(QString::number(points[2].y(), 'f', 5)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("training")), qPrintable(text));
}

void WorkspaceTest::logScaleSwitchesTheLossAxis()
{
    auto window = irisWindow(4);
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);
    trm::ui::CurveChart *chart = window->lossChart();
    const auto logAxes = [chart] {
        int count = 0;
        for (QAbstractAxis *axis : chart->chart()->axes(Qt::Vertical))
            count += qobject_cast<QLogValueAxis *>(axis) ? 1 : 0;
        return count;
    };
    QCOMPARE(logAxes(), 0);

    // tested action
    window->curvesPanel()->logScaleBox()->setChecked(true);

    // check result: a log axis whose decades hold every loss value
    QVERIFY(chart->logScale());
    QCOMPARE(logAxes(), 1);
    auto *axis = qobject_cast<QLogValueAxis *>(chart->chart()->axes(Qt::Vertical).constFirst());
    for (const QPointF &p : chart->points(0, false)) {
        QVERIFY(p.y() >= axis->min());
        QVERIFY(p.y() <= axis->max());
    }
    QCOMPARE(std::log10(axis->min()), std::floor(std::log10(axis->min())));
    window->curvesPanel()->logScaleBox()->setChecked(false);
    QCOMPARE(logAxes(), 0);
}

void WorkspaceTest::chartsSaveAsPngSvgAndCsv()
{
    auto window = irisWindow(5);
    window->resize(1200, 800);
    window->startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window->isTraining(), runTimeoutMs);
    QTemporaryDir folder;
    trm::ui::CurveChart *chart = window->lossChart();

    // tested action
    QVERIFY(chart->saveImage(folder.filePath(QStringLiteral("loss.png"))));
    QVERIFY(chart->saveImage(folder.filePath(QStringLiteral("loss.svg"))));
    QVERIFY(chart->saveCsv(folder.filePath(QStringLiteral("loss.csv"))));
    const trm::Result<void> wrong = chart->saveImage(folder.filePath(QStringLiteral("loss.gif")));

    // check result
    const QImage png(folder.filePath(QStringLiteral("loss.png")));
    QVERIFY(!png.isNull());
    QCOMPARE(png.size(), chart->size() * chart->devicePixelRatio());
    QFile svg(folder.filePath(QStringLiteral("loss.svg")));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray drawing = svg.readAll();
    QVERIFY(drawing.contains("<svg"));
    QVERIFY(drawing.contains("<path") || drawing.contains("<polyline"));
    QFile csv(folder.filePath(QStringLiteral("loss.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 6); // header + 5 epochs
    QCOMPARE(lines[0], QByteArray("run,epoch,training,validation"));
    // The label holds commas, so it is quoted; the numbers follow it.
    const QByteArray label("\"TRM default (epochs 5, patience 0)\",");
    QVERIFY2(lines[1].startsWith(label + "1,"), lines[1].constData());
    const QList<QByteArray> numbers = lines[1].mid(label.size()).split(',');
    QCOMPARE(numbers[1].toDouble(), window->curvesPanel()->runs()[0].history[0].trainLoss);
    QCOMPARE(numbers[2].toDouble(), window->curvesPanel()->runs()[0].history[0].validationLoss);
    QVERIFY(!wrong.ok());
    QVERIFY(wrong.error().message.contains(QStringLiteral(".png or .svg")));
}

void WorkspaceTest::eventLoopNeverStallsWhileTraining()
{
    MainWindow window;
    window.setConfirmation([](const QString &) { return true; });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openDataset(diabetesPath));
    window.settingsPanel()->epochsBox()->setValue(25);
    window.settingsPanel()->patienceBox()->setValue(0);

    // A 10 ms timer on the GUI thread: the longest gap between its ticks is
    // the longest the window could not answer a click or repaint.
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 longestGap = 0;
    int ticks = 0;
    QTimer probe;
    probe.setInterval(10);
    connect(&probe, &QTimer::timeout, &window, [&] {
        const qint64 now = clock.elapsed();
        longestGap = std::max(longestGap, now - last);
        last = now;
        ++ticks;
    });

    // tested action
    clock.start();
    probe.start();
    window.startTraining();
    QTRY_VERIFY_WITH_TIMEOUT(!window.isTraining(), runTimeoutMs);
    probe.stop();

    // check result: a responsiveness bound, not a speed target
    qInfo() << "training took" << clock.elapsed() << "ms;" << ticks << "ticks; longest GUI gap"
            << longestGap << "ms";
    QVERIFY(window.lastOutcome());
    QCOMPARE(int(window.lastOutcome()->history.size()), 25);
    QVERIFY(ticks > 5);
    QVERIFY2(longestGap < 250, qPrintable(QStringLiteral("GUI stalled for %1 ms").arg(longestGap)));
}

QTEST_MAIN(WorkspaceTest)
#include "tst_workspace.moc"
