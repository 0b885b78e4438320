// TOML values into input fields, shared by lifter/setup files and sweep specs.
#pragma once

#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "spineload/fields.hpp"

namespace spineload::detail {

/// A TOML value as a field value: decimal numbers (hexadecimal, octal and binary integers
/// are refused), booleans and strings. Throws InputError naming `key` for anything else.
FieldValue toml_field_value(const toml::node& node, std::string_view key);

/// A TOML value as it appears in the file, for messages.
std::string toml_text(const toml::node& node);

/// A TOML basic string of any text: quotes, backslashes and control characters escaped, so
/// what is written reads back the same.
std::string toml_quoted(std::string_view text);

/// Parses TOML text; a syntax error is an InputError naming `origin` and the line.
toml::table parse_toml(std::string_view text, std::string_view origin);

/// Sets every key of `table` (except those in `skip`) on `input` through set_field; with
/// `require`, every field marked required must be present. Throws InputError naming the key.
template <class Input>
void read_fields(const toml::table& table, Input& input, std::string_view origin, bool require,
                 std::initializer_list<std::string_view> skip = {}) {
  for (const auto& [key, node] : table) {
    if (std::find(skip.begin(), skip.end(), key.str()) != skip.end()) continue;
    if (!has_field(input, key.str())) {
      throw InputError(std::string(key.str()), toml_text(node),
                       unknown_field_message(input_name(input), key.str(), field_names(input)) +
                           " (in " + std::string(origin) + ")");
    }
    set_field(input, key.str(), toml_field_value(node, key.str()));
  }
  if (!require) return;
  for_each_field(input, [&](const auto&, const FieldInfo& info) {
    if (info.required && !table.contains(info.name)) {
      throw InputError(std::string(info.name), "(missing)",
                       "required in " + std::string(origin) + " (" + std::string(info.doc) + ")" +
                           (info.unit.empty() ? "" : ", " + std::string(info.unit)));
    }
  });
}

}  // namespace spineload::detail
