// Uncertainty bands (docs/model.md, section 9): samples of the uncertain inputs, run through
// the sweep engine, summarised as median and 5-95 % band.
#include "spineload/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numbers>
#include <sstream>

#include "spineload/error.hpp"
#include "spineload/model.hpp"
#include "spineload/simulate.hpp"
#include "detail/toml_input.hpp"

namespace spineload {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A counter-based generator: the draw of (seed, sample, input) does not depend on the order
// or the thread the samples run in (SplitMix64, Steele, Lea & Flood 2014).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The stream of an input: its field's name (FNV-1a), so adding, removing or reordering other
// spreads leaves its draws as they were.
std::uint64_t stream_of(std::string_view field) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (char c : field) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  return h;
}

// A uniform number in (0, 1) for one stream.
double uniform(std::uint64_t seed, std::size_t sample, std::uint64_t input, std::uint64_t stream) {
  const std::uint64_t bits =
      mix(mix(mix(seed) ^ static_cast<std::uint64_t>(sample)) ^ mix(input + stream));
  return (static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53;
}

// A standard normal number cut at 3 (Box-Muller from two streams; beyond 3 sd is held at 3).
double normal(std::uint64_t seed, std::size_t sample, std::uint64_t input) {
  const double u1 = uniform(seed, sample, input, 1), u2 = uniform(seed, sample, input, 2);
  const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  return std::clamp(z, -3.0, 3.0);
}

// The value an input has for this lifter: a field left at 0 ("the table") resolved through
// the scaled model.
double resolved(const Lifter& lifter, const Model& model, std::string_view field, double value) {
  if (value != 0.0) return value;
  const double h = lifter.height;
  if (field == "foot_ratio") return model.foot.length / h;
  if (field == "shank_ratio") return model.segments[kShank].length / h;
  if (field == "thigh_ratio") return model.segments[kThigh].length / h;
  if (field == "torso_ratio")
    return (model.segments[kPelvis].length + model.segments[kTrunk].length) / h;
  if (field == "arm_ratio") return model.segments[kArm].length / h;
  if (field == "l4l5_fraction") return model.l4l5_fraction;
  if (field == "extensor_moment_arm") return model.spine.extensor_moment_arm;
  if (field == "extensor_angle_deg") return model.spine.extensor_angle * 180.0 / std::numbers::pi;
  if (field == "passive_moment_max") return model.spine.passive_moment_max;
  if (field == "lumbar_flexion_range_deg") {
    return model.spine.lumbar_flexion_range * 180.0 / std::numbers::pi;
  }
  if (field == "passive_moment_arm") return model.spine.passive_moment_arm;
  if (field == "iap_moment_arm") return model.spine.iap_moment_arm;
  if (field == "iap_area") return model.spine.iap_area;
  return value;
}

// Applies one spread to whichever of lifter and setup has the field.
template <class Input>
bool apply(Input& input, const InputSpread& s, double draw, const Lifter* lifter,
           const Model* model) {
  bool found = false;
  for_each_field(input, [&](auto& value, const FieldInfo& info) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, double>) {
      if (info.name != s.field) return;
      found = true;
      if (lifter == nullptr && info.zero_means_table && value == 0.0) {
        // a setup's 0 is a choice (stance_width: each ankle under its hip), not a value
        throw InputError("uncertainty.inputs." + s.field, "0",
                         "the setup's value is 0 (" + std::string(info.zero_meaning) +
                             "): give it a value to spread");
      }
      const double base = lifter != nullptr ? resolved(*lifter, *model, info.name, value) : value;
      double v = s.how == "scale" ? base * draw : base + draw;
      v = std::clamp(v, info.min, info.max);
      if (info.integer) v = std::round(v);
      // a field whose 0 means "the table" must not read a drawn 0 as the table
      if (info.zero_means_table && v == 0.0) v = 1e-9;
      value = v;
    }
  });
  return found;
}

bool numeric_field_of(const auto& input, std::string_view name) {
  bool found = false;
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, double>) found = found || info.name == name;
  });
  return found;
}

double quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double x = p * static_cast<double>(sorted.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(x));
  const std::size_t j = std::min(i + 1, sorted.size() - 1);
  return sorted[i] + (x - static_cast<double>(i)) * (sorted[j] - sorted[i]);
}

