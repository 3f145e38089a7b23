"""Award allocation: the award scheme applied per group. Pure functions: no database.

Per group (a grade, a section or the whole competition) the judged entries are ranked by score with
competition ranking (1, 2, 2, 4: tied entries share the better rank). Each award level has a
cumulative cut-off: with 一等奖 1, 二等奖 2, 三等奖 3 the cut-offs are 1, 3 and 6. An entry gets the first
level whose cut-off is at or beyond its rank — so entries tied across a boundary all get the higher
award (the level below is then smaller by as many). 优秀奖 (merit) is the last level.

Percentages are of the entries judged in the group, taken cumulatively and rounded half up: with 7
entries and 10 % / 20 % / 30 %, the cut-offs are round(0.7) = 1, round(2.1) = 2 and round(4.2) = 4,
so one first, one second and two third prizes. Cumulative rounding keeps the total right where
rounding each level on its own would drift.

Entries below the minimum score get no award (they keep their rank). Entries without a score are
not ranked and count for nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from awards.ordering import LEVEL_ORDER

LEVELS = tuple(LEVEL_ORDER)


@dataclass(frozen=True, slots=True)
class Candidate:
    entry_id: int
    group: Hashable
    score: Decimal | None  # higher is better; measurement contests pass a key where higher is better


@dataclass(frozen=True, slots=True)
class Placement:
    entry_id: int
    group: Hashable
    rank: int | None
    level: str | None
    recommended: bool = False


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """Ranks for scores sorted best first: equal scores share the better rank (1, 2, 2, 4)."""
    ranks: list[int] = []
    for i, score in enumerate(scores):
        ranks.append(ranks[-1] if i and score == scores[i - 1] else i + 1)
    return ranks


def cutoffs(*, amounts: Sequence[tuple[str, int]], basis: str, judged: int) -> list[tuple[str, int]]:
    """Cumulative cut-off rank of each level, in level order."""
    result, running = [], 0
    for level, amount in sorted(amounts, key=lambda a: LEVELS.index(a[0])):
        running += amount
        if basis == "percent":
            cut = int((Decimal(running) * judged / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        else:
            cut = running
        result.append((level, min(cut, judged)))
    return result


def allocate(
    candidates: Iterable[Candidate],
    *,
    amounts: Sequence[tuple[str, int]],
    basis: str = "count",
    min_score: Decimal | None = None,
    recommend: int = 0,
) -> dict[int, Placement]:
    """Placement of every candidate; ``recommend`` flags the best N over all groups (ties included)."""
    groups: dict[Hashable, list[Candidate]] = defaultdict(list)
    placements: dict[int, Placement] = {}
    for c in candidates:
        if c.score is None:
            placements[c.entry_id] = Placement(c.entry_id, c.group, None, None)
        else:
            groups[c.group].append(c)

    for group, members in groups.items():
        members.sort(key=lambda c: (-c.score, c.entry_id))
        ranks = competition_ranks([c.score for c in members])
        levels = cutoffs(amounts=amounts, basis=basis, judged=len(members))
        for c, rank in zip(members, ranks, strict=True):
            level = next((lvl for lvl, cut in levels if rank <= cut), None)
            if min_score is not None and c.score < min_score:
                level = None
            placements[c.entry_id] = Placement(c.entry_id, group, rank, level)

    if recommend > 0:
        judged = sorted((c for m in groups.values() for c in m), key=lambda c: -c.score)
        if judged:
            threshold = judged[min(recommend, len(judged)) - 1].score
            for c in judged:
                if c.score >= threshold:
                    p = placements[c.entry_id]
                    placements[c.entry_id] = Placement(p.entry_id, p.group, p.rank, p.level, recommended=True)
    return placements


# --- Collective awards (集体奖) --------------------------------------------------------------------

DEFAULT_POINTS = {"first": 5, "second": 3, "third": 2, "merit": 1}
DEFAULT_PARTICIPATION_POINTS = 1
# The plan's example: 小学 一等奖 1, 二等奖 2; 初中 一等奖 1, 二等奖 2; 高中 一等奖 1, 二等奖 2, 三等奖 5.
DEFAULT_COLLECTIVE_AWARDS = {
    "primary": [("first", 1), ("second", 2)],
    "junior": [("first", 1), ("second", 2)],
    "senior": [("first", 1), ("second", 2), ("third", 5)],
}


@dataclass(frozen=True, slots=True)
class ClassTally:
    class_id: int
    section: str
    points: Decimal
    awards: dict[str, int]
    entries: int


def class_points(
    *,
    awards: Iterable[tuple[int, str]],
    participation: Iterable[tuple[int, int]],
    sections: dict[int, str],
    points: dict[str, int] | None = None,
    participation_points: int = DEFAULT_PARTICIPATION_POINTS,
) -> list[ClassTally]:
    """Points per class: each award by its level, each entry taken part with by ``participation_points``.

    ``awards`` are (class id, level) pairs, ``participation`` (class id, entries) pairs, ``sections``
    maps every class to its section (classes without entries still appear, with 0 points).
    """
    points = points or DEFAULT_POINTS
    award_counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LEVELS, 0))
    for class_id, level in awards:
        award_counts[class_id][level] += 1
    entries = dict(participation)
    tallies = []
    for class_id, section in sections.items():
        counts = award_counts[class_id]
        total = sum(points.get(level, 0) * n for level, n in counts.items())
        total += participation_points * entries.get(class_id, 0)
        tallies.append(ClassTally(class_id, section, Decimal(total), dict(counts), entries.get(class_id, 0)))
    return tallies


def collective_awards(
    tallies: Iterable[ClassTally], *, scheme: dict[str, list[tuple[str, int]]] | None = None
) -> dict[int, Placement]:
    """Rank classes per section by points; the best get the 集体奖 (classes with 0 points get none)."""
    scheme = scheme or DEFAULT_COLLECTIVE_AWARDS
    result: dict[int, Placement] = {}
    by_section: dict[str, list[ClassTally]] = defaultdict(list)
    for t in tallies:
        by_section[t.section].append(t)
    for section, members in by_section.items():
        placed = allocate(
            [Candidate(t.class_id, section, t.points) for t in members],
            amounts=scheme.get(section, []),
            min_score=Decimal("0.01"),
        )
        result.update(placed)
    return result
