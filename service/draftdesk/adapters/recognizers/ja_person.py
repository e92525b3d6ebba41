"""Japanese personal names from the Sudachi part-of-speech tags GiNZA's tokenizer gives.

Sudachi's dictionary marks surnames and given names (名詞-固有名詞-人名-姓/名), so names
are found without running GiNZA's neural NER, which costs many times what the
tokenizer does. Rules, in order of strength:
- a surname, or a place-name token followed by a given name (渋谷 健一);
- a surname followed by a short noun (小林 まこと: given names that are common words),
  or a short noun, a space and a given name (東 健);
- a proper noun before と申します (松本と申します);
- any noun directly before an honorific (ひかり様, スミスさん), unless it is a word
  like お客 or 担当者 (data/ja_not_names.txt);
- never a name when the next word makes it a place or a company (梅田支店,
  data/ja_not_name_followers.txt).
- a given name alone only before an honorific, alone on its line (a signature) or
  signing off (太郎より);
- a noun signing off alone on its line: 光より (data/ja_not_names.txt keeps 母より out).
- the parts of a foreign name written in katakana are one name: ジョン・ワトソン, and a
  katakana part joined by ・ or ＝ to a name found above belongs to it;
- a name in Hangul (김민준): Korean script in a Japanese shop's mail is a person's name.
"""

from __future__ import annotations

import re
from pathlib import Path

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

from draftdesk.adapters.recognizers.lexicons import common_japanese_words, sentence_words
from draftdesk.adapters.recognizers.places import a_place

