// The command line: cli.hpp (run in-process).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "spineload/cli.hpp"
#include "spineload/config.hpp"
#include "spineload/model.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

namespace fs = std::filesystem;
using test::field_of;
using test::temp_dir;

// Runs the command line in-process; returns the exit code and fills stdout/stderr.
int run_cli(const std::string& args, std::string& out, std::string& err) {
  std::istringstream words(args);
  std::vector<std::string> argv;
  for (std::string word; words >> word;) argv.push_back(word);
  std::ostringstream out_stream, err_stream;
  const int code = run_command_line(argv, out_stream, err_stream);
  out = out_stream.str();
  err = err_stream.str();
  return code;
}

TEST(Cli, BadInputIsOneLineAndExitTwo) {
  std::string out, err;
  EXPECT_EQ(run_cli("simulate --trunk-angle 120", out, err), 2);
  EXPECT_EQ(err, "spineload: error: trunk_angle_deg = 120: allowed [0, 85] deg\n");
  EXPECT_EQ(run_cli("simulate --bar-offset abc", out, err), 2);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1);
  EXPECT_EQ(run_cli("simulate --setup /no/file.toml", out, err), 2);
  EXPECT_EQ(run_cli("frobnicate", out, err), 2);
}

TEST(Cli, SimulateWritesTheFileAndCompareShowsTheLever) {
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

// `model --setup` prints the model a setup's pull runs on: for sumo, the thigh as the stance
// shows it from the side (its length and the sideways step make the thigh's own length), the
// setup's load unless --load is given.
TEST(Cli, ModelForASetupShowsItsStance) {
  std::string out, err;
  ASSERT_EQ(run_cli("model --json", out, err), 0) << err;
  const auto plain = nlohmann::json::parse(out);
  ASSERT_EQ(run_cli("model --setup sumo --load 80 --json", out, err), 0) << err;
  const auto sumo = nlohmann::json::parse(out);
  const double thigh = plain["segments"][1]["length"].get<double>();
  const double side = sumo["segments"][1]["length"].get<double>();
  const double sideways =
      0.5 * (sumo["stance"]["width"].get<double>() - sumo["stance"]["hip_width"].get<double>());
  EXPECT_DOUBLE_EQ(sumo["stance"]["width"].get<double>(), 0.70);
  EXPECT_NEAR(side * side + sideways * sideways, thigh * thigh, 1e-12);
  EXPECT_EQ(plain["stance"]["width"].get<double>(), 0.0);
  EXPECT_EQ(sumo["bar"]["mass"].get<double>(), 80.0);
  ASSERT_EQ(run_cli("model --setup sumo", out, err), 0) << err;
  EXPECT_NE(out.find("stance 0.70 m between the ankles, feet out 42 deg"), std::string::npos)
      << out;
}

// `presets` names every built-in lifter and setup with what its file says it is.
TEST(Cli, PresetsSayWhatEachIs) {
  std::string out, err;
  ASSERT_EQ(run_cli("presets", out, err), 0) << err;
  for (const auto& name : setup_preset_names()) {
    const std::string description = setup_preset_description(name);
    EXPECT_FALSE(description.empty()) << name;
    EXPECT_NE(out.find("  " + name + " "), std::string::npos) << name;
    EXPECT_NE(out.find(description), std::string::npos) << name;
  }
  EXPECT_NE(out.find("Canonical conventional deadlift"), std::string::npos) << out;
  EXPECT_NE(out.find("de Leva's (1996) male reference subject"), std::string::npos) << out;
}

// A brace shown in compare: compression up by its percentage, and the least stability, a
// signed index, with its difference only (a percentage of a value near or below zero reads
// backwards), from relaxed (< 0) to braced (> 0).
TEST(Cli, CompareShowsWhatABraceCostsAndBuys) {
  std::string out, err;
  ASSERT_EQ(run_cli("compare conventional:spine_model=fascicles "
                    "conventional:spine_model=fascicles,bracing=1 --json",
                    out, err),
            0)
      << err;
  const auto rows = nlohmann::json::parse(out)["rows"];
  EXPECT_LT(rows[0]["min_stability"].get<double>(), 0.0);
  EXPECT_GT(rows[1]["min_stability"].get<double>(), 0.0);
  EXPECT_NEAR(rows[1]["difference"]["min_stability"].get<double>(),
              rows[1]["min_stability"].get<double>() - rows[0]["min_stability"].get<double>(),
              1e-9);
  ASSERT_EQ(run_cli("compare conventional:spine_model=fascicles "
                    "conventional:spine_model=fascicles,bracing=1",
                    out, err),
            0);
  EXPECT_NE(out.find("least stability N*m/rad"), std::string::npos) << out;
  const std::string braced_row = out.substr(out.rfind("bracing=1"));
  const double difference = rows[1]["difference"]["min_stability"].get<double>();
  EXPECT_NE(braced_row.find("(+" + std::to_string(static_cast<int>(std::lround(difference))) + ")"),
            std::string::npos)
      << braced_row;
}

// `simulate --help` lists every input field with its allowed range, from the field lists.
TEST(Cli, SimulateHelpListsEveryFieldWithItsRange) {
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

}  // namespace
}  // namespace spineload
