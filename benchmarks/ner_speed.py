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
    start, cpu = time.perf_counter(), time.process_time()
    from generator.lexicon import lexicon
    from generator.ner.tagger import EntityTagger

    lexicon()
    tagger = EntityTagger()
    print(f"model and word lists loaded in {time.perf_counter() - start:.2f} s "
          f"({time.process_time() - cpu:.2f} s of CPU)")
    n = sum(len(s) for s in sentences)
    runs = (("first pass (every word new)", tagger.tag_many),
            ("second pass (word encodings cached)", tagger.tag_many),
            ("with confidences (as the build tags)", tagger.tag_with_confidence))
    for label, run in runs:
        start, cpu = time.perf_counter(), time.process_time()
        run(sentences)
        seconds = time.perf_counter() - start
        print(f"{label}: {n} tokens in {seconds:.1f} s, {n / seconds:,.0f} tokens/s on one core "
              f"({n / (time.process_time() - cpu):,.0f} per CPU second)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
