#include "dataset.h"

#include "csvimport.h"
#include "csvimport_p.h"
#include "location.h"
#include "logging.h"

#include <csv.h>

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <memory>

namespace trm {

namespace {

// Where a character sits in the file: 1-based line, and 1-based column counted in
// characters (UTF-8 continuation bytes do not advance it), as editors count them.
struct TextPosition
{
    int line = 1;
    int column = 1;
};

Result<QByteArray> readFileBytes(const QString &path)
{
    if (QFileInfo(path).isDir())
        return makeError(located(path, QStringLiteral("is a folder, not a file")));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            located(path, QStringLiteral("cannot open the file: %1").arg(file.errorString())));
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return makeError(
            located(path, QStringLiteral("cannot read the file: %1").arg(file.errorString())));
    return bytes;
}

// The state libcsv's callbacks share while one file is tokenised.
//
// libcsv reports whole fields and row ends but not where they were in the input, so
// the bytes are fed one at a time and the position of the byte being fed is tracked
// here. A field starts at the first byte that is not skipped blank space (libcsv
// drops leading spaces and tabs, and blank lines between rows); that position is the
// one given in messages about the cell, or about its opening quote.
struct Tokeniser
{
    char delimiter = ',';
    TextPosition position;     // of the byte about to be fed
    bool rowOpen = false;      // a row has begun and not yet ended
    bool awaitingField = true; // the next significant byte starts a field
    bool fieldQuoted = false;  // the current field began with a quote
    TextPosition fieldStart;
    int rowLine = 0;
    QStringList cells;
    std::vector<int> cellColumns;

    std::vector<QStringList> rows;
    std::vector<int> rowLines;
    std::vector<std::vector<int>> rowColumns;

    bool isBlank(unsigned char byte) const
    {
        const bool space = (byte == ' ' || byte == '\t') && byte != uchar(delimiter);
        const bool lineEnd = byte == '\n' || byte == '\r';
        // Mid-row a line end closes an (empty) last field, so it counts as its start.
        return space || (lineEnd && !rowOpen);
    }

    void noteByte(unsigned char byte)
    {
        if (!awaitingField || isBlank(byte))
            return;
        awaitingField = false;
        fieldQuoted = byte == '"';
        fieldStart = position;
        if (!rowOpen) {
            rowOpen = true;
            rowLine = position.line;
        }
    }

    static void onField(void *data, std::size_t size, void *self)
    {
        auto *t = static_cast<Tokeniser *>(self);
        t->cells.append(QString::fromUtf8(static_cast<const char *>(data), qsizetype(size)));
        t->cellColumns.push_back(t->fieldStart.column);
        t->awaitingField = true;
    }

    static void onRow(int, void *self)
    {
        auto *t = static_cast<Tokeniser *>(self);
        t->rows.push_back(std::move(t->cells));
        t->rowLines.push_back(t->rowLine);
        t->rowColumns.push_back(std::move(t->cellColumns));
        t->cells = {};
        t->cellColumns = {};
        t->rowOpen = false;
        t->awaitingField = true;
    }
};

struct ParserDeleter
{
    void operator()(csv_parser *parser) const
    {
        csv_free(parser);
        delete parser;
    }
};

// Splits `bytes` into rows of cells, or names the first place the quoting is broken.
Result<Tokeniser> tokenise(const QString &path, const QByteArray &bytes, char delimiter)
{
    std::unique_ptr<csv_parser, ParserDeleter> parser(new csv_parser);
    // CSV_STRICT refuses text after a closing quote (and stops at a quote inside an
    // unquoted field, which is then read literally); CSV_STRICT_FINI refuses a quoted
    // field still open at the end of the file instead of silently closing it.
    if (csv_init(parser.get(), CSV_STRICT | CSV_STRICT_FINI) != 0)
        return makeError(located(path, QStringLiteral("cannot start the CSV reader")));
    csv_set_delim(parser.get(), uchar(delimiter));

    Tokeniser t;
    t.delimiter = delimiter;
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    for (qsizetype i = 0; i < size; ++i) {
        const unsigned char byte = data[i];
        t.noteByte(byte);
        if (csv_parse(parser.get(), &byte, 1, Tokeniser::onField, Tokeniser::onRow, &t) != 1 &&
            !csv::feedQuoteLiterally(parser.get(), char(byte), Tokeniser::onField, Tokeniser::onRow,
                                     &t)) {
            if (csv_error(parser.get()) != CSV_EPARSE)
                return makeError(
                    located(path, QString::fromLatin1(csv_strerror(csv_error(parser.get())))));
            QString what = QStringLiteral("unexpected text after the closing quote of a "
                                          "quoted field (a quote inside a quoted field must "
                                          "be doubled: \"\")");
            if (t.fieldQuoted && t.fieldStart.line != t.position.line)
                what += QStringLiteral("; the field starts at line %1, column %2")
                            .arg(t.fieldStart.line)
                            .arg(t.fieldStart.column);
            return makeError(located(path, t.position.line, t.position.column, what));
        }
        // "\r\n" and a lone "\r" both end one line.
        if (byte == '\n' || (byte == '\r' && (i + 1 == size || data[i + 1] != '\n'))) {
            ++t.position.line;
            t.position.column = 1;
        } else if (byte != '\r' && (byte & 0xC0) != 0x80) {
            ++t.position.column;
        }
    }
    if (csv_fini(parser.get(), Tokeniser::onField, Tokeniser::onRow, &t) != 0)
        return makeError(located(path, t.fieldStart.line, t.fieldStart.column,
                                 QStringLiteral("unterminated quoted field starting here")));
    return t;
}

Result<CsvTable> parseCsv(const QString &path, QByteArray bytes, const CsvReadOptions &options)
{
    if (bytes.isEmpty())
        return makeError(located(path, QStringLiteral("the file is empty")));

    if (Result<void> text = refuseNulBytes(path, bytes); !text)
        return text.error();

    // A UTF-8 byte order mark, as some spreadsheets write, is not part of the header.
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);

