#pragma once

#include "csvimport.h"

#include <QDialog>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QThread;

namespace trm::ui {

/// Shows how a CSV file will be read before it is loaded: the detected settings
/// (editable, the preview follows), a role and a type per column, and a summary.
///
/// The preview reads the first rows at once; when the settings cannot read
/// them, the column table and the preview are emptied and the reason is shown,
/// so that what is on screen is always what the settings read. Then the whole
/// file is read on a worker thread with exactly the options shown (progress, a
/// Stop button, and a fresh read whenever a setting changes), and the column
/// table and the summary switch to whole-file figures: the types and roles
/// shown are the ones the load uses, because that read is the load. "Load"
/// accepts its table, waiting for it when it is still running; Cancel then
/// stops the load and returns the dialog to its settings, where Load may be
/// pressed again. The dialog is accepted only when the read succeeds, so a
/// failed or cancelled import leaves the caller's data as it was.
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
    /// The summary under the preview, as shown.
    QString summaryText() const;
    /// True once the whole-file read for the current settings has finished
    /// (successfully or not).
    bool wholeFileRead() const { return m_scanFinished; }
    /// Starts the full load as the Load button does.
    void load();
    /// Waits, running the event loop, until the whole-file read has finished or
    /// `timeoutMs` has passed; for screenshots and tests. Returns wholeFileRead().
    bool waitForWholeFile(int timeoutMs);
    /// Closes the dialog; while Load reads the file, stops that read instead
    /// and keeps the dialog open (the Cancel button, Escape and the window's
    /// close button all come here).
    void reject() override;

protected:
    /// Return in a text field applies the text; it does not also press Load.
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void loadFinished(bool ok);
    /// The whole-file read for the current settings finished.
    void wholeFileReadFinished(bool ok);

private:
    struct Scan;

    void refreshPreview();
    void showUnreadable(const QString &reason, const QString &message);
    void showDelimiter(char delimiter);
    std::optional<char> chosenDelimiter() const;
    void fillColumnTable(const std::vector<ColumnProfile> &columns);
    void fillPreviewTable(const ImportPreview &preview);
    void setPreviewHeader(const std::vector<ColumnProfile> &columns);
    void showProgress(int permille);
    void showWholeFileSummary(const Dataset &dataset);
    void showError(const QString &message);
    void startScan();
    void stopScan();
    void onScanProgress(int generation, int permille);
    void onScanned(int generation, const std::shared_ptr<Scan> &scan);
    void finishLoad();
    void setBusy(bool busy);

    QString m_path;
    QComboBox *m_encoding = nullptr;
    QComboBox *m_delimiter = nullptr;
    QLineEdit *m_otherDelimiter = nullptr;
    QComboBox *m_decimal = nullptr;
    QCheckBox *m_header = nullptr;
    QCheckBox *m_emptyMissing = nullptr;
    QLineEdit *m_missing = nullptr;
    QTableWidget *m_columns = nullptr;
    QTableWidget *m_preview = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_stopButton = nullptr;
    QPushButton *m_loadButton = nullptr;
    QPushButton *m_cancelButton = nullptr;

    // What the person changed by hand; everything else is detected afresh.
    bool m_encodingChosen = false, m_delimiterChosen = false, m_decimalChosen = false;
    bool m_headerChosen = false, m_missingChosen = false;
    QHash<QString, ColumnRole> m_roles;
    QHash<QString, ColumnType> m_types;
    bool m_filling = false;

    std::optional<ImportPreview> m_lastPreview;
    // The whole-file read: one generation per settings, older results dropped.
    int m_generation = 0;
    std::shared_ptr<Scan> m_scan;
    std::vector<std::shared_ptr<Scan>> m_running; // reads not yet finished, old ones too
    bool m_scanFinished = false;
    bool m_scanStopped = false;
    bool m_loadRequested = false;
    std::optional<Result<Dataset>> m_wholeFile;
    std::optional<Dataset> m_dataset;
};

} // namespace trm::ui
