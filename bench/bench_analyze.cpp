// Google Benchmark: analysing a filmed lift (analyze.hpp). A 10 s clip at 60 fps (a simulated
// default pull with still frames before and after, 2 px of noise), in memory and read from a
// CSV file, and 1,000 such clips analysed on 1 and 2 threads.
// Run: build/spineload_bench --benchmark_filter=Analy --benchmark_repetitions=5
//      --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "bench_lifter.hpp"
#include "spineload/analyze.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/simulate.hpp"

namespace {

using namespace spineload;
using bench::average_male;

// The clip as a reader would return it: pixels, y down, facing right.
const Recording& clip() {
  static const Recording recording = [] {
    constexpr double kFps = 60, kSeconds = 10, kPx = 500, kStill = 0.5;
    SimulationOptions options;
    options.rate = kFps;
    const Result pull = simulate(average_male(), Setup{}, options);
    const Model model = make_model(average_male(), Setup{}.load);
    Recording rec;
    rec.path = "bench clip";
    rec.format = "csv";
    rec.units = "px";
    rec.y_down = true;
    std::mt19937 rng(1);
    std::normal_distribution<double> noise(0.0, 2.0);
    const std::array<Landmark, 5> tracked = {kLmAnkle, kLmKnee, kLmHip, kLmShoulder, kLmWrist};
    const auto frames = static_cast<std::size_t>(kSeconds * kFps);
    const auto still = static_cast<std::size_t>(kStill * kFps);
    Data data;
    for (std::size_t i = 0; i < frames; ++i) {
      const std::size_t k = std::min(i < still ? 0 : i - still, pull.samples - 1);
      Vec5 q;
      for (int j = 0; j < 5; ++j) q[j] = pull.channel(Channel::kQ)[5 * k + j];
      forward_kinematics(model, data, q);
      rec.time.push_back(static_cast<double>(i) / kFps);
      const std::array<int, 5> chain = {0, 1, 2, 4, 5};
      for (int m = 0; m < 5; ++m) {
        Track& t = rec.tracks[tracked[m]];
        t.x.push_back(960 + kPx * data.landmark[chain[m]].x() + noise(rng));
        t.y.push_back(1000 - kPx * data.landmark[chain[m]].y() + noise(rng));
        t.confidence.push_back(0.9);
      }
    }
    return rec;
  }();
  return recording;
}

void BM_AnalyzeClip10s60fps(benchmark::State& state) {
  const Recording& rec = clip();
  Setup setup;
  for (auto _ : state) {
    const Analysis a = analyze(rec, average_male(), setup);
    benchmark::DoNotOptimize(a.result.summary.peak_moment.value);
  }
}
BENCHMARK(BM_AnalyzeClip10s60fps)->Unit(benchmark::kMillisecond);

void BM_ReadAndAnalyzeCsv10s60fps(benchmark::State& state) {
  const Recording& rec = clip();
  const auto path = std::filesystem::temp_directory_path() / "spineload_bench_clip.csv";
  {
    std::ofstream f(path);
    f << "time,ankle_x,ankle_y,knee_x,knee_y,hip_x,hip_y,shoulder_x,shoulder_y,wrist_x,wrist_y\n";
    f.precision(10);
    for (std::size_t i = 0; i < rec.time.size(); ++i) {
      f << rec.time[i];
      for (Landmark l : {kLmAnkle, kLmKnee, kLmHip, kLmShoulder, kLmWrist}) {
        f << "," << rec.tracks[l].x[i] << "," << rec.tracks[l].y[i];
      }
      f << "\n";
    }
  }
  Setup setup;
  for (auto _ : state) {
    const Analysis a = analyze_file(path.string(), average_male(), setup);
    benchmark::DoNotOptimize(a.result.summary.peak_moment.value);
  }
  std::filesystem::remove(path);
}
BENCHMARK(BM_ReadAndAnalyzeCsv10s60fps)->Unit(benchmark::kMillisecond);

// A folder's worth: 1,000 clips shared out to `threads` workers; clips/s as a counter.
void BM_Analyze1000Clips(benchmark::State& state) {
  const Recording& rec = clip();
  const auto threads = static_cast<int>(state.range(0));
  constexpr int kClips = 1000;
  for (auto _ : state) {
    std::atomic<int> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        Setup setup;
        for (int i = next++; i < kClips; i = next++) {
          const Analysis a = analyze(rec, average_male(), setup);
          benchmark::DoNotOptimize(a.result.summary.peak_moment.value);
        }
      });
    }
    for (std::thread& worker : pool) worker.join();
  }
  state.counters["clips_per_s"] =
      benchmark::Counter(kClips, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Analyze1000Clips)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
