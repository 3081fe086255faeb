// Detection from the file's start: binary formats refused by name, the
// encoding (BOM, else UTF-8, else Windows-1252), Excel's "sep=" line, the
// delimiter, the decimal mark and whether the first row is a header.

#include "csvimport_p.h"

#include "dataset.h"
#include "location.h"

#include <QFile>
#include <QFileInfo>

#include <map>

namespace trm::csv {

Result<QByteArray> readStart(const QString &path, qint64 &fileSize)
{
    if (QFileInfo(path).isDir())
        return makeError(located(path, QStringLiteral("is a folder, not a file")));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            located(path, QStringLiteral("cannot open the file: %1").arg(file.errorString())));
    fileSize = file.size();
    QByteArray bytes = file.read(blockSize);
    if (file.error() != QFileDevice::NoError)
        return makeError(
            located(path, QStringLiteral("cannot read the file: %1").arg(file.errorString())));
    return bytes;
}

namespace {

// Spreadsheets, archives and web pages are the usual wrong files; naming them tells
// the person what to do instead.
std::optional<QString> binaryFormat(const QByteArray &start)
{
    if (start.startsWith("PK\x03\x04"))
        return QStringLiteral("this is a ZIP archive, such as an Excel .xlsx or OpenDocument "
                              ".ods spreadsheet, not a CSV file; save the sheet as CSV first");
    if (start.startsWith("\xD0\xCF\x11\xE0"))
        return QStringLiteral("this is an old Excel .xls spreadsheet, not a CSV file; save "
                              "the sheet as CSV first");
    if (start.startsWith("%PDF"))
        return QStringLiteral("this is a PDF document, not a CSV file");
    const QByteArray head = start.left(1024).trimmed().toLower();
    if (head.startsWith("<!doctype html") || head.startsWith("<html") ||
        (head.startsWith("<") && head.contains("<html")))
        return QStringLiteral("this is an HTML web page, not a CSV file; download the raw "
                              "CSV file instead of the page that shows it");
    return std::nullopt;
}

// The most common row length and how many rows have it (allowing one trailing
// empty field), for one candidate delimiter.
struct Shape
{
    int fields = 0;
    double share = 0;
};

Shape shapeOf(const std::vector<QStringList> &rows)
{
    std::map<int, int> counts;
    for (const QStringList &row : rows) {
        int n = int(row.size());
        if (n > 1 && row.back().trimmed().isEmpty())
            --n;
        ++counts[n];
    }
    Shape best;
    int bestCount = 0;
    for (const auto &[fields, count] : counts) {
        if (count > bestCount || (count == bestCount && fields > best.fields)) {
            best.fields = fields;
            bestCount = count;
        }
    }
    best.share = rows.empty() ? 0 : double(bestCount) / double(rows.size());
    return best;
}

std::vector<QStringList> sampleRows(const QByteArray &sample, char delimiter)
{
    CsvReadOptions options;
    options.delimiter = delimiter;
    options.hasHeader = false;
    options.requireRectangular = false;
    // A sample cut inside a quoted line break is retried shorter.
    QByteArray text = sample;
    while (!text.isEmpty()) {
        Result<CsvTable> table = parseCsvText(QString(), text, options);
        if (table)
            return std::move(table.value().rows);
        // (A negative start would make lastIndexOf search from the end again.)
        const qsizetype cut = text.size() < 2 ? -1 : text.lastIndexOf('\n', text.size() - 2);
        if (cut < 0)
            break;
        text.truncate(cut + 1);
    }
    return {};
}

bool isNumberCell(const QString &cell, char decimalMark, const MissingMarkers &missing)
{
    const QByteArray utf8 = cell.toUtf8();
    const std::string_view view(utf8.constData(), std::size_t(utf8.size()));
    double value = 0;
    return !missing.matches(view) &&
           parseNumber(view, decimalMark, value) != NumberParse::NotANumber;
}

/// UTF-16 written without a byte order mark: text in the Latin range puts a NUL
/// in every other byte, the high byte of each character (second in UTF-16LE,
/// first in UTF-16BE), and none in the other half.
std::optional<Encoding> utf16WithoutBom(const QByteArray &start)
{
    const qsizetype size = std::min<qsizetype>(start.size(), 4096) & ~qsizetype(1);
    int evenNuls = 0, oddNuls = 0;
    for (qsizetype i = 0; i < size; ++i) {
        if (start[i] == '\0')
            ++(i % 2 == 0 ? evenNuls : oddNuls);
    }
    const int pairs = int(size / 2);
    if (pairs == 0)
        return std::nullopt;
    // Most characters of a table are digits, delimiters and Latin letters.
    if (oddNuls * 2 >= pairs && evenNuls * 20 <= oddNuls)
        return Encoding::Utf16LE;
    if (evenNuls * 2 >= pairs && oddNuls * 20 <= evenNuls)
        return Encoding::Utf16BE;
    return std::nullopt;
}

/// Optional sign and digits only, as a year or a count is written.
bool looksInteger(const QString &cell)
{
    const QString text = cell.trimmed();
    qsizetype i = text.startsWith(QLatin1Char('-')) || text.startsWith(QLatin1Char('+')) ? 1 : 0;
    if (i == text.size())
        return false;
    for (; i < text.size(); ++i) {
        if (!text[i].isDigit())
            return false;
    }
    return true;
}

/// Whether the first sample row is a header, decided by the votes of its cells,
/// in the spirit of Python's csv.Sniffer.has_header. Each first-row cell is set
/// against the rest of its column:
/// - text above a column of numbers: a name (+1);
/// - a number above a column of numbers: data (-1), except a whole number above
///   numbers all written with decimals, such as a year above measurements (+1/2),
///   and a number that does not occur below when the values below repeat (each
///   twice on average), such as a year above a 0/1 class column (+1);
/// - a number above a column of text: a name (+1);
/// - text above text: data when the text occurs below (-1); a name when it does
///   not and the values below repeat, as categories do (+1); no vote when every
///   value below differs, since a name and a free-text value both occur once;
/// - an empty or missing cell: no vote.
/// A header needs more votes for than against; with none either way, the first
/// row is a header when it holds no number.
bool headerVote(const std::vector<QStringList> &rows, char decimalMark,
                const MissingMarkers &missing)
{
    const QStringList &first = rows.front();
    double votes = 0;
    bool firstHasNumber = false;
    for (qsizetype c = 0; c < first.size(); ++c) {
        const QString &cell = first[c];
        const QByteArray utf8 = cell.toUtf8();
        if (cell.trimmed().isEmpty() ||
            missing.matches(std::string_view(utf8.constData(), std::size_t(utf8.size()))))
            continue;
        const bool number = isNumberCell(cell, decimalMark, missing);
        firstHasNumber = firstHasNumber || number;

        int present = 0, numbers = 0, withDecimals = 0;
        bool occursBelow = false;
        QSet<QString> distinct;
        for (std::size_t r = 1; r < rows.size(); ++r) {
            if (c >= rows[r].size())
                continue;
            const QString &below = rows[r][c];
            const QByteArray belowUtf8 = below.toUtf8();
            if (missing.matches(
                    std::string_view(belowUtf8.constData(), std::size_t(belowUtf8.size()))))
                continue;
            ++present;
            if (isNumberCell(below, decimalMark, missing)) {
                ++numbers;
                withDecimals += looksInteger(below) ? 0 : 1;
            }
            occursBelow = occursBelow || below.trimmed() == cell.trimmed();
            distinct.insert(below.trimmed());
        }
        if (present == 0)
            continue;
        if (2 * numbers > present) {
            if (!number)
                votes += 1;
            else if (looksInteger(cell) && withDecimals == numbers)
                votes += 0.5;
            else if (!occursBelow && 2 * distinct.size() <= present)
                votes += 1;
            else
                votes -= 1;
        } else if (numbers == 0) {
            if (number)
                votes += 1;
            else if (occursBelow)
                votes -= 1;
            else if (distinct.size() < present)
                votes += 1;
        }
    }
    if (votes != 0)
        return votes > 0;
    return !firstHasNumber;
}

} // namespace

