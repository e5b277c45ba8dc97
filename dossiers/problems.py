"""Problem types of the dossier lifecycle (stable `type` slugs)."""

from core.problems import define

DossierNotFound = define("dossier-not-found", 404, "Không tìm thấy hồ sơ", "Dossier not found")
ActionNotAllowed = define(
    "action-not-allowed-in-state",
    409,
    "Thao tác không được phép ở trạng thái hiện tại của hồ sơ",
    "This action is not allowed in the dossier's current state",
)
ConcurrentChange = define(
    "dossier-changed-concurrently",
    409,
    "Hồ sơ vừa được người khác thay đổi, vui lòng tải lại",
    "The dossier was changed by someone else; reload it",
)
NotYourAgency = define(
    "not-your-agency", 403, "Hồ sơ không thuộc cơ quan của cán bộ", "Not your agency's dossier"
)
StepNotOnline = define(
    "step-not-offered-online",
    409,
    "Dịch vụ công một phần: bước này không thực hiện trực tuyến",
    "Partial service: this step is not offered online",
)

# Dossier files (attachments and results).
FileTooLarge = define(
    "file-too-large", 413, "Tệp vượt quá dung lượng cho phép", "The file is larger than allowed"
)
FileTypeNotAccepted = define(
    "file-type-not-accepted",
    415,
    "Loại tệp không được chấp nhận cho thành phần hồ sơ này",
    "This kind of file is not accepted for this document",
)
UnknownDocumentSlot = define(
    "unknown-document-slot",
    422,
    "Dịch vụ không có thành phần hồ sơ này",
    "The service has no such document slot",
)
DossierNotEditable = define(
    "dossier-not-editable",
    409,
    "Hồ sơ không còn được sửa đổi hoặc bổ sung",
    "The dossier can no longer be changed",
)
ResultNotFound = define(
    "result-not-found", 404, "Không tìm thấy kết quả điện tử", "Electronic result not found"
)
AttachmentNotFound = define(
    "attachment-not-found", 404, "Không tìm thấy giấy tờ đính kèm này", "No such attachment",
)

# The lifecycle's own refusals.
DocumentsMissing = define(
    "documents-missing",
    422,
    "Hồ sơ còn thiếu giấy tờ bắt buộc",
    "Required documents are missing",
)
FeeNotPaidOnline = define(
    "fee-not-paid-online",
    409,
    "Dịch vụ công toàn trình: phí, lệ phí phải được nộp trực tuyến trước khi xử lý tiếp",
    "Full-process service: the fee must be paid online before processing continues",
)
OnlineOnly = define(
    "full-process-step-online-only",
    409,
    "Dịch vụ công toàn trình: bước này chỉ thực hiện trực tuyến, không tại quầy",
    "Full-process service: this step happens online only, never at the counter",
)

# Fees that depend on who applies.
CategoryProofMissing = define(
    "applicant-category-proof-missing", 422,
    "Chưa tải lên giấy tờ chứng minh đối tượng được miễn, giảm phí",
    "The document proving the applicant category is missing",
)

# A form field filled from the signed-in identity (dossiers/prefill.py).
IdentityFieldLocked = define(
    "identity-field-locked", 422,
    "Thông tin lấy từ định danh điện tử không được sửa",
    "Fields filled from the electronic identity cannot be changed",
)
