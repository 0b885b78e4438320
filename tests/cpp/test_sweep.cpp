// The sweep engine and spec files: sweep.hpp and sweep_file.hpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "spineload/error.hpp"
#include "spineload/simulate.hpp"
#include "spineload/sweep.hpp"
#include "spineload/sweep_file.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

namespace fs = std::filesystem;
using test::field_of;
using test::temp_dir;

TEST(Sweep, GridOrderAndRowsEqualSinglePulls) {
  SweepSpec spec;
  spec.base_lifter = test::average_male();
  spec.grid = {{"bar_offset", test::values({0, 0.04})}, {"load", test::values({60, 100, 140})}};
  ASSERT_EQ(spec.size(), 6u);
  EXPECT_EQ(spec.case_at(1).setup.load, 100.0);  // last axis fastest
  EXPECT_EQ(spec.case_at(3).setup.bar_offset, 0.04);
  const std::vector<SweepRow> rows = test::sweep_rows(spec, 2);
  ASSERT_EQ(rows.size(), 6u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].index, i);
    const Result alone = simulate(rows[i].input.lifter, rows[i].input.setup,
                                  SimulationOptions{.store_series = false});
    // equal to the last bit, NaN (nothing lifted) included
    auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
    EXPECT_TRUE(same(rows[i].summary.peak_moment.value, alone.summary.peak_moment.value)) << i;
    EXPECT_TRUE(same(rows[i].summary.peak_compression.value, alone.summary.peak_compression.value))
        << i;
    EXPECT_EQ(rows[i].summary.status, alone.summary.status);
  }
}

// A distributed chunk: rows [first, end) of a sweep are the same rows of the whole sweep, with
// their own ids, in 1 and 3 threads and chunk sizes that do not divide the range.
TEST(Sweep, ARangeOfRowsIsThoseRowsOfTheWholeSweep) {
  SweepSpec spec;
  spec.base_lifter = test::average_male();
  spec.grid = {{"bar_offset", test::values({0, 0.02, 0.04})},
               {"load", test::values({60, 100, 140})}};
  const std::vector<SweepRow> whole = test::sweep_rows(spec, 2);
  struct Collect : SweepSink {
    std::vector<SweepRow> rows;
    void row(SweepRow& r) override { rows.push_back(r); }
  };
  for (unsigned threads : {1u, 3u}) {
    Collect part;
    const SweepCounts counts =
        run_sweep(spec, {.threads = threads, .first = 2, .end = 7, .chunk_rows = 2}, part);
    ASSERT_EQ(part.rows.size(), 5u);
    EXPECT_EQ(counts.rows, 7u);
    for (std::size_t i = 0; i < part.rows.size(); ++i) {
      const SweepRow& a = part.rows[i];
      const SweepRow& b = whole[2 + i];
      EXPECT_EQ(a.index, 2 + i);
      // equal to the last bit, NaN (nothing lifted) included
      const double x = a.summary.peak_moment.value, y = b.summary.peak_moment.value;
      EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << i;
      EXPECT_EQ(a.summary.status, b.summary.status);
    }
  }
  Collect none;
  run_sweep(spec, {.threads = 1, .first = 4, .end = 4}, none);
  EXPECT_TRUE(none.rows.empty());
}

// Rows reach the sink one chunk behind the simulation: in order, on the calling thread, and a
// sink's error stops the sweep (the workers joined, not left running) and reaches the caller.
TEST(Sweep, TheSinkGetsRowsInOrderOnTheCallingThreadAndItsErrorStopsTheSweep) {
  SweepSpec spec;
  spec.base_lifter = test::average_male();
  spec.grid = {{"bar_offset", test::values({0, 0.02, 0.04})},
               {"load", test::values({60, 100, 140})}};
  struct Strict : SweepSink {
    std::thread::id caller = std::this_thread::get_id();
    std::vector<std::size_t> indices;
    std::vector<std::size_t> chunks_done;
    std::size_t fail_at = 100;
    void row(SweepRow& r) override {
      EXPECT_EQ(std::this_thread::get_id(), caller);
      if (r.index == fail_at) throw std::runtime_error("disk full");
      indices.push_back(r.index);
    }
    void chunk_done(std::size_t rows) override { chunks_done.push_back(rows); }
  };
  Strict all;
  std::vector<std::size_t> progress;
  SweepRun run{.threads = 2, .chunk_rows = 2};
  run.on_progress = [&](std::size_t done, std::size_t total) {
    EXPECT_EQ(total, 9u);
    progress.push_back(done);
  };
  EXPECT_EQ(run_sweep(spec, run, all).rows, 9u);
  EXPECT_EQ(all.indices, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(all.chunks_done, (std::vector<std::size_t>{2, 4, 6, 8, 9}));
  EXPECT_EQ(progress, all.chunks_done);

  Strict failing;
  failing.fail_at = 3;
  EXPECT_THROW(run_sweep(spec, {.threads = 2, .chunk_rows = 2}, failing), std::runtime_error);
  EXPECT_EQ(failing.indices, (std::vector<std::size_t>{0, 1, 2}));
}

TEST(Sweep, ImpossibleSetupIsAnErrorRowAndTheRestRun) {
  SweepSpec spec;
  spec.base_lifter = test::average_male();
  spec.grid = {
      {"bar_offset", test::values({0, -0.12, 0.02, 0.10})}};  // ok, impossible, ok, too hard
  const fs::path path = temp_dir() / "sweep.h5";
  const std::vector<SweepRow> rows = test::sweep_rows(spec, 1);
  EXPECT_TRUE(rows[0].error.empty());
  EXPECT_NE(rows[1].error.find("bar_offset"), std::string::npos) << rows[1].error;
  EXPECT_TRUE(rows[2].summary.completed);
  EXPECT_TRUE(rows[3].error.empty());
  EXPECT_FALSE(rows[3].summary.completed);
  const SweepCounts counts = run_sweep_to_hdf5(spec, path.string(), {.run = {.threads = 2}});
  EXPECT_EQ(counts.completed, 2u);
  EXPECT_EQ(counts.failed, 1u);
  EXPECT_EQ(counts.errors, 1u);
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path.string() + ".partial"));
  fs::remove_all(path.parent_path());
}

