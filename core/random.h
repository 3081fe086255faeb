#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace trm {

/// Seeded random numbers that are identical on every platform and standard library.
///
/// The engine (`std::mt19937_64`) is fully specified by the standard, but the
/// standard distributions are not, so uniform, normal and shuffle are written
/// here on top of the raw 64-bit output. A seed therefore fixes a split, an
/// initialisation and a training run everywhere.
class Random
{
public:
    explicit Random(std::uint64_t seed) : m_engine(seed) {}

    std::uint64_t next() { return m_engine(); }

    /// Uniform in [0, 1), with 53 random bits.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }

    /// Uniform integer in [0, bound), without modulo bias.
    std::uint64_t below(std::uint64_t bound);

    /// Standard normal (Box-Muller; the second value of each pair is discarded
    /// so that the stream of draws does not depend on call parity).
    double normal();

    /// Normal with standard deviation `std`, redrawn until within `cut` std of 0.
    double truncatedNormal(double std, double cut = 2.0);

    /// Fisher-Yates shuffle.
    template<typename T>
    void shuffle(std::vector<T> &items)
    {
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[below(i)]);
    }

private:
    std::mt19937_64 m_engine;
};

} // namespace trm
