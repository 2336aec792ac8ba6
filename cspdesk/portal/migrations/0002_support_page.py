"""The public support page as the support terms (../shared/seed/support-terms.ru.md) write it, in Russian,
with the English translation. Administrators edit it afterwards; sections are matched by code, so running
this again changes nothing an administrator wrote."""

from django.db import migrations

KB = "/kb/{}/"

SECTIONS = [
    (
        "contacts",
        "Контакты технической поддержки",
        "Technical support contacts",
        """<p>{{ support_phones }}</p>
<p><a href="mailto:{{ support_address }}">{{ support_address }}</a></p>
<p>24 часа в сутки,<br>7 дней в неделю,<br>365 дней в году</p>""",
        """<p>{{ support_phones }}</p>
<p><a href="mailto:{{ support_address }}">{{ support_address }}</a></p>
<p>24 hours a day,<br>7 days a week,<br>365 days a year</p>""",
    ),
    (
        "request-handling",
        "Реакция на заявку",
        "How a request is handled",
        """<ol>
<li>Каждой заявке присваивается уникальный номер;</li>
<li>При подаче заявки по e-mail номер направляется заявителю сразу в заголовке ответного письма;</li>
<li>Первичная реакция на заявку включает в себя:
<ul>
<li>идентификация наличия подписки CSP приобретённой через МОНТ;</li>
<li>классификация обращения по критерию: доступна/ частично доступна/ полностью недоступна услуга;</li>
<li>подтверждение приема заявки в работу.</li>
</ul></li>
</ol>""",
        """<ol>
<li>Every request is given a unique number;</li>
<li>When a request is sent by e-mail, the number is sent to the requester at once, in the subject of the reply;</li>
<li>The primary reaction to a request includes:
<ul>
<li>checking that there is a CSP subscription bought through MONT;</li>
<li>classifying the request: the service is available / partially available / fully unavailable;</li>
<li>confirming that the request is accepted for work.</li>
</ul></li>
</ol>""",
    ),
    (
        "sla",
        "SLA",
        "SLA",
        """<table>
<thead><tr><th>Параметр</th><th>Значение</th></tr></thead>
<tbody>
<tr><td>Время реакции</td><td>Телефон: 15-60 секунд (до соединения с сотрудником)<br>e-mail: 30 минут</td></tr>
<tr><td>Время решения (без необходимости эскалировать на вендора)</td><td>до 24 часов</td></tr>
<tr><td>Время решения (при эскалации на вендора)</td><td>Не регламентировано</td></tr>
<tr><td>Время решения типовых обращений: запроса на обслуживание, консультации</td><td>до 2-х часов (при наличии всей первичной информации)</td></tr>
<tr><td>Доля решенных в срок</td><td>95%</td></tr>
</tbody>
</table>""",
        """<table>
<thead><tr><th>Parameter</th><th>Value</th></tr></thead>
<tbody>
<tr><td>Reaction time</td><td>Phone: 15–60 seconds (until connected to an engineer)<br>e-mail: 30 minutes</td></tr>
<tr><td>Resolution time (no escalation to the vendor needed)</td><td>up to 24 hours</td></tr>
<tr><td>Resolution time (escalated to the vendor)</td><td>Not regulated</td></tr>
<tr><td>Resolution time of typical requests: service request, consultation</td><td>up to 2 hours (once all primary information is given)</td></tr>
<tr><td>Share resolved on time</td><td>95%</td></tr>
</tbody>
</table>""",
    ),
    (
        "typical-requests",
        "Типовые обращения по MS Office",
        "Typical Microsoft Office requests",
        """<ol>
<li>Подключение лицензий на ранее существующий тенант (после авторизации программы CSP конечным клиентом и предоставлении логина партнера в ed.mont);</li>
<li>Предоставление номера соглашения для CashBack;</li>
<li>Консультации по созданию, удалению, смене реквизитов пользователя, добавлению либо переназначению лицензий;</li>
<li>Скачивание настольных приложений;</li>
<li>Перенаправление запросов на техподдержку в Microsoft.</li>
</ol>""",
        """<ol>
<li>Attaching licences to an existing tenant (once the end customer has authorised the CSP programme and the partner has given its login in ed.mont);</li>
<li>The agreement number for CashBack;</li>
<li>Consultations on creating and deleting users, changing their details, adding or reassigning licences;</li>
<li>Downloading the desktop applications;</li>
<li>Forwarding support requests to Microsoft.</li>
</ol>""",
    ),
    (
        "microsoft-escalation",
        "Схема обращения в Microsoft по CSP",
        "Escalation to Microsoft under CSP",
        """<p>По просьбе клиента или партнёра в пределах 2-х часов после поступления сообщения на <a href="mailto:{{ support_address }}">{{ support_address }}</a>:</p>
<ul>
<li>заявка размещается в Microsoft;</li>
<li>номер размещенной заявки отправляется заявителю ответным письмом.</li>
</ul>""",
        """<p>At the customer's or the partner's request, within 2 hours of the message reaching <a href="mailto:{{ support_address }}">{{ support_address }}</a>:</p>
<ul>
<li>a case is opened with Microsoft;</li>
<li>the case number is sent to the requester in a reply.</li>
</ul>""",
    ),
    (
        "free-support",
        "Объем бесплатной техподдержки",
        "Free support",
        """<ol>
<li>Типовые обращения по MS Office 365, указанные ранее.</li>
<li>Консультации по функциональным возможностям Office 365;</li>
<li>Рекомендации по инцидентам со службами Office 365 базово, в случае полной недоступности работы службы (One Drive, Skype for Business, Exchange Online, SharePoint и др.);</li>
<li>Настройка почтового домена для организации;</li>
<li>Консультации по установке и активации настольного Office;</li>
<li>Консультации по настройке клиентских рабочих мест:
<ul><li>a. Microsoft Outlook</li><li>b. iPhone (встроенный почтовый клиент)</li><li>c. Android (встроенный почтовый клиент)</li></ul></li>
</ol>""",
        """<ol>
<li>The typical Microsoft Office 365 requests listed above.</li>
<li>Consultations on Office 365 functionality;</li>
<li>Basic recommendations on incidents with Office 365 services when a service is fully unavailable (OneDrive, Skype for Business, Exchange Online, SharePoint and others);</li>
<li>Setting up the organisation's mail domain;</li>
<li>Consultations on installing and activating desktop Office;</li>
<li>Consultations on setting up client workstations:
<ul><li>a. Microsoft Outlook</li><li>b. iPhone (built-in mail app)</li><li>c. Android (built-in mail app)</li></ul></li>
</ol>""",
    ),
    (
        "paid-support",
        "Поддержка за дополнительную плату",
        "Paid support",
        """<ol>
<li>Развертывание гибридной инфраструктуры, консультации, troubleshooting по имеющимся гибридным инфраструктурам;</li>
<li>Консультации, troubleshooting по службам:
<ul><li>SharePoint;</li><li>Project;</li><li>Skype for Business;</li><li>Exchange Online (например, спам-фильтры);</li><li>и др.</li></ul></li>
<li>Миграция с одного тенанта на другой.</li>
</ol>
<p>Перед платной работой инженер направляет оценку стоимости; работа начинается после её согласования (в портале заявителя или ответным письмом).</p>""",
        """<ol>
<li>Deploying hybrid infrastructure; consultations and troubleshooting of existing hybrid infrastructures;</li>
<li>Consultations and troubleshooting of the services:
<ul><li>SharePoint;</li><li>Project;</li><li>Skype for Business;</li><li>Exchange Online (e.g. spam filters);</li><li>and others.</li></ul></li>
<li>Tenant-to-tenant migration.</li>
</ol>
<p>Before paid work the engineer sends a cost estimate; the work starts once it is approved (in the requester portal or by a reply).</p>""",
    ),
    (
        "azure",
        "Поддержка и ограничения Azure в CSP",
        "Azure support and limitations under CSP",
        """<h3>Поддержка:</h3>
<ol><li>Создание подписки;</li><li>Привязка учетной записи для администрирования подписки;</li><li>Передача заявки в Microsoft;</li></ol>
<h3>Ограничения, март 2016:</h3>
<ul><li>Нет миграции действующих подписок Azure в программу CSP;</li><li>Для администрирования используется только <a href="https://portal.azure.com">portal.azure.com</a>;</li></ul>
<h3>Часть служб только готовятся к вводу в эксплуатацию:</h3>
<ul><li>Hybrid Integration (BackUp, Site Recovery);</li><li>Networking (VPN gateway, Express Route, Application Gateway);</li><li>Web + Mobile (API Management).</li></ul>
<p><a href="/kb/azure-support-limitations/">Подробнее о поддержке и ограничениях Azure</a></p>""",
        """<h3>Support:</h3>
<ol><li>Creating a subscription;</li><li>Binding an account to administer the subscription;</li><li>Forwarding a request to Microsoft;</li></ol>
<h3>Limitations, March 2016:</h3>
<ul><li>Existing Azure subscriptions cannot be migrated into the CSP programme;</li><li>Administration is done only through <a href="https://portal.azure.com">portal.azure.com</a>;</li></ul>
<h3>Some services are still being prepared for launch:</h3>
<ul><li>Hybrid Integration (BackUp, Site Recovery);</li><li>Networking (VPN gateway, Express Route, Application Gateway);</li><li>Web + Mobile (API Management).</li></ul>
<p><a href="/kb/azure-support-limitations/">More on Azure support and limitations</a></p>""",
    ),
    (
        "faq",
        "Часто задаваемые вопросы",
        "Frequently asked questions",
        """<p><a href="https://www.mont.com/ru-ru/clouds">https://www.mont.com/ru-ru/clouds</a></p>
<h3>Инструкции по подключению и использованию</h3>
<ul>
<li><a href="/kb/integration-api/">Инструкция по интеграции (API)</a></li>
<li><a href="/kb/ordering-partner-webshop/">Руководство для партнёров по заказу и продлению подписок в интернет-магазине партнёра</a></li>
<li><a href="/kb/ordering-without-customers/">Руководство для партнёров по заказу и продлению подписок без привлечения в процесс оформления конечных клиентов</a></li>
<li><a href="/kb/csp-connection-cheat-sheet/">Подключение в программу CSP (шпаргалка для конечного пользователя)</a></li>
<li><a href="/kb/faq-mont-csp/">FAQ. Вопросы-ответы по программе MONT CSP</a></li>
<li><a href="/kb/faq-migration/">FAQ. Вопросы-ответы по миграции подписок из других моделей лицензирования</a></li>
<li><a href="/kb/support-contacts/">Контакты технической поддержки</a></li>
</ul>""",
        """<p><a href="https://www.mont.com/ru-ru/clouds">https://www.mont.com/ru-ru/clouds</a></p>
<h3>Connection and usage instructions</h3>
<ul>
<li><a href="/kb/integration-api/">Integration guide (API)</a></li>
<li><a href="/kb/ordering-partner-webshop/">Partner guide: ordering and renewing subscriptions in the partner's web shop</a></li>
<li><a href="/kb/ordering-without-customers/">Partner guide: ordering and renewing subscriptions without involving end customers</a></li>
<li><a href="/kb/csp-connection-cheat-sheet/">Joining the CSP programme (a cheat sheet for the end user)</a></li>
<li><a href="/kb/faq-mont-csp/">FAQ: the MONT CSP programme</a></li>
<li><a href="/kb/faq-migration/">FAQ: migrating subscriptions from other licensing models</a></li>
<li><a href="/kb/support-contacts/">Technical support contacts</a></li>
</ul>""",
    ),
]


def load(apps, schema_editor):
    PageSection = apps.get_model("portal", "PageSection")
    for position, (code, title_ru, title_en, body_ru, body_en) in enumerate(SECTIONS, start=1):
        PageSection.objects.get_or_create(
            code=code,
            defaults={
                "position": position * 10,
                "title_ru": title_ru,
                "title_en": title_en,
                "body_ru": body_ru,
                "body_en": body_en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
