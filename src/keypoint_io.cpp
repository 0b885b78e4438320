// Readers for filmed lifts (docs/files.md, section 8): spineload's CSV, MediaPipe-style CSVs,
// .trc marker files, OpenSim .mot joint angles and OpenPose JSON folders.
#include "spineload/keypoints.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <numbers>
#include <sstream>

#include <nlohmann/json.hpp>

#include "spineload/error.hpp"

namespace spineload {

namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string lower_alnum(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// Where in a file a message points: "lift.csv line 3, column 4 (knee_x)".
std::string place(const std::string& path, std::size_t line, std::size_t column = 0,
                  std::string_view column_name = {}) {
  std::string out = path + " line " + std::to_string(line);
  if (column > 0) out += ", column " + std::to_string(column);
  if (!column_name.empty()) out += " (" + std::string(column_name) + ")";
  return out;
}

// A number in a data row: empty or NaN text is a missing value.
double cell_number(std::string_view text, const std::string& where) {
  const std::string t = trim(text);
  if (t.empty() || lower(t) == "nan" || lower(t) == "na") return kNaN;
  double value = 0;
  const char* end = t.data() + t.size();
  const auto [ptr, ec] = std::from_chars(t.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    throw InputError(where, "\"" + one_line(t, 40) + "\"", "not a number");
  }
  return value;
}

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream stream(line);
  while (std::getline(stream, cell, separator)) out.push_back(cell);
  if (!line.empty() && line.back() == separator) out.emplace_back();
  return out;
}

// A cell without its surrounding blanks and double quotes ("knee_x" -> knee_x).
std::string unquote(std::string_view cell) {
  std::string t = trim(cell);
  if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
  return t;
}

std::vector<std::string> split_whitespace(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream stream(line);
  std::string cell;
  while (stream >> cell) out.push_back(cell);
  return out;
}

std::ifstream open_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot read " + path);
  return in;
}

// One named point as the file has it, before a body side is chosen.
struct RawTrack {
  std::string name;
  LandmarkName kind;
  Track track;
};

void check_time(const std::vector<double>& time, const std::string& path,
                const std::vector<std::size_t>& lines, std::string_view column) {
  if (time.size() < 2) {
    throw InputError(path, time.size() == 1 ? "1 frame" : std::to_string(time.size()) + " frames",
                     "a lift needs at least 2 frames");
  }
  for (std::size_t i = 0; i < time.size(); ++i) {
    const std::string where = place(path, lines[i], 0, column);
    if (!std::isfinite(time[i])) throw InputError(where, "missing", "every frame needs a time");
    if (i > 0 && time[i] <= time[i - 1]) {
      throw InputError(
          where, exact_number(time[i]) + " s",
          "time must increase (the frame before is at " + exact_number(time[i - 1]) + " s)");
    }
  }
}

// Chooses the body side nearer the camera (the one seen most surely) and fills the
// recording's tracks from it; points without a side (the bar, l4l5, a mid hip) fill in.
void assemble(std::vector<RawTrack>& raw, const std::string& wanted_side, Recording& out) {
  double score_right = 0, score_left = 0;
  for (const RawTrack& r : raw) {
    if (!r.kind.used) continue;
    double score = 0;
    for (std::size_t i = 0; i < r.track.x.size(); ++i) {
      if (std::isfinite(r.track.x[i]) && std::isfinite(r.track.y[i])) {
        score += std::isfinite(r.track.confidence[i]) ? r.track.confidence[i] : 1.0;
      }
    }
    if (r.kind.side == "right") score_right += score;
    if (r.kind.side == "left") score_left += score;
  }
  const bool has_sides = score_right > 0 || score_left > 0;
  std::string side = wanted_side;
  if (side == "auto") side = score_left > score_right ? "left" : "right";
  out.side = has_sides ? side : "mid";
  if (has_sides && wanted_side == "auto" && score_right > 0 && score_left > 0) {
    out.notes.push_back(
        "both body sides in the file: read the " + side + " side" +
        (score_right == score_left
             ? " (seen equally: the right by default; --set side=left for the other)"
             : ", seen more surely (the one nearer the camera)"));
  }
  for (const char* pass : {"side", "mid"}) {
    for (RawTrack& r : raw) {
      if (!r.kind.used || out.tracks[r.kind.landmark].present()) continue;
      const bool match = std::string(pass) == "side" ? r.kind.side == side : r.kind.side == "mid";
      if (match) out.tracks[r.kind.landmark] = std::move(r.track);
    }
  }
  for (const RawTrack& r : raw) {
    if (!r.kind.used) out.unused.push_back(r.name);
  }
}

