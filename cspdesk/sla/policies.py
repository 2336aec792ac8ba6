"""Which policy governs a ticket: the first active one, by priority, whose conditions all match."""

from collections.abc import Sequence

from cspdesk.sla.models import SlaPolicy
from cspdesk.sla.rules import Targets
from cspdesk.tickets.models import Ticket


def policies_active() -> list[SlaPolicy]:
    return list(
        SlaPolicy.objects.filter(is_active=True).select_related("calendar").order_by("priority", "id")
    )


def policy_matches(policy: SlaPolicy, ticket: Ticket) -> bool:
    category = ticket.request_type.category if ticket.request_type_id else ""
    return (
        (not policy.channel or policy.channel == ticket.channel)
        and (not policy.request_category or policy.request_category == category)
        and (not policy.impact or policy.impact == ticket.impact)
        and (policy.partner_id is None or policy.partner_id == ticket.partner_id)
        and (policy.customer_id is None or policy.customer_id == ticket.customer_id)
    )


def policy_for(ticket: Ticket, policies: Sequence[SlaPolicy]) -> SlaPolicy | None:
    return next((policy for policy in policies if policy_matches(policy, ticket)), None)


def policy_targets(policy: SlaPolicy | None) -> Targets:
    if policy is None:
        return Targets(None, None, None, None)
    return Targets(
        reaction_seconds=policy.reaction_seconds,
        resolution_seconds=policy.resolution_seconds,
        typical_resolution_seconds=policy.typical_resolution_seconds,
        escalation_seconds=policy.escalation_seconds,
        pause_when_waiting=policy.pause_when_waiting,
    )
