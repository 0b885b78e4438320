// The command line, as a library function: the `spineload` binary and `python -m spineload`
// both call run_command_line, so there is one implementation (docs/cli.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace spineload {

/// Exit codes of the command line (docs/cli.md).
inline constexpr int kExitOk = 0;             // done; a simulated pull completed
inline constexpr int kExitInternal = 1;       // a bug: anything not listed below
inline constexpr int kExitInputError = 2;     // bad input: one line naming field, value, range
inline constexpr int kExitIoError = 3;        // a file could not be read or written
inline constexpr int kExitPullFailed = 4;     // simulate: the pull ran but did not complete
inline constexpr int kExitInterrupted = 130;  // Ctrl-C: a sweep stopped, its rows kept

/// Runs `spineload ARGS...` (args without the program name), printing to out and err, and
/// returns the exit code. Never throws.
int run_command_line(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace spineload
