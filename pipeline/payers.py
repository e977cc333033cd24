"""The payer directory: US payers behind the templates, loaded once, found in a card's words.

``pipeline/data/payers.json`` is built by ``scripts/build_payers.py`` (CMS files plus
hand-written facts). A payer is named when one of its names is printed on the card; each
printed name is weighed by where and how large it is printed (a wordmark in the front's top
band over fine print on the back). Generic phrases (``Health Plan``, ``Medicare``, ``Blue
Cross``), networks, pharmacy benefit managers, states and cities never name a payer.
"""

from __future__ import annotations

import functools
import json
import re
import statistics
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from pipeline.types import OcrPage, OcrWord

STATES: Mapping[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "PR": "Puerto Rico",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}

CITIES = (
    "New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia", "San Antonio",
    "San Diego", "Dallas", "San Jose", "Austin", "Jacksonville", "Fort Worth", "Columbus",
    "Charlotte", "Indianapolis", "San Francisco", "Seattle", "Denver", "Nashville",
    "Oklahoma City", "El Paso", "Boston", "Portland", "Las Vegas", "Detroit", "Memphis",
    "Louisville", "Baltimore", "Milwaukee", "Albuquerque", "Tucson", "Fresno", "Sacramento",
    "Kansas City", "Mesa", "Atlanta", "Omaha", "Colorado Springs", "Raleigh", "Miami",
    "Minneapolis", "Tulsa", "Cleveland", "Wichita", "Arlington", "New Orleans", "Tampa",
    "Honolulu", "Pittsburgh", "Cincinnati", "St. Louis", "Saint Louis", "Orlando", "Buffalo",
    "Providence", "Salt Lake City", "Richmond", "Hartford", "Des Moines", "Madison",
    "Rochester", "Albany", "Spokane", "Boise", "Birmingham", "Little Rock", "Anchorage",
    "Springfield", "Lexington", "Greenville", "Savannah", "Scranton", "Harrisburg",
    "Worcester", "Eau Claire", "Green Bay", "Grand Rapids", "Lansing", "Toledo", "Akron",
    "Dayton", "Fargo", "Sioux Falls", "Billings", "Cheyenne", "Burlington", "Manchester",
    "Newark", "Camden", "Wilmington", "Charleston", "Columbia", "Jackson", "Montgomery",
    "Santa Fe", "Reno", "Pasadena", "Long Beach", "Oakland", "Bakersfield", "Riverside",
    "San Bernardino", "Irvine", "Baton Rouge", "Shreveport", "Knoxville", "Chattanooga",
)
"""City names (a card prints one in every address): never a payer's name on their own."""

STOP_PHRASES = (
    # generic words and phrases on every card
    "Health Plan", "Health Plans", "Healthcare", "Health Care", "Health", "Medical",
    "Medicare", "Medicaid", "Medicare Advantage", "Medicare Advantage Plan", "Medicare Rx",
    "Medicare Part D", "Part D", "Medicare Supplement", "Community Plan", "Community Health",
    "Community Health Plan", "Community Care", "Senior Care", "Health Insurance",
    "Insurance Company", "Member Services", "Customer Service", "Provider Services",
    "Health Alliance Plan", "Dental", "Vision", "Pharmacy", "Prescription Drug Plan",
    "Choice Plus", "Open Access", "Select Plus", "Choice", "Select", "Advantage", "Premier",
    "Total Care", "Complete Care", "Health Net Federal Services", "Care Plus", "Plus",
    "HMO", "PPO", "EPO", "POS", "PACE", "Group Health",
    # Blue Cross Blue Shield marks alone: every Blue plan prints them
    "Blue Cross", "Blue Shield", "Blue Cross Blue Shield", "Blue Cross and Blue Shield",
    "BlueCross BlueShield", "BCBS", "Blue", "BlueCard", "Blue Advantage", "Blue Medicare",
    "Blue MedicareRx", "Blue Medicare Advantage", "Blue Choice", "BlueChoice",
    "Blue Plan",
    # networks
    "MultiPlan", "Multi Plan", "PHCS", "Private Healthcare Systems", "First Health",
    "First Health Network", "Beech Street", "Cofinity", "Aetna Choice POS II",
    "Three Rivers Provider Network", "Zelis", "HealthSmart Network",
    # pharmacy benefit managers
    "CVS Caremark", "Caremark", "Express Scripts", "ESI", "OptumRx", "Optum Rx", "Optum",
    "Prime Therapeutics", "MedImpact", "Navitus", "Elixir", "Capital Rx", "SilverScript",
    "Magellan Rx", "Argus", "ProAct", "WellDyne",
    # placeholders the CMS files hold
    "Multiple", "Not Applicable",
)
"""Phrases that must never name a payer, whatever alias a payer has."""

