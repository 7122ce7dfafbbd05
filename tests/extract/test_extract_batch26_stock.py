"""Stock held-out batch 26 needed (a fifteenth author, written blind): a Japanese shop's
preorder ('ご予約受付中', a '予約する' cart button); pinned on a minimal page."""

from __future__ import annotations

from scrapers.extract import extract_product


def test_a_japanese_reservation_is_a_preorder():
    html = (
        '<html lang="ja"><body><h2 class="item-name">【予約】若狭塗 夫婦箸 桜</h2>'
        "<table><tr><th>販売価格</th><td>5,500円(税込)</td></tr>"
        "<tr><th>発送予定</th><td>ご予約受付中：12月中旬より順次発送予定</td></tr></table>"
        '<form action="/shop/cart.html"><button type="submit">予約する</button></form>'
        "</body></html>"
    )
    assert extract_product(html).availability == "PreOrder"
