// Presets and TOML files: config.hpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "spineload/config.hpp"
#include "spineload/error.hpp"
#include "spineload/model.hpp"
#include "spineload/simulate.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

namespace fs = std::filesystem;
using test::field_of;
using test::temp_dir;

TEST(Config, EveryPresetLoadsAndValidates) {
  ASSERT_GE(lifter_preset_names().size(), 3u);
  for (const auto& name : lifter_preset_names()) {
    const Lifter lifter = load_lifter(name);
    EXPECT_EQ(lifter.name, name);
    EXPECT_NO_THROW(make_model(lifter, 100.0)) << name;
  }
  for (const auto& name : setup_preset_names()) {
    const spineload::Setup setup = load_setup(name);
    const Result r = simulate(load_lifter("heavy_male_lifter"), setup);
    EXPECT_TRUE(r.summary.completed) << name << ": " << r.summary.status;
  }
}

TEST(Config, TomlRoundTripIsExact) {
  spineload::Setup setup;
  setup.name = "odd \"name\"";
  setup.bar_offset = 0.1 + 0.2;  // not representable in short decimal
  setup.coordination = -0.3;
  setup.lowering = true;
  EXPECT_EQ(setup_from_toml(to_toml(setup), "round trip"), setup);
  Lifter lifter = test::average_female();
  lifter.thigh_ratio = 0.2517;
  EXPECT_EQ(lifter_from_toml(to_toml(lifter), "round trip"), lifter);
}

TEST(Config, BadFilesNameTheKey) {
  EXPECT_EQ(field_of([] { setup_from_toml("lod = 100\n", "x.toml"); }), "lod");
  EXPECT_EQ(field_of([] { setup_from_toml("load = \"heavy\"\n", "x.toml"); }), "load");
  EXPECT_EQ(field_of([] { setup_from_toml("load = 9000\n", "x.toml"); }), "load");
  EXPECT_EQ(field_of([] { setup_from_toml("load = [1\n", "x.toml"); }), "x.toml");
  EXPECT_EQ(field_of([] { load_setup("/no/such/file.toml"); }), "setup");
  EXPECT_EQ(field_of([] { load_lifter("nobody"); }), "lifter");
  try {
    setup_from_toml("load = 9000\n", "x.toml");
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("allowed [0, 600] kg"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace spineload
