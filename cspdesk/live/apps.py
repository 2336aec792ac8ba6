from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "cspdesk.live"
    label = "live"
    verbose_name = "Live updates"
