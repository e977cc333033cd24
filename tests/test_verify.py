"""Values checked by a closer reading (issue 12): on a card with no carrier template (a
payer named from the directory) a member ID or group passes without review only when two
closer readings agree with it; a closer reading that disagrees sends the card to review.

Cards are drawn in the test; the closer readings of one test are altered by a wrapper
around the real engine, so the test knows what they said."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import SimpleNamespace
from typing import Any, cast

import pytest

from pipeline.ocr import PSM_SINGLE_LINE, OcrEngine, get_engine
from pipeline.process import UNCONFIRMED_CONFIDENCE, dissent, process_card
from pipeline.reread import rival
from pipeline.types import Box, FieldReading, Image, OcrPage
from tests import fakes
from tests.drawn import Ink, card_png


@pytest.fixture(autouse=True)
def _tesseract_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests check Tesseract's checks with engines that misread on purpose."""
    fakes.second_engine_off(monkeypatch)

PRIORITY = [
    Ink(60, 40, "Priority Health", 64, "sans-bold", (0, 90, 60)),
    Ink(60, 190, "JANE A DOE", 32),
    Ink(60, 270, "Member ID", 24), Ink(300, 266, "PH4418820931", 32),
    Ink(60, 340, "Group", 24), Ink(300, 336, "77120", 32),
    Ink(60, 540, "priorityhealth.com", 22),
]


class CloserReads:
    """The real engine, with the words of its closer single-line reads of identifiers
    (whitelisted) passed through ``alter``."""

    def __init__(self, engine: OcrEngine, alter: Callable[[str], str | None]) -> None:
        self.engine = engine
        self.name = engine.name
        self.alter = alter

    def recognize(self, image: Image, **kwargs: Any) -> OcrPage:
        page = self.engine.recognize(image, **kwargs)
        if kwargs.get("psm") != PSM_SINGLE_LINE or not kwargs.get("whitelist"):
            return page
        words = [replace(w, text=t) for w in page.words if (t := self.alter(w.text))]
        return replace(page, words=tuple(words))

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        return self.engine.detect_orientation(image)

    def version(self) -> str:
        return self.engine.version()


def _read(alter: Callable[[str], str | None] | None = None) -> tuple[dict[str, str], set[str]]:
    engine: OcrEngine = get_engine("tesserocr")
    if alter is not None:
        engine = CloserReads(engine, alter)
    result = process_card(card_png(PRIORITY), engine=engine)
    assert result.carrier.source == "directory" and result.carrier.name == "Priority Health"
    return ({k: f.value for k, f in result.fields.items()},
            {r.code for r in result.reasons})


@pytest.mark.tesseract
def test_a_directory_payers_values_that_closer_reads_confirm_need_no_review() -> None:
    values, codes = _read()
    assert values["member_id"] == "PH4418820931" and values["group_number"] == "77120"
    assert not codes


@pytest.mark.tesseract
def test_a_closer_read_that_disagrees_sends_the_card_to_review() -> None:
    values, codes = _read(lambda t: t.replace("4418", "4416"))
    assert values["member_id"] == "PH4418820931"  # the page's reading, not trusted alone
    assert "member_id_uncertain" in codes


@pytest.mark.tesseract
def test_a_value_no_closer_read_confirms_is_uncertain_without_a_template() -> None:
    _, codes = _read(lambda t: None)  # the closer reads find nothing
    assert {"member_id_uncertain", "group_number_uncertain"} <= codes


def test_a_payer_name_that_starts_with_a_label_word_is_no_label() -> None:
    # Group Health Cooperative's name over its address on the back: 'Group' there labels
    # nothing, so the number under it is no group number.
    back = "Group Health Cooperative of South Central Wisconsin\n57677 Madison WI\n"
    assert "group_number" not in fakes.read("Member ID: W24682890\n", back).fields
    labelled = fakes.read("Member ID: W24682890\nGROUP: G159281\n", back)
    assert fakes.value(labelled, "group_number") == "G159281"


def test_a_commercial_payers_card_with_a_trace_of_a_lost_group_goes_to_review() -> None:
    # Priority Health sells employers' plans: its card with a group label read as 'Grp'
    # and no value lost the group; one with no trace of a group is an individual policy.
    employer = fakes.read("Priority Health\nMember ID: PH4418820931\nJANE A DOE\nGrou\n")
    assert employer.carrier.source == "directory"
    assert "group_number_uncertain" in fakes.codes(employer)
    individual = fakes.read("Priority Health\nMember ID: PH4418820931\nJANE A DOE\n")
    assert "group_number_uncertain" not in fakes.codes(individual)
    # Its Medicaid plan's cards print none.
    medicaid = fakes.read("Priority Health\nMedicaid\nMember ID: PH4418820931\nJANE A DOE\nGrou\n")
    assert "group_number_uncertain" not in fakes.codes(medicaid)


