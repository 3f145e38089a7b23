from django.urls import path

from exports import views

urlpatterns = [
    path("exports/", views.ExportListView.as_view(), name="exports"),
    path("exports/<int:pk>/status/", views.ExportStatusView.as_view(), name="export_status"),
    path("exports/<int:pk>/download/", views.ExportDownloadView.as_view(), name="export_download"),
    path("exports/<int:pk>/retry/", views.ExportRetryView.as_view(), name="export_retry"),
]
