#pragma once

#include <QStringList>
#include <QTextStream>

namespace trm {

/// `trm bench --import`: writes a large numeric CSV file (unless it exists) and
/// reports how fast it loads, in rows per second, and the peak memory.
int runImportBench(const QStringList &arguments, QTextStream &out, QTextStream &err);

/// Writes `rows` data rows of 9 numeric features and a class label 0..2 (10 columns),
/// from a fixed seed, to `path` atomically. Returns an empty string or the problem.
QString writeImportBenchFile(const QString &path, long long rows);

} // namespace trm