STOP_WORDS_INSIDE = ("caremark", "expressscripts", "optumrx", "multiplan", "phcs", "navitus",
                     "medimpact", "primetherapeutics")
"""A name holding one of these is a network's or a pharmacy manager's, never a payer's."""

GENERIC_WORDS = frozenset("""
health healthcare healthplan healthplans plan plans care medical medicare medicaid advantage
community senior seniors first total select choice partners partner network networks
alliance blue cross shield bluecross blueshield insurance insurers company companies group
life mutual benefit benefits services service family families solutions options option
complete premier quality united american america national of the and a an for by in inc llc
corp corporation co association hmo ppo pos epo pdp pffs msa snp rx prescription drug part d
dental vision gold silver bronze platinum access connect one my your our plus program
programs state center centers home living elder eldercare pace assurance administrators
administrator trust employee employees preferred prime value basic essential standard
classic enhanced secure direct local regional area county valley coast health's healthy
wellness well new
""".split())  # noqa: SIM905 (a word list, not a literal to spell out)
"""Words that say nothing about which payer: a name of only these never names one."""

FUNCTION_WORDS = frozenset({"of", "the", "and", "a", "an", "for", "by", "in", "de", "del",
                            "y"})

NEAR_MIN, NEAR_MAX = 6, 14
"""Anchor words of this many letters are also found one OCR slip away."""

MAX_SPAN_WORDS = 10
"""Most words one printed name may span on a line."""


_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_BLUE = re.compile(r"blue(cross|shield)")
_CAMEL = re.compile(r"[a-z][A-Z]")


_INITIALS = re.compile(r"\b([a-z])\.(?=[a-z]\b)")


def squash(s: str) -> str:
    """Lower-case letters and digits only, '&' as 'and': 'Blue KC' and 'BlueKC' agree."""
    return _NON_ALNUM.sub("", s.lower().replace("&", "and"))


def _words(s: str) -> list[str]:
    """Lower-case words, '&' as 'and', 'BlueCross' as two words, initials as one word
    ('L.A. Care' → la, care)."""
    s = s.lower().replace("&", " and ")
    if "blue" in s:
        s = _BLUE.sub(r"blue \1", s)
    if "." in s:
        s = _INITIALS.sub(r"\1", s)
    return [w for w in _NON_ALNUM.split(s) if w]


_SITE = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9-]+)\.(?:com|org|net|gov|us)\b")
_LEAD_JUNK = re.compile(r"^[^a-z]*\d[^a-z]*(?=[a-z]{3})")


@functools.lru_cache(maxsize=8192)
def printed_word(text: str) -> str:
    """A card word as names are compared: squashed, a web address as its name ('avmed.org'
    → 'avmed'), without junk a logo left glued to its front ('(7~Avera' → 'avera')."""
    low = text.lower()
    site = _SITE.match(low)
    if site:
        return squash(site.group(1))
    return squash(_LEAD_JUNK.sub("", low))


def site_key(site: str) -> str | None:
    """The squashed host name of a web address ('group-health.com' → 'grouphealth'), None
    when too short to tell payers apart (hap.org)."""
    m = _SITE.match(site.lower())
    key = squash(m.group(1)) if m else ""
    return key if len(key) >= 4 else None


def hyphened(s: str) -> str:
    """Lower case with hyphens kept, nothing else: 'Medi-Cal' → 'medi-cal' (not 'medical')."""
    return re.sub(r"[^0-9a-z-]", "", s.lower())


_STOP = frozenset(squash(p) for p in (*STOP_PHRASES, *CITIES, *STATES.values()))
_STOP_STATES = frozenset(squash(f"{a} {b}") for v in STATES.values() for a, b in (
    ("Medicaid", v), (v, "Medicaid"), (v, "Medicare"), ("State of", v), (v, "Health")))


_WEAK = frozenset({w for v in STATES.values() for w in _words(v)} | {
    "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
    "city", "county", "san", "st", "saint", "fort"})
"""Words that make poor anchors: they are printed on many cards (addresses)."""


