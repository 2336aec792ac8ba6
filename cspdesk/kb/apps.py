from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    name = "cspdesk.kb"
    label = "kb"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        # `cspdesk search-reindex articles` rebuilds the articles' documents through kb's own indexing.
        from cspdesk.kb import search

        search.source_register()
