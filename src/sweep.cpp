// The sweep engine: a spec expanded in one place, one thread pool over chunks, rows in order.
#include "spineload/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <thread>

#include "detail/toml_input.hpp"
#include "spineload/config.hpp"
#include "spineload/error.hpp"
#include "spineload/simulate.hpp"
#include "spineload/uncertainty.hpp"

namespace spineload {

namespace {

constexpr std::size_t kRowsPerThreadAndChunk = 128;
constexpr std::size_t kMaxAxisValues = 100'000'000;  // a range that long is a typo
// rough figures for the size estimate of a refused sweep (README speed table, docs/files.md)
constexpr double kPullsPerSecondPerThread = 8000.0;
constexpr double kBytesPerRow = 180.0;

bool is_preset_axis(std::string_view field) { return field == "lifter" || field == "setup"; }

std::string text_of(const FieldValue& value, std::string_view field) {
  if (const std::string* text = std::get_if<std::string>(&value)) return *text;
  throw InputError(std::string(field), value_text(value), "expected a preset name");
}

// Applies "field = value" to whichever input owns the field; "lifter"/"setup" load a preset.
void apply(SweepCase& c, std::string_view field, const FieldValue& value) {
  if (field == "lifter") {
    c.lifter = load_lifter(text_of(value, field));
  } else if (field == "setup") {
    c.setup = load_setup(text_of(value, field));
  } else {
    static const std::string kPresetAxes[] = {"lifter", "setup"};
    set_input_field(c.lifter, c.setup, nullptr, field, value, kPresetAxes);
  }
}

// The product of the axis lengths, or nullopt when it does not fit in size_t.
std::optional<std::size_t> grid_size(const std::vector<SweepAxis>& grid) {
  std::size_t count = 1;
  for (const SweepAxis& axis : grid) {
    if (__builtin_mul_overflow(count, axis.values.size(), &count)) return std::nullopt;
  }
  return count;
}

std::string duration_text(double seconds) {
  if (seconds < 120) return format_number(std::round(seconds)) + " s";
  if (seconds < 7200) return format_number(std::round(seconds / 60)) + " min";
  if (seconds < 172800) return format_number(std::round(seconds / 3600)) + " h";
  return format_number(std::round(seconds / 86400)) + " days";
}

std::string bytes_text(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  int u = 0;
  while (bytes >= 1000 && u < 6) {
    bytes /= 1000;
    ++u;
  }
  return format_number(std::round(bytes * 10) / 10) + " " + units[u];
}

// One grid axis from TOML: a list of values, or {min, max, step} / {min, max, n}.
SweepAxis axis_from_toml(std::string_view field, const toml::node& node) {
  SweepAxis axis{std::string(field), {}};
  if (const toml::array* list = node.as_array()) {
    for (const toml::node& value : *list) {
      axis.values.push_back(detail::toml_field_value(value, field));
    }
  } else if (const toml::table* range = node.as_table()) {
    auto number = [&](std::string_view key) -> std::optional<double> {
      if (!range->contains(key)) return std::nullopt;
      const FieldValue value = detail::toml_field_value(*range->get(key), field);
      if (const double* x = std::get_if<double>(&value)) return *x;
      throw InputError(std::string(field) + "." + std::string(key), value_text(value),
                       "expected a number");
    };
    for (const auto& [key, value] : *range) {
      if (key.str() != "min" && key.str() != "max" && key.str() != "step" && key.str() != "n") {
        throw InputError(std::string(field) + "." + std::string(key.str()),
                         detail::toml_text(value), "a range has keys min, max and step or n");
      }
    }
    const auto lo = number("min"), hi = number("max"), step = number("step"), n = number("n");
    if (!lo || !hi || step.has_value() == n.has_value() || *hi < *lo) {
      throw InputError(std::string(field), detail::toml_text(node),
                       "a range is {min = A, max = B, step = S} or {min = A, max = B, n = N} "
                       "with min <= max");
    }
    double count = 0;
    if (step) {
      if (!(*step > 0)) {
        throw InputError(std::string(field) + ".step", exact_number(*step), "must be > 0");
      }
      count = std::floor((*hi - *lo) / *step + 1e-9) + 1;
    } else {
      if (!(*n >= 1) || *n != std::floor(*n)) {
        throw InputError(std::string(field) + ".n", exact_number(*n), "a whole number >= 1");
      }
      count = *n;
    }
    if (count > static_cast<double>(kMaxAxisValues)) {
      throw InputError(std::string(field), detail::toml_text(node),
                       "the range has " + format_number(count) + " values; at most " +
                           exact_number(static_cast<double>(kMaxAxisValues)));
    }
    const auto size = static_cast<std::size_t>(count);
    for (std::size_t i = 0; i < size; ++i) {
      // from the ends, not by accumulation, so max is hit exactly
      const double x = step ? *lo + static_cast<double>(i) * *step
                            : (size == 1 ? *lo : *lo + (*hi - *lo) * i / (size - 1.0));
      axis.values.emplace_back(i + 1 == size && !step ? *hi : x);
    }
  } else {
    throw InputError(std::string(field), detail::toml_text(node),
                     "a grid axis is a list of values or a range {min, max, step} / {min, max, n}");
  }
  if (axis.values.empty()) {
    throw InputError(std::string(field), "[]", "a grid axis needs at least one value");
  }
  return axis;
}

// [lifter] or [setup] of a spec, or a case's lifter/setup: a preset name, or a table with an
// optional `preset` and field overrides.
template <class Input>
void read_input_table(const toml::node& node, Input& input, std::string_view origin,
                      Input (*load)(std::string_view)) {
  if (const auto* name = node.as_string()) {
    input = load(name->get());
    return;
  }
  const toml::table* table = node.as_table();
  if (!table) {
    throw InputError(std::string(input_name(input)), detail::toml_text(node),
                     "expected a preset name or a table of fields");
  }
  if (const auto* preset = table->get("preset")) {
    const auto* name = preset->as_string();
    if (!name) throw InputError("preset", detail::toml_text(*preset), "expected a preset name");
    input = load(name->get());
  }
  detail::read_fields(*table, input, origin, /*require=*/false, {"preset"});
}

Lifter load_lifter_name(std::string_view name) { return load_lifter(name); }
Setup load_setup_name(std::string_view name) { return load_setup(name); }

std::string toml_value(const FieldValue& value) {
  if (const double* x = std::get_if<double>(&value)) {
    std::string text = exact_number(*x);
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    return text;
  }
  if (const bool* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  return detail::toml_quoted(std::get<std::string>(value));
}

}  // namespace

std::size_t SweepSpec::size() const {
  if (grid.empty()) return cases.size();
  std::size_t count = grid_size(grid).value_or(0);
  if (!lifters.empty() && __builtin_mul_overflow(count, lifters.size(), &count)) return 0;
  return count;
}

std::vector<std::string> SweepSpec::axis_names() const {
  std::vector<std::string> names;
  for (const SweepAxis& axis : grid) names.push_back(axis.field);
  return names;
}

SweepCase SweepSpec::case_at(std::size_t index) const {
  if (grid.empty()) return cases.at(index);
  SweepCase c{base_lifter, base_setup};
  if (!lifters.empty()) {
    const std::size_t per_lifter = grid_size(grid).value_or(1);
    c.lifter = lifters.at(index / per_lifter);
    index %= per_lifter;
  }
  // presets first, so that field axes override them; last axis varies fastest
  std::size_t digits[64];
  const std::size_t n = std::min<std::size_t>(grid.size(), 64);
  for (std::size_t a = n; a-- > 0;) {
    digits[a] = index % grid[a].values.size();
    index /= grid[a].values.size();
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t a = 0; a < n; ++a) {
      if (is_preset_axis(grid[a].field) == (pass == 0)) {
        apply(c, grid[a].field, grid[a].values[digits[a]]);
      }
    }
  }
  return c;
}

void check_spec(const SweepSpec& spec, const SweepLimits& limits) {
  validate_fields(spec.base_lifter);
  validate_fields(spec.base_setup);
  validate_fields(spec.options);
  if (spec.grid.size() > 64) {
    throw InputError("grid", std::to_string(spec.grid.size()) + " axes", "at most 64 axes");
  }
  if (!spec.grid.empty() && !spec.cases.empty()) {
    throw InputError("case", "(cases)", "use either a grid or a list of cases, not both");
  }
  if (!spec.lifters.empty() && spec.grid.empty()) {
    throw InputError("lifters", "(lifters)",
                     "a list of lifters goes with a grid; list cases instead");
  }
  for (const Lifter& lifter : spec.lifters) validate_fields(lifter);
  std::optional<std::size_t> size =
      spec.grid.empty() ? std::optional<std::size_t>(spec.cases.size()) : grid_size(spec.grid);
  if (size && !spec.lifters.empty()) {
    std::size_t total = 0;
    size = __builtin_mul_overflow(*size, spec.lifters.size(), &total) ? std::nullopt
                                                                      : std::optional(total);
  }
  if (!size) {
    double count = 1;
    for (const SweepAxis& axis : spec.grid) count *= static_cast<double>(axis.values.size());
    throw InputError("grid", format_number(count) + " pulls",
                     "the grid is larger than this machine can count (2^64)");
  }
  const SweepCase base{spec.base_lifter, spec.base_setup};
  for (const SweepAxis& axis : spec.grid) {
    if (axis.values.empty()) {
      throw InputError(axis.field, "[]", "a grid axis needs at least one value");
    }
    for (const FieldValue& value : axis.values) {
      SweepCase probe = base;
      apply(probe, axis.field, value);
    }
  }
  if (*size == 0) throw InputError("grid", "0 pulls", "the sweep has no pulls");
  // every sample is a pull: the rows times the samples are held to the limit
  const std::size_t per_row = spec.uncertainty.samples + 1;  // and the nominal pull
  if (spec.uncertainty.samples > 0) check_uncertainty(spec.uncertainty);
  if (static_cast<double>(*size) * static_cast<double>(per_row) >
      static_cast<double>(limits.max_pulls)) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const double pulls = static_cast<double>(*size) * static_cast<double>(per_row);
    throw InputError(
        "grid",
        exact_number(pulls) + " pulls" +
            (per_row > 1 ? " (" + exact_number(static_cast<double>(*size)) + " rows x " +
                               exact_number(static_cast<double>(per_row)) +
                               ", the nominal pull and its samples)"
                         : ""),
        "more than max_pulls = " + exact_number(static_cast<double>(limits.max_pulls)) +
            ": about " + duration_text(pulls / (kPullsPerSecondPerThread * cores)) + " on " +
            std::to_string(cores) + " cores and " +
            bytes_text(static_cast<double>(*size) * kBytesPerRow) +
            (per_row > 1 ? " of disk (more with the bands)" : " of disk") +
            " without --series; raise max_pulls (--max-pulls) to run it");
  }
}

