// Cells of a CSV file: trimming, locale-independent numbers, and the names
// used in messages.

#include "csvimport_p.h"

#include "plural.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>
#include <utility>

namespace trm::csv {

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

namespace {

/// The length of the white-space character that starts `text` (0 if none): ASCII
/// blanks and controls, U+0085, U+00A0 and the other Unicode spaces QChar::isSpace
/// knows, as UTF-8.
std::size_t leadingSpace(std::string_view text)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    if (text.empty())
        return 0;
    const unsigned char c = byte(0);
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (c < 0x80)
        return 0;
    const int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (text.size() < std::size_t(length) || length == 1 || length == 4)
        return 0;
    const QString character = QString::fromUtf8(text.data(), length);
    return character.size() == 1 && character.front().isSpace() ? std::size_t(length) : 0;
}

/// The length of the white-space character that ends `text` (0 if none).
std::size_t trailingSpace(std::string_view text)
{
    std::size_t start = text.size();
    while (start > 0 && text.size() - start < 4 &&
           (static_cast<unsigned char>(text[start - 1]) & 0xC0) == 0x80)
        --start;
    if (start == 0)
        return 0;
    --start;
    const std::size_t length = leadingSpace(text.substr(start));
    return start + length == text.size() ? length : 0;
}

} // namespace

std::string_view trimmedSpaces(std::string_view text)
{
    while (const std::size_t length = leadingSpace(text))
        text.remove_prefix(length);
    while (const std::size_t length = trailingSpace(text))
        text.remove_suffix(length);
    return text;
}

bool isNumber(std::string_view cell, char decimalMark)
{
    double value = 0;
    return parseNumber(cell, decimalMark, value) != NumberParse::NotANumber;
}

bool hasThousandsSeparator(std::string_view cell)
{
    cell = trimmedSpaces(cell);
    if (!cell.empty() && (cell.front() == '-' || cell.front() == '+'))
        cell.remove_prefix(1);
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (const auto &[group, decimal] : {std::pair{'.', ','}, std::pair{',', '.'}}) {
        // 1 to 3 digits, then one or more groups of a separator and 3 digits, then
        // optionally the decimal mark and digits.
        std::size_t i = 0;
        while (i < cell.size() && digit(cell[i]))
            ++i;
        if (i == 0 || i > 3)
            return false;
        int groups = 0;
        while (i + 4 <= cell.size() && cell[i] == group && digit(cell[i + 1]) &&
               digit(cell[i + 2]) && digit(cell[i + 3]) &&
               (i + 4 == cell.size() || !digit(cell[i + 4]))) {
            i += 4;
            ++groups;
        }
        if (groups == 0)
            continue;
        if (i < cell.size() && cell[i] == decimal) {
            ++i;
            const std::size_t digits = i;
            while (i < cell.size() && digit(cell[i]))
                ++i;
            if (i == digits)
                continue;
        }
        if (i == cell.size())
            return true;
    }
    return false;
}

QString raggedRowsMessage(int expected, int found, int raggedRows)
{
    QString what = QStringLiteral("expected %1, found %2")
                       .arg(counted(expected, QStringLiteral("field"), QStringLiteral("fields")))
                       .arg(found);
    if (raggedRows > 1)
        what += QStringLiteral("; %1 rows have the wrong number of fields").arg(raggedRows);
    return what;
}

QString expectedNumberMessage(const QString &column, const QString &found, char decimalMark)
{
    const QByteArray utf8 = found.toUtf8();
    const std::string_view cell(utf8.constData(), std::size_t(utf8.size()));
    const char other = decimalMark == ',' ? '.' : ',';
    if (!isNumber(cell, decimalMark) && isNumber(cell, other))
        return QStringLiteral("column '%1': expected a number with a '%2' decimal mark, found %3")
            .arg(column, QString(QLatin1Char(decimalMark)), quotedCell(found));
    return QStringLiteral("column '%1': expected a number, found %2")
        .arg(column, quotedCell(found));
}

// Locale-independent: std::from_chars never looks at the process locale. With a
// decimal comma, a dot makes the cell text (it would be a thousands separator, which
// is not read), and the comma becomes the dot from_chars expects.
NumberParse parseNumber(std::string_view cell, char decimalMark, double &value)
{
    cell = trimmed(cell);
    if (!cell.empty() && (static_cast<unsigned char>(cell.front()) >= 0x80 ||
                          static_cast<unsigned char>(cell.back()) >= 0x80))
        cell = trimmedSpaces(cell);
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

} // namespace trm::csv
