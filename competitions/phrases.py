"""A competition's rules in plain words, as the school plan would say them to a student."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competitions.models import Better, Competition, EntryMode, FileType, ScoringMode
from schools.models import GRADE_NAMES


def when(value: dt.datetime) -> str:
    """A moment in the active time zone (the school's), e.g. 2026年5月7日 17:00."""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def judging_refusal(c: Competition, now: dt.datetime) -> str | None:
    """Why judges may not be assigned or score at ``now`` (the window not open yet, or closed), else None."""
    state = c.judging_state(now)
    if state == "upcoming":
        return _("Judging of “%(name)s” opens at %(opens)s.") % {"name": c.name, "opens": when(c.judging_starts)}
    if state == "closed":
        return _("Judging of “%(name)s” closed at %(closes)s.") % {"name": c.name, "closes": when(c.judging_closes)}
    return None


def grade_span(numbers: list[int]) -> str:
    """三年级至六年级、初二 — runs of consecutive grades read as a range."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = []
    for run in runs:
        if len(run) == 1:
            parts.append(str(GRADE_NAMES[run[0]]))
        else:
            parts.append(_("%(first)s to %(last)s") % {"first": GRADE_NAMES[run[0]], "last": GRADE_NAMES[run[-1]]})
    return "、".join(parts)


def who_enters(c: Competition) -> str:
    if c.entry_mode == EntryMode.CLASS:
        return _("The class enters as a whole; the head teacher submits the class entry.")
    per_student = ngettext(
        "at most %(n)s entry per student", "at most %(n)s entries per student", c.entries_per_student
    ) % {"n": c.entries_per_student}
    if c.entry_mode == EntryMode.TEAM:
        return _("Alone or as a team of up to %(size)s, %(per_student)s.") % {
            "size": c.team_max_size,
            "per_student": per_student,
        }
    return _("Individual entries, %(per_student)s.") % {"per_student": per_student}


def class_quota(c: Competition) -> str:
    if c.entry_mode == EntryMode.CLASS:
        return _("One entry per class.")
    if c.class_quota_min and c.class_quota_min < c.class_quota:
        return _("Each class sends its best %(min)s to %(max)s entries.") % {
            "min": c.class_quota_min,
            "max": c.class_quota,
        }
    return ngettext(
        "Each class sends its best entry.", "Each class sends at most its best %(n)s entries.", c.class_quota
    ) % {"n": c.class_quota}


def files(c: Competition) -> str:
    if not c.file_types or not c.max_files:
        return _("No files to upload.")
    labels = "、".join(str(FileType(t).label) for t in FileType.values if t in c.file_types)
    return _("Upload up to %(count)s files (%(types)s), each at most %(size)s MB.") % {
        "count": c.max_files,
        "types": labels,
        "size": c.max_file_mb,
    }


def scoring(c: Competition) -> str:
    if c.scoring_mode == ScoringMode.MEASUREMENT:
        rule = _("the fewest wins") if c.better == Better.LOWER else _("the most wins")
        return _("Best of %(attempts)s attempts, measured in %(unit)s: %(rule)s.") % {
            "attempts": c.attempts,
            "unit": c.unit,
            "rule": rule,
        }
    parts = "、".join(
        _("%(name)s %(points)s points") % {"name": x.name, "points": x.max_points} for x in c.criteria.all()
    )
    return _("Judged on %(criteria)s (100 points in all).") % {"criteria": parts}


def rules_summary(c: Competition, closes: dt.datetime | None = None) -> list[tuple[str, str]]:
    """(topic, rule) pairs for the competition card: who, how many, until when, what to upload, how judged."""
    closes = closes or c.submission_closes
    rows = [
        (_("Who"), grade_span(c.grade_numbers)),
        (_("How"), who_enters(c)),
        (_("Quota"), class_quota(c)),
        (_("Submission"), _("%(opens)s to %(closes)s") % {"opens": when(c.submission_opens), "closes": when(closes)}),
        (_("Files"), files(c)),
        (_("Judging"), scoring(c)),
    ]
    if c.blind:
        rows.append((_("Blind"), _("Judges see only an entry code, never names or classes.")))
    if c.recommend_count:
        rows.append(
            (
                _("Next level"),
                ngettext(
                    "The best entry goes on to the district contest.",
                    "The best %(n)s entries go on to the district contest.",
                    c.recommend_count,
                )
                % {"n": c.recommend_count},
            )
        )
    return rows


def countdown(deadline: dt.datetime, now: dt.datetime) -> str:
    """The text the countdown shows before its script runs: 还剩3天4小时5分钟."""
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return _("Closed")
    minutes = seconds // 60
    days, hours, mins = minutes // 1440, (minutes % 1440) // 60, minutes % 60
    if days:
        return _("{d} days {h} hours {m} minutes left").format(d=days, h=hours, m=mins)
    return _("{h} hours {m} minutes left").format(h=hours, m=mins)
