#pragma once

// How the core says where a problem is: "path:line:column: what", the form
// compilers use, so that editors and terminals can jump to the spot.

#include "result.h"

#include <QByteArray>
#include <QString>

namespace trm {

inline QString located(const QString &path, int line, int column, const QString &what)
{
    return QStringLiteral("%1:%2:%3: %4").arg(path).arg(line).arg(column).arg(what);
}

inline QString located(const QString &path, int line, const QString &what)
{
    return QStringLiteral("%1:%2: %3").arg(path).arg(line).arg(what);
}

inline QString located(const QString &path, const QString &what)
{
    return QStringLiteral("%1: %2").arg(path, what);
}

/// Refuses text holding a NUL byte, at its line and column. A NUL never occurs
/// in text; finding one usually means a spreadsheet or a UTF-16 export was
/// given instead of a CSV file.
inline Result<void> refuseNulBytes(const QString &path, const QByteArray &text)
{
    const qsizetype nul = text.indexOf('\0');
    if (nul < 0)
        return {};
    const QByteArray before = text.left(nul);
    const int line = int(before.count('\n')) + 1;
    const int column = int(nul - (before.lastIndexOf('\n') + 1)) + 1;
    return makeError(located(path, line, column,
                             QStringLiteral("binary data (a NUL byte) where text was "
                                            "expected; save the table as UTF-8 CSV")));
}

} // namespace trm
