#include "split.h"

#include "plural.h"
#include "random.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace trm {

namespace {

// The listed rows grouped by class, each group in ascending row order, so that a
// shuffle from a given seed always starts from the same arrangement.
Result<std::vector<std::vector<int>>> rowsByClass(const std::vector<int> &labels, int classCount,
                                                  const std::vector<int> &rows)
{
    if (classCount < 1)
        return makeError(QStringLiteral("cannot split rows into %1 classes").arg(classCount));
    std::vector<std::vector<int>> byClass(std::size_t(classCount), std::vector<int>{});
    std::vector<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end());
    for (int row : sorted) {
        if (row < 0 || std::size_t(row) >= labels.size())
            return makeError(QStringLiteral("row %1 is outside the %2 labelled rows")
                                 .arg(row)
                                 .arg(labels.size()));
        const int label = labels[std::size_t(row)];
        if (label < 0 || label >= classCount)
            return makeError(QStringLiteral("row %1 has label %2, outside the %3 classes")
                                 .arg(row)
                                 .arg(label)
                                 .arg(classCount));
        byClass[std::size_t(label)].push_back(row);
    }
    return byClass;
}

bool isShare(double share)
{
    return share >= 0.0 && share < 1.0;
}

// Rows taken from a class of `available` rows for a part with `share`:
// round(share * available), but at least 1 when the share is positive and at most
// what leaves `keep` rows for the parts cut after it.
int partCount(double share, int available, int keep)
{
    if (share <= 0.0)
        return 0;
    const int rounded = int(std::lround(share * available));
    return std::clamp(rounded, 1, available - keep);
}

/// "'setosa'" when the class has a name, else its number.
QString classLabel(int k, const QStringList &classNames)
{
    return k < classNames.size() ? QStringLiteral("'%1'").arg(classNames[k]) : QString::number(k);
}

// Shuffles each class with one generator seeded from `seed` (classes in label order)
// and cuts it into test, validation and train rows, in that order.
Result<Split> cutByClass(const std::vector<int> &labels, int classCount,
                         const std::vector<int> &rows, double testShare, double validationShare,
                         std::uint64_t seed, const QStringList &classNames)
{
    if (!isShare(testShare) || !isShare(validationShare))
        return makeError(QStringLiteral("the test share (%1) and validation share (%2) must "
                                        "each be at least 0 and below 1")
                             .arg(testShare)
                             .arg(validationShare));
    auto grouped = rowsByClass(labels, classCount, rows);
    if (!grouped)
        return grouped.error();

    QStringList partNames{QStringLiteral("training")};
    if (validationShare > 0)
        partNames.append(QStringLiteral("validation"));
    if (testShare > 0)
        partNames.append(QStringLiteral("test"));
    const int partsNeeded = int(partNames.size());

    Random random(seed);
    Split split;
    for (int k = 0; k < classCount; ++k) {
        std::vector<int> &classRows = grouped.value()[std::size_t(k)];
        const int n = int(classRows.size());
        // A class absent from the rows has nothing to place and nothing to keep in
        // proportion, so it is left out rather than refused.
        if (n == 0)
            continue;
        if (n < partsNeeded)
            return makeError(QStringLiteral("class %1 has %2, too few for one in each set (%3)")
                                 .arg(classLabel(k, classNames),
                                      counted(n, QStringLiteral("row"), QStringLiteral("rows")),
                                      partNames.join(QStringLiteral(", "))));
        random.shuffle(classRows);
        const int testCount = partCount(testShare, n, validationShare > 0 ? 2 : 1);
        const int validationCount = partCount(validationShare, n - testCount, 1);
        const auto testEnd = classRows.begin() + testCount;
        const auto validationEnd = testEnd + validationCount;
        split.test.insert(split.test.end(), classRows.begin(), testEnd);
        split.validation.insert(split.validation.end(), testEnd, validationEnd);
        split.train.insert(split.train.end(), validationEnd, classRows.end());
    }
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.validation.begin(), split.validation.end());
    std::sort(split.test.begin(), split.test.end());
    return split;
}

} // namespace

Result<Split> stratifiedSplit(const std::vector<int> &labels, int classCount, double testShare,
                              double validationShare, std::uint64_t seed,
                              const QStringList &classNames)
{
    std::vector<int> rows(labels.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = int(i);
    return cutByClass(labels, classCount, rows, testShare, validationShare, seed, classNames);
}

Result<std::vector<std::vector<int>>> stratifiedFolds(const std::vector<int> &labels,
                                                      int classCount, int folds, std::uint64_t seed,
                                                      const QStringList &classNames)
{
    if (folds < 2)
        return makeError(
            QStringLiteral("cross-validation needs at least 2 folds, not %1").arg(folds));
    std::vector<int> rows(labels.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = int(i);
    auto grouped = rowsByClass(labels, classCount, rows);
    if (!grouped)
        return grouped.error();
    for (int k = 0; k < classCount; ++k) {
        const int n = int(grouped.value()[std::size_t(k)].size());
        if (n > 0 && n < folds)
            return makeError(QStringLiteral("class %1 has %2, fewer than the %3 folds; "
                                            "every fold needs a row of every class")
                                 .arg(classLabel(k, classNames),
                                      counted(n, QStringLiteral("row"), QStringLiteral("rows")))
                                 .arg(folds));
    }

    // Each class is dealt round-robin, starting where the previous class stopped, as
    // if all classes were one deck: fold sizes then differ by at most one row, and
    // each class's count per fold by at most one as well.
    Random random(seed);
    std::vector<std::vector<int>> testSets(std::size_t(folds), std::vector<int>{});
    int fold = 0;
    for (std::vector<int> &classRows : grouped.value()) {
        random.shuffle(classRows);
        for (int row : classRows) {
            testSets[std::size_t(fold)].push_back(row);
            fold = (fold + 1) % folds;
        }
    }
    for (std::vector<int> &testSet : testSets)
        std::sort(testSet.begin(), testSet.end());
    return testSets;
}

Result<Split> stratifiedHoldout(const std::vector<int> &labels, int classCount,
                                const std::vector<int> &rows, double validationShare,
                                std::uint64_t seed, const QStringList &classNames)
{
    return cutByClass(labels, classCount, rows, 0.0, validationShare, seed, classNames);
}

} // namespace trm
