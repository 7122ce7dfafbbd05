"""Stock wording in the six languages the issue names (plus Polish and Swedish), and markup
values."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product
from scrapers.extract.stock import markup_availability, phrase_availability

PHRASES = {
    "en": [
        ("In stock", "InStock"),
        ("Sold out", "OutOfStock"),
        ("Pre-order now", "PreOrder"),
        ("Only 2 left in stock", "LimitedAvailability"),
        ("On backorder", "BackOrder"),
        ("This item has been discontinued", "Discontinued"),
        ("Currently unavailable", "OutOfStock"),
    ],
    "de": [
        ("Auf Lager", "InStock"),
        ("Ausverkauft", "OutOfStock"),
        ("Derzeit nicht lieferbar", "OutOfStock"),
        ("Nicht auf Lager", "OutOfStock"),
        ("Jetzt vorbestellen", "PreOrder"),
        ("Nur noch 3 Stück", "LimitedAvailability"),
        ("Nicht mehr erhältlich", "Discontinued"),
    ],
    "fr": [
        ("En stock", "InStock"),
        ("Rupture de stock", "OutOfStock"),
        ("Épuisé", "OutOfStock"),
        ("Indisponible", "OutOfStock"),
        ("Précommande", "PreOrder"),
        ("Plus que 2 en stock", "LimitedAvailability"),
    ],
    "es": [
        ("En stock", "InStock"),
        ("Agotado", "OutOfStock"),
        ("No disponible", "OutOfStock"),
        ("Sin stock", "OutOfStock"),
        ("Últimas unidades", "LimitedAvailability"),
    ],
    "it": [
        ("Disponibile", "InStock"),
        ("Esaurito", "OutOfStock"),
        ("Non disponibile", "OutOfStock"),
        ("Preordina", "PreOrder"),
        ("Ultimi pezzi", "LimitedAvailability"),
    ],
    "nl": [
        ("Op voorraad", "InStock"),
        ("Uitverkocht", "OutOfStock"),
        ("Niet op voorraad", "OutOfStock"),
        ("Niet leverbaar", "OutOfStock"),
        ("Voorbestellen", "PreOrder"),
        ("Nog maar 2", "LimitedAvailability"),
        ("Niet op voorraad, wel te bestellen", "BackOrder"),
    ],
    "pl": [
        ("Na stanie", "InStock"),
        ("Brak towaru", "OutOfStock"),
        ("Produkt niedostępny", "OutOfStock"),
        ("Ostatnie sztuki", "LimitedAvailability"),
    ],
    "sv": [
        ("Finns i lager", "InStock"),
        ("Slutsåld", "OutOfStock"),
        ("Tillfälligt slut", "OutOfStock"),
        ("Ej i lager", "OutOfStock"),
        ("Förbeställ", "PreOrder"),
    ],
}
CASES = [(lang, text, state) for lang, rows in PHRASES.items() for text, state in rows]


@pytest.mark.parametrize(("lang", "text", "state"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_stock_phrases(lang: str, text: str, state: str):
    assert phrase_availability(text) == state


@pytest.mark.parametrize(
    ("lang", "text", "state"), CASES[::3], ids=[f"{c[0]}-{c[1]}" for c in CASES[::3]]
)
def test_stock_phrases_on_a_page_without_markup(lang: str, text: str, state: str):
    html = (
        f'<html lang="{lang}"><body><h1>Produkt</h1><p class="price">19,90 €</p>'
        f'<p class="stock">{text}</p></body></html>'
    )
    assert extract_product(html).availability == state


def test_words_that_merely_contain_a_phrase_do_not_flip_the_state():
    assert phrase_availability("nicht verfügbar") == "OutOfStock"  # not "verfügbar"
    assert phrase_availability("non disponibile") == "OutOfStock"  # not "disponibile"
    assert phrase_availability("Free returns within 30 days") is None


def test_no_longer_available_for_the_moment_is_out_of_stock_not_discontinued():
    assert phrase_availability("Nicht mehr verfügbar") == "Discontinued"
    assert phrase_availability("N'est plus disponible en ligne pour le moment") == "OutOfStock"
    assert phrase_availability("Derzeit nicht mehr verfügbar") == "OutOfStock"


@pytest.mark.parametrize(
    ("value", "state"),
    [
        ("https://schema.org/InStock", "InStock"),
        ("http://schema.org/OutOfStock", "OutOfStock"),
        ("InStock", "InStock"),
        ("in stock", "InStock"),
        ("oos", "OutOfStock"),
        ("https://schema.org/PreOrder", "PreOrder"),
        ("schema:BackOrder", "BackOrder"),
        ("https://schema.org/SoldOut", "OutOfStock"),
        ("https://schema.org/InStoreOnly", "InStock"),  # sold over the counter: in stock
        ("https://schema.org/Discontinued", "Discontinued"),
        ("banana", None),
        (None, None),
    ],
)
def test_markup_values(value: str | None, state: str | None):
    assert markup_availability(value) == state


def test_disabled_add_to_cart_waiting_for_a_size_is_not_out_of_stock():
    html = (
        '<html lang="en"><body><h1>Tee</h1><p class="price">$20.00</p>'
        '<button class="add-to-cart disabled" disabled>Add to cart</button></body></html>'
    )
    assert extract_product(html).availability == "InStock"


def test_disabled_sold_out_button_is_out_of_stock():
    html = (
        '<html lang="en"><body><h1>Tee</h1><p class="price">$20.00</p>'
        '<button name="add" class="product-form__submit" disabled><span>Sold out</span></button>'
        "</body></html>"
    )
    assert extract_product(html).availability == "OutOfStock"


@pytest.mark.parametrize(
    "notice",
    [
        # Away from the buy box, in another column of the layout.
        '<div class="col"><div class="gallery"><div class="badge"><p>Rupture de stock</p>'
        "</div></div></div>",
        # In a sentence longer than a stock label.
        '<div class="alert">Victime de son succès, ce produit est actuellement en rupture de '
        "stock chez notre fournisseur principal et chez nos partenaires.</div>",
        # Out of stock now, back later (back-order wording beside it).
        '<p class="dispo">Rupture de stock – réapprovisionnement prévu fin mars</p>',
    ],
)
def test_disabled_basket_button_with_a_sold_out_notice_is_out_of_stock(notice: str):
    html = (
        f'<html lang="fr"><body><div class="page">{notice}<div class="col"><div class="a">'
        '<div class="b"><div class="c"><h1>Casque X</h1><span class="prix">89,99 €</span>'
        '<form><button class="add-to-cart" disabled>Ajouter au panier</button></form>'
        "</div></div></div></div></div></body></html>"
    )
    assert extract_product(html).availability == "OutOfStock"
    # Without the notice the disabled button reads as waiting for a choice, as before.
    assert extract_product(html.replace(notice, "")).availability == "InStock"


def test_sold_only_for_store_pickup_is_in_stock_whatever_the_markup():
    html = (
        '<html lang="it"><head><script type="application/ld+json">{"@type":"Product",'
        '"name":"Frigo X","offers":{"price":"749.00","priceCurrency":"EUR",'
        '"availability":"InStock"}}</script></head><body><h1>Frigo X</h1>'
        '<span class="price">749,00 €</span><div><span>Consegna a domicilio</span>'
        "<span>Non disponibile online</span></div>"
        "<p>Prodotto acquistabile solo con ritiro in negozio</p>"
        '<button class="add-to-cart">Prenota e ritira</button></body></html>'
    )
    # Sold in shops only, no shop's stock said: sold over the counter, so InStock.
    assert extract_product(html).availability == "InStock"
    # Without the store-only sentence, "not available online" is out of stock.
    plain = html.replace("<p>Prodotto acquistabile solo con ritiro in negozio</p>", "")
    assert extract_product(plain).availability == "OutOfStock"


def test_visible_pre_order_beats_markup_in_stock():
    html = (
        '<html lang="nl"><body itemscope itemtype="https://schema.org/Product">'
        '<h1 itemprop="name">Spel X</h1><div itemprop="offers" itemscope '
        'itemtype="https://schema.org/Offer"><meta itemprop="price" content="29.95">'
        '<meta itemprop="priceCurrency" content="EUR">'
        '<link itemprop="availability" href="http://schema.org/InStock">'
        "<p>€ 29,95</p><p>Vooraf bestellen – verwacht op 12 december</p>"
        '<button class="btn-buy">Reserveer nu</button></div></body></html>'
    )
    assert extract_product(html).availability == "PreOrder"
