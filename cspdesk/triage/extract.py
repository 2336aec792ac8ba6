"""Facts a request's text gives for the primary-information checklist: tenant domains and ids, partner
logins, agreement numbers, user principal names, Microsoft case numbers and the like. Pure: no database.
"""

import re
from dataclasses import dataclass, field

GUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE)
ONMICROSOFT = re.compile(
    r"\b[a-z0-9][a-z0-9-]{0,62}\.onmicrosoft\.(?:com|de)\b|\b[a-z0-9][a-z0-9-]{0,62}\.partner\.onmschina\.cn\b",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[a-z0-9._%+-]{1,64}@(?:[a-z0-9-]{1,63}\.)+[a-z]{2,63}\b", re.IGNORECASE)
DOMAIN = re.compile(
    r"(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:ru|com|net|org|рф|su|biz|info|io|by|kz|example)\b",
    re.IGNORECASE,
)
PARTNER_LOGIN = re.compile(
    r"(?:логин(?:\s+партн[её]ра)?(?:\s+в\s+[\w.\s]{1,20}?)?|partner\s+login|login)\s*[:\-–—]?\s*[«\"']?([a-z0-9][a-z0-9._@-]{2,63})",
    re.IGNORECASE,
)
AGREEMENT = re.compile(
    r"(?:соглашени[еяю]|договор[ау]?|agreement)\s*(?:№|no\.?|number|номер)?\s*[:#]?\s*([A-ZА-Я]{0,4}[-\d][\w/-]{2,30})",
    re.IGNORECASE,
)
CASE_NUMBER = re.compile(r"(?<!\d)(\d{15,16})(?!\d)")
TENANT_ID_CONTEXT = re.compile(r"tenant|тенант|directory|каталог", re.IGNORECASE)
SUBSCRIPTION_CONTEXT = re.compile(r"subscription|подписк", re.IGNORECASE)
COUNT = r"(\d{1,6})\s*(?:шт\.?\s*)?"
LICENCE_COUNT = re.compile(COUNT + r"(?:лицензи|licen[cs]e|seat|мест)\w*", re.IGNORECASE)
MAILBOX_COUNT = re.compile(
    COUNT + r"(?:почтовых\s+)?(?:ящик|mailbox|пользовател|user|учетн|учётн)\w*", re.IGNORECASE
)
AFFECTED_USERS = re.compile(
    COUNT
    + r"(?:пользовател|сотрудник|user|employee)\w*"
    + r"|\b(?:все|всех|у\s+всех|all)\s+(?:пользовател|сотрудник|users|employees|staff)\w*",
    re.IGNORECASE,
)
SERVICES = {
    "Exchange Online": r"exchange|почт[аыуе]\b|mail\s?flow|почтов",
    "Outlook": r"outlook|аутлук",
    "SharePoint": r"sharepoint|шарепоинт",
    "OneDrive": r"one\s?drive|ван\s?драйв",
    "Teams": r"\bteams\b|тимс",
    "Skype for Business": r"skype|скайп|lync",
    "Microsoft 365 admin center": r"admin\s+center|центр[ае]?\s+администрирования",
    "Azure": r"azure|ажур|азур",
    "Project": r"\bproject\b",
}
PHONE = re.compile(r"(?:\+7|8|\+\d{1,3})[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}")
CHANGE = (
    r"созда(?:ть|йте)|удали(?:ть|те)|измени(?:ть|те)|смени(?:ть|те)|переименова|переназнач|назнач|сня(?:ть|тие)|"
    r"отключи|\bcreate\b|\bdelete\b|\bremove\b|\brename\b|\breassign|\bassign\b|\bchange\b|\bblock\b"
)
DEVICES = r"iphone|ipad|айфон|android|андроид|outlook|mac\s?os|windows|смартфон|телефон"
APPLICATIONS = r"\bword\b|excel|powerpoint|outlook|onenote|visio|project|office|офис|teams|windows|mac\s?os"
AUTHORISED = re.compile(
    r"(?:принял[аи]?|подтвердил[аи]?|авторизовал[аи]?)\s+(?:приглашение|программу\s+csp|партн)|accepted\s+(?:the\s+)?(?:partner\s+)?invitation|authori[sz]ed\s+(?:the\s+)?(?:csp|partner)",
    re.IGNORECASE,
)
ESTIMATE_APPROVED = re.compile(
    r"(?:соглас(?:ен|ны|овали|ovan)|утвердил[аи]?|одобрил[аи]?)\s+(?:с\s+)?(?:оценк|смет|стоимост)|(?:estimate|quote)\s+(?:is\s+)?approved|approve\s+the\s+(?:estimate|quote)",
    re.IGNORECASE,
)


@dataclass
class Facts:
    tenant_domains: list[str] = field(default_factory=list)
    tenant_ids: list[str] = field(default_factory=list)
    subscription_ids: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    partner_logins: list[str] = field(default_factory=list)
    agreement_numbers: list[str] = field(default_factory=list)
    user_principal_names: list[str] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    licence_count: str = ""
    mailbox_count: str = ""
    affected_users: str = ""
    device: str = ""
    application: str = ""
    customer_authorised: str = ""
    estimate_approved: str = ""
    phone: str = ""
    requested_change: str = ""
    words: int = 0

    def as_dict(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if value}


def _unique(values) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(value, None)
    return list(seen)


def _first(pattern: str | re.Pattern, text: str) -> str:
    match = re.search(pattern, text, re.IGNORECASE) if isinstance(pattern, str) else pattern.search(text)
    return match.group(0).strip() if match else ""


def _guids_near(text: str, context: re.Pattern) -> list[str]:
    found = []
    for match in GUID.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if context.search(before):
            found.append(match.group(0).lower())
    return found


def facts_extract(text: str, *, ignore_addresses: frozenset[str] = frozenset()) -> Facts:
    """What the text says; ``ignore_addresses`` are the sender's and the desk's own (not users to act on)."""
    lowered = text.lower()
    guids = _unique(m.group(0).lower() for m in GUID.finditer(text))
    subscription_ids = _unique(_guids_near(text, SUBSCRIPTION_CONTEXT))
    tenant_ids = [g for g in _unique(_guids_near(text, TENANT_ID_CONTEXT)) if g not in subscription_ids]
    # A GUID with no context may still be the tenant id; identification checks it against the registry.
    tenant_ids += [g for g in guids if g not in tenant_ids and g not in subscription_ids]
    emails = _unique(m.group(0).lower() for m in EMAIL.finditer(text))
    upns = [e for e in emails if e not in ignore_addresses]
    email_domains = {e.rpartition("@")[2] for e in emails}
    tenant_domains = _unique(m.group(0).lower() for m in ONMICROSOFT.finditer(text))
    domains = _unique(
        d
        for d in (m.group(0).lower() for m in DOMAIN.finditer(text))
        if d not in tenant_domains and d not in email_domains
    )
    return Facts(
        tenant_domains=tenant_domains,
        tenant_ids=tenant_ids,
        subscription_ids=subscription_ids,
        domains=domains,
        partner_logins=_unique(
            m.group(1).lower().rstrip(".-") for m in PARTNER_LOGIN.finditer(text) if "@" not in m.group(1)
        ),
        agreement_numbers=_unique(m.group(1) for m in AGREEMENT.finditer(text)),
        user_principal_names=upns,
        case_numbers=_unique(CASE_NUMBER.findall(text)),
        services=[name for name, pattern in SERVICES.items() if re.search(pattern, lowered)],
        licence_count=_first(LICENCE_COUNT, text),
        mailbox_count=_first(MAILBOX_COUNT, text),
        affected_users=_first(AFFECTED_USERS, text),
        device=_first(DEVICES, text),
        application=_first(APPLICATIONS, text),
        customer_authorised=_first(AUTHORISED, text),
        estimate_approved=_first(ESTIMATE_APPROVED, text),
        phone=_first(PHONE, text),
        requested_change=_first(CHANGE, text),
        words=len(re.findall(r"\w+", text)),
    )


# checklist item code → how the facts fill it (a value to show, or "" when the text does not give it)
MIN_DESCRIPTION_WORDS = 12


def checklist_values(facts: Facts) -> dict[str, str]:
    values = {
        "tenant_domain": ", ".join(facts.tenant_domains),
        "tenant_id": ", ".join(facts.tenant_ids[:1]),
        "partner_login": ", ".join(facts.partner_logins),
        "user_principal_names": ", ".join(facts.user_principal_names),
        "admin_account": ", ".join(facts.user_principal_names[:1]),
        "azure_subscription_id": ", ".join(facts.subscription_ids),
        "affected_service": ", ".join(facts.services),
        "affected_users": facts.affected_users,
        "licenses": facts.licence_count,
        "mailbox_count": facts.mailbox_count,
        "mail_domain": ", ".join(facts.domains[:1]),
        "client_device": facts.device,
        "application": facts.application,
        "customer_authorised_partner": facts.customer_authorised,
        "estimate_approved": facts.estimate_approved,
        "source_tenant_domain": facts.tenant_domains[0] if facts.tenant_domains else "",
        "target_tenant_domain": facts.tenant_domains[1] if len(facts.tenant_domains) > 1 else "",
        "requested_change": facts.requested_change,
        "vendor_contact": facts.phone,
    }
    if facts.words >= MIN_DESCRIPTION_WORDS:
        # A description of some length is the description; whether it is enough is the agent's call.
        values["problem_description"] = values["question"] = "✓"
    return {code: value for code, value in values.items() if value}
