#include "benchmarks.h"
#include "commandline.h"
#include "report.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

/// Writing a report draws charts and lays out text, which needs fonts and so a
/// QGuiApplication; every other command runs on a QCoreApplication, without a
/// display.
bool wantsReport(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--report") == 0 || std::strncmp(argv[i], "--report=", 9) == 0)
            return true;
    }
    return false;
}

QtMessageHandler previousHandler = nullptr;

/// Qt looks for a Wayland socket in the runtime directory while it picks a
/// platform, and warns when XDG_RUNTIME_DIR is unset, as it is in cron jobs,
/// containers and ssh sessions. A report drawn offscreen needs no runtime
/// directory, so that one warning is noise; everything else passes through.
void quietRuntimeDirectoryWarning(QtMsgType type, const QMessageLogContext &context,
                                  const QString &message)
{
    if (type == QtWarningMsg &&
        message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR")))
        return;
    previousHandler(type, context, message);
}

} // namespace

int main(int argc, char *argv[])
{
    std::unique_ptr<QCoreApplication> app;
    if (wantsReport(argc, argv)) {
        // Without a display, render with the offscreen platform instead of failing.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
            qEnvironmentVariableIsEmpty("DISPLAY") &&
            qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
        }
        previousHandler = qInstallMessageHandler(quietRuntimeDirectoryWarning);
        app = std::make_unique<QGuiApplication>(argc, argv);
        qInstallMessageHandler(previousHandler);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("trm"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRM_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return trm::runCommandLine(QCoreApplication::arguments(), out, err, &trm::runBenchCommand,
                               &trm::report::writeReport);
}
