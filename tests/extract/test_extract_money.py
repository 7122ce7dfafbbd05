"""Reading shown prices: price-parser's traps, locales, and currency signs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_currency
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapers.extract import extract_product
from scrapers.extract.money import PageLocale, currency_for_sign, markup_amount, parse_money

DE = PageLocale.parse("de-DE")
US = PageLocale.parse("en-US")


@pytest.mark.parametrize(
    ("text", "locale", "amount", "currency"),
    [
        ("2 pairs from $349", US, "349", "USD"),
        ("34.000", DE, "34000", None),
        ("34.000 €", DE, "34000", "EUR"),
        ("1.234,56 €", DE, "1234.56", "EUR"),
        ("€ 19,95", PageLocale.parse("nl-NL"), "19.95", "EUR"),
        ("CHF 1'299.–", PageLocale.parse("de-CH"), "1299", "CHF"),
        ("KWD 34.000", PageLocale.parse("ar-KW"), "34.000", "KWD"),
        ("1 299,00 zł", PageLocale.parse("pl-PL"), "1299.00", "PLN"),
        ("ab 19,99 € inkl. MwSt.", DE, "19.99", "EUR"),
        ("Was $49.99", US, "49.99", "USD"),
        ("$89.00 USD", US, "89.00", "USD"),
        ("18,95 $", PageLocale.parse("fr-CA"), "18.95", "CAD"),
        ("¥12,800", PageLocale.parse("ja"), "12800", "JPY"),
    ],
)
def test_shown_prices(text: str, locale: PageLocale, amount: str, currency: str | None):
    money = parse_money(text, locale)
    assert money is not None
    assert (money.amount, money.currency) == (Decimal(amount), currency)


@pytest.mark.parametrize("text", ["", "Preis auf Anfrage", "Sold out", "—"])
def test_texts_without_a_number_are_not_prices(text: str):
    assert parse_money(text, DE) is None


@pytest.mark.parametrize(
    ("sign", "tag", "code"),
    [
        ("$", "en-US", "USD"),
        ("$", "en-AU", "AUD"),
        ("$", "es-MX", "MXN"),
        ("kr", "da-DK", "DKK"),
        ("kr", "sv-SE", "SEK"),
        ("€", "fr-FR", "EUR"),
        ("US$", "en-CA", "USD"),
        ("¥", "zh-CN", "CNY"),
    ],
)
def test_ambiguous_signs_follow_the_page_country(sign: str, tag: str, code: str):
    assert currency_for_sign(sign, PageLocale.parse(tag)) == code


def test_country_can_come_from_the_domain_when_lang_has_none():
    assert currency_for_sign("$", PageLocale.parse("en", "ca")) == "CAD"


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("49.99", "49.99"),
        (49.99, "49.99"),
        (12, "12"),
        ("1.299,00", "1299.00"),
        ("", None),
        (None, None),
        ("-5", None),
        (True, None),
    ],
)
def test_markup_amounts(value: object, amount: str | None):
    assert markup_amount(value) == (Decimal(amount) if amount else None)


LOCALES = ["en_US", "en_GB", "de_DE", "de_AT", "de_CH", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL"]
CURRENCIES = {"en_US": "USD", "en_GB": "GBP", "de_CH": "CHF", "pl_PL": "PLN"}


@settings(max_examples=200, deadline=None)
@given(
    cents=st.integers(min_value=1, max_value=99_999_999),
    locale=st.sampled_from(LOCALES),
)
def test_any_amount_babel_formats_reads_back(cents: int, locale: str):
    amount = Decimal(cents).scaleb(-2)
    currency = CURRENCIES.get(locale, "EUR")
    shown = format_currency(amount, currency, locale=locale)
    money = parse_money(shown, PageLocale.parse(locale))
    assert money is not None, shown
    assert (money.amount, money.currency) == (amount, currency), shown


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_arbitrary_input_either_reads_or_raises_extraction_error(data: bytes | str):
    from scrapers.extract import ExtractionError

    try:
        product = extract_product(data)
    except ExtractionError:
        return
    assert product.price is None or product.price >= 0


@pytest.mark.parametrize(
    ("shown", "lang"),
    [("0,00098 BTC", "de"), ("0.00098 BTC", "en"), ("₿0.00098", "en"), ("ETH 0,45", "fr")],
)
def test_a_price_in_a_unit_that_is_no_iso_currency_gets_no_currency(shown: str, lang: str):
    """The page's own currency (EUR for German) must not be guessed for a crypto price."""
    html = (
        f'<html lang="{lang}"><body><h1>Ledger Nano</h1><div class="price">{shown}</div>'
        "<button>Add to cart</button></body></html>"
    )
    product = extract_product(html)
    assert product.price == Decimal(shown.strip("₿ETHBC ").replace(",", "."))
    assert product.currency is None
    assert product.currency_shown in shown


@pytest.mark.parametrize("shown", ["129,00 TTC", "199,-", "49,90 EACH"])
def test_a_bare_price_beside_a_tax_or_list_label_still_takes_the_page_currency(shown: str):
    html = (
        f'<html lang="de-DE"><body><h1>Kaffeemühle</h1><div class="price">{shown}</div>'
        "<button>In den Warenkorb</button></body></html>"
    )
    assert extract_product(html).currency == "EUR"
