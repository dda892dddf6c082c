"""Hostile inputs, written to a folder: the bad input DESIGN.md ("Bad input") says every reader must survive.

Not a test module: tests (tests/test_hostile.py) and the fuzzer seeds call these writers, so the
same files serve the CI run (small sizes) and the slow run (a 100 MB line, 50,000 sentences).
Every writer is deterministic for a given `random.Random`, so a failure names a file that can be
written again.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import random
from collections.abc import Callable
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

#: the size of the long single line and the long document: CI and slow
CI_LINE_BYTES = 2 * 1024 * 1024
SLOW_LINE_BYTES = 100 * 1024 * 1024
CI_SENTENCES = 2_000
SLOW_SENTENCES = 50_000

ARMS = "Iran has supplied Shahed-136 drones to Russia, officials in Kyiv said on Monday."
# Right-to-left and zero-width characters inside country names: a matcher must neither crash nor invent a party.
TRICKY_NAMES = ("Ir\u200ban", "\u202eIran", "Ru\u200dssia", "\u2067Russia\u2069", "Ir\ufeffan", "Ira\u200cn", "\u200fRussia")


def binary(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """Random bytes under a text name: must be refused as not text, not decoded into garbage."""
    path = folder / f"binary{n}.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randint(64, 4096))))
    return path


def empty(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """An empty or whitespace-only file of any kind."""
    suffix = rng.choice([".txt", ".html", ".jsonl", ".xml", ".warc"])
    path = folder / f"empty{n}{suffix}"
    path.write_bytes(rng.choice([b"", b"   \n\t\n", b"\n" * 50]))
    return path


def invalid_utf8(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """An arms sentence with bytes no UTF-8 decoder accepts spliced in (the reader falls back to cp1252/latin-1)."""
    raw = bytearray(ARMS.encode())
    for _ in range(rng.randint(1, 6)):
        raw[rng.randrange(len(raw))] = rng.choice([0x80, 0xC0, 0xC1, 0xF5, 0xFF, 0xFE, 0xED])
    path = folder / f"bad_utf8_{n}.txt"
    path.write_bytes(bytes(raw))
    return path


def mixed_encodings(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """One file whose lines are in UTF-8, Windows-1252, Latin-1 and UTF-16 without a byte-order mark."""
    line = "Türkiye delivered Bayraktar TB2 drones to Poland — the ministry said “today”."
    parts = []
    for _ in range(rng.randint(2, 6)):
        enc = rng.choice(["utf-8", "cp1252", "latin-1", "utf-16-le"])
        parts.append(line.encode(enc, errors="replace") + b"\n")
    path = folder / f"mixed{n}.txt"
    path.write_bytes(b"".join(parts))
    return path


def long_line(folder: Path, rng: random.Random, size: int = CI_LINE_BYTES, n: int = 0) -> Path:
    """One line of `size` bytes (no newline, no sentence end) with an arms sentence in the middle."""
    path = folder / f"long_line{n}.txt"
    filler = b"drone " if rng.random() < 0.5 else b"x"
    half = max(0, size // 2 - len(ARMS))
    with path.open("wb") as f:
        for _ in range(half // (1 << 20)):
            f.write(filler * ((1 << 20) // len(filler)))
        f.write(filler * ((half % (1 << 20)) // len(filler)))
        f.write(ARMS.encode())
        for _ in range(half // (1 << 20)):
            f.write(filler * ((1 << 20) // len(filler)))
    return path


def many_sentences(folder: Path, rng: random.Random, sentences: int = CI_SENTENCES, n: int = 0) -> Path:
    """A document of `sentences` sentences, one in fifty an arms sentence: the extractor's cost must stay linear."""
    other = ["The weather was mild.", "Markets closed higher.", "A festival opened in the capital.", "Officials met again."]
    path = folder / f"many_sentences{n}.txt"
    with path.open("w", encoding="utf-8") as f:
        for i in range(sentences):
            f.write((ARMS if i % 50 == 0 else rng.choice(other)) + (" " if i % 10 else "\n"))
    return path


