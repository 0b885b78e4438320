// Files, presets, JSON, HDF5, sweeps and the command line (DESIGN.md public contract).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "spineload/config.hpp"
#include "spineload/error.hpp"
#include "spineload/hdf5_io.hpp"
#include "spineload/report.hpp"
#include "spineload/simulate.hpp"
#include "spineload/sweep.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
  const fs::path dir = fs::temp_directory_path() /
                       ("spineload_test_" + std::to_string(::testing::UnitTest::GetInstance()
                                                               ->random_seed()) +
                        "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::create_directories(dir);
  return dir;
}

std::string field_of(auto&& action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.field();
  }
  return "";
}

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

TEST(Report, SummaryJsonHasTheContractKeysAndNoNaN) {
  spineload::Setup heavy;
  heavy.load = 350.0;  // fails: lockout_time is NaN and must print as null
  for (const spineload::Setup& setup : {spineload::Setup{}, heavy}) {
    const Result r = simulate(test::average_male(), setup);
    const std::string text = summary_json(r);
    EXPECT_EQ(text.find("NaN"), std::string::npos);
    const auto json = nlohmann::json::parse(text);
    for (const char* key : {"completed", "peak_moment", "peak_compression", "peak_shear",
                            "peak_extensor_force", "peak_moment_time", "peak_compression_time",
                            "peak_shear_time", "peak_extensor_force_time", "start_angles_deg",
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
  EXPECT_EQ(back.summary.peak_shear.value, r.summary.peak_shear.value);
  EXPECT_EQ(back.summary.status, r.summary.status);
  EXPECT_EQ(summary_json(back), summary_json(r));  // every summary field, inputs and arrays

  // a failed pull: limiting_joint set, lockout_time NaN (null in JSON)
  setup.bar_offset = 0.10;
  const Result failed = simulate(test::average_male(), setup);
  ASSERT_FALSE(failed.summary.limiting_joint.empty());
  save_result(failed, path.string());
  EXPECT_EQ(summary_json(load_result(path.string())), summary_json(failed));
  fs::remove_all(path.parent_path());
}

TEST(Hdf5, NoFileLeftWhenWritingFails) {
  const fs::path path = temp_dir() / "missing_dir" / "pull.h5";
  const Result r = simulate(test::average_male(), spineload::Setup{});
  EXPECT_THROW(save_result(r, path.string()), std::runtime_error);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path.string() + ".partial"));
}

TEST(Sweep, GridOrderAndRowsEqualSinglePulls) {
  SweepSpec spec;
  spec.base_lifter = test::average_male();
  spec.grid = {{"bar_offset", {"0", "0.04"}}, {"load", {"60", "100", "140"}}};
  ASSERT_EQ(spec.size(), 6u);
  EXPECT_EQ(spec.case_at(1).setup.load, 100.0);       // last axis fastest
  EXPECT_EQ(spec.case_at(3).setup.bar_offset, 0.04);
  std::vector<SweepRow> rows;
  run_sweep(spec, 2, [&](const SweepRow& row) { rows.push_back(row); });
  ASSERT_EQ(rows.size(), 6u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].index, i);
    const Result alone = simulate(rows[i].input.lifter, rows[i].input.setup,
                                  SimulationOptions{.store_series = false});
    EXPECT_EQ(rows[i].summary.peak_moment.value, alone.summary.peak_moment.value);
    EXPECT_EQ(rows[i].summary.peak_compression.value, alone.summary.peak_compression.value);
  }
}

TEST(Sweep, ImpossibleSetupIsAnErrorRowAndTheRestRun) {
  SweepSpec spec;
  spec.base_lifter = test::average_male();
  spec.grid = {{"bar_offset", {"0", "-0.12", "0.02", "0.10"}}};  // ok, impossible, ok, too hard
  const fs::path path = temp_dir() / "sweep.h5";
  std::vector<SweepRow> rows;
  run_sweep(spec, 1, [&](const SweepRow& row) { rows.push_back(row); });
  EXPECT_TRUE(rows[0].error.empty());
  EXPECT_NE(rows[1].error.find("bar_offset"), std::string::npos) << rows[1].error;
  EXPECT_TRUE(rows[2].summary.completed);
  EXPECT_TRUE(rows[3].error.empty());
  EXPECT_FALSE(rows[3].summary.completed);
  const SweepCounts counts = run_sweep_to_hdf5(spec, 2, path.string());
  EXPECT_EQ(counts.completed, 2u);
  EXPECT_EQ(counts.failed, 1u);
  EXPECT_EQ(counts.errors, 1u);
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path.string() + ".partial"));
  fs::remove_all(path.parent_path());
}

TEST(Sweep, SpecFileErrorsNameTheKey) {
  const fs::path dir = temp_dir();
  auto write = [&](const char* text) {
    std::ofstream(dir / "spec.toml") << text;
    return (dir / "spec.toml").string();
  };
  EXPECT_EQ(field_of([&] { load_sweep_spec(write("[grid]\nbar_ofset = [0, 0.1]\n")); }),
            "bar_ofset");
  EXPECT_EQ(field_of([&] { load_sweep_spec(write("[grid]\nload = [50, \"x\"]\n")); }), "load");
  EXPECT_EQ(field_of([&] { load_sweep_spec(write("[setup]\npreset = \"nope\"\n")); }), "setup");
  const SweepSpec ok = load_sweep_spec(write(
      "[lifter]\npreset = \"average_female\"\n[setup]\nload = 80\n[grid]\n"
      "trunk_angle_deg = [25, 30]\nlifter = [\"average_male\", \"average_female\"]\n"));
  EXPECT_EQ(ok.size(), 4u);
  EXPECT_EQ(ok.case_at(0).setup.load, 80.0);
  EXPECT_EQ(ok.case_at(3).lifter.sex, "female");
  fs::remove_all(dir);
}

