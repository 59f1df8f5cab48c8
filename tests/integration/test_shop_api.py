"""Shop REST: buying, ownership, receipts, history and CSV, limits, withdrawal, the admin catalog and refunds."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.services.accounts import age
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


async def _admin(client) -> dict[str, str]:
    site_id = f"shopadm{uuid.uuid4().hex[:8]}"
    new_staff("admin", site_id=site_id)
    response = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
    return bearer(response.json()["access_token"])


async def test_buy_pay_and_read_the_order_receipt_history_and_csv() -> None:
    user, headers = _adult()
    product = s.product(discount_percent=10, discount_ends_at=clock.now() + timedelta(hours=1))
    async with api_client() as client:
        catalog = (await client.get("/api/shop/catalog", headers=headers)).json()["items"]
        (item,) = [i for i in catalog if i["id"] == product.id]
        assert (item["price"]["final_krw"], item["price"]["discount_percent"]) == (4_410, 10)
        missing = await client.post("/api/shop/orders", headers=headers, json={"product_id": product.id})
        assert_envelope(missing, 400, "IDEMPOTENCY_KEY_REQUIRED")
        key = _key()
        created = await client.post("/api/shop/orders", headers={**headers, **key}, json={"product_id": product.id})
        assert created.status_code == 200, created.text
        order = created.json()
        assert (order["status"], order["amount_krw"]) == ("pending", 4_410)
        assert order["checkout_url"]
        s.decide(order["code"], "approve")  # webhook lost: reading the order settles it
        read = (await client.get(f"/api/shop/orders/{order['code']}", headers=headers)).json()
        assert read["status"] == "paid"
        assert read["checkout_url"] is None
        replay = await client.post("/api/shop/orders", headers={**headers, **key}, json={"product_id": product.id})
        assert replay.json()["receipt_code"] == read["receipt_code"]
        receipt = (await client.get(f"/api/shop/receipts/{read['receipt_code']}", headers=headers)).json()
        assert receipt["verified"] is True
        assert receipt["order_code"] == order["code"]
        assert receipt["gold"] + receipt["bonus_gold"] == 5_500
        assert (await client.get("/api/users/balance", headers=headers)).json()["gold"] == 1_000 + 5_500
        page = (await client.get("/api/shop/orders?limit=1", headers=headers)).json()
        assert [o["code"] for o in page["items"]] == [order["code"]]
        assert page["next_cursor"] is None
        exported = await client.get("/api/shop/orders.csv", headers=headers)
        assert exported.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert rows[0][:3] == ["created_at_kst", "order_code", "status"]
        assert (rows[1][1], rows[1][2], rows[1][6]) == (order["code"], "paid", "4410")
    with session_scope() as db:  # a receipt whose stored figures were altered no longer verifies
        db.execute(sa.text("UPDATE shop_orders SET gold = gold + 1 WHERE code = :c"), {"c": order["code"]})
    async with api_client() as client:
        tampered = (await client.get(f"/api/shop/receipts/{read['receipt_code']}", headers=headers)).json()
    assert tampered["verified"] is False
    assert user


async def test_other_players_orders_and_receipts_are_not_found() -> None:
    owner, owner_headers = _adult()
    _, other_headers = _adult()
    product = s.product()
    async with api_client() as client:
        created = await client.post(
            "/api/shop/orders", headers={**owner_headers, **_key()}, json={"product_id": product.id}
        )
        code = created.json()["code"]
        s.pay(code)
        receipt = s.order_row(code).receipt_code
        assert_envelope(await client.get(f"/api/shop/orders/{code}", headers=other_headers), 404, "ORDER_NOT_FOUND")
        assert_envelope(await client.get(f"/api/shop/receipts/{receipt}", headers=other_headers), 404)
        withdraw = await client.post(f"/api/shop/orders/{code}/withdraw", headers={**other_headers, **_key()})
        assert_envelope(withdraw, 404, "ORDER_NOT_FOUND")
        bad = await client.get("/api/shop/orders/not-a-code", headers=owner_headers)
        assert_envelope(bad, 422)
    assert owner


async def test_refusals_are_envelopes_with_korean_messages() -> None:
    pair = new_player()
    headers = bearer(pair.access_token)
    product = s.product()
    async with api_client() as client:
        refused = await client.post("/api/shop/orders", headers={**headers, **_key()}, json={"product_id": product.id})
        error = assert_envelope(refused, 403, "AGE_VERIFICATION_REQUIRED")
        assert error["message"] == "연령 확인이 필요합니다."
        unknown = await client.post("/api/shop/orders", headers={**headers, **_key()}, json={"product_id": 999_999})
        assert_envelope(unknown, 404, "PRODUCT_UNAVAILABLE")
        _, adult_headers = _adult()
        await client.put("/api/shop/limits", headers=adult_headers, json={"day_krw": 1_000})
        limited = await client.post(
            "/api/shop/orders", headers={**adult_headers, **_key()}, json={"product_id": product.id}
        )
        error = assert_envelope(limited, 403, "PURCHASE_LIMIT")
        assert "1000원" in error["message"]


async def test_limits_round_trip_and_the_increase_is_pending() -> None:
    _, headers = _adult()
    async with api_client() as client:
        lowered = (await client.put("/api/shop/limits", headers=headers, json={"day_krw": 50_000})).json()
        assert lowered["day_krw"] == 50_000
        raised = (await client.put("/api/shop/limits", headers=headers, json={"day_krw": 80_000})).json()
        assert raised["day_krw"] == 50_000
        assert [(p["period"], p["krw"]) for p in raised["pending"]] == [("day", 80_000)]
        read = (await client.get("/api/shop/limits", headers=headers)).json()
        assert read["remaining"]["day"] == 50_000
        assert read["operator_month_cap_krw"] == 500_000
        too_low = await client.put("/api/shop/limits", headers=headers, json={"day_krw": 10})
        assert_envelope(too_low, 422)


async def test_withdrawal_route_replays_and_refunds_once() -> None:
    user, headers = _adult()
    product = s.product()
    async with api_client() as client:
        order = (
            await client.post("/api/shop/orders", headers={**headers, **_key()}, json={"product_id": product.id})
        ).json()
        s.pay(order["code"])
        key = _key()
        first = await client.post(f"/api/shop/orders/{order['code']}/withdraw", headers={**headers, **key})
        assert first.status_code == 200, first.text
        assert first.json()["status"] == "refunded"
        again = await client.post(f"/api/shop/orders/{order['code']}/withdraw", headers={**headers, **key})
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"
        other = await client.post(f"/api/shop/orders/{order['code']}/withdraw", headers={**headers, **_key()})
        assert_envelope(other, 409, "ORDER_NOT_REFUNDABLE")
    assert s.balance(user) == 1_000


async def test_admin_catalog_changes_are_audited_and_staff_refunds_orders() -> None:
    user, headers = _adult()
    async with api_client() as client:
        admin = await _admin(client)
        body = {"sku": "vip_gold_1", "name_ko": "VIP 골드", "name_en": "VIP gold", "price_krw": 9_900, "gold": 12_000}
        created = await client.post("/api/admin/shop/products", headers=admin, json={**body, "required_rank": "VIP"})
        assert created.status_code == 201, created.text
        product = created.json()
        assert product["sku"] == "VIP_GOLD_1"
        duplicate = await client.post("/api/admin/shop/products", headers=admin, json=body)
        assert_envelope(duplicate, 409, "SKU_TAKEN")
        no_end = await client.post(
            "/api/admin/shop/products", headers=admin, json={**body, "sku": "X_SALE", "discount_percent": 20}
        )
        assert_envelope(no_end, 422, "PRODUCT_INVALID")
        rank = await client.post("/api/shop/orders", headers={**headers, **_key()}, json={"product_id": product["id"]})
        assert_envelope(rank, 403, "RANK_REQUIRED")
        patched = await client.patch(
            f"/api/admin/shop/products/{product['id']}", headers=admin, json={"required_rank": None}
        )
        assert patched.json()["required_rank"] is None
        off = await client.patch(f"/api/admin/shop/products/{product['id']}", headers=admin, json={"is_active": False})
        assert off.json()["is_active"] is False
        await client.patch(f"/api/admin/shop/products/{product['id']}", headers=admin, json={"is_active": True})
        order = (
            await client.post("/api/shop/orders", headers={**headers, **_key()}, json={"product_id": product["id"]})
        ).json()
        s.pay(order["code"])
        found = (await client.get(f"/api/admin/shop/orders?code={order['code']}", headers=admin)).json()
        assert [(o["code"], o["user_id"], o["status"]) for o in found["items"]] == [(order["code"], user, "paid")]
        detail = (await client.get(f"/api/admin/shop/orders/{order['code']}", headers=admin)).json()
        assert [e["to_status"] for e in detail["events"]] == ["created", "pending", "paid"]
        refund = await client.post(
            f"/api/admin/shop/orders/{order['code']}/refund",
            headers={**admin, **_key()},
            json={"reason": "결제 오류 문의"},
        )
        assert refund.status_code == 200, refund.text
        assert (refund.json()["status"], refund.json()["refunded_gold"]) == ("refunded", 12_000)
        player_denied = await client.get("/api/admin/shop/products", headers=headers)
        assert player_denied.status_code in (401, 403)
    with session_scope() as db:
        actions = db.execute(
            sa.text("SELECT action FROM audit_log WHERE target_type = 'shop_product' ORDER BY id")
        ).scalars()
        assert list(actions) == [
            "shop.product.create",
            "shop.product.update",
            "shop.product.deactivate",
            "shop.product.activate",
        ]
