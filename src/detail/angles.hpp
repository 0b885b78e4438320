// Degrees and radians: inputs, tables and printed angles are in degrees, the model in radians.
#pragma once

#include <numbers>

namespace spineload::detail {

inline constexpr double kDegToRad = std::numbers::pi / 180.0;
inline constexpr double kRadToDeg = 180.0 / std::numbers::pi;

}  // namespace spineload::detail
