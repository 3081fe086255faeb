#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace trm {

/// What a column is used for.
enum class ColumnRole
{
    Feature,
    Target,
    Ignore
};

/// How a column's cells are read.
enum class ColumnType
{
    Numeric,     ///< numbers; missing cells become NaN and are imputed later
    Categorical, ///< a few distinct texts (or booleans); one-hot encoded
    Identifier   ///< unique per row, a row number or free text: never a feature
};

QString roleName(ColumnRole role);
QString typeName(ColumnType type);
bool roleFromName(const QString &name, ColumnRole &role);
bool typeFromName(const QString &name, ColumnType &type);

/// One column of the imported file as the model uses it.
struct ColumnRecipe
{
    QString name; ///< unique (made so on import)
    ColumnRole role = ColumnRole::Feature;
    ColumnType type = ColumnType::Numeric;
    /// Categorical features: the levels seen on import, one one-hot column each,
    /// in order of first appearance. A value not listed maps to all zeros.
    QStringList categories;
};

/// What the import found in one column, for the summary a person checks.
struct ColumnProfile
{
    QString name;
    ColumnType type = ColumnType::Numeric;
    ColumnRole role = ColumnRole::Feature;
    int missing = 0;  ///< cells read as missing
    int distinct = 0; ///< distinct non-missing values (a lower bound when distinctCapped)
    /// Long numeric columns are counted only up to a cap: `distinct` means "at least".
    bool distinctCapped = false;
    QString reason;   ///< why the role or type was suggested, empty when unremarkable
};

/// Everything needed to read a table the way the training table was read:
/// the text settings, and what each column became. Stored in Dataset, in
/// TrainedModel and in the model file, so prediction repeats the same treatment.
struct ImportRecipe
{
    QString encoding = QStringLiteral("UTF-8"); ///< UTF-8, UTF-16LE, UTF-16BE, Windows-1252
    char delimiter = ',';
    char decimalMark = '.';
    bool hasHeader = true;
    QStringList missingMarkers = defaultMissingMarkers();
    std::vector<ColumnRecipe> columns; ///< in file order
    QString targetName;
    QStringList classNames;

    /// Feature names after one-hot expansion, in matrix column order:
    /// a numeric column keeps its name, a categorical one gives `name=level`.
    QStringList featureNames() const;
    const ColumnRecipe *column(const QString &name) const;

    /// The markers read as a missing value unless the person changes them.
    static QStringList defaultMissingMarkers();
    /// A recipe for a plain numeric table (all features numeric, comma, header),
    /// which is what model files of format version 1 describe.
    static ImportRecipe plainNumeric(const QStringList &featureNames, const QString &targetName,
                                     const QStringList &classNames);
};

} // namespace trm
