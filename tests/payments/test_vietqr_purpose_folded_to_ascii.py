"""Vietnamese transfer content becomes the plain ASCII (≤ 25 characters) banks carry, with the
payment reference kept whole at its start."""

import pytest

from payments.vietqr.ascii import fold, transfer_content


def test_dossier_fee_purpose_is_folded_and_cut():
    folded = fold("Lệ phí cấp đổi GPLX hồ sơ 000.00.01.H22-261122-0001")
    assert folded == "Le phi cap doi GPLX ho so"
    assert folded.isascii() and len(folded) <= 25


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đăng ký khai sinh", "Dang ky khai sinh"),
        ("ĐỒNG   ý  đó", "DONG y do"),
        ("phí (lệ phí) #1 – 50% ✓", "phi le phi 1 50"),
        ("  Ưu tiên — Ở Huế  ", "Uu tien O Hue"),
        ("000.00.01.H22-261122-0001", "000.00.01.H22-261122-0001"),
    ],
)
def test_folding(text, expected):
    assert fold(text) == expected


def test_cut_never_leaves_a_trailing_space():
    assert fold("a" * 24 + " bcd") == "a" * 24


def test_reference_comes_first_and_survives_the_cut():
    content = transfer_content("MC7K2D9QXH4P", "Lệ phí cấp đổi giấy phép lái xe")
    assert content == "MC7K2D9QXH4P Le phi cap d"
    assert len(content) == 25
