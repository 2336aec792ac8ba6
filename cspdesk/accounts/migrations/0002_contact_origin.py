"""How the desk came to know a contact (``Contact.origin``, ``Contact.added_by``): a requester's word on a
contact's organisation is believed only as far as a verified domain backs it. Rows that were there before
are marked by the data migration tickets.0013 from the tickets' history."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="origin",
            field=models.CharField(
                choices=[
                    ("sender", "wrote in"),
                    ("agent", "added by an agent"),
                    ("requester", "named by a requester"),
                ],
                default="agent",
                max_length=10,
                verbose_name="origin",
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="added_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="added by",
            ),
        ),
    ]
