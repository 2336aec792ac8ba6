"""Middleware of our own."""

from django.utils import translation


def language_restored(get_response):
    """Django's LocaleMiddleware activates the request's language in the serving thread and never gives it
    back: whatever that thread runs next (the next test after a test client's request, a task run in the
    same thread) would speak the last requester's language. This puts the thread's language back after
    the response; it sits before LocaleMiddleware."""

    def middleware(request):
        before = translation.get_language()
        try:
            return get_response(request)
        finally:
            if before is None:
                translation.deactivate_all()
            else:
                translation.activate(before)

    return middleware
