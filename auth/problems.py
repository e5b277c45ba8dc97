"""Problems of the sign-in and session endpoints (each a stable type URI)."""

from core.problems import define

InvalidRefreshToken = define(
    "invalid-refresh-token", 401,
    "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại",
    "The refresh token is not valid; sign in again",
)
# RFC 9700 §4.14.2: an old refresh token came back, so someone else may hold the session.
RefreshTokenReused = define(
    "refresh-token-reused", 401,
    "Mã làm mới đã được dùng; phiên đăng nhập đã bị thu hồi để bảo vệ tài khoản",
    "The refresh token was already used; the session has been revoked",
)
