"""Details held-out batch 27 needed (a sixteenth author, written blind): a Japanese cart's maker
line above the title (MakeShop's 'itemMaker') names the brand; pinned on a minimal page."""

from __future__ import annotations

from scrapers.extract import extract_product


def test_an_item_maker_line_by_the_title_names_the_brand():
    html = (
        '<html lang="ja-JP"><body><div class="itemInfo"><p class="itemMaker">丸十製陶</p>'
        '<h1 class="itemName">美濃焼 豆皿 5枚セット 藍</h1><span class="price">3,850円</span>'
        '<button class="cartBtn">カートに入れる</button></div></body></html>'
    )
    assert extract_product(html).brand == "丸十製陶"


def test_a_maker_row_names_the_brand():
    """A hand-built shop's details table: 'Maker: | Corrib Puzzles' (as 'Manufacturer:' does)."""
    html = (
        '<html lang="en-IE"><body><table><tr><td class="iteminfo"><h1>Galway Bay at Dusk – '
        '1000 Piece Jigsaw</h1><p class="itemprice">€22.50</p><input type="submit" '
        'value="Add to basket"><table class="itemdetails"><tr><td>Maker:</td>'
        "<td>Corrib Puzzles</td></tr></table></td></tr></table></body></html>"
    )
    assert extract_product(html).brand == "Corrib Puzzles"
