#include "csvimport.h"

#include "location.h"
#include "logging.h"

#include <csv.h>

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace trm {

namespace {

/// Bytes read from the file at a time. Large enough that libcsv and the number
/// parser, not the system calls, set the pace; small enough to report progress.
constexpr qint64 blockSize = qint64(4) << 20;
/// Lines of the file's start used to detect the delimiter, header and decimal mark.
constexpr int sampleLines = 200;
/// A numeric column keeps the text of its first this many distinct values, so that
/// numeric class labels keep their spelling ("7" stays "7", "1.0" stays "1.0").
constexpr int maxNumberTexts = 255;
/// More distinct values than this and a text column is free text, not categorical.
constexpr int maxCategories = 50;
/// More classes than this and a numeric target looks like a quantity, not a class.
constexpr int maxClasses = 100;

QString quotedCell(const QString &cell)
{
    constexpr int maxShown = 40;
    if (cell.size() <= maxShown)
        return QLatin1Char('\'') + cell + QLatin1Char('\'');
    return QLatin1Char('\'') + cell.left(maxShown) + QStringLiteral("...'");
}

QString delimiterName(char delimiter)
{
    switch (delimiter) {
    case ',':
        return QStringLiteral("comma");
    case ';':
        return QStringLiteral("semicolon");
    case '\t':
        return QStringLiteral("tab");
    case '|':
        return QStringLiteral("pipe");
    default:
        return QStringLiteral("'%1'").arg(QLatin1Char(delimiter));
    }
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

// ---------------------------------------------------------------------------
// Numbers

enum class NumberParse
{
    Ok,
    NotANumber,
    NotFinite
};

// Locale-independent: std::from_chars never looks at the process locale. With a
// decimal comma, a dot makes the cell text (it would be a thousands separator, which
// is not read), and the comma becomes the dot from_chars expects.
NumberParse parseNumber(std::string_view cell, char decimalMark, double &value)
{
    cell = trimmed(cell);
    if (cell.size() > 1 && cell.front() == '+' && cell[1] != '-')
        cell.remove_prefix(1);
    char text[64];
    if (cell.empty() || cell.size() >= sizeof text)
        return NumberParse::NotANumber;
    for (std::size_t i = 0; i < cell.size(); ++i) {
        char c = cell[i];
        if (c == ',') {
            if (decimalMark != ',')
                return NumberParse::NotANumber;
            c = '.';
        } else if (c == '.' && decimalMark == ',') {
            return NumberParse::NotANumber;
        }
        text[i] = c;
    }
    const char *end = text + cell.size();
    const auto [stop, error] = std::from_chars(text, end, value);
    if (stop != end || error == std::errc::invalid_argument)
        return NumberParse::NotANumber;
    if (error == std::errc::result_out_of_range) {
        // A negative exponent that underflows is a number too small to matter, not an
        // overflow: it reads as zero.
        const std::string_view digits(text, cell.size());
        if (digits.find("e-") != std::string_view::npos ||
            digits.find("E-") != std::string_view::npos) {
            value = 0;
            return NumberParse::Ok;
        }
        return NumberParse::NotFinite;
    }
    return std::isfinite(value) ? NumberParse::Ok : NumberParse::NotFinite;
}

/// Missing-value markers, matched ignoring ASCII case after trimming blanks.
class MissingMarkers
{
public:
    explicit MissingMarkers(const QStringList &markers)
    {
        for (const QString &marker : markers)
            m_markers.push_back(marker.trimmed().toLower().toStdString());
    }
    bool matches(std::string_view cell) const
    {
        cell = trimmed(cell);
        for (const std::string &marker : m_markers) {
            if (marker.size() != cell.size())
                continue;
            bool same = true;
            for (std::size_t i = 0; same && i < cell.size(); ++i) {
                const char c = cell[i];
                same = (c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c) == marker[i];
            }
            if (same)
                return true;
        }
        return false;
    }

private:
    std::vector<std::string> m_markers;
};

// ---------------------------------------------------------------------------
// Encodings

enum class Encoding
{
    Utf8,
    Utf16LE,
    Utf16BE,
    Windows1252
};

QString encodingName(Encoding encoding)
{
    switch (encoding) {
    case Encoding::Utf8:
        return QStringLiteral("UTF-8");
    case Encoding::Utf16LE:
        return QStringLiteral("UTF-16LE");
    case Encoding::Utf16BE:
        return QStringLiteral("UTF-16BE");
    case Encoding::Windows1252:
        return QStringLiteral("Windows-1252");
    }
    return {};
}

std::optional<Encoding> encodingFromName(const QString &name)
{
    for (Encoding e : {Encoding::Utf8, Encoding::Utf16LE, Encoding::Utf16BE, Encoding::Windows1252})
        if (encodingName(e).compare(name, Qt::CaseInsensitive) == 0)
            return e;
    if (name.compare(QStringLiteral("latin1"), Qt::CaseInsensitive) == 0 ||
        name.compare(QStringLiteral("ISO-8859-1"), Qt::CaseInsensitive) == 0)
        return Encoding::Windows1252;
    return std::nullopt;
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F; the five unassigned
// codes there map to the C1 controls, as Windows itself does.
constexpr char16_t windows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void appendUtf8(QByteArray &out, char16_t code)
{
    if (code < 0x80) {
        out.append(char(code));
    } else if (code < 0x800) {
        out.append(char(0xC0 | (code >> 6)));
        out.append(char(0x80 | (code & 0x3F)));
    } else {
        out.append(char(0xE0 | (code >> 12)));
        out.append(char(0x80 | ((code >> 6) & 0x3F)));
        out.append(char(0x80 | (code & 0x3F)));
    }
}

// Length of the valid UTF-8 prefix of [data, data + size) that ends on a whole
// character; `invalid` is set when what follows is not the start of a character
// cut off by the end of the block.
qsizetype validUtf8Prefix(const unsigned char *data, qsizetype size, bool &invalid)
{
    invalid = false;
    qsizetype i = 0;
    while (i < size) {
        const unsigned char c = data[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        char32_t code = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            code = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            code = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            code = c & 0x07;
        } else {
            invalid = true;
            return i;
        }
        if (i + length > size) {
            for (qsizetype k = i + 1; k < size; ++k)
                invalid = invalid || (data[k] & 0xC0) != 0x80;
            return i;
        }
        for (int k = 1; k < length; ++k) {
            if ((data[i + k] & 0xC0) != 0x80) {
                invalid = true;
                return i;
            }
            code = (code << 6) | (data[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
        const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
        if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
            invalid = true;
            return i;
        }
        i += length;
    }
    return i;
}

/// Turns the file's bytes, block by block, into UTF-8.
class TextDecoder
{
public:
    explicit TextDecoder(Encoding encoding)
        : m_encoding(encoding)
    {
        if (encoding == Encoding::Utf16LE)
            m_utf16 = QStringDecoder(QStringConverter::Utf16LE, QStringConverter::Flag::Stateless);
        else if (encoding == Encoding::Utf16BE)
            m_utf16 = QStringDecoder(QStringConverter::Utf16BE, QStringConverter::Flag::Stateless);
    }

    /// Appends the UTF-8 text of `raw` to `out`. For UTF-8, returns false when the
    /// bytes are not valid UTF-8.
    bool decode(const QByteArray &raw, bool last, QByteArray &out)
    {
        switch (m_encoding) {
        case Encoding::Utf8: {
            m_pending.append(raw);
            bool invalid = false;
            const auto *data = reinterpret_cast<const unsigned char *>(m_pending.constData());
            const qsizetype valid = validUtf8Prefix(data, m_pending.size(), invalid);
            if (invalid || (last && valid != m_pending.size()))
                return false;
            out.append(m_pending.constData(), valid);
            m_pending.remove(0, valid);
            return true;
        }
        case Encoding::Windows1252:
            out.reserve(out.size() + raw.size());
            for (char byte : raw) {
                const auto c = static_cast<unsigned char>(byte);
                if (c < 0x80)
                    out.append(byte);
                else
                    appendUtf8(out, c < 0xA0 ? windows1252High[c - 0x80] : char16_t(c));
            }
            return true;
        case Encoding::Utf16LE:
        case Encoding::Utf16BE: {
            // Stateless per block, so an odd byte or half a surrogate pair waits.
            m_pending.append(raw);
            qsizetype usable = m_pending.size() & ~qsizetype(1);
            if (!last && usable >= 2) {
                const int offset = m_encoding == Encoding::Utf16LE ? 1 : 0;
                const auto high = static_cast<unsigned char>(m_pending[usable - 2 + offset]);
                if (high >= 0xD8 && high <= 0xDB)
                    usable -= 2;
            }
            out.append(
                QString(m_utf16.decode(QByteArrayView(m_pending.constData(), usable))).toUtf8());
            m_pending.remove(0, usable);
            return true;
        }
        }
        return true;
    }

private:
    Encoding m_encoding;
    QStringDecoder m_utf16;
    QByteArray m_pending;
};

// ---------------------------------------------------------------------------
// Reading the file's start: encoding, binary formats, text settings

/// Text settings, detected or stated, plus what detection learnt along the way.
struct TextSettings
{
    Encoding encoding = Encoding::Utf8;
    bool encodingStated = false;
    qsizetype bomSize = 0;
    bool sepLine = false; // an Excel "sep=;" first line, skipped
    int notUtf8Line = 0;  // where detection found the bytes are not UTF-8
    char delimiter = ',';
    char decimalMark = '.';
    bool hasHeader = true;
    QStringList missingMarkers = ImportRecipe::defaultMissingMarkers();
    QStringList notices;
};

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
            bool invalid = false;
            const QByteArray raw = start.mid(s.bomSize);
            const qsizetype valid = validUtf8Prefix(
                reinterpret_cast<const unsigned char *>(raw.constData()), raw.size(), invalid);
            s.notUtf8Line = int(raw.left(valid).count('\n')) + 1;
            s.encoding = Encoding::Windows1252;
            sample.clear();
            TextDecoder fallback(s.encoding);
            fallback.decode(start.mid(s.bomSize), whole, sample);
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
    if (options.delimiter) {
        s.delimiter = *options.delimiter;
    } else if (!s.sepLine) {
        // The candidate whose rows most often share one length (above 1) wins; a tie
        // goes to the one that gives more fields.
        Shape best;
        for (char candidate : {',', ';', '\t', '|'}) {
            const Shape shape = shapeOf(sampleRows(sample, candidate));
            if (shape.fields < 2)
                continue;
            if (shape.share > best.share + 1e-9 ||
                (std::abs(shape.share - best.share) <= 1e-9 && shape.fields > best.fields)) {
                best = shape;
                s.delimiter = candidate;
            }
        }
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
        // A header is a first row with no number in it above columns that hold
        // numbers; in an all-text table, a first row whose values never recur below.
        const QStringList &first = rows.front();
        bool firstHasNumber = false;
        for (const QString &cell : first)
            firstHasNumber = firstHasNumber || isNumberCell(cell, s.decimalMark, missing);
        bool numbersBelow = false, recurs = false;
        for (std::size_t r = 1; r < rows.size(); ++r) {
            for (qsizetype c = 0; c < rows[r].size(); ++c) {
                numbersBelow = numbersBelow || isNumberCell(rows[r][c], s.decimalMark, missing);
                recurs = recurs || (c < first.size() && !first[c].trimmed().isEmpty() &&
                                    rows[r][c] == first[c]);
            }
        }
        s.hasHeader = !firstHasNumber && (numbersBelow || !recurs);
    }
    return s;
}

// ---------------------------------------------------------------------------
// The full read: libcsv fed line by line, cells straight into typed columns

/// One column as it is read. It stays numeric (doubles, NaN for missing) while
/// every present cell is a number, and turns into text codes at the first cell
/// that is not. A numeric column also remembers the spelling of its first
/// maxNumberTexts distinct values, so that it can become class labels or
/// categories without losing "1.0" vs "1".
struct ColumnStore
{
    bool keepText = false; // read as text from the start (categorical in a recipe)
    bool numeric = true;
    std::vector<double> values;
    std::vector<quint8> textCodes; // index into numberTexts; 255 = missing
    bool textsTracked = true;
    std::vector<QByteArray> numberTexts;
    QHash<QByteArray, int> numberTextIndex;

    std::vector<qint32> codes; // text mode: index into levels; -1 = missing
    QStringList levels;
    QHash<QString, int> levelIndex;
    int missing = 0;

    int firstTextRow = -1; // where it stopped being numeric
    int firstTextLine = 0;
    int firstTextColumn = 0;
    QString firstText;

    qsizetype size() const { return numeric ? qsizetype(values.size()) : qsizetype(codes.size()); }

    void reserve(qsizetype rows)
    {
        if (numeric && !keepText)
            values.reserve(std::size_t(rows));
        else
            codes.reserve(std::size_t(rows));
    }

    void addText(const QString &text)
    {
        const auto found = levelIndex.constFind(text);
        if (found != levelIndex.constEnd()) {
            codes.push_back(found.value());
            return;
        }
        const int code = int(levels.size());
        levels.append(text);
        levelIndex.insert(text, code);
        codes.push_back(code);
    }

    void trackText(std::string_view cell)
    {
        if (!textsTracked)
            return;
        const QByteArray key = QByteArray::fromRawData(cell.data(), qsizetype(cell.size()));
        const auto found = numberTextIndex.constFind(key);
        if (found != numberTextIndex.constEnd()) {
            textCodes.push_back(quint8(found.value()));
            return;
        }
        if (int(numberTexts.size()) >= maxNumberTexts) {
            textsTracked = false;
            textCodes = {};
            numberTexts.clear();
            numberTextIndex.clear();
            return;
        }
        const QByteArray owned(cell.data(), qsizetype(cell.size()));
        numberTextIndex.insert(owned, int(numberTexts.size()));
        textCodes.push_back(quint8(numberTexts.size()));
        numberTexts.push_back(owned);
    }

    // The numbers read so far become text: their own spelling where it was kept,
    // else the shortest text that reads back as the same number.
    void convertToText()
    {
        numeric = false;
        codes.reserve(values.capacity());
        for (std::size_t r = 0; r < values.size(); ++r) {
            if (std::isnan(values[r])) {
                codes.push_back(-1);
                continue;
            }
            if (textsTracked) {
                addText(QString::fromUtf8(numberTexts[textCodes[r]]));
            } else {
                char text[32];
                const auto written = std::to_chars(text, text + sizeof text, values[r]);
                addText(QString::fromLatin1(text, qsizetype(written.ptr - text)));
            }
        }
        values = {};
        textCodes = {};
        numberTexts.clear();
        numberTextIndex.clear();
        textsTracked = false;
    }
};

/// The table as read: names, typed columns and where each row was.
struct ParsedTable
{
    QString sha256;
    QStringList header;
    std::vector<bool> headerWasEmpty;
    std::vector<ColumnStore> columns;
    std::vector<int> lineNumbers;
    int headerLine = 0;
    int rows() const { return int(lineNumbers.size()); }
};

/// A cell that stops the read: infinite or overflowing, in a numeric column.
struct CellProblem
{
    int line = 0;
    int column = 0; // 0 when the row spans lines and the column is not known
    QString message;
};

struct ParserDeleter
{
    void operator()(csv_parser *parser) const
    {
        csv_free(parser);
        delete parser;
    }
};

/// The state libcsv's callbacks share during the full read.
class StreamReader
{
public:
    StreamReader(const QString &path, const TextSettings &settings, ParsedTable &table,
                 const QSet<QString> &textColumns, qsizetype expectedRows)
        : m_path(path)
        , m_settings(settings)
        , m_table(table)
        , m_missing(settings.missingMarkers)
        , m_textColumns(textColumns)
        , m_expectedRows(expectedRows)
    {}

    /// Feeds one physical line (with its line end). Returns false to stop.
    bool feedLine(csv_parser *parser, const char *data, qsizetype size, int lineNumber)
    {
        m_lineData = data;
        m_lineSize = size;
        m_line = lineNumber;
        if (parser->pstate == 0) // ROW_NOT_BEGUN: this line starts a row
            m_rowLine = lineNumber;
        if (const void *nul = std::memchr(data, 0, std::size_t(size))) {
            const auto offset = static_cast<const char *>(nul) - data;
            m_problem = CellProblem{lineNumber, characterColumn(data, offset),
                                    QStringLiteral("binary data (a NUL byte) where text was "
                                                   "expected; save the table as UTF-8 CSV")};
            return false;
        }
        const std::size_t fed = csv_parse(parser, data, std::size_t(size), onField, onRow, this);
        if (fed != std::size_t(size))
            m_quoteError = true;
        return !m_quoteError && !m_problem && !m_stopped;
    }

    bool finish(csv_parser *parser)
    {
        m_lineData = nullptr;
        m_lineSize = 0;
        if (csv_fini(parser, onField, onRow, this) != 0)
            m_quoteError = true;
        return !m_quoteError && !m_problem;
    }

    void stopAfterRows(int rows) { m_rowLimit = rows; }
    void expectRows(qsizetype rows) { m_expectedRows = rows; }
    bool quoteError() const { return m_quoteError; }
    const std::optional<CellProblem> &problem() const { return m_problem; }
    bool headerSeen() const { return m_headerDone; }
    int raggedRows() const { return m_raggedRows; }
    int firstRaggedLine() const { return m_firstRaggedLine; }
    int firstRaggedFields() const { return m_firstRaggedFields; }
    int expectedFields() const { return m_fieldCount; }
    int firstRowLine() const { return m_firstRowLine; }
    int firstRowFields() const { return m_firstRowFields; }

private:
    static int characterColumn(const char *data, qsizetype offset)
    {
        int column = 1;
        for (qsizetype i = 0; i < offset; ++i)
            column += (static_cast<unsigned char>(data[i]) & 0xC0) != 0x80;
        return column;
    }

    // Where cell `field` of the current row starts, found by re-reading its line
    // cell by cell; 0 when the row spans several lines.
    int cellColumn(int field) const
    {
        if (!m_lineData || m_rowLine != m_line)
            return 0;
        CsvReadOptions options;
        options.delimiter = m_settings.delimiter;
        options.hasHeader = false;
        options.requireRectangular = false;
        const Result<CsvTable> line =
            parseCsvText(QString(), QByteArray(m_lineData, m_lineSize), options);
        if (!line || line.value().cellColumns.empty())
            return 0;
        const std::vector<int> &columns = line.value().cellColumns.front();
        return field < int(columns.size()) ? columns[std::size_t(field)] : 0;
    }

    static void onField(void *data, std::size_t size, void *self)
    {
        auto *r = static_cast<StreamReader *>(self);
        r->m_row.append(static_cast<const char *>(data), size);
        r->m_cellEnds.push_back(r->m_row.size());
    }

    static void onRow(int, void *self)
    {
        auto *r = static_cast<StreamReader *>(self);
        if (!r->m_stopped && !r->m_problem)
            r->takeRow();
        r->m_row.clear();
        r->m_cellEnds.clear();
    }

    std::string_view cell(std::size_t i) const
    {
        const std::size_t begin = i == 0 ? 0 : m_cellEnds[i - 1];
        return std::string_view(m_row).substr(begin, m_cellEnds[i] - begin);
    }

    void takeHeader()
    {
        int n = int(m_cellEnds.size());
        m_firstRowLine = m_rowLine;
        m_firstRowFields = n;
        // A trailing delimiter after the last name is not a column of its own.
        if (n > 1 && trimmed(cell(std::size_t(n - 1))).empty())
            m_headerTrailing = true;
        m_fieldCount = m_headerTrailing ? n - 1 : n;
        m_table.columns.resize(std::size_t(m_fieldCount));
        m_table.headerLine = m_rowLine;
        for (int c = 0; c < m_fieldCount; ++c) {
            QString name = m_settings.hasHeader
                               ? QString::fromUtf8(trimmed(cell(std::size_t(c))).data(),
                                                   qsizetype(trimmed(cell(std::size_t(c))).size()))
                               : QString();
            m_table.headerWasEmpty.push_back(m_settings.hasHeader && name.isEmpty());
            m_table.header.append(name);
            m_table.columns[std::size_t(c)].keepText = m_textColumns.contains(name);
            m_table.columns[std::size_t(c)].reserve(m_expectedRows);
        }
        m_table.lineNumbers.reserve(std::size_t(m_expectedRows));
        m_headerDone = true;
    }

    void takeRow()
    {
        if (!m_headerDone) {
            takeHeader();
            if (m_settings.hasHeader)
                return;
        }
        int n = int(m_cellEnds.size());
        // One trailing delimiter, on every line or some, is an empty last field.
        if (n == m_fieldCount + 1 && trimmed(cell(std::size_t(n - 1))).empty())
            --n;
        if (n != m_fieldCount) {
            if (m_raggedRows++ == 0) {
                m_firstRaggedLine = m_rowLine;
                m_firstRaggedFields = int(m_cellEnds.size());
            }
            return;
        }
        const int row = int(m_table.lineNumbers.size());
        for (int c = 0; c < n; ++c) {
            if (!addCell(m_table.columns[std::size_t(c)], cell(std::size_t(c)), row, c))
                return;
        }
        m_table.lineNumbers.push_back(m_rowLine);
        if (m_rowLimit > 0 && m_table.rows() >= m_rowLimit)
            m_stopped = true;
    }

    bool addCell(ColumnStore &column, std::string_view text, int row, int field)
    {
        if (m_missing.matches(text)) {
            ++column.missing;
            if (column.numeric && !column.keepText) {
                column.values.push_back(std::numeric_limits<double>::quiet_NaN());
                if (column.textsTracked)
                    column.textCodes.push_back(255);
            } else {
                column.codes.push_back(-1);
            }
            return true;
        }
        if (column.numeric && !column.keepText) {
            double value = 0;
            const NumberParse parse = parseNumber(text, m_settings.decimalMark, value);
            if (parse == NumberParse::Ok) {
                column.values.push_back(value);
                column.trackText(trimmed(text));
                return true;
            }
            const QString shown = QString::fromUtf8(text.data(), qsizetype(text.size()));
            if (parse == NumberParse::NotFinite) {
                m_problem = CellProblem{
                    m_rowLine, cellColumn(field),
                    QStringLiteral("column '%1': %2 is infinite or too large for a number; "
                                   "correct it, or add it to the missing markers")
                        .arg(m_table.header[field].isEmpty()
                                 ? QStringLiteral("column_%1").arg(field + 1)
                                 : m_table.header[field],
                             quotedCell(shown))};
                return false;
            }
            column.firstTextRow = row;
            column.firstTextLine = m_rowLine;
            column.firstTextColumn = cellColumn(field);
            column.firstText = shown;
            column.convertToText();
        }
        if (column.numeric) {
            // keepText columns start here on their first cell.
            column.numeric = false;
        }
        const std::string_view clean = trimmed(text);
        column.addText(QString::fromUtf8(clean.data(), qsizetype(clean.size())));
        return true;
    }

    const QString &m_path;
    const TextSettings &m_settings;
    ParsedTable &m_table;
    MissingMarkers m_missing;
    const QSet<QString> &m_textColumns;
    qsizetype m_expectedRows = 0;

    const char *m_lineData = nullptr;
    qsizetype m_lineSize = 0;
    int m_line = 0;
    int m_rowLine = 0;
    std::string m_row;
    std::vector<std::size_t> m_cellEnds;

    bool m_headerDone = false;
    bool m_headerTrailing = false;
    int m_fieldCount = 0;
    int m_firstRowLine = 0;
    int m_firstRowFields = 0;
    int m_raggedRows = 0;
    int m_firstRaggedLine = 0;
    int m_firstRaggedFields = 0;
    int m_rowLimit = 0;
    bool m_stopped = false;
    bool m_quoteError = false;
    std::optional<CellProblem> m_problem;
};

struct ReadLimits
{
    int maxRows = 0; // 0: the whole file
    const ImportProgress *progress = nullptr;
};

/// Why a read did not give a table, beyond a plain error: the bytes were not UTF-8
/// (and the caller should read again as Windows-1252).
struct ReadOutcome
{
    std::optional<ParsedTable> table;
    std::optional<Error> error;
    bool notUtf8 = false;
    int notUtf8Line = 0;
};

// The exact message for broken quoting comes from the careful byte-by-byte reader,
// run over the whole text once the fast reader has found that something is wrong.
Error quotingError(const QString &path, const TextSettings &settings)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(located(path, QStringLiteral("cannot read the file again")));
    QByteArray text;
    TextDecoder decoder(settings.encoding);
    decoder.decode(file.readAll().mid(settings.bomSize), true, text);
    qsizetype skipped = 0;
    if (settings.sepLine) {
        // Keep the line count: the "sep=" line becomes a blank line.
        skipped = text.indexOf('\n');
        text.replace(0, skipped < 0 ? text.size() : skipped, QByteArray());
    }
    CsvReadOptions options;
    options.delimiter = settings.delimiter;
    options.hasHeader = false;
    options.requireRectangular = false;
    Result<CsvTable> table = parseCsvText(path, text, options);
    if (!table)
        return table.error();
    return makeError(located(path, QStringLiteral("the CSV reader stopped on malformed quoting")));
}

// Where cell `field` of the row starting on `line` begins, for a message: the
// careful reader run over the file's text. 0 when it cannot be told.
int cellColumnInFile(const QString &path, const TextSettings &settings, int line, int field)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    QByteArray text;
    TextDecoder decoder(settings.encoding);
    decoder.decode(file.readAll().mid(settings.bomSize), true, text);
    CsvReadOptions options;
    options.delimiter = settings.delimiter;
    options.hasHeader = false;
    options.requireRectangular = false;
    const Result<CsvTable> table = parseCsvText(path, text, options);
    if (!table)
        return 0;
    for (std::size_t row = 0; row < table.value().lineNumbers.size(); ++row) {
        if (table.value().lineNumbers[row] == line) {
            const std::vector<int> &columns = table.value().cellColumns[row];
            return field < int(columns.size()) ? columns[std::size_t(field)] : 0;
        }
    }
    return 0;
}

ReadOutcome readTable(const QString &path, const TextSettings &settings,
                      const QSet<QString> &textColumns, const ReadLimits &limits)
{
    ReadOutcome outcome;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        outcome.error = makeError(
            located(path, QStringLiteral("cannot open the file: %1").arg(file.errorString())));
        return outcome;
    }
    const qint64 total = file.size();
    std::unique_ptr<csv_parser, ParserDeleter> parser(new csv_parser);
    // CSV_STRICT refuses a stray quote inside a field; CSV_STRICT_FINI refuses a quoted
    // field still open at the end of the file.
    if (csv_init(parser.get(), CSV_STRICT | CSV_STRICT_FINI) != 0) {
        outcome.error = makeError(located(path, QStringLiteral("cannot start the CSV reader")));
        return outcome;
    }
    csv_set_delim(parser.get(), static_cast<unsigned char>(settings.delimiter));
    // Large blocks for libcsv's field buffer: fewer reallocations on long cells.
    csv_set_blk_size(parser.get(), 4096);

    ParsedTable table;
    // The first block tells bytes per line; reserving for the whole file avoids
    // doubling every column vector (and the copy that doubling makes) while reading.
    qsizetype expectedRows = 0;
    StreamReader reader(path, settings, table, textColumns, 0);
    if (limits.maxRows > 0)
        reader.stopAfterRows(limits.maxRows);

    QCryptographicHash hash(QCryptographicHash::Sha256);
    TextDecoder decoder(settings.encoding);
    QByteArray text;
    qint64 done = 0;
    int line = 1;
    bool first = true;
    bool stop = false;
    while (!stop) {
        QByteArray raw = file.read(blockSize);
        if (file.error() != QFileDevice::NoError) {
            outcome.error = makeError(
                located(path, QStringLiteral("cannot read the file: %1").arg(file.errorString())));
            return outcome;
        }
        hash.addData(raw);
        done += raw.size();
        const bool last = raw.isEmpty() || done >= total;
        if (first) {
            raw.remove(0, settings.bomSize);
            if (raw.size() > 0) {
                const qsizetype lines =
                    std::max<qsizetype>(1, raw.count('\n') + raw.count('\r') / 2);
                expectedRows =
                    qsizetype(double(total) / double(raw.size()) * double(lines) * 1.05) + 16;
                if (limits.maxRows > 0)
                    expectedRows = std::min<qsizetype>(expectedRows, limits.maxRows + 1);
                reader.expectRows(expectedRows);
            }
        }
        if (!decoder.decode(raw, last, text)) {
            outcome.notUtf8 = true;
            outcome.notUtf8Line = line;
            return outcome;
        }
        if (first && settings.sepLine) {
            const qsizetype end = text.indexOf('\n');
            text.remove(0, end < 0 ? text.size() : end + 1);
            ++line;
        }
        first = false;

        // Whole lines go to libcsv, so the row callback knows the line it is on.
        const char *data = text.constData();
        const qsizetype size = text.size();
        qsizetype pos = 0;
        for (qsizetype i = 0; i < size; ++i) {
            const char c = data[i];
            if (c != '\n' && c != '\r')
                continue;
            qsizetype end = i + 1;
            if (c == '\r') {
                if (i + 1 < size && data[i + 1] == '\n')
                    end = i + 2;
                else if (i + 1 == size && !last)
                    break; // its '\n' may start the next block
            }
            if (!reader.feedLine(parser.get(), data + pos, end - pos, line)) {
                stop = true;
                break;
            }
            ++line;
            pos = end;
            i = end - 1;
        }
        if (!stop && last && pos < size) {
            if (!reader.feedLine(parser.get(), data + pos, size - pos, line))
                stop = true;
            pos = size;
        }
        text.remove(0, pos);
        if (limits.maxRows > 0 && table.rows() >= limits.maxRows)
            break;
        if (limits.progress && *limits.progress && !(*limits.progress)(done, total)) {
            outcome.error = makeError(located(path, QStringLiteral("reading cancelled")));
            return outcome;
        }
        if (last)
            break;
    }
    const bool stoppedEarly = limits.maxRows > 0 && table.rows() >= limits.maxRows;
    if (!stop && !stoppedEarly)
        reader.finish(parser.get());

    if (const auto &problem = reader.problem()) {
        outcome.error = makeError(
            problem->column > 0 ? located(path, problem->line, problem->column, problem->message)
                                : located(path, problem->line, problem->message));
        return outcome;
    }
    if (reader.quoteError()) {
        outcome.error = quotingError(path, settings);
        return outcome;
    }
    if (!reader.headerSeen()) {
        outcome.error = makeError(located(path, QStringLiteral("the file has only blank lines")));
        return outcome;
    }
    if (reader.raggedRows() > 0) {
        QString what = QStringLiteral("expected %1 fields, found %2")
                           .arg(reader.expectedFields())
                           .arg(reader.firstRaggedFields());
        if (reader.raggedRows() > 1)
            what += QStringLiteral("; %1 rows have the wrong number of fields")
                        .arg(reader.raggedRows());
        if (reader.raggedRows() * 2 > table.rows() + reader.raggedRows())
            what += QStringLiteral(" (most rows differ from the first: is the delimiter, "
                                   "%1, right?)")
                        .arg(delimiterName(settings.delimiter));
        outcome.error = makeError(located(path, reader.firstRaggedLine(), what));
        return outcome;
    }
    if (table.rows() == 0) {
        outcome.error = makeError(located(path, table.headerLine,
                                          QStringLiteral("the file has a header but no data "
                                                         "rows")));
        return outcome;
    }
    table.sha256 = QString::fromLatin1(hash.result().toHex());
    outcome.table = std::move(table);
    return outcome;
}

/// Detection, then the read; a file that turns out not to be UTF-8 is read again
/// as Windows-1252, and the person is told.
struct ReadResult
{
    TextSettings settings;
    ParsedTable table;
};

Result<ReadResult> readWithDetection(const QString &path, const ImportOptions &options,
                                     const QSet<QString> &textColumns, const ReadLimits &limits)
{
    qint64 fileSize = 0;
    Result<QByteArray> start = readStart(path, fileSize);
    if (!start)
        return start.error();
    Result<TextSettings> detected = detectSettings(path, start.value(), options, fileSize);
    if (!detected)
        return detected.error();
    TextSettings settings = detected.value();
    ReadOutcome outcome = readTable(path, settings, textColumns, limits);
    if (outcome.notUtf8 && !settings.encodingStated) {
        settings.encoding = Encoding::Windows1252;
        outcome = readTable(path, settings, textColumns, limits);
        if (outcome.table)
            settings.notices.append(QStringLiteral("read as Windows-1252: the file is not "
                                                   "valid UTF-8 (first at line %1)")
                                        .arg(outcome.notUtf8Line > 0 ? outcome.notUtf8Line : 1));
    } else if (outcome.notUtf8) {
        return makeError(located(path, outcome.notUtf8Line,
                                 QStringLiteral("the file is not valid UTF-8, the encoding "
                                                "stated for it")));
    } else if (settings.encoding == Encoding::Windows1252 && !settings.encodingStated) {
        settings.notices.append(QStringLiteral("read as Windows-1252: the file is not valid "
                                               "UTF-8 (first at line %1)")
                                    .arg(settings.notUtf8Line));
    }
    if (outcome.error)
        return *outcome.error;
    return ReadResult{std::move(settings), std::move(*outcome.table)};
}

// ---------------------------------------------------------------------------
// Understanding the columns

/// Names that say "this is what to predict", lower case.
bool isTargetName(const QString &name)
{
    static const QStringList names{
        QStringLiteral("class"),     QStringLiteral("target"),   QStringLiteral("label"),
        QStringLiteral("labels"),    QStringLiteral("outcome"),  QStringLiteral("species"),
        QStringLiteral("diagnosis"), QStringLiteral("y"),        QStringLiteral("category"),
        QStringLiteral("response"),  QStringLiteral("survived"), QStringLiteral("result"),
        QStringLiteral("classe"),    QStringLiteral("klasse"),   QStringLiteral("churn")};
    return names.contains(name.trimmed().toLower());
}

bool isIdentifierName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    return lower == QLatin1String("id") || lower == QLatin1String("index") ||
           lower == QLatin1String("row") || lower == QLatin1String("rownames") ||
           lower.endsWith(QLatin1String("_id"));
}

/// Names made unique and non-empty; the notices say what changed.
void settleNames(ParsedTable &table, bool hasHeader, QStringList &notices)
{
    QStringList renamed;
    for (int c = 0; c < int(table.header.size()); ++c) {
        if (table.header[c].isEmpty()) {
            table.header[c] = QStringLiteral("column_%1").arg(c + 1);
            if (hasHeader)
                renamed.append(QStringLiteral("column %1 has no name: called '%2'")
                                   .arg(c + 1)
                                   .arg(table.header[c]));
        }
    }
    for (int c = 0; c < int(table.header.size()); ++c) {
        const QString name = table.header[c];
        if (int(table.header.indexOf(name)) == c)
            continue;
        int suffix = 2;
        while (table.header.contains(name + QStringLiteral("_%1").arg(suffix)))
            ++suffix;
        table.header[c] = name + QStringLiteral("_%1").arg(suffix);
        renamed.append(QStringLiteral("column name '%1' repeats: column %2 called '%3'")
                           .arg(name)
                           .arg(c + 1)
                           .arg(table.header[c]));
    }
    notices.append(renamed);
}

struct Typed
{
    ColumnType type = ColumnType::Numeric;
    int distinct = 0;
    QString reason;
    bool constant = false;
};

/// True when at least 90% of a text column's present cells read as numbers
/// (with either decimal mark) and at most three distinct texts do not.
bool mostlyNumbers(const ColumnStore &column, int present)
{
    if (present < 10)
        return false;
    std::vector<bool> levelIsNumber(std::size_t(column.levels.size()));
    int strayLevels = 0;
    for (qsizetype l = 0; l < column.levels.size(); ++l) {
        const QByteArray utf8 = column.levels[l].toUtf8();
        const std::string_view view(utf8.constData(), std::size_t(utf8.size()));
        double value = 0;
        const bool number = parseNumber(view, '.', value) != NumberParse::NotANumber
                            || parseNumber(view, ',', value) != NumberParse::NotANumber;
        levelIsNumber[std::size_t(l)] = number;
        strayLevels += number ? 0 : 1;
    }
    if (strayLevels == 0 || strayLevels > 3)
        return false;
    int numberCells = 0;
    for (qint32 code : column.codes)
        numberCells += code >= 0 && levelIsNumber[std::size_t(code)] ? 1 : 0;
    return numberCells >= 0.9 * present;
}

Typed typeOf(const ParsedTable &table, int c)
{
    const ColumnStore &column = table.columns[std::size_t(c)];
    const int present = table.rows() - column.missing;
    Typed typed;
    if (!column.numeric) {
        typed.distinct = int(column.levels.size());
        typed.constant = typed.distinct <= 1;
        if (c == 0 && table.headerWasEmpty[0]) {
            typed.type = ColumnType::Identifier;
            typed.reason = QStringLiteral("an unnamed first column, as R writes row names");
        } else if (typed.distinct == present && present >= 3 && typed.distinct > 2) {
            typed.type = ColumnType::Identifier;
            typed.reason = QStringLiteral("a different value in every row");
        } else if (mostlyNumbers(column, present)) {
            // Numbers with a few stray words (a typo, an unlisted missing
            // marker): read as categories, one measurement would silently become
            // dozens of one-hot columns. Typed numeric, the column is refused at
            // its first stray cell, with line and column, until the person marks
            // that word as missing or types the column by hand.
            typed.type = ColumnType::Numeric;
            typed.reason = QStringLiteral("numbers, except '%1' on line %2")
                               .arg(column.firstText)
                               .arg(column.firstTextLine);
        } else if (typed.distinct > maxCategories) {
            typed.type = ColumnType::Identifier;
            typed.reason = QStringLiteral("free text: %1 distinct values").arg(typed.distinct);
        } else {
            typed.type = ColumnType::Categorical;
        }
        return typed;
    }
    // Distinct numbers: exact while the spellings are tracked, else counted up to a cap.
    if (column.textsTracked) {
        typed.distinct = int(column.numberTexts.size());
    } else {
        typed.distinct = maxNumberTexts + 1;
    }
    double first = std::numeric_limits<double>::quiet_NaN();
    bool constant = true;
    for (double v : column.values) {
        if (std::isnan(v))
            continue;
        if (std::isnan(first))
            first = v;
        else if (v != first)
            constant = false;
    }
    typed.constant = constant;
    // A row number: 1, 2, 3 ... (or 0, 1, 2 ...) down the rows, with nothing missing.
    bool rowNumber = column.missing == 0 && table.rows() >= 3;
    const double base = column.values.empty() ? 0 : column.values.front();
    rowNumber = rowNumber && (base == 0 || base == 1);
    for (std::size_t r = 0; rowNumber && r < column.values.size(); ++r)
        rowNumber = column.values[r] == base + double(r);
    // Only when the name says so: a first column 1, 2, 3 ... named like a
    // measurement is left to the person.
    if (rowNumber && (table.headerWasEmpty[std::size_t(c)] || isIdentifierName(table.header[c]))) {
        typed.type = ColumnType::Identifier;
        typed.reason = QStringLiteral("numbers the rows");
    } else if (c == 0 && table.headerWasEmpty[0] && table.rows() >= 2) {
        typed.type = ColumnType::Identifier;
        typed.reason = QStringLiteral("an unnamed first column, as R writes row names");
    }
    return typed;
}

/// Class names and per-row labels (-1 for a missing target) of one column.
struct Classes
{
    QStringList names;
    std::vector<int> labels;
};

Result<Classes> classesOf(const QString &path, const ParsedTable &table, int c)
{
    const ColumnStore &column = table.columns[std::size_t(c)];
    const QString &name = table.header[c];
    Classes classes;
    classes.labels.resize(std::size_t(table.rows()), -1);
    if (!column.numeric) {
        if (column.levels.size() > maxClasses)
            return makeError(located(path, QStringLiteral("column '%1' has %2 distinct values, "
                                                          "too many to be classes; choose "
                                                          "another target")
                                               .arg(name)
                                               .arg(column.levels.size())));
        // Text labels keep their order of first appearance, which is the file's own.
        classes.names = column.levels;
        for (std::size_t r = 0; r < column.codes.size(); ++r)
            classes.labels[r] = column.codes[r];
        return classes;
    }
    if (!column.textsTracked || int(column.numberTexts.size()) > maxClasses)
        return makeError(located(path, QStringLiteral("column '%1' holds more than %2 distinct "
                                                      "numbers: it looks like a quantity to "
                                                      "estimate, not classes; TRM Studio "
                                                      "classifies, so choose a class column as "
                                                      "the target")
                                           .arg(name)
                                           .arg(maxClasses)));
    // Numeric labels in numeric order, each keeping its spelling ("7" stays "7";
    // "1" and "1.0" stay two classes, ordered by their text).
    std::vector<std::pair<double, QString>> numbers;
    for (const QByteArray &text : column.numberTexts) {
        double value = 0;
        parseNumber(std::string_view(text.constData(), std::size_t(text.size())), '.', value);
        numbers.emplace_back(value, QString::fromUtf8(text));
    }
    std::vector<int> order(numbers.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(),
              [&numbers](int a, int b) { return numbers[a] < numbers[b]; });
    std::vector<int> rank(numbers.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        rank[std::size_t(order[k])] = int(k);
        classes.names.append(numbers[std::size_t(order[k])].second);
    }
    for (std::size_t r = 0; r < column.textCodes.size(); ++r)
        classes.labels[r] = column.textCodes[r] == 255 ? -1 : rank[column.textCodes[r]];
    return classes;
}

/// The levels of a column read as categorical: its texts, or its numbers' spellings.
Result<QStringList> levelsOf(const QString &path, const ParsedTable &table, int c)
{
    const ColumnStore &column = table.columns[std::size_t(c)];
    if (!column.numeric)
        return column.levels;
    if (!column.textsTracked)
        return makeError(located(path, QStringLiteral("column '%1' has too many distinct "
                                                      "numbers to be categorical")
                                           .arg(table.header[c])));
    QStringList levels;
    for (const QByteArray &text : column.numberTexts)
        levels.append(QString::fromUtf8(text));
    return levels;
}

/// The level code of every row (-1 missing) of a categorical column.
std::vector<int> levelCodes(const ColumnStore &column)
{
    std::vector<int> codes;
    if (!column.numeric) {
        codes.assign(column.codes.begin(), column.codes.end());
        return codes;
    }
    codes.reserve(column.textCodes.size());
    for (quint8 code : column.textCodes)
        codes.push_back(code == 255 ? -1 : int(code));
    return codes;
}

/// A target or ignore option: a name, a 1-based number, or a name differing in case.
Result<int> findColumn(const QString &path, const QStringList &header, const QString &wanted,
                       const QString &what)
{
    const int byName = int(header.indexOf(wanted));
    if (byName >= 0)
        return byName;
    bool isNumber = false;
    const int number = wanted.toInt(&isNumber);
    if (isNumber) {
        if (number >= 1 && number <= header.size())
            return number - 1;
        return makeError(located(path, QStringLiteral("%1 column number %2 is out of range; the "
                                                      "file has %3 columns")
                                           .arg(what)
                                           .arg(number)
                                           .arg(header.size())));
    }
    int caseless = -1;
    for (int c = 0; c < int(header.size()); ++c) {
        if (header[c].compare(wanted, Qt::CaseInsensitive) == 0)
            caseless = caseless == -1 ? c : -2;
    }
    if (caseless >= 0)
        return caseless;
    return makeError(located(path, QStringLiteral("%1 column '%2' not found; the columns "
                                                  "are: %3")
                                       .arg(what, wanted, header.join(QStringLiteral(", ")))));
}

/// Roles and types for every column: detected, suggested, then overridden by `options`.
Result<std::vector<ColumnProfile>> profileColumns(const QString &path, const ParsedTable &table,
                                                  const ImportOptions &options, int &target)
{
    const int columnCount = int(table.header.size());
    std::vector<ColumnProfile> profiles(static_cast<std::size_t>(columnCount));
    for (int c = 0; c < columnCount; ++c) {
        ColumnProfile &p = profiles[std::size_t(c)];
        const Typed typed = typeOf(table, c);
        p.name = table.header[c];
        p.type = typed.type;
        p.missing = table.columns[std::size_t(c)].missing;
        p.distinct = typed.distinct;
        p.reason = typed.reason;
        p.role = ColumnRole::Feature;
        if (typed.type == ColumnType::Identifier) {
            p.role = ColumnRole::Ignore;
        } else if (typed.constant) {
            p.role = ColumnRole::Ignore;
            p.reason = QStringLiteral("the same value in every row");
        }
        if (const auto type = options.types.constFind(p.name); type != options.types.constEnd()) {
            p.type = type.value();
            // A column typed as an identifier by hand is left out unless its role
            // is stated too.
            if (p.type == ColumnType::Identifier)
                p.role = ColumnRole::Ignore;
        }
    }

    // The target: stated, else by name, else the last categorical column, else the last.
    target = -1;
    if (!options.target.isEmpty()) {
        Result<int> stated =
            findColumn(path, table.header, options.target, QStringLiteral("target"));
        if (!stated)
            return stated.error();
        target = stated.value();
    }
    for (auto role = options.roles.constBegin(); target < 0 && role != options.roles.constEnd();
         ++role) {
        if (role.value() == ColumnRole::Target)
            target = int(table.header.indexOf(role.key()));
    }
    for (int c = 0; target < 0 && c < columnCount; ++c) {
        if (isTargetName(table.header[c]))
            target = c;
    }
    for (int c = columnCount - 1; target < 0 && c >= 0; --c) {
        if (profiles[std::size_t(c)].type == ColumnType::Categorical)
            target = c;
    }
    if (target < 0)
        target = columnCount - 1;
    profiles[std::size_t(target)].role = ColumnRole::Target;
    profiles[std::size_t(target)].reason.clear();

    for (const QString &ignored : options.ignore) {
        Result<int> column = findColumn(path, table.header, ignored, QStringLiteral("ignored"));
        if (!column)
            return column.error();
        profiles[std::size_t(column.value())].role = ColumnRole::Ignore;
    }
    for (auto role = options.roles.constBegin(); role != options.roles.constEnd(); ++role) {
        const int c = int(table.header.indexOf(role.key()));
        if (c >= 0 && c != target && role.value() != ColumnRole::Target)
            profiles[std::size_t(c)].role = role.value();
    }
    if (profiles[std::size_t(target)].role != ColumnRole::Target)
        return makeError(located(path, QStringLiteral("column '%1' cannot be both the target "
                                                      "and ignored")
                                           .arg(table.header[target])));
    return profiles;
}

Result<Dataset> buildDataset(const QString &path, ParsedTable &table, const TextSettings &settings,
                             const ImportOptions &options)
{
    QStringList notices = settings.notices;
    settleNames(table, settings.hasHeader, notices);
    int target = -1;
    Result<std::vector<ColumnProfile>> profiled = profileColumns(path, table, options, target);
    if (!profiled)
        return profiled.error();
    std::vector<ColumnProfile> &profiles = profiled.value();

    Dataset dataset;
    dataset.sourcePath = path;
    dataset.sha256 = table.sha256;
    dataset.targetName = table.header[target];
    ImportRecipe &recipe = dataset.recipe;
    recipe.encoding = encodingName(settings.encoding);
    recipe.delimiter = settings.delimiter;
    recipe.decimalMark = settings.decimalMark;
    recipe.hasHeader = settings.hasHeader;
    recipe.missingMarkers = settings.missingMarkers;
    recipe.targetName = dataset.targetName;

    Result<Classes> classes = classesOf(path, table, target);
    if (!classes)
        return classes.error();
    std::vector<int> keep; // rows with a target
    for (int r = 0; r < table.rows(); ++r) {
        if (classes.value().labels[std::size_t(r)] >= 0)
            keep.push_back(r);
    }
    dataset.droppedRows = table.rows() - int(keep.size());
    if (keep.empty())
        return makeError(located(path, QStringLiteral("the target column '%1' is empty in every "
                                                      "row")
                                           .arg(dataset.targetName)));
    if (dataset.droppedRows > 0)
        notices.append(QStringLiteral("%1 rows without a value in the target column '%2' left "
                                      "out")
                           .arg(dataset.droppedRows)
                           .arg(dataset.targetName));
    // Classes that only the dropped rows had do not count.
    std::vector<int> used(std::size_t(classes.value().names.size()), 0);
    for (int r : keep)
        ++used[std::size_t(classes.value().labels[std::size_t(r)])];
    std::vector<int> newIndex(used.size(), -1);
    for (std::size_t k = 0; k < used.size(); ++k) {
        if (used[k] > 0) {
            newIndex[k] = int(dataset.classNames.size());
            dataset.classNames.append(classes.value().names[qsizetype(k)]);
        }
    }
    if (dataset.classNames.size() < 2)
        return makeError(located(path, QStringLiteral("column '%1' holds a single class ('%2'); "
                                                      "classification needs at least 2")
                                           .arg(dataset.targetName, dataset.classNames.front())));
    recipe.classNames = dataset.classNames;
    dataset.labels.reserve(keep.size());
    for (int r : keep)
        dataset.labels.push_back(newIndex[std::size_t(classes.value().labels[std::size_t(r)])]);

    // Feature columns: one matrix column per numeric column, one per level of a
    // categorical one.
    struct Source
    {
        int column;
        int level; // -1 numeric
    };
    std::vector<Source> sources;
    std::vector<std::vector<int>> codes(table.columns.size());
    for (int c = 0; c < int(table.header.size()); ++c) {
        ColumnProfile &p = profiles[std::size_t(c)];
        ColumnRecipe column{p.name, p.role, p.type, {}};
        if (p.role == ColumnRole::Feature) {
            if (p.type == ColumnType::Identifier)
                return makeError(located(path, QStringLiteral("column '%1' is typed as an "
                                                              "identifier, which cannot be a "
                                                              "feature; ignore it or type it "
                                                              "as categorical")
                                                   .arg(p.name)));
            if (p.type == ColumnType::Numeric && !table.columns[std::size_t(c)].numeric) {
                const ColumnStore &store = table.columns[std::size_t(c)];
                const QString what = QStringLiteral("column '%1': expected a number, found %2")
                                         .arg(p.name, quotedCell(store.firstText));
                return makeError(
                    store.firstTextColumn > 0
                        ? located(path, store.firstTextLine, store.firstTextColumn, what)
                        : located(path, store.firstTextLine, what));
            }
            if (p.type == ColumnType::Categorical) {
                Result<QStringList> levels = levelsOf(path, table, c);
                if (!levels)
                    return levels.error();
                column.categories = levels.value();
                codes[std::size_t(c)] = levelCodes(table.columns[std::size_t(c)]);
                for (int l = 0; l < int(column.categories.size()); ++l)
                    sources.push_back({c, l});
            } else {
                sources.push_back({c, -1});
            }
        }
        recipe.columns.push_back(column);
    }
    dataset.featureNames = recipe.featureNames();
    dataset.columnProfiles = profiles;
    if (sources.empty())
        return makeError(located(path, QStringLiteral("no usable feature columns besides the "
                                                      "target '%1'")
                                           .arg(dataset.targetName)));

    // N x d, filled column by column (Eigen is column-major), each source column
    // freed once copied so the numbers are not held twice for long.
    const bool allRows = keep.size() == std::size_t(table.rows());
    dataset.features.resize(Eigen::Index(keep.size()), Eigen::Index(sources.size()));
    for (std::size_t j = 0; j < sources.size(); ++j) {
        const Source &source = sources[j];
        ColumnStore &store = table.columns[std::size_t(source.column)];
        double *out = dataset.features.col(Eigen::Index(j)).data();
        if (source.level < 0) {
            if (allRows)
                std::copy(store.values.begin(), store.values.end(), out);
            else
                for (std::size_t i = 0; i < keep.size(); ++i)
                    out[i] = store.values[std::size_t(keep[i])];
        } else {
            // One-hot; a missing category is all zeros, like an unseen one.
            const std::vector<int> &code = codes[std::size_t(source.column)];
            for (std::size_t i = 0; i < keep.size(); ++i)
                out[i] = code[std::size_t(keep[i])] == source.level ? 1.0 : 0.0;
        }
        const bool lastUse = j + 1 == sources.size() || sources[j + 1].column != source.column;
        if (lastUse)
            store = ColumnStore{};
    }
    for (ColumnProfile &p : profiles) {
        if (p.role == ColumnRole::Ignore && !p.reason.isEmpty())
            notices.append(QStringLiteral("column '%1' ignored: %2").arg(p.name, p.reason));
    }
    dataset.columnProfiles = profiles;
    dataset.notices = notices;
    qCDebug(lcCore) << "imported" << path << dataset.rowCount() << "rows," << dataset.featureCount()
                    << "features," << dataset.classCount() << "classes";
    return dataset;
}

} // namespace

