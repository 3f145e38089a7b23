"""Which judges score which entries. Pure functions: no database.

Every entry gets ``per_entry`` judges of the panel, never one with a conflict of interest: a judge
never scores an entry they advised, an entry of a class they head, or an entry they declared a
conflict with (their own child's, say). Loads are balanced: entries with the fewest possible judges
are served first, and each takes the judges with the lightest load so far, so loads differ by at most
one wherever the conflicts allow it. Existing assignments are kept (hand edits survive a re-run), and
an entry that cannot get enough judges is reported as short.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class EntryFacts:
    entry_id: int
    class_id: int
    advisor_id: int | None = None
    author_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class JudgeFacts:
    judge_id: int
    headed_class_ids: frozenset[int] = frozenset()
    conflict_student_ids: frozenset[int] = frozenset()
    conflict_entry_ids: frozenset[int] = frozenset()


@dataclass
class AssignmentPlan:
    assignments: dict[int, list[int]]  # entry id → judge ids
    short: dict[int, int] = field(default_factory=dict)  # entry id → judges missing

    def load(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for judges in self.assignments.values():
            for judge_id in judges:
                counts[judge_id] = counts.get(judge_id, 0) + 1
        return counts


def conflict_reason(entry: EntryFacts, judge: JudgeFacts) -> str | None:
    """Why this judge may not score this entry, as a code; None when there is no conflict."""
    if entry.advisor_id == judge.judge_id:
        return "advisor"
    if entry.class_id in judge.headed_class_ids:
        return "head_teacher"
    if entry.entry_id in judge.conflict_entry_ids or entry.author_ids & judge.conflict_student_ids:
        return "declared"
    if judge.judge_id in entry.author_ids:
        return "author"
    return None


def plan_assignments(
    entries: Iterable[EntryFacts],
    judges: Iterable[JudgeFacts],
    *,
    per_entry: int,
    existing: Mapping[int, Iterable[int]] | None = None,
) -> AssignmentPlan:
    entries = list(entries)
    judges = {j.judge_id: j for j in judges}
    assignments: dict[int, list[int]] = {e.entry_id: [] for e in entries}
    load = dict.fromkeys(judges, 0)
    facts = {e.entry_id: e for e in entries}
    for entry_id, judge_ids in (existing or {}).items():
        if entry_id in assignments:
            for judge_id in judge_ids:
                # A judge who left the panel, or who has a conflict now, is not kept.
                if (
                    judge_id in judges
                    and judge_id not in assignments[entry_id]
                    and conflict_reason(facts[entry_id], judges[judge_id]) is None
                ):
                    assignments[entry_id].append(judge_id)
                    load[judge_id] += 1

    eligible = {e.entry_id: [j for j in judges.values() if conflict_reason(e, j) is None] for e in entries}
    # The most constrained entries first, so they are not left without judges at the end.
    order = sorted(entries, key=lambda e: (len(eligible[e.entry_id]), e.entry_id))
    short: dict[int, int] = {}
    for entry in order:
        chosen = assignments[entry.entry_id]
        candidates = [j.judge_id for j in eligible[entry.entry_id] if j.judge_id not in chosen]
        candidates.sort(key=lambda judge_id: (load[judge_id], judge_id))
        for judge_id in candidates[: max(0, per_entry - len(chosen))]:
            chosen.append(judge_id)
            load[judge_id] += 1
        if len(chosen) < per_entry:
            short[entry.entry_id] = per_entry - len(chosen)
    return AssignmentPlan(assignments=assignments, short=short)
