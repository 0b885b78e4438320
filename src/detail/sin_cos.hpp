// Sine and cosine of one angle together, for the pull's hot loop (docs/model.md 3.2).
// glibc's sincos was a quarter of a default pull's instructions (callgrind): it is accurate
// for any argument and pays for it with table lookups and a slow path. The joint and segment
// angles here stay within a few turns, so a short reduction by pi/2 and two Taylor polynomials
// on [-pi/4, pi/4] do: absolute error within 2^-52 of the exact value (tests/cpp/test_sin_cos:
// against long double over [-100, 100]); outside +/-1e5 rad, or for inf and NaN, std::sin and
// std::cos answer.
#pragma once

#include <cmath>
#include <cstdint>

namespace spineload::detail {

struct SinCos {
  double sin, cos;
};

// x = k pi/2 + r with |r| <= pi/4; k's last two bits name the quadrant.
struct Reduced {
  double r;
  std::int64_t quadrant;
};

inline Reduced reduce(double x) {
  // pi/2 = kHalfPiHigh + kHalfPiLow: the high part has 33 significant bits, so k * kHalfPiHigh
  // is exact for |k| < 2^20 and x - k * kHalfPiHigh loses nothing; the low part carries pi/2
  // on to 2^-87.
  constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
  constexpr double kHalfPiHigh = 0x1.921fb544p+0;
  constexpr double kHalfPiLow = 0x1.0b4611a626331p-34;
  // round to the nearest integer without a libm call: adding 1.5 * 2^52 leaves no fraction bits
  constexpr double kRoundingShift = 0x1.8p52;
  const double k = (x * kTwoOverPi + kRoundingShift) - kRoundingShift;
  return {(x - k * kHalfPiHigh) - k * kHalfPiLow, static_cast<std::int64_t>(k) & 3};
}

// Taylor series on |r| <= pi/4: at |r| = pi/4 the first omitted terms, r^19/19! and r^18/18!,
// are 8e-20 and 2e-18, below half a unit in the last place of results of 0.7. The polynomials
// in z = r^2 are evaluated by Estrin's scheme (pairs, then pairs of pairs in z^2 and z^4):
// the same terms as Horner's rule, but in a chain of three multiply-adds instead of seven,
// which is what a sample's ten sines and cosines wait for.
inline double sin_series(double r) {
  const double z = r * r, z2 = z * z, z4 = z2 * z2;
  const double p01 = -1.0 / 6 + z * (1.0 / 120);
  const double p23 = -1.0 / 5040 + z * (1.0 / 362880);
  const double p45 = -1.0 / 39916800 + z * (1.0 / 6227020800);
  const double p67 = -1.0 / 1307674368000 + z * (1.0 / 355687428096000);
  return r + r * z * ((p01 + z2 * p23) + z4 * (p45 + z2 * p67));
}

inline double cos_series(double r) {
  const double z = r * r, z2 = z * z, z4 = z2 * z2;
  const double q01 = 1.0 / 24 + z * (-1.0 / 720);
  const double q23 = 1.0 / 40320 + z * (-1.0 / 3628800);
  const double q45 = 1.0 / 479001600 + z * (-1.0 / 87178291200);
  return 1.0 - 0.5 * z + z2 * ((q01 + z2 * q23) + z4 * (q45 + z2 * (1.0 / 20922789888000)));
}

inline SinCos sin_cos(double x) {
  if (!(std::abs(x) <= 1e5)) return {std::sin(x), std::cos(x)};
  if (std::abs(x) < 0x1p-27) return {x, 1.0};  // exact there, and keeps the sign of -0
  const auto [r, quadrant] = reduce(x);
  const double s = sin_series(r), c = cos_series(r);
  switch (quadrant) {
    case 0:
      return {s, c};
    case 1:
      return {c, -s};
    case 2:
      return {-s, -c};
    default:
      return {-c, s};
  }
}

// The cosine alone, equal to sin_cos(x).cos to the bit: one series instead of two.
inline double cos_of(double x) {
  if (!(std::abs(x) <= 1e5)) return std::cos(x);
  if (std::abs(x) < 0x1p-27) return 1.0;
  const auto [r, quadrant] = reduce(x);
  switch (quadrant) {
    case 0:
      return cos_series(r);
    case 1:
      return -sin_series(r);
    case 2:
      return -cos_series(r);
    default:
      return sin_series(r);
  }
}

}  // namespace spineload::detail
