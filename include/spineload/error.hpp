// Errors: bad input (one exception type that names the field, the value and the allowed
// range) and input/output failures (a file that cannot be read or written).
#pragma once

#include <stdexcept>
#include <cstddef>
#include <string>
#include <string_view>

namespace spineload {

/// Thrown for any input outside what the model accepts: a setup or lifter field out of
/// range, an unknown key in a file, a posture that no joint angles satisfy, an output target
/// that must not be written. `what()` is one line: "<field> = <value>: <reason/allowed range>".
/// The command line exits with kExitInputError; Python raises spineload.InputError (ValueError).
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

/// A file could not be read or written (disk full, permissions, a damaged HDF5 file). The
/// command line exits with kExitIoError; Python raises spineload.IoError (an OSError).
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Text on one line: newlines and tabs escaped, other control characters blanked, and cut to
/// `max_length` characters ("..." at the end) - how every message echoes what it was given.
std::string one_line(std::string_view text, std::size_t max_length = 2000);

/// Formats a number the way summaries and status lines print it (up to 6 significant digits,
/// no trailing zeros).
std::string format_number(double value);

/// Formats a number exactly (shortest text that reads back to the same double), as error
/// messages print rejected values and limits: 100000001 is not shown as 1e+08.
std::string exact_number(double value);

}  // namespace spineload
