"""The payer directory (issue 13): its contents, its matching, and carrier evidence weighed by
where and how large it is printed (issue 12). Expected payers are facts about US insurers
(their names as their cards print them), never the pipeline's own output."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from pipeline import payers
from pipeline.process import interpret
from pipeline.types import Box, OcrPage, OcrWord, Side
from tests.fakes import codes, page

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "payers"
TEMPLATE_IDS = {p.stem for p in (ROOT / "carriers").glob("*.toml")} - {"generic"}

BCBS_COMPANIES = (
    # Each Blue Cross Blue Shield company as its cards name it: never merged with another.
    "Blue Cross and Blue Shield of Alabama", "Blue Cross Blue Shield of Arizona",
    "Arkansas Blue Cross and Blue Shield", "Blue Shield of California",
    "Anthem Blue Cross and Blue Shield", "CareFirst BlueCross BlueShield", "Florida Blue",
    "HMSA", "Blue Cross of Idaho", "Regence BlueShield",
    "Blue Cross and Blue Shield of Illinois", "Wellmark Blue Cross and Blue Shield",
    "Blue Cross and Blue Shield of Kansas", "Blue Cross and Blue Shield of Kansas City",
    "Blue KC", "Blue Cross and Blue Shield of Louisiana",
    "Blue Cross Blue Shield of Massachusetts", "Blue Cross Blue Shield of Michigan",
    "Blue Cross and Blue Shield of Minnesota", "Blue Cross & Blue Shield of Mississippi",
    "Blue Cross and Blue Shield of Montana", "Blue Cross and Blue Shield of Nebraska",
    "Horizon Blue Cross Blue Shield of New Jersey", "Blue Cross and Blue Shield of New Mexico",
    "Excellus BlueCross BlueShield", "Blue Cross and Blue Shield of North Carolina",
    "Blue Cross Blue Shield of North Dakota", "Blue Cross and Blue Shield of Oklahoma",
    "Independence Blue Cross", "Capital Blue Cross", "Highmark Blue Cross Blue Shield",
    "Premera Blue Cross", "Blue Cross & Blue Shield of Rhode Island",
    "BlueCross BlueShield of South Carolina", "BlueCross BlueShield of Tennessee",
    "Blue Cross and Blue Shield of Texas", "Blue Cross and Blue Shield of Vermont",
    "Blue Cross Blue Shield of Wyoming",
)
MEDICAID_PROGRAMS = ("Medi-Cal", "MassHealth", "TennCare", "AHCCCS", "Apple Health",
                     "SoonerCare", "HUSKY Health", "BadgerCare Plus", "NJ FamilyCare",
                     "Medallion")
OTHERS = ("TRICARE", "CHAMPVA", "Federal Employee Program", "FEHB", "Meritain Health",
          "HealthSmart", "Allied Benefit Systems", "Benefit Administrative Systems",
          "EmblemHealth", "Harvard Pilgrim Health Care", "Priority Health",
          "Group Health Cooperative of South Central Wisconsin", "Tufts Health Plan",
          "Point32Health", "Geisinger Health Plan", "SelectHealth", "Health Net",
          "Fidelis Care", "Sentara Health Plans", "CareSource", "Wellpoint",
          "Providence Health Plan", "PacificSource Health Plans", "Medica", "HealthPartners",
          "UPMC Health Plan", "Presbyterian Health Plan", "Dean Health Plan", "Quartz",
          "Security Health Plan", "Network Health")

STOPPED = ("Health Plan", "Medicare", "Medicaid", "Community Plan", "Blue Cross",
           "Blue Shield", "BlueCross BlueShield", "Blue Cross Blue Shield", "MultiPlan", "PHCS",
           "First Health", "CVS Caremark", "Express Scripts", "OptumRx", "Optum Rx",
           "Medicare Advantage", "Health Insurance", "Kansas City", "Providence",
           "Springfield", "New York", "Ohio", "Devoted", "Select", "Choice", "Medical",
           "Medical Group", "MEDICAL")


def directory_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (ROOT / "pipeline" / "data" / "payers.json").read_text(encoding="utf-8"))
    return data


def all_names(d: payers.Directory) -> set[str]:
    return {n for p in d.payers for n in (p.name, *p.aliases)}


# ----------------------------------------------------------------------------- the directory

def test_directory_counts() -> None:
    d = payers.load_directory()
    assert len(d.payers) >= 1000
    assert sum(1 + len(p.aliases) for p in d.payers) >= 3000
    assert d.counts["payers"] == len(d.payers)


@pytest.mark.parametrize("name", BCBS_COMPANIES + MEDICAID_PROGRAMS + OTHERS)
def test_every_bcbs_company_and_named_payer_is_listed(name: str) -> None:
    assert name in all_names(payers.load_directory())


def test_bcbs_companies_are_never_merged() -> None:
    d = payers.load_directory()
    owners = {}
    for name in BCBS_COMPANIES:
        owners[name] = {p.id for p in d.payers if name in (p.name, *p.aliases)}
        assert len(owners[name]) == 1, name
    distinct = {next(iter(v)) for k, v in owners.items() if k != "Blue KC"}
    assert len(distinct) == len(BCBS_COMPANIES) - 1


def test_ids_are_slugs_and_never_a_template_id_of_another_payer() -> None:
    d = payers.load_directory()
    ids = [p.id for p in d.payers]
    assert len(ids) == len(set(ids))
    for p in d.payers:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", p.id), p.id
        if p.template is None:
            assert p.id not in TEMPLATE_IDS, p.id
        else:
            assert p.template in TEMPLATE_IDS


def test_national_brands_collapse_with_their_states() -> None:
    d = payers.load_directory()
    humana = [p for p in d.payers if p.name.lower().startswith("humana")]
    assert [p.id for p in humana] == ["humana"]
    assert humana[0].template == "humana"
    assert len(humana[0].states) >= 10
    assert "Humana Health Plan, Inc." in all_names(d)


def test_placeholders_are_dropped() -> None:
    assert not any(n.lower().startswith("multiple") for n in all_names(payers.load_directory()))


def test_provenance_names_the_sources_and_the_script() -> None:
    prov = directory_json()["provenance"]
    files = {s["file"] for s in prov["sources"]}
    assert "cms_ma_contract_directory_2026_02.csv" in files
    assert "cms_marketplace_issuers_2014_2017.csv" in files
    assert all(s["came_from"] and len(s["sha256"]) == 64 for s in prov["sources"])
    assert prov["built_by"] == "scripts/build_payers.py" and prov["script_version"]


@pytest.mark.skipif(not SOURCE.is_dir(), reason="the CMS source files are not checked out")
def test_rebuild_gives_the_committed_directory() -> None:
    """Ids are stable: the script rebuilds the committed file byte for byte."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("build_payers",
                                                  ROOT / "scripts" / "build_payers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_payers"] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["build_payers"]
    assert module.build(SOURCE, module.MANUAL) == directory_json()


