"""Code and brand labels held-out batch 20 needed (a ninth author, written blind): barcode,
SKU and part-number labels in more languages, pinned on minimal pages so they hold without the
corpus. Barcodes are kept only with a right check digit."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product


def _page(lang: str, rows: str, title: str = "Produkt X") -> str:
    return (
        f'<html lang="{lang}"><head></head><body><main><h1>{title}</h1>'
        f'<div class="price">49,99 €</div><button>Add to cart</button>'
        f"<table>{rows}</table></main></body></html>"
    )


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("cs-CZ", "Čárový kód"),
        ("tr-TR", "Barkod"),
        ("hu-HU", "Vonalkód"),
        ("fi-FI", "Viivakoodi"),
        ("fi-FI", "EAN-koodi"),
        ("pl-PL", "Kod kreskowy"),
        ("nb-NO", "Strekkode"),
        ("es-ES", "Código de barras"),
        ("el-GR", "Κωδικός EAN"),
        ("el-GR", "Γραμμωτός κώδικας"),
        ("ko-KR", "바코드"),
        ("ja-JP", "JAN"),
    ],
)
def test_barcode_labels_in_more_languages(lang: str, label: str):
    rows = f"<tr><th>{label}:</th><td>4006381333931</td></tr>"
    assert extract_product(_page(lang, rows)).gtin == "4006381333931"


def test_a_labelled_barcode_with_a_wrong_check_digit_is_not_taken():
    # 4006381333932 differs from a real EAN in its check digit: a typo or a made-up number.
    rows = "<tr><th>Barkod:</th><td>4006381333932</td></tr>"
    assert extract_product(_page("tr-TR", rows)).gtin is None


@pytest.mark.parametrize("label", ["상품코드", "상품번호"])
def test_korean_product_code_labels_name_the_sku(label: str):
    rows = f"<tr><th>{label}</th><td>P00000IX</td></tr>"
    assert extract_product(_page("ko-KR", rows)).sku == "P00000IX"


def test_portuguese_referencia_in_prestashops_reference_block_is_the_sku():
    page = (
        '<html lang="pt-PT"><head></head><body><main><h1>Fechadura X</h1>'
        '<div class="price">249,00 €</div><div class="product-reference">'
        '<label class="label">Referência </label><span>YL-L2-SLV</span></div>'
        "<button>Adicionar ao carrinho</button></main></body></html>"
    )
    assert extract_product(page).sku == "YL-L2-SLV"


def test_german_referenz_beside_an_article_number_is_the_makers_part_number():
    rows = (
        "<tr><td>Art.-Nr.:</td><td>10233</td></tr><tr><td>Referenz:</td><td>027/3500.04</td></tr>"
    )
    product = extract_product(_page("de-AT", rows))
    assert (product.sku, product.mpn) == ("10233", "027/3500.04")


def test_the_makers_suggested_price_row_names_no_brand():
    # "メーカー希望小売価格" (maker's suggested retail price) starts with "メーカー" (maker).
    rows = "<tr><th>メーカー希望小売価格</th><td>オープン価格</td></tr>"
    assert extract_product(_page("ja-JP", rows)).brand is None


def test_a_japanese_maker_name_row_names_the_brand():
    rows = "<tr><th>メーカー名</th><td>タイガー</td></tr>"
    assert extract_product(_page("ja-JP", rows)).brand == "タイガー"
