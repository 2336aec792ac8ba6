"""HTML from mail: sanitised for display, and as plain text when a message has no text part."""

import re

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
MAX_HTML_CHARS = 2_000_000


def sanitize(html: str) -> str:
    """Only harmless markup survives; remote images lose their src (kept as data-remote-src) so that a
    tracking pixel does not load until an agent asks for it."""
    clean = nh3.clean(
        html[:MAX_HTML_CHARS],
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "cid"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _REMOTE_IMAGE.sub(r'\1 data-remote-src="\2"', clean)


def to_text(html: str) -> str:
    return get_text(html[:MAX_HTML_CHARS], ParserConfig(display_links=False)).strip()
