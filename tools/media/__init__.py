"""Reel rendering: narration, per-scene visuals, captions and the single ffmpeg assembly pass.

This package owns turning an accepted story (a `ReelSpec`) into a finished MP4 plus thumbnail,
with no database access: the graph's media node calls `render_reel` and writes the returned
metadata into `audio_tracks`, `images`, `videos`, `MediaAsset`, `RenderJob` and `VideoReel`.

Providers sit behind two small protocols so the same assembly runs offline or for real:
voice (`EspeakVoice` offline, `ElevenLabsVoice`) and visuals (`CardVisuals` offline,
`ReplicateVisuals`; the creator's own files are picked up per scene via `asset_path`).
Every scene's prepared input is cached by content hash so a retry or an edit re-renders only
what changed. Nothing here touches espeak or ffmpeg at import time.
"""
