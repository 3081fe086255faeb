#include "importbench.h"

#include "commandline.h"
#include "csvimport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <sys/resource.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <random>

namespace trm {

namespace {

using Clock = std::chrono::steady_clock;

/// The case: 1.5 million rows of 10 numeric columns, about 200 MB.
constexpr long long defaultRows = 1'500'000;
constexpr int featureColumns = 9;
constexpr std::uint64_t fileSeed = 20261203;

double peakResidentMiB()
{
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return std::nan("");
    return double(usage.ru_maxrss) / 1024.0; // Linux reports KiB
}

QString usage()
{
    return QStringLiteral(
        "Usage: trm bench --import [--rows N] [--file PATH] [--json]\n"
        "\n"
        "Loads a numeric CSV file the way `trm train` does and reports rows per second\n"
        "and the process's peak memory. The file (9 numeric features with eight decimals,\n"
        "and a class 0..2) is written first unless it exists; it is never committed.\n"
        "\n"
        "Options:\n"
        "  --rows N      data rows of the generated file (default 1500000, ~200 MB)\n"
        "  --file PATH   where the file is (default: bench/data/import_<N>.csv in the\n"
        "                source tree)\n"
        "  --json        end the report with one JSON object on the last line\n");
}

} // namespace

QString writeImportBenchFile(const QString &path, long long rows)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    std::mt19937_64 random(fileSeed);
    std::normal_distribution<double> normal(0.0, 1000.0);
    std::uniform_int_distribution<int> label(0, 2);
    std::string block = "f1,f2,f3,f4,f5,f6,f7,f8,f9,class\n";
    char number[64];
    for (long long r = 0; r < rows; ++r) {
        const int k = label(random);
        for (int j = 0; j < featureColumns; ++j) {
            // The class shifts every feature, so the file is learnable, not noise.
            const double value = normal(random) + 400.0 * k * (j % 3 == 0 ? 1 : -1);
            const auto written =
                std::to_chars(number, number + sizeof number, value, std::chars_format::fixed, 8);
            block.append(number, written.ptr);
            block.push_back(',');
        }
        block.push_back(char('0' + k));
        block.push_back('\n');
        if (block.size() > (std::size_t(1) << 22)) {
            if (file.write(block.data(), qint64(block.size())) != qint64(block.size()))
                return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
            block.clear();
        }
    }
    if (file.write(block.data(), qint64(block.size())) != qint64(block.size()) || !file.commit())
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    return {};
}

int runImportBench(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    long long rows = defaultRows;
    QString path;
    bool json = false;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (arg == QLatin1String("--import")) {
            continue;
        } else if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            out << usage();
            return ExitSuccess;
        } else if (arg == QLatin1String("--json")) {
            json = true;
        } else if (arg == QLatin1String("--rows") && i + 1 < arguments.size()) {
            bool ok = false;
            rows = arguments[++i].toLongLong(&ok);
            if (!ok || rows < 1 || rows > 100'000'000) {
                err << "trm: bench: --rows expects a number from 1 to 100000000, found '"
                    << arguments[i] << "'\n";
                return ExitBadInput;
            }
        } else if (arg == QLatin1String("--file") && i + 1 < arguments.size()) {
            path = arguments[++i];
        } else {
            err << "trm: bench: unknown option '" << arg << "' (try 'trm bench --import --help')\n";
            return ExitBadInput;
        }
    }
    if (path.isEmpty())
        path = QStringLiteral(TRM_BENCH_DATA "/import_%1.csv").arg(rows);

    double generateSeconds = 0;
    if (!QFileInfo::exists(path)) {
        err << "writing " << path << " (" << rows << " rows) ...\n";
        err.flush();
        const auto start = Clock::now();
        const QString problem = writeImportBenchFile(path, rows);
        if (!problem.isEmpty()) {
            err << "trm: bench: " << problem << '\n';
            return ExitFailure;
        }
        generateSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    }
    const double fileMiB = double(QFileInfo(path).size()) / (1024.0 * 1024.0);
    const double peakBefore = peakResidentMiB();

    const auto start = Clock::now();
    const Result<Dataset> dataset = importDataset(path);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double peakAfter = peakResidentMiB();
    if (!dataset) {
        err << "trm: bench: " << dataset.error().message << '\n';
        return ExitFailure;
    }
    const Dataset &d = dataset.value();
    const double rowsPerSecond = double(d.rowCount()) / seconds;
    // The numbers as parsed: every cell of the file as a double.
    const double parsedMiB = double(d.rowCount()) * 10.0 * 8.0 / (1024.0 * 1024.0);

    out << "Import bench: " << path << '\n'
        << "File           " << QString::number(fileMiB, 'f', 1) << " MiB, " << d.rowCount()
        << " rows, " << d.featureCount() << " features + target, " << d.classCount()
        << " classes\n";
    if (generateSeconds > 0)
        out << "Generated in   " << QString::number(generateSeconds, 'f', 2) << " s\n";
    out << "Load time      " << QString::number(seconds, 'f', 2) << " s\n"
        << "Rows per s     " << QString::number(rowsPerSecond, 'f', 0) << '\n'
        << "MiB per s      " << QString::number(fileMiB / seconds, 'f', 1) << '\n'
        << "Parsed numbers " << QString::number(parsedMiB, 'f', 1) << " MiB (rows x 10 x 8 bytes)\n"
        << "Peak memory    " << QString::number(peakAfter, 'f', 1) << " MiB ("
        << QString::number(peakAfter / parsedMiB, 'f', 2) << " x the parsed numbers; "
        << QString::number(peakBefore, 'f', 1) << " MiB before loading)\n";
    if (json) {
        out << QString::fromUtf8(
                   QJsonDocument(QJsonObject{
                                     {QStringLiteral("rows"), d.rowCount()},
                                     {QStringLiteral("file_mib"), fileMiB},
                                     {QStringLiteral("seconds"), seconds},
                                     {QStringLiteral("rows_per_second"), rowsPerSecond},
                                     {QStringLiteral("peak_rss_mib"), peakAfter},
                                     {QStringLiteral("parsed_mib"), parsedMiB},
                                 })
                       .toJson(QJsonDocument::Compact))
            << '\n';
    }
    return ExitSuccess;
}

} // namespace trm
