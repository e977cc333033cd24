"""The built wheel ships the carrier templates, the payer directory and the schema, so
`pip install .` works outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_templates_and_schema(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("cardocr-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {f"pipeline/carriers/{p.name}" for p in (ROOT / "carriers").glob("*.toml")}
    assert templates and templates <= names
    assert "pipeline/schema/card_result.schema.json" in names
    assert "pipeline/data/payers.json" in names
    page = {f"pipeline/service/static/{p.name}"
            for p in (ROOT / "pipeline" / "service" / "static").iterdir()}
    assert "pipeline/service/static/app.js" in page and page <= names
    assert any(n.endswith("entry_points.txt") for n in names)
