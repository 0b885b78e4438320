// Uncertainty bands (uncertainty.hpp): draws reproducible from a seed and from the draws'
// statistics, bands that narrow with their inputs' spread, and paired differences.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <type_traits>

#include "spineload/model.hpp"
#include "spineload/uncertainty.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

Uncertainty only(const InputSpread& spread, std::size_t samples, std::uint64_t seed = 1) {
  Uncertainty u;
  u.samples = samples;
  u.seed = seed;
  u.inputs = {spread};
  return u;
}

const Band& band(const UncertainPull& p, std::string_view field) {
  for (const Band& b : p.bands) {
    if (b.field == field) return b;
  }
  throw std::logic_error("no band");
}

TEST(Uncertainty, DrawsComeFromTheSeedAloneAndHaveTheirDistribution) {
  const Lifter lifter = test::average_male();
  const spineload::Setup setup;
  const Uncertainty u = default_uncertainty(50, 7);
  // the same (seed, sample): the same draw, in any order
  for (std::size_t k : {0u, 13u, 49u}) {
    EXPECT_EQ(draw_sample(lifter, setup, u, k).setup.balance_point,
              draw_sample(lifter, setup, u, k).setup.balance_point);
  }
  EXPECT_NE(draw_sample(lifter, setup, default_uncertainty(50, 8), 3).setup.balance_point,
            draw_sample(lifter, setup, u, 3).setup.balance_point);
  // a uniform shift: mean and spread of 4000 draws (sd of U(-a, a) = a / sqrt 3)
  const Uncertainty shift = only({"balance_point", "shift", -0.02, 0.02, 0, ""}, 4000);
  std::vector<double> d;
  for (std::size_t k = 0; k < shift.samples; ++k) {
    d.push_back(draw_sample(lifter, setup, shift, k).setup.balance_point - setup.balance_point);
  }
  const double mean = std::accumulate(d.begin(), d.end(), 0.0) / d.size();
  double var = 0;
  for (double x : d) var += (x - mean) * (x - mean);
  EXPECT_NEAR(mean, 0.0, 0.001);  // 3 standard errors
  EXPECT_NEAR(std::sqrt(var / d.size()), 0.02 / std::sqrt(3.0), 0.0005);
  EXPECT_LE(*std::max_element(d.begin(), d.end()), 0.02);
  EXPECT_GE(*std::min_element(d.begin(), d.end()), -0.02);
  // a normal scale of a field left at its table value: around the table value, sd as asked
  const Uncertainty scale = only({"thigh_ratio", "scale", 0, 0, 0.05, ""}, 4000);
  const double table = make_model(lifter).segments[kThigh].length / lifter.height;
  std::vector<double> r;
  for (std::size_t k = 0; k < scale.samples; ++k) {
    r.push_back(draw_sample(lifter, setup, scale, k).lifter.thigh_ratio / table);
  }
  const double rmean = std::accumulate(r.begin(), r.end(), 0.0) / r.size();
  double rvar = 0;
  for (double x : r) rvar += (x - rmean) * (x - rmean);
  EXPECT_NEAR(rmean, 1.0, 0.003);
  EXPECT_NEAR(std::sqrt(rvar / r.size()), 0.05, 0.003);  // held at 3 sd: 0.9975 sd
}

TEST(Uncertainty, TheSameSeedGivesTheSameBandsOnAnyNumberOfThreads) {
  const Uncertainty u = default_uncertainty(24, 3);
  const UncertainPull one =
      simulate_with_uncertainty(test::average_male(), spineload::Setup{}, u, {}, 1);
  const UncertainPull two =
      simulate_with_uncertainty(test::average_male(), spineload::Setup{}, u, {}, 2);
  ASSERT_EQ(one.bands.size(), two.bands.size());
  for (std::size_t i = 0; i < one.bands.size(); ++i) {
    const Band &a = one.bands[i], &b = two.bands[i];
    EXPECT_TRUE(a.median == b.median || (std::isnan(a.median) && std::isnan(b.median))) << a.field;
    EXPECT_TRUE(a.p05 == b.p05 || (std::isnan(a.p05) && std::isnan(b.p05))) << a.field;
  }
}

