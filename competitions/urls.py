from django.urls import path

from competitions.views import competitions, festivals

urlpatterns = [
    path("festivals/", festivals.FestivalListView.as_view(), name="festival_list"),
    path("festivals/new/", festivals.FestivalCreateView.as_view(), name="festival_create"),
    path("festivals/<slug:slug>/", festivals.FestivalDetailView.as_view(), name="festival_detail"),
    path("festivals/<slug:slug>/edit/", festivals.FestivalEditView.as_view(), name="festival_edit"),
    path(
        "festivals/<slug:slug>/competitions/new/",
        competitions.CompetitionCreateView.as_view(),
        name="competition_create",
    ),
    path(
        "festivals/<slug:slug>/competitions/from-template/",
        competitions.CompetitionFromTemplateView.as_view(),
        name="competition_from_template",
    ),
    path("competitions/<int:pk>/", competitions.CompetitionDetailView.as_view(), name="competition_detail"),
    path("competitions/<int:pk>/edit/", competitions.CompetitionEditView.as_view(), name="competition_edit"),
    path(
        "competitions/<int:pk>/duplicate/",
        competitions.CompetitionDuplicateView.as_view(),
        name="competition_duplicate",
    ),
    path("competitions/<int:pk>/delete/", competitions.CompetitionDeleteView.as_view(), name="competition_delete"),
    path("competitions/<int:pk>/rubric/", competitions.RubricEditView.as_view(), name="competition_rubric"),
    path("competitions/<int:pk>/awards/", competitions.AwardSchemeView.as_view(), name="competition_awards"),
    path("competitions/<int:pk>/extensions/", competitions.ExtensionsView.as_view(), name="competition_extensions"),
    path(
        "competitions/extensions/<int:pk>/revoke/", competitions.ExtensionRevokeView.as_view(), name="extension_revoke"
    ),
]
