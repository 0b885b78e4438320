// Human- and machine-readable views of results and models: JSON and the text summary.
#pragma once

#include <string>
#include <vector>

#include "spineload/model.hpp"
#include "spineload/one_rep_max.hpp"
#include "spineload/result.hpp"

namespace spineload {

/// The summary of one pull as one JSON object (docs/files.md "Summary JSON"): completed, status,
/// peak_* and peak_*_time, start_angles_deg, start_landmarks, lifter, setup, options, version.
std::string summary_json(const Result& result, int indent = 2);

/// The scaled model as JSON (`spineload model --json`): segments, foot, bar, l4l5, joints.
std::string model_json(const Model& model, int indent = 2);

/// The scaled model as a readable table (`spineload model`): segments, joints, spine.
std::string model_text(const Model& model);

/// Readable multi-line summary for the terminal.
std::string summary_text(const Result& result);

/// The one-rep max (`spineload max`): the load, what limits it and how the pull at it goes.
std::string one_rep_max_text(const OneRepMax& max);
std::string one_rep_max_json(const OneRepMax& max, int indent = 2);

/// Side-by-side table of several pulls (first is the reference), readable and as JSON.
std::string compare_text(const std::vector<Result>& results);
std::string compare_json(const std::vector<Result>& results, int indent = 2);

}  // namespace spineload
