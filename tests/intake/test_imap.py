"""`cspdesk poll-imap` against a real IMAP server (Dovecot on loopback)."""

import threading
import time

import pytest
from imapclient import IMAPClient

from cspdesk.intake.models import InboundMail
from cspdesk.intake.services import inbound_mail_store
from cspdesk.intake.sources.imap import mailbox_config, mailbox_connect, mailbox_drain, mailbox_watch
from cspdesk.tickets.models import Ticket
from tests.commands import run_cspdesk
from tests.intake.dovecot import dovecot_start, dovecot_stop
from tests.intake.mailbuilder import make_mail
from tests.intake.oauth_double import TOKEN, EntraDouble

DESK = ("desk", "Desk-pass-1")


@pytest.fixture
def dovecot():
    server = dovecot_start({DESK[0]: DESK[1]})
    yield server
    dovecot_stop(server)


def _append(server, *messages: bytes, folder: str = "INBOX") -> None:
    with server.client(*DESK) as client:
        for raw in messages:
            client.append(folder, raw)


def _url(server, query: str = "") -> str:
    return f"imap://{DESK[0]}:{DESK[1]}@{server.host}:{server.port}/INBOX{query}"


def _store(raw: bytes) -> None:
    inbound_mail_store(raw=raw, source="imap")


@pytest.mark.django_db(transaction=True)
def test_poll_imap_turns_waiting_mail_into_tickets_and_moves_it(dovecot, database_name, tmp_path):
    _append(dovecot, make_mail(subject="Первое"), make_mail(subject="Second", sender="it@contoso.example"))
    result = run_cspdesk(
        "poll-imap",
        "--once",
        "--url",
        _url(dovecot, "?processed=Processed"),
        database_name=database_name,
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "stored 2 message(s)" in result.stdout
    assert set(Ticket.objects.values_list("subject", flat=True)) == {"Первое", "Second"}
    with dovecot.client(*DESK) as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
        assert client.select_folder("Processed")[b"EXISTS"] == 2


@pytest.mark.django_db
def test_without_a_processed_folder_taken_mail_is_flagged_seen_and_not_taken_twice(dovecot):
    _append(dovecot, make_mail(subject="One"))
    config = mailbox_config(_url(dovecot))
    with mailbox_connect(config) as client:
        assert mailbox_drain(client, config, _store) == 1
        assert mailbox_drain(client, config, _store) == 0
        client.select_folder("INBOX")
        assert client.search(["SEEN"]) and not client.search(["UNSEEN"])
    assert InboundMail.objects.count() == 1


@pytest.mark.django_db
def test_a_message_that_fails_to_store_stays_in_the_mailbox(dovecot):
    _append(dovecot, make_mail(subject="First"), make_mail(subject="Second"))
    config = mailbox_config(_url(dovecot, "?processed=Processed"))
    stored = []

    def store_then_fail(raw: bytes) -> None:
        if stored:
            raise OSError("disk full")
        stored.append(raw)

    with mailbox_connect(config) as client, pytest.raises(OSError):
        mailbox_drain(client, config, store_then_fail)
    with dovecot.client(*DESK) as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 2  # nothing moved before it was stored
    with mailbox_connect(config) as client:
        assert mailbox_drain(client, config, _store) == 2
    assert InboundMail.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_a_clear_error_and_a_non_zero_exit(dovecot, database_name, tmp_path):
    url = f"imap://{DESK[0]}:wrong@{dovecot.host}:{dovecot.port}/INBOX"
    result = run_cspdesk("poll-imap", "--once", "--url", url, database_name=database_name, home=tmp_path)
    assert result.returncode != 0
    assert "IMAP 127.0.0.1" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("pop3://host/INBOX", "imap:// or imaps://"),
        ("imaps:///INBOX", "names no host"),
        ("imaps://u:p@host/INBOX?auth=kerberos", "unknown IMAP auth"),
        ("imaps://u@host/INBOX?auth=xoauth2", "CSPDESK_IMAP_OAUTH_TENANT"),
    ],
)
def test_bad_mailbox_urls_are_refused_naming_the_problem(url, message, tmp_path):
    result = run_cspdesk("poll-imap", "--once", "--url", url, database_name="unused", home=tmp_path)
    assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr


