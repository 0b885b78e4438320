// Sweeps: many pulls on threads, rows in order, streamed to HDF5 with flat memory.
#include "spineload/sweep.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

#include <toml++/toml.h>

#include "detail/hdf5.hpp"
#include "spineload/config.hpp"
#include "spineload/error.hpp"
#include "spineload/simulate.hpp"

namespace spineload {

namespace {

constexpr std::size_t kRowsPerThreadAndBatch = 128;  // batch = this x threads rows
constexpr hsize_t kChunkRows = 4096;                  // HDF5 chunk, rows
constexpr unsigned kDeflateLevel = 4;
constexpr std::size_t kSeriesFlushSamples = 1 << 16;  // samples buffered per series column

template <class Input>
bool has_field(const Input& input, std::string_view name) {
  bool found = false;
  for_each_field(input, [&](const auto&, const FieldInfo& info) { found |= info.name == name; });
  return found;
}

// Applies "field = value" to whichever input owns the field; "lifter"/"setup" load a preset.
void apply(SweepCase& c, std::string_view field, std::string_view value) {
  if (field == "lifter") {
    c.lifter = load_lifter(value);
  } else if (field == "setup") {
    c.setup = load_setup(value);
  } else if (has_field(c.setup, field)) {
    set_field(c.setup, field, value);
  } else if (has_field(c.lifter, field)) {
    set_field(c.lifter, field, value);
  } else {
    throw InputError(std::string(field), std::string(value), "not a lifter or setup field");
  }
}

std::string node_value_text(const toml::node& node) {
  if (auto s = node.as_string()) return s->get();
  std::ostringstream out;
  node.visit([&](const auto& value) { out << value; });
  return out.str();
}

// A table with an optional `preset` key and field overrides, as text pairs.
void apply_table(SweepCase& c, const toml::table& table, std::string_view kind) {
  if (auto preset = table["preset"].value<std::string>()) apply(c, kind, *preset);
  for (const auto& [key, node] : table) {
    if (key.str() == "preset") continue;
    if (kind == "lifter" && !has_field(c.lifter, key.str())) {
      throw InputError(std::string(key.str()), node_value_text(node), "not a lifter field");
    }
    if (kind == "setup" && !has_field(c.setup, key.str())) {
      throw InputError(std::string(key.str()), node_value_text(node), "not a setup field");
    }
    apply(c, key.str(), node_value_text(node));
  }
}

}  // namespace

std::size_t SweepSpec::size() const {
  if (grid.empty()) return cases.size();
  std::size_t count = 1;
  for (const Axis& axis : grid) count *= axis.values.size();
  return count;
}

SweepCase SweepSpec::case_at(std::size_t index) const {
  if (grid.empty()) return cases.at(index);
  SweepCase c{base_lifter, base_setup};
  // presets first, so that field axes override them; last axis varies fastest
  std::vector<std::size_t> digits(grid.size());
  for (std::size_t a = grid.size(); a-- > 0;) {
    digits[a] = index % grid[a].values.size();
    index /= grid[a].values.size();
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t a = 0; a < grid.size(); ++a) {
      const bool preset_axis = grid[a].field == "lifter" || grid[a].field == "setup";
      if (preset_axis == (pass == 0)) apply(c, grid[a].field, grid[a].values[digits[a]]);
    }
  }
  return c;
}

