"""Competitions: create (blank, from a template, as a copy), change, delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions import plans
from competitions.hooks import competition_usage
from competitions.models import AwardBasis, AwardTier, Competition, Festival
from competitions.selectors import entries_possible
from competitions.services._common import COMPETITION_FIELDS, _diff, _snapshot
from competitions.services.rubric import CriterionData, _criteria_replace
from core.audit import audit_record
from schools.models import GRADE_NAMES, Grade, School, User


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
    if usage.entries and "code" in changed:
        raise ValidationError(
            {
                "code": _("%(n)s entries already carry codes made with this one: it can no longer change.")
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


def _free_code(code: str, taken: set[str]) -> str:
    """HH → HH2, HH3 … HH99; the number takes the place of the last letters so that it fits four characters."""
    for n in range(2, 1000):
        suffix = str(n)
        candidate = code[: 4 - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
    raise ValidationError(_("No free code is left for a copy of “%(code)s”.") % {"code": code})


@transaction.atomic
def competition_duplicate(*, competition: Competition, by: User) -> Competition:
    """A copy in the same festival, with its grades, rubric and award scheme; no extensions."""
    festival = competition.festival
    taken = set(festival.competitions.values_list("code", flat=True))
    code = _free_code(competition.code, taken)
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
