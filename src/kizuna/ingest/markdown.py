"""Markdown files read as plain text: the marks that format a page are no part of what it says."""

from __future__ import annotations

import re

# Markdown's marks, line by line (the lines stay, so a citation's line number is the file's): a heading's
# #, a quote's >, a list's bullet, a rule, a code fence; emphasis, code spans, links and images inline
_MARKDOWN_LINE = (
    (re.compile(r"^\s{0,3}(?:```|~~~).*$"), ""),
    (re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$"), ""),
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$"), r"\1"),
    (re.compile(r"^\s{0,3}>\s?"), ""),
    (re.compile(r"^(\s*)[-*+]\s+"), r"\1"),
)
_MARKDOWN_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)


def plain_markdown(text: str) -> str:
    """A Markdown file's text without its marks ("# Title" is "Title", "**36 nurses**" is "36 nurses")."""
    lines = []
    for line in text.split("\n"):
        for pattern, repl in (*_MARKDOWN_LINE, *_MARKDOWN_INLINE):
            line = pattern.sub(repl, line)
        lines.append(line)
    return "\n".join(lines)
