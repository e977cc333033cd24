"""Payers the grammar cards name (issue 12): the 23 template carriers' card contents and
the payers without a template. No pixels, no layout: what each payer's cards print.

Shapes of template carriers follow samples/README.md and carriers/*.toml (Oscar `OSC` + 8
digits and usually no group, Humana `H` + 8 digits, Medicare's MBI, Blue plans' three-letter
prefixes, Aetna `W` + 9 digits and groups like `866081-030-00001`, ...).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from samples.gen_spec import digits, letters, mbi, plain_letters

OTHER_PAYERS: Final[tuple[tuple[str, str, str], ...]] = (
    ("Priority Health", "priorityhealth.com", "commercial"),
    ("EmblemHealth", "emblemhealth.com", "commercial"),
    ("Harvard Pilgrim Health Care", "harvardpilgrim.org", "commercial"),
    ("Blue Cross Blue Shield of North Dakota", "bcbsnd.com", "blue"),
    ("Group Health Cooperative of South Central Wisconsin", "ghcscw.com", "commercial"),
    ("Medi-Cal", "medi-cal.ca.gov", "medicaid"),
    ("Independence Blue Cross", "ibx.com", "blue"),
    ("SelectHealth", "selecthealth.org", "commercial"),
    ("Geisinger Health Plan", "geisinger.org", "commercial"),
    ("Health Net", "healthnet.com", "commercial"),
    ("Fidelis Care", "fideliscare.org", "medicaid"),
    ("Sentara Health Plans", "sentarahealthplans.com", "commercial"),
    ("Tufts Health Plan", "tuftshealthplan.com", "commercial"),
    ("HealthPartners", "healthpartners.com", "commercial"),
    ("Medica", "medica.com", "commercial"),
    ("Dean Health Plan", "deancare.com", "commercial"),
    ("Quartz", "quartzbenefits.com", "commercial"),
    ("Capital Blue Cross", "capbluecross.com", "blue"),
    ("Excellus BlueCross BlueShield", "excellusbcbs.com", "blue"),
    ("Wellmark Blue Cross Blue Shield", "wellmark.com", "blue"),
    ("Blue Cross Blue Shield of Michigan", "bcbsm.com", "blue"),
    ("Blue Cross and Blue Shield of North Carolina", "bluecrossnc.com", "blue"),
    ("Blue Cross Blue Shield of Arizona", "azblue.com", "blue"),
    ("BlueCross BlueShield of Tennessee", "bcbst.com", "blue"),
    ("Blue Shield of California", "blueshieldca.com", "blue"),
    ("Arkansas Blue Cross and Blue Shield", "arkansasbluecross.com", "blue"),
    ("CDPHP", "cdphp.com", "commercial"),
    ("MVP Health Care", "mvphealthcare.com", "commercial"),
    ("Paramount", "paramounthealthcare.com", "commercial"),
    ("CareSource", "caresource.com", "medicaid"),
    ("AmeriHealth Caritas", "amerihealthcaritas.com", "medicaid"),
    ("UPMC Health Plan", "upmchealthplan.com", "commercial"),
    ("Presbyterian Health Plan", "phs.org", "commercial"),
    ("Security Health Plan", "securityhealth.org", "commercial"),
    ("Providence Health Plan", "providencehealthplan.com", "commercial"),
    ("PacificSource", "pacificsource.com", "commercial"),
    ("Moda Health", "modahealth.com", "commercial"),
    ("Baylor Scott & White Health Plan", "bswhealthplan.com", "commercial"),
    ("Neighborhood Health Plan of Rhode Island", "nhpri.org", "medicaid"),
    ("L.A. Care Health Plan", "lacare.org", "medicaid"),
    ("Inland Empire Health Plan", "iehp.org", "medicaid"),
    ("CalOptima Health", "caloptima.org", "medicaid"),
    ("Healthfirst", "healthfirst.org", "medicaid"),
    ("MetroPlus Health", "metroplus.org", "medicaid"),
    ("AultCare", "aultcare.com", "commercial"),
    ("Sanford Health Plan", "sanfordhealthplan.com", "commercial"),
)
"""Payers with no carrier template: (name as printed, web address, kind). Truth `carrier`
is null for all of them; `payer_name` is the name."""

_PLANS: Final = ("Gold PPO 1500", "Silver HMO 3000", "Bronze HDHP", "Select EPO", "Choice POS",
                 "Platinum PPO", "Essential HMO", "Value Plus", "Open Access", "Core PPO")
"""Plan names of payers without their own list."""


IdMaker = Callable[[random.Random], tuple[str, str]]
"""RNG -> (letter prefix or "", rest of the member ID)."""
GroupMaker = Callable[[random.Random], str | None]
"""RNG -> group number as printed, or None when the card prints none."""
RxMaker = Callable[[random.Random], tuple[str, str, str] | None]


@dataclass(frozen=True, slots=True)
class Profile:
    """What a payer's cards print, whatever the design: names, ID and group shapes, Rx."""

    carrier: str | None
    names: tuple[str, ...]
    """Wordmark texts (the first is `payer_name` when no other is chosen)."""
    web: str
    member_id: IdMaker
    group: GroupMaker
    rx: RxMaker
    payer_id: str | None
    plans: tuple[str, ...] = _PLANS
    id_labels: tuple[str, ...] = ()
    """The carrier's own member ID labels, used on half its cards (always for Medicare)."""
    group_labels: tuple[str, ...] = ()
    blue: bool = False
    kind: str = "commercial"
    """commercial, blue, medicaid, medicare_advantage or medicare."""