def test_mailbox_url_reads_user_at_domain_and_exchange_settings():
    config = mailbox_config(
        "imaps://desk@contoso.com@outlook.office365.com/Support?auth=xoauth2&processed=Done",
        tenant="t",
        client_id="c",
        client_secret="s",
    )
    assert (config.username, config.host, config.port, config.use_ssl) == (
        "desk@contoso.com",
        "outlook.office365.com",
        993,
        True,
    )
    assert (config.folder, config.processed_folder, config.auth) == ("Support", "Done", "xoauth2")


def test_watching_with_idle_takes_mail_as_it_arrives(dovecot):
    config = mailbox_config(_url(dovecot))
    stop, taken = threading.Event(), []
    watcher = threading.Thread(
        target=mailbox_watch,
        args=(config, taken.append),
        kwargs={"idle_seconds": 30, "should_stop": stop.is_set},
    )
    watcher.start()
    try:
        time.sleep(1)  # the watcher is in IDLE now, with an empty mailbox
        _append(dovecot, make_mail(subject="Arrived later"))
        deadline = time.monotonic() + 10
        while not taken and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        _append(dovecot, make_mail(subject="wake the watcher up"))
        watcher.join(15)
    assert taken and b"Arrived later" in taken[0]


@pytest.fixture
def exchange_like(tmp_path):
    """Dovecot that accepts only XOAUTH2 tokens it checks with a local Entra ID double."""
    entra = EntraDouble(
        tmp_path, tenant="contoso-tenant", client_id="desk-app", client_secret="s3cret", mailbox_user="desk"
    )
    server = dovecot_start({}, introspection_url=entra.introspection_url)
    yield server, entra
    dovecot_stop(server)
    entra.stop()


@pytest.mark.django_db(transaction=True)
def test_poll_imap_signs_in_with_an_entra_id_token_by_xoauth2(exchange_like, database_name, tmp_path):
    server, entra = exchange_like
    with IMAPClient(server.host, port=server.port, ssl=False) as client:
        client.oauth2_login("desk", TOKEN)
        client.append("INBOX", make_mail(subject="Via Exchange Online"))
    result = run_cspdesk(
        "poll-imap",
        "--once",
        "--url",
        f"imap://desk@{server.host}:{server.port}/INBOX?auth=xoauth2",
        database_name=database_name,
        home=tmp_path,
        extra_env={
            "CSPDESK_IMAP_OAUTH_TENANT": "contoso-tenant",
            "CSPDESK_IMAP_OAUTH_CLIENT_ID": "desk-app",
            "CSPDESK_IMAP_OAUTH_CLIENT_SECRET": "s3cret",
            "CSPDESK_IMAP_OAUTH_AUTHORITY": entra.authority_host,
            "REQUESTS_CA_BUNDLE": str(entra.ca_bundle),
        },
    )
    assert result.returncode == 0, result.stderr
    assert Ticket.objects.get().subject == "Via Exchange Online"
    assert entra.token_requests and entra.token_requests[0]["grant_type"] == "client_credentials"


def test_a_refused_client_secret_is_reported_not_retried_with_basic_auth(exchange_like):
    server, entra = exchange_like
    config = mailbox_config(
        f"imap://desk@{server.host}:{server.port}/INBOX?auth=xoauth2",
        tenant="contoso-tenant",
        client_id="desk-app",
        client_secret="wrong",
        authority_host=entra.authority_host,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REQUESTS_CA_BUNDLE", str(entra.ca_bundle))
        with pytest.raises(PermissionError, match="AADSTS7000215"):
            mailbox_connect(config)
