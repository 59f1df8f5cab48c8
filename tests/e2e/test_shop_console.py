"""The shop's remaining browser paths: the player's withdrawal from the purchase history, the retry after a decline
(a product goes straight to a new checkout, a limited package back to its modal), and the console's catalog edit and
deactivation, staff refund with a reason and the limited packages' kill switch, each checked from the player's side
too. Every test creates its own products, packages and orders (unique codes), through the services like
``test_shop``, so they run in any order.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from playwright.sync_api import Page, expect

from casino_app.core import clock
from casino_app.i18n import CATALOGS
from tests.e2e.conftest import PageProblems, open_page
from tests.e2e.test_accounts import _fresh_identity, _signup
from tests.e2e.test_shop import BONUS, DISCOUNT, FINAL_PRICE, GOLD, PRICE, WELCOME_GOLD, _adult_player, _checkout
from tests.support.env import environment
from tests.support.pace import scaled

KO = CATALOGS["ko"]
RETURN_URL = re.compile(r"/shop/return/?\?order=CC\d{8}-[A-Z2-9]{10}$")


def _tag() -> str:
    return uuid.uuid4().hex[:8].upper()


def _product(database: str, **overrides: Any) -> dict[str, str]:
    """A product of its own on sale (``test_shop``'s package: 20 % off for two more hours unless overridden)."""
    with environment(DATABASE_URL=database):
        from tests.support import shop

        values: dict[str, Any] = {
            "sku": f"E2E_CON_{_tag()}",
            "name_ko": "이투이 콘솔 꾸러미",
            "name_en": "E2E console pack",
            "price_krw": PRICE,
            "gold": GOLD,
            "bonus_gold": BONUS,
            "discount_percent": DISCOUNT,
            "discount_ends_at": clock.now() + timedelta(hours=2),
        }
        values.update(overrides)
        created = shop.product(**values)
    return {"id": str(created.id), "sku": created.sku, "name": created.name_ko}


def _package(database: str) -> dict[str, str]:
    """A limited package of its own on sale for a day (10 units, 2 per player)."""
    with environment(DATABASE_URL=database):
        from tests.support import limited

        package = limited.package(name_ko=f"이투이 한정 {_tag()[:4]}", name_en="E2E limited")
    return {"id": str(package.id), "code": package.code, "name": package.name_ko}


def _staff_login(page: Page) -> None:
    """The seeded admin in the console (as ``test_shop``'s console test)."""
    page.goto("/admin/login")
    page.locator("#field-site_id").fill("admin")
    page.locator("#field-password").fill("casino-admin-1")
    page.locator("#cc-admin-login-form-submit").click()
    expect(page.get_by_role("heading", name=KO["dashboard_admin.title"])).to_be_visible()


@contextmanager
def _player_page(browser: object, base_url: str, problems: PageProblems) -> Iterator[Page]:
    """A second browser (its own cookies) with a freshly signed-up player, for the player's side of a console change."""
    player = open_page(browser, base_url, problems, viewport={"width": 1280, "height": 900})
    try:
        _signup(player, *_fresh_identity())
        yield player
    finally:
        player.context.close()


def _shop(page: Page, loaded: str) -> None:
    """The player's shop, once the element ``loaded`` (a product or package that stays on sale) shows: a fresh list,
    so something missing from it is really gone (before the page loads, nothing is listed at all)."""
    page.goto("/shop")
    expect(page.get_by_role("heading", name=KO["shop.title"], exact=True)).to_be_visible()
    expect(page.locator(loaded)).to_be_visible()


def test_withdrawing_a_paid_purchase_takes_back_exactly_its_gold(page: Page, base_url: str, e2e_database: str) -> None:
    product = _product(e2e_database)
    _adult_player(page, base_url)
    balance = page.locator("#cc-balance-value")
    code = _checkout(page, product["sku"], "approve")
    expect(page.locator("#cc-receipt")).to_have_attribute("data-status", "paid", timeout=scaled(20_000))
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD + GOLD + BONUS))

    page.goto("/shop/history")
    row = page.locator(f"#cc-shop-history tr[data-order='{code}']")
    expect(row.locator(".cc-order-status")).to_have_attribute("data-status", "paid")
    withdraw = page.locator(f"#cc-withdraw-{code}")
    withdraw.click()
    dialog = page.get_by_role("alertdialog", name=KO["shop.withdraw"])
    expect(dialog).to_contain_text(code)
    expect(dialog).to_contain_text(KO["shop.withdraw_confirm"])
    page.locator("#cc-withdraw-confirm").click()

    expect(page.get_by_role("status").filter(has_text=KO["shop.withdrawn"])).to_contain_text(code)
    expect(dialog).to_have_count(0)
    expect(row.locator(".cc-order-status")).to_have_attribute("data-status", "refunded")
    expect(row).to_contain_text(KO["shop.status.refunded"])
    expect(row).to_contain_text(f"{KO['shop.refunded_gold']} {GOLD + BONUS:,} G")
    expect(withdraw).to_have_count(0)
    expect(page.locator("#cc-history-error")).to_have_count(0)
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD))  # exactly the order's gold + bonus went back

    page.reload()  # as stored, not only as the page last showed it
    expect(row.locator(".cc-order-status")).to_have_attribute("data-status", "refunded")
    expect(page.locator(f"#cc-withdraw-{code}")).to_have_count(0)
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD))


