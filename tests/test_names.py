"""Member names of issue 15's first item: what fresh ranges 9595-9797 showed (the card each
case names is where a person read the expected value off the print)."""

from __future__ import annotations

import math
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import fields, glyphs
from pipeline.process import (
    initials_spaced,
    name_read_on,
    name_respaced,
    suffix_counted,
    unprinted_parting,
)
from pipeline.types import Box, FieldReading, OcrPage, OcrWord
from tests.fakes import read, value

BACK = """
Member Services  1-800-555-0100
Pharmacy Help Desk  1-800-555-0199
"""


@pytest.mark.parametrize(("read_as", "name"), [
    # A speck in the space before a suffix read as a stop or an apostrophe (9797's 0376,
    # 9696's 0120).
    ("DEEPA K JENSEN.SR", "DEEPA K JENSEN SR"), ("JULIAN PETERSEN'SR", "JULIAN PETERSEN SR"),
    ("NORA F VAN DYKE JR.", "NORA F VAN DYKE JR."), ("ST. JOHN, ADA", "ST. JOHN, ADA"),
    # An apostrophe read between a given name and its initial (9797's 0021); a name's own
    # apostrophe after one letter stays.
    ("ELIJAH'M RASMUSSEN", "ELIJAH M RASMUSSEN"), ("ADRIAN O'BRIEN", "ADRIAN O'BRIEN"),
    ("D'ANGELO K SMITH", "D'ANGELO K SMITH"),
    # A full stop read in that space (12020's 0245, 12424's 0120); a stop after an
    # initial, or in a word, stays.
    ("JANE.Q SAMPLE", "JANE Q SAMPLE"), ("Deshawn.G Jensen", "Deshawn G Jensen"),
    ("JANE Q. SAMPLE", "JANE Q. SAMPLE"), ("J.R. SMITH", "J.R. SMITH"),
    # The sex printed in the next column read on the name's row (9696's 0053, 9595's 0318);
    # a surname printed first keeps its initial, a name without a middle initial its words.
    ("REGINALD S NAVARRO M", "REGINALD S NAVARRO"), ("LATOYA G GALLAGHER F", "LATOYA G GALLAGHER"),
    ("PUBLIC, JOHN Q", "PUBLIC, JOHN Q"), ("IBRAHIM DOLORES F", "IBRAHIM DOLORES F"),
    ("JOHN Q PUBLIC", "JOHN Q PUBLIC"), ("CONNOR B BROOKS I", "CONNOR B BROOKS I"),
    # The primary care doctor printed in the next column read on the name's row (9696's
    # 0305); a name opening with a title stays for plausible_name to rule out.
    ("DOLORES E KOWALCZYK DR JACOB", "DOLORES E KOWALCZYK"),
    ("DR TOMAS NAVARRO", "DR TOMAS NAVARRO"),
    # A speck before a word read as a quote mark (11515's 0265); inner apostrophes stay.
    ("OWEN W \u2018SOLBERG", "OWEN W SOLBERG"), ("'ADA O'NEIL", "ADA O'NEIL"),
    # A saint's name glued to its ST (12424's 0004, 12929's 0275); other words stay.
    ("NIKOLAI A STJOHN", "NIKOLAI A ST JOHN"), ("ST.JOHN, ADA", "ST. JOHN, ADA"),
    ("ADA STJOHNSON", "ADA STJOHNSON"), ("ADA AUGUSTJOHN", "ADA AUGUSTJOHN"),
])
def test_marks_and_a_next_columns_letter_a_names_shape_rules_out(read_as: str, name: str) -> None:
    assert fields.mended_name(read_as) == name


@pytest.mark.parametrize(("value", "plausible"), [
    ("OF SPRINGFIELD", False),  # 9797's 0248: 'CITY OF SPRINGFIELD' under 'Grou Name'
    ("Pharmacy He", False),  # 9595's 0304: under 'Member' of 'Member Services'
    ("Member Services", False), ("JOHN Q MEMBER", True), ("ADA SILVER", True),
    ("Anna de la Cruz", True), ("ADA GOLD", True),
    # Fresh 11616's 0265 and 0112, 11111's 0176, 11212's 0240: a phone's label, a plan's
    # name, a carrier's under a lost name label; names that start so stay.
    ("HelpTe Desk", False), ("Heritage Signature", False), ("Behavioral Hea", False),
    ("KAISER PERMANENTE", False), ("JOHN HELPER", True), ("ADA DESKINS", True),
    # 12121's 0130: a surname with its particle and a suffix, the given name lost.
    ("ST JOHN II", False), ("THANH ST JOHN II", True), ("ST JOHN, ZOEY F", True),
])
def test_a_phrase_or_a_services_line_is_no_name(value: str, plausible: bool) -> None:
    assert fields.plausible_name(value) is plausible


