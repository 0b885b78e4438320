// The lifter every benchmark runs: de Leva's (1996) male reference subject.
#pragma once

#include "spineload/lifter.hpp"

namespace spineload::bench {

inline Lifter average_male() {
  Lifter lifter;
  lifter.height = 1.741;
  lifter.mass = 73.0;
  return lifter;
}

}  // namespace spineload::bench
