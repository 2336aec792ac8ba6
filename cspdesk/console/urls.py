from django.urls import path

from cspdesk.console.views import (
    actions,
    attachments,
    auth,
    estimate,
    incidents,
    kb,
    merge,
    queues,
    reports,
    search,
    ticket,
    vendor,
)

app_name = "console"

urlpatterns = [
    path("", queues.queues, name="queues"),
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("search/", search.search, name="search"),
    path("kb/", kb.kb, name="kb"),
    path("reports/time", reports.time_report, name="time_report"),
    path("filters/", queues.filter_save, name="filter_save"),
    path("filters/<int:filter_id>/delete", queues.filter_delete, name="filter_delete"),
    path("tickets/<str:ref>/", ticket.ticket_page, name="ticket"),
    path("tickets/<str:ref>/reply", actions.reply, name="reply"),
    path("tickets/<str:ref>/reply-box", ticket.reply_box, name="reply_box"),
    path("tickets/<str:ref>/note", actions.note, name="note"),
    path("tickets/<str:ref>/accept", actions.accept, name="accept"),
    path("tickets/<str:ref>/change", actions.change, name="change"),
    path("tickets/<str:ref>/link", actions.link, name="link"),
    path("tickets/<str:ref>/checklist", actions.checklist, name="checklist"),
    path("tickets/<str:ref>/time", actions.log_time, name="log_time"),
    path("tickets/<str:ref>/split", actions.split, name="split"),
    path("tickets/<str:ref>/merge", merge.merge, name="merge"),
    path("tickets/<str:ref>/escalate", vendor.escalate, name="escalate"),
    path("tickets/<str:ref>/vendor-update", vendor.vendor_update, name="vendor_update"),
    path("tickets/<str:ref>/vendor-message", vendor.vendor_message, name="vendor_message"),
    path("incidents/", incidents.incidents, name="incidents"),
    path("incidents/<int:incident_id>/link", incidents.link, name="incident_link"),
    path("incidents/<int:incident_id>/answer", incidents.answer, name="incident_answer"),
    path("incidents/<int:incident_id>/resolve", incidents.resolve, name="incident_resolve"),
    path("tickets/<str:ref>/estimate", estimate.propose, name="estimate"),
    path("attachments/<int:attachment_id>/", attachments.download, name="attachment"),
]