def test_the_carriers_plan_name_is_no_other_person_beside_the_subscriber() -> None:
    """9696's 0232: ``Cigna Connect`` (the plan) above ``Subscriber`` ``Isaac Harper
    Tran``: the card names only its subscriber, who is the member."""
    r = read("""
.
Cigna Healthcare
Cigna Connect
Subscriber
Isaac Harper Tran
Member ID  U24724554
""", BACK)
    assert value(r, "member_name") == "Isaac Harper Tran"


def test_a_misread_label_word_before_a_name_in_capitals_is_no_part_of_it() -> None:
    """9595's 0148: ``Member nome AARON E ZIMMERMAN`` (the label ``Member name`` with its
    second word misread): the name is the words in capitals."""
    r = read("""
Florida Blue
Member nome AARON E ZIMMERMAN
ID No.  CRIH76405127
""", BACK)
    assert value(r, "member_name") == "AARON E ZIMMERMAN"


def test_a_spanish_label_word_is_no_name() -> None:
    """9696's 0148: the label ``Name/Nombre`` read ``Neme Nombre`` on its own row, the
    name ``Jacob Jacob Chavez`` under it: the label's words are no one's name."""
    r = read("""
Florida Blue
BlueOptions
Neme Nombre
Jacob Jacob Chavez
WBAH99262729
""", BACK)
    assert value(r, "member_name") == "Jacob Jacob Chavez"


def test_a_label_misread_before_a_name_in_capitals_is_no_part_of_it() -> None:
    """9797's 0343: ``Subsenber ELIJAH REYES`` (its label misread, its colon lost) with
    no other person on the card: the name is the words in capitals."""
    r = read("""
Premera Blue Cross
Subsenber ELIJAH REYES
Enrollee ID  DNZ1774630510
""", BACK)
    assert value(r, "member_name") == "ELIJAH REYES"


@pytest.mark.parametrize(("name", "cut"), [
    ("ABIGAIL S ST JOHN V", True),  # 9696's 0340: IV read V
    ("CONNOR B BROOKS I", True), ("JOHN Q PUBLIC", False), ("PUBLIC, JOHN V", False),
    ("JOHN SMITH V", False),
])
def test_a_lone_v_after_a_name_with_its_initial_is_a_suffix_cut_short(name: str, cut: bool) -> None:
    assert fields.cut_suffix(name) is cut


def test_a_word_of_capitals_going_on_in_lower_case_leaves_the_name_out() -> None:
    """9797's 0097: ``Gabriel Evelyn Huynh ACMEer GrouNUFACTURING`` (an employer's line read
    on after the name): no name's word prints so, the name is left out for doubt."""
    reading = FieldReading("member_name", "Gabriel Evelyn Huynh ACMEer GrouNUFACTURING", 0.83,
                           "front", "Name", Box(50, 100, 600, 124))
    assert "member_name" not in fields.trusted_name({"member_name": reading})
    kept = replace(reading, value="Gabriel Evelyn Huynh")
    assert fields.trusted_name({"member_name": kept})["member_name"] == kept
    mc = replace(reading, value="Ada McDONALD")
    assert "member_name" in fields.trusted_name({"member_name": mc})


def test_a_subscriber_label_read_whole_keeps_its_row_apart_from_the_name_above() -> None:
    """9797's 0192: ``MAXINE DUBOIS SR`` under the plan, ``Subscriber LUNA A RASMUSSEN``
    on the row under it: the label read whole stays with its row (no second person's name
    stacked under the member's), so the unlabelled name is the member's."""
    r = read("""
Group Health Cooperative
Silver HMO 3000
MAXINE DUBOIS SR
Subscriber LUNA A RASMUSSEN
Member ID  T04471966
""", BACK)
    assert value(r, "member_name") == "MAXINE DUBOIS SR"
    assert value(r, "subscriber_name") == "LUNA A RASMUSSEN"