// ---- spineload CSV and MediaPipe-style CSV ----------------------------------------------------

// "knee_x" -> {"knee", "x"}; the coordinate suffixes a CSV column may carry.
bool split_column(const std::string& column, std::string& name, std::string& coordinate) {
  const auto underscore = column.rfind('_');
  if (underscore == std::string::npos) return false;
  name = column.substr(0, underscore);
  coordinate = lower(column.substr(underscore + 1));
  static const std::array<std::string_view, 10> kSuffixes = {
      "x", "y", "z", "c", "conf", "confidence", "likelihood", "visibility", "presence", "score"};
  return std::find(kSuffixes.begin(), kSuffixes.end(), coordinate) != kSuffixes.end();
}

Recording read_csv(const std::string& path, const ReadOptions& options, std::string format) {
  std::ifstream in = open_text(path);
  std::string line;
  std::size_t line_number = 0;
  // the header: the first line that is not blank or a # comment
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++line_number;
    if (line_number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // Excel's BOM
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    for (std::string& cell : split(line, ',')) header.push_back(unquote(cell));
    break;
  }
  if (header.empty()) throw InputError(path, "no header", "the first line names the columns");
  const std::size_t header_line = line_number;
  Recording rec;
  rec.path = path;
  // what each column holds
  enum class Role { kTime, kFrame, kX, kY, kConfidence, kIgnored };
  struct Column {
    Role role = Role::kIgnored;
    int raw = -1;  // index into raw tracks
  };
  std::vector<Column> columns(header.size());
  std::vector<RawTrack> raw;
  std::map<std::string, int> raw_index;
  std::map<std::string, std::size_t> seen_columns;  // "<landmark>_<coordinate>" -> its column
  int time_column = -1;
  bool visibility = false;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string key = lower(header[c]);
    const std::string where = place(path, header_line, c + 1, header[c]);
    if (key.empty() && c + 1 == header.size()) continue;  // a trailing comma
    const bool is_time = key == "time" || key == "t" || key == "time_s";
    const bool is_frame = key == "frame" || key == "frame_index" || key == "frame#";
    if (is_time || is_frame) {
      if (time_column >= 0) {
        throw InputError(where, "\"" + one_line(header[c], 40) + "\"",
                         "a second time or frame column (the first is column " +
                             std::to_string(time_column + 1) + ")");
      }
      columns[c].role = is_time ? Role::kTime : Role::kFrame;
      time_column = static_cast<int>(c);
      continue;
    }
    std::string name, coordinate;
    if (!split_column(header[c], name, coordinate)) {
      throw InputError(where, "\"" + one_line(header[c], 60) + "\"",
                       "expected time, frame or <landmark>_x, _y, _z, _confidence or _visibility");
    }
    LandmarkName kind;
    if (!parse_landmark_name(name, kind)) {
      throw InputError(where, "\"" + one_line(name, 60) + "\"",
                       "unknown landmark; known: ankle, knee, hip, l4l5, shoulder, elbow, wrist, "
                       "bar, ear, toe, heel, plate_top, plate_bottom (with right_/left_ or R/L, "
                       "or MediaPipe's and OpenPose's names)");
    }
    if (coordinate == "visibility" || coordinate == "presence") visibility = true;
    // a landmark's coordinate twice: which one is meant cannot be told (the later one would
    // silently win)
    if (auto [seen, first] = seen_columns.try_emplace(lower(name) + "_" + coordinate, c); !first) {
      throw InputError(where, "\"" + one_line(header[c], 60) + "\"",
                       "a second " + lower(name) + "_" + coordinate +
                           " column (the first is column " + std::to_string(seen->second + 1) +
                           ")");
    }
    auto [it, inserted] = raw_index.try_emplace(lower(name), static_cast<int>(raw.size()));
    if (inserted) raw.push_back({name, kind, {}});
    columns[c].raw = it->second;
    if (coordinate == "x") {
      columns[c].role = Role::kX;
    } else if (coordinate == "y") {
      columns[c].role = Role::kY;
    } else if (coordinate == "z") {
      columns[c].role = Role::kIgnored;  // depth from one camera: not used in the sagittal plane
    } else {
      columns[c].role = Role::kConfidence;
    }
  }
  if (time_column < 0) {
    throw InputError(place(path, header_line), "no time or frame column",
                     "the first columns are time (s) or frame (with --fps)");
  }
  const bool by_frame = columns[time_column].role == Role::kFrame;
  if (!by_frame && options.fps > 0) {
    rec.notes.push_back("--fps " + format_number(options.fps) +
                        " not used: the file's time column gives the clock");
  }
  if (by_frame && options.fps <= 0) {
    throw InputError("fps", "0",
                     path + " numbers frames, not seconds: give the frame rate (--fps)");
  }
  // every landmark needs both coordinates
  for (const RawTrack& r : raw) {
    bool has_x = false, has_y = false;
    for (const Column& col : columns) {
      if (col.raw >= 0 && &raw[col.raw] == &r) {
        has_x = has_x || col.role == Role::kX;
        has_y = has_y || col.role == Role::kY;
      }
    }
    if (!has_x || !has_y) {
      throw InputError(place(path, header_line), "\"" + r.name + "\"",
                       std::string("has no ") + (has_x ? "_y" : "_x") + " column");
    }
  }
  std::vector<std::size_t> lines;
  while (std::getline(in, line)) {
    ++line_number;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::vector<std::string> cells = split(line, ',');
    if (cells.size() != header.size()) {
      throw InputError(place(path, line_number), std::to_string(cells.size()) + " columns",
                       "the header has " + std::to_string(header.size()));
    }
    for (RawTrack& r : raw) {
      r.track.x.push_back(kNaN);
      r.track.y.push_back(kNaN);
      r.track.confidence.push_back(kNaN);
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const Column& col = columns[c];
      if (col.role == Role::kIgnored) continue;
      const double v = cell_number(unquote(cells[c]), place(path, line_number, c + 1, header[c]));
      if (col.role == Role::kTime) {
        rec.time.push_back(v);
      } else if (col.role == Role::kFrame) {
        rec.time.push_back(v / options.fps);
      } else {
        Track& track = raw[col.raw].track;
        (col.role == Role::kX   ? track.x
         : col.role == Role::kY ? track.y
                                : track.confidence)
            .back() = v;
      }
    }
    lines.push_back(line_number);
  }
  check_time(rec.time, path, lines, header[time_column]);
  if (format == "auto") format = visibility ? "mediapipe" : "csv";
  rec.format = format;
  rec.units = options.units != "auto" ? options.units : format == "mediapipe" ? "normalized" : "px";
  rec.y_down = rec.units != "m";
  assemble(raw, options.side, rec);
  return rec;
}

