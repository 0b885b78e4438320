// The command line (docs/cli.md): subcommands simulate, compare, report, sweep, max, model,
// presets.
#include "spineload/cli.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <CLI/CLI.hpp>

#include "spineload/analyze.hpp"
#include "spineload/config.hpp"
#include "spineload/error.hpp"
#include "spineload/hdf5_io.hpp"
#include "spineload/html_report.hpp"
#include "spineload/model.hpp"
#include "spineload/one_rep_max.hpp"
#include "spineload/session.hpp"
#include "spineload/output.hpp"
#include "spineload/report.hpp"
#include "spineload/simulate.hpp"
#include "spineload/sweep_file.hpp"
#include "spineload/uncertainty.hpp"

namespace spineload {

namespace {

// Lifter flags shared by simulate, compare and model.
struct LifterFlags {
  std::string lifter = "average_male";
  // numbers as text: parsed by the field list (decimal only), like --set and TOML
  std::optional<std::string> height, mass, sex;

  void add(CLI::App& app) {
    app.add_option("--lifter", lifter, "lifter preset name or TOML file")->capture_default_str();
    app.add_option("--height", height, "stature, m (overrides the lifter)");
    app.add_option("--mass", mass, "body mass, kg (overrides the lifter)");
    app.add_option("--sex", sex, "male or female (overrides the lifter)");
  }
  Lifter make() const {
    Lifter l = load_lifter(lifter);
    if (height) set_field_text(l, "height", *height);
    if (mass) set_field_text(l, "mass", *mass);
    if (sex) set_field_text(l, "sex", *sex);
    return l;
  }
  // The file it names, if any (never to be overwritten).
  std::string file() const { return is_file_name(lifter) ? lifter : ""; }
};

// The setup fields that apply to a filmed lift (analyze.hpp): the rest describe a plan.
constexpr std::array<std::string_view, 4> kFilmedSetupFields = {"lumbar_flexion_deg", "spine_model",
                                                                "bracing", "iap_kpa"};

// "1920x1080" -> image_width and image_height of the analysis options.
void set_image_size(AnalysisOptions& options, const std::string& text) {
  const auto x = text.find_first_of("xX");
  if (x == std::string::npos) {
    throw InputError("--image-size", "\"" + one_line(text, 40) + "\"",
                     "expected WIDTHxHEIGHT in pixels, e.g. 1920x1080");
  }
  set_field_text(options, "image_width", text.substr(0, x));
  set_field_text(options, "image_height", text.substr(x + 1));
}

// A filmed lift among the arguments: a keypoint file (.trc, .mot, .csv) or a folder.
bool is_recording(const std::string& text) {
  std::error_code ec;
  return !guess_recording_format(text).empty() && std::filesystem::exists(text, ec);
}

// Setups given as arguments, shared by compare and report: presets or TOML files, each
// optionally "NAME:FIELD=VALUE,...", or filmed lifts (keypoint files), the first the
// reference, and --load for all of them.
struct SetupListFlags {
  std::vector<std::string> setups;
  std::optional<std::string> load, fps, image_size;

  void add(CLI::App& app, const char* example) {
    app.add_option("setups", setups,
                   "setup presets or TOML files, each optionally NAME:FIELD=VALUE[,...], or "
                   "filmed lifts (.trc, .mot, .csv, OpenPose folder) (first = reference)" +
                       std::string(example))
        ->required()
        ->expected(1, -1);
    app.add_option("--load", load,
                   "bar plus plates, kg: replaces the load of every setup (needed for a filmed "
                   "lift)");
    app.add_option("--fps", fps, "frame rate of filmed lifts whose files have no time");
    app.add_option("--image-size", image_size,
                   "WIDTHxHEIGHT in px of filmed lifts with normalized coordinates");
  }
  // Every setup parsed and checked before the first pull runs; a filmed lift gets a setup
  // with the load (and its file name).
  std::vector<Setup> make() const {
    std::vector<Setup> parsed;
    for (const std::string& text : setups) {
      if (is_recording(text)) {
        if (!load) {
          throw InputError("--load", "not given",
                           text +
                               " is a filmed lift: give the load it "
                               "carried (--load KG)");
        }
        parsed.emplace_back();
        parsed.back().name = std::filesystem::path(text).filename().string();
      } else {
        parsed.push_back(load_setup_with_overrides(text));
      }
      if (load) set_field_text(parsed.back(), "load", *load);
    }
    return parsed;
  }
  AnalysisOptions analysis() const {
    AnalysisOptions options;
    if (fps) set_field_text(options, "fps", *fps);
    if (image_size) set_image_size(options, *image_size);
    return options;
  }
  // Each setup simulated, or each filmed lift analysed, for one lifter.
  std::vector<Result> run(const Lifter& lifter, const std::vector<Setup>& parsed) const {
    std::vector<Result> results;
    const AnalysisOptions options = analysis();
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      results.push_back(is_recording(setups[i])
                            ? analyze_file(setups[i], lifter, parsed[i], options).result
                            : simulate(lifter, parsed[i]));
    }
    return results;
  }
  // The names as given, overrides dropped (the files among them are never written).
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const std::string& text : setups) out.push_back(text.substr(0, text.find(':')));
    return out;
  }
};

