"""The sandbox provider's hosted checkout page: plain HTML and a form, no script (the CSP allows none inline).

Korean first with the English below it (``?lang=en`` swaps them). Order, title
and amount come from the ``sandbox_payments`` row; the form carries only the
tester's choice and test card.
"""

from __future__ import annotations

from html import escape

from casino_app.i18n import t
from casino_app.models.payments import SandboxPayment
from casino_app.services.payments import sandbox

# Inline styles are allowed by the CSP (style-src 'self' 'unsafe-inline'); scripts are not, and none are used.
_STYLE = """
body{margin:0;font-family:system-ui,-apple-system,'Apple SD Gothic Neo','Noto Sans KR',sans-serif;
background:#14101c;color:#f3eef8;display:flex;justify-content:center}
main{max-width:30rem;width:100%;padding:1.5rem}
h1{font-size:1.4rem;margin:.2rem 0}
.sub{color:#a99bb8;font-size:.85rem;display:block}
.banner{background:#3a2146;border:1px solid #ff4fa3;border-radius:.6rem;padding:.6rem .8rem;margin:1rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:1rem 0}
dt{color:#a99bb8}dd{margin:0;font-weight:600}
.amount{font-size:1.5rem;color:#ffd166}
select{width:100%;padding:.5rem;border-radius:.4rem;background:#231a2e;color:#f3eef8;border:1px solid #4b3a5c}
fieldset{border:1px solid #4b3a5c;border-radius:.6rem;margin:1rem 0;padding:.8rem}
button{display:block;width:100%;text-align:left;margin:.5rem 0;padding:.7rem .9rem;border-radius:.5rem;
border:1px solid #4b3a5c;background:#231a2e;color:#f3eef8;font-size:1rem;cursor:pointer}
button:hover,button:focus{border-color:#ff4fa3}
button.approve{background:#1f4d3a}button.decline{background:#5a1f2c}
a{color:#ff8cc6}
"""


def _both(key: str, lang: str, **params: object) -> str:
    """The text in ``lang`` with the other language's below it, small."""
    other = "en" if lang == "ko" else "ko"
    primary, secondary = escape(t(key, lang, **params)), escape(t(key, other, **params))
    return f'{primary}<span class="sub" lang="{other}">{secondary}</span>'


def render(payment: SandboxPayment, lang: str) -> str:
    """The checkout page for ``payment`` in ``lang`` (``ko`` or ``en``) first."""
    lang = "en" if lang == "en" else "ko"
    ref = escape(payment.payment_ref)
    action = escape(sandbox.CHECKOUT_PATH.format(payment_ref=payment.payment_ref))
    toggle = "ko" if lang == "en" else "en"
    amount = f"{payment.amount_krw:,}"
    details = (
        f"<dl><dt>{_both('sandbox.order', lang)}</dt><dd>{escape(payment.order_code)}</dd>"
        f"<dt>{_both('sandbox.product', lang)}</dt><dd>{escape(payment.title)}</dd>"
        f"<dt>{_both('sandbox.amount', lang)}</dt>"
        f'<dd class="amount">{escape(t("sandbox.amount_value", lang, amount=amount))}</dd></dl>'
    )
    if payment.status != "pending":
        status = t(f"sandbox.status.{payment.status}", lang)
        body = (
            f'<p class="banner">{escape(t("sandbox.decided", lang, status=status))}</p>'
            f'<p><a href="{escape(payment.return_url)}">{_both("sandbox.back", lang)}</a></p>'
        )
    else:
        cards = "".join(
            f'<option value="{escape(key)}">{escape(label)}</option>' for key, label in sandbox.TEST_CARDS.items()
        )
        buttons = "".join(
            f'<button type="submit" name="decision" value="{choice}" class="{choice}">'
            f"{_both(f'sandbox.{choice}', lang)}"
            f'<span class="sub">{escape(t(f"sandbox.{choice}_help", lang))}</span></button>'
            for choice in sandbox.DECISIONS
        )
        body = (
            f'<form method="post" action="{action}">'
            f'<label for="card">{_both("sandbox.card", lang)}</label>'
            f'<select id="card" name="card">{cards}</select>'
            f"<fieldset><legend>{_both('sandbox.choose', lang)}</legend>{buttons}</fieldset></form>"
        )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(t('sandbox.page_title', lang))} · {ref}</title><style>{_STYLE}</style></head>"
        f"<body><main><h1>{_both('sandbox.page_title', lang)}</h1>"
        f'<p class="banner">{_both("sandbox.banner", lang)}</p>{details}{body}'
        f'<p><a href="{action}?lang={toggle}">{escape(t("sandbox.other_language", lang))}</a></p>'
        "</main></body></html>"
    )
