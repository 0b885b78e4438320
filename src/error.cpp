#include "spineload/error.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace spineload {

std::string one_line(std::string_view text, std::size_t max_length) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t' || static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (out.size() > max_length) out = out.substr(0, max_length - 3) + "...";
  return out;
}

namespace {

constexpr std::size_t kMaxEcho = 120;  // characters of a rejected value in a message
constexpr std::size_t kMaxReason = 2000;

}  // namespace

InputError::InputError(std::string field, std::string value, std::string allowed)
    : std::invalid_argument(one_line(field, kMaxEcho) + " = " + one_line(value, kMaxEcho) + ": " +
                            one_line(allowed, kMaxReason)),
      field_(std::move(field)),
      value_(std::move(value)),
      allowed_(std::move(allowed)) {}

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::string exact_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[32];
  if (value == std::floor(value) && std::abs(value) < 1e15) {
    // whole numbers in full: a limit of 1e8 reads 100000000 next to a value of 100000001
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer[0] == '-' && value == 0 ? "0" : buffer;
  }
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace spineload
