"""Payers of the payer directory that grammar cards print (issue 13), written out as facts:
the name a card prints, the payer's web address, its kind (which ID shapes the grammar
draws) and its id in ``pipeline/data/payers.json`` (``tests/test_payers.py`` checks each id
exists and lists the printed name). Also the networks and pharmacy benefit managers cards
print beside the payer's name, which must never be taken for the payer.

The `directory` suite (`gen_grammar`) draws its cards' payers from `DIRECTORY_PAYERS`: the
grammar's payers without a template, every Blue Cross Blue Shield company without one,
confusable names (`Blue Cross and Blue Shield of Kansas City` and `... of Kansas`, `Blue KC`),
state Medicaid programs, TPAs, federal plans and Medicare Advantage brands from the CMS files.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Final

DIRECTORY_IDS: Final[dict[str, str]] = {
    # the grammar's payers without a template (gen_grammar_payers.OTHER_PAYERS)
    "Priority Health": "priority_health",
    "EmblemHealth": "emblemhealth",
    "Harvard Pilgrim Health Care": "harvard_pilgrim",
    "Blue Cross Blue Shield of North Dakota": "bcbs_north_dakota",
    "Group Health Cooperative of South Central Wisconsin": "ghc_scw",
    "Medi-Cal": "medi_cal",
    "Independence Blue Cross": "independence_blue_cross",
    "SelectHealth": "selecthealth",
    "Geisinger Health Plan": "geisinger",
    "Health Net": "health_net",
    "Fidelis Care": "fidelis_care",
    "Sentara Health Plans": "sentara_health_plans",
    "Tufts Health Plan": "tufts_health_plan",
    "HealthPartners": "healthpartners",
    "Medica": "medica",
    "Dean Health Plan": "dean_health_plan",
    "Quartz": "quartz",
    "Capital Blue Cross": "capital_blue_cross",
    "Excellus BlueCross BlueShield": "excellus",
    "Wellmark Blue Cross Blue Shield": "wellmark",
    "Blue Cross Blue Shield of Michigan": "bcbs_michigan",
    "Blue Cross and Blue Shield of North Carolina": "bcbs_north_carolina",
    "Blue Cross Blue Shield of Arizona": "bcbs_arizona",
    "BlueCross BlueShield of Tennessee": "bcbs_tennessee",
    "Blue Shield of California": "blue_shield_california",
    "Arkansas Blue Cross and Blue Shield": "arkansas_blue_cross",
    "CDPHP": "cdphp",
    "MVP Health Care": "mvp_health_care",
    "Paramount": "paramount",
    "CareSource": "caresource",
    "AmeriHealth Caritas": "amerihealth_caritas",
    "UPMC Health Plan": "upmc_health_plan",
    "Presbyterian Health Plan": "presbyterian_health_plan",
    "Security Health Plan": "security_health_plan",
    "Providence Health Plan": "providence_health_plan",
    "PacificSource": "pacificsource",
    "Moda Health": "moda_health",
    "Baylor Scott & White Health Plan": "baylor_scott_white_health_plan",
    "Neighborhood Health Plan of Rhode Island": "nhpri",
    "L.A. Care Health Plan": "la_care",
    "Inland Empire Health Plan": "iehp",
    "CalOptima Health": "calooptima",
    "Healthfirst": "healthfirst",
    "MetroPlus Health": "metroplus",
    "AultCare": "aultcare",
    "Sanford Health Plan": "sanford_health_plan",
}
"""A payer's printed name → its payer directory id."""

