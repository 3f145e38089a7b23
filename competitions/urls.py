from django.urls import path

from competitions.views import competitions, festivals

urlpatterns = [
    path("festivals/", festivals.FestivalListView.as_view(), name="festival_list"),
    path("festivals/new/", festivals.FestivalCreateView.as_view(), name="festival_create"),
    path("festivals/<slug:festival_slug>/", festivals.FestivalDetailView.as_view(), name="festival_detail"),
    path("festivals/<slug:festival_slug>/edit/", festivals.FestivalEditView.as_view(), name="festival_edit"),
    path(
        "festivals/<slug:festival_slug>/competitions/new/",
        competitions.CompetitionCreateView.as_view(),
        name="competition_create",
    ),
    path(
        "festivals/<slug:festival_slug>/competitions/from-template/",
        competitions.CompetitionFromTemplateView.as_view(),
        name="competition_from_template",
    ),
    path("competitions/<int:competition_id>/", competitions.CompetitionDetailView.as_view(), name="competition_detail"),
    path(
        "competitions/<int:competition_id>/edit/", competitions.CompetitionEditView.as_view(), name="competition_edit"
    ),
    path(
        "competitions/<int:competition_id>/duplicate/",
        competitions.CompetitionDuplicateView.as_view(),
        name="competition_duplicate",
    ),
    path(
        "competitions/<int:competition_id>/delete/",
        competitions.CompetitionDeleteView.as_view(),
        name="competition_delete",
    ),
    path("competitions/<int:competition_id>/rubric/", competitions.RubricEditView.as_view(), name="competition_rubric"),
    path(
        "competitions/<int:competition_id>/awards/", competitions.AwardSchemeView.as_view(), name="competition_awards"
    ),
    path(
        "competitions/<int:competition_id>/extensions/",
        competitions.ExtensionsView.as_view(),
        name="competition_extensions",
    ),
    path(
        "competitions/extensions/<int:pk>/revoke/", competitions.ExtensionRevokeView.as_view(), name="extension_revoke"
    ),
]
