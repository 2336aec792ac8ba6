"""The `cspdesk` console script, run as a user runs it."""

import pytest

from cspdesk.accounts.models import Partner, User
from cspdesk.tickets.models import Ticket
from tests.commands import run_cspdesk as _run


@pytest.mark.django_db(transaction=True)
def test_issue_token_prints_a_token_the_api_accepts(database_name, client, tmp_path):
    User.objects.create_user("ops", password="x-pass-123", role=User.Role.ADMINISTRATOR)
    result = _run("issue-token", "ops", database_name=database_name, home=tmp_path)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    response = client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_issue_token_for_an_unknown_user_says_so_and_exits_non_zero(database_name, tmp_path):
    result = _run("issue-token", "ghost", database_name=database_name, home=tmp_path)
    assert result.returncode != 0
    assert "ghost" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db(transaction=True)
def test_demo_loads_once_with_tickets_in_every_status(database_name, tmp_path):
    first = _run("demo", database_name=database_name, home=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "admin /" in first.stdout
    tickets = Ticket.objects.count()
    assert set(Ticket.objects.values_list("status", flat=True)) == {
        "new",
        "accepted",
        "in_progress",
        "waiting_for_requester",
        "escalated_to_vendor",
        "resolved",
        "closed",
    }
    assert set(Ticket.objects.values_list("language", flat=True)) == {"ru", "en"}
    second = _run("demo", database_name=database_name, home=tmp_path)
    assert second.returncode == 0
    assert "already" in second.stdout
    assert Ticket.objects.count() == tickets
    assert Partner.objects.filter(partner_login="demo-oblaka").count() == 1


@pytest.mark.django_db(transaction=True)
def test_search_reindex_of_an_unknown_part_names_the_parts_and_exits_non_zero(database_name, tmp_path):
    result = _run("search-reindex", "faq", database_name=database_name, home=tmp_path)
    assert result.returncode != 0
    assert "unknown part faq; choose from articles, tickets" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
