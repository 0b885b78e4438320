// A filmed lift as pose estimators write it: keypoints per frame (or joint angles), read from
// the formats of Sports2D/Pose2Sim/OpenSim (.trc, .mot), OpenPose (a folder of JSON files),
// MediaPipe-style landmark CSVs and spineload's own CSV (docs/files.md, section 8).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "spineload/model.hpp"

namespace spineload {

/// The landmarks spineload reads. The chain's joints (ankle .. shoulder, and the hand as the
/// wrist or the bar) are fitted; l4l5, the L4-L5 joint centre (e.g. from a marker), makes the
/// lumbar angle observable; toe and heel level the floor and tell which way the lifter
/// faces; plate_top and plate_bottom (the plate's rim above and below the bar) set the scale.
enum Landmark : int {
  kLmAnkle,
  kLmKnee,
  kLmHip,
  kLmL4L5,
  kLmShoulder,
  kLmElbow,
  kLmWrist,
  kLmBar,
  kLmEar,
  kLmToe,
  kLmHeel,
  kLmPlateTop,
  kLmPlateBottom,
  kNumLandmarkKinds
};
inline constexpr std::array<std::string_view, kNumLandmarkKinds> kLandmarkNames = {
    "ankle", "knee", "hip", "l4l5", "shoulder",  "elbow",       "wrist",
    "bar",   "ear",  "toe", "heel", "plate_top", "plate_bottom"};

/// One landmark's track: x, y and a confidence in [0, 1] per frame. NaN marks a frame where the
/// point is missing; a track with no frames is not in the file.
struct Track {
  std::vector<double> x, y, confidence;
  bool present() const { return !x.empty(); }
};

/// What a reader returns. Coordinates are as the file has them (`units`, `y_down`); the
/// analysis (analyze.hpp) scales, levels and turns them.
struct Recording {
  std::string path;          // as given
  std::string format;        // "csv", "mediapipe", "trc", "mot" or "openpose"
  std::vector<double> time;  // s, increasing
  std::array<Track, kNumLandmarkKinds> tracks;
  std::string units;   // "px", "m" or "normalized" (fractions of the image width and height)
  bool y_down = true;  // image rows: y grows downwards
  std::string side;    // the body side read ("right", "left", "mid" or "" for a .mot)
  std::vector<std::string> unused;  // names in the file that spineload does not use
  // joint angles per frame (rad, anatomical, the model's convention) from a .mot; empty when
  // the file holds keypoints
  std::vector<Vec5> angles;
  std::vector<std::string> notes;  // choices the reader made, in words
};

/// How to read a file. 0 or "auto" = from the file.
struct ReadOptions {
  std::string format = "auto";  // auto, csv, mediapipe, trc, mot, openpose
  double fps = 0;               // frames per second, for files without time (OpenPose, frames)
  double image_width = 0, image_height = 0;  // px, for normalized coordinates (MediaPipe)
  std::string units = "auto";                // auto, px, m, normalized
  std::string side = "auto";                 // auto, right, left
};

inline constexpr std::array<std::string_view, 6> kRecordingFormats = {"auto", "csv", "mediapipe",
                                                                      "trc",  "mot", "openpose"};

/// Reads a lift from `path` (a file, or a folder of OpenPose JSON files). Throws InputError
/// naming the file, line and column for a malformed file (unknown landmark, missing column,
/// time not increasing, a number that is not one), and IoError when it cannot be read.
Recording read_recording(const std::string& path, const ReadOptions& options = {});

/// The format a path would be read as, from its extension ("trc", "mot", "csv": spineload's or
/// MediaPipe's, which its columns tell) or, for a folder, "openpose"; "" when it cannot tell.
std::string guess_recording_format(const std::string& path);

/// The landmark a name in a file stands for, and its body side ("right", "left" or "mid"):
/// spineload's names, Sports2D/OpenPose names (RKnee, LBigToe, MidHip) and MediaPipe names
/// (left_knee, right_foot_index). Returns false for a name it does not know.
struct LandmarkName {
  Landmark landmark = kLmAnkle;
  std::string side;
  bool used = true;  // false: a known point spineload does not use (nose, neck, eyes, ...)
};
bool parse_landmark_name(std::string_view name, LandmarkName& out);

}  // namespace spineload
