"""The cross-check (pipeline.crosscheck, pipeline.ppocr): the second reader reads drawn
text right, the alignment finds where a value and the line differ, and the verdict doubts a
trusted value it contradicts and mends a doubted one. Expected values are the texts drawn
or the sample cards' ground truth, never the pipeline's output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline import crosscheck, fields, ppocr
from pipeline.config import Config
from pipeline.crosscheck import Comparison, alike_ambiguous, compare, second_reading, verdict
from pipeline.ocr import get_engine
from pipeline.ppocr import LineChar, LineRead
from pipeline.process import (
    TWO_ENGINES_CONFIDENCE,
    Interpretation,
    both_engines_read,
    codes_missing_sides,
    corroborated,
    interpret,
    line_mended,
    process_card,
    read_by_second_engine,
    review_bars,
    suffix_left_out,
    sure_alone,
    unread_lines,
)
from pipeline.templates import load_templates
from pipeline.types import Box, CarrierMatch, FieldReading, OcrPage, OcrWord, Side, SideRead

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "cards"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

needs_reader = pytest.mark.skipif(
    ppocr.line_reader() is None,
    reason="rapidocr's recogniser or onnxruntime is not installed "
           "(pip install rapidocr onnxruntime)")


def line(text: str, prob: float = 0.99, weak: str = "") -> LineRead:
    """A line read as ``text``, one character every 10 px; characters in ``weak`` at 0.5."""
    return LineRead(tuple(
        LineChar(ch, 10.0 * i, 10.0 * i + 8, 0.5 if ch in weak else prob)
        for i, ch in enumerate(text)))


def reading(value: str, confidence: float) -> FieldReading:
    return FieldReading(name="member_id", value=value, confidence=confidence, side="front",
                        label="ID", box=Box(0, 0, 100, 20))


def test_the_same_value_inside_a_longer_line_differs_nowhere() -> None:
    got = compare("W213769935", line("ID: W213769935  01"))
    assert got.differences == ()


def test_o_and_zero_are_not_held_against_each_other() -> None:
    assert compare("OSC8171318502", line("0SC8171318502")).differences == ()
    assert compare("I54468997", line("154468997")).differences == ()


def test_a_swapped_character_is_found_and_mended_in_place() -> None:
    got = compare("2T52-TT4-XD17", line("2T52-TT4-XD12"))
    assert [(e.kind, e.ours, e.theirs) for e in got.differences] == [("swap", "7", "2")]
    assert got.mended() == "2T52-TT4-XD12"


def test_a_character_only_the_line_has_is_put_in_and_one_it_lacks_taken_out() -> None:
    assert compare("U4720278", line("U47202787")).differences == ()  # past the end: free
    assert compare("U472787", line("U4720787")).mended() == "U4720787"
    assert compare("VES017055423747", line("VES 0170554237")).mended() == "VES0170554237"


def test_a_lost_repeat_is_told_apart_from_a_lost_character() -> None:
    assert compare("0009999", line("009999")).repeat_lost()
    assert not compare("VES017055423747", line("VES 0170554237")).repeat_lost()


def test_accented_line_characters_read_as_the_plain_letter() -> None:
    assert compare("U19660135", line("Ü19660135")).differences == ()


def test_a_trusted_value_the_line_surely_contradicts_is_doubted_and_mended() -> None:
    got = verdict(reading("AQ3789622", 0.85), compare("AQ3789622", line("AO3789622")), 0.5,
                  lambda _: True)
    assert got is not None
    assert got.value == "AO3789622"
    assert got.confidence < 0.5


def test_a_trusted_value_is_not_disputed_by_weak_or_lost_characters() -> None:
    trusted = reading("LDQ869354605", 0.86)
    weak = compare(trusted.value, line("LD9869354605", weak="9"))
    assert weak.differences
    assert verdict(trusted, weak, 0.5, lambda _: True) is None
    lost = compare("AHN000099999", line("AHN00009999"))
    assert verdict(replace(trusted, value="AHN000099999"), lost, 0.5, lambda _: True) is None


@pytest.mark.parametrize(("confidence", "prob", "disputed"), [
    (0.66, 0.85, True),   # 7070's 0373: an MBI's Q read D at 0.66, the line's Q at 0.85
    (0.66, 0.75, False),  # the line's reading weaker still: its own slip
    (0.86, 0.85, False),  # a value read well: only a sure line reading disputes it
])
def test_a_marginal_value_is_disputed_by_a_fairly_sure_line(
        confidence: float, prob: float, disputed: bool) -> None:
    trusted = reading("2DM4A10JA78", confidence)
    chars = line("2QM4A10JA78").chars
    read_as = LineRead(tuple(replace(c, prob=prob) if c.text == "Q" else c for c in chars))
    got = verdict(trusted, compare(trusted.value, read_as), 0.5, lambda _: True)
    assert (got is not None) is disputed
    if got is not None:
        assert (got.value, got.confidence < 0.5) == ("2QM4A10JA78", True)


def test_a_trusted_value_with_characters_the_line_does_not_read_is_doubted() -> None:
    # 7878's 0113: an arrow's head after 'VES0170554237' read '47' by Tesseract only.
    trusted = reading("VES017055423747", 0.65)
    got = verdict(trusted, compare(trusted.value, line("VES 0170554237")), 0.5,
                  lambda _: True)
    assert got is not None
    assert (got.value, got.confidence < 0.5) == ("VES0170554237", True)
    one = reading("VES01705542374", 0.65)  # one character lacking: the line's own slip
    assert verdict(one, compare(one.value, line("VES 0170554237")), 0.5,
                   lambda _: True) is None


def test_a_disputed_value_keeps_its_characters_when_the_line_also_lacks_some() -> None:
    trusted = reading("QPI00099S99", 0.86)
    got = verdict(trusted, compare(trusted.value, line("PI00099599")), 0.5, lambda _: True)
    assert got is not None
    assert (got.value, got.confidence < 0.5) == ("QPI00099S99", True)


def test_a_doubted_value_is_mended_only_where_the_line_is_sure() -> None:
    doubted = reading("AQE354123707", 0.34)
    sure = verdict(doubted, compare(doubted.value, line("AOE354123707")), 0.5, lambda _: True)
    assert sure is not None and sure.value == "AOE354123707"
    assert sure.confidence == doubted.confidence
    unsure = compare(doubted.value, line("AOE354123707", weak="O"))
    assert verdict(doubted, unsure, 0.5, lambda _: True) is None


def test_a_mend_that_breaks_the_format_is_not_made() -> None:
    doubted = reading("W123456789", 0.3)
    assert verdict(doubted, compare(doubted.value, line("V123456789")), 0.5,
                   lambda v: v.startswith("W")) is None


def test_agreement_changes_nothing() -> None:
    doubted = reading("W123456789", 0.3)
    assert verdict(doubted, compare(doubted.value, line("W123456789")), 0.5,
                   lambda _: True) is None


def drawn_line(text: str, size: int = 30) -> np.ndarray:
    font = ImageFont.truetype(FONT, size)
    image = Image.new("RGB", (40 + int(font.getlength(text)), size + 24), (245, 245, 240))
    ImageDraw.Draw(image).text((20, 10), text, fill=(25, 25, 30), font=font)
    bgr: np.ndarray = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)
    return bgr


@needs_reader
@pytest.mark.parametrize("text", ["W213769935", "OSC8171318502", "XZ 9147589652", "866081-030"])
def test_the_line_reader_reads_drawn_values(text: str) -> None:
    reader = ppocr.line_reader()
    assert reader is not None
    got = reader.read(drawn_line(text))
    assert got.text.replace("O", "0") == text.replace("O", "0")
    lefts = [c.left for c in got.chars]
    assert lefts == sorted(lefts)
    assert lefts[0] >= 0 and got.chars[-1].right <= drawn_line(text).shape[1] + 16


@needs_reader
def test_an_empty_crop_reads_nothing() -> None:
    reader = ppocr.line_reader()
    assert reader is not None
    assert reader.read(np.zeros((0, 0, 3), np.uint8)).chars == ()


@needs_reader
def test_on_a_sample_card_the_true_id_stands_and_a_forged_one_is_doubted() -> None:
    """The crop lands on the value's print in the card frame: the sample's member ID as the
    generator printed it passes; the same reading with one digit changed is doubted."""
    truth = json.loads((SAMPLES / "truth.jsonl").read_text().splitlines()[0])
    result = process_card(SAMPLES / truth["front"], SAMPLES / truth["back"], card=truth["card"])
    found = result.fields["member_id"]
    assert found.value == truth["fields"]["member_id"]
    reader = ppocr.line_reader()
    assert reader is not None
    bars = {"member_id": review_bars(Config())["member_id"]}
    trusted = replace(found, confidence=0.85)
    assert crosscheck.cross_checked({"member_id": trusted}, result.sides, bars, {}, reader) == {}
    last = found.value[-1]
    forged = replace(trusted, value=found.value[:-1] + ("3" if last != "3" else "8"))
    got = crosscheck.cross_checked({"member_id": forged}, result.sides, bars, {}, reader)
    assert got["member_id"].confidence < bars["member_id"]
    # Read surely, it is not read again (LINE_CHECK_BELOW).
    sure = replace(forged, confidence=crosscheck.LINE_CHECK_BELOW)
    assert crosscheck.cross_checked({"member_id": sure}, result.sides, bars, {}, reader) == {}


def test_a_comparison_of_nothing_is_empty() -> None:
    assert compare("", line("ABC")) == Comparison("", ())
    assert compare("ABC", LineRead(())).mended() == ""


def test_a_doubted_value_the_second_reading_reads_surely_is_confirmed() -> None:
    mine = reading("W223456789", 0.3)
    theirs = replace(mine, confidence=0.92)
    got = second_reading({"member_id": mine}, {"member_id": theirs}, {"member_id": 0.5}, True)
    assert got["member_id"].value == "W223456789"
    assert 0.5 <= got["member_id"].confidence <= crosscheck.CONFIRMED_CONFIDENCE


def test_a_misread_label_the_second_reading_reads_right_names_the_field_surely() -> None:
    # 13333's 0044: 'GRP#' read 'Gro' (label score 0.5) over 147546; the second engine read
    # 'Group' over the same value. The value confirmed, its label is the field's too.
    mine = replace(reading("147546", 0.5), name="group_number", label="Gro", label_score=0.5)
    theirs = replace(mine, confidence=0.95, label="Group", label_score=1.0)
    bars = {"group_number": 0.6}
    got = second_reading({"group_number": mine}, {"group_number": theirs}, bars, True)
    assert got["group_number"].label_score == 1.0
    assert got["group_number"].label == "Gro"  # as Tesseract read it: the print's place
    capped = fields.label_capped(got)["group_number"]
    assert capped.confidence == crosscheck.CONFIRMED_CONFIDENCE
    # Unlabelled, their reading says nothing of the label: the cap stays.
    bare = replace(theirs, label="")
    got = second_reading({"group_number": mine}, {"group_number": bare}, bars, True)
    assert fields.label_capped(got)["group_number"].confidence == 0.5


def test_a_lone_value_is_confirmed_only_where_the_second_reading_found_its_label() -> None:
    mine = replace(reading("128821156286", 0.4), label="")
    same = replace(mine, confidence=0.9)
    bars = {"member_id": 0.5}
    assert second_reading({"member_id": mine}, {"member_id": same}, bars, True,
                          lone={"member_id"}) == {}
    labelled = replace(same, label="Member ID")
    got = second_reading({"member_id": mine}, {"member_id": labelled}, bars, True,
                         lone={"member_id"})
    assert got["member_id"].confidence >= 0.5
    # The line reader disputed it: only a sure, labelled reading clears that, and never for
    # a value opening with an O or 0 (both engines read a printed O before digits as 0).
    cleared = second_reading({"member_id": mine}, {"member_id": labelled}, bars, True,
                             disputed={"member_id"})
    assert cleared["member_id"].confidence == crosscheck.DISPUTE_CLEARED_CONFIDENCE
    weaker = replace(labelled, confidence=0.85)
    assert second_reading({"member_id": mine}, {"member_id": weaker}, bars, True,
                          disputed={"member_id"}) == {}
    opening = replace(mine, value="083129650")
    assert second_reading({"member_id": opening},
                          {"member_id": replace(labelled, value="083129650")}, bars, True,
                          disputed={"member_id"}) == {}


def test_a_doubt_both_engines_share_is_neither_confirmed_nor_cleared() -> None:
    # 9595's 0353: I44603408 read 144603408 by both engines, the bar's glyph doubted.
    mine = reading("144603408", 0.3)
    theirs = replace(mine, confidence=0.97, label="ID")
    bars = {"member_id": 0.5}
    for disputed in ((), {"member_id"}):
        assert second_reading({"member_id": mine}, {"member_id": theirs}, bars, True,
                              disputed=disputed, unclearable={"member_id"}) == {}
        assert second_reading({"member_id": mine}, {"member_id": theirs}, bars, True,
                              disputed=disputed)["member_id"].confidence >= 0.5
    # A reading of theirs that differs otherwise is still taken, in doubt.
    other = replace(theirs, value="I44608408")
    got = second_reading({"member_id": mine}, {"member_id": other}, bars, True,
                         unclearable={"member_id"})
    assert got["member_id"].value == "I44608408" and got["member_id"].confidence < 0.5


def test_a_lone_value_the_second_reading_reads_otherwise_is_taken_in_doubt() -> None:
    mine = replace(reading("128821156286", 0.4), label="")
    other = replace(mine, value="9392870174", confidence=0.9)
    got = second_reading({"member_id": mine}, {"member_id": other}, {"member_id": 0.5}, True,
                         lone={"member_id"})
    assert got["member_id"].value == "9392870174"
    assert got["member_id"].confidence < 0.5


def test_the_second_reading_leaves_sure_values_and_unsure_readings_alone() -> None:
    bars = {"member_id": 0.5}
    sure, doubted = reading("W123456789", 0.9), reading("W123456789", 0.3)
    other = reading("W123456780", 0.95)
    assert second_reading({"member_id": sure}, {"member_id": other}, bars, True) == {}
    assert second_reading({"member_id": doubted}, {"member_id": replace(other, confidence=0.4)},
                          bars, True) == {}
    # Another carrier's reading names no value of this one's.
    assert second_reading({"member_id": doubted}, {"member_id": other}, bars, False) == {}
    assert second_reading({}, {"member_id": other}, bars, True)["member_id"].value == other.value


def test_tesseracts_o_and_i_choices_are_kept_only_where_nothing_else_differs() -> None:
    """The glyph checks chose ``mine``'s O/0 and I/1 where the readings differ by nothing
    else; a misreading that differs otherwise (a character more, ``$`` for ``S``) leaves the
    second engine's value whole (the generator's values: 3333's 0150, 8989's 0097)."""
    assert crosscheck.alike_kept("2807600R2L", "280760OR2L") == "280760OR2L"
    assert crosscheck.alike_kept("XFH000099999", "XFHOOO0099999") == "XFH000099999"
    assert crosscheck.alike_kept("STO5677513583", "$T05677513583") == "STO5677513583"
    doubted = reading("$T05677513583", 0.3)
    theirs = replace(doubted, value="STO5677513583", confidence=0.95)
    got = second_reading({"member_id": doubted}, {"member_id": theirs}, {"member_id": 0.5},
                         True)
    assert got["member_id"].value == "STO5677513583"


@pytest.mark.parametrize(("value", "mine", "votes", "name", "backed"), [
    ("54128209", "28209", {}, "group_number", True),  # the group's start lost by Tesseract
    ("W0800114", "W08001", {}, "group_number", True),  # a group's end lost
    ("19956808R", "119956808R", {}, "member_id", True),  # a character more in Tesseract's
    ("54128209", None, {"54128209": [1]}, "group_number", True),  # a closer reading gives it
    ("54128209", None, {}, "group_number", False),  # nothing of Tesseract's backs it
    ("54128209", "54", {}, "group_number", False),  # too little of it
    ("54128209", "1D", {"2128209": [1]}, "group_number", False),  # readings of other print
    ("XIV3908470300", "XIV390847030", {}, "member_id", False),  # an ID continued: a suffix
])
def test_a_second_engine_value_is_corroborated_by_tesseracts_readings_of_it(
        value: str, mine: str | None, votes: dict[str, list[int]], name: str,
        backed: bool) -> None:
    """The generator's values (9292's 0034, 0200; 9292's 0223; 1111's 0160)."""
    taken = replace(reading(value, crosscheck.DISPUTED_CONFIDENCE), name=name)
    doubted = None if mine is None else replace(reading(mine, 0.3), name=name)
    assert corroborated(taken, doubted, votes) is backed


@pytest.mark.parametrize(("value", "mine", "name", "alone"), [
    ("00099999", None, "group_number", True),  # all digits, Tesseract read none
    ("JM1431", None, "group_number", True),  # letters, no round glyph
    ("29380412", "39480412", "group_number", True),  # Tesseract's doubted other reading
    ("890199RS40", None, "group_number", False),  # a round glyph among letters (RS4Q)
    ("G533420", None, "group_number", False),
    ("09785806101", "SIT97TB580610T", "member_id", False),  # opens with 0
    ("UIZ217507136", "012217507136", "member_id", True),  # another garbling of the print
    ("254416814901", "2544168149", "member_id", False),  # Tesseract's continued: a suffix
    ("H01251007", None, "member_id", True),  # Tesseract read none: labelled, sure
    ("OCO157116211", None, "member_id", False),  # Tesseract read none, opens with O
])
def test_a_sure_labelled_second_reading_stands_alone_only_where_safe(
        value: str, mine: str | None, name: str, alone: bool) -> None:
    """The generator's values, on the development ranges' cards (3434's 0398, 3434's 0262,
    3333's 0372)."""
    taken = replace(reading(value, crosscheck.DISPUTED_CONFIDENCE), name=name)
    doubted = None if mine is None else replace(reading(mine, 0.3), name=name)
    assert sure_alone(taken, doubted) is alone


@needs_reader
def test_the_page_reader_reads_a_sample_side_with_boxes_on_its_words() -> None:
    truth = json.loads((SAMPLES / "truth.jsonl").read_text().splitlines()[0])
    result = process_card(SAMPLES / truth["front"], SAMPLES / truth["back"], card=truth["card"])
    reader = ppocr.page_reader()
    assert reader is not None
    front = next(s for s in result.sides if s.side == "front")
    page = reader.read(front.card.pixels)
    words = {w.text: w for w in page.words}
    member = truth["fields"]["member_id"]
    assert member in words
    box = words[member].box
    rows, cols = front.card.pixels.shape[:2]
    assert 0 <= box.left < box.right <= cols and 0 <= box.top < box.bottom <= rows
    assert (page.width, page.height) == (cols, rows)


@needs_reader
def test_a_doubted_sample_id_is_confirmed_and_a_wrong_one_replaced_by_the_second_engine() -> None:
    """End to end on a sample card: its member ID, doubted, is confirmed by the second
    engine's reading of the card; a wrong value in its place gives way to the printed one,
    trusted as Tesseract's closer readings of its print give it too."""
    truth = json.loads((SAMPLES / "truth.jsonl").read_text().splitlines()[0])
    result = process_card(SAMPLES / truth["front"], SAMPLES / truth["back"], card=truth["card"])
    pages = [(s.side, s.page) for s in result.sides]
    member = result.fields["member_id"]
    for value, expected in [(member.value, member.value),
                            ("W000000000", truth["fields"]["member_id"])]:
        doubted = replace(member, value=value, confidence=0.3)
        found = interpret(pages, has_back=True, overrides={"member_id": doubted})
        assert "member_id_uncertain" in {r.code for r in found.reasons}
        got = read_by_second_engine(found, result.sides, get_engine("tesserocr"), True, (),
                                    Config())
        assert got["member_id"].value == expected
        assert got["member_id"].confidence >= Config().member_id_min_confidence


@needs_reader
def test_a_value_the_second_engine_took_with_no_label_is_not_trusted() -> None:
    """Both engines read a value's print alike whatever field it is: a value the second
    engine's search took with no label stays in doubt though Tesseract's closer reads
    agree; under a label it is trusted."""
    truth = json.loads((SAMPLES / "truth.jsonl").read_text().splitlines()[0])
    result = process_card(SAMPLES / truth["front"], SAMPLES / truth["back"], card=truth["card"])
    pages = [(s.side, s.page) for s in result.sides]
    member = result.fields["member_id"]
    assert member.value == truth["fields"]["member_id"]
    found = interpret(pages, has_back=True, overrides={
        "member_id": replace(member, value="W000000000", confidence=0.3)})
    taken = replace(member, confidence=crosscheck.DISPUTED_CONFIDENCE)
    engine = get_engine("tesserocr")
    labelled = both_engines_read(taken, found, result.sides, engine)
    assert labelled.confidence == TWO_ENGINES_CONFIDENCE
    lone = both_engines_read(replace(taken, label=""), found, result.sides, engine)
    assert lone.confidence == crosscheck.DISPUTED_CONFIDENCE


class _Blind:
    """An engine that reads nothing: Tesseract's closer reads of a print it cannot read."""

    name = "blind"

    def version(self) -> str:
        return "0"

    def recognize(self, image: Any, *, psm: int = 11, whitelist: str | None = None,
                  local_threshold: bool = False) -> OcrPage:
        return OcrPage((), image.shape[1], image.shape[0])

    def detect_orientation(self, image: Any) -> tuple[int, float] | None:
        return None


def test_a_value_placed_by_layout_stands_alone_where_tesseract_read_none() -> None:
    """11919's 0014 (motion blur): ``BDW7748658693`` under the member's name, unlabelled;
    Tesseract read no member ID and its closer reads nothing, the second engine read it at
    0.885 (its position factor keeps such readings under 0.9): taken over the review bar.
    Not where Tesseract read a value (it may be the field's, the second engine's another
    field's), nor a reading less sure, nor one Tesseract's closer reads dissent from, nor
    on a card whose group was lost too."""
    truth = json.loads((SAMPLES / "truth.jsonl").read_text().splitlines()[0])
    result = process_card(SAMPLES / truth["front"], SAMPLES / truth["back"], card=truth["card"])
    pages = [(s.side, s.page) for s in result.sides]
    found = interpret(pages, has_back=True)
    member = found.fields["member_id"]
    unread = replace(found, fields={n: r for n, r in found.fields.items() if n != "member_id"})
    taken = replace(member, label="", confidence=crosscheck.DISPUTED_CONFIDENCE)
    raw = replace(taken, confidence=0.885)
    blind = cast(Any, _Blind())
    placed = both_engines_read(taken, unread, result.sides, blind, raw)
    assert placed.confidence >= Config().member_id_min_confidence
    assert both_engines_read(taken, unread, result.sides, blind,
                             replace(raw, confidence=0.8)).confidence < 0.5
    assert both_engines_read(taken, found, result.sides, blind, raw).confidence < 0.5
    # dev's 0206: with the group lost too (its code read, taken for nothing), a person looks.
    no_group = replace(unread, fields={n: r for n, r in unread.fields.items()
                                       if n != "group_number"})
    assert both_engines_read(taken, no_group, result.sides, blind, raw).confidence < 0.5
    other = replace(taken, value=member.value[:-1] + ("1" if member.value[-1] != "1" else "2"))
    engine = get_engine("tesserocr")  # its closer reads give the printed value twice
    assert both_engines_read(other, unread, result.sides, engine,
                             replace(other, confidence=0.885)).confidence < 0.5


def _id_and_suffix_card(text: str, cut: int) -> tuple[Interpretation, list[SideRead]]:
    """A card whose front prints ``text``, read by Tesseract as a member ID (its first
    ``cut`` characters) and a suffix (the rest, after any space)."""
    font = ImageFont.truetype(FONT, 28)
    image = Image.new("L", (700, 100), 255)
    draw = ImageDraw.Draw(image)
    draw.text((30, 30), text, fill=0, font=font)
    head = Box(*map(float, draw.textbbox((30, 30), text[:cut], font=font)))
    whole = Box(*map(float, draw.textbbox((30, 30), text, font=font)))
    tail = text[cut:].strip()
    start = 30 + draw.textlength(text[:len(text) - len(tail)], font=font)
    member = FieldReading("member_id", text[:cut], 0.4, "front", "ID", head)
    suffix = FieldReading("member_id_suffix", tail, 0.9, "front", "",
                          replace(whole, left=start))
    generic, _ = load_templates()
    found = Interpretation(
        template=generic, carrier=CarrierMatch(None, None, 0.0, "", None, 0.0),
        fields={"member_id": member, "member_id_suffix": suffix}, distractors=(), portal={},
        reasons=())
    side = SideRead(side="front", decoded=cast(Any, None), card=cast(Any, None),
                    quality=cast(Any, None), page=OcrPage((), 700, 100),
                    ocr_image=np.asarray(image))
    return found, [side]


def test_a_suffix_the_second_engine_read_on_is_cut_off_after_a_printed_space() -> None:
    # 7878's 0046: 'IQK080379495 00' read 'IQK08037949500' by the second engine.
    found, sides = _id_and_suffix_card("IQK080379495 00", 12)
    whole = found.fields["member_id"].box.union(found.fields["member_id_suffix"].box)
    theirs = {"member_id": replace(found.fields["member_id"], value="IQK08037949500",
                                   confidence=0.95, box=whole)}
    got = suffix_left_out(theirs, found, sides)
    assert got["member_id"].value == "IQK080379495"
    # 3333's 0024: Tesseract split the ID's last digits off as a suffix; the print has
    # no space there, and the second engine's whole ID stands.
    found, sides = _id_and_suffix_card("XH9937299178", 10)
    theirs = {"member_id": replace(found.fields["member_id"], value="XH9937299178",
                                   confidence=0.95, box=whole)}
    assert suffix_left_out(theirs, found, sides)["member_id"].value == "XH9937299178"


def test_a_line_is_unread_where_tesseract_has_no_sure_words_over_it() -> None:
    lines = [Box(40, 100, 300, 130), Box(40, 200, 200, 230), Box(500, 200, 700, 230)]
    words = (OcrWord("Member", Box(40, 100, 150, 130), 0.95, 0),
             OcrWord("ID", Box(160, 100, 200, 130), 0.95, 0),
             OcrWord("GRP", Box(40, 200, 100, 230), 0.15, 1),  # garbled in a shadow
             OcrWord("610014", Box(500, 200, 700, 230), 0.9, 2))
    assert unread_lines(lines, words) == [Box(40, 200, 200, 230)]


def test_a_trusted_value_the_second_reading_finds_cut_short_is_disputed() -> None:
    # A locally thresholded reading lost the ID's first digit at 0.95; the second engine's
    # reading of the card, under the same label, has it.
    mine = reading("7700890606", 0.95)
    other = replace(mine, value="67700890606", confidence=0.99)
    got = second_reading({"member_id": mine}, {"member_id": other}, {"member_id": 0.5}, True)
    assert got["member_id"].value == "67700890606"
    assert got["member_id"].confidence < 0.5
    unlabelled = replace(other, label="")
    assert second_reading({"member_id": mine}, {"member_id": unlabelled},
                          {"member_id": 0.5}, True) == {}
    joined = replace(other, value="770089060600")  # a suffix joined on: left alone
    assert second_reading({"member_id": mine}, {"member_id": joined},
                          {"member_id": 0.5}, True) == {}
    other_value = replace(other, value="9140461461")  # not the same value: left alone
    assert second_reading({"member_id": mine}, {"member_id": other_value},
                          {"member_id": 0.5}, True) == {}


def test_a_value_whose_end_passed_for_a_suffix_the_second_reading_reads_whole_is_disputed(
) -> None:
    """8383's 0035, motion blur: ``XKN 002172695`` read ``XKN 002172`` and ``95`` (a suffix,
    the 6 lost in the gap); the second engine read ``XKN002172695``, neither labelled."""
    mine = replace(reading("XKN002172", 0.8), label="")
    suffix = replace(mine, name="member_id_suffix", value="95")
    other = replace(mine, value="XKN002172695", confidence=0.9)
    ours = {"member_id": mine, "member_id_suffix": suffix}
    got = second_reading(ours, {"member_id": other}, {"member_id": 0.5}, True)
    assert got["member_id"].value == "XKN002172695"
    assert got["member_id"].confidence < 0.5
    joined = replace(other, value="XKN00217295")  # the suffix joined on: left alone
    assert second_reading(ours, {"member_id": joined}, {"member_id": 0.5}, True) == {}
    assert second_reading({"member_id": mine}, {"member_id": other},  # no suffix read
                          {"member_id": 0.5}, True) == {}


def test_a_marginal_value_the_second_reading_reads_with_a_look_alike_is_disputed() -> None:
    """8080's 0126, motion blur: Tesseract's closer reads agreed on ``010815709013`` (0.75);
    the second engine read ``0I0815709013`` at 0.999 under ``MBR #``."""
    mine = reading("010815709013", 0.75)
    other = replace(mine, value="0I0815709013", confidence=0.999)
    got = second_reading({"member_id": mine}, {"member_id": other}, {"member_id": 0.5}, True)
    assert got["member_id"].confidence < 0.5
    sure = replace(mine, confidence=0.9)  # ours read surely: left to the cross-check
    assert second_reading({"member_id": sure}, {"member_id": other},
                          {"member_id": 0.5}, True) == {}
    # 8484's 0295: U18326478419 at 0.75, the second engine's UI8326478419 at 0.83.
    ui = reading("U18326478419", 0.75)
    assert second_reading({"member_id": ui}, {"member_id": replace(
        ui, value="UI8326478419", confidence=0.83)}, {"member_id": 0.5}, True)[
        "member_id"].value == "UI8326478419"
    for theirs in (replace(other, confidence=0.7),  # theirs not sure enough
                   replace(other, label=""),  # unlabelled
                   replace(other, value="0I0815709018")):  # another digit too
        assert second_reading({"member_id": mine}, {"member_id": theirs},
                              {"member_id": 0.5}, True) == {}


def test_a_trusted_value_the_second_reading_gives_another_field_is_disputed() -> None:
    """Fresh range 7070's 0323, blurred: ``RX GROUP`` read ``Np GROUP``, its ``HPF777``
    taken as the plan's group at 0.84; the second engine read ``5331-388`` under ``GRP#``
    and ``HPF777`` under ``RX GROUP``."""
    mine = replace(reading("HPF777", 0.84), name="group_number", label="GROUP")
    other = replace(mine, value="5331-388", confidence=0.95, label="GRP#")
    rx = replace(mine, name="rx_group", label="RX GROUP")
    got = second_reading({"group_number": mine}, {"group_number": other, "rx_group": rx},
                         {"group_number": 0.6}, True)
    assert got["group_number"].value == "5331-388"
    assert got["group_number"].confidence < 0.6
    # 7070's 0041: the Rx ID prints the member ID again, read so by both: left alone
    same = replace(other, value="HPF777")
    assert second_reading({"group_number": mine}, {"group_number": same, "rx_group": rx},
                          {"group_number": 0.6}, True) == {}
    unlabelled = replace(rx, label="")  # a value the second engine only saw: left alone
    assert second_reading({"group_number": mine},
                          {"group_number": other, "rx_group": unlabelled},
                          {"group_number": 0.6}, True) == {}


def test_the_second_reading_keeps_our_o_or_zero_where_only_those_differ() -> None:
    mine = reading("280760OR2L", 0.3)
    other = replace(mine, value="2807600R2L", confidence=0.95)
    assert second_reading({"member_id": mine}, {"member_id": other}, {"member_id": 0.5},
                          True) == {}
    # A reading that differs otherwise too is no judge of its O/0: the second engine's
    # value stands whole.
    wider = replace(other, value="2807600R2LX")
    got = second_reading({"member_id": mine}, {"member_id": wider}, {"member_id": 0.5}, True)
    assert got["member_id"].value == "2807600R2LX"


@needs_reader
def test_the_second_engine_writes_nothing_and_keeps_no_device_id(tmp_path: Path) -> None:
    """ONNX Runtime keeps a telemetry device id and event store under ~/.cache and a
    session file in the temp folder unless told not to: a card read leaves both empty."""
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "OMP_THREAD_LIMIT": "1"}
    env.pop("ORT_DISABLE_TELEMETRY", None)
    proc = subprocess.run(
        [sys.executable, "-c",
         "import sys, numpy as np; from pipeline import ppocr;"
         "ppocr.line_reader().read(np.full((30, 200, 3), 255, np.uint8));"
         "ppocr.page_reader().read(np.full((200, 400, 3), 255, np.uint8))"],
        capture_output=True, text=True, timeout=120, env=env, check=False,
        cwd=Path(__file__).resolve().parent.parent)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in temp.iterdir()) == []
    assert sorted(str(p.relative_to(home)) for p in home.rglob("*")) == []


