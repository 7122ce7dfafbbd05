"""Stock held-out batch 28 needed (a seventeenth author, written blind): store-only wording in
the languages whose stock phrases the tables already read (Hungarian 'csak személyesen,
áruházainkban vásárolható'), so a store row's 'Nincs készleten' and a disabled 'Online nem
rendelhető' button are not read as the item sold out; pinned on minimal pages."""

from __future__ import annotations

import pytest

from scrapers.extract import extract_product
from scrapers.extract.shown_stock import _STORE_ONLY


def test_a_hungarian_store_only_item_is_not_sold_out():
    html = (
        '<html lang="hu-HU"><body><h1>Hideg FL-200 fagyasztóláda</h1>'
        '<div class="tm-price"><span>119 990 Ft</span></div>'
        '<div class="tm-notice">Ez a termék csak személyesen, áruházainkban vásárolható meg.</div>'
        '<div class="tm-store-stock"><h3>Készlet áruházainkban</h3><ul>'
        '<li class="tm-store tm-store--selected"><b>Szeged</b> – <span>Raktáron</span></li>'
        '<li class="tm-store">Tokaj – <span>Nincs készleten</span></li></ul></div>'
        '<button class="tm-btn" disabled>Online nem rendelhető</button></body></html>'
    )
    # In stock at the selected Szeged store: InStock (the store-only convention).
    assert extract_product(html).availability == "InStock"


@pytest.mark.parametrize(
    "text",
    [
        "Csak áruházainkban kapható",
        "Pouze na prodejně",
        "Jen k osobnímu odběru",
        "Iba na predajni",
        "Disponibil doar în magazine",
        "Samo u trgovini",
        "Samo v trgovini",
        "Само в магазина",
        "Μόνο στο κατάστημα",
        "Sadece mağazada",
        "Только в магазине",
        "Лише в магазині",
        "Tik parduotuvėse",
        "Tikai veikalā",
        "Ainult kaupluses",
        "Vain myymälästä",
    ],
)
def test_only_in_store_in_more_languages(text: str):
    assert _STORE_ONLY.search(text)


@pytest.mark.parametrize("text", ["csak online", "Pouze online", "Samo online"])
def test_only_online_is_no_store_only(text: str):
    assert not _STORE_ONLY.search(text)
