"""Outbox, export packages and the publisher registry."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tools.platforms.base import NoTokens, ReelUpload, UploadSession
from tools.platforms.export_package import ExportPackagePublisher
from tools.platforms.instagram import InstagramPublisher
from tools.platforms.outbox import OutboxPublisher
from tools.platforms.registry import make_publisher


def _reel(tmp_path: Path, key: str = "post-1") -> ReelUpload:
    video = tmp_path / "reel.mp4"
    video.write_bytes(b"video-bytes")
    cover = tmp_path / "cover.jpg"
    cover.write_bytes(b"cover")
    return ReelUpload(
        video_path=video,
        cover_path=cover,
        caption="Hello twin",
        hashtags=("ai", "twin"),
        duration_sec=12,
        width=1080,
        height=1920,
        idempotency_key=key,
    )


def test_outbox_writes_one_package_per_idempotency_key(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    publisher = OutboxPublisher(outbox, "instagram")
    sessions: list[UploadSession] = []
    first = publisher.publish(
        _reel(tmp_path), tokens=NoTokens(), session=None, on_session=sessions.append
    )
    second = publisher.publish(
        _reel(tmp_path), tokens=NoTokens(), session=None, on_session=sessions.append
    )
    folder = outbox / "instagram" / "post-1"
    assert first.platform_post_id == second.platform_post_id
    assert sorted(p.name for p in folder.iterdir()) == [
        "caption.txt",
        "cover.jpg",
        "metadata.json",
        "video.mp4",
    ]
    assert (folder / "video.mp4").read_bytes() == b"video-bytes"
    assert (folder / "caption.txt").read_text() == "Hello twin\n\n#ai #twin"
    assert [p.name for p in (outbox / "instagram").iterdir()] == ["post-1"]  # no temp dirs
    assert sessions[-1].stage == "published"
    assert first.requires_manual_post is False


def test_an_existing_package_wins_over_a_new_write(tmp_path: Path) -> None:
    publisher = OutboxPublisher(tmp_path / "outbox")
    first = publisher.publish(
        _reel(tmp_path), tokens=NoTokens(), session=None, on_session=lambda _s: None
    )
    metadata = json.loads((tmp_path / "outbox/outbox/post-1/metadata.json").read_text())
    assert metadata["post_id"] == first.platform_post_id
    other = publisher.publish(
        _reel(tmp_path, key="post-2"), tokens=NoTokens(), session=None, on_session=lambda _s: None
    )
    assert other.platform_post_id != first.platform_post_id


@pytest.mark.parametrize("platform", ["fanbase", "spill"])
def test_export_package_asks_for_a_manual_post(tmp_path: Path, platform: str) -> None:
    result = ExportPackagePublisher(tmp_path / "outbox", platform).publish(
        _reel(tmp_path), tokens=NoTokens(), session=None, on_session=lambda _s: None
    )
    folder = tmp_path / "outbox" / platform / "post-1"
    assert result.requires_manual_post is True
    assert (folder / "hashtags.txt").read_text() == "#ai #twin"
    metadata = json.loads((folder / "metadata.json").read_text())
    assert (
        metadata["requires_manual_post"] is True
        and "no public publishing API" in (metadata["instructions"])
    )


def test_registry_builds_clients_and_falls_back_to_the_outbox(tmp_path: Path) -> None:
    assert isinstance(make_publisher("instagram", outbox_dir=tmp_path), OutboxPublisher)
    assert isinstance(make_publisher("spill", outbox_dir=tmp_path), ExportPackagePublisher)
    with httpx.Client() as http:
        client = make_publisher(
            "instagram",
            outbox_dir=tmp_path,
            http=http,
            account_id="ig-1",
            base_urls={"instagram": "http://127.0.0.1:9/x"},
        )
        assert isinstance(client, InstagramPublisher)
        assert client.base_url == "http://127.0.0.1:9/x"
        with pytest.raises(ValueError, match="account_id is required for facebook"):
            make_publisher("facebook", outbox_dir=tmp_path, http=http)
    with pytest.raises(ValueError, match="'myspace' is not one of"):
        make_publisher("myspace", outbox_dir=tmp_path)
