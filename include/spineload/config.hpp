// Lifters and setups from TOML (files or built-in presets in models/), and back.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "spineload/lifter.hpp"
#include "spineload/options.hpp"
#include "spineload/setup.hpp"

namespace spineload {

/// Names of the presets in models/lifters and models/setups (file stem), sorted.
std::vector<std::string> lifter_preset_names();
std::vector<std::string> setup_preset_names();

/// What a preset is: the comment block that opens its file, on one line ("" if none).
std::string lifter_preset_description(std::string_view name);
std::string setup_preset_description(std::string_view name);

/// Whether a lifter/setup argument names a file (contains '/' or ends in .toml) rather than a
/// preset.
bool is_file_name(std::string_view name_or_path);

/// A preset by name, or a TOML file by path (anything containing '/' or ending in .toml).
/// Unknown keys, wrong types, out-of-range values, a missing required field (a lifter's
/// height, mass and sex), an empty file or a path that is not a regular file throw InputError
/// naming the key or the path.
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
std::string to_toml(const SimulationOptions& options);

/// Sets a field of whichever input owns it (setup first, then lifter, then options when given):
/// the one dispatch behind `--set FIELD=VALUE`, sweep axes and [[case]] keys. InputError for a
/// name no input has ("did you mean" over all of them and `extra_names`) or a bad value.
void set_input_field(Lifter& lifter, Setup& setup, SimulationOptions* options,
                     std::string_view name, const FieldValue& value,
                     std::span<const std::string> extra_names = {});
/// Same from text, parsed to the owning field's type (decimal numbers only).
void set_input_field_text(Lifter& lifter, Setup& setup, SimulationOptions* options,
                          std::string_view name, std::string_view text);

/// The text of a file that must be a regular, readable file (a lifter, setup or sweep spec).
/// Throws InputError naming `field` and the path for a missing file, a directory or a device.
std::string read_input_file(std::string_view path, std::string_view field);

}  // namespace spineload