_HONORIFICS = frozenset({"様", "さま", "さん", "殿", "氏", "くん", "君", "ちゃん", "san", "宛て", "宛", "あて"})
# A given name alone is a name before the particles people take (舞が注文した, 香織のスマホ).
_PERSON_PARTICLES = frozenset({"が", "は", "の", "に", "も", "と", "から", "へ", "より", "や"})
_DATA = Path(__file__).parent / "data"
_NOT_NAMES = frozenset((_DATA / "ja_not_names.txt").read_text(encoding="utf-8").split())
_NOT_NAME_FOLLOWERS = frozenset((_DATA / "ja_not_name_followers.txt").read_text(encoding="utf-8").split())
_SCORE = 0.85
_JOINER = "・･=＝゠ \u3000"
_KATAKANA_PART_AFTER = re.compile(r"[・･=＝゠][ァ-ヺー]{2,}")
_KATAKANA_PART_BEFORE = re.compile(r"[ァ-ヺー]{2,}[・･=＝゠]$")
_HANGUL_NAME = re.compile(r"(?<![가-힣])(?:[가-힣]{2,4}(?:[ \u3000][가-힣]{1,3})?(?![가-힣])|[가-힣](?=様|さん|氏))")
# A reading in brackets right after a name: 田中拓真（タナカタクマ）
_READING = re.compile(r"[ \u3000]?[（(][ \u3000]?[ぁ-んァ-ヺー]+(?:[ \u3000][ぁ-んァ-ヺー]+)?[ \u3000]?[)）]")
# A labelled line holds a name: 名義：HASHIMOTO RIKA, お名前：ニシムラ ミキ, ■氏名 清水陽一
_LABELLED = re.compile(
    r"(?m)[【\[［■]?(?:名義|お名前|名前|氏名|フリガナ|ふりがな|宛名|受取人|お受取人|ご依頼主|依頼主|送り主|差出人|ご注文者|注文者"
    r"|お客様|收件人|收货人|联系人)"
    r"(?:様)?(?:[（(](?:カナ|かな|フリガナ|ふりがな|漢字|ローマ字|英字)[)）])?[】\]］]?(?:[ \t\u3000]*[:：][ \t\u3000]*|(?<=[】\]］])|[ \t\u3000]+)(?P<value>[^\n:：@0-9０-９()（）。、？?！!]{1,24}?)"
    r"[ \t\u3000]*(?=$|[（(、,]|[ \t\u3000]+[^\s:：]{1,6}[:：])"
)
# A line "name（reading）": 若菜 大地（ワカナ ダイチ）, 康聿（カン ユ）
_NAME_WITH_READING = re.compile(
    r"(?m)^[ \t\u3000]*(?P<name>[一-龠々〆ヶぁ-んァ-ヺー・A-Za-z \u3000]{1,12}?)[ \t\u3000]*"
    r"[（(][ \t\u3000]*(?P<reading>[ァ-ヺー・]+(?:[ \u3000][ァ-ヺー・]+)?|[ぁ-んー]+(?:[ \u3000][ぁ-んー]+)?)[ \t\u3000]*[)）]"
)
# A given name of one to three kanji after a surname and a space, whatever the dictionary makes
# of it (颯 an adverb, 偉 a prefix, 家豪 two nouns): 五十嵐 颯, 陳 偉, 林 家豪, 長宗我部 瑠璃
_KANJI_GIVEN_NAME = re.compile(
    r"[ \u3000](?!様|殿|氏|君|宛|御中|方)[一-龠々〆]{1,3}(?:(?![一-龠々〆ぁ-んァ-ヺー])|(?=様|さん|さま|殿|氏|君|くん|ちゃん|宛))"
)
# A kana given name written right after a surname: 神山こじろう, 川口ともか
_KANA_GIVEN_NAME = re.compile(r"[ \u3000]?(?!さん|さま|ちゃん|くん|より|から|です)(?:[ぁ-ん]{2,5}|[ァ-ヺー]{2,6})(?=[、。，．\s」）)！!]|$|と申|です|様|さん|より)")
# A chat line's speaker: a role and a name before the colon (オペレーターさくら：, [15:20] オペレーター（美咲）：,
# 担当 大西: , サポート結衣:, agent Priyanka:)
_CHAT_SPEAKER = re.compile(
    r"(?m)^[ \t\u3000]*(?:\[[0-9:：]{4,8}\][ \t\u3000]*)?(?:オペレーター|担当|サポート|スタッフ|店員|窓口)[ \t\u3000]*"
    r"(?P<open>[（(])?(?P<name>[一-龠々ぁ-んァ-ヺーA-Za-z]{1,8}?)(?(open)[)）])[ \t\u3000]*[:：]"
)
# What a chat's speaker says that is a whole name: にしかわ りく, 堀 ひかり
_SPEAKER_SAYS_NAME = re.compile(r"[一-龠々ぁ-んァ-ヺー]{1,5}[ \u3000][一-龠々ぁ-んァ-ヺー]{1,5}|[一-龠々]{2,4}")
# Labels that open several lines, or lines beside an agent's, are the speakers of a chat, not a form's fields (お客様：あのー…)
_LINE_LABEL = re.compile(r"(?m)^[ \t\u3000]*(?:\[[0-9:：]{4,8}\][ \t\u3000]*)?(お客様|客|ユーザー)(?=[ \t\u3000]*[:：]|[ \t\u3000])")
# Who the parcel is for or from: 宛名を「石莉」, 義父の韦光铸が, 在住のシラ・コロンです, ○○と申します
_NAMED_BY_CONTEXT = re.compile(
    r"宛名(?:を|は|が)?[「『](?P<quoted>[^」』\n]{1,20})[」』]"
    r"|(?:母|父|義父|義母|妻|夫|娘|息子|姉|妹|兄|弟|祖母|祖父|孫|友人|友達|同僚|上司|部下|先輩|後輩|知人|家族|主人|彼女|彼氏"
    r"|叔母|叔父|伯母|伯父|甥|姪|留学生|在住|受付|経理|総務|人事|秘書|事務|窓口|店長|担当)の(?P<kin>[一-龠々ぁ-んァ-ヺー・ \u3000A-Za-z]{1,12}?)"
    r"(?=さん|様|ちゃん|くん|氏|が|は|に|から|へ|宛|と|の|です|、|。)"
    r"|(?:^|(?<=[\n。！？!?、]))(?P<introduced>[^\s、。！？「」()（）:：]{1,12}?)(?:と申します|と申し|といいます|と言います)"
    r"|(?:私は|わたしは|僕は|こちらは)(?P<self>[^\s、。！？「」()（）:：]{1,12}?)(?:です|と申します|でございます)"
    r"|(?:株式会社|有限会社|会社|商事|工業|デザイン|部|課|店)の(?P<staff>[^\s、。！？「」()（）:：のは]{1,10}?)(?:です|と申します|でございます)"
    r"|注文した(?P<ordered>[一-龠々ァ-ヺーぁ-ん・]{2,8}?)です(?=[。！!\n]|$|[^\u3040-\u30ff\u4e00-\u9fff])"
    # Who asked the writer to write: ポールから頼まれて, 田村さんの代理で, 母の代わりに (母 is no name)
    r"|(?:^|(?<=[\n。！？!?、「]))(?P<behalf>[ァ-ヺー・]{2,12}|[一-龠々]{1,4})(?:から頼まれ|に頼まれ|の代理|の代わりに|に代わって)"
)
# A name the text calls one: 名前は Jonas, 苗字は角, 名義 WANG JUNJIE, 表札は「PHAM」, 口座名義は「コヒルイマキ ミノル」,
# 読みは「わたぬき ともき」, パスポート表記は「NAKAMURA YUKI」, 受取人はYui; and 「グレーテ」と呼んで, つつじ と読みます.
_LATIN_WORD = r"[A-Za-zÀ-ɏḀ-ỿ][A-Za-zÀ-ɏḀ-ỿ'.\-]*"
_CUED_NAME = re.compile(
    r"(?:お?名前|苗字|名字|口座名義|名義|表札|読み|表記|登録名|受取人|お受取人|宛名|旧姓|名入れ|(?<![一-龠々ぁ-んァ-ヺー])[姓名](?=は))"
    r"(?:の登録|の表記)?(?:は|が|を)?[ \u3000]*"
    r"(?P<quote>[「『\"“])?[ \u3000]*"
    rf"(?P<value>{_LATIN_WORD}(?:[ \u3000]{_LATIN_WORD}){{0,3}}"
    r"|[ァ-ヺー]{2,}(?:[・＝= \u3000][ァ-ヺー]{1,})*|[ぁ-ゖー]{2,}(?:[ \u3000][ぁ-ゖー]{2,})?|[一-龠々〆ヶ]{1,4}(?:[ \u3000][一-龠々〆ヶ]{1,3})?)"
    r"(?(quote)[ \u3000]*[」』\"”]|(?=[ \u3000]*(?:です|でした|で|と|に|が|を|、|。|（|\(|）|\)|\n|$)))"
)
_CALLED_NAME = re.compile(
    r"[「『](?P<called>[ァ-ヺー・ぁ-ゖA-Za-z]{2,12})[」』]と(?:呼|読)"
    r"|(?:[（(]|^|[、。\s])(?P<reading>[ぁ-ゖー]{2,8}(?:[ \u3000][ぁ-ゖー]{2,8})?)[ \u3000]*と読み"
)
# A Latin name with its reading or original in brackets: Amara Okonkwo-Sato（アマラ）, Yui（結衣）
_BRACKETED_FORM = re.compile(
    r"[ \u3000]?[（(][ \u3000]?(?P<form>[ァ-ヺー・＝]{2,12}(?:[ \u3000][ァ-ヺー]{1,8})?|[ぁ-んー]{2,8}(?:[ \u3000][ぁ-んー]{1,8})?"
    r"|[一-龠々〆]{1,4}(?:[ \u3000][一-龠々〆]{1,3})?)[ \u3000]?[)）]"
)
# A Latin name before と申します: Jean-Baptiste Morel と申します
_LATIN_INTRODUCED = re.compile(rf"(?P<name>[A-ZÀ-Þ]{_LATIN_WORD}(?:[ \u3000]{_LATIN_WORD}){{0,3}})[ \u3000]*(?:と申します|と申し|といいます|と言います)")
# A Latin name after a kinship word and は: 母はMargaretheですが
_KIN_LATIN = re.compile(
    rf"(?:母|父|妻|夫|娘|息子|姉|妹|兄|弟|祖母|祖父|友人|同僚|上司|主人|家内)は[ \u3000]?(?P<name>[A-ZÀ-Þ]{_LATIN_WORD}(?:[ \u3000]{_LATIN_WORD}){{0,2}})"
    r"(?=[ \u3000]*(?:です|で|が|、|。|と))"
)
# Names joined by と or や to a name found: ソムチャイとニパポーンの夫婦
_JOINED_NAME = re.compile(r"[とや＆&](?P<name>[ァ-ヺー]{2,10})(?=の|さん|様|が|は|に|、|です|も)")
# A letter or gift card opening with the addressee: 栞へ, 「大介へ
_ADDRESSEE = re.compile(r"(?m)(?:^|(?<=[「『]))[ \u3000]*(?P<name>[一-龠々ぁ-んァ-ヺー]{1,6})へ(?=[ \u3000\n！!、]|$)")
# Foreign names in katakana joined by ・ or ＝: ブーカー・チェリー, ディオニサ・コルタアレナ
_KATAKANA_NAME = re.compile(r"(?<![ァ-ヺー])[ァ-ヺー]{1,10}(?:[・＝=][ァ-ヺー]{2,10}){1,2}(?![ァ-ヺー])")
_CONTACT_NOUNS = frozenset({"メールアドレス", "メール", "電話", "電話番号", "携帯", "連絡先", "住所", "スマホ", "アドレス"})
_ORGANISATION_ENDINGS = ("株式会社", "有限会社", "会社", "部", "課", "係", "店", "支店", "センター", "事務所", "工業", "商事", "デザイン")
_CLOSING_WORDS = frozenset({"以上", "宜しく", "よろしく", "お願い", "敬具", "草々", "取り急ぎ"})


