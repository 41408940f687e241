"""Validators of the marketplace's text fields."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

__all__ = ["BIDI_CONTROLS", "reject_bidi_controls"]

#: Invisible characters that reorder the text around them (U+202A-U+202E embeddings and
#: overrides, U+2066-U+2069 isolates): a shop named "Shop\u202egnp.exe" would read as another
#: name than it is, in lists, invoices and e-mails.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def reject_bidi_controls(value: str) -> None:
    """Refuse text holding a bidirectional control character, naming the code point."""
    found = BIDI_CONTROLS.search(value or "")
    if found is not None:
        raise ValidationError(
            "Remove the invisible text-direction character U+%(code)04X at position "
            "%(position)d: it makes the text read differently from what it is.",
            code="bidi_control",
            params={"code": ord(found.group()), "position": found.start() + 1},
        )
