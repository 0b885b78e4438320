// Lifters and setups from TOML, presets embedded from models/ (DESIGN.md: setup and lifter
// files are TOML). Every key is checked against the struct's field list.
#include "spineload/config.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "detail/embedded.hpp"
#include "spineload/error.hpp"

namespace spineload {

namespace {

bool looks_like_path(std::string_view text) {
  return text.find('/') != std::string_view::npos ||
         (text.size() > 5 && text.substr(text.size() - 5) == ".toml");
}

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

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Names of every field of an input struct, for "allowed keys" messages.
template <class Input>
std::vector<std::string> field_names(const Input& input) {
  std::vector<std::string> names;
  for_each_field(input, [&](const auto&, const FieldInfo& info) {
    names.emplace_back(info.name);
  });
  return names;
}

std::string node_text(const toml::node& node) {
  std::ostringstream out;
  if (auto s = node.as_string()) {
    out << '"' << s->get() << '"';
  } else {
    node.visit([&](const auto& value) { out << value; });
  }
  return out.str();
}

// Reads one TOML value into a field, with a clear error for the wrong type.
void read_value(const toml::node& node, double& value, const FieldInfo& info) {
  if (auto number = node.value<double>(); number && (node.is_integer() || node.is_floating_point())) {
    value = *number;
    return;
  }
  throw InputError(std::string(info.name), node_text(node), "expected a number");
}
void read_value(const toml::node& node, bool& value, const FieldInfo& info) {
  if (auto flag = node.as_boolean()) {
    value = flag->get();
    return;
  }
  throw InputError(std::string(info.name), node_text(node), "expected true or false");
}
void read_value(const toml::node& node, std::string& value, const FieldInfo& info) {
  if (auto text = node.as_string()) {
    value = text->get();
    return;
  }
  throw InputError(std::string(info.name), node_text(node), "expected a string");
}

// Fills `input` from a TOML table: unknown keys and wrong types are errors, then ranges.
template <class Input>
void read_table(const toml::table& table, Input& input, std::string_view origin) {
  for (const auto& [key, node] : table) {
    bool known = false;
    for_each_field(input, [&](auto& value, const FieldInfo& info) {
      if (info.name == key.str()) {
        read_value(node, value, info);
        known = true;
      }
    });
    if (!known) {
      throw InputError(std::string(key.str()), node_text(node),
                       "unknown key in " + std::string(origin) + "; allowed: " +
                           join(field_names(input)));
    }
  }
  validate_fields(input);
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

std::string read_file(std::string_view path, std::string_view field) {
  std::ifstream in{std::string(path)};
  if (!in) {
    throw InputError(std::string(field), std::string(path), "cannot open the file");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

template <class Input>
Input load_input(std::string_view name_or_path, std::string_view folder, std::string_view field,
                 Input (*from_toml)(std::string_view, std::string_view)) {
  if (looks_like_path(name_or_path)) {
    return from_toml(read_file(name_or_path, field), name_or_path);
  }
  const std::string path = std::string(folder) + std::string(name_or_path) + ".toml";
  for (const auto& [embedded_path, text] : detail::embedded_models()) {
    if (embedded_path == path) return from_toml(text, path);
  }
  throw InputError(std::string(field), "\"" + std::string(name_or_path) + "\"",
                   "not a preset (" + join(preset_names(folder)) + ") or a .toml file");
}

std::string shortest(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  // TOML needs a fraction or exponent for floats
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

template <class Input>
std::string input_to_toml(const Input& input) {
  std::string out;
  for_each_field(input, [&](const auto& value, const FieldInfo& info) {
    using T = std::decay_t<decltype(value)>;
    out += std::string(info.name) + " = ";
    if constexpr (std::is_same_v<T, std::string>) {
      out += quoted(value);
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

void parse_into(std::string_view text, double& value, const FieldInfo& info) {
  const std::string copy(text);
  char* end = nullptr;
  const double parsed = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size()) {
    throw InputError(std::string(info.name), "\"" + copy + "\"", "expected a number");
  }
  value = parsed;
}
void parse_into(std::string_view text, bool& value, const FieldInfo& info) {
  if (text == "true" || text == "1") {
    value = true;
  } else if (text == "false" || text == "0") {
    value = false;
  } else {
    throw InputError(std::string(info.name), "\"" + std::string(text) + "\"",
                     "expected true or false");
  }
}
void parse_into(std::string_view text, std::string& value, const FieldInfo&) {
  value = std::string(text);
}

template <class Input>
void set_input_field(Input& input, std::string_view name, std::string_view text,
                     std::string_view what) {
  bool known = false;
  for_each_field(input, [&](auto& value, const FieldInfo& info) {
    if (info.name == name) {
      parse_into(text, value, info);
      check_field(info, value);
      known = true;
    }
  });
  if (!known) {
    throw InputError(std::string(name), "\"" + std::string(text) + "\"",
                     "not a " + std::string(what) + " field; allowed: " + join(field_names(input)));
  }
}

}  // namespace

std::string_view embedded_model_file(std::string_view relative_path) {
  for (const auto& [path, text] : detail::embedded_models()) {
    if (path == relative_path) return text;
  }
  throw InputError("file", std::string(relative_path), "not in models/");
}

std::vector<std::string> embedded_model_files() {
  std::vector<std::string> files;
  for (const auto& [path, text] : detail::embedded_models()) files.emplace_back(path);
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> lifter_preset_names() { return preset_names("lifters/"); }
std::vector<std::string> setup_preset_names() { return preset_names("setups/"); }

Lifter lifter_from_toml(std::string_view text, std::string_view origin) {
  Lifter lifter;
  read_table(parse_toml(text, origin), lifter, origin);
  return lifter;
}

Setup setup_from_toml(std::string_view text, std::string_view origin) {
  Setup setup;
  read_table(parse_toml(text, origin), setup, origin);
  return setup;
}

Lifter load_lifter(std::string_view name_or_path) {
  return load_input<Lifter>(name_or_path, "lifters/", "lifter", &lifter_from_toml);
}

Setup load_setup(std::string_view name_or_path) {
  return load_input<Setup>(name_or_path, "setups/", "setup", &setup_from_toml);
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
      throw InputError("setup", std::string(text),
                       "expected NAME or NAME:FIELD=VALUE[,FIELD=VALUE...]");
    }
    set_field(setup, item.substr(0, eq), item.substr(eq + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  setup.name = std::string(text);
  return setup;
}

std::string to_toml(const Lifter& lifter) { return input_to_toml(lifter); }
std::string to_toml(const Setup& setup) { return input_to_toml(setup); }

void set_field(Lifter& lifter, std::string_view name, std::string_view value) {
  set_input_field(lifter, name, value, "lifter");
}
void set_field(Setup& setup, std::string_view name, std::string_view value) {
  set_input_field(setup, name, value, "setup");
}
void set_field(SimulationOptions& options, std::string_view name, std::string_view value) {
  set_input_field(options, name, value, "option");
}

}  // namespace spineload
