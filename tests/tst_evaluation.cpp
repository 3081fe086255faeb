#include "confusionmatrixwidget.h"
#include "evaluationview.h"
#include "evaluationworker.h"
#include "explorerpanel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "modelactions.h"

#include "commandline.h"
#include "dataset.h"
#include "experiment.h"
#include "modelfile.h"
#include "reportdata.h"

#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace trm;
using namespace trm::ui;

namespace {

/// Lists the rows of the cell with the most rows, so that there are rows to use.
void selectFullestCell(EvaluationView &view, const Eigen::MatrixXi &confusion)
{
    Eigen::Index truth = 0;
    Eigen::Index predicted = 0;
    confusion.maxCoeff(&truth, &predicted);
    view.selectCell(int(truth), int(predicted));
}

RunSettings smallSettings(int epochs)
{
    RunSettings settings;
    settings.model.hiddenSize = 8;
    settings.model.latentSteps = 2;
    settings.model.cycles = 2;
    settings.model.supervisionSteps = 2;
    settings.training.epochs = epochs;
    settings.training.patience = 0;
    return settings;
}

/// Shows a run and waits for its evaluation, which runs on a worker thread.
bool showRunAndWait(EvaluationView &view, const RunOutcome &outcome, const Dataset &dataset)
{
    QSignalSpy evaluated(&view, &EvaluationView::evaluated);
    view.showRun(outcome, dataset);
    if (!view.isEvaluating() || view.hasReport())
        return false; // the evaluation must not run on the caller's thread
    return evaluated.wait(60'000) && evaluated.front().front().toBool() && view.hasReport();
}

/// The "mean ± sd" the cross-validation table shows beside `metric`, or "".
QString crossValidationFigure(const EvaluationView &view, const QString &metric)
{
    const QTableWidget *table = view.crossValidationTable();
    for (int row = 0; row < table->rowCount(); ++row) {
        for (int column = 0; column + 1 < table->columnCount(); column += 2) {
            const QTableWidgetItem *name = table->item(row, column);
            if (name && name->text() == metric && table->item(row, column + 1))
                return table->item(row, column + 1)->text();
        }
    }
    return {};
}

} // namespace

class TestEvaluation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsTheRunsTestEvaluation();
    void clickingACellListsItsRows();
    void cellRowsSortAsNumbers();
    void tablesShowAllTheirContents();
    void headlineNamesModelAndRowsOnce();
    void matrixPlaceholderFollowsTheHeadline();
    void crossValidationDefaultsAreTheCommandLines();
    void crossValidationKeepsTheControlsStill();
    void doubleClickingARowAsksToOpenIt();
    void crossValidationReportsMeanAndSpread();
    void crossValidationRunsOnTheFileAModelWasScoredOn();
    void crossValidationCanBeCancelled();
    void windowAndCommandLineCrossValidationAgree();
    void exportsTheReport();
    void twentyClassesStayClickable();
    void windowImportsPredictsAndExports();

private:
    Dataset m_dataset;
    RunOutcome m_outcome;
};

void TestEvaluation::initTestCase()
{
    Result<Dataset> dataset = loadDataset(QStringLiteral(TRM_DATASETS "/iris.csv"));
    QVERIFY(dataset);
    m_dataset = dataset.value();
    Result<RunOutcome> outcome = trainOnDataset(m_dataset, smallSettings(10));
    QVERIFY(outcome);
    m_outcome = outcome.value();
}

void TestEvaluation::showsTheRunsTestEvaluation()
{
    EvaluationView view;
    QVERIFY(showRunAndWait(view, m_outcome, m_dataset));

    QCOMPARE(view.confusionMatrix()->matrix(), m_outcome.test.confusion);
    // Three classes, then the macro and weighted averages.
    QCOMPARE(view.metricsTable()->rowCount(), 5);
    QCOMPARE(view.metricsTable()->item(3, 0)->text(), QStringLiteral("Macro average"));
    QCOMPARE(view.metricsTable()->item(3, 3)->text(),
             QString::number(m_outcome.test.macroF1, 'f', 4));
    for (int k = 0; k < 3; ++k) {
        const ClassMetrics &m = m_outcome.test.perClass[std::size_t(k)];
        QCOMPARE(view.metricsTable()->item(k, 4)->data(Qt::DisplayRole).toInt(), m.support);
        QCOMPARE(view.metricsTable()->item(k, 1)->text(),
                 m.precisionDefined ? QString::number(m.precision, 'f', 4) : QStringLiteral("—"));
    }
    // The TRM, the majority class and logistic regression.
    QCOMPARE(view.comparisonTable()->rowCount(), 3);
    QCOMPARE(view.comparisonTable()->item(0, 1)->text(),
             QString::number(m_outcome.test.accuracy, 'f', 4));
    QCOMPARE(view.comparisonTable()->item(1, 0)->text(), QStringLiteral("Majority class"));
    QVERIFY(view.hasReport());
}