def test_two_closer_readings_of_another_value_are_a_rival() -> None:
    box = Box(0, 0, 10, 10)
    votes = {"VQF852559144": [(0.0, box)] * 2, "VOF852559144": [(0.0, box)] * 2}
    assert rival(votes, "VOF852559144")  # a tie still disagrees
    assert not rival({"VOF852559144": [(0.0, box)] * 3, "VQF852559144": [(0.0, box)]},
                     "VOF852559144")
    # The value continued (its end lost by the page's reading) is no rival.
    assert not rival({"W1234567801": [(0.0, box)] * 2}, "W12345678")


def test_one_other_reading_of_its_length_contradicts_a_doubtful_value() -> None:
    """Even against three readings of the value: a fresh range's ``FA5137973`` was read
    ``FAS137973`` three times and right once (S and 5 share their closer reads' habits)."""
    box = Box(0, 0, 10, 10)
    reading = FieldReading("member_id", "FAS137973", 0.58, "front", "ID", box)
    assert dissent({"FAS137973": [(0.0, box)] * 3, "FA5137973": [(0.0, box)]}, reading)
    assert not dissent({"FAS137973": [(0.0, box)] * 3}, reading)
    # Another value of another length is no rival of one reading alone.
    assert not dissent({"FAS137973": [(0.0, box)] * 3, "FAS1379731": [(0.0, box)]}, reading)
    # A confident value is contradicted only by a rival.
    sure = replace(reading, confidence=0.9)
    assert not dissent({"FAS137973": [(0.0, box)], "FA5137973": [(0.0, box)]}, sure)


@pytest.mark.tesseract
def test_closer_reads_of_sevens_as_ones_confirm_the_value() -> None:
    # Tesseract's habit at 50-pixel letters: 77120 read 17120. The print has no 1's flag.
    values, codes = _read(lambda t: t.replace("77120", "17120"))
    assert values["group_number"] == "77120"
    assert not codes


@pytest.mark.tesseract
def test_closer_reads_split_at_one_scale_are_asked_again_at_another() -> None:
    # The four reads at the verify's scale: the value, another, nothing, nothing (no two
    # agree, no rival); the reads at the second scale give the value.
    calls = {"n": 0}

    def split(text: str) -> str | None:
        if "7712" not in text:
            return text
        calls["n"] += 1
        return {1: text, 2: "77129", 3: None, 4: None}.get(calls["n"], text)

    values, codes = _read(split)
    assert values["group_number"] == "77120"
    assert calls["n"] > 4  # the second scale was read
    assert "group_number_uncertain" not in codes


UMR_NO_GROUP_LABEL = [
    Ink(60, 40, "UMR", 64, "sans-bold", (0, 60, 140)),
    Ink(60, 190, "JANE A DOE", 32),
    Ink(60, 270, "Member ID", 24), Ink(300, 266, "628080962", 32),
    Ink(300, 336, "76-738910", 32),  # its "Group" label painted out by a mark
    Ink(60, 540, "umr.com", 22),
]


class PageReads(CloserReads):
    """The real engine, with the words of its whole-page reads passed through ``alter``
    (text and confidence), and its closer single-line reads scored 0 (as Tesseract often
    scores whitelisted reads of letters and digits)."""

    def __init__(self, engine: OcrEngine,
                 alter: Callable[[str, float], tuple[str, float]]) -> None:
        super().__init__(engine, lambda t: t)
        self.page_alter = alter

    def recognize(self, image: Image, **kwargs: Any) -> OcrPage:
        page = self.engine.recognize(image, **kwargs)
        if kwargs.get("psm") == PSM_SINGLE_LINE or kwargs.get("whitelist"):
            return replace(page, words=tuple(replace(w, confidence=0.0) for w in page.words))
        words = []
        for w in page.words:
            text, confidence = self.page_alter(w.text, w.confidence)
            words.append(replace(w, text=text, confidence=confidence))
        return replace(page, words=tuple(words))


OXFORD = [
    Ink(60, 40, "Oxford Health Plans", 56, "sans-bold", (0, 60, 140)),
    Ink(60, 190, "TAMIKA G CHAVEZ", 32),
    Ink(60, 270, "Member Number", 24), Ink(330, 266, "95244704505", 32),
    Ink(60, 340, "Group", 24), Ink(330, 336, "463996", 32),
    Ink(60, 540, "oxhp.com", 22),
]


@pytest.mark.tesseract
@pytest.mark.parametrize(("end", "trusted"), [(".", True), ("]", False)])
def test_a_doubtful_value_with_a_stop_after_it_is_confirmed_by_closer_reads(
    end: str, trusted: bool
) -> None:
    # An arrow's head after the group, read by the page as a stop, at a doubtful score; a
    # bracket is no stop but a letter misread (79461726] of 79461726J): not confirmed.
    def stop_after(text: str, confidence: float) -> tuple[str, float]:
        return (text + end, 0.5) if text == "463996" else (text, confidence)

    result = process_card(card_png(OXFORD), engine=PageReads(get_engine("tesserocr"),
                                                                stop_after))
    assert result.carrier.template_id == "oxford"
    assert ("group_number_uncertain" not in {r.code for r in result.reasons}) is trusted
    if trusted:
        assert result.fields["group_number"].value == "463996"


