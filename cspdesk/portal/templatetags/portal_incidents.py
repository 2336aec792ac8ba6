"""The known-issues banner, the request form's offer to join an incident and the requester's linked
incidents, given to the portal's templates without any view having to pass them (the banner is included
by pages whose views are not this feature's)."""

from django import template

from cspdesk.portal import incident_offer
from cspdesk.portal.known_issues import incidents_linked_for, known_issues

register = template.Library()


@register.simple_tag
def portal_known_issues():
    return known_issues()


@register.simple_tag(takes_context=True)
def portal_incident_offer(context):
    """On a re-rendered form: the incidents its subject is about, and which one the requester chose."""
    form = context.get("form")
    data = form.data if form is not None and form.is_bound else {}
    return incident_offer.offer_for(data)


@register.simple_tag(takes_context=True)
def portal_linked_incidents(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_agent:
        return []
    return incidents_linked_for(user)
