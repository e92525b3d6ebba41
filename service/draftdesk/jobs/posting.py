"""The note a job posts: rendered for the helpdesk its target names, sent with that
helpdesk's client."""

from __future__ import annotations

from draftdesk.domain import Draft
from draftdesk.errors import HelpdeskRejected
from draftdesk.integrations.clients import ChatwootClient, ZendeskClient
from draftdesk.integrations.deliveries import NoteTarget, ZendeskTicketRef
from draftdesk.integrations.notes import NoteRenderer


class HelpdeskNotes:
    """A `NotePoster` over the configured helpdesks' clients (None: not configured)."""

    def __init__(self, renderer: NoteRenderer, *, zendesk: ZendeskClient | None, chatwoot: ChatwootClient | None) -> None:
        self._renderer, self._zendesk, self._chatwoot = renderer, zendesk, chatwoot

    async def post(self, target: NoteTarget, draft: Draft) -> None:
        if isinstance(target, ZendeskTicketRef):
            if self._zendesk is None:
                raise _not_configured("Zendesk", "DRAFTDESK_ZENDESK_*")
            await self._zendesk.post_note(target, self._renderer.zendesk_html(draft))
            return
        if self._chatwoot is None:
            raise _not_configured("Chatwoot", "DRAFTDESK_CHATWOOT_*")
        await self._chatwoot.post_note(target, self._renderer.chatwoot_markdown(draft))


def _not_configured(helpdesk: str, variables: str) -> HelpdeskRejected:
    # The integration was switched off after the job was accepted: no retry brings it back.
    return HelpdeskRejected(f"{helpdesk} is not configured ({variables}): the note cannot be posted", helpdesk=helpdesk)
