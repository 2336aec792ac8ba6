"""Loads the request catalog of the support terms (seed/support-terms.ru.md), in Russian and English.

The data is frozen here on purpose: a later change to the catalog is a new migration, so that an old
database and a new one end with the same rows. Rows are matched by code, so running it again changes nothing.
"""

from django.db import migrations

TENANT_DOMAIN = ("tenant_domain", "Домен тенанта (*.onmicrosoft.com или подтверждённый домен)",
                 "Tenant domain (*.onmicrosoft.com or a verified domain)", "value")
TENANT_ID = ("tenant_id", "Идентификатор тенанта (Tenant ID)", "Tenant ID", "value")
PARTNER_LOGIN = ("partner_login", "Логин партнёра в портале заказов дистрибьютора",
                 "Partner login in the distributor's ordering portal", "value")
USERS = ("user_principal_names", "Учётные записи пользователей (UPN)", "User principal names (UPN)", "value")
DESCRIPTION = ("problem_description", "Описание проблемы, текст ошибки и время её появления",
               "Description of the problem, the error text and when it began", "value")
AFFECTED_SERVICE = ("affected_service", "Затронутая служба (Exchange Online, SharePoint, OneDrive, Teams…)",
                    "Affected service (Exchange Online, SharePoint, OneDrive, Teams…)", "value")
AZURE_SUBSCRIPTION = ("azure_subscription_id", "Идентификатор подписки Azure", "Azure subscription ID", "value")
ESTIMATE = ("estimate_approved", "Заявитель согласовал оценку стоимости работ",
            "The requester approved the cost estimate", "confirmation")
MS_CONTACT = ("vendor_contact", "Контакт для инженера Microsoft (имя, телефон, e-mail, удобное время)",
              "Contact for the Microsoft engineer (name, phone, e-mail, convenient time)", "value")

