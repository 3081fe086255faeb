#pragma once

// The parts of the CSV import that its source files share: cell parsing,
// encodings, the detected text settings, the typed columns the reader fills,
// and the steps from bytes to a typed table. Internal to core/; the public
// interface is csvimport.h.

#include "csvimport.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringDecoder>
#include <QStringList>

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct csv_parser; // libcsv's parser state

namespace trm::csv {

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

/// A cell shown in a message: quoted, and cut short when long.
QString quotedCell(const QString &cell);
/// "comma", "semicolon", "tab", "pipe", or the character quoted.
QString delimiterName(char delimiter);
/// The cell without leading and trailing blanks and tabs.
std::string_view trimmed(std::string_view text);
/// The cell without leading and trailing white space of any kind (QChar::isSpace),
/// such as the non-breaking space a spreadsheet may leave beside a number.
std::string_view trimmedSpaces(std::string_view text);

// ---------------------------------------------------------------------------
// Numbers

enum class NumberParse
{
    Ok,
    NotANumber,
    NotFinite
};

/// Reads one cell as a number, whatever the process locale; see csvcells.cpp.
NumberParse parseNumber(std::string_view cell, char decimalMark, double &value);
/// True when the cell is a number under `decimalMark`.
bool isNumber(std::string_view cell, char decimalMark);
/// True when the cell is a number written with a thousands separator, such as
/// "1.037,5" or "1,037.5", which parseNumber does not read.
bool hasThousandsSeparator(std::string_view cell);
/// "expected 3 fields, found 2", and how many rows are ragged when more than one.
QString raggedRowsMessage(int expected, int found, int raggedRows);
/// "expected a number, found 'abc'", or, for a number written with the other
/// decimal mark, "expected a number with a '.' decimal mark, found '1,5'".
QString expectedNumberMessage(const QString &column, const QString &found, char decimalMark);

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

QString encodingName(Encoding encoding);
std::optional<Encoding> encodingFromName(const QString &name);
/// Length of the valid UTF-8 prefix that ends on a whole character; `invalid`
/// is set when what follows is not a character cut off by the end of the block.
qsizetype validUtf8Prefix(const unsigned char *data, qsizetype size, bool &invalid);

/// Turns the file's bytes, block by block, into UTF-8.
class TextDecoder
{
public:
    explicit TextDecoder(Encoding encoding);

    /// Appends the UTF-8 text of `raw` to `out`. For UTF-8, returns false when the
    /// bytes are not valid UTF-8.
    bool decode(const QByteArray &raw, bool last, QByteArray &out);

private:
    Encoding m_encoding;
    QStringDecoder m_utf16;
    QByteArray m_pending;
};

// ---------------------------------------------------------------------------
// Detection of the text settings

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

/// A quote opens a quoted field only at the field's start; inside an unquoted
/// field it is an ordinary character, as spreadsheets read it (12" for inches).
/// libcsv in strict mode stops at such a quote: this feeds it again as a plain
/// byte and returns true, or returns false when the stop was another quoting
/// error. The callbacks and `context` are those given to csv_parse.
bool feedQuoteLiterally(csv_parser *parser, char byte, void (*onField)(void *, std::size_t, void *),
                        void (*onRow)(int, void *), void *context);

/// The refusal of a file stated to be UTF-8 that is not, at the line and column of
/// the first byte of `raw` (the file's bytes after any byte order mark) that is not.
Error notUtf8Error(const QString &path, const QByteArray &raw);
/// The file's first block (blockSize bytes) and its size.
Result<QByteArray> readStart(const QString &path, qint64 &fileSize);
/// Encoding, binary formats, "sep=" line, delimiter, decimal mark and header,
/// from the file's start; whatever `options` states is taken as stated.
Result<TextSettings> detectSettings(const QString &path, const QByteArray &start,
                                    const ImportOptions &options, qint64 fileSize);

// ---------------------------------------------------------------------------
// The typed table the reader fills

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
    char decimalMark = '.';
    int rows() const { return int(lineNumbers.size()); }
};

struct ReadLimits
{
    int maxRows = 0; // 0: the whole file
    const ImportProgress *progress = nullptr;
};

/// A table as read, with the settings it was read with.
struct ReadResult
{
    TextSettings settings;
    ParsedTable table;
};

/// Detection, then the read; a file that turns out not to be UTF-8 is read
/// again as Windows-1252, and the person is told. `textColumns` are read as
/// text from their first cell (the categorical columns of a recipe).
Result<ReadResult> readWithDetection(const QString &path, const ImportOptions &options,
                                     const QSet<QString> &textColumns, const ReadLimits &limits);

/// Where cell `field` of the row starting on `line` begins, for a message; 0
/// when it cannot be told.
int cellColumnInFile(const QString &path, const TextSettings &settings, int line, int field);

// ---------------------------------------------------------------------------
// Understanding the columns

/// Names made unique and non-empty; the notices say what changed.
void settleNames(ParsedTable &table, bool hasHeader, QStringList &notices);

/// Class names and per-row labels (-1 for a missing target) of one column.
struct Classes
{
    QStringList names;
    std::vector<int> labels;
};

Result<Classes> classesOf(const QString &path, const ParsedTable &table, int c);
/// The levels of a column read as categorical: its texts, or its numbers' spellings.
Result<QStringList> levelsOf(const QString &path, const ParsedTable &table, int c);
/// The level code of every row (-1 missing) of a categorical column.
std::vector<int> levelCodes(const ColumnStore &column);
/// Roles and types for every column: detected, suggested, then overridden by
/// `options`; `target` is set to the target's column.
Result<std::vector<ColumnProfile>> profileColumns(const QString &path, const ParsedTable &table,
                                                  const ImportOptions &options, int &target);

} // namespace trm::csv
