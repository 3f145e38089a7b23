from django.urls import path

from competitions import views

urlpatterns = [
    path("festivals/", views.FestivalListView.as_view(), name="festival_list"),
    path("festivals/new/", views.FestivalCreateView.as_view(), name="festival_create"),
    path("festivals/<slug:slug>/", views.FestivalDetailView.as_view(), name="festival_detail"),
    path("festivals/<slug:slug>/edit/", views.FestivalEditView.as_view(), name="festival_edit"),
    path("festivals/<slug:slug>/competitions/new/", views.CompetitionCreateView.as_view(), name="competition_create"),
    path(
        "festivals/<slug:slug>/competitions/from-template/",
        views.CompetitionFromTemplateView.as_view(),
        name="competition_from_template",
    ),
    path("competitions/<int:pk>/", views.CompetitionDetailView.as_view(), name="competition_detail"),
    path("competitions/<int:pk>/edit/", views.CompetitionEditView.as_view(), name="competition_edit"),
    path("competitions/<int:pk>/duplicate/", views.CompetitionDuplicateView.as_view(), name="competition_duplicate"),
    path("competitions/<int:pk>/delete/", views.CompetitionDeleteView.as_view(), name="competition_delete"),
    path("competitions/<int:pk>/rubric/", views.RubricEditView.as_view(), name="competition_rubric"),
    path("competitions/<int:pk>/awards/", views.AwardSchemeView.as_view(), name="competition_awards"),
    path("competitions/<int:pk>/extensions/", views.ExtensionsView.as_view(), name="competition_extensions"),
    path("competitions/extensions/<int:pk>/revoke/", views.ExtensionRevokeView.as_view(), name="extension_revoke"),
]