def matchable(name: str, curated: bool = False, words: Sequence[str] | None = None) -> bool:
    """Whether ``name`` may name a payer when found on a card.

    Never a stop phrase, a city, a state, nor a name of generic words only; never a name
    holding a network's or a pharmacy manager's. One-word names from the CMS files (not
    hand-written) only when they are made-up compounds (``SilverScript``, ``HealthSpring``):
    a plain word such as ``Devoted`` or ``Select`` is printed on cards for other reasons.

    >>> matchable("Priority Health"), matchable("Health Plan"), matchable("Kansas City")
    (True, False, False)
    >>> matchable("Devoted"), matchable("Medica", curated=True)
    (False, True)
    """
    sq = squash(name)
    words = _words(name) if words is None else words
    if len(sq) < 3 or sq in _STOP or sq in _STOP_STATES:
        return False
    if any(w in sq for w in STOP_WORDS_INSIDE):
        return False
    if not any(w not in GENERIC_WORDS and len(w) >= (2 if curated else 3) for w in words):
        return False
    if not curated and len(words) == 1:
        compound = _CAMEL.search(name) is not None
        return compound and len(sq) >= 7
    return True


@dataclass(frozen=True, slots=True)
class Payer:
    """One payer of the directory: a brand as its cards print it."""

    id: str
    name: str
    aliases: tuple[str, ...]
    states: frozenset[str]
    kinds: frozenset[str]
    parent: str | None
    template: str | None
    """The carrier template that owns this payer (templates win), or None."""
    match: bool
    """False: listed (prefill page) but never named from a card's words."""


@dataclass(frozen=True, slots=True)
class Alias:
    """One matchable printed name, shared by one or more payers."""

    text: str
    squashed: str
    payers: tuple[int, ...]
    """Indices into :attr:`Directory.payers`."""
    cutoff: float
    """Least rapidfuzz ratio (0-100) of a printed window to count as this name."""
    words: int
    hyphen: str | None = None
    """For a name that squashes to a generic word ('Medi-Cal' → 'medical'): the printed form
    (:func:`hyphened`) a window must show exactly."""
    curated: tuple[int, ...] = ()
    """The payers among :attr:`payers` whose hand-written names hold this one: a payer's own
    name, where the others hold it from a CMS record's history (Wellcare's contracts once
    named 'Superior Healthplan')."""
    primary: tuple[int, ...] = ()
    """The payers among :attr:`payers` whose main name this is (not an alias)."""
    site: bool = False
    """A web address's host name ('apwuhp' of apwuhp.com): found only as one card word
    printed as a web address."""


@dataclass(frozen=True, slots=True)
class Directory:
    """The loaded directory with its lookups."""

    payers: tuple[Payer, ...]
    by_id: Mapping[str, Payer]
    aliases: tuple[Alias, ...]
    anchors: Mapping[str, tuple[int, ...]]
    """A distinctive word (squashed) → the aliases holding it; a card word found here is
    where a name may be printed."""
    near: Mapping[str, tuple[str, ...]]
    """An anchor of :data:`NEAR_MIN`+ letters with one letter deleted → the anchors: a card
    word one OCR slip from an anchor still finds it ('Priorlty' → 'priority')."""
    provenance: Mapping[str, Any]
    counts: Mapping[str, Any]


