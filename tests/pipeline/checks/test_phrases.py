"""Phrase rules list meanings (`match: lemmas`): every inflection and politeness level of
an entry matches, spans point at the surface text, and the reply is read once."""

from __future__ import annotations

import pytest

from draftdesk.errors import ConfigurationError
from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline import check as check_module
from draftdesk.pipeline.check import CheckedText, check, load_rules
from draftdesk.pipeline.checks import words
from draftdesk.pipeline.checks.patterns import PerLanguage
from draftdesk.pipeline.checks.phrases import Phrases, compile_lists
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, CASES = load_cases(DEFAULT_CASES_DIR)
JA_GOOD = next(case.text for case in CASES if case.id == "ja-good-shipped")
BY_ID = {rule.id: rule for rule in RULES.rules}


def _list(rule: str, path: str, language: str) -> Phrases:
    params = BY_ID[rule].params
    groups = {name: PerLanguage(**group) for name, group in params.get("groups", {}).items()}
    for key in path.split("."):
        params = params[key]
    return compile_lists(PerLanguage(**params), BY_ID[rule].match, groups=groups)[language]


def _excerpts(phrases: Phrases, text: str) -> list[str]:
    reply = CheckedText(text=text, context=CONTEXTS[f"shipped_{phrases.language}"])
    return [text[start:end] for start, end in phrases.spans(reply, 0, len(text))]


JA_TABLE = [
    # HS001: what makes a sentence a stated action; 手配する in every shape
    ("HS001", "actions", "生成りを発送する手配をいたしました。", "発送する"),
    ("HS001", "actions", "お手配いたしました。", "お手配いたし"),
    ("HS001", "actions", "手配をいたしております。", "手配をいたし"),
    ("HS001", "actions", "手配させていただきました。", "手配さ"),
    ("HS001", "actions", "本日、ご返金いたしました。", "ご返金いたし"),
    ("HS001", "actions", "ご返金処理いたしました。", "処理いたし"),
    ("HS001", "actions", "返金手続きをいたしました。", "手続きをいたし"),
    ("HS001", "actions", "交換品の発送手配をいたしました。", "手配をいたし"),
    ("HS001", "actions", "確認しております。", "確認し"),
    ("HS001", "actions", "確認させていただきました。", "確認さ"),
    ("HS001", "actions", "現在入荷待ちとなっております。", "となっ"),
    ("HS001", "actions", "代品をお送りいたします。", "お送りいたし"),
    # HS001 and HS010: apologies
    ("HS001", "first", "大変申し訳ございません。", "申し訳ございません"),
    ("HS001", "first", "誠に申し訳ありませんでした。", "申し訳ありません"),
    ("HS001", "first", "申し訳なく存じます。", "申し訳なく"),
    ("HS001", "first", "心よりお詫び申し上げます。", "お詫び"),
    ("HS001", "first", "深くお詫びいたします。", "お詫びいたし"),
    ("HS001", "first", "ご迷惑をおかけいたしました。", "ご迷惑をおかけいたし"),
    ("HS001", "first", "大変失礼いたしました。", "失礼いたし"),
    ("HS001", "first", "ご心配をおかけしております。", "ご心配をおかけし"),
    ("HS001", "first", "ご不便をおかけいたしました。", "ご不便をおかけいたし"),
    ("HS001", "first", "ご不快な思いをさせてしまい、", "ご不快な思いをさせ"),
    ("HS010", "patterns", "ご迷惑をおかけしており、", "ご迷惑をおかけし"),
    # HS004: hedges
    # a guessing adverb with the wait it guesses at (the span runs from one to the other)
    ("HS004", "patterns", "たぶん届きます。", "たぶん届き"),
    ("HS004", "patterns", "多分届きます。", "多分届き"),
    ("HS004", "patterns", "恐らく明日です。", "恐らく明日"),
    ("HS004", "patterns", "明日には届くと思います。", "届くと思い"),
    ("HS004", "patterns", "明日には届くかと思います。", "届くかと思い"),
    ("HS004", "patterns", "明日には届くかと存じます。", "届くかと存じ"),
    ("HS004", "patterns", "週末にはお届けできるかと思います。", "お届けできるかと思い"),
    ("HS004", "patterns", "来月には入荷すると思われます。", "入荷すると思わ"),
    ("HS004", "patterns", "22日になると思います。", "日になると思い"),
    # HS004: a guess as an ending on any outcome of the rule's group
    ("HS004", "patterns", "来週には入荷するでしょう。", "入荷するでしょう"),
    ("HS004", "patterns", "明後日には到着するかもしれません。", "到着するかもしれません"),
    ("HS004", "patterns", "本日中に発送できるはずです。", "発送できるはず"),
    ("HS004", "patterns", "返金は月末には反映されるものと思われます。", "反映されるものと思わ"),
    ("HS004", "patterns", "お届けは週末になるのではないかと思います。", "お届けは週末になるのではないかと思い"),
    # HS005: vague times
    ("HS005", "patterns", "すぐにお送りします。", "すぐに"),
    ("HS005", "patterns", "まもなく届きます。", "まもなく"),
    ("HS005", "patterns", "間もなく届きます。", "間もなく"),
    ("HS005", "patterns", "近日中に発送します。", "近日中"),
    ("HS005", "patterns", "近いうちに入荷します。", "近いうちに"),
    # HS012: a next step
    ("HS012", "patterns", "改めてご連絡いたします。", "ご連絡いたし"),
    ("HS012", "patterns", "改めてご連絡申し上げます。", "ご連絡申し上げ"),
    ("HS012", "patterns", "結果をお知らせいたします。", "お知らせいたし"),
    ("HS012", "patterns", "状況をご報告させていただきます。", "ご報告さ"),
    ("HS012", "patterns", "代品を発送させていただきます。", "発送さ"),
    ("HS012", "when", "3営業日以内に", "営業日以内"),
    ("HS012", "when", "24日までに", "までに"),
    # HS014: blaming the customer
    ("HS014", "patterns", "お客様のミスです。", "お客様のミス"),
    ("HS014", "patterns", "お客様の責任となります。", "お客様の責任"),
    ("HS014", "patterns", "ご確認不足かと存じます。", "ご確認不足"),
]


