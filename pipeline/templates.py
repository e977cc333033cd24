"""Carrier templates: load the declarative TOML files under ``carriers/`` and validate them.

A template names its carrier, the words that identify it, and per field the label
variants and value pattern. ``generic.toml`` is the base every carrier template extends:
its fields and distractors apply to every card unless a carrier overrides them. A broken
template fails the load with its file and the problem named; it is never skipped.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pipeline.errors import TemplateError

GENERIC_ID = "generic"
FIELD_NAMES = frozenset(
    {
        "member_id",
        "member_id_prefix",
        "member_id_suffix",
        "group_number",
        "member_name",
        "subscriber_name",
        "rx_bin",
        "rx_pcn",
        "rx_group",
        "payer_id",
        "plan_name",
        "plan_type",
        "effective_date",
        "school_name",
        "rx_id",
        "rx_plan",
        "pbm",
        "group_name",
        "birth_date",
        "gender",
        "medicare_part_a_date",
        "medicare_part_b_date",
    }
)
"""Field names the contract allows that a template may give labels for (``plan_number``,
``medicaid_id`` and ``claims_address`` are derived from other readings)."""
INHERITED_LABELS = frozenset({"member_id", "group_number", "member_name"})
"""Fields whose carrier labels are followed by the generic lexicon's unless the template
says ``generic_labels = false`` (see :func:`with_generic_labels`): a TRICARE card of
another design names its beneficiary ``Insured``, as other cards do."""
GROUP_RULES = frozenset({"six_chars", "leading_digits"})
SIDES = frozenset({"front", "back", "any"})


@dataclass(frozen=True, slots=True)
class FieldRule:
    """How to find one field: its labels, the shape of its value, and where to look."""

    name: str
    labels: tuple[str, ...]
    pattern: re.Pattern[str]
    """Full-match pattern for the value as printed."""
    max_words: int = 1
    """Words a value may span (names have several)."""
    below: bool = True
    """Whether the value may sit under its label instead of to its right."""
    anywhere: bool = False
    """Also accept a value matching ``pattern`` with no label (e.g. Oscar's OSC ids)."""
    side: str = "any"
    chars: str | None = None
    """The only characters the value may hold, when the carrier's format excludes some
    (Medicare's MBI never uses S, L, O, I, B or Z): values are read again with Tesseract
    told to see no others. None: any letter, digit or hyphen."""


@dataclass(frozen=True, slots=True)
class DistractorRule:
    """A labelled number that must not be taken for a field."""

    kind: str
    labels: tuple[str, ...]
    pattern: re.Pattern[str]
    max_words: int = 1
    below: bool = True
    anywhere: bool = False
    side: str = "any"


@dataclass(frozen=True, slots=True)
class Template:
    """One carrier (or the generic base), validated."""

    id: str
    name: str | None
    """The carrier's portal name; None for the generic template."""
    priority: int
    """Higher wins when several carriers are named on one card (Oxford over UHC)."""
    keywords: tuple[str, ...]
    """Any of these, found fuzzily as whole words, names the carrier."""
    exclusions: tuple[str, ...]
    """If any of these is found the template does not match."""
    fields: Mapping[str, FieldRule]
    distractors: tuple[DistractorRule, ...]
    group_rule: str
    """How the portal's six-character group is made: ``six_chars`` or ``leading_digits``."""
    group_expected: bool
    """False for carriers whose cards often print no group (Oscar): no review when absent."""
    requires_back: bool
    """True for plans whose back photo the portal needs (Cigna, Blue Cross Blue Shield)."""
    needs_school_name: bool


_TOP_KEYS = {
    "id",
    "name",
    "priority",
    "keywords",
    "exclusions",
    "fields",
    "distractors",
    "portal",
    "review",
    "description",
}
_RULE_KEYS = {"labels", "pattern", "max_words", "below", "anywhere", "side", "kind"}
_FIELD_KEYS = {"chars", "generic_labels"}
"""Keys of a field rule besides :data:`_RULE_KEYS`."""


def _require(cond: bool, path: str, problem: str) -> None:
    if not cond:
        raise TemplateError(path, problem)


def _strings(value: Any, path: str, key: str, *, allow_empty: bool = True) -> tuple[str, ...]:
    _require(
        isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value),
        path,
        f"{key} must be a list of non-empty strings",
    )
    _require(allow_empty or bool(value), path, f"{key} must not be empty")
    return tuple(value)


