#include "importdialog.h"

#include "plural.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace trm::ui {

/// One whole-file read on a worker thread. The worker writes `result` before
/// the thread finishes; the GUI reads it only after `finished`, so the thread's
/// end orders the two.
struct ImportDialog::Scan
{
    std::atomic<bool> cancel{false};
    std::optional<Result<Dataset>> result;
    QThread *thread = nullptr;
};

namespace {

/// Rows shown in the preview; enough to judge the columns, cheap to read.
constexpr int previewRows = 50;

const QStringList encodings{QStringLiteral("UTF-8"), QStringLiteral("UTF-16LE"),
                            QStringLiteral("UTF-16BE"), QStringLiteral("Windows-1252")};
const std::vector<std::pair<QString, char>> delimiters{{QStringLiteral("Comma ( , )"), ','},
                                                       {QStringLiteral("Semicolon ( ; )"), ';'},
                                                       {QStringLiteral("Tab"), '\t'},
                                                       {QStringLiteral("Pipe ( | )"), '|'}};

/// The last entry of the delimiter list, after the named ones: any one
/// character, typed in the field beside the list.
const int otherDelimiter = int(delimiters.size());

int delimiterIndex(char delimiter)
{
    for (std::size_t i = 0; i < delimiters.size(); ++i)
        if (delimiters[i].second == delimiter)
            return int(i);
    return otherDelimiter;
}

// The markers other than the empty cell, separated by spaces as the person
// edits them; the empty cell has its own check box, since it cannot be typed.
QString markersText(const QStringList &markers)
{
    QStringList shown;
    for (const QString &marker : markers)
        if (!marker.trimmed().isEmpty())
            shown.append(marker.trimmed());
    return shown.join(QLatin1Char(' '));
}

QStringList markersFromText(bool emptyIsMissing, const QString &text)
{
    QStringList markers;
    if (emptyIsMissing)
        markers.append(QString());
    markers.append(text.split(QLatin1Char(' '), Qt::SkipEmptyParts));
    return markers;
}

bool hasEmptyMarker(const QStringList &markers)
{
    return std::any_of(markers.begin(), markers.end(),
                       [](const QString &marker) { return marker.trimmed().isEmpty(); });
}

QString fileSizeText(qint64 size)
{
    if (size < 1'000)
        return counted(size, QStringLiteral("byte"), QStringLiteral("bytes"));
    return size >= 1'000'000 ? QStringLiteral("%1 MB").arg(double(size) / 1e6, 0, 'f', 1)
                             : QStringLiteral("%1 kB").arg(double(size) / 1e3, 0, 'f', 1);
}

} // namespace

ImportDialog::ImportDialog(const QString &path, QWidget *parent)
    : QDialog(parent)
    , m_path(path)
{
    setWindowTitle(tr("Import %1").arg(QFileInfo(path).fileName()));
    resize(900, 640);

    m_encoding = new QComboBox(this);
    m_encoding->addItems(encodings);
    m_delimiter = new QComboBox(this);
    for (const auto &[name, delimiter] : delimiters)
        m_delimiter->addItem(name);
    m_delimiter->addItem(tr("Other…"));
    m_otherDelimiter = new QLineEdit(this);
    m_otherDelimiter->setMaxLength(1);
    m_otherDelimiter->setAlignment(Qt::AlignCenter);
    m_otherDelimiter->setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("MMMM")));
    m_otherDelimiter->setToolTip(tr("With \"Other…\": the delimiter, any one character but the "
                                    "double quote. The preview follows as you type."));
    m_otherDelimiter->setEnabled(false);
    // Shown only with "Other…", keeping its place so the row does not jump.
    QSizePolicy keepPlace = m_otherDelimiter->sizePolicy();
    keepPlace.setRetainSizeWhenHidden(true);
    m_otherDelimiter->setSizePolicy(keepPlace);
    m_otherDelimiter->setVisible(false);
    m_decimal = new QComboBox(this);
    m_decimal->addItems({tr("Dot (1.5)"), tr("Comma (1,5)")});
    m_header = new QCheckBox(tr("First row holds the column names"), this);
    m_emptyMissing = new QCheckBox(tr("Empty cells are missing"), this);
    m_missing = new QLineEdit(this);
    m_missing->setToolTip(tr("Other texts read as a missing value, separated by spaces; "
                             "upper and lower case are the same. Press Enter to apply."));

    auto *settings = new QFormLayout;
    settings->addRow(tr("Encoding"), m_encoding);
    auto *delimiterRow = new QHBoxLayout;
    delimiterRow->addWidget(m_delimiter, 1);
    delimiterRow->addWidget(m_otherDelimiter);
    settings->addRow(tr("Delimiter"), delimiterRow);
    settings->addRow(tr("Decimal mark"), m_decimal);
    settings->addRow(QString(), m_header);
    settings->addRow(tr("Missing values"), m_emptyMissing);
    settings->addRow(tr("and the texts"), m_missing);
    m_missing->installEventFilter(this);
    m_otherDelimiter->installEventFilter(this);

    m_columns = new QTableWidget(this);
    m_columns->setColumnCount(6);
    m_columns->setHorizontalHeaderLabels(
        {tr("Column"), tr("Type"), tr("Role"), tr("Missing"), tr("Distinct"), tr("Note")});
    m_columns->horizontalHeader()->setStretchLastSection(true);
    m_columns->verticalHeader()->hide();
    m_columns->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *top = new QHBoxLayout;
    top->addLayout(settings, 2);
    top->addWidget(m_columns, 3);

    m_preview = new QTableWidget(this);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setAlternatingRowColors(true);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    m_error->hide();
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->hide();
    m_stopButton = new QPushButton(tr("Stop counting"), this);
    m_stopButton->setToolTip(tr("Stop reading the whole file; the figures stay those of the "
                                "first rows. Load reads it again."));
    m_stopButton->hide();
    connect(m_stopButton, &QPushButton::clicked, this, &ImportDialog::stopScan);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_stopButton);

    auto *buttons = new QDialogButtonBox(this);
    m_loadButton = buttons->addButton(tr("Load"), QDialogButtonBox::AcceptRole);
    m_cancelButton = buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_loadButton, &QPushButton::clicked, this, &ImportDialog::load);
    connect(m_cancelButton, &QPushButton::clicked, this, &ImportDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(path.toHtmlEscaped()), this));
    layout->addLayout(top, 2);
    layout->addWidget(new QLabel(tr("First rows as they will be read:"), this));
    layout->addWidget(m_preview, 3);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addLayout(progressRow);
    layout->addWidget(buttons);

    // The defaults, shown as they are even when the first preview fails.
    m_header->setChecked(true);
    m_emptyMissing->setChecked(true);
    m_missing->setText(markersText(ImportRecipe::defaultMissingMarkers()));

    connect(m_encoding, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling) {
            m_encodingChosen = true;
            refreshPreview();
        }
    });
    connect(m_delimiter, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_otherDelimiter->setEnabled(index == otherDelimiter);
        m_otherDelimiter->setVisible(index == otherDelimiter);
        if (m_filling)
            return;
        m_delimiterChosen = true;
        if (index == otherDelimiter) {
            m_otherDelimiter->setFocus();
            m_otherDelimiter->selectAll();
        }
        refreshPreview();
    });
    connect(m_otherDelimiter, &QLineEdit::textEdited, this, [this] {
        if (!m_filling) {
            m_delimiterChosen = true;
            refreshPreview();
        }
    });
    connect(m_decimal, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling) {
            m_decimalChosen = true;
            refreshPreview();
        }
    });
    connect(m_header, &QCheckBox::toggled, this, [this] {
        if (!m_filling) {
            m_headerChosen = true;
            m_roles.clear(); // the column names change
            m_types.clear();
            refreshPreview();
        }
    });
    connect(m_emptyMissing, &QCheckBox::toggled, this, [this] {
        if (!m_filling) {
            m_missingChosen = true;
            refreshPreview();
        }
    });
    connect(m_missing, &QLineEdit::editingFinished, this, [this] {
        if (!m_filling && m_missing->isModified()) {
            m_missing->setModified(false);
            m_missingChosen = true;
            refreshPreview();
        }
    });
    refreshPreview();
}

