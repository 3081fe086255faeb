// The recursion explorer on real trained models: for two classes, three and
// twelve, stepping and animating update every chart; the window's trace of a
// row is the command line's; the what-if form with a row's own values
// reproduces that row's trace.

#include "commandline.h"
#include "confusionmatrixwidget.h"
#include "dataset.h"
#include "experiment.h"
#include "exploreraccuracychart.h"
#include "explorerdepthchart.h"
#include "explorerpanel.h"
#include "explorerprobabilitychart.h"
#include "explorerprojection.h"
#include "explorerrowtable.h"
#include "explorerstepbars.h"
#include "explorerstepcontrol.h"
#include "explorerstepsummary.h"
#include "explorerwhatifform.h"
#include "modelfile.h"
#include "traceanalysis.h"

#include <QChart>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace trm;
using namespace trm::ui;

namespace {

struct Explored
{
    Dataset dataset;
    RunOutcome outcome;
};

/// Trains a small model quickly; good enough to have a shape, not to be good.
std::shared_ptr<Explored> train(const QString &path)
{
    Result<Dataset> data = loadDataset(path);
    if (!data)
        qFatal("%s", qPrintable(data.error().message));
    RunSettings settings;
    settings.model.hiddenSize = 16;
    settings.model.latentSteps = 2;
    settings.model.cycles = 2;
    settings.model.supervisionSteps = 3;
    settings.training.epochs = 15;
    settings.training.warmupSteps = 10;
    settings.training.learningRate = 3e-3;
    Result<RunOutcome> run = trainOnDataset(data.value(), settings);
    if (!run)
        qFatal("%s", qPrintable(run.error().message));
    return std::make_shared<Explored>(Explored{data.value(), run.value()});
}

/// `trm trace MODEL DATA --row N --json` in process: the per-step
/// probabilities of its JSON line.
std::vector<std::vector<double>> commandLineTrace(const QString &model, const QString &data,
                                                  int row)
{
    QString outText, errText;
    QTextStream out(&outText), err(&errText);
    const int code =
        runCommandLine({QStringLiteral("trm"), QStringLiteral("trace"), model, data,
                        QStringLiteral("--row"), QString::number(row), QStringLiteral("--json")},
                       out, err, nullptr);
    if (code != 0)
        qWarning("trm trace failed: %s", qPrintable(errText));
    const QStringList lines = outText.trimmed().split(QLatin1Char('\n'));
    const QJsonObject summary = QJsonDocument::fromJson(lines.last().toUtf8()).object();
    std::vector<std::vector<double>> steps;
    for (const QJsonValue &step : summary.value(QStringLiteral("trace")).toArray()) {
        std::vector<double> p;
        for (const QJsonValue &value :
             step.toObject().value(QStringLiteral("probabilities")).toArray())
            p.push_back(value.toDouble());
        steps.push_back(p);
    }
    return steps;
}

bool sameTrace(const Trace &a, const Trace &b)
{
    if (a.steps.size() != b.steps.size())
        return false;
    for (std::size_t s = 0; s < a.steps.size(); ++s) {
        if (a.steps[s].probabilities != b.steps[s].probabilities ||
            a.steps[s].halting != b.steps[s].halting ||
            a.steps[s].answerChange != b.steps[s].answerChange ||
            a.steps[s].latentChange != b.steps[s].latentChange)
            return false;
    }
    return true;
}

/// Sets the run and waits, as the window does, for the whole-set analysis that
/// follows on a worker thread.
bool setRunAndWait(ExplorerPanel &panel, const TrainedModel &model, const Dataset &dataset,
                   const std::vector<int> &rows)
{
    QSignalSpy analysed(&panel, &ExplorerPanel::setAnalysed);
    panel.setRun(model, dataset, rows);
    if (!panel.isAnalysing() || panel.setPredictions().size() != 0)
        return false; // the whole set must not be analysed on the caller's thread
    return analysed.wait(60'000) && !panel.isAnalysing();
}

/// Where `widget` lies in `panel`, and a name to report it by.
struct Placed
{
    QString name;
    QRect rect;
};

/// Checks that `widget` is shown at no less than its minimum size and that its
/// text is not cut; returns a description of the first problem, or nothing.
QString cramped(const QString &name, const QWidget *widget)
{
    // A minimum size set on the widget stands for its hint, as in a layout.
    const QSize hint = widget->minimumSizeHint();
    const QSize minimum(widget->minimumWidth() > 0 ? widget->minimumWidth() : hint.width(),
                        widget->minimumHeight() > 0 ? widget->minimumHeight() : hint.height());
    if (widget->width() < minimum.width() || widget->height() < minimum.height()) {
        return QStringLiteral("%1 is %2 x %3, below its minimum %4 x %5")
            .arg(name)
            .arg(widget->width())
            .arg(widget->height())
            .arg(minimum.width())
            .arg(minimum.height());
    }
    if (const auto *label = qobject_cast<const QLabel *>(widget)) {
        const int needed = label->wordWrap()
                               ? label->heightForWidth(label->width())
                               : label->fontMetrics().horizontalAdvance(label->text());
        const int has = label->wordWrap() ? label->height() : label->contentsRect().width();
        if (!label->text().isEmpty() && needed > has)
            return QStringLiteral("%1 needs %2 px for \"%3\", has %4")
                .arg(name)
                .arg(needed)
                .arg(label->text().left(40))
                .arg(has);
    }
    if (const auto *box = qobject_cast<const QComboBox *>(widget)) {
        if (box->width() < box->sizeHint().width())
            return QStringLiteral("%1 is %2 wide, its text needs %3")
                .arg(name)
                .arg(box->width())
                .arg(box->sizeHint().width());
    }
    return {};
}

/// The first two of `parts` that overlap, or nothing.
QString overlapping(const std::vector<Placed> &parts)
{
    for (std::size_t a = 0; a < parts.size(); ++a) {
        for (std::size_t b = a + 1; b < parts.size(); ++b) {
            if (parts[a].rect.intersects(parts[b].rect))
                return parts[a].name + QStringLiteral(" overlaps ") + parts[b].name;
        }
    }
    return {};
}

/// Labels of the step axis of `chart` stand apart, so none is elided.
bool stepLabelsFit(ExplorerStepChart *chart)
{
    const QFontMetrics metrics(chart->chart()->axes(Qt::Horizontal).front()->labelsFont());
    const double labels = std::floor(chart->lastStep() / double(chart->stepTickInterval())) + 1;
    const double widest = metrics.horizontalAdvance(QString::number(chart->lastStep()));
    return chart->chart()->plotArea().width() / labels >= widest + metrics.averageCharWidth();
}

} // namespace

Q_DECLARE_METATYPE(std::shared_ptr<Explored>)

class ExplorerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stepsUpdateEveryChart_data();
    void stepsUpdateEveryChart();
    void playAnimatesToTheLastStep();
    void windowTraceIsTheCommandLineTrace();
    void whatIfWithOwnValuesReproducesTheRow();
    void filtersListTheRightRows();
    void captionsSayWhatHappened();
    void rowTableShowsEveryColumnWhole_data();
    void rowTableShowsEveryColumnWhole();
    void rowListFitsTheDefaultWindow();
    void everyPartFitsTheExplorerArea_data();
    void everyPartFitsTheExplorerArea();
    void whatIfShowsTheRowsValuesExactly();

private:
    void addDatasets();
    std::shared_ptr<Explored> m_iris, m_cancer, m_twelve;
};

