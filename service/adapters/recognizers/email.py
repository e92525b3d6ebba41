"""E-mail addresses, also when glued to Japanese text (taro@example.jpまで)."""

from __future__ import annotations

import tldextract

from service.adapters.recognizers.base import RegexRecognizer, rule


class EmailRecognizer(RegexRecognizer):
    """The domain must end in a real public suffix, checked against tldextract's
    bundled list (`suffix_list_urls=()`: never fetched over the network)."""

    ENTITY = "EMAIL_ADDRESS"
    RULES = (
        rule(
            r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,}(?![A-Za-z0-9\-])",
            score=0.95,
        ),
    )

    def load(self) -> None:
        self._suffixes = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def accepts(self, value: str) -> bool:
        return bool(self._suffixes(value.rsplit("@", 1)[1]).suffix)
