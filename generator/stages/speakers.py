"""Who said it: candidate speakers for every quote, ranked by a model learned from annotated news.

Arabic news names a quote's speaker in a few ways, and each leaves a trace the ranker reads:

- the subject right after the reporting verb (VSO, «وقال الوزير …»), or before it (SVO,
  «الوزير … قال»); a verb whose subject is not named continues the last speaker («وأضاف»);
- the verb agrees with its subject: «قالت» is a woman or a feminine body (a ministry, a
  country), «قالوا» a group; «قال» is rarely a woman;
- a role before a name is one person («المتحدث باسم الوزارة فلان»): the name, not the role;
- a relay is credited to the source after «عن» («نقلت الوكالة عن الوزير قوله»), never to the
  medium; «قال في بيان» is the body that issued the statement;
- a name inside the reported words, or after a preposition («في تصريح لروسيا»), is not the
  speaker.

Every quote gets candidates (actors mentioned in its sentence and the few before it, the
previous quote's speaker, unnamed-source descriptions, the rule-based reading of the cue)
with a feature vector each; a gradient-boosted model (``generator/models/speakers.json``,
trained by ``python -m generator.train_speakers``) scores them. The best one is the speaker
when its score clears the model's threshold; the score is the attribution's ``confidence``.
"""

from __future__ import annotations

import functools
import json
import math

import numpy as np

from ..lexicon import MODEL_DIR
from ..model import Document
from ..spans import SpanIndex
from .speaker_candidates import Candidate, QuoteContext, candidates
from .speaker_text import Positions

MODEL_PATH = MODEL_DIR / "speakers.json"
# an attribution under this confidence is marked for checking and is never a key quote
UNCERTAIN = 0.5


class SpeakerModel:
    """A gradient-boosted ensemble of regression trees (sklearn's, saved as plain JSON).

    For speed each tree is held as a complete binary tree of the ensemble's depth (a leaf
    above that depth repeated below itself), as numpy arrays in heap order, and walked for
    all trees and candidates at once, one level per step; the leaf values are summed tree
    by tree in the saved order, so the probability is the one the per-tree loop gives, to
    the last bit.
    """

    def __init__(self, data: dict):
        self.features: list[str] = data["features"]
        self.index = {name: i for i, name in enumerate(self.features)}
        self.base: float = data["base"]
        self.rate: float = data["learning_rate"]
        self.trees: list[dict] = data["trees"]
        self.threshold: float = data["threshold"]

        def depth(tree: dict, node: int = 0) -> int:
            if tree["left"][node] == -1:
                return 0
            return 1 + max(depth(tree, tree["left"][node]), depth(tree, tree["right"][node]))

        self._depth = max(depth(tree) for tree in self.trees)
        inner = 2 ** self._depth - 1
        self._feature = np.zeros((len(self.trees), max(inner, 1)), dtype=np.int64)
        self._cut = np.full((len(self.trees), max(inner, 1)), np.inf)
        self._value = np.zeros((len(self.trees), 2 ** self._depth))
        for t, tree in enumerate(self.trees):
            todo = [(0, 0)]  # (node in the tree, position in the complete tree)
            while todo:
                node, pos = todo.pop()
                if pos >= inner:
                    self._value[t, pos - inner] = tree["value"][node]
                elif tree["left"][node] == -1:  # a leaf: both ways lead to it
                    todo += [(node, 2 * pos + 1), (node, 2 * pos + 2)]
                else:
                    self._feature[t, pos] = tree["feature"][node]
                    self._cut[t, pos] = tree["threshold"][node]
                    todo += [(tree["left"][node], 2 * pos + 1),
                             (tree["right"][node], 2 * pos + 2)]
        self._rows = np.arange(len(self.trees))

    def vector(self, features: dict[str, float]) -> list[float]:
        x = [0.0] * len(self.features)
        for name, value in features.items():
            i = self.index.get(name)
            if i is not None:
                x[i] = value
        return x

    def probability(self, features: dict[str, float]) -> float:
        return self.probabilities([features])[0]

    def probabilities(self, candidates: list[dict[str, float]]) -> list[float]:
        """The probability of each candidate's feature dict."""
        if not candidates:
            return []
        x = np.array([self.vector(f) for f in candidates], dtype=np.float64)
        rows = self._rows
        pos = np.zeros((len(candidates), len(self.trees)), dtype=np.int64)
        for _ in range(self._depth):
            # sklearn goes left when x <= threshold (so a NaN goes right)
            right = ~(np.take_along_axis(x, self._feature[rows, pos], axis=1)
                      <= self._cut[rows, pos])
            pos = 2 * pos + 1 + right
        leaf = pos - (2 ** self._depth - 1)
        steps = self.rate * self._value[rows, leaf]
        # the running sum in tree order (accumulate is sequential, unlike sum)
        raw = np.add.accumulate(np.concatenate(
            [np.full((len(candidates), 1), self.base), steps], axis=1), axis=1)[:, -1]
        return [1 / (1 + math.exp(-r)) for r in raw.tolist()]


@functools.cache
def speaker_model() -> SpeakerModel | None:
    """The shipped ranker, or None before the first ``make model``."""
    if not MODEL_PATH.exists():
        return None
    return SpeakerModel(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def quote_candidates(doc: Document, contexts: list[QuoteContext],
                     choose=None) -> list[tuple[list[Candidate], Candidate | None]]:
    """(candidates, chosen) of every quote in text order. ``choose(candidates)`` returns
    the chosen one (or None), which becomes the previous speaker of the next quote; by
    default the rule-based reading is followed."""
    positions = Positions(doc)
    quoted = SpanIndex((q.start, q.end, q.id) for q in (c.quote for c in contexts)
                       if q.kind == "direct")
    previous: Candidate | None = None
    spoken: dict[str, int] = {}
    out = []
    last = -5
    for ctx in contexts:
        cands = candidates(doc, ctx, previous, spoken, positions, quoted,
                           ctx.sentence_index - last)
        last = ctx.sentence_index
        chosen = choose(cands) if choose else next(
            (c for c in cands if c.features.get("rule")), None)
        if chosen is not None:
            previous = chosen
            spoken[chosen.key] = spoken.get(chosen.key, 0) + 1
        out.append((cands, chosen))
    return out


def attribute(doc: Document, contexts: list[QuoteContext]) -> None:
    """Sets each quote's speaker, label and confidence from the ranker (the rule-based
    reading stays when no model is shipped)."""
    model = speaker_model()
    if model is None:
        return

    def choose(cands: list[Candidate]) -> Candidate | None:
        for c, score in zip(cands, model.probabilities([c.features for c in cands]),
                            strict=True):
            c.score = score
        best = max(cands, key=lambda c: c.score, default=None)
        return best if best is not None and best.score >= model.threshold else None

    for ctx, (_, best) in zip(contexts, quote_candidates(doc, contexts, choose), strict=True):
        q = ctx.quote
        if best is None:
            q.speaker, q.speaker_label, q.confidence = None, "", None
        else:
            q.speaker = best.actor.id if best.actor is not None else None
            q.speaker_label = best.actor.name if best.actor is not None else best.label
            q.confidence = round(best.score, 3)