def test_an_o_or_zero_beside_the_other_kind_is_ambiguous_unless_the_format_settles_it() -> None:
    def anything(_: str) -> bool:
        return True

    def oscar(v: str) -> bool:
        return re.fullmatch(r"OSC\d{8}", v) is not None

    assert alike_ambiguous("J05746502371", anything)
    assert alike_ambiguous("430793UD00", anything)
    assert not alike_ambiguous("OSC00099999", oscar)
    assert alike_ambiguous("W123456789", anything)
    assert not alike_ambiguous("W123456789", lambda v: re.fullmatch(r"W\d{9}", v) is not None)
    assert not alike_ambiguous("9104410051", anything)  # digits only: nothing to swap to
    mine = reading("J05746502371", 0.45)
    same = replace(mine, confidence=0.9)
    assert second_reading({"member_id": mine}, {"member_id": same}, {"member_id": 0.5},
                          True) == {}


def test_an_alike_pair_the_glyphs_settle_is_confirmed_by_the_second_reading() -> None:
    """Bcbs North Carolina's ``JHR129954505`` (d9393 0223, no template): its ``1`` beside
    the ``R`` may be an ``I`` for all either engine knows, until the print's bar shows a
    1's flag."""
    ours = {"member_id": reading("JHR129954505", 0.45)}
    theirs = {"member_id": replace(reading("JHR129954505", 0.95), label="ID")}
    bars = {"member_id": 0.5}
    assert second_reading(ours, theirs, bars, True) == {}
    got = second_reading(ours, theirs, bars, True, glyph_settled={"member_id"})
    assert got["member_id"].confidence >= 0.5


