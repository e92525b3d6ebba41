import pytest

from draftdesk.adapters.recognizers.base import digits_of
from draftdesk.pipeline.redact import fold_width


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("０９０－１２３４－５６７８", "090-1234-5678"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"),
        ("山田　太郎", "山田 太郎"),
        ("1‐2−3", "1-2-3"),
        ("カタカナ", "カタカナ"),
    ],
)
def test_fold_width_keeps_offsets(text: str, folded: str) -> None:
    assert fold_width(text) == folded
    assert len(fold_width(text)) == len(text)


def test_digits_of_reads_full_width() -> None:
    assert digits_of("〒１５０－０００１") == "1500001"
