// Safe output files: what may be written where, and how a file appears complete or not at all.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace spineload {

/// Where an output goes, after the checks of check_output_target.
struct OutputTarget {
  std::string path;     // the file to create or replace (a symlink's final target)
  std::string partial;  // written first, renamed to `path` when complete
};

/// The rules every file spineload writes follows (docs/files.md):
/// - the name must not be empty;
/// - a symbolic link is followed: the file it points to is written (and must itself obey
///   these rules), the link stays;
/// - an existing target must be a regular file (a directory, device, FIFO or socket is
///   refused) and is replaced only with `force`;
/// - it must not be one of `inputs` (a sweep spec is never its own output), even with force;
/// - its directory must exist.
/// Throws InputError naming `field` and the path.
OutputTarget check_output_target(const std::string& path, bool force,
                                 std::span<const std::string> inputs = {},
                                 const char* field = "--out");

/// Runs write(target.partial), then renames it to target.path; on any failure the partial
/// file is removed and nothing is replaced. I/O failures throw IoError.
void write_atomically(const OutputTarget& target,
                      const std::function<void(const std::string&)>& write);

/// Writes `text` to `path` (created or truncated); throws IoError if any of it is not written.
/// Use inside write_atomically, so that a failed write replaces nothing.
void write_text_file(const std::string& path, std::string_view text);

}  // namespace spineload
