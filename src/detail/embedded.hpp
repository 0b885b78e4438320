// Access to the models/ files embedded by cmake/embed_models.cmake.
#pragma once

#include <span>
#include <string_view>
#include <utility>

namespace spineload::detail {
using EmbeddedFile = std::pair<std::string_view, std::string_view>;
std::span<const EmbeddedFile> embedded_models();
}  // namespace spineload::detail
