"""`cspdesk ingest-mail`, run as an MTA pipe runs it: bytes on standard input, sysexits out."""

import pytest

from cspdesk.intake.models import InboundMail
from cspdesk.tickets.models import Ticket
from tests.commands import run_cspdesk
from tests.intake.mailbuilder import make_mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_piped_message_becomes_a_ticket_and_exits_zero(database_name, tmp_path):
    result = run_cspdesk("ingest-mail", "-", database_name=database_name, home=tmp_path, stdin=make_mail())
    assert result.returncode == 0, result.stderr
    inbound = InboundMail.objects.get()
    assert inbound.source == "pipe" and inbound.status == InboundMail.Status.PROCESSED
    assert Ticket.objects.get().subject == "Не работает Outlook"


def test_a_file_delivered_twice_is_stored_once(database_name, tmp_path):
    path = tmp_path / "message.eml"
    path.write_bytes(make_mail())
    first = run_cspdesk("ingest-mail", str(path), database_name=database_name, home=tmp_path)
    second = run_cspdesk("ingest-mail", str(path), database_name=database_name, home=tmp_path)
    assert (first.returncode, second.returncode) == (0, 0)
    assert "already stored" in second.stdout
    assert InboundMail.objects.count() == 1 and Ticket.objects.count() == 1


def test_empty_input_is_refused_with_a_message_and_exit_65(database_name, tmp_path):
    result = run_cspdesk("ingest-mail", "-", database_name=database_name, home=tmp_path, stdin=b"\n")
    assert result.returncode == 65 and b"empty" in result.stderr and b"Traceback" not in result.stderr


def test_a_missing_file_exits_66_naming_it(database_name, tmp_path):
    result = run_cspdesk(
        "ingest-mail", str(tmp_path / "nope.eml"), database_name=database_name, home=tmp_path
    )
    assert result.returncode == 66 and "nope.eml" in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_database_exits_75_so_the_mta_retries(tmp_path):
    result = run_cspdesk(
        "ingest-mail", "-", database_name="/nonexistent/dir/db.sqlite3", home=tmp_path, stdin=make_mail()
    )
    assert result.returncode == 75, result.stderr
    assert b"temporary failure" in result.stderr


def test_an_import_files_every_message_with_its_clocks_in_batches(database_name, tmp_path, sla_policies):
    from cspdesk.sla.models import SlaClock

    folder = tmp_path / "export"
    folder.mkdir()
    for number in range(7):
        (folder / f"{number}.eml").write_bytes(
            make_mail(subject=f"Заявка {number}", sender=f"u{number}@contoso.example")
        )
    result = run_cspdesk(
        "ingest-mail",
        "--process",
        "--batch",
        "3",
        "--quiet",
        str(folder),
        database_name=database_name,
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "7 stored, 0 already stored" in result.stdout
    assert Ticket.objects.count() == 7
    reaction = SlaClock.objects.filter(kind="reaction")
    assert reaction.count() == 7 and not reaction.filter(target_seconds__isnull=True).exists()
    assert SlaClock.objects.filter(ticket__in=Ticket.objects.all()).count() == 21
