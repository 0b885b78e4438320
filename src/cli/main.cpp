// spineload: the command line. Everything is in run_command_line (src/cli.cpp), which
// `python -m spineload` calls too - except `plot`, which draws with matplotlib, and `sweep
// --scheduler`, which runs on Dask: they run in the Python package, and this binary hands
// them to it.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "spineload/cli.hpp"

namespace {

// Replaces this process with the Python package's implementation of a subcommand
// (SPINELOAD_PYTHON, else python3): `plot` (matplotlib) and `sweep --scheduler` (Dask).
// Returns only if that could not start.
int run_python(const char* module, const char* what, int argc, char** argv) {
  const char* python = std::getenv("SPINELOAD_PYTHON");
  if (python == nullptr || *python == '\0') python = "python3";
  // a clear line, not a traceback, when the package is not installed for that Python
  const std::string script = std::string("import sys\n") +
                             "try:\n"
                             "    from " +
                             module +
                             " import main\n"
                             "except ImportError as e:\n"
                             "    print('spineload: error: " +
                             what +
                             " needs the Python package (pip install .) for ' + "
                             "sys.executable + ': ' + str(e), file=sys.stderr)\n"
                             "    sys.exit(2)\n"
                             "sys.exit(main(sys.argv[1:]))\n";
  std::vector<char*> args = {const_cast<char*>(python), const_cast<char*>("-c"),
                             const_cast<char*>(script.c_str())};
  for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  execvp(python, args.data());
  std::cerr << "spineload: error: " << what << " runs in the Python package, but " << python
            << " could not start (" << std::strerror(errno)
            << "); set SPINELOAD_PYTHON to a Python with spineload installed\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "plot") {
    return run_python("spineload.plot", "plot", argc, argv);
  }
  if (argc >= 2 && std::string(argv[1]) == "sweep") {
    for (int i = 2; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--scheduler" || arg.rfind("--scheduler=", 0) == 0) {
        return run_python("spineload.distributed", "sweep --scheduler", argc, argv);
      }
    }
  }
  const std::vector<std::string> args(argv + 1, argv + argc);
  return spineload::run_command_line(args, std::cout, std::cerr);
}
