"""Carrier templates load strictly: a broken template fails with its file and problem named."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from pipeline.errors import TemplateError
from pipeline.templates import GENERIC_ID, load_templates, load_templates_from
from tests.contract import CONTRACT_CARRIERS, SEED_CARRIERS

ROOT = Path(__file__).resolve().parents[1] / "carriers"
GENERIC = (ROOT / "generic.toml").read_text(encoding="utf-8")
GOOD = """
id = "acme"
name = "Acme Health"
keywords = ["acme"]
[fields.member_id]
labels = ["Acme ID"]
pattern = 'A\\d{8}'
"""


def test_shipped_templates_are_the_contract_carriers() -> None:
    generic, carriers = load_templates()
    assert generic.id == GENERIC_ID and generic.name is None
    shipped = {t.id: t.name for t in carriers}
    assert SEED_CARRIERS.items() <= shipped.items()
    assert shipped.items() <= CONTRACT_CARRIERS.items()
    for t in carriers:
        assert t.keywords, t.id
        assert "member_id" in t.fields and "group_number" in t.fields


def test_templates_are_package_data() -> None:
    files = {p.name for p in resources.files("pipeline.carriers").iterdir()}
    assert {f"{name}.toml" for name in SEED_CARRIERS} <= files


def test_carrier_template_extends_generic() -> None:
    _, (acme,) = load_templates_from({"generic.toml": GENERIC, "acme.toml": GOOD})
    labels = acme.fields["member_id"].labels
    # Its own label first, then the generic lexicon (another design may word it so).
    assert labels[0] == "Acme ID" and {"Member ID", "Enrollee ID", "MBR #"} <= set(labels)
    assert "GRP#" in acme.fields["group_number"].labels  # from the generic base
    assert {d.kind for d in acme.distractors} >= {"health_plan", "issuer", "plan_id"}


def test_a_template_may_keep_only_its_own_labels() -> None:
    own = GOOD.replace("pattern = 'A\\d{8}'", "pattern = 'A\\d{8}'\ngeneric_labels = false")
    _, (acme,) = load_templates_from({"generic.toml": GENERIC, "acme.toml": own})
    assert acme.fields["member_id"].labels == ("Acme ID",)


def test_a_label_the_carrier_gives_a_distractor_is_not_inherited() -> None:
    decoy = GOOD + """
