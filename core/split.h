#pragma once

#include "result.h"

#include <QStringList>

#include <cstdint>
#include <vector>

namespace trm {

/// Row indices of a train / validation / test partition.
struct Split
{
    std::vector<int> train;
    std::vector<int> validation;
    std::vector<int> test;
};

/// Stratified partition: each class is shuffled with `seed` and cut by the
/// shares, so every part keeps the class proportions (rounded per class).
/// `validationShare` is a share of the rows left after the test rows are taken.
/// Refused (with a message naming the class, by its name when `classNames` has it) when a class is too small to give
/// each non-empty part at least one row.
Result<Split> stratifiedSplit(const std::vector<int> &labels, int classCount,
                              double testShare, double validationShare, std::uint64_t seed,
                              const QStringList &classNames = {});

/// Stratified k-fold: `folds` disjoint test sets covering every row once, each
/// class dealt round-robin after a seeded shuffle.
Result<std::vector<std::vector<int>>> stratifiedFolds(const std::vector<int> &labels,
                                                      int classCount, int folds,
                                                      std::uint64_t seed,
                                                      const QStringList &classNames = {});

/// Splits `rows` (indices into `labels`) into train and validation, stratified.
Result<Split> stratifiedHoldout(const std::vector<int> &labels, int classCount,
                                const std::vector<int> &rows, double validationShare,
                                std::uint64_t seed, const QStringList &classNames = {});

} // namespace trm
