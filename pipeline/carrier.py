"""Identify the carrier: template keywords over the OCR text, weighed by where and how large
they are printed, ties by priority; the payer directory names the cards no template knows."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from pipeline import payers
from pipeline.templates import Template
from pipeline.types import CarrierMatch, OcrPage, OcrWord

MAX_EXTRA_WORDS = 2
"""A keyword of n words is compared with OCR windows of up to n + 2 words (split logos)."""


@dataclass(frozen=True, slots=True)
class KeywordHit:
    """The best match of one template's keywords in the text."""

    template: Template
    score: float
    """0-100 fuzzy score of the best keyword match."""
    text: str
    prominence: float
    """0-1, the most prominent print of any of the template's keywords
    (:func:`pipeline.payers.prominence`)."""
    address_only: bool = False
    """Whether every keyword of the template found is a web address (``oxhp.com``)."""


@functools.lru_cache(maxsize=8192)
def _squash(s: str) -> str:
    """Lower-case letters and digits only: 'United Healthcare' and 'UnitedHealthcare' agree."""
    return re.sub(r"[^0-9a-z]", "", default_process(s))


def cutoff_for(keyword: str) -> float:
    """Fuzzy cutoff by keyword length: names of up to 7 letters (UMR, oscar) must match
    exactly; longer ones (UnitedHealthcare) may have an OCR slip."""
    n = len(_squash(keyword))
    if n <= 7:  # one wrong letter in "oscar" is 80: too close to other words
        return 100.0
    return 85.0


@dataclass(frozen=True, slots=True)
class Window:
    """A run of consecutive words on one row of a page."""

    words: int
    text: str
    squashed: str
    page: int
    """Index of the page (0: the front)."""
    row: int
    start: int
    """Index of the window's first word on its row."""


@dataclass(frozen=True, slots=True)
class CardText:
    """A card's word windows (:func:`windows`), indexed for keyword matching."""

    windows: tuple[Window, ...]
    pages: tuple[OcrPage, ...]
    rows: tuple[tuple[tuple[OcrWord, ...], ...], ...]
    """Per page, its rows of words (:func:`pipeline.payers.word_rows`)."""
    medians: tuple[float, ...]
    """Per page, the median word height (card-frame pixels)."""
    exact: dict[str, tuple[int, ...]]
    """Squashed text → positions of the windows that hold it, in order."""
    upto: dict[int, tuple[tuple[int, ...], tuple[str, ...]]]
    """Most words n → positions and squashed texts of the windows of at most n words."""
    single: tuple[int, ...]
    """Positions of the one-word windows."""
    single_text: str
    """The one-word windows' squashed texts, one per line: whether a name is inside any."""


MAX_WINDOW_WORDS = 6
"""Most words in one window of OCR text compared with a keyword."""


def windows(
    rows: Sequence[Sequence[Sequence[OcrWord]]], max_words: int = MAX_WINDOW_WORDS
) -> tuple[Window, ...]:
    """Every run of 1..max_words consecutive words on each row of the pages; a run whose
    last word runs on past a closing bracket (``A).10-01-2017``: a date OCR joined to
    ``Hospital (Part A)``) also as cut there."""
    out: list[Window] = []
    for p, page_rows in enumerate(rows):
        for r, row in enumerate(page_rows):
            words = [w.text for w in row]
            cut = [m.group(1) if (m := _RUN_ON.fullmatch(t)) else None for t in words]
            for n in range(1, max_words + 1):
                for i in range(len(words) - n + 1):
                    texts = [" ".join(words[i : i + n])]
                    if (end := cut[i + n - 1]) is not None:
                        texts.append(" ".join([*words[i : i + n - 1], end]))
                    out.extend(Window(n, text, squashed, p, r, i)
                               for text in texts if (squashed := _squash(text)))
    return tuple(out)


_RUN_ON = re.compile(r"(.+?\))[^)\s]+")
"""A word running on past a closing bracket, and the word up to it."""


