#pragma once

#include <QSize>
#include <QString>

namespace trm::ui {

class MainWindow;

/// What `trm-studio --screenshot` renders: the window after a real run.
struct ScreenshotRequest
{
    QString dataPath;
    QString outputPath; ///< PNG
    int epochs = 60;
    QSize size{1280, 800};
};

/// Loads the data, trains on the worker as usual and, when the run ends,
/// grabs the window to the PNG and quits the application (exit code 0, or 1
/// with the reason on stderr). Used by scripts/screenshots.sh for the docs.
void takeScreenshotAfterTraining(MainWindow &window, const ScreenshotRequest &request);

} // namespace trm::ui