# ----------------------------------------------------------------------------- matching

def line(text: str, top: float, height: float, left: float = 30.0) -> list[OcrWord]:
    """Words of one printed line at ``top``, ``height`` px tall (width ~0.6 height/char)."""
    words = []
    x = left
    for token in text.split():
        w = 0.6 * height * len(token)
        words.append(OcrWord(token, Box(x, top, x + w, top + height), 0.95, int(top)))
        x += w + 0.5 * height
    return words


def sized_page(*lines: list[OcrWord], width: int = 1011, height: int = 638) -> OcrPage:
    return OcrPage(words=tuple(w for ln in lines for w in ln), width=width, height=height)


def body(top: float = 250) -> list[list[OcrWord]]:
    """A card's body text in 24 px type."""
    return [line("Member Name JOHN Q SAMPLE", top, 24), line("Member ID 912345678", top + 44, 24),
            line("Group Number 123456", top + 88, 24), line("Effective 01/01/2026", top + 132, 24)]


def named(pages: list[OcrPage]) -> str | None:
    found = payers.find(pages)
    return found.payer.id if found else None


@pytest.mark.parametrize("phrase", STOPPED)
def test_generic_phrases_networks_pbms_and_cities_never_name_a_payer(phrase: str) -> None:
    assert not payers.matchable(phrase)
    front = sized_page(line(phrase, 30, 60), *body())
    assert named([front]) is None


def test_a_card_of_only_generic_words_names_no_payer() -> None:
    text = """
Health Plan   Medicare Advantage   Community Plan
Blue Cross Blue Shield   PPO
Network: MultiPlan PHCS   First Health
Rx: CVS Caremark   Express Scripts   OptumRx
Kansas City, MO 64108   Providence, RI 02903
Member ID  912345678
"""
    assert payers.find([page(text)]) is None
    r = interpret([("front", page(text))], has_back=False)
    assert r.carrier.id is None and "carrier_unknown" in codes(r)


