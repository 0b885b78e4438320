// Sweep files: rows appended in flushed blocks under SWMR, resumable (docs/files.md).
#include "spineload/sweep_file.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <variant>

#include "detail/hdf5.hpp"
#include "spineload/output.hpp"
#include "spineload/simulate.hpp"

namespace spineload {

namespace {

using detail::check;
using detail::Handle;

constexpr hsize_t kChunkRows = 4096;  // HDF5 chunk and write block, rows
constexpr unsigned kDeflateLevel = 4;
constexpr double kFlushSeconds = 1.0;        // at most this much work lost to a kill
constexpr std::size_t kCopyBlock = 1 << 16;  // rows per block when a resume copies rows
constexpr std::size_t kSeriesFlushSamples = 1 << 16;

enum class Kind { kNumber, kFlag, kCount, kText };

// Text columns are fixed-length UTF-8 (NUL-padded): variable-length strings live in HDF5's
// global heap, which SWMR does not order with the rest, so a killed sweep could lose them.
// Messages get room for a sentence or three; names and choices for a label.
constexpr std::size_t kMessageBytes = 512;
constexpr std::size_t kLabelBytes = 64;
std::size_t text_bytes(std::string_view path) {
  return path == "error" || path == "summary/status" ? kMessageBytes : kLabelBytes;
}

template <class T>
constexpr Kind kind_of() {
  if constexpr (std::is_same_v<T, double>) return Kind::kNumber;
  if constexpr (std::is_same_v<T, bool>) return Kind::kFlag;
  if constexpr (std::is_same_v<T, std::uint64_t>) return Kind::kCount;
  return Kind::kText;
}

Handle memory_type(Kind kind, std::size_t text_size) {
  switch (kind) {
    case Kind::kNumber:
      return Handle(H5Tcopy(H5T_NATIVE_DOUBLE), H5Tclose, "copy a type");
    case Kind::kFlag:
      return detail::bool_type();
    case Kind::kCount:
      return Handle(H5Tcopy(H5T_NATIVE_UINT64), H5Tclose, "copy a type");
    case Kind::kText:
      break;
  }
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
  check(H5Tset_size(type.get(), text_size), "size a string type");
  check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "pad a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set UTF-8");
  return type;
}

// Reads rows [first, first + count) of the 1-D dataset `path` as `type` into out.
void read_rows(hid_t file, const std::string& path, hid_t type, hsize_t first, hsize_t count,
               void* out) {
  Handle set(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle space(H5Dget_space(set.get()), H5Sclose, "get the dataspace of " + path);
  check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &first, nullptr, &count, nullptr),
        "select rows of " + path);
  Handle memory(H5Screate_simple(1, &count, nullptr), H5Sclose, "make a dataspace");
  check(H5Dread(set.get(), type, memory.get(), space.get(), H5P_DEFAULT, out), "read " + path);
}