double summary_value(const Summary& s, std::string_view field) {
  double out = kNaN;
  for_each_summary_field(s, [&](const char* name, const auto& value, const char*) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, double>) {
      if (field == name) out = value;
    }
  });
  return out;
}

}  // namespace

Uncertainty default_uncertainty(std::size_t samples, std::uint64_t seed) {
  Uncertainty u;
  u.samples = samples;
  u.seed = seed;
  // docs/model.md 9.1 gives each with its source
  u.inputs = {
      {"balance_point", "shift", -0.02, 0.02, 0,
       "modelling choice: the range of docs/model.md 4.4 over which balance, not the shins, "
       "places the hips"},
      {"thigh_ratio", "scale", 0, 0, 0.03,
       "ANSUR II men: buttock-knee length CV 4.9 %, stature 3.9 %, correlation 0.8 assumed"},
      {"shank_ratio", "scale", 0, 0, 0.035,
       "ANSUR II men: knee height CV 5.8 %, stature 3.9 %, correlation 0.8 assumed"},
      {"torso_ratio", "scale", 0, 0, 0.025,
       "ANSUR II men: sitting height CV 3.9 %, stature 3.9 %, correlation 0.8 assumed"},
      {"extensor_moment_arm", "scale", 0, 0, 0.088,
       "McGill, Patt & Norman 1988: erector moment arm at L4/L5 5.90 +- 0.52 cm, 13 men"},
      {"strength", "scale", 0, 0, 0.19,
       "Stebbings et al. 2014: isometric knee extension torque CV 18.9 %, 73 men"},
  };
  return u;
}

void check_uncertainty(const Uncertainty& u) {
  if (u.samples < 1 || u.samples > 1'000'000) {
    throw InputError("uncertainty.samples", std::to_string(u.samples), "allowed 1 to 1000000");
  }
  for (std::size_t i = 0; i < u.inputs.size(); ++i) {
    const InputSpread& s = u.inputs[i];
    const std::string key = "uncertainty.inputs." + s.field;
    if (!numeric_field_of(Lifter{}, s.field) && !numeric_field_of(Setup{}, s.field)) {
      throw InputError(key, "\"" + s.field + "\"", "not a numeric lifter or setup field");
    }
    if (s.field == "body_fat") {
      throw InputError(key, s.field,
                       "its table value is not known before the model: set body_fat "
                       "and spread it with shift");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (u.inputs[j].field == s.field) throw InputError(key, s.field, "given twice");
    }
    if (s.field == "load" || s.field == "load_percent") {
      throw InputError(key, s.field,
                       "the load is what a pull is asked to lift, not an uncertain input");
    }
    if (s.how != "scale" && s.how != "shift") {
      throw InputError(key, "\"" + s.how + "\"", "expected scale or shift");
    }
    if (!std::isfinite(s.lo) || !std::isfinite(s.hi) || !std::isfinite(s.sd) || s.sd < 0 ||
        s.lo > s.hi) {
      throw InputError(
          key, "[" + exact_number(s.lo) + ", " + exact_number(s.hi) + "], sd " + exact_number(s.sd),
          "a range [lo, hi] with lo <= hi, or an sd >= 0");
    }
    if (s.how == "scale" && s.sd == 0 && s.lo <= 0) {
      throw InputError(key, "scale = [" + exact_number(s.lo) + ", " + exact_number(s.hi) + "]",
                       "a scale must stay above 0");
    }
    if (s.how == "scale" && s.sd >= 1.0 / 3.0) {
      throw InputError(key, "scale_sd = " + exact_number(s.sd),
                       "below 1/3, so that 3 sd stay above 0");
    }
  }
}

