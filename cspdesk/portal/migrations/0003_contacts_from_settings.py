"""The seeded contacts section wrote the desk's phones literally; they now come from the settings
(CSPDESK_SUPPORT_PHONES) through the ``{{ support_phones }}`` placeholder. Only the seeded text is
replaced: a section an administrator rewrote is left as it is."""

from django.db import migrations

SEEDED = "<p><strong>8 800 777 38 07</strong><br><strong>+7 495 544 50 24</strong></p>"


def forwards(apps, schema_editor):
    PageSection = apps.get_model("portal", "PageSection")
    for section in PageSection.objects.filter(code="contacts"):
        section.body_ru = section.body_ru.replace(SEEDED, "<p>{{ support_phones }}</p>")
        section.body_en = section.body_en.replace(SEEDED, "<p>{{ support_phones }}</p>")
        section.save(update_fields=["body_ru", "body_en"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_support_page")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
