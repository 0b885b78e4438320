// N default pulls (the average male, the conventional setup, 100 Hz series), one Result reused:
// the workload of bench/instructions.sh, which counts its instructions under callgrind.
// Usage: spineload_default_pulls N [rtol]
#include <cstdio>
#include <cstdlib>

#include "bench_lifter.hpp"
#include "spineload/simulate.hpp"

int main(int argc, char** argv) {
  using namespace spineload;
  const int pulls = argc > 1 ? std::atoi(argv[1]) : 100;
  SimulationOptions options;
  if (argc > 2) options.rtol = options.atol = std::atof(argv[2]);
  Result result;
  double moment = 0;
  for (int i = 0; i < pulls; ++i) {
    simulate_into(bench::average_male(), Setup{}, options, result);
    moment += result.summary.peak_moment.value;
  }
  std::printf("%d pulls, mean peak moment %.6f N*m\n", pulls, pulls > 0 ? moment / pulls : 0.0);
  return 0;
}
