"""Build the payer directory ``pipeline/data/payers.json`` from the CMS files in
``../shared/payers/`` and the hand-written facts in ``scripts/payers_manual.toml``.

Rerunnable and deterministic (same inputs, same bytes out)::

    .venv/bin/python scripts/build_payers.py [--source DIR] [--out FILE]

Entries are brands as cards print them. A hand-written entry absorbs every CMS record whose
name matches one of its ``absorb`` patterns (national brands collapse into one entry; each
Blue Cross Blue Shield company has its own patterns, so none is merged with another). The
rest are grouped by a brand key: the name without corporate suffixes, plan-type words and a
trailing ``of <State>``, so ``Acme Health Plan of Ohio, Inc.`` and ``Acme Health Plan of
Utah`` are one brand with two states.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.payers import GENERIC_WORDS  # the matcher's own list
from pipeline.payers import STATES as PAYER_STATES

VERSION = "1.0"
"""The script's version, written into the directory's provenance."""

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "payers"
DEFAULT_OUT = ROOT / "pipeline" / "data" / "payers.json"
MANUAL = Path(__file__).resolve().parent / "payers_manual.toml"

TEMPLATE_IDS = frozenset({
    "aetna", "cigna", "anthem", "unitedhealthcare", "oxford", "umr", "oscar",
    "uhc_student_resources", "humana", "kaiser", "medicare", "bcbs_texas", "bcbs_illinois",
    "premera", "highmark", "regence", "florida_blue", "carefirst", "horizon", "ambetter",
    "molina", "tricare", "wellcare",
})
"""The contract's template ids: a directory-only entry never takes one."""

KINDS = frozenset({
    "commercial", "marketplace", "medicare_advantage", "medicare_cost", "medicare_medicaid",
    "part_d", "pace", "employer", "medicaid", "federal", "tpa", "sharing_ministry", "other",
})

STATES = {**PAYER_STATES, "GU": "Guam", "VI": "Virgin Islands"}
"""The matcher's states (pipeline.payers.STATES) and the territories CMS files name."""

CMS_CUT = 50
"""CMS cuts contract and organisation names at 50 characters; the cut is an alias too."""

_CORPORATE = {
    "inc", "incorporated", "llc", "lc", "co", "corp", "corporation", "company", "ltd", "lp",
    "llp", "pc", "pa", "the", "a", "plc", "dba", "of",
}
_PLAN_WORDS = {
    "hmo", "ppo", "pos", "pffs", "msa", "snp", "dsnp", "hmopos", "epo", "medicare",
    "advantage", "plans", "insurance", "mutual", "dual", "cost", "pdp", "rx",
}
_ACRONYMS = {"HMO", "PPO", "POS", "EPO", "PACE", "USA", "LLC", "UPMC", "MVP", "CDPHP", "HMSA",
             "SCAN", "II", "III", "IV", "NY", "NJ", "CA", "TX", "PDP", "MMM", "QCC", "ODS",
             "AARP", "VNS", "MHS", "PHP", "HIP", "GHI", "HAP", "CHP", "CHPW", "UCare", "US"}


def norm(s: str) -> str:
    """Lower case, '&' as 'and', 'BlueCross' as 'blue cross', punctuation as spaces."""
    s = s.lower().replace("&", " and ")
    s = re.sub(r"blue(cross|shield)", r"blue \1", s)
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return " ".join(s.split())


def squash(s: str) -> str:
    return re.sub(r"[^0-9a-z]", "", s.lower())


def tidy(s: str) -> str:
    """One line, single spaces, no padding (the star-rating files pad their values), no
    trademark signs (some files hold them as mis-decoded bytes: '«' for '®')."""
    s = re.sub(r"[\u00ae\u00ab\u00bb\u2122\u00a9\ufffd]", "", s.replace("\u00a0", " "))
    return " ".join(s.split()).strip(" ,;")


def title(s: str) -> str:
    """An all-capitals name in title case, keeping acronyms: 'GOLDEN RULE' → 'Golden Rule'."""
    if any(c.islower() for c in s):
        return s
    words = []
    for w in s.split(" "):
        core = re.sub(r"[^A-Za-z]", "", w)
        if core.upper() in _ACRONYMS or (core and not re.search(r"[AEIOUY]", core)):
            words.append(w)
        else:
            words.append(re.sub(r"[A-Za-z]+('[A-Za-z])?", lambda m: m.group(0).capitalize(), w))
    return " ".join(words)