def _deletions(word: str) -> set[str]:
    """The word with any one letter deleted."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def anchored(word: str, directory: Directory) -> tuple[int, ...]:
    """The aliases a card word (squashed) may be part of: exact anchors, else anchors one
    deletion, insertion or substitution away (words of :data:`NEAR_MIN`+ letters)."""
    exact = directory.anchors.get(word)
    if exact is not None or len(word) < NEAR_MIN - 1 or word in GENERIC_WORDS:
        return exact or ()
    keys = set(directory.near.get(word, ()))  # the card dropped a letter
    for v in _deletions(word):
        if v in directory.anchors and len(v) >= NEAR_MIN:  # the card added one
            keys.add(v)
        keys.update(directory.near.get(v, ()))  # the card changed one
    return tuple(a for k in sorted(keys) for a in directory.anchors[k])


def cutoff_for(squashed: str) -> float:
    """Fuzzy cutoff by length: short names must be read exactly; one OCR slip is allowed in
    a name of 8+ characters, two in one of 20+."""
    n = len(squashed)
    if n < 8:
        return 100.0
    return 88.0 if n >= 20 else 90.0


def slips(n: int) -> int:
    """Letters a misreading may add or drop in a name of ``n`` characters (as
    :func:`cutoff_for`: one in a name under 20 characters, two in a longer one)."""
    return 2 if n >= 20 else 1


def _data_path() -> Path:
    return Path(str(resources.files("pipeline") / "data" / "payers.json"))


@functools.cache
def load_directory() -> Directory:
    """The directory, loaded and indexed once per process."""
    return index(json.loads(_data_path().read_text(encoding="utf-8")))


def index(raw: Mapping[str, Any]) -> Directory:
    """A directory from its JSON form (``payers.json``): payers, matchable names, anchors.

    Each entry's first ``curated`` names are hand-written (so a one-word name may match).
    """
    payers: list[Payer] = []
    shared: dict[str, list[int]] = {}
    own: dict[str, set[int]] = {}
    main: dict[str, set[int]] = {}
    texts: dict[str, tuple[str, list[str]]] = {}
    for i, e in enumerate(raw["payers"]):
        names = (e["name"], *e.get("aliases", ()))
        payers.append(Payer(
            id=e["id"], name=e["name"], aliases=tuple(e.get("aliases", ())),
            states=frozenset(e.get("states", ())), kinds=frozenset(e.get("kinds", ())),
            parent=e.get("parent"), template=e.get("template"), match=e.get("match", True),
        ))
        if not payers[-1].match:
            continue
        curated = e.get("curated", 0)
        for k, n in enumerate(names):
            words = _words(n)
            key = "".join(words)
            if k < curated and "-" in n and key in _STOP:
                key = hyphened(n)  # Medi-Cal, never Medical
            elif not matchable(n, curated=k < curated, words=words):
                continue
            ids = shared.setdefault(key, [])
            if i not in ids:
                ids.append(i)
            if k < curated:
                own.setdefault(key, set()).add(i)
            if k == 0:
                main.setdefault(key, set()).add(i)
            texts.setdefault(key, (n, words))
    sites: set[str] = set()  # web addresses' host names that are nobody's name
    for i, e in enumerate(raw["payers"]):
        for site in e.get("sites", ()) if e.get("match", True) else ():
            host = site_key(site)
            if host is None or (host in texts and host not in sites):
                continue  # a name already ('emblemhealth'): found as that name
            sites.add(host)
            ids = shared.setdefault(host, [])
            if i not in ids:
                ids.append(i)
            own.setdefault(host, set()).add(i)
            texts.setdefault(host, (site, [host]))
    aliases = tuple(
        Alias(texts[key][0], squash(key), tuple(ids), 100.0 if "-" in key else cutoff_for(key),
              len(texts[key][1]), key if "-" in key else None,
              tuple(sorted(own.get(key, ()))), tuple(sorted(main.get(key, ()))),
              key in sites)
        for key, ids in shared.items()
    )
    # Each name is found through its rarest distinctive words (two, so that one misread
    # word still leaves one) and its squashed whole ('BlueKC').
    distinctive = {a.squashed: [w for w in dict.fromkeys(texts[a.hyphen or a.squashed][1])
                                if w not in GENERIC_WORDS and w not in FUNCTION_WORDS]
                   for a in aliases}
    use: dict[str, int] = {}
    for ws in distinctive.values():
        for w in ws:
            use[w] = use.get(w, 0) + 1
    anchors: dict[str, list[int]] = {}
    anchor_words: set[str] = set()
    for a, alias in enumerate(aliases):
        rare = sorted(distinctive[alias.squashed],
                      key=lambda w: (len(w) < 4 or w in _WEAK, use[w], -len(w), w))[:2]
        if len(rare) == 2 and (len(rare[1]) < 4 or rare[1] in _WEAK):
            rare = rare[:1]  # a state's name anchors a name only when nothing else can
        anchor_words.update(rare)
        for key in {*rare, alias.squashed}:
            anchors.setdefault(key, []).append(a)
    near: dict[str, list[str]] = {}
    for key in anchor_words:
        if NEAR_MIN <= len(key) <= NEAR_MAX:
            for v in _deletions(key):
                near.setdefault(v, []).append(key)
    return Directory(
        payers=tuple(payers), by_id={p.id: p for p in payers}, aliases=aliases,
        anchors={k: tuple(v) for k, v in anchors.items()},
        near={k: tuple(v) for k, v in near.items()},
        provenance=raw.get("provenance", {}), counts=raw.get("counts", {}),
    )


# ----------------------------------------------------------------------------- where printed

def word_rows(page: OcrPage) -> list[list[OcrWord]]:
    """The page's words as rows by position (card frame), left to right.

    Tesseract puts a logo's words on separate lines when their sizes differ ("Empire" /
    "BlueCross"); rows rebuilt from the boxes keep a name's words together. A gap wider
    than three word heights ends a row.
    """
    rows: list[list[OcrWord]] = []
    ends: list[tuple[float, float, float]] = []  # per row: its last word's cy, height, right
    for w in sorted(page.words, key=lambda w: (w.box.left, w.box.top)):
        b = w.box
        h_w, cy, left = b.bottom - b.top, (b.top + b.bottom) / 2, b.left
        for r, (last_cy, last_h, last_right) in enumerate(ends):
            h = max(last_h, h_w)
            if abs(last_cy - cy) < 0.5 * h and -0.2 * h <= left - last_right <= 3 * h:
                rows[r].append(w)
                ends[r] = (cy, h_w, b.right)
                break
        else:
            rows.append([w])
            ends.append((cy, h_w, b.right))
    return rows


def median_height(page: OcrPage) -> float:
    """Median height of the page's words that hold a letter or digit (card-frame pixels)."""
    hs = [w.box.height for w in page.words if any(c.isalnum() for c in w.text)]
    return statistics.median(hs) if hs else 1.0


