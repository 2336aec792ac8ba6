"""Article text is Markdown (CommonMark, raw HTML off) rendered to HTML and sanitised with nh3: authors
write plain text in the admin, revisions diff line by line, and the index gets clean plain text. The desk's
address and phones are written as ``{{ support_address }}`` and ``{{ support_phones }}`` and filled from the
settings as plain text when rendered (core/contacts.py), never run as a template."""

import html

import nh3
from markdown_it import MarkdownIt

from cspdesk.core.contacts import contacts_fill_markdown

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def markdown_to_html(source: str) -> str:
    return nh3.clean(
        _markdown.render(contacts_fill_markdown(source or "")),
        tags=_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


def markdown_to_text(source: str) -> str:
    """The words a reader sees, for the search index (markup and link targets left out)."""
    rendered = (
        _markdown.render(contacts_fill_markdown(source or ""))
        .replace("</p>", "</p>\n")
        .replace("</li>", "</li>\n")
    )
    return html.unescape(nh3.clean(rendered, tags=set())).strip()
