"""Golden fixtures: ``tests/fixtures/<case>/seeds`` built, compared with ``expected.json``.

``make update-goldens`` (``python -m tests.goldens``) rewrites every ``expected.json`` from
the current build: review the diff by hand before committing it.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from generator.build import build

from .conftest import build_settings

FIXTURES = Path(__file__).parent / "fixtures"


def project(briefing: dict) -> dict:
    """The parts of a briefing a person checks by hand, with ids resolved to names."""
    names = {a["id"]: a["name"] for a in briefing["actors"]}
    return {
        "title": briefing["title"],
        "published": briefing["published"],
        "outlet": briefing["outlet"],
        "summary": briefing["summary"],
        "actors": sorted(
            ({"name": a["name"], "type": a["type"], "aliases": a["aliases"], "roles": a["roles"],
              "affiliations": sorted(names[x] for x in a["affiliations"]),
              "mentions": a["mentions"]} for a in briefing["actors"]),
            key=lambda a: (a["type"], a["name"])),
        "quotes": [{"kind": q["kind"], "text": q["text"], "cue": q["cue"],
                    "speaker": names.get(q["speaker"]) if q["speaker"] else None,
                    "speaker_label": q["speaker_label"]} for q in briefing["quotes"]],
        "events": [{"when": e["when"], "summary": e["summary"],
                    "actors": sorted(names[x] for x in e["actors"])}
                   for e in briefing["events"]],
    }


def build_case(case: Path) -> dict[str, dict]:
    """Build a fixture's seeds (no PDF) and project each briefing, keyed by seed file name."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        report = build(build_settings(seeds=case / "seeds", output=out, pdf=False,
                                    cache_dir=None))
        assert not report.errors, report.problems
        catalog = json.loads((out / "index.json").read_text(encoding="utf-8"))["briefings"]
        result = {}
        for entry in catalog:
            data = json.loads((out / entry["json"]).read_text(encoding="utf-8"))
            result[Path(entry["seed"]).name] = project(data)
        return result


def cases() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if (p / "seeds").is_dir())


def main() -> int:
    for case in cases():
        data = build_case(case)
        (case / "expected.json").write_text(json.dumps(data, ensure_ascii=False, indent=2)
                                            + "\n", encoding="utf-8")
        print(f"wrote {case / 'expected.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