SweepSpec sweep_spec_from_toml(std::string_view text, std::string_view origin) {
  const toml::table root = detail::parse_toml(text, origin);
  SweepSpec spec;
  // base lifter and setup first: grid probes and cases start from them
  if (const toml::node* node = root.get("lifter")) {
    read_input_table(*node, spec.base_lifter, origin, &load_lifter_name);
  }
  if (const toml::node* node = root.get("setup")) {
    read_input_table(*node, spec.base_setup, origin, &load_setup_name);
  }
  for (const auto& [key, node] : root) {
    const std::string_view k = key.str();
    if (k == "lifter" || k == "setup") continue;
    if (k == "options") {
      const toml::table* table = node.as_table();
      if (!table)
        throw InputError("options", detail::toml_text(node), "expected a table [options]");
      detail::read_fields(*table, spec.options, origin, /*require=*/false);
    } else if (k == "grid") {
      const toml::table* table = node.as_table();
      if (!table) throw InputError("grid", detail::toml_text(node), "expected a table [grid]");
      // toml++ keeps keys sorted; the file's order (last axis fastest) is the source order
      std::vector<std::pair<std::string_view, const toml::node*>> axes;
      for (const auto& [name, values] : *table) axes.emplace_back(name.str(), &values);
      std::stable_sort(axes.begin(), axes.end(), [](const auto& a, const auto& b) {
        const auto &x = a.second->source().begin, &y = b.second->source().begin;
        return x.line != y.line ? x.line < y.line : x.column < y.column;
      });
      for (const auto& [name, values] : axes) spec.grid.push_back(axis_from_toml(name, *values));
    } else if (k == "lifters") {
      const toml::array* list = node.as_array();
      if (!list)
        throw InputError("lifters", detail::toml_text(node), "expected [[lifters]] tables");
      for (const toml::node& item : *list) {
        Lifter lifter = spec.base_lifter;
        read_input_table(item, lifter, origin, &load_lifter_name);
        spec.lifters.push_back(std::move(lifter));
      }
    } else if (k == "case") {
      const toml::array* list = node.as_array();
      if (!list) throw InputError("case", detail::toml_text(node), "expected [[case]] tables");
      for (const toml::node& item : *list) {
        const toml::table* table = item.as_table();
        if (!table) throw InputError("case", detail::toml_text(item), "expected [[case]] tables");
        SweepCase c{spec.base_lifter, spec.base_setup};
        if (const toml::node* l = table->get("lifter")) {
          read_input_table(*l, c.lifter, origin, &load_lifter_name);
        }
        if (const toml::node* s = table->get("setup")) {
          read_input_table(*s, c.setup, origin, &load_setup_name);
        }
        for (const auto& [name, value] : *table) {
          if (name.str() == "lifter" || name.str() == "setup") continue;
          apply(c, name.str(), detail::toml_field_value(value, name.str()));
        }
        spec.cases.push_back(std::move(c));
      }
    } else if (k == "uncertainty") {
      spec.uncertainty = uncertainty_from_toml(text, origin);  // 100 samples unless given
    } else {
      const std::vector<std::string> keys = {"lifter", "setup",   "options",    "grid",
                                             "case",   "lifters", "uncertainty"};
      const std::string hint = closest_name(k, keys);
      throw InputError(std::string(k), detail::toml_text(node),
                       "unknown key in " + std::string(origin) +
                           (hint.empty() ? "" : "; did you mean " + hint + "?") +
                           " allowed: lifter, setup, options, grid, case, lifters, uncertainty");
    }
  }
  if (!spec.grid.empty() && !spec.cases.empty()) {
    throw InputError("case", "[[case]]", "use either [grid] or [[case]], not both");
  }
  if (spec.grid.empty() && spec.cases.empty()) {
    throw InputError("spec", std::string(origin),
                     "the file has no [grid] and no [[case]] tables: nothing to run");
  }
  return spec;
}