def test_retry_after_a_declined_product_opens_a_new_checkout_that_pays(
    page: Page, base_url: str, e2e_database: str
) -> None:
    product = _product(e2e_database)
    _adult_player(page, base_url)
    declined = _checkout(page, product["sku"], "decline")
    expect(page.locator("#cc-order-failed")).to_have_attribute("data-status", "failed", timeout=scaled(20_000))

    page.locator("#cc-order-retry").click()
    # ShopReturnState.retry: the same product as a new order, straight to the provider's checkout.
    expect(page).to_have_url(re.compile(r"/api/payments/sandbox/checkout/sbx_"))
    expect(page.locator("dd.amount")).to_contain_text(f"{FINAL_PRICE:,}")
    page.locator("button[value='approve']").click()
    expect(page).to_have_url(RETURN_URL)
    retried = page.url.rsplit("=", 1)[1]
    assert retried != declined

    expect(page.locator("#cc-receipt")).to_have_attribute("data-status", "paid", timeout=scaled(20_000))
    expect(page.locator("#cc-receipt-order")).to_have_text(retried)
    expect(page.locator("#cc-receipt-product")).to_have_text(product["name"])
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", str(WELCOME_GOLD + GOLD + BONUS))
    with environment(DATABASE_URL=e2e_database):
        from tests.support import shop

        assert shop.order_row(declined).status == "failed"
        assert shop.order_row(retried).status == "paid"


def test_retry_after_a_declined_limited_package_reopens_its_modal(page: Page, base_url: str, e2e_database: str) -> None:
    package = _package(e2e_database)
    _adult_player(page, base_url)
    page.goto("/shop")
    page.locator(f"#cc-limited-open-{package['code']}").click()
    page.locator("#cc-limited-buy").click()
    expect(page).to_have_url(re.compile(r"/api/payments/sandbox/checkout/sbx_"))
    page.locator("button[value='decline']").click()
    expect(page).to_have_url(RETURN_URL)
    expect(page.locator("#cc-order-failed")).to_have_attribute("data-status", "failed", timeout=scaled(20_000))

    page.locator("#cc-order-retry").click()
    # ShopReturnState.retry: a limited package goes back to its modal on the shop (stock and allowance decided again).
    expect(page).to_have_url(re.compile(rf"/shop/?\?package={package['id']}$"))
    modal = page.locator("#cc-limited-modal")
    expect(modal).to_be_visible()
    expect(modal).to_contain_text(package["name"])
    expect(page.locator("#cc-limited-modal-blocked")).to_have_count(0)
    expect(page.locator("#cc-limited-modal-allowance")).to_contain_text("2 / 2")  # the declined unit came back
    buy = page.locator("#cc-limited-buy")
    expect(buy).to_be_enabled()
    buy.click()
    expect(page).to_have_url(re.compile(r"/api/payments/sandbox/checkout/sbx_"))
    expect(page.locator("dd.amount")).to_contain_text("4,900")


def test_console_edits_and_deactivates_a_product_for_the_player(
    page: Page, browser: object, base_url: str, e2e_database: str, problems: PageProblems
) -> None:
    product = _product(e2e_database, discount_percent=0, discount_ends_at=None)
    control = f"#cc-product-{_product(e2e_database)['sku']}"  # stays on sale
    sku, new_name = product["sku"], f"이투이 새 이름 {_tag()[:4]}"
    _staff_login(page)
    page.goto("/admin/shop/products")
    row = page.locator(f"#cc-catalog-table tr[data-sku='{sku}']")
    expect(row).to_contain_text(product["name"])

    row.get_by_role("button", name=KO["admin.shop_edit"], exact=True).click()
    form = page.locator("#cc-product-form")
    expect(form.get_by_role("heading")).to_contain_text(sku)
    expect(page.locator("#prod-name_ko")).to_have_value(product["name"])
    page.locator("#prod-name_ko").fill(new_name)
    page.locator("#cc-product-save").click()
    expect(form).to_contain_text(f"{KO['admin.shop_saved']} {sku}")
    expect(row).to_contain_text(new_name)
    expect(row).not_to_contain_text(product["name"])
    expect(row).to_contain_text(KO["admin.shop_on_sale"])

    with _player_page(browser, base_url, problems) as player:
        _shop(player, control)
        expect(player.locator(f"#cc-product-{sku}")).to_contain_text(new_name)

        row.get_by_role("button", name=KO["admin.deactivate"], exact=True).click()
        expect(row).to_contain_text(KO["admin.inactive"])
        expect(row.get_by_role("button", name=KO["admin.activate"], exact=True)).to_be_visible()

        _shop(player, control)
        expect(player.locator(f"#cc-product-{sku}")).to_have_count(0)