def _d(n: int) -> IdMaker:
    return lambda r: ("", digits(r, n))


def _blue_id(n: tuple[int, ...] = (9,)) -> IdMaker:
    return lambda r: (letters(r, 3), digits(r, r.choice(n)))


def _g(*lengths: int) -> GroupMaker:
    return lambda r: digits(r, r.choice(lengths))


def _none(_: random.Random) -> None:
    return None


def _rx(bin_: str, pcn: str, grp: Callable[[random.Random], str]) -> RxMaker:
    return lambda r: (bin_, pcn, grp(r))


def _no_rx(_: random.Random) -> None:
    return None


def _anthem_id(r: random.Random) -> tuple[str, str]:
    return letters(r, 3), r.choice((letters(r, 2) + digits(r, 7), digits(r, 9), "W" + digits(r, 8)))


def _anthem_group(r: random.Random) -> str:
    return r.choice((digits(r, 6) + letters(r, 2) + digits(r, 1) + letters(r, 1),
                     "W" + digits(r, 7), digits(r, 6)))


def _student_id(r: random.Random) -> tuple[str, str]:
    return r.choice((("", digits(r, 8)), ("", digits(r, 9)),
                     (letters(r, r.choice((2, 3))), digits(r, 7))))


PROFILES: Final[dict[str, Profile]] = {
    str(p.carrier): p for p in (
        Profile("aetna", ("aetna",), "aetna.com", lambda r: ("", "W" + digits(r, 9)),
                lambda r: f"{digits(r, 6)}-{digits(r, 3)}-{digits(r, 5)}",
                _rx("610502", "ADV", lambda r: "RX" + digits(r, 4)), "60054",
                ("Aetna Choice POS II", "Open Access Aetna Select", "Aetna HMO")),
        Profile("cigna", ("Cigna", "Cigna Healthcare"), "mycigna.com",
                lambda r: r.choice((("", "U" + digits(r, 8)), ("", str(r.randint(1, 9))
                                                                + digits(r, 8)))),
                lambda r: r.choice(("00" + digits(r, 6), digits(r, 7), digits(r, 8))),
                _rx("017010", "02250000", lambda r: "CIGNA" + digits(r, 2)), "62308",
                ("Open Access Plus", "LocalPlus", "Cigna Connect")),
        Profile("anthem", ("Anthem BlueCross BlueShield", "Anthem", "Empire BlueCross BlueShield"),
                "anthem.com", _anthem_id, _anthem_group,
                _rx("020099", "IS", lambda r: r.choice(("WLHA", "WKAA"))), None,
                ("Blue Access PPO", "Pathway X HMO", "Blue Priority EPO"), blue=True),
        Profile("unitedhealthcare", ("UnitedHealthcare",), "myuhc.com", _d(9), _g(5, 6, 7),
                _rx("610279", "9999", lambda r: "UHEALTH"), "87726",
                ("Choice Plus", "Navigate", "Options PPO", "Core Choice Plus")),
        Profile("oxford", ("Oxford Health Plans", "OXFORD"), "oxhp.com",
                lambda r: ("", digits(r, r.randint(9, 11))), _g(6, 7),
                _rx("610279", "9999", lambda r: r.choice(("OXFORD", "OHPRX"))), "06111",
                ("Oxford Freedom Network", "Oxford Liberty Network")),
        Profile("umr", ("UMR",), "umr.com", _d(9), lambda r: f"76-{digits(r, 6)}",
                _rx("610279", "9999", lambda r: "UMR" + digits(r, 3)), "39026"),
        Profile("oscar", ("oscar",), "hioscar.com",
                lambda r: ("", "OSC" + digits(r, 8) + ("-01" if r.random() < 0.3 else "")),
                lambda r: digits(r, r.choice((6, 7, 8))) if r.random() < 0.1 else None,
                _rx("003858", "MA", lambda r: "OSCR" + digits(r, 2)), None,
                ("Oscar Silver Simple", "Oscar Bronze Classic", "Oscar Gold")),
        Profile("uhc_student_resources", ("UnitedHealthcare StudentResources",), "uhcsr.com",
                _student_id, lambda r: "policy", _rx("610279", "9999", lambda r: "UHCSR"),
                "74227", ("Student Health Insurance Plan",), id_labels=("SR ID#", "SR ID"),
                group_labels=("Policy #", "Policy Number")),
        Profile("humana", ("Humana",), "humana.com", lambda r: ("", "H" + digits(r, 8)),
                lambda r: digits(r, r.choice((6, 7, 8))) if r.random() < 0.4 else None,
                _rx("015581", "03200000", lambda r: r.choice("WXY") + digits(r, 4)), "61101",
                ("HumanaChoice PPO", "Humana Gold Plus HMO", "Humana National POS"),
                kind="medicare_advantage"),
        Profile("kaiser", ("KAISER PERMANENTE",), "kp.org",
                lambda r: ("", digits(r, r.choice((8, 9, 10)))),
                lambda r: digits(r, r.choice((4, 5, 6))) if r.random() < 0.35 else None,
                _no_rx, "94135", ("Signature HMO", "Gold 80 HMO", "Deductible HMO"),
                id_labels=("MRN", "Medical Record Number", "Health Record Number")),
        Profile("medicare", ("MEDICARE HEALTH INSURANCE", "Medicare"), "Medicare.gov",
                lambda r: ("", mbi(r, r.random() < 0.75)), _none, _no_rx, None, (),
                id_labels=("Medicare Number", "Medicare Number/Número de Medicare"),
                kind="medicare"),
        Profile("bcbs_texas", ("BlueCross BlueShield of Texas",), "bcbstx.com", _blue_id(),
                _g(6, 8), _rx("011552", "TXPROD1", lambda r: "BCTX" + digits(r, 3)), "84980",
                ("Blue Choice PPO", "Blue Advantage HMO"), blue=True),
        Profile("bcbs_illinois", ("BlueCross BlueShield of Illinois",), "bcbsil.com", _blue_id(),
                _g(6, 8), _rx("011552", "ILPROD1", lambda r: "BCIL" + digits(r, 3)), "00621",
                ("Blue Choice PPO", "Blue Precision HMO"), blue=True),
        Profile("premera", ("PREMERA BLUE CROSS", "Premera Blue Cross"), "premera.com",
                _blue_id((9, 10)), _g(7, 8),
                _rx("610014", "PREMERA", lambda r: "PBC" + digits(r, 4)), "47570",
                ("Heritage Prime", "Heritage Signature"), blue=True),
        Profile("highmark", ("highmark BlueCross BlueShield", "Highmark Blue Shield"),
                "highmarkbcbs.com", _blue_id((9, 10)), _g(6, 7, 8),
                _rx("003858", "A4", lambda r: "HGM" + digits(r, 4)), "54771",
                ("PPOBlue", "Community Blue Flex"), blue=True),
        Profile("regence", ("Regence BlueShield", "Regence BlueCross BlueShield of Oregon"),
                "regence.com", _blue_id(), _g(5, 8),
                _rx("610014", "REGENCE", lambda r: "RGN" + digits(r, 4)), "00932",
                ("Preferred", "Innova"), blue=True),
        Profile("florida_blue", ("Florida Blue",), "floridablue.com",
                lambda r: (letters(r, 3), r.choice(("H" + digits(r, 8), digits(r, 9)))),
                lambda r: r.choice((digits(r, 5), digits(r, 6), plain_letters(r, 1)
                                    + digits(r, 5))),
                _rx("011552", "FLBC", lambda r: "FLB" + digits(r, 3)), "00590",
                ("BlueOptions", "BlueSelect", "myBlue"), blue=True),
        Profile("carefirst", ("CareFirst BlueCross BlueShield",), "carefirst.com", _blue_id(),
                lambda r: r.choice((plain_letters(r, 1) + digits(r, 3), digits(r, 7))),
                _rx("004336", "ADV", lambda r: "RX" + digits(r, 4)), "00580",
                ("BlueChoice HMO", "BluePreferred PPO"), blue=True),
        Profile("horizon", ("Horizon BlueCross BlueShield of New Jersey",), "horizonblue.com",
                _blue_id((9, 10)),
                lambda r: digits(r, 6) + ("-" + digits(r, 3) if r.random() < 0.3 else ""),
                _rx("610014", "HORIZON", lambda r: "HZN" + digits(r, 4)), "22099",
                ("Horizon OMNIA", "Horizon HMO"), blue=True),
        Profile("ambetter", ("ambetter",), "ambetterhealth.com",
                lambda r: ("", "U" + digits(r, r.choice((8, 10)))), _none,
                _rx("004336", "ADV", lambda r: "RX" + digits(r, 4)), "68069",
                ("Ambetter Balanced Care 5", "Ambetter Essential Care 1")),
        Profile("molina", ("MOLINA HEALTHCARE", "Molina Healthcare"), "molinahealthcare.com",
                lambda r: ("", digits(r, r.choice((9, 10, 11)))), _none,
                _rx("004336", "MCAIDADV", lambda r: "RX" + digits(r, 4)), "38333",
                ("Medicaid Managed Care", "Molina Marketplace Silver"), kind="medicaid"),
        Profile("tricare", ("TRICARE",), "tricare.mil",
                lambda r: ("", digits(r, r.choice((10, 11)))), _none,
                lambda r: ("003858", "TRICARE", "TRICARE") if r.random() < 0.5 else None, None,
                ("TRICARE Prime", "TRICARE Select"),
                id_labels=("DoD Benefits Number", "DoD ID", "DoD ID No.")),
        Profile("wellcare", ("wellcare",), "wellcare.com",
                lambda r: ("", digits(r, r.choice((8, 9, 11)))), _none,
                _rx("004336", "MEDDADV", lambda r: "RX" + digits(r, 4)), "14163",
                ("Wellcare No Premium (HMO)", "Wellcare Giveback (HMO-POS)"),
                kind="medicare_advantage"),
    )
}
"""Template carriers' card contents (shapes as in samples/README.md and carriers/*.toml)."""


