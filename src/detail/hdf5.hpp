// The small HDF5 layer shared by result files and sweep files: a move-only handle, checked
// calls, attributes, the column types, and opening files for appending (SWMR) and reading.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include <hdf5.h>

#include "spineload/error.hpp"

namespace spineload::detail {

/// Owns one HDF5 identifier and closes it with the matching function.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
    if (id_ < 0) throw IoError("HDF5: cannot " + what);
  }
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), close_(other.close_) {}
  Handle& operator=(Handle&& other) noexcept {
    std::swap(id_, other.id_);
    std::swap(close_, other.close_);
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }
  hid_t get() const { return id_; }
  void reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  herr_t (*close_)(hid_t) = nullptr;
};

/// Throws IoError("HDF5: cannot <what>") on a negative status.
inline void check(herr_t status, const std::string& what) {
  if (status < 0) throw IoError("HDF5: cannot " + what);
}

/// HDF5 prints its error stack by default; our exceptions say what failed instead.
void silence_hdf5();

/// Variable-length UTF-8 string type (h5py reads it as str).
Handle string_type();
/// The boolean type h5py reads as numpy bool: an 8-bit enum {FALSE = 0, TRUE = 1}.
Handle bool_type();

void write_attribute(hid_t owner, const std::string& name, double value);
void write_attribute(hid_t owner, const std::string& name, bool value);
void write_attribute(hid_t owner, const std::string& name, std::uint64_t value);
void write_attribute(hid_t owner, const std::string& name, const std::string& value);
void write_attribute(hid_t owner, const std::string& name, const double* values, hsize_t count,
                     const hsize_t* dims = nullptr, int rank = 0);

double read_double_attribute(hid_t owner, const std::string& name);
bool read_bool_attribute(hid_t owner, const std::string& name);
std::string read_string_attribute(hid_t owner, const std::string& name);
bool has_attribute(hid_t owner, const std::string& name);
/// Whether a dataset or group exists at `path` (each of its groups too) below `owner`.
bool has_link(hid_t owner, const std::string& path);

/// A scalar string dataset (for text too long for an attribute: a sweep's spec).
void write_string_dataset(hid_t file, const std::string& path, const std::string& value);
std::string read_string_dataset(hid_t file, const std::string& path);

/// A group `group_name` holding every field of an input struct (one with for_each_field) as
/// an attribute: the inputs and options that produced a file travel with it.
template <class Input>
void write_fields(hid_t file, const std::string& group_name, const Input& input) {
  Handle group(H5Gcreate2(file, group_name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
               H5Gclose, "create group " + group_name);
  for_each_field(input, [&](const auto& value, const auto& info) {
    write_attribute(group.get(), std::string(info.name), value);
  });
}

/// A new file for a sweep: the latest file format, so that it can be appended to under SWMR
/// (single writer, multiple readers) and stays readable if the writer is killed.
Handle create_appendable_file(const std::string& path);
/// Opens a file to read, whether it was closed cleanly or its writer was killed under SWMR.
Handle open_for_reading(const std::string& path);

}  // namespace spineload::detail
