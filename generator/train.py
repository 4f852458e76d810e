"""Train the entity recognizer: ``python -m generator.train CORPUS [options]``.

CORPUS is ANERcorp-format (``TOKEN TAG`` lines, blank line between sentences). Its last
sixth of sentences (document order) is held out as a test split: the model is trained on the
rest (plus the news gold, when given), written, and scored on it, so the shipped model is
the one the figure describes. Training data:

- ANERcorp (``--gazetteers`` first re-derives ``generator/data/derived/gazetteer.tsv`` from name
  lists, filtered with the held-in part's own evidence);
- ``--gold ARTICLES.jsonl GOLD.json`` (news annotated as ``../shared/eval/GUIDE.md`` says):
  every surface form of every gold actor is marked where it occurs in its article (with or
  without attached clitics), the rest of the article's tokens are O;
- ``--unlabeled NEWS.txt.gz``: word vectors (PPMI-SVD, :func:`generator.derive.word_vectors`).

Fixed seeds and one thread: reruns agree up to floating-point rounding. About 3 minutes of
CPU (12 epochs over 6,000 sentences), plus 45 s for the word vectors the first time (then
cached).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from .arabic import normalize
from .clitics import split_clitics, strip_clitic_before, strip_conjunction_and_preposition
from .lexicon import DERIVED_DIR, MODEL_DIR, lexicon
from .ner.tagger import spans

HEADLINE_TYPES = ("PERS", "ORG", "LOC")
TAGS = ("O", "B-PERS", "I-PERS", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
GOLD_TYPES = {"PERSON": "PERS", "ORG": "ORG", "LOCATION": "LOC"}
Corpus = list[tuple[list[str], list[str]]]


def read_conll(path: Path) -> Corpus:
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


def derive_gazetteer(corpus: Corpus, folder: Path) -> dict[str, set[str]]:
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


def _word_key(token: str, first: bool, forms_first: set[str]) -> str:
    """A token's matching key; the first word of a mention may carry a clitic («لواشنطن»)."""
    word = strip_conjunction_and_preposition(normalize(token))
    if first and word not in forms_first:
        _, word = strip_clitic_before(word, forms_first) or ("", word)
    return word


def project_gold(articles: Path, gold: Path) -> Corpus:
    """Mention-level BIO tags for news articles from their actor-level gold."""
    from .stages.segment import split_sentences, tokenize

    annotations = {a["id"]: a for a in json.loads(gold.read_text(encoding="utf-8"))}
    corpus: Corpus = []
    for line in articles.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        annotation = annotations.get(article["id"])
        if not annotation:
            continue
        forms: dict[tuple[str, ...], str] = {}
        for actor in annotation["actors"]:
            kind = GOLD_TYPES.get(actor["type"])
            for form in [actor["name"], *actor.get("aliases", [])]:
                key = tuple(strip_conjunction_and_preposition(w)
                            for w in normalize(" ".join(t.text for t in tokenize(
                                form, 0, len(form)))).split())
                if kind and key:
                    forms.setdefault(key, kind)
        firsts = {k[0] for k in forms}
        longest = max((len(k) for k in forms), default=1)
        paragraphs = [article.get("title", ""), article.get("abstract", ""),
                      *article["text"].split("\n")]
        for text in paragraphs:
            for start, end in split_sentences(text, 0, len(text)):
                tokens = [t.text for t in tokenize(text, start, end)]
                if not tokens:
                    continue
                tags = ["O"] * len(tokens)
                i = 0
                while i < len(tokens):
                    for n in range(min(longest, len(tokens) - i), 0, -1):
                        key = tuple(_word_key(t, j == 0, firsts)
                                    for j, t in enumerate(tokens[i:i + n]))
                        if key in forms:
                            tags[i:i + n] = [f"B-{forms[key]}"] + [f"I-{forms[key]}"] * (n - 1)
                            i += n - 1
                            break
                    i += 1
                corpus.append((tokens, tags))
    return corpus


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    """Exact-span micro F1 over PERS, ORG and LOC together ("all") and per type."""
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


