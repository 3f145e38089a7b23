"""What the service modules share: the edited fields and the before/after of a change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# The fields an organizer edits on the competition form; grades, criteria and award tiers have their own.
COMPETITION_FIELDS = (
    "name",
    "code",
    "kind",
    "entry_fields",
    "description",
    "entry_mode",
    "team_max_size",
    "entries_per_student",
    "class_quota",
    "class_quota_min",
    "submission_opens",
    "submission_closes",
    "judging_opens",
    "judging_closes",
    "file_types",
    "max_files",
    "max_file_mb",
    "min_image_px",
    "scoring_mode",
    "attempts",
    "better",
    "unit",
    "blind",
    "judges_per_entry",
    "drop_extremes",
    "award_grouping",
    "award_basis",
    "award_min_score",
    "recommend_count",
)
FESTIVAL_FIELDS = ("name", "year", "slug", "theme", "status")


def _snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {k: (before[k], after[k]) for k in after if before.get(k) != after[k]}
