"""Identify the carrier: fuzzy keyword matches over the OCR text, scored, ties by priority."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

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
    """A run of consecutive words on one OCR line."""

    words: int
    text: str
    squashed: str


def visual_rows(page: OcrPage) -> list[list[str]]:
    """The page's words as rows by position (card frame), left to right.

    Tesseract puts a logo's words on separate lines when their sizes differ ("Empire" /
    "BlueCross"); rows rebuilt from the boxes keep a name's words together. A gap wider
    than three word heights ends a row.
    """
    rows: list[list[OcrWord]] = []
    for w in sorted(page.words, key=lambda w: (w.box.left, w.box.top)):
        for row in rows:
            last = row[-1]
            h = max(last.box.height, w.box.height)
            if (
                abs(last.box.cy - w.box.cy) < 0.5 * h
                and -0.2 * h <= w.box.left - last.box.right <= 3 * h
            ):
                row.append(w)
                break
        else:
            rows.append([w])
    return [[w.text for w in row] for row in rows]


@dataclass(frozen=True, slots=True)
class CardText:
    """A card's word windows (:func:`windows`), indexed for keyword matching."""

    windows: tuple[Window, ...]
    exact: dict[str, tuple[int, ...]]
    """Squashed text → positions of the windows that hold it, in order."""
    upto: dict[int, tuple[tuple[int, ...], tuple[str, ...]]]
    """Most words n → positions and squashed texts of the windows of at most n words."""
    single: tuple[int, ...]
    """Positions of the one-word windows."""


MAX_WINDOW_WORDS = 6
"""Most words in one window of OCR text compared with a keyword."""


def windows(pages: Sequence[OcrPage], max_words: int = MAX_WINDOW_WORDS) -> tuple[Window, ...]:
    """Every run of 1..max_words consecutive words on each line of the pages."""
    out = []
    for page in pages:
        for words in visual_rows(page):
            for n in range(1, max_words + 1):
                for i in range(len(words) - n + 1):
                    text = " ".join(words[i : i + n])
                    if squashed := _squash(text):
                        out.append(Window(n, text, squashed))
    return tuple(out)


def card_text(pages: Sequence[OcrPage]) -> CardText:
    """The pages' windows with the lookups :func:`keyword_score` uses."""
    found = windows(pages)
    exact: dict[str, list[int]] = {}
    for i, w in enumerate(found):
        exact.setdefault(w.squashed, []).append(i)
    upto = {}
    for n in range(1, MAX_WINDOW_WORDS + 1):
        kept = [i for i, w in enumerate(found) if w.words <= n]
        upto[n] = (tuple(kept), tuple(found[i].squashed for i in kept))
    return CardText(
        windows=found,
        exact={k: tuple(v) for k, v in exact.items()},
        upto=upto,
        single=tuple(i for i, w in enumerate(found) if w.words == 1),
    )


def keyword_score(keyword: str, text: CardText) -> tuple[float, str]:
    """Best 0-100 score of one keyword against word windows, and the text it hit (the
    first window of that score)."""
    target = _squash(keyword)
    if not target:
        return 0.0, ""
    cutoff = cutoff_for(keyword)
    size = min(len(keyword.split()) + MAX_EXTRA_WORDS, MAX_WINDOW_WORDS)
    for i in text.exact.get(target, ()):
        if text.windows[i].words <= size:
            return 100.0, text.windows[i].text
    scores: dict[int, float] = {}
    # Only one-word names may be fuzzy: in "Oscar Health" the distinctive word is one
    # letter of "Star Health" away, so multi-word keywords must match exactly. A cutoff of
    # 100 only takes the exact match above.
    if " " not in keyword.strip() and cutoff < 100:
        positions, squashed = text.upto[size]
        for _, score, k in process.extract(
            target, squashed, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            # An OCR slip changes a letter or two, it does not drop a name's start:
            # "Better" (a tagline) is not "Ambetter".
            if abs(len(squashed[k]) - len(target)) <= 1:
                scores[positions[k]] = score
    if len(target) >= 5:  # myCigna.com, aetna.com: the name inside one word
        for i in text.single:
            if target in text.windows[i].squashed:
                scores[i] = max(scores.get(i, 0.0), 95.0)
    if not scores:
        return 0.0, ""
    best = min(scores, key=lambda i: (-scores[i], i))
    return scores[best], text.windows[best].text


def template_hit(template: Template, text: CardText) -> KeywordHit | None:
    """The template's best keyword hit, or None when absent or excluded."""
    for exclusion in template.exclusions:
        if keyword_score(exclusion, text)[0] >= cutoff_for(exclusion):
            return None
    best: KeywordHit | None = None
    for keyword in template.keywords:
        score, found = keyword_score(keyword, text)
        if score >= cutoff_for(keyword) and (best is None or score > best.score):
            best = KeywordHit(template, score, found)
    return best


def identify(
    pages: Sequence[OcrPage], carriers: Sequence[Template], generic: Template
) -> tuple[Template, CarrierMatch]:
    """Pick the carrier template for a card from the OCR pages of its sides.

    Templates whose keywords are found are ranked by priority, then score (stable, so the
    file order breaks exact ties). No hit is an answer: the generic template, carrier None.
    The runner-up is kept; one of the same priority scoring within 5 points lowers the
    confidence, since a person should then decide.
    """
    text = card_text(pages)
    hits = [h for t in carriers if (h := template_hit(t, text)) is not None]
    ranked = sorted(hits, key=lambda h: (h.template.priority, h.score), reverse=True)
    if not ranked:
        return generic, CarrierMatch(None, None, 0.0, "", None, 0.0)
    win = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    confidence = win.score / 100.0
    if (
        runner is not None
        and runner.template.priority == win.template.priority
        and win.score - runner.score < 5
    ):
        confidence *= 0.6
    return win.template, CarrierMatch(
        template_id=win.template.id,
        name=win.template.name,
        confidence=round(confidence, 3),
        evidence=win.text,
        runner_up=runner.template.id if runner else None,
        runner_up_score=round(runner.score / 100.0, 3) if runner else 0.0,
    )
