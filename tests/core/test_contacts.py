"""The desk's address and phones from the settings, and the placeholders articles and page sections write
instead of them (core/contacts.py): filled as text, never run as a template."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cspdesk.core.checks import support_phones_check
from cspdesk.core.contacts import contacts_fill_html, e164, support_phones
from cspdesk.kb.rendering import markdown_to_html, markdown_to_text


@pytest.mark.parametrize(
    ("shown", "dialled"),
    [
        ("8 800 777 38 07", "+78007773807"),
        ("+7 495 544 50 24", "+74955445024"),
        ("+7 (495) 544-50-24", "+74955445024"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_numbers_are_dialled_in_e164(shown, dialled):
    assert e164(shown) == dialled


@pytest.mark.parametrize("shown", ["544 50 24", "800 777 38 07", "+7", "call us"])
def test_a_number_that_cannot_be_dialled_from_abroad_is_refused(shown):
    with pytest.raises(ImproperlyConfigured):
        e164(shown)


def test_a_wrong_number_in_the_settings_fails_the_system_check(settings):
    settings.SUPPORT_PHONES = ["8 800 777 38 07", "544 50 24"]
    errors = support_phones_check(None)
    assert [e.id for e in errors] == ["cspdesk.E010"]
    settings.SUPPORT_PHONES = ["8 800 777 38 07"]
    assert support_phones_check(None) == []


def test_page_section_placeholders_become_the_settings_address_and_tel_links(settings):
    settings.SUPPORT_ADDRESS = "help@desk.example"
    settings.SUPPORT_PHONES = ["8 800 100 20 30"]
    html = contacts_fill_html(
        '<a href="mailto:{{ support_address }}">{{ support_email }}</a> {{ support_phones }}'
    )
    assert html == (
        '<a href="mailto:help@desk.example">help@desk.example</a> '
        '<a href="tel:+78001002030" class="phone">8 800 100 20 30</a>'
    )
    assert [p.href for p in support_phones()] == ["tel:+78001002030"]


def test_article_placeholders_become_links_and_the_index_text_has_the_values(settings):
    settings.SUPPORT_ADDRESS = "help@desk.example"
    settings.SUPPORT_PHONES = ["8 800 100 20 30", "+7 495 000 00 01"]
    body = "Write to {{ support_address }} or call {{ support_phones }}.\n\n"
    body += "[mail us](mailto:{{ support_email }})"
    html = markdown_to_html(body)
    assert 'href="mailto:help@desk.example"' in html
    assert 'href="tel:+78001002030"' in html and 'href="tel:+74950000001"' in html
    assert "{{" not in html
    text = markdown_to_text(body)
    assert "help@desk.example" in text and "8 800 100 20 30" in text and "{{" not in text


def test_an_article_body_is_not_a_template(settings):
    """Only the named placeholders are filled: template syntax in a body stays text, and HTML stays out."""
    settings.SUPPORT_ADDRESS = "help@desk.example"
    body = "{{ settings.SECRET_KEY }} {% load static %} <script>alert(1)</script> {{ support_address }}"
    html = markdown_to_html(body)
    assert "{{ settings.SECRET_KEY }}" in html
    assert "{% load static %}" in html
    assert "<script>" not in html
    assert "help@desk.example" in html
