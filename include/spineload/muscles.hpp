// The lumbar muscle groups that cross L4-L5, their geometry against lumbar flexion, and how
// they share the muscle moment (docs/model.md 6.5-6.7). Data: models/spine/muscles.toml.
#pragma once

#include <array>
#include <string_view>

namespace spineload {

inline constexpr int kNumMuscleGroups = 6;
inline constexpr std::array<std::string_view, kNumMuscleGroups> kMuscleGroupNames = {
    "erector_lumborum", "erector_thoracis", "multifidus",
    "rectus_abdominis", "external_oblique", "internal_oblique"};
inline constexpr int kNumFlexionNodes = 5;

using MuscleArray = std::array<double, kNumMuscleGroups>;

/// One muscle group's line at L4-L5 at one lumbar flexion: sagittal, both sides summed.
struct MuscleLine {
  double moment_arm = 0;        // m, about the L4-L5 joint, + = extensor
  double pull_compression = 0;  // its unit pull on L4 along the compression axis (L5 -> L4)
  double pull_shear = 0;        // ... along the anterior shear axis
};

/// The lumbar muscles of one lifter, built by spine_parameters() and make_model().
struct MuscleParameters {
  std::array<double, kNumFlexionNodes> flexion{};   // nodes, fraction of full lumbar flexion
  std::array<double, kNumFlexionNodes> lordosis{};  // rad, disc tilted anteriorly beyond eq. 6.1
  std::array<std::array<MuscleLine, kNumFlexionNodes>, kNumMuscleGroups> line{};
  MuscleArray cross_section{};  // m^2, physiological, both sides
  MuscleArray max_force{};  // N, fully active at neutral (cross-section x its side's max stress,
                            // set by make_model() from the lifter's strength)
  MuscleArray length{};     // m, musculotendon path at neutral
  MuscleArray brace_activation{};      // activation of each group in a maximal abdominal brace
  double stiffness_q = 0;              // Bergmark's dimensionless muscle-stiffness coefficient
  double flexion_extension_ratio = 0;  // the flexors' strength / the extensors'
};

/// The lines and the lordosis at lumbar flexion `fraction` of full (held in [0, 1]), linear
/// between the tabulated nodes.
struct MuscleGeometry {
  double lordosis = 0;  // rad
  std::array<MuscleLine, kNumMuscleGroups> line{};
};
MuscleGeometry muscle_geometry(const MuscleParameters& muscles, double fraction);

/// Group forces (N) whose moments sum to `moment` (N*m, + extension) with the least sum of
/// cubed activations - cubed stresses where groups share a maximum stress (Crowninshield &
/// Brand 1981) - each activation within [floor, 1]. Closed form: the groups that pull the
/// needed way take activation c sqrt(moment_arm x max_force), clamped, with c found on the
/// piecewise-linear moment curve; the other groups stay at their floors. When even full
/// activation falls short, those groups share the rest in proportion and `peak_activation`
/// exceeds 1 (the posture asks more of the muscles than they have; if no group can pull that
/// way at all, the floors stand and the moment is not met - the tables always have both
/// sides). No allocation.
struct MuscleShare {
  MuscleArray force{};         // N
  double peak_activation = 0;  // the largest force / max_force
};
MuscleShare share_muscle_moment(const MuscleArray& moment_arm, const MuscleArray& max_force,
                                const MuscleArray& floor_activation, double moment);

}  // namespace spineload