def _is_surname(token: Token) -> bool:
    return ("人名-姓" in token.tag_ or "人名-一般" in token.tag_) and token.text not in _NOT_NAMES


def _is_given_name(token: Token) -> bool:
    return "人名-名" in token.tag_ and token.text not in _NOT_NAMES


def _is_space(token: Token) -> bool:
    return token.tag_ == "空白" or token.text.isspace()


def _is_noun(token: Token) -> bool:
    return token.tag_.startswith("名詞") and token.text not in _NOT_NAMES


def _next_word(doc: Doc, index: int) -> int | None:
    """Index of the next token after `index`, skipping one run of spaces (not newlines)."""
    following = index + 1
    while following < len(doc) and _is_space(doc[following]) and "\n" not in doc[following].text:
        following += 1
    return following if following < len(doc) else None


def _followed_by_honorific(doc: Doc, index: int) -> bool:
    """様 right after the name, or after one space (富士ゆき 様)."""
    following = index + 1
    if following < len(doc) and doc[following].text in {" ", "\u3000"}:
        following += 1
    return following < len(doc) and doc[following].text in _HONORIFICS


def _alone_on_line(doc: Doc, first: int, last: int) -> bool:
    before = _text(doc)[: doc[first].idx].rsplit("\n", 1)[-1]
    after = _text(doc)[doc[last].idx + len(doc[last].text) :].split("\n", 1)[0]
    return not before.strip() and not after.strip()


