"""The offline default embedder: hashed words, word pairs and character trigrams.

It needs no model, no network and no dependency, so memory works on a fresh install and in
tests, and it is deterministic across processes and machines (``zlib.crc32``, not ``hash()``,
which is salted per process). It only knows surface form: "passkeys security tip" lands near
"why passkeys beat passwords" because they share a stem and character trigrams, not because it
understands security. Light stemming and stopword removal make the shared words count; the
character trigrams catch morphology ("password"/"passwords") and typos; signed hashing keeps
unrelated collisions from adding up.

Changing any of the constants below changes the vector space: bump ``VERSION`` so existing
collections report a mismatch and get reindexed instead of returning nonsense.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
import zlib
from collections.abc import Sequence

from memory.embedders.base import EmbedderError, JsonScalar

VERSION = 1
DEFAULT_DIMS = 512

WORD_WEIGHT = 1.0
BIGRAM_WEIGHT = 0.7
TRIGRAM_WEIGHT = 0.2

_TOKEN = re.compile(r"[a-z0-9]+")

_STOPWORD_TEXT = """
    a about after all also am an and any are as at be because been before being but by can
    could did do does doing done for from get got had has have having he her here hers him his
    how i if in into is it its itself just me more most my no not now of off on once only or
    other our ours out over own same she should so some such than that the their theirs them
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def stem(word: str) -> str:
    """Strip the commonest English suffixes so plural and tense variants share a feature."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    for suffix, min_len in (("ing", 6), ("ed", 5)):
        if word.endswith(suffix) and len(word) >= min_len:
            base = word[: -len(suffix)]
            if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            return base
    if word.endswith("ly") and len(word) > 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased ASCII word tokens (accents folded) of ``text``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _TOKEN.findall(folded.lower())


class LexicalEmbedder:
    """Feature hashing of word unigrams, bigrams and character trigrams, L2-normalised."""

    def __init__(self, dims: int = DEFAULT_DIMS) -> None:
        if dims < 16:
            raise EmbedderError(f"LexicalEmbedder dims must be at least 16, got {dims}")
        self._dims = dims

    @property
    def kind(self) -> str:
        return "lexical"

    @property
    def identity(self) -> str:
        return f"lexical-v{VERSION}-{self._dims}"

    @property
    def dims(self) -> int:
        return self._dims

    def config(self) -> dict[str, JsonScalar]:
        return {"dims": self._dims, "version": VERSION}

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._embed(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)

    def _embed(self, text: str) -> list[float]:
        words = tokens(text)
        content = [w for w in words if w not in STOPWORDS] or words
        vector = [0.0] * self._dims
        if not content:
            # An empty text still needs a unit vector (cosine of a zero vector is undefined);
            # every empty text shares this one, and nothing else lands exactly on it.
            self._add(vector, "e:empty", 1.0)
            return vector
        for word in content:
            for index, value in _word_features(word, self._dims):
                vector[index] += value
        stems = [stem(w) for w in content]
        for left, right in itertools.pairwise(stems):
            self._add(vector, f"b:{left} {right}", BIGRAM_WEIGHT)
        norm = math.sqrt(sum(x * x for x in vector))
        if norm == 0.0:  # every feature cancelled out through signed collisions
            self._add(vector, "e:cancelled", 1.0)
            return vector
        return [x / norm for x in vector]

    def _add(self, vector: list[float], feature: str, weight: float) -> None:
        index, value = _hashed(feature, weight, self._dims)
        vector[index] += value


def _hashed(feature: str, weight: float, dims: int) -> tuple[int, float]:
    h = zlib.crc32(feature.encode("utf-8"))
    return h % dims, (weight if h & 0x80000000 else -weight)


@functools.lru_cache(maxsize=65536)
def _word_features(word: str, dims: int) -> tuple[tuple[int, float], ...]:
    """A word's stem feature and character trigrams, cached: vocabularies repeat a lot."""
    padded = f"<{word}>"
    features = [_hashed("w:" + stem(word), WORD_WEIGHT, dims)]
    features += [
        _hashed("c:" + padded[i : i + 3], TRIGRAM_WEIGHT, dims) for i in range(len(padded) - 2)
    ]
    return tuple(features)
