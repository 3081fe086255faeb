#include "screenshot.h"

#include "mainwindow.h"
#include "settingspanel.h"

#include <QApplication>
#include <QPixmap>
#include <QSpinBox>
#include <QTextStream>
#include <QTimer>

namespace trm::ui {

namespace {

void fail(const QString &message)
{
    QTextStream(stderr) << "trm-studio: " << message << Qt::endl;
    QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(1); });
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
    window.settingsPanel()->epochsBox()->setValue(request.epochs);

    QObject::connect(&window, &MainWindow::trainingFinished, &window, [&window, request] {
        // One more turn of the event loop so the last chart flush is laid out.
        QTimer::singleShot(100, &window, [&window, request] {
            if (!window.lastOutcome()) {
                fail(QStringLiteral("training did not produce a model"));
                return;
            }
            const QPixmap pixmap = window.grab();
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
