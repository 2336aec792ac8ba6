from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "cspdesk.intake"
    label = "intake"
    verbose_name = _("Incoming mail")
