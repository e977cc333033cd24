"""The group number lost or taken from another column (session 24's group cases)."""

from __future__ import annotations

from pipeline.process import group_trace
from tests.fakes import codes, page, read, value


def test_a_code_under_another_columns_head_is_not_the_group_on_its_row() -> None:
    # Aetna's front: the group under its label, the Rx BIN's column on the right whose
    # value stands on the group label's row (3333's 0165 returned the BIN as the group).
    r = read(
        "aetna\n"
        "SUBSCRIBER ID\n"
        "W620060814                  BIN\n"
        "GROUP NUMBER                610502\n"
        "469092-199-38417            PCN\n"
        "                            ADV\n"
    )
    assert value(r, "group_number") == "469092-199-38417"
    assert value(r, "member_id") == "W620060814"
    assert "group_number_uncertain" not in codes(r)


def test_a_value_right_of_its_label_with_no_head_above_is_still_taken() -> None:
    r = read(
        "aetna\n"
        "SUBSCRIBER ID                W620060814\n"
        "GROUP NUMBER                610502\n"
    )
    assert value(r, "group_number") == "610502"


def test_a_short_gr_word_before_number_is_a_group_labels_trace() -> None:
    # 'Group Number' read 'Grow' 'Number', its 'p' lost in glare between them (3333's 0362).
    assert group_trace([page("Enrollee ID   Grow   Number\n2110790374    09\n")])
    assert group_trace([page("Group #\n")])
    assert not group_trace([page("Grow   with us\n")])
    assert not group_trace([page("Gravel   Number\n")])


def test_a_code_stacked_under_an_inline_labels_column_is_a_lost_group() -> None:
    # Kaiser: 'Grp' small over '00999', read as one tall word with the label lost, stacked
    # under the row 'Enrollee id 000099999' (5555's 0207); its digits repeat part of the
    # member ID's, but it is printed apart from it.
    r = read(
        "KAISER PERMANENTE\n"
        "Member                        Enrollee id 000099999\n"
        "John Smith\n"
        "                              00999\n"
    )
    assert value(r, "member_id") == "000099999"
    assert "group_number_uncertain" in codes(r)


def test_no_code_under_the_inline_label_needs_no_group_review() -> None:
    r = read(
        "KAISER PERMANENTE\n"
        "Member                        Enrollee id 000099999\n"
        "John Smith\n"
    )
    assert "group_number_uncertain" not in codes(r)