void ExplorerTest::initTestCase()
{
    m_iris = train(QStringLiteral(TRM_DATASETS "/iris.csv"));
    m_cancer = train(QStringLiteral(TRM_DATASETS "/breast_cancer.csv"));
    m_twelve = train(QStringLiteral(TRM_TEST_DATA "/twelve_classes.csv"));
    QCOMPARE(m_cancer->dataset.classCount(), 2);
    QCOMPARE(m_twelve->dataset.classCount(), 12);
}

void ExplorerTest::addDatasets()
{
    QTest::addColumn<std::shared_ptr<Explored>>("explored");
    QTest::newRow("two-classes-breast-cancer") << m_cancer;
    QTest::newRow("three-classes-iris") << m_iris;
    QTest::newRow("twelve-classes-synthetic") << m_twelve;
}

void ExplorerTest::stepsUpdateEveryChart_data()
{
    addDatasets();
}

void ExplorerTest::stepsUpdateEveryChart()
{
    QFETCH(std::shared_ptr<Explored>, explored);
    const RunOutcome &outcome = explored->outcome;
    const int classes = explored->dataset.classCount();
    ExplorerPanel panel;
    panel.resize(1280, 760);
    panel.show();
    QVERIFY(setRunAndWait(panel, outcome.trained, explored->dataset, outcome.split.test));
    QVERIFY(panel.hasRun());
    QCOMPARE(panel.rowCount(), int(outcome.split.test.size()));
    QCOMPARE(panel.rowTable()->visibleRowCount(), panel.rowCount());

    const TrmConfig &config = outcome.trained.model.config();
    const int steps = 1 + config.cycles * config.supervisionSteps;
    QCOMPARE(panel.stepControl()->stepCount(), steps);
    QCOMPARE(panel.currentStep(), steps - 1);
    // The per-step accuracy at the trained depth ends at the test evaluation.
    QCOMPARE(int(panel.accuracyPerStep().size()), steps);
    QCOMPARE(panel.accuracyPerStep().back(), outcome.test.accuracy);
    QCOMPARE(panel.accuracyChart()->points().size(), steps);
    QCOMPARE(panel.depthChart()->points().size(), 2 * config.cycles);
    QCOMPARE(panel.depthChart()->points()[config.cycles - 1].y(), outcome.test.accuracy * 100);
    QCOMPARE(panel.probabilityChart()->classLineCount(), classes);

    panel.chooseRow(1);
    const Trace &trace = panel.rowTrace();
    QCOMPARE(int(trace.steps.size()), steps);
    QCOMPARE(panel.projectionView()->pathPoints().size(), steps);
    for (int k = 0; k < classes; ++k)
        QCOMPARE(panel.probabilityChart()->classPoints(k).size(), steps);

    QSignalSpy stepSpy(panel.stepControl(), &ExplorerStepControl::stepChanged);
    const std::vector<int> &labels = panel.labels();
    for (int step = 0; step < steps; ++step) {
        if (step == 0)
            panel.stepControl()->first();
        else
            QTest::mouseClick(panel.stepControl()->findChildren<QToolButton *>().at(3),
                              Qt::LeftButton);
        QCOMPARE(panel.currentStep(), step);
        QCOMPARE(panel.stepControl()->slider()->value(), step);
        for (int k = 0; k < classes; ++k) {
            QVERIFY(std::abs(panel.stepBars()->barValue(k) -
                             trace.steps[std::size_t(step)].probabilities(0, k) * 100) <=
                    0.05 + 1e-9);
        }
        QCOMPARE(panel.probabilityChart()->cursorStep(), step);
        QCOMPARE(panel.accuracyChart()->cursorStep(), step);
        QCOMPARE(panel.projectionView()->step(), step);
        QCOMPARE(panel.projectionView()->currentPathPoint().size(), 1);
        QCOMPARE(panel.projectionView()->currentPathPoint().front(),
                 panel.projectionView()->pathPoints().at(step));
        int plotted = 0;
        for (int k = 0; k < classes; ++k)
            plotted += int(panel.projectionView()->classPoints(k).size());
        QCOMPARE(plotted, int(panel.projectedRows().size()));
        QCOMPARE(plotted, std::min(panel.rowCount(), maxProjectedRows));
        const Evaluation atStep = evaluationAtStep(panel.setPredictions(), labels, step, classes);
        QCOMPARE(panel.stepSummary()->confusionMatrix()->matrix(), atStep.confusion);
        const StepChanges changes = changesAtStep(panel.setPredictions(), labels, step);
        QCOMPARE(panel.stepSummary()->fixedList()->count(), int(changes.fixed.size()));
        QCOMPARE(panel.stepSummary()->brokenList()->count(), int(changes.broken.size()));
        QVERIFY(!panel.caption().isEmpty());
    }
    QCOMPARE(stepSpy.count(), steps);

    // Step 0 is the prior guess: the same for every row.
    panel.stepControl()->first();
    const Eigen::MatrixXd &prior = panel.setTrace().steps.front().probabilities;
    QVERIFY((prior.rowwise() - prior.row(0)).cwiseAbs().maxCoeff() == 0);
    QVERIFY(panel.caption().contains(QStringLiteral("prior guess")));
}

