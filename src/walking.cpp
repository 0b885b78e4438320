// Walking with a load (docs/model.md 5.11).
#include "spineload/walking.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <vector>

#include "detail/tables.hpp"

namespace spineload {

namespace {

struct GaitCycle {
  double duration = 0;                 // s
  std::vector<double> vertical_force;  // body weights at evenly spaced phases, mean 1
};

const GaitCycle& gait_cycle() {
  static const GaitCycle cycle = [] {
    const toml::table& table = detail::model_table("physiology/gait.toml");
    GaitCycle c;
    c.duration = detail::table_number(table, "cycle_duration");
    const toml::array* values = table["vertical_force"].as_array();
    if (!values || values->size() < 4 || !(c.duration > 0)) {
      throw std::logic_error("gait.toml needs cycle_duration > 0 and a vertical_force array");
    }
    for (const toml::node& v : *values) {
      const std::optional<double> f = v.value<double>();
      if (!f || !(*f > 0)) throw std::logic_error("gait.toml: vertical_force values must be > 0");
      c.vertical_force.push_back(*f);
    }
    // the table's own mean to exactly 1: over a cycle the body neither rises nor sinks
    const double mean = std::accumulate(c.vertical_force.begin(), c.vertical_force.end(), 0.0) /
                        static_cast<double>(c.vertical_force.size());
    for (double& f : c.vertical_force) f /= mean;
    return c;
  }();
  return cycle;
}

}  // namespace

double walking_gravity_scale(double t) {
  const GaitCycle& c = gait_cycle();
  const auto n = static_cast<double>(c.vertical_force.size());
  // periodic linear interpolation between the phases k / n
  const double x = (t / c.duration - std::floor(t / c.duration)) * n;
  const auto k = static_cast<std::size_t>(std::min(std::floor(x), n - 1));
  const double u = x - static_cast<double>(k);
  const double next = c.vertical_force[(k + 1) % c.vertical_force.size()];
  return c.vertical_force[k] + u * (next - c.vertical_force[k]);
}

double gait_cycle_duration() { return gait_cycle().duration; }

}  // namespace spineload