// One extendible, chunked, compressed 1-D column; values are buffered and appended in blocks.
class Column {
 public:
  // A new column in `file`.
  Column(hid_t file, std::string path, Kind kind, std::string_view unit)
      : path_(std::move(path)),
        kind_(kind),
        width_(kind == Kind::kText ? text_bytes(path_) : kind == Kind::kFlag ? 1 : 8),
        type_(memory_type(kind, width_)) {
    const hsize_t dims = 0, max_dims = H5S_UNLIMITED, chunk = kChunkRows;
    Handle space(H5Screate_simple(1, &dims, &max_dims), H5Sclose, "make a dataspace for " + path_);
    Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "make dataset properties");
    check(H5Pset_chunk(props.get(), 1, &chunk), "chunk " + path_);
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
      check(H5Pset_deflate(props.get(), kDeflateLevel), "compress " + path_);
    }
    Handle link(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "make link properties");
    check(H5Pset_create_intermediate_group(link.get(), 1), "set intermediate groups");
    set_ = Handle(H5Dcreate2(file, path_.c_str(), type_.get(), space.get(), link.get(), props.get(),
                             H5P_DEFAULT),
                  H5Dclose, "create column " + path_);
    detail::write_attribute(set_.get(), "unit", std::string(unit));
  }

  const std::string& path() const { return path_; }
  // Makes this column's written rows durable before anything written after it (HDF5 flushes
  // one dataset's data and metadata).
  void sync() { check(H5Dflush(set_.get()), "flush " + path_); }
  Kind kind() const { return kind_; }
  std::size_t buffered() const { return bytes_.size() / width_; }
  hsize_t written() const { return written_; }

  void push(double value) { append(&value); }
  void push(bool value) {
    const std::int8_t byte = value ? 1 : 0;
    append(&byte);
  }
  void push(std::uint64_t value) { append(&value); }
  void push(const std::string& value) {
    // cut to the column's width at a UTF-8 character boundary, marking the cut
    std::string_view text = value;
    if (text.size() > width_) {
      std::size_t end = width_ - 3;
      while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
      const std::size_t old = bytes_.size();
      bytes_.resize(old + width_, 0);
      std::copy_n(text.data(), end, bytes_.data() + old);
      std::copy_n("...", 3, bytes_.data() + old + end);
      return;
    }
    const std::size_t old = bytes_.size();
    bytes_.resize(old + width_, 0);
    std::copy(text.begin(), text.end(), bytes_.begin() + old);
  }

  void flush() {
    const hsize_t count = buffered();
    if (count == 0) return;
    const hsize_t new_size = written_ + count;
    check(H5Dset_extent(set_.get(), &new_size), "extend " + path_);
    Handle file_space(H5Dget_space(set_.get()), H5Sclose, "get the dataspace of " + path_);
    check(
        H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &written_, nullptr, &count, nullptr),
        "select rows of " + path_);
    Handle memory_space(H5Screate_simple(1, &count, nullptr), H5Sclose, "make a dataspace");
    check(H5Dwrite(set_.get(), type_.get(), memory_space.get(), file_space.get(), H5P_DEFAULT,
                   bytes_.data()),
          "write " + path_);
    written_ = new_size;
    bytes_.clear();
  }

  // Appends rows [first, first + count) of the same column of another file.
  void copy_from(hid_t source, hsize_t first, hsize_t count) {
    const std::size_t old = bytes_.size();
    bytes_.resize(old + count * width_);
    read_rows(source, path_, type_.get(), first, count, bytes_.data() + old);
  }

 private:
  void append(const void* value) {
    const auto* p = static_cast<const unsigned char*>(value);
    bytes_.insert(bytes_.end(), p, p + width_);
  }

  std::string path_;
  Kind kind_;
  std::size_t width_;  // bytes a value: int8 flags, double and uint64, fixed-length text
  Handle type_;
  Handle set_;
  hsize_t written_ = 0;
  std::vector<unsigned char> bytes_;  // values in native layout, text NUL-padded
};