@pytest.mark.tesseract
def test_values_are_checked_on_a_card_going_to_review_for_something_else() -> None:
    # A trace of a lost group sends the card to review; its member ID's confidence must
    # still mean what it says: a closer read that disagrees makes it uncertain.
    inks = [i for i in PRIORITY if i.text not in ("Group", "77120")]
    inks.append(Ink(60, 340, "Grou", 24))
    engine = CloserReads(get_engine("tesserocr"), lambda t: t.replace("4418", "4416"))
    result = process_card(card_png(inks), engine=engine)
    codes = {r.code for r in result.reasons}
    assert "group_number_uncertain" in codes
    assert result.fields["member_id"].value == "PH4418820931"
    assert "member_id_uncertain" in codes


class OverlappingBoxes(CloserReads):
    """The real engine, whose whole-page reads box the member ID over its suffix (as
    Tesseract does in condensed print): the ID's box runs 15 px into the suffix's."""

    def __init__(self, engine: OcrEngine, member: str, suffix: str) -> None:
        super().__init__(engine, lambda t: t)
        self.member, self.suffix = member, suffix

    def recognize(self, image: Image, **kwargs: Any) -> OcrPage:
        page = self.engine.recognize(image, **kwargs)
        if kwargs.get("psm") == PSM_SINGLE_LINE or kwargs.get("whitelist"):
            return page
        starts = [w.box.left for w in page.words if w.text == self.suffix]
        words = [replace(w, box=replace(w.box, right=starts[0] + 15))
                 if w.text == self.member and starts else w for w in page.words]
        return replace(page, words=tuple(words))


@pytest.mark.tesseract
def test_a_member_id_whose_box_runs_over_its_suffix_is_confirmed_alone() -> None:
    # Read again with the suffix in its region, the ID and suffix read as one value and
    # never confirm the ID: the closer look stops short of the suffix's box.
    inks = [i for i in PRIORITY if i.text != "PH4418820931"]
    inks += [Ink(300, 266, "441124265133", 32, "narrow"),
             Ink(300 + 183, 266, "01", 32, "narrow")]
    engine = OverlappingBoxes(get_engine("tesserocr"), "441124265133", "01")
    result = process_card(card_png(inks), engine=engine)
    assert result.fields["member_id"].value == "441124265133"
    assert result.fields["member_id_suffix"].value == "01"
    assert "member_id_uncertain" not in {r.code for r in result.reasons}


HUMANA_NO_ID_LABEL = [
    Ink(60, 40, "Humana", 64, "sans-bold", (0, 120, 60)),
    Ink(60, 150, "JACOB B ESPINOZA SR", 32),
    Ink(60, 210, "Urgent Care $50", 26),  # not under the name: a lost label's value
    Ink(60, 266, "H04855413", 32), Ink(400, 266, "R1861 305", 32),
    Ink(60, 540, "humana.com", 22),
]


@pytest.mark.tesseract
@pytest.mark.parametrize(("inks", "carrier", "field", "printed", "misread"), [
    (UMR_NO_GROUP_LABEL, "umr", "group_number", "76-738910", "76-738916"),
    (HUMANA_NO_ID_LABEL, "humana", "member_id", "H04855413", "H04855418"),
])
@pytest.mark.parametrize("disagree", [False, True])
def test_a_lone_value_in_its_carriers_own_form_is_trusted_once_confirmed(
    inks: list[Ink], carrier: str, field: str, printed: str, misread: str, disagree: bool
) -> None:
    # A value whose label was lost, in a form only its carrier's have: trusted when the
    # closer reads give it again, uncertain when one of them disagrees.
    engine: OcrEngine = get_engine("tesserocr")
    if disagree:
        engine = CloserReads(engine, lambda t: t.replace(printed, misread))
    result = process_card(card_png(inks), engine=engine)
    assert result.carrier.template_id == carrier
    assert result.fields[field].value == printed
    assert (f"{field}_uncertain" in {r.code for r in result.reasons}) is disagree


def test_a_distinct_form_needs_the_letters_or_hyphen_the_format_asks_for() -> None:
    from pipeline.process import distinct_form
    from pipeline.templates import load_templates

    _, templates = load_templates()
    rules = {t.id: t.fields for t in templates}
    assert distinct_form(rules["humana"]["member_id"], "H04855413")
    assert not distinct_form(rules["uhc_student_resources"]["member_id"], "KY13481")
    assert not distinct_form(rules["tricare"]["member_id"], "00009999999")
    assert distinct_form(rules["umr"]["group_number"], "76-738910")
    assert not distinct_form(rules["umr"]["group_number"], "738910")


UHC_SR = [
    Ink(60, 40, "UnitedHealthcare StudentResources", 44, "sans-bold", (0, 60, 140)),
    Ink(60, 150, "Granite Valley Community College", 28),
    Ink(60, 230, "SR ID#", 24), Ink(300, 226, "YQH9990042", 32),
    Ink(60, 300, "Policy #", 24), Ink(300, 296, "2019-642-9", 32),
    Ink(60, 540, "uhcsr.com", 22),
]


