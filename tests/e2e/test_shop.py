"""The gold shop in the browser: a package bought through the sandbox provider's hosted checkout raises the balance by
exactly its gold and shows the signed receipt and the order in the history; a declined payment says why in Korean and
changes nothing. The demo seed has no shop products, so the test adds one through the catalog service.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from casino_app.core import clock
from casino_app.i18n import CATALOGS
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_accounts import PASSWORD, _fresh_identity, _signup
from tests.e2e.test_wallet import _post
from tests.support.env import environment
from tests.support.pace import scaled

KO = CATALOGS["ko"]
PRICE, DISCOUNT, GOLD, BONUS = 4_900, 20, 5_000, 500
FINAL_PRICE = PRICE - PRICE * DISCOUNT // 100  # 3,920 won while the sale runs
WELCOME_GOLD = 1_000


@pytest.fixture(scope="module")
def product(e2e_database: str) -> dict[str, str]:
    """A package on sale in the E2E database, with a timed discount that really ends in two hours."""
    with environment(DATABASE_URL=e2e_database):
        from casino_app.services.shop import catalog
        from tests.support import shop

        sku = f"E2E_GOLD_{uuid.uuid4().hex[:8].upper()}"
        created = catalog.create_product(
            catalog.ProductInput(
                sku=sku,
                name_ko="이투이 골드 꾸러미",
                name_en="E2E gold pack",
                price_krw=PRICE,
                gold=GOLD,
                bonus_gold=BONUS,
                discount_percent=DISCOUNT,
                discount_ends_at=clock.now() + timedelta(hours=2),
            ),
            actor_id=shop.staff(),
        )
    return {"sku": created.sku, "name": created.name_ko}


def _adult_player(page: Page, base_url: str) -> str:
    """Sign up in the browser, then verify the player's adult age through the API (a self-declared birth date)."""
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    _post(base_url + "/api/users/verify-age", {"birth_date": "1990-01-01"}, {"Authorization": f"Bearer {token}"})
    return site_id


def _checkout(page: Page, sku: str, decision: str) -> str:
    """Open the product, buy it, decide on the sandbox checkout page; returns the order code back on the shop."""
    page.goto("/shop")
    expect(page.get_by_role("heading", name=KO["shop.title"], exact=True)).to_be_visible()
    card = page.locator(f"#cc-product-{sku}")
    expect(card).to_contain_text(f"{FINAL_PRICE:,}")
    expect(card).to_contain_text(f"{GOLD + BONUS:,} G")
    expect(page.locator(f"#cc-countdown-{sku}")).to_have_text(re.compile(r"^0[12]:[0-5]\d:[0-5]\d$"))
    page.locator(f"#cc-product-open-{sku}").click()
    modal = page.locator("#cc-shop-modal")
    expect(modal).to_be_visible()
    expect(page.locator("#cc-shop-no-cashout")).to_have_text(KO["shop.no_cashout"])
    expect(page.locator("#cc-modal-total")).to_contain_text(f"{GOLD + BONUS:,}")
    page.locator("#cc-shop-buy").click()
    expect(page).to_have_url(re.compile(r"/api/payments/sandbox/checkout/sbx_"))
    expect(page.locator("dd.amount")).to_contain_text(f"{FINAL_PRICE:,}")  # the provider charges the order's amount
    page.locator(f"button[value='{decision}']").click()
    expect(page).to_have_url(re.compile(r"/shop/return/?\?order=CC\d{8}-[A-Z2-9]{10}$"))
    return page.url.rsplit("=", 1)[1]


def _history_row(page: Page, code: str) -> object:
    page.goto("/shop/history")
    expect(page.get_by_role("heading", name=KO["shop.history_title"], exact=True)).to_be_visible()
    return page.locator(f"#cc-shop-history tr[data-order='{code}']")


def test_buying_through_the_sandbox_credits_exactly_the_package(
    page: Page, base_url: str, product: dict[str, str]
) -> None:
    _adult_player(page, base_url)
    balance = page.locator("#cc-balance-value")
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD))

    code = _checkout(page, product["sku"], "approve")

    receipt = page.locator("#cc-receipt")
    expect(receipt).to_be_visible(timeout=scaled(20_000))
    expect(receipt).to_have_attribute("data-status", "paid")
    expect(page.locator("#cc-receipt-gold")).to_have_text(f"+{GOLD + BONUS:,} G")
    expect(page.locator("#cc-receipt-amount")).to_contain_text(f"{FINAL_PRICE:,}")
    expect(page.locator("#cc-receipt-code")).to_have_text(re.compile(r"^R-[A-Z2-9]{16}$"))
    expect(page.locator("#cc-receipt-order")).to_have_text(code)
    expect(page.locator("#cc-receipt-signature")).to_have_text(KO["shop.signature_ok"])
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD + GOLD + BONUS))
    expect(balance).to_have_text(f"{WELCOME_GOLD + GOLD + BONUS:,}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "shop_receipt.png"))

    row = _history_row(page, code)
    expect(row).to_contain_text(KO["shop.status.paid"])
    expect(row).to_contain_text(f"{FINAL_PRICE:,}")
    expect(row).to_contain_text(f"{GOLD + BONUS:,} G")
    expect(row.get_by_role("link", name=KO["shop.receipt"])).to_be_visible()
    expect(row.get_by_role("button", name=KO["shop.withdraw"])).to_be_visible()  # paid today and unused
    with page.expect_download() as download:
        page.locator("#cc-shop-csv").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert code in csv_text
    assert ",paid," in csv_text
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD + GOLD + BONUS))


