"""Write generator/static/taxonomy.json: the compact taxonomy the home page's category picker reads.

Derived from generator/data/taxonomy.json (tests/test_reader_assets.py fails when the two drift).
Run: .venv/bin/python scripts/export_taxonomy.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.content import taxonomy  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "generator" / "static" / "taxonomy.json"


def picker_taxonomy() -> dict:
    """Archives in taxonomy order, each with its [code, name] categories; aliases folded by the JS."""
    tax = taxonomy.load()
    archives = [
        {"id": a.id, "name": a.name, "categories": [[c, tax.name(c)] for c in tax.archive_categories(a.id)]}
        for a in tax.archives.values()
    ]
    return {"archives": archives, "aliases": dict(sorted({**tax.aliases, **tax.subsumed}.items()))}


def dumps(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


if __name__ == "__main__":
    OUT.write_bytes(dumps(picker_taxonomy()))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