def display(name: str) -> str:
    """A legal or marketing name as a card would print it: the brand after 'd/b/a', no
    corporate suffix, no parenthesised note, title case."""
    s = tidy(name)
    m = re.search(r"\b(?:d/?b/?a|doing business as)\b[:\s]*(.+)$", s, re.IGNORECASE)
    if m and len(m.group(1)) > 3:
        s = m.group(1)
    s = re.sub(r"\s*\([^)]*\)\s*", " ", s).strip()
    while True:
        t = re.sub(r"[,\s]+(inc|incorporated|llc|l\.l\.c|ltd|corp|p\.c|lp)\.?$", "", s,
                   flags=re.IGNORECASE).strip(" ,")
        if t == s:
            break
        s = t
    return title(tidy(s))


def brand_key(name: str) -> str:
    """The key that groups one brand's names: no corporate or plan-type words at the end,
    no trailing 'of <State>' (never for Blue Cross Blue Shield names: each state's company is
    its own payer)."""
    s = norm(re.sub(r"\([^)]*\)", " ", display(name)))
    words = s.split()
    blue = "blue cross" in s or "blue shield" in s
    changed = True
    while changed and len(words) > 1:
        changed = False
        if words[-1] in _CORPORATE or words[-1] in _PLAN_WORDS:
            words.pop()
            changed = True
            continue
        if not blue:
            for n in (3, 2, 1):
                tail = " ".join(words[-n:])
                if len(words) > n + 1 and words[-n - 1] == "of" and tail in _STATE_NAMES:
                    del words[-n - 1:]
                    changed = True
                    break
    return " ".join(words)


_STATE_NAMES = {norm(v) for v in STATES.values()}
_STATE_WORDS = {w for v in _STATE_NAMES for w in v.split()}
SITE = re.compile(r"[a-z0-9-]+\.(?:com|org|net|gov|us)")
"""A payer's web address as the manual file gives it (the host's name and its domain)."""
_NOISE = re.compile(r"^(multiple\b|not applicable|n/?a$|none$|-+$|tbd$|unknown$)", re.IGNORECASE)


@dataclass(slots=True)
class Record:
    """One row of a CMS file: a contract or an issuer, with the names it went by."""

    marketing: str
    legal: str
    parent: str
    state: str
    kind: str
    source: str


