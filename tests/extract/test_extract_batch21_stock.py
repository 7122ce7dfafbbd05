"""Stock words and currency signs held-out batch 21 needed (a tenth author, written blind):
Korean sold-out, Arabic few-left counts and Gulf currency abbreviations, pinned on minimal
pages so they hold without the corpus."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product


def _page(lang: str, price: str, stock: str, button: str = "<button>Add to cart</button>") -> str:
    return (
        f'<html lang="{lang}"><head></head><body><main><h1>Produkt X</h1>'
        f'<div class="price">{price}</div><div class="stock">{stock}</div>{button}'
        "</main></body></html>"
    )


@pytest.mark.parametrize("words", ["일시품절", "품절", "재고 없음"])
def test_korean_sold_out_is_out_of_stock(words: str):
    page = _page("ko-KR", "879,000원", words, "<button disabled>구매하기</button>")
    assert extract_product(page).availability == "OutOfStock"


def test_korean_almost_sold_out_is_few_left_not_sold_out():
    assert extract_product(_page("ko-KR", "879,000원", "품절임박")).availability == (
        "LimitedAvailability"
    )


@pytest.mark.parametrize("words", ["باقي 3 فقط في المخزون", "تبقى 2 فقط"])
def test_arabic_few_left_counts_are_limited(words: str):
    page = _page("ar", "د.إ 679.00", words, "<button>أضف إلى العربة</button>")
    assert extract_product(page).availability == "LimitedAvailability"


@pytest.mark.parametrize(("sign", "code"), [("د.إ", "AED"), ("ر.س", "SAR")])
def test_gulf_currency_abbreviations_name_their_currency(sign: str, code: str):
    # lang="ar" alone would make it Egypt's pound.
    page = _page("ar", f"{sign} 679.00", "", "<button>أضف إلى العربة</button>")
    product = extract_product(page)
    assert (product.price, product.currency) == (679, code)
