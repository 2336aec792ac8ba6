"""The guard against tests that freeze time and read the real clock (tests/clock_guard.py) fails exactly
those tests; it is run here on small test files of its own, in a separate pytest process."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PREAMBLE = """
from datetime import UTC, datetime, timedelta

import django
import time_machine
from django.conf import settings

if not settings.configured:
    settings.configure(USE_TZ=True)
    django.setup()
from django.utils import timezone

T0 = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
"""


@pytest.fixture
def run_guarded(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)

    def run(body: str):
        pytester.makepyfile(test_sample=PREAMBLE + body)
        return pytester.runpytest_subprocess("-p", "tests.clock_guard", "-p", "no:django", "-q")

    return run


def test_a_test_frozen_in_the_past_and_then_run_on_the_real_clock_fails(run_guarded):
    result = run_guarded(
        """
def test_mixed():
    with time_machine.travel(T0, tick=False):
        opened = timezone.now()
    assert timezone.now() - opened > timedelta(0)
"""
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*freezes time with time_machine and also reads the real clock*"])


def test_a_test_that_reads_the_real_clock_before_it_travels_fails(run_guarded):
    result = run_guarded(
        """
def test_mixed():
    opened = timezone.now()
    with time_machine.travel(opened + timedelta(hours=25)):
        assert timezone.now() > opened
"""
    )
    result.assert_outcomes(failed=1)


def test_tests_wholly_frozen_or_wholly_real_pass(run_guarded):
    result = run_guarded(
        """
def test_frozen():
    with time_machine.travel(T0, tick=False) as traveller:
        opened = timezone.now()
        traveller.shift(timedelta(hours=25))
        assert timezone.now() - opened == timedelta(hours=25)


def test_real():
    assert timezone.now().year >= 2026


def test_from_real_now():
    from tests.clock_guard import travel_from_real_now

    with travel_from_real_now(-timedelta(minutes=22)) as traveller:
        opened = timezone.now()
        traveller.shift(timedelta(minutes=22))
        assert timezone.now() - opened >= timedelta(minutes=22)
"""
    )
    result.assert_outcomes(passed=3)
