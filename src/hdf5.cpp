// The HDF5 layer shared by result and sweep files (src/detail/hdf5.hpp).
#include "detail/hdf5.hpp"

namespace spineload::detail {

void silence_hdf5() {
  static const bool once = [] { return H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0; }();
  (void)once;
}

Handle string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "make a string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "size a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set UTF-8");
  return type;
}

Handle bool_type() {
  Handle type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose, "make a boolean type");
  const std::int8_t no = 0, yes = 1;
  check(H5Tenum_insert(type.get(), "FALSE", &no), "name FALSE");
  check(H5Tenum_insert(type.get(), "TRUE", &yes), "name TRUE");
  return type;
}

void write_attribute(hid_t owner, const std::string& name, const double* values, hsize_t count,
                     const hsize_t* dims, int rank) {
  hsize_t one = count;
  Handle space(rank ? H5Screate_simple(rank, dims, nullptr)
                    : (count == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &one, nullptr)),
               H5Sclose, "make a dataspace for " + name);
  Handle attr(
      H5Acreate2(owner, name.c_str(), H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose, "create attribute " + name);
  check(H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, values), "write attribute " + name);
}

void write_attribute(hid_t owner, const std::string& name, double value) {
  write_attribute(owner, name, &value, 1);
}

void write_attribute(hid_t owner, const std::string& name, std::uint64_t value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace for " + name);
  Handle attr(
      H5Acreate2(owner, name.c_str(), H5T_NATIVE_UINT64, space.get(), H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose, "create attribute " + name);
  check(H5Awrite(attr.get(), H5T_NATIVE_UINT64, &value), "write attribute " + name);
}

void write_attribute(hid_t owner, const std::string& name, bool value) {
  const std::int8_t byte = value ? 1 : 0;
  Handle type = bool_type();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace for " + name);
  Handle attr(H5Acreate2(owner, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, "create attribute " + name);
  check(H5Awrite(attr.get(), type.get(), &byte), "write attribute " + name);
}

void write_attribute(hid_t owner, const std::string& name, const std::string& value) {
  Handle type = string_type();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace for " + name);
  Handle attr(H5Acreate2(owner, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose, "create attribute " + name);
  const char* text = value.c_str();
  check(H5Awrite(attr.get(), type.get(), &text), "write attribute " + name);
}

double read_double_attribute(hid_t owner, const std::string& name) {
  Handle attr(H5Aopen(owner, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  double value = 0;
  check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value), "read attribute " + name);
  return value;
}

bool read_bool_attribute(hid_t owner, const std::string& name) {
  Handle attr(H5Aopen(owner, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  // files of version 0.2 stored flags as uint8; both read as an 8-bit integer
  std::int8_t byte = 0;
  check(H5Aread(attr.get(), H5T_NATIVE_INT8, &byte), "read attribute " + name);
  return byte != 0;
}

std::string read_string_attribute(hid_t owner, const std::string& name) {
  Handle attr(H5Aopen(owner, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  Handle type = string_type();
  char* text = nullptr;
  check(H5Aread(attr.get(), type.get(), &text), "read attribute " + name);
  std::string value = text ? text : "";
  H5free_memory(text);
  return value;
}

bool has_attribute(hid_t owner, const std::string& name) {
  return H5Aexists(owner, name.c_str()) > 0;
}

bool has_link(hid_t owner, const std::string& path) {
  // H5Lexists needs every group on the way to exist: check them in turn
  for (std::size_t slash = path.find('/');; slash = path.find('/', slash + 1)) {
    const std::string part = path.substr(0, slash);
    if (H5Lexists(owner, part.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
  }
}

void write_string_dataset(hid_t file, const std::string& path, const std::string& value) {
  Handle type = string_type();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make a dataspace for " + path);
  Handle set(H5Dcreate2(file, path.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT),
             H5Dclose, "create " + path);
  const char* text = value.c_str();
  check(H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "write " + path);
}

std::string read_string_dataset(hid_t file, const std::string& path) {
  Handle set(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  Handle type = string_type();
  char* text = nullptr;
  check(H5Dread(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "read " + path);
  std::string value = text ? text : "";
  H5free_memory(text);
  return value;
}

namespace {
Handle latest_format_access() {
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "make file access properties");
  check(H5Pset_libver_bounds(access.get(), H5F_LIBVER_LATEST, H5F_LIBVER_LATEST),
        "select the latest file format");
  return access;
}
}  // namespace

Handle create_appendable_file(const std::string& path) {
  silence_hdf5();
  Handle access = latest_format_access();
  return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get()), H5Fclose,
                "create " + path);
}

Handle open_for_reading(const std::string& path) {
  silence_hdf5();
  // a cleanly closed file opens as it is; one whose SWMR writer was killed keeps its
  // "open for writing" mark and opens only as an SWMR reader, which sees every flushed row
  hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) {
    Handle access = latest_format_access();
    id = H5Fopen(path.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, access.get());
  }
  return Handle(id, H5Fclose, "open " + path + " (not an HDF5 file, or damaged)");
}

}  // namespace spineload::detail
