"""Shop rules that need no database: prices, KST windows, receipts' signed text, codes, transitions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from casino_app.api.routes.shop import ORDER_CODE, RECEIPT_CODE
from casino_app.models.shop import ShopOrder, ShopProduct
from casino_app.services.shop import catalog, limits, machine, orders, receipts
from casino_app.services.shop.errors import ProductInvalid
from tests.support.env import environment

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # Saturday 12:00 KST


def _product(**values: object) -> ShopProduct:
    base: dict[str, object] = {"sku": "GOLD_1", "name_ko": "골드", "name_en": "Gold", "price_krw": 9_900, "gold": 10}
    return ShopProduct(**{**base, **values})


def test_a_discount_applies_only_until_its_real_end_time() -> None:
    sale = _product(discount_percent=30, discount_ends_at=NOW + timedelta(seconds=1))
    assert catalog.price_for(sale, "STANDARD", NOW).final_krw == 9_900 - 2_970
    assert catalog.price_for(sale, "STANDARD", NOW + timedelta(seconds=1)).final_krw == 9_900
    assert catalog.price_for(sale, "STANDARD", NOW).discount_ends_at == NOW + timedelta(seconds=1)


def test_rank_discounts_do_not_stack_with_a_sale_the_larger_wins() -> None:
    product = _product(discount_percent=10, discount_ends_at=NOW + timedelta(days=1), rank_discounts={"VIP": 15})
    vip = catalog.price_for(product, "VIP", NOW)
    assert (vip.final_krw, vip.discount_percent, vip.discount_source, vip.discount_ends_at) == (8_415, 15, "rank", None)
    standard = catalog.price_for(product, "STANDARD", NOW)
    assert (standard.final_krw, standard.discount_source) == (8_910, "product")
    odd = catalog.price_for(_product(price_krw=999, rank_discounts={"PREMIUM": 33}), "PREMIUM", NOW)
    assert odd.final_krw == 999 - 329  # whole won: the discount is rounded down


def test_rank_order_decides_who_may_buy() -> None:
    assert catalog.rank_allows("VIP", "PREMIUM")
    assert not catalog.rank_allows("STANDARD", "VIP")
    assert catalog.rank_allows("STANDARD", None)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sku", "x"),
        ("name_ko", "   "),
        ("price_krw", 99),
        ("gold", 0),
        ("discount_percent", 91),
        ("items", {"free_spin": 1}),
        ("rank_discounts", {"GOLD": 5}),
        ("required_rank", "ADMIN"),
        ("discount_ends_at", datetime(2026, 1, 1)),  # naive
    ],
)
def test_catalog_validation_names_the_field(field: str, value: object) -> None:
    values = vars(catalog.ProductInput("GOLD_1", "골드", "Gold", 4_900, 100))
    if field == "discount_ends_at":
        values["discount_percent"] = 5
    with pytest.raises(ProductInvalid) as caught:
        catalog.validate({**values, field: value})
    assert caught.value.details["field"] == field


def test_kst_windows() -> None:
    at = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)  # Thursday 00:30 KST
    assert limits.window_start("day", at) == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert limits.window_start("week", at) == datetime(2026, 11, 22, 15, 0, tzinfo=UTC)  # Monday 00:00 KST
    assert limits.window_start("month", at) == datetime(2026, 11, 30, 15, 0, tzinfo=UTC) - timedelta(days=30)


def test_only_lower_or_new_limits_are_decreases() -> None:
    assert limits._is_decrease(None, 10_000)
    assert limits._is_decrease(10_000, 9_999)
    assert not limits._is_decrease(10_000, 10_001)
    assert not limits._is_decrease(10_000, None)


def _paid_order(**values: object) -> ShopOrder:
    base: dict[str, object] = {
        "code": "CC20261128-ABCDEFGHJK",
        "user_id": 7,
        "product_id": 1,
        "idempotency_key": "k" * 8,
        "amount_krw": 4_900,
        "gold": 5_000,
        "bonus_gold": 500,
        "provider": "sandbox",
        "status": "paid",
        "receipt_code": "R-ABCDEFGHJKLMNPQR",
        "paid_at": NOW,
    }
    return ShopOrder(**{**base, **values})


def test_receipts_sign_every_sold_figure() -> None:
    with environment(RECEIPT_SIGNING_SECRET="Rc7-Kp2Xw9Lm4Nq8Tz1Vb6Hd3Yf5Gj0Sa"):
        order = _paid_order()
        assert receipts.canonical(order) == (
            "v1|R-ABCDEFGHJKLMNPQR|CC20261128-ABCDEFGHJK|7|4900|5000|500|2026-11-28T03:00:00.000000+00:00"
        )
        order.receipt_signature = receipts.sign(order)
        assert re.fullmatch(r"[0-9a-f]{64}", order.receipt_signature)
        assert receipts.verify(order)
        for name, value in (("amount_krw", 490), ("gold", 50_000), ("user_id", 8), ("paid_at", NOW + timedelta(1))):
            changed = _paid_order(**{name: value}, receipt_signature=order.receipt_signature)
            assert not receipts.verify(changed), name
    with environment(RECEIPT_SIGNING_SECRET="Zr5-Mn8Bv2Cx7Lk4Jh9Gf3Ds6Aq1Wp0Eo"):
        assert not receipts.verify(order)  # another key


def test_codes_match_the_documented_patterns() -> None:
    for _ in range(50):
        assert re.fullmatch(ORDER_CODE, orders.new_order_code(NOW))
        assert re.fullmatch(RECEIPT_CODE, receipts.new_code())
    assert orders.new_order_code(datetime(2026, 11, 28, 15, 0, tzinfo=UTC)).startswith("CC20261129-")  # KST date


def test_the_state_machine_allows_only_its_edges() -> None:
    assert machine.ALLOWED["pending"] == {"paid", "failed", "voided"}
    assert machine.ALLOWED["paid"] == {"refunded"}
    for final in ("failed", "voided", "refunded"):
        assert final not in machine.ALLOWED
    with pytest.raises(machine.IllegalTransition):
        machine.transition(None, _paid_order(), "pending", reason=None, actor="test")  # type: ignore[arg-type]
