#pragma once

#include "importrecipe.h"
#include "result.h"

#include <Eigen/Core>
#include <QString>
#include <QStringList>

#include <vector>

namespace trm {

/// How a delimited text file is split into cells. Detection (delimiter,
/// header, encoding) grows here; today the caller states what it knows.
struct CsvReadOptions
{
    char delimiter = ',';
    bool hasHeader = true;
    /// Refuse rows whose cell count differs from the first row's, and repeated
    /// header names. Detection reads samples with this off.
    bool requireRectangular = true;
};

/// A delimited text file as text cells, before any column is interpreted.
struct CsvTable
{
    QString path;                  ///< as given by the caller, used in every message
    QStringList header;            ///< one name per column
    std::vector<QStringList> rows; ///< each row has header.size() cells
    std::vector<int> lineNumbers;  ///< 1-based line in the file where each row starts
    /// 1-based character column where each cell starts (its opening quote, if quoted)
    std::vector<std::vector<int>> cellColumns;
};

/// Reads a delimited file into cells (tokenised by libcsv). Refuses empty files,
/// rows whose cell count differs from the header, and unterminated quotes, with
/// "path:line:column: ..." messages.
Result<CsvTable> readCsvTable(const QString &path, const CsvReadOptions &options = {});
/// The same for text already in memory (UTF-8, no byte order mark); `path` names
/// it in messages. Byte by byte, so it can say where every cell starts: meant for
/// samples and for locating an error, not for whole large files.
Result<CsvTable> parseCsvText(const QString &path, const QByteArray &utf8,
                              const CsvReadOptions &options);

/// A classification table: numeric features and one class label per row.
struct Dataset
{
    QString sourcePath;       ///< file it was read from
    QString sha256;           ///< lower-case hex SHA-256 of the file's bytes
    QStringList featureNames; ///< d names
    QString targetName;
    QStringList classNames; ///< K names; label k means classNames[k]
    /// N x d raw values (not standardised): finite, or NaN where the cell was missing.
    /// A categorical column is expanded into one 0/1 column per level (`colour=red`).
    Eigen::MatrixXd features;
    std::vector<int> labels; ///< N labels in [0, K)
    /// N 1-based lines of the file where each row starts; empty when the rows
    /// did not come from a file
    std::vector<int> lineNumbers;
    ImportRecipe recipe; ///< how the file was read; featureNames == recipe.featureNames()
    std::vector<ColumnProfile> columnProfiles; ///< one per file column, for summaries
    QStringList notices; ///< what the import decided that a person should know
    int droppedRows = 0; ///< rows left out because their target was missing

    int rowCount() const { return int(features.rows()); }
    int featureCount() const { return int(features.cols()); }
    int classCount() const { return int(classNames.size()); }
    std::vector<int> classCounts() const;
};

/// Chooses the target column of `table`. `target` is a column name, or a 1-based
/// column number; empty means the last column.
Result<int> findTargetColumn(const CsvTable &table, const QString &target);

/// Reads a training table with detection (see csvimport.h): `target` is a column
/// name or 1-based number; empty means the suggested target.
/// Class names are the distinct target values; numeric labels sort numerically
/// ("2" before "10"), text labels in order of first appearance.
Result<Dataset> loadDataset(const QString &path, const QString &target = {});

/// Features (and labels, where the target column is present) for a model that
/// was trained on `featureNames` and `classNames`. Columns are matched by name,
/// in any order; a missing feature column or an unknown class label is an error.
struct LabelledRows
{
    Eigen::MatrixXd features; ///< N x featureNames.size()
    std::vector<int> labels;  ///< empty when the file has no target column
    std::vector<int> lineNumbers;
    QStringList notices; ///< columns ignored, unseen categories, settings detected
};
Result<LabelledRows> loadRowsFor(const QString &path, const QStringList &featureNames,
                                 const QString &targetName, const QStringList &classNames);

/// SHA-256 of a file as lower-case hex, or an error naming the file.
Result<QString> fileSha256(const QString &path);

} // namespace trm
