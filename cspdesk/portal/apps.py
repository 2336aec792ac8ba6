from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cspdesk.portal"
    label = "portal"
