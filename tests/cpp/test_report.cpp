// Summary and model JSON and text: report.hpp.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>

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