def code(name: str, value: str, confidence: float, side: Side = "back",
         label: str = "RxGRP") -> FieldReading:
    return FieldReading(name=name, value=value, confidence=confidence, side=side,
                        label=label, box=Box(0, 0, 100, 20))


def test_a_code_tesseract_lost_is_taken_from_the_second_engines_labelled_reading() -> None:
    """9898's 0040: ``RxPCN 9999`` printed small; Tesseract read the label ``RXECN`` and no
    value, the second engine both (``9999`` is printed)."""
    got = crosscheck.second_engine_codes(
        {"member_id": code("member_id", "XDH0867497", 0.9, "front", "ID")},
        {"rx_pcn": code("rx_pcn", "9999", 0.95, "front", "RXPCN")}, {"front"})
    assert got["rx_pcn"].value == "9999"
    assert got["rx_pcn"].confidence <= crosscheck.CODE_TAKEN_CAP


def test_a_doubted_code_gives_way_to_a_sure_reading_of_the_second_engine() -> None:
    """9898's 0020: ``Rx GROUP RX8101`` printed; Tesseract read ``RXB101`` at 0.83."""
    got = crosscheck.second_engine_codes(
        {"rx_group": code("rx_group", "RXB101", 0.83)},
        {"rx_group": code("rx_group", "RX8101", 1.0)}, {"back"})
    assert got["rx_group"].value == "RX8101"