TEST(Sweep, SpecFileErrorsNameTheKey) {
  const fs::path dir = temp_dir();
  auto write = [&](const char* text) {
    std::ofstream(dir / "spec.toml") << text;
    return (dir / "spec.toml").string();
  };
  EXPECT_EQ(field_of([&] { check_spec(load_sweep_spec(write("[grid]\nload = [50, \"x\"]\n"))); }),
            "load");
  EXPECT_EQ(field_of([&] { load_sweep_spec(write("[grid]\nload = 0x50\n")); }), "load");
  EXPECT_EQ(field_of([&] { load_sweep_spec(write("[gird]\nload = [50]\n")); }), "gird");
  EXPECT_EQ(field_of([&] { load_sweep_spec(write("[grid]\nload = {min = 5, max = 1}\n")); }),
            "load");
  EXPECT_EQ(field_of([&] { load_sweep_spec(dir.string()); }), "spec");  // a directory
  EXPECT_EQ(field_of([&] { load_sweep_spec(write("[setup]\npreset = \"nope\"\n")); }), "setup");
  EXPECT_EQ(field_of([&] { check_spec(load_sweep_spec(write("[grid]\nbar_ofset = [0, 0.1]\n"))); }),
            "bar_ofset");
  const SweepSpec ok = load_sweep_spec(
      write("[lifter]\npreset = \"average_female\"\n[setup]\nload = 80\n[grid]\n"
            "trunk_angle_deg = [25, 30]\nlifter = [\"average_male\", \"average_female\"]\n"));
  EXPECT_EQ(ok.size(), 4u);
  EXPECT_EQ(ok.case_at(0).setup.load, 80.0);
  EXPECT_EQ(ok.case_at(3).lifter.sex, "female");
  fs::remove_all(dir);
}

// Ranges expand from their ends (no accumulated round-off) and both forms agree.
TEST(Sweep, RangesExpandExactly) {
  const SweepSpec spec = sweep_spec_from_toml(
      "[grid]\nbar_offset = {min = 0.0, max = 0.1, step = 0.02}\n"
      "load = {min = 60, max = 100, n = 5}\n",
      "inline");
  ASSERT_EQ(spec.grid.size(), 2u);
  ASSERT_EQ(spec.grid[0].values.size(), 6u);
  EXPECT_EQ(std::get<double>(spec.grid[0].values[5]), 0.0 + 5 * 0.02);
  EXPECT_EQ(spec.grid[1].values, test::values({60, 70, 80, 90, 100}));
  EXPECT_EQ(spec.size(), 30u);
  // the canonical text reads back to the same spec
  EXPECT_EQ(to_toml(sweep_spec_from_toml(to_toml(spec), "again")), to_toml(spec));
}

// A grid whose size does not fit in 64 bits, or is larger than the limit, is refused before
// anything runs, with its size (and, under the limit, time and disk estimates).
TEST(Sweep, HugeGridsAreRefusedWithTheirSize) {
  SweepSpec spec;
  std::vector<FieldValue> many(65536, FieldValue(0.0));
  spec.grid = {{"bar_offset", many},
               {"load", many},
               {"trunk_angle_deg", many},
               {"lumbar_flexion_deg", many},
               {"duration", many}};
  try {
    check_spec(spec);
    FAIL() << "an overflowing grid was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "grid");
    EXPECT_NE(std::string(e.what()).find("2^64"), std::string::npos) << e.what();
  }
  spec.grid.resize(2);
  try {
    check_spec(spec, {.max_pulls = 1000});
    FAIL() << "a grid over the limit was accepted";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("4294967296 pulls"), std::string::npos) << message;
    EXPECT_NE(message.find("of disk"), std::string::npos) << message;
  }
  EXPECT_EQ(field_of([] { resolve_threads(100000); }), "threads");
  EXPECT_EQ(field_of([] { resolve_threads(-1); }), "threads");
  EXPECT_GE(resolve_threads(0), 1u);
}

