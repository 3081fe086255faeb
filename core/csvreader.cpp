// The full read: libcsv fed whole lines, cells parsed straight into typed
// columns, with ragged rows, broken quoting and bad numbers reported at their
// line and column.

#include "csvimport_p.h"

#include "dataset.h"
#include "location.h"

#include <csv.h>

#include <QCryptographicHash>
#include <QFile>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

namespace trm::csv {

bool feedQuoteLiterally(csv_parser *parser, char byte, void (*onField)(void *, std::size_t, void *),
                        void (*onRow)(int, void *), void *context)
{
    constexpr int fieldBegun = 2; // libcsv's FIELD_BEGUN
    if (byte != '"' || parser->pstate != fieldBegun || parser->quoted)
        return false;
    parser->status = 0;
    csv_set_quote(parser, 0); // NUL bytes are refused before any text is parsed
    const std::size_t fed = csv_parse(parser, &byte, 1, onField, onRow, context);
    csv_set_quote(parser, '"');
    return fed == 1;
}

namespace {

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
        std::size_t fed = 0;
        while (fed < std::size_t(size)) {
            fed += csv_parse(parser, data + fed, std::size_t(size) - fed, onField, onRow, this);
            if (fed == std::size_t(size))
                break;
            if (!feedQuoteLiterally(parser, data[fed], onField, onRow, this)) {
                m_quoteError = true;
                break;
            }
            ++fed;
        }
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
                column.trackText(trimmedSpaces(text));
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

} // namespace

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

namespace {

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
    // CSV_STRICT refuses text after a closing quote (and stops at a quote inside an
    // unquoted field, which feedLine then reads literally); CSV_STRICT_FINI refuses a
    // quoted field still open at the end of the file.
    if (csv_init(parser.get(), CSV_STRICT | CSV_STRICT_FINI) != 0) {
        outcome.error = makeError(located(path, QStringLiteral("cannot start the CSV reader")));
        return outcome;
    }
    csv_set_delim(parser.get(), static_cast<unsigned char>(settings.delimiter));
    // Large blocks for libcsv's field buffer: fewer reallocations on long cells.
    csv_set_blk_size(parser.get(), 4096);

    ParsedTable table;
    table.decimalMark = settings.decimalMark;
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
        QString what = raggedRowsMessage(reader.expectedFields(), reader.firstRaggedFields(),
                                         reader.raggedRows());
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

} // namespace

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
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(located(path, QStringLiteral("cannot read the file again")));
        return notUtf8Error(path, file.readAll().mid(settings.bomSize));
    } else if (settings.encoding == Encoding::Windows1252 && !settings.encodingStated) {
        settings.notices.append(QStringLiteral("read as Windows-1252: the file is not valid "
                                               "UTF-8 (first at line %1)")
                                    .arg(settings.notUtf8Line));
    }
    if (outcome.error)
        return *outcome.error;
    return ReadResult{std::move(settings), std::move(*outcome.table)};
}

} // namespace trm::csv
