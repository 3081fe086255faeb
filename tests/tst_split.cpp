#include "split.h"

#include <QTest>

#include <algorithm>

using namespace trm;

namespace {

// Labels with the given number of rows per class, interleaved (0, 1, 2, 0, 1, 2, ...
// until a class runs out) so that no class sits in one block of rows.
std::vector<int> interleavedLabels(const QList<int> &classCounts)
{
    std::vector<int> labels;
    QList<int> left = classCounts;
    bool placed = true;
    while (placed) {
        placed = false;
        for (int k = 0; k < int(left.size()); ++k) {
            if (left[k] > 0) {
                labels.push_back(k);
                --left[k];
                placed = true;
            }
        }
    }
    return labels;
}

QList<int> countPerClass(const std::vector<int> &labels, const std::vector<int> &rows,
                         int classCount)
{
    QList<int> counts(classCount, 0);
    for (int row : rows)
        ++counts[labels[std::size_t(row)]];
    return counts;
}

bool strictlyAscending(const std::vector<int> &rows)
{
    return std::adjacent_find(rows.begin(), rows.end(), std::greater_equal<int>()) == rows.end();
}

QList<int> toList(const std::vector<int> &values)
{
    return QList<int>(values.begin(), values.end());
}

} // namespace

class TestSplit : public QObject
{
    Q_OBJECT

private slots:
    void splitKeepsClassProportions_data();
    void splitKeepsClassProportions();
    void splitIsDeterministicPerSeed();
    void splitIsPinnedForSeed();
    void splitRefusesImpossibleCases_data();
    void splitRefusesImpossibleCases();
    void holdoutSplitsOnlyListedRows();

    void foldsCoverEveryRowOnce_data();
    void foldsCoverEveryRowOnce();
    void foldsAreDeterministicPerSeed();
    void foldsRefuseImpossibleCases_data();
    void foldsRefuseImpossibleCases();
};

void TestSplit::splitKeepsClassProportions_data()
{
    QTest::addColumn<QList<int>>("classCounts");
    QTest::addColumn<double>("testShare");
    QTest::addColumn<double>("validationShare");
    QTest::addColumn<QList<int>>("train");
    QTest::addColumn<QList<int>>("validation");
    QTest::addColumn<QList<int>>("test");

    // Test rows per class: round(testShare * n); validation: round(share * the rest).
    QTest::newRow("iris-like-balanced")
        << QList<int>{50, 50, 50} << 0.2 << 0.25 << QList<int>{30, 30, 30} << QList<int>{10, 10, 10}
        << QList<int>{10, 10, 10};
    // 0.2 * 7 = 1.4 -> 1, 0.2 * 3 = 0.6 -> 1; 0.25 * 6 = 1.5 -> 2, 0.25 * 2 = 0.5 -> 1.
    QTest::newRow("rounding-per-class") << QList<int>{7, 3} << 0.2 << 0.25 << QList<int>{4, 1}
                                        << QList<int>{2, 1} << QList<int>{1, 1};
    QTest::newRow("small-share-still-one-row")
        << QList<int>{3, 40} << 0.01 << 0.01 << QList<int>{1, 38} << QList<int>{1, 1}
        << QList<int>{1, 1};
    // 0.9 * 2 rounds to 2, capped at 1 so the class keeps a training row.
    QTest::newRow("large-share-leaves-training-rows")
        << QList<int>{2, 10} << 0.9 << 0.0 << QList<int>{1, 1} << QList<int>{0, 0}
        << QList<int>{1, 9};
    QTest::newRow("no-test-set") << QList<int>{10, 20} << 0.0 << 0.3 << QList<int>{7, 14}
                                 << QList<int>{3, 6} << QList<int>{0, 0};
    QTest::newRow("no-validation-set") << QList<int>{10, 20} << 0.3 << 0.0 << QList<int>{7, 14}
                                       << QList<int>{0, 0} << QList<int>{3, 6};
}

