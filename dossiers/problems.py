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