Error notUtf8Error(const QString &path, const QByteArray &raw)
{
    bool invalid = false;
    const qsizetype valid = validUtf8Prefix(
        reinterpret_cast<const unsigned char *>(raw.constData()), raw.size(), invalid);
    const qsizetype lineStart = raw.lastIndexOf('\n', valid - 1) + 1;
    const int line = int(raw.left(valid).count('\n')) + 1;
    int column = 1;
    for (qsizetype i = lineStart; i < valid; ++i)
        column += (static_cast<unsigned char>(raw[i]) & 0xC0) != 0x80;
    return makeError(located(path, line, column,
                             QStringLiteral("not valid UTF-8, the encoding stated for the file; "
                                            "choose Windows-1252 if it was saved by Excel or "
                                            "another Windows program")));
}

Result<TextSettings> detectSettings(const QString &path, const QByteArray &start,
                                    const ImportOptions &options, qint64 fileSize)
{
    if (fileSize == 0 || start.isEmpty())
        return makeError(located(path, QStringLiteral("the file is empty")));
    if (std::optional<QString> format = binaryFormat(start))
        return makeError(located(path, *format));

    TextSettings s;
    if (options.missingMarkers)
        s.missingMarkers = *options.missingMarkers;
    if (start.startsWith("\xEF\xBB\xBF")) {
        s.bomSize = 3;
    } else if (start.startsWith("\xFF\xFE")) {
        s.encoding = Encoding::Utf16LE;
        s.bomSize = 2;
    } else if (start.startsWith("\xFE\xFF")) {
        s.encoding = Encoding::Utf16BE;
        s.bomSize = 2;
    }
    if (options.encoding) {
        const std::optional<Encoding> stated = encodingFromName(*options.encoding);
        if (!stated)
            return makeError(located(path, QStringLiteral("unknown encoding '%1'; use UTF-8, "
                                                          "UTF-16LE, UTF-16BE or Windows-1252")
                                               .arg(*options.encoding)));
        s.encoding = *stated;
        s.encodingStated = true;
    }

    // The sample: whole lines from the start, as UTF-8.
    QByteArray sample;
    {
        TextDecoder decoder(s.encoding);
        const bool whole = start.size() >= fileSize;
        if (!decoder.decode(start.mid(s.bomSize), whole, sample)) {
            const QByteArray raw = start.mid(s.bomSize);
            if (s.encodingStated)
                return notUtf8Error(path, raw);
            bool invalid = false;
            const qsizetype valid = validUtf8Prefix(
                reinterpret_cast<const unsigned char *>(raw.constData()), raw.size(), invalid);
            s.notUtf8Line = int(raw.left(valid).count('\n')) + 1;
            s.encoding = Encoding::Windows1252;
            sample.clear();
            TextDecoder fallback(s.encoding);
            fallback.decode(start.mid(s.bomSize), whole, sample);
        }
        if (s.encoding != Encoding::Utf16LE && s.encoding != Encoding::Utf16BE &&
            sample.contains('\0')) {
            if (const std::optional<Encoding> utf16 = utf16WithoutBom(start))
                return makeError(located(
                    path, QStringLiteral("binary data (NUL bytes) where text was expected; "
                                         "the NUL bytes fall on every other byte, so the file "
                                         "looks like %1 text without a byte order mark; "
                                         "state the encoding: --encoding %1 on the command "
                                         "line, or %1 as the Encoding in the import dialog")
                              .arg(encodingName(*utf16))));
        }
        if (Result<void> text = refuseNulBytes(path, sample); !text)
            return text.error();
        int lines = 0;
        qsizetype end = 0;
        for (qsizetype i = 0; i < sample.size() && lines < sampleLines; ++i) {
            if (sample[i] == '\n' ||
                (sample[i] == '\r' && (i + 1 == sample.size() || sample[i + 1] != '\n'))) {
                ++lines;
                end = i + 1;
            }
        }
        if (whole && lines < sampleLines)
            end = sample.size();
        sample.truncate(end);
    }

    // Excel's "sep=;" first line states the delimiter and is not part of the table.
    if (sample.startsWith("sep=") && sample.size() >= 5) {
        const qsizetype lineEnd = sample.indexOf('\n');
        const QByteArray line = sample.left(lineEnd < 0 ? sample.size() : lineEnd).trimmed();
        if (line.size() == 5) {
            s.sepLine = true;
            s.delimiter = line[4];
            sample.remove(0, lineEnd < 0 ? sample.size() : lineEnd + 1);
        }
    }
    // The candidate whose rows most often share one length (above 1) wins; a tie
    // goes to the one that gives more fields.
    const auto detectDelimiter = [&sample]() -> std::optional<char> {
        std::optional<char> found;
        Shape best;
        for (char candidate : {',', ';', '\t', '|'}) {
            const Shape shape = shapeOf(sampleRows(sample, candidate));
            if (shape.fields < 2)
                continue;
            if (shape.share > best.share + 1e-9 ||
                (std::abs(shape.share - best.share) <= 1e-9 && shape.fields > best.fields)) {
                best = shape;
                found = candidate;
            }
        }
        return found;
    };
    if (options.delimiter) {
        s.delimiter = *options.delimiter;
        // A stated delimiter the file never uses would read each line as one cell.
        if (!sample.contains(s.delimiter)) {
            if (const std::optional<char> found = detectDelimiter())
                return makeError(
                    located(path, QStringLiteral("%1 does not occur in the first "
                                                 "lines; they hold '%2', the %3")
                                      .arg(delimiterName(s.delimiter), QString(QLatin1Char(*found)),
                                           delimiterName(*found))));
        }
    } else if (!s.sepLine) {
        if (const std::optional<char> found = detectDelimiter())
            s.delimiter = *found;
    }
    const std::vector<QStringList> rows = sampleRows(sample, s.delimiter);
    if (rows.empty())
        return s; // blank lines only, or broken quoting: the full read reports it

    const MissingMarkers missing(s.missingMarkers);
    if (options.decimalMark) {
        s.decimalMark = *options.decimalMark;
    } else if (s.delimiter != ',') {
        int commas = 0, dots = 0;
        for (std::size_t r = 1; r < rows.size(); ++r) {
            for (const QString &cell : rows[r]) {
                if (!isNumberCell(cell, ',', missing))
                    continue;
                commas += cell.contains(QLatin1Char(','));
                dots += isNumberCell(cell, '.', missing) && cell.contains(QLatin1Char('.'));
            }
        }
        if (commas > 0 && dots == 0)
            s.decimalMark = ',';
    }

    if (options.hasHeader) {
        s.hasHeader = *options.hasHeader;
    } else {
        s.hasHeader = headerVote(rows, s.decimalMark, missing);
    }
    return s;
}

} // namespace trm::csv
