// spineload::Setup -> start posture and the planned pull (docs/model.md, sections 4-5).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "detail/angles.hpp"
#include "detail/chain_ik.hpp"
#include "spineload/config.hpp"
#include "spineload/error.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/posture.hpp"
#include "spineload/simulate.hpp"
#include "spineload/reference.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

using detail::kDegToRad;
constexpr double kPosition = 1e-9;  // m, solver residual

std::string error_field(const Model& model, const spineload::Setup& setup) {
  try {
    make_reference(model, setup);
  } catch (const InputError& e) {
    return e.field();
  }
  return "";
}

// That make_reference (the start posture included) refuses the setup naming `field`, with
// `words` in the message.
void expect_refused(const Model& model, const spineload::Setup& setup, const std::string& field,
                    const std::string& words) {
  try {
    make_reference(model, setup);
    ADD_FAILURE() << "not refused";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), field) << e.what();
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

// The closed-form placement (eq. 4.1-4.3) against forward kinematics: at random postures,
// hips high above the knee to below it (the thigh leaning back past horizontal), the joint
// angles it gives put the knee, hip, L4-L5, shoulder and bar where it says and the bar where the
// posture variables put it, with the knee in front and unwrapped; its centre of mass is that of
// the placed body; and it refuses exactly the hips the legs cannot reach.
TEST(ChainIk, PlacementIsWhatForwardKinematicsBuilds) {
  const Model model = make_model(test::average_male(), 100.0);
  const auto length = detail::segment_lengths(model);
  std::uint64_t state = 12345;
  auto uniform = [&](double lo, double hi) {  // a fixed sequence (LCG)
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (hi - lo) * static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  int reached = 0, unreached = 0, hips_below_knee = 0;
  Data data;
  for (int i = 0; i < 2000; ++i) {
    detail::PostureVariables v;
    v.bar = {uniform(-0.1, 0.3), uniform(0.0, 1.0)};
    v.trunk = uniform(-10, 95) * kDegToRad;
    v.lumbar = uniform(-10, 50) * kDegToRad;
    v.arm = uniform(-150, -30) * kDegToRad;
    detail::ChainDirections chain;
    const double hip_distance = (detail::hip_position(length, v) - model.ankle).norm();
    const bool reachable = hip_distance <= length[kShank] + length[kThigh] &&
                           hip_distance >= std::abs(length[kShank] - length[kThigh]);
    ASSERT_EQ(detail::chain_directions(length, model.ankle, v, chain), reachable) << i;
    if (!reachable) {
      ++unreached;
      continue;
    }
    ++reached;
    hips_below_knee += chain.hip.y() < chain.knee.y();
    const Vec5 phi = detail::chain_segment_angles(chain, v);
    const double knee_flexion = phi[kThigh] - phi[kShank];
    EXPECT_GE(knee_flexion, -1e-12) << i;
    EXPECT_LE(knee_flexion, std::numbers::pi + 1e-12) << i;
    forward_kinematics(model, data, joint_angles(phi));
    EXPECT_NEAR((data.landmark[1] - chain.knee).norm(), 0.0, 1e-12) << i;
    EXPECT_NEAR((data.landmark[2] - chain.hip).norm(), 0.0, 1e-12) << i;
    EXPECT_NEAR((data.landmark[kNumLandmarks - 1] - v.bar).norm(), 0.0, 1e-12) << i;
    for (int j = 0; j < kNumJoints; ++j) {
      EXPECT_NEAR((chain.u[j] - Vec2(data.cos_phi[j], data.sin_phi[j])).norm(), 0.0, 1e-12)
          << i << " segment " << j;
    }
    EXPECT_NEAR(center_of_mass_x(model, chain.u), center_of_mass(model, data).x(), 1e-12) << i;
  }
  EXPECT_GT(reached, 200);  // both verdicts and low hips were exercised
  EXPECT_GT(unreached, 200);
  EXPECT_GT(hips_below_knee, 20);
}

TEST(Posture, StartSatisfiesEveryCondition) {
  for (const Lifter& lifter : {test::average_male(), test::average_female()}) {
    for (double offset : {0.0, 0.05, 0.10}) {
      spineload::Setup setup;
      setup.bar_offset = offset;
      setup.lumbar_flexion_deg = 10.0;
      const Model model = make_model(lifter, setup.load);
      const Posture p = solve_start_posture(model, setup);
      const Vec2& hand = p.landmark[kNumLandmarks - 1];
      EXPECT_NEAR(hand.x(), setup.bar_offset, kPosition);
      EXPECT_NEAR(hand.y(), setup.bar_height, kPosition);
      EXPECT_NEAR(p.trunk_angle, setup.trunk_angle_deg * kDegToRad, 1e-12);
      EXPECT_NEAR(p.q[kTrunk], setup.lumbar_flexion_deg * kDegToRad, 1e-12);
      EXPECT_NEAR(p.center_of_mass.x(), setup.balance_point, kPosition);
      EXPECT_GE(shank_bar_clearance(p), kShinClearance);
    }
  }
}

// The canonical coaching setup (bar over mid-foot, shins near the bar) is feasible for the
// average lifters at the default balance point.
TEST(Posture, CanonicalSetupFeasibleForAverageLifters) {
  for (const Lifter& lifter : {test::average_male(), test::average_female()}) {
    const spineload::Setup setup;  // defaults: bar over mid-foot
    const Model model = make_model(lifter, setup.load);
    const Posture p = solve_start_posture(model, setup);
    EXPECT_LT(shank_bar_clearance(p), 0.08) << "shins near the bar";
  }
}

// Balance makes the lever arm real: moving the bar forward pushes the hips back, so the
// horizontal L4-L5 -> bar distance grows by more than the offset. With arms vertical the trunk
// travels with the bar and the distance does not change.
TEST(Posture, BarForwardLengthensLeverUnderBalanceOnly) {
  const Model model = make_model(test::average_male(), 100.0);
  auto lever = [&](double offset, const char* rule) {
    spineload::Setup setup;
    setup.bar_offset = offset;
    setup.posture = rule;
    const Posture p = solve_start_posture(model, setup);
    return p.landmark[kNumLandmarks - 1].x() - p.landmark[3].x();
  };
  EXPECT_GT(lever(0.10, "balance") - lever(0.0, "balance"), 0.10);
  EXPECT_NEAR(lever(0.10, "arms_vertical") - lever(0.05, "arms_vertical"), 0.0, kPosition);
}

TEST(Posture, ArmsVerticalRule) {
  spineload::Setup setup;
  setup.posture = "arms_vertical";
  setup.bar_offset = 0.05;
  const Model model = make_model(test::average_male(), setup.load);
  const Posture p = solve_start_posture(model, setup);
  EXPECT_NEAR(p.landmark[4].x(), p.landmark[5].x(), kPosition);  // shoulder over the bar
}

// The hinge of an RDL: the knees exactly as soft as at lockout, the shoulders shoulder_offset
// over the bar, the hands on it, the hips behind the ankle; the lower the bar, the lower the
// trunk and the longer the lever on the lower back.
TEST(Posture, HingeHoldsTheKneesAndPutsTheHandsOnTheBar) {
  spineload::Setup setup = load_setup("rdl");
  const Model model = make_model(test::average_male(), setup.load);
  double previous_trunk = 0, previous_lever = 1;
  for (double height : {0.50, 0.45, 0.40, 0.35, 0.30, 0.25}) {
    setup.bar_height = height;
    for (double offset : {0.0, 0.05}) {
      setup.shoulder_offset = offset;
      const Posture p = solve_start_posture(model, setup);
      EXPECT_NEAR(p.q[1], setup.lockout_knee_deg * kDegToRad, 1e-9) << height;
      EXPECT_NEAR(p.landmark[5].x(), setup.bar_offset, kPosition);
      EXPECT_NEAR(p.landmark[5].y(), height, kPosition);
      EXPECT_NEAR(p.landmark[4].x() - p.landmark[5].x(), offset, kPosition);
      EXPECT_LT(p.landmark[2].x(), p.landmark[0].x() - 0.15);  // hips well back
      EXPECT_GT(p.center_of_mass.x(), model.heel_x);           // and still over the foot
      EXPECT_LT(p.q[0], 0.0);  // the shins slope back (plantarflexion), as the hips go back
    }
    setup.shoulder_offset = 0.0;
    const Posture p = solve_start_posture(model, setup);
    const double lever = p.landmark[5].x() - p.landmark[3].x();
    if (height < 0.50) {
      EXPECT_LT(p.trunk_angle, previous_trunk) << height;
      EXPECT_GT(lever, previous_lever) << height;
    }
    previous_trunk = p.trunk_angle;
    previous_lever = lever;
  }
}

// A load at the sides (a farmer carry): trunk upright, arms vertical, the knees at
// lockout_knee_deg, and the ground's pressure at lockout_balance_point.
TEST(Posture, LoadAtTheSidesStandsUpright) {
  const spineload::Setup setup = load_setup("farmer_carry");
  const Model model = make_model(test::average_male(), setup.load);
  const Posture p = solve_lockout_posture(model, setup);
  EXPECT_NEAR(p.trunk_angle, 90 * kDegToRad, 1e-9);
  EXPECT_NEAR(p.landmark[5].x(), p.landmark[4].x(), kPosition);  // hands under the shoulders
  EXPECT_NEAR(p.q[1], setup.lockout_knee_deg * kDegToRad, 1e-9);
  EXPECT_NEAR(p.center_of_mass.x(), setup.lockout_balance_point, 1e-9);  // no band: the COM
}

TEST(Posture, ImpossibleSetupsNameTheCondition) {
  const Model model = make_model(test::average_male(), 100.0);
  spineload::Setup behind;
  behind.bar_offset = -0.10;  // bar behind the shins
  EXPECT_EQ(error_field(model, behind), "bar_offset");

  spineload::Setup rounded;
  rounded.lumbar_flexion_deg = 70.0;  // past the lifter's full lumbar flexion (55 deg)
  EXPECT_EQ(error_field(model, rounded), "lumbar_flexion_deg");

  spineload::Setup off_balance;
  off_balance.load = 600.0;
  off_balance.balance_point = 0.09;  // a 600 kg bar at mid-foot pins the centre of mass near 0
  EXPECT_EQ(error_field(make_model(test::average_male(), off_balance.load), off_balance),
            "balance_point");

  spineload::Setup bad;
  bad.trunk_angle_deg = 120.0;  // outside the field's own range: refused where it enters
  try {
    simulate(model.lifter, bad);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "trunk_angle_deg");
    EXPECT_NE(std::string(e.what()).find("[0, 85] deg"), std::string::npos) << e.what();
  }
}

