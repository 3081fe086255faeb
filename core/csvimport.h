#pragma once

#include "dataset.h"
#include "importrecipe.h"
#include "result.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace trm {

/// What the person states about a file; anything left unset is detected.
struct ImportOptions
{
    std::optional<QString> encoding; ///< "UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1252"
    std::optional<char> delimiter;
    std::optional<char> decimalMark;
    std::optional<bool> hasHeader;
    std::optional<QStringList> missingMarkers;
    QString target;                   ///< name or 1-based number; empty: suggested
    QStringList ignore;               ///< column names (or 1-based numbers) to leave out
    QHash<QString, ColumnRole> roles; ///< per column name, overriding the suggestion
    QHash<QString, ColumnType> types; ///< per column name, overriding the detection
};

/// The detected settings and the first rows as they will be read: what the
/// import dialog shows before the whole file is loaded.
struct ImportPreview
{
    ImportRecipe recipe;                ///< settings, and columns typed from the sample
    std::vector<ColumnProfile> columns; ///< per column, from the sample
    QStringList header;
    std::vector<QStringList> rows; ///< the first data rows, cells as text
    /// Per preview row and column, whether the cell reads as missing (its text in
    /// `rows` is then empty); an empty cell that is not a marker is an empty text.
    std::vector<std::vector<bool>> missingCells;
    QStringList notices;
    qint64 fileSize = 0;
};

Result<ImportPreview> previewImport(const QString &path, const ImportOptions &options = {},
                                    int maxRows = 50);

/// Called with the bytes read so far and the file's size; return false to cancel.
using ImportProgress = std::function<bool(qint64 done, qint64 total)>;

/// Reads a whole table for training: detects what `options` leaves open, types
/// every column, chooses the target, one-hot encodes categorical features and
/// drops rows whose target is missing. The decisions are in Dataset::recipe,
/// Dataset::columnProfiles and Dataset::notices. Cancelling gives an error that
/// says so.
Result<Dataset> importDataset(const QString &path, const ImportOptions &options = {},
                              const ImportProgress &progress = {});

/// Rows of a new file treated as `recipe` says: columns matched by name in any
/// order (missing feature columns listed in the error, extra columns ignored with
/// a notice), categories one-hot encoded with unseen values as all zeros (counted
/// in a notice per column); labels of a numeric target match the class of the same
/// value however they are written ("1.0" is class "1"). The text settings
/// (encoding, delimiter, decimal mark) are detected afresh, since a new file may
/// come from another program; the missing markers are the recipe's. The file must
/// have a header.
Result<LabelledRows> loadRowsWithRecipe(const QString &path, const ImportRecipe &recipe);

} // namespace trm