void TestEvaluation::clickingACellListsItsRows()
{
    EvaluationView view;
    view.resize(1100, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(showRunAndWait(view, m_outcome, m_dataset));
    view.confusionMatrix()->repaint();

    // tested action: click the diagonal cell of the second class
    QTest::mouseClick(view.confusionMatrix(), Qt::LeftButton, {},
                      view.confusionMatrix()->cellCentre(1, 1));

    // check result
    QCOMPARE(view.confusionMatrix()->selectedCell(), std::make_pair(1, 1));
    QCOMPARE(view.cellRowsTable()->rowCount(), m_outcome.test.confusion(1, 1));
    for (int row = 0; row < view.cellRowsTable()->rowCount(); ++row) {
        const int source = view.cellRowsTable()->item(row, 0)->data(Qt::UserRole).toInt();
        QCOMPARE(m_dataset.labels[std::size_t(source)], 1);
        QCOMPARE(view.cellRowsTable()->item(row, 3)->text(), m_dataset.classNames[1]);
        // iris.csv has a header and no blank line: data row r is on line r + 2.
        QCOMPARE(view.cellRowsTable()->item(row, 1)->data(Qt::DisplayRole).toInt(), source + 2);
    }
    // Every off-diagonal cell lists exactly its count too, and says it in words.
    for (int t = 0; t < 3; ++t) {
        for (int p = 0; p < 3; ++p) {
            view.selectCell(t, p);
            const int count = m_outcome.test.confusion(t, p);
            QCOMPARE(view.cellRowsTable()->rowCount(), count);
            const QString caption = view.cellCaption()->text();
            QVERIFY2(caption.startsWith(count == 1
                                            ? QStringLiteral("1 row of true class")
                                            : QStringLiteral("%1 rows of true class").arg(count)),
                     qPrintable(caption));
        }
    }
}

void TestEvaluation::cellRowsSortAsNumbers()
{
    EvaluationView view;
    QVERIFY(showRunAndWait(view, m_outcome, m_dataset));
    selectFullestCell(view, m_outcome.test.confusion);
    const QTableWidget *table = view.cellRowsTable();
    QVERIFY(table->rowCount() > 2);
    // Row numbers of one, two and three digits among iris's 150 rows: by value,
    // rising, so 69 before 364 rather than after it as text would have it.
    bool shortAndLong = false;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QVariant number = table->item(row, 0)->data(Qt::DisplayRole);
        QVERIFY(number.typeId() != QMetaType::QString);
        if (row > 0) {
            const qlonglong before = table->item(row - 1, 0)->data(Qt::DisplayRole).toLongLong();
            QVERIFY2(before < number.toLongLong(), qPrintable(QString::number(before)));
            shortAndLong = shortAndLong || QString::number(before).size() <
                                               QString::number(number.toLongLong()).size();
        }
    }
    QVERIFY(shortAndLong);
    // The probabilities sort by value too.
    view.cellRowsTable()->sortByColumn(5, Qt::AscendingOrder);
    for (int row = 1; row < table->rowCount(); ++row) {
        QVERIFY(table->item(row - 1, 5)->data(Qt::UserRole).toDouble() <=
                table->item(row, 5)->data(Qt::UserRole).toDouble());
    }
    // Every column as wide as it needs, none stretched over the rest.
    QVERIFY(!table->horizontalHeader()->stretchLastSection());
    QCOMPARE(table->horizontalHeader()->sectionResizeMode(5), QHeaderView::ResizeToContents);
}

