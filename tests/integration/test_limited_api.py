"""Limited packages over REST: the catalog, buying (the 200 ``success: false`` contract), and the admin routes."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from casino_app.core import clock
from casino_app.services.accounts import age
from tests.support import limited as lp
from tests.support import shop as s
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio


def _adult() -> tuple[int, dict[str, str]]:
    pair = new_player()
    age.verify(pair.user.id, date(1990, 1, 1))
    return pair.user.id, bearer(pair.access_token)


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def _staff(client, role: str = "admin") -> dict[str, str]:
    site_id = f"ltd{role[:3]}{uuid.uuid4().hex[:8]}"
    new_staff(role, site_id=site_id)
    response = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
    return bearer(response.json()["access_token"])


async def test_catalog_buy_pay_and_replay_over_rest() -> None:
    user, headers = _adult()
    package = lp.package(price_krw=499, gold=500, bonus_gold=0, total_stock=3, per_user_limit=2)
    code = lp.promo(amount_off_krw=50)
    async with api_client() as client:
        catalog = (await client.get("/api/shop/limited/catalog", headers=headers)).json()["items"]
        (item,) = [i for i in catalog if i["id"] == package.id]
        assert (item["remaining_stock"], item["remaining_for_you"], item["sold_out"]) == (3, 2, False)
        body = {"package_id": package.id, "promo_code": code.code}
        missing = await client.post("/api/shop/limited/buy", headers=headers, json=body)
        assert_envelope(missing, 400, "IDEMPOTENCY_KEY_REQUIRED")
        key = _key()
        bought = await client.post("/api/shop/limited/buy", headers={**headers, **key}, json=body)
        assert bought.status_code == 200, bought.text
        result = bought.json()
        assert (result["success"], result["reason"], result["total_price_krw"]) == (True, None, 449)
        assert result["checkout_url"] == result["order"]["checkout_url"]
        assert (result["order"]["limited_package_id"], result["order"]["product_id"]) == (package.id, None)
        assert result["order"]["discount_krw"] == 50
        s.pay(result["order"]["code"])
        replay = (await client.post("/api/shop/limited/buy", headers={**headers, **key}, json=body)).json()
        assert (replay["success"], replay["order"]["status"]) == (True, "paid")
        assert replay["receipt_code"]
        receipt = await client.get(f"/api/shop/receipts/{replay['receipt_code']}", headers=headers)
        assert (receipt.json()["sku"], receipt.json()["verified"]) == (package.code, True)
        history = (await client.get("/api/shop/orders", headers=headers)).json()["items"]
        assert [o["code"] for o in history] == [result["order"]["code"]]
        catalog = (await client.get("/api/shop/limited/catalog", headers=headers)).json()["items"]
        (item,) = [i for i in catalog if i["id"] == package.id]
        assert (item["remaining_stock"], item["remaining_for_you"]) == (2, 1)
        other = await client.post("/api/shop/limited/buy", headers={**headers, **key}, json={"package_id": package.id})
        assert_envelope(other, 409, "IDEMPOTENCY_KEY_REUSED")
    assert s.balance(user) == 1_000 + 500


async def test_blocked_buys_answer_200_success_false_with_the_reason_in_the_callers_language() -> None:
    _, headers = _adult()
    sold_out = lp.package(total_stock=0)
    async with api_client() as client:
        korean = await client.post(
            "/api/shop/limited/buy", headers={**headers, **_key()}, json={"package_id": sold_out.id}
        )
        assert korean.status_code == 200
        body = korean.json()
        assert (body["success"], body["reason"]) == (False, "OUT_OF_STOCK")
        assert body["message"] == "한정 수량이 모두 판매되었습니다."
        assert (body["order"]["status"], body["checkout_url"]) == ("failed", None)
        english = await client.post(
            "/api/shop/limited/buy",
            headers={**headers, **_key(), "Accept-Language": "en"},
            json={"package_id": sold_out.id},
        )
        assert english.json()["message"] == "This limited package is sold out."
        unknown = (
            await client.post("/api/shop/limited/buy", headers={**headers, **_key()}, json={"package_id": 99_999_999})
        ).json()
        assert (unknown["success"], unknown["reason"], unknown["order"]) == (False, "PACKAGE_NOT_FOUND", None)
        promo = (
            await client.post(
                "/api/shop/limited/buy",
                headers={**headers, **_key()},
                json={"package_id": lp.package().id, "promo_code": "NOPE1"},
            )
        ).json()
        assert (promo["success"], promo["reason"], promo["details"]) == (
            False,
            "PROMO_INVALID",
            {"promo_code": "NOPE1"},
        )
        malformed = await client.post(
            "/api/shop/limited/buy",
            headers={**headers, **_key()},
            json={"package_id": sold_out.id, "promo_code": "bad code!"},
        )
        assert_envelope(malformed, 422)


async def test_the_age_gate_and_authentication_keep_the_error_envelope() -> None:
    minor = new_player()
    package = lp.package()
    async with api_client() as client:
        gated = await client.post(
            "/api/shop/limited/buy",
            headers={**bearer(minor.access_token), **_key()},
            json={"package_id": package.id},
        )
        assert_envelope(gated, 403, "AGE_VERIFICATION_REQUIRED")
        anonymous = await client.get("/api/shop/limited/catalog")
        assert_envelope(anonymous, 401)


async def test_admin_upserts_kill_switch_lists_and_role_checks() -> None:
    _, player_headers = _adult()
    now = clock.now()
    package_body = {
        "code": "neon_starter",
        "name_ko": "네온 스타터",
        "name_en": "Neon starter",
        "price_krw": 499,
        "gold": 500,
        "starts_at": (now - timedelta(hours=1)).isoformat(),
        "ends_at": (now + timedelta(days=3)).isoformat(),
        "total_stock": 100,
        "per_user_limit": 1,
    }
    async with api_client() as client:
        admin, operator = await _staff(client, "admin"), await _staff(client, "operator")
        refused = await client.post("/api/admin/limited-packages/upsert", headers=operator, json=package_body)
        assert_envelope(refused, 403)
        assert_envelope(await client.get("/api/admin/limited-packages", headers=player_headers), 403)
        created = await client.post("/api/admin/limited-packages/upsert", headers=admin, json=package_body)
        assert created.status_code == 200, created.text
        package = created.json()
        assert (package["code"], package["remaining_stock"], package["sold"], package["held"]) == (
            "NEON_STARTER",
            100,
            0,
            0,
        )
        edited = await client.post(
            "/api/admin/limited-packages/upsert",
            headers=admin,
            json={"code": "NEON_STARTER", "total_stock": None, "bonus_gold": 50},
        )
        assert (edited.json()["total_stock"], edited.json()["bonus_gold"], edited.json()["gold"]) == (None, 50, 500)
        incomplete = await client.post(
            "/api/admin/limited-packages/upsert", headers=admin, json={"code": "OTHER_PKG", "name_ko": "x"}
        )
        assert_envelope(incomplete, 422, "LIMITED_PACKAGE_INVALID")
        promo = await client.post(
            "/api/admin/promo-codes/upsert",
            headers=admin,
            json={"code": "WELCOME50", "kind": "fixed", "amount_off_krw": 50, "package_id": package["id"]},
        )
        assert promo.status_code == 200, promo.text
        assert (promo.json()["used_count"], promo.json()["once_per_player"]) == (0, True)
        listed = (await client.get("/api/admin/promo-codes", headers=operator)).json()
        assert [p["code"] for p in listed] == ["WELCOME50"]
        buy = await client.post(
            "/api/shop/limited/buy",
            headers={**player_headers, **_key()},
            json={"package_id": package["id"], "promo_code": "welcome50"},
        )
        assert (buy.json()["success"], buy.json()["total_price_krw"]) == (True, 449)
        killed = await client.post(f"/api/admin/limited-packages/{package['id']}/disable", headers=admin)
        assert killed.json()["is_active"] is False
        assert killed.json()["held"] == 1  # the open checkout keeps its unit
        blocked = await client.post(
            "/api/shop/limited/buy", headers={**player_headers, **_key()}, json={"package_id": package["id"]}
        )
        assert (blocked.json()["success"], blocked.json()["reason"]) == (False, "PACKAGE_INACTIVE")
        catalog = (await client.get("/api/shop/limited/catalog", headers=player_headers)).json()["items"]
        assert package["id"] not in {i["id"] for i in catalog}
        missing = await client.post("/api/admin/limited-packages/99999999/disable", headers=admin)
        assert_envelope(missing, 404, "LIMITED_PACKAGE_NOT_FOUND")
        listed = (await client.get("/api/admin/limited-packages", headers=operator)).json()
        assert [(p["code"], p["is_active"]) for p in listed] == [("NEON_STARTER", False)]
    assert lp.audit_actions("limited_package") == ["shop.limited.create", "shop.limited.update", "shop.limited.disable"]
    assert lp.audit_actions("promo_code") == ["shop.promo.create"]
