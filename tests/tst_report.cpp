#include "report.h"
#include "reportcharts.h"

#include "dataset.h"
#include "experiment.h"
#include "modelfile.h"
#include "reportdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace trm;

namespace {

/// Pixels that are not (nearly) white: a blank page has none.
int inkedPixels(const QImage &image)
{
    int inked = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (qGray(image.pixel(x, y)) < 200)
                ++inked;
        }
    }
    return inked;
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void htmlNumbersEqualTheEvaluation();
    void htmlIsSelfContained();
    void undefinedPrecisionReadsAsADash();
    void csvHoldsTheMatrixAndTheMetrics();
    void pdfPageSizes_data();
    void pdfPageSizes();
    void pdfFirstPageIsNotBlank();
    void pdfKeepsEachSectionOnOnePage_data();
    void pdfKeepsEachSectionOnOnePage();
    void pdfPutsWhatWasEvaluatedBeforeTheResults();
    void chartsTitleTheirValueAxes();
    void reportForAModelFileHasItsCurves();
    void reportForAVersionTwoModelFileSaysThereAreNoCurves();
    void unknownFormatAndUnwritablePathAreRefused();
    void confusionChartReadableWithManyClasses();
    void modelSectionListsEveryTrainingSetting();
    void dataSectionShowsTheTrainingFilesChecksum();
    void lineChartsKeepCurvesOffTheFrame();
    void markerLabelAvoidsTheCurves_data();
    void markerLabelAvoidsTheCurves();

private:
    Dataset m_dataset;
    RunOutcome m_outcome;
    ReportData m_report;
    QTemporaryDir m_dir;
};

void TestReport::initTestCase()
{
    Result<Dataset> dataset = loadDataset(QStringLiteral(TRM_DATASETS "/iris.csv"));
    QVERIFY(dataset);
    m_dataset = dataset.value();
    RunSettings settings;
    settings.model.hiddenSize = 8;
    settings.model.latentSteps = 2;
    settings.model.cycles = 2;
    settings.model.supervisionSteps = 2;
    settings.training.epochs = 8;
    Result<RunOutcome> outcome = trainOnDataset(m_dataset, settings);
    QVERIFY(outcome);
    m_outcome = outcome.value();
    Result<ReportData> report = reportForRun(m_outcome, m_dataset);
    QVERIFY2(report, report ? "" : qPrintable(report.error().message));
    m_report = report.value();
}

void TestReport::htmlNumbersEqualTheEvaluation()
{
    const QString html = report::reportHtml(m_report);
    const Evaluation &e = m_outcome.test;

    // Every number cell carries its metric's name; read them all back.
    QHash<QString, QString> cells;
    const QRegularExpression cell(QStringLiteral("data-metric=\"([a-z_0-9]+)\">([^<]*)<"));
    for (auto match = cell.globalMatch(html); match.hasNext();) {
        const QRegularExpressionMatch m = match.next();
        cells.insert(m.captured(1), m.captured(2));
    }
    // The report's evaluation is the run's own test evaluation.
    QCOMPARE(m_report.evaluation.confusion, e.confusion);
    QCOMPARE(cells.value(QStringLiteral("accuracy")), QString::number(e.accuracy, 'f', 4));
    QCOMPARE(cells.value(QStringLiteral("macro_f1")), QString::number(e.macroF1, 'f', 4));
    QCOMPARE(cells.value(QStringLiteral("balanced_accuracy")),
             QString::number(m_report.evaluation.balancedAccuracy, 'f', 4));
    QCOMPARE(cells.value(QStringLiteral("weighted_f1")),
             QString::number(m_report.evaluation.weightedF1, 'f', 4));
    QVERIFY(m_report.evaluation.logLoss.has_value());
    QCOMPARE(cells.value(QStringLiteral("log_loss")),
             QString::number(*m_report.evaluation.logLoss, 'f', 4));
    for (std::size_t k = 0; k < e.perClass.size(); ++k) {
        QCOMPARE(cells.value(QStringLiteral("recall_%1").arg(k)),
                 report::metricText(e.perClass[k].recall, e.perClass[k].recallDefined));
    }
    for (int t = 0; t < e.confusion.rows(); ++t) {
        for (int p = 0; p < e.confusion.cols(); ++p) {
            QVERIFY(html.contains(
                QStringLiteral("data-cell=\"%1,%2\">%3<").arg(t).arg(p).arg(e.confusion(t, p))));
        }
    }
    // One accuracy per answer update: the prior guess then T * N_sup = 4 updates.
    QCOMPARE(m_report.stepAccuracy.size(), std::size_t(5));
    QCOMPARE(cells.value(QStringLiteral("step_4")),
             QString::number(m_report.stepAccuracy.back().accuracy, 'f', 4));
    // The last step's accuracy is the model's own accuracy on the same rows.
    QVERIFY(std::abs(m_report.stepAccuracy.back().accuracy - e.accuracy) < 1e-12);
    QString text = html;
    text.remove(QRegularExpression(QStringLiteral("data:image/png;base64,[A-Za-z0-9+/=]*")));
    QVERIFY(!text.contains(QStringLiteral("nan"), Qt::CaseInsensitive));
    // The TRM and both references, on the same test rows.
    QCOMPARE(m_report.comparison.size(), std::size_t(3));
    for (const Reference &r : m_report.comparison)
        QCOMPARE(r.evaluation.rowCount(), int(m_outcome.split.test.size()));
    QCOMPARE(cells.value(QStringLiteral("compare_accuracy_0")),
             QString::number(e.accuracy, 'f', 4));
    QVERIFY(html.contains(m_dataset.sha256));
    QVERIFY(html.contains(QStringLiteral(TRM_VERSION)));
}

