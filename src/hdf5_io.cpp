// HDF5 files of one pull (docs/files.md). The C API behind a small
// move-only handle; every status checked; the file appears complete or not at all.
#include "spineload/hdf5_io.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>

#include "detail/hdf5.hpp"
#include "spineload/output.hpp"
#include "spineload/simulate.hpp"

namespace spineload {

namespace {

using detail::check;
using detail::Handle;
using detail::silence_hdf5;
using detail::write_attribute;
using detail::write_fields;

void read_doubles(hid_t owner, const std::string& name, double* values) {
  Handle attr(H5Aopen(owner, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, values), "read attribute " + name);
}

// Input and summary fields added after files were first written (0.3.0): absent from older
// files.
bool is_newer_field(std::string_view name) {
  constexpr std::string_view kNewer[] = {"band_forward",
                                         "band_anchor_height",
                                         "band_anchor_distance",
                                         "motion",
                                         "lockout_load",
                                         "stance_width",
                                         "foot_angle_deg",
                                         "cumulative_compression",
                                         "peak_l5s1_moment",
                                         "peak_l5s1_moment_time",
                                         "peak_l5s1_compression",
                                         "peak_l5s1_compression_time",
                                         "peak_l5s1_anterior_shear",
                                         "peak_l5s1_anterior_shear_time",
                                         "bar_inside_legs",
                                         "bar_inside_legs_time",
                                         "peak_lever",
                                         "peak_lever_time",
                                         "load_moment",
                                         "walking"};
  return std::find(std::begin(kNewer), std::end(kNewer), name) != std::end(kNewer);
}

// Channels added after files were first written: the L5-S1 ones.
bool is_newer_channel(std::string_view path) { return path.starts_with("l5s1/"); }

template <class Input>
void read_fields(hid_t file, const std::string& group_name, Input& input) {
  Handle group(H5Gopen2(file, group_name.c_str(), H5P_DEFAULT), H5Gclose,
               "open group " + group_name);
  for_each_field(input, [&](auto& value, const FieldInfo& info) {
    using T = std::decay_t<decltype(value)>;
    const std::string name(info.name);
    // a field newer than the file keeps its default, so older files still read; any other
    // missing field is an error (a truncated or foreign file)
    if (is_newer_field(name) && !detail::has_attribute(group.get(), name)) return;
    if constexpr (std::is_same_v<T, double>) {
      value = detail::read_double_attribute(group.get(), name);
    } else if constexpr (std::is_same_v<T, bool>) {
      value = detail::read_bool_attribute(group.get(), name);
    } else {
      value = detail::read_string_attribute(group.get(), name);
    }
  });
}

void write_file(const Result& result, const std::string& path) {
  Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
              "create " + path);
  // datasets, with intermediate groups (l4l5/...)
  Handle link_props(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "make link properties");
  check(H5Pset_create_intermediate_group(link_props.get(), 1), "set intermediate groups");
  for (int c = 0; c < kNumChannels; ++c) {
    const ChannelInfo& info = kChannels[c];
    const hsize_t dims[2] = {result.samples, static_cast<hsize_t>(info.width)};
    Handle space(H5Screate_simple(info.width == 1 ? 1 : 2, dims, nullptr), H5Sclose,
                 "make a dataspace for " + std::string(info.path));
    Handle set(H5Dcreate2(file.get(), std::string(info.path).c_str(), H5T_NATIVE_DOUBLE,
                          space.get(), link_props.get(), H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose, "create dataset " + std::string(info.path));
    if (result.samples > 0) {
      check(H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                     result.series[c].data()),
            "write dataset " + std::string(info.path));
    }
    write_attribute(set.get(), "unit", std::string(info.unit));
    write_attribute(set.get(), "doc", std::string(info.doc));
  }
  // summary and inputs as attributes
  const Summary& s = result.summary;
  const hid_t root = file.get();
  for_each_summary_field(s, [&](const char* name, const auto& value, const char*) {
    if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::size_t>) {
      write_attribute(root, name, static_cast<std::uint64_t>(value));
    } else {
      write_attribute(root, name, value);
    }
  });
  write_attribute(root, "start_angles_deg", s.start_angles_deg.data(), s.start_angles_deg.size());
  double landmarks[7][2];
  for (int i = 0; i < 7; ++i) {
    landmarks[i][0] = s.start_landmarks[i].x();
    landmarks[i][1] = s.start_landmarks[i].y();
  }
  const hsize_t landmark_dims[2] = {7, 2};
  write_attribute(root, "start_landmarks", &landmarks[0][0], 14, landmark_dims, 2);
  std::string landmark_names;
  for (auto name : kStartLandmarkNames) {
    if (!landmark_names.empty()) landmark_names += ',';
    landmark_names.append(name);
  }
  write_attribute(root, "start_landmark_names", landmark_names);
  write_attribute(root, "samples", static_cast<std::uint64_t>(result.samples));
  write_attribute(root, "version", std::string(version()));
  write_attribute(root, "kind", std::string("pull"));
  if (!result.source.empty()) write_attribute(root, "source", result.source);  // a filmed lift
  write_fields(root, "lifter", result.lifter);
  write_fields(root, "setup", result.setup);
  write_fields(root, "options", result.options);
  check(H5Fflush(root, H5F_SCOPE_GLOBAL), "flush " + path);
}

}  // namespace

