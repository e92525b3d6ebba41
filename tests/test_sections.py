"""The reply's section names are spelled once (`domain.Sections`); what still spells
them on its own — the model's answer schema, the reply templates' markers — agrees."""

from __future__ import annotations

import re

import pytest

from draftdesk.adapters.drafting_prompt import ModelAnswer, completed_sections
from draftdesk.config import PROJECT_ROOT
from draftdesk.domain import SECTION_NAMES, Sections


def test_the_body_is_every_section_but_the_subject_facts_before_the_apology():
    sections = Sections(subject="s", opening="o", facts="f", resolution="r", apology="a", closing="c")
    assert sections.body_parts == ("o", "f", "r", "a", "c")


def test_the_model_answers_with_exactly_the_section_names_and_its_citations():
    assert set(ModelAnswer.model_fields) == {*SECTION_NAMES, "cited"}


def test_a_streamed_answer_yields_every_section_name_and_nothing_else():
    partial = "{" + ", ".join(f'"{name}": "{name}!"' for name in SECTION_NAMES) + ', "cited": ["x"]'
    assert completed_sections(partial) == [(name, f"{name}!") for name in SECTION_NAMES]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_reply_templates_mark_each_section_once_in_house_order(language):
    base = (PROJECT_ROOT / "prompts" / "replies" / language / "_base.j2").read_text(encoding="utf-8")
    assert tuple(re.findall(r"^⟦(\w+)⟧$", base, re.MULTILINE)) == SECTION_NAMES