@pytest.mark.parametrize(("rule", "path", "text", "excerpt"), JA_TABLE)
def test_japanese_inflections_match_the_entry(rule, path, text, excerpt):
    assert excerpt in _excerpts(_list(rule, path, "ja"), text)


EN_TABLE = [
    ("HS001", "actions", "We've shipped your order.", "shipped"),
    ("HS001", "actions", "Your order has been dispatched.", "has been"),
    ("HS001", "actions", "It has been dispatched.", "dispatched"),
    ("HS001", "actions", "We are sending a replacement.", "sending"),
    ("HS001", "actions", "We will ship it on Monday.", "ship"),
    ("HS001", "actions", "I have already asked the carrier.", "asked"),
    ("HS001", "actions", "We refunded the fee.", "refunded"),
    ("HS001", "first", "I am so sorry.", "sorry"),
    ("HS001", "first", "Please accept our apologies.", "apologies"),
    ("HS001", "first", "We apologise for the delay.", "apologise"),
    ("HS001", "first", "I apologized to the courier.", "apologized"),
    ("HS001", "first", "We regret the delay.", "regret"),
    ("HS004", "patterns", "It will probably arrive.", "probably arrive"),  # the hedge and the wait it hedges
    ("HS004", "patterns", "I think it arrives Monday.", "I think it arrives"),
    ("HS004", "patterns", "It should arrive Monday.", "should arrive"),
    ("HS004", "patterns", "I believe it will be with you by Friday.", "I believe it will be with you"),
    ("HS004", "patterns", "Your parcel should reach you on Monday.", "should reach"),
    ("HS004", "patterns", "It might be delivered tomorrow.", "might be delivered tomorrow"),  # may / might: with the time guessed
    ("HS004", "patterns", "The refund may be credited within a week.", "may be credited within a week"),
    ("HS004", "patterns", "Presumably it ships on Monday.", "Presumably it ships"),
    ("HS005", "patterns", "It ships shortly.", "shortly"),
    ("HS005", "patterns", "It will come soon.", "soon"),
    ("HS005", "patterns", "It arrives in a few days.", "in a few days"),
    ("HS012", "patterns", "We will update you on Monday.", "update"),
    ("HS012", "patterns", "I'll let you know tomorrow.", "let you know"),
    ("HS012", "when", "within 3 business days", "within 3 business days"),
    ("HS014", "patterns", "You failed to enter the code.", "You failed to"),
]


@pytest.mark.parametrize(("rule", "path", "text", "excerpt"), EN_TABLE)
def test_english_inflections_match_the_entry(rule, path, text, excerpt):
    assert excerpt in _excerpts(_list(rule, path, "en"), text)


