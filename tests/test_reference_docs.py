"""docs/reference.md is made from the code; it must be regenerated when a public name changes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_api_reference_is_current() -> None:
    script = ROOT / "scripts" / "gen_reference.py"
    spec = importlib.util.spec_from_file_location("gen_reference", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs/reference.md").read_text()
    assert module.render() == committed, "run: .venv/bin/python scripts/gen_reference.py"
