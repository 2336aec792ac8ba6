from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import AgentGroup, User
from cspdesk.core.errors import Invalid


def agent_by_username(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None or not user.is_agent:
        raise Invalid(
            "unknown_agent",
            _("There is no active agent “%(value)s”.") % {"value": username},
            field="assignee",
        )
    return user


def agent_group_by_name(name: str) -> AgentGroup:
    group = AgentGroup.objects.filter(name=name).first()
    if group is None:
        raise Invalid(
            "unknown_group", _("There is no agent group “%(value)s”.") % {"value": name}, field="group"
        )
    return group


def agents_active():
    """Agents who can be assigned a ticket, by name."""
    return User.objects.filter(is_active=True).exclude(role=User.Role.REQUESTER).order_by("username")
