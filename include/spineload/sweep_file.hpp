// Sweeps into HDF5 files that keep their rows (layout and rules: docs/files.md). Rows are
// appended in flushed blocks under HDF5's single-writer/multiple-reader mode, so a sweep that
// is interrupted (Ctrl-C) or killed leaves "<path>.partial" readable with every flushed row,
// and resume = true completes it, each pull exactly once.
#pragma once

#include <span>
#include <string>

#include "spineload/sweep.hpp"

namespace spineload {

struct SweepFileOptions {
  SweepRun run;                         // threads, progress, stop (run.first is set here)
  bool force = false;                   // replace an existing file or discard a .partial
  bool resume = false;                  // complete "<path>.partial" of an interrupted sweep
  std::span<const std::string> inputs;  // files this run reads, never to be overwritten
  SweepLimits limits;                   // checked again here (the caller's --max-pulls)
};

/// Runs the sweep into `path`. While it runs the file is "<path>.partial"; it is renamed to
/// `path` when every row is in. Interrupted by options.run.should_stop, it returns with
/// counts.interrupted and the partial file closed and resumable. Throws InputError for a
/// target that must not be written, a .partial left by an interrupted sweep (without resume or
/// force), or a resume whose spec differs from the partial file's; IoError on I/O failure.
/// The counts cover every row of the file, resumed ones included.
SweepCounts run_sweep_to_hdf5(const SweepSpec& spec, const std::string& path,
                              const SweepFileOptions& options);

/// Rows a sweep file (complete, or a .partial of an interrupted or killed sweep) holds whole.
std::size_t sweep_file_rows(const std::string& path);

}  // namespace spineload