_MORE: Final[tuple[tuple[str, str, str, str], ...]] = (
    # confusable Blue names: each company its own payer
    ("Blue Cross and Blue Shield of Kansas City", "bluekc.com", "blue", "blue_kc"),
    ("BlueCross BlueShield of Kansas City", "bluekc.com", "blue", "blue_kc"),
    ("Blue KC", "bluekc.com", "blue", "blue_kc"),
    ("Blue Cross and Blue Shield of Kansas", "bcbsks.com", "blue", "bcbs_kansas"),
    ("BlueCross BlueShield of Kansas", "bcbsks.com", "blue", "bcbs_kansas"),
    ("Blue Cross Blue Shield of Massachusetts", "bluecrossma.org", "blue", "bcbs_massachusetts"),
    ("Blue Cross and Blue Shield of Minnesota", "bluecrossmn.com", "blue", "bcbs_minnesota"),
    ("Blue Cross & Blue Shield of Mississippi", "bcbsms.com", "blue", "bcbs_mississippi"),
    ("Blue Cross and Blue Shield of Nebraska", "nebraskablue.com", "blue", "bcbs_nebraska"),
    ("Blue Cross and Blue Shield of Louisiana", "bcbsla.com", "blue", "bcbs_louisiana"),
    ("Blue Cross and Blue Shield of Alabama", "bcbsal.org", "blue", "bcbs_alabama"),
    ("Blue Cross and Blue Shield of Vermont", "bluecrossvt.org", "blue", "bcbs_vermont"),
    ("Blue Cross & Blue Shield of Rhode Island", "bcbsri.com", "blue", "bcbs_rhode_island"),
    ("Blue Cross Blue Shield of Wyoming", "bcbswy.com", "blue", "bcbs_wyoming"),
    ("Blue Cross and Blue Shield of Montana", "bcbsmt.com", "blue", "bcbs_montana"),
    ("Blue Cross and Blue Shield of New Mexico", "bcbsnm.com", "blue", "bcbs_new_mexico"),
    ("Blue Cross and Blue Shield of Oklahoma", "bcbsok.com", "blue", "bcbs_oklahoma"),
    ("BlueCross BlueShield of South Carolina", "southcarolinablues.com", "blue",
     "bcbs_south_carolina"),
    ("HMSA", "hmsa.com", "blue", "hmsa"),
    ("Blue Cross of Idaho", "bcidaho.com", "blue", "blue_cross_idaho"),
    ("Triple-S Salud", "ssspr.com", "blue", "triple_s"),
    # state Medicaid programs as cards print them
    ("MassHealth", "mass.gov/masshealth", "medicaid", "masshealth"),
    ("TennCare", "tn.gov/tenncare", "medicaid", "tenncare"),
    ("AHCCCS", "azahcccs.gov", "medicaid", "ahcccs"),
    ("Apple Health", "hca.wa.gov", "medicaid", "apple_health"),
    ("SoonerCare", "ohca.org", "medicaid", "soonercare"),
    ("HUSKY Health", "huskyhealthct.org", "medicaid", "husky_health"),
    ("BadgerCare Plus", "forwardhealth.wi.gov", "medicaid", "badgercare_plus"),
    ("NJ FamilyCare", "njfamilycare.org", "medicaid", "nj_familycare"),
    ("KanCare", "kancare.ks.gov", "medicaid", "kancare"),
    ("MO HealthNet", "mydss.mo.gov", "medicaid", "mo_healthnet"),
    ("Healthy Indiana Plan", "in.gov/fssa", "medicaid", "healthy_indiana_plan"),
    ("Health First Colorado", "healthfirstcolorado.com", "medicaid", "health_first_colorado"),
    ("Oregon Health Plan", "oregon.gov/oha", "medicaid", "oregon_health_plan"),
    ("MaineCare", "maine.gov/dhhs", "medicaid", "mainecare"),
    # third-party administrators and federal plans
    ("Meritain Health", "meritain.com", "commercial", "meritain_health"),
    ("HealthSmart", "healthsmart.com", "commercial", "healthsmart"),
    ("Allied Benefit Systems", "alliedbenefit.com", "commercial", "allied_benefit_systems"),
    ("Benefit Administrative Systems", "basbenefits.com", "commercial",
     "benefit_administrative_systems"),
    ("Luminare Health", "luminarehealth.com", "commercial", "luminare_health"),
    ("WebTPA", "webtpa.com", "commercial", "webtpa"),
    ("GEHA", "geha.com", "commercial", "geha"),
    ("NALC Health Benefit Plan", "nalchbp.org", "commercial", "nalc_health_benefit_plan"),
    ("APWU Health Plan", "apwuhp.com", "commercial", "apwu_health_plan"),
    ("CHAMPVA", "va.gov/champva", "commercial", "champva"),
    # regional and Medicare Advantage brands
    ("Devoted Health", "devoted.com", "medicare_advantage", "devoted_health"),
    ("Alignment Health Plan", "alignmenthealthplan.com", "medicare_advantage",
     "alignment_health"),
    ("SCAN Health Plan", "scanhealthplan.com", "medicare_advantage", "scan_health_plan"),
    ("Clover Health", "cloverhealth.com", "medicare_advantage", "clover_health"),
    ("Wellpoint", "wellpoint.com", "medicaid", "wellpoint"),
    ("Healthy Blue", "healthybluela.com", "medicaid", "healthy_blue"),
    ("Superior HealthPlan", "superiorhealthplan.com", "medicaid", "superior_healthplan"),
    ("Sunshine Health", "sunshinehealth.com", "medicaid", "sunshine_health"),
    ("Buckeye Health Plan", "buckeyehealthplan.com", "medicaid", "buckeye_health_plan"),
    ("Fallon Health", "fallonhealth.org", "commercial", "fallon_health"),
    ("WellSense Health Plan", "wellsense.org", "medicaid", "wellsense"),
    ("Mass General Brigham Health Plan", "massgeneralbrighamhealthplan.org", "commercial",
     "mass_general_brigham_health_plan"),
    ("Health New England", "hne.com", "commercial", "health_new_england"),
    ("ConnectiCare", "connecticare.com", "commercial", "connecticare"),
    ("Independent Health", "independenthealth.com", "commercial", "independent_health"),
    ("AvMed", "avmed.org", "commercial", "avmed"),
    ("Capital Health Plan", "capitalhealth.com", "commercial", "capital_health_plan"),
    ("Medical Mutual", "medmutual.com", "commercial", "medical_mutual"),
    ("SummaCare", "summacare.com", "commercial", "summacare"),
    ("Health Alliance Plan", "hap.org", "commercial", "hap"),
    ("McLaren Health Plan", "mclarenhealthplan.org", "medicaid", "mclaren_health_plan"),
    ("Avera Health Plans", "averahealthplans.com", "commercial", "avera_health_plans"),
    ("Network Health", "networkhealth.com", "commercial", "network_health"),
    ("Group Health Cooperative of Eau Claire", "group-health.com", "commercial",
     "ghc_eau_claire"),
    ("AmeriHealth", "amerihealth.com", "commercial", "amerihealth"),
    ("Optima Health", "optimahealth.com", "commercial", "sentara_health_plans"),
    ("Amerigroup", "amerigroup.com", "medicaid", "wellpoint"),
)

