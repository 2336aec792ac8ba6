"""The phrases (regular expressions over lower-case text, ё read as е) that point to a request type or an
impact, with their weights. Tuned on tests/data/triage_tuning.tsv; measured on triage_labelled.tsv."""

REQUEST_TYPES: dict[str, list[tuple[str, float]]] = {
    "o365_attach_licenses_existing_tenant": [
        (r"существующ\w* тенант|имеющ\w* тенант|ранее (?:созданн|существ)\w* тенант|текущ\w* тенант", 4),
        (r"existing (?:office 365 |microsoft 365 )?tenant|current tenant|their tenant|same tenant", 4),
        (
            r"подключ\w* лиценз|привяза\w* подписк|добав\w* (?:csp-)?лиценз|attach\w* .{0,30}licen|add .{0,30}(?:licen|seats)",
            2,
        ),
        (
            r"приглашени\w* партн|авторизова\w* программ|accepted .{0,20}invitation|authori[sz]ed us|reseller invitation",
            3,
        ),
        (r"provision\w* csp|перенос подписк|в csp", 1.5),
        (r"логин (?:партн|в портал)|partner login", 0.5),
    ],
    "cashback_agreement_number": [
        (r"cash ?back|кэшбэк|кешбэк|кэшбек|кешбек", 6),
        (r"номер\w* (?:соглашени|договор)|agreement number", 3),
    ],
    "o365_user_management": [
        (r"созда\w* (?:учетн|пользовател|ящик)|create (?:a )?(?:user|account)|new hire|нового сотрудник", 3),
        (
            r"удал\w* (?:учетн|пользовател)|delete (?:a |the )?(?:user|account)|уволил|who left|left the company",
            3,
        ),
        (
            r"переназнач|reassign|снять .{0,20}лиценз|free up .{0,10}licen|назначить .{0,20}лиценз|assign .{0,30}licen",
            3,
        ),
        (r"смени\w* фамили|изменить имя|display name|rename|change the (?:display )?name|after marriage", 3),
        (r"учетн\w* запис|user account|\bupn\b", 1),
    ],
    "o365_desktop_apps_download": [
        (r"скача\w*|скачив\w*|загрузк\w*|download\w*|installer|дистрибутив", 3),
        (r"настольн\w* (?:приложен|верси)|desktop (?:apps?|version)|64-бит", 2),
        (r"install office button|ссылк\w* на (?:загрузк|скачив)", 2),
    ],
    "forward_to_microsoft": [
        (
            r"(?:открыть|создать|разместить|передать|завести) (?:заявк|обращени|тикет)\w* (?:в|на) (?:microsoft|майкрософт)",
            5,
        ),
        (
            r"эскал\w*|escalat\w*|в (?:тех)?поддержку (?:microsoft|майкрософт)|(?:microsoft|майкрософт) support|поддержк\w* (?:microsoft|майкрософт)",
            4,
        ),
        (
            r"(?:open|raise|create|log) (?:a )?(?:case|ticket|support request|service request) (?:with|at|to) microsoft|microsoft case|case number|номер заявки",
            4,
        ),
        (r"forward .{0,40}(?:to )?microsoft|передать .{0,20}(?:в )?(?:microsoft|майкрософт)", 4),
    ],
    "o365_functionality_consultation": [
        (
            r"можно ли|поддерживает ли|есть ли возможност|как устроен|подскажите,? как работает|какие (?:есть )?ограничени",
            3,
        ),
        (
            r"does (?:microsoft|office|teams|exchange|onedrive|sharepoint|it)\b|is it possible|what are the limits|how does .{0,30} work|include\w*\b",
            3,
        ),
        (r"функционал|возможност\w*|features?|functionality|тариф\w*|in our plan|plan include", 2),
        (r"общ\w* (?:почтов\w* )?ящик|shared mailbox|shared calendar|retention|архивирован|bookings", 1),
    ],
    "o365_service_incident": [
        (
            r"не работает|недоступ\w*|не приходят|не уходят|не отвечает|ошибк\w* 5\d\d|перестал\w* работать|сбой|авари\w*",
            3,
        ),
        (
            r"\bdown\b|outage|not working|unavailable|no one can|nobody can|fails? for all|cannot (?:send|receive|access)|stopped working",
            3,
        ),
        (r"exchange online|sharepoint|onedrive|teams|outlook|почт\w*|email|mail", 1.5),
        (r"задержк\w*|delay\w*|calls? drop|не синхронизир", 2),
        (r"у всех|всей компани|whole company|all users|all employees|весь офис", 1.5),
    ],
    "mail_domain_setup": [
        (r"\bmx\b|\bspf\b|\bdkim\b|\bdmarc\b|autodiscover|txt[- ]запис|txt record|dns", 3),
        (
            r"(?:подключить|добавить|подтвердить|настро\w*) .{0,20}(?:свой |наш |собственн\w* |почтов\w* )?домен|custom domain|(?:add|verify|connect) (?:our |a |the )?(?:custom )?domain|email domain|mail domain|почтов\w* домен",
            4,
        ),
        (r"регистратор|registrar|reg\.ru|nic\.ru", 2),
    ],
    "office_install_activation": [
        (r"активаци\w*|активир\w*|activat\w*|deactivated|нелицензированн\w*|unlicensed product", 4),
        (r"0x[0-9a-f]{6,8}", 2),
        (r"установ\w* (?:office|офис)|install\w* (?:and activate )?(?:office|microsoft 365 apps)", 2),
    ],
    "client_setup_outlook_mobile": [
        (r"iphone|айфон|ipad|android|андроид|телефон\w*|смартфон\w*|mobile|мобильн\w*", 3),
        (
            r"настро\w* (?:почт|outlook|профил|ящик)|подключить (?:почтов\w* )?ящик в outlook|outlook profile|set ?up .{0,20}outlook|configure mail|add my work account",
            3,
        ),
        (r"встроенн\w* (?:почтов\w* )?клиент|built-in mail|mail app|почтов\w* клиент", 3),
        (r"outlook", 1),
    ],
    "paid_hybrid_deployment": [
        (r"гибрид\w*|hybrid", 5),
        (
            r"on-premises|локальн\w* (?:сервер|ad|инфраструктур|ящик)|ad connect|azure ad connect|entra connect|синхронизаци\w* (?:локальн|каталог)|directory sync",
            3,
        ),
    ],
    "paid_service_troubleshooting": [
        (r"спам|spam|quarantine|карантин|exchange online protection|\beop\b|фильтр\w*|filter\w*", 3),
        (
            r"sharepoint .{0,30}(?:прав|структур|permission|site structure)|прав\w* доступа|permissions|project online|skype for business|skype",
            2.5,
        ),
        (r"troubleshoot\w*|диагностик\w*|готовы оплатить|paid support|настройк\w* .{0,15}sharepoint", 2.5),
    ],
    "paid_tenant_migration": [
        (r"миграц\w*|мигрир\w*|migrat\w*|перенести .{0,40}(?:ящик|тенант|данн)|переезд", 4),
        (
            r"tenant[- ]to[- ]tenant|cross-tenant|между тенантами|с одного тенанта на другой|merge two tenants|into one tenant|объединени\w* (?:компани|тенант)|acquisition",
            4,
        ),
        (r"старого тенанта|нов\w* тенант|new tenant|old tenant|from .{0,40}\.onmicrosoft\.com to", 2),
    ],
    "azure_subscription_create": [
        (r"azure(?! ad)|ажур", 2),
        (
            r"(?:создать|создайте|нужна|новая|заказать|оформить) .{0,25}подписк\w*|(?:create|new|order|set up) (?:an |a )?(?:new )?(?:csp )?azure (?:plan )?(?:subscription|plan)|azure plan|start using azure|order .{0,15}azure",
            4,
        ),
    ],
    "azure_admin_account_binding": [
        (r"azure(?! ad)|portal\.azure\.com", 2),
        (
            r"\bowner\b|владел\w*|contributor|\brbac\b|роль|права|rights|grant access|выдать права|не видит подписк|cannot see (?:the )?subscription|доступ администратор|привяза\w* учетн|bind admin",
            4,
        ),
    ],
    "azure_forward_to_microsoft": [
        (r"azure(?! ad)|ажур", 2),
        (
            r"виртуальн\w* машин|\bvms?\b|virtual machine|azure sql|app service|квот\w*|quota|vcpu|ядр\w*|лимит\w*|limit increase",
            2.5,
        ),
        (r"microsoft|майкрософт|escalat|эскалир", 2.5),
    ],
}

