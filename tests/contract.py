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