void TestReport::htmlIsSelfContained()
{
    const QString html = report::reportHtml(m_report);
    const QRegularExpression image(QStringLiteral("<img src=\"([^\"]*)\""));
    int images = 0;
    for (auto match = image.globalMatch(html); match.hasNext();) {
        const QString source = match.next().captured(1);
        const QString prefix = QStringLiteral("data:image/png;base64,");
        QVERIFY2(source.startsWith(prefix), qPrintable(source.left(40)));
        const QImage decoded =
            QImage::fromData(QByteArray::fromBase64(source.mid(prefix.size()).toLatin1()), "PNG");
        QVERIFY(!decoded.isNull());
        QVERIFY(inkedPixels(decoded) > 500);
        ++images;
    }
    // Training curves, confusion matrix, accuracy per step.
    QCOMPARE(images, 3);
    QVERIFY(!html.contains(QStringLiteral("http://")));
    QVERIFY(!html.contains(QStringLiteral("https://")));
}

void TestReport::undefinedPrecisionReadsAsADash()
{
    ReportData data = m_report;
    // Class 2 is never predicted: its precision is undefined.
    data.evaluation = evaluate({0, 1, 2, 2}, {0, 1, 1, 0}, 3);
    const QString html = report::reportHtml(data);
    QVERIFY(html.contains(QStringLiteral("data-metric=\"precision_2\">—<")));
    QVERIFY(html.contains(QStringLiteral("data-metric=\"recall_2\">0.0000<")));
    const QString csv = report::reportCsv(data);
    QVERIFY2(csv.contains(QStringLiteral("\nvirginica,,0,0,2\n")), qPrintable(csv));
    QVERIFY(!csv.contains(QStringLiteral("nan"), Qt::CaseInsensitive));
}

