// Training: a session of sets x reps of one setup, each joint fatiguing from rep to rep and
// recovering between them, and a program of weeks of sessions with a load rising each week
// (docs/model.md 5.9).
#pragma once

#include <array>
#include <string>
#include <string_view>
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
  // LiFFT (lifft.hpp) with the session as a day's lifting: the reps' damage summed (every rep
  // that lifted, a failed one's at its peak load moment before the failure) and the
  // probability of a high-risk job at that daily damage
  double lifft_damage = 0;
  double lifft_risk = 0;
};

/// A tempo written UP-DOWN-PAUSE in seconds ("3-3-1", the command line's and Python's form):
/// the pull up, the way down, the pause between reps. InputError naming `field` otherwise.
std::array<double, 3> parse_tempo(std::string_view text, std::string_view field = "tempo");

/// Runs the session: each rep is one pull by the lifter with each joint's strength scaled by
/// what its muscles have left (fatigue.hpp); a rep that fails ends its set, and the session
/// goes on with the next set after the rest. Pulls (motion "pull") and RDLs ("from_hang");
/// InputError for bad fields or a hold.
SessionResult run_session(const Lifter& lifter, const Setup& setup, const Session& session,
                          const SimulationOptions& options = {});

/// The session as a readable table, one line per rep, and what it came to.
std::string session_text(const SessionResult& result);

/// One column of a rep table (or a program's week table): a number, flag (0/1) or text per row.
struct RepColumn {
  std::string name, unit;
  enum class Kind { kNumber, kFlag, kText } kind = Kind::kNumber;
  std::vector<double> numbers;     // kNumber and kFlag
  std::vector<std::string> texts;  // kText
};

/// The rep table, one row per rep: set, rep, start (s), capacity_<joint> (fraction of fresh
/// strength at the rep's start), lifft_damage (the rep's LiFFT damage from its load_moment; 0
/// if it never left the floor), then every summary field (result.hpp) of the rep's pull. The
/// HDF5 file and Python's DataFrame are both this table (docs/files.md 11).
std::vector<RepColumn> rep_columns(const SessionResult& result);

/// Writes the session to an HDF5 file (docs/files.md 11) through write_atomically: a failed
/// write leaves no file and replaces none.
void save_session(const SessionResult& result, const OutputTarget& target);

/// A program: the session `sessions_per_week` times a week for `weeks` weeks, the load rising
/// each week by `progression` % of the first week's. The lifter recovers fully between
/// sessions (a day is many times the muscles' recovery time at rest) and does not grow
/// stronger, so every session of a week is the same and the program shows where the planned
/// progression outruns today's strength.
struct Program {
  double weeks = 6;
  double sessions_per_week = 2;
  double progression = 2.5;  // % of the first week's load added each week
  bool operator==(const Program&) const = default;
};

inline constexpr std::string_view input_name(const Program&) { return "program"; }

template <class P, class Visitor>
requires std::is_same_v<std::remove_const_t<P>, Program>
void for_each_field(P& p, Visitor&& visit) {
  visit(p.weeks, FieldInfo{.name = "weeks", .min = 1, .max = 52, .doc = "weeks", .integer = true});
  visit(p.sessions_per_week, FieldInfo{.name = "sessions_per_week",
                                       .min = 1,
                                       .max = 7,
                                       .doc = "sessions a week, each the same",
                                       .integer = true});
  visit(p.progression, FieldInfo{"progression", "%", 0.0, 50.0,
                                 "added each week, as a share of the first week's load"});
}

struct ProgramResult {
  Lifter lifter;
  Setup setup;  // the first week's, the load in kg
  Session session;
  Program program;
  double one_rep_max = 0;            // kg, the fresh lifter's, when the load was a percentage
  std::vector<SessionResult> weeks;  // one session of each week run, in order
  int weeks_completed = 0;
  bool completed = false;  // every planned week's session completed
  std::string status;      // "completed", or the week whose session failed and how
};

/// Runs the program: week w's session at the first week's load times
/// 1 + progression / 100 x (w - 1), each as run_session. It stops after the first week whose
/// session does not complete: the progression has outrun the lifter there.
ProgramResult run_program(const Lifter& lifter, const Setup& setup, const Session& session,
                          const Program& program, const SimulationOptions& options = {});

/// The week table, one row per week run: week, load (kg), load_percent (of the one-rep max;
/// NaN when the load was in kg), reps planned and completed, completed, the session's largest
/// L4-L5 moment, compression and anterior shear and L5-S1 compression (NaN if no rep left the
/// floor), its cumulative L4-L5 compression (the sum of its reps', 0 if none left the floor)
/// and the week's (times sessions_per_week), the session's LiFFT damage and risk (a session
/// as a day's lifting), and status.
std::vector<RepColumn> week_columns(const ProgramResult& result);

/// The program as a readable table, one line per week, and what it came to.
std::string program_text(const ProgramResult& result);

/// Writes the program to an HDF5 file (docs/files.md 11) through write_atomically.
void save_program(const ProgramResult& result, const OutputTarget& target);

}  // namespace spineload
