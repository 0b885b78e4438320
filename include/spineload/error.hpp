// Bad input: one exception type that names the field, the value and the allowed range.
#pragma once

#include <stdexcept>
#include <string>

namespace spineload {

/// Thrown for any input outside what the model accepts: a setup or lifter field out of
/// range, an unknown key in a file, a posture that no joint angles satisfy.
/// `what()` is one line: "<field> = <value>: <reason/allowed range>".
class InputError : public std::invalid_argument {
 public:
  InputError(std::string field, std::string value, std::string allowed);

  const std::string& field() const noexcept { return field_; }
  const std::string& value() const noexcept { return value_; }
  const std::string& allowed() const noexcept { return allowed_; }

 private:
  std::string field_;
  std::string value_;
  std::string allowed_;
};

/// Formats a number the way every error message and summary prints it (up to 6 significant
/// digits, no trailing zeros).
std::string format_number(double value);

}  // namespace spineload