void TestEvaluation::tablesShowAllTheirContents()
{
    // The Evaluation tab's share of a 1280 x 800 window beside the settings.
    EvaluationView view;
    view.resize(860, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(showRunAndWait(view, m_outcome, m_dataset));
    QCoreApplication::processEvents();
    for (const QTableWidget *table :
         {view.metricsTable(), view.comparisonTable(), view.crossValidationTable()}) {
        QVERIFY(!table->verticalScrollBar()->isVisible());
        QVERIFY(!table->horizontalScrollBar()->isVisible());
        const QHeaderView *header = table->horizontalHeader();
        for (int column = 0; column < table->columnCount(); ++column) {
            for (int row = 0; row < table->rowCount(); ++row) {
                const QTableWidgetItem *item = table->item(row, column);
                if (item) {
                    const int width = QFontMetrics(item->font()).horizontalAdvance(item->text());
                    QVERIFY2(header->sectionSize(column) >= width + 6, qPrintable(item->text()));
                }
            }
            if (!header->isHidden())
                QVERIFY(header->sectionSize(column) >= header->sectionSizeHint(column));
        }
        QVERIFY(table->viewport()->width() >= header->length());
        QVERIFY(table->viewport()->height() >=
                table->rowCount() * table->verticalHeader()->defaultSectionSize());
    }
}

void TestEvaluation::headlineNamesModelAndRowsOnce()
{
    EvaluationView view;
    QVERIFY(showRunAndWait(view, m_outcome, m_dataset));
    const QString headline = view.headline()->text();
    const QString expected = QStringLiteral("Model trained in this session, scored on the %1 "
                                            "rows of iris.csv held out for testing (seed %2): ")
                                 .arg(m_outcome.split.test.size())
                                 .arg(m_outcome.trained.training.seed);
    QVERIFY2(headline.startsWith(expected), qPrintable(headline));
    QVERIFY2(!headline.contains(QStringLiteral(") (")), qPrintable(headline));
}

void TestEvaluation::matrixPlaceholderFollowsTheHeadline()
{
    ConfusionMatrixWidget widget;
    widget.setPlaceholderText(QStringLiteral("Nothing evaluated"));
    QCOMPARE(widget.placeholderText(), QStringLiteral("Nothing evaluated"));

    EvaluationView view;
    QVERIFY(view.confusionMatrix()->placeholderText().contains(QStringLiteral("Train a model")));
    // An imported model: the headline asks for a labelled file, and so does not
    // the matrix ask for training.
    view.clear(QStringLiteral("<b>model.json</b> is imported. Predict on a CSV file with its "
                              "target column (Model > Predict on CSV) to evaluate it here."));
    const QString placeholder = view.confusionMatrix()->placeholderText();
    QVERIFY2(!placeholder.contains(QStringLiteral("Train")), qPrintable(placeholder));
}

void TestEvaluation::crossValidationDefaultsAreTheCommandLines()
{
    QString help;
    QString errors;
    QTextStream out(&help);
    QTextStream err(&errors);
    runCommandLine({QStringLiteral("trm"), QStringLiteral("cv"), QStringLiteral("--help")}, out,
                   err);
    out.flush();
    const auto cliDefault = [&help](const QString &option) {
        const QRegularExpression pattern(
            QStringLiteral("--%1 <\\w+>[^-]*Default: (\\d+)").arg(option));
        const QRegularExpressionMatch match = pattern.match(help);
        return match.hasMatch() ? match.captured(1).toInt() : -1;
    };
    EvaluationView view;
    QCOMPARE(view.crossValidationRepeats()->value(), cliDefault(QStringLiteral("repeats")));
    QCOMPARE(view.findChildren<QSpinBox *>().front()->value(), cliDefault(QStringLiteral("folds")));
}

void TestEvaluation::crossValidationKeepsTheControlsStill()
{
    EvaluationView view;
    view.resize(860, 700);
    view.setCrossValidationSource(m_dataset, smallSettings(3));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QPushButton *cancel = nullptr;
    for (QPushButton *button : view.findChildren<QPushButton *>()) {
        if (button->text() == QStringLiteral("Cancel"))
            cancel = button;
    }
    QVERIFY(cancel);
    const auto where = [&] {
        QCoreApplication::processEvents();
        return cancel->mapTo(&view, QPoint());
    };
    const QPoint before = where();
    QSignalSpy finished(&view, &EvaluationView::crossValidationFinished);
    view.startCrossValidation(3, 1);
    QCOMPARE(where(), before);
    QVERIFY(finished.wait(60000));
    QCOMPARE(where(), before);
}

void TestEvaluation::doubleClickingARowAsksToOpenIt()
{
    EvaluationView view;
    QVERIFY(showRunAndWait(view, m_outcome, m_dataset));
    selectFullestCell(view, m_outcome.test.confusion);
    QVERIFY(view.cellRowsTable()->rowCount() > 0);
    QSignalSpy activated(&view, &EvaluationView::rowActivated);
    const int source = view.cellRowsTable()->item(0, 0)->data(Qt::UserRole).toInt();
    emit view.cellRowsTable()->cellDoubleClicked(0, 2);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toInt(), source);
}