def test_a_code_read_with_a_character_doubled_gives_way_to_the_second_engines() -> None:
    """12424's 0278 (a WebP image): ``HGM5017`` printed, Tesseract's closer reads gave
    ``HGM55017`` at 0.70, the second engine ``HGM5017`` at 0.95."""
    got = crosscheck.second_engine_codes(
        {"rx_group": code("rx_group", "HGM55017", 0.7)},
        {"rx_group": code("rx_group", "HGM5017", 0.95)}, {"back"})
    assert got["rx_group"].value == "HGM5017"


def test_a_code_read_short_gives_way_to_the_second_engines_reading_of_it_whole() -> None:
    """12525's 0116 (a web-sized card): ``Rx Group: RX4404``; Tesseract read ``RX4`` at
    0.66, the second engine ``RX4404`` at 0.80, under the CODE_MEND_MIN a different
    reading needs."""
    short = {"rx_group": code("rx_group", "RX4", 0.66, "front")}
    got = crosscheck.second_engine_codes(
        short, {"rx_group": code("rx_group", "RX4404", 0.8, "front")}, {"front"})
    assert got["rx_group"].value == "RX4404"
    # Not a reading that differs otherwise, nor one too short to be the code's start.
    assert not crosscheck.second_engine_codes(
        short, {"rx_group": code("rx_group", "RX5404", 0.8, "front")}, {"front"})
    two = {"rx_group": code("rx_group", "RX", 0.66, "front")}
    assert not crosscheck.second_engine_codes(
        two, {"rx_group": code("rx_group", "RX4404", 0.8, "front")}, {"front"})
    # 13636's 0206 (motion blur): ``X9491`` read ``9491``, its start lost.
    start = {"rx_group": code("rx_group", "9491", 0.5, "back")}
    got = crosscheck.second_engine_codes(
        start, {"rx_group": code("rx_group", "X9491", 0.88, "back")}, {"back"})
    assert got["rx_group"].value == "X9491"


