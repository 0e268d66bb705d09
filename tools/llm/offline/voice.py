"""Persona styling: the same facts said the way this persona says them.

Writing constraints become mechanical edits a critic can check: sentences split to the persona's
cap, vocabulary swapped down for a simple voice, punctuation and connectors set by energy,
catchphrases and signature words placed once, and banned phrases never let through (a sentence
that cannot be said without one is dropped, not shipped).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from tools.llm.offline.context import ConstraintsView
from tools.llm.offline.hooks import word_count

_SIMPLE_WORDS: dict[str, str] = {
    "approximately": "about",
    "utilize": "use",
    "utilise": "use",
    "significantly": "a lot",
    "consequently": "so",
    "therefore": "so",
    "additionally": "also",
    "origin": "website",
    "authenticate": "log in",
    "authentication": "login",
    "optimised": "smart",
    "optimized": "smart",
    "neurons": "nerve cells",
    "circadian": "body clock",
    "actively managed": "expert-picked",
    "public-private key pair": "pair of digital keys",
}
_CLASS_CAP = {"short": 10, "medium": 18, "long": 30}
_SPLIT_POINTS = (", so ", ", but ", "; ", ": ", " — ", ", because ", " because ", ", and ", ", ")
_ADJECTIVE_END = re.compile(r"(al|ic|ive|ous|ful|ing|ed|y|ar|ent|ant|ish|less|ly)$")


@dataclass(frozen=True)
class Voice:
    """A persona's rules in the form the writer applies them."""

    name: str
    cap: int
    energy: str
    vocabulary: str
    point_of_view: str
    banned: tuple[str, ...]
    catchphrases: tuple[str, ...]
    signature_words: tuple[str, ...]

    @classmethod
    def from_constraints(cls, constraints: ConstraintsView, *, cap_delta: int = 0) -> Voice:
        banned = tuple(p.strip().lower() for p in constraints.banned_phrases if p.strip())
        # The sentence-length class bounds the cap too ("short" means short, whatever the number).
        cap = min(
            constraints.max_words_per_sentence,
            _CLASS_CAP.get(constraints.sentence_length, constraints.max_words_per_sentence),
        )
        voice = cls(
            name=constraints.persona_name,
            cap=max(4, cap + cap_delta),
            energy=constraints.energy,
            vocabulary=constraints.vocabulary_level,
            point_of_view=constraints.point_of_view,
            banned=banned,
            catchphrases=(),
            signature_words=(),
        )
        catchphrases = tuple(c for c in constraints.catchphrases if c.strip() and voice.allows(c))
        words = tuple(w for w in constraints.signature_words if w.strip() and voice.allows(w))
        return cls(**{**voice.__dict__, "catchphrases": catchphrases, "signature_words": words})

    def allows(self, text: str) -> bool:
        lowered = text.lower()
        return not any(phrase in lowered for phrase in self.banned)

    def say(self, sentence: str, *, exclaim: bool = False) -> list[str]:
        """``sentence`` in this voice: vocabulary, punctuation, split to the cap; [] if banned."""
        text = sentence.strip()
        if self.vocabulary == "simple":
            text = simplify(text)
        if self.energy == "low":
            text = text.replace("!", ".")
        elif self.energy == "high" and exclaim and text.endswith("."):
            text = text[:-1] + "!"
        parts = split_to_cap(text, self.cap)
        if not all(self.allows(part) for part in parts):
            return []
        return parts

    def signature_line(self, rng: random.Random) -> str | None:
        if not self.signature_words:
            return None
        word = self.signature_words[rng.randrange(len(self.signature_words))].strip()
        frames: tuple[str, ...]
        if self.vocabulary == "expert" and not _ADJECTIVE_END.search(word.lower()):
            frames = ("That's the {w}.", "Mind the {w}.")
        elif self.energy == "low":
            frames = ("{W}, always.",)
        elif word.lower().endswith("ly") or self.energy == "high":
            frames = ("{W}.",)
        else:
            frames = ("{W}.", "That's the {w}." if not _ADJECTIVE_END.search(word) else "{W}.")
        line = frames[rng.randrange(len(frames))].format(w=word, W=word[:1].upper() + word[1:])
        return line if self.allows(line) else None

    def catchphrase(self, rng: random.Random) -> str | None:
        if not self.catchphrases:
            return None
        phrase = self.catchphrases[rng.randrange(len(self.catchphrases))].strip()
        return phrase if phrase[-1:] in ".!?…:" else phrase + "."


def simplify(text: str) -> str:
    for hard, easy in _SIMPLE_WORDS.items():
        text = re.sub(rf"\b{re.escape(hard)}\b", easy, text, flags=re.IGNORECASE)
    return text


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def split_to_cap(sentence: str, cap: int) -> list[str]:
    """Split at natural joints until every part is within ``cap`` words (when possible)."""
    if word_count(sentence) <= cap:
        return [sentence]
    for point in _SPLIT_POINTS:
        index = sentence.find(point)
        while index != -1:
            head = sentence[:index].strip()
            tail = sentence[index + len(point) :].strip()
            lead_in = point == ": " and word_count(head) <= 6  # "What matters: …" stays whole
            if word_count(head) >= 3 and word_count(tail) >= 3 and not lead_in:
                head = head.rstrip(",;:—") + ("." if head[-1:] not in ".?!" else "")
                joiner = point.strip(" ,;:—")
                tail = f"{joiner} {tail}" if joiner in {"so", "but", "because", "and"} else tail
                return split_to_cap(head, cap) + split_to_cap(_cap_first(tail), cap)
            index = sentence.find(point, index + 1)
    return [sentence]


def sentences_of(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!…])\s+", text.strip()) if s]
