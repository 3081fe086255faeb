#pragma once

#include "dataset.h"
#include "experiment.h"
#include "importrecipe.h"
#include "result.h"

#include <Eigen/Core>
#include <QString>
#include <QStringList>

#include <vector>

namespace trm {

/// The column the import marked as a row identifier, or empty.
QString identifierColumn(const ImportRecipe &recipe);

/// The cells of `column` for the data rows that start on `lineNumbers`, so that
/// rows the import skipped do not shift the identifiers against the predictions.
Result<QStringList> readIdentifiers(const QString &path, const QString &column,
                                    const std::vector<int> &lineNumbers);

/// Predictions as CSV: `row` (1-based data row), the identifier column when
/// `idColumn` is given, `predicted`, then `p_<class>` for each class; numbers
/// in their shortest exact form.
QString predictionsCsv(const Eigen::MatrixXd &probabilities, const QStringList &classNames,
                       const QString &idColumn = {}, const QStringList &identifiers = {});

} // namespace trm
