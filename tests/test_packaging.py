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


def _pins() -> dict[str, str]:
    """constraints.txt as {normalised name: version}."""
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[_normalised(name)] = version.strip()
    return pins


def _normalised(name: str) -> str:
    import re

    return re.sub(r"[-_.]+", "-", name).lower().strip()


def test_constraints_pin_every_dependency_at_the_installed_version() -> None:
    """`make` installs with -c constraints.txt: every direct dependency (dev included) is
    pinned exactly, and the venv holds those versions (the pins are not stale)."""
    import re
    import tomllib
    from importlib.metadata import PackageNotFoundError, version

    pins = _pins()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    names = {_normalised(re.split(r"[\[<>=!~ ]", req, maxsplit=1)[0]) for req in wanted}
    assert names <= set(pins), f"not pinned: {sorted(names - set(pins))}"
    for name, pinned in pins.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # a dependency of another platform
        assert installed == pinned, f"{name}: {installed} installed, {pinned} pinned"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-c constraints.txt -e '.[dev]'" in makefile