Uncertainty uncertainty_from_toml(std::string_view text, std::string_view origin) {
  const toml::table root = detail::parse_toml(text, origin);
  const toml::table* table = root["uncertainty"].as_table();
  if (table == nullptr) {
    throw InputError("uncertainty", "(missing)", "a table [uncertainty] in " + std::string(origin));
  }
  Uncertainty u = default_uncertainty();
  for (const auto& [key, node] : *table) {
    const std::string k(key.str());
    if (k == "samples" || k == "seed") {
      const auto value = node.value<std::int64_t>();
      if (!value || *value < 0) {
        throw InputError("uncertainty." + k, detail::toml_text(node), "a whole number >= 0");
      }
      if (k == "samples") {
        u.samples = static_cast<std::size_t>(*value);
      } else {
        u.seed = static_cast<std::uint64_t>(*value);
      }
    } else if (k == "defaults") {
      const auto value = node.value<bool>();
      if (!value)
        throw InputError("uncertainty.defaults", detail::toml_text(node), "true or false");
      if (!*value) u.inputs.clear();
    } else if (k != "inputs") {
      throw InputError("uncertainty." + k, detail::toml_text(node),
                       "not a key of [uncertainty]: samples, seed, defaults, inputs");
    }
  }
  if (table->contains("inputs") && (*table)["inputs"].as_table() == nullptr) {
    throw InputError("uncertainty.inputs", detail::toml_text(*(*table)["inputs"].node()),
                     "a table of field = {scale = [lo, hi]} ...");
  }
  if (const toml::table* inputs = (*table)["inputs"].as_table()) {
    for (const auto& [key, node] : *inputs) {
      const std::string field(key.str());
      const std::string where = "uncertainty.inputs." + field;
      const toml::table* spec = node.as_table();
      if (spec == nullptr) {
        throw InputError(where, detail::toml_text(node),
                         "expected {scale = [lo, hi]}, {shift = [lo, hi]}, {scale_sd = x} or "
                         "{shift_sd = x}");
      }
      // the same words whatever the path: a sweep file records them and --resume compares
      InputSpread s{field, "", 0, 0, 0, "given in an [uncertainty] table"};
      for (const auto& [name, value] : *spec) {
        const std::string n(name.str());
        const bool spread = n == "scale" || n == "shift" || n == "scale_sd" || n == "shift_sd";
        if (spread && !s.how.empty()) {
          throw InputError(where + "." + n, detail::toml_text(value),
                           "one spread per field (this one already has " + s.how + ")");
        }
        if (n == "scale" || n == "shift") {
          const toml::array* range = value.as_array();
          if (range == nullptr || range->size() != 2 || !(*range)[0].is_number() ||
              !(*range)[1].is_number()) {
            throw InputError(where + "." + n, detail::toml_text(value), "expected [lo, hi]");
          }
          s.how = n;
          s.lo = (*range)[0].value<double>().value_or(kNaN);
          s.hi = (*range)[1].value<double>().value_or(kNaN);
        } else if (n == "scale_sd" || n == "shift_sd") {
          const auto sd = value.value<double>();
          if (!sd) throw InputError(where + "." + n, detail::toml_text(value), "a number");
          s.how = n.substr(0, 5);
          s.sd = *sd;
        } else if (n == "source") {
          s.source = value.value<std::string>().value_or("");
        } else {
          throw InputError(where + "." + n, detail::toml_text(value),
                           "expected scale, shift, scale_sd, shift_sd or source");
        }
      }
      if (s.how.empty()) {
        throw InputError(where, detail::toml_text(node),
                         "needs scale, shift, scale_sd or shift_sd");
      }
      // a field given replaces its default
      std::erase_if(u.inputs, [&](const InputSpread& d) { return d.field == field; });
      u.inputs.push_back(s);
    }
  }
  check_uncertainty(u);
  return u;
}

Uncertainty load_uncertainty(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return uncertainty_from_toml(text.str(), path);
}

Uncertainty uncertainty_for(const std::string& file, std::optional<std::size_t> samples,
                            std::optional<std::uint64_t> seed) {
  Uncertainty u = file.empty() ? default_uncertainty() : load_uncertainty(file);
  if (samples) u.samples = *samples;
  if (seed) u.seed = *seed;
  check_uncertainty(u);
  return u;
}

std::string to_toml(const Uncertainty& u) {
  auto number = [](double x) {  // exactly, and always a TOML float
    std::string text = exact_number(x);
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    return text;
  };
  std::string out = "[uncertainty]\nsamples = " + std::to_string(u.samples) +
                    "\nseed = " + std::to_string(u.seed) + "\ndefaults = false\n";
  if (u.inputs.empty()) return out;
  out += "[uncertainty.inputs]\n";
  // by field name, as a TOML reader lists them: the text is the same after a round trip (the
  // draws do not depend on the order: each input has its own stream)
  std::vector<InputSpread> inputs = u.inputs;
  std::sort(inputs.begin(), inputs.end(),
            [](const InputSpread& a, const InputSpread& b) { return a.field < b.field; });
  for (const InputSpread& s : inputs) {
    out += s.field + " = {" +
           (s.sd > 0 ? s.how + "_sd = " + number(s.sd)
                     : s.how + " = [" + number(s.lo) + ", " + number(s.hi) + "]") +
           ", source = " + detail::toml_quoted(s.source) + "}\n";
  }
  return out;
}

