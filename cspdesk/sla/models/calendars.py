"""When SLA clocks count: 24/7/365, or working hours in a time zone minus holidays (docs/sla.md)."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    """An IANA zone such as Europe/Moscow: a bad one would stop every clock on the calendar."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a time zone, e.g. Europe/Moscow."), params={"value": value}
        ) from None


class SlaCalendar(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    always_open = models.BooleanField(
        _("24/7/365"),
        default=True,
        help_text=_("Every second counts; working hours and holidays are ignored."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Moscow", validators=[validate_time_zone]
    )
    russian_holidays = models.BooleanField(
        _("Russian production calendar"),
        default=True,
        help_text=_("Public holidays and their transfers from the holidays package are days off."),
    )

    class Meta:
        verbose_name = _("SLA calendar")
        verbose_name_plural = _("SLA calendars")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkingHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    calendar = models.ForeignKey(
        SlaCalendar, models.CASCADE, related_name="working_hours", verbose_name=_("calendar")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"), help_text=_("00:00 means midnight at the end of the day."))

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        ordering = ["calendar", "weekday", "starts_at"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self) -> None:
        midnight = self.ends_at is not None and self.ends_at.hour == 0 and self.ends_at.minute == 0
        if (
            self.starts_at is not None
            and self.ends_at is not None
            and not midnight
            and self.ends_at <= self.starts_at
        ):
            raise ValidationError({"ends_at": _("The end must be after the start (00:00 means midnight).")})


class CalendarException(models.Model):
    """A manual day off (e.g. a corporate holiday) or an extra working day on a weekend or holiday."""

    calendar = models.ForeignKey(
        SlaCalendar, models.CASCADE, related_name="exceptions", verbose_name=_("calendar")
    )
    day = models.DateField(_("day"))
    is_working = models.BooleanField(_("working day"), default=False)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["calendar", "day"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "day"], name="sla_calendar_exception_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"
