"""Request bodies of the REST API (responses are the domain models themselves)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from service.domain import Agent, Language, Ticket


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DraftOptions(Body):
    model: str | None = Field(default=None, max_length=200)


class CreateDraft(Body):
    ticket: Ticket
    agent: Agent | None = None
    options: DraftOptions | None = None

    @field_validator("ticket")
    @classmethod
    def _has_body(cls, ticket: Ticket) -> Ticket:
        if not ticket.body.strip():
            raise ValueError("the ticket body is empty")
        return ticket


class EditDraft(Body):
    subject: str | None = Field(default=None, max_length=500)
    body: str = Field(min_length=1, max_length=50_000)
    agent: Agent | None = None


class ApproveDraft(Body):
    agent: Agent | str
    override_reason: str | None = Field(default=None, max_length=2_000)

    @property
    def agent_name(self) -> str:
        return self.agent if isinstance(self.agent, str) else self.agent.name

    @field_validator("agent")
    @classmethod
    def _named(cls, agent: Agent | str) -> Agent | str:
        if isinstance(agent, str) and not agent.strip():
            raise ValueError("the approving agent's name is empty")
        return agent


class CheckText(Body):
    text: str = Field(min_length=1, max_length=50_000)
    language: Language | None = None
    ticket: Ticket | None = None
    subject: str = ""
    agent: Agent | None = None
