// HDF5 files of one pull (DESIGN.md "HDF5 file of one pull"). The C API behind a small
// move-only handle; every status checked; the file appears complete or not at all.
#include "spineload/hdf5_io.hpp"

#include <cstdio>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "detail/hdf5.hpp"
#include "spineload/simulate.hpp"

namespace spineload {
namespace detail {

void silence_hdf5() {
  static const bool once = [] { return H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0; }();
  (void)once;
}

void write_atomically(const std::string& path,
                      const std::function<void(const std::string&)>& write) {
  silence_hdf5();
  const std::string partial = path + ".partial";
  try {
    write(partial);
  } catch (...) {
    std::remove(partial.c_str());
    throw;
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::remove(partial.c_str());
    throw std::runtime_error("cannot rename " + partial + " to " + path);
  }
}

Handle string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "size a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set UTF-8");
  return type;
}

void write_attribute(hid_t owner, const std::string& name, const double* values, hsize_t count,
                     const hsize_t* dims = nullptr, int rank = 0) {
  hsize_t one = count;
  Handle space(rank ? H5Screate_simple(rank, dims, nullptr)
                    : (count == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &one, nullptr)),
               H5Sclose, "make a dataspace for " + name);
  Handle attr(H5Acreate2(owner, name.c_str(), H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT,
                         H5P_DEFAULT),
              H5Aclose, "create attribute " + name);
  check(H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, values), "write attribute " + name);
}

void write_attribute(hid_t owner, const std::string& name, double value) {
  write_attribute(owner, name, &value, 1);
}

void write_attribute(hid_t owner, const std::string& name, bool value) {
  const unsigned char byte = value ? 1 : 0;
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace for " + name);
  Handle attr(H5Acreate2(owner, name.c_str(), H5T_NATIVE_UINT8, space.get(), H5P_DEFAULT,
                         H5P_DEFAULT),
              H5Aclose, "create attribute " + name);
  check(H5Awrite(attr.get(), H5T_NATIVE_UINT8, &byte), "write attribute " + name);
}

void write_attribute(hid_t owner, const std::string& name, const std::string& value) {
  Handle type = string_type();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace for " + name);
  Handle attr(H5Acreate2(owner, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, "create attribute " + name);
  const char* text = value.c_str();
  check(H5Awrite(attr.get(), type.get(), &text), "write attribute " + name);
}

}  // namespace detail

namespace {

using detail::check;
using detail::Handle;
using detail::silence_hdf5;
using detail::string_type;
using detail::write_attribute;
using detail::write_fields;

double read_double(hid_t owner, const std::string& name) {
  Handle attr(H5Aopen(owner, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  double value = 0;
  check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value), "read attribute " + name);
  return value;
}

void read_doubles(hid_t owner, const std::string& name, double* values) {
  Handle attr(H5Aopen(owner, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, values), "read attribute " + name);
}

bool read_bool(hid_t owner, const std::string& name) {
  Handle attr(H5Aopen(owner, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  unsigned char byte = 0;
  check(H5Aread(attr.get(), H5T_NATIVE_UINT8, &byte), "read attribute " + name);
  return byte != 0;
}

std::string read_string(hid_t owner, const std::string& name) {
  Handle attr(H5Aopen(owner, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  Handle type = string_type();
  char* text = nullptr;
  check(H5Aread(attr.get(), type.get(), &text), "read attribute " + name);
  std::string value = text ? text : "";
  H5free_memory(text);
  return value;
}

template <class Input>
void read_fields(hid_t file, const std::string& group_name, Input& input) {
  Handle group(H5Gopen2(file, group_name.c_str(), H5P_DEFAULT), H5Gclose,
               "open group " + group_name);
  for_each_field(input, [&](auto& value, const FieldInfo& info) {
    using T = std::decay_t<decltype(value)>;
    const std::string name(info.name);
    if constexpr (std::is_same_v<T, double>) {
      value = read_double(group.get(), name);
    } else if constexpr (std::is_same_v<T, bool>) {
      value = read_bool(group.get(), name);
    } else {
      value = read_string(group.get(), name);
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
      write_attribute(root, name, static_cast<double>(value));
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
  write_attribute(root, "samples", static_cast<double>(result.samples));
  write_attribute(root, "version", std::string(version()));
  write_fields(root, "lifter", result.lifter);
  write_fields(root, "setup", result.setup);
  write_fields(root, "options", result.options);
  check(H5Fflush(root, H5F_SCOPE_GLOBAL), "flush " + path);
}

}  // namespace

void save_result(const Result& result, const std::string& path) {
  detail::write_atomically(path, [&](const std::string& partial) { write_file(result, partial); });
}

namespace {

// Everything load_result reads; throws std::runtime_error naming the first missing item.
Result read_result(hid_t root) {
  Result result;
  result.samples = static_cast<std::size_t>(read_double(root, "samples"));
  for (int c = 0; c < kNumChannels; ++c) {
    const ChannelInfo& info = kChannels[c];
    result.series[c].resize(result.samples * info.width);
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
    if constexpr (std::is_same_v<T, bool>) {
      value = read_bool(root, name);
    } else if constexpr (std::is_same_v<T, std::string>) {
      value = read_string(root, name);
    } else {
      value = static_cast<T>(read_double(root, name));
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
  silence_hdf5();
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
  const hid_t root = file.get();
  if (H5Aexists(root, "version") <= 0) {
    throw std::runtime_error(path + " is not a spineload result file (no version attribute)");
  }
  const std::string written_by = read_string(root, "version");
  try {
    return read_result(root);
  } catch (const std::runtime_error& e) {
    // the likely cause of a missing item is a file from another version: say which
    throw std::runtime_error(std::string(e.what()) + " in " + path + " (written by spineload " +
                             written_by + ", read by " + version() + ")");
  }
}

}  // namespace spineload