Result<ImportPreview> previewImport(const QString &path, const ImportOptions &options, int maxRows)
{
    ReadLimits limits;
    limits.maxRows = std::max(maxRows, 1);
    Result<ReadResult> read = readWithDetection(path, options, {}, limits);
    if (!read)
        return read.error();
    ReadResult &r = read.value();
    ImportPreview preview;
    preview.fileSize = QFileInfo(path).size();
    preview.notices = r.settings.notices;
    settleNames(r.table, r.settings.hasHeader, preview.notices);
    preview.header = r.table.header;
    int target = -1;
    Result<std::vector<ColumnProfile>> profiles = profileColumns(path, r.table, options, target);
    if (!profiles)
        return profiles.error();
    preview.columns = profiles.value();
    for (int row = 0; row < r.table.rows(); ++row) {
        QStringList cells;
        for (const ColumnStore &column : r.table.columns) {
            if (column.numeric) {
                const double v = column.values[std::size_t(row)];
                if (std::isnan(v))
                    cells.append(QString());
                else if (column.textsTracked)
                    cells.append(
                        QString::fromUtf8(column.numberTexts[column.textCodes[std::size_t(row)]]));
                else
                    cells.append(QString::number(v, 'g', QLocale::FloatingPointShortest));
            } else {
                const int code = column.codes[std::size_t(row)];
                cells.append(code < 0 ? QString() : column.levels[code]);
            }
        }
        preview.rows.push_back(cells);
    }
    ImportRecipe &recipe = preview.recipe;
    recipe.encoding = encodingName(r.settings.encoding);
    recipe.delimiter = r.settings.delimiter;
    recipe.decimalMark = r.settings.decimalMark;
    recipe.hasHeader = r.settings.hasHeader;
    recipe.missingMarkers = r.settings.missingMarkers;
    recipe.targetName = preview.header.value(target);
    for (const ColumnProfile &p : preview.columns)
        recipe.columns.push_back({p.name, p.role, p.type, {}});
    return preview;
}

