"""Accounts in the admin, tried as a supervisor would on a night shift: it looks after engineers' accounts
and never grants itself or anyone else a role, staff or superuser status, groups or permissions, nor
touches an administrator's account or password."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from cspdesk.accounts.models import User
from cspdesk.accounts.services import api_token_issue
from tests.factories import AgentFactory, ContactFactory, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"


@pytest.fixture(params=["role", "old_demo_group"])
def supervisor(request):
    """A supervisor by its role alone, and one also in the group the demo used to create (every right on
    accounts, the catalog and tickets, add and delete users among them): the limits hold for both."""
    supervisor = AgentFactory(username="svetlana", role=User.Role.SUPERVISOR)
    if request.param == "old_demo_group":
        group = Group.objects.create(name="Supervisors")
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=["accounts", "catalog", "tickets"])
        )
        supervisor.groups.add(group)
    return supervisor


@pytest.fixture
def as_supervisor(supervisor):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(supervisor)
    return client


@pytest.fixture
def administrator():
    return AgentFactory(username="admin", role=User.Role.ADMINISTRATOR, is_superuser=True)


def _account_form(user: User, **changes) -> dict:
    """What the change form posts, plus whatever an attacker adds."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "contact": user.contact_id or "",
        "language": user.language,
        "time_zone": user.time_zone,
        **changes,
    }


def _change_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _password_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/password/"


NEW_PASSWORD = "Night-shift-2026!"


def _new_password(password: str = NEW_PASSWORD) -> dict:
    return {"password1": password, "password2": password, "usable_password": "true"}


def test_supervisor_cannot_make_itself_superuser(as_supervisor, supervisor):
    attack = _account_form(
        supervisor, is_superuser="on", is_staff="on", role=User.Role.ADMINISTRATOR, first_name="Светлана"
    )
    assert as_supervisor.post(_change_url(supervisor), attack).status_code == 403
    supervisor.refresh_from_db()
    assert not supervisor.is_superuser
    assert supervisor.role == User.Role.SUPERVISOR
    assert supervisor.first_name == ""


def test_rights_posted_on_an_engineers_account_are_ignored(as_supervisor):
    engineer = AgentFactory(username="ivan")
    group = Group.objects.create(name="Everything")
    group.permissions.set(Permission.objects.all())
    attack = _account_form(
        engineer,
        first_name="Иван",
        is_superuser="on",
        is_staff="",
        role=User.Role.SUPERVISOR,
        groups=[group.pk],
        user_permissions=[Permission.objects.get(codename="change_group").pk],
    )
    response = as_supervisor.post(_change_url(engineer), attack)
    assert response.status_code == 302
    engineer.refresh_from_db()
    assert engineer.first_name == "Иван"  # the part a supervisor may change is saved
    assert not engineer.is_superuser
    assert engineer.is_staff
    assert engineer.role == User.Role.ENGINEER
    assert not engineer.groups.exists()
    assert not engineer.user_permissions.exists()


def test_the_change_form_shows_a_supervisor_no_rights_to_grant(as_supervisor):
    engineer = AgentFactory(username="ivan")
    page = as_supervisor.get(_change_url(engineer)).text
    assert 'name="first_name"' in page
    for field in ("is_superuser", "is_staff", "role", "groups", "user_permissions"):
        assert f'name="{field}"' not in page


def test_supervisor_cannot_open_or_post_an_administrators_password_form(as_supervisor, administrator):
    assert as_supervisor.get(_password_url(administrator)).status_code == 403
    assert as_supervisor.post(_password_url(administrator), _new_password()).status_code == 403
    administrator.refresh_from_db()
    assert administrator.check_password(PASSWORD)


@pytest.mark.parametrize(
    "target",
    [
        {"role": User.Role.ADMINISTRATOR, "is_superuser": True},
        {"role": User.Role.ENGINEER, "is_superuser": True},  # a superuser whatever its role
        {"role": User.Role.SUPERVISOR},
        {"role": User.Role.ADMINISTRATOR},
    ],
)
def test_supervisor_cannot_change_a_superusers_or_a_peers_account(as_supervisor, target):
    account = AgentFactory(username="target", email="target@cspdesk.example", **target)
    # It can read the account, not change it, deactivate it or give it a new password.
    page = as_supervisor.get(_change_url(account))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    posted = _account_form(account, email="svetlana@evil.example", is_active="")
    assert as_supervisor.post(_change_url(account), posted).status_code == 403
    assert as_supervisor.post(_password_url(account), _new_password()).status_code == 403
    account.refresh_from_db()
    assert (account.email, account.is_active) == ("target@cspdesk.example", True)
    assert account.check_password(PASSWORD)


def test_supervisor_cannot_take_over_an_engineer_with_rights_it_does_not_hold(as_supervisor):
    engineer = AgentFactory(username="ivan")
    engineer.user_permissions.add(Permission.objects.get(codename="change_group"))
    assert as_supervisor.post(_password_url(engineer), _new_password()).status_code == 403
    assert as_supervisor.post(_change_url(engineer), _account_form(engineer)).status_code == 403


