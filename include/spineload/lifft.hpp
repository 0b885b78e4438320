// LiFFT, the Lifting Fatigue Failure Tool (Gallagher et al. 2017): a day's cumulative damage to
// the low back summed from each lift's peak load moment, and the probability that a job with
// that daily damage is a high-risk job (docs/model.md 5.10).
#pragma once

namespace spineload {

/// The relations' constants: Zelik et al. 2022's rounded ones (Exo-LiFFT, eq. 1) as public
/// summaries quote them (the papers' equations were not read); with them the relation gives
/// 40.6% for the LiFFT guidance's worked example, which prints 40% (docs/model.md 5.10,
/// validation.md 8).
struct LifftConstants {
  // damage of one lift = exp(moment_rate * M + moment_offset) / cycles_scale, M in N*m
  static constexpr double moment_rate = 0.038;  // 1/(N*m)
  static constexpr double moment_offset = 0.32;
  static constexpr double cycles_scale = 902416;
  // P(high-risk job) = logistic(risk_intercept + risk_slope * log10(daily damage))
  static constexpr double risk_intercept = 1.72;
  static constexpr double risk_slope = 1.03;
};

/// The damage of one lift whose peak load moment (the load's weight times its largest
/// horizontal distance from the spine) is `peak_load_moment` N*m: the reciprocal of the
/// cycles to failure at that moment. 0 for a NaN moment (nothing was lifted).
double lifft_damage(double peak_load_moment);

/// The probability (0-1) that a job whose lifts add up to `daily_damage` a day is a high-risk
/// job (12 or more low-back injuries per 200,000 hours worked, the LMM database's definition).
/// 0 for no damage.
double lifft_risk(double daily_damage);

/// The largest peak load moment (N*m) for which one lift's damage stays below 1: beyond it
/// the curve says a single lift breaks the tissue, and a day's damage or risk is not a
/// reading of LiFFT but an extrapolation of it.
double lifft_single_lift_failure_moment();

}  // namespace spineload