[[distractors]]
kind = "medicaid_id"
labels = ["Medicaid ID"]
pattern = '\\d{8}'
"""
    _, (acme,) = load_templates_from({"generic.toml": GENERIC, "acme.toml": decoy})
    assert "Medicaid ID" not in acme.fields["member_id"].labels
    assert "Recipient ID" in acme.fields["member_id"].labels


def test_only_member_id_group_and_name_inherit_labels() -> None:
    rx = GOOD + "[fields.rx_pcn]\nlabels = ['RxPCN']\npattern = '[A-Z]+'\n"
    _, (acme,) = load_templates_from({"generic.toml": GENERIC, "acme.toml": rx})
    assert acme.fields["rx_pcn"].labels == ("RxPCN",)


def test_a_carriers_name_labels_are_followed_by_the_generic_ones() -> None:
    """TRICARE's own wordings (``Beneficiary``) and then the usual ones (``Insured``); its
    sponsor's ``Subscriber`` stays the subscriber's."""
    _, carriers = load_templates()
    tricare = next(t for t in carriers if t.id == "tricare")
    labels = tricare.fields["member_name"].labels
    assert labels[0] == "Beneficiary" and {"Insured", "Member Name/Nombre"} <= set(labels)
    assert "Subscriber" not in labels and "Subscriber" in tricare.fields["subscriber_name"].labels


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (GOOD.replace('id = "acme"', 'id = "other"'), "must equal the file name"),
        ('colour = "red"\n' + GOOD, "acme.toml: unknown keys ['colour']"),
        (GOOD + "colour = 'red'\n", "fields.member_id has unknown keys ['colour']"),
        (GOOD.replace("'A\\d{8}'", "'A(\\d{8}'"), "does not compile"),
        (GOOD + "chars = 'abc'\n", "fields.member_id.chars must be a string of capital"),
        (GOOD + "generic_labels = 'yes'\n", "fields.member_id.generic_labels must be true"),
        (GOOD + "[fields.member_number]\nlabels = ['x']\npattern = 'x'\n", "unknown field"),
        (GOOD.replace('name = "Acme Health"\n', ""), "name must be"),
        (GOOD.replace('keywords = ["acme"]', "keywords = []"), "keywords must not be empty"),
        (GOOD + "[portal]\ngroup_rule = 'first_three'\n", "portal.group_rule"),
        (GOOD + "[review]\nrequires_back = 'yes'\n", "review.requires_back"),
        (GOOD.replace("[fields.member_id]", "[fields.member_id]\nmax_words = 0"), "max_words"),
        (GOOD + "[[distractors]]\nlabels = ['x']\npattern = 'x'\n", "kind must be"),
        ("id = 'acme\n", "not valid TOML"),
    ],
)
def test_broken_template_fails_naming_file_and_problem(text: str, problem: str) -> None:
    with pytest.raises(TemplateError) as e:
        load_templates_from({"generic.toml": GENERIC, "acme.toml": text})
    assert "acme.toml" in str(e.value)
    assert problem in str(e.value)


def test_missing_generic_base_fails() -> None:
    with pytest.raises(TemplateError, match="generic base template is missing"):
        load_templates_from({"acme.toml": GOOD})


def test_two_templates_with_one_name_fail() -> None:
    other = GOOD.replace('id = "acme"', 'id = "acme2"')
    with pytest.raises(TemplateError, match="names used twice"):
        load_templates_from({"generic.toml": GENERIC, "acme.toml": GOOD, "acme2.toml": other})


def test_medicare_ids_are_read_again_without_the_letters_an_mbi_never_holds() -> None:
    _, templates = load_templates()
    rule = next(t for t in templates if t.id == "medicare").fields["member_id"]
    assert rule.chars is not None
    assert not set("SLOIBZ") & set(rule.chars)
    assert set("0123456789ACDEFGHJKMNPQRTUVWXY-") == set(rule.chars)
    generic, _ = load_templates()
    assert generic.fields["member_id"].chars is None


@pytest.mark.parametrize("field", ["member_id", "group_number"])
@pytest.mark.parametrize("word", ["SPRINGFIELD", "ACMECO", "SMITHCO-INC", "ABCDEFGHIJ"])
def test_member_ids_and_groups_hold_a_digit_in_every_template(field: str, word: str) -> None:
    # A word of letters under `Employer Group` is the employer's name (UMR printed
    # `CITY OF SPRINGFIELD` there); no carrier's member ID or group is letters alone.
    generic, carriers = load_templates()
    for template in (generic, *carriers):
        rule = template.fields.get(field)
        if rule is not None:
            assert rule.pattern.fullmatch(word) is None, (template.id, field, word)


def test_a_carrier_label_with_a_hash_keeps_the_generic_bare_label() -> None:
    """A carrier's ``GRP#`` does not stand for the generic ``GRP``: labels are matched
    with their ``#`` (``Grp 57265`` on a UnitedHealthcare card of another design)."""
    own = GOOD + "[fields.group_number]\nlabels = ['GRP#']\npattern = '\\d{5}'\n"
    _, (acme,) = load_templates_from({"generic.toml": GENERIC, "acme.toml": own})
    labels = acme.fields["group_number"].labels
    assert labels[0] == "GRP#" and "GRP" in labels and labels.count("GRP#") == 1


def test_a_label_the_carrier_gives_another_field_is_not_inherited() -> None:
    """Aetna's bare ``GRP`` labels its Rx group: the generic group's ``GRP`` stays out."""
    own = GOOD + ("[fields.group_number]\nlabels = ['GRP#']\npattern = '\\d{5}'\n"
                  "[fields.rx_group]\nlabels = ['GRP']\npattern = '[A-Z]+'\n")
    _, (acme,) = load_templates_from({"generic.toml": GENERIC, "acme.toml": own})
    assert "GRP" not in acme.fields["group_number"].labels
    assert "Group ID" in acme.fields["group_number"].labels
