#include "predictions.h"

#include "csvimport.h"
#include "location.h"
#include "metrics.h"

#include <QHash>
#include <QLocale>
#include <QSaveFile>

#include <algorithm>

namespace trm {

namespace {

/// RFC 4180 quoting, only where a field needs it.
QString csvField(const QString &text)
{
    static const QString special = QStringLiteral(",\"\r\n");
    const bool needsQuotes =
        std::any_of(text.begin(), text.end(), [](QChar c) { return special.contains(c); }) ||
        text != text.trimmed();
    if (!needsQuotes)
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

QString identifierColumn(const ImportRecipe &recipe)
{
    for (const ColumnRecipe &column : recipe.columns) {
        if (column.type == ColumnType::Identifier)
            return column.name;
    }
    return {};
}

Result<QStringList> readIdentifiers(const QString &path, const QString &column,
                                    const std::vector<int> &lineNumbers)
{
    // The import detects the delimiter afresh for a new file; so does this read.
    const Result<ImportPreview> preview = previewImport(path, ImportOptions{}, 1);
    if (!preview)
        return preview.error();
    CsvReadOptions options;
    options.delimiter = preview.value().recipe.delimiter;
    const Result<CsvTable> table = readCsvTable(path, options);
    if (!table)
        return table.error();
    const qsizetype index = table.value().header.indexOf(column);
    if (index < 0) {
        return makeError(QStringLiteral("%1: no identifier column '%2' (the columns are: %3)")
                             .arg(path, column, table.value().header.join(QStringLiteral(", "))));
    }
    QHash<int, QString> byLine;
    for (std::size_t row = 0; row < table.value().rows.size(); ++row)
        byLine.insert(table.value().lineNumbers[row], table.value().rows[row].value(index));
    QStringList identifiers;
    identifiers.reserve(qsizetype(lineNumbers.size()));
    for (int line : lineNumbers)
        identifiers << byLine.value(line);
    return identifiers;
}

QString predictionsCsv(const Eigen::MatrixXd &probabilities, const QStringList &classNames,
                       const QString &idColumn, const QStringList &identifiers)
{
    QStringList header{QStringLiteral("row")};
    if (!idColumn.isEmpty())
        header << csvField(idColumn);
    header << QStringLiteral("predicted");
    for (const QString &name : classNames)
        header << csvField(QStringLiteral("p_") + name);
    QString csv = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    const std::vector<int> predicted = argMax(probabilities);
    for (Eigen::Index row = 0; row < probabilities.rows(); ++row) {
        QStringList fields{QString::number(row + 1)};
        if (!idColumn.isEmpty())
            fields << csvField(identifiers.value(row));
        fields << csvField(classNames.value(predicted[std::size_t(row)]));
        // Shortest text that reads back as the same double.
        for (Eigen::Index k = 0; k < probabilities.cols(); ++k)
            fields << QString::number(probabilities(row, k), 'g', QLocale::FloatingPointShortest);
        csv += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv;
}

Result<Eigen::MatrixXd> finiteProbabilities(const TrainedModel &model, const LabelledRows &rows,
                                            const QString &dataPath)
{
    Eigen::MatrixXd probabilities = model.probabilities(rows.features);
    for (Eigen::Index i = 0; i < probabilities.rows(); ++i) {
        if (probabilities.row(i).allFinite())
            continue;
        const QString what = QStringLiteral(
            "the model's class probabilities for this row are not finite numbers: a value here "
            "or one of the model's weights is too large for its 32-bit arithmetic");
        const std::size_t row = std::size_t(i);
        return makeError(row < rows.lineNumbers.size()
                             ? located(dataPath, rows.lineNumbers[row], what)
                             : located(dataPath, QStringLiteral("row %1: ").arg(i + 1) + what));
    }
    return probabilities;
}

Result<FilePredictions> predictFile(const TrainedModel &model, const QString &dataPath,
                                    const QString &idColumn)
{
    Result<LabelledRows> rows = loadRowsWithRecipe(dataPath, model.recipe);
    if (!rows)
        return rows.error();
    QStringList identifiers;
    if (!idColumn.isEmpty()) {
        Result<QStringList> read = readIdentifiers(dataPath, idColumn, rows.value().lineNumbers);
        if (!read)
            return read.error();
        identifiers = std::move(read).value();
        rows.value().notices.append(
            QStringLiteral("column '%1' copied into the output to identify each row")
                .arg(idColumn));
    }
    Result<Eigen::MatrixXd> probabilities = finiteProbabilities(model, rows.value(), dataPath);
    if (!probabilities)
        return probabilities.error();
    FilePredictions predictions;
    predictions.rows = std::move(rows).value();
    predictions.probabilities = std::move(probabilities).value();
    predictions.csv =
        predictionsCsv(predictions.probabilities, model.classNames, idColumn, identifiers);
    return predictions;
}

Result<void> writeTextAtomically(const QString &path, const QString &text, const QString &what)
{
    QSaveFile file(path);
    const QByteArray bytes = text.toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return makeError(
            QStringLiteral("%1: cannot write the %2: %3").arg(path, what, file.errorString()));
    }
    return {};
}

} // namespace trm