def test_the_second_engines_codes_are_not_taken_where_unsure_or_unsafe() -> None:
    """9898's 0322 (``VWX570`` printed, read so at 0.91, the second engine stopping at
    ``VW``), 4545's 0204 (``OSCR89`` printed; the second engine's ``0``), a code read with
    no label, on a side it did not read, another field's value,
    or a doubtful fill."""
    sure = {"rx_group": code("rx_group", "VWX570", 0.91)}
    assert not crosscheck.second_engine_codes(
        sure, {"rx_group": code("rx_group", "VWX571", 1.0)}, {"back"})
    oscar = {"rx_group": code("rx_group", "OSCR89", 0.7)}  # 4545's 0204
    assert not crosscheck.second_engine_codes(
        oscar, {"rx_group": code("rx_group", "0SCR89", 1.0)}, {"back"})
    doubted = {"rx_group": code("rx_group", "VWX570", 0.5)}
    assert not crosscheck.second_engine_codes(
        doubted, {"rx_group": code("rx_group", "VW", 1.0)}, {"back"})
    lost = {"group_number": code("group_number", "75809014", 0.9, "front", "Group")}
    for theirs, read in (
            (code("rx_group", "BCTX931", 0.95, label=""), {"back"}),
            (code("rx_group", "BCTX931", 0.95), {"front"}),
            (code("rx_group", "75809014", 0.95), {"back"}),
            (code("rx_group", "BCTX931", crosscheck.CODE_FILL_MIN - 0.1), {"back"})):
        assert not crosscheck.second_engine_codes(lost, {"rx_group": theirs}, read)


