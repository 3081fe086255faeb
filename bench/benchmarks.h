#pragma once

#include <QStringList>
#include <QTextStream>

namespace trm {

/// `trm bench`: training throughput of the core at fixed shapes, and the wall
/// time of a default training run on each bundled data set.
int runBenchCommand(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace trm