// A start whose balanced posture has the legs just reaching the hips: the scan's points on
// either side of the root are one where the legs reach and one where they do not, so the root
// is found at the edge of reach (find_root's fallback). Before it, trunk angles of 59 and 61
// deg were solved and 60 refused for a bar at 0.70 m, and 44.8-45.5 deg between 44 and 46 at
// 0.60 m: holes in an otherwise feasible range. Now, for bars from above the knee up, the
// feasible trunk angles are one run with no hole, in quarter degrees.
TEST(Posture, ARootAtTheEdgeOfTheLegsReachIsFound) {
  spineload::Setup setup;
  setup.bar_offset = 0.0;
  const Model model = make_model(test::average_male(), setup.load);
  for (double height : {0.55, 0.60, 0.65, 0.70}) {
    setup.bar_height = height;
    int feasible = 0, runs = 0;
    bool before = false;
    for (double trunk = 30.0; trunk <= 75.0; trunk += 0.25) {
      setup.trunk_angle_deg = trunk;
      bool solved = false;
      try {
        const Posture p = solve_start_posture(model, setup);
        EXPECT_NEAR(p.center_of_mass.x(), setup.balance_point, kPosition) << height << " " << trunk;
        EXPECT_NEAR(p.landmark[kNumLandmarks - 1].y(), height, kPosition) << trunk;
        solved = true;
        ++feasible;
      } catch (const InputError&) {
      }
      if (solved && !before) ++runs;
      before = solved;
    }
    EXPECT_GT(feasible, 20) << height;
    EXPECT_EQ(runs, 1) << height;  // one run: no hole
  }
  // lower, no posture balances: the refusal names the trunk angles that do
  setup.bar_height = 0.70;
  setup.trunk_angle_deg = 50.0;
  expect_refused(model, setup, "balance_point", "trunk angles of 59 to 85 deg");
}

