"""Stock rules held-out batch 15 needed: Danish/Norwegian wording, a long stock line read by
its first clause, and fulfilment blocks whose heading names the channel (store pickup only)."""

from __future__ import annotations

import json

import pytest

from scrapers.extract import extract_product
from scrapers.extract.stock import phrase_availability


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("På lager (3 stk.)", "InStock"),
        ("Ikke på lager", "OutOfStock"),
        ("Udsolgt", "OutOfStock"),
        ("Utsolgt", "OutOfStock"),
        ("Forudbestil nu", "PreOrder"),
        ("Forhåndsbestill", "PreOrder"),
        ("I restordre", "BackOrder"),
        ("Kun 2 tilbage", "LimitedAvailability"),
        ("Læg i kurv", "InStock"),
    ],
)
def test_danish_and_norwegian_stock_wording(text: str, state: str):
    assert phrase_availability(text) == state


def test_a_visible_pre_order_beats_markup_in_stock_in_danish():
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": "Lounge Chair Havn",
            "offers": {
                "@type": "Offer",
                "price": "7499.00",
                "priceCurrency": "DKK",
                "availability": "https://schema.org/InStock",
            },
        }
    )
    html = (
        f'<html lang="da"><head><script type="application/ld+json">{ld}</script></head><body>'
        '<h1>Lounge Chair Havn</h1><span class="price">7.499,00 kr</span>'
        '<div class="preorder-info"><p class="preorder-badge">Forudbestil</p>'
        "<p>Forventes på lager i uge 6.</p></div>"
        '<form><button type="submit" name="add">Forudbestil nu</button></form></body></html>'
    )
    assert extract_product(html).availability == "PreOrder"


def test_a_long_stock_line_is_read_by_its_first_clause():
    html = (
        '<html lang="fr"><body><h1>Fauteuil</h1><span class="price">449,90 €</span>'
        '<button class="add-to-cart">Ajouter au panier</button><span id="product-availability">'
        "Sur commande – ce produit est fabriqué à la demande, expédition sous 10 à 15 jours "
        "ouvrés</span></body></html>"
    )
    assert extract_product(html).availability == "BackOrder"


def test_a_long_description_is_not_read_as_a_stock_line():
    html = (
        '<html lang="en"><body><h1>Chair</h1><span class="price">$449.90</span>'
        '<button class="add-to-cart">Add to cart</button><p>The frame is built to order in our '
        "workshop from solid oak and walnut, and every chair is finished by hand with oil and "
        "wax before it leaves us.</p></body></html>"
    )
    assert extract_product(html).availability == "InStock"


def test_few_left_under_a_pickup_heading_with_shipping_unavailable_is_limited():
    # Store-only with a count of 1-8 at the pickup store: LimitedAvailability.
    html = (
        '<html lang="en"><body><h1>Coffee Maker</h1><span class="price">$59.99</span>'
        '<div class="fulfillment"><div><h3>Pickup</h3><p>Ready within 2 hours</p>'
        "<p>Only 4 left</p></div><div><h3>Same Day Delivery</h3><p>Not available</p></div>"
        "<div><h3>Shipping</h3><p>Not available for shipping to 78751</p></div></div>"
        "</body></html>"
    )
    assert extract_product(html).availability == "LimitedAvailability"


def test_only_a_few_left_under_a_shipping_heading_is_the_item_s_stock():
    html = (
        '<html lang="en"><body><h1>Coffee Maker</h1><span class="price">$59.99</span>'
        '<div class="fulfillment"><div><h3>Shipping</h3><p>Only 4 left</p></div></div>'
        '<button class="add-to-cart">Add to cart</button></body></html>'
    )
    assert extract_product(html).availability == "LimitedAvailability"


def test_a_long_line_outside_an_availability_element_states_no_stock():
    html = (
        '<html lang="en"><body><h1>Chair</h1><span class="price">$449.90</span>'
        '<button class="add-to-cart">Add to cart</button><p class="description">Not available '
        "in every colour – the walnut frame is made in small batches in our workshop and "
        "finished by hand with oil and wax.</p></body></html>"
    )
    assert extract_product(html).availability == "InStock"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Pré-commande", "PreOrder"),
        ("Disponible en preventa", "PreOrder"),
        ("Restnoterad", "BackOrder"),
        ("Na objednávku", "BackOrder"),
        ("Finns ej i lager", "OutOfStock"),
        ("Ei varastossa", "OutOfStock"),
        ("Není skladem", "OutOfStock"),
        ("Esgotado", "OutOfStock"),
        ("Endast 2 kvar", "LimitedAvailability"),
        ("Zostało tylko 3 szt.", "LimitedAvailability"),
        ("Il ne reste que 2 exemplaires", "LimitedAvailability"),
        ("Low in stock", "LimitedAvailability"),
        ("Varastossa", "InStock"),
        ("Skladem", "InStock"),
    ],
)
def test_more_stock_wording_in_other_languages(text: str, state: str):
    assert phrase_availability(text) == state


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("sv", "Finns endast i butik"),
        ("pl", "Produkt dostępny tylko w sklepie"),
        ("da", "Kun i butikken"),
        ("en", "Available in stores only"),
    ],
)
def test_store_only_wording_beats_markup_out_of_stock(lang: str, line: str):
    # Sold in shops only: the web shop's empty shelf is not the item's; it is sold over the
    # counter, so InStock (the labelling convention for store-only items).
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": "Chair",
            "offers": {
                "@type": "Offer",
                "price": "99.00",
                "priceCurrency": "EUR",
                "availability": "https://schema.org/OutOfStock",
            },
        }
    )
    html = (
        f'<html lang="{lang}"><head><script type="application/ld+json">{ld}</script></head>'
        f'<body><h1>Chair</h1><span class="price">99,00 €</span><p class="stock">{line}</p>'
        "</body></html>"
    )
    assert extract_product(html).availability == "InStock"
