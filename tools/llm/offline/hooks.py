"""Hook families: many phrasings per ``HookType``, chosen to fit the platform's hook window.

A hook has to be *said* inside the window, so every phrasing is rendered for the topic and only
those short enough survive. Phrasings avoid what loses viewers in the first second: yes/no
questions (an easy "no"), exclamation marks and empty superlatives. A winning hook from memory
is reused by its pattern (family, opening word, shape), not by its words.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass

from tools.llm.offline.topics import TopicAngles

HOOK_TYPES: tuple[str, ...] = (
    "question",
    "bold_claim",
    "surprising_number",
    "mistake",
    "story_open",
    "challenge",
    "secret",
)

MAX_OVERRUN_WORDS = 2

# When a family has no phrasing that fits the window, the nearest families in spirit come next
# (a number becomes a claim, a story a question), so the plan's choice — and the remembered
# winner behind it — still shapes the opening.
_NEAREST: dict[str, tuple[str, ...]] = {
    "question": ("secret", "mistake", "challenge", "bold_claim", "story_open", "surprising_number"),
    "bold_claim": ("surprising_number", "mistake", "secret", "challenge", "question", "story_open"),
    "surprising_number": ("bold_claim", "secret", "mistake", "question", "challenge", "story_open"),
    "mistake": ("bold_claim", "challenge", "question", "secret", "surprising_number", "story_open"),
    "story_open": ("question", "secret", "mistake", "challenge", "bold_claim", "surprising_number"),
    "challenge": ("mistake", "bold_claim", "question", "secret", "story_open", "surprising_number"),
    "secret": ("question", "surprising_number", "bold_claim", "mistake", "story_open", "challenge"),
}

# Slots: {topic} {Topic} {mistake} {Mistake} {myth} {claim} {claim_lc} {secret} {Secret}
# {story} {story_you} {challenge} {Challenge} {stat} {stat_lc} {seconds}
FAMILIES: dict[str, tuple[str, ...]] = {
    "question": (
        "{question}",
        "{question} Here's why.",
        "Why is everyone still {mistake}?",
        "Why does nobody explain {topic} properly?",
        "Think {myth}? Watch this.",
        "How did {topic} get this confusing?",
        "What happens when you stop {mistake}?",
        "Why do smart people keep {mistake}?",
        "Why did I keep {mistake}?",
        "What does {topic} actually fix?",
        "{Mistake}? Here's why not.",
    ),
    "bold_claim": (
        "{claim}",
        "Unpopular opinion: {claim_lc}",
        "{claim} Here's the proof.",
        "Hot take: {claim_lc}",
        "I'll say it: {claim_lc}",
        "{claim} And that's fixable.",
        "Real talk: {claim_lc}",
    ),
    "surprising_number": (
        "{stat}",
        "{stat} Here's why.",
        "This surprised me: {stat_lc}",
        "{stat} Nobody told you.",
        "Fact: {stat_lc}",
    ),
    "mistake": (
        "Stop {mistake}.",
        "You're {mistake}. Stop.",
        "The biggest {topic} mistake: {mistake}.",
        "Quit {mistake}. Here's why.",
        "I was {mistake} for years.",
        "Everyone gets {topic} wrong. Here's how.",
        "{Mistake} is costing you.",
        "No more {mistake}.",
    ),
    "story_open": (
        "I {story}.",
        "So I {story}.",
        "Last month I {story}.",
        "I {story}. Here's what happened.",
        "This week I {story}.",
        "Confession: I {story}.",
        "Once, I {story}.",
    ),
    "story_open_you": (
        "Imagine you {story_you}.",
        "Picture this: you {story_you}.",
        "Say you {story_you}. Then what?",
    ),
    "challenge": (
        "{Challenge}. Go.",
        "{Challenge}. Starting today.",
        "Try this: {challenge}.",
        "I dare you: {challenge}.",
        "Quick test: {challenge}.",
        "I tried this: {challenge}.",
        "Here's a challenge: {challenge}.",
    ),
    "secret": (
        "Nobody tells you this about {topic}.",
        "Here's the secret: {secret}.",
        "The {topic} secret? {Secret}.",
        "Insiders know this: {secret}.",
        "I learned this late: {secret}.",
        "{Secret}. Nobody says it.",
        "{Secret}.",
        "Quiet fact: {secret}.",
        "The part of {topic} nobody mentions.",
    ),
}
_CONTENT_SLOT = re.compile(r"\{(?!topic\}|Topic\}|seconds\})\w+\}")
# For topics without a vetted number, numbers that are true by construction.
NUMBERLESS_STAT: tuple[str, ...] = (
    "{Topic} in {seconds} seconds.",
    "One {topic} fix. {seconds} seconds.",
    "Three seconds: {mistake} stops here.",
)

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")


@dataclass(frozen=True)
class HookStyle:
    """The persona traits that steer which phrasing of a family it would say."""

    energy: str = "medium"
    vocabulary: str = "conversational"
    point_of_view: str = "mixed"


@dataclass(frozen=True)
class HookChoice:
    family: str
    text: str
    template: str


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def opener_word_count(text: str) -> int:
    """Words in the first sentence: what must be said inside the hook window (the critic's
    rule); a short follow-up ("At all.") may run on into the rest of the hook scene."""
    return word_count(_SENTENCE_END.split(text.strip(), maxsplit=1)[0])


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():  # acronyms stay ("AI agents")
        return text
    return text[:1].lower() + text[1:]


def slots(angles: TopicAngles, seconds: int) -> dict[str, str]:
    stat = angles.stat.text if angles.stat else ""
    story_you = re.sub(r"\bmy\b", "your", angles.story)
    return {
        "topic": angles.noun,
        "Topic": angles.noun_cap,
        "mistake": angles.mistake,
        "Mistake": _cap(angles.mistake),
        "myth": angles.myth,
        "claim": angles.claim,
        "claim_lc": _lower_first(angles.claim),
        "secret": angles.secret,
        "Secret": _cap(angles.secret),
        "story": angles.story,
        "question": angles.question,
        "story_you": story_you,
        "challenge": angles.challenge,
        "Challenge": _cap(angles.challenge),
        "stat": stat,
        "stat_lc": _lower_first(stat),
        "seconds": str(seconds),
    }


def templates_for(family: str, angles: TopicAngles, point_of_view: str) -> tuple[str, ...]:
    if family == "surprising_number" and angles.stat is None:
        return NUMBERLESS_STAT
    if family == "story_open" and point_of_view == "second_person":
        return FAMILIES["story_open_you"]
    return FAMILIES.get(family, FAMILIES["bold_claim"])


def infer_family(text: str) -> str:
    """The hook family a remembered hook belongs to, from its words."""
    lowered = text.lower()
    if re.search(r"\d", lowered):
        return "surprising_number"
    if re.search(r"\b(stop|quit|mistake|wrong)\b", lowered):
        return "mistake"
    if re.search(r"\b(secret|nobody tells|no one tells|insiders?)\b", lowered):
        return "secret"
    if re.search(r"\b(try|dare|challenge|bet you)\b", lowered):
        return "challenge"
    if re.match(r"\s*(i|so i|last \w+ i|this \w+ i|imagine|picture)\b", lowered):
        return "story_open"
    if "?" in lowered:
        return "question"
    return "bold_claim"


def _pattern_affinity(template: str, rendered: str, pattern: str) -> float:
    """How much a phrasing shares a remembered hook's shape: opener, punctuation, sentences."""
    score = 0.0
    first = _WORD.findall(pattern.lower())[:1]
    if first and _WORD.findall(rendered.lower())[:1] == first:
        score += 2.0
    if pattern.rstrip().endswith("?") == rendered.rstrip().endswith("?"):
        score += 0.5
    pattern_sentences = len(re.findall(r"[.?!…](\s|$)", pattern.strip())) or 1
    rendered_sentences = len(re.findall(r"[.?!…](\s|$)", rendered.strip())) or 1
    if pattern_sentences == rendered_sentences:
        score += 1.0
    if ":" in pattern and ":" in template:
        score += 0.5
    return score


