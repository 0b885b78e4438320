// Google Benchmark: one default pull (equivalent extensor and muscle groups), its parts, and a
// 1,000-pull sweep.
// Run: build/spineload_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "bench_lifter.hpp"
#include "spineload/dynamics.hpp"
#include "spineload/kinematics.hpp"
#include "spineload/loads.hpp"
#include "spineload/strength.hpp"
#include "spineload/reference.hpp"
#include "spineload/simulate.hpp"
#include "spineload/sweep.hpp"

namespace {

using namespace spineload;
using bench::average_male;

// The default 2 s pull with every sample stored (100 Hz), buffers reused.
void BM_DefaultPull(benchmark::State& state) {
  Result result;
  const SimulationOptions options;
  for (auto _ : state) {
    simulate_into(average_male(), Setup{}, options, result);
    benchmark::DoNotOptimize(result.summary.peak_moment.value);
  }
}
BENCHMARK(BM_DefaultPull)->Unit(benchmark::kMicrosecond);

// The same pull as a sweep runs it: peaks only, no series.
void BM_DefaultPullSummaryOnly(benchmark::State& state) {
  Result result;
  const SimulationOptions options{.store_series = false};
  for (auto _ : state) {
    simulate_into(average_male(), Setup{}, options, result);
    benchmark::DoNotOptimize(result.summary.peak_moment.value);
  }
}
BENCHMARK(BM_DefaultPullSummaryOnly)->Unit(benchmark::kMicrosecond);

// The default pull with the lumbar muscle groups sharing the moment (spine_model = fascicles,
// a half brace): compare with BM_DefaultPull in the same run.
void BM_DefaultPullFascicles(benchmark::State& state) {
  Result result;
  const SimulationOptions options;
  Setup setup;
  setup.spine_model = "fascicles";
  setup.bracing = 0.5;
  for (auto _ : state) {
    simulate_into(average_male(), setup, options, result);
    benchmark::DoNotOptimize(result.summary.peak_moment.value);
  }
}
BENCHMARK(BM_DefaultPullFascicles)->Unit(benchmark::kMicrosecond);

// Set-up cost alone: scaled model, start and lockout postures, plan checks.
void BM_PlanOnly(benchmark::State& state) {
  for (auto _ : state) {
    const Model model = make_model(average_male(), 100.0);
    const ReferenceMotion plan = make_reference(model, Setup{});
    benchmark::DoNotOptimize(plan.bar_y[1]);
  }
}
BENCHMARK(BM_PlanOnly)->Unit(benchmark::kMicrosecond);

// One right-hand-side ingredient: forward dynamics at a typical state.
void BM_ForwardDynamics(benchmark::State& state) {
  const Model model = make_model(average_male(), 100.0);
  Data data;
  Vec5 q, qdot = Vec5::Constant(0.5), tau = Vec5::Constant(10.0);
  q << 0.16, 1.5, 2.4, 0.0, 1.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(forward_dynamics(model, data, q, qdot, tau, Vec2::Zero()));
  }
}
BENCHMARK(BM_ForwardDynamics);

// The parts of one right-hand-side evaluation and one output sample, at a mid-pull state
// (knee height, moving): what the pull spends its time on.
struct MidPull {
  Model model = make_model(average_male(), 100.0);
  ReferenceMotion plan = make_reference(model, Setup{});
  ReferenceState ref = evaluate_reference(plan, 0.6);
  SpineInputs spine = spine_inputs(Setup{});
  Data data;
};

void BM_PartEvaluateReference(benchmark::State& state) {
  MidPull p;
  double t = 0.6;
  for (auto _ : state) {
    benchmark::DoNotOptimize(evaluate_reference(p.plan, t));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_PartEvaluateReference);

void BM_PartForwardKinematics(benchmark::State& state) {
  MidPull p;
  for (auto _ : state) {
    forward_kinematics(p.model, p.data, p.ref.q);
    benchmark::DoNotOptimize(p.data.landmark[kNumLandmarks - 1]);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_PartForwardKinematics);

void BM_PartNewtonEulerPasses(benchmark::State& state) {
  MidPull p;
  forward_kinematics(p.model, p.data, p.ref.q);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        newton_euler_passes(p.model, p.data, p.ref.qdot, p.ref.qddot, Vec2::Zero()));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_PartNewtonEulerPasses);

void BM_PartTorqueLimits(benchmark::State& state) {
  MidPull p;
  for (auto _ : state) {
    benchmark::DoNotOptimize(torque_limits(p.model, p.ref.q, p.ref.qdot));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_PartTorqueLimits);

void BM_PartLoadsFromPasses(benchmark::State& state) {
  MidPull p;
  forward_kinematics(p.model, p.data, p.ref.q);
  newton_euler_passes(p.model, p.data, p.ref.qdot, p.ref.qddot, Vec2::Zero());
  for (auto _ : state) {
    benchmark::DoNotOptimize(loads_from_passes(p.model, p.data, p.spine));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_PartLoadsFromPasses);

void BM_PartMakeModel(benchmark::State& state) {
  for (auto _ : state) {
    Model model = make_model(average_male(), 100.0);
    benchmark::DoNotOptimize(model.bar_mass);
  }
}
BENCHMARK(BM_PartMakeModel)->Unit(benchmark::kMicrosecond);

void BM_PartMakeReference(benchmark::State& state) {
  const Model model = make_model(average_male(), 100.0);
  for (auto _ : state) {
    const ReferenceMotion plan = make_reference(model, Setup{});
    benchmark::DoNotOptimize(plan.bar_y[1]);
  }
}
BENCHMARK(BM_PartMakeReference)->Unit(benchmark::kMicrosecond);

// A 1,000-pull grid (10 bar offsets x 10 trunk angles x 10 loads) on N threads.
void BM_Sweep1000(benchmark::State& state) {
  SweepSpec spec;
  spec.base_lifter = average_male();
  auto range = [](double first, double step) {
    std::vector<FieldValue> values;
    for (int i = 0; i < 10; ++i) values.emplace_back(first + i * step);
    return values;
  };
  spec.grid = {{"bar_offset", range(0.0, 0.01)},
               {"trunk_angle_deg", range(20.0, 1.0)},
               {"load", range(40.0, 10.0)}};
  struct Count : SweepSink {
    std::size_t rows = 0;
    void row(SweepRow& row) override { rows += row.error.empty(); }
  } sink;
  for (auto _ : state) {
    run_sweep(spec, {.threads = static_cast<unsigned>(state.range(0))}, sink);
  }
  state.counters["pulls_per_s"] =
      benchmark::Counter(1000.0 * state.iterations(), benchmark::Counter::kIsRate);
  benchmark::DoNotOptimize(sink.rows);
}
BENCHMARK(BM_Sweep1000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
