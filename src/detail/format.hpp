// printf-style formatting into a std::string, for the readable outputs.
#pragma once

#include <cstdio>
#include <string>

namespace spineload::detail {

template <class... Args>
std::string format(const char* pattern, Args... values) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, pattern, values...);
  return buffer;
}

}  // namespace spineload::detail