// Length of a 1-D dataset.
hsize_t dataset_length(hid_t file, const std::string& path) {
  Handle set(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle space(H5Dget_space(set.get()), H5Sclose, "get the dataspace of " + path);
  hsize_t length = 0;
  check(H5Sget_simple_extent_dims(space.get(), &length, nullptr) == 1 ? 0 : -1,
        "read the length of " + path);
  return length;
}

// Reads a uint64 value of a 1-D dataset.
std::uint64_t read_count(hid_t file, const std::string& path, hsize_t row) {
  std::uint64_t value = 0;
  read_rows(file, path, H5T_NATIVE_UINT64, row, 1, &value);
  return value;
}

// The column layout of a sweep: paths and kinds from for_each_sweep_column of a prototype row,
// plus the series columns when the sweep stores series.
struct Layout {
  struct Entry {
    std::string path;
    Kind kind;
    std::string unit;
  };
  std::vector<Entry> rows;    // one value per pull
  std::vector<Entry> series;  // one value per sample (empty without series)
};

Layout layout_of(const SweepSpec& spec) {
  Layout layout;
  SweepRow prototype;
  prototype.input = {spec.base_lifter, spec.base_setup};
  prototype.banded = spec.uncertainty.samples > 0;
  for_each_sweep_column(
      prototype, [&](const std::string& path, const auto& value, std::string_view unit) {
        layout.rows.push_back({path, kind_of<std::decay_t<decltype(value)>>(), std::string(unit)});
      });
  if (spec.options.store_series) {
    // where each pull's samples end in /series: rows of a pull are [series_end[i-1], series_end[i])
    layout.rows.push_back({"series_end", Kind::kCount, ""});
    layout.series.push_back({"series/pull", Kind::kCount, ""});
    for (const ChannelInfo& info : kChannels) {
      for (int j = 0; j < info.width; ++j) {
        std::string path = "series/";
        path += channel_column_name(info, j);  // (+ of a literal trips GCC 12's -Wrestrict)
        layout.series.push_back({std::move(path), Kind::kNumber, std::string(info.unit)});
      }
    }
  }
  return layout;
}

// Rows of a partial file that are whole: every row column holds them and, with series,
// their samples are all in /series.
std::size_t whole_rows(hid_t file, const Layout& layout) {
  hsize_t rows = std::numeric_limits<hsize_t>::max();
  for (const auto& entry : layout.rows) rows = std::min(rows, dataset_length(file, entry.path));
  if (layout.series.empty()) return rows;
  hsize_t samples = std::numeric_limits<hsize_t>::max();
  for (const auto& entry : layout.series) {
    samples = std::min(samples, dataset_length(file, entry.path));
  }
  while (rows > 0 && read_count(file, "series_end", rows - 1) > samples) --rows;
  return rows;
}

// Streams rows into an appendable (SWMR) file, flushing in blocks.
class FileSink : public SweepSink {
 public:
  FileSink(const std::string& path, const SweepSpec& spec, const Layout& layout,
           const std::string& spec_text)
      : path_(path),
        store_series_(spec.options.store_series),
        file_(detail::create_appendable_file(path)) {
    const hid_t root = file_.get();
    // everything a reader needs that is not a row goes in before appending starts (SWMR
    // creates no objects afterwards): the spec, its axes, the version
    detail::write_string_dataset(root, "spec", spec_text);
    detail::write_attribute(root, "version", std::string(version()));
    detail::write_attribute(root, "kind", std::string("sweep"));
    detail::write_attribute(root, "count", static_cast<std::uint64_t>(spec.size()));
    std::string axes;
    for (const std::string& name : spec.axis_names()) axes += (axes.empty() ? "" : ",") + name;
    detail::write_attribute(root, "axes", axes);
    detail::write_fields(root, "options", spec.options);
    std::string columns;  // the row columns in table order (HDF5 lists names sorted)
    for (const auto& e : layout.rows) columns += (columns.empty() ? "" : ",") + e.path;
    detail::write_attribute(root, "columns", columns);
    for (const auto& e : layout.rows)
      rows_.push_back(std::make_unique<Column>(root, e.path, e.kind, e.unit));
    for (const auto& e : layout.series)
      series_.push_back(std::make_unique<Column>(root, e.path, e.kind, e.unit));
    check(H5Fstart_swmr_write(root), "start appending to " + path);
    last_flush_ = std::chrono::steady_clock::now();
  }

  // Copies the first `rows` whole rows (and their samples) of a partial file.
  void copy_rows(hid_t source, std::size_t rows, SweepCounts& counts) {
    const std::uint64_t samples =
        store_series_ && rows > 0 ? read_count(source, "series_end", rows - 1) : 0;
    for (std::size_t first = 0; first < rows; first += kCopyBlock) {
      const std::size_t count = std::min(kCopyBlock, rows - first);
      for (auto& c : rows_) c->copy_from(source, first, count);
      for (auto& c : rows_) c->flush();
    }
    for (std::uint64_t first = 0; first < samples; first += kCopyBlock) {
      const std::uint64_t count = std::min<std::uint64_t>(kCopyBlock, samples - first);
      for (auto& c : series_) c->copy_from(source, first, count);
      for (auto& c : series_) c->flush();
    }
    series_rows_ = samples;
    flush();
    count_outcomes(source, rows, counts);
    counts.rows = rows;
  }

  void row(SweepRow& row) override {
    std::size_t k = 0;
    for_each_sweep_column(row, [&](const std::string&, const auto& value, std::string_view) {
      rows_[k++]->push(value);
    });
    if (!store_series_) return;
    const Result& r = row.result;
    for (std::size_t i = 0; row.error.empty() && i < r.samples; ++i) {
      std::size_t c = 0;
      series_[c++]->push(static_cast<std::uint64_t>(row.index));
      for (int ch = 0; ch < kNumChannels; ++ch) {
        const int width = kChannels[ch].width;
        for (int j = 0; j < width; ++j) series_[c++]->push(r.series[ch][i * width + j]);
      }
    }
    series_rows_ += row.error.empty() ? r.samples : 0;
    rows_[k]->push(static_cast<std::uint64_t>(series_rows_));
  }

  void chunk_done(std::size_t) override {
    const double since =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - last_flush_).count();
    const bool series_full = store_series_ && series_.front()->buffered() >= kSeriesFlushSamples;
    if (rows_.front()->buffered() >= kChunkRows || since >= kFlushSeconds || series_full) flush();
  }

  // Writes every buffered value: samples first, then the rows that refer to them, so a row
  // that reached the disk has all its samples there.
  void flush() {
    for (auto& c : series_) c->flush();
    for (auto& c : series_) c->sync();
    for (auto& c : rows_) c->flush();
    check(H5Fflush(file_.get(), H5F_SCOPE_GLOBAL), "flush " + path_);
    last_flush_ = std::chrono::steady_clock::now();
  }

  // Flushes and closes the file; it keeps its .partial name until the caller renames it.
  void close() {
    flush();
    rows_.clear();
    series_.clear();
    file_.reset();
  }

 private:
  // Completed, failed and impossible rows among the first `rows` of a file.
  static void count_outcomes(hid_t source, std::size_t rows, SweepCounts& counts) {
    for (std::size_t first = 0; first < rows; first += kCopyBlock) {
      const hsize_t start = first, count = std::min(kCopyBlock, rows - first);
      std::vector<std::int8_t> completed(count);
      std::vector<char> errors(count * kMessageBytes);
      read_rows(source, "summary/completed", detail::bool_type().get(), start, count,
                completed.data());
      read_rows(source, "error", memory_type(Kind::kText, kMessageBytes).get(), start, count,
                errors.data());
      for (hsize_t i = 0; i < count; ++i) {
        const bool error = errors[i * kMessageBytes] != '\0';
        ++(error ? counts.errors : completed[i] ? counts.completed : counts.failed);
      }
    }
  }

  std::string path_;
  bool store_series_;
  Handle file_;
  std::vector<std::unique_ptr<Column>> rows_, series_;
  std::uint64_t series_rows_ = 0;
  std::chrono::steady_clock::time_point last_flush_;
};

