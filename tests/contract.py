"""The carrier ids and names of ../shared/CONTRACT.md, written out once for the tests."""

SEED_CARRIERS = {
    "aetna": "Aetna",
    "cigna": "Cigna",
    "anthem": "Anthem Blue Cross and Blue Shield",
    "unitedhealthcare": "UnitedHealthcare",
    "oxford": "Oxford",
    "umr": "UMR",
    "oscar": "Oscar",
    "uhc_student_resources": "UHC Student Resources",
}
"""The seed's eight carriers with the names ../shared/CONTRACT.md gives them."""
CONTRACT_CARRIERS = {
    **SEED_CARRIERS,
    "humana": "Humana",
    "kaiser": "Kaiser Permanente",
    "medicare": "Medicare",
    "bcbs_texas": "Blue Cross and Blue Shield of Texas",
    "bcbs_illinois": "Blue Cross and Blue Shield of Illinois",
    "premera": "Premera Blue Cross",
    "highmark": "Highmark Blue Cross Blue Shield",
    "regence": "Regence BlueShield",
    "florida_blue": "Florida Blue",
    "carefirst": "CareFirst BlueCross BlueShield",
    "horizon": "Horizon Blue Cross Blue Shield of New Jersey",
    "ambetter": "Ambetter",
    "molina": "Molina Healthcare",
    "tricare": "TRICARE",
    "wellcare": "WellCare",
}
"""Every carrier id and name of ../shared/CONTRACT.md's table."""

CONTRACT_FIELDS = (
    "member_id", "member_id_prefix", "member_id_suffix", "group_number", "member_name",
    "subscriber_name", "rx_bin", "rx_pcn", "rx_group", "payer_id", "plan_name", "plan_type",
    "effective_date", "school_name", "rx_id", "rx_plan", "pbm", "plan_number", "group_name",
    "birth_date", "gender", "medicare_part_a_date", "medicare_part_b_date", "medicaid_id",
    "claims_address",
)
"""The field names ../shared/CONTRACT.md puts in ``fields``, in its order."""
CONTRACT_DATES = ("effective_date", "birth_date", "medicare_part_a_date", "medicare_part_b_date")
"""The fields that are dates (printed ``value`` and ``iso`` when complete)."""
PHONE_PURPOSES = (
    "member_services", "provider_services", "pharmacy", "behavioral_health", "nurse_line",
    "claims", "precertification", "other",
)
"""The ``purpose`` of a ``phones`` item in ../shared/CONTRACT.md."""
