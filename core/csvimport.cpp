// The public CSV import (csvimport.h): a preview of the first rows, the whole
// table assembled into a Dataset (one-hot features, classes, dropped rows),
// and a new file read with a stored recipe. Detection, reading and column
// typing live in csvdetect.cpp, csvreader.cpp and csvcolumns.cpp.

#include "csvimport.h"

#include "csvimport_p.h"
#include "location.h"
#include "logging.h"
#include "plural.h"

#include <QFileInfo>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace trm {

using namespace csv;

namespace {

/// More classes than this, most of them a single row, and the target is flagged.
constexpr int maxSingleRowClasses = 10;

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
        notices.append(
            QStringLiteral("%1 without a value in the target column '%2' left out")
                .arg(counted(dataset.droppedRows, QStringLiteral("row"), QStringLiteral("rows")),
                     dataset.targetName));
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
    dataset.lineNumbers.reserve(keep.size());
    for (int r : keep) {
        dataset.labels.push_back(newIndex[std::size_t(classes.value().labels[std::size_t(r)])]);
        dataset.lineNumbers.push_back(table.lineNumbers[std::size_t(r)]);
    }
    // Classes that are nearly all single rows: the target is more likely a
    // measurement (a continuous column) than a class.
    const std::vector<int> perClass = dataset.classCounts();
    const auto singles = std::count(perClass.begin(), perClass.end(), 1);
    if (perClass.size() > std::size_t(maxSingleRowClasses) && singles * 2 > qint64(perClass.size()))
        notices.append(
            QStringLiteral("target '%1' has %2 for %3 (%4 with a single row); is "
                           "it a measurement rather than a class?")
                .arg(dataset.targetName,
                     counted(qint64(perClass.size()), QStringLiteral("class"),
                             QStringLiteral("classes")),
                     counted(qint64(keep.size()), QStringLiteral("row"), QStringLiteral("rows")))
                .arg(singles));

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
                const QString what =
                    expectedNumberMessage(p.name, store.firstText, settings.decimalMark);
                return makeError(
                    store.firstTextColumn > 0
                        ? located(path, store.firstTextLine, store.firstTextColumn, what)
                        : located(path, store.firstTextLine, what));
            }
            if (p.type == ColumnType::Categorical) {
                Result<QStringList> levels = levelsOf(path, table, c);
                if (!levels)
                    return levels.error();
                // Levels that only the rows left out for a missing target have are
                // not features: the model never sees them in training.
                std::vector<int> rowCodes = levelCodes(table.columns[std::size_t(c)]);
                std::vector<int> keptCode(std::size_t(levels.value().size()), -1);
                for (int r : keep) {
                    if (rowCodes[std::size_t(r)] >= 0)
                        keptCode[std::size_t(rowCodes[std::size_t(r)])] = 0;
                }
                for (std::size_t l = 0; l < keptCode.size(); ++l) {
                    if (keptCode[l] == 0) {
                        keptCode[l] = int(column.categories.size());
                        column.categories.append(levels.value()[qsizetype(l)]);
                    }
                }
                for (int &code : rowCodes)
                    code = code < 0 ? -1 : keptCode[std::size_t(code)];
                codes[std::size_t(c)] = std::move(rowCodes);
                p.distinct = int(column.categories.size());
                p.distinctCapped = false;
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
        else if (p.role == ColumnRole::Feature && !p.reason.isEmpty())
            notices.append(QStringLiteral("column '%1': %2").arg(p.name, p.reason));
    }
    dataset.columnProfiles = profiles;
    dataset.notices = notices;
    qCDebug(lcCore) << "imported" << path << dataset.rowCount() << "rows," << dataset.featureCount()
                    << "features," << dataset.classCount() << "classes";
    return dataset;
}