Result<Dataset> importDataset(const QString &path, const ImportOptions &options,
                              const ImportProgress &progress)
{
    ReadLimits limits;
    limits.progress = &progress;
    Result<ReadResult> read = readWithDetection(path, options, {}, limits);
    if (!read)
        return read.error();
    return buildDataset(path, read.value().table, read.value().settings, options);
}

Result<LabelledRows> loadRowsWithRecipe(const QString &path, const ImportRecipe &recipe)
{
    ImportOptions options;
    options.missingMarkers = recipe.missingMarkers;
    options.hasHeader = true;
    QSet<QString> textColumns;
    for (const ColumnRecipe &column : recipe.columns) {
        if (column.type == ColumnType::Categorical || column.role == ColumnRole::Target)
            textColumns.insert(column.name);
    }
    Result<ReadResult> read = readWithDetection(path, options, textColumns, {});
    if (!read)
        return read.error();
    ParsedTable &table = read.value().table;
    const TextSettings &settings = read.value().settings;

    LabelledRows result;
    result.notices = settings.notices;
    if (settings.delimiter != recipe.delimiter)
        result.notices.append(
            QStringLiteral("read with the %1 as delimiter (the model was "
                           "trained on a file that used the %2)")
                .arg(delimiterName(settings.delimiter), delimiterName(recipe.delimiter)));

    QStringList missing;
    std::vector<int> fileColumn;
    for (const ColumnRecipe &column : recipe.columns) {
        const int c =
            column.role == ColumnRole::Feature ? int(table.header.indexOf(column.name)) : -1;
        if (column.role == ColumnRole::Feature && c < 0)
            missing.append(column.name);
        fileColumn.push_back(c);
    }
    if (!missing.isEmpty())
        return makeError(
            located(path, QStringLiteral("missing %1 the model needs: %2")
                              .arg(missing.size() == 1 ? QStringLiteral("the feature column")
                                                       : QStringLiteral("feature columns"),
                                   missing.join(QStringLiteral(", ")))));
    QStringList extra;
    for (const QString &name : table.header) {
        const ColumnRecipe *column = recipe.column(name);
        if (!column || (column->role == ColumnRole::Ignore))
            extra.append(name);
    }
    if (!extra.isEmpty())
        result.notices.append(QStringLiteral("%1 not used by the model ignored: %2")
                                  .arg(extra.size() == 1
                                           ? QStringLiteral("1 column")
                                           : QStringLiteral("%1 columns").arg(extra.size()),
                                       extra.join(QStringLiteral(", "))));

    const int n = table.rows();
    const QStringList featureNames = recipe.featureNames();
    result.features.resize(n, Eigen::Index(featureNames.size()));
    result.lineNumbers = table.lineNumbers;
    Eigen::Index j = 0;
    int unseen = 0;
    QStringList unseenColumns;
    for (std::size_t k = 0; k < recipe.columns.size(); ++k) {
        const ColumnRecipe &column = recipe.columns[k];
        if (column.role != ColumnRole::Feature)
            continue;
        const ColumnStore &store = table.columns[std::size_t(fileColumn[k])];
        if (column.type != ColumnType::Categorical) {
            if (!store.numeric) {
                const QString what = QStringLiteral("column '%1': expected a number, found %2")
                                         .arg(column.name, quotedCell(store.firstText));
                return makeError(
                    store.firstTextColumn > 0
                        ? located(path, store.firstTextLine, store.firstTextColumn, what)
                        : located(path, store.firstTextLine, what));
            }
            std::copy(store.values.begin(), store.values.end(), result.features.col(j).data());
            ++j;
            continue;
        }
        // One-hot against the training levels; a value the model never saw is all
        // zeros, as is a missing one.
        std::vector<int> levelOf(std::size_t(store.levels.size()), -1);
        for (int l = 0; l < int(store.levels.size()); ++l)
            levelOf[std::size_t(l)] = int(column.categories.indexOf(store.levels[l]));
        result.features.middleCols(j, column.categories.size()).setZero();
        int unseenHere = 0;
        for (int r = 0; r < n; ++r) {
            const int code = store.codes.empty() ? -1 : store.codes[std::size_t(r)];
            if (code < 0)
                continue;
            const int level = levelOf[std::size_t(code)];
            if (level < 0)
                ++unseenHere;
            else
                result.features(r, j + level) = 1.0;
        }
        if (unseenHere > 0) {
            unseen += unseenHere;
            unseenColumns.append(column.name);
        }
        j += column.categories.size();
    }
    if (unseen > 0)
        result.notices.append(
            QStringLiteral("%1 unseen %2 mapped to zero (in %3)")
                .arg(unseen)
                .arg(unseen == 1 ? QStringLiteral("category") : QStringLiteral("categories"),
                     unseenColumns.join(QStringLiteral(", "))));

    const int t = recipe.targetName.isEmpty() ? -1 : int(table.header.indexOf(recipe.targetName));
    if (t < 0)
        return result;
    const ColumnStore &target = table.columns[std::size_t(t)];
    QHash<QString, int> classIndex;
    for (int k = 0; k < int(recipe.classNames.size()); ++k)
        classIndex.insert(recipe.classNames[k], k);
    result.labels.reserve(std::size_t(n));
    for (int r = 0; r < n; ++r) {
        const int code = target.codes.empty() ? -1 : target.codes[std::size_t(r)];
        if (code < 0) {
            result.labels.clear();
            result.notices.append(QStringLiteral("the target column '%1' has missing values, "
                                                 "so the file's classes are not used")
                                      .arg(recipe.targetName));
            return result;
        }
        const QString &label = target.levels[code];
        const auto known = classIndex.constFind(label);
        if (known == classIndex.constEnd()) {
            const int line = table.lineNumbers[std::size_t(r)];
            const int column = cellColumnInFile(path, settings, line, t);
            const QString what = QStringLiteral("column '%1': unknown class %2; the model "
                                                "knows: %3")
                                     .arg(recipe.targetName, quotedCell(label),
                                          recipe.classNames.join(QStringLiteral(", ")));
            return makeError(column > 0 ? located(path, line, column, what)
                                        : located(path, line, what));
        }
        result.labels.push_back(known.value());
    }
    return result;
}

} // namespace trm
