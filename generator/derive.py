"""Data derived from unlabeled news: ``python -m generator.derive CORPUS.txt.gz``.

Writes, into ``generator/data/derived/``,

``future_verbs.txt``: words made of the future prefix س and a present-tense verb (سيعقد،
ستبدأ، سنواصل), kept when the verb without س is itself common in the corpus, so names that
merely start with the same letters (سنغافورة، سيرغي) are left out;

and offers :func:`word_vectors` to the entity recognizer's training (``make model``): each
frequent word gets a vector of its contexts (positive PMI with the 5,000 most frequent words,
two words either side), reduced by SVD. Deterministic (fixed seed).
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections import Counter
from pathlib import Path

from .arabic import normalize
from .clitics import strip_conjunction
from .lexicon import DERIVED_DIR

_WORD = re.compile(r"[\u0621-\u064a]+")
_FUTURE = re.compile(r"^س[يتن][\u0621-\u064a]{2,}$")


def word_counts(path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            for word in _WORD.findall(normalize(line)):
                counts[strip_conjunction(word, 4)] += 1
    return counts


def future_verbs(counts: Counter[str], min_future: int = 3, min_present: int = 10) -> list[str]:
    return sorted(w for w, n in counts.items()
                  if n >= min_future and _FUTURE.match(w) and counts[w[1:]] >= min_present
                  and counts[w[1:]] >= 2 * n)


def corpus_words(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield _WORD.findall(normalize(line))


def word_vectors(path: Path, vocab_size: int = 50_000, contexts: int = 5_000,
                 dims: int = 100):
    """(words, unit vectors): PPMI over two words either side, reduced by SVD (seed 0)."""
    import numpy as np
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize as l2

    counts: Counter[str] = Counter()
    for words in corpus_words(path):
        counts.update(words)
    vocab = [w for w, n in counts.most_common(vocab_size) if n >= 5]
    index = {w: i for i, w in enumerate(vocab)}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for words in corpus_words(path):
        ids = np.array([index.get(w, -1) for w in words], dtype=np.int64)
        for offset in (1, 2):
            a, b = ids[:-offset], ids[offset:]
            for left, right in ((a, b), (b, a)):
                keep = (left >= 0) & (right >= 0) & (right < contexts)
                rows.append(left[keep])
                cols.append(right[keep])
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    matrix = sparse.coo_matrix((np.ones(len(r), dtype=np.float32), (r, c)),
                               shape=(len(vocab), contexts)).tocsr()
    total = matrix.sum()
    row_sum = np.asarray(matrix.sum(axis=1)).ravel()
    col_sum = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    matrix = matrix.tocoo()
    pmi = np.log(matrix.data * total / (row_sum[matrix.row] * col_sum[matrix.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (matrix.row[keep], matrix.col[keep])),
                             shape=matrix.shape)
    return vocab, l2(TruncatedSVD(dims, random_state=0).fit_transform(ppmi))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.derive", description=__doc__)
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args(argv)
    verbs = future_verbs(word_counts(args.corpus))
    header = ("# Future verbs (س + present tense), normalized, derived by generator/derive.py\n"
              f"# from {args.corpus.name} (ANT corpus, unlabeled news of five outlets).\n")
    (DERIVED_DIR / "future_verbs.txt").write_text(header + "\n".join(verbs) + "\n",
                                                encoding="utf-8")
    print(f"{len(verbs)} future verbs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