@pytest.mark.parametrize(("printed", "expected"), [
    ("Blue Cross and Blue Shield of Kansas City", "blue_kc"),
    ("BlueCross BlueShield of Kansas City", "blue_kc"),
    ("Blue KC", "blue_kc"),
    ("Blue Cross and Blue Shield of Kansas", "bcbs_kansas"),
    ("BlueCross BlueShield of Kansas", "bcbs_kansas"),
    ("Blue Cross Blue Shield of North Dakota", "bcbs_north_dakota"),
    ("Blue Cross Blue Shield of Michigan", "bcbs_michigan"),
    ("Blue Cross and Blue Shield of Minnesota", "bcbs_minnesota"),
    ("Group Health Cooperative of South Central Wisconsin", "ghc_scw"),
    ("Group Health Cooperative of Eau Claire", "ghc_eau_claire"),
    ("Harvard Pilgrim Health Care", "harvard_pilgrim"),
    ("EmblemHealth", "emblemhealth"),
    ("Priority Health", "priority_health"),
    ("Priorlty Health", "priority_health"),  # one OCR slip in a long name
    ("Medi-Cal", "medi_cal"),  # squashed it is 'medical': the hyphen must be printed
    ("L.A. Care Health Plan", "la_care"),
    ("Baylor Scott & White Health Plan", "baylor_scott_white_health_plan"),
    ("HealthPartners", "healthpartners"),
    ("Paramount", "paramount"),
])
def test_confusable_names_name_the_right_payer(printed: str, expected: str) -> None:
    front = sized_page(line(printed, 30, 48), *body())
    found = payers.find([front])
    assert found is not None and found.payer.id == expected
    assert found.confidence >= 0.8


def test_a_payer_named_in_capitals_is_no_lower_case_word_in_a_sentence() -> None:
    # Fresh 13030's 0078: a motion-blurred back's small print read 'the pharinacy hap dew';
    # 'hap' named Health Alliance Plan (HAP) on a Blue Cross card, unreviewed.
    sentence = line("Pharmacy for claim the pharinacy hap dew", 40, 16)
    assert named([sized_page(*body()), sized_page(sentence, *body(200))]) is None
    printed = line("HAP Senior Plus", 30, 48)
    assert named([sized_page(printed, *body())]) == "hap"


def test_a_brand_of_several_states_is_named_with_the_printed_state() -> None:
    front = sized_page(line("CareSource", 30, 48), *body(),
                       line("P.O. Box 8738 Dayton, OH 45401", 560, 18))
    found = payers.find([front])
    assert found is not None and found.payer.id == "caresource" and found.state == "OH"
    r = interpret([("front", front)], has_back=False)
    assert r.carrier.name == "CareSource" and r.carrier.state == "OH"


def test_molina_of_any_state_is_the_molina_template() -> None:
    for state in ("Ohio", "Utah"):
        front = sized_page(line(f"Molina Healthcare of {state}", 30, 48), *body())
        r = interpret([("front", front)], has_back=False)
        assert r.carrier.template_id == "molina" and r.carrier.source == "template"


def test_a_shared_name_goes_to_the_payer_of_the_printed_state() -> None:
    d = payers.index({"payers": [
        {"id": "acme_ohio", "name": "Acmecare Health", "states": ["OH"], "kinds": ["medicaid"]},
        {"id": "acme_utah", "name": "Acmecare Health", "states": ["UT"],
         "kinds": ["medicare_advantage"]},
    ]})
    name = line("Acmecare Health", 30, 48)
    ohio = payers.find([sized_page(name, *body(), line("Columbus, OH 43215", 560, 18))], d)
    utah = payers.find([sized_page(name, *body(), line("Salt Lake City, UT 84101", 560, 18))], d)
    medicare = payers.find([sized_page(name, *body(), line("Medicare Advantage", 500, 24))], d)
    neither = payers.find([sized_page(name, *body())], d)
    assert ohio is not None and ohio.payer.id == "acme_ohio" and ohio.confidence >= 0.8
    assert utah is not None and utah.payer.id == "acme_utah" and utah.state == "UT"
    assert medicare is not None and medicare.payer.id == "acme_utah"
    assert neither is not None and neither.confidence < 0.8  # a person decides


