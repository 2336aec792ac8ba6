"""The default texts of the desk's e-mail, in Russian and English. Administrators edit them afterwards;
rows that exist are left alone."""

from django.db import migrations

ACK_CONTEXT = "ticket_number, subject, requester_name, support_address"
TEMPLATES = [
    (
        "acknowledgement",
        "ru",
        "[{{ ticket_number }}] {{ subject }}",
        """Здравствуйте{% if requester_name %}, {{ requester_name }}{% endif %}!

Ваше обращение зарегистрировано под номером {{ ticket_number }}.
Инженер техподдержки подтвердит приём заявки в работу в течение 30 минут.

Чтобы дополнить заявку, ответьте на это письмо, сохранив номер {{ ticket_number }} в теме.

Техническая поддержка CSP
{{ support_address }}
""",
    ),
    (
        "acknowledgement",
        "en",
        "[{{ ticket_number }}] {{ subject }}",
        """Hello{% if requester_name %} {{ requester_name }}{% endif %},

Your request has been registered as {{ ticket_number }}.
A support engineer will confirm that it is accepted within 30 minutes.

To add to the request, reply to this message keeping {{ ticket_number }} in the subject.

CSP technical support
{{ support_address }}
""",
    ),
]


def load(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for code, language, subject, body in TEMPLATES:
        EmailTemplate.objects.get_or_create(
            code=code,
            language=language,
            defaults={"subject": subject, "body": body, "description": f"Context: {ACK_CONTEXT}"},
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_email_template")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