ImportDialog::~ImportDialog()
{
    // Every read still running is told to stop, then waited for: a worker must
    // not outlive the dialog whose slots its queued calls name.
    for (const std::shared_ptr<Scan> &scan : m_running)
        scan->cancel.store(true);
    for (const std::shared_ptr<Scan> &scan : m_running) {
        scan->thread->wait();
        delete scan->thread; // finished: its queued "finished" call dies with the dialog
    }
}

ImportOptions ImportDialog::options() const
{
    ImportOptions options;
    if (m_encodingChosen)
        options.encoding = m_encoding->currentText();
    if (m_delimiterChosen)
        options.delimiter = chosenDelimiter();
    if (m_decimalChosen)
        options.decimalMark = m_decimal->currentIndex() == 1 ? ',' : '.';
    if (m_headerChosen)
        options.hasHeader = m_header->isChecked();
    if (m_missingChosen)
        options.missingMarkers = markersFromText(m_emptyMissing->isChecked(), m_missing->text());
    options.roles = m_roles;
    options.types = m_types;
    return options;
}

void ImportDialog::reject()
{
    if (m_loadRequested && m_scan) {
        // The read reports back as cancelled; the dialog stays open.
        m_scanStopped = true;
        m_scan->cancel.store(true);
        return;
    }
    QDialog::reject();
}

