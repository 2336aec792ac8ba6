"""The default phone policy gets the terms' phone reaction target, 60 s until an engineer answers, now that
the phone channel records calls (docs/sla.md). Only where it still has none: an administrator's own
target stays. Open tickets get the new clock at the next recompute (`cspdesk sla-recompute`)."""

from django.db import migrations

PHONE_POLICY = "Телефон 24/7"


def forwards(apps, schema_editor):
    apps.get_model("sla", "SlaPolicy").objects.filter(
        name=PHONE_POLICY, channel="phone", reaction_seconds__isnull=True
    ).update(reaction_seconds=60)


def backwards(apps, schema_editor):
    apps.get_model("sla", "SlaPolicy").objects.filter(
        name=PHONE_POLICY, channel="phone", reaction_seconds=60
    ).update(reaction_seconds=None)


class Migration(migrations.Migration):
    dependencies = [("sla", "0006_phone_answer")]

    operations = [migrations.RunPython(forwards, backwards)]
