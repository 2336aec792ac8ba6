"""HTML from mail: sanitised for display, and as plain text when a message has no text part.

The sanitiser (nh3, the html5ever tree builder) costs time in proportion to the number of elements times
their nesting depth, and it can make elements the input never wrote (it reopens unclosed formatting
elements in every new paragraph): 1.1 MB of nested <div> took 34 s, 100 KB of such formatting 53 s and
175 MB of output. It runs in native code, which no signal interrupts, so the bounds are checked before
it runs: at most ``MAX_HTML_CHARS`` characters and ``MAX_HTML_ELEMENTS`` start tags, counted as every "<"
followed by a letter (an over-count that no tokenizer trick can hide a tag from; the depth can be no more
than that). The output is held to the same bounds. HTML over them is shown as text made by ``flatten``
(one linear pass) and the message is marked for an agent's note; the original is kept.
"""

import re
from html import unescape

import nh3
from inscriptis import get_text
from inscriptis.model.config import ParserConfig

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "div", "em", "font", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align", "valign"},
    "th": {"colspan", "rowspan", "align", "valign"},
    "table": {"border", "cellpadding", "cellspacing"},
    "font": {"color"},
    "*": {"dir", "lang"},
}
_REMOTE_IMAGE = re.compile(r'(<img\b[^>]*?)\ssrc="(https?:[^"]*)"', re.IGNORECASE)
# The largest HTML part of the mail corpus is 256 KB with 3,895 elements. At these bounds the sanitiser
# and the text extraction take well under a second on any input measured (bench/README.md).
MAX_HTML_CHARS = 1_000_000
MAX_HTML_ELEMENTS = 10_000
_START_TAG = re.compile(r"<[A-Za-z]")
# flatten(): hidden content goes, block ends become line ends, cells are separated, other tags vanish.
# Every pattern stops at the next "<" or ">", so that no input makes a search rescan the text.
_HIDDEN = re.compile(r"<(script|style|title)\b|<!--", re.IGNORECASE)
_HIDDEN_END = {
    "script": re.compile(r"</script\b[^<>]*>", re.IGNORECASE),
    "style": re.compile(r"</style\b[^<>]*>", re.IGNORECASE),
    "title": re.compile(r"</title\b[^<>]*>", re.IGNORECASE),
    None: re.compile(r"-->"),
}
_BREAK = re.compile(r"<(?:br|/?p|/?div|/?tr|/?li|/?h[1-6]|/?blockquote|/?table|hr)\b[^<>]*>", re.IGNORECASE)
_CELL = re.compile(r"<t[dh]\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z!?][^<>]*>?")
_BLANKS = re.compile(r"[ \t\r\f\v]+")
_EMPTY_LINES = re.compile(r"\n{3,}")


def over_bounds(html: str) -> str:
    """Why the sanitiser must not be given this HTML ("size", "elements"), or "" when it may."""
    if len(html) > MAX_HTML_CHARS:
        return "size"
    if len(_START_TAG.findall(html)) > MAX_HTML_ELEMENTS:
        return "elements"
    return ""


def sanitize(html: str) -> str:
    """Only harmless markup survives; remote images lose their src (kept as data-remote-src) so that a
    tracking pixel does not load until an agent asks for it. Callers with mail from outside check
    ``over_bounds`` first."""
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel", "cid"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _REMOTE_IMAGE.sub(r'\1 data-remote-src="\2"', clean)


def to_text(html: str) -> str:
    """Text with the layout of tables and lists (inscriptis). Within ``over_bounds`` only."""
    return get_text(html, ParserConfig(display_links=False)).strip()


def _visible(html: str) -> str:
    """Without scripts, style sheets, the title and comments; an unclosed one hides the rest."""
    kept, position = [], 0
    while match := _HIDDEN.search(html, position):
        kept.append(html[position : match.start()])
        end = _HIDDEN_END[match.group(1) and match.group(1).lower()].search(html, match.end())
        if end is None:
            return "".join(kept)
        position = end.end()
    kept.append(html[position:])
    return "".join(kept)


def flatten(html: str, limit: int = MAX_HTML_CHARS * 2) -> str:
    """The text of any HTML in time linear in its length: tags removed, blocks and rows on lines of their
    own, entities decoded. For HTML over the bounds (and a sanitiser that ran out of time)."""
    text = _visible(html[:limit])
    text = _CELL.sub("\t", _BREAK.sub("\n", text))
    text = unescape(_TAG.sub("", text))
    lines = (_BLANKS.sub(" ", line).strip() for line in text.split("\n"))
    return _EMPTY_LINES.sub("\n\n", "\n".join(lines)).strip()


def render(html: str, *, with_text: bool) -> tuple[str, str, str]:
    """(sanitised HTML, text, why it was flattened). Within the bounds, and when the sanitiser's output
    is too: the sanitised HTML and, if asked for, inscriptis's text. Otherwise no HTML, the flattened text
    and the reason ("size", "elements")."""
    reason = over_bounds(html)
    if not reason:
        clean = sanitize(html)
        reason = over_bounds(clean)
        if not reason:
            # lxml stops reading below 255 levels of nesting; the flattened text has what it dropped.
            return clean, (to_text(html) or flatten(html)) if with_text else "", ""
    return "", flatten(html), reason
