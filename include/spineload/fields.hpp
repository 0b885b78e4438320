// One field list per input struct drives TOML reading, range checks, the JSON echo, HDF5
// attributes, the command line and the Python properties: each struct has one
// `for_each_field(input, visit)` that lists name, member, unit, range and doc.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

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
  bool integer = false;                            // numbers: whole values only (counts)
  std::string_view zero_meaning = "the table value";  // what 0 means when zero_means_table
  bool required = false;  // must be given in a file or constructor (no sensible default)
};

/// A typed field value: what a TOML value, a Python object or a command-line word becomes
/// before it is assigned. Numbers are double; flags bool; names and choices text.
using FieldValue = std::variant<double, bool, std::string>;

/// "allowed [min, max] unit" as printed in error messages.
std::string describe_range(const FieldInfo& info);

/// Throws InputError unless `value` is finite, inside the field's range and, for integer
/// fields, whole. The value is printed exactly (shortest round-trip form).
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

/// A number from text: decimal only ("80", "-0.5", "1e3"; not "0x50", " 80", "80kg").
/// Throws InputError naming `field` otherwise.
double parse_decimal(std::string_view field, std::string_view text);

/// What kind of value a field holds.
enum class FieldKind { kNumber, kFlag, kText };
template <class T>
inline constexpr FieldKind kFieldKind = std::is_same_v<T, double> ? FieldKind::kNumber
                                        : std::is_same_v<T, bool> ? FieldKind::kFlag
                                                                  : FieldKind::kText;

/// The text as a value of the field's kind: a decimal number, true/false, or the text itself.
FieldValue parse_field_value(const FieldInfo& info, std::string_view text, FieldKind kind);

/// The closest of `names` to `name` when it is plausibly a misspelling ("" otherwise), for
/// "did you mean" hints.
std::string closest_name(std::string_view name, std::span<const std::string> names);

/// Names of every field of an input struct, in list order.
template <class Input>
std::vector<std::string> field_names(const Input& input) {
  std::vector<std::string> names;
  for_each_field(input, [&](const auto&, const FieldInfo& info) { names.emplace_back(info.name); });
  return names;
}

/// Whether the struct has a field of this name.
template <class Input>
bool has_field(const Input& input, std::string_view name) {
  bool found = false;
  for_each_field(input, [&](const auto&, const FieldInfo& info) { found |= info.name == name; });
  return found;
}

/// The description of the named field (its range, unit, doc); std::logic_error if the struct
/// has no such field (a programming error, not bad input).
template <class Input>
FieldInfo field_info(const Input& input, std::string_view name) {
  bool found = false;
  FieldInfo out;
  for_each_field(input, [&](const auto&, const FieldInfo& info) {
    if (info.name == name) out = info, found = true;
  });
  if (!found) throw std::logic_error("no field " + std::string(name));
  return out;
}

/// "unknown field; did you mean X? allowed: a, b, c" for a name that is not in the list.
std::string unknown_field_message(std::string_view what, std::string_view name,
                                  const std::vector<std::string>& names);

/// Prints a value for an error message: numbers exactly, text quoted.
std::string value_text(const FieldValue& value);

/// Assigns a typed value to a field by name, after checking its type and range. The one
/// setter every interface (TOML, command line, sweeps, Python) goes through; messages name
/// the struct by its `input_name` ("lifter", "setup", "option"). Throws InputError.
/// By default a field takes its value as given; an input may translate a value first (a
/// Setup's "80%" load).
template <class Input>
void translate_field(Input&, std::string_view&, FieldValue&) {}

template <class Input>
void set_field(Input& input, std::string_view name_given, const FieldValue& value_given) {
  std::string_view name = name_given;
  FieldValue value = value_given;
  translate_field(input, name, value);
  bool known = false;
  for_each_field(input, [&](auto& field, const FieldInfo& info) {
    if (info.name != name) return;
    known = true;
    using T = std::decay_t<decltype(field)>;
    if (const T* typed = std::get_if<T>(&value)) {
      check_field(info, *typed);
      field = *typed;
      return;
    }
    constexpr FieldKind kind = kFieldKind<T>;
    const char* expected = kind == FieldKind::kNumber ? "expected a number"
                           : kind == FieldKind::kFlag ? "expected true or false"
                                                      : "expected text";
    throw InputError(std::string(name), value_text(value), expected);
  });
  if (!known) {
    throw InputError(std::string(name), value_text(value),
                     unknown_field_message(input_name(input), name, field_names(input)));
  }
}

/// Sets a field from text (command line, NAME:FIELD=VALUE overrides): parsed to the field's
/// type first (decimal numbers only), then set_field.
template <class Input>
void set_field_text(Input& input, std::string_view name, std::string_view text) {
  if (!text.empty() && text.back() == '%') {  // a percentage stays text for translate_field
    set_field(input, name, FieldValue(std::string(text)));
    return;
  }
  bool known = false;
  FieldValue value;
  for_each_field(input, [&](const auto& field, const FieldInfo& info) {
    if (info.name != name) return;
    known = true;
    value = parse_field_value(info, text, kFieldKind<std::decay_t<decltype(field)>>);
  });
  if (!known) {
    throw InputError(std::string(name), "\"" + std::string(text) + "\"",
                     unknown_field_message(input_name(input), name, field_names(input)));
  }
  set_field(input, name, value);
}

}  // namespace spineload
