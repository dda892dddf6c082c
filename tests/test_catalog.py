from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.catalog import FIXED_GROUPS, load
from armswatch.errors import CatalogError
from armswatch.model import Sentence
from armswatch.nlp.mentions import Matcher
from armswatch.nlp.pipeline import tokenize


def test_catalog_covers_every_state_group_and_enough_systems() -> None:
    cat = load()
    ids = {s.id for s in cat.states}
    assert len(ids) >= 195 and {"TWN", "XKX", "PSE", "VAT", "IRN", "PRK"} <= ids
    assert set(FIXED_GROUPS) <= {g.id for g in cat.groups}
    assert len(cat.groups) >= 30
    assert len(cat.systems) >= 250
    assert sum(1 for s in cat.systems if s.category.value == "drone") >= 100
    assert sum(1 for s in cat.systems if s.category.value == "missile") >= 100
    assert len(cat.makers) >= 50 and len(cat.holders) >= 100 and len(cat.outlets) >= 100


def _system_of(text: str) -> str | None:
    cat = load()
    matcher = Matcher.for_catalog(cat)
    toks = tokenize(Sentence(0, 0, len(text), text))
    for raw in matcher.raw(toks):
        if raw.phrase.kind == "system":
            return raw.phrase.value
    return None


@pytest.mark.parametrize(
    ("text", "system"),
    [
        ("Russia launched Geran-2 drones", "Shahed-136"),
        ("a Muhajir 6 was seen", "Mohajer-6"),
        ("the Mohajir 6 drone", "Mohajer-6"),
        ("Ababil-II drones", "Ababil-2"),
        ("the Akıncı drone", "Bayraktar Akinci"),
        ("two TB2s", "Bayraktar TB2"),
        ("Bayraktar TB-2 drones", "Bayraktar TB2"),
        ("the CH92-A drone", "CH-92A"),
        ("three Shahed 136 drones", "Shahed-136"),
        ("Shahed136 drones", "Shahed-136"),
        ("the S-400s arrived", "S-400"),
        ("MQ-9B SeaGuardian drones", "MQ-9B SeaGuardian"),
    ],
)
def test_catalog_system_aliases_resolve(text: str, system: str) -> None:
    assert _system_of(text) == system


def test_catalog_rejects_a_bad_entry(tmp_path: Path) -> None:
    src = Path(__file__).parent / "data" / "tiny_catalog"
    for f in src.iterdir():
        (tmp_path / f.name).write_text(f.read_text())
    (tmp_path / "systems.toml").write_text('[[system]]\nid = "x"\nname = "X"\naliases = []\ncategory = "laser"\n')
    with pytest.raises(CatalogError, match="category"):
        load(tmp_path)


def test_catalog_rejects_a_system_from_an_unknown_maker(tmp_path: Path) -> None:
    src = Path(__file__).parent / "data" / "tiny_catalog"
    for f in src.iterdir():
        (tmp_path / f.name).write_text(f.read_text())
    (tmp_path / "systems.toml").write_text(
        '[[system]]\nid = "x"\nname = "X"\naliases = []\ncategory = "drone"\norigin = "FRD"\nmaker = "nobody"\n'
    )
    with pytest.raises(CatalogError, match="unknown maker"):
        load(tmp_path)
