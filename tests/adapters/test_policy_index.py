"""Embedder, BM25 and the hybrid Chroma index on real Chroma (embedded on tmp_path),
ranked by the retrieve stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftdesk.adapters.chroma_knowledge import HybridPolicyIndex, build_policy_index
from draftdesk.adapters.embedders import OfflineEmbedder, build_embedder
from draftdesk.adapters.lexical_index import LexicalIndex, stem, tokenize
from draftdesk.domain import Intent, Passage
from draftdesk.errors import ConfigurationError
from draftdesk.knowledge import load_passages
from draftdesk.pipeline.retrieve import citations, retrieve
from draftdesk.ports import PolicyIndex
from tests.support.policies import protocol_mismatches

FIXTURES = Path(__file__).parent.parent / "fixtures" / "policies"


class CountingEmbedder(OfflineEmbedder):
    def __init__(self) -> None:
        super().__init__(dimensions=256)
        self.embedded: list[str] = []

    def embed(self, texts):
        self.embedded += list(texts)
        return super().embed(texts)


@pytest.fixture()
def passages():
    return load_passages(FIXTURES)


def _cos(a, b):
    return sum(x * y for x, y in zip(a, b))


def test_the_offline_embedder_is_deterministic_and_knows_japanese():
    embedder = OfflineEmbedder()
    first, again = embedder.embed(["送料はいくらですか"]), embedder.embed(["送料はいくらですか"])
    assert first == again and len(first[0]) == 1024
    [query, near, far] = embedder.embed(["送料について", "送料は全国一律です", "返品の期限"])
    assert _cos(query, near) > _cos(query, far)


@pytest.mark.parametrize(("a", "b"), [("問合せ", "問い合わせ"), ("お問合せ下さい", "お問い合わせください")])
def test_sudachi_normalises_japanese_spellings(a, b):
    assert set(tokenize(a, "ja")) & set(tokenize(b, "ja"))


@pytest.mark.parametrize(("word", "root"), [("shipping", "shipp"), ("refunded", "refund"), ("parties", "party"), ("fees", "fee")])
def test_english_stemming_is_light(word, root):
    assert stem(word) == root


def test_bm25_finds_the_passage_in_the_right_language(passages):
    index = LexicalIndex(passages)
    assert index.search("お問合せ 伝票番号", language="ja", k=20)[0].passage_id == "shipping-ja#tracking"
    assert index.search("refunds and returning items", language="en", k=20)[0].passage_id.startswith("returns-en#")
    assert index.search("送料", language="en", k=20) == ()


def test_a_passage_is_found_by_the_customer_questions_it_answers(tmp_path):
    # Both headings say 送料 and neither text says "how much": the questions tell them apart.
    fees = Passage(id="shipping-ja#fees", title="配送 > 送料", text="全国一律660円です。北海道・沖縄は1,320円です。",
                   language="ja", topic="shipping", asks=("送料はいくらかかりますか", "北海道だと高くなりますか"))
    free = Passage(id="shipping-ja#free-shipping", title="配送 > 送料無料の条件", language="ja", topic="shipping",
                   text="ご注文金額が5,000円以上の場合、送料は無料です。まとめ発送も送料無料です。",
                   asks=("何円買えば送料無料になりますか",))
    index = LexicalIndex([fees, free])
    for query, answer in (("送料っていくらかかるの", "shipping-ja#fees"), ("何円からタダになる？", "shipping-ja#free-shipping")):
        assert index.search_asks(query, language="ja", k=20)[0].passage_id == answer
        assert index.search(query, language="ja", k=20)[0].passage_id == answer
    assert index.search_asks("送料", language="en", k=20) == ()

    embedder = CountingEmbedder()
    build_policy_index(chroma_url="", chroma_path=tmp_path, embedder=embedder, passages=[fees]).sync([fees])
    assert "送料はいくらかかりますか" in embedder.embedded[0]


def test_a_word_the_customer_repeats_counts_more():
    fees = Passage(id="t-ja#fees", title="配送 > 料金", text="送料は660円です。", language="ja", topic="t")
    late = Passage(id="t-ja#late", title="配送 > 遅れ", text="荷物が届かない場合。", language="ja", topic="t")
    query = "送料の件と、荷物が届かない。まだ届かない。"
    repeated = {c.passage_id: c.score for c in LexicalIndex([fees, late]).search(query, language="ja", k=2)}
    once = {c.passage_id: c.score for c in LexicalIndex([fees, late], k3=0).search(query, language="ja", k=2)}
    assert repeated["t-ja#late"] > repeated["t-ja#fees"]
    assert once["t-ja#late"] / once["t-ja#fees"] < repeated["t-ja#late"] / repeated["t-ja#fees"]


def test_sync_embeds_only_what_changed_and_removes_what_is_gone(tmp_path, passages):
    embedder = CountingEmbedder()
    index = build_policy_index(chroma_url="", chroma_path=tmp_path / "chroma", embedder=embedder, passages=passages)
    first = index.sync(passages)
    assert len(first.added) == len(passages) and not first.unchanged
    assert len(embedder.embedded) == len(passages)

    again = index.sync(passages)
    assert again.added == again.updated == again.removed == () and len(again.unchanged) == len(passages)
    assert len(embedder.embedded) == len(passages)

    edited = [p.model_copy(update={"text": p.text + " 改定"}) if p.id == "returns-ja#window" else p for p in passages]
    shrunk = [p for p in edited if p.id != "shipping-en#fees"]
    report = index.sync(shrunk)
    assert report.updated == ("returns-ja#window",) and report.removed == ("shipping-en#fees",)
    assert len(embedder.embedded) == len(passages) + 1
    assert index.get("shipping-en#fees") is None

    reopened = build_policy_index(chroma_url="", chroma_path=tmp_path / "chroma", embedder=embedder, passages=shrunk)
    assert reopened.sync(shrunk).added == ()
    assert len(embedder.embedded) == len(passages) + 1  # a later start embeds nothing


def test_a_start_builds_the_bm25_tables_once(tmp_path, passages):
    index = build_policy_index(chroma_url="", chroma_path=tmp_path / "chroma", embedder=OfflineEmbedder(), passages=passages)
    built = index._lexical  # the tables the constructor built from these passages
    index.sync(list(passages))
    assert index._lexical is built

    edited = [p.model_copy(update={"text": p.text + " 改定"}) if p.id == "returns-ja#window" else p for p in passages]
    index.sync(edited)
    assert index._lexical is not built and index.candidates("改定", language="ja", k=1).text[0].passage_id == "returns-ja#window"


def test_the_chroma_index_satisfies_the_protocol():
    assert protocol_mismatches(HybridPolicyIndex, PolicyIndex) == []


def test_each_source_gives_candidates_in_the_language_asked_and_at_most_k(tmp_path, passages):
    asked = {"returns-ja#window": ("返品はいつまでできますか",), "returns-ja#how-to": ("返品はどうすればいいですか",),
             "returns-en#window": ("How long do I have to return an item?",)}
    passages = [p.model_copy(update={"asks": asked.get(p.id, ())}) for p in passages]
    index = build_policy_index(chroma_url="", chroma_path=tmp_path / "c", embedder=OfflineEmbedder(), passages=passages)
    assert not index.ready()
    index.sync(passages)
    assert index.ready()
    found = index.candidates("返品したいのですが、いつまでに連絡すればいいですか", language="ja", k=2)
    for source in (found.text, found.questions, found.vectors):
        assert 0 < len(source) <= 2
        assert all(index.get(c.passage_id).language == "ja" for c in source)
        assert [c.score for c in source] == sorted((c.score for c in source), reverse=True)
    assert found.vectors == index.nearest("返品したいのですが、いつまでに連絡すればいいですか", language="ja", k=2)


def test_hybrid_search_filters_by_language_and_boosts_the_intent(tmp_path, passages):
    index = build_policy_index(chroma_url="", chroma_path=tmp_path / "c", embedder=OfflineEmbedder(), passages=passages)
    index.sync(passages)
    found = retrieve("返品したいのですが、いつまでに連絡すればいいですか", language="ja", intent=Intent.RETURN, index=index)
    assert found[0].passage.id == "returns-ja#window"
    assert all(s.passage.language == "ja" for s in found)
    assert all(0 < s.score <= 1 for s in found)
    tracking = retrieve("where is my tracking number", language="en", intent=Intent.WHERE_IS_MY_ORDER, index=index, k=1)
    assert [c.passage_id for c in citations(tracking)] == ["shipping-en#tracking"]
    assert retrieve("   ", language="en", intent=Intent.OTHER, index=index) == []


def test_an_unknown_embedding_spec_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="DRAFTDESK_EMBEDDING"):
        build_embedder("word2vec", api_base=None, api_key=None)
    assert build_embedder("openai/text-embedding-3-small", api_base=None, api_key=None).remote


def test_synonyms_let_a_customer_word_meet_the_policy_word(passages, tmp_path):
    from draftdesk.adapters.lexical_index import load_synonyms

    plain = LexicalIndex(passages)
    assert plain.search("問い合わせ番号の反映", language="ja", k=20)[0].passage_id == "shipping-ja#tracking"
    assert plain.search("追跡", language="ja", k=20) == ()
    synonyms = load_synonyms({"ja": [["伝票番号", "追跡"]]})
    tracking = LexicalIndex(passages, synonyms=synonyms).search("追跡", language="ja", k=20)
    assert tracking[0].passage_id == "shipping-ja#tracking"


def test_a_malformed_synonyms_file_is_a_configuration_error(tmp_path):
    from draftdesk.knowledge import load_synonyms_file

    path = tmp_path / "synonyms.yaml"
    path.write_text("ja: [代引き, 代金引換]\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="word lists"):
        load_synonyms_file(path)
    assert load_synonyms_file(tmp_path / "absent.yaml") == {}
