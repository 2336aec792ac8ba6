"""The unknown sender got two automatic mails in the same second: the acknowledgement ("an engineer confirms
within 30 minutes") and the request for details ("who are you?"). Now they get one: the request for details
also gives the number and says when the engineer confirms (issue 12, item 11). A template an administrator
has edited is left alone."""

import importlib

from django.db import migrations

BODIES = {
    "ru": """Здравствуйте{% if requester_name %}, {{ requester_name }}{% endif %}!

Ваше обращение «{{ subject }}» зарегистрировано под номером {{ ticket_number }}.

Мы не нашли ваш адрес среди контактов клиентов и партнёров, оформивших подписки CSP через нас.
Чтобы мы могли проверить подписку и взять заявку в работу, ответьте, пожалуйста, на это письмо и укажите
одно из следующего:
  - домен тенанта Microsoft 365 (например, company.onmicrosoft.com) или его идентификатор (Tenant ID);
  - название вашей организации и партнёра, у которого куплена подписка, или логин партнёра в портале заказов.

Когда ответ придёт, инженер техподдержки подтвердит приём заявки в работу в течение 30 минут.
Сохраните номер {{ ticket_number }} в теме письма.

Техническая поддержка CSP
{{ support_address }}
""",
    "en": """Hello{% if requester_name %} {{ requester_name }}{% endif %},

Your request "{{ subject }}" has been registered as {{ ticket_number }}.

We could not find your address among the contacts of the customers and partners who bought CSP
subscriptions through us. So that we can check the subscription and accept the request, please reply to this
message with one of the following:
  - your Microsoft 365 tenant domain (for example company.onmicrosoft.com) or its Tenant ID;
  - your organisation's name and the partner you bought the subscription from, or the partner's login in
    the ordering portal.

Once your answer arrives, a support engineer will confirm that the request is accepted within 30 minutes.
Please keep {{ ticket_number }} in the subject.

CSP technical support
{{ support_address }}
""",
}


def load(apps, schema_editor):
    """Replaces the previous default text where it is still the previous default."""
    previous = importlib.import_module("cspdesk.triage.migrations.0002_email_templates").TEMPLATES
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for code, language, _subject, body, _context in previous:
        if code == "details_request" and language in BODIES:
            EmailTemplate.objects.filter(code=code, language=language, body=body).update(
                body=BODIES[language]
            )


def unload(apps, schema_editor):
    previous = importlib.import_module("cspdesk.triage.migrations.0002_email_templates").TEMPLATES
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    for code, language, _subject, body, _context in previous:
        if code == "details_request" and language in BODIES:
            EmailTemplate.objects.filter(code=code, language=language, body=BODIES[language]).update(body=body)


class Migration(migrations.Migration):
    dependencies = [("triage", "0003_checklist_source_form")]
    operations = [migrations.RunPython(load, unload)]
