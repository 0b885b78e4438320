// Shared declarations of the binding files (one per C++ area).
#pragma once

#include <pybind11/pybind11.h>

namespace spineload::python {
void bind_inputs(pybind11::module_& m);
void bind_results(pybind11::module_& m);
void bind_sweeps(pybind11::module_& m);
}  // namespace spineload::python
