"""Every message of the real-world corpus: none crashes the parser, none is lost on intake, and where the
corpus ships the values other projects' parsers found, ours finds the same (or, where listed below with
the reason, something better)."""

import unicodedata
from email.message import EmailMessage

import pytest

from cspdesk.intake.mail.parse import parse_mail
from cspdesk.intake.models import InboundMail
from cspdesk.intake.services import inbound_mail_process, inbound_mail_store
from tests.intake.corpus import CORPUS, corpus_bytes, corpus_entries, expectation

pytestmark = pytest.mark.skipif(
    not CORPUS.exists(), reason="../shared/corpus/email is not beside the project"
)

# Names other projects give to parts they synthesise themselves (the HTML body as an attachment, a
# delivery report's status part); we keep those as the body or the bounce, not as attachments.
SYNTHESISED = {"message.html", "Delivery report.txt", "delivery-status.txt", "file", ""}

# Where our reading differs from the upstream expectation, and why ours is the one to keep.
KNOWN_BETTER = {
    "zammad/mail018.box": "subject in UTF-7 (RFC 2152): zammad left +ANw- undecoded, we decode Ü",
    "zammad/mail055.box": "a nameless attached message: zammad names it 'Undelivered Message.eml'",
    "zammad/mail092.box": "a nameless attached message: zammad names it 'Undelivered Message.eml'",
    "zammad/mail062.box": "nameless parts: zammad invents image000.jpg; ours go by type",
    "zammad/mail085.box": "nameless inline HTML: zammad's document.html is our body",
    "zammad/mail100.box": "nameless parts: zammad names one after its Content-ID",
    "zammad/mail064.box": "a decomposed é: zammad expects 'eì' mojibake, we give 'é'",
    "zammad/mail102.box": "zammad's expectation has '091.00.38' where the part says '09.00.38'",
    "zammad/mail076.box": "a stray '>' after the address: zammad keeps a quote in it",
    "imap-tools/error_emails/invalid_subject_characters.eml": "latin-1 in UTF-8: the stdlib drops ç/ã",
    "imap-tools/plain_emails/raw_email_incorrect_header.eml": "a stray header line: stdlib loses headers",
    "imap-tools/rfc2822/example14.eml": "RFC 2047 keeps a space before an encoded-word",
    "imap-tools/attachment_emails/attachment_message_rfc822.eml": "a nested PDF stays in its .eml",
    "imap-tools/attachment_emails/attachment_with_encoded_name.eml": "stdlib gives U+FFFD, we decode it",
    "imap-tools/plain_emails/raw_email8.eml": "stdlib gives U+FFFD, we decode it",
}


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _address(text: str | None) -> str:
    return (text or "").strip().strip('"').rstrip(">").lower()


def _with_expectations():
    return [e for e in corpus_entries() if e["expect"] and e["path"] not in KNOWN_BETTER]


def test_the_corpus_is_all_there():
    assert len(corpus_entries(fmt=None)) == 1489
    assert len(corpus_entries()) == 1466


def test_no_message_of_the_corpus_crashes_the_parser():
    failures = []
    for entry in corpus_entries(fmt=None):  # Outlook .msg and bare TNEF too: garbage in, no exception out
        try:
            parse_mail(corpus_bytes(entry))
        except Exception as error:
            failures.append((entry["path"], repr(error)))
    assert failures == []


def test_subjects_match_what_other_parsers_found():
    checked, wrong = 0, []
    for entry in _with_expectations():
        expected = expectation(entry).get("subject")
        if expected is None or "\ufffd" in expected:  # upstream could not read it either
            continue
        checked += 1
        got = parse_mail(corpus_bytes(entry)).subject
        if _norm(got) != _norm(expected):
            wrong.append((entry["path"], expected, got))
    assert checked > 250 and wrong == []


