"""Codes held-out batch 28 needed (a seventeenth author, written blind): a VTEX store's RefId,
printed as the item's code, over the platform's itemId its markup gives as the sku; pinned on
minimal pages so they hold without the corpus."""

from __future__ import annotations

from scrapers.extract import extract_product

_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product", '
    '"name": "Licuadora Brisa Pro 1200", "sku": "9021", "offers": {"@type": "Offer", '
    '"price": 289900, "priceCurrency": "COP"}}</script>'
)
_STATE = (
    '<template data-type="json" data-varname="__STATE__"><script>{"Product:sp-4471.items.0": '
    '{"itemId": "9021", "name": "Negro", "referenceId": [{"Key": "RefId", "Value": "TH-90211"}]}}'
    "</script></template>"
)


def _page(shown: str) -> str:
    return (
        f'<html lang="es-CO"><head>{_LD}</head><body><h1>Licuadora Brisa Pro 1200</h1>'
        '<div class="vtex-product-identifier"><span class="label">Referencia</span>'
        f'<span>: </span><span class="value">{shown}</span></div>'
        '<div class="price">$ 289.900</div><button>Agregar al carrito</button>'
        f"{_STATE}</body></html>"
    )


def test_a_vtex_refid_the_page_prints_is_the_sku():
    assert extract_product(_page("TH-90211")).sku == "TH-90211"


def test_a_refid_only_in_the_state_blob_leaves_the_markup_sku():
    """Not printed: nothing says the shop shows it as the item's code."""
    assert extract_product(_page("")).sku == "9021"
