// A filmed lift in, the lifter's own loads out: keypoints (or joint angles) from a video are
// scaled, levelled, cleaned and filtered, the lifter's chain is fitted to them frame by frame,
// and the same inverse dynamics and spine model as a simulated pull give the L4-L5 loads
// (docs/model.md, section 8). The Result has the shape of a simulated one.
#pragma once

#include <array>
#include <string>
#include <type_traits>
#include <vector>

#include "spineload/fields.hpp"
#include "spineload/keypoints.hpp"
#include "spineload/result.hpp"

namespace spineload {

/// How to read and clean a filmed lift. Defaults follow the sources in docs/model.md 8.
struct AnalysisOptions {
  std::string format = "auto";   // of the file: auto (from its name), csv, mediapipe, trc, ...
  double fps = 0;                // frames per second when the file has no time (0 = from it)
  double image_width = 0;        // px, for MediaPipe's normalized coordinates
  double image_height = 0;       // px
  std::string units = "auto";    // of the coordinates: auto, px, m, normalized
  std::string side = "auto";     // body side to read: auto (the one seen best), right, left
  std::string facing = "auto";   // which way the lifter faces in the image: auto, right, left
  std::string scale = "auto";    // pixels to metres: auto, plate, lifter
  double metres_per_pixel = 0;   // m/px, a known scale (0 = from scale)
  double plate_diameter = 0.45;  // m, of the tracked plate (plate_top, plate_bottom)
  std::string level = "auto";    // camera tilt from the floor line (heel-toe): auto or none
  double cutoff = 0;             // Hz, zero-lag Butterworth low-pass (0 = by residual analysis)
  double max_gap = 0.2;          // s, longest gap of a missing point that is filled
  double min_confidence = 0.3;   // points seen less surely than this are missing
  std::string segment_lengths = "lifter";  // lifter (anthropometry) or video (measured)

  bool operator==(const AnalysisOptions&) const = default;
};

inline constexpr std::string_view input_name(const AnalysisOptions&) { return "analysis"; }
inline constexpr std::array<std::string_view, 4> kUnitsChoices = {"auto", "px", "m", "normalized"};
inline constexpr std::array<std::string_view, 3> kSideChoices = {"auto", "right", "left"};
inline constexpr std::array<std::string_view, 3> kScaleChoices = {"auto", "plate", "lifter"};
inline constexpr std::array<std::string_view, 2> kLevelChoices = {"auto", "none"};
inline constexpr std::array<std::string_view, 2> kSegmentLengthChoices = {"lifter", "video"};

template <class O, class Visitor>
requires std::is_same_v<std::remove_const_t<O>, AnalysisOptions>
void for_each_field(O& o, Visitor&& visit) {
  visit(o.format, FieldInfo{.name = "format",
                            .doc = "file format (auto: from the name)",
                            .choices = kRecordingFormats});
  visit(o.fps, FieldInfo{"fps",
                         "1/s",
                         0.0,
                         10000.0,
                         "frame rate for files without time",
                         true,
                         {},
                         false,
                         "from the file"});
  visit(o.image_width, FieldInfo{"image_width",
                                 "px",
                                 0.0,
                                 100000.0,
                                 "image width, for normalized coordinates",
                                 true,
                                 {},
                                 false,
                                 "not given"});
  visit(o.image_height, FieldInfo{"image_height",
                                  "px",
                                  0.0,
                                  100000.0,
                                  "image height, for normalized coordinates",
                                  true,
                                  {},
                                  false,
                                  "not given"});
  visit(o.units, FieldInfo{.name = "units", .doc = "coordinate units", .choices = kUnitsChoices});
  visit(o.side, FieldInfo{.name = "side", .doc = "body side to read", .choices = kSideChoices});
  visit(o.facing,
        FieldInfo{.name = "facing", .doc = "way the lifter faces", .choices = kSideChoices});
  visit(o.scale, FieldInfo{.name = "scale",
                           .doc = "pixels to metres: plate diameter or the lifter's legs",
                           .choices = kScaleChoices});
  visit(o.metres_per_pixel,
        FieldInfo{
            "metres_per_pixel", "m/px", 0.0, 1.0, "a known scale", true, {}, false, "from scale"});
  visit(o.plate_diameter, FieldInfo{"plate_diameter", "m", 0.2, 0.6, "tracked plate diameter"});
  visit(o.level,
        FieldInfo{
            .name = "level", .doc = "correct camera tilt from the feet", .choices = kLevelChoices});
  visit(o.cutoff,
        FieldInfo{
            "cutoff", "Hz", 0.0, 50.0, "low-pass cut-off", true, {}, false, "residual analysis"});
  visit(o.max_gap, FieldInfo{"max_gap", "s", 0.0, 2.0, "longest gap filled"});
  visit(o.min_confidence, FieldInfo{"min_confidence", "", 0.0, 1.0, "least confidence used"});
  visit(o.segment_lengths, FieldInfo{.name = "segment_lengths",
                                     .doc = "segment lengths from the lifter or the video",
                                     .choices = kSegmentLengthChoices});
}

/// What the analysis did and how well the chain fits, for the reader to judge the loads.
struct AnalysisReport {
  std::string path, format, side, units;
  std::size_t frames = 0;               // in the file
  double fps = 0;                       // 1/s
  double start_time = 0, end_time = 0;  // s, the part analysed (the bar in the hands)
  double metres_per_unit = 1;           // m per file unit
  std::string scale;                    // how the scale was found
  std::string facing;                   // "right" or "left"
  double tilt_deg = 0;                  // camera tilt corrected, deg
  double cutoff = 0;                    // Hz, as applied
  std::string lumbar;                   // how the lumbar angle was found
  // fit residual per landmark (m; NaN: not fitted): RMS and largest over the part analysed
  std::array<double, kNumLandmarkKinds> rms_residual{};
  std::array<double, kNumLandmarkKinds> max_residual{};
  // segment lengths (m): shank, thigh, hip-shoulder, shoulder-hand; median over the part
  // analysed in the video, and the model's
  std::array<double, 4> video_length{}, model_length{};
  std::vector<std::string> notes;  // every choice and correction, in words
};
inline constexpr std::array<std::string_view, 4> kMeasuredSegmentNames = {
    "shank", "thigh", "hip-shoulder", "shoulder-hand"};

struct Analysis {
  Result result;
  AnalysisReport report;
};

/// Analyses a recording for `lifter` holding `setup.load` (kg). Of the setup, the load, the
/// spine tissue fields (spine_model, bracing, iap_kpa) and lumbar_flexion_deg (the lumbar
/// angle held when no l4l5 point is tracked) are used; the rest describe a plan, not a video.
/// Throws InputError naming the field or the landmark for input it cannot analyse.
Analysis analyze(const Recording& recording, const Lifter& lifter, const Setup& setup,
                 const AnalysisOptions& options = {});

/// read_recording(path) with the options' format, fps, image size, units and side, then
/// analyze().
Analysis analyze_file(const std::string& path, const Lifter& lifter, const Setup& setup,
                      const AnalysisOptions& options = {});

/// A zero-lag low-pass Butterworth filter: 2nd order run forwards and backwards, its cut-off
/// corrected for the two passes (Winter 2009, eq. 2.19 with C = 0.802) so the result is -3 dB
/// at `cutoff` (Hz). `signal` is sampled at `rate` (Hz). In place.
void low_pass(std::vector<double>& signal, double rate, double cutoff);

}  // namespace spineload