def test_a_known_bin_is_taken_from_the_second_engine_at_a_lower_confidence() -> None:
    """9898's 0206: ``RxBIN 015581`` (Humana's) blurred; the second engine read it at 0.4,
    an unknown BIN so read is not taken."""
    theirs = {"rx_bin": code("rx_bin", "015581", 0.4, "front", "R%BIN:")}
    assert crosscheck.second_engine_codes({}, theirs, {"front"})["rx_bin"].value == "015581"
    other = {"rx_bin": code("rx_bin", "015591", 0.4, "front", "R%BIN:")}
    assert not crosscheck.second_engine_codes({}, other, {"front"})


def _sides(front: str, back: str) -> tuple[Interpretation, list[SideRead]]:
    """A card's fake pages (:func:`tests.fakes.page`), interpreted, as sides with no image."""
    from tests.fakes import page
    pages: list[tuple[Side, OcrPage]] = [("front", page(front)), ("back", page(back))]
    found = interpret(pages, has_back=True)
    return found, [SideRead(side=side, decoded=cast(Any, None), card=cast(Any, None),
                            quality=cast(Any, None), page=p, ocr_image=np.zeros((1, 1), np.uint8))
                   for side, p in pages]


FRONT = """
Member ID:  912345678
Group Number:  98765
"""


