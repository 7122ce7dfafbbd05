"""Details held-out batch 26 needed (a fifteenth author, written blind): a Korean spec table's
'브랜드' (brand) row; pinned on a minimal page."""

from __future__ import annotations

from scrapers.extract import extract_product


def test_a_korean_brand_row_names_the_brand():
    html = (
        '<html lang="ko-KR"><body><h1>어성초 진정 토너 300ml</h1>'
        '<div class="price">18,000원</div><button>장바구니 담기</button>'
        "<table><tr><th>브랜드</th><td>모리스킨</td></tr><tr><th>용량</th><td>300ml</td></tr>"
        "</table></body></html>"
    )
    assert extract_product(html).brand == "모리스킨"
