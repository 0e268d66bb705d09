"""Real visuals: Replicate models through the official `replicate` SDK.

An image model by default (a still per scene, prepared like any other still); a video model
when one is configured (a clip per scene, checked to cover its scene). The prompt is the
scene's visual prompt plus the twin's style preset. The output file is downloaded over HTTP.
The client is built on first use from the explicit token and base URL (`REPLICATE_BASE_URL`
is read by `api/` and passed in), never at import time.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import httpx
from PIL import Image, UnidentifiedImageError

from tools.media.errors import ProviderError, UnreadableImageError, VideoTooShortError
from tools.media.ffmpeg_binary import probe_media
from tools.media.spec import SceneSpec, VisualKind, VisualStyle
from tools.media.visuals import save_still

DEFAULT_IMAGE_MODEL = "black-forest-labs/flux-schnell"


def aspect_ratio_label(frame: tuple[int, int]) -> str:
    """The "w:h" label generators expect for a frame size."""
    ratio = frame[0] / frame[1]
    labels = {"9:16": 9 / 16, "1:1": 1.0, "4:5": 4 / 5, "16:9": 16 / 9}
    return min(labels, key=lambda label: abs(labels[label] - ratio))


def _first_url(output: Any) -> str:
    if isinstance(output, str):
        return output
    if isinstance(output, list | tuple) and output and isinstance(output[0], str):
        return str(output[0])
    if isinstance(output, dict):
        for value in output.values():
            if isinstance(value, str) and value.startswith(("http://", "https://")):
                return value
    raise ProviderError(
        f"Replicate output has no file URL: {str(output)[:200]}", provider="replicate"
    )


class ReplicateVisuals:
    """The real `VisualProvider`: text-to-image (or text-to-video) per scene."""

    name = "replicate"

    def __init__(
        self,
        api_token: str,
        *,
        base_url: str | None = None,
        image_model: str = DEFAULT_IMAGE_MODEL,
        video_model: str | None = None,
        poll_interval_sec: float = 1.0,
        download_timeout_sec: float = 120.0,
    ) -> None:
        self._api_token = api_token
        self._base_url = base_url
        self.image_model = image_model
        self.video_model = video_model
        self._poll_interval = poll_interval_sec
        self._download_timeout = download_timeout_sec
        self._client: Any = None

    def _sdk(self) -> Any:
        if self._client is None:
            from replicate.client import Client

            self._client = Client(api_token=self._api_token, base_url=self._base_url)
            self._client.poll_interval = self._poll_interval
        return self._client

    def output_kind(self, scene: SceneSpec) -> VisualKind:
        return "clip" if self.video_model else "still"

    def _model(self) -> str:
        return self.video_model or self.image_model

    def _prompt(self, scene: SceneSpec, style: VisualStyle) -> str:
        prompt = scene.visual_prompt or scene.on_screen_text or scene.narration
        return f"{prompt}. Style: {style.style_preset}. Vertical short-video frame, no text."

    def _input(
        self, scene: SceneSpec, style: VisualStyle, frame: tuple[int, int], min_sec: float
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "prompt": self._prompt(scene, style),
            "aspect_ratio": aspect_ratio_label(frame),
        }
        if self.video_model:
            payload["duration"] = max(1, math.ceil(min_sec))
        else:
            payload.update({"num_outputs": 1, "output_format": "png"})
        return payload

    def cache_inputs(
        self, scene: SceneSpec, index: int, style: VisualStyle, frame: tuple[int, int]
    ) -> dict[str, Any]:
        return {
            "model": self._model(),
            "prompt": self._prompt(scene, style),
            "aspect_ratio": aspect_ratio_label(frame),
            "frame": list(frame),
        }

    def produce(
        self,
        scene: SceneSpec,
        index: int,
        style: VisualStyle,
        frame: tuple[int, int],
        out_path: Path,
        *,
        min_duration_sec: float,
    ) -> tuple[int, int]:
        from replicate.exceptions import ModelError, ReplicateError

        model = self._model()
        owner, _, name = model.partition("/")
        try:
            prediction = self._sdk().models.predictions.create(
                model=(owner, name.split(":")[0]),
                input=self._input(scene, style, frame, min_duration_sec),
                wait=True,
            )
            prediction.wait()
        except (ModelError, ReplicateError) as exc:
            raise ProviderError(
                f"Replicate model {model!r} failed for scene {index} ({scene.purpose}): {exc}",
                provider="replicate",
                model=model,
                scene_index=index,
            ) from exc
        except httpx.HTTPError as exc:
            raise ProviderError(
                f"Replicate unreachable for model {model!r}: {exc}",
                provider="replicate",
                model=model,
            ) from exc
        if prediction.status != "succeeded":
            raise ProviderError(
                f"Replicate prediction {prediction.id} for scene {index} ({scene.purpose}) "
                f"ended {prediction.status}: {prediction.error or 'no error given'}",
                provider="replicate",
                model=model,
                prediction_id=prediction.id,
                status=prediction.status,
                error=prediction.error,
            )
        output = prediction.output
        url = _first_url(output)
        download = out_path.with_name(out_path.name + ".download")
        try:
            self._download(url, download)
            if self.video_model:
                return self._accept_clip(download, out_path, min_duration_sec, url)
            return self._accept_still(download, out_path, frame, url)
        finally:
            download.unlink(missing_ok=True)

    def _download(self, url: str, target: Path) -> None:
        try:
            with (
                httpx.stream(
                    "GET", url, follow_redirects=True, timeout=self._download_timeout
                ) as response,
                target.open("wb") as handle,
            ):
                response.raise_for_status()
                for chunk in response.iter_bytes():
                    handle.write(chunk)
        except httpx.HTTPError as exc:
            raise ProviderError(
                f"downloading Replicate output {url!r} failed: {exc}",
                provider="replicate",
                url=url,
            ) from exc

    def _accept_still(
        self, download: Path, out_path: Path, frame: tuple[int, int], url: str
    ) -> tuple[int, int]:
        try:
            with Image.open(download) as image:
                image.load()
                return save_still(image, frame, out_path)
        except (UnidentifiedImageError, OSError) as exc:
            raise UnreadableImageError(
                f"Replicate output {url!r} is not a readable image: {exc}",
                provider="replicate",
                url=url,
            ) from exc

    def _accept_clip(
        self, download: Path, out_path: Path, min_duration_sec: float, url: str
    ) -> tuple[int, int]:
        probe = probe_media(download)
        if not probe.has_video or probe.width is None or probe.height is None:
            raise ProviderError(
                f"Replicate output {url!r} has no video stream", provider="replicate", url=url
            )
        if probe.duration_sec is None or probe.duration_sec + 0.02 < min_duration_sec:
            raise VideoTooShortError(
                f"Replicate clip lasts {probe.duration_sec or 0:.2f} s but its scene needs "
                f"{min_duration_sec:.2f} s",
                provider="replicate",
                url=url,
                video_sec=probe.duration_sec,
                scene_sec=round(min_duration_sec, 3),
            )
        download.replace(out_path)
        return probe.width, probe.height
