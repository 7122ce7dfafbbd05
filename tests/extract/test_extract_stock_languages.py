"""Stock wording by language: how shops in each language word the six states in stock lines
and buttons, read on a minimal buy box (heading, price, one stock line). Each case was read
wrong before the phrase tables knew it."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product


def _page(lang: str, line: str) -> str:
    return (
        f'<html lang="{lang}"><head><title>Testprodukt X200 | Shop</title></head><body><main>'
        '<div class="product"><h1>Testprodukt X200</h1><div class="price">129,00 €</div>'
        f'<p class="stock">{line}</p></div></main></body></html>'
    )


# (language, the shop's stock line, the state it states)
WESTERN = [
    ("en", "Notify me when back in stock", "OutOfStock"),
    ("en", "Special order item", "BackOrder"),
    ("en", "Just 2 left", "LimitedAvailability"),
    ("en", "No longer in production", "Discontinued"),
    ("de", "Nicht lagernd", "OutOfStock"),
    ("de", "Im Vorverkauf", "PreOrder"),
    ("de", "Nicht auf Lager – bestellbar, Lieferzeit 3-4 Wochen", "BackOrder"),
    ("de", "Geringer Bestand", "LimitedAvailability"),
    ("de", "Ausgelistet", "Discontinued"),
    ("fr", "M'alerter quand disponible", "OutOfStock"),
    ("fr", "Derniers exemplaires", "LimitedAvailability"),
    ("fr", "Plus qu'un exemplaire", "LimitedAvailability"),
    ("fr", "Épuisé définitivement", "Discontinued"),
    ("es", "Notificarme cuando esté disponible", "OutOfStock"),
    ("es", "Precompra", "PreOrder"),
    ("es", "Disponible sobre pedido", "BackOrder"),
    ("es", "Quedan pocas unidades", "LimitedAvailability"),
    ("es", "Producto descontinuado", "Discontinued"),
    ("it", "Prenota ora", "PreOrder"),
    ("it", "Disponibile in 2-3 settimane", "BackOrder"),
    ("it", "Ultimi 2 pezzi", "LimitedAvailability"),
    ("it", "Articolo fuori catalogo", "Discontinued"),
    ("nl", "Niet meer op voorraad", "OutOfStock"),
    ("nl", "Nu te reserveren", "PreOrder"),
    ("nl", "Wordt besteld bij leverancier", "BackOrder"),
    ("nl", "Nog 1 beschikbaar", "LimitedAvailability"),
    ("nl", "Niet meer verkrijgbaar", "Discontinued"),
    ("pt", "Fora de estoque", "OutOfStock"),
    ("pt", "Pré-encomenda", "PreOrder"),
    ("pt", "Disponível sob encomenda", "BackOrder"),
    ("pt", "Quase esgotado", "LimitedAvailability"),
    ("pt", "Produto fora de linha", "Discontinued"),
    ("pl", "Brak na stanie", "OutOfStock"),
    ("pl", "Czas realizacji 2-3 tygodnie", "BackOrder"),
    ("pl", "Zostały 2 sztuki", "LimitedAvailability"),
    ("pl", "Nie jest już dostępny", "Discontinued"),
    ("sv", "Meddela mig när varan finns i lager", "OutOfStock"),
    ("sv", "Slut", "OutOfStock"),
    ("sv", "Förboka", "PreOrder"),
    ("sv", "Beställs från leverantör", "BackOrder"),
    ("sv", "Få i lager", "LimitedAvailability"),
    ("sv", "Produkten har utgått", "Discontinued"),
    ("da", "Giv mig besked når varen er på lager", "OutOfStock"),
    ("da", "Bestilles hjem", "BackOrder"),
    ("da", "Få på lager", "LimitedAvailability"),
    ("da", "Ikke længere i sortiment", "Discontinued"),
    ("nb", "Tomt på lager", "OutOfStock"),
    ("nb", "Forhåndssalg", "PreOrder"),
    ("nb", "Leveres på bestilling", "BackOrder"),
    ("nb", "Få igjen", "LimitedAvailability"),
    ("nb", "Ikke lenger tilgjengelig", "Discontinued"),
    ("fi", "Loppuunmyyty", "OutOfStock"),
    ("fi", "Loppu", "OutOfStock"),
    ("fi", "Tilaa ennakkoon", "PreOrder"),
    ("fi", "Jälkitoimitus", "BackOrder"),
    ("fi", "Vähän varastossa", "LimitedAvailability"),
    ("fi", "Ei enää myynnissä", "Discontinued"),
]


@pytest.mark.parametrize(("lang", "line", "state"), WESTERN)
def test_western_and_nordic_stock_lines(lang: str, line: str, state: str) -> None:
    assert extract_product(_page(lang, line)).availability == state
