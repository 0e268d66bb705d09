"""Topic analysis: from a request or topic string to concrete angles worth saying.

The writer is only as specific as what it knows. :func:`analyse_topic` finds the key noun
phrase, matches it against the bundled ``knowledge.json`` (hand-written facts, myths, mistakes
and actions for common short-form topics, with conservative wording for any number), and
otherwise guesses the domain from keywords and fills that domain's angles with the topic's own
words, so an unknown topic still gets a script about *it*, not a generic one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_KNOWLEDGE_FILE = "knowledge.json"
_ABOUT = re.compile(
    r"\b(?:about|on|explaining|explain|covering|why|how)\s+(.+?)(?:[,.;!?]|\s+for\s+(?:my|our|a|the)\b|$)",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"\b(?:\d+\s*(?:s|sec|secs|second|seconds)|tiktok|tiktoks|instagram|reels?|shorts?|youtube|"
    r"linkedin|threads|facebook|video|videos|clip|playful|funny|serious|quick|short|a|an|"
    r"make|write|create|please|my|use|using|twin|persona|about)\b",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_LEADS = re.compile(
    r"^(?:the best way to|best way to|how to|how|why|learning|learn|tips for|guide to|"
    r"the truth about|truth about|intro to|introduction to|to)\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Fact:
    text: str
    short: str
    expert: str | None = None


@dataclass(frozen=True)
class TopicAngles:
    """Everything the writer can say about one topic, already phrased for templates."""

    key: str
    domain: str
    noun: str
    plural: bool
    specific: bool
    stat: Fact | None
    facts: tuple[Fact, ...]
    mistake: str
    myth: str
    claim: str
    truth: str
    secret: str
    story: str
    question: str
    challenge: str
    action: str
    visuals: tuple[str, ...]
    hashtags: tuple[str, ...]

    @property
    def noun_cap(self) -> str:
        return self.noun[:1].upper() + self.noun[1:]


@cache
def _knowledge() -> dict[str, Any]:
    text = resources.files("tools.llm.offline").joinpath(_KNOWLEDGE_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def domains() -> tuple[str, ...]:
    return tuple(_knowledge()["domains"])


def extract_topic_phrase(request: str) -> str:
    """The subject of a chat-style request: 'a 20s TikTok about passkeys, playful' → 'passkeys'."""
    match = _ABOUT.search(request)
    phrase = match.group(1) if match else request
    cleaned = _SPACES.sub(" ", _NOISE.sub(" ", phrase)).strip(" ,.-:;!?\"'")
    if not cleaned:
        cleaned = _SPACES.sub(" ", _NOISE.sub(" ", request)).strip(" ,.-:;!?\"'")
    cleaned = _LEADS.sub("", cleaned) or cleaned
    # Keep the creator's casing ("Rust"), except a capital that only starts the sentence.
    if cleaned and request.lstrip().startswith(cleaned[:1]) and cleaned[1:2].islower():
        cleaned = cleaned[:1].lower() + cleaned[1:]
    return cleaned or "this"


def _contains(text: str, keyword: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(keyword)}(?![a-z0-9])", text) is not None


def guess_domain(text: str) -> str:
    lowered = text.lower()
    best, best_hits = "general", 0
    for name, domain in _knowledge()["domains"].items():
        hits = sum(len(keyword) for keyword in domain["keywords"] if _contains(lowered, keyword))
        if hits > best_hits:
            best, best_hits = name, hits
    return best


def analyse_topic(topic: str, *, context_text: str = "") -> TopicAngles:
    """The angles for ``topic``; ``context_text`` (angle, request) only helps guess the domain."""
    lowered = topic.lower().strip()
    original = topic.strip()
    best: dict[str, Any] | None = None
    best_len = 0
    for entry in _knowledge()["topics"]:
        for keyword in entry["keywords"]:
            if _contains(lowered, keyword) and len(keyword) > best_len:
                best, best_len = entry, len(keyword)
    if best is not None:
        return _from_entry(best)
    noun = _short_noun(original)
    domain = guess_domain(f"{lowered} {context_text}")
    return _from_domain(domain, noun)


_CLAUSE_WORDS = frozenset({"that", "which", "who", "where", "when"})
_PREPOSITIONS = frozenset({"of", "for", "in", "on", "with", "about", "to", "from", "at", "by"})


def _short_noun(topic: str) -> str:
    """The head of a headline-like topic, to say mid-sentence: "Behind the scenes of making a
    short video" → "Behind the scenes", "Morning routines that actually stick" → "Morning
    routines". Casing is kept: a leading capital may be a name ("Rust ownership")."""
    words = _LEADS.sub("", topic).split()
    for lead in ("the", "a", "an", "your", "my"):
        if words and words[0].lower() == lead and len(words) > 1:
            words = words[1:]
    lowered = [w.lower().strip(",.:;!?") for w in words]
    cut = next((i for i, w in enumerate(lowered) if i >= 2 and w in _CLAUSE_WORDS), len(words))
    if cut > 4:
        cut = next((i for i, w in enumerate(lowered) if i >= 2 and w in _PREPOSITIONS), cut)
    return " ".join(words[: min(cut, 5)]).strip(" ,.:;!?") or "this"


