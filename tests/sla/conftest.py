import importlib

import pytest
from django.apps import apps


@pytest.fixture
def sla_policies(db):
    """The terms' default policies and calendars. Migrations load them, but a transactional test's flush
    removes them for the tests after it, so tests that need them ask for this (loading is idempotent)."""
    importlib.import_module("cspdesk.sla.migrations.0002_default_policies").load(apps, None)
    importlib.import_module("cspdesk.catalog.migrations.0002_load_catalog").load(apps, None)
