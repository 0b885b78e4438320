// One field list per input struct drives TOML reading, range checks, the JSON echo, HDF5
// attributes and the Python properties (see STYLE.md, "one field list drives everything").
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "spineload/error.hpp"

namespace spineload {

/// Describes one input field: its name (as in TOML, JSON, HDF5 and Python), unit, allowed
/// closed range [min, max] for numbers, allowed choices for text, and a one-line doc.
struct FieldInfo {
  std::string_view name;
  std::string_view unit;  // "" when dimensionless or text
  double min = 0.0;
  double max = 0.0;
  std::string_view doc;
  // A value of exactly 0 means "take the default from the tables" (segment overrides).
  bool zero_means_table = false;
  std::span<const std::string_view> choices = {};  // text fields: allowed values (empty = any)
};

/// "[min, max] unit" as printed in error messages.
std::string describe_range(const FieldInfo& info);

/// Throws InputError unless `value` is finite and inside the field's range.
void check_field(const FieldInfo& info, double value);
/// Booleans are always valid.
inline void check_field(const FieldInfo&, bool) {}
/// Throws InputError unless `value` is one of the field's choices (when it has any).
void check_field(const FieldInfo& info, const std::string& value);

/// Checks every field of an input struct that has a `for_each_field` overload.
template <class Input>
void validate_fields(const Input& input) {
  for_each_field(input, [](const auto& value, const FieldInfo& info) { check_field(info, value); });
}

}  // namespace spineload
