"""Maps of a plan: a static figure for print, an interactive page, and a change map."""
