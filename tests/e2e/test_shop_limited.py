"""A limited package in the browser: the last unit bought with a promo code through the sandbox checkout credits
exactly the package's gold, the receipt shows the price the server discounted, and the package then shows as sold
out for the player. The package and the code are created through the services, like the catalog product in
``test_shop``.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from casino_app.core import clock
from casino_app.i18n import CATALOGS
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_shop import WELCOME_GOLD, _adult_player
from tests.support.env import environment
from tests.support.pace import scaled

KO = CATALOGS["ko"]
PRICE, GOLD, BONUS, PERCENT_OFF = 4_900, 7_000, 700, 10
FINAL_PRICE = PRICE - PRICE * PERCENT_OFF // 100  # 4,410 won with the code


@pytest.fixture(scope="module")
def offer(e2e_database: str) -> dict[str, str]:
    """One unit of a package on sale for three more hours, and a 10 % code for it (once per player)."""
    with environment(DATABASE_URL=e2e_database):
        from casino_app.services.shop import limited_admin, promos
        from tests.support import shop

        staff, tag = shop.staff(), uuid.uuid4().hex[:6].upper()
        now = clock.now()
        package = limited_admin.upsert(
            f"E2E_LTD_{tag}",
            {
                "name_ko": "이투이 한정 꾸러미",
                "name_en": "E2E limited pack",
                "price_krw": PRICE,
                "gold": GOLD,
                "bonus_gold": BONUS,
                "starts_at": now - timedelta(minutes=5),
                "ends_at": now + timedelta(hours=3),
                "total_stock": 1,
                "per_user_limit": 1,
            },
            actor_id=staff,
        )
        promo = promos.upsert(
            f"E2E{tag}", {"kind": "percent", "percent_off": PERCENT_OFF, "package_id": package.id}, actor_id=staff
        )
    return {"code": package.code, "promo": promo.code}


def test_the_last_unit_bought_with_a_promo_code_sells_out(page: Page, base_url: str, offer: dict[str, str]) -> None:
    code = offer["code"]
    _adult_player(page, base_url)
    balance = page.locator("#cc-balance-value")
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD))

    page.goto("/shop")
    expect(page.get_by_role("heading", name=KO["limited.title"], exact=True)).to_be_visible()
    card = page.locator(f"#cc-limited-{code}")
    expect(card).to_contain_text(f"{PRICE:,}")
    expect(card).to_contain_text(f"{GOLD + BONUS:,} G")
    expect(page.locator(f"#cc-limited-countdown-{code}")).to_have_text(re.compile(r"^0[23]:[0-5]\d:[0-5]\d$"))
    expect(page.locator(f"#cc-limited-stock-{code}")).to_contain_text("1 / 1")
    expect(page.locator(f"#cc-limited-allowance-{code}")).to_contain_text("1 / 1")
    expect(card).to_have_attribute("data-blocked", "")

    page.locator(f"#cc-limited-open-{code}").click()
    expect(page.locator("#cc-limited-modal")).to_be_visible()
    promo = page.locator("#cc-limited-promo")
    promo.fill(offer["promo"].lower())  # the server normalizes the code
    promo.press("Tab")  # leaving the field asks the server for the price with the code
    expect(page.locator("#cc-limited-modal-price")).to_contain_text(f"{FINAL_PRICE:,}")
    buy = page.locator("#cc-limited-buy")
    expect(buy).to_contain_text(f"{FINAL_PRICE:,}")
    page.screenshot(path=str(ARTIFACTS / "shop_limited_modal.png"))
    buy.click()

    expect(page).to_have_url(re.compile(r"/api/payments/sandbox/checkout/sbx_"))
    expect(page.locator("dd.amount")).to_contain_text(f"{FINAL_PRICE:,}")  # the provider charges the order's amount
    page.locator("button[value='approve']").click()
    expect(page).to_have_url(re.compile(r"/shop/return/?\?order=CC\d{8}-[A-Z2-9]{10}$"))

    receipt = page.locator("#cc-receipt")
    expect(receipt).to_be_visible(timeout=scaled(20_000))
    expect(receipt).to_have_attribute("data-status", "paid")
    expect(page.locator("#cc-receipt-gold")).to_have_text(f"+{GOLD + BONUS:,} G")
    expect(page.locator("#cc-receipt-amount")).to_contain_text(f"{FINAL_PRICE:,}")
    expect(page.locator("#cc-receipt-signature")).to_have_text(KO["shop.signature_ok"])
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD + GOLD + BONUS))

    page.goto("/shop")
    card = page.locator(f"#cc-limited-{code}")
    expect(card).to_have_attribute("data-blocked", "OUT_OF_STOCK")
    expect(page.locator(f"#cc-limited-stock-{code}")).to_contain_text("0 / 1")
    expect(page.locator(f"#cc-limited-allowance-{code}")).to_contain_text("0 / 1")
    expect(page.locator(f"#cc-limited-blocked-{code}")).to_have_text(KO["limited.blocked.OUT_OF_STOCK"])
    page.locator(f"#cc-limited-open-{code}").click()
    expect(page.locator("#cc-limited-modal-blocked")).to_have_text(KO["limited.blocked.OUT_OF_STOCK"])
    expect(page.locator("#cc-limited-buy")).to_be_disabled()
    page.screenshot(path=str(ARTIFACTS / "shop_limited_sold_out.png"))
    expect(balance).to_have_attribute("data-value", str(WELCOME_GOLD + GOLD + BONUS))
