"""The mail that tells the requester their ticket is resolved (issue 12, item 11), in Russian and English.
Administrators edit it afterwards; rows that exist are left alone."""

from django.db import migrations

CONTEXT = "ticket_number, subject, requester_name, resolution, reopen_days, engineer, support_address"
TEMPLATES = [
    (
        "resolution",
        "ru",
        "[{{ ticket_number }}] Заявка решена: {{ subject }}",
        """Здравствуйте{% if requester_name %}, {{ requester_name }}{% endif %}!

Ваша заявка {{ ticket_number }} «{{ subject }}» решена.
{% if resolution %}
Решение:
{{ resolution }}
{% endif %}{% if engineer %}
Инженер: {{ engineer }}
{% endif %}
Если вопрос не решён, ответьте на это письмо в течение {{ reopen_days }} дней, сохранив номер {{ ticket_number }}
в теме, — заявка снова будет взята в работу.

Техническая поддержка CSP
{{ support_address }}
""",
    ),
    (
        "resolution",
        "en",
        "[{{ ticket_number }}] Resolved: {{ subject }}",
        """Hello{% if requester_name %} {{ requester_name }}{% endif %},

Your request {{ ticket_number }} "{{ subject }}" is resolved.
{% if resolution %}
Resolution:
{{ resolution }}
{% endif %}{% if engineer %}
Engineer: {{ engineer }}
{% endif %}
If the problem is not solved, reply to this message within {{ reopen_days }} days keeping {{ ticket_number }}
in the subject, and the request is taken up again.

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
            defaults={"subject": subject, "body": body, "description": f"Context: {CONTEXT}"},
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_outbound_attachments")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