#ifdef SPINELOAD_CLI_PATH
// Runs the CLI; returns the exit code and fills stdout/stderr.
int run_cli(const std::string& args, std::string& out, std::string& err) {
  // per-test files: ctest runs tests in parallel
  const fs::path dir = temp_dir();
  const std::string out_file = (dir / "out.txt").string();
  const std::string err_file = (dir / "err.txt").string();
  const int status = std::system((std::string(SPINELOAD_CLI_PATH) + " " + args + " >" + out_file +
                                  " 2>" + err_file).c_str());
  auto slurp = [](const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  out = slurp(out_file);
  err = slurp(err_file);
  return WEXITSTATUS(status);
}

TEST(Cli, BadInputIsOneLineAndExitTwo) {
  if (std::string(SPINELOAD_CLI_PATH).empty()) GTEST_SKIP() << "CLI not built";
  std::string out, err;
  EXPECT_EQ(run_cli("simulate --trunk-angle 120", out, err), 2);
  EXPECT_EQ(err, "spineload: error: trunk_angle_deg = 120: allowed [0, 85] deg\n");
  EXPECT_EQ(run_cli("simulate --bar-offset abc", out, err), 2);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1);
  EXPECT_EQ(run_cli("simulate --setup /no/file.toml", out, err), 2);
  EXPECT_EQ(run_cli("frobnicate", out, err), 2);
}

TEST(Cli, SimulateWritesTheFileAndCompareShowsTheLever) {
  if (std::string(SPINELOAD_CLI_PATH).empty()) GTEST_SKIP() << "CLI not built";
  const fs::path path = temp_dir() / "pull.h5";
  std::string out, err;
  ASSERT_EQ(run_cli("simulate --out " + path.string(), out, err), 0) << err;
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path.string() + ".partial"));
  EXPECT_NE(out.find("compression"), std::string::npos);
  ASSERT_EQ(run_cli("model --json", out, err), 0);
  EXPECT_NO_THROW(nlohmann::json::parse(out));
  ASSERT_EQ(run_cli("compare conventional bar_forward --json --lifter heavy_male_lifter", out, err),
            0)
      << err;
  const auto json = nlohmann::json::parse(out);
  const auto& rows = json["rows"];
  EXPECT_GT(rows[1]["peak_moment"].get<double>(), rows[0]["peak_moment"].get<double>());
  EXPECT_GT(rows[1]["peak_compression"].get<double>(), rows[0]["peak_compression"].get<double>());
  fs::remove_all(path.parent_path());
}

// `simulate --help` lists every input field with its allowed range, from the field lists.
TEST(Cli, SimulateHelpListsEveryFieldWithItsRange) {
  if (std::string(SPINELOAD_CLI_PATH).empty()) GTEST_SKIP() << "CLI not built";
  std::string out, err;
  ASSERT_EQ(run_cli("simulate --help", out, err), 0) << err;
  auto listed = [&](const auto& input) {
    for_each_field(input, [&](const auto&, const FieldInfo& info) {
      EXPECT_NE(out.find("  " + std::string(info.name) + " "), std::string::npos) << info.name;
    });
  };
  listed(Lifter{});
  listed(spineload::Setup{});
  listed(SimulationOptions{});
  EXPECT_NE(out.find("[0, 85] deg"), std::string::npos);  // trunk_angle_deg
}

// `spineload model` without --json: a table with every segment and the same masses as the JSON.
TEST(Cli, ModelTableListsTheSegments) {
  if (std::string(SPINELOAD_CLI_PATH).empty()) GTEST_SKIP() << "CLI not built";
  std::string out, err;
  ASSERT_EQ(run_cli("model --lifter average_female", out, err), 0) << err;
  const Model model = make_model(load_lifter("average_female"), 100.0);
  for (const Segment& seg : model.segments) {
    char mass[32];
    std::snprintf(mass, sizeof mass, "%8.2f", seg.mass);
    EXPECT_NE(out.find(seg.name), std::string::npos) << seg.name;
    EXPECT_NE(out.find(mass), std::string::npos) << seg.name << " " << mass;
  }
}

// A coach's comparison without writing files: inline overrides name their rows, --load sets
// every setup's load, and a bad override is a one-line error.
TEST(Cli, CompareTakesInlineOverridesAndOneLoad) {
  if (std::string(SPINELOAD_CLI_PATH).empty()) GTEST_SKIP() << "CLI not built";
  std::string out, err;
  ASSERT_EQ(run_cli("compare conventional conventional:bar_offset=0.05,trunk_angle_deg=28 "
                    "--load 90 --json",
                    out, err),
            0)
      << err;
  const auto rows = nlohmann::json::parse(out)["rows"];
  EXPECT_EQ(rows[1]["setup"]["name"], "conventional:bar_offset=0.05,trunk_angle_deg=28");
  EXPECT_EQ(rows[1]["setup"]["bar_offset"].get<double>(), 0.05);
  EXPECT_EQ(rows[1]["setup"]["trunk_angle_deg"].get<double>(), 28.0);
  EXPECT_EQ(rows[0]["setup"]["load"].get<double>(), 90.0);
  EXPECT_EQ(rows[1]["setup"]["load"].get<double>(), 90.0);
  EXPECT_GT(rows[1]["peak_moment"].get<double>(), rows[0]["peak_moment"].get<double>());
  EXPECT_EQ(run_cli("compare conventional conventional:bar_offst=0.05", out, err), 2);
  EXPECT_NE(err.find("bar_offst"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}
#endif

}  // namespace
}  // namespace spineload
