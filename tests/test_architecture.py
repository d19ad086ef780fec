"""The layout holds: domain modules import only downwards, nobody imports another package's
underscore names, product apps never import devtools, and no product module grows past 500
lines (docs/architecture.md, "The layers")."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lower first; a domain module may import only from its own level or below.
LAYERS = {
    "core": 0,
    "accounts": 1,
    "notifications": 2,
    "standing": 3,
    "graphcache": 4,
    "connections": 5,
    "groups": 6,
    "network": 7,
    "feed": 8,
    "messaging": 9,
    "search": 9,
    "moderation": 9,
    "exports": 10,
}
PRODUCT = [*LAYERS, "config"]
# The outermost layer: it may call any app's services and selectors (views.py and views_*.py,
# the pages; api/, the REST endpoints; ...).
INTERFACE_PARTS = ("views", "api", "admin.py", "templatetags", "urls.py", "forms.py", "apps.py")
# Third-party names that start with an underscore by convention, not by privacy.
ALLOWED_PRIVATE = {"_meta", "_default_manager", "_base_manager"}
MODULE_MAX_LINES = 500


def _modules(packages: list[str]) -> Iterator[tuple[str, Path, ast.Module]]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield package, path, ast.parse(path.read_text(), filename=str(path))


def _imported_modules(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def test_domain_modules_import_only_downwards() -> None:
    wrong = []
    for package, path, tree in _modules(list(LAYERS)):
        relative = path.relative_to(ROOT / package)
        if any(part.startswith(INTERFACE_PARTS) for part in relative.parts):
            continue
        for line, module in _imported_modules(tree):
            top = module.split(".")[0]
            if top in LAYERS and top != package and LAYERS[top] > LAYERS[package]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert wrong == []


def test_no_product_module_imports_devtools() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for _, path, tree in _modules(PRODUCT)
        for line, module in _imported_modules(tree)
        if module.split(".")[0] == "devtools"
    ]
    assert wrong == []


def _private_uses(package: str, tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Underscore names this module takes from another package of the project."""
    project = {*PRODUCT, "devtools"}
    origin: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top = node.module.split(".")[0]
            for alias in node.names:
                if top in project and top != package and alias.name.startswith("_"):
                    yield node.lineno, f"{node.module}.{alias.name}"
                origin[alias.asname or alias.name] = top
        elif isinstance(node, ast.Import):
            for alias in node.names:
                origin[alias.asname or alias.name.split(".")[0]] = alias.name.split(".")[0]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr not in ALLOWED_PRIVATE
            and isinstance(node.value, ast.Name)
            and origin.get(node.value.id) in project
            and origin[node.value.id] != package
        ):
            yield node.lineno, f"{node.value.id}.{node.attr}"


@pytest.mark.parametrize("packages", [[*PRODUCT, "devtools"]])
def test_nobody_uses_another_packages_private_names(packages: list[str]) -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} {name}"
        for package, path, tree in _modules(packages)
        for line, name in _private_uses(package, tree)
    ]
    assert wrong == []


def test_tests_use_public_names_outside_their_own_package() -> None:
    """tests/<package>/ are that package's unit tests; every other test uses public names."""
    wrong = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        parts = path.relative_to(ROOT / "tests").parts
        owner = parts[0] if len(parts) > 1 else "tests"
        tree = ast.parse(path.read_text(), filename=str(path))
        for line, name in _private_uses(owner, tree):
            wrong.append(f"{path.relative_to(ROOT)}:{line} {name}")
    assert wrong == []


def test_no_product_module_is_over_500_lines() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for _, path, _tree in _modules(PRODUCT)
        if (lines := len(path.read_text().splitlines())) > MODULE_MAX_LINES
    ]
    assert long == []
