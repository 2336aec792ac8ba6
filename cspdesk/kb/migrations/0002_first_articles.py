"""The first articles: the FAQ and instructions of the support terms (../shared/seed/support-terms.ru.md),
in Russian and English. Matched by slug, so loading again changes nothing (tests reload it after a flush)."""

from django.db import migrations

CATEGORIES = [
    ("instructions", "Инструкции", "Instructions", 10),
    ("faq", "Часто задаваемые вопросы", "Frequently asked questions", 20),
    ("azure", "Microsoft Azure в CSP", "Microsoft Azure in CSP", 30),
    ("contacts", "Контакты", "Contacts", 40),
]

ARTICLES = [
    {
        "slug": "azure-support-limitations",
        "category": "azure",
        "position": 10,
        "request_types": ["azure_subscription_create", "azure_admin_account_binding", "azure_forward_to_microsoft"],
        "title_ru": "Поддержка и ограничения Azure в CSP",
        "body_ru": """Техническая поддержка МОНТ по Microsoft Azure в программе CSP включает:

1. создание подписки Azure;
2. привязку учётной записи для администрирования подписки;
3. передачу заявки в Microsoft, если вопрос требует участия вендора.

## Ограничения Azure в CSP

- Нет миграции действующих подписок Azure (например, Pay-As-You-Go или Enterprise Agreement) в программу CSP: подписку в CSP создают заново и переносят в неё ресурсы.
- Для администрирования используется только портал [portal.azure.com](https://portal.azure.com); классический портал не поддерживается.

## Службы, которые только готовятся к вводу в эксплуатацию

- Hybrid Integration (BackUp, Site Recovery);
- Networking (VPN gateway, Express Route, Application Gateway);
- Web + Mobile (API Management).

Ограничения приведены по состоянию на март 2016 года; актуальный список уточняйте в технической поддержке.
Чтобы создать подписку или привязать учётную запись администратора, напишите на {{ support_address }}
и укажите домен тенанта (*.onmicrosoft.com) и логин партнёра.""",
        "title_en": "Azure support and limitations in CSP",
        "body_en": """MONT technical support for Microsoft Azure in the CSP programme covers:

1. creating an Azure subscription;
2. binding an account that administers the subscription;
3. forwarding the request to Microsoft when the vendor has to be involved.

## Azure limitations in CSP

- Existing Azure subscriptions (for example Pay-As-You-Go or an Enterprise Agreement) cannot be migrated into the CSP programme: a new CSP subscription is created and the resources are moved into it.
- Administration is done in [portal.azure.com](https://portal.azure.com) only; the classic portal is not supported.

## Services still being prepared for production

- Hybrid Integration (BackUp, Site Recovery);
- Networking (VPN gateway, Express Route, Application Gateway);
- Web + Mobile (API Management).

The limitations are as of March 2016; ask support for the current list. To create a subscription or bind
an administrator account, write to {{ support_address }} with the tenant domain (*.onmicrosoft.com) and
the partner login.""",
    },
    {
        "slug": "integration-api",
        "category": "instructions",
        "position": 10,
        "request_types": [],
        "title_ru": "Инструкция по интеграции (API)",
        "body_ru": """Партнёр может работать с технической поддержкой из своих систем через REST API.

## Доступ

Токен выдаёт техническая поддержка по запросу партнёра. Каждый запрос передаёт его в заголовке
`Authorization: Bearer <токен>`. Партнёр видит свои заявки и заявки своих клиентов, и только их.

## Основные операции

- `POST /api/v1/tickets` — открыть заявку: тема, текст, тип обращения из каталога, адрес заявителя;
- `GET /api/v1/tickets` — список заявок с фильтрами по статусу, типу и дате изменения;
- `GET /api/v1/tickets/{номер}` — заявка с перепиской и сроками SLA;
- `POST /api/v1/tickets/{номер}/messages` — ответить в заявке;
- `GET /api/v1/request-types` — каталог типов обращений с перечнем первичной информации;
- `GET /api/v1/kb/search?q=...` — поиск по базе знаний.

Номер заявки (например, CSP-000123) присваивается сразу и возвращается в ответе. Ошибки возвращаются
в виде JSON `{"error": {"code", "field", "message"}}`. Полное описание — документ OpenAPI по адресу
`/api/v1/docs`.""",
        "title_en": "Integration guide (API)",
        "body_en": """A partner can work with technical support from its own systems through the REST API.

## Access

Support issues a token at the partner's request. Every request sends it in the
`Authorization: Bearer <token>` header. A partner sees its own tickets and its customers' tickets, nothing else.

## Main operations

- `POST /api/v1/tickets` — open a ticket: subject, text, request type from the catalog, requester address;
- `GET /api/v1/tickets` — list tickets filtered by status, type and change date;
- `GET /api/v1/tickets/{number}` — a ticket with its conversation and SLA deadlines;
- `POST /api/v1/tickets/{number}/messages` — reply on a ticket;
- `GET /api/v1/request-types` — the catalog of request types with the primary information each needs;
- `GET /api/v1/kb/search?q=...` — search the knowledge base.

The ticket number (for example CSP-000123) is assigned at once and returned in the answer. Errors come back
as JSON `{"error": {"code", "field", "message"}}`. The full description is the OpenAPI document at
`/api/v1/docs`.""",
    },
    {
        "slug": "ordering-partner-webshop",
        "category": "instructions",
        "position": 20,
        "request_types": ["o365_attach_licenses_existing_tenant"],
        "title_ru": "Заказ и продление подписок в интернет-магазине партнёра",
        "body_ru": """Руководство для партнёров по заказу и продлению подписок Microsoft CSP в интернет-магазине партнёра.

## Заказ

1. Клиент выбирает продукт (например, Microsoft 365 Business Standard) и количество лицензий.
2. Для нового клиента создаётся тенант *.onmicrosoft.com; для существующего клиент сначала авторизует
   программу CSP (принимает приглашение партнёра) и сообщает домен тенанта.
3. Заказ передаётся в МОНТ, подписка активируется, лицензия становится доступна в центре администрирования
   Microsoft 365.

## Продление

Подписка продлевается автоматически в конце срока. Изменить количество лицензий можно в любой момент:
увеличение действует сразу, уменьшение — по правилам Microsoft для выбранного срока подписки.

Если лицензия не появилась в тенанте, напишите в техническую поддержку: укажите домен тенанта, логин
партнёра в ed.mont и номер заказа.""",
        "title_en": "Ordering and renewing subscriptions in the partner's web shop",
        "body_en": """A guide for partners to ordering and renewing Microsoft CSP subscriptions in the partner's web shop.

## Ordering

1. The customer chooses the product (for example Microsoft 365 Business Standard) and the number of licenses.
2. A new customer gets a *.onmicrosoft.com tenant; an existing customer first authorises the CSP programme
   (accepts the partner's invitation) and gives the tenant domain.
3. The order goes to MONT, the subscription is activated and the license appears in the Microsoft 365 admin
   center.

## Renewal

A subscription renews automatically at the end of its term. The number of licenses can be changed at any
time: an increase applies at once, a decrease follows Microsoft's rules for the subscription's term.

If a license does not appear in the tenant, write to technical support with the tenant domain, the partner
login in ed.mont and the order number.""",
    },
    {
        "slug": "ordering-without-customers",
        "category": "instructions",
        "position": 30,
        "request_types": ["o365_attach_licenses_existing_tenant", "cashback_agreement_number"],
        "title_ru": "Заказ и продление подписок без участия конечных клиентов",
        "body_ru": """Руководство для партнёров, которые оформляют подписки сами, не привлекая конечных клиентов.

1. Партнёр входит в ed.mont под своим логином и создаёт клиента: название организации, контакт,
   желаемый домен *.onmicrosoft.com.
2. Партнёр выбирает подписки и количество лицензий; заказ оформляется от имени партнёра.
3. Данные администратора нового тенанта приходят партнёру; партнёр передаёт их клиенту.
4. Продление и изменение количества лицензий партнёр выполняет в том же разделе ed.mont.

Для подключения лицензий на ранее существующий тенант клиент должен авторизовать программу CSP, а партнёр —
сообщить свой логин в ed.mont. Номер соглашения для CashBack техническая поддержка предоставляет по запросу.""",
        "title_en": "Ordering and renewing subscriptions without involving end customers",
        "body_en": """A guide for partners who place subscriptions themselves without involving the end customers.

1. The partner signs in to ed.mont with its login and creates the customer: organisation name, contact,
   the wished *.onmicrosoft.com domain.
2. The partner chooses the subscriptions and the number of licenses; the order is placed on the partner's behalf.
3. The new tenant's administrator credentials go to the partner, who hands them to the customer.
4. Renewals and changes to the number of licenses are made in the same section of ed.mont.

To attach licenses to an existing tenant the customer must authorise the CSP programme and the partner must
give its ed.mont login. Support gives the agreement number for CashBack on request.""",
    },
    {
        "slug": "csp-connection-cheat-sheet",
        "category": "instructions",
        "position": 40,
        "request_types": ["o365_attach_licenses_existing_tenant", "mail_domain_setup", "office_install_activation"],
        "title_ru": "Подключение в программу CSP: шпаргалка для конечного пользователя",
        "body_ru": """Краткая памятка клиенту, которого партнёр подключает к программе Microsoft CSP через МОНТ.

1. **Авторизуйте партнёра.** Откройте ссылку-приглашение от партнёра под учётной записью глобального
   администратора тенанта и примите отношения с поставщиком (reseller relationship).
2. **Сообщите домен тенанта** (*.onmicrosoft.com) партнёру — он оформит подписку.
3. **Назначьте лицензию пользователям** в центре администрирования Microsoft 365: «Пользователи» →
   «Активные пользователи» → «Лицензии и приложения».
4. **Подключите почтовый домен** организации: добавьте домен и записи DNS (MX, TXT, CNAME для autodiscover).
5. **Установите Office**: portal.office.com → «Установить Office» и войдите рабочей учётной записью для активации.

Если что-то не получается, напишите на {{ support_address }} или позвоните {{ support_phones }} —
поддержка работает круглосуточно.""",
        "title_en": "Joining the CSP programme: a cheat sheet for end users",
        "body_en": """A short memo for a customer whom a partner brings into the Microsoft CSP programme through MONT.

1. **Authorise the partner.** Open the partner's invitation link as the tenant's global administrator and
   accept the reseller relationship.
2. **Give the tenant domain** (*.onmicrosoft.com) to the partner, who places the subscription.
3. **Assign a license to users** in the Microsoft 365 admin center: Users → Active users → Licenses and apps.
4. **Connect the organisation's mail domain**: add the domain and its DNS records (MX, TXT, CNAME for autodiscover).
5. **Install Office**: portal.office.com → Install Office, and sign in with the work account to activate it.

If something does not work, write to {{ support_address }} or call {{ support_phones }} — support works
around the clock.""",
    },
    {
        "slug": "faq-mont-csp",
        "category": "faq",
        "position": 10,
        "request_types": ["o365_functionality_consultation", "o365_user_management", "forward_to_microsoft"],
        "title_ru": "FAQ. Вопросы и ответы по программе MONT CSP",
        "body_ru": """**Как быстро ответит поддержка?** Каждой заявке сразу присваивается уникальный номер; по e-mail он
приходит в теме ответного письма. Реакция на письмо — до 30 минут, по телефону — 15–60 секунд до соединения
с сотрудником.

**За какое время решают заявку?** До 24 часов без эскалации на вендора; типовые обращения (запрос на
обслуживание, консультация) — до 2 часов при наличии всей первичной информации. 95 % заявок решаются в срок.

**Что входит в бесплатную поддержку?** Типовые обращения по Office 365: подключение лицензий на ранее
существующий тенант, номер соглашения для CashBack, создание и удаление пользователей, назначение
лицензии, скачивание настольных приложений, передача запросов в Microsoft; консультации по возможностям
Office 365, настройка почтового домена, установка и активация Office, настройка Outlook, iPhone и Android.

**Что платно?** Гибридная инфраструктура, troubleshooting SharePoint, Project, Skype for Business,
Exchange Online (например, спам-фильтры), миграция с одного тенанта на другой.

**Как передать заявку в Microsoft?** По просьбе клиента или партнёра в течение 2 часов после письма на
{{ support_address }} заявка размещается в Microsoft, а её номер отправляется заявителю ответным письмом.

**Почему лицензия не назначается пользователю?** Проверьте, что подписка активна и свободные лицензии
есть; если подписки нет в центре администрирования, напишите в поддержку с доменом тенанта.""",
        "title_en": "FAQ: questions and answers on the MONT CSP programme",
        "body_en": """**How fast does support answer?** Every request gets a unique number at once; by e-mail it comes in the
subject of the reply. The reaction to an e-mail is within 30 minutes; by phone 15–60 seconds to reach an engineer.

**How long does a resolution take?** Up to 24 hours without escalation to the vendor; typical requests
(service request, consultation) up to 2 hours when all primary information is given. 95 % are resolved on time.

**What does free support cover?** Typical Office 365 requests: attaching licenses to an existing tenant, the
agreement number for CashBack, creating and deleting users, assigning a license, downloading desktop apps,
forwarding requests to Microsoft; advice on Office 365 features, mail domain setup, installing and activating
Office, setting up Outlook, iPhone and Android.

**What is paid?** Hybrid infrastructure, troubleshooting SharePoint, Project, Skype for Business, Exchange
Online (for example spam filters), migration from one tenant to another.

**How is a request forwarded to Microsoft?** At the customer's or partner's request, within 2 hours of the
message to {{ support_address }} the case is opened at Microsoft and its number is sent back by e-mail.

**Why can a license not be assigned to a user?** Check that the subscription is active and has free licenses;
if the subscription is missing from the admin center, write to support with the tenant domain.""",
    },
    {
        "slug": "faq-migration",
        "category": "faq",
        "position": 20,
        "request_types": ["paid_tenant_migration"],
        "title_ru": "FAQ. Миграция подписок из других моделей лицензирования",
        "body_ru": """**Можно ли перевести подписки Office 365 из другой модели лицензирования (Open, Enterprise
Agreement, прямой договор с Microsoft) в CSP?** Да: клиент авторизует программу CSP в существующем тенанте,
партнёр оформляет подписки CSP, после чего лицензии пользователей переназначаются на новые подписки, а
старые не продлеваются. Данные пользователей остаются в том же тенанте.

**Нужна ли миграция почты?** Нет, если тенант тот же: меняется только подписка, к которой привязана лицензия.

**Что если нужно перенести данные в другой тенант?** Миграция с одного тенанта на другой — платная услуга
поддержки: укажите исходный и целевой домены тенантов и число почтовых ящиков.

**Можно ли перевести действующую подписку Azure в CSP?** Нет, миграции действующих подписок Azure в CSP нет:
создаётся новая подписка, ресурсы переносятся в неё.""",
        "title_en": "FAQ: migrating subscriptions from other licensing models",
        "body_en": """**Can Office 365 subscriptions be moved from another licensing model (Open, Enterprise Agreement, a direct
contract with Microsoft) to CSP?** Yes: the customer authorises the CSP programme in the existing tenant, the
partner orders CSP subscriptions, then the users' licenses are reassigned to the new subscriptions and the old
ones are not renewed. User data stays in the same tenant.

**Does mail have to be migrated?** No, if the tenant stays the same: only the subscription behind the license changes.

**What if data has to move to another tenant?** Migration from one tenant to another is a paid support
service: give the source and target tenant domains and the number of mailboxes.

**Can an existing Azure subscription be moved to CSP?** No, existing Azure subscriptions cannot be migrated to
CSP: a new subscription is created and the resources are moved into it.""",
    },
    {
        "slug": "support-contacts",
        "category": "contacts",
        "position": 10,
        "request_types": [],
        "title_ru": "Контакты технической поддержки",
        "body_ru": """Техническая поддержка программы CSP работает 24 часа в сутки, 7 дней в неделю, 365 дней в году.

- Телефон: {{ support_phones }}
- E-mail: {{ support_address }}

Каждой заявке присваивается уникальный номер; при обращении по e-mail он приходит сразу в теме ответного
письма. Первичная реакция: проверка наличия подписки CSP, приобретённой через МОНТ, классификация
(услуга доступна, частично доступна, полностью недоступна) и подтверждение приёма заявки в работу.

Чтобы заявку решили быстрее, укажите домен тенанта, логин партнёра и описание проблемы.""",
        "title_en": "Technical support contacts",
        "body_en": """CSP technical support works 24 hours a day, 7 days a week, 365 days a year.

- Phone: {{ support_phones }}
- E-mail: {{ support_address }}

Every request gets a unique number; by e-mail it comes at once in the subject of the reply. The primary
reaction: checking for a CSP subscription bought through MONT, classification (service available, partially
available, fully unavailable) and confirmation that the request is accepted.

To get a faster resolution, give the tenant domain, the partner login and a description of the problem.""",
    },
]


def load(apps, schema_editor):
    from cspdesk.kb.search import article_index

    Category = apps.get_model("kb", "Category")
    Article = apps.get_model("kb", "Article")
    ArticleRevision = apps.get_model("kb", "ArticleRevision")
    RequestType = apps.get_model("catalog", "RequestType")
    categories = {}
    for slug, name_ru, name_en, position in CATEGORIES:
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name_ru": name_ru, "name_en": name_en, "position": position}
        )
    fields = ("title_ru", "title_en", "body_ru", "body_en")
    for data in ARTICLES:
        article, created = Article.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "category": categories[data["category"]],
                "position": data["position"],
                "visibility": "public",
                **{f: data[f] for f in fields},
            },
        )
        if not created:
            continue
        article.request_types.set(RequestType.objects.filter(code__in=data["request_types"]))
        ArticleRevision.objects.create(
            article=article,
            number=1,
            comment="The support terms' FAQ and instructions",
            category=article.category,
            visibility="public",
            request_type_codes=sorted(data["request_types"]),
            **{f: data[f] for f in fields},
        )
        article_index(article)


class Migration(migrations.Migration):
    dependencies = [("kb", "0001_initial"), ("catalog", "0002_load_catalog"), ("search", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
