"""Why identification concluded what it did, kept as codes with their values and put into words in the
reader's language when shown."""

from django.utils.translation import gettext_lazy as _

TEXTS = {
    "customer_contact": _("%(email)s is a contact of the customer %(name)s"),
    "partner_contact": _("%(email)s is a contact of the partner %(name)s"),
    "sender_domain": _("the sender's domain %(domain)s is a verified domain of the tenant %(tenant)s"),
    "text_tenant": _("the text names %(mention)s, the tenant of %(customer)s"),
    "text_foreign_tenant": _("the text names %(mention)s, a tenant of another partner; not used"),
    "active": _("active subscriptions: %(count)s"),
    "none_active": _("no active subscription in the registry"),
    "nothing": _("the sender, the sender's domain and the text match nothing in the registry"),
}


def evidence_text(items: list[dict]) -> str:
    lines = []
    for item in items or []:
        text = TEXTS.get(item.get("code"))
        if text is not None:
            lines.append(str(text) % {key: value for key, value in item.items() if key != "code"})
    return "; ".join(lines)