SweepSpec load_sweep_spec(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("spec", path, "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  toml::table root;
  try {
    root = toml::parse(text.str(), path);
  } catch (const toml::parse_error& e) {
    throw InputError("spec", path,
                     "not valid TOML at line " + std::to_string(e.source().begin.line) + ": " +
                         std::string(e.description()));
  }
  SweepSpec spec;
  SweepCase base{spec.base_lifter, spec.base_setup};
  for (const auto& [key, node] : root) {
    const std::string_view k = key.str();
    if (k == "lifter" || k == "setup") {
      const toml::table* table = node.as_table();
      if (!table) throw InputError(std::string(k), "", "expected a table [" + std::string(k) + "]");
      apply_table(base, *table, k);
    } else if (k == "options") {
      const toml::table* table = node.as_table();
      if (!table) throw InputError("options", "", "expected a table [options]");
      for (const auto& [name, value] : *table) {
        set_field(spec.options, name.str(), node_value_text(value));
      }
    } else if (k == "grid") {
      const toml::table* table = node.as_table();
      if (!table) throw InputError("grid", "", "expected a table [grid]");
      for (const auto& [name, values] : *table) {
        const toml::array* list = values.as_array();
        if (!list || list->empty()) {
          throw InputError(std::string(name.str()), node_value_text(values),
                           "a grid axis needs a non-empty list of values");
        }
        SweepSpec::Axis axis{std::string(name.str()), {}};
        for (const auto& v : *list) axis.values.push_back(node_value_text(v));
        spec.grid.push_back(std::move(axis));
      }
    } else if (k != "case") {
      throw InputError(std::string(k), "", "unknown key; allowed: lifter, setup, options, grid, case");
    }
  }
  spec.base_lifter = base.lifter;
  spec.base_setup = base.setup;
  if (const toml::array* list = root["case"].as_array()) {
    if (!spec.grid.empty()) throw InputError("case", "", "use either [grid] or [[case]], not both");
    for (const auto& node : *list) {
      const toml::table* table = node.as_table();
      if (!table) throw InputError("case", "", "expected [[case]] tables");
      SweepCase c = base;
      if (auto preset = (*table)["lifter"].value<std::string>()) apply(c, "lifter", *preset);
      if (auto preset = (*table)["setup"].value<std::string>()) apply(c, "setup", *preset);
      for (const auto& [name, value] : *table) {
        if (name.str() == "lifter" || name.str() == "setup") continue;
        apply(c, name.str(), node_value_text(value));
      }
      spec.cases.push_back(std::move(c));
    }
  }
  check_axes(spec);
  return spec;
}

void check_axes(const SweepSpec& spec) {
  const SweepCase base{spec.base_lifter, spec.base_setup};
  for (const SweepSpec::Axis& axis : spec.grid) {
    for (const std::string& value : axis.values) {
      SweepCase probe = base;
      apply(probe, axis.field, value);
    }
  }
  if (spec.size() == 0) throw InputError("grid", "", "the sweep has no pulls");
}

void run_sweep(const SweepSpec& spec, unsigned threads,
               const std::function<void(const SweepRow&)>& on_row,
               const std::function<void(std::size_t, std::size_t)>& on_progress) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t total = spec.size();
  const std::size_t batch = kRowsPerThreadAndBatch * threads;
  std::vector<SweepRow> rows(std::min(batch, total));
  std::vector<Result> buffers(threads);  // per worker, when rows keep no series
  const SimulationOptions& options = spec.options;

  for (std::size_t first = 0; first < total; first += batch) {
    const std::size_t count = std::min(batch, total - first);
    std::atomic<std::size_t> next{0};
    auto work = [&](unsigned worker) {
      for (std::size_t i; (i = next.fetch_add(1)) < count;) {
        SweepRow& row = rows[i];
        row.index = first + i;
        row.error.clear();
        row.summary = Summary{};
        row.result.samples = 0;
        try {
          row.input = spec.case_at(row.index);
          Result& out = options.store_series ? row.result : buffers[worker];
          simulate_into(row.input.lifter, row.input.setup, options, out);
          row.summary = out.summary;
        } catch (const std::exception& e) {
          row.error = e.what();
          row.summary.status = "error: " + row.error;
        }
      }
    };
    std::vector<std::thread> pool;
    for (unsigned w = 1; w < threads; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    for (std::size_t i = 0; i < count; ++i) on_row(rows[i]);
    if (on_progress) on_progress(first + count, total);
  }
}

namespace {

using detail::check;
using detail::Handle;

// One extendible, chunked, compressed 1-D column; rows are buffered and appended in chunks.
class Column {
 public:
  Column(hid_t file, const std::string& path, bool text, std::string_view unit)
      : path_(path), text_(text), type_(make_type(text)) {
    const hsize_t dims = 0, max_dims = H5S_UNLIMITED, chunk = kChunkRows;
    Handle space(H5Screate_simple(1, &dims, &max_dims), H5Sclose, "make a dataspace for " + path);
    Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "make dataset properties");
    check(H5Pset_chunk(props.get(), 1, &chunk), "chunk " + path);
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
      check(H5Pset_deflate(props.get(), kDeflateLevel), "compress " + path);
    }
    Handle link(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "make link properties");
    check(H5Pset_create_intermediate_group(link.get(), 1), "set intermediate groups");
    set_ = Handle(H5Dcreate2(file, path.c_str(), type_.get(), space.get(), link.get(), props.get(),
                             H5P_DEFAULT),
                  H5Dclose, "create column " + path);
    detail::write_attribute(set_.get(), "unit", std::string(unit));
  }
  std::size_t buffered() const { return text_ ? texts_.size() : numbers_.size(); }
  void push(double value) { numbers_.push_back(value); }
  void push(const std::string& value) { texts_.push_back(value); }
  void flush() {
    const hsize_t count = text_ ? texts_.size() : numbers_.size();
    if (count == 0) return;
    const hsize_t new_size = written_ + count;
    check(H5Dset_extent(set_.get(), &new_size), "extend " + path_);
    Handle file_space(H5Dget_space(set_.get()), H5Sclose, "get the dataspace of " + path_);
    check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &written_, nullptr, &count,
                              nullptr),
          "select rows of " + path_);
    Handle memory_space(H5Screate_simple(1, &count, nullptr), H5Sclose, "make a dataspace");
    if (text_) {
      std::vector<const char*> pointers;
      pointers.reserve(texts_.size());
      for (const auto& t : texts_) pointers.push_back(t.c_str());
      check(H5Dwrite(set_.get(), type_.get(), memory_space.get(), file_space.get(), H5P_DEFAULT,
                     pointers.data()),
            "write " + path_);
    } else {
      check(H5Dwrite(set_.get(), type_.get(), memory_space.get(), file_space.get(), H5P_DEFAULT,
                     numbers_.data()),
            "write " + path_);
    }
    written_ = new_size;
    numbers_.clear();
    texts_.clear();
  }

 private:
  static Handle make_type(bool text) {
    return text ? detail::string_type() : Handle(H5Tcopy(H5T_NATIVE_DOUBLE), H5Tclose, "copy a type");
  }
  std::string path_;
  bool text_;
  Handle type_;
  Handle set_;
  hsize_t written_ = 0;
  std::vector<double> numbers_;
  std::vector<std::string> texts_;
};