QString ImportDialog::errorText() const
{
    return m_error->text();
}

QString ImportDialog::summaryText() const
{
    return m_summary->text();
}

void ImportDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

std::optional<char> ImportDialog::chosenDelimiter() const
{
    const int index = m_delimiter->currentIndex();
    if (index >= 0 && index < otherDelimiter)
        return delimiters[std::size_t(index)].second;
    // The reader splits bytes, so one ASCII character; the double quote
    // encloses fields and cannot also separate them.
    const QString text = m_otherDelimiter->text();
    if (text.size() != 1 || text.front().unicode() < 0x20 || text.front().unicode() >= 0x7f ||
        text.front() == QLatin1Char('"'))
        return std::nullopt;
    return char(text.front().unicode());
}

void ImportDialog::showDelimiter(char delimiter)
{
    if (chosenDelimiter() == delimiter)
        return; // "Other…" with a listed character stays as the person typed it
    const int index = delimiterIndex(delimiter);
    m_delimiter->setCurrentIndex(index);
    if (index == otherDelimiter)
        m_otherDelimiter->setText(QString(QLatin1Char(delimiter)));
}

void ImportDialog::showUnreadable(const QString &reason, const QString &message)
{
    // Nothing to read the whole file with: any running read is dropped, and
    // the tables are emptied rather than left showing what other settings read.
    if (m_scan)
        m_scan->cancel.store(true);
    m_scan.reset();
    ++m_generation;
    m_scanFinished = true;
    m_wholeFile.reset();
    m_lastPreview.reset();
    m_progress->hide();
    m_stopButton->hide();
    m_columns->setRowCount(0);
    m_preview->clear();
    m_preview->setRowCount(0);
    m_preview->setColumnCount(0);
    m_summary->setText(reason);
    showError(message);
    m_loadButton->setEnabled(false);
    emit wholeFileReadFinished(false);
}

bool ImportDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress &&
        (watched == m_missing || watched == m_otherDelimiter)) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            // The field applies its text; the dialog does not see the key, so
            // its default button (Load) is not pressed as well.
            watched->event(event);
            event->accept(); // the line edit ignores it, which would pass it on
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void ImportDialog::refreshPreview()
{
    if (m_delimiterChosen && !chosenDelimiter()) {
        showUnreadable(tr("Nothing to show until the delimiter is known."),
                       tr("Type the delimiter in the field beside \"Other…\": one character, "
                          "any but the double quote."));
        return;
    }
    const Result<ImportPreview> preview = previewImport(m_path, options(), previewRows);
    if (!preview) {
        // Detected settings that fail mean the file itself is the problem (a
        // spreadsheet, a web page, a broken quote); chosen ones may be mistaken.
        const bool chosen = m_encodingChosen || m_delimiterChosen || m_decimalChosen ||
                            m_headerChosen || m_missingChosen;
        showUnreadable(chosen ? tr("Nothing to show: these settings cannot read the first rows "
                                   "of the file, for the reason below. Change them and the "
                                   "preview follows.")
                              : tr("Nothing to show: the file cannot be read as a table, for the "
                                   "reason below."),
                       preview.error().message);
        return;
    }
    showError({});
    m_loadButton->setEnabled(true);
    m_lastPreview = preview.value();
    const ImportPreview &p = *m_lastPreview;
    m_filling = true;
    m_encoding->setCurrentIndex(std::max(0, int(encodings.indexOf(p.recipe.encoding))));
    showDelimiter(p.recipe.delimiter);
    m_decimal->setCurrentIndex(p.recipe.decimalMark == ',' ? 1 : 0);
    m_header->setChecked(p.recipe.hasHeader);
    m_emptyMissing->setChecked(hasEmptyMarker(p.recipe.missingMarkers));
    m_missing->setText(markersText(p.recipe.missingMarkers));
    m_missing->setModified(false);
    fillColumnTable(p.columns);
    fillPreviewTable(p);
    m_filling = false;
    startScan();
}