def train(corpus: Corpus, vectors: tuple[list[str], np.ndarray], model_path: Path,
          epochs: int = 12, seed: int = 13, log=None) -> None:
    """Fit the BiLSTM-CRF of :mod:`generator.ner.tagger` and write its weights (npz)."""
    import torch

    from .ner.tagger import Encoder

    torch.manual_seed(seed)
    torch.set_num_threads(1)
    rng = random.Random(seed)
    words, affixes = _training_vocabulary(corpus)
    vocab, matrix = vectors
    encoder = Encoder(vocab, words, affixes)
    tag_index = {t: i for i, t in enumerate(TAGS)}
    net = _bilstm_crf(matrix, len(words), len(affixes), len(TAGS))
    optim = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=2e-3)
    data = [(tokens, [tag_index.get(t, 0) for t in tags]) for tokens, tags in corpus if tokens]
    for epoch in range(epochs):
        started = time.perf_counter()
        total = _train_epoch(net, optim, encoder, data, rng)
        if log:
            log(f"epoch {epoch + 1}: loss {total / len(data):.3f} "
                f"({time.perf_counter() - started:.0f} s)")
    save_model(model_path, _exported_weights(net, matrix),
               {"tags": list(TAGS), "vectors_vocab": vocab, "words": words,
                "affixes": affixes})


def _training_vocabulary(corpus: Corpus) -> tuple[list[str], list[str]]:
    """The words and affixes seen at least twice: the others share the unknown vector."""
    from .ner.tagger import token_strings

    word_counts: Counter[str] = Counter()
    affix_counts: Counter[str] = Counter()
    for tokens, _ in corpus:
        for token in tokens:
            keys, affixes, _ = token_strings(token)
            word_counts[keys[-1]] += 1
            affix_counts.update(affixes)
    return (sorted(w for w, n in word_counts.items() if n >= 2),
            sorted(a for a, n in affix_counts.items() if n >= 2))


def _bilstm_crf(matrix: np.ndarray, n_words: int, n_affixes: int, k: int):
    """The network: fixed news vectors, learned word and affix embeddings and flags, a
    projection, a bidirectional LSTM and a CRF over ``k`` tags."""
    import torch
    from torch import nn

    from .ner.tagger import AFFIXES, N_FLAGS

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            pre = torch.tensor(np.vstack([np.zeros((1, matrix.shape[1])), matrix]),
                               dtype=torch.float32)
            self.vectors = nn.Embedding.from_pretrained(pre, freeze=True)
            self.word_emb = nn.Embedding(n_words + 1, 48)
            self.affix_emb = nn.Embedding(n_affixes + 1, 16)
            width = matrix.shape[1] + 48 + 16 * (len(AFFIXES) + 1) + N_FLAGS
            self.proj = nn.Linear(width, 128)
            self.lstm = nn.LSTM(128, 96, batch_first=True, bidirectional=True)
            self.out = nn.Linear(192, k)
            self.trans = nn.Parameter(torch.zeros(k, k))
            self.start = nn.Parameter(torch.zeros(k))
            self.end = nn.Parameter(torch.zeros(k))
            self.drop = nn.Dropout(0.3)

        def emissions(self, vec, word, aff, flags, lengths):
            parts = [self.vectors(vec), self.word_emb(word),
                     self.affix_emb(aff).flatten(2), flags]
            x = self.drop(torch.relu(self.proj(self.drop(torch.cat(parts, 2)))))
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True,
                                                       enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True,
                                                    total_length=x.shape[1])
            return self.out(self.drop(h))

        def nll(self, em, tags, mask):
            """The CRF's negative log-likelihood of the gold tags."""
            n, t, _ = em.shape
            rows = torch.arange(n)
            gold = self.start[tags[:, 0]] + em[rows, 0, tags[:, 0]]
            alpha = self.start + em[:, 0]
            for i in range(1, t):
                m = mask[:, i]
                gold = gold + (self.trans[tags[:, i - 1], tags[:, i]]
                               + em[rows, i, tags[:, i]]) * m
                step = torch.logsumexp(alpha.unsqueeze(2) + self.trans + em[:, i].unsqueeze(1),
                                       1)
                alpha = torch.where(m.unsqueeze(1), step, alpha)
            last = tags[rows, mask.sum(1) - 1]
            gold = gold + self.end[last]
            return (torch.logsumexp(alpha + self.end, 1) - gold).sum()

    return Net()


def _train_epoch(net, optim, encoder, data: list[tuple[list[str], list[int]]],
                 rng: random.Random) -> float:
    """One pass over the data in batches of similar length; the summed loss."""
    import torch
    from torch import nn

    net.train()
    order = sorted(range(len(data)), key=lambda i: (len(data[i][0]), rng.random()))
    batches = [order[i:i + 32] for i in range(0, len(order), 32)]
    rng.shuffle(batches)
    total = 0.0
    for batch in batches:
        vec, word, aff, flags, lengths = encoder.batch([data[i][0] for i in batch])
        word = np.where(np.array([[rng.random() < 0.1 for _ in range(word.shape[1])]
                                  for _ in batch]), 0, word)  # word dropout
        tags = np.zeros(word.shape, dtype=np.int64)
        for b, i in enumerate(batch):
            tags[b, :len(data[i][1])] = data[i][1]
        mask = torch.arange(word.shape[1])[None, :] < torch.tensor(lengths)[:, None]
        em = net.emissions(torch.tensor(vec), torch.tensor(word), torch.tensor(aff),
                           torch.tensor(flags), torch.tensor(lengths))
        loss = net.nll(em, torch.tensor(tags), mask)
        optim.zero_grad()
        (loss / len(batch)).backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        optim.step()
        total += loss.item()
    return total


