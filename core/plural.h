#pragma once

#include <QString>

namespace trm {

/// A count with its noun in the matching form: counted(1, "row", "rows") is
/// "1 row", counted(3, "row", "rows") is "3 rows". The texts are English.
inline QString counted(qint64 count, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? one : many);
}

} // namespace trm
