#pragma once

#include <Eigen/Core>
#include <QStringList>
#include <QWidget>

#include <vector>

class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace trm::ui {

/// "What if the petal were longer?": one spin box per feature, starting at a
/// chosen row's raw values. Changing any of them emits valuesEdited at once,
/// so the explorer reruns the recursion for the edited row.
///
/// The form keeps the row's exact values and replaces only the feature that
/// was edited, so the rounding of a spin box's display never alters the
/// others: with nothing edited the values are the row's own, bit for bit.
class ExplorerWhatIfForm : public QWidget
{
    Q_OBJECT

public:
    explicit ExplorerWhatIfForm(QWidget *parent = nullptr);

    /// Decimals a spin box shows at most, however many the data has.
    static constexpr int maximumDecimals = 10;

    /// Builds one spin box per feature of `data` (n x d). Each box ranges over
    /// its column's range extended by its own width either way, and shows as
    /// many decimals as the column's values need to be written exactly.
    void setFeatures(const QStringList &names, const Eigen::MatrixXd &data);
    /// Starts every box at this row's values (1 x d) without emitting valuesEdited.
    void setRowValues(const Eigen::RowVectorXd &values, const QString &rowName);

    const Eigen::RowVectorXd &values() const { return m_values; }
    /// True once a value differs from the row's own.
    bool isEdited() const { return m_values != m_rowValues; }
    QDoubleSpinBox *spinBox(int feature) const;
    QPushButton *resetButton() const { return m_reset; }

signals:
    void valuesEdited(const Eigen::RowVectorXd &values);

public slots:
    /// Back to the row's own values; emits valuesEdited.
    void reset();

private:
    void onSpinBoxChanged(int feature, double value);
    void updateStatus();

    std::vector<QDoubleSpinBox *> m_boxes;
    Eigen::RowVectorXd m_values;
    Eigen::RowVectorXd m_rowValues;
    QWidget *m_fields;
    QLabel *m_status;
    QPushButton *m_reset;
    QString m_rowName;
};

} // namespace trm::ui
