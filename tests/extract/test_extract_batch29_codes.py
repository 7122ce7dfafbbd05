"""Codes held-out batches 29 and 30 needed (written blind): OpenCart's Cyrillic 'Модел:' line as
the maker's part number, Cafe24's '자체상품코드' row as the shop's code; pinned on minimal pages
so they hold without the corpus."""

from __future__ import annotations

from scrapers.extract import extract_product


def _opencart(model_line: str) -> str:
    return (
        '<html lang="bg-BG"><body><div id="product"><h1>Прахосмукачка Rowenta X-Force</h1>'
        '<ul class="list-unstyled"><li>Производител: <a href="/rowenta">Rowenta</a></li>'
        f"<li>{model_line}</li><li>Код: PT-33190</li><li>Наличност: В наличност</li></ul>"
        '<div class="price">499,00 лв.</div><button id="button-cart">Купи</button>'
        "</div></body></html>"
    )


def test_a_cyrillic_model_line_is_the_makers_part_number():
    assert extract_product(_opencart("Модел: RH9637WO")).mpn == "RH9637WO"


def test_a_cyrillic_model_line_naming_a_series_is_no_part_number():
    """'Модел: X-Force Flex' names a model line, as a bare 'Model' row does in English."""
    assert extract_product(_opencart("Модел: X Force Flex")).mpn is None


def _cafe24(label: str) -> str:
    return (
        '<html lang="ko-KR"><body><div class="infoArea"><div class="headingArea">'
        "<h2>라탄 빨래바구니 대형</h2></div><table><tbody>"
        '<tr><th scope="row"><span>판매가</span></th><td><span>31,200원</span></td></tr>'
        f'<tr><th scope="row"><span>{label}</span></th><td><span>SR-BSK-L01</span></td></tr>'
        '</tbody></table><a href="#none" class="btnSubmit">바로 구매하기</a></div></body></html>'
    )


def test_cafe24s_own_product_code_row_is_the_sku():
    """Cafe24 prints '자체상품코드' ('own product code') for the shop's code."""
    assert extract_product(_cafe24("자체상품코드")).sku == "SR-BSK-L01"