def test_names_in_fine_print_on_the_back_are_weak_evidence() -> None:
    front = sized_page(*body(60))
    back = sized_page(line("Member Services 1-800-555-0100", 40, 24),
                      line("Administered by Meritain Health", 560, 14))
    found = payers.find([front, back])
    assert found is not None and found.payer.id == "meritain_health"
    assert found.confidence < 0.8


def test_two_payers_printed_alike_conflict() -> None:
    front = sized_page(line("Priority Health", 30, 48), line("EmblemHealth", 100, 48), *body())
    found = payers.find([front])
    assert found is not None and found.confidence < 0.8


def test_a_network_beside_the_payer_does_not_change_it() -> None:
    front = sized_page(line("Meritain Health", 30, 48), *body(),
                       line("PHCS MultiPlan", 560, 40, left=600),
                       line("CVS Caremark", 500, 30, left=600))
    found = payers.find([front])
    assert found is not None and found.payer.id == "meritain_health"
    assert found.confidence >= 0.8


def test_template_owned_payers_are_never_named_by_the_directory() -> None:
    front = sized_page(line("Golden Rule Insurance Company", 30, 48), *body())
    assert payers.find([front]) is None


BACK_LINES = (
    "Member Services 1-800-555-0100 TTY 711", "Provider Services 1-800-555-0111",
    "Pharmacy Help Desk 1-800-555-0122", "Behavioral Health 1-800-555-0133",
    "Nurse Line available 24 hours a day", "Submit medical claims to:",
    "Group Health Cooperative of South Central Wisconsin", "PO Box 44971 Madison, WI 53744",
    "Electronic Payer ID 39180", "Network: PHCS MultiPlan outside Wisconsin",
    "Pharmacy claims: Navitus Health Solutions", "This card does not guarantee coverage.",
    "Present this card when you receive care.", "ghcscw.com",
)


def two_sided_card() -> list[OcrPage]:
    """A directory payer's two-sided card, the one tests/bench/payer_speed.py times."""
    front = sized_page(line("Group Health Cooperative of South Central Wisconsin", 30, 40),
                       *body(), line("RxBIN 610014 RxPCN ADV RxGRP RX8834", 430, 20),
                       line("PHCS MultiPlan Network", 480, 20),
                       line("Madison, WI 53701 ghcscw.com 1-800-555-0100", 560, 16))
    back = sized_page(*[line(t, 20 + 40 * i, 20) for i, t in enumerate(BACK_LINES)])
    return [front, back]


def test_a_two_sided_card_of_a_directory_payer_is_named() -> None:
    """Load and match CPU are timed in tests/bench/payer_speed.py, not here."""
    assert named(two_sided_card()) == "ghc_scw"


# ----------------------------------------------------------------------------- prominence

def read(front: OcrPage, back: OcrPage | None = None) -> Any:
    pages: list[tuple[Side, OcrPage]] = [("front", front)]
    if back is not None:
        pages.append(("back", back))
    return interpret(pages, has_back=back is not None)


@pytest.mark.parametrize("address", ["oxhp.com", "umr.com"])
def test_a_big_wordmark_beats_a_tiny_address_of_a_higher_priority_carrier(address: str) -> None:
    front = sized_page(line("UnitedHealthcare", 30, 60), *body(),
                       line(address, 600, 14, left=880))
    r = read(front)
    assert r.carrier.template_id == "unitedhealthcare"
    assert "carrier_uncertain" in codes(r)
    assert r.carrier.confidence < 0.8


@pytest.mark.parametrize("address", ["oxhp.com", "umr.com"])
def test_an_address_boxed_large_is_still_no_wordmark(address: str) -> None:
    # Noise at the card's edge made OCR box the corner's address as tall as the Cigna
    # wordmark: an address is fine print however it is boxed, so the two conflict.
    front = sized_page(line("Cigna", 30, 30), *body(), line(address, 600, 30, left=820))
    r = read(front)
    assert r.carrier.template_id == "cigna"
    assert "carrier_uncertain" in codes(r)


def test_a_carrier_named_by_its_address_alone_is_in_doubt() -> None:
    # 8383's 0201: a UnitedHealthcare card's wordmark lost on a pale band in motion blur;
    # only its fine print's oxhp.com (Oxford's) was read.
    alone = read(sized_page(*body(), line("oxhp.com", 600, 12, left=60)))
    assert alone.carrier.template_id == "oxford"
    assert "carrier_uncertain" in codes(alone)
    named = read(sized_page(line("OXFORD", 30, 56), *body(), line("oxhp.com", 600, 12, left=60)))
    assert "carrier_uncertain" not in codes(named)
    # 8383's 0071: a UMR card's umr.com printed as large as its text, its logo a swoosh.
    large = read(sized_page(*body(), line("umr.com", 600, 24, left=60)))
    assert large.carrier.template_id == "umr"
    assert "carrier_uncertain" not in codes(large)


