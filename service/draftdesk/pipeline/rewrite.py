"""rewrite: a reply rewritten by a model in another style, and no personal data sent.

`prepare_rewrite` redacts the latest version's subject and text as `ReplyPipeline.prepare`
redacts a ticket: the detector, the customer's known values (order and sender), the
shop's and the order's own words left alone, the vault kept in memory. When the text
still has the greeting and signature Draftdesk laid out, only what lies between them
is sent: `restore_rewrite` lays the model's sections out with them again, from the
records, as `restore` does for a draft. An agent's own greeting or signature is sent
along (redacted), and the prompt asks the model to leave it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment

from draftdesk.domain import (
    Agent,
    Draft,
    DraftResult,
    Language,
    Order,
    RewriteRequest,
    RewriteStyle,
    Sections,
    ShopProfile,
    Ticket,
)
from draftdesk.pipeline.redact import KnownValues, Vault, redact
from draftdesk.pipeline.reply import not_personal, withheld_values
from draftdesk.pipeline.restore import Reply, restore_reply
from draftdesk.ports import PiiDetector

# A private-use character no reply holds: where the sections go in a laid-out reply.
_SECTIONS = "\ue000"


@dataclass(frozen=True, kw_only=True)
class Layout:
    """What a reply of this draft is laid out with: the greeting's name and the signature."""

    language: Language
    customer_name: str | None
    agent: Agent
    shop: ShopProfile
    env: Environment

    def render(self, sections: Sections, *, vault: Vault) -> Reply:
        return restore_reply(
            sections, vault=vault, env=self.env, language=self.language,
            customer_name=self.customer_name, shop=self.shop, agent=self.agent,
        )

    def content(self, body: str) -> str:
        """`body` without the greeting and signature this layout writes; all of it when
        they are not the layout's (an agent edited them)."""
        head, _, tail = self.render(Sections(opening=_SECTIONS), vault=Vault()).body.partition(_SECTIONS)
        if len(body) >= len(head) + len(tail) and body.startswith(head) and body.endswith(tail):
            return body[len(head) : len(body) - len(tail)].strip()
        return body


@dataclass(frozen=True, kw_only=True)
class PreparedRewrite:
    """What a rewriter gets (`request`, placeholders only) and what stays here (`vault`)."""

    request: RewriteRequest
    vault: Vault


def prepare_rewrite(
    draft: Draft,
    *,
    style: RewriteStyle,
    layout: Layout,
    order: Order | None,
    ticket: Ticket | None,
    detector: PiiDetector,
) -> PreparedRewrite:
    """Raises RedactionFailed when the detector fails: then no model may see the text."""
    known = KnownValues.from_order(order, ticket.sender if ticket is not None else None)
    vault = Vault()
    keep = not_personal(order, layout.shop, texts=(draft.subject, draft.body))

    def redacted(text: str) -> str:
        return redact(text, language=draft.language, known=known, vault=vault, detector=detector, keep=keep)

    request = RewriteRequest(
        language=draft.language,
        style=style,
        subject=redacted(draft.subject),
        text=redacted(layout.content(draft.body)),
        facts=draft.facts,
        cited=tuple(citation.passage_id for citation in draft.citations),
        shop=layout.shop,
        withheld=withheld_values(known),
    )
    return PreparedRewrite(request=request, vault=vault)


def restore_rewrite(result: DraftResult, prepared: PreparedRewrite, *, layout: Layout, subject: str) -> Reply:
    """The rewritten reply laid out, placeholders restored; `subject` (the current one)
    stays when the model left its subject empty."""
    reply = layout.render(result.sections, vault=prepared.vault)
    return reply if reply.subject else reply.model_copy(update={"subject": subject})
