"""Product descriptions: plain text or a small, safe subset of Markdown.

Supported: paragraphs (blank lines), line breaks, **bold**, *italic* or
_italic_, bullet lists ("- ", "* ", "+ ") and numbered lists ("1. ", "1) ").
Everything the vendor typed is HTML-escaped first, so tags and attributes
(<script>, <img onerror=...>) come out as text; nh3 then re-checks the result
against the allow-list as a second line of defence.
"""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li"})
MAX_DESCRIPTION_LENGTH = 5000

_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_ITALIC_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")


def _inline(line: str) -> str:
    text = html.escape(line.strip(), quote=True)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC_STAR.sub(r"<em>\1</em>", text)
    return _ITALIC_UNDERSCORE.sub(r"<em>\1</em>", text)


def _line_kind(line: str) -> tuple[str, str]:
    """('ul' | 'ol' | 'p', the line's text without its list marker)."""
    if match := _BULLET.match(line):
        return "ul", match.group(1)
    if match := _NUMBERED.match(line):
        return "ol", match.group(1)
    return "p", line


def _render_block(lines: list[str]) -> list[str]:
    """One block (no blank lines inside): runs of list items and of text lines."""
    parts: list[str] = []
    run_kind = ""
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        if run_kind == "p":
            parts.append("<p>" + "<br>".join(_inline(line) for line in run) + "</p>")
        else:
            items = "".join(f"<li>{_inline(item)}</li>" for item in run)
            parts.append(f"<{run_kind}>{items}</{run_kind}>")

    for line in lines:
        kind, text = _line_kind(line)
        if kind != run_kind:
            flush()
            run_kind, run = kind, []
        run.append(text)
    flush()
    return parts


def render_description(text: str) -> SafeString:
    """The description as sanitised HTML using only ALLOWED_TAGS, no attributes."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    parts: list[str] = []
    block: list[str] = []
    for line in [*normalised.split("\n"), ""]:
        if line.strip():
            block.append(line)
        elif block:
            parts.extend(_render_block(block))
            block = []
    cleaned = nh3.clean(
        "".join(parts),
        tags=set(ALLOWED_TAGS),
        attributes={},
        link_rel=None,
        strip_comments=True,
    )
    # Safe: every character the vendor typed was escaped above and the result
    # passed the allow-list sanitiser; only the listed tags remain.
    return mark_safe(cleaned)  # noqa: S308
