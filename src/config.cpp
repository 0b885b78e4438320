// Lifters and setups from TOML, presets embedded from models/. Every key goes through the
// struct's field list (set_field), so TOML, the command line and Python accept the same values.
#include "spineload/config.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "detail/embedded.hpp"
#include "detail/toml_input.hpp"
#include "spineload/error.hpp"

namespace spineload {

namespace detail {

FieldValue toml_field_value(const toml::node& node, std::string_view key) {
  if (const auto* integer = node.as_integer()) {
    // TOML allows 0x50, 0o120 and 0b1010000; a body mass written that way is a mistake
    if (integer->flags() != toml::value_flags::none) {
      throw InputError(std::string(key), toml_text(node), "expected a decimal number");
    }
    return static_cast<double>(integer->get());
  }
  if (const auto* number = node.as_floating_point()) return number->get();
  if (const auto* flag = node.as_boolean()) return flag->get();
  if (const auto* text = node.as_string()) return text->get();
  throw InputError(std::string(key), toml_text(node), "expected a number, true/false or a string");
}

std::string toml_text(const toml::node& node) {
  // as the value was written, on one line: numbers exactly, strings quoted, nested values too
  if (const auto* text = node.as_string()) return "\"" + text->get() + "\"";
  if (const auto* number = node.as_floating_point()) return exact_number(number->get());
  if (const auto* integer = node.as_integer()) {
    const auto v = static_cast<unsigned long long>(integer->get());
    char buffer[80];
    switch (integer->flags()) {
      case toml::value_flags::format_as_hexadecimal:
        std::snprintf(buffer, sizeof buffer, "0x%llx", v);
        return buffer;
      case toml::value_flags::format_as_octal:
        std::snprintf(buffer, sizeof buffer, "0o%llo", v);
        return buffer;
      case toml::value_flags::format_as_binary: {
        std::string bits;
        for (unsigned long long x = v; x; x >>= 1) bits.insert(bits.begin(), char('0' + (x & 1)));
        return "0b" + (bits.empty() ? std::string("0") : bits);
      }
      default:
        return std::to_string(integer->get());
    }
  }
  if (const auto* flag = node.as_boolean()) return flag->get() ? "true" : "false";
  std::string out;
  if (const auto* array = node.as_array()) {
    for (const toml::node& item : *array) out += (out.empty() ? "" : ", ") + toml_text(item);
    return "[" + out + "]";
  }
  if (const auto* table = node.as_table()) {
    for (const auto& [key, value] : *table) {
      out += (out.empty() ? "" : ", ") + std::string(key.str()) + " = " + toml_text(value);
    }
    return "{" + out + "}";
  }
  std::ostringstream other;  // dates and times
  node.visit([&](const auto& value) { other << value; });
  return other.str();
}

std::string toml_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

toml::table parse_toml(std::string_view text, std::string_view origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw InputError(std::string(origin), "(file)",
                     "not valid TOML at line " + std::to_string(where.line) + ": " +
                         std::string(e.description()));
  }
}

}  // namespace detail

