"""Award allocation against hand-computed cases."""

from decimal import Decimal as D

from awards.allocation import (
    Candidate,
    ClassTally,
    allocate,
    class_points,
    collective_awards,
    competition_ranks,
    cutoffs,
)

PLAN = [("first", 1), ("second", 2), ("third", 3)]


def group(scores, name="三年级"):
    return [Candidate(i, name, None if s is None else D(str(s))) for i, s in enumerate(scores, start=1)]


def levels(placements):
    return [placements[i].level for i in sorted(placements)]


def test_competition_ranks_share_the_better_rank():
    assert competition_ranks([D(90), D(85), D(85), D(80)]) == [1, 2, 2, 4]


def test_counts_give_first_second_third_in_order():
    placed = allocate(group([95, 90, 88, 85, 80, 75, 70, 60]), amounts=PLAN)

    assert levels(placed) == ["first", "second", "second", "third", "third", "third", None, None]
    assert [placed[i].rank for i in range(1, 9)] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_ties_at_a_boundary_share_the_higher_award():
    # second place ends at rank 3; ranks 3 and 3 tie → both second; third then covers ranks 5–6 only
    placed = allocate(group([95, 90, 88, 88, 80, 75, 70]), amounts=PLAN)

    assert levels(placed) == ["first", "second", "second", "second", "third", "third", None]


def test_a_tie_for_first_gives_two_first_prizes():
    placed = allocate(group([95, 95, 90]), amounts=PLAN)

    assert levels(placed) == ["first", "first", "second"]


def test_percentages_are_cumulative_and_rounded_half_up():
    # 7 entries, 10/20/30 %: cut-offs round(0.7)=1, round(2.1)=2, round(4.2)=4
    assert cutoffs(amounts=[("first", 10), ("second", 20), ("third", 30)], basis="percent", judged=7) == [
        ("first", 1),
        ("second", 2),
        ("third", 4),
    ]
    placed = allocate(
        group([99, 98, 97, 96, 95, 94, 93]), amounts=[("first", 10), ("second", 20), ("third", 30)], basis="percent"
    )
    assert levels(placed) == ["first", "second", "third", "third", None, None, None]


def test_percentage_of_exactly_half_rounds_up():
    # 5 entries × 10 % = 0.5 → 1 first prize
    assert cutoffs(amounts=[("first", 10)], basis="percent", judged=5) == [("first", 1)]


def test_minimum_score_withholds_awards_but_keeps_the_rank():
    placed = allocate(group([95, 62, 58]), amounts=PLAN, min_score=D(60))

    assert levels(placed) == ["first", "second", None]
    assert placed[3].rank == 3


def test_merit_awards_come_after_the_three_prizes():
    placed = allocate(group([90, 80, 70, 60]), amounts=[("first", 1), ("second", 1), ("merit", 5)])

    assert levels(placed) == ["first", "second", "merit", "merit"]


def test_groups_are_allocated_separately():
    candidates = [*group([90, 80], "三年级"), Candidate(10, "四年级", D(70)), Candidate(11, "四年级", D(60))]

    placed = allocate(candidates, amounts=[("first", 1), ("second", 1)])

    assert [(placed[i].group, placed[i].level) for i in (1, 2, 10, 11)] == [
        ("三年级", "first"),
        ("三年级", "second"),
        ("四年级", "first"),
        ("四年级", "second"),
    ]


def test_empty_and_tiny_groups():
    assert allocate([], amounts=PLAN) == {}
    placed = allocate(group([77]), amounts=PLAN)
    assert levels(placed) == ["first"]
    assert cutoffs(amounts=PLAN, basis="count", judged=1) == [("first", 1), ("second", 1), ("third", 1)]


def test_unjudged_entries_are_not_ranked_and_do_not_count_for_percentages():
    placed = allocate(group([90, None, 80]), amounts=[("first", 50)], basis="percent")

    # 2 judged × 50 % = 1 first prize
    assert [(placed[i].rank, placed[i].level) for i in (1, 2, 3)] == [(1, "first"), (None, None), (2, None)]


def test_recommendation_to_the_next_level_takes_the_best_over_all_groups_with_ties():
    candidates = [*group([90, 85], "三年级"), Candidate(10, "四年级", D(85)), Candidate(11, "四年级", D(60))]

    placed = allocate(candidates, amounts=PLAN, recommend=2)

    assert sorted(i for i, p in placed.items() if p.recommended) == [1, 2, 10]


def test_class_points_count_awards_and_participation():
    tallies = class_points(
        awards=[(1, "first"), (1, "third"), (2, "merit")],
        participation=[(1, 4), (2, 2)],
        sections={1: "primary", 2: "primary", 3: "primary"},
    )

    by_class = {t.class_id: t.points for t in tallies}
    # class 1: 5 + 2 + 4×1 = 11; class 2: 1 + 2 = 3; class 3: nothing
    assert by_class == {1: D(11), 2: D(3), 3: D(0)}


def test_collective_awards_use_the_plans_counts_per_section_and_skip_zero_points():
    tallies = [ClassTally(i, "primary", D(p), {}, 0) for i, p in enumerate([20, 15, 15, 10, 0], start=1)]
    tallies += [
        ClassTally(i, "senior", D(p), {}, 0)
        for i, p in zip(range(10, 19), [30, 29, 28, 27, 26, 25, 24, 23, 22], strict=True)
    ]

    placed = collective_awards(tallies)

    assert [placed[i].level for i in range(1, 6)] == ["first", "second", "second", None, None]
    assert [placed[i].level for i in range(10, 19)] == ["first", "second", "second"] + ["third"] * 5 + [None]
