// A training session: sets x reps of one setup, each joint fatiguing from rep to rep and
// recovering between them (docs/model.md 5.9).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "spineload/fields.hpp"
#include "spineload/output.hpp"
#include "spineload/result.hpp"

namespace spineload {

/// The session's plan. The load (kg or % of the one-rep max) and the tempo come from the setup:
/// `duration` is the pull up (concentric), `lowering_duration` the way down (eccentric); every
/// rep is lowered.
struct Session {
  double sets = 5;
  double reps = 3;      // per set
  double pause = 1.0;   // s, between reps: the bar on the floor (pulls) or held at the top (RDLs)
  double rest = 180.0;  // s, between sets
  bool operator==(const Session&) const = default;
};

inline constexpr std::string_view input_name(const Session&) { return "session"; }

template <class S, class Visitor>
requires std::is_same_v<std::remove_const_t<S>, Session>
void for_each_field(S& s, Visitor&& visit) {
  visit(s.sets, FieldInfo{.name = "sets", .min = 1, .max = 50, .doc = "sets", .integer = true});
  visit(s.reps,
        FieldInfo{.name = "reps", .min = 1, .max = 100, .doc = "reps per set", .integer = true});
  visit(s.pause, FieldInfo{"pause", "s", 0.0, 60.0,
                           "between reps: the bar on the floor (pulls) or held at the top (RDLs)"});
  visit(s.rest, FieldInfo{"rest", "s", 0.0, 3600.0, "rest between sets"});
}

/// One rep: where it fell in the session, how strong each joint still was, and its pull.
struct Rep {
  int set = 0, rep = 0;                       // from 1
  double start = 0;                           // s into the session
  std::array<double, kNumJoints> capacity{};  // of each joint's fresh strength, at its start
  Summary summary;  // the pull (peaks only up to a failure, as for any pull)
};

struct SessionResult {
  Lifter lifter;
  Setup setup;  // as each rep ran it: the load in kg, lowered
  Session session;
  double one_rep_max = 0;  // kg, the fresh lifter's, when the load was a percentage (else NaN)
  std::vector<Rep> reps;   // every rep attempted, in order
  int reps_completed = 0;
  bool completed = false;  // every planned rep completed
  std::string status;      // "completed", or which reps failed and why
  double duration = 0;     // s, from the first rep's start to the last rep's end
};

/// Runs the session: each rep is one pull by the lifter with each joint's strength scaled by
/// what its muscles have left (fatigue.hpp); a rep that fails ends its set, and the session
/// goes on with the next set after the rest. Pulls (motion "pull") and RDLs ("from_hang");
/// InputError for bad fields or a hold.
SessionResult run_session(const Lifter& lifter, const Setup& setup, const Session& session,
                          const SimulationOptions& options = {});

/// The session as a readable table, one line per rep, and what it came to.
std::string session_text(const SessionResult& result);

/// One column of the rep table: a number, flag (0/1) or text per rep.
struct RepColumn {
  std::string name, unit;
  enum class Kind { kNumber, kFlag, kText } kind = Kind::kNumber;
  std::vector<double> numbers;     // kNumber and kFlag
  std::vector<std::string> texts;  // kText
};

/// The rep table, one row per rep: set, rep, start (s), capacity_<joint> (fraction of fresh
/// strength at the rep's start), then every summary field (result.hpp) of the rep's pull. The
/// HDF5 file and Python's DataFrame are both this table (docs/files.md 11).
std::vector<RepColumn> rep_columns(const SessionResult& result);

/// Writes the session to an HDF5 file (docs/files.md 11) through write_atomically: a failed
/// write leaves no file and replaces none.
void save_session(const SessionResult& result, const OutputTarget& target);

}  // namespace spineload