SweepSpec load_sweep_spec(const std::string& path) {
  return sweep_spec_from_toml(read_input_file(path, "spec"), path);
}

std::string to_toml(const SweepSpec& spec) {
  auto section = [](const std::string& name, const std::string& body) {
    return "[" + name + "]\n" + body + "\n";
  };
  std::string out = section("lifter", to_toml(spec.base_lifter)) +
                    section("setup", to_toml(spec.base_setup)) +
                    section("options", to_toml(spec.options));
  if (!spec.grid.empty()) {
    out += "[grid]\n";
    for (const SweepAxis& axis : spec.grid) {
      out += axis.field + " = [";
      for (std::size_t i = 0; i < axis.values.size(); ++i) {
        if (i > 0) out += ", ";
        out += toml_value(axis.values[i]);
      }
      out += "]\n";
    }
  }
  for (const Lifter& lifter : spec.lifters) out += "\n[[lifters]]\n" + to_toml(lifter);
  for (const SweepCase& c : spec.cases) {
    out += "\n[[case]]\n[case.lifter]\n" + to_toml(c.lifter) + "[case.setup]\n" + to_toml(c.setup);
  }
  if (spec.uncertainty.samples > 0) out += "\n" + to_toml(spec.uncertainty);
  return out;
}

unsigned resolve_threads(long long requested, std::string_view field) {
  if (requested < 0 || requested > kMaxThreads) {
    throw InputError(std::string(field), std::to_string(requested),
                     "allowed 0 (every core, " +
                         std::to_string(std::max(1u, std::thread::hardware_concurrency())) +
                         " here) to " + std::to_string(kMaxThreads));
  }
  if (requested == 0) return std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(requested);
}