// The summary columns of a sweep row: visit(name, value, unit).
template <class Visitor>
void for_each_summary_column(const SweepRow& row, Visitor&& visit) {
  const Summary& s = row.summary;
  for_each_summary_field(s, [&](const char* name, const auto& value, const char* unit) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, std::string>) {
      visit(name, value, unit);
    } else {
      visit(name, static_cast<double>(value), unit);
    }
  });
  for (std::size_t i = 0; i < kStartAngleNames.size(); ++i) {
    visit("start_" + std::string(kStartAngleNames[i]) + "_deg", s.start_angles_deg[i], "deg");
  }
  visit("error", row.error, "");
}

}  // namespace

SweepCounts run_sweep_to_hdf5(const SweepSpec& spec, unsigned threads, const std::string& path,
                              const std::function<void(std::size_t, std::size_t)>& on_progress) {
  SweepCounts counts;
  detail::write_atomically(path, [&](const std::string& partial) {
    Handle file(H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                "create " + partial);
    std::vector<std::unique_ptr<Column>> columns;  // created on the first row, in visit order
    std::size_t pending = 0;
    // time series in long format: /series/pull (the sweep row) and one column per channel
    // column, flushed by sample count so memory stays flat however long the pulls are
    std::vector<std::unique_ptr<Column>> series;
    auto append_series = [&](const SweepRow& row) {
      if (series.empty()) {
        series.push_back(std::make_unique<Column>(file.get(), "series/pull", false, ""));
        for (const ChannelInfo& info : kChannels) {
          for (int j = 0; j < info.width; ++j) {
            series.push_back(std::make_unique<Column>(
                file.get(), "series/" + channel_column_name(info, j), false, info.unit));
          }
        }
      }
      const Result& r = row.result;
      for (std::size_t k = 0; k < r.samples; ++k) {
        std::size_t c = 0;
        series[c++]->push(static_cast<double>(row.index));
        for (int ch = 0; ch < kNumChannels; ++ch) {
          const int width = kChannels[ch].width;
          for (int j = 0; j < width; ++j) series[c++]->push(r.series[ch][k * width + j]);
        }
      }
      if (series.front()->buffered() >= kSeriesFlushSamples) {
        for (auto& c : series) c->flush();
      }
    };
    auto on_row = [&](const SweepRow& row) {
      ++(!row.error.empty() ? counts.errors : row.summary.completed ? counts.completed
                                                                    : counts.failed);
      std::size_t k = 0;
      auto push = [&](const std::string& name, const auto& value, std::string_view unit) {
        using T = std::decay_t<decltype(value)>;
        if (columns.size() <= k) {
          columns.push_back(
              std::make_unique<Column>(file.get(), name, std::is_same_v<T, std::string>, unit));
        }
        if constexpr (std::is_same_v<T, bool>) {
          columns[k++]->push(value ? 1.0 : 0.0);
        } else {
          columns[k++]->push(value);
        }
      };
      push("index", static_cast<double>(row.index), "");
      for_each_field(row.input.lifter, [&](const auto& value, const FieldInfo& info) {
        push("inputs/lifter/" + std::string(info.name), value, info.unit);
      });
      for_each_field(row.input.setup, [&](const auto& value, const FieldInfo& info) {
        push("inputs/setup/" + std::string(info.name), value, info.unit);
      });
      for_each_summary_column(row, [&](const std::string& name, const auto& value,
                                       std::string_view unit) {
        push(name == "error" ? name : "summary/" + name, value, unit);
      });
      if (++pending == kChunkRows) {
        for (auto& c : columns) c->flush();
        pending = 0;
      }
      if (spec.options.store_series && row.error.empty()) append_series(row);
    };
    run_sweep(spec, threads, on_row, on_progress);
    for (auto& c : columns) c->flush();
    for (auto& c : series) c->flush();
    detail::write_fields(file.get(), "options", spec.options);  // same for every row
    detail::write_attribute(file.get(), "count", static_cast<double>(spec.size()));
    detail::write_attribute(file.get(), "completed", static_cast<double>(counts.completed));
    detail::write_attribute(file.get(), "failed", static_cast<double>(counts.failed));
    detail::write_attribute(file.get(), "errors", static_cast<double>(counts.errors));
    detail::write_attribute(file.get(), "version", std::string(version()));
    check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush " + partial);
  });
  return counts;
}

}  // namespace spineload
