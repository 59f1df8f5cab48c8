"""Mail templates: which exist, their category, the variables they take, and rendering to text and HTML.

Personal variables come from the player's account (``Personal``): ``nickname``, ``site_id``, ``level``,
``rank``, ``gold`` (balance), ``days_away`` (since the last login), ``site_url``. Operator variables come with
the request and are checked here (known names only, required ones present, bounded length); an operator's
text may itself use the personal variables (``{nickname}``), filled in one pass, so a value is never
re-read as a placeholder. The HTML escapes every piece of text: nothing typed by a player or an operator can
become markup.

A template's category decides delivery: ``account`` and ``notice`` are service mail (always sent), ``marketing``
goes through ``policy.blocked(..., campaign=True)``. ``custom`` is marketing unless the operator marks it a
service ``notice``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from casino_app.core.errors import ValidationFailed
from casino_app.i18n import t
from casino_app.services.messaging.email.copy import AD_PREFIX, COPY, FOOTER

MARKETING = "marketing"
CUSTOM_CATEGORIES = ("notice", MARKETING)
PERSONAL = ("nickname", "site_id", "level", "rank", "gold", "days_away", "site_url")
SUBJECT_MAX = 200
NAME_PATTERN = r"^[a-z][a-z0-9_]{0,29}$"
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,29})\}")


@dataclass(frozen=True)
class Template:
    """A template: its category and the operator variables it takes (name → longest value)."""

    key: str
    category: str
    required: Mapping[str, int]
    optional: Mapping[str, int]

    @property
    def variables(self) -> dict[str, int]:
        """Every operator variable it accepts."""
        return {**self.required, **self.optional}


TEMPLATES: dict[str, Template] = {
    "welcome": Template("welcome", "account", {}, {}),
    "password_reset_notice": Template("password_reset_notice", "account", {}, {"reset_at": 40}),
    "event_news": Template("event_news", MARKETING, {"title": 100, "details": 2000}, {}),
    "comeback": Template("comeback", MARKETING, {}, {"message": 1000}),
    "custom": Template("custom", MARKETING, {"subject": 150, "body": 5000}, {}),
}


@dataclass(frozen=True)
class Personal:
    """What a mail may say about its player."""

    nickname: str
    site_id: str
    level: int
    rank: str
    gold: int
    days_away: int
    site_url: str

    def values(self, locale: str) -> dict[str, str]:
        """The personal variables as text in ``locale`` (numbers with thousands separators)."""
        return {
            "nickname": self.nickname,
            "site_id": self.site_id,
            "level": f"{self.level:,}",
            "rank": t(f"rank.{self.rank}", locale),
            "gold": f"{self.gold:,}",
            "days_away": f"{self.days_away:,}",
            "site_url": self.site_url,
        }


@dataclass(frozen=True)
class Rendered:
    """A mail ready to store: subject, plain text and HTML, in ``locale``."""

    template: str
    category: str
    locale: str
    subject: str
    text: str
    html: str


def _invalid(code: str, **details: object) -> ValidationFailed:
    return ValidationFailed(code=code, details=details)


def template(key: str) -> Template:
    """The template named ``key`` (422 ``EMAIL_TEMPLATE_UNKNOWN`` otherwise)."""
    found = TEMPLATES.get(key)
    if found is None:
        raise _invalid("EMAIL_TEMPLATE_UNKNOWN", template=str(key)[:40], known=", ".join(TEMPLATES))
    return found


def category_of(key: str, custom_category: str | None = None) -> str:
    """The notification category a mail of ``key`` is sent as (``custom``: the operator's choice)."""
    found = template(key)
    if custom_category is None:
        return found.category
    if key != "custom" or custom_category not in CUSTOM_CATEGORIES:
        raise _invalid("EMAIL_CATEGORY_INVALID", category=str(custom_category)[:20])
    return custom_category


def check_variables(key: str, variables: Mapping[str, object] | None) -> dict[str, str]:
    """The operator variables for ``key``, checked: known names, text values, required present and bounded.

    Placeholders inside them must name personal variables. 422 with ``EMAIL_VARIABLE_UNKNOWN``,
    ``EMAIL_VARIABLE_REQUIRED``, ``EMAIL_VARIABLE_INVALID`` (not text, control characters, a multi-line
    subject), ``EMAIL_VARIABLE_TOO_LONG`` or ``EMAIL_PLACEHOLDER_UNKNOWN``.
    """
    found = template(key)
    given = dict(variables or {})
    allowed = found.variables
    checked: dict[str, str] = {}
    for name, value in given.items():
        if name not in allowed:
            raise _invalid("EMAIL_VARIABLE_UNKNOWN", name=str(name)[:40], allowed=", ".join(allowed) or "-")
        if not isinstance(value, str):
            raise _invalid("EMAIL_VARIABLE_INVALID", name=name)
        text = value.replace("\r\n", "\n").strip()
        if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
            raise _invalid("EMAIL_VARIABLE_INVALID", name=name)
        if len(text) > allowed[name]:
            raise _invalid("EMAIL_VARIABLE_TOO_LONG", name=name, max=allowed[name])
        for placeholder in _PLACEHOLDER.findall(text):
            if placeholder not in PERSONAL:
                raise _invalid("EMAIL_PLACEHOLDER_UNKNOWN", name=placeholder, allowed=", ".join(PERSONAL))
        if text:
            checked[name] = text
    for name in found.required:
        if name not in checked:
            raise _invalid("EMAIL_VARIABLE_REQUIRED", name=name)
    if "subject" in checked and "\n" in checked["subject"]:
        raise _invalid("EMAIL_VARIABLE_INVALID", name="subject")
    return checked


def _fill(text: str, values: Mapping[str, str]) -> str:
    """Replace each ``{name}`` of ``values`` in one pass (unknown names stay as written)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _html(locale: str, subject: str, paragraphs: list[str], action: str, url: str, footer: list[str]) -> str:
    """A simple inline-styled page; every piece of text is escaped here."""

    def para(text: str, style: str) -> str:
        return f'<p style="{style}">' + "<br>".join(html.escape(line) for line in text.split("\n")) + "</p>"

    body = "".join(para(p, "margin:0 0 16px;font-size:15px;line-height:1.6;color:#1c1c2e;") for p in paragraphs)
    button = ""
    if action:
        button = (
            f'<p style="margin:24px 0;"><a href="{html.escape(url, quote=True)}" '
            'style="display:inline-block;padding:12px 20px;border-radius:8px;background:#7c3aed;color:#ffffff;'
            f'font-weight:bold;text-decoration:none;">{html.escape(action)}</a></p>'
        )
    small = "".join(para(f, "margin:0 0 8px;font-size:12px;line-height:1.5;color:#6b6b80;") for f in footer)
    return (
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
        f"<title>{html.escape(subject)}</title></head>"
        '<body style="margin:0;padding:24px 12px;background:#f1f0f7;">'
        '<div style="max-width:560px;margin:0 auto;padding:28px;border-radius:12px;background:#ffffff;'
        "font-family:'Pretendard','Apple SD Gothic Neo','Malgun Gothic',sans-serif;\">"
        '<div style="margin:0 0 20px;font-size:20px;font-weight:bold;color:#7c3aed;">CASINO-CLUB</div>'
        f'{body}{button}<hr style="border:none;border-top:1px solid #e2e0ee;margin:24px 0 16px;">{small}'
        "</div></body></html>"
    )


def render(
    key: str,
    locale: str,
    personal: Personal,
    variables: Mapping[str, str] | None = None,
    *,
    category: str | None = None,
) -> Rendered:
    """The mail ``key`` for one player in ``locale`` (ko or en; anything else renders Korean).

    ``variables`` must already have passed ``check_variables``; ``category`` defaults to the template's.
    """
    found = template(key)
    locale = locale if locale in ("ko", "en") else "ko"
    category = category or found.category
    mine = personal.values(locale)
    operator = {name: _fill(value, mine) for name, value in (variables or {}).items()}
    values = dict.fromkeys(found.variables, "") | operator | mine
    copy = COPY[key][locale]
    subject = " ".join(_fill(cast(str, copy["subject"]), values).split())
    if category == MARKETING:
        subject = AD_PREFIX[locale] + subject
    subject = subject[:SUBJECT_MAX]
    paragraphs = [_fill(p, values).strip() for p in cast(tuple[str, ...], copy["paragraphs"])]
    paragraphs = [p for p in paragraphs if p]
    action = cast(str, copy["action"])
    footer_copy = FOOTER[locale]
    footer = [_fill(footer_copy[MARKETING if category == MARKETING else "service"], values), footer_copy["sender"]]
    url = personal.site_url
    text_parts = [*paragraphs]
    if action:
        text_parts.append(f"{action}: {url}")
    text = "\n\n".join(text_parts) + "\n\n-- \n" + "\n".join(footer) + "\n"
    return Rendered(key, category, locale, subject, text, _html(locale, subject, paragraphs, action, url, footer))