// Writes the closing attributes of a complete sweep file (it was closed cleanly, so it
// opens normally for writing).
void write_closing_attributes(const std::string& path, const SweepCounts& counts) {
  // a reader watching the partial file (sl.load while the sweep runs) holds a shared lock;
  // these few attributes do not need the exclusive one
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "make file access properties");
  check(H5Pset_file_locking(access.get(), false, true), "set file locking");
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, access.get()), H5Fclose, "reopen " + path);
  detail::write_attribute(file.get(), "complete", true);
  detail::write_attribute(file.get(), "rows", static_cast<std::uint64_t>(counts.rows));
  detail::write_attribute(file.get(), "completed", static_cast<std::uint64_t>(counts.completed));
  detail::write_attribute(file.get(), "failed", static_cast<std::uint64_t>(counts.failed));
  detail::write_attribute(file.get(), "errors", static_cast<std::uint64_t>(counts.errors));
  check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush " + path);
}

// The rows a partial file holds whole, after checking that it was written by this spec.
std::size_t resumable_rows(hid_t file, const std::string& partial, const std::string& spec_text,
                           const Layout& layout) {
  if (!detail::has_attribute(file, "kind") ||
      detail::read_string_attribute(file, "kind") != "sweep") {
    throw InputError("--resume", partial, "is not a spineload sweep file");
  }
  std::string columns;
  for (const auto& e : layout.rows) columns += (columns.empty() ? "" : ",") + e.path;
  if (!detail::has_attribute(file, "columns") ||
      detail::read_string_attribute(file, "columns") != columns) {
    throw InputError("--resume", partial,
                     "was written with other columns (another spineload version); start over "
                     "(--force, Python overwrite=True)");
  }
  if (detail::read_string_dataset(file, "spec") != spec_text) {
    throw InputError("--resume", partial,
                     "was written by a different sweep (spec, options or --series differ); "
                     "resume with the same spec, or start over (--force, Python "
                     "overwrite=True)");
  }
  return whole_rows(file, layout);
}

}  // namespace

