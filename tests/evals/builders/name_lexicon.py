"""Builds service/draftdesk/adapters/recognizers/data/first_names_more.txt: first names of the
countries gender-guesser's nam_dict barely covers (East and West Africa, Southeast and
Central Asia, the Baltics and the Balkans, Iceland, Irish), read from faker's locale lists
at build time — the detector never imports faker.

Only faker locales that neither PII set built from a generator drew its names from (the
challenge set's 24 Latin-script locales and the hold-out's mimesis locales, see their
READMEs) are read, so those sets stay independent of the lexicon; only Latin-script names,
and only those that are no common English word (wordfreq Zipf below 3: "Blessing",
"Precious", "Made" stay out), so a sentence does not turn into a name.

    python -m tests.evals.builders.name_lexicon     # from the repository's top level
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import wordfreq

LOCALES = (
    "en_KE", "en_NG", "en_TH", "en_PK", "ha_NG", "ig_NG", "yo_NG", "tw_GH", "zu_ZA", "sw", "id_ID", "vi_VN",
    "uz_UZ", "az_AZ", "is_IS", "ga_IE", "et_EE", "lt_LT", "lv_LV", "hr_HR", "sl_SI", "sk_SK",
)  # fmt: skip
ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
LATIN_NAME = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ'\-]{2,}")
TARGET = Path("service/draftdesk/adapters/recognizers/data/first_names_more.txt")
HEADER = """\
# First names of countries nam_dict barely covers, from faker's locale lists (built by
# tests/evals/builders/name_lexicon.py; its docstring says which locales and why). Lower case.
"""


def names() -> list[str]:
    found: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ATTRIBUTES:
            values = getattr(provider, attribute, None)
            if isinstance(values, (list, tuple, dict)):
                found |= {name.casefold() for name in values if LATIN_NAME.fullmatch(name)}
    return sorted(name for name in found if wordfreq.zipf_frequency(name, "en") < 3.0)


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else TARGET
    chosen = names()
    lines = [" ".join(chosen[i : i + 12]) for i in range(0, len(chosen), 12)]
    target.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(chosen)} names from {len(LOCALES)} locales → {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