void TestReport::csvHoldsTheMatrixAndTheMetrics()
{
    const QString path = m_dir.filePath(QStringLiteral("report.csv"));
    QVERIFY(report::writeReport(m_report, path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    const Evaluation &e = m_report.evaluation;
    const int header =
        int(lines.indexOf(QStringLiteral("true \\ predicted,setosa,versicolor,virginica")));
    QVERIFY(header > 0);
    for (int t = 0; t < 3; ++t) {
        const QStringList fields = lines.at(header + 1 + t).split(QLatin1Char(','));
        QCOMPARE(fields.size(), 4);
        QCOMPARE(fields.at(0), m_report.classNames.at(t));
        for (int p = 0; p < 3; ++p)
            QCOMPARE(fields.at(p + 1).toInt(), e.confusion(t, p));
    }
    QVERIFY(lines.at(header + 4).isEmpty());
    const int metrics = int(lines.indexOf(QStringLiteral("class,precision,recall,f1,support")));
    QVERIFY(metrics > header);
    const QStringList setosa = lines.at(metrics + 1).split(QLatin1Char(','));
    QCOMPARE(setosa.at(4).toInt(), e.perClass[0].support);
    QVERIFY(std::abs(setosa.at(3).toDouble() - e.perClass[0].f1) < 1e-9);
    QVERIFY(lines.contains(QStringLiteral("accuracy,%1").arg(e.accuracy, 0, 'g', 10)));
}

void TestReport::pdfPageSizes_data()
{
    QTest::addColumn<QString>("pageSize");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    // PDF points: A4 is 210 x 297 mm = 595 x 842 pt; Letter 8.5 x 11 in = 612 x 792 pt.
    QTest::newRow("a4") << QStringLiteral("a4") << 595 << 842;
    QTest::newRow("letter") << QStringLiteral("letter") << 612 << 792;
}

void TestReport::pdfPageSizes()
{
    QFETCH(QString, pageSize);
    QFETCH(int, width);
    QFETCH(int, height);
    const QString path = m_dir.filePath(QStringLiteral("report-%1.pdf").arg(pageSize));
    const Result<void> written = report::writeReport(m_report, path, pageSize);
    QVERIFY2(written, written ? "" : qPrintable(written.error().message));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pdf = file.readAll();
    QVERIFY(pdf.startsWith("%PDF-"));
    const QRegularExpression box(QStringLiteral("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]"));
    const QRegularExpressionMatch match = box.match(QString::fromLatin1(pdf));
    QVERIFY(match.hasMatch());
    QCOMPARE(qRound(match.captured(1).toDouble()), width);
    QCOMPARE(qRound(match.captured(2).toDouble()), height);
    // Qt writes one "/Type /Page" object per page (and "/Type /Pages" once).
    const int pages = int(pdf.count("/Type /Page\n")) + int(pdf.count("/Type /Page\r")) +
                      int(pdf.count("/Type /Page ")) + int(pdf.count("/Type /Page/"));
    QVERIFY2(pages >= 2, qPrintable(QString::number(pages)));
}

void TestReport::pdfFirstPageIsNotBlank()
{
    const QString path = m_dir.filePath(QStringLiteral("render.pdf"));
    QVERIFY(report::writeReport(m_report, path, QStringLiteral("a4")));
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    if (pdftoppm.isEmpty())
        QSKIP("pdftoppm (poppler-utils) is not installed, so the PDF cannot be rasterised");
    const QString prefix = m_dir.filePath(QStringLiteral("page"));
    QProcess process;
    process.start(pdftoppm, {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("50"),
                             QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                             QStringLiteral("1"), QStringLiteral("-singlefile"), path, prefix});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    const QImage page(prefix + QStringLiteral(".png"));
    QVERIFY(!page.isNull());
    // A4 at 50 dpi is 413 x 585 pixels; text and tables ink a few percent of it.
    QVERIFY2(qAbs(page.width() - 413) <= 2, qPrintable(QString::number(page.width())));
    const int inked = inkedPixels(page);
    QVERIFY2(inked > page.width() * page.height() / 100, qPrintable(QString::number(inked)));
}

void TestReport::pdfKeepsEachSectionOnOnePage_data()
{
    QTest::addColumn<QString>("pageSize");
    QTest::newRow("a4") << QStringLiteral("a4");
    QTest::newRow("letter") << QStringLiteral("letter");
}

void TestReport::pdfKeepsEachSectionOnOnePage()
{
    QFETCH(QString, pageSize);
    const QString path = m_dir.filePath(QStringLiteral("sections-%1.pdf").arg(pageSize));
    QVERIFY(report::writeReport(m_report, path, pageSize));
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (pdftotext.isEmpty())
        QSKIP("pdftotext (poppler-utils) is not installed, so the PDF cannot be read back");
    QProcess process;
    process.start(pdftotext, {QStringLiteral("-layout"), path, QStringLiteral("-")});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 0);
    // pdftotext ends each page with a form feed.
    const QStringList pages = QString::fromUtf8(process.readAllStandardOutput())
                                  .split(QLatin1Char('\f'), Qt::SkipEmptyParts);
    QVERIFY2(pages.size() >= 2, qPrintable(QString::number(pages.size())));
    // The last page that holds the text: a line moved down to the next page is
    // also drawn, clipped away, on the page it left, and pdftotext reads it there.
    const auto pageOf = [&pages](const QString &text) {
        for (qsizetype i = pages.size() - 1; i >= 0; --i) {
            if (pages[i].contains(text))
                return int(i);
        }
        return -1;
    };
    // Each heading on the page of the last line of what it introduces.
    const QList<QPair<QString, QString>> sections{
        {QStringLiteral("Per class"), QStringLiteral("Weighted average")},
        {QStringLiteral("Comparison with simple references"),
         QStringLiteral("Logistic regression")},
        {QStringLiteral("Accuracy after each recursion step"), QStringLiteral("prior guess")},
        {QStringLiteral("Training curves"), QStringLiteral("epochs run")},
        {QStringLiteral("Data set"), QStringLiteral("SHA-256")},
        {QStringLiteral("Architecture"), QStringLiteral("Supervision steps N_sup")},
        {QStringLiteral("Training settings"), QStringLiteral("Warm-up steps")},
        {QStringLiteral("Training run"), QStringLiteral("Best epoch (weights kept)")}};
    for (const auto &[heading, last] : sections) {
        QVERIFY2(pageOf(heading) >= 0, qPrintable(heading));
        QVERIFY2(pageOf(heading) == pageOf(last),
                 qPrintable(heading + QStringLiteral(" / ") + last));
    }
    // Every page is numbered, on a line of its own.
    for (qsizetype i = 0; i < pages.size(); ++i) {
        const QRegularExpression number(QStringLiteral("^\\s*%1\\s*$").arg(i + 1),
                                        QRegularExpression::MultilineOption);
        QVERIFY2(pages[i].contains(number), qPrintable(pages[i].right(200)));
    }

    // A chart is an image, which pdftotext does not read: its page is the one
    // that shows its colours. The training curves are the last thing in the
    // report, the validation curve orange; the step chart's curve is green.
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    if (pdftoppm.isEmpty())
        QSKIP("pdftoppm (poppler-utils) is not installed, so the PDF cannot be rasterised");
    const auto render = [&](int page) {
        const QString prefix = m_dir.filePath(QStringLiteral("%1-page%2").arg(pageSize).arg(page));
        QProcess pdfToPng;
        pdfToPng.start(pdftoppm,
                       {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("40"),
                        QStringLiteral("-f"), QString::number(page + 1), QStringLiteral("-l"),
                        QString::number(page + 1), QStringLiteral("-singlefile"), path, prefix});
        pdfToPng.waitForFinished(30000);
        return QImage(prefix + QStringLiteral(".png"));
    };
    const auto countPixels = [](const QImage &image, const std::function<bool(QRgb)> &wanted) {
        int count = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                count += wanted(image.pixel(x, y)) ? 1 : 0;
        }
        return count;
    };
    const auto orange = [](QRgb p) {
        return qRed(p) > 200 && qGreen(p) > 90 && qGreen(p) < 170 && qBlue(p) < 80;
    };
    const auto green = [](QRgb p) { return qGreen(p) > qRed(p) + 50 && qGreen(p) > qBlue(p) + 30; };
    const QImage curvesPage = render(pageOf(QStringLiteral("Training curves")));
    QVERIFY(!curvesPage.isNull());
    QVERIFY2(countPixels(curvesPage, orange) > 20,
             qPrintable(QStringLiteral("page %1").arg(pageOf(QStringLiteral("Training curves")))));
    const int stepsPage = pageOf(QStringLiteral("Accuracy after each recursion step"));
    QVERIFY(countPixels(render(stepsPage), green) > 20);
    // No page is left part empty before a page whose whole content would have
    // fitted in that space (a half-empty page, then two small tables).
    std::vector<int> tops;
    std::vector<int> bottoms;
    int textBottom = 0;
    for (int page = 0; page < int(pages.size()); ++page) {
        const QImage image = render(page);
        int top = -1;
        int bottom = 0;
        // Above the page number, which sits in the bottom margin.
        for (int y = 0; y < image.height() * 9 / 10; ++y) {
            for (int x = 0; x < image.width(); ++x) {
                if (qGray(image.pixel(x, y)) < 200) {
                    top = top < 0 ? y : top;
                    bottom = y;
                }
            }
        }
        tops.push_back(top);
        bottoms.push_back(bottom);
        textBottom = std::max(textBottom, bottom);
    }
    for (std::size_t page = 0; page + 1 < tops.size(); ++page) {
        const int free = textBottom - bottoms[page];
        const int next = bottoms[page + 1] - tops[page + 1];
        QVERIFY2(next > free, qPrintable(QStringLiteral("page %1 has %2 pixels free, page %3 "
                                                        "holds %4")
                                             .arg(page + 1)
                                             .arg(free)
                                             .arg(page + 2)
                                             .arg(next)));
    }
}

