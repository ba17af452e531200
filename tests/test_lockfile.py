"""Fault 11 of issue 11: the privileged daily job and CI install exact, hashed dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_REQ = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==\S+ ")


def _pins(lock: Path) -> dict[str, str]:
    """name -> the requirement's whole entry (its line and continuation lines)."""
    entries: dict[str, str] = {}
    name = None
    for line in lock.read_text().splitlines():
        if line.strip().startswith("#") or not line.strip():
            continue
        m = _REQ.match(line)
        if m:
            name = re.sub(r"[-_.]+", "-", m.group(1)).lower()
            entries[name] = line
        elif line.startswith(" ") and name:
            entries[name] += "\n" + line
        else:
            raise AssertionError(f"{lock.name}: unpinned line {line!r}")
    return entries


def _names(specs: list[str]) -> set[str]:
    return {re.sub(r"[-_.]+", "-", re.split(r"[\[<>=!~; ]", s, maxsplit=1)[0]).lower() for s in specs}


@pytest.mark.parametrize("lock, extras", [("requirements.lock", ()), ("requirements-test.lock", ("test",))])
def test_lock_pins_every_dependency_with_hashes(lock, extras):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"] + [s for e in extras for s in project["optional-dependencies"][e]])
    wanted |= _names(tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"])
    pins = _pins(ROOT / lock)
    assert wanted <= set(pins), wanted - set(pins)
    assert all("--hash=sha256:" in entry for entry in pins.values())


def test_daily_workflow_and_ci_install_from_the_locks_with_hashes():
    daily = (ROOT / ".github/workflows/daily.yml").read_text()
    assert daily.count("pip install --require-hashes -r requirements.lock") == 2
    assert "pip install ." not in daily
    test_sh = (ROOT / "scripts/test.sh").read_text()
    assert "--require-hashes -r requirements-test.lock" in test_sh
    assert "bash scripts/test.sh" in (ROOT / ".ci/run").read_text()
