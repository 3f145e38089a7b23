"""Festivals and their phases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competitions import plans
from competitions.models import Festival, Phase
from competitions.services._common import FESTIVAL_FIELDS, _diff, _snapshot
from competitions.services.competitions import competition_create_from_template
from core.audit import audit_record
from schools.models import School, User

# The years the festival form takes. A date outside is a typo (9999-12-31 overflowed the plan's date
# arithmetic into a server error), so it is refused before anything is computed from it.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _date_error(day: dt.date) -> str | None:
    if EARLIEST <= day <= LATEST:
        return None
    return _("%(date)s is not a plausible date for a festival: give one between %(first)s and %(last)s.") % {
        "date": day.isoformat(),
        "first": EARLIEST.year,
        "last": LATEST.year,
    }


def _check_festival_slug(festival: Festival) -> None:
    clash = Festival.objects.filter(school_id=festival.school_id, slug=festival.slug).exclude(pk=festival.pk)
    if clash.exists():
        raise ValidationError({"slug": _("Another festival of the school already uses this short name.")})


@transaction.atomic
def festival_create(
    *, school: School, name: str, year: int, slug: str, theme: str = "", start: dt.date, by: User
) -> Festival:
    """A festival in draft with the four phases of the school plan placed from ``start``."""
    if problem := _date_error(start):
        raise ValidationError({"start": problem})
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
        implausible = {f"{kind}_starts_on": _date_error(starts_on), f"{kind}_ends_on": _date_error(ends_on)}
        for field, problem in implausible.items():
            if problem:
                errors.setdefault(field, []).append(problem)
        if any(implausible.values()):
            continue
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