// ---- .trc marker files (OpenSim, Pose2Sim, Sports2D) ------------------------------------------

Recording read_trc(const std::string& path, const ReadOptions& options) {
  std::ifstream in = open_text(path);
  std::vector<std::string> head(5);
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (!std::getline(in, head[i])) {
      throw InputError(place(path, i + 1), "end of file", "a .trc file has 5 header lines");
    }
    if (!head[i].empty() && head[i].back() == '\r') head[i].pop_back();
  }
  if (lower(head[0]).rfind("pathfiletype", 0) != 0) {
    throw InputError(place(path, 1), "\"" + one_line(head[0], 40) + "\"",
                     "a .trc file starts with PathFileType");
  }
  // line 2 names the values on line 3: DataRate CameraRate NumFrames NumMarkers Units ...
  const std::vector<std::string> keys = split(head[1], '\t'), values = split(head[2], '\t');
  std::string units = "m";
  for (std::size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    if (lower(trim(keys[i])) == "units") units = lower(trim(values[i]));
  }
  double scale = 1.0;
  if (units == "mm") {
    scale = 0.001;
  } else if (units == "cm") {
    scale = 0.01;
  } else if (units != "m" && units != "px" && units != "pixels") {
    throw InputError(place(path, 3, 0, "Units"), "\"" + units + "\"", "expected mm, cm, m or px");
  }
  Recording rec;
  rec.path = path;
  rec.format = "trc";
  rec.units = units == "px" || units == "pixels" ? "px" : "m";
  // Sports2D writes "m" in the header of its pixel files too: their names say _px
  const std::string stem = lower(fs::path(path).stem().string());
  if (rec.units == "m" && (stem.ends_with("_px") || stem.find("_px_") != std::string::npos)) {
    rec.units = "px";
    rec.notes.push_back("pixel coordinates (the file name says _px, as Sports2D's do)");
  }
  if (options.units != "auto") rec.units = options.units;
  // Sports2D's pixel files keep image rows (y down); metric files have y up (OpenSim axes)
  rec.y_down = rec.units == "px";
  // line 4: Frame#, Time, then each marker's name over its three columns
  const std::vector<std::string> names = split(head[3], '\t');
  std::vector<RawTrack> raw;
  std::vector<std::size_t> raw_column;  // first data column (X) of each marker
  for (std::size_t c = 2; c < names.size(); ++c) {
    const std::string name = trim(names[c]);
    if (name.empty()) continue;
    LandmarkName kind;
    if (!parse_landmark_name(name, kind)) {
      kind.used = false;  // another marker set's marker: listed as unused
    }
    raw.push_back({name, kind, {}});
    raw_column.push_back(c);
  }
  if (raw.empty()) throw InputError(place(path, 4), "no marker names", "line 4 names the markers");
  std::vector<double> z_spread(raw.size(), 0.0);
  std::vector<std::vector<double>> z(raw.size());
  std::string line;
  std::size_t line_number = 5;
  std::vector<std::size_t> lines;
  while (std::getline(in, line)) {
    ++line_number;
    if (trim(line).empty()) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> cells = split(line, '\t');
    if (cells.size() < 2) {
      throw InputError(place(path, line_number), "\"" + one_line(line, 40) + "\"",
                       "a data row starts with Frame# and Time");
    }
    rec.time.push_back(cell_number(cells[1], place(path, line_number, 2, "Time")));
    lines.push_back(line_number);
    for (std::size_t m = 0; m < raw.size(); ++m) {
      double xyz[3] = {kNaN, kNaN, kNaN};
      for (int k = 0; k < 3; ++k) {
        const std::size_t c = raw_column[m] + k;
        if (c < cells.size()) {
          xyz[k] = cell_number(cells[c], place(path, line_number, c + 1, raw[m].name)) * scale;
        }
      }
      raw[m].track.x.push_back(xyz[0]);
      raw[m].track.y.push_back(xyz[1]);
      raw[m].track.confidence.push_back(kNaN);
      z[m].push_back(xyz[2]);
    }
  }
  check_time(rec.time, path, lines, "Time");
  // metric 3D markers: the sagittal plane is the one the lifter moves in. Its forward
  // direction is taken from the feet (heel to toe) or the knee and hand ahead of the hip.
  bool three_d = false;
  for (const auto& zs : z) {
    for (double v : zs) three_d = three_d || (std::isfinite(v) && std::abs(v) > 1e-9);
  }
  if (three_d && rec.units == "m") {
    auto find = [&](Landmark l, std::string_view side = {}) -> int {
      for (std::size_t m = 0; m < raw.size(); ++m) {
        if (raw[m].kind.used && raw[m].kind.landmark == l &&
            (side.empty() || raw[m].kind.side == side)) {
          return static_cast<int>(m);
        }
      }
      return -1;
    };
    double ux = 0, uz = 0;
    auto add_direction = [&](int from, int to) {
      if (from < 0 || to < 0) return;
      for (std::size_t i = 0; i < rec.time.size(); ++i) {
        const double dx = raw[to].track.x[i] - raw[from].track.x[i];
        const double dz = z[to][i] - z[from][i];
        if (std::isfinite(dx) && std::isfinite(dz)) {
          ux += dx;
          uz += dz;
        }
      }
    };
    // forward is square to the line between the hips (the feet may turn out); its sign from
    // the knees and hands, ahead of the hips in a pull. Without both hips: heel to toe, else
    // hip to knee and hand.
    const int left_hip = find(kLmHip, "left"), right_hip = find(kLmHip, "right");
    if (left_hip >= 0 && right_hip >= 0) {
      double lx = 0, lz = 0;
      for (std::size_t i = 0; i < rec.time.size(); ++i) {
        const double dx = raw[right_hip].track.x[i] - raw[left_hip].track.x[i];
        const double dz = z[right_hip][i] - z[left_hip][i];
        if (std::isfinite(dx) && std::isfinite(dz)) {
          lx += dx;
          lz += dz;
        }
      }
      double ahead_x = 0, ahead_z = 0;
      const int hip = right_hip;
      for (int to : {find(kLmKnee), find(kLmWrist)}) {
        if (to < 0) continue;
        for (std::size_t i = 0; i < rec.time.size(); ++i) {
          const double dx = raw[to].track.x[i] - raw[hip].track.x[i];
          const double dz = z[to][i] - z[hip][i];
          if (std::isfinite(dx) && std::isfinite(dz)) {
            ahead_x += dx;
            ahead_z += dz;
          }
        }
      }
      ux = lz;  // the lateral line turned a quarter turn about the vertical
      uz = -lx;
      if (ux * ahead_x + uz * ahead_z < 0) {
        ux = -ux;
        uz = -uz;
      }
    }
    if (std::hypot(ux, uz) == 0) add_direction(find(kLmHeel), find(kLmToe));
    if (std::hypot(ux, uz) == 0) {
      add_direction(find(kLmHip), find(kLmKnee));
      add_direction(find(kLmHip), find(kLmWrist));
    }
    const double norm = std::hypot(ux, uz);
    if (norm > 0) {
      ux /= norm;
      uz /= norm;
      for (std::size_t m = 0; m < raw.size(); ++m) {
        for (std::size_t i = 0; i < rec.time.size(); ++i) {
          raw[m].track.x[i] = raw[m].track.x[i] * ux + z[m][i] * uz;
        }
      }
      rec.notes.push_back("3D markers: read in the vertical plane facing " +
                          exact_number(std::round(std::atan2(uz, ux) * 180 / std::numbers::pi)) +
                          " deg from the file's X axis towards Z (the lifter's forward direction)");
    }
  }
  assemble(raw, options.side, rec);
  return rec;
}

