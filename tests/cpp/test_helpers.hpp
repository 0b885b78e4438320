// Shared fixtures for the physics tests: sample lifters built in code, named tolerances.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "detail/pull_record.hpp"
#include "spineload/error.hpp"
#include "spineload/lifter.hpp"
#include "spineload/model.hpp"
#include "spineload/setup.hpp"
#include "spineload/sweep.hpp"

namespace spineload::test {

// Two algorithms computing the same quantity agree to round-off.
inline constexpr double kRoundOff = 1e-9;

inline Lifter average_male() {
  Lifter lifter;
  lifter.name = "test_male";
  lifter.height = 1.741;
  lifter.mass = 73.0;
  return lifter;
}

inline Lifter average_female() {
  Lifter lifter;
  lifter.name = "test_female";
  lifter.sex = "female";
  lifter.height = 1.735;
  lifter.mass = 61.9;
  return lifter;
}

// The sample the summary reports as the peak of v's first n values: the largest, and of values
// within detail::kPeakTie of each other the first (src/detail/pull_record.hpp).
inline std::size_t peak_sample(const std::vector<double>& v, std::size_t n) {
  std::size_t at = 0;
  for (std::size_t k = 1; k < n; ++k) {
    if (detail::passes(v[k], v[at])) at = k;
  }
  return at;
}

// A random but plausible joint configuration (rad) and rates.
inline Vec5 random_vector(std::mt19937& rng, double scale) {
  std::uniform_real_distribution<double> dist(-scale, scale);
  Vec5 v;
  for (int i = 0; i < 5; ++i) v[i] = dist(rng);
  return v;
}

// A fresh directory for one test (ctest runs tests in parallel).
inline std::filesystem::path temp_dir() {
  const auto* test = ::testing::UnitTest::GetInstance();
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("spineload_test_" + std::to_string(test->random_seed()) + "_" +
       test->current_test_info()->test_suite_name() + "_" + test->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The field an InputError names ("" when the action does not throw one).
inline std::string field_of(auto&& action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.field();
  }
  return "";
}

// Every row of a sweep, in order.
inline std::vector<SweepRow> sweep_rows(const SweepSpec& spec, unsigned threads) {
  struct Collect : SweepSink {
    std::vector<SweepRow> rows;
    void row(SweepRow& row) override { rows.push_back(row); }
  } sink;
  run_sweep(spec, {.threads = threads}, sink);
  return std::move(sink.rows);
}

// Grid values from numbers.
inline std::vector<FieldValue> values(std::initializer_list<double> numbers) {
  return {numbers.begin(), numbers.end()};
}

}  // namespace spineload::test
