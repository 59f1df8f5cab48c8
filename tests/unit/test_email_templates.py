"""Mail templates and the address rule: both languages, escaping, variables, the advertising prefix."""

from __future__ import annotations

import pytest

from casino_app.core.errors import ValidationFailed
from casino_app.services.accounts.email_address import validate_email
from casino_app.services.accounts.validation import FieldError
from casino_app.services.messaging.email import templates
from casino_app.services.messaging.email.copy import AD_PREFIX

PLAYER = templates.Personal("<script>", "neo_cat", 7, "VIP", 1234567, 40, "https://cc.example")


@pytest.mark.parametrize("key", list(templates.TEMPLATES))
@pytest.mark.parametrize("locale", ["ko", "en"])
def test_every_template_renders_in_both_languages_with_escaped_html(key: str, locale: str) -> None:
    found = templates.TEMPLATES[key]
    variables = dict.fromkeys(found.required, "<img src=x onerror=alert(1)> {nickname}")
    variables = templates.check_variables(key, {k: v.replace("\n", " ") for k, v in variables.items()})
    mail = templates.render(key, locale, PLAYER, variables)
    assert "<script>" not in mail.html
    assert "<img" not in mail.html
    assert "&lt;script&gt;" in mail.html  # the nickname, escaped
    assert f'<html lang="{locale}">' in mail.html
    assert mail.subject.startswith(AD_PREFIX[locale]) == (found.category == "marketing")
    assert "{" not in mail.text.replace("{nickname}", "")  # every placeholder filled


def test_personal_values_are_formatted_per_language() -> None:
    ko = templates.render("comeback", "ko", PLAYER, {})
    en = templates.render("comeback", "en", PLAYER, {})
    assert "1,234,567 골드" in ko.text
    assert "40일" in ko.text
    assert "1,234,567 gold" in en.text
    assert "40 days" in en.text


def test_operator_text_is_filled_once_and_never_re_read() -> None:
    variables = templates.check_variables("custom", {"subject": "Hi {nickname}", "body": "{gold} and {{site_id}}"})
    mail = templates.render("custom", "en", PLAYER, variables, category="notice")
    assert mail.subject == "Hi <script>"
    assert "1,234,567 and {neo_cat}" in mail.text


@pytest.mark.parametrize(
    ("key", "variables", "code"),
    [
        ("custom", {"subject": "s"}, "EMAIL_VARIABLE_REQUIRED"),
        ("custom", {"subject": "a\nb", "body": "x"}, "EMAIL_VARIABLE_INVALID"),
        ("custom", {"subject": "s", "body": "x" * 5001}, "EMAIL_VARIABLE_TOO_LONG"),
        ("welcome", {"title": "t"}, "EMAIL_VARIABLE_UNKNOWN"),
        ("comeback", {"message": "{secret}"}, "EMAIL_PLACEHOLDER_UNKNOWN"),
        ("comeback", {"message": 5}, "EMAIL_VARIABLE_INVALID"),
        ("nope", {}, "EMAIL_TEMPLATE_UNKNOWN"),
    ],
)
def test_bad_variables_are_refused(key: str, variables: dict, code: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        templates.check_variables(key, variables)
    assert raised.value.error_code == code


def test_only_custom_takes_a_category() -> None:
    assert templates.category_of("custom") == "marketing"
    assert templates.category_of("custom", "notice") == "notice"
    assert templates.category_of("welcome") == "account"
    with pytest.raises(ValidationFailed):
        templates.category_of("welcome", "notice")


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("  A.b+tag@Example.CO.kr ", "A.b+tag@example.co.kr"), ("x@xn--3e0b707e.xn--3e0b707e", None)],
)
def test_valid_addresses(raw: str, stored: str | None) -> None:
    assert validate_email(raw) == (stored or raw)


@pytest.mark.parametrize(
    "raw", ["", "plain", "a@b", ".a@b.com", "a..b@c.com", "a@b..com", "a@-b.com", "a@b.c0m", "가@b.com", "a\x07b@c.com"]
)
def test_invalid_addresses(raw: str) -> None:
    with pytest.raises(FieldError) as raised:
        validate_email(raw)
    assert raised.value.code in {"EMAIL_FORMAT", "CONTROL_CHARACTERS"}