void ExplorerTest::playAnimatesToTheLastStep()
{
    ExplorerPanel panel;
    panel.show();
    QVERIFY(
        setRunAndWait(panel, m_iris->outcome.trained, m_iris->dataset, m_iris->outcome.split.test));
    ExplorerStepControl *control = panel.stepControl();
    control->speedBox()->setCurrentIndex(control->speedBox()->count() - 1);
    QCOMPARE(control->interval(), 200);
    const int last = control->stepCount() - 1;
    control->setStep(last);
    QSignalSpy steps(control, &ExplorerStepControl::stepChanged);

    // Play at the end starts again from the prior guess and stops at the end.
    QTest::mouseClick(control->playButton(), Qt::LeftButton);
    QVERIFY(control->isPlaying());
    QCOMPARE(control->playButton()->text(), QStringLiteral("Pause"));
    QCOMPARE(control->step(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!control->isPlaying(), 200 * (last + 5));
    QCOMPARE(control->step(), last);
    QCOMPARE(steps.count(), last + 1); // back to 0, then every step forward
    QCOMPARE(panel.probabilityChart()->cursorStep(), last);
    QCOMPARE(panel.accuracyChart()->cursorStep(), last);
    QCOMPARE(panel.projectionView()->step(), last);
    QCOMPARE(control->playButton()->text(), QStringLiteral("Play"));

    // Pause stops mid-way.
    control->play();
    QTRY_VERIFY(control->step() >= 1);
    control->pause();
    const int paused = control->step();
    QTest::qWait(3 * control->interval());
    QCOMPARE(control->step(), paused);
}

void ExplorerTest::windowTraceIsTheCommandLineTrace()
{
    QTemporaryDir dir;
    const QString modelPath = dir.filePath(QStringLiteral("iris.json"));
    QVERIFY(saveModel(m_iris->outcome.trained, modelPath).ok());
    // The window explores the model as it was saved and loaded, as the
    // command line does.
    const Result<TrainedModel> loaded = loadModel(modelPath);
    QVERIFY(loaded.ok());

    ExplorerPanel panel;
    QVERIFY(setRunAndWait(panel, loaded.value(), m_iris->dataset, m_iris->outcome.split.test));
    for (int index : {0, 3, panel.rowCount() - 1}) {
        panel.chooseRow(index);
        const int dataRow = panel.dataRows()[std::size_t(index)];
        const std::vector<std::vector<double>> cli =
            commandLineTrace(modelPath, QStringLiteral(TRM_DATASETS "/iris.csv"), dataRow);
        const Trace &window = panel.rowTrace();
        QCOMPARE(cli.size(), window.steps.size());
        for (std::size_t s = 0; s < cli.size(); ++s) {
            QCOMPARE(int(cli[s].size()), int(window.steps[s].probabilities.cols()));
            for (std::size_t k = 0; k < cli[s].size(); ++k)
                QCOMPARE(cli[s][k], window.steps[s].probabilities(0, Eigen::Index(k)));
        }
    }
}

void ExplorerTest::whatIfWithOwnValuesReproducesTheRow()
{
    ExplorerPanel panel;
    panel.show();
    QVERIFY(setRunAndWait(panel, m_cancer->outcome.trained, m_cancer->dataset,
                          m_cancer->outcome.split.test));
    panel.chooseRow(2);
    const Trace original = panel.rowTrace();
    QVERIFY(!panel.isEdited());

    // A what-if trace of a single row equals that row's own trace.
    QDoubleSpinBox *box = panel.whatIfForm()->spinBox(0);
    QVERIFY(box);
    const double own = box->value();
    QSignalSpy traced(&panel, &ExplorerPanel::rowTraced);
    box->setValue(own + 10 * box->singleStep());
    QCOMPARE(traced.count(), 1);
    QVERIFY(panel.isEdited());
    QVERIFY(!sameTrace(panel.rowTrace(), original));
    QVERIFY(panel.stepBars()->readoutText().contains(QStringLiteral("unknown")));
    QVERIFY(panel.whatIfForm()->resetButton()->isEnabled());

    // Typing the row's own (shown) value back gives the row's trace bit for bit.
    box->setValue(own);
    QVERIFY(!panel.isEdited());
    QVERIFY(sameTrace(panel.rowTrace(), original));

    box->setValue(own - 5 * box->singleStep());
    QVERIFY(panel.isEdited());
    QTest::mouseClick(panel.whatIfForm()->resetButton(), Qt::LeftButton);
    QVERIFY(!panel.isEdited());
    QVERIFY(sameTrace(panel.rowTrace(), original));
}

void ExplorerTest::filtersListTheRightRows()
{
    ExplorerPanel panel;
    QVERIFY(setRunAndWait(panel, m_twelve->outcome.trained, m_twelve->dataset,
                          m_twelve->outcome.split.test));
    const Eigen::MatrixXi &p = panel.setPredictions();
    int wrong = 0, changed = 0;
    const std::vector<int> flips = flipsPerRow(p);
    for (int i = 0; i < panel.rowCount(); ++i) {
        wrong += p(p.rows() - 1, i) != panel.labels()[std::size_t(i)] ? 1 : 0;
        changed += flips[std::size_t(i)] > 0 ? 1 : 0;
    }
    ExplorerRowTable *table = panel.rowTable();
    table->setFilter(ExplorerRowTable::Filter::Misclassified);
    QCOMPARE(table->visibleRowCount(), wrong);
    table->setFilter(ExplorerRowTable::Filter::ChangedMind);
    QCOMPARE(table->visibleRowCount(), changed);
    table->setFilter(ExplorerRowTable::Filter::All);
    QCOMPARE(table->visibleRowCount(), panel.rowCount());

    // Choosing the first misclassified row selects it in the table.
    if (wrong > 0) {
        QVERIFY(panel.chooseFirstMisclassified());
        QCOMPARE(table->selectedRow(), panel.currentRow());
        QVERIFY(p(p.rows() - 1, panel.currentRow()) !=
                panel.labels()[std::size_t(panel.currentRow())]);
    }
}

void ExplorerTest::captionsSayWhatHappened()
{
    ExplorerPanel panel;
    QVERIFY(
        setRunAndWait(panel, m_iris->outcome.trained, m_iris->dataset, m_iris->outcome.split.test));
    const TrmConfig &config = m_iris->outcome.trained.model.config();
    // Step 1 is cycle 1 of supervision step 1, forward only; step T is trained.
    panel.stepControl()->setStep(1);
    QVERIFY2(panel.caption().startsWith(
                 QStringLiteral("Cycle 1 of %1 in supervision step 1 of %2: the latent state "
                                "was refined %3 times")
                     .arg(config.cycles)
                     .arg(config.supervisionSteps)
                     .arg(config.latentSteps)),
             qPrintable(panel.caption()));
    QVERIFY(panel.caption().contains(QStringLiteral("without gradient")));
    panel.stepControl()->setStep(config.cycles);
    QVERIFY2(panel.caption().contains(QStringLiteral("carried the gradient")),
             qPrintable(panel.caption()));
}

void ExplorerTest::rowTableShowsEveryColumnWhole_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("scrolls");
    // The list's width beside the explorer in a 1280 x 800 window (see
    // rowListFitsTheDefaultWindow), and in a wider one.
    QTest::newRow("default-window") << 400 << false;
    QTest::newRow("wide-window") << 700 << false;
}

