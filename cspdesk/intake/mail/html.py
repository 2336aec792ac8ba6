"""HTML from mail: sanitised for display, and as plain text when a message has no text part."""

import re

import lxml.html
import nh3
from inscriptis import get_text
from inscriptis.model.config import ParserConfig
from lxml import etree

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
MAX_HTML_CHARS = 2_000_000
# nh3 (html5ever) takes time that grows with the square of the nesting depth: 50,000 nested <div> take
# 24 s, 200,000 (2 MB) minutes, and nothing can interrupt it (a signal waits for the native call to
# return), so the only worker would be held while acknowledgements wait. Real mail nests a few dozen deep.
MAX_HTML_DEPTH = 200


def _depth(root) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _flatten_below(root, depth: int) -> None:
    """Elements deeper than ``depth`` give way to their text."""
    stack = [(root, 1)]
    while stack:
        element, level = stack.pop()
        if level < depth:
            stack.extend((child, level + 1) for child in element)
            continue
        if len(element):
            text = "".join(
                (child.text_content() if isinstance(child.tag, str) else "") + (child.tail or "")
                for child in element
            )
            for child in list(element):
                element.remove(child)
            element.text = (element.text or "") + text


def bounded(html: str) -> str:
    """The HTML, nested no deeper than MAX_HTML_DEPTH, before any slow work. libxml2 parses in linear time
    (and stops reading at a depth of 256: what lies deeper is lost from the HTML, the raw message keeps
    it); shallow HTML is returned as it came, deeper HTML as libxml2 read it with the elements below the
    limit flattened to their text."""
    html = html[:MAX_HTML_CHARS]
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):  # nothing but whitespace or comments: nothing to nest
        return html
    if _depth(root) <= MAX_HTML_DEPTH:
        return html
    _flatten_below(root, MAX_HTML_DEPTH)
    return lxml.html.tostring(root, encoding="unicode")


def sanitize(html: str) -> str:
    """Only harmless markup survives; remote images lose their src (kept as data-remote-src) so that a
    tracking pixel does not load until an agent asks for it."""
    clean = nh3.clean(
        bounded(html),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "cid"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _REMOTE_IMAGE.sub(r'\1 data-remote-src="\2"', clean)


def to_text(html: str) -> str:
    return get_text(bounded(html), ParserConfig(display_links=False)).strip()