def find_names(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of personal names in a tokenized Japanese document."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(doc):
        token = doc[index]
        last = _name_end(doc, index)
        if last is not None and (last + 1 >= len(doc) or doc[last + 1].text not in _NOT_NAME_FOLLOWERS):
            spans.append((token.idx, doc[last].idx + len(doc[last].text)))
            index = last + 1
        else:
            index += 1
    return spans


def _name_end(doc: Doc, index: int) -> int | None:
    """Index of the last token of a name starting at `index`, or None."""
    token = doc[index]
    following = _next_word(doc, index)
    if _introduces_self(doc, index):
        return index
    if _is_surname(token) or "地名" in token.tag_:
        if following is not None and _is_given_name(doc[following]):
            return following
        if _is_surname(token) and following is not None and _short_given_name(doc, index, following):
            return following
        if _is_surname(token) or _followed_by_honorific(doc, index):
            return index
        return None
    if _is_given_name(token):
        if (
            _followed_by_honorific(doc, index)
            or _alone_on_line(doc, index, index)
            or _signs_off(doc, index)
            or (index + 1 < len(doc) and doc[index + 1].text in _PERSON_PARTICLES)
            or (index + 1 < len(doc) and doc[index + 1].text == "、" and _opens_line(doc, index))  # 大介、荷物届いたよ
        ):
            return index
        return None
    if _is_noun(token) and (_followed_by_honorific(doc, index) or _signs_off(doc, index)):
        return index
    if _is_noun(token) and len(token.text) <= 2 and following is not None and _spaced_apart(doc, index, following):
        return following if _is_given_name(doc[following]) else None
    return None


def _opens_line(doc: Doc, index: int) -> bool:
    return not _text(doc)[: doc[index].idx].rsplit("\n", 1)[-1].strip(" \u3000「")


def _signs_off(doc: Doc, index: int) -> bool:
    """`X より` alone on its line: the writer's name closing a letter (not 本日より:
    nouns that work as adverbs are times)."""
    if "副詞可能" in doc[index].tag_ or index + 1 >= len(doc) or doc[index + 1].text != "より":
        return False
    closes_quote = index + 2 < len(doc) and doc[index + 2].text in {"」", "』", "\"", "”"}
    return closes_quote or _alone_on_line(doc, index, index + 1)


def _spaced_apart(doc: Doc, index: int, following: int) -> bool:
    return bool(doc[index].whitespace_) or following > index + 1


def _introduces_self(doc: Doc, index: int) -> bool:
    """`X と申します`: X is the writer's name when it is a proper noun."""
    return (
        "固有名詞" in doc[index].tag_
        and index + 2 < len(doc)
        and doc[index + 1].text == "と"
        and doc[index + 2].text.startswith("申")
    )


def _short_given_name(doc: Doc, surname: int, index: int) -> bool:
    """A common word standing where a given name stands: right after a surname and a
    space, short, and ending the name (honorific, line end or punctuation next)."""
    token = doc[index]
    after = index + 1
    if _is_noun(token) and len(token.text) <= 2 and after < len(doc) and doc[after].text in _HONORIFICS:
        return True  # 高橋零様
    longest = 6 if all("ァ" <= ch <= "ヺ" or ch == "ー" for ch in token.text) else 4  # イケダ キョウスケ
    if not _is_noun(token) or len(token.text) > longest or not _spaced_apart(doc, surname, index):
        return False
    return after >= len(doc) or doc[after].text in _HONORIFICS or doc[after].tag_.startswith(("空白", "補助記号", "助"))


class JapanesePersonRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], supported_language="ja")

    def load(self) -> None:
        """Nothing to load: the tags come with the NLP artifacts."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc = nlp_artifacts.tokens
        spans = joined_parts(text, [_with_kana_given_name(text, doc, _with_kanji_before(doc, span)) for span in find_names(doc)])
        spans += _readings(text, spans)
        labels = _LINE_LABEL.findall(text)
        chat = len(labels) >= 2 or _CHAT_SPEAKER.search(text) is not None
        speakers = set(labels) if chat else set()
        spans += [
            m.span("value") for m in _LABELLED.finditer(text)
            if not _speaker_label(m[0], speakers) or _SPEAKER_SAYS_NAME.fullmatch(m["value"])
        ]
        spans += _chat_speakers(text, doc)
        spans += [m.span() for m in _HANGUL_NAME.finditer(text)]
        spans += _closing_name(doc)
        spans += _self_introductions(doc) + _signature_lines(doc) + _before_contact_nouns(doc)
        for match in _NAME_WITH_READING.finditer(text):
            if match["name"].strip(" \u3000") not in _NOT_NAMES and match["reading"] not in _NOT_NAMES:  # お名前（カナ）
                start, end = match.span("name")
                cue = re.match(r"(?:お?名前|苗字|名字|名義|氏名)(?:は|が)[ \u3000]*", match["name"])  # 苗字は辻（つじ）
                spans += [(start + (cue.end() if cue else 0), end), match.span("reading")]
        for match in _NAMED_BY_CONTEXT.finditer(text):
            group = next(name for name in ("quoted", "kin", "introduced", "self", "staff", "ordered", "behalf") if match[name])
            if group == "quoted" and _organisation(match[group]):
                # 宛名を「株式会社北川商事 総務部」: a company; 「株式会社ミライ商事　蓬宏娜」: the person after it
                start, end = match.span(group)
                tail = re.search(r"[ \u3000]+([^ \u3000]+)$", match[group])
                if tail is not None and not _organisation(tail[1]) and _looks_like_a_name(doc, start + tail.start(1), end):
                    spans.append((start + tail.start(1), end))
                continue
            if group in ("quoted", "self", "staff") or _looks_like_a_name(doc, *match.span(group)):
                spans.append(match.span(group))
        spans += [m.span() for m in _KATAKANA_NAME.finditer(text) if not set(m[0].split("・")) & _NOT_NAMES]
        spans += _cued_names(text, doc)
        spans += _joined_names(text, spans) + _addressees(text, doc)
        spans += _bracketed_forms(text, doc, spans) + _corrected_names(text, doc, spans)
        spans += _repeated_parts(text, doc, spans)
        return [
            RecognizerResult("PERSON", start, end, _SCORE)
            for start, end in spans
            if not _in_company_name(text, start, end) and not a_place(text, start, end)  # ヘルシンキの住所
        ]


_COMPANY_BEFORE = re.compile(r"(?:株式会社|有限会社|合同会社|合資会社|\(株\)|（株）|\(有\)|（有）)$")
_COMPANY_AFTER = re.compile(r"[ \u3000]?(?:株式会社|有限会社|合同会社|商事|商会|商店|企画|製茶|茶園|食品|工業|産業|物産|興業|建設|製作所)")


def _in_company_name(text: str, start: int, end: int) -> bool:
    """A name that is part of a company's: 株式会社クボ商会, 矢野製茶有限会社, 合同会社カネコ企画."""
    return _COMPANY_BEFORE.search(text, max(0, start - 6), start) is not None or _COMPANY_AFTER.match(text, end) is not None