def test_a_declined_payment_says_why_and_changes_nothing(page: Page, base_url: str, product: dict[str, str]) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    page.goto("/shop")
    page.locator(f"#cc-product-open-{product['sku']}").click()
    expect(page.locator("#cc-shop-age")).to_be_visible()  # not yet verified: no buying
    expect(page.locator("#cc-shop-buy")).to_be_disabled()
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    _post(base_url + "/api/users/verify-age", {"birth_date": "1990-01-01"}, {"Authorization": f"Bearer {token}"})
    balance = page.locator("#cc-balance-value")

    code = _checkout(page, product["sku"], "decline")

    failed = page.locator("#cc-order-failed")
    expect(failed).to_be_visible(timeout=scaled(20_000))
    expect(failed).to_have_attribute("data-status", "failed")
    expect(page.locator("#cc-order-reason")).to_have_text(KO["shop.reason.SANDBOX_DECLINED"])
    expect(failed).to_contain_text(KO["shop.nothing_changed"])
    expect(page.locator("#cc-receipt")).to_have_count(0)
    expect(page.locator("#cc-order-retry")).to_be_enabled()
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD))
    page.screenshot(path=str(ARTIFACTS / "shop_declined.png"))

    row = _history_row(page, code)
    expect(row).to_contain_text(KO["shop.status.failed"])
    expect(row.get_by_role("link", name=KO["shop.receipt"])).to_have_count(0)
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD))


def test_a_lower_purchase_limit_applies_at_once_and_refuses_the_purchase(
    page: Page, base_url: str, product: dict[str, str]
) -> None:
    _adult_player(page, base_url)
    page.goto("/shop/limits")
    expect(page.get_by_role("heading", name=KO["shop.limits_title"], exact=True)).to_be_visible()
    page.locator("#cc-limit-day").fill("3000")
    page.locator("#cc-limits-save").click()
    expect(page.locator("#cc-limits-saved")).to_be_visible()
    expect(page.locator("#cc-limit-day")).to_have_value("3000")  # a decrease applies at once
    expect(page.locator("#cc-limit-day-used")).to_contain_text("3,000")  # 3,000 left of 3,000

    page.goto("/shop")
    page.locator(f"#cc-product-open-{product['sku']}").click()
    page.screenshot(path=str(ARTIFACTS / "shop_modal.png"))
    page.locator("#cc-shop-buy").click()
    expect(page.locator("#cc-shop-error")).to_contain_text(KO["error.PURCHASE_LIMIT"].split("{", 1)[0].strip())
    expect(page).to_have_url(re.compile(r"/shop/?$"))  # refused before any charge: no checkout page
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", str(WELCOME_GOLD))


def test_the_console_lists_the_catalog_and_finds_orders(page: Page, product: dict[str, str]) -> None:
    # Runs after the purchase test of this module, whose paid order it finds.
    page.goto("/admin/login")
    page.locator("#field-site_id").fill("admin")
    page.locator("#field-password").fill("casino-admin-1")
    page.locator("#cc-admin-login-form-submit").click()
    expect(page.get_by_role("heading", name=KO["dashboard_admin.title"])).to_be_visible()
    page.get_by_role("link", name=KO["admin.nav_catalog"]).click()
    row = page.locator(f"#cc-catalog-table tr[data-sku='{product['sku']}']")
    expect(row).to_contain_text(KO["admin.shop_on_sale"])
    page.get_by_role("link", name=KO["admin.nav_orders"]).click()
    expect(page.get_by_role("heading", name=KO["admin.orders_title"])).to_be_visible()
    page.locator("#ord-status").select_option("paid")
    page.locator("#cc-orders-search").click()
    first = page.locator("#cc-orders-table tbody tr").first
    expect(first).to_contain_text(KO["shop.status.paid"])
    first.locator("button").click()
    expect(page.locator("#cc-order-events")).to_contain_text("pending → paid")
    expect(page.locator("#cc-order-refund")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "shop_console_order.png"), full_page=True)
