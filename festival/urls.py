from django.contrib import admin
from django.urls import include, path

from festival.views import health, home

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("healthz/", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("schools.urls")),
    path("", include("competitions.urls")),
    path("", include("submissions.urls")),
    path("", include("judging.urls")),
    path("", include("awards.urls")),
    path("", include("exports.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "festival.views.errors.permission_denied"
handler500 = "festival.views.errors.server_error"
