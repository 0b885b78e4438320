// spineload: the command line (DESIGN.md "CLI"). Exit 0 on success, 2 with one line on bad
// input, 1 on a runtime failure; never a partial output file.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <CLI/CLI.hpp>

#include "spineload/config.hpp"
#include "spineload/error.hpp"
#include "spineload/hdf5_io.hpp"
#include "spineload/model.hpp"
#include "spineload/report.hpp"
#include "spineload/simulate.hpp"
#include "spineload/sweep.hpp"

namespace {

using namespace spineload;

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

// Lifter flags shared by simulate, compare and model.
struct LifterFlags {
  std::string lifter = "average_male";
  std::optional<double> height, mass;
  std::optional<std::string> sex;

  void add(CLI::App& app) {
    app.add_option("--lifter", lifter, "lifter preset name or TOML file")->capture_default_str();
    app.add_option("--height", height, "stature, m (overrides the lifter)");
    app.add_option("--mass", mass, "body mass, kg (overrides the lifter)");
    app.add_option("--sex", sex, "male or female (overrides the lifter)");
  }
  Lifter make() const {
    Lifter l = load_lifter(lifter);
    if (height) set_field(l, "height", number_text(*height));
    if (mass) set_field(l, "mass", number_text(*mass));
    if (sex) set_field(l, "sex", *sex);
    validate_fields(l);
    return l;
  }
};

// "--set field=value" for any lifter, setup or option field.
void apply_assignments(const std::vector<std::string>& assignments, Lifter& lifter, Setup& setup,
                       SimulationOptions& options) {
  for (const std::string& text : assignments) {
    const auto eq = text.find('=');
    if (eq == std::string::npos) throw InputError("--set", text, "expected FIELD=VALUE");
    const std::string field = text.substr(0, eq), value = text.substr(eq + 1);
    bool done = false;
    auto try_set = [&](auto& input) {
      bool known = false;
      for_each_field(input, [&](const auto&, const FieldInfo& info) { known |= info.name == field; });
      if (known && !done) {
        set_field(input, field, value);
        done = true;
      }
    };
    try_set(setup);
    try_set(lifter);
    try_set(options);
    if (!done) throw InputError(field, value, "not a lifter, setup or option field");
  }
}

// One help line per field of an input struct, from its field list: name, allowed values, doc.
template <class Input>
std::string field_help(const char* title, const Input& input) {
  std::string out = std::string(title) + ":\n";
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    using T = std::decay_t<decltype(value)>;
    std::string allowed;
    if constexpr (std::is_same_v<T, double>) {
      allowed = "[" + format_number(info.min) + ", " + format_number(info.max) + "]";
      if (!info.unit.empty()) allowed += " " + std::string(info.unit);
      if (info.zero_means_table) allowed += ", 0 = table";
    } else if constexpr (std::is_same_v<T, bool>) {
      allowed = "true or false";
    } else {
      for (std::string_view choice : info.choices) {
        allowed += (allowed.empty() ? "" : " | ") + std::string(choice);
      }
      if (allowed.empty()) allowed = "text";
    }
    char line[200];
    std::snprintf(line, sizeof line, "  %-26s %-30s %s\n", std::string(info.name).c_str(),
                  allowed.c_str(), std::string(info.doc).c_str());
    out += line;
  });
  return out;
}

std::string all_fields_help() {
  return "\nFields for --set FIELD=VALUE and for lifter/setup TOML files (docs/model.md):\n" +
         field_help("lifter", Lifter{}) + field_help("setup", Setup{}) +
         field_help("options", SimulationOptions{});
}

bool stderr_is_terminal() { return isatty(fileno(stderr)) != 0; }

