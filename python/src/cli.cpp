// `python -m spineload`: the same command line as the `spineload` binary (run_command_line).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <iostream>

#include "bindings.hpp"
#include "spineload/cli.hpp"

namespace py = pybind11;

namespace spineload::python {

void bind_cli(py::module_& m) {
  m.def(
      "main",
      [](const std::vector<std::string>& args) {
        // the C++ streams write to the same file descriptors: flush Python's first
        py::module_ sys = py::module_::import("sys");
        sys.attr("stdout").attr("flush")();
        sys.attr("stderr").attr("flush")();
        int code = 0;
        {
          py::gil_scoped_release release;
          code = run_command_line(args, std::cout, std::cerr);
          std::cout.flush();
        }
        return code;
      },
      py::arg("args"), "Run `spineload ARGS...` and return its exit code (docs/cli.md).");
}

}  // namespace spineload::python
