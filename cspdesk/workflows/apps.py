from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "cspdesk.workflows"
    label = "workflows"
