"""The command line: messages, summary, exit status, --strict, and the ner command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import SCRATCH, write_seed

GOOD = '---\ntitle: "خبر جيد"\ndate: 2021-07-31\n---\nقال الوزير إن الاجتماع انتهى.\n'


def briefing(*args: str, cwd: Path = SCRATCH) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_bad_seeds_are_reported_and_the_rest_is_published(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "good.txt", GOOD)
    write_seed(seeds, "broken.md", "---\ntitle: [غير مغلق\ndate: : :\n---\nنص.\n")
    write_seed(seeds, "empty.txt", "")
    write_seed(seeds, "notes.csv", "a,b\n")
    out = tmp_path / "out"
    result = briefing("build", str(seeds), "--output", str(out), "--no-pdf", "--no-cache")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    # files that are not seeds are reported while the folder is listed, then seed by seed
    assert lines == [
        f"{seeds}/notes.csv: warning: skipped: .csv is not a seed type (.txt, .md) "
        "[not-a-seed]",
        f"{seeds}/broken.md:3: error: front matter is not valid YAML: expected ',' or ']', "
        "but got ':' [front-matter]",
        f"{seeds}/empty.txt: warning: skipped: the file is empty or blank [empty]",
        "1 built (1 clean, 0 with warnings), 2 skipped, 1 failed",
    ]
    assert "Traceback" not in result.stderr
    entries = json.loads((out / "index.json").read_text(encoding="utf-8"))["briefings"]
    assert [(e["id"], e["seed"], e["pdf"]) for e in entries] == [
        ("good", f"{seeds}/good.txt", None)]


def test_warnings_fail_only_with_strict(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "a.txt", GOOD.replace("2021-07-31", "31/07/2021"))
    ok = briefing("build", str(seeds), "--output", str(tmp_path / "o1"), "--no-pdf")
    assert ok.returncode == 0
    assert ok.stderr.splitlines()[0] == (
        f"{seeds}/a.txt:3: warning: date '31/07/2021' is not an ISO date; the article's date "
        "is unknown [bad-date]")
    strict = briefing("build", str(seeds), "--output", str(tmp_path / "o2"), "--no-pdf",
                      "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1] == "failing: --strict turns warnings into errors"


def test_missing_seeds_folder_is_a_clear_error(tmp_path):
    result = briefing("build", str(tmp_path / "nope"), "--output", str(tmp_path / "o"))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"{tmp_path}/nope: error: seeds folder "
                                     f"'{tmp_path}/nope' does not exist [config]")
    assert not (tmp_path / "o").exists()


def test_same_name_seeds_get_distinct_addresses(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "report.txt", GOOD)
    write_seed(seeds, "report.md", GOOD.replace("خبر جيد", "خبر آخر"))
    write_seed(seeds, "تقرير خاص (1).txt", GOOD)
    out = tmp_path / "out"
    assert briefing("build", str(seeds), "--output", str(out), "--no-pdf").returncode == 0
    entries = json.loads((out / "index.json").read_text(encoding="utf-8"))["briefings"]
    htmls = [e["html"] for e in entries]
    assert len(set(htmls)) == 3
    assert all(h.isascii() for h in htmls)


def test_ner_writes_token_tag_lines_only(tmp_path):
    conll = tmp_path / "tokens.conll"
    conll.write_text("وقال O\nالرئيس\nجو\nأوباما\n\nفي\nواشنطن\n", encoding="utf-8")
    result = briefing("ner", "--conll", str(conll))
    assert result.returncode == 0
    lines = result.stdout.split("\n")
    assert [line.split(" ")[0] for line in lines] == [
        "وقال", "الرئيس", "جو", "أوباما", "", "في", "واشنطن", ""]
    tags = [line.split(" ")[1] for line in lines if line]
    assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
    assert tags[2:4] == ["B-PERS", "I-PERS"]


def test_configuration_errors_name_the_file_and_every_key(tmp_path):
    config = tmp_path / "briefing.toml"
    config.write_text('[site]\ntitle = 3\ncolour = "red"\n[pdf]\npaper = "A9"\n', "utf-8")
    result = briefing("build", str(tmp_path), "--output", str(tmp_path / "o"), "--config",
                      str(config))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"{config}: error: site.title: expected str, got int 3 [config]",
        f"{config}: error: site.colour: unknown key [config]",
        f"{config}: error: pdf.paper: 'A9' is not one of 'A4', 'A5', 'Letter', 'Legal' [config]",
    ]


def test_configuration_values_reach_the_site_and_flags_override_them(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "a.txt", GOOD)
    config = tmp_path / "briefing.toml"
    config.write_text('[site]\ntitle = "موجزات المرصد"\n[pdf]\nenabled = true\n', "utf-8")
    result = briefing("build", str(seeds), "--output", str(tmp_path / "o"), "--config",
                      str(config), "--no-pdf", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert "موجزات المرصد" in (tmp_path / "o" / "index.html").read_text(encoding="utf-8")
    assert not list((tmp_path / "o").rglob("*.pdf"))  # --no-pdf wins over the file
