from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cspdesk.core"
    label = "core"

    def ready(self) -> None:
        from cspdesk.core import checks  # noqa: F401  (registers the system checks)