// ---- OpenSim .mot joint angles -----------------------------------------------------------------

Recording read_mot(const std::string& path, const ReadOptions& options) {
  std::ifstream in = open_text(path);
  std::string line;
  std::size_t line_number = 0;
  bool in_degrees = true, header_done = false;
  while (std::getline(in, line)) {
    ++line_number;
    const std::string key = lower(trim(line));
    if (key.rfind("indegrees", 0) == 0) in_degrees = key.find("no") == std::string::npos;
    if (key == "endheader") {
      header_done = true;
      break;
    }
  }
  if (!header_done)
    throw InputError(path, "no endheader line", "a .mot file's header ends with endheader");
  std::vector<std::string> names;
  std::size_t names_line = 0;
  while (names.empty() && std::getline(in, line)) {
    ++line_number;
    names = split_whitespace(line);
    names_line = line_number;
  }
  // the coordinates of the Rajagopal et al. (2016) and gait2392 models (docs/files.md 8.4)
  const std::string side = options.side == "left" ? "l" : "r";
  struct Want {
    std::vector<std::string> names;
    double sign;
    int column = -1;
  };
  std::array<Want, kNumJoints> want = {{
      {{"ankle_angle_" + side}, 1.0},
      {{"knee_angle_" + side}, 1.0},
      {{"hip_flexion_" + side}, 1.0},
      {{"lumbar_extension", "l5_s1_flex_ext", "l4_l5_flex_ext"}, -1.0},
      {{"arm_flex_" + side}, 1.0},
  }};
  int time_column = -1;
  for (std::size_t c = 0; c < names.size(); ++c) {
    // OpenSim 4 .sto names a coordinate by its path: /jointset/hip_r/hip_flexion_r/value
    std::string key = lower(names[c]);
    if (key.find('/') != std::string::npos) {
      std::vector<std::string> parts = split(key, '/');
      while (!parts.empty() && (parts.back().empty() || parts.back() == "value")) parts.pop_back();
      if (!parts.empty()) key = parts.back();
    }
    if (key == "time") time_column = static_cast<int>(c);
    for (Want& w : want) {
      if (w.column < 0 && std::find(w.names.begin(), w.names.end(), key) != w.names.end()) {
        w.column = static_cast<int>(c);
      }
    }
  }
  if (time_column < 0) throw InputError(place(path, names_line), "no time column", "expected time");
  for (const Want& w : want) {
    if (w.column < 0) {
      throw InputError(place(path, names_line), "no " + w.names[0] + " column",
                       "a .mot needs ankle_angle, knee_angle, hip_flexion, lumbar_extension (or "
                       "L5_S1_Flex_Ext) and arm_flex");
    }
  }
  Recording rec;
  rec.path = path;
  rec.format = "mot";
  rec.units = "rad";
  std::vector<std::size_t> lines;
  const double to_rad = in_degrees ? std::numbers::pi / 180.0 : 1.0;
  while (std::getline(in, line)) {
    ++line_number;
    const std::vector<std::string> cells = split_whitespace(line);
    if (cells.empty()) continue;
    if (cells.size() != names.size()) {
      throw InputError(place(path, line_number), std::to_string(cells.size()) + " columns",
                       "the column names have " + std::to_string(names.size()));
    }
    rec.time.push_back(
        cell_number(cells[time_column], place(path, line_number, time_column + 1, "time")));
    Vec5 q;
    for (int j = 0; j < kNumJoints; ++j) {
      const int c = want[j].column;
      const std::string where = place(path, line_number, c + 1, names[c]);
      const double value = cell_number(cells[c], where);
      // joint angles come from a fit (OpenSim's inverse kinematics): none may be missing
      if (!std::isfinite(value))
        throw InputError(where, "missing", "every frame needs every angle");
      q[j] = want[j].sign * to_rad * value;
    }
    rec.angles.push_back(q);
    lines.push_back(line_number);
  }
  check_time(rec.time, path, lines, "time");
  // gait2392 counts knee flexion negative: a knee bent mostly "backwards" is that convention
  std::vector<double> knee;
  for (const Vec5& q : rec.angles) knee.push_back(q[1]);
  std::nth_element(knee.begin(), knee.begin() + knee.size() / 2, knee.end());
  if (knee[knee.size() / 2] < 0) {
    for (Vec5& q : rec.angles) q[1] = -q[1];
    rec.notes.push_back("knee_angle is mostly negative: read with gait2392's sign (flexion < 0)");
  }
  rec.side = side == "r" ? "right" : "left";
  return rec;
}

