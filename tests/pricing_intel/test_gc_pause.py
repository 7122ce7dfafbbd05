"""The diff report pauses the cyclic GC while it builds 200,000 offers; nothing may leak."""

from __future__ import annotations

import gc
import weakref

from pricing.offers import gc_paused


class Node:
    pass


def test_garbage_made_while_paused_is_still_collected():
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
        node = Node()
        node.self = node  # a cycle: only the cyclic GC frees it
        ref = weakref.ref(node)
        kept = [Node() for _ in range(10_000)]
        del node
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing left out of collection for good
    # What was built meanwhile went straight to the oldest generation: no young collection
    # walks the 10,000 objects again (they would sit in generation 1 after one).
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(kept[0]) in oldest and id(kept[-1]) in oldest
    gc.collect()
    assert ref() is None
    assert len(kept) == 10_000


def test_a_disabled_gc_stays_disabled():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
