#include "report.h"

#include "plural.h"
#include "reportcharts.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextLayout>
#include <QTextTable>

#include <cmath>
#include <functional>

namespace trm::report {

namespace {

const QSize confusionSize(720, 560);
const QSize curvesSize(960, 340);
const QSize stepsSize(960, 300);

/// Names the charts so that HTML can embed them and a QTextDocument can look
/// them up as resources.
enum class Chart
{
    Confusion,
    Curves,
    Steps
};

QString chartName(Chart chart)
{
    switch (chart) {
    case Chart::Confusion:
        return QStringLiteral("confusion");
    case Chart::Curves:
        return QStringLiteral("curves");
    case Chart::Steps:
        return QStringLiteral("steps");
    }
    return {};
}

/// A chart as an image. `widthScale` narrows the layout (the text keeps its
/// pixel size, so it reads larger once the image is fitted to a page column)
/// and `pixelRatio` draws it that much finer.
QImage chartImage(const ReportData &report, Chart chart, double widthScale = 1,
                  double pixelRatio = 1)
{
    const auto narrowed = [widthScale](QSize size) {
        return QSize(int(size.width() * widthScale), size.height());
    };
    switch (chart) {
    case Chart::Confusion:
        return confusionImage(report.evaluation.confusion, report.classNames, confusionSize,
                              pixelRatio);
    case Chart::Curves:
        return trainingCurvesImage(report.history, narrowed(curvesSize), pixelRatio);
    case Chart::Steps:
        return stepAccuracyImage(report.stepAccuracy, narrowed(stepsSize), pixelRatio);
    }
    return {};
}

QByteArray pngBytes(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString row(const QStringList &cells, const QString &tag = QStringLiteral("td"))
{
    QString html = QStringLiteral("<tr>");
    for (const QString &cell : cells)
        html += QStringLiteral("<%1>%2</%1>").arg(tag, cell);
    return html + QStringLiteral("</tr>\n");
}

/// A number cell that a test (or a script) can find by its data-metric name.
QString metricCell(const QString &name, double value, bool defined = true)
{
    return QStringLiteral("<td class=\"num\" data-metric=\"%1\">%2</td>")
        .arg(name, metricText(value, defined));
}

QString yesNo(bool value)
{
    return value ? QStringLiteral("yes") : QStringLiteral("no");
}

QString number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

/// The report as HTML; `imageSource` gives the src of each chart's <img>. On
/// paper (`forPaper`) the page has margins of its own, so the body has none.
QString buildHtml(const ReportData &report, const std::function<QString(Chart)> &imageSource,
                  int imageWidth, bool forPaper = false)
{
    const Evaluation &e = report.evaluation;
    QString html;
    html += QStringLiteral(
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                "<title>TRM Studio evaluation report</title>\n<style>\n"
                "body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; margin: %1; }\n"
                "h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 1.2em; }\n"
                "table { border-collapse: collapse; margin: 0.4em 0; }\n"
                "th, td { border: 1px solid #bbb; padding: 2px 8px; }\n"
                "th { background: #eee; text-align: left; } td.num { text-align: right; }\n"
                ".note { color: #444; font-style: italic; }\n"
                "table.side { margin: 0; } td.side { border: none; padding: 0 2em 0 0; "
                "vertical-align: top; }\n"
                "</style></head><body>\n")
                .arg(forPaper ? QStringLiteral("0") : QStringLiteral("2em"));
    html += QStringLiteral("<h1>TRM Studio evaluation report</h1>\n");
    html += QStringLiteral("<p>Created %1 by TRM Studio %2. Model: %3.</p>\n")
                .arg(escaped(report.created.toString(QStringLiteral("yyyy-MM-dd HH:mm t"))),
                     escaped(report.appVersion), escaped(report.modelSource));

    html += QStringLiteral("<p>%1 (%2, %3) scored by a TRM of %4 parameters on %5.</p>\n")
                .arg(escaped(report.dataName),
                     counted(report.dataRows, QStringLiteral("row"), QStringLiteral("rows")),
                     counted(report.classNames.size(), QStringLiteral("class"),
                             QStringLiteral("classes")))
                .arg(QLocale(QLocale::English).toString(report.parameterCount))
                .arg(escaped(report.evaluatedOn));
    // What was evaluated comes first, the data and then the model; the results follow.
    // The training file's checksum beside the evaluated file's: equal ones
    // say that the model is scored on the very file it learnt from.
    const Provenance &origin = report.provenance;
    const bool sameFile = !origin.dataSha256.isEmpty() && origin.dataSha256 == report.dataSha256;
    html += QStringLiteral("<h2>Data set</h2>\n<table>\n");
    html += row({QStringLiteral("Evaluated file"), escaped(report.dataName)});
    html += row({QStringLiteral("SHA-256"),
                 QStringLiteral("<code>%1</code>").arg(escaped(report.dataSha256))});
    html += row({QStringLiteral("Training file"),
                 origin.dataFile.isEmpty() ? QStringLiteral("—") : escaped(origin.dataFile)});
    html += row({QStringLiteral("Training file SHA-256"),
                 origin.dataSha256.isEmpty()
                     ? QStringLiteral("— (not recorded in the model)")
                     : QStringLiteral("<code data-checksum=\"training\">%1</code>%2")
                           .arg(escaped(origin.dataSha256),
                                sameFile ? QStringLiteral("<br>the same file as the evaluated one")
                                         : QString())});
    html += row({QStringLiteral("Rows"), QString::number(report.dataRows)});
    html += row({QStringLiteral("Features"), QString::number(report.featureNames.size())});
    html += row({QStringLiteral("Target"), escaped(report.targetName)});
    html += QStringLiteral("</table>\n<table>\n");
    html += row({QStringLiteral("Class"), QStringLiteral("Rows")}, QStringLiteral("th"));
    for (qsizetype k = 0; k < report.classNames.size(); ++k) {
        html += row({escaped(report.classNames[k]),
                     QString::number(std::size_t(k) < report.classCounts.size()
                                         ? report.classCounts[std::size_t(k)]
                                         : 0)});
    }
    html += QStringLiteral("</table>\n");

    // Three short tables rather than one long one: the architecture and the
    // training settings side by side, the training run below them, so that the
    // data and the model fit the first page and the results start on a new one.
    const auto settingsTable = [](const QString &title,
                                  const std::vector<std::pair<QString, QString>> &settings) {
        QString table = QStringLiteral("<h3>%1</h3>\n<table>\n").arg(title);
        for (const auto &[name, value] : settings) {
            table += QStringLiteral("<tr><td>%1</td><td data-setting=\"%1\">%2</td></tr>\n")
                         .arg(name, value);
        }
        return table + QStringLiteral("</table>\n");
    };
    const TrmConfig &c = report.config;
    const TrainingOptions &t = report.training;
    const QString architecture = settingsTable(
        QStringLiteral("Architecture"),
        {
            {QStringLiteral("Parameters"),
             QLocale(QLocale::English).toString(report.parameterCount)},
            {QStringLiteral("Hidden size D"), QString::number(c.hiddenSize)},
            {QStringLiteral("Layers L"), QString::number(c.layers)},
            {QStringLiteral("Expansion"), QString::number(c.expansion)},
            {QStringLiteral("Latent steps n"), QString::number(c.latentSteps)},
            {QStringLiteral("Cycles T"), QString::number(c.cycles)},
            {QStringLiteral("Supervision steps N_sup"), QString::number(c.supervisionSteps)},
            {QStringLiteral("Halting"), yesNo(c.halting)},
        });
    std::vector<std::pair<QString, QString>> training{
        {QStringLiteral("Epoch budget (early stopping may end sooner)"), QString::number(t.epochs)},
        {QStringLiteral("Batch size"), QString::number(t.batchSize)},
        {QStringLiteral("Learning rate"), number(t.learningRate)},
        {QStringLiteral("Warm-up steps"), QString::number(t.warmupSteps)},
        {QStringLiteral("Weight decay"), number(t.weightDecay)},
        {QStringLiteral("Adam β1 / β2"),
         QStringLiteral("%1 / %2").arg(number(t.beta1), number(t.beta2))},
        {QStringLiteral("Moving average of weights (EMA)"),
         t.ema ? QStringLiteral("on, decay %1").arg(number(t.emaDecay)) : QStringLiteral("off")},
        {QStringLiteral("Patience"),
         t.patience == 0 ? QStringLiteral("0 (never stops early)") : QString::number(t.patience)},
    };
    if (c.halting) {
        training.emplace_back(QStringLiteral("Halting exploration"), number(t.haltingExploration));
    }
    training.emplace_back(QStringLiteral("Seed"), QString::number(t.seed));
    html += QStringLiteral("<h2>Model</h2>\n<table class=\"side\"><tr><td class=\"side\">%1</td>"
                           "<td class=\"side\">%2</td></tr></table>\n")
                .arg(architecture, settingsTable(QStringLiteral("Training settings"), training));
    html += settingsTable(
        QStringLiteral("Training run"),
        {
            {QStringLiteral("Trained on"),
             origin.dataFile.isEmpty() ? QStringLiteral("—") : escaped(origin.dataFile)},
            {QStringLiteral("Rows: training / validation / test"), QStringLiteral("%1 / %2 / %3")
                                                                       .arg(origin.trainRows)
                                                                       .arg(origin.validationRows)
                                                                       .arg(origin.testRows)},
            {QStringLiteral("Epochs run"), QString::number(origin.epochsRun)},
            {QStringLiteral("Best epoch (weights kept)"), QString::number(origin.bestEpoch)},
            {QStringLiteral("Test accuracy when trained"),
             metricText(origin.testAccuracy, origin.testRows > 0)},
            {QStringLiteral("Test macro-F1 when trained"),
             metricText(origin.testMacroF1, origin.testRows > 0)},
        });

    html += QStringLiteral("<h2>Evaluation</h2>\n<table>\n");
    html += QStringLiteral("<tr><th>Accuracy</th>%1</tr>\n")
                .arg(metricCell(QStringLiteral("accuracy"), e.accuracy));
    html += QStringLiteral("<tr><th>Balanced accuracy</th>%1</tr>\n")
                .arg(metricCell(QStringLiteral("balanced_accuracy"), e.balancedAccuracy));
    html += QStringLiteral("<tr><th>Log loss</th>%1</tr>\n")
                .arg(metricCell(QStringLiteral("log_loss"), e.logLoss.value_or(0),
                                e.logLoss.has_value()));
    html += QStringLiteral("</table>\n");

    html += QStringLiteral("<h3>Confusion matrix</h3>\n<p>Rows are the true classes, columns "
                           "the predicted ones; each cell shows its count and its share of "
                           "the row. The framed diagonal holds the right answers.</p>\n");
    html += QStringLiteral("<p><img src=\"%1\" width=\"%2\" alt=\"confusion matrix\"></p>\n")
                .arg(imageSource(Chart::Confusion))
                .arg(imageWidth * 3 / 4);
    html += QStringLiteral("<table>\n");
    QStringList header{QStringLiteral("true \\ predicted")};
    for (const QString &name : report.classNames)
        header << escaped(name);
    html += row(header, QStringLiteral("th"));
    for (int truth = 0; truth < e.confusion.rows(); ++truth) {
        QString line =
            QStringLiteral("<tr><th>%1</th>").arg(escaped(report.classNames.value(truth)));
        for (int predicted = 0; predicted < e.confusion.cols(); ++predicted) {
            line += QStringLiteral("<td class=\"num\" data-cell=\"%1,%2\">%3</td>")
                        .arg(truth)
                        .arg(predicted)
                        .arg(e.confusion(truth, predicted));
        }
        html += line + QStringLiteral("</tr>\n");
    }
    html += QStringLiteral("</table>\n");

    html += QStringLiteral("<h3>Per class</h3>\n<p class=\"note\">A precision is undefined (—) "
                           "for a class the model never predicts, a recall for a class absent "
                           "from the rows; they count as 0 in the averages.</p>\n<table>\n");
    html += row({QStringLiteral("Class"), QStringLiteral("Precision"), QStringLiteral("Recall"),
                 QStringLiteral("F1"), QStringLiteral("Support")},
                QStringLiteral("th"));
    for (std::size_t k = 0; k < e.perClass.size(); ++k) {
        const ClassMetrics &m = e.perClass[k];
        const QString id = QString::number(k);
        html +=
            QStringLiteral("<tr><td>%1</td>%2%3%4<td class=\"num\">%5</td></tr>\n")
                .arg(escaped(report.classNames.value(qsizetype(k))),
                     metricCell(QStringLiteral("precision_") + id, m.precision, m.precisionDefined),
                     metricCell(QStringLiteral("recall_") + id, m.recall, m.recallDefined),
                     metricCell(QStringLiteral("f1_") + id, m.f1))
                .arg(m.support);
    }
    html += QStringLiteral("<tr><th>Macro average</th>%1%2%3<td class=\"num\">%4</td></tr>\n")
                .arg(metricCell(QStringLiteral("macro_precision"), e.macroPrecision),
                     metricCell(QStringLiteral("macro_recall"), e.macroRecall),
                     metricCell(QStringLiteral("macro_f1"), e.macroF1))
                .arg(e.rowCount());
    html += QStringLiteral("<tr><th>Weighted average</th>%1%2%3<td class=\"num\">%4</td></tr>\n")
                .arg(metricCell(QStringLiteral("weighted_precision"), e.weightedPrecision),
                     metricCell(QStringLiteral("weighted_recall"), e.weightedRecall),
                     metricCell(QStringLiteral("weighted_f1"), e.weightedF1))
                .arg(e.rowCount());
    html += QStringLiteral("</table>\n");

    html += QStringLiteral("<h2>Comparison with simple references</h2>\n<table>\n");
    html += row({QStringLiteral("Model"), QStringLiteral("Accuracy"),
                 QStringLiteral("Balanced accuracy"), QStringLiteral("Macro-F1"),
                 QStringLiteral("Log loss")},
                QStringLiteral("th"));
    for (std::size_t i = 0; i < report.comparison.size(); ++i) {
        const Reference &r = report.comparison[i];
        const QString id = QString::number(i);
        const Evaluation &re = r.evaluation;
        html += QStringLiteral("<tr><td>%1</td>%2%3%4%5</tr>\n")
                    .arg(escaped(r.name),
                         metricCell(QStringLiteral("compare_accuracy_") + id, re.accuracy),
                         metricCell(QStringLiteral("compare_balanced_") + id, re.balancedAccuracy),
                         metricCell(QStringLiteral("compare_macro_f1_") + id, re.macroF1),
                         metricCell(QStringLiteral("compare_log_loss_") + id,
                                    re.logLoss.value_or(0), re.logLoss.has_value()));
    }
    html += QStringLiteral("</table>\n<ul>\n");
    for (const Reference &r : report.comparison) {
        html += QStringLiteral("<li><b>%1</b>: %2.</li>\n")
                    .arg(escaped(r.name), escaped(r.description));
    }
    html += QStringLiteral("</ul>\n<p class=\"note\">%1</p>\n").arg(escaped(report.comparisonNote));
    html += QStringLiteral("<h2>Accuracy after each recursion step</h2>\n");
    if (report.stepAccuracy.empty()) {
        html += QStringLiteral("<p class=\"note\">No rows to trace.</p>\n");
    } else {
        html += QStringLiteral("<p><img src=\"%1\" width=\"%2\" alt=\"accuracy per step\"></p>\n")
                    .arg(imageSource(Chart::Steps))
                    .arg(imageWidth);
        html += QStringLiteral("<table>\n");
        html += row({QStringLiteral("Update"), QStringLiteral("Supervision step"),
                     QStringLiteral("Cycle"), QStringLiteral("Accuracy")},
                    QStringLiteral("th"));
        for (std::size_t i = 0; i < report.stepAccuracy.size(); ++i) {
            const StepAccuracy &s = report.stepAccuracy[i];
            const bool prior = i == 0;
            html +=
                QStringLiteral("<tr><td class=\"num\">%1</td><td>%2</td><td>%3</td>%4</tr>\n")
                    .arg(i)
                    .arg(prior ? QStringLiteral("prior guess") : QString::number(s.supervisionStep),
                         prior ? QStringLiteral("—") : QString::number(s.cycle),
                         metricCell(QStringLiteral("step_%1").arg(i), s.accuracy));
        }
        html += QStringLiteral("</table>\n");
    }

    html += QStringLiteral("<h2>Training curves</h2>\n");
    if (report.history.empty()) {
        html += QStringLiteral("<p class=\"note\">%1</p>\n").arg(escaped(report.historyNote));
    } else {
        // The best epoch is the last one that improved the watched loss: its
        // weights are the ones kept, evaluated above.
        int bestEpoch = 0;
        bool validated = false;
        for (const EpochReport &epoch : report.history) {
            if (epoch.improved)
                bestEpoch = epoch.epoch;
            validated = validated || std::isfinite(epoch.validationLoss);
        }
        const qint64 epochs = qint64(report.history.size());
        QString epochsRun = counted(epochs, QStringLiteral("epoch"), QStringLiteral("epochs"));
        epochsRun.replace(0, QString::number(epochs).size(),
                          QStringLiteral("<span data-metric=\"epochs_run\">%1</span>").arg(epochs));
        html +=
            QStringLiteral("<p>%1 run; the weights of epoch %2, the lowest %3 loss, "
                           "were kept.</p>\n")
                .arg(epochsRun,
                     QStringLiteral("<span data-metric=\"best_epoch\">%1</span>").arg(bestEpoch),
                     validated ? QStringLiteral("validation")
                               : QStringLiteral("training (there were no validation rows)"));
        html += QStringLiteral("<p><img src=\"%1\" width=\"%2\" alt=\"training curves\"></p>\n")
                    .arg(imageSource(Chart::Curves))
                    .arg(imageWidth);
    }

    html += QStringLiteral("</body></html>\n");
    return html;
}

Result<void> writeBytes(const QString &path, const QByteArray &bytes, const QString &what)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        return makeError(
            QStringLiteral("%1: cannot write the %2: %3").arg(path, what, file.errorString()));
    }
    return {};
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && text == text.trimmed()) {
        return text;
    }
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

/// Full precision for machines; an undefined value is an empty cell.
QString csvNumber(double value, bool defined = true)
{
    return defined && std::isfinite(value) ? QString::number(value, 'g', 10) : QString();
}

} // namespace