void TestEvaluation::crossValidationReportsMeanAndSpread()
{
    EvaluationView view;
    view.setCrossValidationSource(m_dataset, smallSettings(3));
    QSignalSpy finished(&view, &EvaluationView::crossValidationFinished);
    view.startCrossValidation(3, 1);
    QVERIFY(view.crossValidationRunning());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY(!view.crossValidationRunning());
    const QString text = view.crossValidationResult()->text();
    QVERIFY(text.contains(QStringLiteral("over 3 models")));
    QVERIFY2(text.contains(QStringLiteral("3 folds × 1 repeat</b>")), qPrintable(text));
    const QString accuracy = crossValidationFigure(view, QStringLiteral("accuracy"));
    QVERIFY2(accuracy.contains(QStringLiteral(" ± ")), qPrintable(accuracy));
    QCOMPARE(view.crossValidationProgress()->value(), view.crossValidationProgress()->maximum());
    // A final state, not the last fold's.
    QCOMPARE(view.crossValidationProgress()->text(), QStringLiteral("done"));
}

void TestEvaluation::crossValidationRunsOnTheFileAModelWasScoredOn()
{
    EvaluationView view;
    // Nothing to train on yet: the box says so rather than sit greyed out.
    QVERIFY(!view.canCrossValidate());
    QVERIFY2(view.crossValidationSource()->text().contains(QStringLiteral("open a data set")),
             qPrintable(view.crossValidationSource()->text()));

    // tested action: a model imported and scored on a labelled file, no data set open
    const QString iris = QStringLiteral(TRM_DATASETS "/iris.csv");
    const TrainedModel &model = m_outcome.trained;
    Result<LabelledRows> rows =
        loadRowsFor(iris, model.featureNames, model.targetName, model.classNames);
    QVERIFY(rows);
    Result<ReportData> report =
        reportForModel(model, rows.value(), iris, QStringLiteral("model.json"));
    QVERIFY(report);
    view.showModelReport(report.value(), rows.value(), model.probabilities(rows.value().features));

    // check result: cross-validation trains on that file with the model's settings
    QVERIFY(view.canCrossValidate());
    const QString source = view.crossValidationSource()->text();
    // Exactly what it trains on: `trm cv iris.csv` reads the file's own columns.
    QVERIFY2(source.contains(QStringLiteral("the model's 4 feature columns of the 150 rows of "
                                            "iris.csv, with the settings model.json was "
                                            "trained with")),
             qPrintable(source));
    QSignalSpy finished(&view, &EvaluationView::crossValidationFinished);
    view.startCrossValidation(2, 1);
    QVERIFY(view.crossValidationRunning());
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY2(view.crossValidationResult()->text().contains(QStringLiteral("2 folds × 1 repeat")),
             qPrintable(view.crossValidationResult()->text()));

    // The file goes with the report: cleared, there is nothing to train on.
    view.clear();
    QVERIFY(!view.canCrossValidate());
    // A data set the window opens is kept when a model's report follows.
    view.setCrossValidationSource(m_dataset, smallSettings(3));
    view.showModelReport(report.value(), rows.value(), model.probabilities(rows.value().features));
    QVERIFY2(view.crossValidationSource()->text().contains(QStringLiteral("training settings")),
             qPrintable(view.crossValidationSource()->text()));
}

void TestEvaluation::crossValidationCanBeCancelled()
{
    EvaluationView view;
    // Long enough that it cannot finish before the cancel arrives.
    view.setCrossValidationSource(m_dataset, smallSettings(5000));
    QSignalSpy finished(&view, &EvaluationView::crossValidationFinished);
    view.startCrossValidation(5, 3);
    QTest::qWait(50);
    view.cancelCrossValidation();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(view.crossValidationResult()->text().contains(QStringLiteral("cancelled")));
    QCOMPARE(view.crossValidationProgress()->text(), QStringLiteral("cancelled"));
    QCOMPARE(crossValidationFigure(view, QStringLiteral("accuracy")).isEmpty(), false);
    QVERIFY(view.crossValidationTable()->item(0, 1)->foreground().color().alpha() == 0);
}

