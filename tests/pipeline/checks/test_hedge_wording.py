"""HS004 and how a guess is worded: でしょう guesses where a plain です states; なる hedges
only the wait (発送は来週になるかと思います), not anything else; being sent out and money
paid into an account are outcomes the customer waits for too."""

from __future__ import annotations

import pytest

from draftdesk.evals.style import DEFAULT_CASES_DIR, load_cases
from draftdesk.pipeline.check import check
from tests.support.desks import house_rules

RULES = house_rules()  # loaded once per test process
CONTEXTS, _ = load_cases(DEFAULT_CASES_DIR)


def _fires(text: str, language: str) -> bool:
    return any(f.rule == "HS004" for f in check(text, context=CONTEXTS[f"shipped_{language}"], rules=RULES))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ja", "明日のお届けでしょう。"),
        ("ja", "発送は来週の水曜日になるかと存じます。"),
        ("ja", "お届けは週末になると思います。"),
        ("ja", "返金額は月末までに振り込まれるかと思います。"),
        ("ja", "今週中にはお客様の口座に入ると思います。"),
        ("en", "I believe your box will be sent on Friday."),
        ("en", "I reckon the teapot will go out on Monday."),
        ("en", "I expect it should be posted this week, I think."),
    ],
)
def test_a_guess_at_the_wait_is_hedged(language, text):
    assert _fires(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ja", "明後日のお届けです。"),  # stated, not guessed (an estimate is HS002's business)
        ("ja", "11月25日の発送です。"),
        ("ja", "少し冷ましたお湯で淹れると、まろやかな味になるかと思います。"),
        ("ja", "贈り物にもきっと喜ばれる一品になると存じます。"),
        ("en", "I think the gyokuro tastes best at 60 degrees."),
    ],
)
def test_a_statement_or_a_guess_about_something_else_is_not(language, text):
    assert not _fires(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "Hopefully the box gets to you before the holiday.",
        "The package is probably still in customs.",
        "Perhaps it will come on Saturday.",
        "With any luck your refund lands on your statement next week.",
        "Maybe customs will hold it up for another day.",
    ],
)
def test_a_hedging_adverb_beside_the_wait_is_hedged(text):
    assert _fires(text, "en")


@pytest.mark.parametrize(
    "text",
    [
        "Hopefully the matcha suits your taste.",
        "Perhaps a slightly cooler brew would be sweeter.",
        "Maybe you would like to try the hojicha next time.",
        "> It will probably arrive late again, won't it?",  # the customer's words, quoted
    ],
)
def test_a_hedging_adverb_about_anything_else_or_quoted_is_not(text):
    assert not _fires(text, "en")


@pytest.mark.parametrize(
    "text",
    ["Probably by Friday, then.", "We will hopefully have it ready early next week.", "It is in stock again, most likely."],
)
def test_a_hedging_adverb_beside_when_it_comes_is_hedged(text):
    assert _fires(text, "en")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ja", "来週には入荷できる見込みかと思います。"),  # a guess at the plan itself
        ("ja", "再発送は水曜日の予定だと思います。"),
        ("ja", "木曜日には発送できるのではないでしょうか。"),
        ("en", "It will likely reach you on Thursday."),
        ("en", "Chances are it ships on Monday."),
        ("en", "I'm pretty sure it will arrive on Saturday."),
    ],
)
def test_more_ways_of_guessing_at_the_wait_are_hedged(language, text):
    assert _fires(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ja", "発送予定日は11月25日でございます。"),  # the plan stated, not guessed
        ("ja", "お届け予定日をご確認いただけますでしょうか。"),  # a request
        ("en", "We hope you enjoy the tea when it arrives."),  # a wish, not a guess
        ("en", "I'm sure you will like the hojicha."),
    ],
)
def test_a_stated_plan_a_request_or_a_wish_is_not(language, text):
    assert not _fires(text, language)


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("The replacement may arrive on Thursday.", True),
        ("It might reach you within 2 days.", True),
        ("The tracking number is issued later, so it may reach you after the parcel does.", False),
        ("Large orders may arrive in two boxes.", False),  # a possibility told, no day guessed
    ],
)
def test_may_and_might_guess_at_the_wait_only_beside_a_time(text, fires):
    assert _fires(text, "en") is fires


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a guess in the conditional (I'd guess, I'd say) is a guess
        ("en", "Your parcel should reach Leeds by Thursday, I'd guess."),
        ("en", "I'd say the refund will show up on your card next week."),
        ("en", "It will be there on Monday, I would think."),
        # processing is an outcome too; "it'll" is a subject before the verb ("to ship")
        ("en", "Your cancellation will probably be processed today."),
        ("en", "Hopefully the box will go out after lunch."),
        ("en", "It'll ship on Friday, I'd guess."),
        # a Japanese guessing adverb beside the wait, its plan, a time or a delay
        ("ja", "たぶん明後日にはお手元に届きます。"),
        ("ja", "おそらく来週の出荷になります。"),
        ("ja", "多分お支払いが数日遅れても問題ございません。"),
    ],
)
def test_a_softened_guess_or_a_guess_at_processing_is_hedged(language, text):
    assert _fires(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a Japanese guessing adverb about anything else promises nothing
        ("ja", "たぶんお好みに合う味わいかと思います。"),
        ("ja", "おそらく商品ページの写真の方が色味が分かりやすいかと存じます。"),
        # the shipping e-mail is no shipping: "to ship" names the verb
        ("en", "You have maybe seen the shipping notice already; it lists the carrier."),
        # today guesses at nothing of itself
        ("en", "Hopefully you enjoy the tea today."),
    ],
)
def test_a_guess_about_anything_but_the_wait_is_no_hedged_promise(language, text):
    assert not _fires(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a guess ending on being in time, on the colloquial restock, or on the day itself
        ("ja", "ご注文の品は土曜日のお茶会に間に合うかと存じます。"),
        ("ja", "茶葉は近いうちに入ってくると思います。"),
        ("ja", "再入荷は来月上旬と存じます。"),
        ("ja", "お荷物のお届けは明後日頃でしょう。"),
        # the customer getting or having it, hoped for; a hope beside soon or early
        ("en", "Hopefully you'll have it by the weekend."),
        ("en", "Hopefully you get your parcel on Friday."),
        ("en", "The box may reach you early, I hope, if customs are quick."),
        ("en", "With luck the tea comes early."),
    ],
)
def test_a_guess_at_being_in_time_getting_it_or_its_day_is_hedged(language, text):
    assert _fires(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ja", "お茶会に間に合うよう、本日発送いたしました。"),  # stated, not guessed
        ("ja", "きっと気に入っていただけると思います。"),  # a guess about the taste
        ("ja", "お届け予定日は11月25日でございます。"),
        ("en", "Hopefully you enjoy the tea."),
        ("en", "It may reach you later than the notice; we will send it as soon as we have it."),
        ("en", "We got it back early this week and refunded you the same day."),
    ],
)
def test_being_in_time_stated_or_a_guess_about_anything_else_is_not(language, text):
    assert not _fires(text, language)