def _pattern(value: Any, path: str, where: str) -> re.Pattern[str]:
    _require(isinstance(value, str) and bool(value), path, f"{where}.pattern must be a string")
    try:
        return re.compile(value)
    except re.error as e:
        raise TemplateError(path, f"{where}.pattern does not compile: {e}") from None


def _rule_parts(raw: Any, path: str, where: str) -> dict[str, Any]:
    _require(isinstance(raw, dict), path, f"{where} must be a table")
    unknown = set(raw) - _RULE_KEYS
    _require(not unknown, path, f"{where} has unknown keys {sorted(unknown)}")
    labels = _strings(raw.get("labels", []), path, f"{where}.labels")
    anywhere = raw.get("anywhere", False)
    _require(isinstance(anywhere, bool), path, f"{where}.anywhere must be true or false")
    _require(bool(labels) or anywhere, path, f"{where} needs labels or anywhere = true")
    max_words = raw.get("max_words", 1)
    _require(
        isinstance(max_words, int) and 1 <= max_words <= 8,
        path,
        f"{where}.max_words must be an integer from 1 to 8",
    )
    below = raw.get("below", True)
    _require(isinstance(below, bool), path, f"{where}.below must be true or false")
    side = raw.get("side", "any")
    _require(side in SIDES, path, f"{where}.side must be one of {sorted(SIDES)}")
    return {
        "labels": labels,
        "pattern": _pattern(raw.get("pattern"), path, where),
        "max_words": max_words,
        "below": below,
        "anywhere": anywhere,
        "side": side,
    }