void TestSplit::splitKeepsClassProportions()
{
    QFETCH(QList<int>, classCounts);
    QFETCH(double, testShare);
    QFETCH(double, validationShare);
    QFETCH(QList<int>, train);
    QFETCH(QList<int>, validation);
    QFETCH(QList<int>, test);

    const std::vector<int> labels = interleavedLabels(classCounts);
    const int classCount = int(classCounts.size());
    for (std::uint64_t seed : {1u, 42u, 2024u}) {
        const auto split = stratifiedSplit(labels, classCount, testShare, validationShare, seed);

        QVERIFY2(split.ok(), qPrintable(split.ok() ? QString() : split.error().message));
        const Split &s = split.value();
        QCOMPARE(countPerClass(labels, s.train, classCount), train);
        QCOMPARE(countPerClass(labels, s.validation, classCount), validation);
        QCOMPARE(countPerClass(labels, s.test, classCount), test);
        QVERIFY(strictlyAscending(s.train));
        QVERIFY(strictlyAscending(s.validation));
        QVERIFY(strictlyAscending(s.test));

        // Disjoint and covering: the three parts together hold every row exactly once.
        std::vector<int> all = s.train;
        all.insert(all.end(), s.validation.begin(), s.validation.end());
        all.insert(all.end(), s.test.begin(), s.test.end());
        std::sort(all.begin(), all.end());
        QCOMPARE(all.size(), labels.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            QCOMPARE(all[i], int(i));
    }
}

void TestSplit::splitIsDeterministicPerSeed()
{
    const std::vector<int> labels = interleavedLabels({50, 50, 50});
    const Split first = stratifiedSplit(labels, 3, 0.2, 0.2, 7).value();
    const Split again = stratifiedSplit(labels, 3, 0.2, 0.2, 7).value();
    const Split other = stratifiedSplit(labels, 3, 0.2, 0.2, 8).value();

    QCOMPARE(again.train, first.train);
    QCOMPARE(again.validation, first.validation);
    QCOMPARE(again.test, first.test);
    QVERIFY(other.test != first.test);
}

void TestSplit::splitIsPinnedForSeed()
{
    // A saved model records its seed; the same seed must give the same rows on every
    // platform and in every later version, so the partition for one seed is pinned.
    const std::vector<int> labels = interleavedLabels({6, 4});
    const Split split = stratifiedSplit(labels, 2, 0.25, 0.25, 12345).value();

    // Class 0 (rows 0 2 4 6 8 9): 2 test, 1 validation; class 1 (1 3 5 7): 1 and 1.
    QCOMPARE(toList(split.train), (QList<int>{0, 2, 3, 5, 8}));
    QCOMPARE(toList(split.validation), (QList<int>{1, 9}));
    QCOMPARE(toList(split.test), (QList<int>{4, 6, 7}));
}

void TestSplit::splitRefusesImpossibleCases_data()
{
    QTest::addColumn<QList<int>>("labels");
    QTest::addColumn<int>("classCount");
    QTest::addColumn<double>("testShare");
    QTest::addColumn<double>("validationShare");
    QTest::addColumn<QString>("message");

    QTest::newRow("single-row-class-with-test-share")
        << QList<int>{0, 0, 1, 0, 0} << 2 << 0.2 << 0.0
        << QStringLiteral("class 1 has 1 row, too few for one in each set (training, test)");
    QTest::newRow("two-row-class-with-three-sets")
        << QList<int>{0, 1, 0, 1, 0, 0} << 2 << 0.2 << 0.2
        << QStringLiteral("class 1 has 2 rows, too few for one in each set (training, "
                          "validation, test)");
    QTest::newRow("test-share-of-one")
        << QList<int>{0, 1, 0, 1} << 2 << 1.0 << 0.0
        << QStringLiteral("the test share (1) and validation share (0) must each be at least "
                          "0 and below 1");
    QTest::newRow("negative-validation-share")
        << QList<int>{0, 1, 0, 1} << 2 << 0.5 << -0.1
        << QStringLiteral("the test share (0.5) and validation share (-0.1) must each be at "
                          "least 0 and below 1");
    QTest::newRow("label-outside-classes")
        << QList<int>{0, 1, 2} << 2 << 0.0 << 0.0
        << QStringLiteral("row 2 has label 2, outside the 2 classes");
}

void TestSplit::splitRefusesImpossibleCases()
{
    QFETCH(QList<int>, labels);
    QFETCH(int, classCount);
    QFETCH(double, testShare);
    QFETCH(double, validationShare);
    QFETCH(QString, message);

    const auto split = stratifiedSplit(std::vector<int>(labels.begin(), labels.end()), classCount,
                                       testShare, validationShare, 1);

    QVERIFY(!split.ok());
    QCOMPARE(split.error().message, message);
}

void TestSplit::holdoutSplitsOnlyListedRows()
{
    // Every other row of 150: 25 of each class.
    const std::vector<int> labels = interleavedLabels({50, 50, 50});
    std::vector<int> rows;
    for (int r = 0; r < 150; r += 2)
        rows.push_back(r);
    QCOMPARE(countPerClass(labels, rows, 3), (QList<int>{25, 25, 25}));

    const auto split = stratifiedHoldout(labels, 3, rows, 0.2, 99);

    QVERIFY2(split.ok(), qPrintable(split.ok() ? QString() : split.error().message));
    const Split &s = split.value();
    QVERIFY(s.test.empty());
    QCOMPARE(countPerClass(labels, s.validation, 3), (QList<int>{5, 5, 5}));
    QCOMPARE(countPerClass(labels, s.train, 3), (QList<int>{20, 20, 20}));
    std::vector<int> all = s.train;
    all.insert(all.end(), s.validation.begin(), s.validation.end());
    std::sort(all.begin(), all.end());
    QCOMPARE(all, rows);
}

void TestSplit::foldsCoverEveryRowOnce_data()
{
    QTest::addColumn<QList<int>>("classCounts");
    QTest::addColumn<int>("folds");

    QTest::newRow("two-folds-balanced") << QList<int>{50, 50, 50} << 2;
    QTest::newRow("five-folds-iris-like") << QList<int>{50, 50, 50} << 5;
    QTest::newRow("ten-folds-unbalanced") << QList<int>{13, 27, 10} << 10;
    QTest::newRow("folds-equal-smallest-class") << QList<int>{3, 9} << 3;
    QTest::newRow("uneven-remainders") << QList<int>{7, 7, 7} << 4;
}

void TestSplit::foldsCoverEveryRowOnce()
{
    QFETCH(QList<int>, classCounts);
    QFETCH(int, folds);

    const std::vector<int> labels = interleavedLabels(classCounts);
    const int classCount = int(classCounts.size());
    const auto testSets = stratifiedFolds(labels, classCount, folds, 5);

    QVERIFY2(testSets.ok(), qPrintable(testSets.ok() ? QString() : testSets.error().message));
    QCOMPARE(int(testSets.value().size()), folds);
    std::vector<int> timesTested(labels.size(), 0);
    std::size_t smallest = labels.size();
    std::size_t largest = 0;
    for (const std::vector<int> &testSet : testSets.value()) {
        QVERIFY(strictlyAscending(testSet));
        for (int row : testSet)
            ++timesTested[std::size_t(row)];
        smallest = std::min(smallest, testSet.size());
        largest = std::max(largest, testSet.size());
        // Stratified: each class has floor(n / folds) or ceil(n / folds) rows in a fold.
        const QList<int> counts = countPerClass(labels, testSet, classCount);
        for (int k = 0; k < classCount; ++k) {
            QVERIFY(counts[k] >= classCounts[k] / folds);
            QVERIFY(counts[k] <= (classCounts[k] + folds - 1) / folds);
        }
    }
    QVERIFY(std::all_of(timesTested.begin(), timesTested.end(), [](int n) { return n == 1; }));
    QVERIFY(largest - smallest <= 1);
}

void TestSplit::foldsAreDeterministicPerSeed()
{
    const std::vector<int> labels = interleavedLabels({20, 30});
    const auto first = stratifiedFolds(labels, 2, 5, 3).value();
    QCOMPARE(stratifiedFolds(labels, 2, 5, 3).value(), first);
    QVERIFY(stratifiedFolds(labels, 2, 5, 4).value() != first);
}

void TestSplit::foldsRefuseImpossibleCases_data()
{
    QTest::addColumn<QList<int>>("classCounts");
    QTest::addColumn<int>("folds");
    QTest::addColumn<QString>("message");

    QTest::newRow("more-folds-than-rows-of-a-class")
        << QList<int>{5, 2} << 3
        << QStringLiteral("class 1 has 2 rows, fewer than the 3 folds; every fold needs a row "
                          "of every class");
    QTest::newRow("one-fold") << QList<int>{5, 5} << 1
                              << QStringLiteral("cross-validation needs at least 2 folds, not 1");
}

void TestSplit::foldsRefuseImpossibleCases()
{
    QFETCH(QList<int>, classCounts);
    QFETCH(int, folds);
    QFETCH(QString, message);

    const auto testSets =
        stratifiedFolds(interleavedLabels(classCounts), int(classCounts.size()), folds, 1);

    QVERIFY(!testSets.ok());
    QCOMPARE(testSets.error().message, message);
}

QTEST_APPLESS_MAIN(TestSplit)
#include "tst_split.moc"
