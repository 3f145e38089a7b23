from django.urls import path

from schools.views import accounts, audit, roster, school

urlpatterns = [
    path("accounts/login/", accounts.KejijieLoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.KejijieLogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.KejijiePasswordChangeView.as_view(), name="password_change"),
    path("people/", school.PeopleListView.as_view(), name="people"),
    path("people/<int:pk>/reset-password/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("people/<int:pk>/unlock-login/", accounts.LoginUnlockView.as_view(), name="login_unlock"),
    path("classes/", school.ClassListView.as_view(), name="classes"),
    path("classes/<int:pk>/", school.ClassDetailView.as_view(), name="class_detail"),
    path("roster/", roster.RosterImportView.as_view(), name="roster_import"),
    path("roster/template.xlsx", roster.roster_template, name="roster_template"),
    path("roster/<int:pk>/", roster.RosterImportDetailView.as_view(), name="roster_import_detail"),
    path("roster/<int:pk>/retry/", roster.RosterImportRetryView.as_view(), name="roster_import_retry"),
    path("roster/<int:pk>/credentials.xlsx", roster.credentials_download, name="roster_credentials"),
    path("audit/", audit.AuditLogView.as_view(), name="audit_log"),
]
