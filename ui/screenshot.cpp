#include "screenshot.h"

#include "evaluationview.h"
#include "explorerpanel.h"
#include "explorerstepcontrol.h"
#include "mainwindow.h"
#include "modelactions.h"
#include "settingspanel.h"

#include <QApplication>
#include <QEventLoop>
#include <QPixmap>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace trm::ui {

namespace {

void fail(const QString &message)
{
    QTextStream(stderr) << "trm-studio: " << message << Qt::endl;
    QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(1); });
}

/// Brings the recursion explorer to the front on a row worth looking at: the
/// first misclassified test row (or the first row), at the step where its
/// prediction last changed (or the last step).
void showExplorer(MainWindow &window, const QString &view)
{
    ExplorerPanel *explorer = window.explorerPanel();
    window.tabs()->setCurrentWidget(explorer);
    if (explorer->isAnalysing()) {
        QEventLoop loop;
        QObject::connect(explorer, &ExplorerPanel::setAnalysed, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!explorer->chooseFirstMisclassified())
        explorer->chooseRow(0);
    const std::vector<int> flips = flipSteps(stepPredictions(explorer->rowTrace()), 0);
    if (flips.empty())
        explorer->stepControl()->last();
    else
        explorer->stepControl()->setStep(flips.back());
    explorer->views()->setCurrentIndex(view == QLatin1String("set") ? 1 : 0);
}

/// Brings the Evaluation tab to the front once the run's evaluation is ready,
/// with the rows of the off-diagonal cell that holds the most listed.
void showEvaluation(MainWindow &window)
{
    auto *actions = window.findChild<ModelActions *>();
    if (!actions)
        return;
    EvaluationView *view = actions->view();
    window.tabs()->setCurrentWidget(view);
    if (view->isEvaluating()) {
        QEventLoop loop;
        QObject::connect(view, &EvaluationView::evaluated, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!view->hasReport())
        return;
    const Eigen::MatrixXi &confusion = view->report().evaluation.confusion;
    int bestTruth = -1, bestPredicted = -1, most = 0;
    for (int t = 0; t < confusion.rows(); ++t) {
        for (int p = 0; p < confusion.cols(); ++p) {
            if (t != p && confusion(t, p) > most) {
                most = confusion(t, p);
                bestTruth = t;
                bestPredicted = p;
            }
        }
    }
    if (bestTruth >= 0)
        view->selectCell(bestTruth, bestPredicted);
}

} // namespace

void takeScreenshotAfterTraining(MainWindow &window, const ScreenshotRequest &request)
{
    window.resize(request.size);
    window.show();
    if (!window.openDataset(request.dataPath)) {
        fail(QStringLiteral("cannot load %1").arg(request.dataPath));
        return;
    }
    // The pictures must not depend on what this user's last session left behind.
    window.settingsPanel()->setSettings(RunSettings{});
    window.setEpochDelay(0);
    if (!request.preset.isEmpty() && !window.settingsPanel()->applyPreset(request.preset)) {
        fail(QStringLiteral("no preset named %1").arg(request.preset));
        return;
    }
    window.settingsPanel()->epochsBox()->setValue(request.epochs);

    // With a second preset, the first run's end starts the comparison run.
    auto comparing = std::make_shared<bool>(!request.comparePreset.isEmpty());
    QObject::connect(
        &window, &MainWindow::trainingFinished, &window, [&window, request, comparing] {
            if (*comparing) {
                *comparing = false;
                if (!window.settingsPanel()->applyPreset(request.comparePreset)) {
                    fail(QStringLiteral("no preset named %1").arg(request.comparePreset));
                    return;
                }
                window.settingsPanel()->epochsBox()->setValue(request.epochs);
                QTimer::singleShot(0, &window, &MainWindow::startTraining);
                return;
            }
            if (!request.explorerView.isEmpty() && window.lastOutcome())
                showExplorer(window, request.explorerView);
            if (request.evaluation && window.lastOutcome())
                showEvaluation(window);
            // One more turn of the event loop so the last chart flush is laid out.
            QTimer::singleShot(100, &window, [&window, request] {
                if (!window.lastOutcome()) {
                    fail(QStringLiteral("training did not produce a model"));
                    return;
                }
                QWidget *panel = window.settingsPanel();
                // The panel sits in a scroll area: grab the whole panel, not its view.
                if (request.settingsOnly)
                    panel->resize(panel->width(), panel->sizeHint().height());
                const QPixmap pixmap = request.settingsOnly ? panel->grab() : window.grab();
                if (!pixmap.save(request.outputPath, "PNG")) {
                    fail(QStringLiteral("cannot write %1").arg(request.outputPath));
                    return;
                }
                QCoreApplication::exit(0);
            });
        });
    QTimer::singleShot(0, &window, &MainWindow::startTraining);
}

} // namespace trm::ui