def _fact(raw: dict[str, Any], noun: str, noun_cap: str) -> Fact:
    return Fact(
        text=_fill(raw["text"], noun, noun_cap),
        short=_fill(raw["short"], noun, noun_cap),
        expert=_fill(raw["expert"], noun, noun_cap) if raw.get("expert") else None,
    )


def _fill(template: str, noun: str, noun_cap: str) -> str:
    return template.replace("{topic}", noun).replace("{Topic}", noun_cap)


def _from_entry(entry: dict[str, Any]) -> TopicAngles:
    noun = str(entry["noun"])
    cap = noun[:1].upper() + noun[1:]
    domain = _knowledge()["domains"][entry["domain"]]
    stat = entry.get("stat")
    return TopicAngles(
        key=str(entry["id"]),
        domain=str(entry["domain"]),
        noun=noun,
        plural=bool(entry.get("plural", False)),
        specific=True,
        stat=Fact(text=stat["text"], short=stat["short"]) if stat else None,
        facts=tuple(_fact(raw, noun, cap) for raw in entry["facts"]),
        mistake=entry["mistake"],
        myth=entry["myth"],
        claim=entry["claim"],
        truth=entry["truth"],
        secret=entry["secret"],
        story=entry["story"],
        question=entry["question"],
        challenge=entry["challenge"],
        action=entry["action"],
        visuals=tuple(entry["visuals"]) + tuple(domain["visuals"]),
        hashtags=tuple(entry["hashtags"]) + tuple(domain["hashtags"]),
    )


def _from_domain(domain_name: str, noun: str) -> TopicAngles:
    domain = _knowledge()["domains"][domain_name]
    fallback = domain["fallback"]
    cap = noun[:1].upper() + noun[1:]

    def fill(key: str) -> str:
        return _fill(str(fallback[key]), noun, cap)

    topic_tag = re.sub(r"[^a-z0-9]", "", noun.lower())
    tags = ((topic_tag,) if 2 < len(topic_tag) <= 24 else ()) + tuple(domain["hashtags"])
    return TopicAngles(
        key=f"{domain_name}:{topic_tag or 'topic'}",
        domain=domain_name,
        noun=noun,
        plural=noun.endswith("s") and not noun.endswith("ss"),
        specific=False,
        stat=None,
        facts=tuple(_fact(raw, noun, cap) for raw in fallback["facts"]),
        mistake=fill("mistake"),
        myth=fill("myth"),
        claim=fill("claim"),
        truth=fill("truth"),
        secret=fill("secret"),
        story=fill("story"),
        question=fill("question"),
        challenge=fill("challenge"),
        action=fill("action"),
        visuals=tuple(domain["visuals"]),
        hashtags=tags,
    )
