// The small HDF5 layer shared by result files and sweep files: a move-only handle, checked
// calls, attributes, and the write-to-.partial-then-rename rule.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

#include <hdf5.h>

namespace spineload::detail {

/// Owns one HDF5 identifier and closes it with the matching function.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
    if (id_ < 0) throw std::runtime_error("HDF5: cannot " + what);
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
  ~Handle() {
    if (id_ >= 0 && close_) close_(id_);
  }
  hid_t get() const { return id_; }

 private:
  hid_t id_ = H5I_INVALID_HID;
  herr_t (*close_)(hid_t) = nullptr;
};

/// Throws std::runtime_error("HDF5: cannot <what>") on a negative status.
inline void check(herr_t status, const std::string& what) {
  if (status < 0) throw std::runtime_error("HDF5: cannot " + what);
}

/// HDF5 prints its error stack by default; our exceptions say what failed instead.
void silence_hdf5();

/// Variable-length UTF-8 string type (h5py reads it as str).
Handle string_type();

void write_attribute(hid_t owner, const std::string& name, double value);
void write_attribute(hid_t owner, const std::string& name, bool value);
void write_attribute(hid_t owner, const std::string& name, const std::string& value);

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

/// Runs write(partial_path) and renames the result to `path`; on any failure no file is left.
void write_atomically(const std::string& path, const std::function<void(const std::string&)>& write);

}  // namespace spineload::detail
