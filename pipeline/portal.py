"""The patient portal's insurance form prefill from the fields read."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pipeline.dates import iso_date
from pipeline.templates import Template
from pipeline.types import FieldReading

PORTAL_GROUP_LENGTH = 6
NO_GROUP = "XXXXXX"
"""What the portal takes when the group number is missing or not six characters."""


def portal_group(group: str | None, rule: str) -> str:
    """The six characters the portal's Group Number field takes.

    >>> portal_group("866081-030-00001", "leading_digits")
    '866081'
    >>> portal_group("98765", "six_chars")
    'XXXXXX'
    >>> portal_group("A1B2C3", "six_chars")
    'A1B2C3'
    >>> portal_group(None, "six_chars")
    'XXXXXX'
    """
    if not group:
        return NO_GROUP
    if rule == "leading_digits":
        m = re.match(r"\d{6}", group)
        return m.group(0) if m else NO_GROUP
    return group if len(group) == PORTAL_GROUP_LENGTH else NO_GROUP


NAME_SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV", "V"})
"""Generational suffixes printed after a name; not the last name."""


LAST_NAME_PARTICLES = frozenset({"VAN", "VON", "DE", "DEL", "DER", "DEN", "DA", "DI", "LA",
                                 "LE", "DU", "ST", "BIN", "AL", "EL"})
"""Words that begin a last name of several words (``VAN DYKE``, ``ST JOHN``, ``DE LA CRUZ``)."""


def split_name(name: str | None) -> tuple[str | None, str | None]:
    """First and last name as printed: ``LAST, FIRST M``, ``FIRST M LAST [JR]`` (a last
    name may begin with a particle, :data:`LAST_NAME_PARTICLES`), or ``LAST FIRST M``
    whose comma OCR lost (a name ends in an initial only so).

    >>> split_name("JOHN Q SAMPLE")
    ('JOHN', 'SAMPLE')
    >>> split_name("VAN DYKE, RAFAEL D")
    ('RAFAEL', 'VAN DYKE')
    >>> split_name("ADA M MACDONALD II")
    ('ADA', 'MACDONALD')
    >>> split_name("AARON P ST JOHN IV")
    ('AARON', 'ST JOHN')
    >>> split_name("JENSEN JACOB H")
    ('JACOB', 'JENSEN')
    """
    if not name:
        return None, None
    if "," in name:
        last, _, given = name.partition(",")
        first = given.split()[0] if given.split() else None
        return first, " ".join(last.split()) or None
    parts = name.split()
    while len(parts) > 2 and parts[-1].upper().strip(".") in NAME_SUFFIXES:
        parts = parts[:-1]
    if len(parts) < 2:
        return None, parts[0] if parts else None
    if len(parts) == 3 and len(parts[2].strip(".")) == 1 and min(
            len(parts[0]), len(parts[1])) > 1:
        return parts[1], parts[0]
    start = len(parts) - 1
    while start > 1 and parts[start - 1].upper().strip(".") in LAST_NAME_PARTICLES:
        start -= 1
    # A middle initial OCR joined to the first name with a hyphen ('JANE-Q').
    first = re.sub(r"-[A-Za-z]\.?$", "", parts[0])
    return first, " ".join(parts[start:])


SEXES = {"M": "M", "MALE": "M", "F": "F", "FEMALE": "F"}
"""The portal's sex (``M``/``F``) from the printed one, any case; ``U``, ``X`` and other
markings give nothing, so the patient chooses."""


def portal_sex(printed: str | None) -> str | None:
    """``M`` or ``F`` from a printed sex; None for anything else.

    >>> portal_sex("Female"), portal_sex("m"), portal_sex("X")
    ('F', 'M', None)
    """
    return SEXES.get(printed.strip().rstrip(".").upper()) if printed else None


def prefill(
    template: Template, fields: Mapping[str, FieldReading], provider: str | None = None
) -> dict[str, str | None]:
    """The portal form's values: provider, member ID, six-character group, the member's
    names, date of birth (``YYYY-MM-DD``, only from a complete printed date) and sex
    (``M``/``F``), and the policy holder's names when the card shows a subscriber other
    than the member (extra keys ``patient_is_policy_holder``,
    ``policy_holder_first_name``/``_last_name``). ``provider``: the directory payer's name,
    for a card no template names.

    The patient's names come from ``member_name`` only: the reader gives it the subscriber's
    name where the card is the subscriber's own, and leaves it out where the card names
    another person, who is the patient (a subscriber's name then would be the wrong one)."""
    member = fields.get("member_id")
    group = fields.get("group_number")
    subscriber = fields.get("subscriber_name")
    member_name = fields.get("member_name")
    first, last = split_name(member_name.value if member_name else None)
    portal: dict[str, str | None] = {
        "insurance_provider": template.name if template.name is not None else provider,
        "member_id": member.value if member else None,
        "group_number": portal_group(group.value if group else None, template.group_rule),
    }
    if first:
        portal["first_name"] = first
    if last:
        portal["last_name"] = last
    birth = fields.get("birth_date")
    if birth is not None and (iso := iso_date(birth.value)):
        portal["date_of_birth"] = iso
    gender = fields.get("gender")
    if gender is not None and (sex := portal_sex(gender.value)):
        portal["sex"] = sex
    if subscriber is not None and member_name is not None and subscriber.value != member_name.value:
        holder_first, holder_last = split_name(subscriber.value)
        portal["patient_is_policy_holder"] = "no"
        if holder_first:
            portal["policy_holder_first_name"] = holder_first
        if holder_last:
            portal["policy_holder_last_name"] = holder_last
    return portal
