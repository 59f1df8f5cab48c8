"""The limited-package screens' view-models: a card from the server's catalog item, refusals in both languages, the
console forms as service fields (no money is computed here: every amount is a server number, formatted)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casino_app.core.errors import AppError
from casino_app.i18n import CATALOGS
from casino_app.services.shop import limited
from casino_app.services.shop.limited_views import PackageAdmin, PromoAdmin
from casino_app.state.admin_limited import package_row as admin_package_row
from casino_app.state.admin_limited import package_status, parse_package_form
from casino_app.state.admin_promos import parse_promo_form, promo_row
from casino_app.state.shop import epoch_ms
from casino_app.state.shop_limited import PACKAGE_BLOCKS, package_row, reason_message

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def _item(**overrides: object) -> limited.LimitedItem:
    values: dict = {
        "id": 4,
        "code": "XMAS_BOX",
        "name_ko": "성탄 꾸러미",
        "name_en": "Christmas box",
        "price_krw": 4_900,
        "gold": 7_000,
        "bonus_gold": 700,
        "items": {"roulette_ticket": 2},
        "starts_at": NOW - timedelta(hours=1),
        "ends_at": NOW + timedelta(hours=3),
        "total_stock": 100,
        "remaining_stock": 37,
        "per_user_limit": 2,
        "remaining_for_you": 1,
        "sold_out": False,
    }
    values.update(overrides)
    return limited.LimitedItem(**values)


def test_a_card_shows_the_servers_price_window_stock_and_allowance() -> None:
    row = package_row(_item())
    assert (row["price"], row["gold"], row["bonus"], row["total"]) == ("4,900", "7,000", "700", "7,700")
    assert row["tickets"] == "2"
    assert row["ends_ms"] == epoch_ms(NOW + timedelta(hours=3))  # the real end of the sale
    assert (row["stock_left"], row["stock_total"]) == ("37", "100")
    assert (row["allowance"], row["per_user_limit"]) == ("1", "2")
    assert row["blocked"] == ""


def test_no_cap_and_no_limit_are_said_as_such() -> None:
    row = package_row(_item(total_stock=None, remaining_stock=None, per_user_limit=None, remaining_for_you=None))
    assert (row["stock_left"], row["stock_total"], row["allowance"], row["per_user_limit"]) == ("", "", "", "")
    assert row["blocked"] == ""


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"remaining_stock": 0, "sold_out": True}, "OUT_OF_STOCK"),
        ({"remaining_for_you": 0}, "PER_PLAYER_LIMIT"),
        ({"remaining_stock": 0, "sold_out": True, "remaining_for_you": 0}, "OUT_OF_STOCK"),
    ],
)
def test_a_package_that_cannot_be_bought_says_why(overrides: dict, reason: str) -> None:
    assert package_row(_item(**overrides))["blocked"] == reason


def test_every_package_block_has_a_card_message_in_both_languages() -> None:
    for reason in PACKAGE_BLOCKS:
        assert CATALOGS["ko"][f"limited.blocked.{reason}"]
        assert CATALOGS["en"][f"limited.blocked.{reason}"]


@pytest.mark.parametrize("reason", sorted(limited.BLOCK_REASONS))
def test_every_blocked_buy_has_a_filled_message_in_both_languages(reason: str) -> None:
    details = {
        "limit": 2,
        "bought": 2,
        "starts_at": "2026-11-28T03:00:00+00:00",
        "remaining_krw": 1_000,
        "retry_after": 30,
    }
    message = reason_message(reason, details)
    assert set(message) == {"ko", "en"}
    assert message["ko"] == CATALOGS["ko"][f"error.{reason}"].format(**{**details, "starts_at": "2026-11-28 12:00"})
    assert "{" not in message["ko"]
    assert "{" not in message["en"]


def test_a_payment_failure_on_a_replay_uses_the_shops_reason_and_an_unknown_one_a_generic_text() -> None:
    assert reason_message("SANDBOX_DECLINED", {})["ko"] == CATALOGS["ko"]["shop.reason.SANDBOX_DECLINED"]
    assert reason_message("SOMETHING_NEW", {})["en"] == CATALOGS["en"]["error.LIMITED_BLOCKED"]


def _admin_package(**overrides: object) -> PackageAdmin:
    values: dict = {
        "id": 9,
        "code": "XMAS_BOX",
        "name_ko": "성탄 꾸러미",
        "name_en": "Christmas box",
        "price_krw": 4_900,
        "gold": 7_000,
        "bonus_gold": 700,
        "items": {},
        "starts_at": NOW - timedelta(hours=1),
        "ends_at": NOW + timedelta(hours=3),
        "total_stock": 100,
        "sold": 60,
        "held": 3,
        "remaining_stock": 37,
        "per_user_limit": None,
        "sort_order": -1,
        "is_active": True,
    }
    values.update(overrides)
    return PackageAdmin(**values)


def test_the_console_lists_stock_window_and_status() -> None:
    row = admin_package_row(_admin_package(), NOW)
    assert (row["total"], row["sold"], row["held"], row["left"]) == ("100", "60", "3", "37")
    assert row["window"] == "2026-11-28 11:00 ~ 2026-11-28 15:00"  # KST
    assert (row["per_user"], row["status"], row["active"]) == ("", "on_sale", "1")
    assert (row["input_starts_at"], row["input_sort_order"]) == ("2026-11-28T11:00", "-1")
    assert package_status(_admin_package(is_active=False), NOW) == "inactive"
    assert package_status(_admin_package(starts_at=NOW + timedelta(hours=1)), NOW) == "upcoming"
    assert package_status(_admin_package(ends_at=NOW), NOW) == "ended"


def test_the_package_form_becomes_upsert_fields() -> None:
    values = parse_package_form(
        {
            "code": "xmas_box",
            "name_ko": "성탄 꾸러미",
            "name_en": "Christmas box",
            "price_krw": "4,900",
            "gold": "7000",
            "bonus_gold": "",
            "tickets": "2",
            "starts_at": "2026-12-24T00:00",
            "ends_at": "2026-12-26T00:00",
            "total_stock": "",
            "per_user_limit": "1",
            "sort_order": "-3",
            "is_active": "on",
        }
    )
    assert (values["price_krw"], values["gold"], values["bonus_gold"]) == (4_900, 7_000, 0)
    assert values["items"] == {"roulette_ticket": 2}
    assert values["starts_at"] == datetime(2026, 12, 23, 15, 0, tzinfo=UTC)  # midnight KST
    assert (values["total_stock"], values["per_user_limit"], values["sort_order"]) == (None, 1, -3)
    assert values["is_active"] is True
    assert "code" not in values  # the code keys the upsert; an edited package keeps its own


@pytest.mark.parametrize(
    ("name", "value", "field"),
    [("price_krw", "4.900", "price_krw"), ("starts_at", "", "starts_at"), ("tickets", "-1", "items")],
)
def test_a_malformed_package_field_is_named(name: str, value: str, field: str) -> None:
    form = {
        "name_ko": "꾸러미",
        "name_en": "Box",
        "price_krw": "1000",
        "gold": "1",
        "starts_at": "2026-12-24T00:00",
        "ends_at": "2026-12-26T00:00",
        name: value,
    }
    with pytest.raises(AppError) as caught:
        parse_package_form(form)
    assert caught.value.error_code == "LIMITED_PACKAGE_INVALID"
    assert caught.value.details["field"] == field


def test_the_promo_form_becomes_upsert_fields() -> None:
    percent = parse_promo_form({"kind": "percent", "value": "10", "package_id": "4", "once_per_player": "on"})
    assert (percent["percent_off"], percent["amount_off_krw"], percent["package_id"]) == (10, None, 4)
    assert (percent["once_per_player"], percent["is_active"]) == (True, False)
    assert percent["starts_at"] is None
    assert percent["max_uses"] is None
    fixed = parse_promo_form(
        {"kind": "fixed", "value": "1,000", "ends_at": "2026-12-31T23:59", "max_uses": "500", "is_active": "on"}
    )
    assert (fixed["percent_off"], fixed["amount_off_krw"], fixed["max_uses"]) == (None, 1_000, 500)
    assert fixed["ends_at"] == datetime(2026, 12, 31, 14, 59, tzinfo=UTC)
    with pytest.raises(AppError) as caught:
        parse_promo_form({"kind": "bogus", "value": "1"})
    assert (caught.value.error_code, caught.value.details["field"]) == ("PROMO_CODE_INVALID", "kind")


def test_the_console_lists_a_promo_code() -> None:
    promo = PromoAdmin(
        id=3,
        code="WELCOME10",
        kind="percent",
        percent_off=10,
        amount_off_krw=None,
        package_id=None,
        starts_at=None,
        ends_at=NOW,
        max_uses=None,
        used_count=1_234,
        once_per_player=True,
        is_active=True,
    )
    row = promo_row(promo)
    assert (row["kind"], row["value"], row["package"], row["used"], row["max_uses"]) == (
        "percent",
        "10",
        "",
        "1,234",
        "",
    )
    assert (row["starts"], row["ends"], row["once"]) == ("", "2026-11-28 12:00", "1")
    assert CATALOGS["ko"]["admin.promos_kind_" + row["kind"]]