QString metricText(double value, bool defined, int decimals)
{
    if (!defined || !std::isfinite(value))
        return QStringLiteral("—");
    return QString::number(value, 'f', decimals);
}

QString reportHtml(const ReportData &report)
{
    return buildHtml(
        report,
        [&report](Chart chart) {
            return QStringLiteral("data:image/png;base64,") +
                   QString::fromLatin1(pngBytes(chartImage(report, chart)).toBase64());
        },
        900);
}

QString reportCsv(const ReportData &report)
{
    const Evaluation &e = report.evaluation;
    QString csv;
    csv += QStringLiteral("# Confusion matrix (model: %1) on %2 (rows: true class, columns: "
                          "predicted class)\n")
               .arg(report.modelSource, report.evaluatedOn);
    QStringList header{QStringLiteral("true \\ predicted")};
    for (const QString &name : report.classNames)
        header << csvField(name);
    csv += header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (int truth = 0; truth < e.confusion.rows(); ++truth) {
        QStringList fields{csvField(report.classNames.value(truth))};
        for (int predicted = 0; predicted < e.confusion.cols(); ++predicted)
            fields << QString::number(e.confusion(truth, predicted));
        csv += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
    }

    csv += QStringLiteral("\n# Metrics (an empty cell is undefined: a precision of a class "
                          "never predicted, a recall of a class absent from the rows)\n");
    csv += QStringLiteral("class,precision,recall,f1,support\n");
    for (std::size_t k = 0; k < e.perClass.size(); ++k) {
        const ClassMetrics &m = e.perClass[k];
        csv += QStringList{csvField(report.classNames.value(qsizetype(k))),
                           csvNumber(m.precision, m.precisionDefined),
                           csvNumber(m.recall, m.recallDefined), csvNumber(m.f1),
                           QString::number(m.support)}
                   .join(QLatin1Char(',')) +
               QLatin1Char('\n');
    }
    csv +=
        QStringList{QStringLiteral("macro average"), csvNumber(e.macroPrecision),
                    csvNumber(e.macroRecall), csvNumber(e.macroF1), QString::number(e.rowCount())}
            .join(QLatin1Char(',')) +
        QLatin1Char('\n');
    csv += QStringList{QStringLiteral("weighted average"), csvNumber(e.weightedPrecision),
                       csvNumber(e.weightedRecall), csvNumber(e.weightedF1),
                       QString::number(e.rowCount())}
               .join(QLatin1Char(',')) +
           QLatin1Char('\n');

    csv += QStringLiteral("\n# Summary\nmetric,value\n");
    csv += QStringLiteral("accuracy,%1\n").arg(csvNumber(e.accuracy));
    csv += QStringLiteral("balanced accuracy,%1\n").arg(csvNumber(e.balancedAccuracy));
    csv += QStringLiteral("log loss,%1\n")
               .arg(csvNumber(e.logLoss.value_or(0), e.logLoss.has_value()));
    csv += QStringLiteral("rows,%1\n").arg(e.rowCount());
    return csv;
}

