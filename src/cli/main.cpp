// spineload: the command line. Everything is in run_command_line (src/cli.cpp), which
// `python -m spineload` calls too.
#include <iostream>
#include <string>
#include <vector>

#include "spineload/cli.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return spineload::run_command_line(args, std::cout, std::cerr);
}
