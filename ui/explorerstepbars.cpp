#include "explorerstepbars.h"

#include "explorercaption.h"
#include "explorerstyle.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QBoxLayout>
#include <QChart>
#include <QChartView>
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
    , m_readout(new ExplorerCaptionLabel)
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
    m_view->setMinimumSize(minimumChartWidth, 240);

    m_readout->setFont(explorer::scaledFont(font(), 1.2));
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    m_readout->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_readout->setMinimumWidth(minimumReadoutWidth);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    m_layout = new QBoxLayout(QBoxLayout::LeftToRight, this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->addWidget(m_view, 3);
    m_layout->addWidget(m_readout, 2);
    clear();
}

QLabel *ExplorerStepBars::readout() const
{
    return m_readout;
}

bool ExplorerStepBars::isSideBySide() const
{
    return m_layout->direction() == QBoxLayout::LeftToRight;
}

QSize ExplorerStepBars::minimumSizeHint() const
{
    // The narrow arrangement, readout under the chart, is always possible.
    QSize size = QWidget::minimumSizeHint();
    size.setWidth(std::max(minimumChartWidth, minimumReadoutWidth));
    return size;
}

void ExplorerStepBars::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Beside the chart while both keep their width, otherwise under it, so the
    // readout never runs over the bars or out of the window.
    const int sideBySide = minimumChartWidth + minimumReadoutWidth + m_layout->spacing() + 120;
    const auto direction =
        width() >= sideBySide ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (direction != m_layout->direction())
        m_layout->setDirection(direction);
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
    // Many names fit in a column beside the bars, not in a line under them.
    m_view->chart()->legend()->setAlignment(classNames.size() <= 4 ? Qt::AlignBottom
                                                                   : Qt::AlignRight);

    // The readout keeps the height of its longest form, a class change between
    // the two longest class names, so the chart under it stays put.
    int longest = 0, second = -1;
    for (int k = 1; k < int(classNames.size()); ++k) {
        if (classNames[k].size() > classNames[longest].size())
            longest = k;
    }
    for (int k = 0; k < int(classNames.size()); ++k) {
        if (k != longest && (second < 0 || classNames[k].size() > classNames[second].size()))
            second = k;
    }
    StepReading widest;
    widest.step = 1;
    widest.predicted = longest;
    widest.previousPredicted = std::max(second, 0);
    widest.trueClass = std::max(second, 0);
    widest.margin = 0.888;
    widest.halting = 0.888;
    widest.answerChange = widest.latentChange = widest.answerResidual = 88.888;
    m_readout->reserveFor({readoutFor(widest)});
}

void ExplorerStepBars::setReading(const StepReading &reading)
{
    for (int k = 0; k < int(m_sets.size()) && k < reading.probabilities.size(); ++k)
        m_sets[std::size_t(k)]->replace(0, std::round(reading.probabilities(k) * 1000.0) / 10.0);
    m_readout->setCaption(readoutFor(reading));
}

QString ExplorerStepBars::readoutFor(const StepReading &reading) const
{
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
    return text;
}

void ExplorerStepBars::clear()
{
    for (QBarSet *set : m_sets)
        set->replace(0, 0.0);
    m_readout->setCaption(tr("Choose a row to see its recursion."));
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