TOP_BAND = 0.35
"""Share of the front's height, from the top, where carriers print their wordmarks."""


def prominence(words: Sequence[OcrWord], page: OcrPage, median: float, front: bool) -> float:
    """0-1: how prominently a run of words is printed.

    Size: the words' median height over the page's median word height; 1.5× or more is a
    wordmark (1.0), body text scores 0.55, fine print (0.7×) 0.27, floor 0.15. Place: the
    front's top band 1.0, the rest of the front 0.85, the back's top band 0.7, the rest of
    the back 0.6.
    """
    h = statistics.median(w.box.height for w in words) / max(median, 1.0)
    size = min(1.0, max(0.15, (h - 0.4) / 1.1))
    top = min(w.box.top for w in words) < TOP_BAND * page.height
    place = (1.0 if top else 0.85) if front else (0.7 if top else 0.6)
    return size * place


# ----------------------------------------------------------------------------- matching

@dataclass(frozen=True, slots=True)
class NameHit:
    """One directory name found printed on a card."""

    alias: int
    """Index into :attr:`Directory.aliases`."""
    score: float
    """0-100 rapidfuzz ratio of the printed window against the name."""
    prominence: float
    page: int
    row: int
    start: int
    stop: int
    """Word span on the row, ``stop`` exclusive."""
    text: str
    strength: float
    """Characters agreeing minus characters not: longer exact readings win overlaps."""


@dataclass(frozen=True, slots=True)
class DirectoryMatch:
    """The payer the directory names on a card, with its evidence."""

    payer: Payer
    confidence: float
    """0-1: the name's fuzzy score, weighed by prominence, lowered on conflict."""
    evidence: str
    prominence: float
    state: str | None
    """The payer's state as printed on the card, when the card prints one of its states."""
    runner_up: Payer | None
    runner_up_score: float


def address_states(pages: Sequence[OcrPage]) -> frozenset[str]:
    """States of the card's addresses: USPS codes before a ZIP code."""
    text = "\n".join(p.text for p in pages)
    return frozenset(m.group(1) for m in re.finditer(r"\b([A-Z]{2})[ ,.]+\d{5}(?:-\d{4})?\b",
                                                     text) if m.group(1) in STATES)


def card_states(pages: Sequence[OcrPage]) -> frozenset[str]:
    """States printed on the card: full names, or USPS codes before a ZIP code."""
    low = " " + " ".join(_words("\n".join(p.text for p in pages))) + " "
    named = {code for code, name in STATES.items() if f" {' '.join(_words(name))} " in low}
    return address_states(pages) | named


def card_kinds(pages: Sequence[OcrPage], without: Collection[str] = ()) -> frozenset[str]:
    """Plan kinds the card's words name (``Medicare``, ``Medicaid``, ``Marketplace``),
    leaving out words equal to one of ``without`` (an Rx PCN ``MEDICAID`` names a
    pharmacy processor's routing code, not the plan)."""
    skip = {w.lower() for w in without}
    low = " ".join(w for w in _words("\n".join(p.text for p in pages)) if w not in skip)
    kinds: set[str] = set()
    if "medicare" in low:
        kinds |= {"medicare_advantage", "part_d", "medicare_cost", "medicare_medicaid"}
    if "medicaid" in low:
        kinds |= {"medicaid", "medicare_medicaid"}
    if "marketplace" in low or "exchange" in low:
        kinds.add("marketplace")
    return frozenset(kinds)


