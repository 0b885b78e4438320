"""The type stubs of the compiled module against the module itself, both ways: a name in
_core.pyi that the module lacks misleads editors; a public name the stubs lack hides an API."""

import ast
import pathlib

import spineload as sl
from spineload import _core

STUB = pathlib.Path(_core.__file__).with_name("_core.pyi")
ALIASES = {"LifterLike", "SetupLike"}  # typing aliases, stubs only


def stub_names():
    tree = ast.parse(STUB.read_text())
    module, classes = set(), {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            module.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            module.add(node.target.id)
        elif isinstance(node, ast.Assign):
            module.update(t.id for t in node.targets)
        if isinstance(node, ast.ClassDef):
            members = set()
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    members.add(item.name)
                elif isinstance(item, ast.AnnAssign):
                    members.add(item.target.id)
            classes[node.name] = members
    return module - ALIASES, classes


def public(names):
    return {n for n in names if not n.startswith("_")} | ({"__version__"} & set(names))


def test_every_stub_name_exists_and_every_public_name_is_stubbed():
    module, classes = stub_names()
    assert module == public(dir(_core)) - {"__doc__"}, (
        module ^ (public(dir(_core)) - {"__doc__"}))
    for name, members in classes.items():
        cls = getattr(_core, name)
        runtime = {n for n in dir(cls) if not n.startswith("_")}
        if issubclass(cls, Exception):
            runtime -= {n for base in cls.__mro__[1:] for n in dir(base)}
        stubbed = {m for m in members if not m.startswith("_")}
        assert stubbed == runtime, (name, stubbed ^ runtime)


def test_the_package_reexports_what_it_documents():
    for name in sl.__all__:
        assert hasattr(sl, name), name
