"""Problem types of postal return."""

from core.problems import define

InvalidAddress = define("invalid-address", 422, "Địa chỉ nhận không hợp lệ",
                        "Invalid delivery address")
PostalReturnNotAvailable = define(
    "postal-return-not-available", 422,
    "Thủ tục này không trả kết quả qua bưu chính (phải nhận trực tiếp)",
    "This procedure's result cannot be sent by post (it must be collected in person)")
DeliveryNotBookableNow = define("delivery-not-bookable-now", 409,
                                "Hồ sơ ở trạng thái không thể đăng ký trả kết quả qua bưu chính",
                                "Postal return cannot be booked in the dossier's current state")
DeliveryAlreadyBooked = define("delivery-already-booked", 409,
                               "Hồ sơ đã có yêu cầu chuyển phát đang thực hiện",
                               "The dossier already has a delivery in progress")
DeliveryNotFound = define("delivery-not-found", 404, "Không tìm thấy yêu cầu chuyển phát",
                          "Delivery not found")
UnknownPartner = define("unknown-postal-partner", 404, "Không tìm thấy đối tác bưu chính",
                        "Unknown postal partner")
CallbackUnauthentic = define("callback-signature-invalid", 401,
                             "Chữ ký thông báo không hợp lệ hoặc đã hết hạn",
                             "Callback signature invalid or stale")
MalformedCallback = define("callback-malformed", 400, "Nội dung thông báo không hợp lệ",
                           "Malformed callback")
PartnerUnauthenticated = define("partner-unauthenticated", 401,
                                "Thông tin xác thực đối tác không hợp lệ",
                                "Partner credentials missing or invalid")