def _organisation(value: str) -> bool:
    return any(word in value for word in ("会社", "御中", "商事", "商会", "企画", "センター", "事務所", "部", "課")) or value.endswith(_ORGANISATION_ENDINGS)


def _speaker_label(match: str, speakers: set[str]) -> bool:
    return any(match.lstrip(" \t\u3000【[［■").startswith(speaker) for speaker in speakers)


def _chat_speakers(text: str, doc: Doc) -> list[tuple[int, int]]:
    """The agent's name in a chat's speaker label (オペレーターさくら：), and wherever else it stands."""
    found = []
    for match in _CHAT_SPEAKER.finditer(text):
        name = match["name"]
        if name in _NOT_NAMES or name in _HONORIFICS or name.endswith(("者", "者様", "部", "課", "係", "センター", "チーム", "窓口", "デスク")):
            continue  # 担当者：, サポートセンター：
        found += [m.span() for m in re.finditer(re.escape(name), text) if len(name) > 1 or m.start() == match.start("name")]
    return found


def _cued_names(text: str, doc: Doc) -> list[tuple[int, int]]:
    """What the text calls a name (名前は…, 名義…, 「…」と呼んで, …と読みます), kept when it looks like one:
    Latin words not of the sentence, katakana or hiragana that is no common word, kanji the
    dictionary knows as a name or does not know as a word."""
    found = []
    for match in _CUED_NAME.finditer(text):
        start, end = match.span("value")
        value = match["value"]
        if re.fullmatch(r"[ぁ-ゖー \u3000]+", value) and not match["quote"]:
            continue  # hiragana only in quotes: 名前はひらがなで
        kanji = re.fullmatch(r"[一-龠々〆ヶ \u3000]+", value) is not None
        read = kanji and _BRACKETED_FORM.match(text, end) is not None
        # 姓は森、名は光, 旧姓は森, 名入れは「林」: the cue says it is a name, though the word is common
        named = kanji and _NAME_PART_CUE.search(text, max(0, start - 8), start) is not None and value not in _NOT_NAMES
        if read or named or _plausible_name(doc, value, start, end):  # 苗字は角（すみ）: a kanji with its reading
            found.append((start, end))
    for match in _CALLED_NAME.finditer(text):
        group = "called" if match["called"] else "reading"
        if _plausible_name(doc, match[group], *match.span(group)):
            found.append(match.span(group))
    found += [m.span("name") for m in _KIN_LATIN.finditer(text) if _plausible_name(doc, m["name"], *m.span("name"))]
    for match in _LATIN_INTRODUCED.finditer(text):
        if _plausible_name(doc, match["name"], *match.span("name")):
            found.append(match.span("name"))
    return found


