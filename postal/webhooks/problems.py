"""Problem types of the webhook operator paths."""

from core.problems import define

WebhookMessageNotFound = define("webhook-message-not-found", 404,
                                "Không tìm thấy thông điệp webhook", "Webhook message not found")
WebhookPartnerNotFound = define("webhook-partner-not-found", 404,
                                "Không tìm thấy đối tác", "Webhook partner not found")
ReplayRangeInvalid = define("webhook-replay-range-invalid", 422,
                            "Khoảng thời gian gửi lại không hợp lệ", "Invalid replay range")
