"""Why a national-SSO sign-in was refused. One stable problem type per reason class, so a client
can tell "sign in again" (invalid token/code) from "try later" (identity provider unreachable)."""

from __future__ import annotations

from typing import ClassVar

from core.problems import Problem


class SsoRejected(Problem):
    slug: ClassVar[str] = "sso-rejected"
    status: ClassVar[int] = 401
    titles: ClassVar[dict[str, str]] = {
        "vi": "Đăng nhập qua cổng định danh không thành công",
        "en": "National sign-in was refused",
    }


class InvalidIdToken(SsoRejected):
    """Signature, issuer, audience, azp, lifetime, nonce or algorithm did not check out."""

    slug = "invalid-id-token"
    titles = {"vi": "Mã định danh (ID token) không hợp lệ", "en": "Invalid ID token"}


class InvalidAuthorizationCode(SsoRejected):
    """The identity provider refused the code exchange (used, expired, wrong verifier...)."""

    slug = "invalid-authorization-code"
    titles = {"vi": "Mã ủy quyền không hợp lệ", "en": "Invalid authorization code"}


class SsoIdNumberRejected(SsoRejected):
    """The token carried no well-formed 12-digit citizen ID number."""

    slug = "sso-invalid-id-number"  # 401 here; a form field with a bad number is a 422
    titles = {"vi": "Số định danh cá nhân không hợp lệ", "en": "Invalid citizen ID number"}


class SsoUnavailable(SsoRejected):
    """The identity provider could not be reached and nothing usable was cached."""

    slug = "sso-unavailable"
    status = 503
    titles = {
        "vi": "Cổng định danh tạm thời không truy cập được",
        "en": "The identity provider is unavailable",
    }