def test_console_staff_refund_with_a_reason(page: Page, e2e_database: str) -> None:
    with environment(DATABASE_URL=e2e_database):
        from casino_app.services.shop import orders
        from tests.support import shop

        created = _product(e2e_database)
        buyer = shop.adult(gold=0)
        code = orders.purchase(buyer, int(created["id"]), shop.key()).code
        shop.pay(code)
        assert shop.order_row(code).status == "paid"
        assert shop.balance(buyer) == GOLD + BONUS
    reason = f"E2E 고객 요청 {_tag()}"

    _staff_login(page)
    page.goto("/admin/shop/orders")
    page.locator("#ord-code").fill(code)
    page.locator("#cc-orders-search").click()
    row = page.locator(f"#cc-orders-table tr[data-order='{code}']")
    expect(page.locator("#cc-orders-table tbody tr")).to_have_count(1)
    expect(row.locator(".cc-order-status")).to_have_attribute("data-status", "paid")
    row.get_by_role("button").click()
    detail = page.locator("#cc-order-detail")
    expect(detail.get_by_role("heading")).to_contain_text(code)
    expect(page.locator("#cc-order-events")).to_contain_text("pending → paid")
    page.locator("#ord-refund-reason").fill(reason)
    page.locator("#cc-order-refund").click()

    expect(detail.get_by_role("status")).to_have_text(KO["admin.orders_refund_done"])
    expect(detail.locator(".cc-order-status").first).to_have_attribute("data-status", "refunded")
    expect(page.locator("#cc-order-refund")).to_have_count(0)  # only a paid order can be refunded
    refund_event = page.locator("#cc-order-events tbody tr").filter(has_text="paid → refunded")
    expect(refund_event).to_have_count(1)
    expect(refund_event).to_contain_text("STAFF_REFUND")
    expect(refund_event).to_contain_text(reason)  # the staff's reason, in the event's details
    expect(refund_event).to_contain_text("staff:")
    expect(row.locator(".cc-order-status")).to_have_attribute("data-status", "refunded")  # the list is refreshed
    expect(page.locator("#cc-orders-error")).to_have_count(0)
    with environment(DATABASE_URL=e2e_database):
        assert shop.order_row(code).status == "refunded"
        assert shop.balance(buyer) == 0
        assert shop.events(code)[-1][:2] == ("paid", "refunded")


def test_limited_kill_switch_stops_the_package_for_the_player(
    page: Page, browser: object, base_url: str, e2e_database: str, problems: PageProblems
) -> None:
    code = _package(e2e_database)["code"]
    control = f"#cc-limited-{_package(e2e_database)['code']}"  # stays on sale
    with _player_page(browser, base_url, problems) as player:
        _shop(player, control)
        expect(player.locator(f"#cc-limited-{code}")).to_be_visible()

        _staff_login(page)
        page.goto("/admin/shop/limited")
        row = page.locator(f"#cc-limited-table tr[data-code='{code}']")
        expect(row).to_contain_text(KO["admin.shop_on_sale"])
        page.locator(f"#cc-limited-kill-{code}").click()
        dialog = page.get_by_role("alertdialog", name=KO["admin.limited_kill"])
        expect(dialog).to_contain_text(code)
        dialog.get_by_role("button", name=KO["shop.cancel"], exact=True).click()  # cancelling changes nothing
        expect(dialog).to_have_count(0)
        expect(row).to_contain_text(KO["admin.shop_on_sale"])

        page.locator(f"#cc-limited-kill-{code}").click()
        page.locator("#cc-limited-kill-confirm").click()
        expect(page.get_by_role("status").filter(has_text=KO["admin.limited_killed"])).to_contain_text(code)
        expect(row).to_contain_text(KO["admin.inactive"])
        expect(page.locator(f"#cc-limited-kill-{code}")).to_have_count(0)

        _shop(player, control)
        expect(player.locator(f"#cc-limited-{code}")).to_have_count(0)
