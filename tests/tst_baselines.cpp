#include "baselines.h"

#include <linear.h>

#include <QTest>

#include <cmath>

using namespace trm;

class TestBaselines : public QObject
{
    Q_OBJECT

private slots:
    void majorityPredictsTheCommonestTrainingClass();
    void majorityBreaksTiesTowardsTheLowerClass();
    void logisticRegressionMatchesTheHandSolvedOptimum();
    void logisticRegressionMapsClassesBackInAnyOrder();
    void logisticRegressionRefusesASingleClass();
    void referencesOnARawSplit();
};

void TestBaselines::majorityPredictsTheCommonestTrainingClass()
{
    // Training frequencies 1/4 and 3/4, so class 1 is predicted everywhere.
    const Result<Reference> majority = fitMajorityClass({0, 1, 1, 1}, 2, {1, 0, 1});

    QVERIFY(majority);
    const Evaluation &e = majority.value().evaluation;
    QCOMPARE(e.confusion(0, 1), 1);
    QCOMPARE(e.confusion(1, 1), 2);
    QVERIFY(std::abs(e.accuracy - 2.0 / 3.0) < 1e-12);
    // Class 0 is never predicted: its precision is undefined, not 0 and not NaN.
    QVERIFY(!e.perClass[0].precisionDefined);
    // Log loss with the frequencies as probabilities: (-2 ln 0.75 - ln 0.25) / 3.
    QVERIFY(e.logLoss.has_value());
    QVERIFY2(std::abs(*e.logLoss - 0.6538862) < 1e-6, qPrintable(QString::number(*e.logLoss)));
}

void TestBaselines::majorityBreaksTiesTowardsTheLowerClass()
{
    const Result<Reference> majority = fitMajorityClass({2, 1, 2, 1}, 3, {0, 1, 2});
    QVERIFY(majority);
    QCOMPARE(majority.value().evaluation.confusion.col(1).sum(), 3);
    QVERIFY(!fitMajorityClass({}, 2, {0}));
    QVERIFY(!fitMajorityClass({0, 5}, 2, {0}));
}

void TestBaselines::logisticRegressionMatchesTheHandSolvedOptimum()
{
    // Two rows, x = -1 (class 0) and x = +1 (class 1), with liblinear's bias
    // feature 1. By symmetry the bias weight is 0 and liblinear minimises
    // w^2 / 2 + 2 C log(1 + e^-w); with C = 1 the gradient w - 2 / (1 + e^w) is 0 at
    // w = 0.674832, so P(class 1 | x = 1) = sigmoid(w) = 0.662584 = P(class 0 | x = -1).
    // liblinear stops at a relative gradient of 0.01, hence the 0.01 tolerance.
    Eigen::MatrixXd train(2, 1);
    train << -1, 1;
    Eigen::MatrixXd test(2, 1);
    test << 1, -1;

    const Result<Reference> logistic = fitLogisticRegression(train, {0, 1}, 2, test, {1, 0}, 1.0);

    QVERIFY2(logistic, logistic ? "" : qPrintable(logistic.error().message));
    const Eigen::MatrixXd &p = logistic.value().probabilities;
    QVERIFY2(std::abs(p(0, 1) - 0.662584) < 0.01, qPrintable(QString::number(p(0, 1))));
    QVERIFY2(std::abs(p(1, 0) - 0.662584) < 0.01, qPrintable(QString::number(p(1, 0))));
    QVERIFY(std::abs(p.row(0).sum() - 1.0) < 1e-12);
    QCOMPARE(logistic.value().evaluation.accuracy, 1.0);
    // log loss = -ln 0.662584 = 0.411668 on both rows.
    QVERIFY(std::abs(*logistic.value().evaluation.logLoss - 0.411668) < 0.015);
    // liblinear's version 230 is its release 2.30.
    const QString version = QStringLiteral("%1.%2")
                                .arg(liblinear_version / 100)
                                .arg(liblinear_version % 100, 2, 10, QLatin1Char('0'));
    QVERIFY2(logistic.value().description.endsWith(QStringLiteral("liblinear ") + version),
             qPrintable(logistic.value().description));
    QVERIFY(version.contains(QLatin1Char('.')));
}

void TestBaselines::logisticRegressionMapsClassesBackInAnyOrder()
{
    // Three well separated clusters on a line, the first training row of class 2
    // so that liblinear's own class numbering differs from ours; class 3 has no
    // training rows and must get probability 0.
    Eigen::MatrixXd train(6, 1);
    train << 10, 11, -10, -11, 0, 0.5;
    const std::vector<int> trainLabels{2, 2, 0, 0, 1, 1};
    Eigen::MatrixXd test(3, 1);
    test << -12, 0.2, 12;

    const Result<Reference> logistic =
        fitLogisticRegression(train, trainLabels, 4, test, {0, 1, 2}, 10.0);

    QVERIFY2(logistic, logistic ? "" : qPrintable(logistic.error().message));
    const Eigen::MatrixXd &p = logistic.value().probabilities;
    QCOMPARE(p.cols(), Eigen::Index(4));
    for (Eigen::Index row = 0; row < 3; ++row) {
        QVERIFY(std::abs(p.row(row).sum() - 1.0) < 1e-9);
        QCOMPARE(p(row, 3), 0.0);
    }
    QCOMPARE(logistic.value().evaluation.accuracy, 1.0);
    QVERIFY(!logistic.value().evaluation.perClass[3].recallDefined);
}

void TestBaselines::logisticRegressionRefusesASingleClass()
{
    Eigen::MatrixXd train(2, 1);
    train << 1, 2;
    const Result<Reference> logistic = fitLogisticRegression(train, {1, 1}, 2, train, {1, 1});
    QVERIFY(!logistic);
    QVERIFY(logistic.error().message.contains(QStringLiteral("at least two classes")));

    Eigen::MatrixXd broken(2, 1);
    broken << 1, std::nan("");
    QVERIFY(!fitLogisticRegression(broken, {0, 1}, 2, train, {1, 1}));
}

void TestBaselines::referencesOnARawSplit()
{
    // Raw features on a scale of thousands: standardising on the training rows
    // must make them as easy as the hand-solved case above.
    Eigen::MatrixXd raw(8, 2);
    raw << 1000, 5, 1010, 5, 1020, 5, 1030, 5, 3000, 5, 3010, 5, 3020, 5, 3030, 5;
    const std::vector<int> labels{0, 0, 0, 0, 1, 1, 1, 1};

    const Result<std::vector<Reference>> references =
        fitReferences(raw, labels, 2, {0, 1, 4, 5, 6}, {2, 3, 7});

    QVERIFY(references);
    QCOMPARE(references.value().size(), std::size_t(2));
    const Reference &majority = references.value()[0];
    const Reference &logistic = references.value()[1];
    QCOMPARE(majority.name, QStringLiteral("Majority class"));
    // 3 of 5 training rows are class 1; the test rows are 0, 0, 1.
    QVERIFY(std::abs(majority.evaluation.accuracy - 1.0 / 3.0) < 1e-12);
    QCOMPARE(logistic.name, QStringLiteral("Logistic regression"));
    QCOMPARE(logistic.evaluation.accuracy, 1.0);
    QCOMPARE(logistic.evaluation.rowCount(), 3);
}

QTEST_APPLESS_MAIN(TestBaselines)
#include "tst_baselines.moc"
