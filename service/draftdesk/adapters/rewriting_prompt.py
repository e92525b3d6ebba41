"""What goes to a model to rewrite a reply: the system and user messages rendered from
the redacted RewriteRequest with `prompts/rewriting/{ja,en}/`, the style's own
instruction included from `<style>.j2` there. The answer is a draft's: one JSON object
with the six section keys (`drafting_prompt.parse_answer`)."""

from __future__ import annotations

from jinja2 import Environment

from draftdesk.domain import RewriteRequest


def render_rewrite_messages(request: RewriteRequest, *, prompts: Environment) -> list[dict[str, str]]:
    """Pure, like the drafting prompt, so a test can show exactly what a model gets."""
    language = request.language
    variables = {
        "shop_name": request.shop.name(language),
        "style": request.style.value,
        "subject": request.subject,
        "text": request.text,
    }
    return [
        {"role": role, "content": prompts.get_template(f"rewriting/{language}/{role}.j2").render(**variables).strip()}
        for role in ("system", "user")
    ]
