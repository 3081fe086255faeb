#include "explorerwhatifform.h"

#include "explorerstyle.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace trm::ui {

namespace {

/// Decimals that show a value of this range to about four significant digits.
int decimalsFor(double range)
{
    if (!(range > 0))
        return 3;
    return std::clamp(3 - int(std::floor(std::log10(range))), 0, 6);
}

/// Decimals that write every value of `column` as the data has it: the
/// shortest text that reads back as the same number (0.02398, not 0.0240).
int dataDecimals(const Eigen::VectorXd &column)
{
    int decimals = 0;
    for (Eigen::Index i = 0; i < column.size(); ++i) {
        if (!std::isfinite(column(i)))
            continue;
        const QString text = QString::number(column(i), 'f', QLocale::FloatingPointShortest);
        const qsizetype point = text.indexOf(QLatin1Char('.'));
        if (point >= 0)
            decimals = std::max(decimals, int(text.size() - point - 1));
    }
    return std::min(decimals, ExplorerWhatIfForm::maximumDecimals);
}

/// A spin box that writes its value without trailing zeros, so that a column
/// needing four decimals for some rows still shows 698.8 as 698.8.
class ValueSpinBox : public QDoubleSpinBox
{
public:
    QString textFromValue(double value) const override
    {
        QString text = locale().toString(value, 'f', decimals());
        const QString point = locale().decimalPoint();
        if (text.contains(point)) {
            while (text.endsWith(QLatin1Char('0')))
                text.chop(1);
            if (text.endsWith(point))
                text.chop(point.size());
        }
        return text;
    }
};

} // namespace

ExplorerWhatIfForm::ExplorerWhatIfForm(QWidget *parent)
    : QWidget(parent)
    , m_fields(new QWidget)
    , m_status(new QLabel)
    , m_reset(new QPushButton(tr("Reset to the row's values")))
{
    m_status->setWordWrap(true);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_fields);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_reset);
    new QFormLayout(m_fields);
    connect(m_reset, &QPushButton::clicked, this, &ExplorerWhatIfForm::reset);
    updateStatus();
}

void ExplorerWhatIfForm::setFeatures(const QStringList &names, const Eigen::MatrixXd &data)
{
    const Eigen::VectorXd minimum = data.colwise().minCoeff();
    const Eigen::VectorXd maximum = data.colwise().maxCoeff();
    auto *form = static_cast<QFormLayout *>(m_fields->layout());
    while (form->rowCount() > 0)
        form->removeRow(0);
    m_boxes.clear();
    const QFont large = explorer::scaledFont(font(), 1.1);
    for (int j = 0; j < int(names.size()); ++j) {
        auto *box = new ValueSpinBox;
        box->setFont(large);
        const bool known = data.rows() > 0 && data.cols() > j;
        const double low = known ? minimum(j) : 0.0;
        const double high = known ? maximum(j) : 1.0;
        const double range = std::max(high - low, 1e-9);
        box->setDecimals(std::max(decimalsFor(range), known ? dataDecimals(data.col(j)) : 0));
        // Far enough beyond the data to ask "what if it were much larger?".
        box->setRange(low - range, high + range);
        box->setSingleStep(range / 20);
        box->setKeyboardTracking(false);
        box->setToolTip(tr("%1: from %2 to %3 in the data")
                            .arg(names[j])
                            .arg(low, 0, 'g', 6)
                            .arg(high, 0, 'g', 6));
        connect(box, &QDoubleSpinBox::valueChanged, this,
                [this, j](double value) { onSpinBoxChanged(j, value); });
        auto *label = new QLabel(names[j]);
        label->setFont(large);
        form->addRow(label, box);
        m_boxes.push_back(box);
    }
    m_values = Eigen::RowVectorXd::Zero(names.size());
    m_rowValues = m_values;
    m_rowName.clear();
    updateStatus();
}

void ExplorerWhatIfForm::setRowValues(const Eigen::RowVectorXd &values, const QString &rowName)
{
    m_rowValues = values;
    m_values = values;
    m_rowName = rowName;
    for (int j = 0; j < int(m_boxes.size()) && j < values.size(); ++j) {
        const QSignalBlocker blocker(m_boxes[std::size_t(j)]);
        m_boxes[std::size_t(j)]->setValue(values(j));
    }
    updateStatus();
}

QDoubleSpinBox *ExplorerWhatIfForm::spinBox(int feature) const
{
    return feature >= 0 && feature < int(m_boxes.size()) ? m_boxes[std::size_t(feature)] : nullptr;
}

void ExplorerWhatIfForm::reset()
{
    setRowValues(m_rowValues, m_rowName);
    emit valuesEdited(m_values);
}

void ExplorerWhatIfForm::onSpinBoxChanged(int feature, double value)
{
    if (feature >= m_values.size())
        return;
    // A box showing the row's own value (after rounding) stands for that value.
    const QDoubleSpinBox *box = m_boxes[std::size_t(feature)];
    const double own = m_rowValues(feature);
    const double shownOwn = QString::number(own, 'f', box->decimals()).toDouble();
    m_values(feature) =
        std::abs(value - shownOwn) < 0.5 * std::pow(10.0, -box->decimals()) ? own : value;
    updateStatus();
    emit valuesEdited(m_values);
}

void ExplorerWhatIfForm::updateStatus()
{
    m_reset->setEnabled(isEdited());
    if (m_rowName.isEmpty()) {
        m_status->setText(tr("Choose a row; its values appear here to change."));
        return;
    }
    m_status->setText(
        isEdited()
            ? tr("<b>Edited</b> from %1: the recursion is rerun for these values "
                 "(true class unknown).")
                  .arg(m_rowName)
            : tr("Values of %1. Change one to see the whole recursion again.").arg(m_rowName));
}

} // namespace trm::ui
