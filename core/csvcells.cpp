// Cells of a CSV file: trimming, locale-independent numbers, and the names
// used in messages.

#include "csvimport_p.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

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

} // namespace trm::csv