def test_a_side_showing_a_routing_code_lost_is_read_by_the_second_engine() -> None:
    """9898's 0012 (the PCN's label and value lost in a glare beside the BIN and group
    read), 0007 (``UHCSR``, the group, under the PCN's value, its label lost), 0014
    (``HGM7034`` printed apart) and 0248 (``EDI Payer ID`` read, its value lost): the
    side is read again; a side whose codes were all read, that prints none, or whose Rx
    block prints its BIN and PCN only (Cigna's: no group to lose), is not."""
    found, sides = _sides(FRONT, "RxBIN:  011552\nRxGRP:  BCIL848\n")
    assert codes_missing_sides(found, sides) == {"back"}
    found, sides = _sides(FRONT, "RxBIN:  011552\nRxPCN:  ILPROD1\n")
    assert codes_missing_sides(found, sides) == set()
    found, sides = _sides(FRONT, "RxBIN:  011552\nRxPCN:  ILPROD1\nCall 1-800-555-0100\n")
    assert codes_missing_sides(found, sides) == set()
    found, sides = _sides(FRONT, "RxBIN:  011552\nRxPCN:  9999\n        UHCSR\n")
    assert "rx_group" not in found.fields
    assert codes_missing_sides(found, sides) == {"back"}
    found, sides = _sides(FRONT, "RxBIN:  011552\nRxPCN:  ILPROD1\n\n\n\n"
                                 "                                       HGM7034\n")
    assert codes_missing_sides(found, sides) == {"back"}
    found, sides = _sides(FRONT, "EDI Payer ID:\nCall 1-800-555-0100\n")
    assert codes_missing_sides(found, sides) == {"back"}
    found, sides = _sides(FRONT, "RxBIN:  011552\nRxPCN:  ILPROD1\nRxGRP:  BCIL848\n"
                                 "Payer ID:  00621\n")
    assert found.fields["rx_group"].value == "BCIL848"
    assert codes_missing_sides(found, sides) == set()
    found, sides = _sides(FRONT, "Call 1-800-555-0100\n")
    assert codes_missing_sides(found, sides) == set()


@needs_reader
def test_a_doubted_code_is_mended_by_the_recogniser_reading_its_line() -> None:
    """9898's 0205: ``Rx GRP UHCSR`` printed soft, read ``VHCSR`` at 0.53: the line's
    ``U`` read surely mends it; a code read surely is left alone."""
    from types import SimpleNamespace

    from pipeline.process import codes_line_mended

    font = ImageFont.truetype(FONT, 28)
    image = Image.new("L", (400, 100), 255)
    draw = ImageDraw.Draw(image)
    draw.text((30, 30), "UHCSR", fill=0, font=font)
    box = Box(*map(float, draw.textbbox((30, 30), "UHCSR", font=font)))
    pixels = cv2.cvtColor(np.asarray(image), cv2.COLOR_GRAY2BGR)
    generic, _ = load_templates()
    side = SideRead(side="back", decoded=cast(Any, None),
                    card=cast(Any, SimpleNamespace(pixels=pixels)), quality=cast(Any, None),
                    page=OcrPage((), 400, 100), ocr_image=np.asarray(image))
    for confidence, want in ((0.53, "UHCSR"), (0.95, None)):
        group = FieldReading("rx_group", "VHCSR", confidence, "back", "Rx GRP", box)
        found = Interpretation(
            template=generic, carrier=CarrierMatch(None, None, 0.0, "", None, 0.0),
            fields={"rx_group": group}, distractors=(), portal={}, reasons=())
        got = codes_line_mended(found, [side]).get("rx_group")
        assert (got.value if got else None) == want


def test_a_code_the_recogniser_mends_reads_its_look_alikes_as_its_format_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """12323's 0276: ``BCILAI2`` doubted, its A mended to 4 by the line reader, which read
    the I as the page did: after the group's digits an I is a 1 (``BCIL412``)."""
    from types import SimpleNamespace

    from pipeline.process import codes_line_mended

    reader = SimpleNamespace(read=lambda _crop: line("BCIL4I2"))
    monkeypatch.setattr(ppocr, "line_reader", lambda: reader)
    generic, _ = load_templates()
    pixels = np.full((100, 400, 3), 255, np.uint8)
    side = SideRead(side="back", decoded=cast(Any, None),
                    card=cast(Any, SimpleNamespace(pixels=pixels)), quality=cast(Any, None),
                    page=OcrPage((), 400, 100), ocr_image=pixels[:, :, 0])
    group = FieldReading("rx_group", "BCILAI2", 0.25, "back", "Rx GRP", Box(30, 30, 150, 58))
    found = Interpretation(
        template=generic, carrier=CarrierMatch(None, None, 0.0, "", None, 0.0),
        fields={"rx_group": group}, distractors=(), portal={}, reasons=())
    assert codes_line_mended(found, [side])["rx_group"].value == "BCIL412"


