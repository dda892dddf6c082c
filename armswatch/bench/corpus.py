"""The benchmark corpus: generated news articles, or a corpus the user gives.

Generated articles mix ordinary reporting with defence reporting: by default
one article in five is a defence article, 15-25% of whose sentences report
arms transfers (`defence_share` sets the mix; 1.0 gives a defence-only feed),
so the share of text that reaches the rules is close to that of a news feed. Generation is deterministic: article `i` of seed
`s` depends on nothing else, so any size of corpus is a prefix of a larger
one and two machines measure the same text. No network, no third-party text.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import itertools
import json
import random
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from armswatch.bench.arms import Arms
from armswatch.bench.prose import Prose
from armswatch.catalog import load as load_catalog
from armswatch.errors import InputError

__all__ = ["META_FIELDS", "Corpus", "generate_articles", "generated_corpus", "load_corpus", "write_corpus"]

# Invented outlets on the reserved .example domain, so no URL points at a real site.
_OUTLETS = (
    ("The Millbrook Courier", "millbrook-courier.example"),
    ("Easthaven Evening Post", "easthaven-post.example"),
    ("The Northern Ledger", "northern-ledger.example"),
    ("Coastline Daily", "coastline-daily.example"),
    ("The Valley Gazette", "valley-gazette.example"),
    ("Redmere Observer", "redmere-observer.example"),
    ("World Desk Wire", "worlddesk.example"),
    ("The Evening Dispatch", "evening-dispatch.example"),
)
_SLUG = re.compile(r"[^a-z0-9]+")
_EPOCH = dt.date(2019, 1, 1)


@functools.cache
def _writers() -> tuple[Prose, Arms]:
    catalog = load_catalog()
    arms = Arms(catalog)
    return Prose([s.name for s in arms.states], [s.capitals[0] for s in arms.states]), arms


DEFENCE_SHARE = 0.2  # share of articles about arms; the rest is other news, as in a world-news desk's feeds


def article(index: int, seed: int = 0, defence_share: float = DEFENCE_SHARE) -> dict[str, str]:
    """Article number `index` of the corpus for `seed`: 8-25 sentences in paragraphs of one to three.

    With probability `defence_share` it is a defence article, 15-25% of whose sentences report arms
    transfers; otherwise it is other news with none (its countries and capitals still appear).
    """
    prose, arms = _writers()
    rng = random.Random(f"armswatch-bench:{seed}:{index}")
    defence = rng.random() < defence_share
    n = rng.randint(8, 25)
    n_arms = max(1, round(n * rng.uniform(0.15, 0.25))) if defence else 0
    arms_at = set(rng.sample(range(n), n_arms))
    sentences = [arms.sentence(rng) if i in arms_at else prose.sentence(rng) for i in range(n)]
    paragraphs = []
    i = 0
    while i < n:
        k = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i : i + k]))
        i += k
    title = arms.title(rng) if defence and rng.random() < 0.6 else prose.title(rng)
    outlet, domain = _OUTLETS[rng.randrange(len(_OUTLETS))]
    published = _EPOCH + dt.timedelta(days=rng.randrange(2400))
    slug = _SLUG.sub("-", title.lower()).strip("-")[:60]
    return {
        "id": f"bench-{seed}-{index:06d}",
        "title": title,
        "outlet": outlet,
        "url": f"https://{domain}/{published:%Y/%m/%d}/{slug}-{index}",
        "published": published.isoformat(),
        "text": "\n\n".join(paragraphs),
    }


def generate_articles(n_articles: int, seed: int = 0, defence_share: float = DEFENCE_SHARE) -> Iterator[dict[str, str]]:
    """`n_articles` generated articles: {"id", "title", "outlet", "url", "published", "text"}."""
    for index in range(n_articles):
        yield article(index, seed, defence_share)


def arms_sentences(n: int, seed: int = 0) -> list[str]:
    """`n` arms-transfer sentences alone, for checking that the rules answer to them."""
    _, arms = _writers()
    rng = random.Random(f"armswatch-bench-arms:{seed}")
    return [arms.sentence(rng) for _ in range(n)]


def write_corpus(path: Path | str, n_articles: int, fmt: str = "jsonl", seed: int = 0) -> Path:
    """Write a generated corpus: "txt" makes a folder of `<id>.txt`, "jsonl" one article a line."""
    path = Path(path)
    if fmt == "txt":
        path.mkdir(parents=True, exist_ok=True)
        for art in generate_articles(n_articles, seed):
            (path / f"{art['id']}.txt").write_text(art["text"] + "\n", encoding="utf-8")
    elif fmt == "jsonl":
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as f:
            for art in generate_articles(n_articles, seed):
                f.write(json.dumps(art, ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"format {fmt!r}: use 'txt' or 'jsonl'")
    return path


#: Article fields besides the text that the ingest and HTML stages write out (a JSON Lines record, a page's metadata).
META_FIELDS = ("title", "outlet", "url", "published")


@dataclass(frozen=True)
class Corpus:
    """The texts every stage runs over, with a label each and where they came from.

    `meta` holds each article's title, outlet, URL and publication date where known (generated articles
    have all four; a given corpus has what its records carry), so that the ingest stages store real
    records and the HTML stages render real pages; it is empty or shorter when nothing is known.
    """

    source: str
    labels: tuple[str, ...]
    texts: tuple[str, ...]
    skipped: int = 0
    meta: tuple[Mapping[str, str], ...] = ()

    @functools.cached_property
    def bytes(self) -> int:
        return sum(len(t.encode("utf-8")) for t in self.texts)

    @functools.cached_property
    def words(self) -> int:
        """Whitespace-separated words: the unit both stages are counted in, independent of either tokeniser."""
        return sum(len(t.split()) for t in self.texts)

    def head(self, n: int) -> Corpus:
        return Corpus(self.source, self.labels[:n], self.texts[:n], meta=self.meta[:n])

    def record(self, i: int) -> dict[str, str]:
        """Article `i` as a record: "id" (its label), "text", and those of META_FIELDS that are known."""
        known = self.meta[i] if i < len(self.meta) else {}
        return {"id": self.labels[i], **{k: known[k] for k in META_FIELDS if known.get(k)}, "text": self.texts[i]}


def generated_corpus(size_mb: float, seed: int = 0, defence_share: float = DEFENCE_SHARE) -> Corpus:
    """Generated articles until their text reaches `size_mb` (10^6 bytes of UTF-8)."""
    if size_mb <= 0:
        raise ValueError("the corpus size must be above zero")
    want = int(size_mb * 1_000_000)
    labels: list[str] = []
    texts: list[str] = []
    meta: list[dict[str, str]] = []
    total = 0
    for index in itertools.count():
        art = article(index, seed, defence_share)
        labels.append(art["id"])
        texts.append(art["text"])
        meta.append({k: art[k] for k in META_FIELDS})
        total += len(art["text"].encode("utf-8"))
        if total >= want:
            break
    return Corpus(
        f"generated (seed {seed}, {size_mb:g} MB, {defence_share:.0%} defence articles)", tuple(labels), tuple(texts), meta=tuple(meta)
    )


def load_corpus(path: Path) -> Corpus:
    """A .jsonl file (one article a line, "text" field; .gz allowed), a folder of .txt files, or one .txt file.

    Raises InputError when nothing in `path` is text to measure.
    """
    from armswatch.ingest.text import decode

    labels: list[str] = []
    texts: list[str] = []
    meta: list[dict[str, str]] = []
    skipped = 0
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith((".txt", ".txt.gz")))
        for p in files:
            try:
                data = gzip.decompress(p.read_bytes()) if p.name.endswith(".gz") else p.read_bytes()
                texts.append(decode(data, str(p)))
                labels.append(str(p.relative_to(path)))
            except (InputError, OSError, EOFError):
                skipped += 1
    elif path.name.endswith((".jsonl", ".jsonl.gz")):
        try:
            opener = gzip.open if path.name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8", errors="replace") as f:
                for n, line in enumerate(f, 1):
                    try:
                        rec = json.loads(line) if line.strip() else None
                    except json.JSONDecodeError:
                        rec = None
                    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
                        skipped += bool(line.strip())
                        continue
                    texts.append(rec["text"])
                    labels.append(str(rec.get("id") or f"{path.name}#{n}"))
                    meta.append({k: rec[k] for k in META_FIELDS if isinstance(rec.get(k), str) and rec[k]})
        except (OSError, EOFError) as exc:
            raise InputError(str(path), f"unreadable ({exc})") from exc
    elif path.is_file():
        try:
            texts.append(decode(path.read_bytes(), str(path)))
            labels.append(path.name)
        except OSError as exc:
            raise InputError(str(path), f"unreadable ({exc})") from exc
    else:
        raise InputError(str(path), "no such file or folder")
    if not texts:
        raise InputError(str(path), "no text to measure (give a .jsonl with a 'text' field per line, or a folder of .txt files)")
    return Corpus(str(path), tuple(labels), tuple(texts), skipped, tuple(meta))