// A sweep spec with [uncertainty]: each row's bands are those of its own setup's samples
// (simulate_with_uncertainty, bit for bit) whatever the threads, the row's summary is the
// nominal pull's, an impossible row gets NaN bands, and the canonical TOML (what a sweep file
// records and --resume compares) reads back to the same spreads.
TEST(Uncertainty, ABandedSweepGivesEachRowTheBandsOfItsOwnSamples) {
  const std::string text =
      "[lifter]\npreset = \"average_male\"\n[setup]\npreset = \"conventional\"\n"
      "[grid]\nbar_offset = [0.0, 0.05, 0.6]\n"
      "[uncertainty]\nsamples = 16\nseed = 5\n"
      "[uncertainty.inputs]\nstrength = {scale_sd = 0.1, source = \"a test\"}\n";
  const SweepSpec spec = sweep_spec_from_toml(text, "banded.toml");
  ASSERT_EQ(spec.uncertainty.samples, 16u);
  struct Rows : SweepSink {
    std::vector<SweepRow> rows;
    void row(SweepRow& row) override { rows.push_back(row); }
  };
  for (const unsigned threads : {1u, 2u}) {
    Rows sink;
    run_sweep(spec, {.threads = threads}, sink);
    ASSERT_EQ(sink.rows.size(), 3u);
    for (std::size_t k = 0; k < 2; ++k) {
      const SweepRow& row = sink.rows[k];
      ASSERT_TRUE(row.error.empty()) << row.error;
      const UncertainPull alone = simulate_with_uncertainty(row.input.lifter, row.input.setup,
                                                            spec.uncertainty, spec.options, 1);
      EXPECT_EQ(row.summary.peak_moment.value, alone.nominal.summary.peak_moment.value);
      ASSERT_EQ(row.bands.size(), alone.bands.size());
      auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
      for (std::size_t i = 0; i < row.bands.size(); ++i) {
        const Band &a = row.bands[i], &b = alone.bands[i];
        EXPECT_EQ(a.field, b.field);
        EXPECT_EQ(a.count, b.count) << a.field;
        EXPECT_TRUE(same(a.nominal, b.nominal) && same(a.p05, b.p05) && same(a.median, b.median) &&
                    same(a.p95, b.p95))
            << a.field;
      }
    }
    // 60 cm in front of mid-foot (outside the field's range): no samples, NaN bands
    const SweepRow& impossible = sink.rows[2];
    EXPECT_FALSE(impossible.error.empty());
    bool band_column = false;
    for_each_sweep_column(impossible,
                          [&](const std::string& path, const auto& value, std::string_view) {
                            if constexpr (std::is_same_v<std::decay_t<decltype(value)>, double>) {
                              if (path == "summary/peak_moment_p95") {
                                band_column = true;
                                EXPECT_TRUE(std::isnan(value));
                              }
                            }
                          });
    EXPECT_TRUE(band_column);
  }
  // one row on two threads: its samples share them, and the bands are the same
  SweepSpec one = spec;
  one.grid[0].values = {0.05};
  Rows single;
  run_sweep(one, {.threads = 2}, single);
  ASSERT_EQ(single.rows.size(), 1u);
  const UncertainPull alone = simulate_with_uncertainty(
      single.rows[0].input.lifter, single.rows[0].input.setup, one.uncertainty, one.options, 1);
  for (std::size_t i = 0; i < alone.bands.size(); ++i) {
    const Band &a = single.rows[0].bands[i], &b = alone.bands[i];
    EXPECT_TRUE(a.median == b.median || (std::isnan(a.median) && std::isnan(b.median))) << a.field;
  }
  const SweepSpec again = sweep_spec_from_toml(to_toml(spec), "canonical");
  EXPECT_EQ(to_toml(again), to_toml(spec));
  // the default spreads, strength's replaced by the spec's
  ASSERT_EQ(again.uncertainty.inputs.size(), default_uncertainty().inputs.size());
  const auto strength =
      std::find_if(again.uncertainty.inputs.begin(), again.uncertainty.inputs.end(),
                   [](const InputSpread& s) { return s.field == "strength"; });
  ASSERT_NE(strength, again.uncertainty.inputs.end());
  EXPECT_EQ(strength->sd, 0.1);
  EXPECT_EQ(strength->source, "a test");
  EXPECT_EQ(again.uncertainty.seed, 5u);
  // each row is 17 pulls: the limit counts them all
  SweepSpec valid = spec;
  valid.grid[0].values = {0.0, 0.05, 0.1};
  try {
    check_spec(valid, {.max_pulls = 50});
    FAIL() << "3 rows x 17 pulls is over 50";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("3 rows x 17"), std::string::npos) << e.what();
  }
}

TEST(Uncertainty, ABandNarrowsAsItsInputsSpreadNarrows) {
  // the balance point alone: +-2 cm, +-1 cm, none
  const Lifter lifter = test::average_male();
  double previous = 1e9;
  for (double half : {0.02, 0.01, 0.0}) {
    const UncertainPull p =
        simulate_with_uncertainty(lifter, spineload::Setup{},
                                  only({"balance_point", "shift", -half, half, 0, ""}, 40), {}, 2);
    const Band& m = band(p, "peak_moment");
    const double width = m.p95 - m.p05;
    EXPECT_LT(width, previous) << half;
    EXPECT_LE(m.p05, m.median);
    EXPECT_LE(m.median, m.p95);
    previous = width;
    if (half == 0.0) {
      // no spread: every sample is the nominal pull
      EXPECT_EQ(m.p05, m.nominal);
      EXPECT_EQ(m.p95, m.nominal);
    } else {
      // the nominal pull sits inside its band
      EXPECT_LT(m.p05, m.nominal);
      EXPECT_GT(m.p95, m.nominal);
    }
  }
}

