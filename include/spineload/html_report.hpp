// The coach's report: several pulls of one lifter as one self-contained HTML page (docs/cli.md
// "report"): animated stick figures side by side, the L4-L5 curves, the peaks and plain notes.
#pragma once

#include <string>
#include <vector>

#include "spineload/report.hpp"
#include "spineload/result.hpp"

namespace spineload {

/// Plain-language notes from the numbers of several pulls (the first is the reference): what
/// each setup changed, and how the lever, the peak moment, compression and shear, the passive
/// share and the stability followed; failed pulls are named as such and not compared.
std::vector<std::string> report_notes(const std::vector<Result>& results);

/// The report page. Everything is inlined (script, style, data): it opens in any browser
/// without a network, and refers to no http(s) address. With `bands` (compare_band_table of
/// the same setups' samples) it also shows how sure each peak and difference is. Throws
/// InputError if `results` is empty.
std::string html_report(const std::vector<Result>& results, const BandTable* bands = nullptr);

}  // namespace spineload