@dataclass(slots=True)
class Entry:
    """A payer being built."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    states: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    parents: Counter[str] = field(default_factory=Counter)
    parent: str | None = None
    template: str | None = None
    match: bool = True
    sites: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    absorb: tuple[re.Pattern[str], ...] = ()
    names_seen: Counter[str] = field(default_factory=Counter)
    marketing: Counter[str] = field(default_factory=Counter)


def _rows(path: Path, skip: int = 0) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for _ in range(skip):
            next(fh)
        for row in csv.DictReader(fh):
            yield {(k or "").strip(): tidy(v or "") for k, v in row.items()}


def _ma_kind(org_type: str, plan_type: str, contract: str) -> str:
    o, p = org_type.lower(), plan_type.lower()
    if "pace" in o or "pace" in p:
        return "pace"
    if "cost" in o or "cost" in p:
        return "medicare_cost"
    if "medicare-medicaid" in p or "mmp" in p or o == "demo":
        return "medicare_medicaid"
    if contract.startswith("S") or "pdp" in o or "li net" in o:
        return "part_d"
    if contract.startswith("E") or "employer" in o:
        return "employer"
    return "medicare_advantage"


def read_sources(src: Path) -> list[Record]:
    """Every usable row of the CMS files, as records."""
    out: list[Record] = []
    for f, tag in (("cms_ma_contract_directory_2026_02.csv", "cms_ma_2026_02"),
                   ("cms_ma_contract_directory_2025_06.csv", "cms_ma_2025_06")):
        for r in _rows(src / f):
            out.append(Record(
                r["Organization Marketing Name"], r["Legal Entity Name"], r["Parent Organization"],
                r["Legal Entity State Code"],
                _ma_kind(r["Organization Type"], r["Plan Type"], r["Contract Number"]), tag))
    for r in _rows(src / "cms_star_ratings_2025.csv", skip=1):
        out.append(Record(r["Organization Marketing Name"], r["Contract Name"],
                          r["Parent Organization"], "",
                          _ma_kind(r["Organization Type"], "", r["Contract Number"]),
                          "cms_stars_2025"))
    for r in _rows(src / "cms_star_ratings_2024_2026.csv"):
        out.append(Record(r["plan_name"], "", r["parent_org"], "",
                          _ma_kind(r["org_type"], "", r["contract_id"]), "cms_stars_2024_2026"))
    for r in _rows(src / "cms_star_ratings_contracts_2008_2022.csv"):
        out.append(Record(r["marketing_name"], r["contract_name"], r["parent_name"], "",
                          _ma_kind(r["org_type"] + " " + r["contract_type"], "", r["contract_id"]),
                          "cms_stars_2008_2022"))
    for r in _rows(src / "cms_marketplace_issuers_2014_2017.csv"):
        market = r["market"].lower()
        kind = "marketplace" if market == "individual" else "commercial"
        out.append(Record("", r["issuer_name"], "", r["state_code"], kind, "cms_marketplace"))
        if market == "combined":
            out.append(Record("", r["issuer_name"], "", r["state_code"], "marketplace",
                              "cms_marketplace"))
    return out


def read_manual(path: Path) -> list[Entry]:
    """The hand-written entries, validated: a bad entry stops the build with its id."""
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    out: list[Entry] = []
    seen: set[str] = set()
    for raw in doc["payer"]:
        pid = raw["id"]
        unknown = set(raw) - {"id", "name", "aliases", "states", "kinds", "parent", "absorb",
                              "template", "match", "sites"}
        if unknown:
            sys.exit(f"{path}: {pid}: unknown keys {sorted(unknown)}")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", pid) or pid in seen:
            sys.exit(f"{path}: bad or repeated id {pid!r}")
        template = raw.get("template")
        if template is not None and template not in TEMPLATE_IDS:
            sys.exit(f"{path}: {pid}: unknown template {template!r}")
        if template is None and pid in TEMPLATE_IDS:
            sys.exit(f"{path}: {pid}: a template id needs template = {pid!r}")
        bad_states = set(raw.get("states", [])) - set(STATES)
        bad_kinds = set(raw.get("kinds", [])) - KINDS
        if bad_states or bad_kinds:
            sys.exit(f"{path}: {pid}: unknown states {bad_states} or kinds {bad_kinds}")
        bad_sites = [w for w in raw.get("sites", []) if not SITE.fullmatch(w)]
        if bad_sites:
            sys.exit(f"{path}: {pid}: sites must be host names (name.com): {bad_sites}")
        seen.add(pid)
        out.append(Entry(
            id=pid, name=raw["name"], aliases=list(raw.get("aliases", [])),
            states=set(raw.get("states", [])), kinds=set(raw.get("kinds", [])),
            parent=raw.get("parent"), template=template, match=raw.get("match", True),
            sources={"manual"}, absorb=tuple(re.compile(p) for p in raw.get("absorb", [])),
            sites=list(raw.get("sites", [])),
        ))
    return out


def slug(key: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")
    return s if s and s[0].isalpha() else "p_" + s


def _add_record(e: Entry, r: Record) -> None:
    for n in (r.marketing, r.legal):
        if n and not _NOISE.match(n):
            e.names_seen[n] += 1
    if r.marketing and not _NOISE.match(r.marketing):
        e.marketing[display(r.marketing)] += 1
    if r.state in STATES:
        e.states.add(r.state)
    e.kinds.add(r.kind)
    if r.parent and not _NOISE.match(r.parent):
        e.parents[r.parent] += 1
    e.sources.add(r.source)


def build(src: Path, manual_path: Path) -> dict[str, Any]:
    """The directory as a JSON-ready dict: provenance, counts and entries sorted by id."""
    manual = read_manual(manual_path)
    records = read_sources(src)
    grouped: dict[str, Entry] = {}
    dropped = 0
    absorbed: dict[str, Entry | None] = {}

    def absorber(name: str) -> Entry | None:
        if name not in absorbed:
            forms = {norm(name), norm(display(name))}  # the legal name, and the brand after d/b/a
            absorbed[name] = next(
                (e for e in manual if any(p.search(n) for p in e.absorb for n in forms)), None)
        return absorbed[name]

    for r in records:
        printed = [n for n in (r.marketing, r.legal) if n and not _NOISE.match(n)]
        if not printed:
            dropped += 1
            continue
        # The marketing name first: it is what the card prints.
        home = next((e for n in printed if (e := absorber(n)) is not None), None)
        if home is None:
            key = brand_key(r.marketing if r.marketing and not _NOISE.match(r.marketing)
                            else r.legal)
            if len(squash(key)) < 3:
                dropped += 1
                continue
            home = grouped.setdefault(key, Entry(id="", name=""))
        _add_record(home, r)
    _merge_products(grouped)
    entries = list(manual)
    taken = {e.id for e in manual} | TEMPLATE_IDS
    for key in sorted(grouped):
        e = grouped[key]
        pid = slug(key)
        while pid in taken:
            pid += "_payer"
        taken.add(pid)
        e.id = pid
        # The most used marketing name is what cards print; else the most used legal name.
        pool = e.marketing or Counter({display(n): c for n, c in e.names_seen.items()})
        e.name = max(pool, key=lambda n: (pool[n], any(c.islower() for c in n), n))
        entries.append(e)
    out_entries = []
    for e in sorted(entries, key=lambda e: e.id):
        names: list[str] = []
        seen: set[str] = set()
        candidates = [e.name, *e.aliases]
        for raw in sorted(e.names_seen, key=lambda n: (-e.names_seen[n], n)):
            candidates += [display(raw), title(tidy(raw))]
            if len(tidy(raw)) > CMS_CUT:
                candidates.append(title(tidy(raw)[:CMS_CUT].strip()))
        for n in candidates:
            k = squash(n)
            if len(k) >= 2 and k not in seen:
                seen.add(k)
                names.append(n)
        parent = e.parent or _parent_of(e)
        curated = len({squash(n) for n in (e.name, *e.aliases)}) if "manual" in e.sources else 0
        out_entries.append({
            "id": e.id,
            "name": names[0],
            "aliases": names[1:],
            "curated": curated,
            "states": sorted(e.states),
            "kinds": sorted(e.kinds),
            "parent": parent,
            "template": e.template,
            "match": e.match,
            **({"sites": e.sites} if e.sites else {}),
            "sources": sorted(e.sources),
        })
    return {"provenance": provenance(src, manual_path, len(records), dropped),
            "counts": counts(out_entries), "payers": out_entries}


def _parent_of(e: Entry) -> str | None:
    return max(e.parents, key=lambda p: (e.parents[p], p)) if e.parents else None


def _merge_products(grouped: dict[str, Entry]) -> None:
    """Fold product lines into their brand: a key that is another key plus more words
    (``acme health vip care plus`` after ``acme health``) joins it when both have the same
    parent organisation, or one has none known and the brand has a distinctive word (not
    ``community health``). Never for Blue Cross Blue Shield names."""
    for key in sorted(grouped, key=lambda k: (len(k.split()), k)):
        if key not in grouped or "blue" in key.split():
            continue
        words = key.split()
        for n in range(1, len(words)):
            brand = " ".join(words[:n])
            home = grouped.get(brand)
            if home is None or home is grouped[key]:
                continue
            a, b = _parent_of(home), _parent_of(grouped[key])
            distinctive = any(w not in GENERIC_WORDS and w not in _STATE_WORDS for w in
                              brand.split())
            if (a is not None and a == b) or (distinctive and (a is None or b is None)):
                e = grouped.pop(key)
                home.names_seen.update(e.names_seen)
                home.marketing.update(e.marketing)
                home.states |= e.states
                home.kinds |= e.kinds
                home.parents.update(e.parents)
                home.sources |= e.sources
                break


def counts(entries: list[dict[str, Any]]) -> dict[str, Any]:
    by_kind: Counter[str] = Counter()
    for e in entries:
        by_kind.update(e["kinds"])
    return {
        "payers": len(entries),
        "names": sum(1 + len(e["aliases"]) for e in entries),
        "template_owned": sum(e["template"] is not None for e in entries),
        "hand_written": sum("manual" in e["sources"] for e in entries),
        "by_kind": dict(sorted(by_kind.items())),
    }


def provenance(src: Path, manual_path: Path, records: int, dropped: int) -> dict[str, Any]:
    """Where the directory came from: the README's table rows for each source file."""
    readme = (src / "README.md").read_text(encoding="utf-8")
    files = []
    for line in readme.splitlines():
        m = re.match(r"\|\s*`([^`]+\.csv)`\s*\|([^|]*)\|([^|]*)\|([^|]*)\|(.*)\|\s*$", line)
        if not m:
            continue
        name = m.group(1)
        data = (src / name).read_bytes()
        files.append({
            "file": name, "rows": m.group(2).strip(), "what": m.group(3).strip(),
            "came_from": m.group(5).strip(), "sha256": hashlib.sha256(data).hexdigest(),
        })
    manual = manual_path.read_bytes()
    return {
        "built_by": "scripts/build_payers.py",
        "script_version": VERSION,
        "licence": "CMS files: US federal government works, public domain; hand-written "
                   "facts: this project. Payer names are trademarks of their owners.",
        "sources": files,
        "manual": {"file": "scripts/payers_manual.toml",
                   "sha256": hashlib.sha256(manual).hexdigest()},
        "records_read": records,
        "records_dropped": dropped,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                    help="folder of the CMS files and their README (default ../shared/payers)")
    ap.add_argument("--manual", type=Path, default=MANUAL)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    directory = build(args.source, args.manual)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(directory, ensure_ascii=False, indent=0) + "\n",
                        encoding="utf-8")
    c = directory["counts"]
    print(f"{args.out}: {c['payers']} payers, {c['names']} names and aliases; "
          f"by kind {c['by_kind']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