def test_supervisor_gives_a_locked_out_engineer_a_new_password(as_supervisor):
    engineer = AgentFactory(username="ivan")
    assert as_supervisor.get(_password_url(engineer)).status_code == 200
    response = as_supervisor.post(_password_url(engineer), _new_password("Night-shift-2026!"))
    assert response.status_code == 302
    engineer.refresh_from_db()
    assert engineer.check_password("Night-shift-2026!")


def test_supervisor_deactivates_and_reactivates_an_engineer(as_supervisor):
    engineer = AgentFactory(username="ivan")
    assert as_supervisor.post(_change_url(engineer), _account_form(engineer, is_active="")).status_code == 302
    engineer.refresh_from_db()
    assert not engineer.is_active
    assert (
        as_supervisor.post(_change_url(engineer), _account_form(engineer, is_active="on")).status_code == 302
    )
    engineer.refresh_from_db()
    assert engineer.is_active


def test_supervisor_cannot_move_a_requesters_account_to_another_organisations_contact(as_supervisor):
    """The contact decides what a requester's sign-in and its API tokens see: re-linking a requester (or
    an engineer) to another customer's contact would hand that customer's tickets to the account."""
    own = ContactFactory(customer=CustomerFactory(name="Ours"), email="it@ours.example")
    other = ContactFactory(customer=CustomerFactory(name="Theirs"), email="it@theirs.example")
    requester = UserFactory(username="olga", contact=own)
    engineer = AgentFactory(username="ivan")
    for account in (requester, engineer):
        response = as_supervisor.post(_change_url(account), _account_form(account, contact=other.pk))
        assert response.status_code == 302
    requester.refresh_from_db()
    engineer.refresh_from_db()
    assert requester.contact == own and engineer.contact is None


def test_supervisor_does_not_set_a_requesters_password(as_supervisor):
    requester = UserFactory(username="olga", contact=ContactFactory())
    assert as_supervisor.post(_password_url(requester), _new_password()).status_code == 403
    requester.refresh_from_db()
    assert requester.check_password(PASSWORD)


def test_supervisor_neither_adds_nor_deletes_accounts(as_supervisor, administrator):
    engineer = AgentFactory(username="ivan")
    assert as_supervisor.get("/admin/accounts/user/add/").status_code == 403
    created = {"username": "mole", "password1": "Mole-2026-pass!", "password2": "Mole-2026-pass!"}
    assert as_supervisor.post("/admin/accounts/user/add/", created).status_code == 403
    assert (
        as_supervisor.post(f"/admin/accounts/user/{engineer.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    as_supervisor.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [administrator.pk, engineer.pk], "post": "yes"},
    )
    assert User.objects.filter(pk__in=[administrator.pk, engineer.pk]).count() == 2
    assert not User.objects.filter(username="mole").exists()


def test_supervisor_cannot_grant_through_django_groups(as_supervisor):
    assert as_supervisor.get("/admin/auth/group/").status_code == 403
    assert as_supervisor.post("/admin/auth/group/add/", {"name": "Mine"}).status_code == 403


def test_supervisor_revokes_an_engineers_token_but_not_an_administrators(as_supervisor, administrator):
    from cspdesk.accounts.models import ApiToken

    api_token_issue(user=AgentFactory(username="ivan"), name="script")
    api_token_issue(user=administrator, name="backup")
    engineers, administrators = (
        ApiToken.objects.get(user__username="ivan"),
        ApiToken.objects.get(user=administrator),
    )
    revoke = {"name": "script", "revoked_at_0": "2026-01-01", "revoked_at_1": "00:00:00"}
    assert as_supervisor.post(f"/admin/accounts/apitoken/{engineers.pk}/change/", revoke).status_code == 302
    assert (
        as_supervisor.post(f"/admin/accounts/apitoken/{administrators.pk}/change/", revoke).status_code == 403
    )
    engineers.refresh_from_db()
    administrators.refresh_from_db()
    assert engineers.revoked_at is not None
    assert administrators.revoked_at is None


def test_a_revoked_token_stays_revoked(as_supervisor, supervisor):
    """Clearing the date must not bring a revoked token back: not an engineer's leaked one, and not the
    supervisor's own that an administrator revoked."""
    from django.utils import timezone

    from cspdesk.accounts.models import ApiToken
    from cspdesk.accounts.services import api_token_authenticate

    keys = [
        api_token_issue(user=AgentFactory(username="ivan"), name="leaked"),
        api_token_issue(user=supervisor, name="mine"),
    ]
    ApiToken.objects.update(revoked_at=timezone.now())
    for token in ApiToken.objects.all():
        cleared = {"name": token.name, "revoked_at_0": "", "revoked_at_1": ""}
        as_supervisor.post(f"/admin/accounts/apitoken/{token.pk}/change/", cleared)
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    assert all(api_token_authenticate(key=key) is None for key in keys)


def test_a_superuser_still_grants_rights(administrator):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(administrator)
    engineer = AgentFactory(username="ivan")
    posted = _account_form(
        engineer,
        role=User.Role.SUPERVISOR,
        is_staff="on",
        date_joined_0="2026-01-01",
        date_joined_1="00:00:00",
    )
    assert client.post(_change_url(engineer), posted).status_code == 302
    engineer.refresh_from_db()
    assert engineer.role == User.Role.SUPERVISOR
    assert client.post(_password_url(engineer), _new_password()).status_code == 302
