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
#: (heading, module whose ``__all__`` is documented); the audit app's names live in its models.
PARTS = [
    ("modelsync.tracking", "modelsync.tracking"),
    ("modelsync.audit", "modelsync.audit.models"),
    ("modelsync.sync", "modelsync.sync"),
    ("modelsync.ordering", "modelsync.ordering"),
    ("modelsync.remote", "modelsync.remote"),
]


def _setup_django() -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def _signature(obj: object) -> str:
    try:
        # Annotations are strings under ``from __future__ import annotations``: evaluate them
        # where the names resolve at run time, else show them as written.
        try:
            signature = inspect.signature(obj, eval_str=True)  # type: ignore[arg-type]
        except NameError:
            signature = inspect.signature(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return str(signature).replace("typing.", "")


def _methods(cls: type) -> list[str]:
    """The public methods ``cls`` itself defines (not inherited), with their first doc line."""
    lines = []
    for name, member in vars(cls).items():
        if name.startswith("_") or not inspect.isfunction(member):
            continue
        doc = (inspect.getdoc(member) or "").split("\n\n")[0].replace("\n", " ")
        lines.append(f"- `{name}{_signature(member)}`: {doc}")
    return [*lines, ""] if lines else []


def _describe(name: str, obj: object) -> list[str]:
    kind = "class" if inspect.isclass(obj) else "function" if callable(obj) else "object"
    header = f"### `{name}{_signature(obj) if kind == 'function' else ''}`"
    doc = inspect.getdoc(obj) if kind != "object" or hasattr(obj, "__doc__") else None
    if kind == "object" and doc == inspect.getdoc(type(obj)):
        doc = f"An instance of `{type(obj).__module__}.{type(obj).__qualname__}`."
    methods = _methods(obj) if inspect.isclass(obj) else []
    return [header, "", f"*{kind}*", "", doc or "(no docstring)", "", *methods]


def render() -> str:
    """The whole reference page as Markdown."""
    _setup_django()
    lines = [
        "# API reference",
        "",
        "Generated from the code by `scripts/gen_reference.py`; do not edit by hand.",
        "",
    ]
    for heading, module_name in PARTS:
        part = importlib.import_module(heading)
        module = importlib.import_module(module_name)
        names = sorted(getattr(module, "__all__", []))
        lines += [f"## `{heading}`", "", inspect.getdoc(part) or "", ""]
        for name in names:
            lines += _describe(name, getattr(module, name))
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    (ROOT / "docs" / "reference.md").write_text(render())
    print("wrote docs/reference.md")
