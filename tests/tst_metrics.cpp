#include "metrics.h"

#include <QTest>

#include <cmath>

using namespace trm;

namespace {

constexpr double tolerance = 1e-12;

// Expands a K x K confusion matrix (row-major, rows = true class) into the label
// pairs it counts, so each case is written as the matrix it should produce.
void pairsFromConfusion(const QList<int> &confusion, int classCount, std::vector<int> &truth,
                        std::vector<int> &predicted)
{
    for (int t = 0; t < classCount; ++t) {
        for (int p = 0; p < classCount; ++p) {
            for (int n = 0; n < confusion[t * classCount + p]; ++n) {
                truth.push_back(t);
                predicted.push_back(p);
            }
        }
    }
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void evaluatesAgainstHandComputedValues_data();
    void evaluatesAgainstHandComputedValues();
    void emptyInputHasNoDefinedRates();
    void averagesMatchHandComputedValues_data();
    void averagesMatchHandComputedValues();
    void logLossFromProbabilities();
    void logLossOfPerfectCertaintyIsZero();
    void foldSummaryMeanAndSampleSpread();
};

void TestMetrics::evaluatesAgainstHandComputedValues_data()
{
    QTest::addColumn<int>("classCount");
    QTest::addColumn<QList<int>>("confusion");
    QTest::addColumn<double>("accuracy");
    QTest::addColumn<double>("macroF1");
    QTest::addColumn<QList<double>>("precision");
    QTest::addColumn<QList<double>>("recall");
    QTest::addColumn<QList<double>>("f1");
    QTest::addColumn<QList<bool>>("precisionDefined");
    QTest::addColumn<QList<bool>>("recallDefined");
    QTest::addColumn<QList<int>>("support");
    QTest::addColumn<QList<int>>("predicted");

    // true 0: 3 right, 1 called class 1;  true 1: 1 called 0, 2 right;
    // true 2: 1 called 0, 2 called 1 (class 2 is never predicted).
    // precision = diagonal / column sum: 3/5, 2/5, undefined (0);
    // recall = diagonal / row sum: 3/4, 2/3, 0/3;
    // F1 = 2PR/(P+R): 0.9/1.35 = 2/3, (8/15)/(16/15) = 1/2, 0;
    // macro-F1 = (2/3 + 1/2 + 0) / 3 = 7/18; accuracy = 5/10.
    QTest::newRow("class-never-predicted")
        << 3 << QList<int>{3, 1, 0, 1, 2, 0, 1, 2, 0} << 0.5 << 7.0 / 18.0
        << QList<double>{0.6, 0.4, 0.0} << QList<double>{0.75, 2.0 / 3.0, 0.0}
        << QList<double>{2.0 / 3.0, 0.5, 0.0} << QList<bool>{true, true, false}
        << QList<bool>{true, true, true} << QList<int>{4, 3, 3} << QList<int>{5, 5, 0};

    // Class 2 never occurs in the truth but is predicted once: recall undefined,
    // precision 0/1. Class 0: P = 1/1, R = 1/2, F1 = 2/3; class 1: all right, F1 = 1.
    // macro-F1 = (2/3 + 1 + 0) / 3 = 5/9; accuracy = 3/4.
    QTest::newRow("class-absent-from-truth")
        << 3 << QList<int>{1, 0, 1, 0, 2, 0, 0, 0, 0} << 0.75 << 5.0 / 9.0
        << QList<double>{1.0, 1.0, 0.0} << QList<double>{0.5, 1.0, 0.0}
        << QList<double>{2.0 / 3.0, 1.0, 0.0} << QList<bool>{true, true, true}
        << QList<bool>{true, true, false} << QList<int>{2, 2, 0} << QList<int>{1, 2, 1};

    QTest::newRow("perfect-predictions")
        << 2 << QList<int>{4, 0, 0, 6} << 1.0 << 1.0 << QList<double>{1.0, 1.0}
        << QList<double>{1.0, 1.0} << QList<double>{1.0, 1.0} << QList<bool>{true, true}
        << QList<bool>{true, true} << QList<int>{4, 6} << QList<int>{4, 6};

    // Everything called class 0: P0 = 2/5, R0 = 1, F1 = 0.8/1.4 = 4/7; class 1 has
    // precision undefined and recall 0. macro-F1 = 2/7.
    QTest::newRow("constant-prediction")
        << 2 << QList<int>{2, 0, 3, 0} << 0.4 << 2.0 / 7.0 << QList<double>{0.4, 0.0}
        << QList<double>{1.0, 0.0} << QList<double>{4.0 / 7.0, 0.0} << QList<bool>{true, false}
        << QList<bool>{true, true} << QList<int>{2, 3} << QList<int>{5, 0};
}

void TestMetrics::evaluatesAgainstHandComputedValues()
{
    QFETCH(int, classCount);
    QFETCH(QList<int>, confusion);
    QFETCH(double, accuracy);
    QFETCH(double, macroF1);
    QFETCH(QList<double>, precision);
    QFETCH(QList<double>, recall);
    QFETCH(QList<double>, f1);
    QFETCH(QList<bool>, precisionDefined);
    QFETCH(QList<bool>, recallDefined);
    QFETCH(QList<int>, support);
    QFETCH(QList<int>, predicted);

    std::vector<int> truthLabels;
    std::vector<int> predictedLabels;
    pairsFromConfusion(confusion, classCount, truthLabels, predictedLabels);

    // tested action
    const Evaluation e = evaluate(truthLabels, predictedLabels, classCount);

    // check result
    QCOMPARE(e.confusion.rows(), classCount);
    QCOMPARE(e.confusion.cols(), classCount);
    for (int t = 0; t < classCount; ++t) {
        for (int p = 0; p < classCount; ++p)
            QCOMPARE(e.confusion(t, p), confusion[t * classCount + p]);
    }
    QCOMPARE(e.rowCount(), int(truthLabels.size()));
    QVERIFY2(std::abs(e.accuracy - accuracy) < tolerance, qPrintable(QString::number(e.accuracy)));
    QVERIFY2(std::abs(e.macroF1 - macroF1) < tolerance, qPrintable(QString::number(e.macroF1)));
    QCOMPARE(int(e.perClass.size()), classCount);
    for (int k = 0; k < classCount; ++k) {
        const ClassMetrics &m = e.perClass[std::size_t(k)];
        QCOMPARE(m.precisionDefined, precisionDefined[k]);
        QCOMPARE(m.recallDefined, recallDefined[k]);
        QCOMPARE(m.support, support[k]);
        QCOMPARE(m.predicted, predicted[k]);
        QVERIFY2(std::abs(m.precision - precision[k]) < tolerance,
                 qPrintable(QStringLiteral("class %1 precision %2").arg(k).arg(m.precision)));
        QVERIFY2(std::abs(m.recall - recall[k]) < tolerance,
                 qPrintable(QStringLiteral("class %1 recall %2").arg(k).arg(m.recall)));
        QVERIFY2(std::abs(m.f1 - f1[k]) < tolerance,
                 qPrintable(QStringLiteral("class %1 F1 %2").arg(k).arg(m.f1)));
    }
}

void TestMetrics::emptyInputHasNoDefinedRates()
{
    const Evaluation e = evaluate({}, {}, 3);

    QCOMPARE(e.rowCount(), 0);
    QCOMPARE(e.accuracy, 0.0);
    QCOMPARE(e.macroF1, 0.0);
    QCOMPARE(int(e.perClass.size()), 3);
    for (const ClassMetrics &m : e.perClass) {
        QVERIFY(!m.precisionDefined);
        QVERIFY(!m.recallDefined);
        QCOMPARE(m.f1, 0.0);
    }
}

void TestMetrics::averagesMatchHandComputedValues_data()
{
    QTest::addColumn<int>("classCount");
    QTest::addColumn<QList<int>>("confusion");
    QTest::addColumn<double>("balancedAccuracy");
    QTest::addColumn<double>("macroPrecision");
    QTest::addColumn<double>("macroRecall");
    QTest::addColumn<double>("weightedPrecision");
    QTest::addColumn<double>("weightedRecall");
    QTest::addColumn<double>("weightedF1");

    // P = 3/5, 2/5, undefined (0); R = 3/4, 2/3, 0; F1 = 2/3, 1/2, 0; support 4, 3, 3.
    // macro P = (0.6 + 0.4 + 0) / 3 = 1/3; macro R = (3/4 + 2/3 + 0) / 3 = 17/36,
    // which is also the balanced accuracy (every class occurs in the truth).
    // weighted P = 0.4 * 0.6 + 0.3 * 0.4 = 0.36; weighted R = 0.4 * 3/4 + 0.3 * 2/3 = 0.5
    // (always the accuracy); weighted F1 = 0.4 * 2/3 + 0.3 * 1/2 = 5/12.
    QTest::newRow("class-never-predicted")
        << 3 << QList<int>{3, 1, 0, 1, 2, 0, 1, 2, 0} << 17.0 / 36.0 << 1.0 / 3.0 << 17.0 / 36.0
        << 0.36 << 0.5 << 5.0 / 12.0;

    // P = 1, 1, 0; R = 1/2, 1, undefined; F1 = 2/3, 1, 0; support 2, 2, 0.
    // Balanced accuracy leaves out the absent class: (1/2 + 1) / 2 = 3/4, while the
    // macro recall counts it as 0: 1.5 / 3 = 1/2. macro P = 2/3.
    // weighted P = 0.5 + 0.5 = 1; weighted R = 0.25 + 0.5 = 3/4; weighted F1 = 1/3 + 1/2.
    QTest::newRow("class-absent-from-truth") << 3 << QList<int>{1, 0, 1, 0, 2, 0, 0, 0, 0} << 0.75
                                             << 2.0 / 3.0 << 0.5 << 1.0 << 0.75 << 5.0 / 6.0;

    // Everything called class 0: R = 1, 0 so balanced accuracy 1/2 although the
    // accuracy is 2/5. P = 2/5, undefined; weighted P = 0.4 * 0.4 = 0.16;
    // F1 = 4/7, 0; weighted F1 = 0.4 * 4/7 = 8/35.
    QTest::newRow("constant-prediction")
        << 2 << QList<int>{2, 0, 3, 0} << 0.5 << 0.2 << 0.5 << 0.16 << 0.4 << 8.0 / 35.0;
}

void TestMetrics::averagesMatchHandComputedValues()
{
    QFETCH(int, classCount);
    QFETCH(QList<int>, confusion);
    QFETCH(double, balancedAccuracy);
    QFETCH(double, macroPrecision);
    QFETCH(double, macroRecall);
    QFETCH(double, weightedPrecision);
    QFETCH(double, weightedRecall);
    QFETCH(double, weightedF1);
    std::vector<int> truthLabels;
    std::vector<int> predictedLabels;
    pairsFromConfusion(confusion, classCount, truthLabels, predictedLabels);

    // tested action
    const Evaluation e = evaluate(truthLabels, predictedLabels, classCount);

    // check result
    const auto close = [](double actual, double expected) {
        return std::abs(actual - expected) < tolerance;
    };
    QVERIFY2(close(e.balancedAccuracy, balancedAccuracy),
             qPrintable(QString::number(e.balancedAccuracy)));
    QVERIFY2(close(e.macroPrecision, macroPrecision),
             qPrintable(QString::number(e.macroPrecision)));
    QVERIFY2(close(e.macroRecall, macroRecall), qPrintable(QString::number(e.macroRecall)));
    QVERIFY2(close(e.weightedPrecision, weightedPrecision),
             qPrintable(QString::number(e.weightedPrecision)));
    QVERIFY2(close(e.weightedRecall, weightedRecall),
             qPrintable(QString::number(e.weightedRecall)));
    QVERIFY2(close(e.weightedF1, weightedF1), qPrintable(QString::number(e.weightedF1)));
    QVERIFY(!e.logLoss.has_value());
}

void TestMetrics::logLossFromProbabilities()
{
    // Truth 0, 1, 1. The third row gives its true class probability 0, which is
    // raised to the 1e-15 floor: (-ln 0.8 - ln 0.6 - ln 1e-15) / 3
    // = (0.2231436 + 0.5108256 + 34.5387764) / 3 = 11.7575819.
    Eigen::MatrixXd probabilities(3, 2);
    probabilities << 0.8, 0.2, 0.4, 0.6, 1.0, 0.0;

    const Evaluation e = evaluate({0, 1, 1}, probabilities);

    QVERIFY(e.logLoss.has_value());
    QVERIFY2(std::abs(*e.logLoss - 11.7575819) < 1e-6, qPrintable(QString::number(*e.logLoss)));
    // Arg-max predictions 0, 1, 0: two of three right.
    QCOMPARE(e.confusion(0, 0), 1);
    QCOMPARE(e.confusion(1, 0), 1);
    QCOMPARE(e.confusion(1, 1), 1);
    QVERIFY(std::abs(e.accuracy - 2.0 / 3.0) < tolerance);
}

void TestMetrics::logLossOfPerfectCertaintyIsZero()
{
    Eigen::MatrixXd probabilities(2, 3);
    probabilities << 0, 0, 1, 1, 0, 0;
    QCOMPARE(logLoss({2, 0}, probabilities), 0.0);
    QCOMPARE(logLoss({}, Eigen::MatrixXd(0, 3)), 0.0);
}

void TestMetrics::foldSummaryMeanAndSampleSpread()
{
    // Three folds right on 4, 9 and 10 of 10 rows of one class each (2 classes,
    // class 1 absent): accuracy 0.4, 0.9, 1.0; mean 2.3 / 3 = 0.76667; deviations
    // -0.36667, 0.13333, 0.23333; squares sum 0.13444 + 0.01778 + 0.05444 = 0.20667;
    // sample variance 0.20667 / 2 = 0.10333, std 0.32146.
    std::vector<Evaluation> folds;
    for (int right : {4, 9, 10}) {
        std::vector<int> truth(10, 0);
        std::vector<int> predicted(10, 1);
        std::fill(predicted.begin(), predicted.begin() + right, 0);
        Eigen::MatrixXd probabilities = Eigen::MatrixXd::Zero(10, 2);
        for (int i = 0; i < 10; ++i)
            probabilities(i, predicted[std::size_t(i)]) = 1.0;
        folds.push_back(evaluate(truth, probabilities));
    }

    const FoldSummary summary = summarizeFolds(folds);

    QCOMPARE(summary.folds, 3);
    QVERIFY(std::abs(summary.accuracy.mean - 2.3 / 3.0) < tolerance);
    QVERIFY2(std::abs(summary.accuracy.std - 0.321455) < 1e-6,
             qPrintable(QString::number(summary.accuracy.std)));
    // Only class 0 occurs, so balanced accuracy equals accuracy.
    QVERIFY(std::abs(summary.balancedAccuracy.mean - summary.accuracy.mean) < tolerance);
    // Macro precision: class 0 is always right when predicted (1), class 1 is
    // predicted 6 and 1 times and never right (0), and never in the last fold
    // (undefined, counted 0): (1 + 0) / 2 = 0.5 in every fold, so no spread.
    QVERIFY2(std::abs(summary.macroPrecision.mean - 0.5) < tolerance,
             qPrintable(QString::number(summary.macroPrecision.mean, 'g', 17)));
    QVERIFY(std::abs(summary.macroPrecision.std) < tolerance);
    // Macro recall: class 0 recalls 0.4, 0.9, 1.0 and class 1 has no true rows
    // (undefined, counted 0), so it is half the accuracy: mean 0.38333, std
    // 0.321455 / 2 = 0.160728.
    QVERIFY(std::abs(summary.macroRecall.mean - 2.3 / 6.0) < tolerance);
    QVERIFY2(std::abs(summary.macroRecall.std - 0.160728) < 1e-6,
             qPrintable(QString::number(summary.macroRecall.std)));
    QVERIFY(summary.logLoss.has_value());
    QCOMPARE(meanAndSpread({0.5}).std, 0.0);
    QCOMPARE(meanAndSpread({}).mean, 0.0);
}

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
