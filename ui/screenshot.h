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
    QString preset;            ///< preset to train with; empty keeps the defaults
    QString comparePreset;     ///< when set, a second run with this preset joins the charts
    bool settingsOnly = false; ///< grab the settings panel rather than the window
    /// "row": the recursion explorer on the first misclassified test row, at the
    /// step where its prediction last changed; "set": its all-test-rows view.
    QString explorerView;
    /// The Evaluation tab, with the rows of its largest wrong cell listed.
    bool evaluation = false;
};

/// Loads the data, trains on the worker as usual and, when the run ends,
/// grabs the window to the PNG and quits the application (exit code 0, or 1
/// with the reason on stderr). Used by scripts/screenshots.sh for the docs.
void takeScreenshotAfterTraining(MainWindow &window, const ScreenshotRequest &request);

} // namespace trm::ui