void TestReport::pdfPutsWhatWasEvaluatedBeforeTheResults()
{
    const QString html = report::reportHtml(m_report);
    const qsizetype data = html.indexOf(QStringLiteral("<h2>Data set</h2>"));
    const qsizetype model = html.indexOf(QStringLiteral("<h2>Model</h2>"));
    const qsizetype results = html.indexOf(QStringLiteral("<h2>Evaluation</h2>"));
    QVERIFY(data >= 0 && model >= 0 && results >= 0);
    QVERIFY(data < model);
    QVERIFY(model < results);
}

void TestReport::chartsTitleTheirValueAxes()
{
    // The y-axis title runs up the left edge of the chart, left of the tick
    // labels ("100" for the accuracy in %), in a strip that is blank without it.
    std::vector<StepAccuracy> steps(5);
    for (std::size_t i = 0; i < steps.size(); ++i)
        steps[i].accuracy = 0.6 + 0.1 * double(i);
    const QImage image = report::stepAccuracyImage(steps, QSize(672, 300));
    int inked = 0;
    for (int y = 60; y < image.height() - 60; ++y) {
        for (int x = 8; x < 22; ++x)
            inked += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
    }
    QVERIFY2(inked > 30, qPrintable(QString::number(inked)));
}

void TestReport::reportForAModelFileHasItsCurves()
{
    // Saved and read back, as `trm evaluate` and Model > Import do.
    const Result<TrainedModel> reloaded =
        parseModel(serializeModel(m_outcome.trained), QStringLiteral("iris.json"));
    QVERIFY2(reloaded, reloaded ? "" : qPrintable(reloaded.error().message));
    Result<LabelledRows> rows =
        loadRowsFor(m_dataset.sourcePath, m_outcome.trained.featureNames,
                    m_outcome.trained.targetName, m_outcome.trained.classNames);
    QVERIFY(rows);
    Result<ReportData> data = reportForModel(reloaded.value(), rows.value(), m_dataset.sourcePath,
                                             QStringLiteral("iris.json"));
    QVERIFY2(data, data ? "" : qPrintable(data.error().message));
    const ReportData &fromFile = data.value();

    // The curves are the run's own: 8 epochs, figure for figure.
    QCOMPARE(fromFile.history.size(), m_outcome.history.size());
    QCOMPARE(fromFile.history.size(), std::size_t(8));
    for (std::size_t i = 0; i < fromFile.history.size(); ++i) {
        QCOMPARE(fromFile.history[i].epoch, m_outcome.history[i].epoch);
        QCOMPARE(fromFile.history[i].trainLoss, m_outcome.history[i].trainLoss);
        QCOMPARE(fromFile.history[i].validationAccuracy, m_outcome.history[i].validationAccuracy);
        QCOMPARE(fromFile.history[i].improved, m_outcome.history[i].improved);
    }
    QVERIFY(fromFile.historyNote.isEmpty());
    QCOMPARE(report::trainingCurvesImage(fromFile.history, QSize(480, 200)),
             report::trainingCurvesImage(m_report.history, QSize(480, 200)));

    // Every number of the report equals the one made from the model in memory:
    // with the same creation time the two HTML files are the same text.
    Result<ReportData> inMemory = reportForModel(m_outcome.trained, rows.value(),
                                                 m_dataset.sourcePath, QStringLiteral("iris.json"));
    QVERIFY(inMemory);
    ReportData original = inMemory.value();
    original.created = fromFile.created;
    const QString html = report::reportHtml(fromFile);
    QCOMPARE(html, report::reportHtml(original));
    QCOMPARE(html.count(QStringLiteral("<img ")), 3);
    QVERIFY(html.contains(QStringLiteral("alt=\"training curves\"")));
    QVERIFY(html.contains(QStringLiteral("data-metric=\"epochs_run\">8<")));
    QVERIFY(html.contains(QStringLiteral("data-metric=\"best_epoch\">%1<")
                              .arg(m_outcome.trained.provenance.bestEpoch)));
    QCOMPARE(data.value().evaluation.rowCount(), 150);
    // The references are scored on a stated 30% stratified split: 15 rows per class.
    QCOMPARE(fromFile.comparison.size(), std::size_t(3));
    QCOMPARE(fromFile.comparison[1].evaluation.rowCount(), 45);
    QCOMPARE(fromFile.comparison[0].evaluation.rowCount(), 45);
    QVERIFY(html.contains(QStringLiteral("stratified split")));

    // The PDF embeds the curves too: one image more than a report without them.
    ReportData withoutCurves = fromFile;
    withoutCurves.history.clear();
    withoutCurves.historyNote = QStringLiteral("none");
    const QString withPath = m_dir.filePath(QStringLiteral("curves.pdf"));
    const QString withoutPath = m_dir.filePath(QStringLiteral("no-curves.pdf"));
    QVERIFY(report::writeReport(fromFile, withPath, QStringLiteral("a4")));
    QVERIFY(report::writeReport(withoutCurves, withoutPath, QStringLiteral("a4")));
    const auto images = [](const QString &path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll().count("/Subtype /Image") : -1;
    };
    QVERIFY2(images(withPath) > images(withoutPath),
             qPrintable(QStringLiteral("%1 vs %2").arg(images(withPath)).arg(images(withoutPath))));
}