SweepCounts run_sweep(const SweepSpec& spec, const SweepRun& run, SweepSink& sink) {
  const std::size_t total = std::min(spec.size(), run.end);
  const unsigned threads = std::max(1u, run.threads);
  // a banded row is the nominal pull and all its samples: one row per thread and chunk, so
  // progress, Ctrl-C and the file's flushes come every few seconds, not every few minutes
  const std::size_t rows_per_thread = spec.uncertainty.samples > 0 ? 1 : kRowsPerThreadAndChunk;
  const std::size_t chunk = run.chunk_rows ? run.chunk_rows : rows_per_thread * threads;
  std::vector<SweepRow> rows(std::min(chunk, total - std::min(run.first, total)));
  const SimulationOptions& options = spec.options;

  // per worker: a model kept while consecutive cases share the lifter (a sweep over loads or
  // setups builds it once), and a result buffer for rows that keep no series
  struct Worker {
    std::optional<Model> model;
    Result buffer;
  };
  std::vector<Worker> workers(threads);
  // banded rows run their samples on one thread each, side by side; fewer rows than threads
  // share the rest out among their samples (one setup with 1,000 samples uses every thread)
  const std::size_t rows_to_run = total - std::min(run.first, total);
  const unsigned sample_threads =
      rows_to_run > 0 && rows_to_run < threads ? threads / static_cast<unsigned>(rows_to_run) : 1;
  auto simulate_row = [&](Worker& worker, SweepRow& row) {
    row.error.clear();
    row.summary = Summary{};
    row.result.samples = 0;
    row.banded = spec.uncertainty.samples > 0;
    row.bands.clear();
    try {
      row.input = spec.case_at(row.index);
      if (row.banded) {  // the nominal pull and its samples
        UncertainPull pull = simulate_with_uncertainty(row.input.lifter, row.input.setup,
                                                       spec.uncertainty, options, sample_threads);
        row.summary = pull.nominal.summary;
        row.input.setup.load = pull.nominal.setup.load;
        if (options.store_series) row.result = std::move(pull.nominal);
        row.bands = std::move(pull.bands);
        return;
      }
      if (!worker.model || worker.model->lifter != row.input.lifter) {
        worker.model.reset();
        worker.model = make_model(row.input.lifter);
      }
      // the arms and stance of this row's setup, once, not a copy in every pull
      if (!fits_setup(*worker.model, row.input.setup)) {
        worker.model = model_for_setup(*worker.model, row.input.setup);
      }
      Result& out = options.store_series ? row.result : worker.buffer;
      simulate_into(*worker.model, row.input.setup, options, out);
      row.summary = out.summary;
      row.input.setup.load = out.setup.load;  // kilograms, also when given as a percentage
    } catch (const InputError& e) {
      row.error = e.what();
      row.summary.status = "error: " + row.error;
    }
  };

  SweepCounts counts;
  counts.rows = run.first;
  // Rows reach the sink one chunk behind: while the pool simulates a chunk, the calling
  // thread first hands the previous chunk to the sink (a file compresses and writes it, about
  // a seventh of a pull's time), then joins the pool. So writing no longer idles the cores
  // (two chunks of rows are held: with --series, twice the memory). A banded row is a whole
  // uncertainty run: its chunk is delivered, and a stop asked for, before the next starts, so
  // Ctrl-C never waits for rows it would drop.
  const bool overlap = spec.uncertainty.samples == 0;
  std::vector<SweepRow> delivering(rows.size());
  std::size_t pending = 0;  // rows of the previous chunk not yet delivered
  auto deliver = [&] {      // true: should_stop asked to stop after these rows
    for (std::size_t i = 0; i < pending; ++i) {
      counts.add(delivering[i]);
      sink.row(delivering[i]);
    }
    counts.rows += pending;
    pending = 0;
    sink.chunk_done(counts.rows);
    if (run.on_progress) run.on_progress(counts.rows, total);
    return counts.rows < total && run.should_stop && run.should_stop();
  };
  for (std::size_t first = run.first; first < total; first += chunk) {
    const std::size_t count = std::min(chunk, total - first);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> abandon{false};  // a worker threw, or the sweep stops before this chunk
    std::exception_ptr failure;
    auto work = [&](unsigned w) {
      try {
        for (std::size_t i; !abandon && (i = next.fetch_add(1)) < count;) {
          rows[i].index = first + i;
          simulate_row(workers[w], rows[i]);
        }
      } catch (...) {
        if (!abandon.exchange(true)) failure = std::current_exception();
      }
    };
    bool stop = false;
    std::exception_ptr delivery_failure;
    if (pending > 0 && !overlap && deliver()) {
      counts.interrupted = true;
      return counts;
    }
    {
      std::vector<std::jthread> pool;  // joined at the end of this block, whatever happens
      const unsigned used = static_cast<unsigned>(std::min<std::size_t>(threads, count));
      for (unsigned w = 1; w < used; ++w) pool.emplace_back(work, w);
      if (pending > 0) {
        try {
          stop = deliver();
        } catch (...) {
          delivery_failure = std::current_exception();
        }
        if (stop || delivery_failure) abandon = true;
      }
      work(0);
    }
    if (delivery_failure) std::rethrow_exception(delivery_failure);
    if (failure) std::rethrow_exception(failure);
    if (stop) {  // this chunk's rows are dropped; a resumed sweep runs them again
      counts.interrupted = true;
      return counts;
    }
    std::swap(rows, delivering);
    pending = count;
  }
  if (pending > 0) deliver();  // the last chunk: nothing is left to stop
  return counts;
}

}  // namespace spineload