// ---- OpenPose JSON folders ---------------------------------------------------------------------

constexpr std::array<std::string_view, 25> kBody25 = {
    "Nose", "Neck",    "RShoulder", "RElbow", "RWrist",  "LShoulder", "LElbow", "LWrist", "MidHip",
    "RHip", "RKnee",   "RAnkle",    "LHip",   "LKnee",   "LAnkle",    "REye",   "LEye",   "REar",
    "LEar", "LBigToe", "LSmallToe", "LHeel",  "RBigToe", "RSmallToe", "RHeel"};
constexpr std::array<std::string_view, 18> kCoco = {
    "Nose",  "Neck",   "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "RHip",
    "RKnee", "RAnkle", "LHip",      "LKnee",  "LAnkle", "REye",      "LEye",   "REar",   "LEar"};

Recording read_openpose(const std::string& path, const ReadOptions& options) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) throw IoError("cannot read the folder " + path + ": " + ec.message());
  if (files.empty()) {
    throw InputError(path, "no .json files",
                     "a folder is read as OpenPose keypoints, one .json file per frame");
  }
  if (options.fps <= 0) {
    throw InputError("fps", "0",
                     path +
                         " is an OpenPose folder, which has no time: give the "
                         "frame rate (--fps)");
  }
  // the frame number: the last run of digits in the name (video_000000000012_keypoints);
  // frames in that order (a name without digits: by name)
  auto frame_number = [](const fs::path& file) {
    const std::string stem = file.stem().string();
    const std::size_t end = stem.find_last_of("0123456789");
    if (end == std::string::npos) return -1.0;
    std::size_t begin = stem.find_last_not_of("0123456789", end);
    begin = begin == std::string::npos ? 0 : begin + 1;
    double number = -1;
    std::from_chars(stem.data() + begin, stem.data() + end + 1, number);
    return number;
  };
  std::vector<std::pair<double, fs::path>> numbered;
  for (const fs::path& file : files) numbered.emplace_back(frame_number(file), file);
  std::sort(numbered.begin(), numbered.end());
  const bool by_number = numbered.front().first >= 0;
  for (std::size_t f = 0; f < files.size(); ++f) files[f] = numbered[f].second;
  Recording rec;
  rec.path = path;
  rec.format = "openpose";
  rec.units = options.units != "auto" ? options.units : "px";
  rec.y_down = true;
  std::vector<RawTrack> raw;
  std::size_t layout = 0;
  std::vector<std::size_t> lines;
  std::vector<Vec2> last_seen;  // px, each keypoint of the lifter where last seen
  for (std::size_t f = 0; f < files.size(); ++f) {
    const std::string file = files[f].string();
    const double frame = by_number ? numbered[f].first : static_cast<double>(f);
    nlohmann::json doc;
    try {
      std::ifstream in = open_text(file);
      doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
      throw InputError(file, "not JSON", one_line(e.what(), 200));
    }
    if (!doc.is_object() || !doc.contains("people") || !doc["people"].is_array()) {
      throw InputError(file, "no \"people\" list", "an OpenPose frame file has one");
    }
    // the lifter: the person nearest where the lifter was in the last frame with anyone (the
    // mean distance of the points seen in both), else the person seen most surely; a spotter
    // or a passer-by seen more surely does not take over the track
    const nlohmann::json* best = nullptr;
    double best_score = -1, best_distance = std::numeric_limits<double>::infinity();
    for (const auto& person : doc["people"]) {
      if (!person.contains("pose_keypoints_2d") || !person["pose_keypoints_2d"].is_array()) {
        throw InputError(file, "a person without pose_keypoints_2d", "expected x, y, c triples");
      }
      const auto& k = person["pose_keypoints_2d"];
      if (k.size() != 75 && k.size() != 54) {
        throw InputError(file, std::to_string(k.size()) + " values in pose_keypoints_2d",
                         "expected 75 (BODY_25) or 54 (COCO)");
      }
      if (layout == 0) {
        layout = k.size();
        const std::size_t count = layout / 3;
        for (std::size_t i = 0; i < count; ++i) {
          const std::string_view name = layout == 75 ? kBody25[i] : kCoco[i];
          LandmarkName kind;
          if (!parse_landmark_name(name, kind)) kind.used = false;
          raw.push_back({std::string(name), kind, {}});
          // the frames before anyone was seen: missing points
          raw.back().track.x.assign(rec.time.size(), kNaN);
          raw.back().track.y.assign(rec.time.size(), kNaN);
          raw.back().track.confidence.assign(rec.time.size(), 0.0);
        }
        rec.notes.push_back(layout == 75 ? "OpenPose BODY_25 keypoints"
                                         : "OpenPose COCO keypoints");
      } else if (k.size() != layout) {
        throw InputError(file, std::to_string(k.size()) + " values in pose_keypoints_2d",
                         "the first frame had " + std::to_string(layout));
      }
      double score = 0;
      for (std::size_t i = 0; i < k.size(); ++i) {
        if (!k[i].is_number() && !k[i].is_null()) {
          throw InputError(
              file, "pose_keypoints_2d[" + std::to_string(i) + "] = " + one_line(k[i].dump(), 40),
              "x, y, c triples of numbers (null: not found)");
        }
        if (i % 3 == 2 && k[i].is_number()) score += k[i].get<double>();
      }
      double distance = std::numeric_limits<double>::infinity();
      if (!last_seen.empty()) {
        double sum = 0;
        int shared = 0;
        for (std::size_t i = 0; 3 * i + 2 < k.size() && i < last_seen.size(); ++i) {
          const bool seen = k[3 * i + 2].is_number() && k[3 * i + 2].get<double>() > 0 &&
                            k[3 * i].is_number() && k[3 * i + 1].is_number();
          if (!seen || !std::isfinite(last_seen[i].x())) continue;
          sum += std::hypot(k[3 * i].get<double>() - last_seen[i].x(),
                            k[3 * i + 1].get<double>() - last_seen[i].y());
          ++shared;
        }
        if (shared > 0) distance = sum / shared;
      }
      if (distance < best_distance || (distance == best_distance && score > best_score)) {
        best_distance = distance;
        best_score = score;
        best = &person;
      }
    }
    rec.time.push_back(frame / options.fps);
    lines.push_back(f + 1);
    for (std::size_t i = 0; i < raw.size(); ++i) {
      double x = kNaN, y = kNaN, c = 0;
      if (best != nullptr) {
        const auto& k = (*best)["pose_keypoints_2d"];
        const auto number = [&](std::size_t j) {
          return k[j].is_number() ? k[j].get<double>() : kNaN;
        };
        c = number(3 * i + 2);
        if (c > 0) {  // OpenPose writes 0, 0, 0 for a point it did not find
          x = number(3 * i);
          y = number(3 * i + 1);
        } else {
          c = 0;
        }
      }
      raw[i].track.x.push_back(x);
      raw[i].track.y.push_back(y);
      raw[i].track.confidence.push_back(c);
      if (best != nullptr) {
        if (last_seen.size() < raw.size()) last_seen.assign(raw.size(), Vec2(kNaN, kNaN));
        if (std::isfinite(x)) last_seen[i] = Vec2(x, y);  // a point unseen keeps its last place
      }
    }
  }
  if (raw.empty()) throw InputError(path, "nobody in any frame", "the lifter must be detected");
  // time by frame number: files are frames, so "line" in a message is the file's place in order
  for (std::size_t i = 1; i < rec.time.size(); ++i) {
    if (rec.time[i] <= rec.time[i - 1]) {
      throw InputError(files[i].string(), "frame " + exact_number(rec.time[i] * options.fps),
                       "a second file with this frame number (the last number in the name)");
    }
  }
  if (rec.time.size() < 2) throw InputError(path, "1 frame", "a lift needs at least 2 frames");
  assemble(raw, options.side, rec);
  return rec;
}

}  // namespace