DIRECTORY_PAYERS: Final[tuple[tuple[str, str, str, str], ...]] = _MORE
"""(printed name, web address, kind, directory id) of the `directory` suite's payers; with
the grammar's own payers without a template (`gen_grammar_payers.OTHER_PAYERS`) added by
`directory_payers`."""

NETWORKS: Final = ("PHCS", "MultiPlan", "PHCS MultiPlan", "First Health Network", "Cofinity",
                   "Beech Street")
"""Provider networks cards print beside the payer's name (never the payer)."""
PBMS: Final = ("CVS Caremark", "Express Scripts", "OptumRx", "Prime Therapeutics",
               "MedImpact", "Navitus")
"""Pharmacy benefit managers cards print beside the payer's name (never the payer)."""
GENERIC: Final = ("Health Plan", "Medicare", "Medicaid", "Community Plan", "Blue Cross",
                  "Blue Shield")
"""Generic phrases cards print (never a payer's name)."""

_DATA = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "payers.json"


@cache
def directory_names() -> dict[str, str]:
    """Directory id → the payer's name as the directory gives it (the portal's provider)."""
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return {e["id"]: e["name"] for e in data["payers"]}


def directory_id(printed: str) -> str | None:
    """The directory id of a payer the grammar prints by this name, if known."""
    if printed in DIRECTORY_IDS:
        return DIRECTORY_IDS[printed]
    return next((pid for name, _, _, pid in _MORE if name == printed), None)


def directory_payers(others: tuple[tuple[str, str, str], ...]) -> tuple[
        tuple[str, str, str, str], ...]:
    """The `directory` suite's payers: `_MORE` plus the grammar's `others` that have an id."""
    known = tuple((n, w, k, DIRECTORY_IDS[n]) for n, w, k in others if n in DIRECTORY_IDS)
    return known + _MORE