// How far the bar lies inside the legs' clearance, worked by hand. With the hips below the
// knees (a plan for a bar drifting far away) the thigh's line runs nearly level through the
// knee: extended forward it is at 0.4774 m where the bar is. A bar in front of the knee at
// about the knee's height then lies on either side of that line with a few millimetres of
// height; it is outside the legs either way, by its distance to the knee.
TEST(Posture, ABarInFrontOfTheKneeIsOutsideTheLegs) {
  const Model model = make_model(test::average_male(), 100);
  const Vec2 ankle(0.0, 0.08), knee(-0.24, 0.463), hip(-0.666, 0.449);
  for (double height : {0.465, 0.470, 0.475, 0.480}) {
    const Vec2 bar(0.197, height);
    const double to_knee = (bar - knee).norm();  // 0.437 m
    // the thigh does not rise, so the clearance needed is the thigh's
    EXPECT_NEAR(bar_inside_legs(model, ankle, knee, hip, bar), model.thigh_clearance - to_knee,
                1e-12)
        << height;
  }
  // between the thigh and the shank, which leans back here, past the knee's end of the shank:
  // inside, by its distance to the knee
  const Vec2 behind(-0.30, 0.44);
  EXPECT_NEAR(bar_inside_legs(model, ankle, knee, hip, behind),
              kShinClearance + (behind - knee).norm(), 1e-12);
  // a knee nearly straight, straight or hyperextended: the leg leaning 60 deg forward (the
  // shank at 30 deg above horizontal), the thigh turned back from the shank's line by the
  // flexion. A bar in front of and below the knee, past the knee's end of the shank, is
  // outside whatever the angle (a straight knee has no angle behind it to be inside of)
  const Vec2 foot(0.0, 0.0);
  const Vec2 along(std::cos(30 * kDegToRad), std::sin(30 * kDegToRad));
  const Vec2 leaning_knee = 0.45 * along;
  const Vec2 in_front(0.60, 0.20);
  ASSERT_GT((in_front - foot).dot(along), 0.45);  // past the knee's end of the shank
  ASSERT_LT(in_front.y(), leaning_knee.y());      // below the knee: the shank's side
  for (double flexion_deg : {1.0, 0.0, -2.0}) {
    const double a = flexion_deg * kDegToRad;  // + turns the thigh back (anticlockwise)
    const Vec2 thigh(along.x() * std::cos(a) - along.y() * std::sin(a),
                     along.x() * std::sin(a) + along.y() * std::cos(a));
    const Vec2 hip_there = leaning_knee + 0.42 * thigh;
    EXPECT_NEAR(bar_inside_legs(model, foot, leaning_knee, hip_there, in_front),
                kShinClearance - (in_front - leaning_knee).norm(), 1e-12)
        << flexion_deg;
  }
}

