"""One settings object, read from the environment and overridden by flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

DEFAULT_MAX_TEXT_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES  # ARMSWATCH_MAX_TEXT_BYTES
    db: str = "armswatch.db"  # ARMSWATCH_DB: a SQLite path or a postgresql:// URL
    spacy_model: str = ""  # ARMSWATCH_SPACY_MODEL: a trained pipeline to use instead of blank English
    infer: bool = False  # emit claims inferred from designations alone (marked inferred)
    batch_size: int = 200  # ARMSWATCH_BATCH_SIZE: documents written per transaction

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **flags: Any) -> Settings:
        env = dict(os.environ if env is None else env)
        settings = cls(
            max_text_bytes=int(env.get("ARMSWATCH_MAX_TEXT_BYTES", DEFAULT_MAX_TEXT_BYTES)),
            db=env.get("ARMSWATCH_DB", "armswatch.db"),
            spacy_model=env.get("ARMSWATCH_SPACY_MODEL", ""),
            batch_size=int(env.get("ARMSWATCH_BATCH_SIZE", 200)),
        )
        given = {k: v for k, v in flags.items() if v is not None}
        return replace(settings, **given)
