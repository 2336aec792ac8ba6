"""HTML from mail: the bounds checked before the sanitiser runs, and the linear flattening beyond them."""

import time

import pytest

from cspdesk.intake.mail import html

# Shapes that make HTML parsers slow, each well over a bound (sizes as an attacker would send them), with
# how their flattened text ends.
HOSTILE = {
    "nested div": ("<div>" * 100_000 + "x" + "</div>" * 100_000, "x"),
    "unclosed div": ("<div>" * 100_000 + "x", "x"),
    "unclosed formatting": ("<b><i><u><font>" * 30_000 + "x", "x"),
    "misnested": ("<b><p></b>" * 100_000 + "x", "x"),
    "quote trick": ('<div title="<">' * 100_000 + "x", '<">x'),
    "flat table": ("<table>" + "<tr><td>a</td><td>b</td></tr>" * 100_000 + "</table>", "a b"),
    "unclosed script": ("<script>" * 300_000, ""),
    "unclosed comment": ("<!--" * 300_000, ""),
    "unterminated tags": ("<a " * 300_000 + "x", ""),  # as in a browser: a tag cut off at the end is dropped
    "one line": ("<p>" + "слово " * 300_000, "слово"),
}


@pytest.mark.parametrize("shape", HOSTILE, ids=list(HOSTILE))
def test_hostile_html_is_flattened_without_the_sanitiser_in_linear_time(shape):
    source, tail = HOSTILE[shape]
    started = time.monotonic()
    clean, text, reason = html.render(source, with_text=True)
    assert time.monotonic() - started < 2
    assert clean == "" and reason in ("size", "elements")
    assert text.endswith(tail) and (text or not tail) and "<div" not in text and "<td" not in text


def test_html_within_the_bounds_is_sanitised_and_its_text_keeps_the_table():
    clean, text, reason = html.render(
        '<p onclick="x()">Ошибка <b>0x80070005</b></p><table><tr><td>A</td><td>B</td></tr></table>'
        '<script>alert(1)</script><img src="https://tracker.example/p.gif">',
        with_text=True,
    )
    assert reason == "" and "<b>0x80070005</b>" in clean and "onclick" not in clean and "script" not in clean
    assert 'data-remote-src="https://tracker.example/p.gif"' in clean
    assert "Ошибка 0x80070005" in text and "A" in text and "alert" not in text


def test_the_element_bound_counts_every_tag_a_tokenizer_could_see():
    assert html.over_bounds("<p>" * html.MAX_HTML_ELEMENTS) == ""
    assert html.over_bounds("<p>" * html.MAX_HTML_ELEMENTS + "<P") == "elements"
    assert html.over_bounds('<a title="<b>">' * (html.MAX_HTML_ELEMENTS // 2 + 1)) == "elements"
    assert html.over_bounds("x" * (html.MAX_HTML_CHARS + 1)) == "size"


def test_a_sanitiser_output_over_the_bounds_is_flattened_too():
    """Few tags in, hundreds of thousands out: unclosed formatting reopened in every paragraph."""
    amplified = "<p>" + "".join(f'<b title="{i}">' for i in range(700)) + "<p>Текст" * 700
    clean, text, reason = html.render(amplified, with_text=False)
    assert html.over_bounds(amplified) == "" and reason in ("size", "elements") and clean == ""
    assert text.split() == ["Текст"] * 700


def test_deep_nesting_within_the_bounds_keeps_its_text():
    """lxml (inscriptis) stops reading below 255 levels; the flattened text has what it dropped."""
    _clean, text, reason = html.render("<div>" * 1_000 + "Текст письма" + "</div>" * 1_000, with_text=True)
    assert reason == "" and text == "Текст письма"


def test_flatten_keeps_the_words_lines_and_cells_and_drops_what_is_not_shown():
    text = html.flatten(
        "<html><head><title>T</title><style>p {color: red}</style></head><body><!-- note -->"
        "<p>Здравствуйте,&nbsp;<b>коллеги</b>!</p><div>строка 1<br>строка 2</div>"
        "<table><tr><td>A</td><td>B</td></tr><tr><td>C</td><td>D</td></tr></table>"
        "<script>alert(1)</script>конец"
    )
    assert text == "Здравствуйте,\xa0коллеги!\n\nстрока 1\nстрока 2\n\nA B\n\nC D\n\nконец"
