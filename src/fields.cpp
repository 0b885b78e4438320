#include "spineload/fields.hpp"

#include <cmath>

namespace spineload {

std::string describe_range(const FieldInfo& info) {
  std::string text = "allowed [" + format_number(info.min) + ", " + format_number(info.max) + "]";
  if (!info.unit.empty()) text.append(" ").append(info.unit);
  if (info.zero_means_table) text += ", or 0 for the table value";
  return text;
}

void check_field(const FieldInfo& info, double value) {
  if (info.zero_means_table && value == 0.0) return;
  if (!std::isfinite(value) || value < info.min || value > info.max) {
    throw InputError(std::string(info.name), format_number(value), describe_range(info));
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

}  // namespace spineload