@pytest.mark.tesseract
def test_a_confident_reading_with_a_round_letter_is_checked_and_doubted() -> None:
    # The page read Q as O at 0.92; closer reads give the Q, and the print shows its tail
    # (glyphs.q_corrected): the Q is put back, and the card still goes to review.
    def q_as_o(text: str, confidence: float) -> tuple[str, float]:
        return ("YOH9990042", 0.92) if text == "YQH9990042" else (text, confidence)

    result = process_card(card_png(UHC_SR), engine=PageReads(get_engine("tesserocr"), q_as_o))
    assert result.carrier.template_id == "uhc_student_resources"
    assert result.fields["member_id"].value == "YQH9990042"
    assert "member_id_uncertain" in {r.code for r in result.reasons}
    # Unaltered, the same card passes.
    plain = process_card(card_png(UHC_SR), engine=get_engine("tesserocr"))
    assert plain.fields["member_id"].value == "YQH9990042"
    assert "member_id_uncertain" not in {r.code for r in plain.reasons}


@pytest.mark.tesseract
def test_a_value_every_closer_read_continues_is_taken_whole_for_review() -> None:
    # The page lost the ID's last digit (a hand's shadow); every closer read has it. The
    # closer reads run on into an arrow's tip or a suffix alike (9898's 0190, 0376): a
    # person checks the whole value.
    def cut(text: str, confidence: float) -> tuple[str, float]:
        return ("YQH999004", 0.84) if text == "YQH9990042" else (text, confidence)

    result = process_card(card_png(UHC_SR), engine=PageReads(get_engine("tesserocr"), cut))
    assert result.fields["member_id"].value == "YQH9990042"
    assert result.fields["member_id"].confidence == UNCONFIRMED_CONFIDENCE
    assert "member_id_uncertain" in {r.code for r in result.reasons}


@pytest.mark.tesseract
def test_closer_reads_agreeing_on_a_value_of_another_length_leave_it_unconfirmed() -> None:
    # Two closer reads give 'PH44188209' (two digits fewer: no rival by length), none
    # the page's PH4418820931: on a card with no template, not confirmed.
    values, codes = _read(lambda t: "PH44188209" if "4418" in t else t)
    assert values["member_id"] == "PH4418820931"
    assert "member_id_uncertain" in codes


def test_a_round_letter_the_format_pins_needs_no_check() -> None:
    from pipeline.process import holds_round_letter
    from pipeline.templates import load_templates

    _, templates = load_templates()
    rules = {t.id: t.fields for t in templates}
    oscar = fakes.read("oscar.com\nMember ID   OSC12345678\n").fields["member_id"]
    assert oscar.value == "OSC12345678"
    assert not holds_round_letter(oscar, rules["oscar"]["member_id"])  # OSC is its prefix
    free = replace(oscar, value="YOH9990042")
    assert holds_round_letter(free, rules["uhc_student_resources"]["member_id"])


class DoubtfulWord(CloserReads):
    """The real engine, whose whole-page reads give the word ``text`` a low confidence,
    so that the value it makes is read again."""

    def __init__(self, engine: OcrEngine, text: str) -> None:
        super().__init__(engine, lambda t: t)
        self.text = text

    def recognize(self, image: Image, **kwargs: Any) -> OcrPage:
        page = self.engine.recognize(image, **kwargs)
        if kwargs.get("psm") == PSM_SINGLE_LINE or kwargs.get("whitelist"):
            return page
        words = [replace(w, confidence=0.3) if w.text == self.text else w for w in page.words]
        return replace(page, words=tuple(words))


@pytest.mark.tesseract
def test_a_doubtful_member_id_is_read_again_without_its_suffix() -> None:
    # Read again as one line with the suffix after it, "441124265133" and "01" join
    # ("44112426513301", which fits a member ID): the reread stops before the suffix.
    inks = [i for i in PRIORITY if i.text != "PH4418820931"]
    inks += [Ink(300, 266, "441124265133", 32), Ink(300 + 275, 266, "01", 32)]
    engine = DoubtfulWord(get_engine("tesserocr"), "441124265133")
    result = process_card(card_png(inks), engine=engine)
    assert result.fields["member_id"].value == "441124265133"
    assert result.fields["member_id_suffix"].value == "01"


class SmallScaleMisreads(PageReads):
    """:class:`PageReads`, whose closer single-line reads of images under
    ``SMALL_READ_PX`` tall (the second scale, ``reread.REGION_TEXT_PX``; the verify's own
    reads and a doubtful value's rereads are taller) give ``misread`` for ``printed``."""

    SMALL_READ_PX = 105

    def __init__(self, engine: OcrEngine, alter: Callable[[str, float], tuple[str, float]],
                 printed: str, misread: str) -> None:
        super().__init__(engine, alter)
        self.printed, self.misread = printed, misread

    def recognize(self, image: Image, **kwargs: Any) -> OcrPage:
        page = super().recognize(image, **kwargs)
        if kwargs.get("psm") != PSM_SINGLE_LINE or image.shape[0] >= self.SMALL_READ_PX:
            return page
        return replace(page, words=tuple(
            replace(w, text=w.text.replace(self.printed, self.misread)) for w in page.words))