def with_generic_labels(
    own: tuple[str, ...], generic: tuple[str, ...], decoys: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """A carrier's labels for a field, then the generic lexicon's that it lacks: a card of
    another design may word the label the usual way (``Member ID No.`` on an Aetna card).
    A label the carrier gives one of its distractors (Molina's ``Medicaid ID``) stays the
    distractor's, and one the carrier gives another of its fields (Aetna's bare ``GRP``, its
    Rx group's). Labels are compared as printed, case and punctuation aside but ``#``: the
    labels are matched so (``GRP#`` is read as a misread ``GRP``, at a weak score), and a
    carrier's ``GRP#`` must not keep the generic ``GRP`` from its cards (``Grp 57265``)."""
    def key(label: str) -> str:
        return re.sub(r"[^0-9A-Z#]", "", label.upper())

    have = {key(label) for label in own + decoys}
    return own + tuple(label for label in generic if key(label) not in have)


def parse_template(raw: Mapping[str, Any], path: str, base: Template | None) -> Template:
    """Validate one parsed TOML document; carrier templates are merged onto ``base``."""
    unknown = set(raw) - _TOP_KEYS
    _require(not unknown, path, f"unknown keys {sorted(unknown)}")
    tid = raw.get("id")
    _require(
        isinstance(tid, str) and re.fullmatch(r"[a-z][a-z0-9_]*", tid or "") is not None,
        path,
        "id must be a lower-case identifier",
    )
    assert isinstance(tid, str)
    _require(Path(path).stem == tid, path, f"id {tid!r} must equal the file name")
    is_generic = tid == GENERIC_ID
    name = raw.get("name")
    if is_generic:
        _require(name is None, path, "the generic template has no carrier name")
    else:
        _require(isinstance(name, str) and bool(name), path, "name must be a non-empty string")
    priority = raw.get("priority", 0)
    _require(isinstance(priority, int), path, "priority must be an integer")
    keywords = _strings(raw.get("keywords", []), path, "keywords", allow_empty=is_generic)
    _require(not (is_generic and keywords), path, "the generic template has no keywords")
    exclusions = _strings(raw.get("exclusions", []), path, "exclusions")

    fields: dict[str, FieldRule] = dict(base.fields) if base else {}
    inherited: set[str] = set()
    raw_fields = raw.get("fields", {})
    _require(isinstance(raw_fields, dict), path, "fields must be a table")
    for fname, fraw in raw_fields.items():
        _require(fname in FIELD_NAMES, path, f"unknown field {fname!r}")
        chars = fraw.get("chars") if isinstance(fraw, dict) else None
        _require(
            chars is None or (isinstance(chars, str) and bool(re.fullmatch(r"[A-Z0-9-]+", chars))),
            path, f"fields.{fname}.chars must be a string of capital letters, digits and -",
        )
        inherit = fraw.get("generic_labels", fname in INHERITED_LABELS) if isinstance(
            fraw, dict) else False
        _require(isinstance(inherit, bool), path,
                 f"fields.{fname}.generic_labels must be true or false")
        parts = _rule_parts(
            {k: v for k, v in fraw.items() if k not in _FIELD_KEYS}
            if isinstance(fraw, dict) else fraw,
            path, f"fields.{fname}",
        )
        if base is not None and inherit and fname in base.fields:
            inherited.add(fname)
        fields[fname] = FieldRule(name=fname, chars=chars, **parts)
    _require("member_id" in fields, path, "no member_id field (in it or the generic base)")

    distractors: list[DistractorRule] = []
    raw_distractors = raw.get("distractors", [])
    _require(isinstance(raw_distractors, list), path, "distractors must be an array of tables")
    for i, draw in enumerate(raw_distractors):
        where = f"distractors[{i}]"
        _require(isinstance(draw, dict), path, f"{where} must be a table")
        kind = draw.get("kind")
        _require(isinstance(kind, str) and bool(kind), path, f"{where}.kind must be a string")
        parts = _rule_parts({k: v for k, v in draw.items() if k != "kind"}, path, where)
        distractors.append(DistractorRule(kind=str(kind), **parts))
    own_kinds = {d.kind for d in distractors}
    if base:  # a carrier's distractor of the same kind replaces the generic one
        decoy_labels = tuple(label for d in distractors for label in d.labels)
        for fname in inherited:
            others = tuple(label for other in raw_fields if other != fname
                           for label in fields[other].labels)
            fields[fname] = replace(fields[fname], labels=with_generic_labels(
                fields[fname].labels, base.fields[fname].labels, decoy_labels + others))
        distractors += [d for d in base.distractors if d.kind not in own_kinds]

    portal = raw.get("portal", {})
    _require(
        isinstance(portal, dict) and set(portal) <= {"group_rule"},
        path,
        "portal may only hold group_rule",
    )
    group_rule = portal.get("group_rule", "six_chars")
    _require(
        group_rule in GROUP_RULES, path, f"portal.group_rule must be one of {sorted(GROUP_RULES)}"
    )
    review = raw.get("review", {})
    review_keys = {"requires_back", "needs_school_name", "group_expected"}
    _require(
        isinstance(review, dict) and set(review) <= review_keys,
        path,
        f"review may only hold {sorted(review_keys)}",
    )
    for key in review_keys:
        _require(isinstance(review.get(key, False), bool), path, f"review.{key} must be a boolean")
    return Template(
        id=tid,
        name=name if isinstance(name, str) else None,
        priority=priority,
        keywords=keywords,
        exclusions=exclusions,
        fields=fields,
        distractors=tuple(distractors),
        group_rule=group_rule,
        group_expected=bool(review.get("group_expected", True)),
        requires_back=bool(review.get("requires_back", False)),
        needs_school_name=bool(review.get("needs_school_name", False)),
    )


def _template_root() -> Traversable | Path:
    """The installed ``pipeline.carriers`` package, else ``carriers/`` of the checkout."""
    try:
        root = resources.files("pipeline.carriers")
        if root.joinpath(f"{GENERIC_ID}.toml").is_file():
            return root
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "carriers"


def load_templates_from(files: Mapping[str, str]) -> tuple[Template, tuple[Template, ...]]:
    """Validate templates given as {file name: TOML text}; returns (generic, carriers)."""
    parsed: dict[str, dict[str, Any]] = {}
    for fname, text in files.items():
        try:
            parsed[fname] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise TemplateError(fname, f"not valid TOML: {e}") from None
    generic_file = f"{GENERIC_ID}.toml"
    if generic_file not in parsed:
        raise TemplateError(generic_file, "the generic base template is missing")
    generic = parse_template(parsed.pop(generic_file), generic_file, None)
    carriers = tuple(parse_template(raw, fname, generic) for fname, raw in sorted(parsed.items()))
    names = [t.name for t in carriers]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise TemplateError("carriers/", f"carrier names used twice: {sorted(map(str, dupes))}")
    return generic, carriers


@functools.cache
def load_templates() -> tuple[Template, tuple[Template, ...]]:
    """The shipped templates, loaded once per process: (generic, carriers)."""
    root = _template_root()
    files = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in root.iterdir()
        if entry.name.endswith(".toml")
    }
    return load_templates_from(files)
