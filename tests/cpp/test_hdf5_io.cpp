// Files of one pull: hdf5_io.hpp and output.hpp.
#include <gtest/gtest.h>

#include <filesystem>

#include "spineload/error.hpp"
#include "spineload/hdf5_io.hpp"
#include "spineload/report.hpp"
#include "spineload/simulate.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

namespace fs = std::filesystem;
using test::field_of;
using test::temp_dir;

TEST(Hdf5, RoundTripIsExact) {
  const fs::path path = temp_dir() / "pull.h5";
  spineload::Setup setup;
  setup.lumbar_flexion_deg = 10.0;
  setup.trunk_angle_deg = 26.0;
  const Result r = simulate(test::average_male(), setup);
  save_result(r, path.string());
  EXPECT_FALSE(fs::exists(path.string() + ".partial"));
  const Result back = load_result(path.string());
  EXPECT_EQ(back.samples, r.samples);
  for (int c = 0; c < kNumChannels; ++c) EXPECT_EQ(back.series[c], r.series[c]) << c;
  EXPECT_EQ(back.setup, r.setup);
  EXPECT_EQ(back.lifter, r.lifter);
  EXPECT_EQ(back.summary.peak_anterior_shear.value, r.summary.peak_anterior_shear.value);
  EXPECT_EQ(back.summary.status, r.summary.status);
  EXPECT_EQ(summary_json(back), summary_json(r));  // every summary field, inputs and arrays

  // a failed pull: limiting_joint set, lockout_time NaN (null in JSON)
  setup.bar_offset = 0.10;
  const Result failed = simulate(test::average_male(), setup);
  ASSERT_FALSE(failed.summary.limiting_joint.empty());
  EXPECT_EQ(field_of([&] { save_result(failed, path.string()); }), "path");  // exists
  save_result(failed, path.string(), /*overwrite=*/true);
  EXPECT_EQ(summary_json(load_result(path.string())), summary_json(failed));
  fs::remove_all(path.parent_path());
}

TEST(Hdf5, NoFileLeftWhenWritingFails) {
  const fs::path path = temp_dir() / "missing_dir" / "pull.h5";
  const Result r = simulate(test::average_male(), spineload::Setup{});
  EXPECT_THROW(save_result(r, path.string()), InputError);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path.string() + ".partial"));
}

}  // namespace
}  // namespace spineload
