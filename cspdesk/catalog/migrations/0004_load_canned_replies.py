"""A canned reply for every typical request type (service requests and consultations), in Russian and
English, and two general ones. Supervisors edit them in the admin; loading again keeps their edits."""

from django.db import migrations

RU_SIGN = "\n\nС уважением,\n{{ engineer }}\nТехническая поддержка CSP"
EN_SIGN = "\n\nKind regards,\n{{ engineer }}\nCSP technical support"

MACROS = [
    # (request type code or None, language, title, body)
    (None, "ru", "Нужны дополнительные сведения",
     "Здравствуйте, {{ requester_name }}!\n\nЧтобы продолжить работу по заявке {{ ticket_number }}, пришлите, "
     "пожалуйста, домен тенанта (*.onmicrosoft.com), описание проблемы с текстом ошибки и время её "
     "появления." + RU_SIGN),
    (None, "en", "More details needed",
     "Hello {{ requester_name }},\n\nTo continue with request {{ ticket_number }}, please send us the tenant "
     "domain (*.onmicrosoft.com), a description of the problem with the error text and when it began."
     + EN_SIGN),
    ("o365_attach_licenses_existing_tenant", "ru", "Лицензии в существующий тенант",
     "Здравствуйте, {{ requester_name }}!\n\nЧтобы подключить лицензии к тенанту {{ tenant_domain }} "
     "(заявка {{ ticket_number }}), администратору клиента нужно принять приглашение партнёра в центре "
     "администрирования Microsoft 365 (Параметры → Отношения с партнёрами) и сообщить нам логин партнёра. "
     "После этого подписки будут оформлены в течение двух часов." + RU_SIGN),
    ("o365_attach_licenses_existing_tenant", "en", "Licences for an existing tenant",
     "Hello {{ requester_name }},\n\nTo attach licences to the tenant {{ tenant_domain }} (request "
     "{{ ticket_number }}), the customer's administrator needs to accept the partner invitation in the "
     "Microsoft 365 admin center (Settings → Partner relationships) and send us the partner login. The "
     "subscriptions are then set up within two hours." + EN_SIGN),
    ("cashback_agreement_number", "ru", "Номер соглашения для CashBack",
     "Здравствуйте, {{ requester_name }}!\n\nНомер соглашения для программы CashBack по тенанту "
     "{{ tenant_domain }} указан в карточке подписки в портале заказов; при необходимости пришлите номер "
     "счёта, и мы найдём его сами (заявка {{ ticket_number }})." + RU_SIGN),
    ("cashback_agreement_number", "en", "Agreement number for CashBack",
     "Hello {{ requester_name }},\n\nThe agreement number for the CashBack programme for the tenant "
     "{{ tenant_domain }} is on the subscription's page in the ordering portal; if it is not there, send us "
     "the invoice number and we will find it (request {{ ticket_number }})." + EN_SIGN),
    ("o365_user_management", "ru", "Пользователи и лицензии",
     "Здравствуйте, {{ requester_name }}!\n\nПользователей тенанта {{ tenant_domain }} создают, изменяют и "
     "удаляют в центре администрирования Microsoft 365: Пользователи → Активные пользователи; лицензия "
     "назначается на вкладке «Лицензии и приложения». Если нужно, сделаем это за вас — пришлите список "
     "пользователей (UPN) и нужные лицензии (заявка {{ ticket_number }})." + RU_SIGN),
    ("o365_user_management", "en", "Users and licences",
     "Hello {{ requester_name }},\n\nUsers of the tenant {{ tenant_domain }} are created, changed and deleted "
     "in the Microsoft 365 admin center under Users → Active users; a licence is assigned on the "
     "\"Licenses and apps\" tab. We can do it for you: send the users' UPNs and the licences needed (request "
     "{{ ticket_number }})." + EN_SIGN),
    ("o365_desktop_apps_download", "ru", "Загрузка классических приложений",
     "Здравствуйте, {{ requester_name }}!\n\nКлассические приложения Microsoft 365 скачиваются на портале "
     "https://portal.office.com → «Установить приложения» под учётной записью пользователя, которому "
     "назначена лицензия с приложениями (заявка {{ ticket_number }})." + RU_SIGN),
    ("o365_desktop_apps_download", "en", "Downloading the desktop apps",
     "Hello {{ requester_name }},\n\nThe Microsoft 365 desktop apps are downloaded from "
     "https://portal.office.com → \"Install apps\", signed in as a user whose licence includes the apps "
     "(request {{ ticket_number }})." + EN_SIGN),
    ("o365_functionality_consultation", "ru", "Консультация по Microsoft 365",
     "Здравствуйте, {{ requester_name }}!\n\nСпасибо за вопрос по заявке {{ ticket_number }}. " + RU_SIGN),
    ("o365_functionality_consultation", "en", "Microsoft 365 consultation",
     "Hello {{ requester_name }},\n\nThank you for your question (request {{ ticket_number }}). " + EN_SIGN),
    ("mail_domain_setup", "ru", "Подключение почтового домена",
     "Здравствуйте, {{ requester_name }}!\n\nЧтобы подключить домен к тенанту {{ tenant_domain }}, добавьте "
     "его в центре администрирования (Параметры → Домены), подтвердите TXT-записью и создайте записи MX, "
     "CNAME autodiscover и SPF, которые покажет мастер (заявка {{ ticket_number }})." + RU_SIGN),
    ("mail_domain_setup", "en", "Connecting a mail domain",
     "Hello {{ requester_name }},\n\nTo connect the domain to the tenant {{ tenant_domain }}, add it in the "
     "admin center (Settings → Domains), verify it with the TXT record, then create the MX, autodiscover "
     "CNAME and SPF records the wizard shows (request {{ ticket_number }})." + EN_SIGN),
    ("office_install_activation", "ru", "Установка и активация Office",
     "Здравствуйте, {{ requester_name }}!\n\nПроверьте, что пользователю назначена лицензия с приложениями, "
     "затем в приложении Office выйдите из учётной записи и войдите снова (Файл → Учётная запись). Если "
     "ошибка останется, пришлите её снимок экрана (заявка {{ ticket_number }})." + RU_SIGN),
    ("office_install_activation", "en", "Installing and activating Office",
     "Hello {{ requester_name }},\n\nPlease check that the user has a licence that includes the apps, then "
     "sign out and in again in the Office app (File → Account). If the error stays, send us a screenshot of it "
     "(request {{ ticket_number }})." + EN_SIGN),
    ("client_setup_outlook_mobile", "ru", "Настройка Outlook и мобильных устройств",
     "Здравствуйте, {{ requester_name }}!\n\nВ Outlook добавьте учётную запись по адресу пользователя — "
     "параметры подставятся автоматически (autodiscover). На телефоне используйте приложение Outlook для "
     "iOS или Android (заявка {{ ticket_number }})." + RU_SIGN),
    ("client_setup_outlook_mobile", "en", "Setting up Outlook and mobile devices",
     "Hello {{ requester_name }},\n\nIn Outlook, add the account by the user's address; the settings are "
     "found automatically (autodiscover). On a phone, use the Outlook app for iOS or Android (request "
     "{{ ticket_number }})." + EN_SIGN),
    ("azure_subscription_create", "ru", "Создание подписки Azure",
     "Здравствуйте, {{ requester_name }}!\n\nПодписка Azure в CSP для тенанта {{ tenant_domain }} будет "
     "создана после подтверждения заказа; мы пришлём её идентификатор в этой заявке ({{ ticket_number }})."
     + RU_SIGN),
    ("azure_subscription_create", "en", "Creating an Azure subscription",
     "Hello {{ requester_name }},\n\nThe Azure CSP subscription for the tenant {{ tenant_domain }} is created "
     "once the order is confirmed; we will send its id in this request ({{ ticket_number }})." + EN_SIGN),
    ("azure_admin_account_binding", "ru", "Привязка учётной записи администратора Azure",
     "Здравствуйте, {{ requester_name }}!\n\nЧтобы назначить администратора подписки Azure, пришлите его UPN "
     "в тенанте {{ tenant_domain }} и идентификатор подписки; мы выдадим ему роль «Владелец» (заявка "
     "{{ ticket_number }})." + RU_SIGN),
    ("azure_admin_account_binding", "en", "Binding an Azure admin account",
     "Hello {{ requester_name }},\n\nTo make someone an administrator of the Azure subscription, send us their "
     "UPN in the tenant {{ tenant_domain }} and the subscription id; we will give them the Owner role "
     "(request {{ ticket_number }})." + EN_SIGN),
]  # fmt: skip


def load(apps, schema_editor):
    RequestType = apps.get_model("catalog", "RequestType")
    CannedReply = apps.get_model("catalog", "CannedReply")
    types = {rt.code: rt for rt in RequestType.objects.all()}
    for position, (code, language, title, body) in enumerate(MACROS, start=1):
        request_type = types.get(code) if code else None
        if code and request_type is None:
            continue
        CannedReply.objects.get_or_create(
            request_type=request_type,
            language=language,
            title=title,
            defaults={"body": body, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_canned_reply"), ("catalog", "0002_load_catalog")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