void ImportDialog::startScan()
{
    if (m_scan)
        m_scan->cancel.store(true);
    const int generation = ++m_generation;
    m_scanFinished = false;
    m_scanStopped = false;
    m_wholeFile.reset();
    auto scan = std::make_shared<Scan>();
    m_scan = scan;
    m_progress->show();
    m_stopButton->setVisible(!m_loadRequested);
    m_stopButton->setEnabled(true);
    showProgress(0);

    const QString path = m_path;
    const ImportOptions chosen = options();
    QPointer<ImportDialog> self = this;
    // The worker touches no widget: progress comes back as queued calls that
    // carry the generation, so a superseded read cannot move the bar.
    scan->thread = QThread::create([path, chosen, scan, self, generation] {
        scan->result =
            importDataset(path, chosen, [scan, self, generation](qint64 done, qint64 total) {
                const int permille = total > 0 ? int(1000.0 * double(done) / double(total)) : 0;
                if (!self)
                    return !scan->cancel.load();
                QMetaObject::invokeMethod(
                    self.get(),
                    [self, generation, permille] {
                        if (self)
                            self->onScanProgress(generation, permille);
                    },
                    Qt::QueuedConnection);
                return !scan->cancel.load();
            });
    });
    m_running.push_back(scan);
    connect(scan->thread, &QThread::finished, this, [this, scan, generation] {
        m_running.erase(std::remove(m_running.begin(), m_running.end(), scan), m_running.end());
        scan->thread->deleteLater();
        onScanned(generation, scan);
    });
    scan->thread->start();
}

void ImportDialog::stopScan()
{
    if (!m_scan || m_scanFinished)
        return;
    m_scanStopped = true;
    m_scan->cancel.store(true);
    m_stopButton->setEnabled(false);
}

void ImportDialog::onScanProgress(int generation, int permille)
{
    if (generation != m_generation || m_scanFinished)
        return;
    showProgress(permille);
}

void ImportDialog::onScanned(int generation, const std::shared_ptr<Scan> &scan)
{
    if (generation != m_generation)
        return; // settings changed while it ran: a newer read is on its way
    m_scanFinished = true;
    m_scan.reset();
    m_progress->hide();
    m_stopButton->hide();
    Result<Dataset> &result = *scan->result;
    if (result) {
        m_filling = true;
        fillColumnTable(result.value().columnProfiles);
        setPreviewHeader(result.value().columnProfiles);
        m_filling = false;
        showWholeFileSummary(result.value());
    } else if (m_scanStopped && m_loadRequested) {
        m_summary->setText(tr("Loading cancelled at %1%; nothing was loaded. Types and roles "
                              "shown are from the first rows only. Load reads the whole file "
                              "again, Cancel closes.")
                               .arg(m_progress->value() / 10));
    } else if (m_scanStopped) {
        m_summary->setText(tr("Counting stopped at %1%: types and roles shown are from the "
                              "first rows only. Load reads the whole file.")
                               .arg(m_progress->value() / 10));
    } else {
        m_summary->setText(tr("The whole file cannot be read with these settings (the reason "
                              "is below); the types and roles shown are from the first %1.")
                               .arg(counted(qint64(m_lastPreview ? m_lastPreview->rows.size() : 0),
                                            tr("row"), tr("rows"))));
        showError(result.error().message);
        m_loadButton->setEnabled(false);
    }
    m_wholeFile = std::move(result);
    emit wholeFileReadFinished(bool(*m_wholeFile));
    if (m_loadRequested)
        finishLoad();
}

