// Human- and machine-readable views of results and models: JSON and the text summary.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "spineload/model.hpp"
#include "spineload/one_rep_max.hpp"
#include "spineload/result.hpp"
#include "spineload/session.hpp"

namespace spineload {

/// Reference lines drawn and printed with every pull (docs/model.md section 7): guidance for
/// repetitive occupational lifting, not limits for a trained lifter's single pull.
inline constexpr double kNioshActionLimit = 3400.0;   // N, disc compression, NIOSH 1981
inline constexpr double kNioshMaximumLimit = 6400.0;  // N, disc compression, NIOSH 1981
inline constexpr double kShearLimit = 1000.0;         // N, Gallagher & Marras 2012 (secondary)

/// The summary of one pull as one JSON object (docs/files.md "Summary JSON"): completed, status,
/// peak_* and peak_*_time, start_angles_deg, start_landmarks, lifter, setup, options, version.
std::string summary_json(const Result& result, int indent = 2);

/// The scaled model as JSON (`spineload model --json`): segments, foot, bar, l4l5, joints.
std::string model_json(const Model& model, int indent = 2);

/// The scaled model as a readable table (`spineload model`): segments, joints, spine.
std::string model_text(const Model& model);

/// Readable multi-line summary for the terminal.
std::string summary_text(const Result& result);

struct UncertainPull;
struct Uncertainty;
/// compare with bands: each setup's peaks as nominal [5-95 %] over the samples, and below each
/// its difference from the first, sample by sample, marked "differs" when that band excludes 0.
/// The table's cells (first row: headings), what was drawn, how to read it, and each setup's
/// sample outcomes; compare_bands_text lays them out as text, html_report as a table.
struct BandTable {
  std::string about;   // the samples and the spreads drawn
  std::string legend;  // how to read a cell
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;
};
BandTable compare_band_table(const std::vector<UncertainPull>& pulls, const Uncertainty& u);
std::string band_table_text(const BandTable& table);
std::string compare_bands_text(const std::vector<UncertainPull>& pulls, const Uncertainty& u);

struct AnalysisReport;
/// What the analysis of a filmed lift did (read, scale, filter, fit), one line each.
std::string analysis_text(const AnalysisReport& report);
/// The analysis report as one JSON object (NaN as null): path, format, ..., notes.
std::string analysis_report_json(const AnalysisReport& report, int indent = -1);
/// summary_json of a measured lift with the analysis report under "analysis".
std::string analysis_json(const Result& result, const AnalysisReport& report, int indent = 2);

/// The one-rep max (`spineload max`): the load, what limits it and how the pull at it goes.
std::string one_rep_max_text(const OneRepMax& max);
std::string one_rep_max_json(const OneRepMax& max, int indent = 2);

/// A training session as one JSON object: what was planned, how it went, and the rep table of
/// rep_columns (docs/cli.md).
std::string session_json(const SessionResult& result, int indent = 2);

/// A program as one JSON object: what was planned, how it went, and the week table of
/// week_columns.
std::string program_json(const ProgramResult& result, int indent = 2);

/// The cells of the comparison table, header row first: differences from the first pull,
/// percentages only where both pulls completed and never for a signed index, "-" where
/// nothing was lifted, "*" on a pull that did not complete (its peaks stop at the failure).
using CompareRow = std::array<std::string, 7>;
std::vector<CompareRow> compare_rows(const std::vector<Result>& results);

/// Side-by-side table of several pulls (first is the reference), readable and as JSON.
std::string compare_text(const std::vector<Result>& results);
std::string compare_json(const std::vector<Result>& results, int indent = 2);

}  // namespace spineload