void TestReport::reportForAVersionTwoModelFileSaysThereAreNoCurves()
{
    // A file as version 2 wrote it: no history.
    QJsonObject root = QJsonDocument::fromJson(serializeModel(m_outcome.trained)).object();
    root.insert(QStringLiteral("version"), 2);
    root.remove(QStringLiteral("history"));
    const Result<TrainedModel> old =
        parseModel(QJsonDocument(root).toJson(), QStringLiteral("old.json"));
    QVERIFY2(old, old ? "" : qPrintable(old.error().message));
    Result<LabelledRows> rows =
        loadRowsFor(m_dataset.sourcePath, m_outcome.trained.featureNames,
                    m_outcome.trained.targetName, m_outcome.trained.classNames);
    QVERIFY(rows);
    Result<ReportData> data =
        reportForModel(old.value(), rows.value(), m_dataset.sourcePath, QStringLiteral("old.json"));
    QVERIFY2(data, data ? "" : qPrintable(data.error().message));
    QVERIFY(data.value().history.empty());
    const QString html = report::reportHtml(data.value());
    QVERIFY2(html.contains(QStringLiteral("old.json does not store the model's training history "
                                          "(model files before format version 3 have none)")),
             qPrintable(html));
    QCOMPARE(html.count(QStringLiteral("<img ")), 2);
}