/// "column 'colour': 5 rows with a value the model never saw ('purple'), encoded
/// as all zeros", naming the first few distinct values.
QString unseenNotice(const QString &column, int rows, const QStringList &values)
{
    constexpr int shown = 3;
    QStringList quoted;
    for (qsizetype i = 0; i < values.size() && i < shown; ++i)
        quoted.append(quotedCell(values[i]));
    QString list = quoted.join(QStringLiteral(", "));
    if (values.size() > shown)
        list += QStringLiteral(" and %1 more").arg(values.size() - shown);
    return QStringLiteral("column '%1': %2 with %3 the model never saw (%4), encoded as all "
                          "zeros")
        .arg(column, counted(rows, QStringLiteral("row"), QStringLiteral("rows")),
             values.size() == 1 ? QStringLiteral("a value") : QStringLiteral("values"), list);
}

/// The number a label or class name reads as, if it is one.
std::optional<double> numberOf(const QString &text, char decimalMark)
{
    const QByteArray utf8 = text.toUtf8();
    double value = 0;
    if (parseNumber(std::string_view(utf8.constData(), std::size_t(utf8.size())), decimalMark,
                    value) != NumberParse::Ok)
        return std::nullopt;
    return value;
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
        std::vector<bool> missing;
        for (const ColumnStore &column : r.table.columns) {
            if (column.numeric) {
                const double v = column.values[std::size_t(row)];
                missing.push_back(std::isnan(v));
                if (std::isnan(v))
                    cells.append(QString());
                else if (column.textsTracked)
                    cells.append(
                        QString::fromUtf8(column.numberTexts[column.textCodes[std::size_t(row)]]));
                else
                    cells.append(QString::number(v, 'g', QLocale::FloatingPointShortest));
            } else {
                const int code = column.codes[std::size_t(row)];
                missing.push_back(code < 0);
                cells.append(code < 0 ? QString() : column.levels[code]);
            }
        }
        preview.rows.push_back(cells);
        preview.missingCells.push_back(std::move(missing));
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
    if (!missing.isEmpty()) {
        QString what = QStringLiteral("missing %1 the model needs: %2")
                           .arg(missing.size() == 1 ? QStringLiteral("the feature column")
                                                    : QStringLiteral("feature columns"),
                                missing.join(QStringLiteral(", ")));
        QStringList otherCase;
        for (const QString &name : missing) {
            for (const QString &fileName : table.header) {
                if (fileName.compare(name, Qt::CaseInsensitive) == 0)
                    otherCase.append(quotedCell(fileName));
            }
        }
        if (!otherCase.isEmpty())
            what += QStringLiteral(" (the file has %1: names must match exactly, including "
                                   "case)")
                        .arg(otherCase.join(QStringLiteral(", ")));
        return makeError(located(path, what));
    }
    for (std::size_t k = 0; k < recipe.columns.size(); ++k) {
        const int c = fileColumn[k];
        if (c < 0)
            continue;
        QStringList numbers{QString::number(c + 1)};
        for (int other = c + 1; other < int(table.header.size()); ++other) {
            if (table.header[other] == table.header[c])
                numbers.append(QString::number(other + 1));
        }
        if (numbers.size() > 1)
            result.notices.append(QStringLiteral("column name '%1' repeats (columns %2): the "
                                                 "model reads the first")
                                      .arg(table.header[c], numbers.join(QStringLiteral(", "))));
    }
    QStringList extra;
    for (const QString &name : table.header) {
        const ColumnRecipe *column = recipe.column(name);
        if (!column || (column->role == ColumnRole::Ignore))
            extra.append(name);
    }
    if (!extra.isEmpty())
        result.notices.append(QStringLiteral("%1 the model does not use: %2")
                                  .arg(extra.size() == 1
                                           ? QStringLiteral("1 column")
                                           : QStringLiteral("%1 columns").arg(extra.size()),
                                       extra.join(QStringLiteral(", "))));

    const int n = table.rows();
    const QStringList featureNames = recipe.featureNames();
    result.features.resize(n, Eigen::Index(featureNames.size()));
    result.lineNumbers = table.lineNumbers;
    Eigen::Index j = 0;
    for (std::size_t k = 0; k < recipe.columns.size(); ++k) {
        const ColumnRecipe &column = recipe.columns[k];
        if (column.role != ColumnRole::Feature)
            continue;
        const ColumnStore &store = table.columns[std::size_t(fileColumn[k])];
        if (column.type != ColumnType::Categorical) {
            if (!store.numeric) {
                const QString what =
                    expectedNumberMessage(column.name, store.firstText, settings.decimalMark);
                return makeError(
                    store.firstTextColumn > 0
                        ? located(path, store.firstTextLine, store.firstTextColumn, what)
                        : located(path, store.firstTextLine, what));
            }
            std::copy(store.values.begin(), store.values.end(), result.features.col(j).data());
            if (store.missing > 0)
                result.notices.append(
                    QStringLiteral("column '%1': %2, imputed with the training median")
                        .arg(column.name, counted(store.missing, QStringLiteral("missing value"),
                                                  QStringLiteral("missing values"))));
            ++j;
            continue;
        }
        // One-hot against the training levels; a value the model never saw is all
        // zeros, as is a missing one.
        std::vector<int> levelOf(std::size_t(store.levels.size()), -1);
        for (int l = 0; l < int(store.levels.size()); ++l)
            levelOf[std::size_t(l)] = int(column.categories.indexOf(store.levels[l]));
        result.features.middleCols(j, column.categories.size()).setZero();
        int unseenRows = 0;
        QStringList unseenValues;
        for (int r = 0; r < n; ++r) {
            const int code = store.codes.empty() ? -1 : store.codes[std::size_t(r)];
            if (code < 0)
                continue;
            const int level = levelOf[std::size_t(code)];
            if (level >= 0) {
                result.features(r, j + level) = 1.0;
                continue;
            }
            ++unseenRows;
            if (!unseenValues.contains(store.levels[code]))
                unseenValues.append(store.levels[code]);
        }
        if (unseenRows > 0)
            result.notices.append(unseenNotice(column.name, unseenRows, unseenValues));
        j += column.categories.size();
    }

    const int t = recipe.targetName.isEmpty() ? -1 : int(table.header.indexOf(recipe.targetName));
    if (t < 0)
        return result;
    const ColumnStore &target = table.columns[std::size_t(t)];
    QHash<QString, int> classIndex;
    for (int k = 0; k < int(recipe.classNames.size()); ++k)
        classIndex.insert(recipe.classNames[k], k);
    // Numeric class names ("1", "2.5") match a label of the same value however it
    // is written ("1.0", "2,5" with a decimal comma), as the training import
    // grouped them.
    std::vector<std::pair<double, int>> classValues;
    for (int k = 0; k < int(recipe.classNames.size()); ++k) {
        const std::optional<double> value = numberOf(recipe.classNames[k], recipe.decimalMark);
        if (!value) {
            classValues.clear();
            break;
        }
        classValues.emplace_back(*value, k);
    }
    QHash<int, int> classOfLevel; // file level -> class, for labels matched by value
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
        if (known != classIndex.constEnd()) {
            result.labels.push_back(known.value());
            continue;
        }
        if (!classOfLevel.contains(code)) {
            int match = -1;
            if (const std::optional<double> value = numberOf(label, settings.decimalMark)) {
                for (const auto &[classValue, k] : classValues)
                    match = classValue == *value ? k : match;
            }
            classOfLevel.insert(code, match);
        }
        if (classOfLevel.value(code) < 0) {
            const int line = table.lineNumbers[std::size_t(r)];
            const int column = cellColumnInFile(path, settings, line, t);
            const QString what = QStringLiteral("column '%1': unknown class %2; the model "
                                                "knows: %3")
                                     .arg(recipe.targetName, quotedCell(label),
                                          recipe.classNames.join(QStringLiteral(", ")));
            return makeError(column > 0 ? located(path, line, column, what)
                                        : located(path, line, what));
        }
        result.labels.push_back(classOfLevel.value(code));
    }
    return result;
}

} // namespace trm
