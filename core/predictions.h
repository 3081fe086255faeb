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

/// The model's class probabilities (rows x classes) for `rows`, read from
/// `dataPath`, or an error at the line of the first row for which they are not
/// finite numbers (a value or a weight too large for the model's 32-bit
/// arithmetic), so that such a row never reads as a confident first class.
Result<Eigen::MatrixXd> finiteProbabilities(const TrainedModel &model, const LabelledRows &rows,
                                            const QString &dataPath);

/// Every row of a file predicted by a model, as `trm predict` and the window
/// make them.
struct FilePredictions
{
    LabelledRows rows;             ///< with labels when the file has the target column
    Eigen::MatrixXd probabilities; ///< rows x classes
    QString csv;                   ///< predictionsCsv() of them
};

/// Reads `dataPath` with the model's import recipe (its notices are in
/// rows.notices), predicts every row and lays the predictions out as CSV,
/// with the cells of `idColumn` beside them when it is not empty.
Result<FilePredictions> predictFile(const TrainedModel &model, const QString &dataPath,
                                    const QString &idColumn);

/// Writes `text` as UTF-8 through a temporary file, so that a failure (a
/// read-only folder, a full disk) leaves any earlier file as it was. The
/// error reads "PATH: cannot write the WHAT: reason".
Result<void> writeTextAtomically(const QString &path, const QString &text, const QString &what);

} // namespace trm