Result<void> writeHtmlReport(const ReportData &report, const QString &path)
{
    return writeBytes(path, reportHtml(report).toUtf8(), QStringLiteral("HTML report"));
}

Result<void> writeCsvReport(const ReportData &report, const QString &path)
{
    return writeBytes(path, reportCsv(report).toUtf8(), QStringLiteral("CSV report"));
}

/// Keeps what belongs together on one page, as QTextDocument itself does not:
/// a table that would run over a page break, and fits on one page, moves to
/// the next page with the heading and the few lines that introduce it (when
/// they fit there too); a heading that would end a page apart from the chart
/// or table it introduces moves with them. Every move changes the layout, so
/// it is read afresh after each one.
void keepTogether(QTextDocument &document)
{
    const double pageHeight = document.pageSize().height();
    QAbstractTextDocumentLayout *layout = document.documentLayout();
    const auto pageOf = [pageHeight](double y) { return int(std::floor(y / pageHeight)); };

    // The top-level pieces in order: paragraphs and headings, and tables.
    struct Piece
    {
        QTextBlock block; // invalid for a table
        QTextTable *table = nullptr;

        QTextFormat::PageBreakFlags policy() const
        {
            return table ? table->format().pageBreakPolicy()
                         : block.blockFormat().pageBreakPolicy();
        }
        void setPolicy(QTextFormat::PageBreakFlags policy) const
        {
            if (table) {
                QTextTableFormat format = table->format();
                format.setPageBreakPolicy(policy);
                table->setFormat(format);
            } else {
                QTextCursor cursor(block);
                QTextBlockFormat format = cursor.blockFormat();
                format.setPageBreakPolicy(policy);
                cursor.setBlockFormat(format);
            }
        }
    };
    for (int move = 0; move < 200; ++move) {
        layout->documentSize(); // lays the whole document out
        std::vector<Piece> pieces;
        for (auto it = document.rootFrame()->begin(); !it.atEnd(); ++it) {
            if (auto *table = qobject_cast<QTextTable *>(it.currentFrame()))
                pieces.push_back({{}, table});
            else if (it.currentBlock().isValid() && !it.currentBlock().text().isEmpty())
                pieces.push_back({it.currentBlock(), nullptr});
        }
        const auto box = [&](const Piece &piece) {
            return piece.table ? layout->frameBoundingRect(piece.table)
                               : layout->blockBoundingRect(piece.block);
        };
        // Where a piece really starts: a line that would cross a page break is
        // moved down to the next page inside its block, whose box stays put.
        const auto start = [&](const Piece &piece) {
            double top = box(piece).top();
            if (!piece.table && piece.block.layout()->lineCount() > 0)
                top += piece.block.layout()->lineAt(0).y();
            return top;
        };
        const auto isHeading = [](const Piece &piece) {
            return !piece.table && piece.block.blockFormat().headingLevel() > 0;
        };
        const auto isChart = [](const Piece &piece) {
            // The last block of the document keeps the space of the line break
            // before </body>.
            return !piece.table &&
                   piece.block.text().trimmed() == QString(QChar::ObjectReplacementCharacter);
        };
        // A new page is started at piece i by ending one after the piece before.
        const auto startsPage = [&](std::size_t i) {
            return i == 0 || (pieces[i - 1].policy() & QTextFormat::PageBreak_AlwaysAfter);
        };
        const auto startPage = [&](std::size_t i) {
            pieces[i - 1].setPolicy(QTextFormat::PageBreak_AlwaysAfter);
        };
        bool changed = false;
        for (std::size_t i = 1; i < pieces.size() && !changed; ++i) {
            const QRectF here = box(pieces[i]);
            // A heading goes with its introduction and the chart or table it leads to.
            std::size_t led = i + 1;
            while (led < pieces.size() && led < i + 4 && !pieces[led].table &&
                   !isChart(pieces[led]) && !isHeading(pieces[led]))
                ++led;
            if (led >= pieces.size() || led == i + 4 || isHeading(pieces[led]))
                led = i + 1;
            // Where what the heading leads to ends: its last line, or its first
            // when it is longer than a page and must be split anyway. A chart is
            // a single line, which the layout may move down to the next page
            // while its block still starts on this one.
            const auto ledPage = [&](const Piece &piece) {
                const QRectF ledBox = box(piece);
                return ledBox.height() <= 0.9 * pageHeight ? pageOf(ledBox.bottom() - 1)
                                                           : pageOf(start(piece));
            };
            if (isHeading(pieces[i]) && led < pieces.size() && !startsPage(i) &&
                ledPage(pieces[led]) > pageOf(start(pieces[i]))) {
                startPage(i);
                changed = true;
            } else if (pieces[i].table && !startsPage(i) &&
                       pageOf(here.top()) != pageOf(here.bottom() - 1) &&
                       here.height() <= 0.9 * pageHeight) {
                // Back to the heading over at most three paragraphs (an
                // explanation, a chart), never past another table.
                std::size_t first = i;
                for (std::size_t back = 1; back <= 4 && back < i; ++back) {
                    const Piece &before = pieces[i - back];
                    if (before.table)
                        break;
                    if (isHeading(before)) {
                        if (here.bottom() - box(before).top() <= 0.9 * pageHeight &&
                            !startsPage(i - back))
                            first = i - back;
                        break;
                    }
                }
                startPage(first);
                changed = true;
            }
        }
        if (!changed)
            return;
    }
}