_NAME_PART_CUE = re.compile(r"(?:旧姓|名入れ|(?<![一-龠々ぁ-んァ-ヺー])[姓名])(?:は|が|を)?[ \u3000]*[「『]?[ \u3000]*$")


def _plausible_name(doc: Doc, value: str, start: int, end: int) -> bool:
    if re.search(r"[A-Za-z]", value):
        words = [w.strip(".'-").casefold() for w in value.split()]
        return any(len(w) >= 2 and w not in sentence_words() for w in words) and not re.fullmatch(r"[A-Z]{1,3}", value)
    if value in _NOT_NAMES or value.strip(" \u3000") in common_japanese_words():
        return False
    if re.fullmatch(r"[ァ-ヺー・＝= \u3000]+", value):
        return not any(part in common_japanese_words() or part in _NOT_NAMES for part in re.split(r"[・＝= \u3000]", value) if part)
    if re.fullmatch(r"[ぁ-ゖー \u3000]+", value):
        return len(value.replace(" ", "").replace("\u3000", "")) >= 2
    return _looks_like_a_name(doc, start, end)


_WRONG_NAME = re.compile(r"(?P<name>[一-龠々ァ-ヺー]{1,6})(?:ではなく|じゃなくて|でなく)[、 \u3000]?$")


def _corrected_names(text: str, doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The wrong spelling before the right one: 大和田ではなく大輪田です."""
    found = []
    for start, _ in set(spans):
        match = _WRONG_NAME.search(text, max(0, start - 12), start)
        if match is not None and _looks_like_a_name(doc, *match.span("name")):
            found.append(match.span("name"))
    return found


def _joined_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found = []
    for _, end in set(spans):
        match = _JOINED_NAME.match(text, end)
        if match is not None and match["name"] not in common_japanese_words() and match["name"] not in _NOT_NAMES:
            found.append(match.span("name"))
    return found


def _addressees(text: str, doc: Doc) -> list[tuple[int, int]]:
    """`栞へ` opening a line or a quoted card: the one the message is for, when the word is a name
    the dictionary knows or no common word (not 皆様へ, お客様へ)."""
    found = []
    for match in _ADDRESSEE.finditer(text):
        start, end = match.span("name")
        tokens = [t for t in _tokens_between(doc, start, end) if not _is_space(t)]
        if match["name"] in _NOT_NAMES or any(t.text in _HONORIFICS or t.text in _NOT_NAMES for t in tokens):
            continue
        if tokens and (any("人名" in t.tag_ for t in tokens) or not _common_words(tokens)):
            found.append((start, end))
    return found


def _bracketed_forms(text: str, doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The same name in another script in brackets after a name found, or after Latin
    words the text labels as a name: Chen Wei（陳 偉）, Yui（結衣）, Amara Okonkwo-Sato（アマラ）;
    not a kinship word or a common one: 汐見 政宗（父）, 山田（本人）."""
    ends = {end for _, end in spans}
    ends |= {m.end() for m in re.finditer(rf"(?m)(?:名前|氏名|受取人|名義)[ \u3000]*[:：は]?[ \u3000]*{_LATIN_WORD}(?:[ \u3000]{_LATIN_WORD}){{0,3}}", text)}
    found = []
    for end in ends:
        match = _BRACKETED_FORM.match(text, end)
        if match is None:
            continue
        form = match["form"]
        parts = [p for p in re.split(r"[ \u3000・＝]", form) if p]
        if any(p in _NOT_NAMES or p in _KIN_WORDS for p in parts):
            continue
        if any(p in common_japanese_words() for p in parts if not re.fullmatch(r"[一-龠々]+", p)):
            continue  # （カナ）, （メール）; a kanji name may be a common word too (結衣)
        found.append(match.span("form"))
    return found


_KIN_WORDS = frozenset(
    "母 父 義父 義母 妻 夫 娘 息子 姉 妹 兄 弟 祖母 祖父 孫 義姉 義兄 義妹 義弟 本人 ご本人 代理 友人 同僚 上司 旧姓 叔母 叔父 伯母 伯父".split()
)


def _text(doc: Doc) -> str:
    """The document's text, built once: spaCy joins every token again at each `doc.text`."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens starting inside start:end, found by spaCy's index, not by a scan."""
    span = doc.char_span(start, min(end, len(_text(doc))), alignment_mode="expand") if start < len(_text(doc)) else None
    return [t for t in span if start <= t.idx < end] if span is not None else []


def _with_kana_given_name(text: str, doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    if any(t.idx == start and _is_surname(t) and t.idx + len(t.text) == end for t in _tokens_between(doc, start, end)):
        given = _KANA_GIVEN_NAME.match(text, end) or _KANJI_GIVEN_NAME.match(text, end)
        if given is not None:
            return start, given.end()
    return span


def _noun_run_before(doc: Doc, index: int, *, limit: int = 3) -> list[Token]:
    """The nouns (and noun suffixes: 小鳥 + ケン) right before token `index`."""
    run: list[Token] = []
    cursor = index - 1
    while cursor >= 0 and len(run) < limit and (doc[cursor].tag_.startswith(("名詞", "接尾辞-名詞的"))):
        run.insert(0, doc[cursor])
        cursor -= 1
    return run


def _self_introductions(doc: Doc) -> list[tuple[int, int]]:
    """`Xです。` as a sentence of its own, or after の: 柊です。, 総務部の小鳥ケンです。"""
    spans = []
    for token in doc:
        if token.text != "です" or token.i == 0:
            continue
        run = _noun_run_before(doc, token.i)
        if not run or sum(len(t.text) for t in run) > 8 or any(t.text in _NOT_NAMES or t.text in _HONORIFICS for t in run):
            continue
        if re.fullmatch(r"[ぁ-ん]+", "".join(t.text for t in run)):
            continue  # そうです, ようです
        if any(t.tag_.startswith(("名詞-数詞", "名詞-普通名詞-サ変")) for t in run):
            continue
        if _common_words(run):
            continue  # 本人です, 住所です: a common word; 銭形です, 柊です stay
        before = doc[run[0].i - 1] if run[0].i > 0 else None
        opens_sentence = before is None or before.tag_.startswith(("補助記号", "空白"))
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if after is not None and not after.tag_.startswith(("補助記号", "空白")):
            continue  # 茶筒ですが, 抹茶カステラですけど: a thing being talked about
        named = any("人名" in t.tag_ or "固有名詞" in t.tag_ or any("ァ" <= ch <= "ヺ" for ch in t.text) for t in run)
        if opens_sentence or (before is not None and before.text == "の" and named):
            spans.append((run[0].idx, run[-1].idx + len(run[-1].text)))
    return spans


def _signature_lines(doc: Doc) -> list[tuple[int, int]]:
    """A line holding only a name: one to three nouns (or a surname and its kana given
    name), at most ten characters, no organisation (株式会社, 総務部)."""
    spans = []
    for line_start, line in _lines(_text(doc)):
        stripped = line.strip(" \t\u3000")
        if not 1 <= len(stripped) <= 10 or not re.fullmatch(r"[一-龠々〆ヶぁ-んァ-ヺー・ \u3000]+", stripped):
            continue
        if stripped.endswith(_ORGANISATION_ENDINGS) or stripped in _NOT_NAMES or stripped in _CLOSING_WORDS:
            continue
        start = line_start + line.index(stripped)
        tokens = [t for t in _tokens_between(doc, start, start + len(stripped)) if not _is_space(t)]
        if tokens and tokens[-1].text in _HONORIFICS:  # 富士ゆき 様: the addressee's line, less the honorific
            named = [t for t in tokens[:-1] if not _is_space(t)]
            if named and len(tokens) > 2 and not any(t.text in _NOT_NAMES for t in named) and "".join(t.text for t in named) not in _NOT_NAMES:
                spans.append((named[0].idx, named[-1].idx + len(named[-1].text)))
            continue
        if any(t.text in _HONORIFICS for t in tokens):
            continue
        nouns = all(t.tag_.startswith(("名詞", "接尾辞-名詞的", "補助記号-一般")) and t.text not in _NOT_NAMES for t in tokens)
        # one common noun alone on a line is a word (カード, サポート), not a name
        nouns = nouns and (len(tokens) > 1 or "固有名詞" in tokens[0].tag_ or "人名" in tokens[0].tag_)
        kana_given = bool(tokens) and _is_surname(tokens[0]) and re.fullmatch(r"[ぁ-んァ-ヺー]+", stripped[len(tokens[0].text) :].strip(" \u3000") or "x") is not None
        if tokens and len(tokens) <= 4 and (nouns or kana_given) and not any("数詞" in t.tag_ for t in tokens):
            spans.append((start, start + len(stripped)))
    return spans


def _looks_like_a_name(doc: Doc, start: int, end: int) -> bool:
    """What a kinship word or と申します points at is a name when the tokenizer knows it
    as a name or proper noun, or it is written in katakana or Latin letters: not 母の
    誕生日プレゼント, 夫の名前で."""
    text = _text(doc)[start:end].strip(" \u3000")
    if not text or text in _NOT_NAMES or re.fullmatch(r"[ぁ-ん]{1,2}", text):
        return False
    if re.fullmatch(r"[ァ-ヺー・ \u3000A-Za-z]+", text) or re.fullmatch(r"[ぁ-ん]{3,5}", text):
        return True
    tokens = [t for t in _tokens_between(doc, start, end) if not _is_space(t)]
    return any("人名" in t.tag_ or "固有名詞" in t.tag_ for t in tokens) or not _common_words(tokens)


def _common_words(tokens: list[Token]) -> bool:
    """Every word of several characters is a common Japanese word (名前, 電話 + 番号,
    誕生 + プレゼント): a phrase, not a name. Unknown words (竜門, 韦光) are not common."""
    long_words = [t.text for t in tokens if len(t.text) > 1]
    common = common_japanese_words()
    return bool(long_words) and all(word in common for word in long_words)


def _repeated_parts(text: str, doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Once a name is found, its surname or given name elsewhere in the message is that
    person too: 「松島竜門」にして、松島からの贈り物. Parts are the name's tokens of two
    characters or more (a surname's single kanji only before an honorific or a particle)."""
    parts: set[str] = set()
    for start, end in set(spans):
        for token in _tokens_between(doc, start, end):
            if token.idx + len(token.text) <= end and _is_noun(token) and not _is_space(token):
                parts.add(token.text)
        for piece in re.split(r"[ \u3000・＝=]", text[start:end]):
            parts.add(piece)
    found = []
    for part in parts:
        if len(part) < 2 or part in _NOT_NAMES or not re.fullmatch(r"[一-龠々〆ヶぁ-んァ-ヺー]+", part):
            continue
        found += [m.span() for m in re.finditer(re.escape(part), text)]
    return found


def _lines(text: str) -> list[tuple[int, str]]:
    lines, cursor = [], 0
    for line in text.split("\n"):
        lines.append((cursor, line))
        cursor += len(line) + 1
    return lines


def _before_contact_nouns(doc: Doc) -> list[tuple[int, int]]:
    """`Xのメールアドレス`, `Xの携帯`: X is a person when it is a name or place-name token."""
    spans = []
    for token in doc:
        if token.text == "の" and token.i + 1 < len(doc) and doc[token.i + 1].text in _CONTACT_NOUNS and token.i > 0:
            owner = doc[token.i - 1]
            if ("人名" in owner.tag_ or "地名" in owner.tag_) and owner.text not in _NOT_NAMES:
                spans.append((owner.idx, owner.idx + len(owner.text)))
    return spans


def _name_like(token: Token) -> bool:
    """A noun, or a character the dictionary does not know (Chinese simplified: 语, 镞)."""
    return token.tag_.startswith("名詞") or (token.tag_.startswith("補助記号-一般") and _all_kanji(token.text))


def _with_kanji_before(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    """A name before an honorific with the kanji nouns before it, up to four characters:
    Chinese names fall into several tokens (黃玉 + 梅さん, 陈秀 + 兰さん)."""
    start, end = span
    first = next((t for t in _tokens_between(doc, start, start + 1) if t.idx == start), None)
    if first is None or not any(t.idx == end and t.text in _HONORIFICS for t in _tokens_between(doc, end, end + 1)):
        return span
    index = first.i
    while index > 0:
        before = doc[index - 1]
        if not (_is_noun(before) or before.tag_.startswith("補助記号")) or not _all_kanji(before.text):
            break
        if end - before.idx > 4:
            break
        index -= 1
    return doc[index].idx, end


def _all_kanji(text: str) -> bool:
    return all("\u3400" <= ch <= "\u9fff" for ch in text)


def _readings(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found = []
    for _, end in spans:
        reading = _READING.match(text, end)
        if reading is not None:
            found.append((reading.start() + reading[0].index(reading[0].strip(" \u3000（()）")[0]), reading.end() - 1))
    return found


def _closing_name(doc: Doc) -> list[tuple[int, int]]:
    """The writer's name closing a message: the last line, or what follows its last 。,
    when it is one to three nouns of at most eight characters (…お願いします。林)."""
    tokens = [t for t in doc if not t.text.isspace()]
    tail: list[Token] = []
    for token in reversed(tokens):
        if token.text in {"。", "！", "!", "？", "?"} or "\n" in _text(doc)[token.idx + len(token.text) : (tail[0].idx if tail else len(_text(doc)))]:
            break
        tail.insert(0, token)
    while tail and tail[-1].text in {"より", "から", "です", "でした"}:
        tail.pop()
    if not tail or len(tail) > 3 or sum(len(t.text) for t in tail) > 8:
        return []
    if not all(_name_like(t) and t.text not in _NOT_NAMES and t.text not in _CLOSING_WORDS for t in tail):
        return []
    if _common_words(tail) and not any("人名" in t.tag_ for t in tail):
        return []
    return [(tail[0].idx, tail[-1].idx + len(tail[-1].text))]


def joined_parts(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Name parts joined by ・, ＝ or a space as one span, with the katakana parts next to
    them: ジョン + ・ + ワトソン → ジョン・ワトソン."""
    extended = []
    for start, end in spans:
        while (after := _KATAKANA_PART_AFTER.match(text, end)) is not None:
            end = after.end()
        while (before := _KATAKANA_PART_BEFORE.search(text, 0, start)) is not None:
            start = before.start()
        extended.append((start, end))
    joined: list[tuple[int, int]] = []
    for start, end in sorted(extended):
        if joined and (start <= joined[-1][1] or _only_joiners(text[joined[-1][1] : start])):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _only_joiners(gap: str) -> bool:
    return 0 < len(gap) <= 2 and all(ch in _JOINER for ch in gap) and gap.strip(" \u3000") != ""