bool parse_landmark_name(std::string_view name, LandmarkName& out) {
  static const std::map<std::string, Landmark> kBases = {
      {"ankle", kLmAnkle},     {"knee", kLmKnee},         {"hip", kLmHip},
      {"l4l5", kLmL4L5},       {"shoulder", kLmShoulder}, {"elbow", kLmElbow},
      {"wrist", kLmWrist},     {"bar", kLmBar},           {"barbell", kLmBar},
      {"barcentre", kLmBar},   {"barcenter", kLmBar},     {"plate", kLmBar},
      {"platecentre", kLmBar}, {"platecenter", kLmBar},   {"ear", kLmEar},
      {"toe", kLmToe},         {"bigtoe", kLmToe},        {"footindex", kLmToe},
      {"heel", kLmHeel},       {"platetop", kLmPlateTop}, {"platebottom", kLmPlateBottom}};
  static const std::vector<std::string> kUnused = {
      "nose",       "neck",  "head",  "eye",   "eyeinner", "eyeouter",    "mouth", "mouthleft",
      "mouthright", "pinky", "index", "thumb", "smalltoe", "midshoulder", "chest", "pelvis"};
  const std::string key = lower_alnum(name);
  if (key.empty()) return false;
  auto match = [&](const std::string& base, const std::string& side) {
    if (const auto it = kBases.find(base); it != kBases.end()) {
      out = {it->second, side, true};
      return true;
    }
    if (std::find(kUnused.begin(), kUnused.end(), base) != kUnused.end()) {
      out = {kLmAnkle, side, false};
      return true;
    }
    return false;
  };
  if (key == "midhip") return match("hip", "mid");
  if (match(key, "mid")) return true;
  for (const auto& [prefix, side] : {std::pair<std::string, std::string>{"right", "right"},
                                     {"left", "left"},
                                     {"r", "right"},
                                     {"l", "left"}}) {
    if (key.rfind(prefix, 0) == 0 && match(key.substr(prefix.size()), side)) return true;
  }
  return false;
}