CATALOG = [
    {
        "code": "o365_attach_licenses_existing_tenant",
        "category": "service_request", "scope": "free", "product": "m365",
        "name_ru": "Подключение лицензий на ранее существующий тенант",
        "name_en": "Attach licences to an existing tenant",
        "description_ru": "Выполняется после того, как конечный клиент авторизовал программу CSP "
                          "и партнёр предоставил свой логин в портале заказов.",
        "description_en": "Done once the end customer has authorised the CSP programme and the partner "
                          "has given its login in the ordering portal.",
        "checklist": [
            TENANT_DOMAIN,
            ("customer_authorised_partner", "Клиент принял приглашение партнёра (авторизовал программу CSP)",
             "The customer accepted the partner's invitation (authorised the CSP programme)", "confirmation"),
            PARTNER_LOGIN,
            ("licenses", "Какие лицензии и в каком количестве подключить", "Which licences and how many", "value"),
        ],
    },
    {
        "code": "cashback_agreement_number",
        "category": "service_request", "scope": "free", "product": "general",
        "name_ru": "Предоставление номера соглашения для CashBack",
        "name_en": "Agreement number for CashBack",
        "description_ru": "", "description_en": "",
        "checklist": [PARTNER_LOGIN, TENANT_DOMAIN],
    },
    {
        "code": "o365_user_management",
        "category": "consultation", "scope": "free", "product": "m365",
        "name_ru": "Создание, удаление, смена реквизитов пользователя, добавление и переназначение лицензий",
        "name_en": "Create, delete or change users, assign and reassign licences",
        "description_ru": "Консультация.", "description_en": "Consultation.",
        "checklist": [
            TENANT_DOMAIN, USERS,
            ("requested_change", "Что нужно сделать (создать, удалить, изменить, назначить лицензию)",
             "What is to be done (create, delete, change, assign a licence)", "value"),
        ],
    },
    {
        "code": "o365_desktop_apps_download",
        "category": "consultation", "scope": "free", "product": "m365",
        "name_ru": "Скачивание настольных приложений", "name_en": "Desktop apps download",
        "description_ru": "", "description_en": "",
        "checklist": [
            TENANT_DOMAIN, USERS,
            ("application", "Приложение и операционная система", "The application and the operating system", "value"),
        ],
    },
    {
        "code": "forward_to_microsoft",
        "category": "vendor_forwarding", "scope": "free", "product": "m365",
        "name_ru": "Перенаправление запроса в техподдержку Microsoft",
        "name_en": "Forward the request to Microsoft support",
        "description_ru": "По просьбе клиента или партнёра заявка размещается в Microsoft в течение 2 часов, "
                          "номер заявки Microsoft направляется заявителю ответным письмом.",
        "description_en": "On the customer's or partner's request a case is opened with Microsoft within 2 hours "
                          "and its number is sent back to the requester by e-mail.",
        "checklist": [TENANT_DOMAIN, DESCRIPTION, MS_CONTACT],
    },
    {
        "code": "o365_functionality_consultation",
        "category": "consultation", "scope": "free", "product": "m365",
        "name_ru": "Консультация по функциональным возможностям Office 365",
        "name_en": "Consultation on Office 365 functionality",
        "description_ru": "", "description_en": "",
        "checklist": [("question", "Вопрос", "The question", "value")],
    },
    {
        "code": "o365_service_incident",
        "category": "incident", "scope": "free", "product": "m365",
        "name_ru": "Инцидент со службой Office 365 (полная недоступность)",
        "name_en": "Office 365 service incident (service fully unavailable)",
        "description_ru": "Базовые рекомендации в случае полной недоступности службы: OneDrive, Skype for Business, "
                          "Exchange Online, SharePoint и др.",
        "description_en": "Basic recommendations when a service is fully unavailable: OneDrive, Skype for Business, "
                          "Exchange Online, SharePoint and others.",
        "checklist": [
            TENANT_DOMAIN, AFFECTED_SERVICE, DESCRIPTION,
            ("affected_users", "Сколько пользователей затронуто", "How many users are affected", "value"),
        ],
    },
    {
        "code": "mail_domain_setup",
        "category": "service_request", "scope": "free", "product": "m365",
        "name_ru": "Настройка почтового домена для организации",
        "name_en": "Mail domain setup for the organisation",
        "description_ru": "", "description_en": "",
        "checklist": [
            TENANT_DOMAIN,
            ("mail_domain", "Почтовый домен организации", "The organisation's mail domain", "value"),
            ("dns_access", "Кто управляет DNS-зоной домена", "Who manages the domain's DNS zone", "value"),
        ],
    },
    {
        "code": "office_install_activation",
        "category": "consultation", "scope": "free", "product": "m365",
        "name_ru": "Установка и активация настольного Office",
        "name_en": "Desktop Office installation and activation",
        "description_ru": "Консультация.", "description_en": "Consultation.",
        "checklist": [TENANT_DOMAIN, USERS, DESCRIPTION],
    },
    {
        "code": "client_setup_outlook_mobile",
        "category": "consultation", "scope": "free", "product": "m365",
        "name_ru": "Настройка рабочих мест: Microsoft Outlook, почта iPhone и Android",
        "name_en": "Client setup: Microsoft Outlook, iPhone and Android mail",
        "description_ru": "Консультация по настройке Microsoft Outlook и встроенных почтовых клиентов iPhone и Android.",
        "description_en": "Consultation on setting up Microsoft Outlook and the built-in mail apps of iPhone "
                          "and Android.",
        "checklist": [
            USERS,
            ("client_device", "Почтовый клиент и устройство", "The mail client and the device", "value"),
        ],
    },
    {
        "code": "paid_hybrid_deployment",
        "category": "paid_service", "scope": "paid", "product": "m365",
        "name_ru": "Гибридная инфраструктура: развёртывание, консультации, troubleshooting",
        "name_en": "Hybrid infrastructure: deployment, consultation, troubleshooting",
        "description_ru": "Поддержка за дополнительную плату.", "description_en": "Paid support.",
        "checklist": [
            TENANT_DOMAIN,
            ("environment", "Описание локальной инфраструктуры", "Description of the on-premises environment",
             "value"),
            ESTIMATE,
        ],
    },
    {
        "code": "paid_service_troubleshooting",
        "category": "paid_service", "scope": "paid", "product": "m365",
        "name_ru": "Консультации и troubleshooting по службам SharePoint, Project, Skype for Business, "
                   "Exchange Online (например, спам-фильтры) и др.",
        "name_en": "Consultation and troubleshooting of SharePoint, Project, Skype for Business, "
                   "Exchange Online (e.g. spam filters) and others",
        "description_ru": "Поддержка за дополнительную плату.", "description_en": "Paid support.",
        "checklist": [TENANT_DOMAIN, AFFECTED_SERVICE, DESCRIPTION, ESTIMATE],
    },
    {
        "code": "paid_tenant_migration",
        "category": "paid_service", "scope": "paid", "product": "m365",
        "name_ru": "Миграция с одного тенанта на другой", "name_en": "Tenant-to-tenant migration",
        "description_ru": "Поддержка за дополнительную плату.", "description_en": "Paid support.",
        "checklist": [
            ("source_tenant_domain", "Домен исходного тенанта", "Source tenant domain", "value"),
            ("target_tenant_domain", "Домен целевого тенанта", "Target tenant domain", "value"),
            ("mailbox_count", "Число пользователей и почтовых ящиков", "Number of users and mailboxes", "value"),
            ESTIMATE,
        ],
    },
    {
        "code": "azure_subscription_create",
        "category": "service_request", "scope": "free", "product": "azure",
        "name_ru": "Создание подписки Azure", "name_en": "Azure subscription creation",
        "description_ru": "", "description_en": "",
        "checklist": [TENANT_DOMAIN, PARTNER_LOGIN],
    },
    {
        "code": "azure_admin_account_binding",
        "category": "service_request", "scope": "free", "product": "azure",
        "name_ru": "Привязка учётной записи для администрирования подписки Azure",
        "name_en": "Bind an administrator account to an Azure subscription",
        "description_ru": "Для администрирования используется только portal.azure.com.",
        "description_en": "Administration is done only through portal.azure.com.",
        "checklist": [
            TENANT_DOMAIN, AZURE_SUBSCRIPTION,
            ("admin_account", "Учётная запись администратора (UPN)", "Administrator account (UPN)", "value"),
        ],
    },
    {
        "code": "azure_forward_to_microsoft",
        "category": "vendor_forwarding", "scope": "free", "product": "azure",
        "name_ru": "Передача заявки по Azure в Microsoft", "name_en": "Forward an Azure request to Microsoft",
        "description_ru": "", "description_en": "",
        "checklist": [TENANT_ID, AZURE_SUBSCRIPTION, DESCRIPTION, MS_CONTACT],
    },
]


def load(apps, schema_editor):
    RequestType = apps.get_model("catalog", "RequestType")
    ChecklistItem = apps.get_model("catalog", "ChecklistItem")
    for position, entry in enumerate(CATALOG, start=1):
        fields = {key: value for key, value in entry.items() if key not in {"code", "checklist"}}
        request_type, _ = RequestType.objects.update_or_create(
            code=entry["code"], defaults={**fields, "position": position * 10}
        )
        for item_position, (code, label_ru, label_en, kind) in enumerate(entry["checklist"], start=1):
            ChecklistItem.objects.update_or_create(
                request_type=request_type,
                code=code,
                defaults={"label_ru": label_ru, "label_en": label_en, "kind": kind, "position": item_position},
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
