"""The e-mail that brings the Microsoft case number back to the requester, in Russian and English.
Administrators edit it afterwards; rows that exist are left alone."""

from django.db import migrations

CONTEXT = "ticket_number, subject, requester_name, case_number, vendor, severity, engineer, support_address"
TEMPLATES = [
    (
        "vendor_case_opened",
        "ru",
        "[{{ ticket_number }}] Заявка передана в Microsoft, номер {{ case_number }}",
        """Здравствуйте{% if requester_name %}, {{ requester_name }}{% endif %}!

По вашей заявке {{ ticket_number }} «{{ subject }}» мы открыли обращение в техническую поддержку Microsoft.

Номер обращения Microsoft: {{ case_number }}
Продукт: {{ vendor }}
Критичность: {{ severity }}
{% if engineer %}Инженер: {{ engineer }}
{% endif %}
Пока Microsoft работает над обращением, срок решения заявки определяется Microsoft. Мы следим за ходом
работ и сообщим вам о результате. Чтобы дополнить заявку, ответьте на это письмо, сохранив номер
{{ ticket_number }} в теме.

Техническая поддержка CSP
{{ support_address }}
""",
    ),
    (
        "vendor_case_opened",
        "en",
        "[{{ ticket_number }}] Your request is escalated to Microsoft, case {{ case_number }}",
        """Hello{% if requester_name %} {{ requester_name }}{% endif %},

For your request {{ ticket_number }} "{{ subject }}" we have opened a case with Microsoft support.

Microsoft case number: {{ case_number }}
Product: {{ vendor }}
Severity: {{ severity }}
{% if engineer %}Engineer: {{ engineer }}
{% endif %}
While Microsoft works on the case, the resolution time is set by Microsoft. We follow the case and will
let you know the outcome. To add to the request, reply to this message keeping {{ ticket_number }} in the
subject.

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
    dependencies = [("vendor", "0001_initial"), ("notifications", "0003_default_templates")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