// A row whose setup is impossible carries no numbers: NaN, false and 0, with `error` set.
TEST(Sweep, ErrorRowsHaveMissingValues) {
  SweepSpec spec;
  spec.base_lifter = test::average_male();
  spec.grid = {{"bar_offset", test::values({-0.12})}};
  const SweepRow row = test::sweep_rows(spec, 1).front();
  ASSERT_FALSE(row.error.empty());
  int numbers = 0;
  for_each_sweep_column(row, [&](const std::string& path, const auto& value, std::string_view) {
    using T = std::decay_t<decltype(value)>;
    if (!path.starts_with("summary/")) return;
    if constexpr (std::is_same_v<T, double>) {
      EXPECT_TRUE(std::isnan(value)) << path;
      ++numbers;
    } else if constexpr (std::is_same_v<T, bool>) {
      EXPECT_FALSE(value) << path;
    }
  });
  EXPECT_GT(numbers, 10);
}

// A banded sweep's file: the writer holds the rows x (samples + 1) pulls to the caller's
// limit (--max-pulls), not to the default; the spec it records reads the same whatever path
// named the spec file (a spread without a source), so --resume from another spelling works.
TEST(Sweep, ABandedFileKeepsTheCallersLimitAndAPathFreeSpec) {
  const std::string text =
      "[lifter]\npreset = \"average_male\"\n[grid]\nload = [80.0, 90.0, 100.0]\n"
      "[uncertainty]\nsamples = 4\n[uncertainty.inputs]\nstrength = {scale_sd = 0.1}\n";
  const SweepSpec spec = sweep_spec_from_toml(text, "specs/banded.toml");
  EXPECT_EQ(to_toml(spec), to_toml(sweep_spec_from_toml(text, "./specs/../specs/banded.toml")));
  const fs::path dir = temp_dir();
  const std::string path = (dir / "banded.h5").string();
  EXPECT_EQ(field_of([&] { run_sweep_to_hdf5(spec, path, {.limits = {.max_pulls = 14}}); }),
            "grid");  // 3 rows x 5 pulls
  const SweepCounts counts = run_sweep_to_hdf5(spec, path, {.limits = {.max_pulls = 15}});
  EXPECT_EQ(counts.rows, 3u);
  EXPECT_EQ(sweep_file_rows(path), 3u);
}

// Stopped after its first chunk, a sweep file keeps those rows in OUT.partial; a resume runs
// only the rest, each pull once, and the counts add up to the uninterrupted run's.
TEST(Sweep, InterruptedFileResumesEachPullOnce) {
  SweepSpec spec;
  spec.base_lifter = test::average_male();
  spec.options.store_series = true;
  spec.grid = {{"bar_offset", test::values({0, 0.02, 0.04, 0.06, 0.10})},
               {"load", test::values({60, 100, 140})}};
  const fs::path dir = temp_dir();
  const std::string path = (dir / "sweep.h5").string(), whole = (dir / "whole.h5").string();
  const SweepCounts reference = run_sweep_to_hdf5(spec, whole, {.run = {.threads = 2}});

  SweepFileOptions options{.run = {.threads = 2, .chunk_rows = 4}};
  options.run.should_stop = [] { return true; };
  const SweepCounts first = run_sweep_to_hdf5(spec, path, options);
  EXPECT_TRUE(first.interrupted);
  EXPECT_EQ(first.rows, 4u);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(sweep_file_rows(path + ".partial"), 4u);
  // without --resume or --force the partial file is not touched
  EXPECT_EQ(field_of([&] { run_sweep_to_hdf5(spec, path, {}); }), "--out");
  // a different spec cannot resume it
  SweepSpec other = spec;
  other.options.store_series = false;
  EXPECT_EQ(field_of([&] { run_sweep_to_hdf5(other, path, {.resume = true}); }), "--resume");

  std::size_t simulated = 0;
  SweepFileOptions resume{.run = {.threads = 2}, .resume = true};
  resume.run.on_progress = [&](std::size_t done, std::size_t) { simulated = done; };
  const SweepCounts rest = run_sweep_to_hdf5(spec, path, resume);
  EXPECT_FALSE(rest.interrupted);
  EXPECT_EQ(rest.rows, spec.size());
  EXPECT_EQ(rest.completed, reference.completed);
  EXPECT_EQ(rest.failed, reference.failed);
  EXPECT_EQ(rest.errors, reference.errors);
  EXPECT_EQ(sweep_file_rows(path), spec.size());
  EXPECT_FALSE(fs::exists(path + ".partial"));
  EXPECT_EQ(field_of([&] { run_sweep_to_hdf5(spec, path, {.resume = true}); }), "--resume");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace spineload