@pytest.mark.tesseract
@pytest.mark.parametrize("disagree", [False, True])
def test_a_doubtful_value_closer_reads_give_at_two_scales_is_trusted(disagree: bool) -> None:
    # The page read the member ID cut short at a low score; rereads give it whole (scored
    # 0, as Tesseract scores whitelisted reads of digits in a mono font). Closer reads at
    # the verify's scale and at the second scale all give it: trusted. When the second
    # scale reads another digit, it stays under review.
    def cut(text: str, confidence: float) -> tuple[str, float]:
        return ("9524470", 0.3) if text == "95244704505" else (text, confidence)

    engine: OcrEngine = PageReads(get_engine("tesserocr"), cut)
    if disagree:
        engine = SmallScaleMisreads(get_engine("tesserocr"), cut, "95244704505", "95244704506")
    result = process_card(card_png(OXFORD), engine=engine)
    assert result.carrier.template_id == "oxford"
    assert result.fields["member_id"].value == "95244704505"
    assert ("member_id_uncertain" in {r.code for r in result.reasons}) is disagree


def test_a_member_id_one_character_from_the_rx_id_is_made_uncertain() -> None:
    from pipeline.process import COPY_DISAGREES_CONFIDENCE, copy_disagrees

    def found(member: str, rx: str) -> Any:
        return fakes.read(
            f"TRICARE\nSubscriber ID  {member}\nRx ID #  {rx} -@0.3 RxPlan Rx Choice\n")

    # A photocopy lost the member ID's last digit; the Rx ID (read whole despite the
    # stray dash after it) repeats the ID in full.
    lost = found("1855603379", "18556033793")
    assert fakes.value(lost, "rx_id") == "18556033793"
    doubted = copy_disagrees(lost)
    assert doubted["member_id"].confidence == COPY_DISAGREES_CONFIDENCE
    assert copy_disagrees(found("18556033793", "18556033793")) == {}
    # A person code after the ID is the Rx ID's own.
    assert copy_disagrees(found("1855603379", "185560337901")) == {}


def test_an_rx_id_whose_one_difference_the_id_format_settles_is_no_disagreeing_copy() -> None:
    from pipeline.process import COPY_DISAGREES_CONFIDENCE, copy_disagrees

    def found(rx: str) -> Any:
        return fakes.read(f"CareFirst BlueCross BlueShield\nMember #  IUR434857125\n"
                          f"Rx ID #  {rx}\n")

    # The Rx ID's I read as a 1 where the Blue plan's format takes a letter: the copies
    # agree.
    settled = found("1UR434857125")
    assert settled.template.id == "carefirst" and fakes.value(settled, "rx_id") == "1UR434857125"
    assert copy_disagrees(settled) == {}
    # A digit the format allows either way settles nothing.
    other = copy_disagrees(found("IUR434857126"))
    assert other["member_id"].confidence == COPY_DISAGREES_CONFIDENCE


class SixForG:
    """The real engine, with every reading of a G as a 6: Tesseract's habit on condensed
    sans print (``6484685`` for ``G484685``), page and closer reads alike."""

    def __init__(self, engine: OcrEngine) -> None:
        self.engine = engine
        self.name = engine.name

    def recognize(self, image: Image, **kwargs: Any) -> OcrPage:
        page = self.engine.recognize(image, **kwargs)
        return replace(page, words=tuple(replace(w, text=w.text.replace("G484685", "6484685"))
                                         for w in page.words))

    def detect_orientation(self, image: Image) -> tuple[int, float] | None:
        return self.engine.detect_orientation(image)

    def version(self) -> str:
        return self.engine.version()


@pytest.mark.tesseract
def test_a_g_read_as_six_everywhere_is_put_right_by_its_open_counter_and_reviewed() -> None:
    card = [ink if ink.text != "77120" else replace(ink, text="G484685") for ink in PRIORITY]
    result = process_card(card_png(card), engine=SixForG(get_engine("tesserocr")))
    group = result.fields["group_number"]
    assert group.value == "G484685"  # the print's open G, not the readings' 6
    assert "group_number_uncertain" in {r.code for r in result.reasons}


def test_a_misread_group_label_on_the_row_that_prints_the_member_id_again_is_the_rx_group(
) -> None:
    # WellCare's 'RX GROUP: RX5554' with its small RX lost and GROUP read 'croup:', on the
    # pharmacy's row, whose Rx ID (its label lost too) prints the member ID again.
    rx_row = fakes.read("WellCare\nMEMBER NUMBER  65386664\nLATOYA M MACDONALD\n"
                        "croup: RX5554   65386664\n")
    assert fakes.value(rx_row, "member_id") == "65386664"
    assert "group_number" not in rx_row.fields
    # The same misread label on a row of its own, with no second print of the ID (nor a
    # BIN, whose row makes a group label the pharmacy's), still gives a group.
    alone = fakes.read("WellCare\nMEMBER NUMBER  65386664\nLATOYA M MACDONALD\n"
                       "croup: RX5554\n")
    assert fakes.value(alone, "group_number") == "RX5554"


