"""Writes docs/reference.md: every public name of every part, with its signature and docstring.

Run with ``.venv/bin/python scripts/gen_reference.py``; the reference is made from the code, so
it never drifts from it (a test checks the committed file is current).
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["tracking", "audit", "sync", "ordering", "remote"]


def _setup_django() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def _signature(obj: object) -> str:
    try:
        return str(inspect.signature(obj))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def _describe(name: str, obj: object) -> list[str]:
    kind = "class" if inspect.isclass(obj) else "function" if callable(obj) else "object"
    header = f"### `{name}{_signature(obj) if kind == 'function' else ''}`"
    doc = inspect.getdoc(obj) if kind != "object" or hasattr(obj, "__doc__") else None
    if kind == "object" and doc == inspect.getdoc(type(obj)):
        doc = f"An instance of `{type(obj).__module__}.{type(obj).__qualname__}`."
    return [header, "", f"*{kind}*", "", doc or "(no docstring)", ""]


def render() -> str:
    """The whole reference page as Markdown."""
    _setup_django()
    lines = [
        "# API reference",
        "",
        "Generated from the code by `scripts/gen_reference.py`; do not edit by hand.",
        "",
    ]
    for part in PARTS:
        module = importlib.import_module(f"modelsync.{part}")
        names = sorted(getattr(module, "__all__", []))
        lines += [f"## `modelsync.{part}`", "", inspect.getdoc(module) or "", ""]
        for name in names:
            lines += _describe(name, getattr(module, name))
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    (ROOT / "docs" / "reference.md").write_text(render())
    print("wrote docs/reference.md")
