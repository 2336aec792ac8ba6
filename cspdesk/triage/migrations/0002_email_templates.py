"""The primary reaction's e-mail, in Russian and English: the request for details sent to an unknown
sender, and the acceptance message. Administrators edit them afterwards; rows that exist are left alone."""

from django.db import migrations

DETAILS_CONTEXT = "ticket_number, subject, requester_name, support_address"
ACCEPTANCE_CONTEXT = (
    "ticket_number, subject, requester_name, request_type, impact, resolution_time, resolution_hours, "
    "engineer, support_address"
)
TEMPLATES = [
    (
        "details_request",
        "ru",
        "[{{ ticket_number }}] Уточните, пожалуйста, данные организации",
        """Здравствуйте{% if requester_name %}, {{ requester_name }}{% endif %}!

Спасибо за обращение {{ ticket_number }} «{{ subject }}».

Мы не нашли ваш адрес среди контактов клиентов и партнёров, оформивших подписки CSP через нас.
Чтобы мы могли проверить подписку и взять заявку в работу, ответьте, пожалуйста, на это письмо и укажите
одно из следующего:
  - домен тенанта Microsoft 365 (например, company.onmicrosoft.com) или его идентификатор (Tenant ID);
  - название вашей организации и партнёра, у которого куплена подписка, или логин партнёра в портале заказов.

Заявка ожидает вашего ответа; сохраните номер {{ ticket_number }} в теме письма.

Техническая поддержка CSP
{{ support_address }}
""",
        DETAILS_CONTEXT,
    ),
    (
        "details_request",
        "en",
        "[{{ ticket_number }}] Please tell us your organisation's details",
        """Hello{% if requester_name %} {{ requester_name }}{% endif %},

Thank you for your request {{ ticket_number }} "{{ subject }}".

We could not find your address among the contacts of the customers and partners who bought CSP
subscriptions through us. So that we can check the subscription and accept the request, please reply to this
message with one of the following:
  - your Microsoft 365 tenant domain (for example company.onmicrosoft.com) or its Tenant ID;
  - your organisation's name and the partner you bought the subscription from, or the partner's login in
    the ordering portal.

The request waits for your answer; please keep {{ ticket_number }} in the subject.

CSP technical support
{{ support_address }}
""",
        DETAILS_CONTEXT,
    ),
    (
        "acceptance",
        "ru",
        "[{{ ticket_number }}] Заявка принята в работу",
        """Здравствуйте{% if requester_name %}, {{ requester_name }}{% endif %}!

Ваша заявка {{ ticket_number }} «{{ subject }}» принята в работу.

Классификация: {{ impact }}
Тип обращения: {{ request_type }}
Ожидаемое время решения: {{ resolution_time }}
{% if engineer %}Инженер: {{ engineer }}
{% endif %}
Чтобы дополнить заявку, ответьте на это письмо, сохранив номер {{ ticket_number }} в теме.

Техническая поддержка CSP
{{ support_address }}
""",
        ACCEPTANCE_CONTEXT,
    ),
    (
        "acceptance",
        "en",
        "[{{ ticket_number }}] Your request is accepted",
        """Hello{% if requester_name %} {{ requester_name }}{% endif %},

Your request {{ ticket_number }} "{{ subject }}" is accepted and in work.

Classification: {{ impact }}
Request type: {{ request_type }}
Expected resolution time: {{ resolution_time }}
{% if engineer %}Engineer: {{ engineer }}
{% endif %}
To add to the request, reply to this message keeping {{ ticket_number }} in the subject.

CSP technical support
{{ support_address }}
""",
        ACCEPTANCE_CONTEXT,
    ),
]


def load(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for code, language, subject, body, context in TEMPLATES:
        EmailTemplate.objects.get_or_create(
            code=code,
            language=language,
            defaults={"subject": subject, "body": body, "description": f"Context: {context}"},
        )


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial"), ("notifications", "0003_default_templates")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
