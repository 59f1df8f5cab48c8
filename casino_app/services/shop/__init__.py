"""The shop: a catalog of gold packages bought with real money (KRW), orders tied to the ledger, refunds.

Modules: ``catalog`` (products, prices for a player, admin changes — audited),
``limits`` (age gate, self-set purchase limits, the operator cap, fraud
velocity), ``machine`` (the order state machine: conditional transitions, the
gold credit, events), ``orders`` (buying, payment results, webhooks, history),
``refunds`` (withdrawal and staff refunds), ``receipts`` (signed receipts) and
``jobs`` (settle and auto-void pending orders). Limited packages and promo
codes: ``limited`` (catalog, buying, the hold sweep), ``limited_stock`` (stock
held/confirmed/released with the order's status), ``promos`` (promo codes),
``limited_admin`` (upsert, kill switch) and ``offers`` (what an order sells).
Gold never goes back to money.
"""
