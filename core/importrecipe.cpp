#include "importrecipe.h"

namespace trm {

QString roleName(ColumnRole role)
{
    switch (role) {
    case ColumnRole::Feature:
        return QStringLiteral("feature");
    case ColumnRole::Target:
        return QStringLiteral("target");
    case ColumnRole::Ignore:
        return QStringLiteral("ignore");
    }
    return {};
}

QString typeName(ColumnType type)
{
    switch (type) {
    case ColumnType::Numeric:
        return QStringLiteral("numeric");
    case ColumnType::Categorical:
        return QStringLiteral("categorical");
    case ColumnType::Identifier:
        return QStringLiteral("identifier");
    }
    return {};
}

bool roleFromName(const QString &name, ColumnRole &role)
{
    for (ColumnRole r : {ColumnRole::Feature, ColumnRole::Target, ColumnRole::Ignore}) {
        if (roleName(r) == name) {
            role = r;
            return true;
        }
    }
    return false;
}

bool typeFromName(const QString &name, ColumnType &type)
{
    for (ColumnType t : {ColumnType::Numeric, ColumnType::Categorical, ColumnType::Identifier}) {
        if (typeName(t) == name) {
            type = t;
            return true;
        }
    }
    return false;
}

QStringList ImportRecipe::featureNames() const
{
    QStringList names;
    for (const ColumnRecipe &column : columns) {
        if (column.role != ColumnRole::Feature)
            continue;
        if (column.type == ColumnType::Categorical) {
            for (const QString &level : column.categories)
                names.append(column.name + QLatin1Char('=') + level);
        } else {
            names.append(column.name);
        }
    }
    return names;
}

const ColumnRecipe *ImportRecipe::column(const QString &name) const
{
    for (const ColumnRecipe &c : columns) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

QStringList ImportRecipe::defaultMissingMarkers()
{
    return {QString(),
            QStringLiteral("NA"),
            QStringLiteral("N/A"),
            QStringLiteral("NaN"),
            QStringLiteral("null"),
            QStringLiteral("?"),
            QStringLiteral("-")};
}

ImportRecipe ImportRecipe::plainNumeric(const QStringList &featureNames, const QString &targetName,
                                        const QStringList &classNames)
{
    ImportRecipe recipe;
    for (const QString &name : featureNames)
        recipe.columns.push_back({name, ColumnRole::Feature, ColumnType::Numeric, {}});
    if (!targetName.isEmpty())
        recipe.columns.push_back({targetName, ColumnRole::Target, ColumnType::Categorical, {}});
    recipe.targetName = targetName;
    recipe.classNames = classNames;
    return recipe;
}

} // namespace trm
