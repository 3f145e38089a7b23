"""State changes of festivals and competitions. Each one validates, saves and writes the audit record.

Rules that need other rows (the school's grades and classes, the entries already made) are checked here;
rules about one competition alone are in ``Competition.clean``. Errors are ``ValidationError``s keyed by
form field, so a page shows them next to the input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions import plans
from competitions.hooks import competition_usage
from competitions.models import (
    RUBRIC_TOTAL,
    AwardBasis,
    AwardLevel,
    AwardTier,
    ClassExtension,
    Competition,
    Criterion,
    ScoringMode,
)
from competitions.selectors import entries_possible
from festival.models import GRADE_NAMES, Festival, Grade, Phase, School, SchoolClass, User
from festival.services import audit_record

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


# --- festivals ------------------------------------------------------------------------------------


def _check_festival_slug(festival: Festival) -> None:
    clash = Festival.objects.filter(school_id=festival.school_id, slug=festival.slug).exclude(pk=festival.pk)
    if clash.exists():
        raise ValidationError({"slug": _("Another festival of the school already uses this short name.")})


@transaction.atomic
def festival_create(
    *, school: School, name: str, year: int, slug: str, theme: str = "", start: dt.date, by: User
) -> Festival:
    """A festival in draft with the four phases of the school plan placed from ``start``."""
    festival = Festival(school=school, name=name, year=year, slug=slug, theme=theme)
    festival.full_clean(validate_unique=False, validate_constraints=False)
    _check_festival_slug(festival)
    festival.save()
    for kind, (starts_on, ends_on) in plans.phase_dates(start).items():
        Phase.objects.create(
            festival=festival, kind=kind, position=Phase.position_of(kind), starts_on=starts_on, ends_on=ends_on
        )
    audit_record(
        actor=by,
        action="festival.create",
        obj=festival,
        changes={f: (None, v) for f, v in _snapshot(festival, FESTIVAL_FIELDS).items()},
    )
    return festival


@transaction.atomic
def festival_create_from_plan(
    *, school: School, name: str, year: int, slug: str, theme: str, start: dt.date, by: User
) -> Festival:
    """A festival with the phases and the four standard competitions of the school plan."""
    festival = festival_create(school=school, name=name, year=year, slug=slug, theme=theme, start=start, by=by)
    for template in plans.STANDARD_TEMPLATES:
        competition_create_from_template(festival=festival, key=template.key, start=start, by=by)
    return festival


@transaction.atomic
def festival_update(*, festival: Festival, values: Mapping[str, Any], by: User) -> Festival:
    before = _snapshot(festival, FESTIVAL_FIELDS)
    for field in FESTIVAL_FIELDS:
        if field in values:
            setattr(festival, field, values[field])
    festival.full_clean(validate_unique=False, validate_constraints=False)
    _check_festival_slug(festival)
    changes = _diff(before, _snapshot(festival, FESTIVAL_FIELDS))
    if changes:
        festival.save(update_fields=list(changes))
        audit_record(actor=by, action="festival.update", obj=festival, changes=changes)
    return festival


@transaction.atomic
def phases_update(*, festival: Festival, dates: Mapping[str, tuple[dt.date, dt.date]], by: User) -> list[Phase]:
    """New dates for the phases; each phase ends after it starts and none starts before the previous ends."""
    errors: dict[str, list[str]] = {}
    previous: tuple[str, dt.date] | None = None
    for kind in Phase.ORDER:
        if kind not in dates:
            continue
        starts_on, ends_on = dates[kind]
        label = Phase.Kind(kind).label
        if ends_on < starts_on:
            errors.setdefault(f"{kind}_ends_on", []).append(
                _("%(phase)s cannot end before it starts.") % {"phase": label}
            )
        if previous and starts_on < previous[1]:
            errors.setdefault(f"{kind}_starts_on", []).append(
                _("%(phase)s cannot start before %(previous)s ends.")
                % {"phase": label, "previous": Phase.Kind(previous[0]).label}
            )
        previous = (kind, ends_on)
    if errors:
        raise ValidationError(errors)
    phases = {p.kind: p for p in festival.phases.all()}
    changes: dict[str, tuple[Any, Any]] = {}
    for kind, (starts_on, ends_on) in dates.items():
        phase = phases.get(kind)
        if phase is None:
            phase = Phase.objects.create(
                festival=festival, kind=kind, position=Phase.position_of(kind), starts_on=starts_on, ends_on=ends_on
            )
            changes[kind] = (None, f"{starts_on}–{ends_on}")
        elif (phase.starts_on, phase.ends_on) != (starts_on, ends_on):
            changes[kind] = (f"{phase.starts_on}–{phase.ends_on}", f"{starts_on}–{ends_on}")
            phase.starts_on, phase.ends_on = starts_on, ends_on
            phase.save(update_fields=["starts_on", "ends_on"])
    if changes:
        audit_record(actor=by, action="festival.phases", obj=festival, changes=changes)
    return sorted(festival.phases.all(), key=lambda p: p.position)


# --- competitions ---------------------------------------------------------------------------------


def _grades_of(school: School, numbers: Sequence[int]) -> list[Grade]:
    """The school's grades with these numbers; a grade the school's sections do not have is refused."""
    numbers = sorted(set(numbers))
    if not numbers:
        raise ValidationError({"eligible_grades": _("Choose at least one grade.")})
    missing = [n for n in numbers if not (1 <= n <= 12 and school.has_grade_number(n))]
    if missing:
        names = "、".join(str(GRADE_NAMES.get(n, n)) for n in missing)
        raise ValidationError(
            {"eligible_grades": _("%(school)s has no %(grades)s.") % {"school": school, "grades": names}}
        )
    for n in numbers:  # a school set up before its roster import may lack the grade rows yet
        Grade.objects.get_or_create(school=school, number=n)
    return list(Grade.objects.filter(school=school, number__in=numbers).order_by("number"))


def _check_code(competition: Competition) -> None:
    clash = Competition.objects.filter(festival_id=competition.festival_id, code=competition.code)
    if clash.exclude(pk=competition.pk).exists():
        raise ValidationError({"code": _("Another competition of this festival already uses this code.")})


def _check_awards_fit(
    competition: Competition, grade_numbers: Sequence[int], amounts: Mapping[str, int], basis: str, grouping: str
) -> None:
    """Percentages add up to at most 100; counts never exceed the entries a group can have."""
    total = sum(amounts.values())
    if basis == AwardBasis.PERCENT:
        if total > 100:
            raise ValidationError(
                {"award_basis": _("The award percentages add up to %(total)s%%, more than 100%%.") % {"total": total}}
            )
        return
    if total == 0:
        return
    groups = entries_possible(
        festival=competition.festival,
        grade_numbers=list(grade_numbers),
        entry_mode=competition.entry_mode,
        class_quota=competition.class_quota,
        grouping=grouping,
    )
    too_many = [g for g in groups if total > g.entries]
    if too_many:
        g = too_many[0]
        raise ValidationError(
            {
                "award_basis": _(
                    "%(group)s can have at most %(entries)s entries (%(classes)s classes), "
                    "but %(total)s awards are planned."
                )
                % {"group": g.label, "entries": g.entries, "classes": g.classes, "total": total}
            }
        )


def _check_recommend_fits(competition: Competition, grade_numbers: Sequence[int]) -> None:
    if not competition.recommend_count:
        return
    groups = entries_possible(
        festival=competition.festival,
        grade_numbers=list(grade_numbers),
        entry_mode=competition.entry_mode,
        class_quota=competition.class_quota,
        grouping="whole",
    )
    possible = groups[0].entries
    if competition.recommend_count > possible:
        raise ValidationError(
            {
                "recommend_count": _("At most %(possible)s entries can take part, so %(count)s cannot be recommended.")
                % {"possible": possible, "count": competition.recommend_count}
            }
        )


def _check_breaks_no_entries(
    competition: Competition, before: Mapping[str, Any], now: dt.datetime, removed_grades: Sequence[int] = ()
) -> None:
    """Refuse changes that would break entries already made (counted by the higher apps through hooks)."""
    changed = {f for f in COMPETITION_FIELDS if before.get(f) != getattr(competition, f)}
    if not changed and not removed_grades:
        return
    usage = competition_usage(competition)
    entered = [g for g in sorted(removed_grades) if usage.entries_per_grade.get(g)]
    if entered:
        g = entered[0]
        raise ValidationError(
            {
                "eligible_grades": _("%(grade)s already has %(n)s entries: the grade cannot be taken off.")
                % {"grade": GRADE_NAMES[g], "n": usage.entries_per_grade[g]}
            }
        )
    if usage.entries and "kind" in changed:
        raise ValidationError(
            {"kind": _("%(n)s entries have been made: the kind can no longer change.") % {"n": usage.entries}}
        )
    if usage.entries and "entry_mode" in changed:
        raise ValidationError(
            {
                "entry_mode": _("%(n)s entries have been made: the entry mode can no longer change.")
                % {"n": usage.entries}
            }
        )
    most = usage.most_recommended_by_a_class
    if "class_quota" in changed and competition.class_quota < most:
        raise ValidationError(
            {
                "class_quota": _("A class has already recommended %(n)s entries: the quota cannot be lower than %(n)s.")
                % {"n": most}
            }
        )
    if "submission_closes" in changed and competition.submission_closes <= now and usage.drafts:
        raise ValidationError(
            {
                "submission_closes": _(
                    "%(n)s draft entries are not submitted yet: the window cannot close in the past."
                )
                % {"n": usage.drafts}
            }
        )
    if usage.scores and changed & {"scoring_mode", "attempts", "better", "unit"}:
        raise ValidationError({"scoring_mode": _("Judges have started scoring: the scoring can no longer change.")})


def _validate(competition: Competition) -> None:
    competition.full_clean(exclude=["festival"], validate_unique=False, validate_constraints=False)
    _check_code(competition)


@transaction.atomic
def competition_create(
    *,
    festival: Festival,
    values: Mapping[str, Any],
    grade_numbers: Sequence[int],
    criteria: Sequence[tuple[str, str, int]] = (),
    awards: Mapping[str, int] | None = None,
    by: User,
) -> Competition:
    """A new competition; rubric criteria and award amounts may come with it (from a template)."""
    competition = Competition(festival=festival, position=festival.competitions.count())
    for field in COMPETITION_FIELDS:
        if field in values:
            setattr(competition, field, values[field])
    # Report the competition's own errors and the grade errors together, as the form shows them.
    errors: dict[str, list] = {}
    grades: list[Grade] = []
    try:
        _validate(competition)
    except ValidationError as e:
        errors.update(e.message_dict)
    try:
        grades = _grades_of(festival.school, grade_numbers)
    except ValidationError as e:
        errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    _check_recommend_fits(competition, grade_numbers)
    if awards:
        _check_awards_fit(competition, grade_numbers, awards, competition.award_basis, competition.award_grouping)
    competition.save()
    competition.eligible_grades.set(grades)
    if criteria:
        _criteria_replace(competition, [CriterionData(*c) for c in criteria])
    for level, amount in (awards or {}).items():
        if amount:
            AwardTier.objects.create(competition=competition, level=level, amount=amount)
    audit_record(
        actor=by,
        action="competition.create",
        obj=competition,
        changes={
            **{f: (None, v) for f, v in _snapshot(competition, COMPETITION_FIELDS).items()},
            "eligible_grades": (None, sorted(grade_numbers)),
        },
    )
    return competition


@transaction.atomic
def competition_create_from_template(*, festival: Festival, key: str, start: dt.date, by: User) -> Competition:
    template = plans.TEMPLATES_BY_KEY[key]
    school = festival.school
    grades = [g for g in (template.grades or range(1, 13)) if school.has_grade_number(g)]
    if not grades:  # e.g. the 四驱车 of a primary plan in a junior school: open it to every grade
        grades = [g for g in range(1, 13) if school.has_grade_number(g)]
    values = template.values(start, school.timezone)
    taken = set(festival.competitions.values_list("code", flat=True))
    code, n = values["code"], 1
    while code in taken:
        n += 1
        code = f"{values['code']}{n}"
    values["code"] = code
    # A small school cannot recommend more entries than it can have: the plan's number is a ceiling.
    possible = entries_possible(
        festival=festival,
        grade_numbers=grades,
        entry_mode=template.entry_mode,
        class_quota=template.class_quota,
        grouping="whole",
    )[0].entries
    values["recommend_count"] = min(template.recommend_count, possible)
    return competition_create(
        festival=festival,
        values=values,
        grade_numbers=grades,
        criteria=template.criteria,
        awards=template.awards,
        by=by,
    )


@transaction.atomic
def competition_update(
    *,
    competition: Competition,
    values: Mapping[str, Any],
    grade_numbers: Sequence[int],
    by: User,
    now: dt.datetime | None = None,
) -> Competition:
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    before = _snapshot(competition, COMPETITION_FIELDS)
    grades_before = competition.grade_numbers
    for field in COMPETITION_FIELDS:
        if field in values:
            setattr(competition, field, values[field])
    _validate(competition)
    grades = _grades_of(competition.festival.school, grade_numbers)
    removed = set(grades_before) - {g.number for g in grades}
    _check_breaks_no_entries(competition, before, now, removed_grades=sorted(removed))
    _check_recommend_fits(competition, grade_numbers)
    amounts = {t.level: t.amount for t in competition.award_tiers.all()}
    _check_awards_fit(competition, grade_numbers, amounts, competition.award_basis, competition.award_grouping)
    changes = _diff(before, _snapshot(competition, COMPETITION_FIELDS))
    if changes:
        competition.save(update_fields=[*changes, "updated_at"])
    new_grades = sorted(g.number for g in grades)
    if new_grades != grades_before:
        competition.eligible_grades.set(grades)
        changes["eligible_grades"] = (grades_before, new_grades)
    if changes:
        audit_record(actor=by, action="competition.update", obj=competition, changes=changes)
    return competition


@transaction.atomic
def competition_duplicate(*, competition: Competition, by: User) -> Competition:
    """A copy in the same festival, with its grades, rubric and award scheme; no extensions."""
    festival = competition.festival
    taken = set(festival.competitions.values_list("code", flat=True))
    base = competition.code[:3]
    code = next(f"{base}{n}" for n in range(2, 100) if f"{base}{n}" not in taken)
    values = _snapshot(competition, COMPETITION_FIELDS)
    values.update(code=code, name=_("%(name)s (copy)") % {"name": competition.name})
    values["name"] = values["name"][:100]
    copy = competition_create(
        festival=festival,
        values=values,
        grade_numbers=competition.grade_numbers,
        criteria=[(c.name, c.description, c.max_points) for c in competition.criteria.all()],
        awards={t.level: t.amount for t in competition.award_tiers.all()},
        by=by,
    )
    audit_record(actor=by, action="competition.duplicate", obj=copy, changes={"source": (None, competition.pk)})
    return copy


@transaction.atomic
def competition_delete(*, competition: Competition, by: User) -> None:
    usage = competition_usage(competition)
    if usage.entries:
        raise ValidationError(
            _("%(n)s entries have been made: the competition cannot be deleted.") % {"n": usage.entries}
        )
    audit_record(actor=by, action="competition.delete", obj=competition)
    competition.delete()


# --- rubric ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionData:
    name: str
    description: str
    max_points: int


def _criteria_replace(competition: Competition, criteria: Sequence[CriterionData]) -> None:
    competition.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(
            competition=competition,
            position=i,
            name=c.name.strip(),
            description=c.description.strip(),
            max_points=c.max_points,
        )
        for i, c in enumerate(criteria)
    )


def rubric_check(criteria: Sequence[CriterionData]) -> None:
    if not criteria:
        raise ValidationError(_("A rubric needs at least one criterion."))
    names = [c.name.strip() for c in criteria]
    if any(not n for n in names):
        raise ValidationError(_("Every criterion needs a name."))
    if len(set(names)) != len(names):
        raise ValidationError(_("Two criteria have the same name."))
    if any(c.max_points < 1 for c in criteria):
        raise ValidationError(_("Every criterion carries at least 1 point."))
    total = sum(c.max_points for c in criteria)
    if total != RUBRIC_TOTAL:
        raise ValidationError(
            _("The criteria add up to %(total)s points; they must add up to %(full)s.")
            % {"total": total, "full": RUBRIC_TOTAL}
        )


@transaction.atomic
def rubric_save(*, competition: Competition, criteria: Sequence[CriterionData], by: User) -> list[Criterion]:
    """Replace the rubric, in the order given. Refused once judges have started scoring."""
    if competition.scoring_mode != ScoringMode.RUBRIC:
        raise ValidationError(_("This competition is scored by measurement, not by a rubric."))
    rubric_check(criteria)
    if competition_usage(competition).scores:
        raise ValidationError(_("Judges have started scoring: the rubric can no longer change."))
    before = [f"{c.name} {c.max_points}" for c in competition.criteria.all()]
    _criteria_replace(competition, criteria)
    after = [f"{c.name.strip()} {c.max_points}" for c in criteria]
    if before != after:
        audit_record(actor=by, action="competition.rubric", obj=competition, changes={"criteria": (before, after)})
    return list(competition.criteria.all())


# --- award scheme ---------------------------------------------------------------------------------


@transaction.atomic
def award_scheme_save(
    *,
    competition: Competition,
    grouping: str,
    basis: str,
    amounts: Mapping[str, int],
    min_score: Decimal | None,
    recommend_count: int,
    by: User,
) -> Competition:
    if any(level not in AwardLevel.values for level in amounts):
        raise ValidationError(_("Unknown award level."))
    if min_score is not None and competition.is_rubric and min_score > RUBRIC_TOTAL:
        raise ValidationError({"award_min_score": _("The minimum score cannot be above 100.")})
    grades = competition.grade_numbers
    _check_awards_fit(competition, grades, amounts, basis, grouping)
    before = _snapshot(competition, ("award_grouping", "award_basis", "award_min_score", "recommend_count"))
    competition.award_grouping, competition.award_basis = grouping, basis
    competition.award_min_score, competition.recommend_count = min_score, recommend_count
    _check_recommend_fits(competition, grades)
    after = _snapshot(competition, before)
    changes = _diff(before, after)
    tiers_before = {t.level: t.amount for t in competition.award_tiers.all()}
    tiers_after = {level: amount for level, amount in amounts.items() if amount}
    if changes:
        competition.save(update_fields=[*changes, "updated_at"])
    if tiers_before != tiers_after:
        competition.award_tiers.all().delete()
        AwardTier.objects.bulk_create(
            AwardTier(competition=competition, level=level, amount=amount)
            for level, amount in sorted(tiers_after.items(), key=lambda kv: AwardLevel.values.index(kv[0]))
        )
        changes["award_tiers"] = (tiers_before, tiers_after)
    if changes:
        audit_record(actor=by, action="competition.awards", obj=competition, changes=changes)
    return competition


# --- per-class deadline extensions ----------------------------------------------------------------


@transaction.atomic
def extension_grant(
    *, competition: Competition, school_class: SchoolClass, closes_at: dt.datetime, reason: str, by: User
) -> ClassExtension:
    """A later deadline for one eligible class of the school; granting again moves it."""
    if school_class.grade.school_id != competition.festival.school_id:
        raise ValidationError({"school_class": _("This class is not of the festival's school.")})
    if school_class.grade.number not in competition.grade_numbers:
        raise ValidationError({"school_class": _("This class's grade cannot enter this competition.")})
    if closes_at <= competition.submission_closes:
        raise ValidationError({"closes_at": _("The new deadline must be later than the competition's.")})
    if closes_at > competition.judging_closes:
        raise ValidationError({"closes_at": _("The new deadline must be before judging ends.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the class gets more time.")})
    extension = ClassExtension.objects.filter(competition=competition, school_class=school_class).first()
    before = extension.closes_at if extension else None
    if extension is None:
        extension = ClassExtension.objects.create(
            competition=competition,
            school_class=school_class,
            closes_at=closes_at,
            reason=reason.strip(),
            granted_by=by,
        )
    else:
        extension.closes_at, extension.reason, extension.granted_by = closes_at, reason.strip(), by
        extension.save(update_fields=["closes_at", "reason", "granted_by"])
    audit_record(
        actor=by,
        action="competition.extension",
        obj=competition,
        changes={str(school_class): (before, closes_at)},
        reason=reason,
    )
    return extension


@transaction.atomic
def extension_revoke(*, extension: ClassExtension, by: User) -> None:
    audit_record(
        actor=by,
        action="competition.extension_revoke",
        obj=extension.competition,
        changes={str(extension.school_class): (extension.closes_at, None)},
    )
    extension.delete()
