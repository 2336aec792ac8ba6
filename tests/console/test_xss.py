"""The OWASP filter-evasion vectors, sent as HTML mail bodies and subjects through the real intake path,
opened in a real browser: no dialog opens, no flag is set, and the page's CSP refuses inline script."""

from cspdesk.intake.models import InboundMail
from cspdesk.intake.services import inbound_mail_process, inbound_mail_store
from tests.console.browser import ARTIFACTS, sign_in
from tests.console.xss_vectors import VECTORS
from tests.intake.mailbuilder import make_mail


def _ingest(subject: str, html: str, sender: str):
    raw = make_mail(
        sender=sender, subject=subject, body="plain part", html=f"<html><body>{html}</body></html>"
    )
    inbound, _new = inbound_mail_store(raw=raw, source=InboundMail.Source.SMTP, enqueue=False)
    inbound_mail_process(inbound_id=inbound.pk)
    inbound.refresh_from_db()
    return inbound


def test_no_xss_vector_runs_in_the_console(
    browser_page, live_server, engineer, customer_contact, sla_policies
):
    page = browser_page
    tickets = []
    for index, vector in enumerate(VECTORS):
        inbound = _ingest(f"XSS {index} {vector}", f"<p>vector {index}</p>{vector}", customer_contact.email)
        assert inbound.ticket is not None, inbound.reason
        tickets.append(inbound.ticket.number)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    sign_in(page, live_server)
    for url in ("/console/?queue=unassigned", "/console/?queue=breaching", "/console/search/?q=XSS"):
        page.goto(live_server.url + url)
        page.mouse.move(400, 300)
        assert page.evaluate("window.__xss") is None, url
    for number in tickets:
        page.goto(f"{live_server.url}/console/tickets/{number}/")
        page.hover(".timeline")
        for link in page.locator(".mail-html a").all():
            link.hover()
        assert page.evaluate("window.__xss") is None, number
    page.screenshot(path=ARTIFACTS / "ticket-xss.png", full_page=True)
    assert dialogs == []

    # The CSP itself forbids inline script: a script element added to the page does not run.
    ran = page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';"
        " document.body.appendChild(s); return window.__inline === 1; }"
    )
    assert ran is False
    csp = page.evaluate("() => fetch(location.href).then(r => r.headers.get('content-security-policy'))")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
