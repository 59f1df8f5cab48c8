"""The shop screens' view-models: what a card, a result, a limit row and a console form show, from server values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casino_app.core.errors import AppError
from casino_app.i18n import CATALOGS
from casino_app.services.shop import limits
from casino_app.services.shop.catalog import CatalogItem, Price
from casino_app.services.shop.machine import OrderView
from casino_app.state.admin_catalog import parse_form
from casino_app.state.shop import epoch_ms, product_row
from casino_app.state.shop_limits import limits_rows
from casino_app.state.shop_return import ORDER_CODE, reason_key

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def _item(price: Price, **overrides: object) -> CatalogItem:
    values: dict = {
        "id": 7,
        "sku": "GOLD_S",
        "name_ko": "골드 꾸러미",
        "name_en": "Gold pack",
        "gold": 5_000,
        "bonus_gold": 500,
        "items": {},
        "price": price,
        "required_rank": None,
        "locked": False,
        "sunset_at": None,
    }
    values.update(overrides)
    return CatalogItem(**values)


def _order(status: str, reason: str | None = None) -> OrderView:
    return OrderView(
        id=1,
        code="CC20261128-ABCDEFGHJK",
        user_id=3,
        status=status,
        reason=reason,
        product_id=7,
        sku="GOLD_S",
        name_ko="골드 꾸러미",
        name_en="Gold pack",
        amount_krw=4_900,
        gold=5_000,
        bonus_gold=500,
        items={},
        provider="sandbox",
        payment_ref=None,
        checkout_url=None,
        receipt_code=None,
        refunded_gold=None,
        refund_shortfall=None,
        created_at=NOW,
        paid_at=None,
        refunded_at=None,
    )


def test_a_timed_sale_counts_down_to_the_servers_end_time() -> None:
    ends = NOW + timedelta(hours=2)
    row = product_row(_item(Price(4_900, 3_920, 20, ends, "product"), items={"roulette_ticket": 3}))
    assert row["price"] == "3,920"
    assert row["list_price"] == "4,900"
    assert row["discounted"] == "1"
    assert row["ends_ms"] == str(int(ends.timestamp() * 1000)) == epoch_ms(ends)
    assert row["total"] == "5,500"
    assert row["tickets"] == "3"
    assert row["locked"] == ""


def test_no_discount_shows_no_countdown_and_a_rank_discount_has_no_end() -> None:
    plain = product_row(_item(Price(4_900, 4_900, 0, None, None)))
    assert (plain["discounted"], plain["ends_ms"], plain["source"]) == ("", "", "")
    ranked = product_row(_item(Price(10_000, 9_000, 10, None, "rank")))
    assert (ranked["discounted"], ranked["ends_ms"], ranked["source"]) == ("1", "", "rank")


def test_a_vip_product_is_locked_for_lower_ranks() -> None:
    row = product_row(_item(Price(99_000, 99_000, 0, None, None), required_rank="VIP", locked=True))
    assert row["required_rank"] == "VIP"
    assert row["locked"] == "1"


@pytest.mark.parametrize(
    ("status", "reason", "key"),
    [
        ("failed", "SANDBOX_DECLINED", "shop.reason.SANDBOX_DECLINED"),
        ("voided", "STALE_AUTO_VOID", "shop.reason.STALE_AUTO_VOID"),
        ("failed", "PURCHASE_LIMIT", "shop.reason.PURCHASE_LIMIT"),
        ("failed", "SOME_PROVIDER_CODE", "shop.result.failed"),
        ("voided", None, "shop.result.voided"),
        ("refunded", "WITHDRAWAL", "shop.reason.WITHDRAWAL"),
    ],
)
def test_every_failure_has_a_message_in_both_languages(status: str, reason: str | None, key: str) -> None:
    assert reason_key(_order(status, reason)) == key
    assert CATALOGS["ko"][key]
    assert CATALOGS["en"][key]
    assert "{" not in CATALOGS["ko"][key]  # shown as is (no placeholder left unfilled)


def test_every_order_status_has_a_label() -> None:
    from casino_app.services.shop import history

    for status in history.ORDER_STATUSES:
        assert f"shop.status.{status}" in CATALOGS["ko"]


def test_order_codes_match_what_the_shop_issues() -> None:
    from casino_app.services.shop import orders

    assert ORDER_CODE.fullmatch(orders.new_order_code(NOW))
    assert not ORDER_CODE.fullmatch("CC20261128-abcdefghjk")
    assert orders.return_url("CC20261128-ABCDEFGHJK") == "/shop/return?order=CC20261128-ABCDEFGHJK"


def test_limit_rows_show_own_limits_use_and_a_pending_increase() -> None:
    at = NOW + timedelta(hours=24)
    view = limits.Limits(
        day_krw=10_000,
        week_krw=None,
        month_krw=50_000,
        operator_month_cap_krw=500_000,
        pending=[limits.PendingIncrease("day", 30_000, at)],
        spent={"day": 4_900, "week": 4_900, "month": 4_900},
        remaining={"day": 5_100, "month": 45_100},
    )
    day, week, month = limits_rows(view)
    # The input starts from the waiting increase, so saving another period's change keeps it (review finding).
    assert (day["own"], day["input"], day["spent"], day["remaining"]) == ("10,000", "30000", "4,900", "5,100")
    assert (month["own"], month["input"]) == ("50,000", "50000")
    assert (day["pending"], day["pending_krw"], day["pending_at"]) == ("1", "30,000", "2026-11-29 12:00")
    assert (week["own"], week["remaining"], week["pending"]) == ("", "", "")
    assert month["remaining"] == "45,100"


def test_the_console_form_becomes_catalog_fields() -> None:
    values = parse_form(
        {
            "sku": "gold_xl",
            "name_ko": "골드 XL",
            "name_en": "Gold XL",
            "price_krw": "49,000",
            "gold": "60000",
            "bonus_gold": "",
            "discount_percent": "10",
            "discount_ends_at": "2026-12-01T18:00",
            "sort_order": "-5",
            "tickets": "3",
            "required_rank": "VIP",
            "rd_VIP": "5",
            "is_active": "on",
        }
    )
    assert values["price_krw"] == 49_000
    assert values["bonus_gold"] == 0
    assert values["sort_order"] == -5
    assert values["discount_ends_at"] == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 18:00 KST
    assert values["items"] == {"roulette_ticket": 3}
    assert values["rank_discounts"] == {"VIP": 5}
    assert values["required_rank"] == "VIP"
    assert values["is_active"] is True
    assert values["sunset_at"] is None


@pytest.mark.parametrize(("name", "value"), [("price_krw", "12a"), ("discount_ends_at", "tomorrow"), ("tickets", "-1")])
def test_a_malformed_console_field_is_named(name: str, value: str) -> None:
    form = {"sku": "GOLD_XL", "name_ko": "골드", "name_en": "Gold", "price_krw": "1000", "gold": "1", name: value}
    with pytest.raises(AppError) as caught:
        parse_form(form)
    assert caught.value.error_code == "PRODUCT_INVALID"
    assert caught.value.details["field"] == ("items" if name == "tickets" else name)
