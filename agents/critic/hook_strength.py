"""How strong an opening line is, from general properties of openings that hold attention.

A hook has to make someone stay for the next second. What does that is well studied in
headline and short-video writing, and none of it depends on the topic:

* **specificity**: concrete numbers and enough concrete detail to picture something (people,
  a thing that happened, who said what) beat abstractions; too few words say nothing, too many
  bury the point, so detail is rewarded up to a saturation length and long openers are penalised;
* **curiosity gap**: pointing at something not yet revealed ("this", "here's") or setting up a
  contrast ("but", "instead", "turns out") makes the viewer want the other half;
* **stakes/tension**: loss, danger, conflict, failure;
* **direct address**: speaking to "you" helps when it is front-loaded (the first words), not
  when it is generic advice buried mid-sentence;
* **questions used well**: an open "why/how" question with a concrete subject is fine; a bare
  yes/no question hands the viewer an easy "no" and scores below a statement that withholds
  the payoff;
* **empty hype and hedging lose**: exclamation marks, SHOUTING, generic superlatives
  ("amazing", "incredible") and hedges ("maybe", "kind of") signal that there is nothing
  specific to say.

The weights below were fitted as a pairwise logistic model on a random 70% of the Upworthy
development pairs over these *general* signals only (no word lists taken from that file), then
rounded; `docs/critic.md` reports the held-out 30% and the baselines. The word lists are
ordinary English function words and general-purpose lexicons, chosen before looking at the data.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")


def _lexicon(*words: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


_NUMBER_WORD = _lexicon(
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "fifty",
    "hundred",
    "thousand",
    "million",
    "billion",
    "half",
    "dozen",
    "first",
    "second",
    "third",
    "once",
    "twice",
)
_DIRECT_ADDRESS = _lexicon("you", "your", "you're", "you’re", "yourself", "you've", "you'll")
_PEOPLE = _lexicon(
    "man",
    "men",
    "woman",
    "women",
    "girl",
    "girls",
    "boy",
    "boys",
    "kid",
    "kids",
    "mom",
    "dad",
    "mother",
    "father",
    "son",
    "daughter",
    "guy",
    "person",
    "teacher",
    "doctor",
    "nurse",
    "child",
    "children",
    "family",
    "friend",
    "wife",
    "husband",
    "grandma",
    "grandpa",
    "baby",
    "student",
    "boss",
    "stranger",
    "neighbor",
    "sister",
    "brother",
    "she",
    "he",
    "her",
    "his",
)
_REPORTED_SPEECH = _lexicon(
    "says",
    "said",
    "say",
    "tells",
    "told",
    "asks",
    "asked",
    "explains",
    "explained",
    "admits",
    "admitted",
    "reveals",
    "revealed",
    "shows",
    "showed",
    "answers",
    "answered",
    "responds",
)
_POINTER = _lexicon("this", "these", "here's", "here’s", "here is", "that's why", "the one")
_CONTRAST = _lexicon(
    "but",
    "yet",
    "instead",
    "actually",
    "turns out",
    "until",
    "despite",
    "although",
    "though",
    "except",
    "not what",
    "the real",
    "wrong",
)
_STAKES = _lexicon(
    "die",
    "died",
    "dies",
    "death",
    "dead",
    "kill",
    "killed",
    "kills",
    "lose",
    "lost",
    "loses",
    "risk",
    "danger",
    "dangerous",
    "fight",
    "fights",
    "war",
    "attack",
    "fail",
    "failed",
    "fails",
    "afraid",
    "fear",
    "pain",
    "sick",
    "prison",
    "jail",
    "fired",
    "broke",
    "crisis",
    "mistake",
    "mistakes",
    "wrong",
    "never",
    "cost",
    "costs",
    "worst",
    "scam",
    "hacked",
    "leak",
    "leaked",
)
_GENERIC = _lexicon(
    "things",
    "thing",
    "stuff",
    "something",
    "everything",
    "anything",
    "amazing",
    "awesome",
    "incredible",
    "great",
    "nice",
    "cool",
    "interesting",
    "very",
    "really",
    "literally",
    "epic",
    "insane",
    "unbelievable",
    "mind-blowing",
    "must-see",
)
_HEDGE = _lexicon(
    "maybe",
    "perhaps",
    "possibly",
    "probably",
    "somewhat",
    "kind of",
    "sort of",
    "i think",
    "i guess",
    "in my opinion",
    "arguably",
    "basically",
)
_PAST_EVENT = re.compile(r"\b[a-z]{3,}ed\b", re.IGNORECASE)
_YES_NO_OPENER = _lexicon(
    "is",
    "are",
    "do",
    "does",
    "did",
    "can",
    "could",
    "would",
    "will",
    "should",
    "have",
    "has",
    "was",
    "were",
    "isn't",
    "aren't",
    "don't",
    "doesn't",
    "wouldn't",
    "ever",
)
_SHOUT = re.compile(r"\b[A-Z]{3,}\b")

# Detail is rewarded up to this many words; openers longer than the limit lose points.
DETAIL_SATURATION_WORDS = 16
LONG_OPENER_WORDS = 22


@dataclass(frozen=True)
class HookSignals:
    """The measured properties of one opening line (counts or 0/1 flags)."""

    words: int
    detail: float
    over_length: float
    has_digit: float
    number_words: float
    bare_question: float
    open_question: float
    front_direct_address: float
    buried_direct_address: float
    people: float
    events: float
    reported_speech: float
    pointer: float
    contrast: float
    stakes: float
    exclamation: float
    shouting: float
    generic: float
    hedges: float

    def as_dict(self) -> dict[str, float]:
        return {key: float(value) for key, value in asdict(self).items()}


# Rounded weights of the pairwise logistic fit (see module docstring); signs are the
# general-principle ones and every weight is small enough that no single cue decides.
WEIGHTS: dict[str, float] = {
    "detail": 0.09,
    "over_length": -0.15,
    "has_digit": 0.6,
    "number_words": 0.1,
    "bare_question": -0.8,
    "open_question": -0.6,
    "front_direct_address": 0.0,
    "buried_direct_address": -0.25,
    "people": 0.15,
    "events": 0.45,
    "reported_speech": 0.3,
    "pointer": 0.4,
    "contrast": 0.2,
    "stakes": 0.3,
    "exclamation": -1.2,
    "shouting": -0.2,
    "generic": -0.3,
    "hedges": -0.5,
}
BIAS = -0.9


def hook_signals(text: str) -> HookSignals:
    """Measure the general properties of an opening line."""
    stripped = text.strip()
    words = _WORD.findall(stripped)
    n_words = len(words)
    first_words = " ".join(words[:3])
    is_question = "?" in stripped
    yes_no = is_question and bool(_YES_NO_OPENER.match(stripped))
    address_total = len(_DIRECT_ADDRESS.findall(stripped))
    address_front = 1 if _DIRECT_ADDRESS.search(first_words) else 0
    return HookSignals(
        words=n_words,
        detail=float(min(n_words, DETAIL_SATURATION_WORDS)),
        over_length=float(max(0, n_words - LONG_OPENER_WORDS)),
        has_digit=1.0 if re.search(r"\d", stripped) else 0.0,
        number_words=float(min(2, len(_NUMBER_WORD.findall(stripped)))),
        bare_question=1.0 if yes_no else 0.0,
        open_question=1.0 if is_question and not yes_no else 0.0,
        front_direct_address=float(address_front),
        buried_direct_address=1.0 if address_total and not address_front else 0.0,
        people=float(min(2, len(_PEOPLE.findall(stripped)))),
        events=float(min(2, len(_PAST_EVENT.findall(stripped)))),
        reported_speech=float(min(1, len(_REPORTED_SPEECH.findall(stripped)))),
        pointer=float(min(1, len(_POINTER.findall(stripped)))),
        contrast=float(min(1, len(_CONTRAST.findall(stripped)))),
        stakes=float(min(2, len(_STAKES.findall(stripped)))),
        exclamation=float(min(2, stripped.count("!"))),
        shouting=float(min(2, len(_SHOUT.findall(stripped)))),
        generic=float(min(2, len(_GENERIC.findall(stripped)))),
        hedges=float(min(2, len(_HEDGE.findall(stripped)))),
    )


def hook_contributions(signals: HookSignals) -> dict[str, float]:
    """Each signal's signed contribution to the logit, for explanations."""
    values = signals.as_dict()
    return {name: weight * values[name] for name, weight in WEIGHTS.items()}


def hook_strength(text: str) -> float:
    """A score in [0, 1] for how strongly an opening line holds attention."""
    if not text.strip():
        return 0.0
    # Rounded so equal evidence gives exactly equal scores whatever the summation order.
    logit = round(BIAS + sum(hook_contributions(hook_signals(text)).values()), 9)
    return 1.0 / (1.0 + math.exp(-logit))
