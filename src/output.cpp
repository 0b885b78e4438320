// Safe output files (docs/files.md, "Writing files").
#include "spineload/output.hpp"

#include <cstdio>
#include <filesystem>

#include "spineload/error.hpp"

namespace spineload {

namespace fs = std::filesystem;

namespace {

const char* kind_of(const fs::file_status& status) {
  switch (status.type()) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::block:
    case fs::file_type::character:
      return "a device";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

}  // namespace

OutputTarget check_output_target(const std::string& path, bool force,
                                 std::span<const std::string> inputs, const char* field) {
  if (path.empty()) throw InputError(field, "\"\"", "an output file name is required");
  std::error_code error;
  fs::path target(path);
  // follow symbolic links to the file they name (a chain of them too)
  for (int hops = 0; fs::is_symlink(fs::symlink_status(target, error)); ++hops) {
    if (hops > 40) throw InputError(field, path, "too many levels of symbolic links");
    const fs::path link = fs::read_symlink(target, error);
    target = link.is_absolute() ? link : target.parent_path() / link;
  }
  const fs::file_status status = fs::status(target, error);
  if (fs::exists(status)) {
    if (!fs::is_regular_file(status)) {
      throw InputError(
          field, path,
          std::string("is ") + kind_of(status) + "; spineload writes only regular files");
    }
    for (const std::string& input : inputs) {
      if (!input.empty() && fs::equivalent(target, fs::path(input), error)) {
        throw InputError(field, path,
                         "is an input of this run (" + input + "); choose another output file");
      }
    }
    if (!force) {
      throw InputError(field, path, "exists; pass --force (Python: overwrite=True) to replace it");
    }
  }
  const fs::path directory = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  if (!fs::is_directory(directory, error)) {
    throw InputError(field, path, "the directory " + directory.string() + " does not exist");
  }
  OutputTarget out{target.string(), target.string() + ".partial"};
  // the partial file is replaced too: it must not be an input either
  for (const std::string& input : inputs) {
    if (!input.empty() && fs::equivalent(fs::path(out.partial), fs::path(input), error)) {
      throw InputError(field, path,
                       out.partial +
                           " (written first, then renamed) is an input of "
                           "this run; choose another output file");
    }
  }
  const fs::file_status partial = fs::symlink_status(out.partial, error);
  if (fs::exists(partial) && !fs::is_regular_file(partial)) {
    throw InputError(field, path, out.partial + " is " + kind_of(partial) + "; remove it first");
  }
  return out;
}

void write_atomically(const OutputTarget& target,
                      const std::function<void(const std::string&)>& write) {
  try {
    write(target.partial);
  } catch (...) {
    std::remove(target.partial.c_str());
    throw;
  }
  if (std::rename(target.partial.c_str(), target.path.c_str()) != 0) {
    std::remove(target.partial.c_str());
    throw IoError("cannot rename " + target.partial + " to " + target.path);
  }
}

void write_text_file(const std::string& path, std::string_view text) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) throw IoError("cannot create " + path);
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  // a full disk may only show when the buffer is flushed
  if (std::fclose(file) != 0 || !written) throw IoError("cannot write " + path);
}

}  // namespace spineload
