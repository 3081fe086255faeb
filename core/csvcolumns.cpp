// Understanding the columns: names made unique, each column typed (numeric,
// categorical, identifier), roles suggested (target by name, identifiers and
// constants ignored), and a target column turned into classes.

#include "csvimport_p.h"

#include "location.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace trm::csv {

namespace {

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

/// Names a written-out row index goes by: pandas' "Unnamed: 0" (or "Unnamed: 3"
/// for a later one), R's "X" as the first column, no name at all, and the names
/// isIdentifierName knows ("index", "row", "id").
bool isIndexName(const ParsedTable &table, int c)
{
    if (table.headerWasEmpty[std::size_t(c)] || isIdentifierName(table.header[c]))
        return true;
    const QString name = table.header[c].trimmed();
    if (c == 0 && name == QLatin1String("X"))
        return true;
    const QLatin1String pandas("Unnamed: ");
    if (!name.startsWith(pandas) || name.size() == pandas.size())
        return false;
    return std::all_of(name.begin() + pandas.size(), name.end(),
                       [](QChar ch) { return ch.isDigit(); });
}

/// True when the column holds each of 0..n-1, or each of 1..n, exactly once over
/// its n rows: a row number, in file order or shuffled (as df.sample(frac=1)
/// writes it). Two linear passes, the first stopping at the first fraction or
/// value out of range, so measurements cost a comparison or two.
bool permutesRowNumbers(const ColumnStore &column, int rows)
{
    if (column.missing > 0 || rows < 1 || column.values.size() != std::size_t(rows))
        return false;
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (double v : column.values) {
        if (v != std::floor(v) || v < 0 || v > rows)
            return false;
        low = std::min(low, v);
        high = std::max(high, v);
    }
    if (!((low == 0 && high == rows - 1) || (low == 1 && high == rows)))
        return false;
    std::vector<bool> seen(std::size_t(rows), false);
    for (double v : column.values) {
        const auto k = std::size_t(v - low);
        if (seen[k])
            return false;
        seen[k] = true;
    }
    return true;
}

/// True when the column holds whole numbers that increase down the rows, with
/// nothing missing: an index kept after rows were filtered out (0, 1, 4, 7 ...).
bool increasingWholeNumbers(const ColumnStore &column)
{
    if (column.missing > 0 || column.values.empty())
        return false;
    for (std::size_t r = 0; r < column.values.size(); ++r) {
        const double v = column.values[r];
        if (v != std::floor(v) || (r > 0 && v <= column.values[r - 1]))
            return false;
    }
    return true;
}

/// Rows a column must have to be taken for a row number by its values alone.
constexpr int minRowNumberRows = 10;

/// The distinct values of a numeric column whose spellings are tracked, each with
/// the index in numberTexts of its first spelling, in order of first appearance.
std::vector<std::pair<double, int>> valuesOfTexts(const ColumnStore &column)
{
    // A spelling's value is that of any row written with it.
    std::vector<double> valueOfText(column.numberTexts.size(),
                                    std::numeric_limits<double>::quiet_NaN());
    std::size_t known = 0;
    for (std::size_t r = 0; r < column.textCodes.size() && known < valueOfText.size(); ++r) {
        const quint8 code = column.textCodes[r];
        if (code != 255 && std::isnan(valueOfText[code])) {
            valueOfText[code] = column.values[r];
            ++known;
        }
    }
    std::vector<std::pair<double, int>> values;
    for (std::size_t t = 0; t < valueOfText.size(); ++t) {
        const bool seen = std::any_of(values.begin(), values.end(),
                                      [&](const auto &v) { return v.first == valueOfText[t]; });
        if (!seen)
            values.emplace_back(valueOfText[t], int(t));
    }
    return values;
}

struct Typed
{
    ColumnType type = ColumnType::Numeric;
    int distinct = 0;
    bool distinctCapped = false;
    QString reason;
    bool constant = false;
    bool empty = false;
};

/// True when the text reads as a number with a decimal dot or a decimal comma.
bool numberUnderEitherMark(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    const std::string_view view(utf8.constData(), std::size_t(utf8.size()));
    return isNumber(view, '.') || isNumber(view, ',');
}

/// True when every text of a column reads as a number under one decimal mark or
/// the other: a numeric column with a few cells written with the other mark.
bool numbersUnderEitherMark(const ColumnStore &column)
{
    return !column.levels.isEmpty() &&
           std::all_of(column.levels.begin(), column.levels.end(), numberUnderEitherMark);
}

/// The first text of a column written with a thousands separator, when every
/// other text is a number; empty otherwise.
QString thousandsExample(const ColumnStore &column)
{
    QString example;
    for (const QString &level : column.levels) {
        const QByteArray utf8 = level.toUtf8();
        const std::string_view view(utf8.constData(), std::size_t(utf8.size()));
        if (hasThousandsSeparator(view)) {
            if (example.isEmpty())
                example = level;
        } else if (!numberUnderEitherMark(level)) {
            return QString();
        }
    }
    return example;
}

/// True when at least 90% of a text column's present cells read as numbers
/// (with either decimal mark) and at most three distinct texts do not.
bool mostlyNumbers(const ColumnStore &column, int present)
{
    if (present < 10)
        return false;
    std::vector<bool> levelIsNumber(std::size_t(column.levels.size()));
    int strayLevels = 0;
    for (qsizetype l = 0; l < column.levels.size(); ++l) {
        const bool number = numberUnderEitherMark(column.levels[l]);
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

/// True when a numeric column holds a whole number in each of its `rows` rows,
/// no two alike.
bool distinctWholeNumbers(const ColumnStore &column, int rows)
{
    if (column.missing > 0 || rows < 3)
        return false;
    std::vector<double> values = column.values;
    for (double v : values) {
        if (v != std::floor(v))
            return false;
    }
    std::sort(values.begin(), values.end());
    return std::adjacent_find(values.begin(), values.end()) == values.end();
}

Typed typeOf(const ParsedTable &table, int c)
{
    const ColumnStore &column = table.columns[std::size_t(c)];
    const int present = table.rows() - column.missing;
    Typed typed;
    if (!column.numeric) {
        typed.distinct = int(column.levels.size());
        typed.constant = typed.distinct <= 1;
        typed.empty = present == 0;
        QString thousands;
        if (c == 0 && table.headerWasEmpty[0]) {
            typed.type = ColumnType::Identifier;
            typed.reason = QStringLiteral("an unnamed first column, as R writes row names");
        } else if (numbersUnderEitherMark(column)) {
            // Numbers, some written with the other decimal mark: typed numeric, the
            // column is refused at its first such cell, as a stray word would be,
            // rather than silently becoming categories.
            typed.type = ColumnType::Numeric;
            typed.reason = QStringLiteral("numbers, except '%1' on line %2")
                               .arg(column.firstText)
                               .arg(column.firstTextLine);
        } else if (thousands = thousandsExample(column); !thousands.isEmpty()) {
            // "1.037,5" could be read by dropping the separator, but a wrong guess
            // would change values a thousandfold without a word; the person is told.
            typed.type = typed.distinct == present && present >= 3 ? ColumnType::Identifier
                                                                   : ColumnType::Categorical;
            typed.reason = QStringLiteral("numbers with a thousands separator (%1) are not "
                                          "read as numbers; save the table without them")
                               .arg(quotedCell(thousands));
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
    // Distinct numbers: exact while the spellings are tracked ("1" and "1.0" are one
    // value), else counted up to a cap.
    if (column.textsTracked) {
        typed.distinct = int(valuesOfTexts(column).size());
    } else {
        typed.distinct = maxNumberTexts + 1;
        typed.distinctCapped = true;
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
    typed.empty = column.missing == table.rows();
    // A row number: each of 1..n (or 0..n-1) once, in file order or shuffled, as
    // pandas ("Unnamed: 0"), R ("X") and spreadsheets ("No.", "#") write it; or,
    // under a name that says it is an index, whole numbers increasing down the rows
    // with gaps where rows were filtered out. On data sorted by class it would give
    // the label away. On a few rows a measurement may happen to be a permutation, so
    // without such a name the column needs minRowNumberRows rows.
    const bool namedLikeIndex = isIndexName(table, c);
    const int rows = table.rows();
    const bool rowNumber =
        rows >= (namedLikeIndex ? 3 : minRowNumberRows) &&
        (permutesRowNumbers(column, rows) || (namedLikeIndex && increasingWholeNumbers(column)));
    if (rowNumber) {
        typed.type = ColumnType::Identifier;
        typed.reason = QStringLiteral("numbers the rows");
    } else if (isIdentifierName(table.header[c]) && distinctWholeNumbers(column, table.rows())) {
        // A patient or record number: a feature made of it would only let the
        // model memorise rows.
        typed.type = ColumnType::Identifier;
        typed.reason = QStringLiteral("named like an identifier, a different whole number in "
                                      "every row");
    } else if (c == 0 && table.headerWasEmpty[0] && table.rows() >= 2) {
        typed.type = ColumnType::Identifier;
        typed.reason = QStringLiteral("an unnamed first column, as R writes row names");
    }
    return typed;
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

} // namespace

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
    std::vector<std::pair<double, int>> values;
    if (column.textsTracked)
        values = valuesOfTexts(column);
    if (!column.textsTracked || int(values.size()) > maxClasses)
        return makeError(located(path, QStringLiteral("column '%1' holds more than %2 distinct "
                                                      "numbers: it looks like a quantity to "
                                                      "estimate, not classes; TRM Studio "
                                                      "classifies, so choose a class column as "
                                                      "the target")
                                           .arg(name)
                                           .arg(maxClasses)));
    // Numeric labels grouped by value ("1" and "1.0" are one class), in numeric
    // order, each named by the first spelling the file gives it ("7" stays "7").
    std::sort(values.begin(), values.end());
    std::vector<int> classOfText(column.numberTexts.size(), -1);
    for (std::size_t k = 0; k < values.size(); ++k)
        classes.names.append(QString::fromUtf8(column.numberTexts[std::size_t(values[k].second)]));
    for (std::size_t r = 0; r < column.textCodes.size(); ++r) {
        const quint8 code = column.textCodes[r];
        if (code == 255)
            continue;
        int &k = classOfText[code];
        if (k < 0) {
            const auto found = std::lower_bound(values.begin(), values.end(),
                                                std::make_pair(column.values[r], -1));
            k = int(found - values.begin());
        }
        classes.labels[r] = k;
    }
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
        p.distinctCapped = typed.distinctCapped;
        p.reason = typed.reason;
        p.role = ColumnRole::Feature;
        if (typed.type == ColumnType::Identifier) {
            p.role = ColumnRole::Ignore;
        } else if (typed.empty) {
            p.role = ColumnRole::Ignore;
            p.reason = QStringLiteral("empty in every row");
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

} // namespace trm::csv
