"""Payment providers behind one port (``port.Gateway``): the embedded sandbox and a Toss Payments adapter.

``gateway()`` returns the configured provider (``PAYMENT_PROVIDER``); ``gateway(name)``
a named one, as the webhook route and the shop (for an order opened with an
earlier provider) need. The sandbox is never enabled in production: it approves
payments without taking any money.
"""

from __future__ import annotations

from casino_app.services.payments.errors import PaymentProviderUnknown
from casino_app.services.payments.port import Gateway
from casino_app.settings import get_settings

PROVIDERS = ("sandbox", "toss")


def enabled_providers() -> tuple[str, ...]:
    """The providers this deployment accepts: the configured one, plus the sandbox outside production."""
    settings = get_settings()
    names = {settings.payment_provider}
    if settings.app_env != "production":
        names.add("sandbox")
    return tuple(name for name in PROVIDERS if name in names)


def gateway(name: str | None = None) -> Gateway:
    """The gateway called ``name`` (default: ``PAYMENT_PROVIDER``); ``PaymentProviderUnknown`` (404) otherwise."""
    chosen = name if name is not None else get_settings().payment_provider
    if chosen not in enabled_providers():
        raise PaymentProviderUnknown(details={"provider": chosen[:40]})
    if chosen == "sandbox":
        from casino_app.services.payments.sandbox import SandboxGateway

        return SandboxGateway()
    from casino_app.services.payments.toss import TossGateway

    return TossGateway.from_settings()


__all__ = ["PROVIDERS", "enabled_providers", "gateway"]
