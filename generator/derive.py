"""Word lists derived from unlabeled news: ``python -m generator.derive CORPUS.txt.gz``.

Writes ``generator/data/future_verbs.txt``: words made of the future prefix س and a
present-tense verb (سيعقد، ستبدأ، سنواصل), kept when the verb without س is itself common in
the corpus, so names that merely start with the same letters (سنغافورة، سيرغي) are left out.
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections import Counter
from pathlib import Path

from .arabic import normalize
from .lexicon import DATA_DIR

_WORD = re.compile(r"[\u0621-\u064a]+")
_FUTURE = re.compile(r"^س[يتن][\u0621-\u064a]{2,}$")


def word_counts(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            for word in _WORD.findall(normalize(line)):
                if word[0] in "وف" and len(word) > 4:
                    word = word[1:]
                counts[word] += 1
    return counts


def future_verbs(counts: Counter[str], min_future: int = 3, min_present: int = 10) -> list[str]:
    return sorted(w for w, n in counts.items()
                  if n >= min_future and _FUTURE.match(w) and counts[w[1:]] >= min_present
                  and counts[w[1:]] >= 2 * n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.derive", description=__doc__)
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args(argv)
    verbs = future_verbs(word_counts(args.corpus))
    header = ("# Future verbs (س + present tense), normalized, derived by generator/derive.py\n"
              f"# from {args.corpus.name} (ANT corpus, unlabeled news of five outlets).\n")
    (DATA_DIR / "future_verbs.txt").write_text(header + "\n".join(verbs) + "\n",
                                                encoding="utf-8")
    print(f"{len(verbs)} future verbs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
