#include "importdialog.h"
#include "mainwindow.h"
#include "screenshot.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("trm-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("TRM Studio"));
    QApplication::setApplicationVersion(QStringLiteral(TRM_VERSION));
    QApplication::setOrganizationName(QStringLiteral("TRM Studio"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/trm-studio.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Train a Tiny Recursion Model on a CSV table and watch it learn."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("data"),
                                 QStringLiteral("CSV file to open; its target column is suggested by name and can "
                                "be changed."),
                                 QStringLiteral("[DATA.csv]"));
    // For scripts/screenshots.sh: train, save the window as a PNG, quit.
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Train, then save the window to <png> and quit."),
                                  QStringLiteral("png"));
    QCommandLineOption trainEpochs(QStringLiteral("train-epochs"),
                                   QStringLiteral("Epochs for --screenshot."), QStringLiteral("n"),
                                   QStringLiteral("60"));
    QCommandLineOption preset(QStringLiteral("preset"),
                              QStringLiteral("Preset for --screenshot."), QStringLiteral("name"));
    QCommandLineOption comparePreset(QStringLiteral("compare-preset"),
                                     QStringLiteral("Second run for --screenshot."),
                                     QStringLiteral("name"));
    QCommandLineOption settingsOnly(QStringLiteral("settings-panel"),
                                    QStringLiteral("--screenshot grabs the settings panel only."));
    QCommandLineOption explorerView(
        QStringLiteral("explorer"),
        QStringLiteral("--screenshot shows the recursion explorer: 'row' (a misclassified row, "
                       "step by step) or 'set' (all test rows)."),
        QStringLiteral("view"));
    QCommandLineOption evaluationShot(
        QStringLiteral("evaluation"),
        QStringLiteral("--screenshot shows the Evaluation tab, its largest wrong cell listed."));
    QCommandLineOption importShot(
        QStringLiteral("import-dialog"),
        QStringLiteral("Open DATA.csv in the import dialog, save it to <png> and quit."),
        QStringLiteral("png"));
    for (QCommandLineOption *option : {&screenshot, &trainEpochs, &preset, &comparePreset,
                                       &settingsOnly, &explorerView, &evaluationShot,
                                       &importShot}) {
        option->setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(*option);
    }
    parser.process(app);
    const QString dataPath = parser.positionalArguments().value(0);

    if (parser.isSet(importShot)) {
        trm::ui::ImportDialog dialog(dataPath);
        dialog.resize(1100, 720);
        dialog.show();
        dialog.waitForWholeFile(120000); // the whole-file figures, not "Counting ..."
        return dialog.grab().save(parser.value(importShot)) ? 0 : 1;
    }
    trm::ui::MainWindow window;
    if (parser.isSet(screenshot)) {
        if (dataPath.isEmpty())
            parser.showHelp(1);
        trm::ui::ScreenshotRequest request;
        request.dataPath = dataPath;
        request.outputPath = parser.value(screenshot);
        request.epochs = parser.value(trainEpochs).toInt();
        request.preset = parser.value(preset);
        request.comparePreset = parser.value(comparePreset);
        request.settingsOnly = parser.isSet(settingsOnly);
        request.explorerView = parser.value(explorerView);
        request.evaluation = parser.isSet(evaluationShot);
        // The explorer shares the window with the settings: give it room.
        if (!request.explorerView.isEmpty())
            request.size = QSize(1600, 960);
        trm::ui::takeScreenshotAfterTraining(window, request);
        return app.exec();
    }
    window.show();
    if (!dataPath.isEmpty())
        window.openDataset(dataPath);
    return app.exec();
}
