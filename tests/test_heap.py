"""A one-shot command's heap kept out of the full garbage collections, and handed back at its end."""

from __future__ import annotations


def test_a_one_shot_block_freezes_what_is_settled_and_hands_it_back_at_its_end():
    """heap.settle freezes only inside heap.one_shot; the block's end unfreezes and restores the thresholds."""
    import gc

    from stelsel import heap

    before = gc.get_threshold()
    frozen_outside = gc.get_freeze_count()
    heap.settle()
    assert gc.get_freeze_count() == frozen_outside  # outside a one-shot block: nothing frozen
    kept = [[index] for index in range(1000)]  # tracked objects, alive through the block
    with heap.one_shot():
        assert gc.get_threshold()[2] >= heap.FULL_AFTER
        heap.settle()
        assert gc.get_freeze_count() >= frozen_outside + len(kept)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before  # handed back to the collector
    assert kept[-1] == [999]