def test_a_value_whose_print_goes_on_past_its_reading_is_doubted() -> None:
    from pipeline.process import UNCONFIRMED_CONFIDENCE, end_unread
    from pipeline.types import OcrWord, SideRead
    from tests.test_glyphs import COUNTER_FONTS, drawn_prefix

    # Fresh range 5555's W892674077 read W89267407 (its last 7 faded to a stroke, read '/'
    # or not at all), by the page and by closer reads alike.
    image, box = drawn_prefix("W892674077", 9, COUNTER_FONTS[0])
    found = fakes.read("Aetna\nMember ID  W89267407\n")
    member = replace(found.fields["member_id"], box=box, confidence=0.73)
    found = replace(found, fields={"member_id": member})
    h = box.height
    after = Box(box.right + 2, box.top, box.right + 0.6 * h, box.bottom)

    def side(*words: str) -> SideRead:
        page = OcrPage(words=tuple(OcrWord(t, after, 0.7, 0) for t in words),
                       width=image.shape[1], height=image.shape[0])
        return cast(SideRead, SimpleNamespace(side="front", ocr_image=image, page=page))

    # Nor where it read a code of three characters or more there, apart from the value
    # (9797's 0266: ``6MO3B`` of ``365486MQ3B`` after ``36548``).
    for words in ((), ("/",), ("7ZQ",)):
        doubted = end_unread(found, [side(*words)])
        assert doubted["member_id"].value == "W89267407"
        assert doubted["member_id"].confidence == UNCONFIRMED_CONFIDENCE
    # A character the page read there on its own (a suffix set close) is another word, and
    # an explainer arrow's head ('<--') no glyph of the value.
    assert end_unread(found, [side("7")]) == {}
    assert end_unread(found, [side("<--.")]) == {}
    assert end_unread(found, [side("(89267407)")]) == {}  # the value again, in brackets
    # A speck's word at the glyph's foot reads none of it (9494's 0332: a '+' 2 px tall).
    speck = replace(after, top=box.bottom - 0.1 * h)
    page = OcrPage(words=(OcrWord("+", speck, 0.79, 0),), width=image.shape[1],
                   height=image.shape[0])
    doubted = end_unread(found, [cast(SideRead, SimpleNamespace(
        side="front", ocr_image=image, page=page))])
    assert doubted["member_id"].confidence == UNCONFIRMED_CONFIDENCE
    whole, whole_box = drawn_prefix("W892674077", 10, COUNTER_FONTS[0])
    complete = replace(found, fields={"member_id": replace(member, box=whole_box)})
    page = OcrPage(words=(), width=whole.shape[1], height=whole.shape[0])
    assert end_unread(complete, [cast(SideRead, SimpleNamespace(
        side="front", ocr_image=whole, page=page))]) == {}



def _closer_votes(printed: str, value: str, read: str) -> set[str]:
    """The closer votes on a group ``value`` whose print is ``printed`` (drawn on a card
    raster at the value's box) when every closer read gives ``read``."""
    from typing import cast

    import numpy as np
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    from pipeline.ocr import FakeEngine
    from pipeline.process import closer_votes
    from pipeline.templates import load_templates
    from pipeline.types import FieldReading, OcrWord, SideRead

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 24)
    rule = load_templates()[0].fields["group_number"]
    img = PILImage.new("L", (1011, 638), 245)
    draw = ImageDraw.Draw(img)
    draw.text((50, 380), printed, fill=20, font=font)
    left, top, right, bottom = draw.textbbox((50, 380), value, font=font)
    box = Box(float(left), float(top), float(right), float(bottom))
    reading = FieldReading(name="group_number", value=value, confidence=0.75, side="front",
                           label="Group", box=box)
    page = OcrPage(words=(OcrWord(value, box, 0.75, 0),), width=1011, height=638)
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank, page=page,
                    ocr_image=cast(Any, np.asarray(img)))
    canned = [OcrPage(words=(OcrWord(read, Box(12, 12, 900, 80), 0.0, 0),),
                      width=1000, height=100)] * 4
    return set(closer_votes(side, reading, rule, FakeEngine(canned), 96.0))


def test_closer_reads_running_on_past_the_print_count_for_the_value() -> None:
    """A photocopy's grey after ``4273807`` read as a ``C`` by closer reads: the print has
    a glyph for each of the value's digits and none after them, so those reads give the
    value; where a glyph is printed after it, they stay another value."""
    assert _closer_votes("4273807", "4273807", "4273807C") == {"4273807"}
    assert _closer_votes("4273807   C", "4273807", "4273807C") == {"4273807C"}


def test_closer_reads_that_lost_a_printed_glyph_say_nothing() -> None:
    """Closer reads of ``023570`` giving ``02357`` where six glyphs are printed lost one:
    no rival; where five are printed, they are one."""
    assert _closer_votes("023570", "023570", "02357") == set()
    assert _closer_votes("02357", "023570", "02357") == {"02357"}


def test_closer_reads_that_made_up_a_glyph_say_nothing() -> None:
    """Closer reads of ``ZD0099`` giving ``ZDO0099`` where six glyphs are printed made one
    up: no rival; where seven are printed, they are one."""
    assert _closer_votes("ZD0099", "ZD0099", "ZDO0099") == set()
    assert _closer_votes("ZDO0099", "ZD0099", "ZDO0099") == {"ZDO0099"}