// A deadlift's hips rise from the start. A bar drifting far forward would have the plan sink
// them below their start to stay balanced (a squat down mid-pull): beyond 5 cm it is refused,
// naming the drift and how far the hips would sink. Below it the plan is kept, and the presets
// never sink the hips by more than 3 mm.
TEST(Reference, APlanThatSinksTheHipsIsRefused) {
  const Model model = make_model(test::average_male(), 100);
  spineload::Setup setup;
  auto lowest_hip = [&](const spineload::Setup& s) {
    const ReferenceMotion plan = make_reference(model, s);
    double lowest = plan.start.landmark[2].y();
    for (int k = 0; k <= 400; ++k) {
      const ReferenceState ref =
          evaluate_reference(plan, plan.rise_start + plan.duration * k / 400.0);
      lowest = std::min(lowest, posture_from_angles(model, ref.q).landmark[2].y());
    }
    return plan.start.landmark[2].y() - lowest;  // how far the hips sink, m
  };
  for (const char* name : {"conventional", "rounded", "hips_shoot_up", "sumo", "block_pull"}) {
    spineload::Setup preset = load_setup(name);
    EXPECT_LT(lowest_hip(preset), 0.003) << name;
  }
  setup.bar_drift = 0.12;
  EXPECT_LT(lowest_hip(setup), 0.05);  // kept: the pull may still fail, as a pull
  setup.bar_drift = 0.15;
  expect_refused(model, setup, "bar_drift", "sink the hips 6.8 cm below their start");
}

