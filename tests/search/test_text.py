"""The pure parts of the search: stems and snippets, without a database."""

from hypothesis import given
from hypothesis import strategies as st

from cspdesk.search import snippets, text


def test_russian_word_forms_share_a_stem():
    assert text.stem("лицензии") == text.stem("лицензия") == text.stem("Лицензий")


def test_english_word_forms_share_a_stem():
    assert text.stem("licenses") == text.stem("license") == text.stem("Licensing")


def test_yo_is_searched_as_ye():
    assert text.stem("учётной") == text.stem("учетной")


def test_query_words_are_deduplicated_by_stem_and_limited():
    assert text.query_words("лицензия лицензии Azure") == ["лицензия", "azure"]
    assert len(text.query_words(" ".join(f"w{i}" for i in range(50)))) == text.MAX_QUERY_WORDS


def test_snippet_marks_the_matching_words_of_the_original_text():
    html = snippets.highlight("Назначьте лицензии пользователям в центре", {text.stem("лицензия")})
    assert html == "Назначьте <mark>лицензии</mark> пользователям в центре"


def test_snippet_escapes_markup_in_the_document():
    html = snippets.highlight('<script>alert("x")</script> лицензия', {text.stem("лицензия")})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>лицензия</mark>" in html


def test_snippet_is_a_window_around_the_matches():
    words = " ".join(f"слово{i}" for i in range(200))
    html = snippets.highlight(f"{words} лицензия конец", {text.stem("лицензия")})
    assert html.startswith("…")
    assert "<mark>лицензия</mark>" in html
    assert "слово0 " not in html


def test_postgres_headline_sentinels_become_marks_after_escaping():
    html = snippets.sentinel_to_html("a <b> \ue000word\ue001 c", "\ue000", "\ue001")
    assert html == "a &lt;b&gt; <mark>word</mark> c"


@given(st.text(max_size=300))
def test_snippets_never_contain_markup_other_than_mark(value):
    html = snippets.highlight(value, {text.stem(w) for w in text.query_words(value)[:2]})
    stripped = html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped and ">" not in stripped


@given(
    st.lists(st.sampled_from(["лицензия", "лицензии", "почта", "Licenses", "office", "ёлка"]), max_size=80)
)
def test_every_word_with_a_query_stem_is_marked(words):
    stems = {text.stem("лицензия"), text.stem("license"), text.stem("елка")}
    html = snippets.highlight(" ".join(words), stems, size=len(words) + 1)
    expected = [w for w in words if text.stem(w) in stems]
    assert html.count("<mark>") == len(expected)