void TestEvaluation::windowAndCommandLineCrossValidationAgree()
{
    // The same data, settings, folds and repeats through trm::crossValidate (what
    // `trm cv` runs) and through the window's worker: the same folds, trained the
    // same way, so every metric's mean and spread agree exactly.
    const RunSettings settings = smallSettings(3);
    const Result<CrossValidation> core = crossValidate(m_dataset, settings, 3, 2);
    QVERIFY(core);
    const FoldSummary &expected = core.value().summary;
    QCOMPARE(expected.folds, 6);
    QVERIFY(expected.logLoss.has_value());

    CrossValidationWorker worker(m_dataset, settings, 3, 2);
    std::optional<FoldSummary> window;
    connect(&worker, &CrossValidationWorker::finished, this,
            [&window](const FoldSummary &summary) { window = summary; });
    worker.run();
    QVERIFY(window.has_value());
    QCOMPARE(window->folds, expected.folds);
    const std::pair<const char *, MetricSpread FoldSummary::*> metrics[] = {
        {"accuracy", &FoldSummary::accuracy},
        {"balanced accuracy", &FoldSummary::balancedAccuracy},
        {"macro precision", &FoldSummary::macroPrecision},
        {"macro recall", &FoldSummary::macroRecall},
        {"macro-F1", &FoldSummary::macroF1},
        {"weighted F1", &FoldSummary::weightedF1},
    };
    for (const auto &[name, member] : metrics) {
        const MetricSpread &got = (*window).*member;
        const MetricSpread &want = expected.*member;
        QVERIFY2(got.mean == want.mean, name);
        QVERIFY2(got.std == want.std, name);
    }
    QVERIFY(window->logLoss.has_value());
    QCOMPARE(window->logLoss->mean, expected.logLoss->mean);
    QCOMPARE(window->logLoss->std, expected.logLoss->std);

    // And the view shows each of them as "mean ± std", as `trm cv` prints them.
    EvaluationView view;
    view.setCrossValidationSource(m_dataset, settings);
    QSignalSpy finished(&view, &EvaluationView::crossValidationFinished);
    view.startCrossValidation(3, 2);
    QVERIFY(finished.wait(120000));
    for (const auto &[name, member] : metrics) {
        const MetricSpread &spread = expected.*member;
        QCOMPARE(crossValidationFigure(view, QLatin1String(name)),
                 QStringLiteral("%1 ± %2").arg(QString::number(spread.mean, 'f', 4),
                                               QString::number(spread.std, 'f', 4)));
    }
    QCOMPARE(crossValidationFigure(view, QStringLiteral("log loss")),
             QStringLiteral("%1 ± %2").arg(QString::number(expected.logLoss->mean, 'f', 4),
                                           QString::number(expected.logLoss->std, 'f', 4)));
}

void TestEvaluation::exportsTheReport()
{
    EvaluationView view;
    QTemporaryDir dir;
    QVERIFY(!view.exportReport(dir.filePath(QStringLiteral("none.html")), QStringLiteral("a4")));
    QVERIFY(showRunAndWait(view, m_outcome, m_dataset));
    const QString path = dir.filePath(QStringLiteral("report.html"));
    QVERIFY(view.exportReport(path, QStringLiteral("a4")));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(file.readAll());
    QVERIFY(html.contains(QStringLiteral("data-metric=\"accuracy\">%1<")
                              .arg(QString::number(m_outcome.test.accuracy, 'f', 4))));
}

void TestEvaluation::twentyClassesStayClickable()
{
    ConfusionMatrixWidget widget;
    widget.resize(640, 600);
    QStringList names;
    Eigen::MatrixXi confusion = Eigen::MatrixXi::Zero(20, 20);
    for (int k = 0; k < 20; ++k) {
        names << QStringLiteral("class %1").arg(k + 1);
        confusion(k, k) = 10 + k;
        confusion(k, (k + 3) % 20) = 2;
    }
    widget.setMatrix(confusion, names);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    widget.repaint();
    QSignalSpy clicked(&widget, &ConfusionMatrixWidget::cellClicked);
    QTest::mouseClick(&widget, Qt::LeftButton, {}, widget.cellCentre(17, 0));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), 17);
    QCOMPARE(clicked.at(0).at(1).toInt(), 0);
}

