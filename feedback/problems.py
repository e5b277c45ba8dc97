"""Problem types of feedback (stable `type` slugs)."""

from core.problems import define

FeedbackNotFound = define("feedback-not-found", 404, "Không tìm thấy phản ánh, kiến nghị",
                          "Feedback not found")
FeedbackActionNotAllowed = define(
    "feedback-action-not-allowed", 409,
    "Thao tác không được phép ở trạng thái hiện tại của phản ánh, kiến nghị",
    "This action is not allowed in the feedback's current state")
FeedbackChanged = define(
    "feedback-changed-concurrently", 409,
    "Phản ánh, kiến nghị vừa được người khác thay đổi, vui lòng tải lại",
    "The feedback was changed by someone else; reload it")
