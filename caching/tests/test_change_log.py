"""The change log each process follows (`dependencies.Tracker`) and its file form without Redis (`LocalStore`)."""

from caching import page_cache
from caching.dependencies import ANY_CHANGE, EVERYTHING, Tracker


def log_reader(log):
    def read(after, upto):
        return page_cache.changes_between([page_cache.encode_change(seq, tags) for seq, tags in log], after, upto)

    return read


def test_only_what_depends_on_a_changed_tag_is_stale():
    log = [(101, ["catalogue"])]
    tracker = Tracker()
    tracker.catch_up(101, log_reader(log))
    log.append((102, ["path:0001"]))
    tracker.catch_up(102, log_reader(log))
    assert not tracker.is_fresh(101, {"path:0001", "menu"})
    assert tracker.is_fresh(101, {"catalogue", "menu"}), "the catalogue changed at 101, before it was built"
    assert tracker.is_fresh(102, {"path:0001"})
    assert not tracker.is_fresh(101, {ANY_CHANGE}), "a lookup kept without tags depends on any change"


def test_a_change_of_everything_makes_everything_stale():
    log = [(5, ["menu"])]
    tracker = Tracker()
    tracker.catch_up(5, log_reader(log))
    log.append((6, [EVERYTHING]))
    tracker.catch_up(6, log_reader(log))
    assert not tracker.is_fresh(5, {"catalogue"})
    assert tracker.is_fresh(6, {"catalogue"})


def test_a_process_behind_the_capped_log_forgets_everything_it_built():
    tracker = Tracker()
    tracker.catch_up(10, log_reader([(10, ["menu"])]))
    assert tracker.is_fresh(10, {"catalogue"})
    capped = [(seq, ["menu"]) for seq in range(20, 30)]  # 11..19 were trimmed away
    tracker.catch_up(29, log_reader(capped))
    assert not tracker.is_fresh(10, {"catalogue"}), "what changed in between is unknown"
    assert tracker.is_fresh(29, {"catalogue"})


def test_the_file_log_shared_without_redis(tmp_path):
    store = page_cache.LocalStore(tmp_path / "sequence")
    start = store.sequence()
    first = store.record({"catalogue"})
    second = store.record({"path:0001", "menu"})
    assert start < first < second == store.sequence()
    assert store.changes(start, second) == [(first, ["catalogue"]), (second, ["menu", "path:0001"])]
    assert store.changes(first, second) == [(second, ["menu", "path:0001"])]


def test_a_lookup_made_of_rows_learns_which_rows_changed_unless_something_else_did():
    log = [(10, ["catalogue"])]
    tracker = Tracker()
    tracker.catch_up(10, log_reader(log))
    log += [(11, ["catalogue", "path:0001", "programme:7"]), (12, ["catalogue", "programme:9", "programme:7"])]
    tracker.catch_up(12, log_reader(log))
    tags = {"catalogue", "restrictions"}
    assert sorted(tracker.changed_rows(10, tags, "programme", limit=5)) == [7, 9]
    assert sorted(tracker.changed_rows(11, tags, "programme", limit=5)) == [7, 9], "both changed again at 12"
    assert tracker.changed_rows(10, tags, "programme", limit=1) is None, "too many rows: rebuilt"
    log.append((13, ["catalogue", "schools"]))  # a school's change names no programme: its cards all change
    tracker.catch_up(13, log_reader(log))
    assert tracker.changed_rows(12, tags, "programme", limit=5) is None
    log.append((14, ["menu"]))
    tracker.catch_up(14, log_reader(log))
    assert tracker.changed_rows(13, tags, "programme", limit=5) == [], "nothing it reads changed"
