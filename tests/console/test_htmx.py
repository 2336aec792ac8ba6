"""htmx is the console's one way of updating part of a page (docs/adr/009): the vendored file is the one
recorded next to it, it runs under the strict CSP with eval off, no other script fetches fragments, and a
requester's HTML cannot carry htmx attributes into the page."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from cspdesk.tickets.models import Message

STATIC = Path(__file__).resolve().parents[2] / "cspdesk" / "console" / "static" / "console"

pytestmark = pytest.mark.django_db


def test_the_vendored_htmx_is_the_version_and_sum_recorded_next_to_it():
    readme = (STATIC / "htmx" / "README.md").read_text()
    row = next(line for line in readme.splitlines() if line.startswith("| `htmx.min.js`"))
    version, digest = re.search(r"\| ([\d.]+) \| `([0-9a-f]{64})` \|", row).groups()
    body = (STATIC / "htmx" / "htmx.min.js").read_bytes()
    assert hashlib.sha256(body).hexdigest() == digest
    assert f'version:"{version}"' in body.decode()


def test_console_pages_load_htmx_from_the_desk_under_a_csp_without_unsafe_sources(console):
    response = console.get(reverse("console:queues"))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    assert re.search(r'<script src="/static/console/htmx/htmx\.min\.js" defer></script>', html)
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html).group(1))
    assert config["allowEval"] is False and config["includeIndicatorStyles"] is False
    assert config["allowScriptTags"] is False and config["selfRequestsOnly"] is True


def test_no_console_script_but_htmx_fetches_a_fragment():
    for script in STATIC.glob("*.js"):
        text = script.read_text()
        assert "fetch(" not in text and "XMLHttpRequest" not in text, script.name


def test_a_requester_s_html_cannot_carry_htmx_attributes_into_the_page(console, open_ticket):
    ticket = open_ticket()
    Message.objects.filter(ticket=ticket).update(
        body_html='<p hx-get="/console/logout/" hx-trigger="load" data-hx-post="/x">Привет</p>'
    )
    html = console.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert '<div class="mail-html" hx-disable>' in html  # htmx ignores everything inside
    assert (
        "Привет" in html and "/console/logout/" not in html.split('class="mail-html"')[1].split("</div>")[0]
    )