int run(int argc, char** argv) {
  CLI::App app{"spineload: deadlift simulator and L4-L5 load calculator"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(version()));

  // simulate
  CLI::App* simulate_cmd = app.add_subcommand("simulate", "simulate one pull and summarize it");
  LifterFlags sim_lifter;
  sim_lifter.add(*simulate_cmd);
  std::string setup_name = "conventional";
  std::optional<double> load, bar_offset, trunk_angle, lumbar_flexion, duration, rate;
  std::string out_path;
  bool json = false, lowering = false;
  std::vector<std::string> assignments;
  simulate_cmd->add_option("--setup", setup_name, "setup preset name or TOML file")
      ->capture_default_str();
  simulate_cmd->add_option("--load", load, "bar plus plates, kg");
  simulate_cmd->add_option("--bar-offset", bar_offset, "bar ahead of mid-foot at the start, m");
  simulate_cmd->add_option("--trunk-angle", trunk_angle, "trunk above horizontal, deg");
  simulate_cmd->add_option("--lumbar-flexion", lumbar_flexion, "lumbar flexion, deg (+ rounded)");
  simulate_cmd->add_option("--duration", duration, "floor to lockout, s");
  simulate_cmd->add_option("--rate", rate, "output samples per second, Hz");
  simulate_cmd->add_flag("--lowering", lowering, "also lower the bar back to the floor");
  simulate_cmd->add_option("--set", assignments,
                           "FIELD=VALUE for any lifter, setup or option field (repeatable)");
  simulate_cmd->add_option("--out", out_path, "write the full result to this HDF5 file");
  simulate_cmd->add_flag("--json", json, "print the summary as one JSON object");
  simulate_cmd->footer(all_fields_help);  // built only when help is shown

  // compare
  CLI::App* compare_cmd = app.add_subcommand("compare", "compare setups for one lifter");
  LifterFlags cmp_lifter;
  cmp_lifter.add(*compare_cmd);
  std::vector<std::string> setups;
  bool compare_json_flag = false;
  compare_cmd
      ->add_option("setups", setups,
                   "setup presets or TOML files, each optionally NAME:FIELD=VALUE[,...] "
                   "(first = reference), e.g. conventional conventional:bar_offset=0.05")
      ->required()
      ->expected(1, -1);
  std::optional<double> compare_load;
  compare_cmd->add_option("--load", compare_load,
                          "bar plus plates, kg: replaces the load of every setup");
  compare_cmd->add_flag("--json", compare_json_flag, "print the comparison as JSON");

  // sweep
  CLI::App* sweep_cmd = app.add_subcommand("sweep", "run a grid or list of pulls into HDF5");
  std::string spec_path, sweep_out;
  unsigned threads = 0;
  sweep_cmd->add_option("spec", spec_path, "sweep specification (TOML)")->required();
  sweep_cmd->add_option("--out", sweep_out, "output HDF5 file")->required();
  bool sweep_series = false;
  sweep_cmd->add_flag("--series", sweep_series,
                      "also store every pull's time series (/series, one row per sample)");
  sweep_cmd->add_option("--threads", threads, "worker threads (0 = all cores)")
      ->capture_default_str();

  // model
  CLI::App* model_cmd = app.add_subcommand("model", "print the scaled model");
  LifterFlags mdl_lifter;
  mdl_lifter.add(*model_cmd);
  double model_load = 100.0;
  bool model_json_flag = false;
  model_cmd->add_option("--load", model_load, "bar mass, kg")->capture_default_str();
  model_cmd->add_flag("--json", model_json_flag, "print as JSON (default: a readable table)");

  // presets
  CLI::App* presets_cmd = app.add_subcommand("presets", "list built-in lifters and setups");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    if (auto nl = message.find('\n'); nl != std::string::npos) message.resize(nl);
    std::cerr << "spineload: error: " << message << " (see --help)\n";
    return 2;
  }

  if (*simulate_cmd) {
    Lifter lifter = sim_lifter.make();
    Setup setup = load_setup(setup_name);
    SimulationOptions options;
    if (load) set_field(setup, "load", number_text(*load));
    if (bar_offset) set_field(setup, "bar_offset", number_text(*bar_offset));
    if (trunk_angle) set_field(setup, "trunk_angle_deg", number_text(*trunk_angle));
    if (lumbar_flexion) set_field(setup, "lumbar_flexion_deg", number_text(*lumbar_flexion));
    if (duration) set_field(setup, "duration", number_text(*duration));
    if (rate) set_field(options, "rate", number_text(*rate));
    if (lowering) setup.lowering = true;
    apply_assignments(assignments, lifter, setup, options);
    const Result result = simulate(lifter, setup, options);
    if (!out_path.empty()) save_result(result, out_path);
    std::cout << (json ? summary_json(result) + "\n" : summary_text(result));
    if (!out_path.empty() && !json) std::cout << "\nresult written to " << out_path << "\n";
    return 0;
  }
  if (*compare_cmd) {
    const Lifter lifter = cmp_lifter.make();
    std::vector<Result> results;
    for (const std::string& text : setups) {
      Setup setup = load_setup_with_overrides(text);
      if (compare_load) set_field(setup, "load", number_text(*compare_load));
      results.push_back(simulate(lifter, setup));
    }
    std::cout << (compare_json_flag ? compare_json(results) + "\n" : compare_text(results));
    return 0;
  }
  if (*sweep_cmd) {
    SweepSpec spec = load_sweep_spec(spec_path);
    if (sweep_series) spec.options.store_series = true;
    const bool show_progress = stderr_is_terminal();
    const auto start = std::chrono::steady_clock::now();
    auto progress = [&](std::size_t done, std::size_t total) {
      if (!show_progress) return;
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double rate_per_s = done / std::max(elapsed, 1e-9);
      const int width = 30, filled = static_cast<int>(width * done / std::max<std::size_t>(total, 1));
      std::fprintf(stderr, "\r[%s%s] %zu/%zu pulls  %.0f/s  ETA %.0f s ",
                   std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                   done, total, rate_per_s, (total - done) / std::max(rate_per_s, 1e-9));
      std::fflush(stderr);
    };
    const SweepCounts counts = run_sweep_to_hdf5(spec, threads, sweep_out, progress);
    if (show_progress) std::fprintf(stderr, "\n");
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%zu pulls in %.2f s: %zu completed, %zu failed (summary/status says why), "
                "%zu impossible setups (error) -> %s\n",
                spec.size(), elapsed, counts.completed, counts.failed, counts.errors,
                sweep_out.c_str());
    return 0;
  }
  if (*model_cmd) {
    const Model model = make_model(mdl_lifter.make(), model_load);
    std::cout << (model_json_flag ? model_json(model) + "\n" : model_text(model));
    return 0;
  }
  if (*presets_cmd) {
    std::cout << "lifters:";
    for (const auto& n : lifter_preset_names()) std::cout << " " << n;
    std::cout << "\nsetups: ";
    for (const auto& n : setup_preset_names()) std::cout << " " << n;
    std::cout << "\n";
    return 0;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const spineload::InputError& e) {
    std::cerr << "spineload: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "spineload: failed: " << e.what() << "\n";
    return 1;
  }
}
