#pragma once

#include "result.h"

#include <QStringList>
#include <QTextStream>

namespace trm {

struct ReportData;

/// Exit codes of the `trm` command.
enum ExitCode : int {
    ExitSuccess = 0,
    ExitFailure = 1,  ///< anything but bad usage or bad input
    ExitBadInput = 2, ///< bad usage, or a file that cannot be used
};

/// A subcommand implemented outside the core: `trm bench` lives in bench/ and is
/// handed in by the executable. `arguments` start with the subcommand's name.
using Subcommand = int (*)(const QStringList &arguments, QTextStream &out, QTextStream &err);

/// Writes an evaluation report (HTML, PDF or CSV by the path's suffix; `pageSize` is a4 or
/// letter). Reports draw charts with QtGui, which the core does not link, so the
/// executable hands the writer in (ui/report.h), as it does `bench`.
using ReportWriter = Result<void> (*)(const ReportData &report, const QString &path,
                                      const QString &pageSize);

/// The `trm` command: `arguments` as main() receives them (program name first).
/// Results go to `out`, progress and errors to `err`. Runs in-process so tests
/// can drive every subcommand without spawning a program.
int runCommandLine(const QStringList &arguments, QTextStream &out, QTextStream &err,
                   Subcommand bench = nullptr, ReportWriter report = nullptr);

} // namespace trm