Rows = Sequence[Sequence[Sequence[OcrWord]]]
"""Per page, its rows of words (:func:`word_rows`)."""


def name_hits(pages: Sequence[OcrPage], directory: Directory,
              rows: Rows | None = None) -> list[NameHit]:
    """Every directory name printed on the pages (page 0 is the front), overlaps resolved:
    where two names cover the same words, the longer exact reading wins (``... of Kansas
    City`` over ``... of Kansas``). ``rows``: the pages' rows when already made."""
    hits: list[NameHit] = []
    if rows is None:
        rows = [word_rows(page) for page in pages]
    origin: dict[tuple[int, int], list[tuple[int, int]]] = {}
    """(page, row) → per word, its (real row, index): a two-line row's words are its lines'."""
    for p, page in enumerate(pages):
        median = median_height(page)
        page_rows = list(rows[p])
        for r, row in enumerate(page_rows):
            origin[p, r] = [(r, i) for i in range(len(row))]
        for a, b in stacked(page_rows, median, page.height if p == 0 else 0):
            origin[p, len(page_rows)] = origin[p, a] + origin[p, b]
            page_rows.append([*page_rows[a], *page_rows[b]])
        for r, row in enumerate(page_rows):
            sq = [printed_word(w.text) for w in row]
            ends = [0]
            for s in sq:
                ends.append(ends[-1] + len(s))
            tried: set[int] = set()
            for k, word in enumerate(sq):
                near = "".join(sq[max(0, k - MAX_SPAN_WORDS + 1) : k + MAX_SPAN_WORDS])
                for a in anchored(word, directory):
                    if a in tried:
                        continue
                    tried.add(a)
                    hit = _best_window(directory.aliases[a], row, sq, ends, k, near,
                                       exact=r >= len(rows[p]))
                    if hit is not None:
                        i, j, score = hit
                        hits.append(_hit(a, score, row[i:j], page, median, p, r, i, j,
                                         len(directory.aliases[a].squashed),
                                         ends[j] - ends[i]))
    hits.sort(key=lambda h: (-h.strength, -h.score, h.page, h.row, h.start))
    kept: list[NameHit] = []

    def overlap(k: NameHit, h: NameHit) -> bool:
        """Whether two readings share a printed word."""
        if k.page != h.page:
            return False
        if k.row == h.row:
            return k.start < h.stop and h.start < k.stop
        words = set(origin[k.page, k.row][k.start : k.stop])
        return not words.isdisjoint(origin[h.page, h.row][h.start : h.stop])

    for h in hits:
        if not any(overlap(k, h)
                   and directory.aliases[k.alias].payers != directory.aliases[h.alias].payers
                   for k in kept):
            kept.append(h)
    return kept


STACK_MAX_WORDS = 6
"""Rows of at most this many words may be a name printed on two lines."""
STACK_MIN_HEIGHT = 0.4
"""A name's second line has a word at least this share of its first line's height ('of
Kansas' under 'BlueCross BlueShield' is about half of it); smaller print under a wordmark is
a tagline ('Caring for all Rhode Island', a third)."""


def stacked(rows: Sequence[Sequence[OcrWord]], median: float,
            top_band_of: float = 0) -> list[tuple[int, int]]:
    """Pairs of rows (upper, lower) that may be one name printed on two lines: short rows
    in the top band of a page ``top_band_of`` pixels high (the front), or printed larger than
    the page's ``median`` word height; the lower one starting under the upper one, less than
    a line height below it, and not in far smaller print ('Blue Cross and Blue' over
    'Shield of Montana')."""
    out = []
    # Rows of specks only (a speckled photocopy has hundreds) are never a name's line.
    real = [any(len(printed_word(w.text)) > 2 for w in row) for row in rows]
    lowers: list[tuple[int, float, float, float]] | None = None  # found for the first upper
    for a, upper in enumerate(rows):
        if not real[a] or len(upper) > STACK_MAX_WORDS:
            continue
        h = statistics.median(w.box.height for w in upper)
        if h < 1.2 * median and upper[0].box.top >= TOP_BAND * top_band_of:
            continue
        bottom = statistics.median(w.box.bottom for w in upper)  # a logo glyph may hang lower
        left, right = upper[0].box.left, upper[-1].box.right
        if lowers is None:
            lowers = [(b, *_lower_line(lower)) for b, lower in enumerate(rows)
                      if real[b] and len(lower) <= STACK_MAX_WORDS]
        for b, top, tallest, start in lowers:
            if b == a:
                continue
            gap = top - bottom
            small = tallest < STACK_MIN_HEIGHT * h
            if -0.2 * h <= gap <= 1.0 * h and left - 1.5 * h <= start < right and not small:
                out.append((a, b))
    return out


