"""Rules for small hand-made shops held-out batch 16 needed (a fifth author, written blind):
the shop's name as <h1>, one page listing every format in a price table, codes in prose."""

from __future__ import annotations

from decimal import Decimal

import lxml.html
import pytest

from scrapers.extract import extract_product
from scrapers.extract.codes import labelled_sku


def _shop(title: str, rows: str) -> str:
    return (
        f'<html lang="fr"><head><title>{title}</title></head><body>'
        '<div id="top"><h1>Le Rucher du Plateau</h1></div><div id="contenu"><div class="fiche">'
        "<h2>Miel de bruyère des Fagnes</h2>"
        f'<table class="prix"><tr><th>Format</th><th>Prix</th><th></th></tr>{rows}</table>'
        "<p>Tous nos prix s'entendent TVAC (TVA 6 %). Réf. BRU500.</p></div></div></body></html>"
    )


_ROWS = (
    "<tr><td>250 g</td><td>8,50 €</td><td><span>épuisé</span></td></tr>"
    "<tr><td><b>500 g</b></td><td><b>14,90 €</b></td><td>disponible – "
    '<a href="panier.php?add=BRU500">ajouter au panier</a></td></tr>'
    "<tr><td>1 kg</td><td>27,00 €</td><td>disponible</td></tr>"
)


def test_the_shop_s_name_as_h1_is_not_the_product_s_title():
    html = _shop("Miel de bruyère des Fagnes - 500 g | Le Rucher du Plateau", _ROWS)
    assert extract_product(html).name == "Miel de bruyère des Fagnes"


def test_the_price_table_row_the_title_names_is_the_price_and_its_stock():
    html = _shop("Miel de bruyère des Fagnes - 500 g | Le Rucher du Plateau", _ROWS)
    product = extract_product(html)
    assert (product.price, product.availability) == (Decimal("14.90"), "InStock")


def test_the_title_naming_the_sold_out_format_gives_that_row():
    html = _shop("Miel de bruyère des Fagnes - 250 g | Le Rucher du Plateau", _ROWS)
    product = extract_product(html)
    assert (product.price, product.availability) == (Decimal("8.50"), "OutOfStock")


@pytest.mark.parametrize(
    ("text", "sku"),
    [
        ("Tous nos prix s'entendent TVAC (TVA 6 %). Réf. BRU500.", "BRU500"),
        ("Handmade in Asheville. SKU: CS-SMUDGE", "CS-SMUDGE"),
        ("Made in 2024. Great for the garden.", None),
    ],
)
def test_a_code_labelled_in_a_line_s_last_sentence(text: str, sku: str | None):
    assert labelled_sku(lxml.html.fragment_fromstring(f"<p>{text}</p>"), text) == sku


def test_a_voucher_code_in_a_last_sentence_is_no_sku():
    text = "Free shipping this week. Code: SAVE10"
    assert labelled_sku(lxml.html.fragment_fromstring(f"<p>{text}</p>"), text) is None
