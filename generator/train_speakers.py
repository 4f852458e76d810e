"""Train the speaker ranker: ``python -m generator.train_speakers ARTICLES.jsonl GOLD.json``.

ARTICLES.jsonl holds news articles (``id``, ``title``, ``abstract``, ``text``, ``time``,
``src``, ``url``), GOLD.json their annotation (actors and quotes with speakers). Each article
goes through the project's own pipeline up to quote detection, so the candidates and their
features are exactly what a build sees (retrain after the recognizer changes). A detected
quote that overlaps a gold quote (token-overlap F1 ≥ 0.5) is a training case; a candidate is
positive when it is the gold speaker (one of the gold actor's surface forms, or for an unnamed
source a description overlapping the gold one). Five article-grouped folds pick the
threshold; the shipped model is then fitted on everything, with a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from .lexicon import MODEL_DIR
from .pipeline import stages_for
from .readers import reader_for
from .seed_files import read_seed_bytes
from .stages.quotes import detect_quotes
from .stages.speaker_candidates import Candidate
from .stages.speakers import quote_candidates

PARAMS = {"n_estimators": 300, "max_depth": 4, "learning_rate": 0.05, "subsample": 0.8,
          "random_state": 0}
# the threshold maximizes right − wrong / 4: a wrong speaker costs more than a missing one,
# and the page marks the uncertain ones for checking
WRONG_COST = 0.25

_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def _norm(text: str) -> str:
    text = _MARKS.sub("", text or "").replace("_", " ")
    text = re.sub("[أإآٱ]", "ا", text).replace("ى", "ي").replace("ة", "ه")
    return " ".join(_PUNCT.sub(" ", text).split())


def _key(text: str) -> str:
    """A surface form as the scorer compares them: normalized, leading clitics off."""
    words = []
    for w in _norm(text).split():
        if w.startswith("لل") and len(w) > 4:
            w = "ال" + w[2:]
        elif len(w) > 4 and w[0] in "وفبلك" and w[1:3] == "ال":
            w = w[1:]
        elif len(w) > 4 and w[:2] in ("وب", "ول", "فب", "فل", "وك") and w[2:4] == "ال":
            w = w[2:]
        words.append(w)
    return " ".join(words)


def overlap(a: str, b: str) -> float:
    ta, tb = Counter(_key(t) for t in _norm(a).split()), Counter(_key(t) for t in _norm(b).split())
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def seed_text(article: dict) -> str:
    """The article as a seed file (front matter, then paragraphs), as the evaluation writes it."""
    head = ["---", f"title: {json.dumps(article['title'], ensure_ascii=False)}"]
    if article.get("src"):
        head.append(f"source: {json.dumps(article['src'], ensure_ascii=False)}")
    head.append("---")
    body = [p.strip() for p in [article.get("abstract", "")] + article["text"].split("\n")
            if p.strip()]
    return "\n".join(head) + "\n" + "\n\n".join(body) + "\n"


def analysed(article: dict, folder: Path):
    path = folder / f"{article['id']}.txt"
    path.write_text(seed_text(article), encoding="utf-8")
    doc, _ = reader_for(path).read(read_seed_bytes(path, str(path)), article["id"])
    for name, stage in stages_for(doc.lang):
        if name == "quotes":
            break
        doc = stage(doc)
    return doc


def right(c: Candidate, gold_quote: dict, gold_forms: set[str]) -> bool:
    if gold_quote["speaker_named"]:
        forms = {_key(c.label)} if c.actor is None else {_key(s) for s in [c.actor.name,
                                                                           *c.actor.aliases]}
        return bool(forms & gold_forms)
    return c.actor is None and overlap(c.label, gold_quote["speaker"]) >= 0.5


def _gold_pairs(contexts: list, gold_quotes: list[dict]) -> dict[int, dict]:
    """Detected quotes paired with gold ones as the scorer does (overlap of at least half)."""
    pairs: dict[int, dict] = {}
    for gq in gold_quotes:
        best, best_i = 0.0, None
        for i, ctx in enumerate(contexts):
            if i not in pairs:
                f = overlap(ctx.quote.text, gq["text"])
                if f > best:
                    best, best_i = f, i
        if best_i is not None and best >= 0.5:
            pairs[best_i] = gq
    return pairs


def cases(articles: list[dict], gold: dict[str, dict]):
    """(features, label, article, quote number) for every candidate of every matched quote."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, article in enumerate(articles):
            g = gold.get(article["id"])
            if g is None:
                continue
            doc = analysed(article, Path(tmp))
            contexts = detect_quotes(doc)
            pairs = _gold_pairs(contexts, g["quotes"])
            actors = {a["name"]: a for a in g["actors"]}
            forms_of = {}
            for i, gq in pairs.items():
                ga = actors.get(gq["speaker"], {"name": gq["speaker"]})
                forms_of[i] = {_key(s) for s in [ga["name"], *ga.get("aliases", [])]}
            index = iter(range(len(contexts)))

            def teacher(cands, index=index, pairs=pairs, forms_of=forms_of):
                # the previous speaker of the next quote is the right one (the rule's when
                # the quote is not in the gold)
                i = next(index)
                if i in pairs:
                    return next((c for c in cands if right(c, pairs[i], forms_of[i])), None)
                return next((c for c in cands if c.features.get("rule")), None)

            for i, (cands, _) in enumerate(quote_candidates(doc, contexts, teacher)):
                if i not in pairs:
                    continue
                for c in cands:
                    rows.append((c.features, int(right(c, pairs[i], forms_of[i])), n, i))
    return rows