def _lower_line(row: Sequence[OcrWord]) -> tuple[float, float, float]:
    """What :func:`stacked` measures of a row as a name's second line: its median top (a
    glyph may stand up), its tallest word's height, and where its first word of more than
    two characters starts (after a logo's glyph read '[XR')."""
    return (statistics.median(w.box.top for w in row), max(w.box.height for w in row),
            next(w.box.left for w in row if len(printed_word(w.text)) > 2))


def _hit(a: int, score: float, words: Sequence[OcrWord], page: OcrPage, median: float,
         p: int, r: int, i: int, j: int, la: int, lw: int) -> NameHit:
    agree = score / 100 * (la + lw) / 2
    return NameHit(
        alias=a, score=score, prominence=prominence(words, page, median, p == 0), page=p,
        row=r, start=i, stop=j, text=" ".join(w.text for w in words),
        strength=agree - ((la + lw) - 2 * agree),
    )


def _best_window(alias: Alias, row: Sequence[OcrWord], sq: Sequence[str], ends: Sequence[int],
                 k: int, near: str, exact: bool = False) -> tuple[int, int, float] | None:
    """The best span of a row (its squashed words ``sq``, their cumulative lengths ``ends``)
    holding word ``k`` that reads as the alias, if any. ``near``: the row's text around
    word ``k``, squashed. ``exact``: only a reading exact but for specks (words of one or
    two characters, not 'of') counts; a row joined from two lines (:func:`stacked`) is
    already a guess about the layout: 'Neighborhood Health' over a tagline 'Caring ...' is no
    misread 'Neighborhood Healthcare', 'BlueCross BlueShield oy' over 'of Kansas' is BCBS
    of Kansas."""
    target = alias.squashed
    acronym = not alias.site and len(target) <= ACRONYM_MAX and alias.text.isupper()
    lo, hi = 0.75 * len(target), 1.3 * len(target)
    if len(near) < lo or (
        target not in near and fuzz.partial_ratio(target, near) < alias.cutoff - QUICK_MARGIN
    ):
        return None  # nothing around the anchor reads like the name
    best: tuple[int, int, float] | None = None
    for i in range(k, max(-1, k - MAX_SPAN_WORDS), -1):
        if ends[k + 1] - ends[i] > hi:
            break
        for j in range(k + 1, min(len(sq), i + MAX_SPAN_WORDS) + 1):
            n = ends[j] - ends[i]
            if n > hi:
                break
            if n < lo or not sq[i] or not sq[j - 1]:
                continue
            text = "".join(sq[i:j])
            if alias.site:
                if j == i + 1 and text == target and _SITE.match(row[i].text.lower()):
                    return (i, j, 100.0)
                continue
            if alias.hyphen is not None:
                if text == target and hyphened(" ".join(w.text for w in row[i:j])) == alias.hyphen:
                    return (i, j, 100.0)
                continue
            if text != target and abs(n - len(target)) > slips(len(target)):
                continue  # an OCR slip changes a letter or two: it does not drop a word
            if acronym and not all(c.isupper() for w in row[i:j] for c in w.text
                                   if c.isalpha()):
                continue  # 'hap' in a sentence is no HAP
            if exact and text != target and "".join(
                    w for w in sq[i:j] if len(w) > 2 or w in FUNCTION_WORDS) != target:
                continue
            score = 100.0 if text == target else fuzz.ratio(text, target,
                                                            score_cutoff=alias.cutoff)
            if score >= alias.cutoff and (best is None or score > best[2]):
                best = (i, j, score)
                if score == 100.0:
                    return best
    return best


ACRONYM_MAX = 5
"""Most letters of a payer's name written in capitals (``HAP``, ``UMR``, ``CDPHP``) that
names it only where the card prints it in capitals too: in lower case it is part of a
word or a sentence (13030's 0078: ``the pharinacy hap dew``, a blurred back's small
print, named Health Alliance Plan on a Blue Cross card)."""