void TestReport::unknownFormatAndUnwritablePathAreRefused()
{
    const Result<void> unknown =
        report::writeReport(m_report, m_dir.filePath(QStringLiteral("report.docx")));
    QVERIFY(!unknown);
    QVERIFY(unknown.error().message.contains(QStringLiteral(".docx")));
    const QString missingFolder = m_dir.filePath(QStringLiteral("no/such/folder/report.html"));
    const Result<void> unwritable = report::writeReport(m_report, missingFolder);
    QVERIFY(!unwritable);
    QVERIFY(unwritable.error().message.startsWith(missingFolder));
    QVERIFY(!report::writeReport(m_report, m_dir.filePath(QStringLiteral("r.pdf")),
                                 QStringLiteral("a3")));

    // A failed write leaves an earlier report as it was: a directory in the way
    // makes the commit's rename fail after the temporary file was written.
    const QString blocked = m_dir.filePath(QStringLiteral("blocked.html"));
    QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("blocked.html")));
    QVERIFY(!report::writeReport(m_report, blocked));
    QVERIFY(QFileInfo(blocked).isDir());
}

void TestReport::confusionChartReadableWithManyClasses()
{
    // 20 classes with long names: the chart must still place a cell per class
    // and draw every count (the diagonal here holds 5 per class).
    QStringList names;
    for (int k = 0; k < 20; ++k)
        names << QStringLiteral("species number %1").arg(k + 1);
    Eigen::MatrixXi confusion = Eigen::MatrixXi::Zero(20, 20);
    for (int k = 0; k < 20; ++k) {
        confusion(k, k) = 5;
        confusion(k, (k + 1) % 20) = 1;
    }
    QImage image(QSize(720, 720), QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    const report::ConfusionGeometry geometry =
        report::paintConfusionMatrix(painter, image.rect(), confusion, names);
    painter.end();
    QCOMPARE(geometry.classCount, 20);
    QVERIFY2(geometry.cellSide >= 20, qPrintable(QString::number(geometry.cellSide)));
    const QPoint centre =
        geometry.grid.topLeft() + QPoint(3 * geometry.cellSide + geometry.cellSide / 2,
                                         4 * geometry.cellSide + geometry.cellSide / 2);
    QCOMPARE(geometry.cellAt(centre), std::make_pair(4, 3));
    QCOMPARE(geometry.cellAt(QPoint(0, 0)), std::make_pair(-1, -1));
    QVERIFY(inkedPixels(image) > 5000);
}

void TestReport::modelSectionListsEveryTrainingSetting()
{
    const auto setting = [](const QString &html, const QString &name) {
        const QRegularExpression cell(
            QStringLiteral("data-setting=\"%1\">([^<]*)<").arg(QRegularExpression::escape(name)));
        return cell.match(html).captured(1);
    };
    ReportData data = m_report;
    data.training.warmupSteps = 37;
    data.training.beta1 = 0.8;
    data.training.beta2 = 0.99;
    data.training.ema = true;
    data.training.emaDecay = 0.995;
    data.config.halting = true;
    data.training.haltingExploration = 0.25;
    QString html = report::reportHtml(data);
    QCOMPARE(setting(html, QStringLiteral("Warm-up steps")), QStringLiteral("37"));
    QCOMPARE(setting(html, QStringLiteral("Adam β1 / β2")), QStringLiteral("0.8 / 0.99"));
    QCOMPARE(setting(html, QStringLiteral("Moving average of weights (EMA)")),
             QStringLiteral("on, decay 0.995"));
    QCOMPARE(setting(html, QStringLiteral("Halting exploration")), QStringLiteral("0.25"));
    QCOMPARE(setting(html, QStringLiteral("Test accuracy when trained")),
             report::metricText(m_outcome.trained.provenance.testAccuracy));

    data.training.ema = false;
    html = report::reportHtml(data);
    QCOMPARE(setting(html, QStringLiteral("Moving average of weights (EMA)")),
             QStringLiteral("off"));
    // A model of one epoch on one row says so in the singular.
    data.history.resize(1);
    data.dataRows = 1;
    html = report::reportHtml(data);
    QVERIFY2(html.contains(QStringLiteral("\">1</span> epoch run")), qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("(1 row, 3 classes)")));
}