def test_a_logos_mark_read_glued_before_its_wordmark_names_the_carrier() -> None:
    # 7171's 0231: the Aetna logo's mark read as 'Gr' before 'aetna'. Small print, the
    # back, or letters after the name (a surname opening with one) name nothing.
    assert read(sized_page(line("Graetna", 10, 70), *body())).carrier.template_id == "aetna"
    for front in (sized_page(line("Graetna", 400, 16), *body()),
                  sized_page(line("Molinari", 10, 70), *body()),
                  sized_page(line("Xyzaetna", 10, 70), *body())):
        assert read(front).carrier.template_id is None
    back = sized_page(line("Graetna", 10, 70))
    assert read(sized_page(*body()), back).carrier.template_id is None


def test_oxford_printed_prominently_beside_uhc_is_oxford() -> None:
    front = sized_page(line("OXFORD", 30, 56), line("HEALTH PLANS", 92, 24),
                       line("UnitedHealthcare", 36, 32, left=650), *body(),
                       line("oxhp.com", 600, 14, left=880))
    r = read(front)
    assert r.carrier.template_id == "oxford"
    assert "carrier_uncertain" not in codes(r)
    assert r.portal["insurance_provider"] == "Oxford"


def test_umr_wordmark_with_a_uhc_network_line_is_umr() -> None:
    front = sized_page(line("UMR", 30, 70), line("UnitedHealthcare Choice Plus", 120, 26),
                       *body(180))
    r = read(front)
    assert r.carrier.template_id == "umr"
    assert "carrier_uncertain" not in codes(r)


def test_a_template_in_fine_print_beside_a_directory_wordmark_is_uncertain() -> None:
    front = sized_page(line("Priority Health", 30, 60), *body(),
                       line("aetna.com", 600, 14, left=880))
    r = read(front)
    assert r.carrier.template_id == "aetna"  # templates win, but not silently
    assert "carrier_uncertain" in codes(r)


def test_a_directory_payer_named_with_confident_values_needs_no_review() -> None:
    front = sized_page(line("Priority Health", 30, 60), *body())
    r = read(front)
    assert r.carrier.id == "priority_health" and r.carrier.source == "directory"
    assert r.carrier.template_id is None
    assert r.portal["insurance_provider"] == "Priority Health"
    assert r.reasons == ()


# ----------------------------------------------------------------------------- outputs

