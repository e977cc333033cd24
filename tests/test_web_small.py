"""Small, soft card images saved from web pages (issue 12): values boxed in dashed frames,
labels lost to 5 px print."""

from __future__ import annotations

import re

from pipeline.fields import FRAME_EDGE_CAP, mend, unframed
from pipeline.process import after_other_label, lone_group
from pipeline.templates import FieldRule, load_templates
from tests.fakes import codes, page, read, value


def test_a_frames_sides_at_both_ends_are_dropped() -> None:
    assert unframed('(BEZ487370284"') == "BEZ487370284"
    assert unframed("<§G009999999 03>") == "G009999999 03"
    assert unframed("(GNE 134529553)") == "GNE 134529553"


def test_one_bracket_alone_is_no_frame() -> None:
    # A J's hook read as ')' ('73363692)' of 73363692J); a C's arc read as '('.
    assert unframed("73363692)") == "73363692)"
    assert unframed("(BEZ487370284") == "(BEZ487370284"


def test_an_id_in_a_frame_under_the_name_is_taken_for_review() -> None:
    # The label over the ID lost to 5 px print; the frame's sides read at its ends.
    r = read('BlueCross BlueShield of Illinois\nKWAME S GALLAGHER SR\n(BEZ487370284"\n')
    assert value(r, "member_id") == "BEZ487370284"
    assert r.fields["member_id"].confidence <= FRAME_EDGE_CAP
    assert "member_id_uncertain" in codes(r)


def test_a_lone_member_ids_j_read_as_a_three_is_mended_where_a_letter_must_be() -> None:
    rule = FieldRule("member_id", ("ID",), re.compile(r"[A-Z]{3}\d{9}"))
    assert mend(rule, "P3V644116835") == "PJV644116835"
    assert mend(rule, '(BEZ487370284"') == "BEZ487370284"


def test_a_code_after_another_fields_label_remnant_is_no_lone_group() -> None:
    # 'Rx BIN' in small print read 'BN,': its 011552 is the BIN, not a lost group.
    text = ("BlueCross BlueShield of Illinois\nKWAME S GALLAGHER SR\nBEZ487370284\n\n"
            "fe BN, 011552\n")
    r = read(text)
    assert lone_group(r, [("front", page(text))]) is None


def test_a_code_after_the_groups_own_label_misread_may_be_the_lone_group() -> None:
    _, carriers = load_templates()
    aetna = next(t for t in carriers if t.id == "aetna")
    # 'GRP:' is the group's label on the generic template, though Aetna's own lack it;
    # 'Group In.' is the group's label misread ('In.' as close to 'BIN' as 'BN,').
    for text in ("GRP: 418910-308-30465\n", "Group In. JF6511\n"):
        assert after_other_label(page(text), aetna, "group_number") == []
    assert len(after_other_label(page("BN, 011552\n"), aetna, "group_number")) == 1


def test_a_bin_after_its_label_remnant_still_points_to_the_group_beside_it() -> None:
    # The BIN, its label read 'BN,', is no group; the short code no BIN's format fits is.
    text = "Florida Blue\nMember ID   AJK501685560\nHAZEL N PETERSEN\n\n59404\n\nfe BN, 011552\n"
    lone = lone_group(read(text), [("front", page(text))])
    assert lone is not None and lone.value == "59404"
