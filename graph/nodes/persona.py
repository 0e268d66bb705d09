"""Persona node: which persona, twin and voice; the writing constraints they imply."""

from __future__ import annotations

import uuid
from typing import Any

from langchain_core.tools import ToolException
from langgraph.runtime import Runtime
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agents.decisions import WritingConstraints
from agents.persona import persona_constraints
from graph.audit import set_agent_state
from graph.context import RunContext
from graph.journal import complete_step, completed_step
from graph.lookups import load_run
from graph.state import PersonaPick, ProductionState
from storage.creative import AiTwin, Persona, PersonaUsage
from storage.database import transaction
from storage.enums import AgentState, OrchestratorEventType, TwinStatus
from storage.identity import User
from storage.orchestration import ExecutionPlan
from tools.agent_tools import ToolScope, find_persona, persona_dict, persona_tools

STEP = "persona"


class PersonaStep(BaseModel):
    pick: PersonaPick
    constraints: WritingConstraints


class UnknownPersonaError(LookupError):
    """The requested persona or twin does not exist for this creator."""


def resolve_persona(session: Session, user_id: uuid.UUID, requested: str | None) -> PersonaPick:
    """The twin (and its persona and voice) a request names, or the creator's default twin."""
    twins = session.scalars(
        select(AiTwin)
        .where(AiTwin.user_id == user_id, AiTwin.status == TwinStatus.ACTIVE)
        .order_by(AiTwin.name)
    ).all()
    user = session.get_one(User, user_id)
    wanted = requested or user.preferences_json.get("default_twin")
    twin = next((t for t in twins if wanted and t.name.lower() == str(wanted).lower()), None)
    persona: Persona | None = None
    if twin is None and wanted:
        try:
            persona = find_persona(session, user_id, str(wanted))
        except ToolException:
            names = [t.name for t in twins]
            raise UnknownPersonaError(
                f"unknown persona or twin {wanted!r}; valid: {', '.join(names) or '(none)'}"
            ) from None
        twin = next((t for t in twins if t.persona_id == persona.id), None)
    if twin is None and persona is None:
        if not twins:
            raise UnknownPersonaError("this creator has no active AI twin; create one first")
        twin = twins[0]
    if persona is None:
        assert twin is not None
        if twin.persona_id is None:
            raise UnknownPersonaError(f"twin {twin.name!r} has no persona attached")
        persona = session.get_one(Persona, twin.persona_id)
    return PersonaPick(
        persona_id=str(persona.id),
        persona_name=persona.name,
        ai_twin_id=str(twin.id) if twin else None,
        twin_name=twin.name if twin else None,
        voice_profile_id=str(twin.voice_profile_id) if twin and twin.voice_profile_id else None,
    )


def persona_node(state: ProductionState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    ctx = runtime.context
    job_id, user_id = uuid.UUID(state["job_id"]), uuid.UUID(state["user_id"])
    with ctx.session_factory() as session:
        done = completed_step(session, job_id, STEP, PersonaStep)
        if done is not None:
            return {"persona": done.pick, "constraints": done.constraints}
        pick = resolve_persona(session, user_id, state["request"].persona_id)
        persona = persona_dict(session.get_one(Persona, uuid.UUID(pick.persona_id)))

    ctx.progress({"step": "persona", "status": "started"})
    scope = ToolScope(ctx.session_factory, user_id)
    constraints = persona_constraints(
        ctx.model("persona"),
        persona_tools(scope),
        persona,
        state["plan"],
        callbacks=ctx.callbacks,
    )
    with transaction(ctx.session_factory) as session:
        run = load_run(session, state["run_id"])
        persona_id = uuid.UUID(pick.persona_id)
        session.add(PersonaUsage(user_id=user_id, persona_id=persona_id, job_id=job_id))
        session.execute(
            update(ExecutionPlan)
            .where(ExecutionPlan.job_id == job_id)
            .values(persona_id=persona_id)
        )
        set_agent_state(session, run.agent_id, AgentState.CREATING)
        complete_step(
            session,
            user_id=user_id,
            job_id=job_id,
            step=STEP,
            event_type=OrchestratorEventType.PERSONA_LOADED,
            output=PersonaStep(pick=pick, constraints=constraints),
        )
    ctx.progress(
        {
            "step": "persona",
            "status": "done",
            "persona": pick.persona_name,
            "twin": pick.twin_name,
            "constraints": constraints.model_dump(mode="json"),
        }
    )
    return {"persona": pick, "constraints": constraints}
