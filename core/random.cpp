#include "random.h"

#include <cmath>
#include <numbers>

namespace trm {

std::uint64_t Random::below(std::uint64_t bound)
{
    // Reject the top partial range so every residue is equally likely.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t draw;
    do {
        draw = next();
    } while (draw >= limit);
    return draw % bound;
}

double Random::normal()
{
    double u1;
    do {
        u1 = uniform();
    } while (u1 <= 0.0);
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Random::truncatedNormal(double std, double cut)
{
    double draw;
    do {
        draw = normal();
    } while (std::abs(draw) > cut);
    return draw * std;
}

} // namespace trm
