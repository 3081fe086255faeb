#pragma once

// How the core says where a problem is: "path:line:column: what", the form
// compilers use, so that editors and terminals can jump to the spot.

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

} // namespace trm