void ExplorerTest::rowTableShowsEveryColumnWhole()
{
    QFETCH(int, width);
    QFETCH(bool, scrolls);
    // The rows of a breast-cancer test set: the longer class name, some of
    // them wrong (drawn bold), some that changed their mind.
    std::vector<ExplorerRowSummary> rows;
    for (int i = 0; i < 569; ++i)
        rows.push_back({i + 1, i % 3 == 0 ? 1 : 0,
                        i % 7 == 0   ? 1
                        : i % 3 == 0 ? 1
                                     : 0,
                        0.987, i % 5});
    // Placed by hand, not by a layout, at the width the window would give it.
    QWidget host;
    host.resize(width, 400);
    auto *table = new ExplorerRowTable(&host);
    table->setRows(rows, {QStringLiteral("benign"), QStringLiteral("malignant")});
    table->setFilter(ExplorerRowTable::Filter::Misclassified);
    table->setGeometry(0, 0, width, 400);
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    // It asks for the room to show every column whole.
    QVERIFY(table->minimumSizeHint().width() <= 400 && table->minimumWidth() <= 400);

    QTableView *view = table->table();
    QHeaderView *header = view->horizontalHeader();
    // What the view's own delegate asks for the cells it shows.
    const QAbstractItemView *cells = view;
    int total = 0;
    for (int column = 0; column < header->count(); ++column) {
        const int shown = header->sectionSize(column);
        const QString name = header->model()->headerData(column, Qt::Horizontal).toString();
        // Wide enough for the header (with its sort arrow) and every cell on screen.
        QVERIFY2(shown >= header->sectionSizeHint(column),
                 qPrintable(QStringLiteral("%1: %2 < header %3")
                                .arg(name)
                                .arg(shown)
                                .arg(header->sectionSizeHint(column))));
        QVERIFY2(shown >= cells->sizeHintForColumn(column),
                 qPrintable(QStringLiteral("%1: %2 < cells %3")
                                .arg(name)
                                .arg(shown)
                                .arg(cells->sizeHintForColumn(column))));
        total += shown;
    }
    // The columns fill the list exactly when they fit; a scroll bar only when not.
    QVERIFY2(
        (view->horizontalScrollBar()->maximum() > 0) == scrolls,
        qPrintable(
            QStringLiteral("columns %1 wide in %2").arg(total).arg(view->viewport()->width())));
    if (!scrolls)
        QCOMPARE(total, view->viewport()->width());
}

