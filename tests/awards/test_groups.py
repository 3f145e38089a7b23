from __future__ import annotations

import pytest

from awards.groups import AwardGroup, group_label, group_order
from competitions.models import AwardGrouping


@pytest.mark.parametrize(
    ("grouping", "grade", "key", "label"),
    [
        (AwardGrouping.GRADE, 3, "grade-3", "三年级"),
        (AwardGrouping.GRADE, 8, "grade-8", "初二"),
        (AwardGrouping.SECTION, 4, "section-primary", "小学"),
        (AwardGrouping.SECTION, 11, "section-senior", "高中"),
        (AwardGrouping.WHOLE, 5, "whole", "全项目"),
    ],
)
def test_an_entrys_group_is_made_named_and_read_back_the_same_way(grouping, grade, key, label):
    group = AwardGroup.of(grouping, grade)

    assert (group.key, group_label(group.key), AwardGroup.parse(group.key)) == (key, label, group)


def test_an_unknown_key_reads_as_the_whole_competition():
    assert [AwardGroup.parse(k).key for k in ("grade-13", "grade-x", "section-college", "", "whole")] == ["whole"] * 5


def test_grades_come_before_sections_and_the_whole_competition_last():
    keys = ["whole", "section-junior", "grade-10", "section-primary", "grade-3"]

    assert sorted(keys, key=group_order) == ["grade-3", "grade-10", "section-primary", "section-junior", "whole"]