def export(model, names: list[str], threshold: float) -> dict:
    """The fitted ensemble as plain JSON: base score, learning rate and each tree's arrays."""
    import numpy as np

    zero = np.zeros((1, len(names)))
    trees = []
    total = 0.0
    for est in model.estimators_[:, 0]:
        t = est.tree_
        trees.append({"left": t.children_left.tolist(), "right": t.children_right.tolist(),
                      "feature": [max(int(f), 0) for f in t.feature],
                      "threshold": [round(float(v), 6) for v in t.threshold],
                      "value": [round(float(v), 6) for v in t.value[:, 0, 0]]})
        total += float(est.predict(zero)[0])
    base = float(model.decision_function(zero)[0]) - model.learning_rate * total
    return {"trained_on": "", "features": names, "base": base,
            "learning_rate": model.learning_rate, "threshold": threshold, "trees": trees}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", type=Path)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--output", type=Path, default=MODEL_DIR / "speakers.json")
    args = ap.parse_args(argv)
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    articles = [json.loads(line) for line in args.articles.open(encoding="utf-8")]
    gold = {g["id"]: g for g in json.loads(args.gold.read_text(encoding="utf-8"))}
    rows = cases(articles, gold)
    names = sorted({k for f, *_ in rows for k in f})
    x = np.array([[f.get(k, 0.0) for k in names] for f, *_ in rows])
    y = np.array([r[1] for r in rows])
    groups = np.array([r[2] for r in rows])
    quotes = np.array([r[2] * 10000 + r[3] for r in rows])
    oof = np.zeros(len(rows))
    for fit, held in GroupKFold(n_splits=5).split(x, y, groups):
        oof[held] = GradientBoostingClassifier(**PARAMS).fit(x[fit], y[fit]).predict_proba(
            x[held])[:, 1]
    # per quote: the best candidate, its probability and whether it is right
    best: dict[int, tuple[float, int]] = {}
    reachable = set()
    for p, label, qid in zip(oof, y, quotes, strict=True):
        if label:
            reachable.add(qid)
        if qid not in best or p > best[qid][0]:
            best[qid] = (p, label)
    n = len(best)
    print(f"{len(rows)} candidates, {n} quotes, right speaker among them for {len(reachable)}",
          file=sys.stderr)
    chosen, top = 0.0, -1e9
    for t in [i / 20 for i in range(20)]:
        ok = sum(1 for p, label in best.values() if p >= t and label)
        bad = sum(1 for p, label in best.values() if p >= t and not label)
        print(f"threshold {t:.2f}: right {ok / n:.3f} wrong {bad / n:.3f}", file=sys.stderr)
        if ok - WRONG_COST * bad > top:
            chosen, top = t, ok - WRONG_COST * bad
    model = GradientBoostingClassifier(**PARAMS).fit(x, y)
    data = export(model, names, chosen)
    data["trained_on"] = f"{args.articles.name}: {len(articles)} articles, {n} quotes"
    check = [data_probability(data, row) for row in x[:200]]
    assert np.allclose(check, model.predict_proba(x[:200])[:, 1], atol=1e-4)
    args.output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                           encoding="utf-8")
    print(f"threshold {chosen:.2f}; {len(data['trees'])} trees written to {args.output}",
          file=sys.stderr)
    return 0


def data_probability(data: dict, row) -> float:
    from .stages.speakers import SpeakerModel

    model = SpeakerModel(data)
    return model.probability(dict(zip(data["features"], row, strict=True)))


if __name__ == "__main__":
    sys.exit(main())
