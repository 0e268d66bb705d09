"""Small text measurements the critic's features share: sentences, words, syllables."""

from __future__ import annotations

import re

from agents.decisions import count_words

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# Function words carry no topic, so a callback must reuse something else to count as one.
_STOPWORD_TEXT = """a an the and or but so if then than that this these those there here is
    are was were be
    been being am do does did done have has had having i me my we our you your he she it its they
    them their his her to of in on at by for with from as into about over after before just not no
    yes can could will would should may might must what which who whom when where why how all any
    some more most very really also too up down out off again once only own same such both each
    few other it's that's i'm you're we're don't can't won't let's gets get got make makes made
    one two"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def sentences(text: str) -> list[str]:
    """The sentences of a narration, in order, without empty pieces."""
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def words(text: str) -> list[str]:
    """Lower-cased spoken words (same tokenisation as :func:`agents.decisions.count_words`)."""
    return [word.lower().replace("’", "'") for word in _WORD.findall(text)]


def content_words(text: str) -> set[str]:
    """Topic-bearing word stems: no function words, plural/verb ``s`` stripped."""
    stems = set()
    for word in words(text):
        if word in STOPWORDS or len(word) < 3:
            continue
        stems.add(word[:-1] if word.endswith("s") and len(word) > 3 else word)
    return stems


def syllables(word: str) -> int:
    """An approximate English syllable count (vowel groups, silent final e)."""
    lowered = word.lower()
    count = len(_VOWEL_GROUPS.findall(lowered))
    if lowered.endswith("e") and not lowered.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def first_sentence(text: str) -> str:
    found = sentences(text)
    return found[0] if found else ""


__all__ = [
    "STOPWORDS",
    "content_words",
    "count_words",
    "first_sentence",
    "sentences",
    "syllables",
    "words",
]
