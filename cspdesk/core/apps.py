from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cspdesk.core"
    label = "core"
