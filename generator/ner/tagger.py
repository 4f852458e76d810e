"""The shipped entity recognizer: a BiLSTM-CRF over words, affixes and name-list cues.

Each token is read as: its vector from unlabeled news (PPMI-SVD, fixed; see
:func:`generator.derive.word_vectors`), a learned vector for words frequent in the training
data, learned vectors for the stem's first and last one to three letters (Arabic marks
number, gender and the nisba -ي at the end, verb and noun patterns at the start), the
proclitics split off (و ف ب ل ك ال carry no meaning for a name but announce one), and
flags: in the name lists, a title or organization or place head word, the token's shape.
A bidirectional LSTM reads the sentence, and a CRF layer picks the best BIO sequence.

Trained with torch (:mod:`generator.train`); tagged here with numpy alone, so a build
never imports torch (whose import alone takes longer than the whole model load).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from ..arabic import normalize, strip_conjunction_and_preposition
from ..lexicon import MODEL_DIR, Lexicon, lexicon
from .features import split_clitics, token_shape

MODEL_PATH = MODEL_DIR / "ner.npz"
NAME_CLASSES = ("PERS", "ORG", "LOC")
SHAPES = ("punct", "digit", "latin", "arabic")
N_FLAGS = 2 * len(NAME_CLASSES) + 4 + len(SHAPES)
AFFIXES = ("p1", "p2", "p3", "s1", "s2", "s3")


def token_strings(token: str) -> tuple[list[str], list[str], np.ndarray]:
    """(word lookup keys, affix strings, flags) of one token: what the network sees of it.

    The keys go from the word as written to its stem (the last key)."""
    lex: Lexicon = lexicon()
    norm = normalize(token)
    pre, stem, suffix = split_clitics(norm)
    plain = strip_conjunction_and_preposition(norm)
    # و/ف are stripped from the vectors' vocabulary (see derive.py), so look up without them
    bare = norm[1:] if len(norm) > 4 and norm[0] in "وف" else norm
    keys = [*dict.fromkeys([norm, bare, plain]), stem]
    affixes = [f"p:{stem[:1]}", f"p:{stem[:2]}", f"p:{stem[:3]}",
               f"s:{stem[-1:]}", f"s:{stem[-2:]}", f"s:{stem[-3:]}", f"c:{pre}|{suffix}"]
    flags = np.zeros(N_FLAGS, dtype=np.float32)
    for cls in lex.gazetteer.get(norm, ()):
        if cls in NAME_CLASSES:
            flags[NAME_CLASSES.index(cls)] = 1
    for key in (plain, stem):
        for cls in lex.gazetteer.get(key, ()):
            if cls in NAME_CLASSES:
                flags[3 + NAME_CLASSES.index(cls)] = 1
    k = 2 * len(NAME_CLASSES)
    flags[k] = stem in lex.person_titles or plain in lex.person_titles
    flags[k + 1] = stem in lex.org_heads or plain in lex.org_heads
    flags[k + 2] = stem in lex.place_heads or plain in lex.place_heads
    flags[k + 3] = stem.endswith("ي") and pre.endswith("ال")
    flags[k + 4 + SHAPES.index(token_shape(token))] = 1
    return keys, affixes, flags


class Encoder:
    """Token → integer ids and flags, cached per distinct token (news repeats its words)."""

    def __init__(self, vectors_vocab: Sequence[str], words: Sequence[str],
                 affixes: Sequence[str], size: int = 200_000):
        self.vec_index = {w: i + 1 for i, w in enumerate(vectors_vocab)}  # 0: unknown
        self.word_index = {w: i + 1 for i, w in enumerate(words)}
        self.affix_index = {a: i + 1 for i, a in enumerate(affixes)}
        self.size = size
        self.cache: dict[str, tuple] = {}

    def encode(self, token: str) -> tuple:
        hit = self.cache.get(token)
        if hit is None:
            keys, affixes, flags = token_strings(token)
            vec = next((self.vec_index[k] for k in keys if k in self.vec_index), 0)
            word = self.word_index.get(keys[-1], 0)
            hit = (vec, word, tuple(self.affix_index.get(a, 0) for a in affixes), flags)
            if len(self.cache) >= self.size:
                self.cache.clear()
            self.cache[token] = hit
        return hit

    def batch(self, sentences: Sequence[Sequence[str]]):
        """Padded arrays (B×T ids, B×T×7 affix ids, B×T×F flags) and the lengths."""
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        n, t = len(sentences), max(lengths.max(initial=0), 1)
        vec = np.zeros((n, t), dtype=np.int64)
        word = np.zeros((n, t), dtype=np.int64)
        aff = np.zeros((n, t, len(AFFIXES) + 1), dtype=np.int64)
        flags = np.zeros((n, t, N_FLAGS), dtype=np.float32)
        for b, sentence in enumerate(sentences):
            for i, token in enumerate(sentence):
                vec[b, i], word[b, i], aff[b, i], flags[b, i] = self.encode(token)
        return vec, word, aff, flags, lengths


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _lstm(x: np.ndarray, lengths: np.ndarray, w_ih, w_hh, b, reverse: bool) -> np.ndarray:
    """One LSTM direction over padded B×T×D inputs (torch's gate order i, f, g, o).

    Few numpy calls a step (their overhead, not arithmetic, is the cost at this size)."""
    n, t, _ = x.shape
    hidden = w_hh.shape[1]
    gates_x = x @ w_ih.T + b
    w_hh_t = np.ascontiguousarray(w_hh.T)
    h = np.zeros((n, hidden), dtype=np.float32)
    c = np.zeros((n, hidden), dtype=np.float32)
    out = np.zeros((n, t, hidden), dtype=np.float32)
    shortest = int(lengths.min(initial=t))
    for i in (range(t - 1, -1, -1) if reverse else range(t)):
        g = gates_x[:, i] + h @ w_hh_t
        gate = _sigmoid(g)
        c = gate[:, hidden:2 * hidden] * c + gate[:, :hidden] * np.tanh(
            g[:, 2 * hidden:3 * hidden])
        h = gate[:, 3 * hidden:] * np.tanh(c)
        if reverse and i >= shortest:  # padding keeps the reverse pass's state at zero
            live = (i < lengths)[:, None]
            c = c * live
            h = h * live
        out[:, i] = h
    return out


def viterbi(scores: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray,
            end: np.ndarray) -> np.ndarray:
    """Best tag sequences (B×T, padding unspecified) for B×T×K emission scores."""
    n, t, k = scores.shape
    best = start + scores[:, 0]
    back = np.zeros((n, t, k), dtype=np.int64)
    for i in range(1, t):
        total = best[:, :, None] + trans
        back[:, i] = total.argmax(axis=1)
        best = np.where((i < lengths)[:, None], total.max(axis=1) + scores[:, i], best)
    cur = (best + end).argmax(axis=1)
    path = np.zeros((n, t), dtype=np.int64)
    rows = np.arange(n)
    for i in range(t - 1, 0, -1):
        active = i <= lengths - 1
        path[active, i] = cur[active]
        cur = np.where(active, back[rows, i, cur], cur)
    path[:, 0] = cur
    return path


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    top = x.max(axis=axis, keepdims=True)
    return (top + np.log(np.exp(x - top).sum(axis=axis, keepdims=True))).squeeze(axis)


def marginals(scores: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray,
              end: np.ndarray) -> np.ndarray:
    """B×T×K probability of each tag at each token (forward-backward over the CRF)."""
    n, t, _ = scores.shape
    alpha = np.empty_like(scores)
    beta = np.zeros_like(scores)
    alpha[:, 0] = start + scores[:, 0]
    for i in range(1, t):
        alpha[:, i] = _logsumexp(alpha[:, i - 1, :, None] + trans, 1) + scores[:, i]
    for i in range(t - 1, -1, -1):
        if i + 1 < t:
            inner = _logsumexp(trans + (scores[:, i + 1] + beta[:, i + 1])[:, None, :], 2)
        else:
            inner = beta[:, i]
        beta[:, i] = np.where((i == lengths - 1)[:, None], end, inner)
    rows = np.arange(n)
    z = _logsumexp(alpha[rows, np.maximum(lengths - 1, 0)] + end, 1)
    live = (np.arange(t)[None, :] < lengths[:, None])[:, :, None]
    return np.exp(np.where(live, np.minimum(alpha + beta - z[:, None, None], 0.0), -np.inf))


class EntityTagger:
    """Tags token sequences with the shipped BiLSTM-CRF (numpy, one core)."""

    def __init__(self, model_path: Path = MODEL_PATH):
        # one BLAS thread: the matrices are small, and spare threads spinning for a busy
        # core made tagging ten times slower on a loaded machine (builds run in parallel
        # processes anyway)
        threadpool_limits(1, user_api="blas")
        with np.load(model_path, allow_pickle=False) as data:
            # the word vectors stay float16 (row 0, the unknown word, is zero)
            self.p = {k: data[k] if k == "vectors" else data[k].astype(np.float32)
                      for k in data.files if data[k].dtype.kind == "f"}
            lists = {k: data[k].tobytes().decode("utf-8").split("\n")
                     for k in ("tags", "vectors_vocab", "words", "affixes")}
        self.tags = lists["tags"]
        self.encoder = Encoder(lists["vectors_vocab"], lists["words"], lists["affixes"])

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: Sequence[Sequence[str]], batch: int = 64) -> list[list[str]]:
        """Tags of many sentences; batched by similar length, which is what makes it fast."""
        return [tags for tags, _ in self.tag_with_confidence(sentences, batch, False)]

    def tag_with_confidence(self, sentences: Sequence[Sequence[str]], batch: int = 64,
                            confidence: bool = True) -> list[tuple[list[str], list[float]]]:
        """Tags of many sentences and, for each token, the model's probability of its tag
        (all 1.0 when ``confidence`` is false)."""
        out: list[tuple[list[str], list[float]]] = [([], []) for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        for k in range(0, len(order), batch):
            chunk = order[k:k + batch]
            for i, tagged in zip(chunk, self._tag_batch([sentences[i] for i in chunk],
                                                        confidence), strict=True):
                out[i] = tagged
        return out

    def _tag_batch(self, sentences: Sequence[Sequence[str]],
                   confidence: bool) -> list[tuple[list[str], list[float]]]:
        p = self.p
        vec, word, aff, flags, lengths = self.encoder.batch(sentences)
        parts = [p["vectors"][vec].astype(np.float32), p["word_emb"][word],
                 p["affix_emb"][aff].reshape(*aff.shape[:2], -1), flags]
        x = np.concatenate(parts, axis=2) @ p["proj_w"].T + p["proj_b"]
        x = np.maximum(x, 0)
        fwd = _lstm(x, lengths, p["f_ih"], p["f_hh"], p["f_b"], reverse=False)
        bwd = _lstm(x, lengths, p["b_ih"], p["b_hh"], p["b_b"], reverse=True)
        scores = np.concatenate([fwd, bwd], axis=2) @ p["out_w"].T + p["out_b"]
        crf = (p["trans"], p["start"], p["end"])
        paths = viterbi(scores, lengths, *crf)
        probs = (np.take_along_axis(marginals(scores, lengths, *crf), paths[:, :, None],
                                    axis=2)[:, :, 0] if confidence else np.ones(paths.shape))
        return [([self.tags[j] for j in paths[b, :n]], probs[b, :n].tolist())
                for b, n in enumerate(lengths)]


@functools.cache
def default_tagger() -> EntityTagger:
    return EntityTagger()


def is_common_word(word: str) -> bool:
    """Whether a normalized word is among the frequent words of the news the vectors were
    learned from."""
    return word in default_tagger().encoder.vec_index


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token spans of BIO tags; a stray I- opens a span."""
    out: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix != "I" or label != kind):
            out.append((start, i, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, label
    return out