def test_a_code_the_recogniser_mends_to_a_q_with_no_tail_in_the_print_is_left(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """14343's 0235: Oxford's ``OXFORD`` (closer reads' value at 0.80) mended to ``QXFORD``
    by the line reader; the print's O shows no tail. A tailed Q printed is mended to."""
    from types import SimpleNamespace

    from pipeline.process import codes_line_mended

    reader = SimpleNamespace(read=lambda _crop: line("QXFORD"))
    monkeypatch.setattr(ppocr, "line_reader", lambda: reader)
    generic, _ = load_templates()
    font = ImageFont.truetype(FONT, 28)
    for printed, want in (("OXFORD", None), ("QXFORD", "QXFORD")):
        image = Image.new("L", (400, 100), 255)
        draw = ImageDraw.Draw(image)
        draw.text((30, 30), printed, fill=0, font=font)
        box = Box(*map(float, draw.textbbox((30, 30), printed, font=font)))
        pixels = cv2.cvtColor(np.asarray(image), cv2.COLOR_GRAY2BGR)
        side = SideRead(side="back", decoded=cast(Any, None),
                        card=cast(Any, SimpleNamespace(pixels=pixels)), quality=cast(Any, None),
                        page=OcrPage((), 400, 100), ocr_image=np.asarray(image))
        group = FieldReading("rx_group", "OXFORD", 0.8, "back", "Rx group", box)
        found = Interpretation(
            template=generic, carrier=CarrierMatch(None, None, 0.0, "", None, 0.0),
            fields={"rx_group": group}, distractors=(), portal={}, reasons=())
        got = codes_line_mended(found, [side]).get("rx_group")
        assert (got.value if got else None) == want


@pytest.mark.parametrize(("mine", "theirs", "against"), [
    ("OSCR89", "0SCR89", True),    # 4545's 0204: a 0 opening letters
    ("OO580", "00580", False),     # 4545's 0116: zeros before digits
    ("AKCI57", "AKC157", False),   # 4545's 0056: between letters and digits, unsettled
    ("RX0762", "RXO762", False),   # between letters and digits
    ("PBC7O24", "PBC7024", False),
    ("PBC7024", "PBC7O24", True),  # a letter among digits
    ("VHCSR", "UHCSR", False),     # not alike
])
def test_an_alike_glyph_against_its_run_is_not_taken(mine: str, theirs: str,
                                                      against: bool) -> None:
    assert crosscheck.alike_against_run(mine, theirs) is against


@pytest.mark.parametrize(("name", "line", "alike"), [
    ("NIKOLAI M DELACRUZ", "NIKOLAI M DELACRUZ", True),
    ("NIKOLAL M DELACRUZ", "NIKOLAI M DELACRUZ", False),  # 11818's 0050: a letter misread
    ("Aaron Kwame Fspinoza", "Aaron Kwame Espinoza", False),  # 11818's 0271
    ("SIOBHAN G FOSTE", "IE SIOBHAN G FOSTER", False),  # 12020's 0085: cut short
    ("SUNIL NAVARRO", "e SUNIL NAVARRO", True),  # a label's last letter before it
    ("NAVARRO, CALEB", "NAVARRO, CALEBI", True),  # 12626's 0006: a bar after it
    ("ZOEY DELACRUZ", "ZEY DELACRUZ", True),  # 12727's 0213: the line reader skipped an O
    ("NIKOLAI ACASTILLO SR", "NIKOLAI A CASTILLO SR", True),  # spacing aside
    ("TAMIKA C. ESPINOZA", "TAMIKA C ESPINOZ III", True),  # another word after it
])
def test_the_line_reader_disputes_a_name_it_reads_a_letter_of_otherwise(
        name: str, line: str, alike: bool) -> None:
    """The names as Tesseract read them and the line reader's readings of their print, on
    fresh ranges' cards: where a pair is alike, the generator's truth has the letters
    Tesseract read (a word after them aside: ``III``, which the comparison does not judge);
    where not, it has the line reader's."""
    assert crosscheck.name_read_alike(name, line) is alike


def test_closer_readings_of_a_name_stand_only_as_the_line_reader_reads_it() -> None:
    """11818's 0050: the page read ``NIKOLAI M DELACRUZ``, as the line reader did; closer
    readings gave ``NIKOLAL…``: not taken. 11818's 0271: the page's ``Fspinoza``, doubted
    by the line reader, confirmed by closer readings (Tesseract's habit): not taken. Where
    the line reader read nothing, the closer readings stand as before; a split of them
    leaves out no name the line reader confirms."""
    from pipeline.process import LINE_DISPUTED_NAME, Interpretation, line_agrees, name_disputed

    right = FieldReading("member_name", "NIKOLAI M DELACRUZ", 0.81, "front", "Name",
                         Box(36, 261, 286, 279))
    closer = {"member_name": replace(right, value="NIKOLAL M DELACRUZ", confidence=0.7)}
    assert line_agrees(closer, "NIKOLAI M DELACRUZ") == {}
    assert line_agrees(closer, None) == closer
    confirmed = {"member_name": replace(right, confidence=0.85)}
    assert line_agrees(confirmed, "NIKOLAI M DELACRUZ") == confirmed
    assert line_agrees({"member_name": replace(right, confidence=0.0)}, "NIKOLAI M DELACRUZ") == {}
    generic, _ = load_templates()
    wrong = replace(right, value="Aaron Kwame Fspinoza")
    found = Interpretation(template=generic, carrier=CarrierMatch(None, None, 0.0, "", None, 0.0),
                           fields={"member_name": wrong}, distractors=(), portal={}, reasons=())
    doubted = name_disputed(found, "Aaron Kwame Espinoza")
    assert doubted["member_name"].confidence == LINE_DISPUTED_NAME
    assert name_disputed(found, "Aaron Kwame Fspinoza") == {}
    assert name_disputed(found, None) == {}
    assert line_agrees({"member_name": replace(wrong, confidence=0.75)},
                       "Aaron Kwame Espinoza") == {}


def test_a_value_the_line_reader_mended_is_confirmed_by_the_page_reader_only_surely() -> None:
    # Fresh 14444's 0050: Tesseract's 'JDZ181356507' (right) doubted, the line reader's
    # 'IDZ181356507' put in its place, and the page reader's 'IDZ…' at 0.61 taken as
    # confirming it: one recogniser's habit twice, the card passed wrong. 14545's 0055 and
    # 0207: mends right, which the page reader read so at 0.95 and more.
    bars = review_bars(Config())
    box = Box(100, 200, 300, 230)
    tesseract = FieldReading("member_id", "JDZ181356507", 0.4, "front", "Member ID", box)
    mended = replace(tesseract, value="IDZ181356507")
    assert line_mended({"member_id": tesseract}, {"member_id": mended}, bars) == {"member_id"}

    def confirmed(theirs: float, marked: set[str]) -> bool:
        # (its I and 1 settled by the print's glyphs, as on the card)
        got = second_reading({"member_id": mended},
                             {"member_id": replace(mended, confidence=theirs)}, bars, True,
                             glyph_settled={"member_id"}, mended=marked)
        return "member_id" in got and got["member_id"].confidence >= bars["member_id"]

    assert not confirmed(0.61, {"member_id"})
    assert confirmed(0.61, set())  # what the card did
    assert confirmed(0.85, {"member_id"})
    # A mend dropping a character Tesseract made up (14444's 0212) is no such habit.
    made_up = replace(tesseract, value="QLL16363755599")
    assert not line_mended({"member_id": made_up},
                           {"member_id": replace(made_up, value="QLL6363755599")}, bars)
    # A reading over its bar is not a doubted one the cross-check mended; one Tesseract
    # could not read (14141's 0170: '16-16460%' at 0.00) is mended to the reading there is.
    sure = replace(tesseract, confidence=0.9)
    assert not line_mended({"member_id": sure}, {"member_id": mended}, bars)
    garble = replace(tesseract, confidence=0.0)
    assert not line_mended({"member_id": garble}, {"member_id": mended}, bars)
    # Nor one taken for want of a labelled one (14646's 0119): doubted for its place.
    assert not line_mended({"member_id": tesseract}, {"member_id": mended}, bars,
                           lone={"member_id"})