// A whole number from a flag's text, within [min, max]: checked like an integer field.
double whole_number(const char* flag, const std::string& text, double min, double max) {
  const double value = parse_decimal(flag, text);
  check_field(FieldInfo{.name = flag, .min = min, .max = max, .integer = true}, value);
  return value;
}

// --samples, --seed and --uncertainty of compare and report: bands from the uncertain inputs.
struct UncertaintyFlags {
  std::optional<std::string> samples, seed, file;

  void add(CLI::App& app) {
    app.add_option("--samples", samples,
                   "also draw this many samples of the uncertain inputs and show each peak's "
                   "5-95% band, and each difference's (docs/model.md 9)");
    app.add_option("--seed", seed, "seed of the samples (default 1)");
    app.add_option("--uncertainty", file,
                   "TOML file with an [uncertainty] table: samples, seed, inputs");
  }
  bool given() const { return samples || seed || file; }
  Uncertainty make() const {
    std::optional<std::size_t> n;
    std::optional<std::uint64_t> s;
    if (samples) n = static_cast<std::size_t>(whole_number("--samples", *samples, 1, 1e6));
    if (seed) s = static_cast<std::uint64_t>(whole_number("--seed", *seed, 0, 1e15));
    return uncertainty_for(file.value_or(""), n, s);
  }
  // Each setup's nominal pull and samples; a filmed lift has nothing to draw.
  std::vector<UncertainPull> run(const Lifter& lifter, const SetupListFlags& list,
                                 const std::vector<Setup>& parsed, const Uncertainty& u) const {
    for (const std::string& text : list.setups) {
      if (is_recording(text)) {
        throw InputError("--samples", text,
                         "a filmed lift's inputs are measured, not drawn: leave out --samples");
      }
    }
    std::vector<UncertainPull> pulls;
    const unsigned threads = resolve_threads(0);
    for (const Setup& setup : parsed) {
      pulls.push_back(simulate_with_uncertainty(lifter, setup, u, {}, threads));
    }
    return pulls;
  }
  // The file it names, if any (never to be overwritten).
  std::string input_file() const { return file ? *file : ""; }
};

// The nominal pulls of pulls with bands.
std::vector<Result> nominal_results(const std::vector<UncertainPull>& pulls) {
  std::vector<Result> results;
  for (const UncertainPull& p : pulls) results.push_back(p.nominal);
  return results;
}

// "--set field=value" for any lifter, setup or option field.
void apply_assignments(const std::vector<std::string>& assignments, Lifter& lifter, Setup& setup,
                       SimulationOptions& options) {
  for (const std::string& text : assignments) {
    const auto eq = text.find('=');
    if (eq == std::string::npos)
      throw InputError("--set", "\"" + text + "\"", "expected FIELD=VALUE");
    set_input_field_text(lifter, setup, &options, text.substr(0, eq), text.substr(eq + 1));
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
      allowed = "[" + exact_number(info.min) + ", " + exact_number(info.max) + "]";
      if (!info.unit.empty()) allowed += " " + std::string(info.unit);
      if (info.zero_means_table) {
        allowed += ", 0 = ";
        allowed += info.zero_meaning == "the table value" ? "table" : info.zero_meaning;
      }
      if (info.integer) allowed += ", whole";
    } else if constexpr (std::is_same_v<T, bool>) {
      allowed = "true or false";
    } else {
      for (std::string_view choice : info.choices) {
        allowed += (allowed.empty() ? "" : " | ") + std::string(choice);
      }
      if (allowed.empty()) allowed = "text";
    }
    if (info.required) allowed += " (required)";
    // padded by hand: a field's doc may be longer than any fixed buffer
    auto padded = [](std::string text, std::size_t width) {
      if (text.size() < width) text.resize(width, ' ');
      return text;
    };
    out += "  " + padded(std::string(info.name), 26) + " " + padded(allowed, 30) + " " +
           std::string(info.doc) + "\n";
  });
  return out;
}

