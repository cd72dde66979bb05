import ast
from pathlib import Path

import pytest

POLICY_DIR = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(p for p in POLICY_DIR.glob("*.py")), ids=lambda p: p.name)
def test_policy_modules_import_nothing_from_django_or_the_rest_of_stelsel(path):
    for module in _imported_modules(path):
        assert not module.startswith("django"), f"{path.name} imports {module}"
        assert not module.startswith("rest_framework"), f"{path.name} imports {module}"
        if module.startswith("stelsel."):
            assert module.startswith("stelsel.policy"), f"{path.name} imports {module}"