    auto tokens = tokenise(path, bytes, options.delimiter);
    if (!tokens)
        return tokens.error();
    Tokeniser &t = tokens.value();
    if (t.rows.empty())
        return makeError(located(path, QStringLiteral("the file has only blank lines")));

    CsvTable table;
    table.path = path;
    std::size_t first = 0;
    const int fieldCount = int(t.rows.front().size());
    if (options.hasHeader) {
        table.header = t.rows.front();
        first = 1;
        if (t.rows.size() == 1)
            return makeError(located(path, t.rowLines.front(),
                                     QStringLiteral("the file has a header but no data rows")));
    }
    for (int c = 0; c < fieldCount; ++c) {
        QString &name = options.hasHeader ? table.header[c] : table.header.emplace_back();
        if (name.isEmpty())
            name = QStringLiteral("column %1").arg(c + 1);
    }
    for (int c = 0; c < fieldCount && options.requireRectangular; ++c) {
        const int earlier = int(table.header.indexOf(table.header[c]));
        if (earlier < c)
            return makeError(located(path, t.rowLines.front(), t.rowColumns.front()[c],
                                     QStringLiteral("column name '%1' appears twice "
                                                    "(columns %2 and %3)")
                                         .arg(table.header[c])
                                         .arg(earlier + 1)
                                         .arg(c + 1)));
    }

    // Every ragged row is counted so the message says whether one line or the whole
    // file is off (the latter usually means a different delimiter).
    int raggedRows = 0;
    std::size_t firstRagged = 0;
    for (std::size_t r = first; r < t.rows.size(); ++r) {
        if (options.requireRectangular && t.rows[r].size() != fieldCount && raggedRows++ == 0)
            firstRagged = r;
    }
    if (raggedRows > 0) {
        return makeError(located(
            path, t.rowLines[firstRagged],
            csv::raggedRowsMessage(fieldCount, int(t.rows[firstRagged].size()), raggedRows)));
    }

    table.rows.assign(std::make_move_iterator(t.rows.begin() + first),
                      std::make_move_iterator(t.rows.end()));
    table.lineNumbers.assign(t.rowLines.begin() + first, t.rowLines.end());
    table.cellColumns.assign(std::make_move_iterator(t.rowColumns.begin() + first),
                             std::make_move_iterator(t.rowColumns.end()));
    return table;
}

} // namespace

Result<CsvTable> readCsvTable(const QString &path, const CsvReadOptions &options)
{
    auto bytes = readFileBytes(path);
    if (!bytes)
        return bytes.error();
    return parseCsv(path, std::move(bytes).value(), options);
}

Result<CsvTable> parseCsvText(const QString &path, const QByteArray &utf8,
                              const CsvReadOptions &options)
{
    return parseCsv(path, utf8, options);
}

std::vector<int> Dataset::classCounts() const
{
    std::vector<int> counts(std::size_t(classCount()), 0);
    for (int label : labels)
        ++counts[std::size_t(label)];
    return counts;
}

Result<int> findTargetColumn(const CsvTable &table, const QString &target)
{
    const int columnCount = int(table.header.size());
    if (columnCount == 0)
        return makeError(located(table.path, QStringLiteral("the table has no columns")));
    if (target.isEmpty())
        return columnCount - 1;
    const int byName = int(table.header.indexOf(target));
    if (byName >= 0)
        return byName;

    // A name that matches no column may be a 1-based column number.
    bool isNumber = false;
    const int number = target.toInt(&isNumber);
    if (isNumber) {
        if (number >= 1 && number <= columnCount)
            return number - 1;
        return makeError(located(table.path, QStringLiteral("target column number %1 is out of "
                                                            "range; the file has %2 columns")
                                                 .arg(number)
                                                 .arg(columnCount)));
    }

    // Forgive only case when that leaves exactly one candidate.
    int caseless = -1;
    for (int c = 0; c < columnCount; ++c) {
        if (table.header[c].compare(target, Qt::CaseInsensitive) == 0)
            caseless = caseless == -1 ? c : -2;
    }
    if (caseless >= 0)
        return caseless;
    return makeError(
        located(table.path, QStringLiteral("target column '%1' not found; the "
                                           "columns are: %2")
                                .arg(target, table.header.join(QStringLiteral(", ")))));
}

Result<Dataset> loadDataset(const QString &path, const QString &target)
{
    ImportOptions options;
    options.target = target;
    return importDataset(path, options);
}

Result<LabelledRows> loadRowsFor(const QString &path, const QStringList &featureNames,
                                 const QString &targetName, const QStringList &classNames)
{
    return loadRowsWithRecipe(path,
                              ImportRecipe::plainNumeric(featureNames, targetName, classNames));
}

Result<QString> fileSha256(const QString &path)
{
    if (QFileInfo(path).isDir())
        return makeError(located(path, QStringLiteral("is a folder, not a file")));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            located(path, QStringLiteral("cannot open the file: %1").arg(file.errorString())));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return makeError(
            located(path, QStringLiteral("cannot read the file: %1").arg(file.errorString())));
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace trm