Result<void> writePdfReport(const ReportData &report, const QString &path,
                            QPageSize::PageSizeId pageSize)
{
    // The document is laid out on pages of its own, the printable area of the
    // paper at 96 dpi, so that tables can be kept whole before printing; each
    // page is then scaled onto the paper and numbered in the bottom margin.
    const QMarginsF pageMargins(18, 15, 18, 12);
    const QPageLayout pageLayout(QPageSize(pageSize), QPageLayout::Portrait, pageMargins,
                                 QPageLayout::Millimeter);
    const QRectF printable = pageLayout.paintRect(QPageLayout::Point);
    const double pixelsPerPoint = 96.0 / 72.0;
    const double pageNumberRoom = 32; // pixels below the text for the page number
    const double sideMargin = 24;     // pixels; the page number ends in the right one

    QTextDocument document;
    document.setPageSize(printable.size() * pixelsPerPoint);

    // On a page column about half as wide as a screen report, the line charts are
    // laid out narrower so that their labels print at about 8 pt, and every chart
    // is drawn at twice the resolution so that it prints sharp. The charts are
    // handed over as named resources: QTextDocument does not decode data: URLs.
    const Chart charts[] = {Chart::Confusion, Chart::Curves, Chart::Steps};
    for (Chart chart : charts) {
        document.addResource(QTextDocument::ImageResource,
                             QUrl(QStringLiteral("chart:") + chartName(chart)),
                             chartImage(report, chart, 0.7, 2));
    }
    // A few pixels spare for the paragraph margins.
    const int imageWidth = int(document.pageSize().width() - 2 * sideMargin) - 16;
    document.setHtml(buildHtml(
        report, [](Chart chart) { return QStringLiteral("chart:") + chartName(chart); }, imageWidth,
        true));
    QTextFrameFormat rootFormat = document.rootFrame()->frameFormat();
    rootFormat.setMargin(0);
    rootFormat.setLeftMargin(sideMargin);
    rootFormat.setRightMargin(sideMargin);
    rootFormat.setBottomMargin(pageNumberRoom);
    document.rootFrame()->setFrameFormat(rootFormat);
    keepTogether(document);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(
            QStringLiteral("%1: cannot write the PDF report: %2").arg(path, file.errorString()));
    }
    {
        QPdfWriter writer(&file);
        writer.setPageLayout(pageLayout);
        writer.setTitle(QStringLiteral("TRM Studio evaluation report"));
        writer.setCreator(QStringLiteral("TRM Studio ") + report.appVersion);
        // Each page of the document onto the printable area, numbered at the
        // bottom right; QTextDocument::print() numbers only documents it
        // paginates itself.
        const QSizeF page = document.pageSize();
        QPainter painter(&writer);
        painter.scale(writer.width() / page.width(), writer.width() / page.width());
        QFont numberFont = document.defaultFont();
        numberFont.setPixelSize(12);
        for (int index = 0; index < document.pageCount(); ++index) {
            if (index > 0)
                writer.newPage();
            const QRectF shown(0, index * page.height(), page.width(), page.height());
            // Clipped to the text area above the page number, since a line moved
            // down to the next page lies in a block that starts on this one, and
            // would be drawn again below it, in the bottom margin.
            painter.save();
            painter.setClipRect(QRectF(0, 0, page.width(), page.height() - pageNumberRoom));
            painter.translate(0, -shown.top());
            document.drawContents(&painter, shown);
            painter.restore();
            painter.setFont(numberFont);
            painter.drawText(QRectF(0, page.height() - pageNumberRoom, page.width() - sideMargin,
                                    pageNumberRoom),
                             Qt::AlignRight | Qt::AlignBottom, QString::number(index + 1));
        }
    }
    if (!file.commit()) {
        return makeError(
            QStringLiteral("%1: cannot write the PDF report: %2").arg(path, file.errorString()));
    }
    return {};
}

Result<void> writeReport(const ReportData &evaluated, const QString &path, const QString &pageSize)
{
    // A report is dated when it is written, however long ago the evaluation ran.
    ReportData report = evaluated;
    report.created = QDateTime::currentDateTime();
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
        return writeHtmlReport(report, path);
    if (suffix == QLatin1String("csv"))
        return writeCsvReport(report, path);
    if (suffix == QLatin1String("pdf")) {
        const QString size = pageSize.toLower();
        if (size != QLatin1String("a4") && size != QLatin1String("letter")) {
            return makeError(
                QStringLiteral("page size: expected a4 or letter, found '%1'").arg(pageSize));
        }
        return writePdfReport(report, path,
                              size == QLatin1String("letter") ? QPageSize::Letter : QPageSize::A4);
    }
    return makeError(QStringLiteral("%1: unknown report format '.%2' (expected .html, .pdf or "
                                    ".csv)")
                         .arg(path, suffix));
}

} // namespace trm::report