QUICK_MARGIN = 10.0
"""A name whose best aligned substring around its anchor scores this far under its cutoff
is not tried window by window."""

CONFLICT_SHARE = 0.6
"""A second payer whose printed evidence weighs this share of the first's makes the match
uncertain: a person decides."""
CONFLICT_FACTOR = 0.6
"""Confidence kept by a match with conflicting evidence (below the review threshold)."""
AMBIGUOUS_FACTOR = 0.6
"""Confidence kept when a name several payers share is printed with nothing to tell them
apart (no state, no plan kind)."""


def find(pages: Sequence[OcrPage], directory: Directory | None = None,
         rows: Rows | None = None, owned: bool = False) -> DirectoryMatch | None:
    """The payer the card's words name, or None. ``pages``: front first; ``rows``: their
    rows of words when already made (:func:`word_rows`).

    Each payer's best printed name counts: its fuzzy score times its prominence. A name
    several payers share goes to the one whose states or plan kinds the card prints.
    Template-owned payers are found too (so their names are not taken for another payer's)
    but returned only with ``owned``: the templates name them, and the directory only
    where their keywords were not read (a name stacked over two lines).
    """
    d = directory or load_directory()
    hits = short_forms(name_hits(pages, d, rows), d)
    if not hits:
        return None
    states = card_states(pages)
    kinds = card_kinds(pages)
    best: dict[int, tuple[float, NameHit, bool]] = {}
    for h in hits:
        alias = d.aliases[h.alias]

        def fit(i: int, alias: Alias = alias) -> float:
            return _fit(d.payers[i], states, kinds, i in alias.curated)

        ranked = sorted(alias.payers, key=lambda i: (-fit(i), i))
        top = ranked[0]
        clear = len(ranked) == 1 or fit(top) > fit(ranked[1])
        weight = h.score / 100 * h.prominence
        if top not in best or weight > best[top][0]:
            best[top] = (weight, h, clear)
    order = sorted(best, key=lambda i: (-best[i][0], i))
    first = order[0]
    weight, hit, clear = best[first]
    payer = d.payers[first]
    if payer.template is not None and not owned:
        return None
    confidence = hit.score / 100 * (0.7 + 0.3 * hit.prominence)
    if not clear:
        confidence *= AMBIGUOUS_FACTOR
    runner = d.payers[order[1]] if len(order) > 1 else None
    runner_weight = best[order[1]][0] if len(order) > 1 else 0.0
    if runner is not None and runner_weight >= CONFLICT_SHARE * weight:
        confidence *= CONFLICT_FACTOR
    # An address's state first: 'Kansas City, MO 64108' prints Kansas but means Missouri.
    printed = sorted(payer.states & address_states(pages)) or sorted(payer.states & states)
    return DirectoryMatch(
        payer=payer, confidence=round(min(confidence, 1.0), 3), evidence=hit.text,
        prominence=round(hit.prominence, 3), state=printed[0] if len(printed) == 1 else None,
        runner_up=runner, runner_up_score=round(runner_weight, 3),
    )


def _fit(payer: Payer, states: frozenset[str], kinds: frozenset[str], own: bool) -> float:
    """How well a payer sharing a printed name fits the card: the name its own (hand-written)
    first, then a printed state of its, then a plan kind."""
    return 2.0 * own + (len(payer.states & states) > 0) + 0.5 * (len(payer.kinds & kinds) > 0)


def short_forms(hits: Sequence[NameHit], directory: Directory) -> list[NameHit]:
    """The hits, each reading of a short form credited to the payer whose name it starts.

    A wordmark often prints the start of a payer's name ('Group Health Cooperative' over the
    claims address's 'Group Health Cooperative of South Central Wisconsin'). When such a
    reading is another payer's alias, not its main name (Kaiser Washington's former 'Group
    Health Cooperative'), and the longer name is printed exactly elsewhere on the card, the
    reading is the longer name's payer's, printed where and as large as it is. A payer's
    main name is its own evidence ('... of Kansas' beside '... of Kansas City').
    """
    full = [(k, directory.aliases[k.alias]) for k in hits if k.score == 100.0]
    out = []
    for h in hits:
        alias = directory.aliases[h.alias]
        printed = "".join(printed_word(w) for w in h.text.split())
        longer = None if alias.primary else next(
            (k for k, a in full if a.payers != alias.payers and len(a.squashed) > len(printed)
             and a.squashed.startswith(printed)), None)
        out.append(h if longer is None else replace(h, alias=longer.alias))
    return out
