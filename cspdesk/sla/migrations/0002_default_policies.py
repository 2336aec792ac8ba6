"""The support terms' default policy (24/7/365) and the phone policy, plus a Moscow business calendar for
policies that need one. Idempotent, so tests can load it again after a flush."""

from datetime import time

from django.db import migrations

ALWAYS = "24/7/365"
BUSINESS = "Рабочие дни, Москва"
HOUR = 3600

POLICIES = [
    {
        "name": "Телефон 24/7",
        "priority": 100,
        "channel": "phone",
        # The phone reaction: 60 s until an engineer answers, measured on the ticket's call (0007 set it on
        # desks installed before; a phone ticket without a call record has no reaction clock).
        "reaction_seconds": 60,
    },
    {"name": "Условия поддержки 24/7", "priority": 1000, "channel": "", "reaction_seconds": HOUR // 2},
]


def load(apps, schema_editor):
    SlaCalendar = apps.get_model("sla", "SlaCalendar")
    WorkingHours = apps.get_model("sla", "WorkingHours")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    always, _ = SlaCalendar.objects.get_or_create(
        name=ALWAYS, defaults={"always_open": True, "time_zone": "Europe/Moscow", "russian_holidays": False}
    )
    business, created = SlaCalendar.objects.get_or_create(
        name=BUSINESS, defaults={"always_open": False, "time_zone": "Europe/Moscow", "russian_holidays": True}
    )
    if created:
        for weekday in range(5):
            WorkingHours.objects.create(calendar=business, weekday=weekday, starts_at=time(9), ends_at=time(18))
    for fields in POLICIES:
        SlaPolicy.objects.get_or_create(
            name=fields["name"],
            defaults={
                **fields,
                "calendar": always,
                "resolution_seconds": 24 * HOUR,
                "typical_resolution_seconds": 2 * HOUR,
                "escalation_seconds": 2 * HOUR,
                "pause_when_waiting": True,
                "warning_fractions": "0.75,0.90",
            },
        )


def unload(apps, schema_editor):
    apps.get_model("sla", "SlaPolicy").objects.filter(name__in=[p["name"] for p in POLICIES]).delete()
    apps.get_model("sla", "SlaCalendar").objects.filter(name__in=[ALWAYS, BUSINESS]).delete()


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
