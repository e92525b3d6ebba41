import pytest

from draftdesk.adapters.recognizers.email import EmailAddressRecognizer
from tests.adapters.recognizers.spans import found

RECOGNIZER = EmailAddressRecognizer(language="ja")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("taro@example.jpまでお願いします", ["taro@example.jp"]),
        ("メール:nishimura.k@example.jp／電話", ["nishimura.k@example.jp"]),
        ("ｔａｒｏ．ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ", ["ｔａｒｏ．ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ"]),
        ("j.doe+shop@example.net.", ["j.doe+shop@example.net"]),
        ("k-ito_1988@example.ne.jp", ["k-ito_1988@example.ne.jp"]),
        ("(mika.watanabe@example.co.jp)", ["mika.watanabe@example.co.jp"]),
        ("@example.jp", []),
        ("taro@", []),
        ("rakuten_user_123 で注文", []),
    ],
)
def test_email_addresses(text: str, expected: list[str]) -> None:
    assert found(RECOGNIZER, text) == expected
