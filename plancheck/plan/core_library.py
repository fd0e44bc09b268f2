"""pydantic-core's compiled extension, loaded without the package's Python layer.

A plain verify needs three things of pydantic-core: ``SchemaValidator``, ``ValidationError``
and ``PydanticCustomError`` (and its version, for the cache), all defined by its compiled
extension module ``pydantic_core._pydantic_core``. ``import pydantic_core`` would also run the package's
``__init__``, which builds the typed dictionaries of ``core_schema`` and imports
``typing_extensions``: about as long as starting Python, for nothing a verify uses.

``extension()`` loads the extension module by itself, under its own name, and leaves it in
``sys.modules``; a later ``import pydantic_core`` (pydantic, on the paths that need it) finds
it there and uses the very same module, so the classes are the same objects either way. If the
module is not where this expects it (another layout of pydantic-core), the package is imported
as usual.
"""

from __future__ import annotations

import sys
from types import ModuleType

NAME = "pydantic_core._pydantic_core"


def extension() -> ModuleType:
    module = sys.modules.get(NAME)
    if module is not None:
        return module
    try:
        from importlib.machinery import PathFinder
        from importlib.util import find_spec, module_from_spec

        package = find_spec("pydantic_core")  # found, not run
        locations = package.submodule_search_locations if package is not None else None
        spec = PathFinder.find_spec(NAME, list(locations or ()))
        if spec is None or spec.loader is None:
            raise ImportError(NAME)
        module = module_from_spec(spec)
        sys.modules[NAME] = module
        spec.loader.exec_module(module)
    except Exception:
        sys.modules.pop(NAME, None)
        import pydantic_core._pydantic_core as module
    return module
