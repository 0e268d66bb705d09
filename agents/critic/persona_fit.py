"""Does the script sound like the persona, and can a viewer follow it at speaking pace?

Persona fit checks what a writer can control and a listener can hear: sentence length against
the persona's limit, vocabulary level (long-word share), banned phrases, the persona's own
catchphrases/signature words, and point of view. Clarity is readability (Flesch reading ease
on approximate syllables) and jargon density (long words and acronyms), because narration is
heard once, at speed.
"""

from __future__ import annotations

import re

from agents.critic.features import DimensionResult
from agents.critic.text import sentences, syllables, words
from agents.decisions import ScoreNote, Story, WritingConstraints

# Share of words with ≥3 syllables each vocabulary level tolerates before it drifts.
_LONG_WORD_LIMIT = {"simple": 0.10, "conversational": 0.18, "expert": 0.40}
_SENTENCE_CLASS_LIMIT = {"short": 10, "medium": 18, "long": 30}
_FIRST_PERSON = re.compile(r"\b(i|i'm|i've|my|me|we|our|us)\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(you|your|you're|yourself)\b", re.IGNORECASE)
_ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")


def persona_dimension(story: Story, constraints: WritingConstraints | None) -> DimensionResult:
    """Fit of the script to the persona's writing constraints (1.0 when there are none)."""
    if constraints is None:
        return DimensionResult(score=1.0, features={"persona_checked": 0.0})
    script = story.full_script
    lowered = script.lower()
    notes: list[ScoreNote] = []
    found_sentences = sentences(script)
    lengths = [len(words(sentence)) for sentence in found_sentences] or [0]
    limit = min(
        constraints.max_words_per_sentence, _SENTENCE_CLASS_LIMIT[constraints.sentence_length]
    )
    too_long = [n for n in lengths if n > limit]
    sentence_fit = 1.0 - len(too_long) / len(lengths)
    if too_long:
        notes.append(
            ScoreNote(
                dimension="persona",
                severity="major" if sentence_fit < 0.5 else "minor",
                message=f"{len(too_long)} of {len(lengths)} sentences exceed {limit} words "
                f"(longest {max(lengths)}); {constraints.persona_name} speaks in "
                f"{constraints.sentence_length} sentences",
                fix=f"split sentences to ≤{limit} words",
            )
        )
    spoken = words(script)
    long_share = sum(1 for word in spoken if syllables(word) >= 3) / max(1, len(spoken))
    vocab_limit = _LONG_WORD_LIMIT[constraints.vocabulary_level]
    vocabulary_fit = max(0.0, 1.0 - max(0.0, long_share - vocab_limit) / 0.15)
    if vocabulary_fit < 1.0:
        notes.append(
            ScoreNote(
                dimension="persona",
                severity="minor",
                message=f"{long_share:.0%} long words; {constraints.vocabulary_level} vocabulary "
                f"stays under {vocab_limit:.0%}",
                fix="swap long or technical words for everyday ones",
            )
        )
    banned = [phrase for phrase in constraints.banned_phrases if phrase.lower() in lowered]
    if banned:
        notes.append(
            ScoreNote(
                dimension="persona",
                severity="major",
                message=f"uses banned phrase(s): {', '.join(repr(b) for b in banned)}",
                fix="remove or rephrase: " + ", ".join(repr(b) for b in banned),
            )
        )
    voice_markers = constraints.catchphrases + constraints.signature_words
    used_markers = [marker for marker in voice_markers if marker.lower() in lowered]
    voice_fit = 1.0 if not voice_markers or used_markers else 0.0
    if not voice_fit:
        notes.append(
            ScoreNote(
                dimension="persona",
                severity="minor",
                message=f"none of {constraints.persona_name}'s catchphrases or signature words "
                "appear",
                fix="work in one of: " + ", ".join(repr(m) for m in voice_markers[:5]),
            )
        )
    pov_fit = 1.0
    if constraints.point_of_view == "first_person" and not _FIRST_PERSON.search(script):
        pov_fit = 0.0
    if constraints.point_of_view == "second_person" and not _SECOND_PERSON.search(script):
        pov_fit = 0.0
    if not pov_fit:
        notes.append(
            ScoreNote(
                dimension="persona",
                severity="minor",
                message=f"{constraints.persona_name} speaks in the "
                f"{constraints.point_of_view.replace('_', ' ')}, the script does not",
                fix="rewrite with "
                + ("I/we" if constraints.point_of_view == "first_person" else "you"),
            )
        )
    banned_penalty = min(1.0, 0.35 * len(banned))
    score = 0.3 * sentence_fit + 0.25 * vocabulary_fit + 0.3 * voice_fit + 0.15 * pov_fit
    score = max(0.0, score - banned_penalty)
    return DimensionResult(
        score=score,
        features={
            "persona_checked": 1.0,
            "sentence_fit": sentence_fit,
            "mean_sentence_words": sum(lengths) / len(lengths),
            "long_word_share": long_share,
            "vocabulary_fit": vocabulary_fit,
            "banned_phrases_found": float(len(banned)),
            "voice_markers_used": float(len(used_markers)),
            "point_of_view_fit": pov_fit,
        },
        notes=notes,
    )


def clarity_dimension(story: Story) -> DimensionResult:
    """Readability and jargon density of the narration as a whole."""
    script = story.full_script
    spoken = words(script)
    n_words = max(1, len(spoken))
    n_sentences = max(1, len(sentences(script)))
    n_syllables = sum(syllables(word) for word in spoken)
    reading_ease = 206.835 - 1.015 * (n_words / n_sentences) - 84.6 * (n_syllables / n_words)
    jargon = (
        sum(1 for word in spoken if syllables(word) >= 4) + len(_ACRONYM.findall(script))
    ) / n_words
    ease_fit = max(0.0, min(1.0, (reading_ease - 30.0) / 40.0))
    jargon_fit = max(0.0, 1.0 - max(0.0, jargon - 0.05) / 0.15)
    notes: list[ScoreNote] = []
    if ease_fit < 0.5:
        notes.append(
            ScoreNote(
                dimension="clarity",
                severity="minor",
                message=f"hard to follow by ear (reading ease {reading_ease:.0f}; aim ≥ 60)",
                fix="use shorter sentences and shorter words",
            )
        )
    if jargon_fit < 0.6:
        notes.append(
            ScoreNote(
                dimension="clarity",
                severity="minor",
                message=f"{jargon:.0%} of words are jargon or acronyms",
                fix="explain or replace the technical terms",
            )
        )
    return DimensionResult(
        score=0.6 * ease_fit + 0.4 * jargon_fit,
        features={"reading_ease": reading_ease, "jargon_density": jargon},
        notes=notes,
    )