def card_text(pages: Sequence[OcrPage]) -> CardText:
    """The pages' windows with the lookups :func:`keyword_score` uses."""
    rows = tuple(tuple(tuple(row) for row in payers.word_rows(page)) for page in pages)
    found = windows(rows)
    exact: dict[str, list[int]] = {}
    for i, w in enumerate(found):
        exact.setdefault(w.squashed, []).append(i)
    single = tuple(i for i, w in enumerate(found) if w.words == 1)
    upto = {}
    for n in range(1, MAX_WINDOW_WORDS + 1):
        kept = [i for i, w in enumerate(found) if w.words <= n]
        upto[n] = (tuple(kept), tuple(found[i].squashed for i in kept))
    return CardText(
        windows=found,
        pages=tuple(pages),
        rows=rows,
        medians=tuple(payers.median_height(page) for page in pages),
        exact={k: tuple(v) for k, v in exact.items()},
        upto=upto,
        single=single,
        single_text="\n".join(found[i].squashed for i in single),
    )


def window_prominence(text: CardText, i: int) -> float:
    """0-1: how prominently window ``i`` is printed (:func:`pipeline.payers.prominence`)."""
    w = text.windows[i]
    words = text.rows[w.page][w.row][w.start : w.start + w.words]
    return payers.prominence(words, text.pages[w.page], text.medians[w.page], w.page == 0)


ID_NUMBER = re.compile(r"[A-Z]{0,2}\d{5,}")
"""A member ID's number printed after its prefix (``UMR`` ``7343395390``)."""
PREFIX_GAP = 1.5
"""Most gap (heights of the prefix) between a member ID's prefix and its number."""


def id_prefix(text: CardText, i: int) -> bool:
    """True when window ``i`` is one short word of capitals (a Blue plan's three-letter
    prefix) that a member ID's number follows on its row, closer than ``PREFIX_GAP``: the
    ID's prefix (a Highmark card's ``UMR 7343395390``), not a carrier's name."""
    w = text.windows[i]
    row = text.rows[w.page][w.row]
    if w.words != 1 or w.start + 1 >= len(row) or not re.fullmatch(r"[A-Z]{2,4}", w.text):
        return False
    word, nxt = row[w.start], row[w.start + 1]
    return bool(ID_NUMBER.fullmatch(nxt.text.strip())) and (
        nxt.box.left - word.box.right) <= PREFIX_GAP * word.box.height


def part_of_name(text: CardText, i: int, name: str) -> bool:
    """True when window ``i`` and the word just before or after it on its row read as
    part of ``name`` (a payer's printed name): ``Empire`` printed in ``Inland Empire
    Health Plan`` is that payer's name, not Empire BlueCross's mark."""
    w = text.windows[i]
    row = text.rows[w.page][w.row]
    whole = _squash(name)
    for a, b in ((w.start - 1, w.start + w.words), (w.start, w.start + w.words + 1)):
        if a >= 0 and b <= len(row):
            wider = _squash(" ".join(x.text for x in row[a:b]))
            if len(wider) > len(w.squashed) and wider in whole:
                return True
    return False


