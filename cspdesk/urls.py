from django.contrib import admin
from django.urls import include, path

from cspdesk.api.api import api
from cspdesk.core import health
from cspdesk.portal.views import favicon, home, kb
from cspdesk.reports import metrics

admin.site.site_header = "cspdesk"
admin.site.site_title = "cspdesk"

urlpatterns = [
    path("", home.home, name="home"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("kb/", kb.kb_index, name="kb_index"),
    path("kb/attachments/<int:attachment_id>/", kb.kb_attachment, name="kb_attachment"),
    path("kb/<slug:slug>/", kb.kb_article, name="kb_article"),
    path("", include("cspdesk.portal.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("console/", include("cspdesk.console.urls")),
    path("phone/", include("cspdesk.intake.phone.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
