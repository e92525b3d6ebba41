"""The word lists the recognizers share: the common Japanese words are exactly the
entries of wordfreq's list that its own frequencies put at COMMON_JAPANESE_ZIPF or above."""

from __future__ import annotations

import math

import wordfreq

from draftdesk.adapters.recognizers.lexicons import COMMON_JAPANESE_ZIPF, common_japanese_words


def test_the_common_japanese_words_are_those_wordfreq_rates_common():
    frequencies = wordfreq.get_frequency_dict("ja")
    rated = {word for word, frequency in frequencies.items() if math.log10(frequency) + 9 >= COMMON_JAPANESE_ZIPF}
    common = common_japanese_words()
    assert common == rated
    assert {"名前", "上司", "折り返し"} <= common  # 5.4, 4.6, 3.8
    assert not {"海野", "銭形", "竜門"} & common  # 3.0, 2.8, not listed