def nested_html(folder: Path, rng: random.Random, depth: int = 10_000, n: int = 0) -> Path:
    """HTML nested `depth` deep, closed or not: a recursive parser would overflow its stack."""
    tag = rng.choice(["div", "span", "b", "table"])
    close = f"</{tag}>" * depth if rng.random() < 0.5 else ""
    path = folder / f"nested{n}.html"
    path.write_text(f"<html><body>{f'<{tag}>' * depth}<p>{ARMS}</p>{close}</body></html>")
    return path


def billion_laughs(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """The billion-laughs entity bomb, as a feed (or as an XHTML page): it must be refused, not expanded."""
    levels = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">{levels}]>'
        '<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>'
    )
    path = folder / f"bomb{n}{rng.choice(['.xml', '.rss', '.xhtml', '.opml'])}"
    path.write_text(doc)
    return path


def external_entity(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """XXE: an entity naming file:///etc/passwd (or a URL); its content must never reach a document."""
    target = rng.choice(["file:///etc/passwd", "file:///etc/hostname", "http://127.0.0.1:1/x"])
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "{target}">]>'
        '<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title>'
        f"<description>{ARMS} &xxe;</description></item></channel></rss>"
    )
    path = folder / f"xxe{n}{rng.choice(['.xml', '.rss', '.atom', '.opml'])}"
    path.write_text(doc)
    return path