@pytest.mark.parametrize(("text", "doubted"), [
    # 'BC2' flush with the label, set a wide space apart from the digits the reading took.
    ("CareSource\nRecipient ID\nBC2  3508464\n", True),
    # The value flush with its label: nothing before it on its row.
    ("CareSource\nRecipient ID\n3508464\n", False),
    # The value flush with an indented label: the word before it is another column's.
    ("CareSource\n        Recipient ID\nPCP     3508464\n", False),
])
def test_a_member_id_whose_row_starts_flush_with_its_label_before_it_is_doubted(
    text: str, doubted: bool
) -> None:
    from pipeline.process import UNCONFIRMED_CONFIDENCE, start_left_out
    from pipeline.types import FieldReading, SideRead

    page = fakes.page(text)
    found = fakes.read(text)
    digits = next(w for w in page.words if w.text == "3508464")
    reading = FieldReading(name="member_id", value="3508464", confidence=0.92, side="front",
                           label="Recipient ID", box=digits.box)
    found = replace(found, fields={**found.fields, "member_id": reading})
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank, page=page,
                    ocr_image=blank)
    got = start_left_out(found, [side])
    assert (got.get("member_id") is not None
            and got["member_id"].confidence == UNCONFIRMED_CONFIDENCE) is doubted


@pytest.mark.parametrize(("text", "doubted"), [
    # 3333's 0368: 'Rx' lost in a shadow, its bare 'ID' taken over 'Member ID #:'.
    ("UMR\nMember ID #: 921275360\nGroup 76-371525\n\nRxBIN 610279      ID 92127536000\n",
     True),
    # The card's only member-ID label is the bare one.
    ("UMR\nID 92127536000\nGroup 76-371525\n", False),
    # A fuller label with no 'ID' in it ('Members' read as 'Member #'): no second ID label.
    ("UMR\nID 92127536000\nGroup 76-371525\nMembers call 1-800-555-0100\n", False),
])
def test_a_member_id_under_a_bare_id_label_beside_a_member_id_label_is_doubted(
    text: str, doubted: bool
) -> None:
    from pipeline.process import BARE_ID_CONFIDENCE, bare_id_beside_full
    from pipeline.types import FieldReading, SideRead

    page = fakes.page(text)
    found = fakes.read(text)
    assert found.template.id == "umr"
    digits = next(w for w in page.words if w.text == "92127536000")
    reading = FieldReading(name="member_id", value="92127536000", confidence=0.97,
                           side="front", label="ID", box=digits.box)
    found = replace(found, fields={**found.fields, "member_id": reading})
    blank: Any = None
    side = SideRead(side="front", decoded=blank, card=blank, quality=blank, page=page,
                    ocr_image=blank)
    got = bare_id_beside_full(found, [side])
    assert (got.get("member_id") is not None
            and got["member_id"].confidence == BARE_ID_CONFIDENCE) is doubted


def test_a_closer_read_short_of_an_end_the_print_shows_is_no_better_reading() -> None:
    # 3333's 0213: the page read '71319597' (eight glyphs printed), a closer read '319597'.
    from pipeline.process import end_lost
    from pipeline.types import FieldReading
    from tests.test_glyphs import FONTS, drawn

    rule = fakes.read("Regence\nGROUP NO: 71319597\n").template.fields["group_number"]
    image, box = drawn("71319597", FONTS[0])
    reading = FieldReading(name="group_number", value="71319597", confidence=0.31,
                           side="front", label="GROUP NO", box=box)
    assert end_lost(image, reading, "319597", rule)
    assert end_lost(image, reading, "713195", rule)
    assert not end_lost(image, reading, "71319597", rule)
    assert not end_lost(image, reading, "71819597", rule)  # another value, not a lost end
    # The page read a glyph more than the print holds: the closer read may be right.
    image, box = drawn("1319597", FONTS[0])
    assert not end_lost(image, replace(reading, box=box), "1319597"[1:], rule)


def test_an_arrow_against_a_values_end_is_no_glyph_of_it() -> None:
    # Fresh 10808's 0231: 'Grp#' over '775737-895-23353' with an arrow drawn against its
    # end, the page's box taking the arrow in; a closer read gave '775737'.
    import numpy as np
    from PIL import Image, ImageDraw

    from pipeline import glyphs
    from pipeline.process import end_lost
    from pipeline.types import FieldReading
    from tests.test_glyphs import FONTS, drawn

    rule = fakes.read("Aetna\nGRP# 775737\n").template.fields["group_number"]
    image, box = drawn("775737-895-23353", FONTS[0])
    arrow = Image.fromarray(image.copy())
    h = box.height
    ImageDraw.Draw(arrow).polygon(
        [(box.right + 1, box.top + h / 2), (box.right + 1 + h, box.top),
         (box.right + 1 + h, box.bottom)], fill=20)
    ImageDraw.Draw(arrow).rectangle(
        (box.right + h, box.top + 0.4 * h, box.right + 4 * h, box.top + 0.6 * h), fill=20)
    marked = np.asarray(arrow)
    with_arrow = replace(box, right=box.right + 4 * h)
    assert glyphs.glyphs_in(marked, with_arrow) == 14
    assert glyphs.glyphs_in(image, box) == 14
    reading = FieldReading(name="group_number", value="775737-895-23353", confidence=0.23,
                           side="front", label="Grp#", box=with_arrow)
    assert end_lost(marked, reading, "775737", rule)


