// The hot loop's sine and cosine against long double (80-bit x87) trigonometry.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "detail/sin_cos.hpp"

namespace spineload::detail {
namespace {

// The largest absolute error of sin_cos over [-range, range] at `count` evenly spread points,
// plus the multiples of pi/4 near which the reduction switches quadrant or cancels.
double worst_error(double range, int count) {
  double worst = 0;
  auto check = [&](double x) {
    const SinCos sc = sin_cos(x);
    const long double lx = x;
    worst = std::max({worst, static_cast<double>(std::fabs(sc.sin - std::sin(lx))),
                      static_cast<double>(std::fabs(sc.cos - std::cos(lx)))});
  };
  for (int i = 0; i <= count; ++i) check(-range + 2.0 * range * i / count);
  for (int k = -static_cast<int>(range / (std::numbers::pi / 4)); k * std::numbers::pi / 4 <= range;
       ++k) {
    const double x = k * std::numbers::pi / 4;
    check(std::nextafter(x, -1e9));
    check(x);
    check(std::nextafter(x, 1e9));
  }
  return worst;
}

TEST(SinCos, AgreesWithLongDoubleTrigonometryWithinTwoToTheMinus52) {
  // joint angles stay within a few turns; a wider range checks the reduction's k * pi/2 split
  EXPECT_LE(worst_error(10.0, 2'000'000), 0x1p-52);
  EXPECT_LE(worst_error(1e3, 1'000'000), 0x1p-52);
  EXPECT_LE(worst_error(1e5, 100'000), 0x1p-52);
}

TEST(SinCos, KeepsTheExactValuesAndTheSpecialCases) {
  EXPECT_EQ(sin_cos(0.0).sin, 0.0);
  EXPECT_EQ(sin_cos(0.0).cos, 1.0);
  EXPECT_TRUE(std::signbit(sin_cos(-0.0).sin));  // sin(-0) = -0
  EXPECT_TRUE(std::isnan(sin_cos(std::numeric_limits<double>::quiet_NaN()).sin));
  EXPECT_TRUE(std::isnan(sin_cos(std::numeric_limits<double>::infinity()).cos));
  // beyond the fast range std::sin and std::cos answer
  EXPECT_EQ(sin_cos(1e7).sin, std::sin(1e7));
  EXPECT_EQ(sin_cos(-1e7).cos, std::cos(-1e7));
}

// The cosine alone is the pair's cosine to the bit, in every quadrant and in the special cases.
TEST(SinCos, TheCosineAloneIsThePairsCosine) {
  int differ = 0;
  for (int i = 0; i <= 200'000; ++i) {
    const double x = -20.0 + 40.0 * i / 200'000;
    differ += cos_of(x) != sin_cos(x).cos;
  }
  EXPECT_EQ(differ, 0);
  for (double x : {0.0, -0.0, 1e-9, 1e7, -1e7}) EXPECT_EQ(cos_of(x), sin_cos(x).cos) << x;
  EXPECT_TRUE(std::isnan(cos_of(std::numeric_limits<double>::quiet_NaN())));
}

}  // namespace
}  // namespace spineload::detail
