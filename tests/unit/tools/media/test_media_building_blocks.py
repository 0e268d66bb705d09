"""Fast offline checks of the pieces a render is made of (no ffmpeg runs here)."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from tools.media.captions_ass import CaptionStyle, build_ass, group_words
from tools.media.consent import check_consent
from tools.media.errors import (
    ConsentRequiredError,
    FfmpegError,
    MissingFontError,
    ProviderError,
)
from tools.media.ffmpeg_binary import require_filters
from tools.media.fonts import resolve_font
from tools.media.narration import narrate_scenes
from tools.media.render_cache import RenderCache
from tools.media.spec import (
    ConsentGrants,
    ReelSpec,
    SafeZone,
    SceneSpec,
    VisualStyle,
    VoiceSpec,
    WordTiming,
)
from tools.media.visuals import overscan_size
from tools.media.visuals_cards import CardVisuals
from tools.media.voice_elevenlabs import words_from_alignment
from tools.media.voice_espeak import EspeakVoice

ESPEAK = VoiceSpec(provider="espeak", voice_id="en-us")


def _spec(**overrides: object) -> ReelSpec:
    data: dict[str, object] = {
        "scenes": [SceneSpec(purpose="hook", narration="Hello there.")],
        "voice": ESPEAK,
    }
    data.update(overrides)
    return ReelSpec.model_validate(data)


@pytest.mark.parametrize(
    ("aspect", "size"), [("9_16", (1080, 1920)), ("1_1", (1080, 1080)), ("4_5", (1080, 1350))]
)
def test_frame_size_per_aspect(aspect: str, size: tuple[int, int]) -> None:
    assert _spec(aspect=aspect).frame_size() == size
    small = _spec(aspect=aspect, width_override=540).frame_size()
    assert small[0] == 540 and small[1] % 2 == 0
    assert small[1] == pytest.approx(size[1] / 2, abs=1)


def test_spec_rejects_bad_values_with_field_names() -> None:
    with pytest.raises(ValidationError, match="max_duration_sec"):
        _spec(max_duration_sec=45)
    with pytest.raises(ValidationError, match="accent_colour"):
        VisualStyle(accent_colour="yellow")
    with pytest.raises(ValidationError, match="narration"):
        SceneSpec(purpose="hook", narration="   ")
    with pytest.raises(ValidationError, match="purpose"):
        SceneSpec.model_validate({"purpose": "intro", "narration": "x"})


def test_consent_gate() -> None:
    spec = _spec(
        voice=ESPEAK.model_copy(update={"is_cloned": True}),
        style=VisualStyle(uses_likeness=True),
    )
    with pytest.raises(ConsentRequiredError, match="voice_cloning") as refused:
        check_consent(spec, ConsentGrants())
    assert refused.value.to_error_json()["detail"]["missing_consents"] == [
        "voice_cloning",
        "likeness_modeling",
    ]
    check_consent(spec, ConsentGrants(granted=frozenset({"voice_cloning", "likeness_modeling"})))
    check_consent(_spec(), ConsentGrants())


def test_cache_hits_and_never_stores_a_failed_entry(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path)
    calls: list[Path] = []

    def produce(path: Path) -> dict[str, object]:
        calls.append(path)
        path.write_bytes(b"data")
        return {"n": 1}

    first = cache.get_or_create("k", {"a": 1}, ".bin", produce)
    second = cache.get_or_create("k", {"a": 1}, ".bin", produce)
    other = cache.get_or_create("k", {"a": 2}, ".bin", produce)
    assert (first.cached, second.cached, other.cached) == (False, True, False)
    assert first.path == second.path != other.path
    assert second.meta == {"n": 1} and len(calls) == 2

    def explode(path: Path) -> dict[str, object]:
        path.write_bytes(b"half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        cache.get_or_create("k", {"a": 3}, ".bin", explode)
    stored = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert len(stored) == 4  # two data files + two metadata files, nothing from the failure


def test_fonts_resolve_bundled_or_fail_clearly(tmp_path: Path) -> None:
    font = resolve_font("DejaVu Sans Bold")
    assert font.path.is_file() and font.family == "DejaVu Sans" and font.bold
    by_path = resolve_font(str(font.path))
    assert by_path.family == "DejaVu Sans"
    with pytest.raises(MissingFontError, match="Wingdings"):
        resolve_font("Wingdings")
    fake = tmp_path / "fake.ttf"
    fake.write_text("not a font")
    with pytest.raises(MissingFontError, match="not a readable"):
        resolve_font(str(fake))


def test_captions_highlight_each_word_in_turn_above_the_safe_zone() -> None:
    words = [
        WordTiming(word="one", start=0.0, end=0.3),
        WordTiming(word="two", start=0.3, end=0.6),
        WordTiming(word="three", start=0.6, end=0.9),
        WordTiming(word="four", start=0.9, end=1.2),
        WordTiming(word="after", start=2.0, end=2.4),  # after a pause: new group
    ]
    assert [len(g) for g in group_words(words)] == [3, 1, 1]
    style = CaptionStyle(
        font=resolve_font("DejaVu Sans Bold"),
        font_size=80,
        text_colour="#ffffff",
        highlight_colour="#ffcc00",
        outline_px=6,
        safe_zone=SafeZone(bottom=400, left=50, right=120),
    )
    ass = build_ass(words, (1080, 1920), style, total_sec=2.5)
    dialogue = [line for line in ass.splitlines() if line.startswith("Dialogue:")]
    assert len(dialogue) == len(words)
    assert "{\\c&H00CCFF&" in dialogue[1] and dialogue[1].index("TWO") > dialogue[1].index("\\c")
    assert "0:00:00.30,0:00:00.60" in dialogue[1]
    style_line = next(line for line in ass.splitlines() if line.startswith("Style: Caption"))
    fields = style_line.split(",")
    assert fields[1] == "DejaVu Sans" and fields[2] == "80"
    margin_l, margin_r, margin_v = (int(v) for v in fields[-4:-1])
    assert margin_v >= 400 and margin_l >= 50 and margin_r >= 120


def test_elevenlabs_alignment_to_words() -> None:
    text = "Hi, you two!"
    starts = [i * 0.1 for i in range(len(text))]
    ends = [s + 0.1 for s in starts]
    words = words_from_alignment(list(text), starts, ends)
    assert [(w.word, w.start, round(w.end, 2)) for w in words] == [
        ("Hi,", 0.0, 0.3),
        ("you", 0.4, 0.7),
        ("two!", 0.8, 1.2),
    ]


def test_espeak_gives_real_audio_and_word_timings(tmp_path: Path) -> None:
    voice = EspeakVoice()
    text = "Passkeys are quietly replacing every password you own."
    slow = voice.synthesize_scene(
        text, ESPEAK.model_copy(update={"settings": {"rate_wpm": 130}}), tmp_path / "s.wav"
    )
    fast = voice.synthesize_scene(
        text, ESPEAK.model_copy(update={"settings": {"rate_wpm": 260}}), tmp_path / "f.wav"
    )
    assert [w.word for w in slow.words] == text.rstrip(".").split()
    assert slow.duration_sec > fast.duration_sec * 1.4
    starts = [w.start for w in slow.words]
    assert starts == sorted(starts) and starts[-1] < slow.duration_sec
    with wave.open(str(slow.audio_path)) as handle:
        samples = np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16)
    assert np.abs(samples).max() > 1000  # real speech, not silence
    with pytest.raises(ProviderError, match="rate_wpm"):
        voice.synthesize_scene(
            text, ESPEAK.model_copy(update={"settings": {"rate_wpm": 5}}), tmp_path / "x.wav"
        )
    with pytest.raises(ProviderError, match="zz-nope"):
        voice.synthesize_scene(
            text, ESPEAK.model_copy(update={"voice_id": "zz-nope"}), tmp_path / "y.wav"
        )


def test_narration_joins_scenes_with_pauses_and_times_them(tmp_path: Path) -> None:
    scenes = [
        SceneSpec(purpose="hook", narration="First scene here."),
        SceneSpec(purpose="loop", narration="And the second one."),
    ]
    result = narrate_scenes(
        EspeakVoice(), scenes, ESPEAK, tmp_path, cache=RenderCache(tmp_path / "c"), pause_sec=0.3
    )
    (a0, a1), (b0, b1) = result.scene_spans
    assert a0 == 0.0 and a1 == b0 and b1 == pytest.approx(result.duration_sec)
    assert a1 == pytest.approx(result.scenes[0].duration_sec + 0.3, abs=0.001)
    assert result.words[3].word == "And" and result.words[3].start >= b0
    with wave.open(str(result.audio_path)) as handle:
        assert handle.getnframes() / handle.getframerate() == pytest.approx(
            result.duration_sec, abs=1e-3
        )


def test_cards_are_deterministic_oversize_and_vary_by_purpose() -> None:
    cards = CardVisuals()
    style = VisualStyle()
    hook = SceneSpec(purpose="hook", narration="x", on_screen_text="Big news", visual_prompt="p")
    twist = hook.model_copy(update={"purpose": "twist"})
    first = cards.draw(hook, style, (540, 960))
    again = cards.draw(hook, style, (540, 960))
    other = cards.draw(twist, style, (540, 960))
    assert first.size == overscan_size((540, 960)) == (620, 1104)
    assert first.tobytes() == again.tobytes()
    assert first.tobytes() != other.tobytes()
    upper = np.asarray(first)[150:450]
    assert int(np.all(upper > 240, axis=-1).sum()) > 300  # the on-screen text, in white


def test_caption_groups_stay_on_one_line() -> None:
    words = [
        WordTiming(word=w, start=i * 0.3, end=i * 0.3 + 0.3)
        for i, w in enumerate(["Authentication", "everywhere", "is", "now", "here"])
    ]
    style = CaptionStyle(
        font=resolve_font("DejaVu Sans Bold"),
        font_size=84,
        text_colour="#ffffff",
        highlight_colour="#ffcc00",
        outline_px=6,
        safe_zone=SafeZone(),
    )
    ass = build_ass(words, (1080, 1920), style, total_sec=2.0)
    lines = [line.split(",", 9)[9] for line in ass.splitlines() if line.startswith("Dialogue:")]
    plain = {re.sub(r"\{[^}]*\}", "", line) for line in lines}
    # Long words cannot share the ~800 px between the safe zones at 84 px; short ones can.
    assert plain == {"AUTHENTICATION", "EVERYWHERE", "IS NOW HERE"}


def test_missing_ffmpeg_filter_is_named() -> None:
    require_filters("ass", "xfade")  # the bundled build has libass
    with pytest.raises(FfmpegError, match="no_such_filter") as missing:
        require_filters("ass", "no_such_filter")
    assert missing.value.detail["missing_filters"] == ["no_such_filter"]
