#pragma once

#include "csvimport.h"

#include <QDialog>

#include <atomic>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QThread;

namespace trm::ui {

/// Shows how a CSV file will be read before it is loaded: the detected settings
/// (editable, the preview follows), a role and a type per column, and a summary.
/// "Load" reads the whole file on a worker thread with progress and Cancel; the
/// dialog is accepted only when that succeeds, so a failed or cancelled import
/// leaves the caller's data as it was.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImportDialog(const QString &path, QWidget *parent = nullptr);
    ~ImportDialog() override;

    /// The loaded table once the dialog has been accepted.
    const std::optional<Dataset> &dataset() const { return m_dataset; }
    /// The options the person chose (detected settings left unset).
    ImportOptions options() const;
    /// The message shown when the preview or the load failed, empty otherwise.
    QString errorText() const;
    /// Starts the full load as the Load button does.
    void load();

signals:
    void loadFinished(bool ok);

private:
    void refreshPreview();
    void fillColumnTable(const ImportPreview &preview);
    void fillPreviewTable(const ImportPreview &preview);
    void updateSummary(const ImportPreview &preview);
    void showError(const QString &message);
    void onLoaded();
    void setBusy(bool busy);

    QString m_path;
    QComboBox *m_encoding = nullptr;
    QComboBox *m_delimiter = nullptr;
    QComboBox *m_decimal = nullptr;
    QCheckBox *m_header = nullptr;
    QLineEdit *m_missing = nullptr;
    QTableWidget *m_columns = nullptr;
    QTableWidget *m_preview = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_loadButton = nullptr;
    QPushButton *m_cancelButton = nullptr;

    // What the person changed by hand; everything else is detected afresh.
    bool m_encodingChosen = false, m_delimiterChosen = false, m_decimalChosen = false;
    bool m_headerChosen = false, m_missingChosen = false;
    QHash<QString, ColumnRole> m_roles;
    QHash<QString, ColumnType> m_types;
    bool m_filling = false;

    QThread *m_worker = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<std::optional<Result<Dataset>>> m_result;
    std::optional<Dataset> m_dataset;
};

} // namespace trm::ui
