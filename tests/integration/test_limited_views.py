"""The read-only views the limited-package screens use: a promo preview decided by the buy's own rule (recording
nothing), and the console's lists as plain values."""

from __future__ import annotations

from casino_app.services.shop import limited, limited_views
from tests.support import limited as lp
from tests.support import shop as s


def test_a_preview_prices_the_seed_case_as_the_buy_does_and_records_nothing() -> None:
    user, package = s.adult(0), lp.package(price_krw=499, gold=500, bonus_gold=0)
    code = lp.promo(amount_off_krw=50)
    view = limited_views.preview(user, package.id, f"  {code.code.lower()} ")
    assert (view.code, view.list_krw, view.discount_krw, view.final_krw, view.reason) == (code.code, 499, 50, 449, None)
    assert lp.used_count(code.id) == 0
    assert lp.counters(package.id) == (0, 0)
    outcome = limited.buy(user, package.id, s.key(), code.code)
    assert outcome.order is not None
    assert outcome.order.amount_krw == view.final_krw


def test_a_preview_says_why_a_code_does_not_apply() -> None:
    user, package = s.adult(0), lp.package()
    other = lp.package()
    assert limited_views.preview(user, package.id, "NOPE_CODE").reason == "PROMO_INVALID"
    bound = lp.promo(amount_off_krw=50, package_id=other.id)
    refused = limited_views.preview(user, package.id, bound.code)
    assert (refused.reason, refused.discount_krw, refused.final_krw) == ("PROMO_NOT_APPLICABLE", 0, 4_900)
    once = lp.promo(amount_off_krw=50)
    assert limited.buy(user, package.id, s.key(), once.code).success
    assert limited_views.preview(user, package.id, once.code).reason == "PROMO_ALREADY_USED"
    assert limited_views.preview(user, package.id, "").final_krw == 4_900
    assert limited_views.preview(user, 2**40, None).reason == "PACKAGE_NOT_FOUND"


def test_the_console_views_list_counters_and_the_kill_switch_answers_a_view() -> None:
    staff = s.staff()
    package = lp.package(total_stock=5)
    code = lp.promo(kind="percent", percent_off=10, amount_off_krw=None, max_uses=9)
    assert limited.buy(s.adult(0), package.id, s.key()).success
    listed = next(p for p in limited_views.admin_packages() if p.id == package.id)
    assert (listed.total_stock, listed.sold, listed.held, listed.remaining_stock) == (5, 0, 1, 4)
    stopped = limited_views.disable_package(package.id, actor_id=staff)
    assert (stopped.id, stopped.is_active) == (package.id, False)
    promo = next(p for p in limited_views.admin_promos() if p.id == code.id)
    assert (promo.kind, promo.percent_off, promo.max_uses, promo.used_count) == ("percent", 10, 9, 0)
    edited = limited_views.upsert_promo(code.code, {"max_uses": 20}, actor_id=staff)
    assert edited.max_uses == 20