def _exported_weights(net, matrix: np.ndarray) -> dict[str, np.ndarray]:
    """The trained weights as the numpy recognizer reads them (LSTM biases summed)."""
    lstm = net.lstm
    return {
        "vectors": matrix,
        "word_emb": net.word_emb.weight.detach().numpy(),
        "affix_emb": net.affix_emb.weight.detach().numpy(),
        "proj_w": net.proj.weight.detach().numpy(), "proj_b": net.proj.bias.detach().numpy(),
        "f_ih": lstm.weight_ih_l0.detach().numpy(), "f_hh": lstm.weight_hh_l0.detach().numpy(),
        "f_b": (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy(),
        "b_ih": lstm.weight_ih_l0_reverse.detach().numpy(),
        "b_hh": lstm.weight_hh_l0_reverse.detach().numpy(),
        "b_b": (lstm.bias_ih_l0_reverse + lstm.bias_hh_l0_reverse).detach().numpy(),
        "out_w": net.out.weight.detach().numpy(), "out_b": net.out.bias.detach().numpy(),
        "trans": net.trans.detach().numpy(), "start": net.start.detach().numpy(),
        "end": net.end.detach().numpy(),
    }


def save_model(path: Path, weights: dict[str, np.ndarray], lists: dict[str, list[str]]) -> None:
    """One uncompressed npz (it loads faster): float32 weights, the word vectors as float16
    with a zero row 0 for unknown words, and word lists as UTF-8 bytes, one a line."""
    arrays = {k: v.astype(np.float32) for k, v in weights.items()}
    vectors = weights["vectors"]
    arrays["vectors"] = np.vstack([np.zeros((1, vectors.shape[1])), vectors]).astype(np.float16)
    for key, items in lists.items():
        arrays[key] = np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)
    np.savez(path, **arrays)


def load_vectors(path: Path, cache: Path | None) -> tuple[list[str], np.ndarray]:
    """Word vectors of the unlabeled news (computed once, then read from ``cache``)."""
    if cache and cache.exists():
        with np.load(cache, allow_pickle=False) as data:
            return [str(w) for w in data["words"]], data["vectors"].astype(np.float32)
    from .derive import word_vectors

    vocab, matrix = word_vectors(path)
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, words=np.array(vocab), vectors=matrix.astype(np.float32))
    return vocab, matrix.astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.train", description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--gazetteers", type=Path, help="folder of name lists to derive from")
    parser.add_argument("--gold", type=Path, nargs=2, metavar=("ARTICLES", "GOLD"),
                        help="news articles (jsonl) and their actor gold (json) to train on")
    parser.add_argument("--unlabeled", type=Path, required=True,
                        help="unlabeled news (txt.gz) for the word vectors")
    parser.add_argument("--vectors-cache", type=Path, default=Path(".cache/vectors.npz"))
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--output", type=Path, default=MODEL_DIR / "ner.npz")
    args = parser.parse_args(argv)
    corpus = read_conll(args.corpus)
    cut = len(corpus) * 5 // 6
    if args.gazetteers:
        # evidence from the training part only, so the held-out figure stays honest
        table = derive_gazetteer(corpus[:cut], args.gazetteers)
        sources = ", ".join(sorted(p.name for p in args.gazetteers.iterdir() if p.is_dir()))
        write_gazetteer(table, DERIVED_DIR / "gazetteer.tsv", sources)
        lexicon.cache_clear()
    vectors = load_vectors(args.unlabeled, args.vectors_cache)
    news = project_gold(*args.gold) if args.gold else []
    log(f"{cut} ANERcorp sentences + {len(news)} news sentences; {len(vectors[0])} vectors")
    from .ner.tagger import EntityTagger

    started = time.perf_counter()
    train(corpus[:cut] + news, vectors, args.output, args.epochs, log=log)
    log(f"trained in {time.perf_counter() - started:.0f} s; model written to {args.output}")
    test = corpus[cut:]
    pred = EntityTagger(args.output).tag_many([tokens for tokens, _ in test])
    figures = score([tags for _, tags in test], pred)
    log("held-out split (last sixth of ANERcorp): "
        + " ".join(f"{k}={v:.4f}" for k, v in figures.items()))
    return 0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
