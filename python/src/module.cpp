// The private extension module `spineload._core`; the package re-exports what users need.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "spineload/error.hpp"
#include "spineload/simulate.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "spineload C++ core (use the `spineload` package, not this module)";
  m.attr("__version__") = spineload::version();
  // bad input: a ValueError subclass carrying the field, the value and the allowed range
  pybind11::register_exception<spineload::InputError>(m, "InputError", PyExc_ValueError);
  // a file that cannot be read or written: an OSError subclass
  pybind11::register_exception<spineload::IoError>(m, "IoError", PyExc_OSError);
  spineload::python::bind_inputs(m);
  spineload::python::bind_results(m);
  spineload::python::bind_sweeps(m);
  spineload::python::bind_cli(m);
}
