from tests.netwerk.conftest import _role_groups  # noqa: F401  (autouse: see its docstring)
