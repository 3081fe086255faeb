#include "benchmarks.h"
#include "commandline.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("trm"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRM_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return trm::runCommandLine(QCoreApplication::arguments(), out, err, &trm::runBenchCommand);
}
