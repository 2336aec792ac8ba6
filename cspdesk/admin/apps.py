from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskAdminConfig(AppConfig):
    """Django's admin pages for the desk's models. The label is not "admin": that one is
    django.contrib.admin's."""

    name = "cspdesk.admin"
    label = "desk_admin"
    verbose_name = _("Admin pages")

    def ready(self) -> None:
        # Registering is importing: each module registers its domain's ModelAdmins on the default site.
        # (contrib.admin's autodiscovery looks for an `admin` module in each app, which this app is not.)
        from cspdesk.admin import (  # noqa: F401
            accounts,
            catalog,
            intake,
            kb,
            notifications,
            phone,
            portal,
            sla,
            tickets,
            vendor,
        )
