#include "importdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <map>

namespace trm::ui {

namespace {

/// Rows shown in the preview; enough to judge the columns, cheap to read.
constexpr int previewRows = 50;

const QStringList encodings{QStringLiteral("UTF-8"), QStringLiteral("UTF-16LE"),
                            QStringLiteral("UTF-16BE"), QStringLiteral("Windows-1252")};
const std::vector<std::pair<QString, char>> delimiters{{QStringLiteral("Comma ( , )"), ','},
                                                       {QStringLiteral("Semicolon ( ; )"), ';'},
                                                       {QStringLiteral("Tab"), '\t'},
                                                       {QStringLiteral("Pipe ( | )"), '|'}};

int delimiterIndex(char delimiter)
{
    for (std::size_t i = 0; i < delimiters.size(); ++i)
        if (delimiters[i].second == delimiter)
            return int(i);
    return 0;
}

// The missing markers as the person edits them: separated by spaces, the empty
// cell always included (it cannot be typed).
QString markersText(const QStringList &markers)
{
    QStringList shown;
    for (const QString &marker : markers)
        if (!marker.isEmpty())
            shown.append(marker);
    return shown.join(QLatin1Char(' '));
}

QStringList markersFromText(const QString &text)
{
    QStringList markers{QString()};
    markers.append(text.split(QLatin1Char(' '), Qt::SkipEmptyParts));
    return markers;
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
    m_decimal = new QComboBox(this);
    m_decimal->addItems({tr("Dot (1.5)"), tr("Comma (1,5)")});
    m_header = new QCheckBox(tr("First row holds the column names"), this);
    m_missing = new QLineEdit(this);
    m_missing->setToolTip(tr("Texts read as a missing value, separated by spaces. An empty "
                             "cell is always missing."));

    auto *settings = new QFormLayout;
    settings->addRow(tr("Encoding"), m_encoding);
    settings->addRow(tr("Delimiter"), m_delimiter);
    settings->addRow(tr("Decimal mark"), m_decimal);
    settings->addRow(QString(), m_header);
    settings->addRow(tr("Missing values"), m_missing);

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

    auto *buttons = new QDialogButtonBox(this);
    m_loadButton = buttons->addButton(tr("Load"), QDialogButtonBox::AcceptRole);
    m_cancelButton = buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_loadButton, &QPushButton::clicked, this, &ImportDialog::load);
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        if (m_worker)
            m_cancel->store(true); // the worker reports back; the dialog stays open
        else
            reject();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(path.toHtmlEscaped()), this));
    layout->addLayout(top, 2);
    layout->addWidget(new QLabel(tr("First rows as they will be read:"), this));
    layout->addWidget(m_preview, 3);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addWidget(m_progress);
    layout->addWidget(buttons);

    connect(m_encoding, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling) {
            m_encodingChosen = true;
            refreshPreview();
        }
    });
    connect(m_delimiter, &QComboBox::currentIndexChanged, this, [this] {
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
    connect(m_missing, &QLineEdit::editingFinished, this, [this] {
        if (!m_filling) {
            m_missingChosen = true;
            refreshPreview();
        }
    });
    refreshPreview();
}

ImportDialog::~ImportDialog()
{
    if (m_worker) {
        m_cancel->store(true);
        m_worker->wait();
    }
}

ImportOptions ImportDialog::options() const
{
    ImportOptions options;
    if (m_encodingChosen)
        options.encoding = m_encoding->currentText();
    if (m_delimiterChosen)
        options.delimiter = delimiters[std::size_t(m_delimiter->currentIndex())].second;
    if (m_decimalChosen)
        options.decimalMark = m_decimal->currentIndex() == 1 ? ',' : '.';
    if (m_headerChosen)
        options.hasHeader = m_header->isChecked();
    if (m_missingChosen)
        options.missingMarkers = markersFromText(m_missing->text());
    options.roles = m_roles;
    options.types = m_types;
    return options;
}

QString ImportDialog::errorText() const
{
    return m_error->text();
}

void ImportDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void ImportDialog::refreshPreview()
{
    const Result<ImportPreview> preview = previewImport(m_path, options(), previewRows);
    if (!preview) {
        showError(preview.error().message);
        m_loadButton->setEnabled(false);
        return;
    }
    showError({});
    m_loadButton->setEnabled(true);
    const ImportPreview &p = preview.value();
    m_filling = true;
    m_encoding->setCurrentIndex(std::max(0, int(encodings.indexOf(p.recipe.encoding))));
    m_delimiter->setCurrentIndex(delimiterIndex(p.recipe.delimiter));
    m_decimal->setCurrentIndex(p.recipe.decimalMark == ',' ? 1 : 0);
    m_header->setChecked(p.recipe.hasHeader);
    m_missing->setText(markersText(p.recipe.missingMarkers));
    fillColumnTable(p);
    fillPreviewTable(p);
    updateSummary(p);
    m_filling = false;
}

void ImportDialog::fillColumnTable(const ImportPreview &preview)
{
    m_columns->setRowCount(int(preview.columns.size()));
    for (int c = 0; c < int(preview.columns.size()); ++c) {
        const ColumnProfile &profile = preview.columns[std::size_t(c)];
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
        m_columns->setItem(c, 4, new QTableWidgetItem(QString::number(profile.distinct)));
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

void ImportDialog::fillPreviewTable(const ImportPreview &preview)
{
    m_preview->clear();
    m_preview->setColumnCount(int(preview.header.size()));
    QStringList labels;
    for (const ColumnProfile &p : preview.columns)
        labels.append(QStringLiteral("%1\n%2, %3").arg(p.name, typeName(p.type), roleName(p.role)));
    m_preview->setHorizontalHeaderLabels(labels);
    m_preview->setRowCount(int(preview.rows.size()));
    for (int r = 0; r < int(preview.rows.size()); ++r) {
        for (int c = 0; c < int(preview.rows[std::size_t(r)].size()); ++c) {
            const QString &cell = preview.rows[std::size_t(r)][c];
            auto *item = new QTableWidgetItem(cell.isEmpty() ? tr("(missing)") : cell);
            if (cell.isEmpty())
                item->setForeground(Qt::gray);
            if (preview.columns[std::size_t(c)].role == ColumnRole::Ignore)
                item->setForeground(Qt::gray);
            m_preview->setItem(r, c, item);
        }
    }
    m_preview->resizeColumnsToContents();
}

void ImportDialog::updateSummary(const ImportPreview &preview)
{
    // Counted over the preview rows: the full figures come with the load.
    int features = 0;
    int target = -1;
    for (int c = 0; c < int(preview.columns.size()); ++c) {
        const ColumnProfile &p = preview.columns[std::size_t(c)];
        if (p.role == ColumnRole::Target)
            target = c;
        if (p.role == ColumnRole::Feature)
            features += p.type == ColumnType::Categorical ? std::max(1, p.distinct) : 1;
    }
    std::map<QString, int> classes;
    for (const QStringList &row : preview.rows)
        if (target >= 0 && !row.value(target).isEmpty())
            ++classes[row.value(target)];
    QStringList classText;
    for (const auto &[name, count] : classes)
        classText.append(QStringLiteral("%1 (%2)").arg(name).arg(count));
    QString text = tr("In the first %n row(s): ", nullptr, int(preview.rows.size())) +
                   tr("%n feature(s) after one-hot encoding; ", nullptr, features) +
                   tr("target '%1' with classes %2.")
                       .arg(preview.header.value(target), classText.join(QStringLiteral(", ")));
    text += preview.fileSize >= 1'000'000
                ? tr(" File size %1 MB.").arg(double(preview.fileSize) / 1e6, 0, 'f', 1)
                : tr(" File size %1 kB.").arg(double(preview.fileSize) / 1e3, 0, 'f', 1);
    if (!preview.notices.isEmpty())
        text += QStringLiteral("\n") + preview.notices.join(QStringLiteral("\n"));
    m_summary->setText(text);
}

void ImportDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_loadButton->setEnabled(!busy);
    for (QWidget *w : {static_cast<QWidget *>(m_encoding), static_cast<QWidget *>(m_delimiter),
                       static_cast<QWidget *>(m_decimal), static_cast<QWidget *>(m_header),
                       static_cast<QWidget *>(m_missing), static_cast<QWidget *>(m_columns)})
        w->setEnabled(!busy);
}

void ImportDialog::load()
{
    if (m_worker)
        return;
    showError({});
    setBusy(true);
    m_progress->setValue(0);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_result = std::make_shared<std::optional<Result<Dataset>>>();
    const QString path = m_path;
    const ImportOptions chosen = options();
    auto cancel = m_cancel;
    auto result = m_result;
    QPointer<QProgressBar> progress = m_progress;
    // The worker touches no widget: progress goes to the bar as a queued call.
    m_worker = QThread::create([path, chosen, cancel, result, progress] {
        *result = importDataset(path, chosen, [cancel, progress](qint64 done, qint64 total) {
            const int value = total > 0 ? int(1000.0 * double(done) / double(total)) : 0;
            QMetaObject::invokeMethod(
                progress,
                [progress, value] {
                    if (progress)
                        progress->setValue(value);
                },
                Qt::QueuedConnection);
            return !cancel->load();
        });
    });
    connect(m_worker, &QThread::finished, this, &ImportDialog::onLoaded);
    m_worker->start();
}

void ImportDialog::onLoaded()
{
    m_worker->deleteLater();
    m_worker = nullptr;
    setBusy(false);
    Result<Dataset> &result = **m_result;
    if (!result) {
        showError(result.error().message);
        emit loadFinished(false);
        return;
    }
    m_dataset = std::move(result).value();
    emit loadFinished(true);
    accept();
}

} // namespace trm::ui
