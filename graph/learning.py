"""The learning graph: collect due snapshots → weekly report → strategy update → memory.

``collect`` records an ``AnalyticsSnapshot`` for every published post whose +1 h, +24 h, +72 h
or +7 d mark has passed (the label is the snapshot's ``notes``; a source that can replay the
past — the simulator — backfills each missed mark at its own time, a live platform is read once
for the latest mark). ``report`` turns the week's posts into a ``WeeklyReport`` with totals, a
per-platform breakdown, top posts and insights, plus an HTML and PDF document in the media
store. ``adapt`` writes the ``StrategyUpdate`` (seed 000 §13.1) effective the next Monday, which
weekly planning and the production planner read. ``reinforce`` moves the creative-memory scores
of each post's hook, persona, emotion curve and topic toward its outcome.

The whole pass is one ``AgentRun`` (agent state ``analyzing`` then ``adapting``) with
``analytics_collected`` / ``report_generated`` / ``strategy_adjusted`` / ``memory_updated``
events and ``weekly_report_ready`` / ``strategy_update`` notifications.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import fmean
from typing import Any, Protocol, TypedDict
from zoneinfo import ZoneInfo

from langchain_core.language_models import BaseChatModel
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from sqlalchemy import select
from sqlalchemy.orm import Session

from agents.analyst import (
    PostResult,
    aggregate,
    derive_strategy_update,
    top_posts,
    write_insights,
)
from graph.audit import log_event, record_run_failure, set_agent_state
from graph.context import RunContext
from graph.reports.document import PostSeries, ReportDocument
from graph.reports.render import ReportFiles, render_report
from storage.analytics import AnalyticsSnapshot, Feedback, StrategyUpdate, WeeklyReport
from storage.base import utcnow
from storage.creative import AiTwin, CriticScore, Script, StoryScene
from storage.database import transaction
from storage.enums import (
    AgentRunStatus,
    AgentState,
    ErrorScope,
    EventSubject,
    EventType,
    FeedbackSubject,
    NotificationType,
    PublishStatus,
    RunResult,
    Severity,
    TriggerType,
    Verdict,
)
from storage.identity import Agent, Notification, User
from storage.media import RenderJob, VideoReel
from storage.memory import CreativeMemory
from storage.orchestration import AgentRun, ExecutionPlan
from storage.publishing import Post
from tools.analytics.base import InsightsClient
from tools.analytics.metrics import PostMetrics, metrics_from_json, performance_score
from tools.analytics.simulator import AudienceSimulator, SimulatedPost
from tools.media_store import MediaStore

SNAPSHOT_MARKS: tuple[tuple[str, timedelta], ...] = (
    ("+1h", timedelta(hours=1)),
    ("+24h", timedelta(hours=24)),
    ("+72h", timedelta(hours=72)),
    ("+7d", timedelta(days=7)),
)
REINFORCE_WEIGHT = 0.5
MISSED_MARK_GRACE = timedelta(days=28)  # a mark missed by longer than this is given up


# ------------------------------------------------------------------ what a post is, as facts


@dataclass(frozen=True)
class PostFacts:
    """A published post joined with what made it: plan, critic scores, twin, creator."""

    post_id: uuid.UUID
    user_id: uuid.UUID
    account_id: uuid.UUID | None
    platform: str
    platform_post_id: str | None
    published_at: datetime
    job_id: uuid.UUID | None
    title: str
    link: str | None
    length_sec: float
    timezone: str
    niche: str
    topic: str
    tone: str | None
    hook_type: str | None
    twin: str | None
    critic_total: float | None
    critic_hook: float | None
    critic_pacing: float | None
    critic_loop: float | None
    script_id: uuid.UUID | None
    reel_id: uuid.UUID

    @property
    def local_posted(self) -> datetime:
        return self.published_at.astimezone(ZoneInfo(self.timezone))

    @property
    def slot(self) -> str:
        return f"{self.local_posted:%a %H:%M}"


def _critic(session: Session, reel: VideoReel) -> CriticScore | None:
    query = select(CriticScore).order_by(CriticScore.attempt.desc(), CriticScore.created_at.desc())
    if reel.story_id is not None:
        found = session.scalars(query.where(CriticScore.story_id == reel.story_id)).first()
        if found is not None:
            return found
    if reel.job_id is None:
        return None
    return (
        session.scalars(
            query.where(CriticScore.job_id == reel.job_id, CriticScore.verdict == Verdict.ACCEPT)
        ).first()
        or session.scalars(query.where(CriticScore.job_id == reel.job_id)).first()
    )


def post_facts(session: Session, post: Post) -> PostFacts:
    """Everything the simulator, the report and the strategy need about one post."""
    reel = session.get_one(VideoReel, post.reel_id)
    user = session.get_one(User, post.user_id)
    plan: dict[str, Any] = {}
    if reel.job_id is not None:
        row = session.scalars(
            select(ExecutionPlan)
            .where(ExecutionPlan.job_id == reel.job_id)
            .order_by(ExecutionPlan.created_at.desc())
        ).first()
        plan = dict(row.plan_json) if row is not None else {}
    twin_name: str | None = None
    if reel.render_id is not None:
        render = session.get(RenderJob, reel.render_id)
        if render is not None and render.ai_twin_id is not None:
            twin = session.get(AiTwin, render.ai_twin_id)
            twin_name = twin.name if twin is not None else None
    script_id = (
        session.scalars(select(Script.id).where(Script.story_id == reel.story_id)).first()
        if reel.story_id is not None
        else None
    )
    critic = _critic(session, reel)
    published = post.published_at or post.scheduled_time or post.created_at
    return PostFacts(
        post_id=post.id,
        user_id=post.user_id,
        account_id=post.account_id,
        platform=str(post.platform),
        platform_post_id=post.platform_post_id,
        published_at=published,
        job_id=reel.job_id,
        title=reel.title,
        link=post.permalink,
        length_sec=reel.length_sec,
        timezone=user.timezone or "UTC",
        niche=str(user.preferences_json.get("niche", "")),
        topic=str(plan.get("topic") or reel.title),
        tone=plan.get("tone"),
        hook_type=plan.get("hook_type"),
        twin=twin_name,
        critic_total=critic.total_score if critic else None,
        critic_hook=critic.hook_score if critic else None,
        critic_pacing=critic.pacing_score if critic else None,
        critic_loop=critic.loop_score if critic else None,
        script_id=script_id,
        reel_id=reel.id,
    )


# ------------------------------------------------------------------ where numbers come from


class InsightsSource(Protocol):
    """Measures a post; :meth:`can_backfill` when it can say what the post's numbers were at a
    past time (a simulator can, a live platform only knows "now")."""

    def can_backfill(self, post: PostFacts) -> bool: ...

    def measure(self, post: PostFacts, hours_since_publish: float) -> tuple[PostMetrics, bool]:
        """(metrics, simulated)."""
        ...


@dataclass
class SimulatedInsights:
    """The offline audience simulator (seeded), labelled simulated."""

    seed: int = 7

    def can_backfill(self, post: PostFacts) -> bool:
        return True

    def measure(self, post: PostFacts, hours_since_publish: float) -> tuple[PostMetrics, bool]:
        simulator = AudienceSimulator(self.seed, post.niche)
        content = SimulatedPost(
            # The post's content and time, not its random id: the same week simulates the
            # same audience in any database (reproducible demos and tests).
            key=f"{post.platform}|{post.title}|{post.published_at.isoformat()}",
            platform=post.platform,
            topic=post.topic,
            hook_score=post.critic_hook if post.critic_hook is not None else 0.5,
            pacing_score=post.critic_pacing if post.critic_pacing is not None else 0.5,
            loop_score=post.critic_loop if post.critic_loop is not None else 0.5,
            length_sec=post.length_sec,
            posted_local=post.local_posted.replace(tzinfo=None),
        )
        return simulator.simulate(content, hours_since_publish), True


@dataclass
class PlatformInsights:
    """Live platform insights per connected account; other posts go to ``fallback``."""

    clients: Mapping[uuid.UUID, InsightsClient]
    fallback: InsightsSource | None = None

    def _client(self, post: PostFacts) -> InsightsClient | None:
        client = self.clients.get(post.account_id) if post.account_id else None
        return client if client is not None and post.platform_post_id else None

    def can_backfill(self, post: PostFacts) -> bool:
        if self._client(post) is not None:
            return False
        return self.fallback is not None and self.fallback.can_backfill(post)

    def measure(self, post: PostFacts, hours_since_publish: float) -> tuple[PostMetrics, bool]:
        client = self._client(post)
        if client is not None and post.platform_post_id:
            return client.fetch(post.platform_post_id), False
        if self.fallback is None:
            raise LookupError(f"no insights client for post {post.post_id} ({post.platform})")
        return self.fallback.measure(post, hours_since_publish)


# ------------------------------------------------------------------ collection


@dataclass(frozen=True)
class DueSnapshot:
    post_id: uuid.UUID
    label: str
    at: datetime  # when the mark falls


def due_snapshots(
    session: Session, now: datetime, user_id: uuid.UUID | None = None
) -> list[DueSnapshot]:
    """Every passed mark of every published post that has no snapshot for it (or a later one)."""
    query = select(Post).where(
        Post.publish_status == PublishStatus.PUBLISHED,
        Post.published_at.is_not(None),
        Post.published_at <= now - SNAPSHOT_MARKS[0][1],
        Post.published_at > now - SNAPSHOT_MARKS[-1][1] - MISSED_MARK_GRACE,
    )
    if user_id is not None:
        query = query.where(Post.user_id == user_id)
    due: list[DueSnapshot] = []
    labels = [label for label, _ in SNAPSHOT_MARKS]
    for post in session.scalars(query.order_by(Post.published_at)):
        assert post.published_at is not None
        taken = session.scalars(
            select(AnalyticsSnapshot.notes).where(AnalyticsSnapshot.post_id == post.id)
        ).all()
        done = max((labels.index(n) for n in taken if n in labels), default=-1)
        for index, (label, offset) in enumerate(SNAPSHOT_MARKS):
            if index > done and post.published_at + offset <= now:
                due.append(DueSnapshot(post.id, label, post.published_at + offset))
    return due


def collect_due_snapshots(
    ctx: RunContext,
    insights: InsightsSource,
    *,
    user_id: uuid.UUID | None = None,
    run: AgentRun | None = None,
) -> int:
    """Record the due snapshots (all of them, or ``user_id``'s); returns how many were taken."""
    now = ctx.clock()
    taken = 0
    with transaction(ctx.session_factory) as session:
        facts: dict[uuid.UUID, PostFacts] = {}
        due: dict[tuple[uuid.UUID, str], datetime] = {}  # (post, mark) → captured_at
        live_mark: dict[uuid.UUID, str] = {}
        for item in due_snapshots(session, now, user_id):
            if item.post_id not in facts:
                facts[item.post_id] = post_facts(session, session.get_one(Post, item.post_id))
            fact = facts[item.post_id]
            if insights.can_backfill(fact):
                due[(item.post_id, item.label)] = item.at
            else:  # a live platform is read once, now, for the latest passed mark
                if item.post_id in live_mark:
                    del due[(item.post_id, live_mark[item.post_id])]
                live_mark[item.post_id] = item.label
                due[(item.post_id, item.label)] = now
        for (post_id, label), at in due.items():
            post = session.get_one(Post, post_id)
            fact = facts[post_id]
            hours = (at - fact.published_at).total_seconds() / 3600
            metrics, simulated = insights.measure(fact, hours)
            session.add(
                AnalyticsSnapshot(
                    post_id=post.id,
                    user_id=post.user_id,
                    platform=post.platform,
                    captured_at=at,
                    metrics_json=dict(metrics),
                    is_simulated=simulated,
                    notes=label,
                )
            )
            taken += 1
        if run is not None and taken:
            log_event(
                session,
                run,
                EventType.ANALYTICS_COLLECTED,
                EventSubject.POST,
                None,
                f"{taken} analytics snapshots of {len(facts)} posts",
                posts=[str(p) for p in facts],
            )
    return taken


# ------------------------------------------------------------------ the week's results


def week_bounds(week_start: date, timezone: str) -> tuple[datetime, datetime]:
    """The creator's local Monday 00:00 to the next Monday 00:00, in UTC."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(week_start, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(week_start + timedelta(days=7), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def _rating(session: Session, facts: PostFacts) -> float | None:
    subjects = [
        (FeedbackSubject.POST, str(facts.post_id)),
        (FeedbackSubject.REEL, str(facts.reel_id)),
    ]
    if facts.script_id is not None:
        subjects.append((FeedbackSubject.SCRIPT, str(facts.script_id)))
    ratings = [
        row.rating
        for kind, subject in subjects
        for row in session.scalars(
            select(Feedback).where(
                Feedback.user_id == facts.user_id,
                Feedback.subject_type == kind,
                Feedback.subject_id == subject,
            )
        )
    ]
    return fmean(ratings) if ratings else None


@dataclass(frozen=True)
class WeekResults:
    results: list[PostResult]
    facts: dict[str, PostFacts]
    series: list[PostSeries]


def week_results(session: Session, user_id: uuid.UUID, week_start: date) -> WeekResults:
    """The week's published posts with their latest snapshot (posts never measured are left out)."""
    user = session.get_one(User, user_id)
    start, end = week_bounds(week_start, user.timezone or "UTC")
    posts = session.scalars(
        select(Post)
        .where(
            Post.user_id == user_id,
            Post.publish_status == PublishStatus.PUBLISHED,
            Post.published_at >= start,
            Post.published_at < end,
        )
        .order_by(Post.published_at)
    ).all()
    results: list[PostResult] = []
    facts: dict[str, PostFacts] = {}
    series: list[PostSeries] = []
    for post in posts:
        snapshots = session.scalars(
            select(AnalyticsSnapshot)
            .where(AnalyticsSnapshot.post_id == post.id)
            .order_by(AnalyticsSnapshot.captured_at)
        ).all()
        if not snapshots:
            continue
        fact = post_facts(session, post)
        latest = metrics_from_json(snapshots[-1].metrics_json)
        facts[str(post.id)] = fact
        results.append(
            PostResult(
                post_id=str(post.id),
                platform=fact.platform,
                title=fact.title,
                topic=fact.topic,
                link=fact.link,
                slot=fact.slot,
                metrics=latest,
                score=performance_score(latest),
                simulated=any(s.is_simulated for s in snapshots),
                tone=fact.tone,
                hook_type=fact.hook_type,
                twin=fact.twin,
                critic_total=fact.critic_total,
                critic_hook=fact.critic_hook,
                rating=_rating(session, fact),
            )
        )
        series.append(
            PostSeries(
                label=fact.title,
                platform=fact.platform,
                points=[
                    (
                        (s.captured_at - fact.published_at).total_seconds() / 3600,
                        int(s.metrics_json.get("views", 0)),
                    )
                    for s in snapshots
                ],
            )
        )
    return WeekResults(results, facts, series)


# ------------------------------------------------------------------ the graph


class LearningState(TypedDict, total=False):
    user_id: str
    run_id: str
    week_start: date
    snapshots: int
    report_id: str
    report_files: ReportFiles
    week: WeekResults
    strategy_id: str
    adjustments: dict[str, Any]
    memory_moves: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class LearningDeps:
    """What the learning graph needs beyond the run context."""

    insights: InsightsSource
    analyst: BaseChatModel | None = None  # None: the deterministic insights, unrephrased


@dataclass(frozen=True)
class LearningOutcome:
    run_id: str
    snapshots: int
    report_id: str
    strategy_id: str
    html_path: str
    pdf_path: str
    adjustments: dict[str, Any]
    memory_moves: dict[str, tuple[float, float]] = field(default_factory=dict)


def _run(session: Session, state: LearningState) -> AgentRun:
    return session.get_one(AgentRun, uuid.UUID(state["run_id"]))


def _previous_report(session: Session, user_id: uuid.UUID, week_start: date) -> WeeklyReport | None:
    return session.scalars(
        select(WeeklyReport)
        .where(WeeklyReport.user_id == user_id, WeeklyReport.week_start < week_start)
        .order_by(WeeklyReport.week_start.desc())
    ).first()


def _write_report(ctx: RunContext, deps: LearningDeps, state: LearningState) -> dict[str, Any]:
    user_id = uuid.UUID(state["user_id"])
    week_start = state["week_start"]
    with ctx.session_factory() as session:
        user = session.get_one(User, user_id)
        creator = user.name
        week = week_results(session, user_id, week_start)
        previous = _previous_report(session, user_id, week_start)
        before = previous.aggregate_metrics_json if previous is not None else None
    numbers = aggregate(week.results)
    insights = write_insights(deps.analyst, week.results, numbers, before, callbacks=ctx.callbacks)
    topics: dict[str, list[float]] = {}
    for result in week.results:
        topics.setdefault(result.topic, []).append(result.standing)
    doc = ReportDocument(
        creator=creator,
        week_start=week_start,
        week_end=week_start + timedelta(days=6),
        numbers=numbers,
        top_posts=top_posts(week.results),
        headline=insights.headline,
        findings=insights.findings,
        next_steps=insights.next_steps,
        topic_standing={t: round(fmean(v), 4) for t, v in topics.items()},
        series=week.series,
    )
    store = MediaStore(ctx.media.media_dir)
    files = render_report(
        doc, store.user_dir(user_id) / "reports", f"weekly-{week_start.isoformat()}"
    )
    with transaction(ctx.session_factory) as session:
        run = _run(session, state)
        row = WeeklyReport(
            user_id=user_id,
            week_start=week_start,
            week_end=week_start + timedelta(days=6),
            aggregate_metrics_json=numbers,
            top_posts=doc.top_posts,
            insights=insights.as_text(),
            pdf_uri=store.uri_for(files.pdf),
        )
        session.add(row)
        session.flush()
        session.add(
            Notification(
                user_id=user_id,
                type=NotificationType.WEEKLY_REPORT_READY,
                payload_json={
                    "deeplink": f"twinreel://reports/{row.id}",
                    "week_start": week_start.isoformat(),
                    "pdf_uri": row.pdf_uri,
                    "html_uri": store.uri_for(files.html),
                    "simulated": numbers["simulated"],
                },
            )
        )
        log_event(
            session,
            run,
            EventType.REPORT_GENERATED,
            EventSubject.REPORT,
            row.id,
            f"Weekly report {week_start.isoformat()}: {insights.headline}",
            simulated=numbers["simulated"],
        )
        report_id = str(row.id)
    ctx.progress({"step": "report", "status": "done", "report_id": report_id})
    return {"report_id": report_id, "report_files": files, "week": week}


def _write_strategy(ctx: RunContext, state: LearningState) -> dict[str, Any]:
    user_id = uuid.UUID(state["user_id"])
    week_start = state["week_start"]
    effective = week_start + timedelta(days=7)
    with transaction(ctx.session_factory) as session:
        run = _run(session, state)
        set_agent_state(session, run.agent_id, AgentState.ADAPTING)
        previous = session.scalars(
            select(StrategyUpdate)
            .where(StrategyUpdate.user_id == user_id)
            .order_by(StrategyUpdate.effective_start_date.desc(), StrategyUpdate.created_at.desc())
        ).first()
        adjustments = derive_strategy_update(
            state["week"].results, previous.adjustments_json if previous is not None else None
        )
        row = StrategyUpdate(
            user_id=user_id,
            source_report_id=uuid.UUID(state["report_id"]),
            adjustments_json=adjustments,
            effective_start_date=effective,
        )
        session.add(row)
        session.flush()
        session.add(
            Notification(
                user_id=user_id,
                type=NotificationType.STRATEGY_UPDATE,
                payload_json={
                    "deeplink": f"twinreel://strategy/{row.id}",
                    "effective_start_date": effective.isoformat(),
                },
            )
        )
        log_event(
            session,
            run,
            EventType.STRATEGY_ADJUSTED,
            EventSubject.STRATEGY,
            row.id,
            f"Strategy from {effective.isoformat()}: more "
            f"{', '.join(adjustments['topics_to_increase']) or '-'}; less "
            f"{', '.join(adjustments['topics_to_reduce']) or '-'}",
            adjustments=adjustments,
        )
        strategy_id = str(row.id)
    ctx.progress({"step": "strategy", "status": "done", "strategy_id": strategy_id})
    return {"strategy_id": strategy_id, "adjustments": adjustments}


def relative_outcomes(scores: Mapping[uuid.UUID, float]) -> dict[uuid.UUID, float]:
    """Each job's reinforcement target: 0.3 for the week's worst up to 1.0 for its best.

    Relative, because absolute numbers follow audience size: a small creator's best post is
    still the pattern to repeat. A single job has nothing to compare with and keeps its
    absolute performance score.
    """
    if len(scores) < 2:
        return {job: min(max(score, 0.0), 1.0) for job, score in scores.items()}
    ordered = sorted(scores.values())
    top = len(ordered) - 1
    result: dict[uuid.UUID, float] = {}
    for job, score in scores.items():
        below = sum(1 for s in ordered if s < score)
        equal = sum(1 for s in ordered if s == score)
        percentile = (below + (equal - 1) / 2) / top
        result[job] = round(0.3 + 0.7 * percentile, 4)
    return result


def _reinforce(ctx: RunContext, state: LearningState) -> dict[str, Any]:
    """Each post's memories move toward how it ranked this week; winners rise, losers fade."""
    moves: dict[str, tuple[float, float]] = {}
    if ctx.memory is None:
        return {"memory_moves": moves}
    user_id = uuid.UUID(state["user_id"])
    week = state["week"]
    by_job: dict[uuid.UUID, list[float]] = {}
    for result in week.results:
        job_id = week.facts[result.post_id].job_id
        if job_id is not None:
            by_job.setdefault(job_id, []).append(result.score)
    targets = relative_outcomes({job: fmean(scores) for job, scores in by_job.items()})
    for job_id, outcome in targets.items():
        with ctx.session_factory() as session:
            memories = session.scalars(
                select(CreativeMemory).where(
                    CreativeMemory.user_id == user_id,
                    CreativeMemory.reference_id.like(f"{job_id}:%"),
                )
            ).all()
            before = {m.id: m.score for m in memories}
        for memory_id, old in before.items():
            new = ctx.memory.reinforce(memory_id, outcome, REINFORCE_WEIGHT)
            moves[str(memory_id)] = (old, new)
    with transaction(ctx.session_factory) as session:
        run = _run(session, state)
        log_event(
            session,
            run,
            EventType.MEMORY_UPDATED,
            EventSubject.MEMORY,
            None,
            f"{len(moves)} memories reinforced from {len(by_job)} jobs' analytics",
            moves={k: list(v) for k, v in moves.items()},
            targets={str(k): v for k, v in targets.items()},
        )
    return {"memory_moves": moves}


def build_learning_graph(
    deps: LearningDeps,
) -> CompiledStateGraph[LearningState, RunContext, LearningState, LearningState]:
    def collect(state: LearningState, runtime: Runtime[RunContext]) -> dict[str, Any]:
        ctx = runtime.context
        with transaction(ctx.session_factory) as session:
            run = _run(session, state)
            set_agent_state(session, run.agent_id, AgentState.ANALYZING)
            session.expunge(run)
        user_id = uuid.UUID(state["user_id"])
        taken = collect_due_snapshots(ctx, deps.insights, user_id=user_id, run=run)
        ctx.progress({"step": "analytics", "status": "done", "snapshots": taken})
        return {"snapshots": taken}

    def report(state: LearningState, runtime: Runtime[RunContext]) -> dict[str, Any]:
        return _write_report(runtime.context, deps, state)

    def adapt(state: LearningState, runtime: Runtime[RunContext]) -> dict[str, Any]:
        return _write_strategy(runtime.context, state)

    def reinforce(state: LearningState, runtime: Runtime[RunContext]) -> dict[str, Any]:
        return _reinforce(runtime.context, state)

    graph = StateGraph(LearningState, context_schema=RunContext)
    graph.add_node("collect", collect)
    graph.add_node("report", report)
    graph.add_node("adapt", adapt)
    graph.add_node("reinforce", reinforce)
    graph.add_edge(START, "collect")
    graph.add_edge("collect", "report")
    graph.add_edge("report", "adapt")
    graph.add_edge("adapt", "reinforce")
    graph.add_edge("reinforce", END)
    return graph.compile()


def run_learning(
    ctx: RunContext,
    user_id: uuid.UUID,
    week_start: date,
    deps: LearningDeps,
    *,
    trigger: TriggerType = TriggerType.SCHEDULE_WEEKLY,
) -> LearningOutcome:
    """Learn from the creator's week starting ``week_start`` (a local Monday), as one AgentRun."""
    with transaction(ctx.session_factory) as session:
        agent = session.scalars(select(Agent).where(Agent.user_id == user_id)).first()
        run = AgentRun(
            agent_id=agent.id if agent else None,
            user_id=user_id,
            trigger_type=trigger,
            status=AgentRunStatus.RUNNING,
        )
        session.add(run)
        session.flush()
        run.thread_id = str(run.id)
        run_id = run.id
    try:
        final = build_learning_graph(deps).invoke(
            {"user_id": str(user_id), "run_id": str(run_id), "week_start": week_start},
            context=ctx,
        )
    except Exception as exc:
        _record_failure(ctx, run_id, exc)
        raise
    files: ReportFiles = final["report_files"]
    with transaction(ctx.session_factory) as session:
        run = session.get_one(AgentRun, run_id)
        run.status = AgentRunStatus.COMPLETED
        run.result = RunResult.SUCCESS
        run.finished_at = utcnow()
        run.summary = (
            f"Week of {week_start.isoformat()}: {final['snapshots']} snapshots, report "
            f"{final['report_id']}, strategy {final['strategy_id']}, "
            f"{len(final['memory_moves'])} memories reinforced"
        )
        set_agent_state(session, run.agent_id, AgentState.IDLE)
    return LearningOutcome(
        run_id=str(run_id),
        snapshots=final["snapshots"],
        report_id=final["report_id"],
        strategy_id=final["strategy_id"],
        html_path=str(files.html),
        pdf_path=str(files.pdf),
        adjustments=final["adjustments"],
        memory_moves=final["memory_moves"],
    )


def _record_failure(ctx: RunContext, run_id: uuid.UUID, exc: Exception) -> None:
    with transaction(ctx.session_factory) as session:
        record_run_failure(
            session,
            session.get_one(AgentRun, run_id),
            exc,
            node="learning",
            label="learning",
            scope=ErrorScope.LEARNING,
            severity=Severity.MEDIUM,
            context={"graph": "learning"},
        )


# ------------------------------------------------------------------ critic calibration


def _script_text(session: Session, facts: PostFacts) -> str:
    if facts.script_id is not None:
        script = session.get(Script, facts.script_id)
        if script is not None and script.body_text.strip():
            return script.body_text
    reel = session.get_one(VideoReel, facts.reel_id)
    if reel.story_id is None:
        return ""
    scenes = session.scalars(
        select(StoryScene).where(StoryScene.story_id == reel.story_id).order_by(StoryScene.position)
    ).all()
    return " ".join(s.narration_text for s in scenes)


def calibration_rows(session: Session, user_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every measured post as a scored eval row: the script the critic judged, its outcome.

    The evals' scored format (``{"id", "kind", "group", "platform", "text", "outcome"}``) plus
    the critic's own scores and whether the outcome was simulated, so ``twinreel eval critic``
    can check the critic against this creator's results.
    """
    posts = session.scalars(
        select(Post)
        .where(Post.user_id == user_id, Post.publish_status == PublishStatus.PUBLISHED)
        .order_by(Post.published_at)
    ).all()
    rows: list[dict[str, Any]] = []
    for post in posts:
        latest = session.scalars(
            select(AnalyticsSnapshot)
            .where(AnalyticsSnapshot.post_id == post.id)
            .order_by(AnalyticsSnapshot.captured_at.desc())
        ).first()
        if latest is None:
            continue
        facts = post_facts(session, post)
        text = _script_text(session, facts)
        if not text.strip():
            continue
        rows.append(
            {
                "id": str(post.id),
                "kind": "script",
                "group": facts.platform,
                "platform": facts.platform,
                "text": text,
                "outcome": performance_score(metrics_from_json(latest.metrics_json)),
                "critic_total": facts.critic_total,
                "critic_hook": facts.critic_hook,
                "topic": facts.topic,
                "simulated": latest.is_simulated,
                "snapshot": latest.notes,
            }
        )
    return rows
