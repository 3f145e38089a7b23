"""Every URL of the site, opened (GET) by every kind of person, on their own objects, another class's and another
school's: the answer must be the one in ``MATRIX``. A URL without a row fails ``test_every_url_has_a_row``.

The columns are the personas, in ``PERSONAS`` order: anonymous, the student (王小明, 三年级2班), another student
(李雨萱, 三年级5班), the student's head teacher, another teacher (head of 三年级5班), the judge assigned to the
student's entry, a judge of the same panel not assigned to it, the organizer, the organizer of another school.

A URL with kwargs has one line per side whose objects fill them (``tests.permission_world``): ``own`` (the
student's entry, class, assignment, …), ``other`` (李雨萱's, another class of the school, another judge's
assignment) and ``foreign`` (a pupil's of another school). Codes: ``200``; ``login`` (302 to the login page);
``302`` (a redirect elsewhere); ``403``; ``404``; ``405`` (a POST-only view). State-changing POSTs are tested
with their apps.

The world is built once per persona (one test each), and each test collects every mismatch into one assertion.
``MATRIX_DUMP=<folder>`` writes what each persona got there, one file each, to review a new URL's answers.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permission_world import build_world

PERSONAS = (
    "anonymous",
    "student",
    "other_student",
    "head_teacher",
    "other_teacher",
    "judge",
    "judge_unassigned",
    "organizer",
    "organizer_x",
)
SIDES = ("own", "other", "foreign")

# The object each kwarg names; a ``pk`` names the object of its row's ``pk``.
KWARGS = {
    "festival_slug": ("festival", "slug"),
    "festival_id": ("festival", "pk"),
    "competition_id": ("competition", "pk"),
    "entry_id": ("entry", "pk"),
    "assignment_id": ("assignment", "pk"),
    "attachment_id": ("attachment", "pk"),
    "result_id": ("result", "pk"),
    "objection_id": ("objection", "pk"),
    "publication_id": ("publication", "pk"),
    "class_id": ("school_class", "pk"),
    "user_id": ("user", "pk"),
}
# Kwargs that are not objects.
FIXED = {"action": "submit"}

# One row per URL name: for each side (``any`` for a URL without kwargs) the answer to each persona, in order:
#   anonymous student other_student head_teacher other_teacher judge judge_unassigned organizer organizer_x
# and, for a URL whose kwarg is ``pk``, the object it names.
MATRIX: dict[str, dict[str, str]] = {
    "accept_entries": {"any": "login 403   403   403   403   403   403   405   405"},
    "all_entries": {"any": "login 403   403   403   403   403   403   200   200"},
    "attachment_delete": {
        "pk": "attachment",
        "own": "login 405   403   405   403   403   403   405   403",
        "other": "login 403   405   403   405   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "attachment_file": {
        "pk": "attachment",
        "own": "login 200   403   200   403   403   403   200   403",
        "other": "login 403   200   403   200   403   403   200   403",
        "foreign": "login 403   403   403   403   403   403   403   200",
    },
    "attachment_thumbnail": {
        "pk": "attachment",
        "own": "login 200   403   200   403   403   403   200   403",
        "other": "login 403   200   403   200   403   403   200   403",
        "foreign": "login 403   403   403   403   403   403   403   200",
    },
    "attachment_upload": {
        "own": "login 405   403   405   403   403   403   405   403",
        "other": "login 403   405   403   405   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "audit_log": {"any": "login 403   403   403   403   403   403   200   200"},
    "awarded_picture": {
        "own": "login 200   200   200   200   200   200   200   404",
        "other": "login 200   200   200   200   200   200   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "awarded_thumbnail": {
        "own": "login 200   200   200   200   200   200   200   404",
        "other": "login 200   200   200   200   200   200   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "class_dashboard": {
        "own": "login 403   403   200   403   403   403   200   403",
        "other": "login 403   403   403   200   403   403   200   403",
        "foreign": "login 403   403   403   403   403   403   403   200",
    },
    "class_detail": {
        "pk": "school_class",
        "own": "login 403   403   200   403   403   403   200   403",
        "other": "login 403   403   403   200   403   403   200   403",
        "foreign": "login 403   403   403   403   403   403   403   200",
    },
    "class_entry_create": {
        "own": "login 403   403   404   403   403   403   404   403",
        "other": "login 403   403   403   404   403   403   404   403",
        "foreign": "login 403   403   403   403   403   403   403   404",
    },
    "classes": {"any": "login 403   403   200   200   403   403   200   200"},
    "competition_awards": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "competition_create": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "competition_delete": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "competition_detail": {
        "own": "login 200   200   200   200   200   200   200   404",
        "other": "login 200   200   200   200   200   200   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "competition_duplicate": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "competition_edit": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "competition_extensions": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "competition_from_template": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "competition_rubric": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "entry_action": {
        "own": "login 405   403   405   403   403   403   405   403",
        "other": "login 403   405   403   405   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "entry_actions": {
        "own": "login 200   403   200   403   403   403   200   403",
        "other": "login 403   200   403   200   403   403   200   403",
        "foreign": "login 403   403   403   403   403   403   403   200",
    },
    "entry_create": {
        "own": "login 200   200   403   403   403   403   403   403",
        "other": "login 200   200   403   403   403   403   403   403",
        "foreign": "login 404   404   403   403   403   403   403   403",
    },
    "entry_declare": {
        "own": "login 405   403   405   403   403   403   405   403",
        "other": "login 403   405   403   405   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "entry_detail": {
        "own": "login 200   403   200   403   302   403   200   403",
        "other": "login 403   200   403   200   403   403   200   403",
        "foreign": "login 403   403   403   403   403   403   403   200",
    },
    "entry_edit": {
        "own": "login 200   403   200   403   403   403   200   403",
        "other": "login 403   200   403   200   403   403   200   403",
        "foreign": "login 403   403   403   403   403   403   403   200",
    },
    "entry_labels": {"any": "login 403   403   200   200   403   403   200   200"},
    "entry_receive": {
        "own": "login 403   403   405   403   403   403   405   403",
        "other": "login 403   403   403   405   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "entry_shortlist": {
        "own": "login 403   403   405   403   403   403   405   403",
        "other": "login 403   403   403   405   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "entry_withdraw_by_organizer": {
        "own": "login 403   403   403   403   403   403   405   403",
        "other": "login 403   403   403   403   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "export_download": {
        "pk": "export",
        "own": "login 403   403   403   403   403   403   404   403",
        "other": "login 403   403   403   403   403   403   404   403",
        "foreign": "login 403   403   403   403   403   403   403   404",
    },
    "export_retry": {
        "pk": "export",
        "own": "login 403   403   403   403   403   403   405   403",
        "other": "login 403   403   403   403   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "export_status": {
        "pk": "export",
        "own": "login 403   403   403   403   403   403   200   403",
        "other": "login 403   403   403   403   403   403   200   403",
        "foreign": "login 403   403   403   403   403   403   403   200",
    },
    "exports": {"any": "login 403   403   200   200   403   403   200   200"},
    "extension_revoke": {
        "pk": "extension",
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "festival_create": {"any": "login 403   403   403   403   403   403   200   200"},
    "festival_detail": {
        "own": "login 200   200   200   200   200   200   200   404",
        "other": "login 200   200   200   200   200   200   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "festival_edit": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "festival_list": {"any": "login 200   200   200   200   200   200   200   200"},
    "gallery": {"any": "login 200   200   200   200   200   200   200   200"},
    "healthz": {"any": "200   200   200   200   200   200   200   200   200"},
    "home": {"any": "login 200   200   200   200   200   200   200   200"},
    "honour_roll": {
        "own": "login 200   200   200   200   200   200   200   404",
        "other": "login 200   200   200   200   200   200   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "judge_attachment": {
        "own": "login 403   403   403   403   200   403   403   403",
        "other": "login 403   403   403   403   403   403   403   403",
        "foreign": "login 403   403   403   403   403   403   403   403",
    },
    "judge_attachment_thumbnail": {
        "own": "login 403   403   403   403   200   403   403   403",
        "other": "login 403   403   403   403   403   403   403   403",
        "foreign": "login 403   403   403   403   403   403   403   403",
    },
    "judge_conflicts": {"any": "login 403   403   403   403   200   200   403   403"},
    "judge_queue": {"any": "login 403   403   403   403   200   200   403   403"},
    "judge_score": {
        "own": "login 403   403   403   403   200   403   403   403",
        "other": "login 403   403   403   403   403   403   403   403",
        "foreign": "login 403   403   403   403   403   403   403   403",
    },
    "judging_assign_auto": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_assignment_add": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_assignment_remove": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_assignments": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "judging_collective": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "judging_collective_compute": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_collective_confirm": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_experts": {"any": "login 403   403   403   403   403   403   200   200"},
    "judging_home": {"any": "login 403   403   403   403   403   403   200   200"},
    "judging_nudge": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_panel": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "judging_panel_remove": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_progress": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "judging_publication_withdraw": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_publish": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "judging_result_adjust": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "judging_results": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "judging_results_compute": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_results_lock": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_results_unlock": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "judging_special": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "judging_window": {
        "own": "login 403   403   403   403   403   403   405   404",
        "other": "login 403   403   403   403   403   403   405   404",
        "foreign": "login 404   404   404   404   404   404   404   405",
    },
    "login": {"any": "200   302   302   302   302   302   302   302   302"},
    "login_unlock": {
        "pk": "user",
        "own": "login 403   403   405   403   403   403   405   403",
        "other": "login 403   403   403   405   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "logout": {"any": "405   405   405   405   405   405   405   405   405"},
    "my_entries": {"any": "login 200   200   403   403   403   403   403   403"},
    "my_results": {"any": "login 200   200   200   200   403   403   403   403"},
    "objection_answer": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "objection_raise": {
        "own": "login 200   403   200   403   403   403   403   404",
        "other": "login 403   200   403   200   403   403   403   404",
        "foreign": "login 404   404   404   404   404   404   404   403",
    },
    "objections": {
        "own": "login 403   403   403   403   403   403   200   404",
        "other": "login 403   403   403   403   403   403   200   404",
        "foreign": "login 404   404   404   404   404   404   404   200",
    },
    "password_change": {"any": "login 200   200   200   200   200   200   200   200"},
    "password_reset": {
        "pk": "user",
        "own": "login 403   403   405   403   403   403   405   403",
        "other": "login 403   403   403   405   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "people": {"any": "login 403   403   403   403   403   403   200   200"},
    "roster_credentials": {
        "pk": "roster_import",
        "own": "login 403   403   403   403   403   403   404   403",
        "other": "login 403   403   403   403   403   403   404   403",
        "foreign": "login 403   403   403   403   403   403   403   404",
    },
    "roster_import": {"any": "login 403   403   403   403   403   403   200   200"},
    "roster_import_detail": {
        "pk": "roster_import",
        "own": "login 403   403   403   403   403   403   200   403",
        "other": "login 403   403   403   403   403   403   200   403",
        "foreign": "login 403   403   403   403   403   403   403   200",
    },
    "roster_import_retry": {
        "pk": "roster_import",
        "own": "login 403   403   403   403   403   403   405   403",
        "other": "login 403   403   403   403   403   403   405   403",
        "foreign": "login 403   403   403   403   403   403   403   405",
    },
    "roster_template": {"any": "login 403   403   403   403   403   403   200   200"},
    "set_language": {"any": "302   302   302   302   302   302   302   302   302"},
}


def _patterns(resolver: URLResolver = None, namespace: str = "") -> list[tuple[str, list[str]]]:
    """(name, kwarg names) of every named URL pattern, namespaced, recursively."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += [(name, list(pattern.pattern.regex.groupindex) + kw) for name, kw in _patterns(pattern, inner)]
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}{pattern.name}", list(pattern.pattern.regex.groupindex)))
    return found


