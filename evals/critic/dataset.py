"""Critic eval datasets: JSONL rows in one of two formats, and scripts turned into stories.

* pairs: ``{"id", "kind": "hook"|"script", "a", "b", "winner": "a"|"b", "strength"?,
  "label"?, "reason"?}`` — one side is known to be better.
* scored: ``{"id", "kind", "group"?, "platform"?, "text", "outcome"}`` — a real outcome per text.

For ``kind: script`` a side is either a structured script (an object with ``scenes``: each
``purpose``, ``start_sec``, ``end_sec``, ``narration``) or plain text. Plain text is split into
sentences and dealt into four scenes (hook = first sentence, loop = last, the rest halved into
escalate and twist) timed at the platform's ideal pace, so pacing and timing are neutral and the
score comes from the words. Rows may also carry ``platform``, ``target_duration_sec`` and
``persona`` (a :class:`~agents.decisions.WritingConstraints` object) for script scoring.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from agents.critic import PlatformRules, default_rules
from agents.critic.text import sentences
from agents.decisions import SCENE_ORDER, Scene, Story, WritingConstraints, count_words

Kind = Literal["hook", "script"]
DatasetFormat = Literal["pairs", "scored"]


class DatasetError(ValueError):
    """A dataset row is malformed; the message names the line and field."""


@dataclass(frozen=True)
class ScriptContext:
    """What a script is scored against: platform rules, persona, target duration."""

    rules: PlatformRules
    constraints: WritingConstraints | None
    target_duration_sec: int | None


@dataclass(frozen=True)
class Item:
    """One thing to score: an opening line, or a script as a story with its context."""

    kind: Kind
    text: str
    story: Story | None = None
    context: ScriptContext | None = None


@dataclass(frozen=True)
class PairRow:
    id: str
    a: Item
    b: Item
    winner: Literal["a", "b"]
    strength: float | None
    label: str | None


@dataclass(frozen=True)
class ScoredRow:
    id: str
    item: Item
    outcome: float
    group: str | None


@dataclass(frozen=True)
class Dataset:
    path: Path
    sha256: str
    format: DatasetFormat
    pairs: list[PairRow]
    scored: list[ScoredRow]

    @property
    def size(self) -> int:
        return len(self.pairs) if self.format == "pairs" else len(self.scored)

    def head(self, rows: int) -> Dataset:
        """The first ``rows`` rows (e.g. to bound the cost of an LLM judge run)."""
        if rows < 1:
            raise ValueError(f"--limit must be ≥ 1, got {rows}")
        return Dataset(self.path, self.sha256, self.format, self.pairs[:rows], self.scored[:rows])


def _four_chunks(text: str) -> list[str]:
    """Hook = first sentence, loop = last, the middle halved; short texts split by words."""
    found = sentences(text)
    if len(found) >= 4:
        middle = found[1:-1]
        half = (len(middle) + 1) // 2
        return [found[0], " ".join(middle[:half]), " ".join(middle[half:]), found[-1]]
    tokens = text.split()
    if len(tokens) < 4:
        raise ValueError(f"script text needs at least 4 words, got {len(tokens)}")
    size = -(-len(tokens) // 4)
    return [" ".join(tokens[i : i + size]) for i in range(0, len(tokens), size)][:4]


def text_to_story(text: str, rules: PlatformRules) -> Story:
    """Deal plain text into hook/escalate/twist/loop scenes timed at the ideal pace."""
    chunks = _four_chunks(text)
    scenes: list[Scene] = []
    start = 0.0
    for purpose, chunk in zip(SCENE_ORDER, chunks, strict=False):
        end = round(start + max(0.5, count_words(chunk) / rules.ideal_words_per_second), 2)
        if end > 30.0:
            raise ValueError("script text is longer than 30 s at the ideal pace")
        scenes.append(
            Scene(
                purpose=purpose,
                start_sec=start,
                end_sec=end,
                narration=chunk,
                on_screen_text="",
                visual_prompt="",
            )
        )
        start = end
    return Story(title="eval", scenes=scenes, caption="")


def _structured_story(value: dict[str, Any], where: str) -> Story:
    scenes = value.get("scenes")
    if not isinstance(scenes, list):
        raise DatasetError(f"{where}: a structured script needs a 'scenes' list")
    try:
        return Story(
            title=str(value.get("title", "eval")),
            caption=str(value.get("caption", "")),
            scenes=[
                Scene(
                    purpose=scene["purpose"],
                    start_sec=scene["start_sec"],
                    end_sec=scene["end_sec"],
                    narration=scene["narration"],
                    on_screen_text=scene.get("on_screen_text", ""),
                    visual_prompt=scene.get("visual_prompt", ""),
                )
                for scene in scenes
            ],
        )
    except (KeyError, TypeError, ValidationError) as exc:
        raise DatasetError(f"{where}: bad scene: {exc}") from None


def _context(row: dict[str, Any], where: str) -> ScriptContext:
    platform = str(row.get("platform", "tiktok"))
    try:
        rules = default_rules(platform)
    except ValueError as exc:
        raise DatasetError(f"{where}: field 'platform': {exc}") from None
    persona = row.get("persona")
    constraints = None
    if persona is not None:
        try:
            constraints = WritingConstraints.model_validate(persona)
        except ValidationError as exc:
            raise DatasetError(f"{where}: field 'persona': {exc}") from None
    target = row.get("target_duration_sec")
    return ScriptContext(rules, constraints, int(target) if target is not None else None)


def _item(value: Any, kind: Kind, row: dict[str, Any], where: str) -> Item:
    if kind == "hook":
        if not isinstance(value, str) or not value.strip():
            raise DatasetError(f"{where}: a hook must be a non-empty string")
        return Item(kind="hook", text=value)
    context = _context(row, where)
    if isinstance(value, dict):
        story = _structured_story(value, where)
    elif isinstance(value, str) and value.strip():
        try:
            story = text_to_story(value, context.rules)
        except (ValueError, ValidationError) as exc:
            raise DatasetError(f"{where}: {exc}") from None
    else:
        raise DatasetError(f"{where}: a script must be text or an object with 'scenes'")
    return Item(kind="script", text=story.full_script, story=story, context=context)


def _kind(row: dict[str, Any], where: str) -> Kind:
    kind = row.get("kind")
    if kind not in ("hook", "script"):
        raise DatasetError(f"{where}: field 'kind' must be 'hook' or 'script', got {kind!r}")
    return "hook" if kind == "hook" else "script"


def load_dataset(path: Path) -> Dataset:
    """Read and validate a JSONL dataset; all rows must share one format."""
    raw = path.read_bytes()
    pairs: list[PairRow] = []
    scored: list[ScoredRow] = []
    for number, line in enumerate(raw.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise DatasetError(f"{where}: a row must be a JSON object")
        row_id = str(row.get("id", f"line-{number}"))
        kind = _kind(row, where)
        if "winner" in row:
            if row["winner"] not in ("a", "b"):
                raise DatasetError(f"{where}: field 'winner' must be 'a' or 'b'")
            strength = row.get("strength")
            pairs.append(
                PairRow(
                    id=row_id,
                    a=_item(row.get("a"), kind, row, f"{where} field 'a'"),
                    b=_item(row.get("b"), kind, row, f"{where} field 'b'"),
                    winner=row["winner"],
                    strength=float(strength) if isinstance(strength, int | float) else None,
                    label=str(row["label"]) if row.get("label") else None,
                )
            )
        elif "outcome" in row:
            outcome = row["outcome"]
            if not isinstance(outcome, int | float):
                raise DatasetError(f"{where}: field 'outcome' must be a number")
            scored.append(
                ScoredRow(
                    id=row_id,
                    item=_item(row.get("text"), kind, row, f"{where} field 'text'"),
                    outcome=float(outcome),
                    group=str(row["group"]) if row.get("group") is not None else None,
                )
            )
        else:
            raise DatasetError(f"{where}: a row needs 'winner' (pairs) or 'outcome' (scored)")
    if pairs and scored:
        raise DatasetError(f"{path.name}: mixes pairs and scored rows; use one format per file")
    if not pairs and not scored:
        raise DatasetError(f"{path.name}: no rows")
    return Dataset(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        format="pairs" if pairs else "scored",
        pairs=pairs,
        scored=scored,
    )