void save_result(const Result& result, const OutputTarget& target) {
  detail::silence_hdf5();
  write_atomically(target, [&](const std::string& partial) { write_file(result, partial); });
}

void save_result(const Result& result, const std::string& path, bool overwrite) {
  save_result(result, check_output_target(path, overwrite, {}, "path"));
}

namespace {

// Everything load_result reads; throws IoError naming the first missing item.
Result read_result(hid_t root) {
  Result result;
  result.samples = static_cast<std::size_t>(detail::read_double_attribute(root, "samples"));
  if (detail::has_attribute(root, "source")) {
    result.source = detail::read_string_attribute(root, "source");
  }
  for (int c = 0; c < kNumChannels; ++c) {
    const ChannelInfo& info = kChannels[c];
    result.series[c].resize(result.samples * info.width);
    // a channel newer than the file reads as NaN, as newer summary fields do
    if (is_newer_channel(info.path) && !detail::has_link(root, std::string(info.path))) {
      std::fill(result.series[c].begin(), result.series[c].end(),
                std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    Handle set(H5Dopen2(root, std::string(info.path).c_str(), H5P_DEFAULT), H5Dclose,
               "open dataset " + std::string(info.path));
    if (result.samples > 0) {
      check(H5Dread(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                    result.series[c].data()),
            "read dataset " + std::string(info.path));
    }
  }
  Summary& s = result.summary;
  for_each_summary_field(s, [&](const char* name, auto& value, const char*) {
    using T = std::decay_t<decltype(value)>;
    // a summary field newer than the file is unknown there: NaN, not an error (an input field
    // keeps its default, read_fields)
    if (is_newer_field(name) && !detail::has_attribute(root, name)) {
      if constexpr (std::is_same_v<T, double>) value = std::numeric_limits<double>::quiet_NaN();
      return;
    }
    if constexpr (std::is_same_v<T, bool>) {
      value = detail::read_bool_attribute(root, name);
    } else if constexpr (std::is_same_v<T, std::string>) {
      value = detail::read_string_attribute(root, name);
    } else {
      value = static_cast<T>(detail::read_double_attribute(root, name));
    }
  });
  read_doubles(root, "start_angles_deg", s.start_angles_deg.data());
  double landmarks[14];
  read_doubles(root, "start_landmarks", landmarks);
  for (int i = 0; i < 7; ++i) s.start_landmarks[i] = {landmarks[2 * i], landmarks[2 * i + 1]};
  read_fields(root, "lifter", result.lifter);
  read_fields(root, "setup", result.setup);
  read_fields(root, "options", result.options);
  return result;
}

}  // namespace

Result load_result(const std::string& path) {
  const Handle file = detail::open_for_reading(path);
  const hid_t root = file.get();
  if (!detail::has_attribute(root, "version")) {
    throw IoError(path + " is not a spineload result file (no version attribute)");
  }
  if (detail::has_attribute(root, "kind") &&
      detail::read_string_attribute(root, "kind") == "sweep") {
    throw IoError(path +
                  " is a sweep file, not one pull: read it with spineload.load (Python), "
                  "which returns a DataFrame of its rows");
  }
  const std::string written_by = detail::read_string_attribute(root, "version");
  try {
    return read_result(root);
  } catch (const IoError& e) {
    // the likely cause of a missing item is a file from another version: say which
    throw IoError(std::string(e.what()) + " in " + path + " (written by spineload " + written_by +
                  ", read by " + version() + ")");
  }
}

}  // namespace spineload
