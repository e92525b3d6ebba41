"""The families of wording behind the misses on the third blind reply set, each in
variants of our own: an informal salutation (HS006), a paid or policy-named re-shipment,
an alternative turned down ("rather than the whole order") (HS013)."""

from __future__ import annotations

import pytest

from tests.pipeline.checks.test_greeting_name import _greets
from tests.pipeline.checks.test_promises import promises

# --- HS006 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("greeting", "same"),
    [
        ("Hey Emily Carter,", True),  # "Hey" is a salutation like "Hi": the name after it is judged
        ("hey Emily Carter!", True),
        ("Hey Em,", False),  # a nickname after it is still not the name on record
        ("Hey Carter,", False),
    ],
)
def test_hey_is_a_salutation(greeting, same):
    assert _greets("shipped_en", greeting) is same