// A hinge has no trunk angle to set: a centre of mass behind the heel names the shoulders when
// they were moved, and the advice is the hinge's own inputs.
TEST(Posture, AHingeOffTheFootNamesItsOwnInputs) {
  spineload::Setup setup = load_setup("rdl");
  setup.shoulder_offset = -0.25;
  const Model model = make_model(test::average_male(), setup.load);
  expect_refused(model, setup, "shoulder_offset", "behind the heel");
  try {
    make_reference(model, setup);
  } catch (const InputError& e) {  // the hinge's advice, not a trunk angle it has no say in
    EXPECT_EQ(std::string(e.what()).find("trunk angle"), std::string::npos) << e.what();
  }
}

// Where balance would put the shins through the bar (a light bar, a squat-like trunk) the
// lifter brings the shins to the bar instead and the centre of mass settles behind the
// balance point, still over the foot: any load from an empty bar up is feasible over mid-foot.
TEST(Posture, LightBarsAndUprightTrunksPutTheShinsOnTheBar) {
  for (double load : {10.0, 20.0, 40.0, 100.0, 250.0}) {
    for (double trunk : {25.0, 30.0, 45.0}) {
      spineload::Setup setup;
      setup.load = load;
      setup.trunk_angle_deg = trunk;
      const Model model = make_model(test::average_male(), load);
      const Posture p = solve_start_posture(model, setup);
      EXPECT_GE(shank_bar_clearance(p), kShinClearance - 1e-9) << load << " kg, " << trunk;
      if (p.shins_on_bar) {
        EXPECT_NEAR(shank_bar_clearance(p), kShinClearance, 1e-9);
        EXPECT_LT(p.center_of_mass.x(), setup.balance_point);
        EXPECT_GT(p.center_of_mass.x(), model.heel_x);
      } else {
        EXPECT_NEAR(p.center_of_mass.x(), setup.balance_point, kPosition);
      }
      EXPECT_NO_THROW(make_reference(model, setup)) << load << " kg, " << trunk << " deg";
    }
  }
  // a squat-like trunk over a 10 kg bar would fall backwards: refused, naming the trunk
  spineload::Setup squat;
  squat.load = 10.0;
  squat.trunk_angle_deg = 80.0;
  EXPECT_EQ(error_field(make_model(test::average_male(), 10.0), squat), "trunk_angle_deg");
}

// Lockout is standing tall (docs/model.md 5.2): trunk and arms within 5 deg of vertical, the
// bar resting on the thighs, knee at lockout_knee_deg, balanced over lockout_balance_point.
TEST(Posture, LockoutStandsTallWithTheBarOnTheThighs) {
  for (const Lifter& lifter : {test::average_male(), test::average_female()}) {
    for (double load : {20.0, 100.0, 250.0}) {
      spineload::Setup setup;
      setup.load = load;
      const Model model = make_model(lifter, load);
      const Posture p = solve_lockout_posture(model, setup);
      const Vec5 phi = segment_angles(p.q);
      EXPECT_NEAR(phi[kTrunk], 90 * kDegToRad, 5 * kDegToRad) << load;
      EXPECT_NEAR(phi[kArm], -90 * kDegToRad, 5 * kDegToRad) << load;
      EXPECT_NEAR(p.q[kThigh], setup.lockout_knee_deg * kDegToRad, 1e-12);  // the knee joint
      EXPECT_NEAR(thigh_bar_clearance(p), model.thigh_clearance, 1e-9);
      EXPECT_NEAR(p.center_of_mass.x(), setup.lockout_balance_point, 1e-9);
    }
  }
}

