"""Problem types of fee payment (stable `type` slugs)."""

from core.problems import define

PaymentNotFound = define("payment-not-found", 404, "Không tìm thấy giao dịch thanh toán",
                         "Payment not found")
PaymentNotOfferedOnline = define(
    "payment-not-offered-online", 409,
    "Dịch vụ công một phần: phí, lệ phí nộp tại bộ phận một cửa, không thanh toán trực tuyến",
    "Partial service: the fee is paid at the counter, not online",
)
NoFeeDue = define("no-fee-due", 409, "Hồ sơ không có khoản phí, lệ phí phải nộp",
                  "No fee is due on this dossier")
FeeAlreadyPaid = define("fee-already-paid", 409, "Phí, lệ phí của hồ sơ đã được nộp",
                        "The fee of this dossier has already been paid")
NotPayableNow = define("payment-not-allowed-in-state", 409,
                       "Không thể thanh toán ở trạng thái hiện tại của hồ sơ",
                       "The dossier cannot be paid in its current state")
UnknownMethod = define("payment-method-unknown", 422, "Phương thức thanh toán không được hỗ trợ",
                       "Unknown payment method")
ProviderUnavailable = define("payment-provider-unavailable", 503,
                             "Cổng thanh toán tạm thời gián đoạn, vui lòng thử lại",
                             "The payment provider is unavailable; try again")
UnknownProvider = define("payment-provider-unknown", 404, "Không có cổng thanh toán này",
                         "No such payment provider")
ReceiptNotReady = define("receipt-not-found", 404, "Chưa có biên lai cho giao dịch này",
                         "No receipt for this payment yet")
QrNotAvailable = define("payment-qr-not-available", 404,
                        "Giao dịch này không có mã VietQR", "This payment has no VietQR code")
ReviewNotFound = define("payment-review-not-found", 404, "Không tìm thấy khoản cần đối soát",
                        "Payment review item not found")
ReviewClosed = define("payment-review-resolved", 409, "Khoản này đã được xử lý",
                      "This review item has already been resolved")
# A callback refused before anything is recorded; the gateway's retry brings it back once fixed.
CallbackRefused = define("payment-callback-rejected", 400, "Thông báo thanh toán không hợp lệ",
                         "Payment callback rejected")
CallbackUnauthentic = define("payment-callback-unauthentic", 401,
                             "Chữ ký hoặc thời điểm của thông báo thanh toán không hợp lệ",
                             "Payment callback signature invalid or stale")
ReviewCannotAccept = define(
    "payment-review-cannot-accept", 409,
    "Không thể ghi nhận khoản tiền này là nộp phí của hồ sơ",
    "This money cannot be accepted as the dossier's fee",
)
RefundNotFound = define("refund-not-found", 404, "Không tìm thấy lệnh hoàn tiền",
                        "Refund order not found")
RefundStateConflict = define(
    "refund-not-allowed-in-state", 409,
    "Thao tác không thực hiện được ở trạng thái hiện tại của lệnh hoàn tiền",
    "This cannot be done in the refund order's current state",
)
