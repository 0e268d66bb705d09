"""The offline story writer: a hook → escalate → twist → loop script from a plan and a persona.

Each beat is assembled from the topic's angles (:mod:`tools.llm.offline.topics`), phrased by the
hook family and the emotion curve, said in the persona's voice (:mod:`tools.llm.offline.voice`),
then fitted to a word budget of duration × the platform's ideal words per second and timed scene
by scene so the hook's first sentence is said inside the platform's hook window and the hook
scene ends by twice the window (the critic's rule). Choices are seeded by (topic, persona,
attempt): the same request gives the same script, a retry or another persona a different one.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from typing import Any

from tools.llm.offline.context import EmotionCurve, MemoryHit, StoryContext
from tools.llm.offline.hooks import (
    HOOK_TYPES,
    HookStyle,
    choose_hook,
    infer_family,
    word_count,
)
from tools.llm.offline.retry_fixes import Fixes, fixes_from
from tools.llm.offline.topics import Fact, TopicAngles, analyse_topic
from tools.llm.offline.voice import Voice, sentences_of

MAX_SCRIPT_WORDS = 150
MIN_DURATION_SEC = 8
MAX_DURATION_SEC = 30
MAX_ON_SCREEN_WORDS = 6
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "so",
        "to",
        "of",
        "in",
        "on",
        "for",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "it",
        "this",
        "that",
        "your",
        "you",
        "i",
        "my",
        "me",
        "we",
        "our",
        "they",
        "them",
        "its",
        "it's",
        "at",
        "by",
        "as",
        "from",
        "just",
        "not",
        "no",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "what",
        "why",
        "how",
        "who",
        "here",
        "there",
        "than",
        "then",
        "into",
        "out",
        "up",
        "about",
        "one",
    ]
)

_TWIST_BY_MOOD: dict[str, tuple[str, ...]] = {
    "surprise": (
        "Plot twist: {truth}.",
        "But here's the twist: {truth}.",
        "The surprise? {Truth}.",
    ),
    "tension": (
        "But here's the catch: {truth}.",
        "Here's what stings: {truth}.",
        "The catch? {Truth}.",
    ),
    "relief": ("The good news? {Truth}.", "Here's the fix: {truth}.", "The payoff? {Truth}."),
    "curiosity": (
        "Here's the part nobody says: {truth}.",
        "Turns out {truth}.",
        "The real answer? {Truth}.",
        "What actually matters: {truth}.",
    ),
}
_MOOD_WORDS: dict[str, tuple[str, ...]] = {
    "surprise": ("surprise", "shock", "awe", "wonder", "twist", "reveal"),
    "tension": (
        "tension",
        "fear",
        "urgency",
        "anger",
        "frustration",
        "stakes",
        "conflict",
        "concern",
    ),
    "relief": (
        "relief",
        "hope",
        "joy",
        "satisfaction",
        "payoff",
        "inspiration",
        "pride",
        "calm",
        "confidence",
        "delight",
        "resolution",
    ),
}
_TWIST_LABEL: dict[str, str] = {
    "surprise": "Plot twist",
    "tension": "Here's the catch",
    "relief": "The fix",
    "curiosity": "The real answer",
}
_LIGHTING: dict[str, str] = {
    "surprise": "sudden bright rim light",
    "tension": "hard contrast, cool shadows",
    "relief": "warm golden light",
    "curiosity": "soft spotlight in a dim room",
}


@dataclass
class _Piece:
    """One sentence of a beat, with shorter ways to say it when the budget is tight."""

    scene: str
    order: int
    variants: list[str]
    priority: int  # 0 = required; higher = dropped first
    level: int = 0
    costs: tuple[float, ...] = ()  # what each shorter variant loses (a twist's truth > a lead-in)

    @property
    def text(self) -> str:
        return self.variants[self.level]

    @property
    def can_shrink(self) -> bool:
        return self.level < len(self.variants) - 1

    def shrink_cost(self) -> tuple[float, int]:
        """What stepping down to the next variant loses, then (as a tie-break) words kept."""
        saved = word_count(self.text) - word_count(self.variants[self.level + 1])
        cost = self.costs[self.level] if self.level < len(self.costs) else 1.0
        return cost, -saved


HOOK_FOLLOW_UP_WORDS = 3  # "Here's why." / "At all." after the opener, inside the hook scene


def seed_for(*parts: object) -> int:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return int(digest[:16], 16)


def mood_of(emotion: str) -> str:
    lowered = emotion.lower()
    for mood, words in _MOOD_WORDS.items():
        if any(word in lowered for word in words):
            return mood
    return "curiosity"


def emotion_at(curve: EmotionCurve | None, position: float, fallback: str) -> str:
    if curve is None or not curve.points:
        name = (curve.name if curve else "") or fallback
        parts = [p for p in re.split(r"[^a-z]+", name.lower()) if p and p not in {"to", "and"}]
        if not parts:
            return "curiosity"
        return parts[min(len(parts) - 1, int(position * len(parts)))]
    nearest = min(curve.points, key=lambda point: abs(point.at - position))
    return nearest.emotion


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_CUT_BEFORE = re.compile(r"\s+(?:and|for|instead|before|with|to|on|in|so|because|by|until)\s")


def _label(text: str, fallback: str, *, cut: bool = True) -> str:
    """On-screen text: the phrase when short, else its best short clause, else ``fallback``."""
    cleaned = text.strip().rstrip(".!…")
    if 0 < word_count(cleaned) <= MAX_ON_SCREEN_WORDS:
        return cleaned
    if ":" in cleaned:  # "Hot take: time beats money" → the claim, not the lead-in
        tail = cleaned.split(":", 1)[1].strip().split(".")[0]
        if 0 < word_count(tail) <= MAX_ON_SCREEN_WORDS:
            return _cap(tail)
    for joint in ("?", ",", "."):
        head = cleaned.split(joint)[0].strip()
        if 1 < word_count(head) <= MAX_ON_SCREEN_WORDS and head != cleaned:
            return head + ("?" if joint == "?" else "")
    for match in _CUT_BEFORE.finditer(cleaned) if cut else ():
        head = cleaned[: match.start()]
        if 2 < word_count(head) <= MAX_ON_SCREEN_WORDS:
            return _cap(head)
    return fallback


_LEAD_IN = re.compile(
    r"^(?:fact|hot take|unpopular opinion|real talk|quiet fact|i'll say it|this surprised me|"
    r"insiders know this|here's the secret|i learned this late|confession):\s*",
    re.IGNORECASE,
)


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.?!])\s+", text.strip())[0]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _first_clause(text: str) -> str:
    """The main clause of a sentence: up to ", because", ", so", ", and", "; "."""
    match = re.search(r",\s+(?:because|so|and|which|including)\s|;\s", text)
    return text[: match.start()] if match else text


def _strip_lead(text: str) -> str:
    stripped = _LEAD_IN.sub("", text)
    return stripped[:1].upper() + stripped[1:] if stripped != text else text


_KEEP_CASE = re.compile(
    r"^(?:I|I'm|I've|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|June|July|August|September|October|November|December)\b"
)


def _lower_common(text: str) -> str:
    """Lower-case the first word after a lead-in unless it is a name, "I" or an acronym."""
    return text if _KEEP_CASE.match(text) else _lower(text)


def _lower(text: str) -> str:
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _you(story: str) -> str:
    return re.sub(r"\bmy\b", "your", story)


def _keywords(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'’\-]+", text)
    return [w for w in words if w.lower() not in _STOP and len(w) > 3]


def _pick(rng: random.Random, options: tuple[str, ...] | list[str]) -> str:
    return options[rng.randrange(len(options))]


class StoryWriter:
    """Writes one Story dict for a :class:`StoryContext`."""

    def __init__(self, context: StoryContext) -> None:
        self.ctx = context
        self.plan = context.plan
        self.fixes: Fixes = fixes_from(context.critic_feedback)
        constraints = context.constraints
        if self.fixes.simple_vocabulary:
            constraints = constraints.model_copy(update={"vocabulary_level": "simple"})
        self.voice = Voice.from_constraints(constraints, cap_delta=self.fixes.cap_delta)
        self.angles: TopicAngles = analyse_topic(self.plan.topic, context_text=self.plan.angle)
        self.rng = random.Random(
            seed_for(self.plan.topic.lower(), constraints.persona_name, context.attempt)
        )
        rules = context.platform_rules
        self.window = rules.hook_window_sec
        self.wps = rules.ideal_wps
        self.duration = max(MIN_DURATION_SEC, min(MAX_DURATION_SEC, self.plan.target_duration_sec))
        if self.fixes.target_words:
            self.budget = self.fixes.target_words
        else:
            self.budget = int(self.duration * self.wps * self.fixes.budget_factor)
        self.budget = max(12, min(MAX_SCRIPT_WORDS, self.budget))
        self.hashtag_max = max(3, min(8, rules.hashtag_max))
        self.caption_max = rules.caption_max_chars

    # -- beats ---------------------------------------------------------------------------
    def _memory_pattern(self) -> MemoryHit | None:
        hooks = [h for h in self.ctx.memory_hits if h.kind.lower() in {"hook", "hooks", "pattern"}]
        if not hooks:
            return None
        hooks.sort(key=lambda hit: (-hit.score, hit.id))
        planned = self.plan.hook_type
        for hit in hooks:
            if (hit.hook_type or infer_family(hit.text)) == planned:
                return hit
        return hooks[0]

    def _hook(self) -> tuple[str, str, MemoryHit | None]:
        family = self.plan.hook_type if self.plan.hook_type in HOOK_TYPES else "bold_claim"
        memory = self._memory_pattern()
        if memory is not None and not self.fixes.new_hook:
            family = memory.hook_type or infer_family(memory.text)
        if self.fixes.prefer_strong_hook and family != "surprising_number":
            # A concrete number or a plain claim beats a question or a tease.
            family = "surprising_number" if self.angles.stat else "bold_claim"
        # Short reels get short hooks: the hook must leave room for the other three beats.
        limit = min(int(self.window * self.wps), max(4, int(self.budget * 0.3)))
        limit = max(3, limit - self.fixes.hook_trim)
        if self.fixes.hook_max_words:
            limit = min(limit, max(3, self.fixes.hook_max_words))
        # The hook scene may run to twice the window, so a short follow-up sentence fits after
        # the opener; a retry told to shorten the hook keeps the whole hook to the limit.
        shorten = bool(self.fixes.hook_max_words or self.fixes.hook_trim)
        total_limit = limit if shorten else min(limit + HOOK_FOLLOW_UP_WORDS, 2 * limit)
        total_limit = min(total_limit, max(limit, int(self.budget * 0.3)))  # short reels
        avoid: set[str] = set()
        previous = (self.ctx.previous_attempt or {}).get("scenes") or []
        if self.fixes.new_hook and previous and isinstance(previous[0], dict):
            avoid.add(str(previous[0].get("narration", "")).strip())
            avoid.update(hook.strip() for hook in self.ctx.earlier_hooks)
        for _ in range(6):
            choice = choose_hook(
                self.angles,
                family,
                max_words=limit,
                max_total_words=total_limit,
                seconds=self.duration,
                style=HookStyle(self.voice.energy, self.voice.vocabulary, self.voice.point_of_view),
                rng=self.rng,
                pattern=memory.text if memory else None,
                avoid=frozenset(avoid),
            )
            if self.voice.allows(choice.text):
                return choice.text, choice.family, memory
            avoid.add(choice.text)
        return f"{self.angles.noun_cap}, explained.", "bold_claim", memory

    def _fits_cap(self, text: str) -> bool:
        parts = self.voice.say(text)
        return bool(parts) and all(word_count(part) <= self.voice.cap for part in parts)

    def _fact_text(self, fact: Fact) -> str:
        if self.voice.vocabulary == "expert" and fact.expert:
            return fact.expert
        return fact.text

    def _escalate(self) -> list[_Piece]:
        # A catchphrase that introduces something ("Receipts:") introduces the evidence.
        self.catchphrase = self.voice.catchphrase(self.rng) or ""
        intro = self.catchphrase if self.catchphrase.endswith(":") else ""
        facts = list(self.angles.facts)
        start = self.rng.randrange(len(facts))
        facts = facts[start:] + facts[:start]
        # Lead with a fact this persona can say whole within its sentence cap.
        sayable = [f for f in facts if self._fits_cap(f"{intro} {self._fact_text(f)}".strip())]
        if sayable:
            facts.remove(sayable[0])
            facts.insert(0, sayable[0])
        pieces: list[_Piece] = []
        connectors: list[str] = ["Here's why.", "Think about it.", "Quick context."]
        if self.voice.point_of_view == "first_person":
            connectors = ["I checked.", "Here's what I learned.", "I looked into it."]
        elif self.voice.point_of_view == "second_person":
            connectors = ["You need this.", "Look at this.", "Here's what you should know."]
        if self.voice.energy == "high":
            connectors = ["Listen.", "Okay, so.", *connectors[:1]]
        elif self.voice.energy == "low":
            connectors = ["Let's slow down.", "Consider this.", *connectors[:1]]
        if self.voice.vocabulary == "expert":
            connectors = ["The mechanics are simple.", "The evidence is clear.", *connectors[:1]]
        connector = _pick(self.rng, connectors)
        if self.voice.point_of_view == "first_person":
            # The connector is where the persona's "I" is guaranteed to be heard.
            pov_word = "I"
            voiced = [c for c in connectors if re.search(rf"\b{pov_word}\b", c, re.I)]
            connector = _pick(self.rng, voiced) if voiced else connector
            pieces.append(_Piece("escalate", 0, [connector, ""], priority=0, costs=(7.5,)))
        else:
            pieces.append(_Piece("escalate", 0, [connector], priority=5))
        self.lead_fact = facts[0]
        for index, fact in enumerate(facts):
            text = self._fact_text(fact)
            variants = [text, fact.text] if text != fact.text else [text]
            costs: tuple[float, ...] = (2.0,) * (len(variants) - 1)
            if index == 0:  # the label as a sentence: terse, but keeps the beat in short reels
                variants.append(f"{fact.short}.")
                costs = (*costs, 8.5)
                if intro:
                    variants = [f"{intro} {_lower_common(v)}" for v in variants]
            pieces.append(
                _Piece(
                    "escalate",
                    1 + index,
                    variants,
                    priority=0 if index == 0 else 1 + 3 * (index - 1),
                    costs=costs,
                )
            )
        return pieces

    def _twist(self, mood: str, hook: str) -> list[_Piece]:
        truth = self.angles.truth
        options = list(_TWIST_BY_MOOD[mood])
        if self.voice.point_of_view == "first_person":
            options.append("What I found: {truth}.")
        if self.voice.energy == "low":
            options.append("Here's the quiet part: {truth}.")
        line = _pick(self.rng, options).format(truth=truth, Truth=_cap(truth))
        myth = _pick(
            self.rng,
            ["Everyone thinks {myth}.", "Most people assume {myth}.", "You've heard {myth}."],
        ).format(myth=self.angles.myth)
        openers = [
            o
            for o in (
                "Turns out {t}.",
                "Truth is, {t}.",
                "In reality, {t}.",
                "Actually, {t}.",
                "Here's the thing: {t}.",
            )
            if self.voice.allows(o.format(t=""))
        ]
        opener = _pick(self.rng, openers) if openers else "Actually, {t}."
        plain = opener.format(t=truth)
        short = opener.format(t=self.angles.secret)
        bare = f"{_cap(self.angles.secret)}."
        clause = _first_clause(truth)
        core = opener.format(t=clause) if clause != truth else ""
        if self.angles.secret.lower() not in hook.lower():
            shorter: tuple[str, ...] = (short, bare)
        else:  # the hook already said the secret; the bold claim is the short twist instead
            shorter = (self.angles.claim,) if self.angles.claim not in hook else ()
        variants, costs = [line], []
        for variant, cost in zip((plain, core, *shorter), (1.0, 3.0, 8.0, 9.0), strict=False):
            if variant and variant not in variants:
                variants.append(variant)
                costs.append(cost)
        pieces = [
            _Piece("twist", 0, [myth], priority=3),
            _Piece("twist", 1, variants, priority=0, costs=tuple(costs)),
        ]
        signature = self.voice.signature_line(self.rng)
        if signature:
            priority = 1 if self.fixes.persona_markers else 2
            pieces.append(_Piece("twist", 2, [signature], priority=priority))
        return pieces

    def _loop(self, hook: str, family: str) -> list[_Piece]:
        action = self.angles.action
        catchphrase = self.catchphrase if not self.catchphrase.endswith(":") else ""
        leads = ["So {a}.", "Your move: {a}.", "Do this: {a}.", "Try it: {a}."]
        lead = _pick(self.rng, leads)
        challenge = f"Try this: {self.angles.challenge}."
        variants = [lead.format(a=action), f"{_cap(action)}."]
        costs = [0.5]
        if family != "challenge":
            variants.append(challenge)
            costs.append(3.0)
        variants.append("")  # the callback alone can close the loop
        costs.append(5.0)
        pieces = [_Piece("loop", 0, variants, priority=0, costs=tuple(costs))]
        if catchphrase:
            # The persona's voice is worth more than a call to action, less than the twist.
            cost = 9.0 if self.fixes.persona_markers else 6.0
            pieces.append(_Piece("loop", 1, [catchphrase, ""], priority=0, costs=(cost,)))
        callback = self._callback(hook, family)
        variants = [callback]
        for shorter in (self._short_callback(hook), self._tiny_callback(hook)):
            if word_count(shorter) < word_count(variants[-1]):
                variants.append(shorter)
        callback_costs = (8.7, 9.5)[: len(variants) - 1]
        pieces.append(_Piece("loop", 2, variants, priority=0, costs=callback_costs))
        return pieces

    def _callback(self, hook: str, family: str) -> str:
        """The last line: echoes the hook's key words and runs straight back into it."""
        angles = self.angles
        body = _strip_lead(_first_sentence(hook)).rstrip(".!?…")
        if self.fixes.strong_loop:
            echo = body if body[1:2].isupper() else body[:1].lower() + body[1:]
            return f"Remember: {echo}…"
        you = self.voice.point_of_view == "second_person"
        by_family: dict[str, list[str]] = {
            "mistake": [
                f"So if you're still {angles.mistake}…",
                f"And that's why I keep saying: no more {angles.mistake}…",
            ],
            "bold_claim": [
                f"So yes: {_lower(angles.claim.rstrip('.'))}…",
                f"I'll say it again: {_lower(angles.claim.rstrip('.'))}…",
            ],
            "surprising_number": [
                f"Still doubt it? {angles.stat.short}…",
                f"And remember: {_lower(body)}…",
            ]
            if angles.stat
            else [f"Back to {angles.noun}…", f"So again: {angles.noun}…"],
            "question": [
                f"So next time someone asks about {angles.noun}…",
                f"And that's the real answer on {angles.noun}…",
            ],
            "secret": [
                f"That's why {_lower(angles.secret)}…",
                f"That's the {angles.noun} secret nobody tells you…",
                f"And now you know what nobody tells you about {angles.noun}…",
            ],
            "story_open": [
                f"And that's what happened when {'you' if you else 'I'} "
                f"{angles.story if not you else _you(angles.story)}…",
                f"And that's why {'you' if you else 'I'} "
                f"{angles.story if not you else _you(angles.story)}…",
            ],
            "challenge": [
                f"So go on: {angles.challenge}…",
                f"Your challenge, again: {angles.challenge}…",
            ],
        }
        options = by_family.get(family) or [f"Because when it comes to {angles.noun}…"]
        hook_words = {w.lower() for w in _keywords(hook)}
        echoing = [
            o
            for o in options
            if self.voice.allows(o) and hook_words & {w.lower() for w in _keywords(o)}
        ]
        return _pick(self.rng, echoing) if echoing else self._short_callback(hook)

    def _tiny_callback(self, hook: str) -> str:
        """Three words for the shortest reels: "Again: <the hook's last key word>…"."""
        words = sorted(_keywords(_strip_lead(_first_sentence(hook))), key=len)
        word = words[-1] if words else self.angles.noun
        return f"Again: {word if word[1:2].isupper() else word.lower()}…"

    def _short_callback(self, hook: str) -> str:
        """The shortest line that still echoes the hook and runs back into it."""
        if self.angles.noun.lower() in hook.lower():
            return f"Back to {self.angles.noun}…"
        body = _strip_lead(_first_sentence(hook)).rstrip(".!?…")
        if word_count(body) <= 7:
            return f"Remember: {_lower(body)}…"
        words = sorted(_keywords(body), key=len, reverse=True)
        return f"Back to {_lower(words[0]) if words else self.angles.noun}…"

    # -- assembly ------------------------------------------------------------------------
    def _fit(self, pieces: list[_Piece]) -> list[_Piece]:
        """Shrink the cheapest sentences until the budget holds, grow back what then fits,
        and only then add optional sentences."""

        def total(items: list[_Piece]) -> int:
            return sum(word_count(p.text) for p in items)

        required = [p for p in pieces if p.priority == 0]
        while total(required) > self.budget:
            shrinkable = [p for p in required if p.can_shrink]
            if not shrinkable:
                break
            min(shrinkable, key=lambda p: p.shrink_cost()).level += 1
        grew = True
        while grew:
            grew = False
            for piece in sorted(
                (p for p in required if p.level > 0), key=lambda p: -p.costs[p.level - 1]
            ):
                bigger = word_count(piece.variants[piece.level - 1]) - word_count(piece.text)
                if total(required) + bigger <= self.budget:
                    piece.level -= 1
                    grew = True
                    break
        chosen = [p for p in required if p.text]
        twist_level = next((p.level for p in required if p.scene == "twist"), 0)
        for piece in sorted((p for p in pieces if p.priority > 0), key=lambda p: p.priority):
            if piece.scene == "twist" and piece.order == 0 and twist_level >= 2:
                continue  # "everyone thinks X" only sets up the full truth, not the short form
            if total(chosen) + word_count(piece.text) <= self.budget:
                chosen.append(piece)
        return chosen

    def _drop_over_cap(self, pieces: list[_Piece]) -> None:
        """Keep only phrasings the persona can say within its sentence cap (splitting at
        natural joints); a piece with none keeps its shortest phrasing."""
        for piece in pieces:
            if piece.scene == "hook":
                continue
            fits = [
                index
                for index, text in enumerate(piece.variants)
                if not text
                or (text.endswith("…") and self.voice.allows(text))
                or (
                    (parts := self.voice.say(text))
                    and all(word_count(part) <= self.voice.cap for part in parts)
                )
            ]
            if not fits:  # nothing sayable: the shortest allowed phrasing, or drop the piece
                allowed = [i for i, t in enumerate(piece.variants) if self.voice.allows(t)]
                fits = allowed[-1:] if allowed else []
                if not fits and piece.priority > 0:
                    piece.variants, piece.costs = [""], ()
                    continue
            if fits and len(fits) < len(piece.variants):
                piece.variants = [piece.variants[i] for i in fits]
                piece.costs = tuple(
                    piece.costs[i - 1] if 0 < i <= len(piece.costs) else 1.0 for i in fits[1:]
                )

    def _voiced(self, piece: _Piece, exclaim: bool) -> list[str]:
        if piece.scene == "hook" or piece.text.endswith("…"):
            return [piece.text]
        return self.voice.say(piece.text, exclaim=exclaim)

    def write(self) -> dict[str, Any]:
        hook, family, _memory = self._hook()
        twist_mood = mood_of(emotion_at(self.ctx.emotion_curve, 0.7, self.plan.emotion_curve))
        self.twist_mood = twist_mood
        pieces = [_Piece("hook", 0, [hook], priority=0)]
        pieces += self._escalate() + self._twist(twist_mood, hook) + self._loop(hook, family)
        self._drop_over_cap(pieces)
        chosen = self._fit(pieces)
        self.chosen = {(p.scene, p.order): p for p in chosen}
        narration: dict[str, list[str]] = {"hook": [], "escalate": [], "twist": [], "loop": []}
        for piece in sorted(chosen, key=lambda p: (list(narration).index(p.scene), p.order)):
            exclaim = piece.scene == "loop" and piece.order == 0
            narration[piece.scene].extend(self._voiced(piece, exclaim))
        for scene, lines in narration.items():
            if not lines:  # every beat must exist, even if the voice dropped its sentence
                narration[scene] = [self._rescue_line(scene, hook)]
        timings = self._timings({k: " ".join(v) for k, v in narration.items()})
        scenes = []
        visuals = self._visuals(hook)
        for index, purpose in enumerate(narration):
            text = " ".join(narration[purpose])
            start, end = timings[purpose]
            scenes.append(
                {
                    "purpose": purpose,
                    "start_sec": start,
                    "end_sec": end,
                    "narration": text,
                    "on_screen_text": self._allowed_label(self._on_screen(purpose, hook, family)),
                    "visual_prompt": visuals[index],
                }
            )
        return {
            "title": self._title(),
            "scenes": scenes,
            "caption": self._caption(hook),
            "hashtags": self._hashtags(),
            "language": "en",
        }

    def _rescue_line(self, scene: str, hook: str) -> str:
        fallback = {
            "hook": f"{self.angles.noun_cap}, explained.",
            "escalate": f"{self.angles.facts[0].short}.",
            "twist": f"Turns out {self.angles.secret}.",
            "loop": self._callback(hook, "bold_claim"),
        }[scene]
        return fallback if self.voice.allows(fallback) else f"{self.angles.noun_cap}."

    def _timings(self, narration: dict[str, str]) -> dict[str, tuple[float, float]]:
        hook_words = word_count(narration["hook"])
        hook_end = round(min(2 * self.window, max(1.2, hook_words / self.wps + 0.2)), 1)
        rest = {k: max(1, word_count(v)) for k, v in narration.items() if k != "hook"}
        remaining = self.duration - hook_end
        total = sum(rest.values())
        timings = {"hook": (0.0, hook_end)}
        cursor = hook_end
        for index, (purpose, words) in enumerate(rest.items()):
            end = (
                float(self.duration)
                if index == len(rest) - 1
                else round(cursor + remaining * words / total, 1)
            )
            timings[purpose] = (round(cursor, 1), end)
            cursor = end
        return timings

    def _allowed_label(self, label: str) -> str:
        if self.voice.allows(label):
            return label
        return self.angles.noun_cap if self.voice.allows(self.angles.noun_cap) else "Watch this"

    def _on_screen(self, purpose: str, hook: str, family: str) -> str:
        """Text that matches what is said: the hook's payload, the fact used, the twist, the
        call to action (or, when the loop has none, the hook's text again so the cut loops)."""
        angles = self.angles
        if purpose == "loop":
            action = self.chosen.get(("loop", 0))
            if action is None:
                return self._on_screen("hook", hook, family)
            source = angles.challenge if angles.challenge in action.text else angles.action
            return _label(_cap(source), "Your move")
        if purpose == "twist":
            twist = self.chosen.get(("twist", 1))
            if twist is not None and angles.secret.lower() in twist.text.lower():
                return _label(_cap(angles.secret), "Plot twist", cut=False)
            return _label(_cap(angles.truth), _TWIST_LABEL[self.twist_mood], cut=False)
        if purpose == "hook":
            if family == "surprising_number" and angles.stat:
                return angles.stat.short
            if family == "mistake":
                return _label(f"Stop {angles.mistake}", f"The {angles.noun} mistake")
            if family == "secret":
                return _label(f"The {angles.noun} secret", "Nobody tells you this")
            return _label(hook, _label(angles.claim, angles.noun_cap))
        return self.lead_fact.short

    def _visuals(self, hook: str) -> list[str]:
        """One image prompt per scene: the twin's look and backdrop, the topic's picture,
        lighting from the emotion curve; the loop reuses the opening shot so the cut loops."""
        twin = self.ctx.twin
        likeness = _mapping(twin.get("likeness_config"))
        style_json = _mapping(twin.get("style_json"))
        who_bits = [str(twin[key]) for key in ("name", "look", "appearance") if twin.get(key)]
        who_bits += [str(likeness[key]) for key in ("attire", "framing") if likeness.get(key)]
        who = f"{', '.join(who_bits)}; " if who_bits else ""
        backdrops = [str(b) for b in style_json.get("backgrounds") or []]
        lighting_override = str(likeness.get("lighting") or "")
        style = str(twin.get("style") or twin.get("visual_style") or "cinematic photo")
        pool = list(self.angles.visuals)
        order = pool[:3]
        self.rng.shuffle(order)
        order += [v for v in pool[3:] if v not in order]
        prompts = []
        for index, purpose in enumerate(("hook", "escalate", "twist", "loop")):
            mood = mood_of(emotion_at(self.ctx.emotion_curve, index / 3, self.plan.emotion_curve))
            scene = order[0] if purpose == "loop" else order[index % len(order)]
            framing = "same framing as the opening shot, " if purpose == "loop" else ""
            backdrop = f", {backdrops[index % len(backdrops)]} backdrop" if backdrops else ""
            light = (
                f"{lighting_override}, {_LIGHTING[mood]}" if lighting_override else _LIGHTING[mood]
            )
            prompts.append(
                f"{who}{scene}{backdrop}, {framing}{light}, {style}, vertical 9:16, no text"
            )
        return prompts

    def _title(self) -> str:
        secret = self.angles.secret
        if self.angles.noun.lower() in secret.lower():
            return _cap(secret)[:80]
        return f"{self.angles.noun_cap}: {secret}"[:80]

    def _caption(self, hook: str) -> str:
        ctas = [
            "Which part surprised you?",
            f"What's your take on {self.angles.noun}?",
            "Save this for later.",
            "Send this to someone who needs it.",
            f"Tell me your {self.angles.noun} story below.",
        ]
        opener = _pick(
            self.rng,
            [
                _cap(self.angles.secret) + ".",
                self.angles.claim,
                f"Everyone thinks {self.angles.myth}. Not quite.",
            ],
        )
        caption = f"{opener} {_pick(self.rng, ctas)}"
        if not self.voice.allows(caption):
            caption = f"{self.angles.noun_cap}, in {self.duration} seconds."
        return caption[: self.caption_max]

    def _hashtags(self) -> list[str]:
        tags: list[str] = []
        for raw in list(self.angles.hashtags) + list(self.plan.trend_refs):
            tag = re.sub(r"[^a-z0-9]", "", raw.lower())
            if 2 < len(tag) <= 30 and tag not in tags:
                tags.append(tag)
        return [f"#{tag}" for tag in tags[: self.hashtag_max]]


def write_story(context: StoryContext) -> dict[str, Any]:
    """A Story (as a dict matching ``agents.decisions.Story``) for ``context``."""
    return StoryWriter(context).write()


def script_of(story: dict[str, Any]) -> str:
    return " ".join(scene["narration"] for scene in story["scenes"])


def sentences_in(story: dict[str, Any]) -> list[str]:
    return [s for scene in story["scenes"] for s in sentences_of(scene["narration"])]
