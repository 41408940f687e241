"""The docs site stays true to the code: every public name and every setting is documented.

The module reference (``docs/reference/``) is rendered by mkdocstrings from the docstrings when
the site is built. mkdocstrings reads the code statically (with griffe): a name is documented
only if the package declares it in a literal ``__all__`` and binds it at import time. These tests
ask griffe what mkdocstrings will see, so a public name missing from the site fails here first.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SRC = ROOT / "src"
#: The parts of the library, each with a reference page ``docs/reference/<part>.md``.
PARTS = ("audit", "events", "ordering", "remote", "sync", "tracking")
#: Subpackages of modelsync that are no part of their own: the database layer serves the parts.
INTERNAL = {"db"}


def documented_modules(part: str) -> list[str]:
    """The modules whose ``__all__`` the reference page of ``part`` renders: the package, and
    its ``models`` module when it has one (a model base needs the app registry, so it can't be
    imported by the package)."""
    package = f"modelsync.{part}"
    has_models = (SRC / "modelsync" / part / "models.py").exists()
    return [package, f"{package}.models"] if has_models else [package]


ALL_DOCUMENTED = [module for part in PARTS for module in documented_modules(part)]


def reference_page(part: str) -> Path:
    """The reference page of ``part``."""
    return DOCS / "reference" / f"{part}.md"


def directives(page: Path) -> list[str]:
    """The objects a page renders with mkdocstrings (``::: dotted.path`` lines)."""
    return re.findall(r"^::: (\S+)$", page.read_text(), flags=re.MULTILINE)


def public_names(module_name: str) -> list[str]:
    """The names ``module_name`` exports; every documented module must declare them."""
    names = getattr(importlib.import_module(module_name), "__all__", None)
    assert names is not None, f"{module_name} must declare __all__ (empty when it exports none)"
    return list(names)


def nav_pages() -> set[str]:
    """The Markdown pages named in the site's navigation."""
    return set(re.findall(r"[\w/.-]+\.md", (ROOT / "mkdocs.yml").read_text()))


def test_every_subpackage_of_modelsync_is_a_documented_part_or_internal() -> None:
    packages = {path.parent.name for path in (SRC / "modelsync").glob("*/__init__.py")}
    undocumented = packages - set(PARTS) - INTERNAL
    assert not undocumented, f"add a reference page and an entry in PARTS for {undocumented}"


@pytest.mark.parametrize("part", PARTS)
def test_reference_page_of_each_part_is_in_the_nav_and_renders_its_modules(part: str) -> None:
    page = reference_page(part)
    assert f"reference/{part}.md" in nav_pages()
    assert directives(page) == documented_modules(part)


def test_every_page_of_the_docs_folder_is_in_the_nav() -> None:
    pages = {str(path.relative_to(DOCS)) for path in DOCS.rglob("*.md")}
    assert pages - nav_pages() == set()
    assert nav_pages() - pages == set(), "the nav names a page that does not exist"


@pytest.mark.parametrize("module_name", ALL_DOCUMENTED)
def test_reference_shows_every_name_in_the_modules_all(module_name: str) -> None:
    griffe = pytest.importorskip("griffe", reason="griffe comes with the dev extra (mkdocstrings)")
    loader = griffe.GriffeLoader(search_paths=[str(SRC), str(ROOT)])
    static = loader.load(module_name)
    loader.resolve_aliases(external=False, implicit=False)
    public = set(public_names(module_name))
    # A computed __all__ (or a name bound lazily by a module __getattr__) is invisible to a
    # static reader, so the reference would silently leave the name out.
    declared = set(static.exports or ())
    assert public - declared == set(), f"{module_name}.__all__ must be a literal list"
    unbound = sorted(name for name in public if name not in static.members)
    assert unbound == [], f"{module_name} must import these names eagerly: {unbound}"


@pytest.mark.parametrize("module_name", ALL_DOCUMENTED)
def test_every_public_class_and_function_has_a_docstring(module_name: str) -> None:
    module = importlib.import_module(module_name)
    missing = [
        name
        for name in public_names(module_name)
        if (inspect.isclass(obj := getattr(module, name)) or inspect.isfunction(obj))
        and not (obj.__doc__ or "").strip()
    ]
    assert missing == [], f"{module_name}: no docstring on {missing}"


def documented_settings_in_code() -> set[str]:
    """Every ``MODELSYNC_*`` setting the library's docstrings name (one per config function)."""
    names: set[str] = set()
    for path in (SRC / "modelsync").rglob("*.py"):
        if "migrations" not in path.parts:
            names |= set(re.findall(r"``(MODELSYNC_[A-Z0-9_]*[A-Z0-9])``", path.read_text()))
    return names


def test_settings_page_lists_every_setting_of_every_part() -> None:
    page = (DOCS / "settings.md").read_text()
    listed = set(re.findall(r"^\| `(MODELSYNC_[A-Z0-9_]+)` \|", page, flags=re.MULTILINE))
    in_code = documented_settings_in_code()
    assert in_code, "no setting found: the config modules document each as ``MODELSYNC_…``"
    assert in_code - listed == set(), "add these settings to docs/settings.md"
    assert listed - in_code == set(), "docs/settings.md lists settings the code no longer has"