void TestReport::dataSectionShowsTheTrainingFilesChecksum()
{
    const QRegularExpression training(
        QStringLiteral("data-checksum=\"training\">([0-9a-f]{64})</code>(<br>the same file)?"));
    // A run of this session: trained on the very file it is evaluated on.
    QRegularExpressionMatch match = training.match(report::reportHtml(m_report));
    QVERIFY(match.hasMatch());
    QCOMPARE(match.captured(1), m_dataset.sha256);
    QVERIFY(!match.captured(2).isEmpty());

    // A model trained on another file: both checksums, and no claim that they match.
    ReportData other = m_report;
    other.provenance.dataFile = QStringLiteral("older.csv");
    other.provenance.dataSha256 = QString(64, QLatin1Char('a'));
    const QString html = report::reportHtml(other);
    match = training.match(html);
    QVERIFY(match.hasMatch());
    QCOMPARE(match.captured(1), other.provenance.dataSha256);
    QVERIFY(match.captured(2).isEmpty());
    QVERIFY(html.contains(m_dataset.sha256));
    QVERIFY(html.contains(QStringLiteral("older.csv")));

    // A model file without provenance says the checksum is not known.
    other.provenance = Provenance();
    QVERIFY(report::reportHtml(other).contains(QStringLiteral("not recorded in the model")));
}

