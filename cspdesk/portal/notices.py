"""The desk's own notices (maintenance, an outage of the desk): supervisors and administrators publish
them from the console; the public page and the request form show the active ones within their times."""

from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Invalid
from cspdesk.portal.error_codes import PortalErrorCode
from cspdesk.portal.models import Notice

TITLE_MAX = 200
TEXT_MAX = 2000
KNOWN_ISSUES_CACHE_KEY = "portal:known-issues"
# A notice's times are read in the writer's zone; year 1 or 9999 there may fall outside the calendar in
# UTC, where the database keeps them (and a typo of the year is no notice anyone means).
YEARS = (2000, 9998)


def may_publish_notice(user) -> bool:
    """Notices speak for the desk to every customer: the supervisors' and administrators' work."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in (User.Role.SUPERVISOR, User.Role.ADMINISTRATOR))
    )


def notices_shown(now: datetime | None = None) -> QuerySet[Notice]:
    now = now or clock.now()
    return Notice.objects.filter(is_active=True, starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )


def notices_recent(limit: int = 50) -> list[Notice]:
    return list(Notice.objects.select_related("published_by")[:limit])


def notice_get(notice_id: int) -> Notice | None:
    return Notice.objects.filter(pk=notice_id).first()


def _check(*, kind: str, titles: dict[str, str], texts: dict[str, str], starts_at, ends_at) -> None:
    if kind not in Notice.Kind.values:
        raise Invalid(PortalErrorCode.NOTICE_KIND, _("Choose maintenance or outage."), field="kind")
    for language, title in titles.items():
        if not title.strip():
            raise Invalid(
                CommonErrorCode.REQUIRED,
                _("Give the notice a title in both languages."),
                field=f"title_{language}",
            )
        if len(title) > TITLE_MAX:
            raise Invalid(
                PortalErrorCode.NOTICE_TOO_LONG, _("The title is too long."), field=f"title_{language}"
            )
    for language, text in texts.items():
        if len(text) > TEXT_MAX:
            raise Invalid(
                PortalErrorCode.NOTICE_TOO_LONG, _("The text is too long."), field=f"text_{language}"
            )
    if starts_at is None:
        raise Invalid(
            CommonErrorCode.REQUIRED, _("Give the time the notice is shown from."), field="starts_at"
        )
    for name, moment in (("starts_at", starts_at), ("ends_at", ends_at)):
        if moment is not None and not YEARS[0] <= moment.year <= YEARS[1]:
            raise Invalid(
                PortalErrorCode.NOTICE_TIMES,
                _("Give a time between the years %(first)s and %(last)s.")
                % {"first": YEARS[0], "last": YEARS[1]},
                field=name,
            )
    if ends_at is not None and ends_at <= starts_at:
        raise Invalid(
            PortalErrorCode.NOTICE_TIMES, _("The notice must end after it starts."), field="ends_at"
        )


def _forget_known_issues() -> None:
    """The banner shows the change at once: now, and again after the commit (a page drawn meanwhile may
    have cached the rows as they were)."""
    cache.delete(KNOWN_ISSUES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(KNOWN_ISSUES_CACHE_KEY))


@transaction.atomic
def notice_publish(
    *,
    kind: str,
    title_ru: str,
    title_en: str,
    text_ru: str = "",
    text_en: str = "",
    starts_at: datetime | None,
    ends_at: datetime | None = None,
    actor: User,
) -> Notice:
    titles = {"ru": title_ru, "en": title_en}
    texts = {"ru": text_ru, "en": text_en}
    _check(kind=kind, titles=titles, texts=texts, starts_at=starts_at, ends_at=ends_at)
    notice = Notice.objects.create(
        kind=kind,
        title_ru=title_ru.strip(),
        title_en=title_en.strip(),
        text_ru=text_ru.strip(),
        text_en=text_en.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        published_by=actor,
    )
    _forget_known_issues()
    return notice


@transaction.atomic
def notice_active_set(*, notice: Notice, active: bool) -> Notice:
    notice.is_active = active
    notice.save(update_fields=["is_active", "updated_at"])
    _forget_known_issues()
    return notice