bool ImportDialog::waitForWholeFile(int timeoutMs)
{
    if (m_scanFinished)
        return true;
    QEventLoop loop;
    connect(this, &ImportDialog::wholeFileReadFinished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    layout()->activate(); // the summary's new height, before anyone grabs the dialog
    return m_scanFinished;
}

void ImportDialog::fillColumnTable(const std::vector<ColumnProfile> &columns)
{
    m_columns->setRowCount(int(columns.size()));
    for (int c = 0; c < int(columns.size()); ++c) {
        const ColumnProfile &profile = columns[std::size_t(c)];
        m_columns->setItem(c, 0, new QTableWidgetItem(profile.name));
        auto *type = new QComboBox(m_columns);
        for (ColumnType t : {ColumnType::Numeric, ColumnType::Categorical, ColumnType::Identifier})
            type->addItem(typeName(t), int(t));
        type->setCurrentIndex(int(profile.type));
        auto *role = new QComboBox(m_columns);
        for (ColumnRole r : {ColumnRole::Feature, ColumnRole::Target, ColumnRole::Ignore})
            role->addItem(roleName(r), int(r));
        role->setCurrentIndex(int(profile.role));
        m_columns->setCellWidget(c, 1, type);
        m_columns->setCellWidget(c, 2, role);
        m_columns->setItem(c, 3, new QTableWidgetItem(QString::number(profile.missing)));
        auto *distinct =
            new QTableWidgetItem(QString::number(profile.distinct) +
                                 (profile.distinctCapped ? QStringLiteral("+") : QString()));
        if (profile.distinctCapped)
            distinct->setToolTip(tr("At least %1: long numeric columns are counted only this far")
                                     .arg(profile.distinct));
        m_columns->setItem(c, 4, distinct);
        m_columns->setItem(c, 5, new QTableWidgetItem(profile.reason));
        const QString name = profile.name;
        connect(type, &QComboBox::currentIndexChanged, this, [this, name, type] {
            if (m_filling)
                return;
            m_types.insert(name, ColumnType(type->currentData().toInt()));
            refreshPreview();
        });
        connect(role, &QComboBox::currentIndexChanged, this, [this, name, role] {
            if (m_filling)
                return;
            const auto chosen = ColumnRole(role->currentData().toInt());
            if (chosen == ColumnRole::Target) {
                // One target: the previous one goes back to being a feature.
                for (auto it = m_roles.begin(); it != m_roles.end(); ++it)
                    if (it.value() == ColumnRole::Target)
                        it.value() = ColumnRole::Feature;
                for (int r = 0; r < m_columns->rowCount(); ++r) {
                    auto *other = qobject_cast<QComboBox *>(m_columns->cellWidget(r, 2));
                    const QString otherName = m_columns->item(r, 0)->text();
                    if (other && otherName != name &&
                        ColumnRole(other->currentData().toInt()) == ColumnRole::Target)
                        m_roles.insert(otherName, ColumnRole::Feature);
                }
            }
            m_roles.insert(name, chosen);
            refreshPreview();
        });
    }
    m_columns->resizeColumnsToContents();
}

void ImportDialog::setPreviewHeader(const std::vector<ColumnProfile> &columns)
{
    QStringList labels;
    for (const ColumnProfile &p : columns)
        labels.append(QStringLiteral("%1\n%2, %3").arg(p.name, typeName(p.type), roleName(p.role)));
    m_preview->setHorizontalHeaderLabels(labels);
    for (int c = 0; c < int(columns.size()) && c < m_preview->columnCount(); ++c) {
        const bool ignored = columns[std::size_t(c)].role == ColumnRole::Ignore;
        for (int r = 0; r < m_preview->rowCount(); ++r) {
            QTableWidgetItem *item = m_preview->item(r, c);
            const bool missing = item && item->data(Qt::UserRole).toBool();
            if (item)
                item->setForeground(ignored || missing ? QBrush(Qt::gray) : QBrush());
        }
    }
}

void ImportDialog::fillPreviewTable(const ImportPreview &preview)
{
    m_preview->clear();
    m_preview->setColumnCount(int(preview.header.size()));
    m_preview->setRowCount(int(preview.rows.size()));
    for (int r = 0; r < int(preview.rows.size()); ++r) {
        const QStringList &row = preview.rows[std::size_t(r)];
        for (int c = 0; c < int(row.size()); ++c) {
            const bool missing = preview.missingCells[std::size_t(r)][std::size_t(c)];
            // An empty cell that is not a marker is a value of its own: shown
            // as such, so that unticking "Empty cells are missing" shows.
            const QString shown =
                missing ? tr("(missing)") : (row[c].isEmpty() ? tr("(empty)") : row[c]);
            auto *item = new QTableWidgetItem(shown);
            item->setData(Qt::UserRole, missing);
            m_preview->setItem(r, c, item);
        }
    }
    setPreviewHeader(preview.columns);
    m_preview->resizeColumnsToContents();
}

void ImportDialog::showProgress(int permille)
{
    // The same read either counts (the figures for the summary) or loads (the
    // dialog closes when it ends); the bar and the text say which.
    m_progress->setValue(permille);
    m_progress->setFormat(m_loadRequested ? tr("Loading… %p%") : tr("Counting… %p%"));
    if (!m_lastPreview)
        return;
    const ImportPreview &preview = *m_lastPreview;
    // While the whole file is read, say plainly that the types shown come from
    // the first rows only and that the counts are still to come.
    const QString doing =
        m_loadRequested ? tr("Loading the whole file…") : tr("Counting the whole file…");
    QString text = tr("%1 %2% (%3). Types and roles shown are from the first %4 until then.")
                       .arg(doing)
                       .arg(permille / 10)
                       .arg(fileSizeText(preview.fileSize),
                            counted(qint64(preview.rows.size()), tr("row"), tr("rows")));
    if (!preview.notices.isEmpty())
        text += QStringLiteral("\n") + preview.notices.join(QStringLiteral("\n"));
    m_summary->setText(text);
}

void ImportDialog::showWholeFileSummary(const Dataset &dataset)
{
    std::vector<int> counts(std::size_t(dataset.classCount()), 0);
    for (int label : dataset.labels)
        ++counts[std::size_t(label)];
    QStringList classText;
    for (int k = 0; k < dataset.classCount(); ++k)
        classText.append(QStringLiteral("%1 (%2)").arg(dataset.classNames[k]).arg(counts[k]));
    QStringList missingText;
    for (const ColumnProfile &p : dataset.columnProfiles)
        if (p.missing > 0)
            missingText.append(QStringLiteral("%1 %2").arg(p.name).arg(p.missing));

    const int rowsRead = dataset.rowCount() + dataset.droppedRows;
    QString text =
        tr("Whole file (%1): %2 read")
            .arg(fileSizeText(QFileInfo(m_path).size()), counted(rowsRead, tr("row"), tr("rows")));
    if (dataset.droppedRows > 0)
        text += tr(", %1 dropped for a missing target").arg(dataset.droppedRows);
    text += tr("; %1 after one-hot encoding")
                .arg(counted(dataset.featureCount(), tr("feature"), tr("features")));
    text +=
        tr("; target '%1' with %2: ")
            .arg(dataset.targetName, counted(dataset.classCount(), tr("class"), tr("classes"))) +
        classText.join(QStringLiteral(", "));
    text += missingText.isEmpty()
                ? tr("; no missing values.")
                : tr("; missing values: %1.").arg(missingText.join(QStringLiteral(", ")));
    if (!dataset.notices.isEmpty())
        text += QStringLiteral("\n") + dataset.notices.join(QStringLiteral("\n"));
    m_summary->setText(text);
}

void ImportDialog::setBusy(bool busy)
{
    m_loadButton->setEnabled(!busy);
    for (QWidget *w : {static_cast<QWidget *>(m_encoding), static_cast<QWidget *>(m_delimiter),
                       static_cast<QWidget *>(m_decimal), static_cast<QWidget *>(m_header),
                       static_cast<QWidget *>(m_emptyMissing), static_cast<QWidget *>(m_missing),
                       static_cast<QWidget *>(m_columns)})
        w->setEnabled(!busy);
    m_otherDelimiter->setEnabled(!busy && m_delimiter->currentIndex() == otherDelimiter);
}

void ImportDialog::load()
{
    if (m_loadRequested)
        return;
    m_loadRequested = true;
    setBusy(true);
    if (m_scanFinished && (!m_wholeFile || (!*m_wholeFile && m_scanStopped))) {
        // Stopped by the person, or never started: read again, now to load.
        showError({});
        startScan();
        m_stopButton->hide();
        return;
    }
    if (m_scanFinished) {
        // Already read with these settings: the answer comes on the next turn
        // of the event loop, as it would after a read.
        QTimer::singleShot(0, this, &ImportDialog::finishLoad);
        return;
    }
    // The count under way becomes the load, from where it is.
    m_stopButton->hide(); // Cancel stops the read now
    showProgress(m_progress->value());
}

void ImportDialog::finishLoad()
{
    m_loadRequested = false;
    setBusy(false);
    if (!m_wholeFile || !*m_wholeFile) {
        // A cancelled load may be tried again and is no error; a refused file
        // would fail the same way.
        if (m_wholeFile && !m_scanStopped)
            showError(m_wholeFile->error().message);
        m_loadButton->setEnabled(m_scanStopped);
        emit loadFinished(false);
        return;
    }
    m_dataset = std::move(*m_wholeFile).value();
    m_wholeFile.reset();
    emit loadFinished(true);
    accept();
}

} // namespace trm::ui