def _style_affinity(template: str, rendered: str, style: HookStyle) -> float:
    """How much a phrasing sounds like the persona (first person, punchy, explanatory...)."""
    score = 0.0
    speaks_as_i = bool(re.match(r"(I|So I|Last month I|This week I)\b", template)) or (
        " I " in f" {template} "
    )
    if style.point_of_view == "first_person" and speaks_as_i:
        score += 1.5
    if style.point_of_view == "second_person" and ("you" in template.lower() or speaks_as_i):
        score += 1.0 if not speaks_as_i else -1.0
    if style.energy == "high" and word_count(rendered) <= 5:
        score += 1.0
    if style.energy == "low" and ("Here's" in template or "?" in template):
        score += 1.0
    if style.vocabulary == "expert" and ":" in template:
        score += 1.0
    if style.vocabulary == "simple" and template.startswith("{"):
        score += 0.5
    return score


def choose_hook(
    angles: TopicAngles,
    family: str,
    *,
    max_words: int,
    max_total_words: int,
    seconds: int,
    style: HookStyle,
    rng: random.Random,
    pattern: str | None = None,
    avoid: frozenset[str] = frozenset(),
) -> HookChoice:
    """A hook of ``family`` whose first sentence fits in ``max_words`` (the hook window) and
    whole text in ``max_total_words`` (the hook scene), in the persona's style.

    Phrasings that carry something specific to the topic (its mistake, claim, secret, number)
    beat those that only name it, so two topics never get one template with the noun swapped;
    a remembered winner's shape, then the persona's style, break the remaining ties.
    """
    values = slots(angles, seconds)
    families = [family, *_NEAREST.get(family, HOOK_TYPES)]
    # A real opening a word or two over the window (a minor timing note from the critic) beats
    # the last-resort "{Topic}, fixed.", which says nothing.
    for overrun, candidate_family in itertools.product(range(MAX_OVERRUN_WORDS + 1), families):
        fitting = [
            (template, text)
            for template in templates_for(candidate_family, angles, style.point_of_view)
            if (text := template.format(**values)).strip()
            and opener_word_count(text) <= max_words + overrun
            and word_count(text) <= max_total_words + overrun
            and text not in avoid
        ]
        if not fitting:
            continue

        def score(item: tuple[str, str]) -> float:
            template, text = item
            total = 3.0 if _CONTENT_SLOT.search(template) else 0.0
            if pattern:
                total += 2 * _pattern_affinity(template, text, pattern)
            return total + _style_affinity(template, text, style)

        best = max(score(item) for item in fitting)
        top = [item for item in fitting if score(item) >= best - 1.0]
        template, text = top[rng.randrange(len(top))]
        return HookChoice(family=candidate_family, text=text, template=template)
    short = f"{angles.noun_cap}, fixed."
    if word_count(short) > max_words:
        short = f"{angles.noun_cap}."
    return HookChoice(family="bold_claim", text=short, template="{Topic}, fixed.")
