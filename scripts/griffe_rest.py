"""A griffe extension of the docs site: the docstrings' reST markup, rendered as Markdown.

The library's docstrings are written for ``help()`` and editors, in reST style: roles such as
``:class:`Write``` and ``Example::`` before an indented block, and ``#:`` comments documenting
a constant. mkdocstrings renders Markdown, where a role would show as ``:class:`` followed by
code and ``::`` as two colons, and it knows no ``#:`` comments. This extension
(``mkdocs.yml``: ``extensions``) turns each role into a code span of the name it points to (the
last dotted part when the target starts with ``~``), ``::`` at the end of a line into ``:`` --
the indented block after it is already a Markdown code block -- and the ``#:`` lines right
above an attribute into its docstring.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:attr|class|const|data|exc|func|meth|mod|obj):`(~?)([^`]+)`")
BLOCK_OPENER = re.compile(r"(\S)::$", flags=re.MULTILINE)


def _role(match: re.Match[str]) -> str:
    short, target = match.groups()
    return f"`{target.rsplit('.', 1)[-1] if short else target}`"


def markdown(docstring: str) -> str:
    """``docstring`` with its reST roles and ``::`` block openers made Markdown."""
    return BLOCK_OPENER.sub(r"\1:", ROLE.sub(_role, docstring))


def comment_docstring(obj: griffe.Object) -> str | None:
    """The ``#:`` comment lines right above the first line of ``obj``, or ``None``."""
    if obj.lineno is None or obj.filepath is None or isinstance(obj.filepath, list):
        return None
    lines = obj.lines_collection[obj.filepath]
    found: list[str] = []
    index = obj.lineno - 2  # the line above, 0-based
    while index >= 0 and lines[index].strip().startswith("#:"):
        found.insert(0, lines[index].strip()[2:].strip())
        index -= 1
    return " ".join(found) or None


class RestToMarkdown(griffe.Extension):
    """Rewrites the docstring of every object griffe loads (see :func:`markdown`)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Called by griffe for each object it creates from the code."""
        if obj.docstring is None and obj.is_attribute:
            comment = comment_docstring(obj)
            if comment is not None:
                obj.docstring = griffe.Docstring(comment, lineno=obj.lineno, parent=obj)
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)
