from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "cspdesk.tickets"
    label = "tickets"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        # The search index follows every save of a ticket or message, whichever service makes it, and
        # `cspdesk search-reindex tickets` rebuilds it.
        from cspdesk.tickets import search

        search.connect()
        search.source_register()