def truncated_gzip(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """A gzip cut short, of any kind of file."""
    inner = rng.choice(
        [
            (".txt", ARMS.encode() * 20),
            (".jsonl", (json.dumps({"text": ARMS}) + "\n").encode() * 20),
            (".html", f"<html><body><p>{ARMS}</p></body></html>".encode() * 5),
        ]
    )
    data = gzip.compress(inner[1])
    path = folder / f"cut{n}{inner[0]}.gz"
    path.write_bytes(data[: rng.randint(1, len(data) - 1)])
    return path


@functools.cache
def _warc_bytes(k: int, compress: bool) -> bytes:
    """A web archive of `k` HTML pages; `length=` keeps warcio from spooling to temporary files it leaves open."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for i in range(k):
        page = f"<html><head><title>P{i}</title></head><body><article><p>{ARMS}</p><p>Page {i} of the crawl.</p></article></body></html>"
        body = page.encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://hostile.example/{i}", "response", payload=io.BytesIO(body), length=len(body), http_headers=http
        )
        writer.write_record(record)
    return out.getvalue()


def truncated_warc(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """A web archive (gzipped or not) cut at a random byte: the pages before the cut stay good."""
    compress = rng.random() < 0.5
    data = _warc_bytes(3, compress)
    path = folder / f"cut{n}.warc{'.gz' if compress else ''}"
    path.write_bytes(data[: rng.randint(1, len(data) - 1)])
    return path


def lying_warc(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """WARC records whose Content-Length lies (too short, too long, negative, not a number)."""
    data = _warc_bytes(3, False).decode("latin-1")
    lie = rng.choice(["0", "1", "7", "99999999", "-5", "abc", "18446744073709551617"])
    lines = data.split("\r\n")
    hits = [i for i, line in enumerate(lines) if line.startswith("Content-Length: ")]
    for i in rng.sample(hits, rng.randint(1, len(hits))):
        lines[i] = f"Content-Length: {lie}"
    path = folder / f"lying{n}.warc"
    path.write_bytes("\r\n".join(lines).encode("latin-1"))
    return path


def script_rss(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """RSS whose fields carry script, event handlers and javascript: links (they must reach the store as text only)."""
    evil = rng.choice(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "javascript:alert(1)",
            "<![CDATA[<script>alert(2)</script>]]>",
            "&lt;script&gt;alert(3)&lt;/script&gt;",
        ]
    )
    link = rng.choice(["javascript:alert(1)", "https://feed.example/a", "data:text/html,<script>alert(1)</script>"])
    doc = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{evil}</title><link>{link}</link>'
        f"<item><title>{evil}</title><link>{link}</link><description>{ARMS} {evil}</description>"
        f"<author>{evil}</author><pubDate>{evil}</pubDate></item></channel></rss>"
    )
    path = folder / f"script{n}.rss"
    path.write_text(doc)
    return path


def bad_jsonl(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """JSON Lines mixing good records with bad ones: not JSON, not objects, wrong types, NUL bytes, huge numbers."""
    bad = [
        b"{",
        b"[1, 2, 3]",
        b'"just a string"',
        b"null",
        b'{"text": 5}',
        b'{"text": ""}',
        b'{"html": ["x"]}',
        b'{"text": "\x00\x01\x02"}',
        b"\xff\xfe\x00garbage",
        b'{"text": "ok", "published": 12345678901234567890}',
        b'{"text": "' + b"\\ud800" + b'"}',
        b"1e999999",
        b'{"text": "a"' + b"}" * 3,
        b"\x00" * 40,
    ]
    lines = []
    for i in range(rng.randint(3, 12)):
        if rng.random() < 0.4:
            lines.append(json.dumps({"text": f"{ARMS} Item {n}-{i}.", "published": "2023-01-0" + str(1 + i % 9)}).encode())
        else:
            lines.append(rng.choice(bad))
    path = folder / f"bad{n}.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def tricky_names(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """Right-to-left overrides and zero-width characters inside country names."""
    a, b = rng.sample(TRICKY_NAMES, 2)
    path = folder / f"rtl{n}.txt"
    path.write_text(f"{a} has supplied Shahed-136 drones to {b}, officials said. {ARMS.replace('Iran', a)}\n", encoding="utf-8")
    return path


def mutated(folder: Path, rng: random.Random, n: int = 0) -> Path:
    """A well-formed file of some kind with random bytes flipped, inserted or cut: the fuzzing the others miss."""
    suffix, data = rng.choice(
        [
            (
                ".html",
                f"<html><head><title>T</title><meta name='date' content='2023-01-01'></head><body><p>{ARMS}</p></body></html>".encode(),
            ),
            (
                ".rss",
                f'<?xml version="1.0"?><rss version="2.0"><channel><item><title>t</title><description>{ARMS}</description></item></channel></rss>'.encode(),
            ),
            (".jsonl", (json.dumps({"text": ARMS, "url": "https://x.example/a", "published": "2023-02-03"}) + "\n").encode()),
            (".txt", ARMS.encode()),
            (".warc", _warc_bytes(2, False)),
            (".opml", b'<?xml version="1.0"?><opml><body><outline xmlUrl="https://feed.example/rss"/></body></opml>'),
        ]
    )
    raw = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        op = rng.random()
        at = rng.randrange(len(raw) + 1)
        if op < 0.5 and raw:
            raw[min(at, len(raw) - 1)] = rng.randrange(256)
        elif op < 0.8:
            raw[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        else:
            del raw[at : at + rng.randint(1, 16)]
    path = folder / f"mutated{n}{suffix}"
    path.write_bytes(bytes(raw))
    return path


Writer = Callable[..., Path]
#: every writer that takes (folder, rng, n); long_line and many_sentences take a size too
WRITERS: tuple[Writer, ...] = (
    binary,
    empty,
    invalid_utf8,
    mixed_encodings,
    nested_html,
    billion_laughs,
    external_entity,
    truncated_gzip,
    truncated_warc,
    lying_warc,
    script_rss,
    bad_jsonl,
    tricky_names,
    mutated,
)


def write_hostile(folder: Path, count: int, seed: int = 0, *, slow: bool = False) -> list[Path]:
    """`count` hostile files in `folder` (each writer in turn, then mutations), plus one long line and one long
    document at the CI or slow size. Returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = [
        long_line(folder, rng, SLOW_LINE_BYTES if slow else CI_LINE_BYTES),
        many_sentences(folder, rng, SLOW_SENTENCES if slow else CI_SENTENCES),
    ]
    for n in range(count):
        writer = WRITERS[n % len(WRITERS)] if n < 3 * len(WRITERS) else rng.choice(WRITERS)
        # small nesting past the first rounds: ten thousand levels once per writer cycle is the point, not the cost
        if writer is nested_html and n >= len(WRITERS):
            paths.append(nested_html(folder, rng, depth=rng.choice([500, 2000, 10_000]), n=n))
        else:
            paths.append(writer(folder, rng, n=n))
    return paths