namespace {

std::vector<std::string> preset_names(std::string_view folder) {
  std::vector<std::string> names;
  for (const auto& [path, text] : detail::embedded_models()) {
    if (path.starts_with(folder) && path.ends_with(".toml")) {
      names.emplace_back(path.substr(folder.size(), path.size() - folder.size() - 5));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The embedded text of models/<folder><name>.toml, or nullopt if there is no such preset.
std::optional<std::string_view> preset_text(std::string_view folder, std::string_view name) {
  const std::string path = std::string(folder) + std::string(name) + ".toml";
  for (const auto& [embedded_path, text] : detail::embedded_models()) {
    if (embedded_path == path) return text;
  }
  return std::nullopt;
}

// The opening comment lines of models/<folder><name>.toml, joined by spaces.
std::string preset_description(std::string_view folder, std::string_view name) {
  const std::string_view text = preset_text(folder, name).value_or("");
  std::string out;
  std::size_t start = 0;
  while (start < text.size() && text[start] == '#') {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start + 1, end - start - 1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (!out.empty()) out += ' ';
    out.append(line);
    start = end + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// A whole lifter or setup from one TOML document: not empty, every key known, required
// fields present.
template <class Input>
Input input_from_toml(std::string_view text, std::string_view origin) {
  const toml::table table = detail::parse_toml(text, origin);
  if (table.empty()) {
    std::string required;
    const Input defaults;
    for_each_field(defaults, [&](const auto&, const FieldInfo& info) {
      if (info.required) required += (required.empty() ? "" : ", ") + std::string(info.name);
    });
    throw InputError(
        std::string(input_name(Input{})), std::string(origin),
        "the file sets no fields" + (required.empty() ? std::string()
                                                      : " (a " + std::string(input_name(Input{})) +
                                                            " needs at least " + required + ")"));
  }
  Input input;
  detail::read_fields(table, input, origin, /*require=*/true);
  return input;
}

template <class Input>
Input load_input(std::string_view name_or_path, std::string_view folder, std::string_view field) {
  if (is_file_name(name_or_path)) {
    return input_from_toml<Input>(read_input_file(name_or_path, field), name_or_path);
  }
  if (const auto text = preset_text(folder, name_or_path)) {
    return input_from_toml<Input>(*text, std::string(folder) + std::string(name_or_path) + ".toml");
  }
  const std::vector<std::string> names = preset_names(folder);
  std::string hint = closest_name(name_or_path, names);
  throw InputError(std::string(field), "\"" + std::string(name_or_path) + "\"",
                   "not a preset" + (hint.empty() ? "" : " (did you mean " + hint + "?)") +
                       "; presets: " + join(names) + "; or give a .toml file");
}

std::string shortest(double value) {
  std::string text = exact_number(value);
  // TOML needs a fraction or exponent for floats
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}


template <class Input>
std::string input_to_toml(const Input& input) {
  std::string out;
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    using T = std::decay_t<decltype(value)>;
    out += std::string(info.name) + " = ";
    if constexpr (std::is_same_v<T, std::string>) {
      out += detail::toml_quoted(value);
    } else if constexpr (std::is_same_v<T, bool>) {
      out += value ? "true" : "false";
    } else {
      out += shortest(value);
    }
    if (!info.unit.empty()) out += "  # " + std::string(info.unit);
    out += "\n";
  });
  return out;
}

}  // namespace

bool is_file_name(std::string_view text) {
  return text.find('/') != std::string_view::npos ||
         (text.size() > 5 && text.substr(text.size() - 5) == ".toml");
}

std::string read_input_file(std::string_view path, std::string_view field) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(fs::path(path), error);
  if (!fs::exists(status)) {
    throw InputError(std::string(field), std::string(path), "no such file");
  }
  if (!fs::is_regular_file(status)) {
    throw InputError(
        std::string(field), std::string(path),
        fs::is_directory(status) ? "is a directory, not a TOML file" : "is not a regular file");
  }
  std::ifstream in{std::string(path)};
  if (!in) throw InputError(std::string(field), std::string(path), "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lifter_preset_names() { return preset_names("lifters/"); }
std::string lifter_preset_description(std::string_view name) {
  return preset_description("lifters/", name);
}
std::string setup_preset_description(std::string_view name) {
  return preset_description("setups/", name);
}
std::vector<std::string> setup_preset_names() { return preset_names("setups/"); }

Lifter lifter_from_toml(std::string_view text, std::string_view origin) {
  return input_from_toml<Lifter>(text, origin);
}

Setup setup_from_toml(std::string_view text, std::string_view origin) {
  return input_from_toml<Setup>(text, origin);
}

Lifter load_lifter(std::string_view name_or_path) {
  return load_input<Lifter>(name_or_path, "lifters/", "lifter");
}

Setup load_setup(std::string_view name_or_path) {
  return load_input<Setup>(name_or_path, "setups/", "setup");
}

Setup load_setup_with_overrides(std::string_view text) {
  const auto colon = text.find(':');
  Setup setup = load_setup(text.substr(0, colon));
  if (colon == std::string_view::npos) return setup;
  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      throw InputError("setup", "\"" + std::string(text) + "\"",
                       "expected NAME or NAME:FIELD=VALUE[,FIELD=VALUE...]");
    }
    set_field_text(setup, item.substr(0, eq), item.substr(eq + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  setup.name = std::string(text);
  return setup;
}

namespace {

// Calls set(input) on the input that owns `name`; throws the unknown-field error otherwise.
template <class Set>
void on_owner(Lifter& lifter, Setup& setup, SimulationOptions* options, std::string_view name,
              std::string_view value_for_message, std::span<const std::string> extra_names,
              Set&& set) {
  if (has_field(setup, name)) return set(setup);
  if (has_field(lifter, name)) return set(lifter);
  if (options && has_field(*options, name)) return set(*options);
  std::vector<std::string> names(extra_names.begin(), extra_names.end());
  for (std::string& n : field_names(setup)) names.push_back(std::move(n));
  for (std::string& n : field_names(lifter)) names.push_back(std::move(n));
  if (options) {
    for (std::string& n : field_names(*options)) names.push_back(std::move(n));
  }
  throw InputError(
      std::string(name), std::string(value_for_message),
      unknown_field_message(options ? "lifter, setup or option" : "lifter or setup", name, names));
}

}  // namespace

void set_input_field(Lifter& lifter, Setup& setup, SimulationOptions* options,
                     std::string_view name, const FieldValue& value,
                     std::span<const std::string> extra_names) {
  on_owner(lifter, setup, options, name, value_text(value), extra_names,
           [&](auto& input) { set_field(input, name, value); });
}

void set_input_field_text(Lifter& lifter, Setup& setup, SimulationOptions* options,
                          std::string_view name, std::string_view text) {
  on_owner(lifter, setup, options, name, "\"" + std::string(text) + "\"", {},
           [&](auto& input) { set_field_text(input, name, text); });
}

std::string to_toml(const Lifter& lifter) { return input_to_toml(lifter); }
std::string to_toml(const Setup& setup) { return input_to_toml(setup); }
std::string to_toml(const SimulationOptions& options) { return input_to_toml(options); }

}  // namespace spineload
