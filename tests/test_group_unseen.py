"""The group number on card designs no template knows (issue 12)."""

from __future__ import annotations

from pipeline.process import lone_group, lone_group_wanted
from tests.fakes import page, read


def test_no_lone_group_on_a_card_no_template_knows() -> None:
    # An unknown carrier's card: an unlabelled six-digit code (a plan or network number
    # as often as a group) is no group unless the card shows it has one.
    text = "Zorblax Wellness\nMember ID   ZX48210937\nJOHN SMITH\n   740215\n"
    r = read(text)
    assert r.carrier.template_id is None
    assert not lone_group_wanted(r)


def test_a_lone_group_where_the_template_expects_one() -> None:
    text = "aetna\nMember ID   W620060814\nJOHN SMITH\n   740215\n"
    r = read(text)
    assert lone_group_wanted(r)
    lone = lone_group(r, [("front", page(text))])
    assert lone is not None and lone.value == "740215"


def test_a_lone_group_on_an_unknown_card_whose_group_label_was_seen() -> None:
    text = "Zorblax Wellness\nMember ID   ZX48210937\nGroup\nJOHN SMITH\n   740215\n"
    assert lone_group_wanted(read(text))
