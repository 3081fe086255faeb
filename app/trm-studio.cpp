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
                                 QStringLiteral("CSV file to open; the last column is the class."),
                                 QStringLiteral("[DATA.csv]"));
    // For scripts/screenshots.sh: train, save the window as a PNG, quit.
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Train, then save the window to <png> and quit."),
                                  QStringLiteral("png"));
    QCommandLineOption trainEpochs(QStringLiteral("train-epochs"),
                                   QStringLiteral("Epochs for --screenshot."), QStringLiteral("n"),
                                   QStringLiteral("60"));
    for (QCommandLineOption *option : {&screenshot, &trainEpochs}) {
        option->setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(*option);
    }
    parser.process(app);
    const QString dataPath = parser.positionalArguments().value(0);

    trm::ui::MainWindow window;
    if (parser.isSet(screenshot)) {
        if (dataPath.isEmpty())
            parser.showHelp(1);
        trm::ui::ScreenshotRequest request;
        request.dataPath = dataPath;
        request.outputPath = parser.value(screenshot);
        request.epochs = parser.value(trainEpochs).toInt();
        trm::ui::takeScreenshotAfterTraining(window, request);
        return app.exec();
    }
    window.show();
    if (!dataPath.isEmpty())
        window.openDataset(dataPath);
    return app.exec();
}
