"""Entity recognizer speed on one core: model load time and tokens per second (batched).

    python benchmarks/ner_speed.py CONLL

Targets (issue 13): load ≤ 1 s, ≥ 15,000 tokens/s.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: numpy's BLAS reads this at import
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.train import read_conll  # noqa: E402


def main() -> int:
    sentences = [tokens for tokens, _ in read_conll(Path(sys.argv[1]))]
    start = time.perf_counter()
    from generator.lexicon import lexicon
    from generator.ner.tagger import EntityTagger

    lexicon()
    tagger = EntityTagger()
    loaded = time.perf_counter() - start
    n = sum(len(s) for s in sentences)
    print(f"model and word lists loaded in {loaded:.2f} s")
    for run in ("first pass (every word new)", "second pass (word encodings cached)"):
        start = time.perf_counter()
        tagger.tag_many(sentences)
        seconds = time.perf_counter() - start
        print(f"{run}: {n} tokens in {seconds:.1f} s, {n / seconds:,.0f} tokens/s on one core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
