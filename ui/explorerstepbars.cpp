#include "explorerstepbars.h"

#include "explorerstyle.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QValueAxis>

#include <cmath>

namespace trm::ui {

ExplorerStepBars::ExplorerStepBars(QWidget *parent)
    : QWidget(parent)
    , m_view(new QChartView)
    , m_series(new QBarSeries)
    , m_valueAxis(new QValueAxis)
    , m_readout(new QLabel)
{
    auto *chart = new QChart;
    explorer::styleChart(chart, font());
    chart->setTitle(tr("Class probabilities at this step"));
    chart->addSeries(m_series);
    m_series->setBarWidth(0.9);
    m_series->setLabelsVisible(true);
    m_series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_series->setLabelsFormat(QStringLiteral("@value %"));
    auto *categories = new QBarCategoryAxis;
    categories->append(QStringLiteral(" "));
    categories->setGridLineVisible(false);
    chart->addAxis(categories, Qt::AlignBottom);
    m_series->attachAxis(categories);
    m_valueAxis->setRange(0, 110);
    m_valueAxis->setTickCount(6);
    m_valueAxis->setTickType(QValueAxis::TicksDynamic);
    m_valueAxis->setTickAnchor(0);
    m_valueAxis->setTickInterval(20);
    m_valueAxis->setLabelFormat(QStringLiteral("%d"));
    m_valueAxis->setTitleText(tr("probability (%)"));
    explorer::styleAxis(m_valueAxis, font());
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    m_series->attachAxis(m_valueAxis);
    m_view->setChart(chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(280, 220);

    m_readout->setFont(explorer::scaledFont(font(), 1.2));
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    m_readout->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_readout->setMinimumWidth(260);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 3);
    layout->addWidget(m_readout, 2);
    clear();
}

void ExplorerStepBars::setClassNames(const QStringList &classNames)
{
    m_classNames = classNames;
    m_series->clear();
    m_sets.clear();
    for (int k = 0; k < int(classNames.size()); ++k) {
        auto *set = new QBarSet(classNames[k]);
        set->setColor(explorer::classColor(k, int(classNames.size())));
        set->setBorderColor(Qt::transparent);
        set->setLabelFont(explorer::scaledFont(font(), 1.1, true));
        set->setLabelColor(Qt::black);
        set->append(0.0);
        m_series->append(set);
        m_sets.push_back(set);
    }
    // Value labels over a dozen thin bars only overlap.
    m_series->setLabelsVisible(classNames.size() <= 6);
    m_view->chart()->legend()->setVisible(true);
}

void ExplorerStepBars::setReading(const StepReading &reading)
{
    for (int k = 0; k < int(m_sets.size()) && k < reading.probabilities.size(); ++k)
        m_sets[std::size_t(k)]->replace(0, std::round(reading.probabilities(k) * 1000.0) / 10.0);

    const auto name = [this](int k) {
        const QColor color = explorer::classColor(k, int(m_classNames.size()));
        return QStringLiteral("<b style=\"color:%1\">%2</b>")
            .arg(color.name(), m_classNames.value(k).toHtmlEscaped());
    };
    QString text = tr("Predicted: %1").arg(name(reading.predicted));
    if (reading.step == 0)
        text += tr("<br><i>the prior guess, before reading the row</i>");
    else if (reading.previousPredicted >= 0 && reading.previousPredicted != reading.predicted)
        text += tr("<br><b style=\"color:#c00000\">changed</b> from %1 at this step")
                    .arg(name(reading.previousPredicted));
    else
        text += tr("<br>unchanged at this step");
    if (reading.trueClass >= 0) {
        const bool right = reading.trueClass == reading.predicted;
        text +=
            tr("<br>True class: %1, %2")
                .arg(name(reading.trueClass), right ? tr("<b style=\"color:#207020\">right</b>")
                                                    : tr("<b style=\"color:#c00000\">wrong</b>"));
    } else {
        text += tr("<br>True class: unknown (edited values)");
    }
    text += tr("<br><br>Margin: %1 (gap between the two most likely classes)")
                .arg(reading.margin, 0, 'f', 3);
    text += tr("<br>Halting probability: %1 %%2")
                .arg(reading.halting * 100, 0, 'f', 1)
                .arg(reading.halting > 0.5 ? tr(" (adaptive halting would stop here)") : QString());
    if (reading.step > 0) {
        text += tr("<br>Answer moved by |&Delta;y| = %1<br>Latent state moved by |&Delta;z| = "
                   "%2<br>Answer step's residual: %3")
                    .arg(reading.answerChange, 0, 'f', 3)
                    .arg(reading.latentChange, 0, 'f', 3)
                    .arg(reading.answerResidual, 0, 'f', 3);
    }
    m_readout->setText(text);
}

void ExplorerStepBars::clear()
{
    for (QBarSet *set : m_sets)
        set->replace(0, 0.0);
    m_readout->setText(tr("Choose a row to see its recursion."));
}

double ExplorerStepBars::barValue(int k) const
{
    return k >= 0 && k < int(m_sets.size()) ? m_sets[std::size_t(k)]->at(0) : 0.0;
}

QString ExplorerStepBars::readoutText() const
{
    return m_readout->text();
}

} // namespace trm::ui
