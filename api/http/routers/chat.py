"""``POST /v1/chat``: a message becomes work (reels, a results answer, an approval), and the
conversation is kept. With ``Accept: text/event-stream`` the reply is the live progress."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from sqlalchemy import select

from agents.planner import PlanningRequest
from api.http import work
from api.http.chat_intent import ParsedMessage, parse_message
from api.http.deps import Caller, CallerDep, SessionDep, StateDep, rate_limited
from api.http.results import last_week_results
from api.http.runner import OnFinish, final_event
from api.http.schemas.jobs import (
    ChatReply,
    ChatRequest,
    ConversationDetail,
    ConversationOut,
    JobRef,
    MessageOut,
)
from api.http.sse import job_events, stream_response, wants_stream
from api.http.state import ApiState
from graph.nodes.approval import ApprovalAnswer
from graph.runs import RunOutcome, RunStateError
from storage.base import utcnow
from storage.conversations import Conversation, ConversationMessage, MessageRole
from storage.database import transaction
from storage.errors import NotFoundError

router = APIRouter(prefix="/v1", tags=["chat"])

HELP = (
    "Tell me what to make, e.g. “a 20 s TikTok about passkeys, playful, use my Space Twin” or "
    "“make 3 reels about morning routines”; ask “how did last week go?”; or say “approve” / "
    "“reject: too salesy” about the reel waiting for you."
)


def _conversation(session: SessionDep, caller: Caller, body: ChatRequest) -> Conversation:
    if body.conversation_id is not None:
        convo = session.get(Conversation, body.conversation_id)
        if convo is None or convo.user_id != caller.user_id:
            raise NotFoundError("Conversation", body.conversation_id)
        convo.updated_at = utcnow()
        return convo
    convo = Conversation(user_id=caller.user_id, title=body.message[:80])
    session.add(convo)
    session.flush()
    return convo


def _reply_recorder(
    state: ApiState, user_id: uuid.UUID, convo_id: uuid.UUID, job_id_box: list[uuid.UUID]
) -> OnFinish:
    """When a run started from chat ends, its final answer joins the conversation."""

    def record(outcome: RunOutcome | None, error: str | None) -> None:
        job_id = job_id_box[0] if job_id_box else None
        if outcome is not None:
            job_id = uuid.UUID(outcome.job_id) if outcome.job_id else job_id
        event = final_event(job_id or uuid.UUID(int=0), outcome, error)
        with transaction(state.runtime.session_factory) as session:
            session.add(
                ConversationMessage(
                    conversation_id=convo_id,
                    user_id=user_id,
                    role=MessageRole.ASSISTANT,
                    content=str(event.get("message", "")),
                    intent="run_finished",
                    job_id=job_id,
                    payload_json={k: v for k, v in event.items() if k != "message"},
                )
            )

    return record


@router.post(
    "/chat",
    response_model=ChatReply,
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[Depends(rate_limited("chat"))],
    summary="Talk to your agent: make reels, ask about results, approve or reject",
    responses={
        202: {"description": "Work was started: the jobs and where to follow them."},
        200: {
            "content": {"text/event-stream": {}},
            "description": "An answer (no work started), or the live progress (SSE).",
        },
    },
)
def chat(
    body: ChatRequest, caller: CallerDep, state: StateDep, request: Request, response: Response
) -> Response | ChatReply:
    parsed = parse_message(body.message)
    with transaction(state.runtime.session_factory) as session:
        convo = _conversation(session, caller, body)
        convo_id = convo.id
        session.add(
            ConversationMessage(
                conversation_id=convo_id,
                user_id=caller.user_id,
                role=MessageRole.USER,
                content=body.message,
                intent=parsed.intent,
            )
        )
    reply = _act(state, caller, body, parsed, convo_id)
    with transaction(state.runtime.session_factory) as session:
        session.add(
            ConversationMessage(
                conversation_id=convo_id,
                user_id=caller.user_id,
                role=MessageRole.ASSISTANT,
                content=reply.answer,
                intent=reply.intent,
                job_id=reply.jobs[0].job_id if reply.jobs else None,
                payload_json={"jobs": [str(j.job_id) for j in reply.jobs], **reply.data},
            )
        )
    if wants_stream(request) and reply.jobs:
        preamble = reply.model_dump(mode="json")
        with state.runtime.session_factory() as session:
            fallback = {j.job_id: work.fallback_answer(session, j.job_id) for j in reply.jobs}
        return stream_response(
            job_events(
                state.bus, [j.job_id for j in reply.jobs], preamble, fallback, current_only=True
            )
        )
    if not reply.jobs:
        response.status_code = status.HTTP_200_OK  # an answer, no work started
    return reply


def _act(
    state: ApiState, caller: Caller, body: ChatRequest, parsed: ParsedMessage, convo_id: uuid.UUID
) -> ChatReply:
    data: dict[str, Any] = {}
    if parsed.intent == "help":
        return ChatReply(conversation_id=convo_id, intent="help", answer=HELP)
    if parsed.intent == "results":
        with state.runtime.session_factory() as session:
            answer, data = last_week_results(session, caller.user_id)
        return ChatReply(conversation_id=convo_id, intent="results", answer=answer, data=data)
    if parsed.intent in ("approve", "reject"):
        if not caller.can("approve_reels"):
            return ChatReply(
                conversation_id=convo_id,
                intent=parsed.intent,
                answer=f"This key's role ({caller.role}) cannot approve or reject reels.",
            )
        with state.runtime.session_factory() as session:
            try:
                run = work.waiting_run(session, caller.user_id, parsed.run_ref)
            except (RunStateError, NotFoundError) as exc:
                return ChatReply(conversation_id=convo_id, intent=parsed.intent, answer=str(exc))
        decision = (
            ApprovalAnswer(action="approve")
            if parsed.intent == "approve"
            else ApprovalAnswer(action="reject", reason=parsed.reason)
        )
        box: list[uuid.UUID] = [run.job_id] if run.job_id else []
        try:
            ref = work.answer(
                state, run, decision, _reply_recorder(state, caller.user_id, convo_id, box)
            )
        except RunStateError as exc:
            return ChatReply(conversation_id=convo_id, intent=parsed.intent, answer=str(exc))
        verb = (
            "Approved: publishing now."
            if parsed.intent == "approve"
            else "Rejected: nothing will be published."
        )
        return ChatReply(conversation_id=convo_id, intent=parsed.intent, answer=verb, jobs=[ref])
    persona = body.persona or parsed.persona
    work.check_persona(state, caller.user_id, persona)
    request = PlanningRequest(
        prompt=body.message,
        platform=body.platform or parsed.platform,
        duration_sec=body.duration_sec or parsed.duration_sec,
        persona_id=persona,
    )
    refs: list[JobRef] = []
    for _ in range(parsed.count):
        [ref] = work.start_reels(
            state, caller.user_id, [request], _reply_recorder(state, caller.user_id, convo_id, [])
        )
        refs.append(ref)
    noun = "reel" if parsed.count == 1 else f"{parsed.count} reels"
    answer_text = f"On it: making {noun}. Follow along at {refs[0].links['events']}."
    if parsed.notes:
        answer_text += " Note: " + "; ".join(parsed.notes) + "."
    return ChatReply(
        conversation_id=convo_id, intent="make_reels", answer=answer_text, jobs=refs, data=data
    )


@router.get("/conversations", response_model=list[ConversationOut], summary="Your conversations")
def list_conversations(
    caller: CallerDep, session: SessionDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[Conversation]:
    return list(
        session.scalars(
            select(Conversation)
            .where(Conversation.user_id == caller.user_id)
            .order_by(Conversation.updated_at.desc())
            .limit(limit)
        )
    )


@router.get(
    "/conversations/{conversation_id}",
    response_model=ConversationDetail,
    summary="A conversation and its messages",
)
def get_conversation(
    conversation_id: uuid.UUID, caller: CallerDep, session: SessionDep
) -> ConversationDetail:
    convo = session.get(Conversation, conversation_id)
    if convo is None or convo.user_id != caller.user_id:
        raise NotFoundError("Conversation", conversation_id)
    messages = session.scalars(
        select(ConversationMessage)
        .where(
            ConversationMessage.conversation_id == convo.id,
            ConversationMessage.user_id == caller.user_id,
        )
        .order_by(ConversationMessage.created_at)
    ).all()
    return ConversationDetail(
        **ConversationOut.model_validate(convo).model_dump(),
        messages=[MessageOut.model_validate(m) for m in messages],
    )
