"""The group number on card designs no template knows (issue 12)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

import numpy as np

from pipeline.fields import SHORT_GROUP_MISREAD_SCORE, plan_id_shaped, short_group_misread
from pipeline.process import (
    UNREAD_CODE_CONFIDENCE,
    group_code_unread,
    interpret,
    lone_group,
    lone_group_wanted,
    lost_group_unflagged,
    read_again,
)
from pipeline.templates import load_templates
from pipeline.types import Box, CardImage, OcrPage, OcrWord, Side, SideRead
from tests.fakes import codes, page, read, value


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


def test_a_misread_short_group_label_takes_a_fitting_value_for_review() -> None:
    # 'GRP' in small print read 'GRE' beside its value, or 'Grpe' over it.
    for text in ("aetna\nMember ID   W620060814\nGRE   740215\n",
                 "aetna\nMember ID   W620060814\nGrpe\n740215\n"):
        r = read(text)
        assert value(r, "group_number") == "740215"
        assert r.fields["group_number"].confidence <= SHORT_GROUP_MISREAD_SCORE
        assert "group_number_uncertain" in codes(r)


def test_a_blue_plans_prefix_like_a_short_group_label_is_no_label() -> None:
    # 'GRZ 699481340' under the member's name: the member ID with its prefix, one letter
    # from 'GRP' (7777's 0312 lost its member ID to the group).
    r = read("Regence BlueShield\nDEEPA J UNDERWOOD\nGRZ 699481340\n\nGroup #\n61023\n")
    assert value(r, "member_id") == "GRZ699481340"
    assert value(r, "group_number") == "61023"


def test_a_misread_short_group_label_takes_no_word_that_does_not_fit() -> None:
    r = read("aetna\nMember ID   W620060814\nGRE\nSmith\n")
    assert value(r, "group_number") is None


def test_short_group_misreads_begin_as_the_label_does() -> None:
    group = next(r for r in load_templates()[0].fields.values() if r.name == "group_number")
    assert short_group_misread("GRE", "GRP", group, 1)
    assert short_group_misread("GRPE", "GRP#", group, 1)
    assert not short_group_misread("GAP", "GRP", group, 1)
    assert not short_group_misread("GRP", "GRP#", group, 1)  # the label itself
    assert not short_group_misread("GROUPS", "GROUP", group, 1)
    assert not short_group_misread("GR™", "GRP", group, 1)  # a mark: a trace, not a label


def _word(text: str, left: float, top: float, right: float, bottom: float, line: int) -> OcrWord:
    return OcrWord(text=text, box=Box(left, top, right, bottom), confidence=0.95, line=line)


def test_a_tall_label_word_does_not_put_the_next_columns_head_on_its_row() -> None:
    # OCR boxed 'GROUP' over the row above (33 px against NUMBER's 15): the head 'BIN'
    # of the next column, over '610502' on the label's row, seemed on the label's row,
    # and the BIN was taken as the group at full confidence (7777's 0271, 'Policy Number'
    # beside '9999' under 'PCN').
    words = (
        _word("Zorblax", 20, 20, 120, 50, 0),
        _word("MEMBER", 20, 100, 110, 115, 1), _word("ID", 118, 100, 140, 115, 1),
        _word("ZX48210937", 20, 125, 200, 145, 2),
        _word("GROUP", 20, 190, 90, 223, 3), _word("NUMBER", 98, 207, 200, 222, 3),
        _word("BIN", 603, 190, 643, 203, 4),
        _word("610502", 600, 207, 690, 222, 5),
        _word("G4690921", 20, 232, 140, 250, 6),
    )
    r = interpret([("front", OcrPage(words=words, width=1011, height=638))], has_back=False)
    assert value(r, "group_number") == "G4690921"


def test_a_far_value_on_the_labels_row_under_its_own_padded_head_is_not_taken() -> None:
    # The second engine's padded boxes (9999's 0390): 'Health Plan (80840)' over its
    # 9534696054 reaches 3 px into it, and the value's row is the 'Identification number'
    # label's; the member ID is the one stacked under that label.
    words = (
        _word("Zorblax", 210, 33, 643, 91, 0),
        _word("Sex:", 99, 317, 157, 356, 1), _word("M", 388, 313, 431, 355, 2),
        _word("Health", 555, 352, 618, 376, 3), _word("Plan", 627, 352, 670, 376, 3),
        _word("(80840)", 676, 352, 750, 376, 3),
        _word("Identification", 99, 366, 233, 400, 4), _word("number", 243, 367, 326, 402, 4),
        _word("9534696054", 560, 373, 738, 407, 5),
        _word("S80591810", 105, 390, 266, 433, 6),
        _word("Group", 109, 451, 182, 486, 7), _word("id:", 184, 451, 223, 486, 7),
        _word("025617", 396, 446, 508, 486, 8),
    )
    r = interpret([("front", OcrPage(words=words, width=1011, height=638))], has_back=False)
    assert value(r, "member_id") == "S80591810"


def test_a_head_boxed_over_the_row_under_it_heads_its_own_value() -> None:
    # 3434's 0327: 'Group' in a coloured band boxed 283-346 px, over its '6664-381' at
    # 331-356; the next column's plan ID right of it was taken as the group.
    words = (
        _word("Zorblax", 450, 45, 632, 130, 0),
        _word("LEVI", 54, 219, 115, 243, 1), _word("BERGSTROM", 127, 219, 317, 243, 1),
        _word("Group", 356, 283, 509, 346, 2),
        _word("VX3751223", 56, 334, 235, 356, 3),
        _word("6664-381", 359, 331, 485, 356, 4),
        _word("83401NY3332074", 608, 331, 849, 356, 5),
        _word("Certificate", 57, 300, 154, 316, 6), _word("#", 160, 301, 173, 316, 6),
        _word("Plan", 609, 300, 647, 316, 7), _word("ID", 656, 301, 674, 316, 7),
    )
    r = interpret([("front", OcrPage(words=words, width=1011, height=638))], has_back=False)
    assert value(r, "group_number") == "6664-381"
    assert value(r, "member_id") == "VX3751223"


def test_a_payers_name_opening_with_group_is_no_group_label() -> None:
    # 8989's 0355: the claims address 'Group Health Cooperat(ive) of South Central
    # Wisconsin, P.O. Box 72449' over 'Omaha, NE 42506'; the ZIP code was taken as the group.
    front = (
        _word("Zorblax", 120, 40, 300, 80, 0),
        _word("ID", 500, 220, 520, 232, 1), _word("No.", 525, 220, 560, 232, 1),
        _word("27766266948", 500, 240, 740, 265, 2),
    )
    back = (
        _word("Group", 129, 150, 188, 165, 0), _word("Health", 204, 148, 276, 162, 0),
        _word("Cooperat", 291, 150, 386, 165, 0), _word("re", 416, 153, 426, 161, 1),
        _word("of", 443, 148, 462, 162, 1), _word("South", 480, 149, 540, 161, 1),
        _word("Omaha,", 50, 174, 118, 187, 2), _word("NE", 137, 173, 160, 185, 3),
        _word("42506", 176, 172, 235, 185, 3),
    )
    r = interpret([("front", OcrPage(words=front, width=1011, height=638)),
                   ("back", OcrPage(words=back, width=1011, height=638))], has_back=True)
    assert value(r, "member_id") == "27766266948"
    assert value(r, "group_number") is None
    # The label read on with a misread word of its own is still the label.
    assert value(read("Zorblax Wellness\nGroup Nurnber\n42506\n"), "group_number") == "42506"
    # Two labels side by side (5656's 0363) are no name.
    r = read("Aetna Choice POS II\nIdentification Number Group      Employer\n"
             "W043077404 99    482919-868-26668   CITY OF SPRINGFIELD\n")
    assert value(r, "member_id") == "W043077404"


def test_a_group_is_looked_for_again_where_its_loss_would_pass_unseen() -> None:
    # A carrier that need not print a group (Humana), or a card no template knows, that
    # shows none passes without review: the second engine reads its front. Where the
    # review asks for the group already (Aetna's, a group label seen) it is no such card.
    assert lost_group_unflagged(read("Humana\nMember ID   H12345678\nJOHN SMITH\n"))
    assert lost_group_unflagged(read("Zorblax Wellness\nMember ID   ZX48210937\n"))
    assert not lost_group_unflagged(read("Humana\nMember ID   H12345678\nGroup   123456\n"))
    assert not lost_group_unflagged(read("aetna\nMember ID   W620060814\nJOHN SMITH\n"))
    assert not lost_group_unflagged(read("Zorblax Wellness\nMember ID   ZX48210937\nGroup\n"))


def _front(text: str, pixels: np.ndarray | None = None) -> SideRead:
    """A front side of fake words, on a blank card unless ``pixels`` (BGR, card frame) are
    given: what :func:`group_code_unread` reads."""
    card = CardImage(pixels=np.full((638, 1011, 3), 250, np.uint8) if pixels is None else pixels,
                     card_to_photo=np.eye(3), found=True, card_width_px=1011.0)
    return SideRead(side="front", decoded=cast(Any, None), card=card,
                    quality=cast(Any, None), page=page(text), ocr_image=np.zeros((1, 1), np.uint8))


def test_a_code_only_the_second_engine_read_on_a_front_passing_with_no_group() -> None:
    # 7171's 0225: an explainer's ring crossed 'Group Number' and its value; Tesseract read
    # 'Somber' over '42', the second engine '909242' with no label. The card had passed
    # with no group (a payer no template knows); the code comes back doubted, unlabelled.
    ours = "Zorblax Wellness\nMember ID   ZX48210937\nSomber\n42\nRx BIN  155081\n"
    theirs = "Zorblax Wellness\nMember ID   ZX48210937\n\n909242\nRx BIN  155081\n"
    found, face = read(ours), _front(ours)
    assert lost_group_unflagged(found)
    second: dict[Side, OcrPage] = {"front": page(theirs)}
    code = group_code_unread(found, read(theirs), second, [face])
    assert code is not None and code.value == "909242" and code.label == ""
    assert code.confidence <= UNREAD_CODE_CONFIDENCE
    # Not a code Tesseract read none of there (as often a fragment of print it read whole:
    # five cards of 7171 with no group), nor one it read too, nor one of two.
    bare = "Zorblax Wellness\nMember ID   ZX48210937\n\n\nRx BIN  155081\n"
    assert group_code_unread(read(bare), read(theirs), second, [_front(bare)]) is None
    same = "Zorblax Wellness\nMember ID   ZX48210937\n909242\n"
    assert group_code_unread(read(same), read(same), {"front": page(same)},
                             [_front(same)]) is None
    # Nor a phone's part (7171's 0152: '643-7825', Tesseract's '7825'), nor a code holding
    # a value read (0283: 'L004336', the BIN 004336 printed under it), nor a plan ID
    # (7070's 0138, an Oscar card's).
    for mine, second_text in (("Zorblax\nMember ID  ZX48210937\nClinic  7825\n",
                               "Zorblax\nMember ID  ZX48210937\nClinic  643-7825\n"),
                              ("Zorblax\nMember ID  ZX48210937\nRx BIN  004336\n  4336\n",
                               "Zorblax\nMember ID  ZX48210937\nRx BIN  004336\nL004336\n"),
                              ("Zorblax\nMember ID  ZX48210937\n  2138661\n",
                               "Zorblax\nMember ID  ZX48210937\n67257OH2138661\n")):
        assert group_code_unread(read(mine), read(second_text), {"front": page(second_text)},
                                 [_front(mine)]) is None
    two = theirs + "T45821\n"
    assert group_code_unread(found, read(two), {"front": page(two)}, [face]) is None


def test_a_code_tesseract_read_as_a_garble_on_a_front_passing_with_no_group() -> None:
    # 8787's 0257 (motion blur): 'VX8308' under a label the blur took, Tesseract's
    # '\\S30S' at 0.40 there; the second engine parted the member ID's prefix
    # ('DBP 75271889'), and that part is no second code.
    ours = "Zorblax Wellness\nDBP75271889\n\nS30S@0.4\nRx BIN  155081\n"
    theirs = "Zorblax Wellness\nDBP 75271889\n\nVX8308\nRx BIN  155081\n"
    found, face = read(ours), _front(ours)
    assert value(found, "member_id") == "DBP75271889" and lost_group_unflagged(found)
    second: dict[Side, OcrPage] = {"front": page(theirs)}
    code = group_code_unread(found, read(theirs), second, [face])
    assert code is not None and code.value == "VX8308"
    assert code.confidence <= UNREAD_CODE_CONFIDENCE
    # With no member ID read, the code is as likely the ID (8484's 0175: an MBI).
    no_id = "Zorblax Wellness\n\n\nS30S@0.4\nRx BIN  155081\n"
    assert "member_id" not in read(no_id).fields
    assert group_code_unread(read(no_id), read(theirs), second, [_front(no_id)]) is None
    # Read there with confidence, the word is Tesseract's reading of other print.
    sure = ours.replace("S30S@0.4", "S30S@0.9")
    assert group_code_unread(read(sure), read(theirs), second, [_front(sure)]) is None
    # 8787's 0021: a placeholder's XXXXXX, Tesseract's 'XOXO' at 0.00, is no group.
    mask = "Zorblax Wellness\nDBP75271889\n\nPCP:   XOXO@0.0\n"
    misread = "Zorblax Wellness\nDBP75271889\n\nPCP:   X00000\n"
    assert group_code_unread(read(mask), read(misread), {"front": page(misread)},
                             [_front(mask)]) is None
    # 8888's 0053: nor a placeholder ('0000', Tesseract's 'nnelele' at 0.00); 0072: nor a
    # code Tesseract read alike in doubt ('OscRI9' at 0.42, an Rx group it placed).
    for mine, second_text in (("Zorblax\nDBP75271889\n\nPCP:   nnelele@0.0\n",
                               "Zorblax\nDBP75271889\n\nPCP:   0000\n"),
                              ("Zorblax\nDBP75271889\n\nOscRI9@0.42\n",
                               "Zorblax\nDBP75271889\n\nOSCR19\n")):
        assert group_code_unread(read(mine), read(second_text), {"front": page(second_text)},
                                 [_front(mine)]) is None


def test_a_code_tesseract_misread_under_a_pens_ring_on_a_front_passing_with_no_group() -> None:
    # Fresh 11010's 0125: an explainer's ellipse round '122757' ran through its 'Group no.'
    # label; Tesseract read '(33757' there with confidence, the second engine '122757'.
    import cv2

    ours = "Zorblax Wellness\nMember ID   ZX48210937\n\n(33757\nRx BIN  155081\n"
    theirs = "Zorblax Wellness\nMember ID   ZX48210937\n\n122757\nRx BIN  155081\n"
    found = read(ours)
    assert value(found, "member_id") == "ZX48210937" and lost_group_unflagged(found)
    second: dict[Side, OcrPage] = {"front": page(theirs)}
    box = next(w.box for w in page(theirs).words if w.text == "122757")
    ringed = np.full((638, 1011, 3), 250, np.uint8)
    cv2.ellipse(ringed, (int((box.left + box.right) / 2), int(box.cy)),
                (int(box.width / 2 + 25), int(box.height / 2 + 12)), 0, 0, 360,
                (40, 30, 215), 3, cv2.LINE_AA)
    code = group_code_unread(found, read(theirs), second, [_front(ours, ringed)])
    assert code is not None and code.value == "122757"
    assert code.confidence <= UNREAD_CODE_CONFIDENCE
    # No pen there: Tesseract's confident reading is of other print.
    assert group_code_unread(found, read(theirs), second, [_front(ours)]) is None
    # Nor the member ID, its look-alikes read otherwise (10606's 0138: '0SC84204870').
    alike = theirs.replace("122757", "2X4821O937")
    assert group_code_unread(found, read(alike), {"front": page(alike)},
                             [_front(ours, ringed)]) is None


def test_a_group_the_second_engine_read_under_its_label_on_a_front_passing_with_none() -> None:
    # The dev range's 0372: a Kaiser card (which may print no group) saved small from a
    # web page; Tesseract read 'GRP#' as 'GRPa' and left '344197' unlabelled (here its
    # label lost), the second engine read both. Its front read already: no OCR.
    from pipeline.config import Config
    from pipeline.process import group_unread_late

    ours = "Kaiser Permanente\nHealth Record Number   6198254246\n\n344197\n"
    theirs = "Kaiser Permanente\nHealth Record Number   6198254246\nGRP#\n344197\n"
    found, face = read(ours), _front(ours)
    assert found.carrier.template_id == "kaiser" and lost_group_unflagged(found)
    lost = group_unread_late(found, [face], False, (), Config(), {"front": page(theirs)})
    assert lost["group_number"].value == "344197"
    assert lost["group_number"].confidence <= UNREAD_CODE_CONFIDENCE
    # Not where theirs reads no group, nor where its group is a value ours gave another
    # field (the member ID printed under a second label).
    assert group_unread_late(found, [face], False, (), Config(), {"front": page(ours)}) == {}
    again = "Kaiser Permanente\nHealth Record Number   6198254246\nGRP#\n6198254246\n"
    assert group_unread_late(found, [face], False, (), Config(), {"front": page(again)}) == {}


def test_an_unlabelled_id_the_second_engine_read_otherwise_under_a_label_is_doubted() -> None:
    # Fresh 10404's 0267: the first reading lost the labels; the Issuer's number (its
    # 'Health Plan (80840)' lost) was taken as the member ID, unlabelled, at 0.68. The
    # second engine read the front already and found '015958110' under its label: it is
    # given, doubted. No OCR.
    from pipeline.config import Config
    from pipeline.crosscheck import DISPUTED_CONFIDENCE
    from pipeline.process import id_labelled_there

    ours = "UnitedHealthcare\nLEVI N IBRAHIM\n9654366070\nGroup ID: 3326403\n"
    theirs = ("UnitedHealthcare\nLEVI N IBRAHIM\nHealth Plan (80840) 9654366070\n"
              "Identification Number\n015958110\nGroup ID: 3326403\n")
    found, face = read(ours), _front(ours)
    assert found.fields["member_id"].label == "" and not found.reasons
    got = id_labelled_there(found, [face], False, (), Config(), {"front": page(theirs)})
    assert got["member_id"].value == "015958110"
    assert got["member_id"].confidence <= DISPUTED_CONFIDENCE
    # Not with the front unread by the second engine, nor where it reads ours alike or
    # nearly (dev's 0072: '1QSC505391591' for 'OSC50539159'; 10101's 0293: with the
    # suffix), nor for a labelled member ID of ours.
    assert id_labelled_there(found, [face], False, (), Config(), {}) == {}
    same = "UnitedHealthcare\nLEVI N IBRAHIM\nMember ID 9654366070\nGroup ID: 3326403\n"
    assert id_labelled_there(found, [face], False, (), Config(), {"front": page(same)}) == {}
    near = same.replace("9654366070", "19654366O701")
    assert id_labelled_there(found, [face], False, (), Config(), {"front": page(near)}) == {}
    labelled = read(same)
    assert id_labelled_there(labelled, [_front(same)], False, (), Config(),
                             {"front": page(theirs)}) == {}


def test_a_passing_group_the_second_engine_read_otherwise_under_a_label_is_doubted() -> None:
    # Fresh 11111's 0160: a tiny 'Rx Group' read 'Pr Group' over 'LJQ782', taken as the
    # group at 0.85; the second engine, having read the front already, read 'GRP' over
    # '1911-432'. Ours is doubted. No OCR.
    from pipeline.config import Config
    from pipeline.crosscheck import DISPUTED_CONFIDENCE
    from pipeline.process import group_labelled_otherwise

    ours = ("Baylor Scott & White Health Plan\nMember ID   80966402900\n\n1911-432\n"
            "Pr Group   LJQ782\n")
    theirs = ours.replace("\n\n1911-432\nPr Group", "\nGRP\n1911-432\nRx Group")
    found, face = read(ours), _front(ours)
    assert value(found, "group_number") == "LJQ782" and not found.reasons
    got = group_labelled_otherwise(found, [face], False, (), Config(), {"front": page(theirs)})
    assert got["group_number"].value == "LJQ782"
    assert got["group_number"].confidence <= DISPUTED_CONFIDENCE
    # Not with the front unread by the second engine, nor where it reads ours alike or
    # unsurely, nor where its group is a value ours gives another field.
    assert group_labelled_otherwise(found, [face], False, (), Config(), {}) == {}
    alike = theirs.replace("GRP\n1911-432\nRx Group", "\n1911-432\nGroup")
    assert group_labelled_otherwise(found, [face], False, (), Config(),
                                    {"front": page(alike)}) == {}
    unsure = theirs.replace("1911-432\n", "1911-432@0.6\n")
    assert group_labelled_otherwise(found, [face], False, (), Config(),
                                    {"front": page(unsure)}) == {}
    taken = theirs.replace("1911-432", "80966402900")
    assert group_labelled_otherwise(found, [face], False, (), Config(),
                                    {"front": page(taken)}) == {}


def test_a_second_engine_value_boxed_over_its_label_is_no_backing() -> None:
    # Fresh 10707's 0146 (motion blur): 'Group ID 862536' read by the second engine as
    # 'Group' '10862536', its box over the 'ID' Tesseract read as the label's end.
    from pipeline.process import swallows_label
    from pipeline.types import Box, FieldReading

    text = "highmark\nMember ID   QEZ381802811\nGroup ID 862536\n"
    found, face = read(text), _front(text)
    words = {w.text: w.box for w in face.page.words}
    over = Box(words["ID"].left, words["862536"].top, words["862536"].right,
               words["862536"].bottom)
    taken = FieldReading(name="group_number", value="10862536", confidence=0.45,
                         side="front", label="Group", box=over)
    assert swallows_label(face, found, taken)
    assert not swallows_label(face, found, replace(taken, value="862536",
                                                   box=words["862536"]))
    # Nor a value that does not end with Tesseract's (10505's 0144: the second engine
    # boxed 'Id#' and its 'IKD129232189' as one word, the value right).
    assert not swallows_label(face, found, replace(taken, value="W10862537"))


def test_a_group_lost_after_the_second_engine_took_the_code_that_flagged_it() -> None:
    # 8888's 0126 (motion blur): 'NDW328' flagged a lost group until the second engine
    # read it under 'Rx Group'; its reading of the front also gave 'DR9443', of which
    # Tesseract read '9443'. Its front read already, the check costs no OCR.
    from pipeline.config import Config
    from pipeline.process import group_unread_late

    ours = "Zorblax Wellness\nMember ID   ZX48210937\n\n  9443\nRx Group NDW328\n"
    theirs = "Zorblax Wellness\nMember ID   ZX48210937\n\nDR9443\nRx Group NDW328\n"
    found, face = read(ours), _front(ours)
    assert lost_group_unflagged(found)
    lost = group_unread_late(found, [face], False, (), Config(), {"front": page(theirs)})
    assert lost["group_number"].value == "DR9443"
    assert lost["group_number"].confidence <= UNREAD_CODE_CONFIDENCE
    assert not group_unread_late(found, [face], False, (), Config(), {})  # front not read
    flagged = read(ours + "Group\n")  # a group label seen: the review asks already
    assert not group_unread_late(flagged, [_front(ours + "Group\n")], False, (), Config(),
                                 {"front": page(theirs + "Group\n")})


def test_a_code_holding_the_member_id_read_short_is_no_lone_group() -> None:
    # The page read the member ID cut short ('DUG0647' of 'DUG06479114', 7777's 0226);
    # the whole ID printed again is that value read more fully, not a rival of the group.
    text = "Zorblax Wellness\nMember ID   ZX482109\nJOHN SMITH\nZX48210937\n   740215\n\nGroup #\n"
    lone = lone_group(read(text), [("front", page(text))])
    assert lone is not None and lone.value == "740215"


def test_read_again() -> None:
    assert read_again("DUG06479114", {"DUG0647"})
    assert read_again("W62OO60814", {"W620060814"})  # O for 0: a look-alike
    assert not read_again("740215", {"ZX482109"})
    assert not read_again("12345", {"123"})  # too short to tell


def test_a_plan_id_is_no_lone_group() -> None:
    # Oscar's HIOS plan ID read '987230H9122101' (OH, 6666's 0237) once the member ID's
    # look-alike '0SC29353416' left the candidates.
    assert plan_id_shaped("987230H9122101")
    assert plan_id_shaped("51297NY5800105")
    assert not plan_id_shaped("740215")
    assert not plan_id_shaped("12345678901234")
    text = ("Zorblax Wellness\nMember ID   ZX48210937\nJOHN SMITH\n987230H9122101\n"
            "   G740215\n\nGroup #\n")
    lone = lone_group(read(text), [("front", page(text))])
    assert lone is not None and lone.value == "G740215"


def test_a_word_of_digits_makes_no_misread_group_label() -> None:
    # Fresh 11111's 0259 (blur): 'Group id' over 'G073130' read 'Grou' and 'GO' '7:' '31'
    # '30'; 'Grou 7:' was taken for 'Group', '3130' passed as the group.
    r = read("Zorblax Wellness\nMember ID   ZX48210937\nGrou 7:  3130\n")
    assert value(r, "group_number") != "3130"
    r = read("Zorblax Wellness\nMember ID   ZX48210937\nGroup #:  3130\n")
    assert value(r, "group_number") == "3130"
    # A label's 'ID' read '10' is still the label (10707's 0221: 'Client 10').
    r = read("Neighborhood Health Plan of Rhode Island\nClient 10  ED11186023\n")
    assert value(r, "member_id") == "ED11186023"