def keyword_score(
    keyword: str, text: CardText, within: str | None = None
) -> tuple[float, str, float]:
    """Best 0-100 score of one keyword against word windows, the text it hit and how
    prominently that text is printed (of the windows of that score, the most prominent;
    the first of those). Windows printed as part of the payer name ``within``
    (:func:`part_of_name`) are no hit."""
    target = _squash(keyword)
    if not target:
        return 0.0, "", 0.0
    cutoff = cutoff_for(keyword)
    size = min(len(keyword.split()) + MAX_EXTRA_WORDS, MAX_WINDOW_WORDS)
    exact = [i for i in text.exact.get(target, ()) if text.windows[i].words <= size
             and not id_prefix(text, i)
             and not (within is not None and part_of_name(text, i, within))]
    if exact:
        loudest = max(exact, key=lambda i: (window_prominence(text, i), -i))
        return 100.0, text.windows[loudest].text, window_prominence(text, loudest)
    scores: dict[int, float] = {}
    # Only one-word names may be fuzzy: in "Oscar Health" the distinctive word is one
    # letter of "Star Health" away, so multi-word keywords must match exactly. A cutoff of
    # 100 only takes the exact match above.
    # Web addresses are exact: 'bcbsmt.com' is one letter pair from 'bcbstx.com' but names
    # another Blue plan. A misread keeps a word's length within a letter: 'Better' (in a
    # tagline) is no misread 'Ambetter'.
    if " " not in keyword.strip() and cutoff < 100 and "." not in keyword:
        positions, squashed = text.upto[size]
        for _, score, k in process.extract(
            target, squashed, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            # An OCR slip changes a letter or two, it does not drop a name's start:
            # "Better" (a tagline) is not "Ambetter".
            if abs(len(squashed[k]) - len(target)) <= 1:
                scores[positions[k]] = score
    if len(target) >= 5 and target in text.single_text:  # myCigna.com: inside one word
        for i in text.single:
            if target in text.windows[i].squashed:
                glued = mark_glued(text, i, target)
                scores[i] = 100.0 if glued else max(scores.get(i, 0.0), 95.0)
    if within is not None:
        scores = {i: v for i, v in scores.items() if not part_of_name(text, i, within)}
    if not scores:
        return 0.0, "", 0.0
    top = max(scores.values())
    best = max((i for i in scores if scores[i] == top),
               key=lambda i: (window_prominence(text, i), -i))
    return scores[best], text.windows[best].text, window_prominence(text, best)


GLUED_MARK_CHARS = 2
"""Most characters a logo's mark adds when read as letters glued before its wordmark."""
GLUED_MARK_PROMINENCE = 0.85
"""Least prominence (:func:`window_prominence`) of a word read as a wordmark with its
logo's mark glued before it: a wordmark's size on the front."""


def mark_glued(text: CardText, i: int, target: str) -> bool:
    """True when one-word window ``i`` is the keyword ``target`` (squashed) with at most
    :data:`GLUED_MARK_CHARS` before it, printed as a wordmark on the front: the logo's
    mark read as letters (7171's 0231: ``Graetna`` of the Aetna logo, 77 px tall). Not
    with anything after it: a surname may open with a carrier's name (``Molinari``)."""
    squashed = text.windows[i].squashed
    extra = len(squashed) - len(target)
    return 0 < extra <= GLUED_MARK_CHARS and squashed.endswith(target) and (
        text.windows[i].page == 0 and window_prominence(text, i) >= GLUED_MARK_PROMINENCE)


ADDRESS_PROMINENCE = 0.3
"""Most prominence a web address keyword (``umr.com``) lends its carrier: cards print
addresses in fine print, so one OCR boxed large (noise at a corner's edge) is still no
wordmark to outweigh another carrier's."""
_ADDRESS = re.compile(r"\.(?:com|org|net|mil|gov)\b", re.IGNORECASE)
"""A keyword that is a web address."""


def template_hit(
    template: Template, text: CardText, payer: payers.Payer | None = None
) -> KeywordHit | None:
    """The template's best keyword hit, or None when absent or excluded. A keyword
    printed as part of the name of ``payer`` (the directory's payer the card names), of
    another corporate family, is no hit (:func:`part_of_name`)."""
    for exclusion in template.exclusions:
        if keyword_score(exclusion, text)[0] >= cutoff_for(exclusion):
            return None
    within = None if payer is None or _same_family(payer, template.id) else payer.name
    best: KeywordHit | None = None
    loudest = 0.0
    named = False  # a keyword other than a web address found
    for keyword in template.keywords:
        score, found, prominence = keyword_score(keyword, text, within)
        if score < cutoff_for(keyword):
            continue
        if _ADDRESS.search(keyword):
            prominence = min(prominence, ADDRESS_PROMINENCE)
        else:
            named = True
        loudest = max(loudest, prominence)
        # Equal scores: the longest reading is the evidence (a sub-brand's full name).
        if best is None or (score, len(found)) > (best.score, len(best.text)):
            best = KeywordHit(template, score, found, prominence)
    return None if best is None else KeywordHit(template, best.score, best.text, loudest,
                                                address_only=not named)


CONFLICT_RATIO = 0.5
"""Evidence printed at less than this share of another carrier's prominence is small print
beside that carrier's wordmark: the two conflict."""
CONFLICT_FACTOR = 0.6
"""Confidence kept on conflicting evidence: below the review threshold (carrier_uncertain)."""
ADDRESS_ONLY_CONFIDENCE = 0.79
"""Most confidence of a carrier named by web addresses alone, printed small (under
:data:`ADDRESS_PROMINENCE`: fine print any card may print for another carrier, a network's
or an administrator's): under the review threshold."""
OWN_NAME_MIN = 90.0
"""Least fuzzy score (0-100) of the directory's reading of a template's own payer against
one of the template's keywords for it to name the template: a former name the directory
gives the template's payer (Kaiser's ``Group Health Cooperative``) is another payer's too
(Group Health Cooperative of South Central Wisconsin)."""
NO_CARRIER = CarrierMatch(None, None, 0.0, "", None, 0.0)
FUZZY_TEMPLATE_LOSES = 0.8
"""A directory payer named with at least this confidence beats a template whose keyword was
only read fuzzily (an OCR slip or a look-alike word)."""


def identify(
    pages: Sequence[OcrPage], carriers: Sequence[Template], generic: Template
) -> tuple[Template, CarrierMatch]:
    """Pick the carrier for a card from the OCR pages of its sides (front first).

    Templates whose keywords are found (a fuzzy match of print holding a keyword of a
    template found more surely dropped: :func:`misreadings_dropped`) are ranked by
    priority, then score (stable, so the file order breaks exact ties): Oxford's name over
    the UnitedHealthcare marks its cards also show. A priority winner printed only small
    (an address in a corner) beside another carrier's wordmark does not win on priority:
    the wordmark's carrier is named, with a confidence below the review threshold. One
    named by web addresses alone (:data:`ADDRESS_ONLY_CONFIDENCE`) is in doubt too. The
    runner-up is kept; one of the same priority scoring within 5 points lowers the
    confidence, since a person should then decide.

    No template hit: the payer directory may name the payer (generic template, source
    ``directory``), or a template's own payer whose name no row holds whole (stacked on
    two lines), which names that template; else carrier None. A template keyword printed
    as part of the directory payer's name is no hit (:func:`part_of_name`). A directory
    payer printed far more prominently than the template's keywords, and of another
    corporate family, lowers the template's confidence the same way.
    """
    text = card_text(pages)
    match = payers.find(pages, rows=text.rows, owned=True)
    owner = own_template(match, carriers)
    # A template's own payer: its template names it, or nothing does.
    found = match if match is not None and match.payer.template is None else None
    named = found.payer if found is not None else None
    hits = misreadings_dropped(
        [h for t in carriers if (h := template_hit(t, text, named)) is not None])
    ranked = sorted(hits, key=lambda h: (h.template.priority, h.score), reverse=True)
    if not ranked and owner is not None and match is not None:
        # No keyword read on a row of its own, but the directory reads one of the
        # template's keywords across two lines ('BlueCross BlueShield' over 'of Illinois').
        return owner, CarrierMatch(
            template_id=owner.id, name=owner.name, confidence=match.confidence,
            evidence=match.evidence, runner_up=None, runner_up_score=0.0, source="template")
    if not ranked:
        if found is None:
            return generic, NO_CARRIER
        return generic, CarrierMatch(
            template_id=None, name=found.payer.name, confidence=found.confidence,
            evidence=found.evidence,
            runner_up=found.runner_up.id if found.runner_up else None,
            runner_up_score=found.runner_up_score, source="directory",
            payer_id=found.payer.id, state=found.state,
        )
    win = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    confidence = win.score / 100.0
    if (
        runner is not None
        and runner.template.priority == win.template.priority
        and win.score - runner.score < 5
    ):
        confidence *= 0.6
    loudest = max(hits, key=lambda h: (h.prominence, h.template.priority))
    # A sub-brand printed with its company's name ('UnitedHealthcare StudentResources'
    # beside a UnitedHealthcare wordmark) agrees with the wordmark; a stray address
    # (oxhp.com, umr.com) does not.
    sub_brand = _squash(loudest.text) in _squash(win.text) and len(
        _squash(loudest.text)) < len(_squash(win.text))
    if (
        loudest.template is not win.template
        and win.prominence < CONFLICT_RATIO * loudest.prominence
        and not sub_brand
    ):
        win, runner = loudest, win
        confidence = min(confidence, win.score / 100.0) * CONFLICT_FACTOR
    if win.address_only and win.prominence < ADDRESS_PROMINENCE:
        # Named by a web address in fine print alone, no wordmark nor name read: 8383's
        # 0201, a UnitedHealthcare card's wordmark lost on a pale band in motion blur and
        # its fine print's oxhp.com (Oxford's) read. A person looks. (An address printed
        # as large as the card's text is its own: 8383's 0071, a UMR card's umr.com.)
        confidence = min(confidence, ADDRESS_ONLY_CONFIDENCE)
    runner_id = runner.template.id if runner else None
    runner_score = round(runner.score / 100.0, 3) if runner else 0.0
    inside = found is not None and _squash(win.text) in _squash(found.evidence) and len(
        _squash(win.text)) < len(_squash(found.evidence))
    if (
        found is not None
        and (win.score < 100 or inside)
        and found.confidence >= FUZZY_TEMPLATE_LOSES
        and found.prominence >= win.prominence
        and not _same_family(found.payer, win.template.id)
    ):
        # The template's only evidence is a fuzzy reading, or a word of a longer payer name
        # ('Empire' in 'Inland Empire Health Plan'); the card prints a directory payer's
        # name exactly and at least as prominently: that payer is named, and the template
        # is the runner-up. A fuzzy reading printed about as large is a conflict; a word of
        # the payer's name (printed no louder than the name) is the same evidence.
        conflict = not inside and win.prominence >= CONFLICT_RATIO * found.prominence
        return generic, CarrierMatch(
            template_id=None, name=found.payer.name,
            confidence=round(found.confidence * CONFLICT_FACTOR if conflict
                             else found.confidence, 3),
            evidence=found.evidence, runner_up=win.template.id,
            runner_up_score=round(win.score / 100.0, 3), source="directory",
            payer_id=found.payer.id, state=found.state,
        )
    if (
        found is not None
        and win.prominence < CONFLICT_RATIO * found.prominence
        and not _same_family(found.payer, win.template.id)
    ):
        confidence = min(confidence, CONFLICT_FACTOR)
        runner_id, runner_score = found.payer.id, found.confidence
    return win.template, CarrierMatch(
        template_id=win.template.id,
        name=win.template.name,
        confidence=round(confidence, 3),
        evidence=win.text,
        runner_up=runner_id,
        runner_up_score=runner_score,
        source="template",
    )


def own_template(
    match: payers.DirectoryMatch | None, carriers: Sequence[Template]
) -> Template | None:
    """The template whose own payer the directory's ``match`` names, when the reading is
    one of that template's keywords (at :data:`OWN_NAME_MIN`); None otherwise."""
    if match is None or match.payer.template is None:
        return None
    return next((t for t in carriers if t.id == match.payer.template and any(
        fuzz.ratio(_squash(k), _squash(match.evidence)) >= OWN_NAME_MIN
        for k in t.keywords)), None)


def misreadings_dropped(hits: Sequence[KeywordHit]) -> list[KeywordHit]:
    """``hits`` without those whose fuzzy match (under 100) is print holding a keyword of
    a template found more surely: ``Molina`` at 88 on ``O Cigna Healthcare``, which holds
    ``Cigna`` (found at 100), is no Molina mark, whatever Molina's priority."""
    return [h for h in hits if h.score >= 100 or not any(
        o.score > h.score and any(
            (k := _squash(word)) and k in _squash(h.text) for word in o.template.keywords)
        for o in hits if o is not h)]


def _same_family(payer: payers.Payer, template_id: str) -> bool:
    """Whether a directory payer belongs to the template carrier's parent organisation
    (``Absolute Total Care`` on an Ambetter card: both Centene's)."""
    owner = payers.load_directory().by_id.get(template_id)
    return owner is not None and owner.parent is not None and owner.parent == payer.parent