@pytest.mark.parametrize(
    ("rule", "path", "language", "text"),
    [
        ("HS001", "actions", "en", "Sorry about the shipping fee."),  # shipping is no verb here
        ("HS001", "actions", "en", "Could you check your mailbox?"),  # the customer's doing
        ("HS001", "actions", "ja", "お手数ですがご確認ください。"),  # the customer's doing
        ("HS001", "first", "ja", "お手数をおかけいたしますが、よろしくお願いいたします。"),  # a courtesy, no apology
        ("HS012", "patterns", "ja", "写真をお送りください。"),
        ("HS012", "patterns", "ja", "ご確認いただけますでしょうか。"),
        ("HS005", "patterns", "en", "Please reply as soon as you can."),
        ("HS005", "patterns", "en", "There was a short delay."),  # shortly keeps its -ly
        ("HS005", "patterns", "ja", "すぐ確認いたしました。"),  # すぐに, not すぐ
        ("HS004", "patterns", "ja", "ご不便をおかけしたと存じます。"),
        ("HS004", "patterns", "ja", "いつ届くでしょうかとのお問い合わせ、ありがとうございます。"),  # asked, not guessed
        ("HS004", "patterns", "ja", "ご検討いただければと思います。"),  # a polite request
        ("HS004", "patterns", "ja", "12月5日に入荷いたしますので、入荷後に発送いたします。"),  # ので is no だろう
        ("HS004", "patterns", "ja", "商品が届きましたら、中身をご確認いただければと思います。"),
        ("HS004", "patterns", "en", "Should you need anything else, please reply."),
        ("HS004", "patterns", "en", "The refund may take 5 days to show on your statement."),
        ("HS004", "patterns", "en", "You may return unopened items within 8 days."),
        ("HS014", "patterns", "ja", "お客様の声をお聞かせください。"),
    ],
)
def test_what_the_entries_do_not_mean_does_not_match(rule, path, language, text):
    assert _excerpts(_list(rule, path, language), text) == []


def _ja_reply(first_paragraph: str) -> str:
    return JA_GOOD.replace("ご注文番号 HM-24-00012", first_paragraph + "\n\nご注文番号 HM-24-00012", 1)


def test_an_action_said_with_particles_comes_before_the_apology():
    """The issue's example: 手配をいたしました (with を) is an action, so HS001 stays quiet."""
    good = _ja_reply("生成りを発送する手配をいたしました。お待たせして申し訳ございません。")
    assert "HS001" not in {f.rule for f in check(good, context=CONTEXTS["shipped_ja"], rules=RULES)}
    bad = _ja_reply("お待たせして申し訳ございません。")
    [finding] = [f for f in check(bad, context=CONTEXTS["shipped_ja"], rules=RULES) if f.rule == "HS001"]
    assert finding.excerpt == bad[finding.start : finding.end] == "申し訳ございません"


def test_a_finding_points_at_the_surface_words():
    text = _ja_reply("明日には届くかと存じます。")
    [finding] = [f for f in check(text, context=CONTEXTS["shipped_ja"], rules=RULES) if f.rule == "HS004"]
    assert text[finding.start : finding.end] == finding.excerpt == "届くかと存じ"


def test_the_reply_is_read_once_for_all_phrase_rules(monkeypatch):
    text = JA_GOOD
    reads = []
    real = words.tokenize

    def counting(value, language, *, offset=0):
        reads.append(value)
        return real(value, language, offset=offset)

    monkeypatch.setattr(words, "tokenize", counting)
    check_module.check(text, context=CONTEXTS["shipped_ja"], rules=RULES)
    reply = CheckedText(text=text, context=CONTEXTS["shipped_ja"])
    assert reads.count(reply.parts.body.text) == 1
    assert [s.text for s in reply.sentences if s.text in reads] == []  # no sentence read again


def test_regex_entries_and_regex_rules_still_work():
    lemmas = Phrases(["/(?<!as )soon(?! as)/", "to ship"], "en", "lemmas")
    assert _excerpts(lemmas, "It will be shipped soon.") == ["shipped", "soon"]  # in text order
    assert _excerpts(Phrases(["申し訳(?:ござい|あり)ません"], "ja", "regex"), "申し訳ありません。") == ["申し訳ありません"]


def test_an_auxiliary_written_in_an_entry_must_be_there():
    guess = Phrases(["届くでしょう"], "ja", "lemmas")
    assert _excerpts(guess, "明日届きます。") == []
    assert _excerpts(guess, "明日届きますでしょう。") == ["届きますでしょう"]


def test_a_word_group_names_a_family_once():
    groups = {"outcome": PerLanguage(ja=["届く", "入荷する"], en=["arrive", "be delivered"])}
    lists = compile_lists(PerLanguage(ja=["{outcome}でしょう"], en=["might {outcome}"]), "lemmas", groups=groups)
    assert _excerpts(lists["ja"], "来週入荷するでしょう。明日届くでしょう。") == ["入荷するでしょう", "届くでしょう"]
    assert _excerpts(lists["en"], "It might be delivered today; it might arrive.") == ["might be delivered", "might arrive"]


def test_a_group_the_rule_does_not_define_is_refused_when_the_rules_load(tmp_path):
    path = tmp_path / "house_style.yaml"
    path.write_text(
        "rules:\n  - {id: HS904, type: existence, severity: warning, match: lemmas, message: x,"
        " params: {patterns: {ja: ['{outcome}でしょう']}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigurationError, match="HS904.*word group 'outcome'"):
        load_rules(path)


def test_an_entry_without_words_is_refused_when_the_rules_load(tmp_path):
    path = tmp_path / "house_style.yaml"
    path.write_text(
        "rules:\n  - {id: HS904, type: existence, severity: warning, match: lemmas, message: x,"
        " params: {patterns: {ja: ['、']}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigurationError, match="HS904.*no words"):
        load_rules(path)