def test_a_closer_read_that_drops_a_start_the_print_shows_confirms_nothing() -> None:
    # The dev range's 0091: the page read '46101' (five glyphs printed, under a 'Plan ID'
    # whose 'Plan' a glare took), a closer read '6101FL4331351', which passed.
    from pipeline.process import start_dropped
    from pipeline.types import FieldReading
    from tests.test_glyphs import FONTS, drawn

    image, box = drawn("46101", FONTS[0])
    reading = FieldReading(name="member_id", value="46101", confidence=0.40,
                           side="front", label="ID", box=box)
    assert start_dropped(image, reading, "6101FL4331351")
    assert start_dropped(image, reading, "101FL4331351")
    assert not start_dropped(image, reading, "46101FL4331351")  # the page's start kept
    assert not start_dropped(image, reading, "01FL4331351")  # three dropped: another value
    assert not start_dropped(image, reading, "7210FL4331351")
    # The page read a glyph more than the print holds: the closer read may be right.
    image, box = drawn("6101", FONTS[0])
    assert not start_dropped(image, replace(reading, box=box), "6101FL4331351")


def test_a_member_id_two_characters_from_the_rx_id_before_its_person_code_is_uncertain() -> None:
    from pipeline.process import COPY_DISAGREES_CONFIDENCE, copy_disagrees

    def found(member: str, rx: str) -> Any:
        return fakes.read(f"BlueCross BlueShield of Illinois\nIdentification No  {member}\n"
                          f"Rx ID #  {rx}\n")

    # A small web image's J read T and 9 read 8 in the member ID; the Rx ID, read right,
    # repeats it before the person code 00.
    swapped = found("AZT260896838", "AZJ26099683800")
    assert fakes.value(swapped, "rx_id") == "AZJ26099683800"
    assert copy_disagrees(swapped)["member_id"].confidence == COPY_DISAGREES_CONFIDENCE
    assert copy_disagrees(found("AZJ260996838", "AZJ26099683800")) == {}
    # Three characters apart: another code, not a copy.
    assert copy_disagrees(found("AZT260886838", "AZJ26099683800")) == {}


def test_an_rx_id_the_page_split_in_two_is_joined_when_together_they_copy_the_member_id() -> None:
    # Fresh 11717's 0012: a kerned '1 7' split the Rx ID 'QVR881726390' into 'QVR881'
    # '726390'; the front's 'QVR' read 'OVR'. Joined, the copy is one character off the
    # member ID, and the two prints disagree.
    from pipeline.process import copy_disagrees, replace_readings, rx_id_joined

    def found(member: str, rx: str) -> tuple[Any, list[Any]]:
        front = f"BlueCross BlueShield of Illinois\nIdentification No  {member}\nRx ID  {rx}\n"
        side = SimpleNamespace(side="front", page=fakes.page(front))
        return fakes.read(front), [side]

    split, sides = found("OVR881726390", "QVR881 726390")
    assert fakes.value(split, "rx_id") == "QVR881"
    joined = rx_id_joined(split, sides)
    assert joined["rx_id"].value == "QVR881726390"
    assert joined["rx_id"].box.right == max(w.box.right for w in sides[0].page.words
                                            if w.text == "726390")
    assert copy_disagrees(replace_readings(split, joined))["member_id"]
    # Another number after the Rx ID, or one that does not complete the copy, stays apart.
    for rx in ("QVR881 555555", "QVR881   726390"):
        assert rx_id_joined(*found("OVR881726390", rx)) == {}
    # A whole copy needs no join, even with a word after it.
    assert rx_id_joined(*found("QVR881726390", "QVR881726390 01")) == {}


def test_copies_parted_by_a_look_alike_only_are_told_from_copies_parted_otherwise() -> None:
    # 11616's 0279: the Rx ID's 'QC026263505000' (its O read 0, a person code after it)
    # of 'QCO262635050': a look-alike the second engine may settle. 11717's 0012: 'QVR…'
    # against 'OVR…': no reading of one print tells which copy is misread.
    from pipeline.process import copies_alike

    def found(member: str, rx: str) -> Any:
        return fakes.read(f"Regence\nMember ID  {member}\nRx ID  {rx}\n")

    assert copies_alike(found("QCO262635050", "QC026263505000"))
    assert copies_alike(found("QCO262635050", "QCO2626350S0")) is False  # S: no look-alike
    assert copies_alike(found("QCO262635050", "QCO262635O50"))
    assert not copies_alike(found("OVR881726390", "QVR881726390"))
    assert not copies_alike(found("QCO262635050", "QCO262635050"))