void TestEvaluation::windowImportsPredictsAndExports()
{
    QTemporaryDir dir;
    MainWindow window;
    auto *actions = window.findChild<ModelActions *>();
    QVERIFY(actions);
    QVERIFY(!actions->currentModel());
    QVERIFY(!actions->exportModelAction()->isEnabled());

    // A bad file: one clear message, and still no model.
    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    QFile brokenFile(broken);
    QVERIFY(brokenFile.open(QIODevice::WriteOnly));
    brokenFile.write("{\"format\": \"trm-studio-model\", \"version\": 99}");
    brokenFile.close();
    QVERIFY(!actions->importModel(broken));
    QVERIFY(!actions->currentModel());

    const QString modelPath = dir.filePath(QStringLiteral("model.json"));
    QVERIFY(saveModel(m_outcome.trained, modelPath));
    QVERIFY(actions->importModel(modelPath));
    QVERIFY(actions->currentModel());
    QVERIFY2(
        !actions->view()->confusionMatrix()->placeholderText().contains(QStringLiteral("Train")),
        qPrintable(actions->view()->confusionMatrix()->placeholderText()));
    // A second, bad import keeps the model imported before.
    QVERIFY(!actions->importModel(broken));
    QCOMPARE(actions->currentModel()->classNames, m_outcome.trained.classNames);

    const QString predictions = dir.filePath(QStringLiteral("predictions.csv"));
    QSignalSpy predicted(actions, &ModelActions::predictionFinished);
    QVERIFY(actions->predictOnCsv(QStringLiteral(TRM_DATASETS "/iris.csv"), predictions));
    // The file is read and predicted on a worker thread: the window waits for nothing.
    QVERIFY(actions->isPredicting());
    QVERIFY(!actions->predictAction()->isEnabled());
    QVERIFY(predicted.wait(60'000));
    QCOMPARE(predicted.front().front().toBool(), true);
    QVERIFY(!actions->isPredicting());
    QFile written(predictions);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll().count('\n'), 151);
    // iris.csv has the target column, so the evaluation covers its 150 rows.
    QVERIFY(actions->view()->hasReport());
    QCOMPARE(actions->view()->report().evaluation.rowCount(), 150);
    // The model file keeps the training history, so the report has its curves.
    QCOMPARE(actions->view()->report().history.size(), m_outcome.history.size());
    QVERIFY(actions->view()->report().historyNote.isEmpty());
    QVERIFY(actions->exportReport(dir.filePath(QStringLiteral("report.pdf"))));
    // The explorer follows the evaluation: every row of the file.
    QCOMPARE(window.explorerPanel()->rowCount(), 150);

    // Importing again: the evaluation and the explorer belonged to the model
    // before, so both are emptied and no report can be exported for it.
    QVERIFY(actions->importModel(modelPath));
    QVERIFY(!actions->view()->hasReport());
    QVERIFY(!actions->exportReportAction()->isEnabled());
    QVERIFY(!window.explorerPanel()->hasRun());
    QVERIFY(actions->predictOnCsv(QStringLiteral(TRM_DATASETS "/iris.csv"), predictions));
    QVERIFY(predicted.wait(60'000));
    QVERIFY(actions->view()->hasReport());
    QVERIFY(actions->exportReportAction()->isEnabled());

    // A file with a column the model does not know: predicted all the same,
    // and the banner says the column was ignored.
    const QString extra = dir.filePath(QStringLiteral("extra.csv"));
    QFile extraFile(extra);
    QVERIFY(extraFile.open(QIODevice::WriteOnly));
    extraFile.write("petal_width,note,sepal_length,petal_length,sepal_width\n"
                    "0.2,first,5.1,1.4,3.5\n"
                    "1.8,second,6.3,5.1,2.9\n");
    extraFile.close();
    QVERIFY(actions->predictOnCsv(extra, dir.filePath(QStringLiteral("extra-predictions.csv"))));
    QVERIFY(predicted.wait(60'000));
    QCOMPARE(predicted.back().front().toBool(), true);
    QVERIFY2(window.messageBanner()->text().contains(
                 QStringLiteral("1 column the model does not use: note")),
             qPrintable(window.messageBanner()->text()));

    const QString exported = dir.filePath(QStringLiteral("exported.json"));
    QVERIFY(actions->exportModel(exported));
    const Result<TrainedModel> reloaded = loadModel(exported);
    QVERIFY(reloaded);
    QVERIFY(reloaded.value().probabilities(m_dataset.features) ==
            m_outcome.trained.probabilities(m_dataset.features));
    QCOMPARE(reloaded.value().history.size(), m_outcome.history.size());
}

QTEST_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
