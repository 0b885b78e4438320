// Field checks, strict text parsing and "did you mean" for every input interface.
#include "spineload/fields.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace spineload {

std::string describe_range(const FieldInfo& info) {
  std::string text = "allowed [" + exact_number(info.min) + ", " + exact_number(info.max) + "]";
  if (!info.unit.empty()) text.append(" ").append(info.unit);
  if (info.integer) text += ", a whole number";
  if (info.zero_means_table) text.append(", or 0: ").append(info.zero_meaning);
  return text;
}

void check_field(const FieldInfo& info, double value) {
  if (info.zero_means_table && value == 0.0) return;
  if (!std::isfinite(value) || value < info.min || value > info.max ||
      (info.integer && value != std::floor(value))) {
    throw InputError(std::string(info.name), exact_number(value), describe_range(info));
  }
}

void check_field(const FieldInfo& info, const std::string& value) {
  if (info.choices.empty()) return;
  std::string allowed = "allowed ";
  for (std::size_t i = 0; i < info.choices.size(); ++i) {
    if (value == info.choices[i]) return;
    allowed += (i ? " | " : "") + std::string(info.choices[i]);
  }
  throw InputError(std::string(info.name), "\"" + value + "\"", allowed);
}

double parse_decimal(std::string_view field, std::string_view text) {
  // from_chars reads decimal (and exponent) notation only: no hex, no spaces, no suffix
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      !std::isfinite(value)) {
    throw InputError(std::string(field), "\"" + std::string(text) + "\"",
                     "expected a decimal number");
  }
  return value;
}

FieldValue parse_field_value(const FieldInfo& info, std::string_view text, FieldKind kind) {
  switch (kind) {
    case FieldKind::kNumber:
      return parse_decimal(info.name, text);
    case FieldKind::kFlag:
      if (text == "true") return true;
      if (text == "false") return false;
      throw InputError(std::string(info.name), "\"" + std::string(text) + "\"",
                       "expected true or false");
    case FieldKind::kText:
      break;
  }
  return std::string(text);
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closest_name(std::string_view name, std::span<const std::string> names) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const std::string& candidate : names) {
    // a prefix ("trunk_angle" for "trunk_angle_deg") counts as close
    const bool prefix = name.size() >= 4 && candidate.starts_with(name);
    const std::size_t d = prefix ? 1 : edit_distance(name, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

std::string unknown_field_message(std::string_view what, std::string_view name,
                                  const std::vector<std::string>& names) {
  std::string message = "not a " + std::string(what) + " field";
  if (const std::string hint = closest_name(name, names); !hint.empty()) {
    message += "; did you mean " + hint + "?";
  }
  message += (message.back() == '?' ? " allowed: " : "; allowed: ");
  for (std::size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
  return message;
}

std::string value_text(const FieldValue& value) {
  if (const double* number = std::get_if<double>(&value)) return exact_number(*number);
  if (const bool* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  return "\"" + std::get<std::string>(value) + "\"";
}

}  // namespace spineload