void TestReport::lineChartsKeepCurvesOffTheFrame()
{
    // Accuracy 1 at every step: the line would run along the top of the frame
    // and the last marker sit on its right edge.
    std::vector<StepAccuracy> steps(13);
    for (StepAccuracy &step : steps)
        step.accuracy = 1.0;
    steps.front().accuracy = 0.6;
    const QImage image = report::stepAccuracyImage(steps, QSize(672, 300));
    const auto isFrame = [](QRgb pixel) { return qGray(pixel) < 40; };
    const auto isCurve = [](QRgb pixel) {
        return qGreen(pixel) > qRed(pixel) + 50 && qGreen(pixel) > qBlue(pixel) + 30;
    };
    // Dark pixels along row y, and along column x.
    const auto darkInRow = [&](int y) {
        int run = 0;
        for (int x = 0; x < image.width(); ++x)
            run += isFrame(image.pixel(x, y)) ? 1 : 0;
        return run;
    };
    const auto darkInColumn = [&](int x) {
        int run = 0;
        for (int y = 0; y < image.height(); ++y)
            run += isFrame(image.pixel(x, y)) ? 1 : 0;
        return run;
    };
    // The line with the most dark pixels, the first met going forwards or, with
    // `fromEnd`, backwards.
    const auto darkest = [](int count, const auto &darkIn, bool fromEnd) {
        int best = -1, longest = 0;
        for (int k = 0; k < count; ++k) {
            const int i = fromEnd ? count - 1 - k : k;
            if (const int run = darkIn(i); run > longest) {
                longest = run;
                best = i;
            }
        }
        return best;
    };
    // The frame: the longest dark row and the longest dark column from each side.
    const int frameTop = darkest(image.height(), darkInRow, false);
    const int frameRight = darkest(image.width(), darkInColumn, true);
    const int frameLeft = darkest(image.width(), darkInColumn, false);
    QVERIFY(frameTop > 0 && frameLeft > 0 && frameRight > frameLeft);
    // The curve and every marker lie inside the frame, clear of its border
    // (the legend's green swatch is above the frame).
    QRect curve;
    for (int y = frameTop + 1; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (isCurve(image.pixel(x, y)))
                curve |= QRect(x, y, 1, 1);
        }
    }
    QVERIFY2(
        curve.top() > frameTop + 1,
        qPrintable(QStringLiteral("curve top %1, frame top %2").arg(curve.top()).arg(frameTop)));
    QVERIFY2(
        curve.right() < frameRight - 1,
        qPrintable(
            QStringLiteral("curve right %1, frame right %2").arg(curve.right()).arg(frameRight)));
    // Over the plot, title, legend and frame are separated by white rows.
    int bands = 0;
    bool inked = false;
    for (int y = 0; y < frameTop; ++y) {
        bool row = false;
        for (int x = frameLeft + 1; x < frameRight && !row; ++x)
            row = qGray(image.pixel(x, y)) < 200;
        if (row && !inked)
            ++bands;
        inked = row;
    }
    QCOMPARE(bands, 2);
}

void TestReport::markerLabelAvoidsTheCurves_data()
{
    QTest::addColumn<QList<QPolygonF>>("curves");
    // Curves in pixels: y grows downwards, so y = 6 is an accuracy near 1.
    QTest::newRow("validation-along-the-top")
        << QList<QPolygonF>{QPolygonF({QPointF(0, 60), QPointF(100, 6), QPointF(400, 6)})};
    QTest::newRow("loss-near-the-bottom")
        << QList<QPolygonF>{QPolygonF({QPointF(0, 10), QPointF(100, 190), QPointF(400, 194)})};
    QTest::newRow("two-curves-top-and-middle") << QList<QPolygonF>{
        QPolygonF({QPointF(0, 8), QPointF(400, 8)}), QPolygonF({QPointF(0, 40), QPointF(400, 30)})};
}

void TestReport::markerLabelAvoidsTheCurves()
{
    QFETCH(QList<QPolygonF>, curves);
    const QRectF plot(0, 0, 400, 200);
    const std::vector<QPolygonF> lines(curves.begin(), curves.end());
    for (const double lineX : {200.0, 395.0}) {
        const QRectF box = report::freeLabelBox(plot, lineX, QSizeF(34, 18), lines);
        QVERIFY(plot.contains(box));
        // Beside the marker line, not across it.
        QVERIFY(box.left() > lineX || box.right() < lineX);
        for (const QPolygonF &curve : lines) {
            for (qsizetype i = 0; i + 1 < curve.size(); ++i) {
                // Sample the segment finely: no point of it in the label's box.
                for (int t = 0; t <= 200; ++t) {
                    const QPointF p = curve[i] + (curve[i + 1] - curve[i]) * (t / 200.0);
                    QVERIFY2(!box.contains(p), qPrintable(QStringLiteral("box (%1, %2) at x %3")
                                                              .arg(box.left())
                                                              .arg(box.top())
                                                              .arg(lineX)));
                }
            }
        }
    }
}

QTEST_MAIN(TestReport)
#include "tst_report.moc"
