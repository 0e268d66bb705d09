"""`trends pull` against a local feed server: parsing, scoring, de-duplication, failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from api.commands.trends import trends_app
from api.runtime import Runtime
from storage.enums import Platform, TrendSource
from storage.planning import TrendSignal
from tests.fakes.feed_server import FeedServer
from tools.trends.feeds import FeedError, FeedSpec, parse_feed
from tools.trends.pull import pull_trends

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def rss(*items: tuple[str, datetime, str]) -> str:
    body = "".join(
        f"<item><title>{title}</title><link>https://news.example/{i}</link>"
        f"<pubDate>{format_datetime(when)}</pubDate><category>{cat}</category></item>"
        for i, (title, when, cat) in enumerate(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>n</title>{body}</channel></rss>'
    )


def atom(*titles: tuple[str, datetime]) -> str:
    entries = "".join(
        f"<entry><title>{t}</title><link href='https://tags.example/{i}'/>"
        f"<updated>{when.isoformat()}</updated><category term='trending'/></entry>"
        for i, (t, when) in enumerate(titles)
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>tags</title>{entries}</feed>'


def signals(rt: Runtime) -> list[TrendSignal]:
    with rt.session_factory() as session:
        return list(session.scalars(select(TrendSignal).order_by(TrendSignal.score.desc())))


@pytest.fixture
def loaded_feeds(feeds: FeedServer) -> list[FeedSpec]:
    fresh, old = NOW - timedelta(hours=1), NOW - timedelta(days=2)
    feeds.put(
        "/tech.rss",
        rss(
            ("Passkeys replace passwords at major banks", fresh, "security"),
            ("A quiet week for smartphone sales", old, "mobile"),
        ),
    )
    feeds.put(
        "/world.rss",
        rss(
            ("Major banks: passkeys replace passwords", fresh, "security"),
            (
                "<![CDATA[<b>Solar</b> record\u200b set in\tEurope <i>today</i>]]>",
                fresh,
                "x",
            ),
        ),
    )
    feeds.put("/tags.atom", atom(("#SilentWalking", fresh), ("#DeskSetup", old)))
    feeds.put("/broken.rss", "server exploded", status=500)
    return [
        FeedSpec.parse(feeds.url("/tech.rss")),
        FeedSpec.parse(feeds.url("/world.rss")),
        FeedSpec.parse("tiktok=" + feeds.url("/tags.atom")),
        FeedSpec.parse(feeds.url("/broken.rss")),
    ]


def test_pull_scores_dedupes_and_survives_a_broken_feed(
    rt: Runtime, loaded_feeds: list[FeedSpec]
) -> None:
    with httpx.Client(timeout=5) as http:
        report = pull_trends(rt.session_factory, http, loaded_feeds, NOW)

    assert (
        len(report.errors) == 1 and "/broken.rss" in report.errors[0] and "500" in report.errors[0]
    )
    stored = signals(rt)
    assert report.inserted == len(stored) == 5  # two headlines about passkeys are one topic
    passkeys = [s for s in stored if "passkeys" in s.topic.lower()]
    assert len(passkeys) == 1
    top = passkeys[0]
    assert top.metadata_json["mentions"] == 2 and len(top.metadata_json["feeds"]) == 2
    assert top.source == TrendSource.RSS
    assert stored[0].id == top.id  # two fresh mentions beat everything else

    by_topic = {s.topic: s for s in stored}
    silent, desk = by_topic["#SilentWalking"], by_topic["#DeskSetup"]
    assert silent.platform_hint == desk.platform_hint == Platform.TIKTOK
    assert silent.source == TrendSource.HASHTAG_FEED
    assert silent.metadata_json["velocity"] > desk.metadata_json["velocity"]
    assert silent.score > desk.score

    solar = next(s for s in stored if "Solar" in s.topic)
    assert solar.topic == "Solar record set in Europe today"
    assert solar.metadata_json["untrusted_feed_text"] is True


def test_pulling_again_refreshes_instead_of_duplicating(
    rt: Runtime, loaded_feeds: list[FeedSpec]
) -> None:
    with httpx.Client(timeout=5) as http:
        pull_trends(rt.session_factory, http, loaded_feeds, NOW)
        later = NOW + timedelta(hours=3)
        again = pull_trends(rt.session_factory, http, loaded_feeds, later)
    assert again.inserted == 0 and again.updated == 5
    stored = signals(rt)
    assert len(stored) == 5
    assert all(s.collected_at == later for s in stored)


def test_no_feeds_stores_the_seed_list_once(rt: Runtime) -> None:
    first = pull_trends(rt.session_factory, None, [], NOW)
    second = pull_trends(rt.session_factory, None, [], NOW + timedelta(hours=1))
    assert first.used_seed_list and first.inserted >= 10
    assert second.inserted == 0 and second.updated == first.inserted
    assert {s.source for s in signals(rt)} == {TrendSource.SEED_LIST}


def test_unsafe_or_foreign_xml_is_refused() -> None:
    spec = FeedSpec(url="http://127.0.0.1/x")
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<rss><channel><item><title>&b;</title></item></channel></rss>"
    )
    with pytest.raises(FeedError, match="unsafe"):
        parse_feed(bomb, spec)
    with pytest.raises(FeedError, match="neither RSS nor Atom"):
        parse_feed("<html><body>hi</body></html>", spec)
    with pytest.raises(FeedError, match="not a URL"):
        FeedSpec.parse("tiktok")


def test_cli_pull_prints_topics_and_stores_them(
    rt: Runtime, feeds: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    feeds.put("/tech.rss", rss(("Passkeys replace passwords", datetime.now(UTC), "security")))
    monkeypatch.setenv("TWINREEL_DATA_DIR", str(rt.settings.data_dir))
    cli = typer.Typer()
    cli.add_typer(trends_app, name="trends")  # mounted like api.cli mounts it
    result = CliRunner().invoke(cli, ["trends", "pull", "--feed", feeds.url("/tech.rss")])
    assert result.exit_code == 0, result.output
    assert "Passkeys" in result.output
    assert "1 topics from 1 feed(s): 1 new" in result.output
    assert feeds.hits["/tech.rss"] == 1
    assert [s.topic for s in signals(rt)] == ["Passkeys replace passwords"]
