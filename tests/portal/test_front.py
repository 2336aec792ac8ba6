"""The public page as a front door (issue 20, part A): the knowledge-base search leads the page, the request
types open the form with the type chosen, the contact cards come from the settings, the terms stay below
with anchors; the favicon, the sign-in page without server folders, amounts in one format."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from cspdesk.kb.models import Article
from cspdesk.tickets.models import CostEstimate
from tests.factories import make_article
from tests.portal.conftest import client_for

pytestmark = pytest.mark.django_db

TYPE = "o365_attach_licenses_existing_tenant"


def _main(page: str) -> str:
    return page.split("<main>", 1)[1].split("</main>", 1)[0]


def _first_element(html: str) -> str:
    """The first element of the main content that shows something (comments and whitespace skipped)."""
    html = re.sub(r"<!--.*?-->", "", html, flags=re.S).strip()
    return re.match(r"<[^>]+>", html).group(0)


def test_the_search_box_is_the_first_thing_on_the_page(client):
    main = _main(client.get("/").content.decode())
    assert _first_element(main).startswith('<section class="front-search"')
    search = main.split("</section>", 1)[0]
    assert 'role="search"' in search
    assert 'action="/kb/"' in search
    assert 'name="q"' in search and "data-kb-suggest" in search
    # the request form is not on the page any more: the types lead to it
    assert 'form class="request"' not in main


@pytest.mark.parametrize("path", ["/", "/request/"])
def test_known_issues_come_first_in_the_main_content(path):
    """Issue 20's other half fills portal/_known_issues.html; both pages leave it the first place."""
    from django.template.loader import get_template

    source = get_template("portal/home.html" if path == "/" else "portal/request.html").template.source
    content = source.split("{% block content %}", 1)[1].lstrip()
    assert content.startswith('{% include "portal/_known_issues.html" %}')
    assert Client().get(path).status_code == 200


def test_every_active_request_type_leads_to_the_form_with_it_chosen(client):
    page = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    links = re.findall(r'href="/request/\?type=([a-z0-9_]+)"', page)
    from cspdesk.catalog.selectors import request_types_active

    assert sorted(links) == sorted(rt.code for rt in request_types_active())
    assert "Attach licences to an existing tenant" in page
    # an outage first
    assert page.index('data-category="incident"') < page.index('data-category="paid_service"')

    form = client.get(f"/request/?type={TYPE}").content.decode()
    assert re.search(rf'<option value="{TYPE}" selected>', form)
    assert re.search(rf'<fieldset data-request-type="{TYPE}" data-chosen>', form)


def test_an_unknown_type_in_the_link_leaves_the_form_unchosen(client):
    form = client.get("/request/?type=nonsense<script>").content.decode()
    assert "selected>" not in form.split('name="request_type"', 1)[1].split("</select>", 1)[0]
    assert "<script>" not in form.split("<main>", 1)[1]


def test_contact_cards_carry_tel_and_mailto_links_from_the_settings(client, settings):
    page = client.get("/").content.decode()
    assert 'href="tel:+78007773807"' in page
    assert 'href="tel:+74955445024"' in page
    assert 'href="mailto:cloud-support@example.com"' in page
    assert "24/7/365" in page

    settings.SUPPORT_ADDRESS = "help@desk.example"
    settings.SUPPORT_PHONES = ["+7 812 000 11 22"]
    page = client.get("/").content.decode()
    assert 'href="tel:+78120001122"' in page and "+7 812 000 11 22" in page
    assert 'href="mailto:help@desk.example"' in page
    assert "tel:+78007773807" not in page
    assert "cloud-support@example.com" not in page


def test_the_terms_stay_below_with_anchors_and_contents(client, support_page):
    page = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    for code in ("sla", "free-support", "paid-support", "azure", "faq"):
        assert f'<section id="{code}" class="terms">' in page
        assert f'<li><a href="#{code}">' in page
    assert page.index('class="front-contacts"') < page.index('id="sla"')
    assert "Share resolved on time" in page
    # the contact cards stand in for the contacts section: the numbers are not printed twice
    assert 'id="contacts" class="terms"' not in page
    assert page.count("tel:+78007773807") == 1


def test_the_seeded_contacts_section_takes_its_phones_from_the_settings(settings, support_page):
    from cspdesk.portal.selectors import page_sections

    settings.SUPPORT_PHONES = ["+7 812 000 11 22"]
    contacts = next(s for s in page_sections() if s.code == "contacts")
    assert 'href="tel:+78120001122"' in contacts.html
    assert "8 800 777 38 07" not in contacts.html


def test_seeded_articles_show_the_desks_address_not_another(client, settings):
    """The first articles wrote cloud-support@mont.com while the site said the settings' address."""
    settings.SUPPORT_ADDRESS = "help@desk.example"
    article = Article.objects.get(slug="support-contacts")
    assert "mont.com" not in article.body_ru + article.body_en
    page = client.get("/kb/support-contacts/").content.decode()
    assert 'href="mailto:help@desk.example"' in page
    assert 'href="tel:+78007773807"' in page
    assert "{{" not in page.split("<main>", 1)[1]


def test_the_favicon_is_served_from_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    icon = b"".join(response.streaming_content) if response.streaming else response.content
    assert icon[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert 'rel="icon"' in client.get("/").content.decode()


def test_the_sign_in_page_says_nothing_about_server_folders(client, settings, tmp_path):
    settings.MAILERS = {
        "default": {
            "BACKEND": "cspdesk.notifications.backends.EmlDirectoryBackend",
            "OPTIONS": {"directory": str(tmp_path)},
        }
    }
    for language in ("ru", "en"):
        page = client.get("/portal/sign-in/", headers={"Accept-Language": language}).content.decode()
        assert "var/mail" not in page and str(tmp_path) not in page
        sent = client.post(
            "/portal/sign-in/", {"email": "nobody@example.com"}, headers={"Accept-Language": language}
        )
        assert "var/mail" not in sent.content.decode()


def test_the_portal_shows_an_estimate_in_the_readers_format(two_partners):
    ticket = two_partners["a"]["partner_ticket"]
    CostEstimate.objects.filter(ticket=ticket).update(amount=Decimal("96000"))
    user = two_partners["a"]["partner_user"]
    ru = client_for(user, "ru").get(f"/portal/tickets/{ticket.number}/").content.decode()
    en = client_for(user, "en").get(f"/portal/tickets/{ticket.number}/").content.decode()
    assert "96\u00a0000,00\u00a0₽" in ru
    assert "RUB\u00a096,000.00" in en


def test_an_article_is_found_from_the_front_search(client):
    make_article(slug="mail-stuck", title_ru="Не уходят письма", body_ru="Письма не уходят из Outlook.")
    page = client.get("/kb/?q=письма").content.decode()
    assert "/kb/mail-stuck/" in page