def test_a_member_label_with_its_m_read_rn_is_still_the_members() -> None:
    # Fresh 11515's 0016, a hand's shadow: 'Member Name:' read 'Mernber Name:' over a name
    # cut to 'NIKOLAI O!', and the policy holder's name passed as the member's.
    card = ("Florida Blue\nPlan: BlueOptions\nPolicy Holder: LUNA F LARSON\n"
            "{} Name: NIKOLAI OKONKWO\nIdentification Number: ILLH59622908\n")
    for label in ("Member", "Mernber"):
        r = read(card.format(label))
        assert value(r, "member_name") == "NIKOLAI OKONKWO"
        assert value(r, "subscriber_name") == "LUNA F LARSON"
    assert fields.normalize_label("Nurnber:") == fields.normalize_label("Number")


def _printed_name(printed: str, read_as: str) -> tuple[Any, list[Any]]:
    """A front whose pixels print ``printed`` (a surname, a comma and given names) and
    whose page read its given names as one word ``read_as``; and its interpretation."""
    font = ImageFont.truetype(
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", 28)
    image = Image.new("L", (1011, 638), 245)
    draw = ImageDraw.Draw(image)
    draw.text((60, 200), printed, fill=20, font=font)
    surname, given = printed.split(" ", 1)
    left, top, right, bottom = draw.textbbox((60, 200), surname, font=font)
    end = draw.textbbox((60, 200), printed, font=font)[2]
    words = (OcrWord(surname, Box(left, top, right, bottom), 0.9, 0),
             OcrWord(read_as, Box(end - draw.textlength(given, font=font), top, end, bottom),
                     0.9, 0))
    found = read(f"Member  {surname} {read_as}\n")
    name = replace(found.fields["member_name"], box=Box(left, top, end, bottom))
    side = SimpleNamespace(side="front", page=OcrPage(words, 1011, 638),
                           ocr_image=np.asarray(image))
    return replace(found, fields={**found.fields, "member_name": name}), [side]


def test_an_initial_glued_to_a_name_word_is_parted_where_its_print_is_spaced() -> None:
    # 10808's 0216: 'LARSON, NORA N' printed, the page read 'LARSON,' 'NORAN'.
    glued = _printed_name("LARSON, NORA N", "NORAN")
    assert value(glued[0], "member_name") == "LARSON, NORAN"
    assert initials_spaced(*glued)["member_name"].value == "LARSON, NORA N"
    # Printed as read: nothing parts.
    assert initials_spaced(*_printed_name("LARSON, NORAN", "NORAN")) == {}


def _page_read(printed: str, read: str) -> Any:
    """A front printing ``printed`` whose page read the words of ``read`` (as many
    letters, OCR's spacing), and a member's name reading of ``read`` over them."""
    font = ImageFont.truetype(
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", 28)
    image = Image.new("L", (1011, 638), 245)
    draw = ImageDraw.Draw(image)
    draw.text((60, 200), printed, fill=20, font=font)
    words, at = [], 0
    for token in read.split():
        # where the token's letters sit in the print
        start = printed.index(token[0], at)
        end = start
        for ch in token:
            end = printed.index(ch, end) + 1
        left = draw.textbbox((60, 200), printed[:start] + "|", font=font)[2] - draw.textlength(
            "|", font=font)
        box = draw.textbbox((60, 200), printed[:end], font=font)
        words.append(OcrWord(token, Box(left, box[1], box[2], box[3]), 0.9, 0))
        at = end
    whole = Box(words[0].box.left, words[0].box.top, words[-1].box.right, words[-1].box.bottom)
    reading = FieldReading("member_name", read, 0.9, "front", "Member", whole)
    return SimpleNamespace(side="front", page=OcrPage(tuple(words), 1011, 638),
                           ocr_image=np.asarray(image)), reading


def test_a_closer_reading_that_parts_a_word_the_print_holds_whole_is_not_taken() -> None:
    # 11919's 0130: the page read 'VASQUEZ,' whole; closer readings gave 'VASQ UEZ'.
    side, reading = _page_read("VASQUEZ, THANH N", "VASQUEZ, THANH N")
    assert unprinted_parting(side, reading, "VASQ UEZ, THANH N")
    # A space the print shows may part the page's word (a surname OCR ran together)...
    side, reading = _page_read("ST JOHN, LATOYA N", "STJOHN, LATOYA N")
    assert not unprinted_parting(side, reading, "ST JOHN, LATOYA N")
    # ...and an initial glued on is not judged here.
    side, reading = _page_read("LARSON, NORA N", "LARSON, NORAN")
    assert not unprinted_parting(side, reading, "LARSON, NORA N")
    # 12626's 0181: the second engine's 'OwenVan Dyke', a word the page did not read: a
    # parting there counts as unprinted only for the page's own reading.
    side, reading = _page_read("Owen Van Dyke", "Owen Van Dyke")
    joined = replace(reading, value="OwenVan Dyke")
    assert unprinted_parting(side, joined, "Owen Van Dyke")
    assert not unprinted_parting(side, joined, "Owen Van Dyke", unread=False)


def _drawn(printed: str, size: int = 28,
           face: str = "liberation2/LiberationSans-Bold.ttf") -> tuple[Any, Box]:
    """A grey card image printing ``printed`` and its box (card pixels)."""
    font = ImageFont.truetype(f"/usr/share/fonts/truetype/{face}", size)
    image = Image.new("L", (1011, 638), 245)
    draw = ImageDraw.Draw(image)
    draw.text((60, 200), printed, fill=20, font=font)
    return np.asarray(image), Box(*draw.textbbox((60, 200), printed, font=font))


SANS, SERIF = "liberation2/LiberationSans-Bold.ttf", "liberation2/LiberationSerif-Regular.ttf"


@pytest.mark.parametrize(("printed", "read_as", "spaced", "faces"), [
    # Fresh 12121's 0030 and 12626's 0233: an initial's space OCR read through.
    ("LEVI F MACDONALD", "LEVI FMACDONALD", "LEVI F MACDONALD", (SANS, SERIF)),
    ("VIOLET N OKONKWO", "VIOLET NOKONKWO", "VIOLET N OKONKWO", (SANS, SERIF)),
    # A space read inside a word (12020's 0068's kind; the serif's RA touch: no column each).
    ("WASHINGTON, RAFAEL", "WASHINGTON, R AFAEL", "WASHINGTON, RAFAEL", (SANS,)),
    # Spaced as printed, or an apostrophe's gap: nothing changes.
    ("LEVI F MACDONALD", "LEVI F MACDONALD", None, (SANS, SERIF)),
    ("O'BRIEN, MIA K", "O'BRIEN, MIA K", None, (SANS, SERIF)),
    ("LEVI FMACDONALD", "LEVI FMACDONALD", None, (SANS, SERIF)),
    # Only one initial parted, never a first letter nor, without a comma, a last one.
    ("NORA A ST JOHN", "NORAAST JOHN", None, (SANS, SERIF)),
    ("G ALLAGHER", "GALLAGHER", None, (SANS, SERIF)),
    ("ADA ST JOH N", "ADA ST JOHN", None, (SANS, SERIF)),
])
def test_a_names_spaces_are_the_prints(
    printed: str, read_as: str, spaced: str | None, faces: tuple[str, ...]
) -> None:
    for face in faces:
        image, box = _drawn(printed, face=face)
        assert glyphs.respaced(image, box, read_as) == spaced, face


def test_a_surname_and_given_names_a_typewriter_comma_sets_apart_are_one_name() -> None:
    # 12525's 0225 in Courier: 'PHAM,' and 'LEVI M' 41 px apart at 19 px high (over
    # MAX_WORD_GAP word heights), one OCR line; split, the card's other name was taken.
    words = (OcrWord("PHAM,", Box(86, 185, 165, 204), 0.96, 2),
             OcrWord("LEVI", Box(206, 185, 281, 204), 0.91, 2),
             OcrWord("M", Box(297, 185, 311, 204), 0.91, 2))
    assert fields.name_rows(words, range(3)) == [[0, 1, 2]]
    # A word not ending in a comma stays apart at that gap: two columns.
    apart = (replace(words[0], text="PHAM"), *words[1:])
    assert fields.name_rows(apart, range(3)) == [[0], [1, 2]]


def test_the_name_over_an_unlabelled_id_is_not_taken_beside_another_persons() -> None:
    # 11818's 0052 (a web image): the subscriber's small label lost over 'SVETLANA M
    # MORALES', the ID under it unlabelled; the member's name is printed bold above.
    front = """
ambetter
Ambetter Balanced Care 5
DESHAWN E OYELARAN II@0.62
Sileeriiver@0.1 torte@0.3
SVETLANA M MORALES
Veberit@0.1 Fremathinny@0.1
U79172426
"""
    assert value(read(front), "member_name") != "SVETLANA M MORALES"
    # With no other person named, the name over the ID is the member's.
    alone = front.replace("DESHAWN E OYELARAN II@0.62\n", "")
    assert value(read(alone), "member_name") == "SVETLANA M MORALES"


@pytest.mark.parametrize(("read_as", "name"), [
    # Two words in mixed case read as one (13030's 0087, 0120); names that print a capital
    # inside a word stay.
    ("AbigailAdrian Huynh", "Abigail Adrian Huynh"),
    ("Evelyn BridgetMcallister", "Evelyn Bridget Mcallister"),
    ("Ada McKenzie", "Ada McKenzie"), ("Sean FitzGerald", "Sean FitzGerald"),
    ("Mia LaToya MacDonald", "Mia LaToya MacDonald"), ("DeShawn O'Brien", "DeShawn O'Brien"),
])
def test_two_words_of_a_name_in_mixed_case_read_as_one_are_parted(
    read_as: str, name: str
) -> None:
    assert fields.run_together_parted(read_as) == name
    image, box = _drawn(name)
    found = read(f"Member  {read_as}\nMember ID  912345678\n")
    found = replace(found, fields={**found.fields, "member_name": replace(
        found.fields["member_name"], box=box)})
    side: Any = SimpleNamespace(side="front", ocr_image=image)
    assert value(name_respaced(found, [side]), "member_name") == name


def test_a_name_respaced_by_its_print_splits_again_for_the_portal() -> None:
    # 12121's 0030: 'LEVI F MACDONALD' printed, read 'LEVI FMACDONALD'.
    image, box = _drawn("LEVI F MACDONALD")
    found = read("Member  LEVI FMACDONALD\nMember ID  912345678\n")
    assert found.portal["last_name"] == "FMACDONALD"
    found = replace(found, fields={**found.fields, "member_name": replace(
        found.fields["member_name"], box=box)})
    side: Any = SimpleNamespace(side="front", ocr_image=image)
    spaced = name_respaced(found, [side])
    assert value(spaced, "member_name") == "LEVI F MACDONALD"
    assert (spaced.portal["first_name"], spaced.portal["last_name"]) == ("LEVI", "MACDONALD")
    # Printed as read: the interpretation stays as it was.
    image, box = _drawn("LEVI FMACDONALD")
    found = replace(found, fields={**found.fields, "member_name": replace(
        found.fields["member_name"], box=box)})
    side = SimpleNamespace(side="front", ocr_image=image)
    assert name_respaced(found, [side]) is found


@pytest.mark.parametrize(("printed", "bars"), [
    ("NORA O'BRIEN III", 3), ("VIOLET TRAN II", 2), ("JOHN Q SMITH I", 1),
    ("JOHN Q SMITH", None),  # no strokes after its last space
    ("JOHN Q SMITH IV", None),  # a V is no stroke
])
def test_a_suffixs_strokes_are_counted_on_the_print(printed: str, bars: int | None) -> None:
    # 13030's 0236 ('O'BRIEN III' read 'II'), 12424's 0216 ('TRAN II' read 'I').
    image, box = _drawn(printed)
    assert glyphs.suffix_bars(image, box, math.inf) == bars


def test_a_rule_beside_a_name_is_no_suffix() -> None:
    image, box = _drawn("JOHN Q SMITH")
    ruled = np.array(image)
    ruled[box.top - 20:box.bottom + 20, box.right + 14:box.right + 17] = 20  # a column's rule
    assert glyphs.suffix_bars(ruled, box, math.inf) is None


def test_a_suffix_read_short_of_its_strokes_is_counted_again_for_the_portal() -> None:
    image, box = _drawn("NORA O'BRIEN III")
    found = read("Member  NORA O'BRIEN II\nMember ID  912345678\n")
    found = replace(found, fields={**found.fields, "member_name": replace(
        found.fields["member_name"], box=box)})
    side: Any = SimpleNamespace(side="front", ocr_image=image, page=OcrPage((), 1011, 638))
    assert value(suffix_counted(found, [side]), "member_name") == "NORA O'BRIEN III"
    side.ocr_image, box = _drawn("NORA O'BRIEN II")
    found = replace(found, fields={**found.fields, "member_name": replace(
        found.fields["member_name"], box=box)})
    assert suffix_counted(found, [side]) is found
    # Fewer strokes than read: they may touch (13131's 0050, 'III' one column): kept.
    side.ocr_image, box = _drawn("NORA O'BRIEN I")
    more = replace(found, fields={**found.fields, "member_name": replace(
        found.fields["member_name"], value="NORA O'BRIEN III", box=box)})
    assert suffix_counted(more, [side]) is more


def _cut(printed: str, read_as: str) -> tuple[Any, Box]:
    """``printed`` drawn, and the box of only its start ``read_as`` (what OCR read)."""
    image, whole = _drawn(printed)
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", 28)
    right = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((60, 200), read_as, font=font)[2]
    return image, Box(whole.left, whole.top, right, whole.bottom)


def test_a_name_whose_print_runs_on_past_its_box_was_cut_short() -> None:
    # 12424's 0222 ('HARPER BERGSTRO' of 'HARPER BERGSTROM'), wide's 0271 ('Richard Le').
    image, box = _cut("HARPER BERGSTROM", "HARPER BERGSTRO")
    whole = glyphs.name_runs_on(image, box, "HARPER BERGSTRO")
    assert whole is not None and whole.right > box.right + 15
    # Read whole, nothing runs on; nor into the row's next column, a space and more away.
    image, box = _drawn("HARPER BERGSTROM")
    assert glyphs.name_runs_on(image, box, "HARPER BERGSTROM") is None
    image, box = _cut("HARPER BERGSTROM        Group 123", "HARPER BERGSTROM")
    assert glyphs.name_runs_on(image, box, "HARPER BERGSTROM") is None
    # An explainer's arrow pointing at the name's end (11818's 0170) is no more of it.
    image, box = _drawn("TRAN, CALEB H")
    arrowed = Image.fromarray(image)
    mid, tip = (box.top + box.bottom) // 2, box.right + 3
    ImageDraw.Draw(arrowed).polygon(
        [(tip, mid), (tip + 14, mid - 9), (tip + 14, mid + 9)], fill=20)  # its head
    ImageDraw.Draw(arrowed).rectangle((tip + 14, mid - 1, tip + 80, mid + 1), fill=20)
    assert glyphs.name_runs_on(np.asarray(arrowed), box, "TRAN, CALEB H") is None


def _name_cut(printed: str, read_as: str) -> tuple[Any, Any]:
    """A card reading ``read_as`` as the member's name, its box only that much of the drawn
    ``printed`` (:func:`_cut`), and the side it is on."""
    image, box = _cut(printed, read_as)
    found = read(f"Member  {read_as}\nMember ID  912345678\n")
    found = replace(found, fields={**found.fields, "member_name": replace(
        found.fields["member_name"], box=box)})
    return found, SimpleNamespace(side="front", ocr_image=image)


@pytest.mark.tesseract
def test_a_name_cut_short_is_read_again_whole_or_left_out() -> None:
    from pipeline.ocr import get_engine

    found, side = _name_cut("HARPER BERGSTROM", "HARPER BERGSTRO")
    again = name_read_on(found, [side], get_engine("tesserocr"))
    assert value(again, "member_name") == "HARPER BERGSTROM"
    assert again.portal["last_name"] == "BERGSTROM"
    # Where the whole reading does not go on from the name read (its last letter
    # misread), the name is left out for doubt.
    _, box = _cut("HARPER BERGSTROM", "HARPER BERGSTR")  # the same print, boxed shorter
    misread = replace(found, fields={**found.fields, "member_name": replace(
        found.fields["member_name"], value="HARPER BERGSTA", box=box)})
    doubted = name_read_on(misread, [side], get_engine("tesserocr"))
    assert "member_name" not in doubted.fields and doubted.doubtful_name is not None


def test_a_word_of_the_name_after_a_space_is_told_from_the_next_column() -> None:
    # dev's 0045 ('NORA A UNDERWOOD' of '... III'), 13030's 0248 ('Sunil Earl' of
    # 'Sunil Earl Okonkwo'): the print goes on a word space after the box.
    for printed, read_as in (("NORA A UNDERWOOD III", "NORA A UNDERWOOD"),
                             ("Sunil Earl Okonkwo", "Sunil Earl")):
        image, box = _cut(printed, read_as)
        whole = glyphs.word_after(image, box, read_as)
        assert whole is not None and whole.right > box.right + 25
        assert glyphs.name_runs_on(image, box, read_as) is None  # no word cut short
    # Read whole, no word follows; nor does the row's next column, farther than a space.
    image, box = _drawn("NORA A UNDERWOOD")
    assert glyphs.word_after(image, box, "NORA A UNDERWOOD") is None
    image, box = _cut("NORA A UNDERWOOD        Group 123", "NORA A UNDERWOOD")
    assert glyphs.word_after(image, box, "NORA A UNDERWOOD") is None
    # A word cut short runs on at letter spacing: no word after a space.
    image, box = _cut("HARPER BERGSTROM", "HARPER BERGSTRO")
    assert glyphs.word_after(image, box, "HARPER BERGSTRO") is None


@pytest.mark.tesseract
@pytest.mark.parametrize(("printed", "read_as"), [
    ("Sunil Earl Okonkwo", "Sunil Earl"), ("NORA A UNDERWOOD III", "NORA A UNDERWOOD"),
    ("MACDONALD, LEVI W", "MACDONALD, LEVI"),
])
def test_a_name_read_short_of_a_word_after_a_space_is_read_on(printed: str, read_as: str) -> None:
    from pipeline.ocr import get_engine

    found, side = _name_cut(printed, read_as)
    assert value(name_read_on(found, [side], get_engine("tesserocr")), "member_name") == printed


@pytest.mark.tesseract
def test_a_name_with_print_after_a_space_that_is_no_name_word_is_kept() -> None:
    from pipeline.ocr import get_engine

    found, side = _name_cut("NORA A UNDERWOOD 1234", "NORA A UNDERWOOD")
    assert name_read_on(found, [side], get_engine("tesserocr")) is found


@pytest.mark.parametrize("module", ["pipeline.process", "pipeline.fields", "pipeline.glyphs",
                                    "pipeline.crosscheck", "pipeline.portal"])
def test_the_name_and_code_rules_examples_hold(module: str) -> None:
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0


def _columns(widths: list[int], gaps: list[int]) -> list[tuple[int, int]]:
    """Ink columns (left, right x) of glyphs ``widths`` wide, ``gaps`` apart."""
    out, x = [], 50
    for k, w in enumerate(widths):
        out.append((x, x + w))
        x += w + (gaps[k] if k < len(gaps) else 0)
    return out


@pytest.mark.parametrize(("columns", "read_as", "spaced"), [
    # The print's own columns: 12121's 0030 and 12424's 0140 (its comma a column).
    ([(61, 72), (74, 85), (88, 107), (110, 114), (126, 137), (148, 170), (172, 193),
      (193, 214), (218, 235), (237, 259), (262, 280), (282, 303), (305, 316), (319, 336)],
     "LEVI FMACDONALD", "LEVI F MACDONALD"),
    ([(48, 63), (65, 86), (88, 107), (109, 129), (130, 149), (150, 173), (174, 196),
      (197, 203), (212, 235), (236, 258), (260, 275), (276, 298), (303, 325)],
     "SOLBERG, ROSAA", "SOLBERG, ROSA A"),
    # Dev's 0040: an M and an E 6 px apart among gaps of 3, a space of 9: no initial.
    (_columns([18, 24, 18, 24, 15, 16, 17, 18, 18], [2, -1, 3, 6, 9, 3, 2, 3]),
     "KWAME TRAN", None),
    # 12929's 0100: 'GABRIEL J' set as close as its letters, after a comma's wide gap: the
    # space stays (a comma widens its own gap).
    (_columns([18, 5, 24, 24, 16, 17, 24, 18, 18, 18, 18, 17, 17, 5, 16, 15, 12],
              [4, 4, 4, 4, 5, 2, 3, 3, 18, 3, 2, 5, 2, 5, 5, 5]),
     "ZIMMERMAN, GABRIEL J", None),
])
def test_spaces_by_measured_columns(
    columns: list[tuple[int, int]], read_as: str, spaced: str | None
) -> None:
    assert glyphs.spaced_by(columns, read_as) == spaced