TEST(Uncertainty, DifferencesAreSampleBySample) {
  const Lifter lifter = test::average_male();
  const Uncertainty u = default_uncertainty(40, 1);
  const UncertainPull reference = simulate_with_uncertainty(lifter, spineload::Setup{}, u, {}, 2);
  // a setup against itself: every difference is 0, although each band is wide
  const UncertainPull same = simulate_with_uncertainty(lifter, spineload::Setup{}, u, {}, 2);
  const Band zero = difference_band(same, reference, "peak_moment");
  EXPECT_EQ(zero.p05, 0.0);
  EXPECT_EQ(zero.p95, 0.0);
  EXPECT_GT(band(reference, "peak_moment").p95 - band(reference, "peak_moment").p05, 40.0);
  // the bar 1.5 cm forward: more moment in every sample, though the two bands overlap
  spineload::Setup forward;
  forward.bar_offset = 0.015;
  const UncertainPull ahead = simulate_with_uncertainty(lifter, forward, u, {}, 2);
  const Band d = difference_band(ahead, reference, "peak_moment");
  EXPECT_GT(d.p05, 0.0);
  EXPECT_LT(band(ahead, "peak_moment").p05, band(reference, "peak_moment").p95);
}

TEST(Uncertainty, BadSpreadsNameTheirKey) {
  auto field = [](const char* toml) {
    return test::field_of([&] { uncertainty_from_toml(toml, "test.toml"); });
  };
  EXPECT_EQ(
      field("[uncertainty]\nsamples = 10\n[uncertainty.inputs]\nheigth = {scale = [0.9, 1.1]}\n"),
      "uncertainty.inputs.heigth");
  EXPECT_EQ(field("[uncertainty]\n[uncertainty.inputs]\nbalance_point = {shift = [0.02, -0.02]}\n"),
            "uncertainty.inputs.balance_point");
  EXPECT_EQ(field("[uncertainty]\n[uncertainty.inputs]\nload = {scale = [0.9, 1.1]}\n"),
            "uncertainty.inputs.load");
  EXPECT_EQ(field("[uncertainty]\nsampels = 10\n"), "uncertainty.sampels");
  EXPECT_EQ(field("[uncertainty]\nsamples = 0\n"), "uncertainty.samples");
  EXPECT_EQ(field("[uncertainty]\ninputs = 5\n"), "uncertainty.inputs");
  EXPECT_EQ(field("[uncertainty]\n[uncertainty.inputs]\nstrength = {scale_sd = 0.5}\n"),
            "uncertainty.inputs.strength");
  EXPECT_EQ(
      field("[uncertainty]\n[uncertainty.inputs]\nstrength = {shift = [0, 1], scale_sd = 0.1}\n"),
      "uncertainty.inputs.strength.shift");
  // restating a default spread word for word leaves every draw as it was
  const Uncertainty restated = uncertainty_from_toml(
      "[uncertainty]\nsamples = 20\n[uncertainty.inputs]\nbalance_point = {shift = [-0.02, "
      "0.02]}\n",
      "test.toml");
  const Uncertainty defaults = default_uncertainty(20);
  for (std::size_t k = 0; k < 20; ++k) {
    const SweepCase a = draw_sample(test::average_male(), spineload::Setup{}, restated, k);
    const SweepCase b = draw_sample(test::average_male(), spineload::Setup{}, defaults, k);
    EXPECT_EQ(a.setup.balance_point, b.setup.balance_point);
    EXPECT_EQ(a.lifter.thigh_ratio, b.lifter.thigh_ratio);
  }
  EXPECT_EQ(field("[uncertainty]\n[uncertainty.inputs]\nstrength = {wobble = 2}\n"),
            "uncertainty.inputs.strength.wobble");
  const Uncertainty u = uncertainty_from_toml(
      "[uncertainty]\nsamples = 12\nseed = 5\ndefaults = false\n[uncertainty.inputs]\n"
      "strength = {scale = [0.9, 1.1], source = \"a guess\"}\n",
      "test.toml");
  EXPECT_EQ(u.samples, 12u);
  EXPECT_EQ(u.seed, 5u);
  ASSERT_EQ(u.inputs.size(), 1u);
  EXPECT_EQ(u.inputs[0].source, "a guess");
}

}  // namespace
}  // namespace spineload