void ExplorerTest::rowListFitsTheDefaultWindow()
{
    // The explorer as the window shows it at 1280 x 800, on breast-cancer rows.
    ExplorerPanel panel;
    panel.resize(1260, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(setRunAndWait(panel, m_cancer->outcome.trained, m_cancer->dataset,
                          m_cancer->outcome.split.test));
    QTableView *view = panel.rowTable()->table();
    QVERIFY2(view->horizontalScrollBar()->maximum() == 0,
             qPrintable(QString::number(view->viewport()->width())));
    for (int column = 0; column < view->horizontalHeader()->count(); ++column) {
        QVERIFY(view->horizontalHeader()->sectionSize(column) >=
                panel.rowTable()->contentWidth(column));
    }
}

void ExplorerTest::everyPartFitsTheExplorerArea_data()
{
    QTest::addColumn<std::shared_ptr<Explored>>("explored");
    QTest::addColumn<QSize>("size");
    // What a 1280 x 800 window (a classroom projector) leaves the explorer
    // beside the settings, and what the 1600 x 960 screenshots leave it.
    QTest::newRow("projector-two-classes") << m_cancer << QSize(850, 700);
    QTest::newRow("projector-twelve-classes") << m_twelve << QSize(850, 700);
    QTest::newRow("large-two-classes") << m_cancer << QSize(1180, 860);
    QTest::newRow("large-twelve-classes") << m_twelve << QSize(1180, 860);
}

void ExplorerTest::everyPartFitsTheExplorerArea()
{
    QFETCH(std::shared_ptr<Explored>, explored);
    QFETCH(QSize, size);
    ExplorerPanel panel;
    panel.resize(size);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(setRunAndWait(panel, explored->outcome.trained, explored->dataset,
                          explored->outcome.split.test));
    QVERIFY(panel.chooseFirstMisclassified() || (panel.chooseRow(0), true));
    QCOMPARE(panel.size(), size);

    const auto placed = [&panel](const QString &name, QWidget *widget) {
        return Placed{name, QRect(widget->mapTo(&panel, QPoint(0, 0)), widget->size())};
    };
    ExplorerStepControl *control = panel.stepControl();
    const auto common = [&] {
        std::vector<std::pair<QString, QWidget *>> parts = {
            {QStringLiteral("slider"), control->slider()},
            {QStringLiteral("step label"), control->stepLabel()},
            {QStringLiteral("speed box"), control->speedBox()},
            {QStringLiteral("Play"), control->playButton()},
            {QStringLiteral("caption"), panel.captionLabel()},
            {QStringLiteral("page tabs"), panel.views()->tabBar()}};
        return parts;
    };
    const auto check = [&](const std::vector<std::pair<QString, QWidget *>> &parts,
                           QScrollArea *page) {
        // Layouts settle level by level, one posted request each.
        for (int pass = 0; pass < 8; ++pass)
            QApplication::processEvents();
        std::vector<Placed> rects;
        for (const auto &[name, widget] : parts) {
            if (!widget->isVisible())
                return name + QStringLiteral(" is hidden");
            const QString problem = cramped(name, widget);
            if (!problem.isEmpty())
                return problem;
            rects.push_back(placed(name, widget));
        }
        // A page may scroll, but never sideways.
        if (page && page->horizontalScrollBar()->maximum() > 0)
            return QStringLiteral("the page scrolls sideways");
        return overlapping(rects);
    };

    // This row, step by step, at every step: nothing overlaps or is cut, and
    // the charts stay where they are.
    panel.views()->setCurrentIndex(0);
    auto *rowPage = qobject_cast<QScrollArea *>(panel.views()->currentWidget());
    QVERIFY(rowPage);
    ExplorerStepBars *bars = panel.stepBars();
    std::vector<std::pair<QString, QWidget *>> rowParts = common();
    rowParts.push_back({QStringLiteral("bar chart"), bars->chartView()});
    rowParts.push_back({QStringLiteral("readout"), bars->readout()});
    rowParts.push_back({QStringLiteral("line chart"), panel.probabilityChart()});
    int chartTop = -1;
    for (int step = 0; step < control->stepCount(); ++step) {
        control->setStep(step);
        const QString problem = check(rowParts, rowPage);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(QStringLiteral("step %1: %2").arg(step).arg(problem)));
        const int top = placed({}, panel.probabilityChart()).rect.top();
        QVERIFY2(chartTop < 0 || top == chartTop, qPrintable(QStringLiteral("step %1").arg(step)));
        chartTop = top;
        QVERIFY2(stepLabelsFit(panel.probabilityChart()), qPrintable(QString::number(step)));
    }
    // On the projector, the line chart is in view without scrolling.
    const QRect viewport(rowPage->viewport()->mapTo(&panel, QPoint(0, 0)),
                         rowPage->viewport()->size());
    QVERIFY(viewport.contains(placed({}, bars->chartView()).rect));

    // All test rows: the four views side by side or one under the other, the
    // confusion matrix of the current step in view without scrolling.
    panel.views()->setCurrentIndex(1);
    auto *setPage = qobject_cast<QScrollArea *>(panel.views()->currentWidget());
    QVERIFY(setPage);
    ExplorerStepSummary *summary = panel.stepSummary();
    std::vector<std::pair<QString, QWidget *>> setParts = common();
    setParts.push_back({QStringLiteral("accuracy chart"), panel.accuracyChart()});
    setParts.push_back({QStringLiteral("step title"), summary->title()});
    setParts.push_back({QStringLiteral("confusion matrix"), summary->confusionMatrix()});
    setParts.push_back({QStringLiteral("fixed list"), summary->fixedList()});
    setParts.push_back({QStringLiteral("broken list"), summary->brokenList()});
    setParts.push_back({QStringLiteral("projection"), panel.projectionView()});
    setParts.push_back({QStringLiteral("depth chart"), panel.depthChart()});
    for (QLabel *label : summary->findChildren<QLabel *>())
        if (label != summary->title())
            setParts.push_back({QStringLiteral("list title ") + label->text(), label});
    for (int step = 0; step < control->stepCount(); ++step) {
        control->setStep(step);
        const QString problem = check(setParts, setPage);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(QStringLiteral("step %1: %2").arg(step).arg(problem)));
        QVERIFY(stepLabelsFit(panel.accuracyChart()));
    }
    const QRect setViewport(setPage->viewport()->mapTo(&panel, QPoint(0, 0)),
                            setPage->viewport()->size());
    QVERIFY(setViewport.contains(placed({}, summary->confusionMatrix()).rect));
    QCOMPARE(panel.setViewColumns(), size.width() >= 1000 ? 2 : 1);
}

void ExplorerTest::whatIfShowsTheRowsValuesExactly()
{
    ExplorerPanel panel;
    panel.resize(850, 700);
    panel.show();
    QVERIFY(setRunAndWait(panel, m_cancer->outcome.trained, m_cancer->dataset,
                          m_cancer->outcome.split.test));
    ExplorerWhatIfForm *form = panel.whatIfForm();
    int checked = 0;
    for (int index = 0; index < panel.rowCount(); index += 7) {
        panel.chooseRow(index);
        const Eigen::RowVectorXd row = panel.rawRows().row(index);
        for (int j = 0; j < row.size(); ++j) {
            QDoubleSpinBox *box = form->spinBox(j);
            // As the data file writes it: 698.8, 95.54, 0.02398, 1001.
            const QString written =
                box->locale().toString(row(j), 'f', QLocale::FloatingPointShortest);
            QCOMPARE(box->text(), written);
            QCOMPARE(box->value(), row(j));
            ++checked;
        }
        QCOMPARE(form->values(), row);
    }
    QVERIFY(checked > 0);
}

QTEST_MAIN(ExplorerTest)
#include "tst_explorer.moc"
