// HDF5 files of one pull (layout: docs/files.md). A file appears complete or not at all: it
// is written to "<path>.partial" and renamed at the end.
#pragma once

#include <string>

#include "spineload/output.hpp"
#include "spineload/result.hpp"

namespace spineload {

/// Writes one pull: a dataset per output channel (kChannels, with unit and doc attributes);
/// the summary, lifter, setup and options as attributes. IoError on I/O failure (no file
/// left, nothing replaced).
void save_result(const Result& result, const OutputTarget& target);

/// Same to `path`, checked by check_output_target (an existing file is replaced only with
/// overwrite). InputError for a target that must not be written.
void save_result(const Result& result, const std::string& path, bool overwrite = false);

/// Reads a file written by save_result back into a Result. IoError for a missing, foreign or
/// damaged file, naming the item and the versions when the file is from another version.
Result load_result(const std::string& path);

}  // namespace spineload