// The plan starts at the start posture at rest, ends at the lockout at rest, and its velocity
// and acceleration are the derivatives of its position (central differences).
TEST(Reference, SmoothAndConsistent) {
  spineload::Setup setup;
  setup.coordination = 0.5;
  setup.lumbar_flexion_deg = 15.0;
  const Model model = make_model(test::average_male(), setup.load);
  const ReferenceMotion plan = make_reference(model, setup);
  const ReferenceState start = evaluate_reference(plan, 0.0);
  const ReferenceState end = evaluate_reference(plan, setup.duration);
  EXPECT_LT((start.q - plan.start.q).norm(), 1e-9);
  EXPECT_LT((end.q - plan.lockout.q).norm(), 1e-9);
  EXPECT_LT(start.qdot.norm() + end.qdot.norm() + start.qddot.norm() + end.qddot.norm(), 1e-9);
  const double h = 1e-5;
  for (double t : {0.3, 0.9, 1.4}) {
    const ReferenceState a = evaluate_reference(plan, t - h), b = evaluate_reference(plan, t + h),
                         c = evaluate_reference(plan, t);
    EXPECT_LT(((b.q - a.q) / (2 * h) - c.qdot).norm(), 1e-6) << t;
    EXPECT_LT(((b.qdot - a.qdot) / (2 * h) - c.qddot).norm(), 1e-5) << t;
  }
}

// From the hang the plan starts standing at lockout at rest, reaches the start posture at rest
// after lowering_duration, and is back at lockout after duration more; smooth throughout.
TEST(Reference, FromTheHangDownThenUp) {
  const spineload::Setup setup = load_setup("rdl");
  const Model model = make_model(test::average_male(), setup.load);
  const ReferenceMotion plan = make_reference(model, setup);
  const double down = setup.lowering_duration;
  ASSERT_EQ(plan.rise_start, down);
  EXPECT_NEAR(plan.end_time, down + setup.duration, 1e-12);
  for (auto [t, target] : {std::pair{0.0, &plan.lockout}, std::pair{down, &plan.start},
                           std::pair{down + setup.duration, &plan.lockout}}) {
    const ReferenceState r = evaluate_reference(plan, t);
    EXPECT_LT((r.q - target->q).norm(), 1e-9) << t;
    EXPECT_LT(r.qdot.norm() + r.qddot.norm(), 1e-9) << t;
  }
  const double h = 1e-5;
  for (double t : {0.5, down - 0.01, down + 0.01, down + 1.0}) {
    const ReferenceState a = evaluate_reference(plan, t - h), b = evaluate_reference(plan, t + h),
                         c = evaluate_reference(plan, t);
    EXPECT_LT(((b.q - a.q) / (2 * h) - c.qdot).norm(), 1e-6) << t;
    EXPECT_LT(((b.qdot - a.qdot) / (2 * h) - c.qddot).norm(), 1e-5) << t;
  }
  EXPECT_GT(evaluate_reference(plan, 0.5).bar_y, evaluate_reference(plan, 1.5).bar_y);  // down
}