namespace {

// Sample k, with the lifter's model at hand for the table values of fields left at 0.
SweepCase draw_sample(const Lifter& lifter, const Model& model, const Setup& setup,
                      const Uncertainty& u, std::size_t k) {
  SweepCase out{lifter, setup};
  for (const InputSpread& s : u.inputs) {
    const double centre = s.how == "scale" ? 1.0 : 0.0;
    const std::uint64_t stream = stream_of(s.field);
    const double draw = s.sd > 0 ? centre + s.sd * normal(u.seed, k, stream)
                                 : s.lo + (s.hi - s.lo) * uniform(u.seed, k, stream, 0);
    if (!apply(out.lifter, s, draw, &lifter, &model)) apply(out.setup, s, draw, nullptr, nullptr);
  }
  return out;
}

}  // namespace

SweepCase draw_sample(const Lifter& lifter, const Setup& setup, const Uncertainty& u,
                      std::size_t k) {
  return draw_sample(lifter, make_model(lifter), setup, u, k);
}

Band band_of(std::string_view field, std::string_view unit, double nominal,
             std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  std::sort(values.begin(), values.end());
  Band b{std::string(field),    std::string(unit),      nominal,      quantile(values, 0.05),
         quantile(values, 0.5), quantile(values, 0.95), values.size()};
  return b;
}

UncertainPull simulate_with_uncertainty(const Lifter& lifter, const Setup& setup,
                                        const Uncertainty& u, const SimulationOptions& options,
                                        unsigned threads) {
  check_uncertainty(u);
  UncertainPull out;
  out.nominal = simulate(lifter, setup, options);  // validates the inputs
  out.samples = u.samples;
  SweepSpec spec;
  spec.base_lifter = lifter;
  spec.base_setup = setup;
  spec.options = options;
  spec.options.store_series = false;
  spec.cases.reserve(u.samples);
  const Model model = make_model(lifter);  // once: every sample starts from its table values
  for (std::size_t k = 0; k < u.samples; ++k) {
    spec.cases.push_back(draw_sample(lifter, model, setup, u, k));
  }
  struct Collect : SweepSink {
    UncertainPull& out;
    explicit Collect(UncertainPull& o) : out(o) {}
    void row(SweepRow& row) override {
      out.sample_summaries.push_back(row.summary);
      out.sample_ok.push_back(row.error.empty());
      if (!row.error.empty()) {
        ++out.errors;
      } else if (row.summary.completed) {
        ++out.completed;
      } else {
        ++out.failed;
      }
    }
  } sink(out);
  if (u.samples > 0) run_sweep(spec, {.threads = std::max(1u, threads)}, sink);
  for_each_summary_field(out.nominal.summary,
                         [&](const char* name, const auto& value, const char* unit) {
                           using T = std::decay_t<decltype(value)>;
                           if constexpr (std::is_same_v<T, double>) {
                             std::vector<double> values;
                             for (std::size_t k = 0; k < out.sample_summaries.size(); ++k) {
                               if (out.sample_ok[k])
                                 values.push_back(summary_value(out.sample_summaries[k], name));
                             }
                             out.bands.push_back(band_of(name, unit, value, std::move(values)));
                           }
                         });
  return out;
}

std::string difference_verdict(const Band& d, std::size_t samples) {
  if (samples < kMinSamplesForVerdict || 10 * d.count < 9 * samples) return "";
  return d.p05 > 0 || d.p95 < 0 ? "differs" : "within";
}

Band difference_band(const UncertainPull& setup, const UncertainPull& reference,
                     std::string_view field) {
  std::vector<double> values;
  const std::size_t n = std::min(setup.sample_summaries.size(), reference.sample_summaries.size());
  for (std::size_t k = 0; k < n; ++k) {
    if (!setup.sample_ok[k] || !reference.sample_ok[k]) continue;
    values.push_back(summary_value(setup.sample_summaries[k], field) -
                     summary_value(reference.sample_summaries[k], field));
  }
  std::string unit;
  for (const Band& b : setup.bands) {
    if (b.field == field) unit = b.unit;
  }
  return band_of(
      field, unit,
      summary_value(setup.nominal.summary, field) - summary_value(reference.nominal.summary, field),
      std::move(values));
}

}  // namespace spineload