std::size_t sweep_file_rows(const std::string& path) {
  const Handle file = detail::open_for_reading(path);
  const std::string text = detail::read_string_dataset(file.get(), "spec");
  const SweepSpec spec = sweep_spec_from_toml(text, path + ":/spec");
  return whole_rows(file.get(), layout_of(spec));
}

SweepCounts run_sweep_to_hdf5(const SweepSpec& spec, const std::string& path,
                              const SweepFileOptions& options) {
  namespace fs = std::filesystem;
  check_spec(spec, options.limits);
  // a resume replaces nothing but its own partial file: the existence checks are below
  const OutputTarget target =
      check_output_target(path, options.force || options.resume, options.inputs);
  const std::string spec_text = to_toml(spec);
  const Layout layout = layout_of(spec);
  std::error_code error;
  const bool partial_exists = fs::exists(target.partial, error);
  if (options.resume && !partial_exists) {
    throw InputError("--resume", path,
                     fs::exists(target.path, error)
                         ? "the sweep is already complete (no " + target.partial + ")"
                         : "there is no interrupted sweep to resume (no " + target.partial + ")");
  }
  if (options.resume && fs::exists(target.path, error) && !options.force) {
    throw InputError("--resume", path,
                     "exists and is complete; --force (Python overwrite=True) replaces it "
                     "with the resumed " +
                         target.partial);
  }
  if (partial_exists && !options.resume && !options.force) {
    throw InputError("--out", path,
                     target.partial +
                         " holds the rows of an interrupted sweep: resume it "
                         "(--resume, Python resume=True) or start over (--force, "
                         "Python overwrite=True)");
  }

  SweepCounts counts;
  SweepRun run = options.run;
  run.first = 0;
  std::unique_ptr<FileSink> sink;
  if (partial_exists && options.resume) {
    // copy the whole rows into a fresh file, then let it take the partial file's name: a kill
    // during the copy leaves the old partial file as it was
    const std::string fresh = target.partial + ".resume";
    Handle old = detail::open_for_reading(target.partial);
    const std::size_t rows = resumable_rows(old.get(), target.partial, spec_text, layout);
    sink = std::make_unique<FileSink>(fresh, spec, layout, spec_text);
    sink->copy_rows(old.get(), rows, counts);
    old.reset();
    if (std::rename(fresh.c_str(), target.partial.c_str()) != 0) {
      throw IoError("cannot rename " + fresh + " to " + target.partial);
    }
    run.first = rows;
    counts.resumed = rows;
  } else {
    sink = std::make_unique<FileSink>(target.partial, spec, layout, spec_text);
  }

  SweepCounts ran;
  try {
    ran = run_sweep(spec, run, *sink);
  } catch (...) {
    sink->close();  // every finished row stays in the partial file, resumable
    throw;
  }
  sink->close();
  counts.completed += ran.completed;
  counts.failed += ran.failed;
  counts.errors += ran.errors;
  counts.rows = ran.rows;
  counts.interrupted = ran.interrupted;
  if (counts.interrupted) return counts;
  write_closing_attributes(target.partial, counts);
  if (std::rename(target.partial.c_str(), target.path.c_str()) != 0) {
    throw IoError("cannot rename " + target.partial + " to " + target.path);
  }
  return counts;
}

}  // namespace spineload