def test_senders_match_what_other_parsers_found():
    checked, wrong = 0, []
    for entry in _with_expectations():
        expected = _address(expectation(entry).get("from"))
        if "@" not in expected:  # e.g. a bare MAILER-DAEMON: no address to answer
            continue
        checked += 1
        got = parse_mail(corpus_bytes(entry)).from_address
        if got != expected:
            wrong.append((entry["path"], expected, got))
    assert checked > 200 and wrong == []


def test_attachment_names_match_what_other_parsers_found():
    checked, wrong = 0, []
    for entry in _with_expectations():
        names = {_norm(n) for n in expectation(entry).get("attachments", set())}
        expected = {n for n in names if "\ufffd" not in n} - SYNTHESISED
        if not expected:
            continue
        checked += 1
        got = {_norm(a.filename) for a in parse_mail(corpus_bytes(entry)).attachments}
        if not expected <= got:
            wrong.append((entry["path"], expected - got, got))
    assert checked > 60 and wrong == []


@pytest.mark.parametrize(
    ("path", "subject", "words"),
    [
        ("glpi/13-koi8-r-encoded-body.eml", "проверка", "Переадресованное сообщение"),
        ("glpi/14-windows-1251-encoded-body.eml", "тест2", "Инженер Отдела информационных технологий"),
        ("rt/emails/russian-subject-no-content-type", "тест тест", ""),
        (
            "glpi/52-missing-charset-cyrillic.eml",
            "47 - Missing charset parameter",
            "Не переходите по ссылкам",
        ),
    ],
)
def test_russian_in_every_legacy_charset_is_read(path, subject, words):
    parsed = parse_mail((CORPUS / path).read_bytes())
    assert parsed.subject == subject
    assert words in parsed.body_text
    assert parsed.language == "ru"


def test_a_utf8_file_name_cut_in_the_middle_of_a_letter_is_still_read():
    parsed = parse_mail((CORPUS / "flanker/russian-attachment-yahoo.eml").read_bytes())
    assert parsed.attachments[0].filename.startswith("Картинка с очень, очень длинным")


def _in_a_mime_message(tnef: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "outlook@contoso.example"
    message["Subject"] = "TNEF"
    message.set_content("see attachment")
    message.add_attachment(tnef, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    return message.as_bytes()


def test_winmail_dat_is_unpacked_into_its_attachments():
    """MimeKit's bare TNEF streams, each sent as Outlook sends it, against MimeKit's list of names."""
    checked = 0
    for listing in sorted((CORPUS / "mimekit" / "tnef").glob("*.list")):
        expected = {n for n in listing.read_text().split("\n") if n and not n.startswith("body.")}
        tnef = listing.with_suffix(".tnef")
        if not expected or not tnef.exists():
            continue
        got = {a.filename for a in parse_mail(_in_a_mime_message(tnef.read_bytes())).attachments}
        if "winmail.dat" in got:  # tnefparse could not read this stream: kept whole, never dropped
            continue
        checked += 1
        assert expected <= got, listing.name
    assert checked >= 5


@pytest.mark.django_db
def test_every_corpus_message_is_kept_and_none_is_lost():
    """Each message becomes a ticket message, an automatic message kept with its reason, or a quarantined
    item with its reason; none disappears."""
    stored = {}
    for entry in corpus_entries(fmt=None):
        inbound, _ = inbound_mail_store(raw=corpus_bytes(entry), source="pipe")
        inbound_mail_process(inbound_id=inbound.pk)
        stored[entry["path"]] = inbound.pk
    mails = InboundMail.objects.in_bulk(list(stored.values()))
    outcomes = {status: 0 for status in InboundMail.Status.values}
    for path, pk in stored.items():
        mail = mails[pk]
        outcomes[mail.status] += 1
        assert mail.status != InboundMail.Status.RECEIVED, path
        if mail.status == InboundMail.Status.PROCESSED:
            assert mail.ticket_message_id is not None, path
        else:
            assert mail.reason, path
    print(f"\ncorpus intake: {len(stored)} messages → {outcomes}")
    assert outcomes[InboundMail.Status.PROCESSED] > 700
