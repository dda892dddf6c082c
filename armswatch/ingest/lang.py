"""Language of a document, so text that is not English is stored but not extracted.

py3langid ships its model inside the package, so detection works offline.
Only the first ~2,000 characters are looked at: a language shows itself
quickly, and a 25 MB document must not cost 25 MB of n-gram counting.
"""

from __future__ import annotations

import functools
from typing import Any

SAMPLE_CHARS = 2000
MIN_LETTERS = 40  # below this the guess is noise, so such text counts as English (and is extracted)
MIN_CONFIDENCE = 0.8  # a less certain guess counts as English: a wrong skip loses claims, a wrong keep costs little

__all__ = ["detect", "skip_reason"]


@functools.cache
def _identifier() -> Any:
    """The language identifier, loaded once (about half a second) and shared."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_ENGLISH = frozenset("the and of to in is was that for with on said has have by from it its at are were".split())


def detect(text: str) -> str:
    """The ISO 639-1 code of the text's language; "en" when the text is too short or the guess too unsure.

    English news is a fifth or more function words ("the", "of", "said"); other languages share few of
    them, so a text that dense in them is English without asking the model (the common case, and 50x cheaper).
    """
    sample = text[:SAMPLE_CHARS]
    if not _enough_letters(sample):
        return "en"
    words = sample.lower().split()  # whole words only, so "the" in "other" does not count ("said," does not either)
    if len(words) >= 30 and sum(1 for w in words if w in _ENGLISH) >= 0.2 * len(words):
        return "en"
    lang, confidence = _identifier().classify(sample)
    if lang != "en" and confidence < MIN_CONFIDENCE:
        return "en"
    return str(lang)


def skip_reason(language: str | None) -> str | None:
    """Why a document in this language is stored but not extracted, or None when it is extracted."""
    if language is None or language == "en":
        return None
    return f"not English (language: {language}); stored, not extracted"


def _enough_letters(sample: str) -> bool:
    letters = 0
    for c in sample:
        if c.isalpha():
            letters += 1
            if letters >= MIN_LETTERS:
                return True
    return False