# Both Azure and Microsoft 365 sides have a "forward to Microsoft" type: Azure words decide between them.
AZURE_TYPES = frozenset(
    {"azure_subscription_create", "azure_admin_account_binding", "azure_forward_to_microsoft"}
)

IMPACT: dict[str, list[tuple[str, float]]] = {
    "unavailable": [
        (
            r"не работает|недоступ\w*|не приходят и не уходят|не открывается|не можем войти|заблокирован\w*|ошибк\w* 50\d|второй день|полностью|перестал\w* работать",
            3,
        ),
        (
            r"\bdown\b|outage|completely|not working|unavailable|no one can|nobody can|cannot sign in|can't sign in|is blocked|whole company|fails for all|sync fails",
            3,
        ),
        (r"у всех|все сотрудники|всех сотрудников|всех пользовател|all users|everyone|all employees", 1.5),
    ],
    "partially_available": [
        (
            r"у некоторых|у част\w*|у двух|у нескольких|частично|периодически|иногда|с задержкой|задержк\w*|медленно|не синхронизир\w*|не доходит|не проходит|не видит|не сохраняются|не обновляется|много спама",
            3,
        ),
        (
            r"some users|some sites|a couple of users|one pc|one user|several users|intermittent\w*|partially|slow\w*|delay\w*|drop\w*|keeps asking|is broken|fails with|ends up in quarantine|does not update|cannot see|errors?\b|ошибк\w*|0x[0-9a-f]{6,8}|deactivated|нелицензированн",
            2,
        ),
        (r"others are fine|на компьютере все работает|works\b|работает\.?$", 1),
    ],
}
