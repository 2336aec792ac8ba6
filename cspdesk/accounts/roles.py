"""What each role may do in the admin. The rights follow ``User.role`` and live here, in code: a fresh
install, a new supervisor and a restored backup have them with no setup step, and they cannot drift from
the role. Only a superuser changes a role (``accounts.admin.UserAdmin``), so only a superuser changes
anyone's rights; a superuser may still grant more through Django groups, which ``ModelBackend`` adds.

The split (docs/roles.md): supervisors run the shift — tickets, quarantined mail, the knowledge base,
e-mail templates and canned replies, the organisations, engineers' accounts (names, deactivation, a new
password) and sign-in lockouts. What the distributor promises its customers — SLA policies and calendars,
the request catalog, the public support page — and who holds which rights are the administrators'
(superusers'); supervisors see those.
"""

from django.contrib.auth.backends import BaseBackend

ADD, CHANGE, DELETE, VIEW = "add", "change", "delete", "view"
ALL = (ADD, CHANGE, DELETE, VIEW)


def _grant(app_label: str, actions: tuple[str, ...], *models: str) -> set[str]:
    return {f"{app_label}.{action}_{model}" for model in models for action in actions}


_ORGANISATIONS = ("partner", "customer", "tenant", "tenantdomain", "subscription", "contact")
_TICKET_PARTS = ("ticket", "message", "ticketevent", "attachment", "ticketlink", "costestimate", "timeentry")
_SLA = (
    "slapolicy", "slacalendar", "workinghours", "calendarexception", "slaclock", "slapause", "slaalert",
    "primaryinformation", "escalationrequest",
)  # fmt: skip

# Engineers work in the console; in the admin they read the desk's data and work a ticket's page
# (status, assignee, the primary-information checklist).
ENGINEER = frozenset(
    _grant("accounts", (VIEW,), *_ORGANISATIONS, "user", "agentgroup")
    | _grant("catalog", (VIEW,), "requesttype", "checklistitem", "cannedreply")
    | _grant("tickets", (VIEW,), *_TICKET_PARTS)
    | {"tickets.change_ticket"}
    | _grant("triage", (VIEW,), "tickettriage", "checklistentry")
    | {"triage.change_checklistentry"}
    | _grant("vendor", (VIEW,), "vendorcase")
)

SUPERVISOR = frozenset(
    ENGINEER
    # Organisations and agent groups (routing, not rights); engineers' accounts within UserAdmin's limits
    # (never add or delete an account, never a role, staff status, superuser, groups or permissions).
    | _grant("accounts", ALL, *_ORGANISATIONS, "agentgroup")
    | {"accounts.change_user", "accounts.view_apitoken", "accounts.change_apitoken"}
    | _grant("catalog", ALL, "cannedreply")
    | _grant("kb", ALL, "category", "article", "articleattachment")
    | {"kb.view_articlerevision"}
    | {"notifications.view_emailtemplate", "notifications.change_emailtemplate"}
    | {"notifications.view_outboundemail"}
    | {"intake.view_inboundmail", "intake.change_inboundmail"}
    | {"intake.view_call", "intake.view_callevent"}  # phone calls, read-only
    | _grant("sla", (VIEW,), *_SLA)
    | _grant("vendor", (ADD, CHANGE, VIEW), "vendorcase")
    | {"vendor.view_serviceincident", "vendor.change_serviceincident", "vendor.view_incidentlink"}
    | {"portal.view_pagesection", "portal.view_signinlink"}
    # Sign-in lockouts: deleting the attempt record unlocks the user name and address.
    | {"axes.view_accessattempt", "axes.delete_accessattempt", "axes.view_accesslog"}
    | {"axes.view_accessfailurelog"}
)

# An administrator is a superuser (who has every right); the role alone, without superuser status, is
# worth a supervisor's rights.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "engineer": ENGINEER,
    "supervisor": SUPERVISOR,
    "administrator": SUPERVISOR,
}


def role_permissions(user) -> frozenset[str]:
    if not user.is_active or user.is_anonymous:
        return frozenset()
    return ROLE_PERMISSIONS.get(user.role, frozenset())


class RoleBackend(BaseBackend):
    """Grants the role's rights (AUTHENTICATION_BACKENDS, after ModelBackend); it never authenticates."""

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        if obj is not None:
            return set()  # no per-object rights, as ModelBackend
        return set(role_permissions(user_obj))

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return any(perm.startswith(f"{app_label}.") for perm in role_permissions(user_obj))
