"""An optional LLM judge for tone and helpfulness (`draftdesk eval --judge MODEL`).

Any litellm model string works. The rubric is data (`evals/judge/rubric_<lang>.md`),
written in the draft's language: a Japanese reply is judged against a Japanese
rubric (keigo, 結び), not a translated English one. The judge sees the ticket and
the draft with every personal value of the case masked, so judging never becomes a
leak. Its scores are reported apart from the deterministic checks and never gate.
"""

from __future__ import annotations

import json
from pathlib import Path

import litellm
import openai
from pydantic import ValidationError

from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import Language
from draftdesk.evals.report import JudgeScore
from draftdesk.evals.wire import PersonalValue

RUBRICS = PROJECT_ROOT / "evals" / "judge"


class Judge:
    def __init__(
        self,
        *,
        model: str,
        api_base: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 60.0,
        rubric_dir: Path = RUBRICS,
    ) -> None:
        self.model = model
        self._api_base = api_base
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._rubrics = {
            language: (rubric_dir / f"rubric_{language}.md").read_text(encoding="utf-8") for language in ("ja", "en")
        }

    async def score(
        self, *, language: Language, ticket_text: str, draft_text: str, personal: list[PersonalValue]
    ) -> JudgeScore | None:
        """None when the judge gives no usable answer; a judge's failure is not the draft's."""
        heading = ("お問い合わせ", "返信の下書き") if language == "ja" else ("Customer e-mail", "Draft reply")
        content = f"## {heading[0]}\n{mask(ticket_text, personal)}\n\n## {heading[1]}\n{mask(draft_text, personal)}"
        try:
            response = await litellm.acompletion(
                model=self.model,
                messages=[{"role": "system", "content": self._rubrics[language]}, {"role": "user", "content": content}],
                temperature=0,
                api_base=self._api_base,
                api_key=self._api_key,
                timeout=self._timeout_s,
            )
            return JudgeScore.model_validate(json.loads(_json_object(response.choices[0].message.content or "")))
        except (openai.OpenAIError, ValueError, ValidationError):
            return None


def mask(text: str, personal: list[PersonalValue]) -> str:
    """Each personal value (as written, and without its spaces) becomes `<TYPE>`."""
    spellings = {(spelling, value.kind) for value in personal for spelling in (value.value, "".join(value.value.split()))}
    for spelling, kind in sorted(spellings, key=lambda pair: -len(pair[0])):
        text = text.replace(spelling, f"<{kind}>")
    return text


def _json_object(content: str) -> str:
    """Models wrap JSON in prose or code fences; take the outermost object."""
    start, end = content.find("{"), content.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no JSON object in the judge's answer")
    return content[start : end + 1]
