from tests.conftest import objects  # noqa: F401  (the demo board and a second, out-of-scope board)