def test_the_table_and_the_result_show_the_directory_payer(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    from pipeline.cli import main
    from pipeline.result import to_json
    from pipeline.types import CardResult

    r = read(sized_page(line("Blue KC", 30, 60), *body(),
                        line("Kansas City, MO 64108", 560, 18)))
    result = to_json(CardResult(card="kc", carrier=r.carrier, fields=r.fields,
                                distractors=r.distractors, portal=r.portal, reasons=r.reasons))
    assert result["carrier"]["id"] == "blue_kc"
    assert result["carrier"]["name"] == "Blue Cross and Blue Shield of Kansas City"
    assert result["carrier"]["source"] == "directory"
    assert result["carrier"]["state"] == "MO"
    assert result["portal"]["insurance_provider"] == "Blue Cross and Blue Shield of Kansas City"
    jsonl = tmp_path / "results.jsonl"
    jsonl.write_text(json.dumps(result) + "\n", encoding="utf-8")
    assert main(["table", str(jsonl)]) == 0
    assert "Blue Cross and Blue Shield of Kansas City (directory)" in capsys.readouterr().out


# ----------------------------------------------------------------------------- end to end

def draw_card(lines: list[tuple[str, int, int]]) -> bytes:
    """A white ID-1 card on a grey table, PNG bytes: (text, top px, font px) lines."""
    from PIL import Image, ImageDraw, ImageFont

    card = Image.new("RGB", (1011, 638), "white")
    draw = ImageDraw.Draw(card)
    for text, top, size in lines:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf" if size > 40 else "DejaVuSans.ttf", size)
        draw.text((60, top), text, fill=(20, 30, 60), font=font)
    photo = Image.new("RGB", (1300, 900), (110, 110, 110))
    photo.paste(card, (140, 130))
    out = io.BytesIO()
    photo.save(out, format="PNG")
    return out.getvalue()


@pytest.mark.tesseract
def test_a_drawn_priority_health_card_is_named_from_the_directory() -> None:
    from pipeline.process import process_card
    from pipeline.result import to_json

    try:
        png = draw_card([("Priority Health", 50, 64), ("Member Name: JOHN Q SAMPLE", 250, 30),
                         ("Member ID: 912345678", 310, 30), ("Group: 123456", 370, 30)])
    except OSError:
        pytest.skip("DejaVu fonts are not installed")
    result = to_json(process_card(png))
    assert result["carrier"]["id"] == "priority_health"
    assert result["carrier"]["name"] == "Priority Health"
    assert result["carrier"]["source"] == "directory"
    assert result["portal"]["insurance_provider"] == "Priority Health"
    assert result["portal"]["member_id"] == "912345678"
    assert not {r["code"] for r in result["review"]["reasons"]} & {
        "carrier_unknown", "carrier_uncertain"}


# ------------------------------------------------------------------- the generator's facts

def test_the_generators_payer_ids_are_in_the_directory_under_their_printed_names() -> None:
    from samples.gen_directory import DIRECTORY_IDS, DIRECTORY_PAYERS

    d = payers.load_directory()
    pairs = [*DIRECTORY_IDS.items(), *((name, pid) for name, _, _, pid in DIRECTORY_PAYERS)]
    for printed, pid in pairs:
        p = d.by_id.get(pid)
        assert p is not None and p.template is None, (printed, pid)
        assert payers.squash(printed) in {payers.squash(n) for n in (p.name, *p.aliases)}, (
            printed, pid)


def test_a_name_printed_on_two_lines_is_one_name() -> None:
    front = sized_page(line("Blue Cross and Blue", 30, 40), line("Shield of Montana", 76, 40),
                       *body())
    found = payers.find([front])
    assert found is not None and found.payer.id == "bcbs_montana" and found.confidence >= 0.8


def test_two_names_on_two_lines_stay_two() -> None:
    front = sized_page(line("Blue Cross and Blue Shield of Kansas", 30, 40),
                       line("City Clinic", 76, 40), *body())
    found = payers.find([front])
    assert found is not None and found.payer.id == "bcbs_kansas"


def test_a_web_address_and_a_logo_glued_name_are_read() -> None:
    site = payers.find([sized_page(*body(), line("avmed.org", 560, 18))])
    assert site is not None and site.payer.id == "avmed"
    glued = payers.find([sized_page(line("(7~Avera Health Plans", 30, 48), *body())])
    assert glued is not None and glued.payer.id == "avera_health_plans"


def test_a_template_keyword_inside_a_longer_payer_name_is_that_payer() -> None:
    """'Empire' (Anthem's keyword) inside 'Inland Empire Health Plan'."""
    r = read(sized_page(line("Inland Empire Health Plan", 30, 48), *body()))
    assert r.carrier.id == "iehp" and r.carrier.source == "directory"
    # The keyword is a word of the payer's name as printed: no Anthem mark, no conflict.
    assert r.carrier.confidence >= 0.8 and "carrier_uncertain" not in codes(r)
    assert r.carrier.runner_up != "anthem"
    anthem = read(sized_page(line("Empire BlueCross BlueShield", 30, 48), *body()))
    assert anthem.carrier.template_id == "anthem"


def test_a_keyword_inside_a_payer_name_stacked_over_two_lines_is_that_payer() -> None:
    """A logo stacking 'Inland Empire' over 'Health Plan' at the card's top right (word
    boxes as OCR read d2222 0131): 'Empire', its box the tallest for its descender, is
    printed louder than the payer's whole name, but it is still a word of that name
    (four IEHP cards of the development ranges were named Anthem at 1.0)."""
    logo = [OcrWord(text, Box(*box), 0.96, row) for text, box, row in (
        ("Inland", (644, 34, 792, 59), 0), ("Empire", (817, 34, 966, 66), 0),
        ("Health", (641, 73, 790, 98), 1), ("Plan", (817, 73, 915, 98), 1))]
    r = read(sized_page(logo, *body()))
    assert r.carrier.id == "iehp" and r.carrier.source == "directory"
    assert r.carrier.confidence >= 0.8


# ------------------------------------------------ misses of the directory suite (seed 20261313)

def test_a_payers_own_name_beats_the_same_name_in_another_payers_cms_history() -> None:
    """'Superior HealthPlan' is Superior's name as its cards print it; Wellcare's entry also
    holds it (a CMS contract's former name). A claims address in a Wellcare state (KY) does
    not hand the card to Wellcare, whose template found nothing."""
    front = sized_page(line("Superior HealthPlan", 11, 80), *body(),
                       line("superiorhealthplan.com", 590, 22))
    back = sized_page(line("Mail claims to: Superior HealthPlan, P.O. Box 45794", 206, 17),
                      line("Lexington, KY 40512", 237, 17))
    found = payers.find([front, back])
    assert found is not None and found.payer.id == "superior_healthplan"
    assert found.confidence >= 0.8
    r = read(front, back)
    assert r.carrier.id == "superior_healthplan" and r.carrier.source == "directory"


@pytest.mark.parametrize(("wordmark", "full", "expected"), [
    ("Group Health Cooperative",
     "Group Health Cooperative of South Central Wisconsin", "ghc_scw"),
    ("Group Health Cooperative", "Group Health Cooperative of Eau Claire", "ghc_eau_claire"),
    ("Neighborhood Health", "Neighborhood Health Plan of Rhode Island", "nhpri"),
])
def test_a_wordmark_short_for_a_name_printed_in_full_is_that_payer(
        wordmark: str, full: str, expected: str) -> None:
    """A wordmark printing the start of the payer's name, the name in full in the claims
    address: the payer of the full name (not Kaiser's former 'Group Health Cooperative', nor
    a PACE organisation one word longer)."""
    front = sized_page(line(wordmark, 20, 60), *body())
    back = sized_page(line("Member Services 1-844-577-5503", 170, 14),
                      line(f"Submit claims to: {full}, P.O. Box 43564", 250, 14))
    found = payers.find([front, back])
    assert found is not None and found.payer.id == expected
    assert read(front, back).carrier.id == expected


def test_a_payers_own_name_is_not_explained_away_by_a_longer_one() -> None:
    """'Blue Cross and Blue Shield of Kansas' is that company's name, not a short form of
    '... of Kansas City' printed in fine print."""
    front = sized_page(line("Blue Cross and Blue Shield of Kansas", 20, 48), *body(),
                       line("BlueCard partner Blue Cross and Blue Shield of Kansas City", 600, 12))
    assert named([front]) == "bcbs_kansas"


def test_a_fuzzy_reading_does_not_drop_a_names_last_word() -> None:
    """'Neighborhood Health' is no misreading of 'Neighborhood Healthcare' (a PACE): an OCR
    slip changes a letter or two, it does not drop four."""
    assert named([sized_page(line("Neighborhood Health", 20, 48), *body())]) is None
    assert named([sized_page(line("Neighborhood Heallhcare", 20, 48), *body())]) == (
        "neighborhood_healthcare_pace")


def test_a_small_tagline_under_a_wordmark_is_not_part_of_the_name() -> None:
    """'Neighborhood Health' over 'Caring for all Rhode Island' in a third of its size."""
    front = sized_page(line("Neighborhood Health", 25, 36),
                       line("Caring for all Rhode Island", 65, 11), *body())
    assert named([front]) is None


def test_a_name_read_across_two_lines_must_be_read_exactly() -> None:
    """Joining two lines is a guess about the layout: 'Neighborhood Health' over 'Caring for
    all' is no misread 'Neighborhood Healthcare' (a PACE in California)."""
    front = sized_page(line("Neighborhood Health", 25, 36), line("Caring for all", 71, 36),
                       *body())
    assert named([front]) is None
    two_lines = sized_page(line("Neighborhood", 25, 36), line("Healthcare", 71, 36), *body())
    assert named([two_lines]) == "neighborhood_healthcare_pace"


@pytest.mark.parametrize(("site", "expected"), [
    ("apwuhp.com", "apwu_health_plan"),  # APWU Health Plan's address, not its name
    ("www.bcbsks.com", "bcbs_kansas"),
    ("bluekc.com", "blue_kc"),
    ("devoted.com", "devoted_health"),
])
def test_a_payers_web_address_names_it(site: str, expected: str) -> None:
    front = sized_page(*body(), line(f"Member Services 1-844-644-7452 {site}", 565, 17))
    assert named([front]) == expected


def test_a_web_address_names_a_payer_only_printed_as_one() -> None:
    """'Devoted' is a plain word (devoted.com is Devoted Health's address); 'apwuhp' without
    its domain is not an address."""
    assert named([sized_page(line("Devoted to your care", 30, 48), *body())]) is None
    assert named([sized_page(*body(), line("Code apwuhp", 565, 17))]) is None


def test_a_second_line_in_smaller_type_is_still_the_name() -> None:
    """'BlueCross BlueShield' over 'of Kansas' in about half its size (seed 20261313, 0141)."""
    front = sized_page(line("BlueCross BlueShield", 26, 52), line("of Kansas", 80, 26), *body())
    assert named([front]) == "bcbs_kansas"


def test_a_speck_between_a_names_two_lines_is_skipped() -> None:
    """A logo's edge read 'oy' at the end of the first line (seed 20261313, card 0141)."""
    front = sized_page(line("(7 BlueCross BlueShield oy", 26, 52), line("of Kansas", 80, 28),
                       *body())
    assert named([front]) == "bcbs_kansas"


def test_a_logo_glyph_at_the_start_of_a_names_second_line_is_skipped() -> None:
    """'Blue Cross and Blue' over '[XR Shield of Oklahoma', the logo read '[XR' and standing
    above the line (seed 20261313, card 0100)."""
    front = sized_page(line("Blue Cross and Blue", 22, 34, left=183),
                       line("[XR", 42, 46, left=81), line("Shield of Oklahoma", 65, 34, left=183),
                       *body())
    found = payers.find([front])
    assert found is not None and found.payer.id == "bcbs_oklahoma" and found.confidence >= 0.8


def test_rows_of_specks_are_never_a_names_line() -> None:
    """A speckled photocopy's specks read as hundreds of one-letter words (seed 20261313,
    card 0028: 78 two-line candidates, 96 ms to match; 19 and 16 ms without the specks)."""
    specks = [line(". ' ,", 40 + 30 * i, 40, left=30 + 20 * (i % 3)) for i in range(8)]
    page = sized_page(line("Priority Health", 20, 48), *specks, *body())
    rows = payers.word_rows(page)
    pairs = payers.stacked(rows, payers.median_height(page), page.height)
    speck_rows = {i for i, row in enumerate(rows)
                  if not any(len(payers.printed_word(w.text)) > 2 for w in row)}
    assert speck_rows and not any(a in speck_rows or b in speck_rows for a, b in pairs)
    assert named([page]) == "priority_health"


def test_a_templates_payer_name_stacked_over_two_lines_names_the_template() -> None:
    """'BlueCross BlueShield' over 'of Illinois' (word boxes as OCR read d2222 0144): no
    keyword of the template is read on one row, but the directory reads the template's own
    payer's name across the two: the template names the card (eleven such cards of four
    development ranges were left with no carrier)."""
    logo = [OcrWord(text, Box(*box), 0.97, row) for text, box, row in (
        ("BlueCross", (429, 25, 682, 69), 0), ("BlueShield", (702, 25, 967, 69), 0),
        ("of", (427, 83, 478, 125), 1), ("Illinois", (495, 81, 656, 125), 1))]
    r = read(sized_page(logo, *body()))
    assert r.carrier.template_id == "bcbs_illinois" and r.carrier.source == "template"
    assert r.carrier.confidence >= 0.8
    # The directory alone still never returns a template's payer.
    assert payers.find([sized_page(logo, *body())]) is None


def test_a_former_name_the_directory_gives_a_templates_payer_names_no_template() -> None:
    """'Group Health Cooperative' over 'of [South] Central Wisconsin' (d1111 0191, 'South'
    lost): the directory gives the words to Kaiser's payer (its former name in Washington),
    but no Kaiser keyword is read: the card is not named Kaiser."""
    logo = [OcrWord(text, Box(*box), conf, row) for text, box, conf, row in (
        ("Group", (178, 23, 347, 76), 0.97, 0), ("Health", (368, 24, 539, 66), 0.95, 0),
        ("Cooperative", (559, 23, 899, 76), 0.95, 0), ("of", (178, 78, 230, 120), 0.97, 1),
        ("eatih", (247, 33, 393, 120), 0.0, 1), ("Central", (416, 77, 610, 120), 0.96, 1),
        ("Wisconsin", (630, 78, 900, 120), 0.96, 1))]
    r = read(sized_page(logo, *body()))
    assert r.carrier.template_id != "kaiser"
