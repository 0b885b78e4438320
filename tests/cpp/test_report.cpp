// Summary and model JSON and text: report.hpp.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <limits>

#include "spineload/report.hpp"
#include "spineload/simulate.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

namespace fs = std::filesystem;
using test::field_of;
using test::temp_dir;

TEST(Report, SummaryJsonHasTheContractKeysAndNoNaN) {
  spineload::Setup heavy;
  heavy.load = 350.0;  // fails: lockout_time is NaN and must print as null
  for (const spineload::Setup& setup : {spineload::Setup{}, heavy}) {
    const Result r = simulate(test::average_male(), setup);
    const std::string text = summary_json(r);
    EXPECT_EQ(text.find("NaN"), std::string::npos);
    const auto json = nlohmann::json::parse(text);
    for (const char* key : {"completed", "peak_moment", "peak_compression", "peak_anterior_shear",
                            "peak_extensor_force", "peak_moment_time", "peak_compression_time",
                            "peak_anterior_shear_time", "peak_extensor_force_time", "start_angles_deg",
                            "start_landmarks", "lifter", "setup", "version"}) {
      EXPECT_TRUE(json.contains(key)) << key;
    }
    EXPECT_EQ(json["start_landmarks"].size(), 7u);
    EXPECT_EQ(json["start_angles_deg"].size(), 6u);
  }
}

// The L5-S1 block of the text summary: its peaks with the moment's rise on L4-L5 worked from
// the summary, a file from before L5-S1 says so, and a filmed clip's heading says "in the clip".
TEST(Report, SummaryTextHasTheL5S1Block) {
  Result r = simulate(test::average_male(), spineload::Setup{});
  const Summary& s = r.summary;
  std::string text = summary_text(r);
  const auto block = text.find("L5-S1 peaks                      value");
  ASSERT_NE(block, std::string::npos) << text;
  const double rise = 100 * (s.peak_l5s1_moment.value / s.peak_moment.value - 1);
  char expected[64];
  std::snprintf(expected, sizeof expected, "%+.0f%% on L4-L5", rise);
  EXPECT_NE(text.find(expected, block), std::string::npos) << text;
  EXPECT_NE(text.find("before any", block), std::string::npos);

  r.summary.peak_l5s1_moment.value = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(summary_text(r).find("L5-S1: not in this file"), std::string::npos);

  r.summary.peak_l5s1_moment.value = 500.0;
  r.summary.completed = false;
  r.source = "measured: clip.csv";
  text = summary_text(r);
  EXPECT_NE(text.find("L4-L5 peaks in the clip"), std::string::npos) << text;
  EXPECT_NE(text.find("L5-S1 peaks in the clip"), std::string::npos) << text;
}

// The joint torque line shows each joint's largest torque over the pull. The lumbar joint is
// L4-L5: the torque the lifter applied there is the net moment the loads computed top-down
// (within the line's rounding), and the hip, which lifts the trunk and the bar together,
// carries more than the lower back (a hip-dominant pull, SCENARIOS 8).
TEST(Report, SummaryTextShowsEachJointsLargestTorque) {
  const Result r = simulate(test::average_male(), spineload::Setup{});
  const std::string text = summary_text(r);
  const auto line = text.find("largest joint torques ankle ");
  ASSERT_NE(line, std::string::npos) << text;
  double ankle = 0, knee = 0, hip = 0, lumbar = 0, shoulder = 0;
  ASSERT_EQ(std::sscanf(text.c_str() + line,
                        "largest joint torques ankle %lf, knee %lf, hip %lf, lumbar (L4-L5) %lf, "
                        "shoulder %lf N*m",
                        &ankle, &knee, &hip, &lumbar, &shoulder),
            5)
      << text.substr(line, 120);
  EXPECT_NEAR(lumbar, r.summary.peak_moment.value, 0.51);
  EXPECT_GT(hip, 1.2 * lumbar);
  EXPECT_GT(std::min({ankle, knee, shoulder}), 0.0);
}

// A load given as a percentage says of what; compared setups whose loads differ say so.
TEST(Report, APercentageLoadSaysOfWhat) {
  spineload::Setup setup;
  setup.load_percent = 80.0;
  const Result r = simulate(test::average_male(), setup);
  ASSERT_TRUE(std::isfinite(r.summary.one_rep_max));
  char expected[96];
  std::snprintf(expected, sizeof expected, "%.0f kg (80%% of the %.1f kg one-rep max)",
                r.setup.load, r.summary.one_rep_max);
  EXPECT_NE(summary_text(r).find(expected), std::string::npos) << summary_text(r);
  spineload::Setup other;
  other.name = "other";
  const std::string table = compare_text({r, simulate(test::average_male(), other)});
  EXPECT_NE(table.find("loads: " + r.setup.name + " "), std::string::npos) << table;
  EXPECT_EQ(compare_text({simulate(test::average_male(), other)}).find("loads:"),
            std::string::npos);
}

TEST(Report, ModelJsonListsSegmentsWithMassesThatAddUp) {
  const Model model = make_model(test::average_male(), 80.0);
  const auto json = nlohmann::json::parse(model_json(model));
  double mass = json["foot"]["mass"].get<double>();
  for (const auto& s : json["segments"]) {
    for (const char* key : {"name", "mass", "length", "proximal", "distal", "com", "inertia"}) {
      EXPECT_TRUE(s.contains(key)) << key;
    }
    mass += s["mass"].get<double>();
  }
  EXPECT_NEAR(mass, model.body_mass, 1e-9);
  EXPECT_EQ(json["bar"]["mass"].get<double>(), 80.0);
}

}  // namespace
}  // namespace spineload
