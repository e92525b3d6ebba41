"""The house-style rule types. This dict is the one list of types that exist; each
entry builds a rule's check from its YAML parameters (validated when rules load)."""

from draftdesk.pipeline.check import RuleBuilder
from draftdesk.pipeline.checks import (
    estimate,
    existence,
    greeting_name,
    grounding,
    occurrence,
    pii,
    placeholder,
    required,
    sequence,
    signature,
    substitution,
)

RULE_TYPES: dict[str, RuleBuilder] = {
    "existence": existence.build,
    "substitution": substitution.build,
    "occurrence": occurrence.build,
    "sequence": sequence.build,
    "required": required.build,
    "grounding": grounding.build,
    "estimate": estimate.build,
    "greeting_name": greeting_name.build,
    "signature": signature.build,
    "placeholder": placeholder.build,
    "pii": pii.build,
}
