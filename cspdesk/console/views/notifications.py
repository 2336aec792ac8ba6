"""The agent's notifications: the list under the bell, marking them read, the bell alone (a fragment the
console can refresh), and which kinds also come by e-mail."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cspdesk.console import presenters
from cspdesk.console.access import agent_required
from cspdesk.console.forms.notifications import NotificationSettingsForm
from cspdesk.notifications.notice_reads import notices_for, unread_count
from cspdesk.notifications.notices import email_kinds, notices_read, notification_preferences_set

PAGE_SIZE = 50


@agent_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(notices_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": presenters.notices(page.object_list),
        "unread": unread_count(request.user),
    }
    return render(request, "console/notifications.html", context)


@agent_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = notices_read(user=request.user)
    messages.success(request, _("Notifications marked read: %(count)s.") % {"count": count})
    return redirect("console:notifications")


@agent_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """Only the bell, for whatever refreshes it (the console's push channel)."""
    return render(request, "console/_bell.html", {"console_unread_count": unread_count(request.user)})


@agent_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            notification_preferences_set(user=request.user, by_email=form.cleaned_data["by_email"])
            messages.success(request, _("Your notification settings are saved."))
            return redirect("console:notification_settings")
        status = 400
    else:
        form = NotificationSettingsForm(initial={"by_email": sorted(email_kinds(request.user))})
        status = 200
    return render(request, "console/notification_settings.html", {"form": form}, status=status)
