"""Train the entity recognizer: ``python -m generator.train CORPUS [--gazetteers DIR]``.

CORPUS is ANERcorp-format (``TOKEN TAG`` lines, blank line between sentences). The last
sixth of it is held out as a dev split and scored; the shipped model is then trained on all
of it. With ``--gazetteers`` the name lists are filtered with the corpus' own evidence and
written to ``generator/data/gazetteer.tsv`` first (the features read that file).
Training is deterministic: the same corpus and lists give the same model.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pycrfsuite

from .arabic import normalize, strip_conjunction_and_preposition
from .lexicon import DATA_DIR, MODEL_DIR, lexicon
from .ner.features import sentence_features, split_clitics
from .ner.tagger import spans

HEADLINE_TYPES = ("PERS", "ORG", "LOC")
CRF_PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 150,
              "feature.possible_transitions": True}


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    sentences, tokens, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        tokens.append(parts[0])
        tags.append(parts[-1] if len(parts) > 1 else "O")
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def gazetteer_keys(word: str) -> list[str]:
    """Forms under which a normalized word is looked up in the gazetteer."""
    stem = split_clitics(word)[1]
    plain = strip_conjunction_and_preposition(word)
    return list(dict.fromkeys([word, plain, stem]))


def derive_gazetteer(corpus: list[tuple[list[str], list[str]]],
                     folder: Path) -> dict[str, set[str]]:
    """Name words by class (as written, normalized), minus words the corpus mostly uses as
    ordinary words."""
    as_entity: Counter[str] = Counter()
    as_word: Counter[str] = Counter()
    for tokens, tags in corpus:
        for token, tag in zip(tokens, tags, strict=True):
            for key in gazetteer_keys(normalize(token)):
                (as_word if tag == "O" else as_entity)[key] += 1
    table: dict[str, set[str]] = defaultdict(set)
    for tsv in sorted(folder.glob("*/*.tsv")):
        if tsv.name.endswith(".detail.tsv"):
            continue
        for line in tsv.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 2 or parts[1] not in HEADLINE_TYPES:
                continue
            for word in normalize(parts[0]).split():
                if len(word) < 2:
                    continue
                seen = as_entity[word] + as_word[word]
                if seen >= 2 and as_entity[word] / seen < 0.25:
                    continue  # an ordinary word in this corpus
                table[word].add(parts[1])
    return table


def write_gazetteer(table: dict[str, set[str]], path: Path, sources: str) -> None:
    lines = [f"# Derived name list (single normalized words): {sources}",
             "# Filtered with ANERcorp train evidence; see generator/train.py."]
    lines += [f"{word}\t{','.join(sorted(classes))}" for word, classes in sorted(table.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def train(corpus: list[tuple[list[str], list[str]]], model_path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    lex = lexicon()
    for tokens, tags in corpus:
        trainer.append(sentence_features(tokens, lex), tags)
    trainer.set_params(CRF_PARAMS)
    trainer.train(str(model_path))


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    """Exact-span micro P/R/F1 over PERS, ORG and LOC, and per type."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs = {s for s in spans(g) if s[2] in HEADLINE_TYPES}
        ps = {s for s in spans(p) if s[2] in HEADLINE_TYPES}
        for s in gs:
            n_gold[s[2]] += 1
        for s in ps:
            n_pred[s[2]] += 1
        for s in gs & ps:
            tp[s[2]] += 1
    out = {}
    for key in (*HEADLINE_TYPES, "all"):
        t = sum(tp.values()) if key == "all" else tp[key]
        np_ = sum(n_pred.values()) if key == "all" else n_pred[key]
        ng = sum(n_gold.values()) if key == "all" else n_gold[key]
        p = t / np_ if np_ else 0.0
        r = t / ng if ng else 0.0
        out[key] = 2 * p * r / (p + r) if p + r else 0.0
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.train", description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--gazetteers", type=Path, help="folder of name lists to derive from")
    parser.add_argument("--output", type=Path, default=MODEL_DIR / "ner.crfsuite")
    parser.add_argument("--dev-only", action="store_true", help="score the dev split, ship nothing")
    args = parser.parse_args(argv)
    corpus = read_conll(args.corpus)
    cut = len(corpus) * 5 // 6
    if args.gazetteers:
        # evidence from the training part only, so the dev figure stays honest
        table = derive_gazetteer(corpus[:cut], args.gazetteers)
        sources = ", ".join(sorted(p.name for p in args.gazetteers.iterdir() if p.is_dir()))
        write_gazetteer(table, DATA_DIR / "gazetteer.tsv", sources)
        lexicon.cache_clear()
    dev_model = args.output.with_suffix(".dev.crfsuite")
    train(corpus[:cut], dev_model)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(dev_model))
    lex = lexicon()
    dev = corpus[cut:]
    pred = [list(tagger.tag(sentence_features(tokens, lex))) for tokens, _ in dev]
    figures = score([tags for _, tags in dev], pred)
    print("dev split (last sixth): " + " ".join(f"{k}={v:.4f}" for k, v in figures.items()),
          file=sys.stderr)
    dev_model.unlink()
    if not args.dev_only:
        train(corpus, args.output)
        print(f"model written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
