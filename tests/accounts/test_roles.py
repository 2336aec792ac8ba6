"""Who does what in the admin, by role, with no setup step: a fresh install's supervisor runs the night
shift (knowledge base, sign-in lockouts, e-mail templates, canned replies, quarantined mail, tickets) and
sees, without changing, what the distributor promises (SLA policies and calendars, the request catalog,
the public page)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from cspdesk.accounts.models import User
from cspdesk.accounts.roles import ENGINEER, ROLE_PERMISSIONS, SUPERVISOR
from cspdesk.catalog.models import CannedReply, RequestType
from cspdesk.kb.models import Article
from cspdesk.notifications.models import EmailTemplate
from cspdesk.sla.models import SlaCalendar, SlaPolicy
from tests.factories import AgentFactory, UserFactory, make_article, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor():
    return AgentFactory(username="svetlana", role=User.Role.SUPERVISOR)


@pytest.fixture
def as_supervisor(supervisor):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(supervisor)
    return client


def test_every_right_a_role_grants_exists():
    existing = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    for role, rights in ROLE_PERMISSIONS.items():
        assert rights <= existing, (role, sorted(rights - existing))


def test_a_supervisor_holds_every_right_of_an_engineer():
    assert ENGINEER < SUPERVISOR


def test_rights_follow_the_role_with_no_group_set_up(supervisor):
    assert not supervisor.groups.exists() and not supervisor.user_permissions.exists()
    assert supervisor.has_perm("kb.change_article")
    assert supervisor.has_module_perms("axes")
    assert not supervisor.has_perm("sla.change_slapolicy")
    assert not supervisor.has_perm("accounts.add_user")
    assert not supervisor.has_perm("auth.change_group")


@pytest.mark.parametrize(
    "user",
    [
        lambda: UserFactory(role=User.Role.REQUESTER),
        lambda: AgentFactory(role=User.Role.SUPERVISOR, is_active=False),
    ],
)
def test_requesters_and_inactive_accounts_have_no_rights(user):
    account = user()
    assert account.get_all_permissions() == set()
    assert not account.has_module_perms("tickets")


def test_supervisor_edits_a_knowledge_base_article(as_supervisor, supervisor):
    article = Article.objects.get(slug="support-contacts")
    form = {
        "slug": article.slug,
        "category": article.category_id,
        "visibility": article.visibility,
        "position": article.position,
        "title_ru": article.title_ru,
        "body_ru": article.body_ru + "\n\nНочная правка.",
        "title_en": article.title_en,
        "body_en": article.body_en,
        "comment": "ночная смена",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": str(article.revisions.count()),
    }
    response = as_supervisor.post(f"/admin/kb/article/{article.pk}/change/", form)
    assert response.status_code == 302, response.text[:2000]
    revision = article.revisions.order_by("-number").first()
    assert (revision.author, revision.comment) == (supervisor, "ночная смена")


def test_supervisor_restores_a_revision_and_an_engineer_cannot(as_supervisor):
    article = make_article(slug="night", title_ru="Статья", body_ru="Версия один.")
    article.body_ru = "Версия два."
    from cspdesk.kb.services import article_save

    article_save(article=article, actor=None)
    first = article.revisions.get(number=1)
    restore = {"action": "restore", "_selected_action": [first.pk]}
    engineer = Client()
    engineer.force_login(AgentFactory(username="ivan"))
    engineer.post("/admin/kb/articlerevision/", restore)
    article.refresh_from_db()
    assert article.body_ru == "Версия два."
    assert as_supervisor.post("/admin/kb/articlerevision/", restore).status_code == 302
    article.refresh_from_db()
    assert article.body_ru == "Версия один."


def test_supervisor_unlocks_a_locked_out_engineer(as_supervisor):
    from axes.models import AccessAttempt

    AgentFactory(username="ivan")
    engineer = Client()
    for _attempt in range(5):
        engineer.post(reverse("console:login"), {"username": "ivan", "password": "wrong"})
    right = {"username": "ivan", "password": "pass-word-123"}
    assert engineer.post(reverse("console:login"), right).status_code == 429
    assert as_supervisor.get("/admin/axes/accessattempt/").status_code == 200
    attempt = AccessAttempt.objects.get(username="ivan")
    unlock = {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    assert as_supervisor.post("/admin/axes/accessattempt/", unlock).status_code == 302
    assert not AccessAttempt.objects.exists()
    assert engineer.post(reverse("console:login"), right).status_code == 302


def test_supervisor_edits_an_email_template(as_supervisor):
    template = EmailTemplate.objects.get(code="acknowledgement", language="ru")
    form = {
        "code": template.code,
        "language": template.language,
        "subject": template.subject,
        "body": template.body + "\nНочная смена на связи.",
        "description": template.description,
    }
    response = as_supervisor.post(f"/admin/notifications/emailtemplate/{template.pk}/change/", form)
    assert response.status_code == 302, response.text[:2000]
    template.refresh_from_db()
    assert template.body.endswith("Ночная смена на связи.")


def test_supervisor_adds_a_canned_reply(as_supervisor):
    form = {"language": "ru", "title": "Ночная смена", "body": "Работаем.", "is_active": "on", "position": 0}
    assert as_supervisor.post("/admin/catalog/cannedreply/add/", form).status_code == 302
    assert CannedReply.objects.filter(title="Ночная смена").exists()


def test_supervisor_works_tickets_and_quarantined_mail_but_deletes_no_ticket(as_supervisor):
    ticket = make_ticket()
    assert as_supervisor.get(f"/admin/tickets/ticket/{ticket.pk}/change/").status_code == 200
    # Processing quarantined mail again as a supervisor: tests/intake/test_admin.py.
    assert as_supervisor.get("/admin/intake/inboundmail/").status_code == 200
    assert (
        as_supervisor.post(f"/admin/tickets/ticket/{ticket.pk}/delete/", {"post": "yes"}).status_code == 403
    )


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/admin/sla/slapolicy/{pk}/change/", SlaPolicy),
        ("/admin/sla/slacalendar/{pk}/change/", SlaCalendar),
        ("/admin/catalog/requesttype/{pk}/change/", RequestType),
    ],
)
def test_supervisor_sees_but_does_not_change_what_customers_are_promised(
    as_supervisor, sla_policies, url, model
):
    obj = model.objects.first()
    page = as_supervisor.get(url.format(pk=obj.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert as_supervisor.post(url.format(pk=obj.pk), {"name": "Мягче"}).status_code == 403
    assert as_supervisor.get(url.format(pk=obj.pk).replace(f"{obj.pk}/change/", "add/")).status_code == 403


def test_supervisor_does_not_edit_the_public_page_nor_see_the_task_queue(as_supervisor):
    assert as_supervisor.post("/admin/portal/pagesection/add/", {"code": "x"}).status_code == 403
    assert as_supervisor.get("/admin/django_tasks_database/dbtaskresult/").status_code == 403


def test_a_template_that_does_not_compile_is_refused(as_supervisor):
    template = EmailTemplate.objects.get(code="acknowledgement", language="ru")
    form = {"code": template.code, "language": "ru", "subject": template.subject, "body": "{% if %}"}
    response = as_supervisor.post(f"/admin/notifications/emailtemplate/{template.pk}/change/", form)
    assert response.status_code == 200
    assert "This template cannot be used" in response.text
    template.refresh_from_db()
    assert template.body != "{% if %}"
