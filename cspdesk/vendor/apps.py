from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VendorConfig(AppConfig):
    name = "cspdesk.vendor"
    label = "vendor"
    verbose_name = _("Vendor cases")
    default_auto_field = "django.db.models.BigAutoField"