def _site_patterns() -> dict[str, list[str]]:
    """Every URL of the site but Django's admin, which lets in staff only (none of the personas: each test checks
    that the admin sends them to its own login)."""
    return {name: kwargs for name, kwargs in _patterns() if not name.startswith("admin:")}


def _code(response) -> str:
    if response.status_code == 302:
        login = resolve_url(settings.LOGIN_URL)
        return "login" if response.url.split("?")[0] == login else "302"
    return str(response.status_code)


def _url(name: str, kwargs: list[str], side) -> str:

    values = {}
    for kwarg in kwargs:
        if kwarg in FIXED:
            values[kwarg] = FIXED[kwarg]
            continue
        key, attr = (MATRIX[name]["pk"], "pk") if kwarg == "pk" else KWARGS[kwarg]
        values[kwarg] = getattr(side.objects[key], attr)
    return reverse(name, kwargs=values)


def test_every_url_has_a_row():
    patterns = _site_patterns()
    missing = sorted(set(patterns) - set(MATRIX))
    assert missing == [], f"URLs without a row in MATRIX: {missing}"
    assert sorted(set(MATRIX) - set(patterns)) == [], "rows of URLs that no longer exist"
    unknown = {k for kwargs in patterns.values() for k in kwargs if k not in KWARGS and k not in FIXED and k != "pk"}
    assert unknown == set(), f"kwargs the matrix cannot fill: {unknown}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_url_answers_each_persona_as_the_matrix_says(client, persona):
    world = build_world()
    person = world["people"].get(persona)
    if person is not None:
        client.force_login(person)
    column = PERSONAS.index(persona)
    observed, mismatches = {}, []
    for name, kwargs in sorted(_site_patterns().items()):
        for side in SIDES if kwargs else (None,):
            url = _url(name, kwargs, world["sides"][side]) if side else _url(name, kwargs, None)
            try:
                got = _code(client.get(url))
            except Exception as error:  # a crash is one more mismatch to list
                got = f"error {type(error).__name__}"
            observed[(name, side)] = got
            row = MATRIX.get(name, {})
            line = row.get(side or "any", "").split()
            expected = line[column] if len(line) == len(PERSONAS) else "?"
            if got != expected:
                mismatches.append(f"{name} [{side or '-'}] {url}: {got} instead of {expected}")
    admin = client.get(reverse("admin:index"))
    if (admin.status_code, admin.get("Location", "").split("?")[0]) != (302, reverse("admin:login")):
        mismatches.append(f"admin:index: {admin.status_code} instead of a redirect to the admin's login")
    if os.environ.get("MATRIX_DUMP"):
        with open(f"{os.environ['MATRIX_DUMP']}/{persona}.txt", "w") as out:
            for (name, side), got in observed.items():
                out.write(f"{name}\t{side or 'any'}\t{got}\n")
    assert mismatches == [], f"{persona}:\n" + "\n".join(mismatches)
