// Lifters and setups from TOML (files or built-in presets in models/), and back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spineload/lifter.hpp"
#include "spineload/options.hpp"
#include "spineload/setup.hpp"

namespace spineload {

/// Text of a file under models/, embedded at build time (e.g. "lifters/average_male.toml").
/// Throws InputError if there is no such file.
std::string_view embedded_model_file(std::string_view relative_path);
/// Every embedded path, sorted.
std::vector<std::string> embedded_model_files();

/// Names of the presets in models/lifters and models/setups (file stem), sorted.
std::vector<std::string> lifter_preset_names();
std::vector<std::string> setup_preset_names();

/// A preset by name, or a TOML file by path (anything containing '/' or ending in .toml).
/// Unknown keys, wrong types and out-of-range values throw InputError naming the key.
Lifter load_lifter(std::string_view name_or_path);
Setup load_setup(std::string_view name_or_path);

/// A setup from "NAME" or "NAME:FIELD=VALUE[,FIELD=VALUE...]": a preset or TOML file with
/// setup-field overrides, named by the whole text when it has any (so a comparison row says
/// what changed). Throws InputError for a malformed override or a bad field or value.
Setup load_setup_with_overrides(std::string_view text);

/// Parse TOML text; `origin` names the file in error messages.
Lifter lifter_from_toml(std::string_view text, std::string_view origin);
Setup setup_from_toml(std::string_view text, std::string_view origin);

/// TOML text that lifter_from_toml / setup_from_toml read back to an equal struct.
std::string to_toml(const Lifter& lifter);
std::string to_toml(const Setup& setup);

/// Sets one field by name from text (CLI flags, sweep grids). Throws InputError for an
/// unknown name, a value that does not parse or one out of range.
void set_field(Lifter& lifter, std::string_view name, std::string_view value);
void set_field(Setup& setup, std::string_view name, std::string_view value);
void set_field(SimulationOptions& options, std::string_view name, std::string_view value);

}  // namespace spineload