// A hip hinge (an RDL) keeps the knees at lockout_knee_deg all the way down and up, the trunk
// placed where they reach. The plan tabulates the joints at 65 nodes with their rates and
// interpolates between, so the knee's angle, rate and acceleration staying at the held flexion
// and zero between the nodes also checks the trunk's analytic rates there: a wrong one would
// turn the shank and thigh apart. On the way up the hip only extends (no flexing back just
// before lockout, where the legs and trunk are nearly in line), the centre of mass keeps its
// path (exact at the tabulated s, within 2 mm between) and the bar stays in front of the legs.
TEST(Reference, AHingeKeepsTheKneesSoftAllTheWay) {
  struct Case {
    Lifter lifter;
    double bar_height, knee_deg, lockout_balance_point;
  };
  // the last leans forward to where the legs and the trunk are nearly in line at lockout
  for (const Case& c :
       {Case{test::average_male(), 0.35, 15.0, -0.02}, Case{test::average_male(), 0.20, 5.0, -0.02},
        Case{test::average_female(), 0.40, 25.0, -0.02},
        Case{test::average_male(), 0.35, 15.0, 0.04}}) {
    spineload::Setup setup = load_setup("rdl");
    setup.bar_height = c.bar_height;
    setup.lockout_knee_deg = c.knee_deg;
    setup.lockout_balance_point = c.lockout_balance_point;
    const Model model = make_model(c.lifter, setup.load);
    const ReferenceMotion plan = make_reference(model, setup);
    const std::string name = std::to_string(c.bar_height) + " m, knees " +
                             std::to_string(c.knee_deg) + " deg, lockout balance point " +
                             std::to_string(c.lockout_balance_point) + " m";
    double off_path = 0, inside = -1, least_hip = 10, flexes_back = 0;
    for (int k = 0; k <= 997; ++k) {  // not on the nodes
      const ReferenceState ref = evaluate_reference(plan, plan.end_time * k / 997.0);
      ASSERT_NEAR(ref.q[1], c.knee_deg * kDegToRad, 1e-9) << name << ", t = " << k;
      ASSERT_NEAR(ref.qdot[1], 0.0, 1e-8) << name << ", t = " << k;
      ASSERT_NEAR(ref.qddot[1], 0.0, 1e-6) << name << ", t = " << k;
      if (k > 997 / 2) {  // the way up
        flexes_back = std::max(flexes_back, ref.q[2] - least_hip);
        least_hip = std::min(least_hip, ref.q[2]);
      }
      const double p = (ref.bar_y - plan.bar_y[0]) / (plan.bar_y[1] - plan.bar_y[0]);
      const double target = plan.com_x[0] + p * (plan.com_x[1] - plan.com_x[0]);
      off_path = std::max(off_path, std::abs(center_of_mass_x(model, ref.q) - target));
      const Posture posture = posture_from_angles(model, ref.q);
      inside = std::max(inside, bar_inside_legs(model, posture.landmark[0], posture.landmark[1],
                                                posture.landmark[2], posture.landmark[5]));
    }
    EXPECT_LT(off_path, 2e-3) << name;
    EXPECT_LT(flexes_back, 0.1 * kDegToRad) << name;
    EXPECT_LT(inside, 0.0) << name;
    EXPECT_LT(plan.start.landmark[5].y(), plan.start.landmark[1].y()) << name;  // below the knee
  }
  // the hinge has no trunk timing to shape; a lockout leaning so far forward that the hips
  // would pass in front of the ankle-shoulder line cannot be reached with the knees held, nor
  // a bar drifting far
  const Model model = make_model(test::average_male(), 100);
  spineload::Setup setup = load_setup("rdl");
  setup.coordination = 0.3;
  EXPECT_EQ(error_field(model, setup), "coordination");
  setup = load_setup("rdl");
  setup.lockout_balance_point = 0.1;
  EXPECT_EQ(error_field(model, setup), "lockout_knee_deg");
  setup = load_setup("rdl");
  setup.bar_drift = 0.25;
  EXPECT_EQ(error_field(model, setup), "bar_drift");
}

// The combined centre of mass follows its path over the foot, a straight line in eased progress
// from the start's to lockout_balance_point (exact at the spline nodes, within 2 mm between),
// and the bar rises over mid-foot unless it drifts, by bar_drift at knee height.
TEST(Reference, CentreOfMassAndBarFollowTheirPaths) {
  for (double drift : {0.0, 0.06}) {
    spineload::Setup setup;
    setup.bar_drift = drift;
    const Model model = make_model(test::average_male(), setup.load);
    const ReferenceMotion plan = make_reference(model, setup);
    double widest = 0;
    for (int k = 0; k <= 100; ++k) {
      const double s = k / 100.0, p = s + s * s - s * s * s;
      double progress = 0, ds = 0, dds = 0;
      // the plan's time at which progress reaches s: invert the minimum-jerk profile
      double lo = 0, hi = setup.duration;
      for (int it = 0; it < 60; ++it) {
        minimum_jerk((lo + hi) / (2 * setup.duration), progress, ds, dds);
        (progress < s ? lo : hi) = (lo + hi) / 2;
      }
      const ReferenceState ref = evaluate_reference(plan, (lo + hi) / 2);
      const double target = plan.com_x[0] + p * (plan.com_x[1] - plan.com_x[0]);
      EXPECT_NEAR(center_of_mass_x(model, ref.q), target, 2e-3) << "s = " << s;
      const Posture posture = posture_from_angles(model, ref.q);
      const double line = plan.bar_x[0] + p * (plan.bar_x[1] - plan.bar_x[0]);
      widest = std::max(widest, posture.landmark[kNumLandmarks - 1].x() - line);
    }
    EXPECT_NEAR(widest, drift, 2e-3) << "drift " << drift;
    EXPECT_LT(std::abs(plan.bar_x[1] - plan.bar_x[0]), 0.02);  // nearly vertical over mid-foot
  }
}

}  // namespace
}  // namespace spineload
