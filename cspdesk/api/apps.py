from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cspdesk.api"
    label = "api"