std::string all_fields_help() {
  return "\nFields for --set FIELD=VALUE and for lifter/setup TOML files (docs/model.md):\n" +
         field_help("lifter", Lifter{}) + field_help("setup", Setup{}) +
         field_help("options", SimulationOptions{});
}

std::string exit_codes_help() {
  return "\nExit codes: 0 done, 2 bad input (one line naming the field), 3 a file could not be "
         "read or written, 4 simulate: the pull did not complete, 130 interrupted (a sweep keeps "
         "its rows; --resume completes it), 1 a bug.\n";
}

// Ctrl-C during a sweep: the first one asks the sweep to stop after its current chunk (the
// rows so far stay in the .partial file); a second one ends the program at once.
std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) {
  g_interrupted = true;
  std::signal(SIGINT, SIG_DFL);
}

class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted = false;
    previous_ = std::signal(SIGINT, on_interrupt);
  }
  ~InterruptGuard() { std::signal(SIGINT, previous_ == SIG_ERR ? SIG_DFL : previous_); }

 private:
  void (*previous_)(int) = SIG_DFL;
};

bool stderr_is_terminal(const std::ostream& err) {
  return &err == &std::cerr && isatty(fileno(stderr)) != 0;
}

std::string eta_text(double seconds) {
  char buffer[32];
  if (seconds < 100) {
    std::snprintf(buffer, sizeof buffer, "%.0f s", seconds);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.0f min", seconds / 60);
  }
  return buffer;
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"spineload: deadlift simulator and L4-L5 load calculator", "spineload"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(version()));
  app.footer(exit_codes_help());

  // simulate
  CLI::App* simulate_cmd = app.add_subcommand("simulate", "simulate one pull and summarize it");
  LifterFlags sim_lifter;
  sim_lifter.add(*simulate_cmd);
  std::string setup_name = "conventional";
  std::optional<std::string> load, bar_offset, trunk_angle, lumbar_flexion, duration, rate;
  std::optional<std::string> out_path;
  bool json = false, lowering = false, force = false;
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
  simulate_cmd->add_flag("--force", force, "replace --out if it exists");
  simulate_cmd->add_flag("--json", json, "print the summary as one JSON object");
  simulate_cmd->footer(all_fields_help);  // built only when help is shown

  // compare
  CLI::App* compare_cmd = app.add_subcommand("compare", "compare setups for one lifter");
  LifterFlags cmp_lifter;
  cmp_lifter.add(*compare_cmd);
  SetupListFlags cmp_setups;
  cmp_setups.add(*compare_cmd, ", e.g. conventional conventional:bar_offset=0.05");
  bool compare_json_flag = false;
  compare_cmd->add_flag("--json", compare_json_flag, "print the comparison as JSON");
  UncertaintyFlags cmp_bands;
  cmp_bands.add(*compare_cmd);

  // report
  CLI::App* report_cmd = app.add_subcommand(
      "report", "write a coach's report of setups for one lifter: one HTML page, no network");
  LifterFlags rep_lifter;
  rep_lifter.add(*report_cmd);
  SetupListFlags rep_setups;
  rep_setups.add(*report_cmd, "");
  std::string report_out = "report.html";
  bool report_force = false;
  report_cmd->add_option("--out", report_out, "the HTML file to write")->capture_default_str();
  report_cmd->add_flag("--force", report_force, "replace --out if it exists");
  UncertaintyFlags rep_bands;
  rep_bands.add(*report_cmd);

  // analyze
  CLI::App* analyze_cmd =
      app.add_subcommand("analyze", "compute the L4-L5 loads of a filmed lift from its keypoints");
  LifterFlags ana_lifter;
  ana_lifter.add(*analyze_cmd);
  std::string recording_path;
  std::optional<std::string> ana_load, ana_format, ana_fps, ana_image_size, ana_out;
  std::vector<std::string> ana_assignments;
  bool ana_json = false, ana_force = false;
  analyze_cmd
      ->add_option("file", recording_path,
                   "keypoints or joint angles: .trc, .mot, .csv (spineload or MediaPipe) or an "
                   "OpenPose JSON folder (docs/files.md 8)")
      ->required();
  analyze_cmd->add_option("--load", ana_load, "bar plus plates lifted, kg")->required();
  analyze_cmd->add_option("--format", ana_format,
                          "csv, mediapipe, trc, mot or openpose (default: from the name)");
  analyze_cmd->add_option("--fps", ana_fps, "frame rate, for files without time");
  analyze_cmd->add_option("--image-size", ana_image_size,
                          "WIDTHxHEIGHT in px, for normalized (MediaPipe) coordinates");
  analyze_cmd->add_option("--set", ana_assignments,
                          "FIELD=VALUE for an analysis field (cutoff, scale, facing, ...) or a "
                          "setup field (lumbar_flexion_deg, spine_model, bracing, iap_kpa)");
  analyze_cmd->add_option("--out", ana_out, "write the result to this HDF5 file");
  analyze_cmd->add_flag("--force", ana_force, "replace --out if it exists");
  analyze_cmd->add_flag("--json", ana_json, "print the summary and the analysis as JSON");
  analyze_cmd->footer([] { return field_help("analysis fields (--set)", AnalysisOptions{}); });

  // sweep
  CLI::App* sweep_cmd = app.add_subcommand("sweep", "run a grid or list of pulls into HDF5");
  std::string spec_path;
  std::optional<std::string> sweep_out;
  std::string threads = "0";
  std::string max_pulls = std::to_string(SweepLimits{}.max_pulls);
  bool sweep_series = false, resume = false, sweep_force = false;
  sweep_cmd->add_option("spec", spec_path, "sweep specification (TOML, docs/files.md)")->required();
  sweep_cmd->add_option("--out", sweep_out, "output HDF5 file")->required();
  sweep_cmd->add_flag("--series", sweep_series,
                      "also store every pull's time series (/series, one row per sample)");
  sweep_cmd->add_option("--threads", threads, "worker threads (0 = all cores)")
      ->capture_default_str();
  sweep_cmd->add_flag("--resume", resume,
                      "complete OUT.partial left by an interrupted sweep (same spec)");
  sweep_cmd->add_flag("--force", sweep_force, "replace OUT, or discard OUT.partial");
  sweep_cmd->add_option("--max-pulls", max_pulls, "refuse larger sweeps (with an estimate)")
      ->capture_default_str();
  // on a Dask cluster: run by the Python package (src/cli/main.cpp, spineload.distributed);
  // listed here for --help
  std::optional<std::string> scheduler, chunk_rows;
  sweep_cmd->add_option("--scheduler", scheduler,
                        "run on this Dask scheduler (tcp://host:8786, or local) into the folder "
                        "--out, one file per chunk (needs spineload[dask])");
  sweep_cmd->add_option("--chunk-rows", chunk_rows, "with --scheduler: pulls per task (2000)");

  // model
  CLI::App* model_cmd = app.add_subcommand("model", "print the scaled model");
  LifterFlags mdl_lifter;
  mdl_lifter.add(*model_cmd);
  std::string model_load = "100";
  std::string model_setup;
  bool model_json_flag = false;
  CLI::Option* model_load_option =
      model_cmd->add_option("--load", model_load, "bar mass, kg")->capture_default_str();
  model_cmd->add_option("--setup", model_setup,
                        "the model a setup's pull runs on (preset or TOML file): its load, its "
                        "arms (a chest hold) and its stance (stance_width, foot_angle_deg)");
  model_cmd->add_flag("--json", model_json_flag, "print as JSON (default: a readable table)");

  // max
  CLI::App* max_cmd =
      app.add_subcommand("max", "find the heaviest load this lifter completes with a setup");
  LifterFlags max_lifter;
  max_lifter.add(*max_cmd);
  std::string max_setup = "conventional";
  std::vector<std::string> max_assignments;
  bool max_json = false;
  max_cmd->add_option("--setup", max_setup, "setup preset name or TOML file")
      ->capture_default_str();
  max_cmd->add_option("--set", max_assignments,
                      "FIELD=VALUE for any lifter, setup or option field (repeatable)");
  max_cmd->add_flag("--json", max_json, "print the result as JSON");

  // session
  CLI::App* session_cmd = app.add_subcommand(
      "session",
      "a training session: sets x reps, each joint tiring from rep to rep; its cumulative "
      "compression and LiFFT damage");
  LifterFlags ses_lifter;
  ses_lifter.add(*session_cmd);
  std::string ses_setup = "conventional";
  std::optional<std::string> ses_load, ses_tempo, ses_out;
  std::vector<std::string> ses_assignments;
  Session ses_plan;
  std::map<std::string, std::string> ses_fields;  // --sets 5 --reps 3 --pause 1 --rest 180
  bool ses_json = false, ses_force = false;
  session_cmd->add_option("--setup", ses_setup, "setup preset name or TOML file")
      ->capture_default_str();
  session_cmd->add_option("--load", ses_load, "bar plus plates, kg, or % of the one-rep max (80%)");
  for_each_field(ses_plan, [&](const double& value, const FieldInfo& info) {
    session_cmd
        ->add_option(
            "--" + std::string(info.name), ses_fields[std::string(info.name)],
            std::string(info.doc) + (info.unit.empty() ? "" : ", " + std::string(info.unit)))
        ->default_str(exact_number(value));
  });
  session_cmd->add_option(
      "--tempo", ses_tempo,
      "UP-DOWN-PAUSE seconds, e.g. 3-3-1: the setup's duration and lowering_duration, and "
      "the pause between reps");
  // a program: the session each week for --weeks, the load rising by --progression a week
  Program ses_program;
  std::map<std::string, std::string> program_fields;  // --weeks 6 --sessions_per_week 2 ...
  for_each_field(ses_program, [&](const double& value, const FieldInfo& info) {
    session_cmd
        ->add_option("--" + std::string(info.name), program_fields[std::string(info.name)],
                     "program: " + std::string(info.doc) +
                         (info.unit.empty() ? "" : ", " + std::string(info.unit)) +
                         " (any of these runs a program of weekly sessions)")
        ->default_str(exact_number(value));
  });
  session_cmd->add_option("--set", ses_assignments,
                          "FIELD=VALUE for any lifter, setup or option field (repeatable)");
  session_cmd->add_option("--out", ses_out,
                          "write every rep (a program: every week) to this HDF5 file");
  session_cmd->add_flag("--force", ses_force, "replace --out if it exists");
  session_cmd->add_flag("--json", ses_json,
                        "print the rep table as JSON (a program: the week table)");

  // plot: listed here for --help; the binary hands it to the Python package (src/cli/main.cpp)
  CLI::App* plot_cmd = app.add_subcommand(
      "plot",
      "draw a pull, session or sweep file as .png/.svg/.pdf (runs python3 -m spineload plot)");
  plot_cmd->allow_extras();

  // presets
  CLI::App* presets_cmd = app.add_subcommand("presets", "list built-in lifters and setups");

  // an unknown first word gets its own message (CLI11 would only say a subcommand is needed)
  if (!args.empty() && !args.front().starts_with("-")) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), args.front()) == names.end()) {
      const std::string hint = closest_name(args.front(), names);
      std::string allowed = "not a subcommand";
      if (!hint.empty()) allowed += "; did you mean " + hint + "?";
      allowed += (hint.empty() ? "; " : " ") + std::string("subcommands: ");
      for (std::size_t i = 0; i < names.size(); ++i) allowed += (i ? ", " : "") + names[i];
      throw InputError("subcommand", "\"" + args.front() + "\"", allowed);
    }
  }
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    if (auto nl = message.find('\n'); nl != std::string::npos) message.resize(nl);
    err << "spineload: error: " << message << " (see --help)\n";
    return kExitInputError;
  }

  if (*simulate_cmd) {
    Lifter lifter = sim_lifter.make();
    Setup setup = load_setup(setup_name);
    SimulationOptions options;
    if (load) set_field_text(setup, "load", *load);
    if (bar_offset) set_field_text(setup, "bar_offset", *bar_offset);
    if (trunk_angle) set_field_text(setup, "trunk_angle_deg", *trunk_angle);
    if (lumbar_flexion) set_field_text(setup, "lumbar_flexion_deg", *lumbar_flexion);
    if (duration) set_field_text(setup, "duration", *duration);
    if (rate) set_field_text(options, "rate", *rate);
    if (lowering) setup.lowering = true;
    apply_assignments(assignments, lifter, setup, options);
    // check the target before the work, so a refused file costs nothing
    std::optional<OutputTarget> target;
    const std::vector<std::string> inputs = {sim_lifter.file(),
                                             is_file_name(setup_name) ? setup_name : ""};
    if (out_path) target = check_output_target(*out_path, force, inputs);
    const Result result = simulate(lifter, setup, options);
    if (target) save_result(result, *target);
    out << (json ? summary_json(result) + "\n" : summary_text(result));
    if (target && !json) out << "\nresult written to " << *out_path << "\n";
    return result.summary.completed ? kExitOk : kExitPullFailed;
  }
  if (*compare_cmd) {
    const Lifter lifter = cmp_lifter.make();
    const std::vector<Setup> setups = cmp_setups.make();
    if (!cmp_bands.given()) {
      const std::vector<Result> results = cmp_setups.run(lifter, setups);
      out << (compare_json_flag ? compare_json(results) + "\n" : compare_text(results));
      return kExitOk;
    }
    const Uncertainty u = cmp_bands.make();
    if (compare_json_flag) {
      throw InputError("--json", "with --samples",
                       "the bands print as text; in Python, sl.compare()");
    }
    const std::vector<UncertainPull> pulls = cmp_bands.run(lifter, cmp_setups, setups, u);
    out << compare_text(nominal_results(pulls)) << "\n" << compare_bands_text(pulls, u);
    return kExitOk;
  }
  if (*report_cmd) {
    // inputs first, then the output file, then the work: a refusal costs nothing
    const Lifter lifter = rep_lifter.make();
    const std::vector<Setup> parsed = rep_setups.make();
    std::vector<std::string> inputs = rep_setups.names();
    inputs.push_back(rep_lifter.file());
    inputs.push_back(rep_bands.input_file());
    std::optional<Uncertainty> u;
    if (rep_bands.given()) u = rep_bands.make();
    const OutputTarget target = check_output_target(report_out, report_force, inputs);
    std::string page, bands_text;
    std::vector<Result> results;
    if (u) {
      const std::vector<UncertainPull> pulls = rep_bands.run(lifter, rep_setups, parsed, *u);
      results = nominal_results(pulls);
      const BandTable bands = compare_band_table(pulls, *u);
      page = html_report(results, &bands);
      bands_text = "\n" + band_table_text(bands);
    } else {
      results = rep_setups.run(lifter, parsed);
      page = html_report(results);
    }
    write_atomically(target, [&](const std::string& path) { write_text_file(path, page); });
    out << compare_text(results) << bands_text << "\nreport written to " << report_out << "\n";
    return kExitOk;
  }
  if (*analyze_cmd) {
    Lifter lifter = ana_lifter.make();
    Setup setup;
    setup.name = std::filesystem::path(recording_path).filename().string();
    set_field_text(setup, "load", *ana_load);
    AnalysisOptions options;
    if (ana_format) set_field_text(options, "format", *ana_format);
    if (ana_fps) set_field_text(options, "fps", *ana_fps);
    if (ana_image_size) set_image_size(options, *ana_image_size);
    for (const std::string& text : ana_assignments) {
      const auto eq = text.find('=');
      if (eq == std::string::npos) {
        throw InputError("--set", "\"" + text + "\"", "expected FIELD=VALUE");
      }
      const std::string name = text.substr(0, eq), value = text.substr(eq + 1);
      const auto names = field_names(options);
      const auto setup_names = field_names(setup);
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        set_field_text(options, name, value);
      } else if (std::find(setup_names.begin(), setup_names.end(), name) != setup_names.end() &&
                 std::find(kFilmedSetupFields.begin(), kFilmedSetupFields.end(), name) ==
                     kFilmedSetupFields.end()) {
        // the other setup fields describe a plan; a filmed lift has its own motion
        throw InputError(name, "\"" + value + "\"",
                         "not a field of a filmed lift: its setup fields are lumbar_flexion_deg, "
                         "spine_model, bracing and iap_kpa (and --load)");
      } else if (has_field(setup, name) || has_field(lifter, name)) {
        set_input_field_text(lifter, setup, nullptr, name, value);
      } else {  // what analyze takes, for the hint and the list: not the plan's setup fields
        std::vector<std::string> allowed = names;
        allowed.insert(allowed.end(), kFilmedSetupFields.begin(), kFilmedSetupFields.end());
        for (std::string& n : field_names(lifter)) allowed.push_back(std::move(n));
        throw InputError(name, "\"" + value + "\"",
                         unknown_field_message("lifter, filmed-lift or analysis", name, allowed));
      }
    }
    std::optional<OutputTarget> target;
    const std::vector<std::string> inputs = {ana_lifter.file(), recording_path};
    if (ana_out) target = check_output_target(*ana_out, ana_force, inputs);
    const Analysis analysis = analyze_file(recording_path, lifter, setup, options);
    if (target) save_result(analysis.result, *target);
    if (ana_json) {
      out << analysis_json(analysis.result, analysis.report) << "\n";
    } else {
      out << analysis_text(analysis.report) << "\n" << summary_text(analysis.result);
      if (target) out << "\nresult written to " << *ana_out << "\n";
    }
    return kExitOk;
  }
  if (*sweep_cmd) {
    if (chunk_rows && !scheduler) {
      throw InputError("--chunk-rows", *chunk_rows, "only with --scheduler (a sweep on Dask)");
    }
    if (scheduler) {
      throw InputError("--scheduler", *scheduler,
                       "a sweep on Dask runs in the Python package: run the spineload binary "
                       "or python -m spineload with the same arguments");
    }
    SweepSpec spec = load_sweep_spec(spec_path);
    if (sweep_series) spec.options.store_series = true;
    const double limit = whole_number("--max-pulls", max_pulls, 1, 1e18);
    const SweepLimits limits{.max_pulls = static_cast<std::size_t>(limit)};
    check_spec(spec, limits);
    const std::vector<std::string> inputs = {spec_path};
    SweepFileOptions file_options{
        .force = sweep_force, .resume = resume, .inputs = inputs, .limits = limits};
    file_options.run.threads = resolve_threads(
        static_cast<long long>(whole_number("--threads", threads, -1e18, 1e18)), "--threads");
    const bool show_progress = stderr_is_terminal(err);
    const auto start = std::chrono::steady_clock::now();
    std::size_t first_done = 0;
    bool first_report = true;
    file_options.run.on_progress = [&](std::size_t done, std::size_t total) {
      if (first_report) {
        first_done = done - std::min(done, std::size_t{1});
        first_report = false;
      }
      if (!show_progress) return;
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const double rate_per_s = (done - first_done) / std::max(elapsed, 1e-9);
      const int width = 30;
      const int filled = static_cast<int>(width * done / std::max<std::size_t>(total, 1));
      char line[160];
      std::snprintf(line, sizeof line, "\r[%s%s] %zu/%zu %s  %.0f/s  ETA %s ",
                    std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                    done, total, spec.uncertainty.samples > 0 ? "rows" : "pulls", rate_per_s,
                    eta_text((total - done) / std::max(rate_per_s, 1e-9)).c_str());
      err << line << std::flush;
    };
    InterruptGuard guard;
    file_options.run.should_stop = [] { return g_interrupted.load(); };
    const SweepCounts counts = run_sweep_to_hdf5(spec, *sweep_out, file_options);
    if (show_progress) err << "\n";
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (counts.interrupted) {
      err << one_line("spineload: interrupted after " + std::to_string(counts.rows) + " of " +
                      std::to_string(spec.size()) + " pulls; the finished rows are in " +
                      *sweep_out + ".partial; run the same command with --resume to complete it")
          << "\n";
      return kExitInterrupted;
    }
    const std::string banded = spec.uncertainty.samples > 0
                                   ? " (each with the 5-95% bands of " +
                                         std::to_string(spec.uncertainty.samples) + " samples)"
                                   : "";
    char line[400];
    std::snprintf(line, sizeof line,
                  "%zu pulls%s in %.2f s: %zu completed, %zu failed (summary/status says why), "
                  "%zu impossible setups (error) -> %s\n",
                  spec.size(), banded.c_str(), elapsed, counts.completed, counts.failed,
                  counts.errors, sweep_out->c_str());
    out << line;
    if (resume) {
      out << "resumed: " << counts.resumed << " pulls were already in the file, "
          << spec.size() - counts.resumed << " ran now\n";
    }
    return kExitOk;
  }
  if (*max_cmd) {
    Lifter lifter = max_lifter.make();
    Setup setup = load_setup(max_setup);
    SimulationOptions options;
    apply_assignments(max_assignments, lifter, setup, options);
    const OneRepMax max = one_rep_max(lifter, setup, options);
    out << (max_json ? one_rep_max_json(max) + "\n" : one_rep_max_text(max));
    return max.load > 0 ? kExitOk : kExitPullFailed;
  }
  if (*session_cmd) {
    Lifter lifter = ses_lifter.make();
    Setup setup = load_setup(ses_setup);
    SimulationOptions options;
    if (ses_load) set_field_text(setup, "load", *ses_load);
    for (const auto& [name, text] : ses_fields) {
      if (!text.empty()) set_field_text(ses_plan, name, text);
    }
    if (ses_tempo) {
      const auto bad = [&](const std::string& why) {
        return InputError("--tempo", "\"" + *ses_tempo + "\"", why);
      };
      if (!ses_fields["pause"].empty()) throw bad("gives the pause already: drop --pause");
      for (const std::string& assignment : ses_assignments) {  // --set would replace it silently
        const std::string name = assignment.substr(0, assignment.find('='));
        if (name == "duration" || name == "lowering_duration") {
          throw bad("gives duration and lowering_duration already: drop --set " + name);
        }
      }
      const std::array<double, 3> seconds = parse_tempo(*ses_tempo, "--tempo");
      set_field(setup, "duration", seconds[0]);
      set_field(setup, "lowering_duration", seconds[1]);
      set_field(ses_plan, "pause", seconds[2]);
    }
    apply_assignments(ses_assignments, lifter, setup, options);
    std::optional<OutputTarget> target;
    const std::vector<std::string> inputs = {ses_lifter.file(),
                                             is_file_name(ses_setup) ? ses_setup : ""};
    if (ses_out) target = check_output_target(*ses_out, ses_force, inputs);
    bool program = false;
    for (const auto& [name, text] : program_fields) {
      if (text.empty()) continue;
      set_field_text(ses_program, name, text);
      program = true;
    }
    if (program) {
      const ProgramResult result = run_program(lifter, setup, ses_plan, ses_program, options);
      if (target) save_program(result, *target);
      out << (ses_json ? program_json(result) + "\n" : program_text(result));
      if (target && !ses_json) out << "program written to " << *ses_out << "\n";
      return result.completed ? kExitOk : kExitPullFailed;
    }
    const SessionResult result = run_session(lifter, setup, ses_plan, options);
    if (target) save_session(result, *target);
    out << (ses_json ? session_json(result) + "\n" : session_text(result));
    if (target && !ses_json) out << "session written to " << *ses_out << "\n";
    return result.completed ? kExitOk : kExitPullFailed;
  }
  if (*model_cmd) {
    const double load = parse_decimal("--load", model_load);
    Model model;
    if (model_setup.empty()) {
      model = make_model(mdl_lifter.make(), load);
    } else {
      Setup setup = load_setup(model_setup);
      if (model_load_option->count() > 0) setup.load = load;  // --load overrides the setup's
      validate_fields(setup);
      model = model_for_setup(mdl_lifter.make(), setup);
    }
    out << (model_json_flag ? model_json(model) + "\n" : model_text(model));
    return kExitOk;
  }
  if (*plot_cmd) {
    throw InputError("subcommand", "plot",
                     "draws with matplotlib, in the Python package: run `python -m spineload "
                     "plot` or the spineload binary");
  }
  if (*presets_cmd) {
    // each name with what its file says it is
    auto list = [&](const char* title, const std::vector<std::string>& names, auto describe) {
      out << title << "\n";
      for (const auto& n : names) {
        out << "  " << n << std::string(n.size() < 20 ? 20 - n.size() : 1, ' ') << describe(n)
            << "\n";
      }
    };
    list("lifters (--lifter NAME):", lifter_preset_names(), lifter_preset_description);
    list("setups (--setup NAME, compare NAME):", setup_preset_names(), setup_preset_description);
    return kExitOk;
  }
  return kExitOk;
}

}  // namespace

int run_command_line(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    return run(args, out, err);
  } catch (const InputError& e) {
    err << "spineload: error: " << e.what() << "\n";
    return kExitInputError;
  } catch (const IoError& e) {
    err << "spineload: cannot read or write a file: " << one_line(e.what()) << "\n";
    return kExitIoError;
  } catch (const std::exception& e) {
    err << "spineload: failed: " << one_line(e.what()) << "\n";
    return kExitInternal;
  }
}

}  // namespace spineload