def _other_id(kind: str) -> IdMaker:
    def make(r: random.Random) -> tuple[str, str]:
        if kind == "blue":
            return letters(r, 3), digits(r, r.choice((8, 9, 10)))
        if kind == "medicaid":
            cin = ("", digits(r, 8) + plain_letters(r, 1))  # Medi-Cal style: 8 digits, letter
            return r.choice((cin, ("", digits(r, r.choice((9, 10, 12)))),
                             (letters(r, 2), digits(r, 8))))
        return r.choice((("", digits(r, r.choice((9, 10, 11)))), ("", letters(r, 1)
                                                                  + digits(r, 8)),
                         (letters(r, 2), digits(r, r.choice((7, 10)))),
                         ("", digits(r, 9) + "0" + digits(r, 1))))
    return make


def _other_group(kind: str) -> GroupMaker:
    def make(r: random.Random) -> str | None:
        if kind == "medicaid" or r.random() < 0.12:
            return None
        return r.choice((digits(r, 6), digits(r, r.randint(4, 9)), plain_letters(r, 2)
                         + digits(r, 4), f"{digits(r, 4)}-{digits(r, 3)}", "G" + digits(r, 6)))
    return make


def other_profile(name: str, web: str, kind: str) -> Profile:
    """A payer with no template: invented but plausible ID, group and Rx shapes."""
    def rx(r: random.Random) -> tuple[str, str, str] | None:
        if r.random() >= 0.7:
            return None
        pcn = r.choice(("ADV", "RX", "MEDICAID", plain_letters(r, 4)))
        return digits(r, 6), pcn, plain_letters(r, 3) + digits(r, 3)

    return Profile(None, (name,), web, _other_id(kind), _other_group(kind), rx, None,
                   blue=kind == "blue", kind=kind)