std::string guess_recording_format(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return "openpose";
  const std::string ext = lower(fs::path(path).extension().string());
  if (ext == ".trc") return "trc";
  if (ext == ".mot" || ext == ".sto") return "mot";
  if (ext == ".csv") return "csv";
  return "";
}

Recording read_recording(const std::string& path, const ReadOptions& options) {
  if (std::find(kRecordingFormats.begin(), kRecordingFormats.end(), options.format) ==
      kRecordingFormats.end()) {
    throw InputError("format", "\"" + one_line(options.format, 40) + "\"",
                     "expected auto, csv, mediapipe, trc, mot or openpose");
  }
  for (const auto& [field, value] : {std::pair{"units", options.units}, {"side", options.side}}) {
    const std::vector<std::string> allowed =
        std::string(field) == "units" ? std::vector<std::string>{"auto", "px", "m", "normalized"}
                                      : std::vector<std::string>{"auto", "right", "left"};
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      throw InputError(field, "\"" + one_line(value, 40) + "\"",
                       std::string(field) == "units" ? "expected auto, px, m or normalized"
                                                     : "expected auto, right or left");
    }
  }
  for (const auto& [field, value] : {std::pair{"fps", options.fps},
                                     {"image_width", options.image_width},
                                     {"image_height", options.image_height}}) {
    const double top = std::string(field) == "fps" ? 1e4 : 1e5;
    if (!std::isfinite(value) || value < 0 || value > top) {
      throw InputError(field, exact_number(value),
                       "allowed [0, " + exact_number(top) + "], 0 = from the file");
    }
  }
  std::error_code ec;
  if (!fs::exists(path, ec)) throw IoError("no such file or folder: " + path);
  std::string format = options.format;
  const bool guessed = format == "auto";
  if (guessed) {
    format = guess_recording_format(path);
    if (format.empty()) {
      throw InputError("format", "auto",
                       "cannot tell the format of " + path +
                           " from its name: give --format csv, mediapipe, trc, mot or openpose");
    }
  }
  if (format == "openpose") {
    if (!fs::is_directory(path, ec)) {
      throw InputError(path, "a file", "OpenPose output is a folder of per-frame .json files");
    }
    return read_openpose(path, options);
  }
  if (fs::is_directory(path, ec)) {
    throw InputError(path, "a folder", "only OpenPose output is read from a folder");
  }
  if (format == "trc") return read_trc(path, options);
  if (format == "mot") return read_mot(path, options);
  // a .csv is spineload's or MediaPipe's: its columns tell, unless the format was given
  return read_csv(path, options, guessed ? "auto" : format);
}

}  // namespace spineload
