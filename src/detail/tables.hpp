// Parsed views of the embedded models/ tables (parsed once, shared read-only by all threads).
#pragma once

#include <string_view>

#include <toml++/toml.h>

namespace spineload::detail {

/// The parsed TOML file models/<relative_path>; throws std::logic_error if it is missing
/// (a build problem, not bad input).
const toml::table& model_table(std::string_view relative_path);

/// A required number from a table; throws std::logic_error naming the key if absent.
double table_number(const toml::table& table, std::string_view key);

/// A lifter override where it is set (non-zero), else the table value.
inline double or_table(double override_value, double table_value) {
  return override_value != 0.0 ? override_value : table_value;
}

}  // namespace spineload::detail
