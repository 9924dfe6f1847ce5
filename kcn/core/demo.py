"""Demo data beyond the registry: apps register a loader, ``kcn demo`` runs them after the board
is loaded. Core stays free of domain imports.

A loader takes the demo board and returns a line saying what it did (or None). It must be safe
to run again: a second ``kcn demo`` changes nothing.
"""

from collections.abc import Callable

Loader = Callable[[object], object]

_LOADERS: list[Loader] = []


def register(loader: Loader) -> Loader:
    """Add a loader (once); usable as a decorator. Apps call it from ``AppConfig.ready()``."""
    if loader not in _LOADERS:
        _LOADERS.append(loader)
    return loader


def run_loaders(board, stdout=None) -> list:
    """Run every registered loader for ``board`` in registration order; their results, and each
    non-empty one written as a line to ``stdout`` if given."""
    results = []
    for loader in _LOADERS:
        result = loader(board)
        results.append(result)
        if result and stdout is not None:
            stdout.write(str(result))
    return results
