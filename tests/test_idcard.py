"""ID document validation: GB 11643-1999 numbers, residence permits, travel permits."""

from __future__ import annotations

from datetime import date

import pytest

from handlers.patients import idcard
from handlers.patients.idcard import IdError, validate, validate_any

TODAY = date(2025, 6, 15)


def with_check(first17: str) -> str:
    """ISO 7064 MOD 11-2 written independently of the module: weights 2^(17-i) mod 11."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return first17 + ("X" if value == 10 else str(value))


def code_of(kind: str, number: str, **kw: object) -> str:
    with pytest.raises(IdError) as info:
        validate(kind, number, today=TODAY, **kw)  # type: ignore[arg-type]
    return info.value.code


# -- resident ID ------------------------------------------------------------------------


def test_standard_example_with_x_is_valid_and_female() -> None:
    doc = validate(idcard.RESIDENT, "11010519491231002X", today=TODAY)
    assert doc.number == "11010519491231002X"
    assert doc.birth_date == date(1949, 12, 31)
    assert doc.sex == idcard.FEMALE


def test_standard_example_male() -> None:
    doc = validate(idcard.RESIDENT, "440524188001010014", today=date(2005, 1, 1))
    assert doc.sex == idcard.MALE and doc.birth_date == date(1880, 1, 1)


def test_lower_case_x_and_full_width_digits_are_normalised() -> None:
    assert (
        validate(idcard.RESIDENT, "11010519491231002x", today=TODAY).number == "11010519491231002X"
    )
    full = "１１０１０５１９４９１２３１００２Ｘ"
    assert validate(idcard.RESIDENT, full, today=TODAY).number == "11010519491231002X"
    assert (
        validate(idcard.RESIDENT, "110105 19491231 002X", today=TODAY).number
        == "11010519491231002X"
    )


def test_bad_checksum() -> None:
    assert code_of(idcard.RESIDENT, "110105194912310021") == "id_checksum"


def test_impossible_birth_date() -> None:
    assert code_of(idcard.RESIDENT, with_check("11010519900230123")) == "birth_invalid"
    assert code_of(idcard.RESIDENT, with_check("11010519901301123")) == "birth_invalid"


def test_future_birth_date() -> None:
    assert code_of(idcard.RESIDENT, with_check("11010520250616123")) == "birth_future"
    # the day itself is fine
    assert (
        validate(idcard.RESIDENT, with_check("11010520250615123"), today=TODAY).birth_date == TODAY
    )


def test_older_than_130_years() -> None:
    assert code_of(idcard.RESIDENT, with_check("11010518900101123")) == "birth_too_old"


def test_wrong_length_and_letters() -> None:
    assert code_of(idcard.RESIDENT, "11010519491231002") == "id_length"
    assert code_of(idcard.RESIDENT, "11010519491231002X1") == "id_length"
    assert code_of(idcard.RESIDENT, "1101051949123100AX") == "id_chars"
    assert code_of(idcard.RESIDENT, "") == "id_empty"


def test_unknown_region() -> None:
    assert code_of(idcard.RESIDENT, with_check("99010519900101123")) == "id_is_foreign_pr"
    assert code_of(idcard.RESIDENT, with_check("10010519900101123")) == "id_region"


def test_sex_must_match_entered_sex() -> None:
    assert code_of(idcard.RESIDENT, "11010519491231002X", sex="男") == "sex_mismatch"
    assert validate(idcard.RESIDENT, "11010519491231002X", today=TODAY, sex="女").sex == "女"


# -- other documents --------------------------------------------------------------------


def test_hmt_residence_permit() -> None:
    number = with_check("81000019900101123")
    doc = validate(idcard.PERMIT_HMT, number, today=TODAY)
    assert doc.kind == idcard.PERMIT_HMT and doc.birth_date == date(1990, 1, 1)
    assert doc.sex == idcard.MALE  # 17th digit 3: odd
    assert validate(idcard.PERMIT_HMT, with_check("83000020000229002"), today=TODAY).sex == "女"
    assert code_of(idcard.PERMIT_HMT, with_check("11010519900101123")) == "hmt_prefix"
    assert (
        code_of(idcard.PERMIT_HMT, number[:-1] + ("0" if number[-1] != "0" else "1"))
        == "id_checksum"
    )
    # typed as a resident ID: told to pick the right type
    assert code_of(idcard.RESIDENT, number) == "id_is_hmt_permit"


def test_hk_macau_travel_permit() -> None:
    assert validate(idcard.HK_MACAU_PASS, "H12345678", today=TODAY).number == "H12345678"
    assert validate(idcard.HK_MACAU_PASS, "m1234567890", today=TODAY).number == "M1234567890"
    assert validate(idcard.HK_MACAU_PASS, "H12345678", today=TODAY).birth_date is None
    for bad in ("H1234567", "H123456789", "X12345678", "12345678", "H1234567A"):
        assert code_of(idcard.HK_MACAU_PASS, bad) == "hk_macau_pass_format", bad


def test_taiwan_travel_permit() -> None:
    assert validate(idcard.TAIWAN_PASS, "０１２３４５６７", today=TODAY).number == "01234567"
    for bad in ("1234567", "123456789", "T1234567"):
        assert code_of(idcard.TAIWAN_PASS, bad) == "taiwan_pass_format", bad


def test_foreign_permanent_residence_id_old_and_new() -> None:
    old = validate(idcard.FOREIGN_PR, "usa110085060123", today=TODAY)
    assert old.number == "USA110085060123" and old.birth_date is None
    new = validate(idcard.FOREIGN_PR, with_check("93384019850601012"), today=TODAY)
    assert new.birth_date == date(1985, 6, 1)
    assert code_of(idcard.FOREIGN_PR, "US1100850601234") == "foreign_pr_format"
    assert code_of(idcard.FOREIGN_PR, "USA11008506012") == "foreign_pr_format"
    assert code_of(idcard.FOREIGN_PR, with_check("11010519900101123")) == "foreign_pr_format"
    bad = with_check("93384019850601012")
    assert code_of(idcard.FOREIGN_PR, bad[:-1] + ("1" if bad[-1] != "1" else "2")) == "id_checksum"
    assert code_of(idcard.FOREIGN_PR, with_check("93384019850631012")) == "birth_invalid"


def test_detect_kind_from_number() -> None:
    assert validate_any("11010519491231002x", today=TODAY).kind == idcard.RESIDENT
    assert validate_any(with_check("82000019900101123"), today=TODAY).kind == idcard.PERMIT_HMT
    assert validate_any(with_check("93384019850601012"), today=TODAY).kind == idcard.FOREIGN_PR
    assert validate_any("ABC110085060123", today=TODAY).kind == idcard.FOREIGN_PR
    assert validate_any("H12345678", today=TODAY).kind == idcard.HK_MACAU_PASS
    assert validate_any("12345678", today=TODAY).kind == idcard.TAIWAN_PASS


def test_error_never_contains_the_number() -> None:
    with pytest.raises(IdError) as info:
        validate(idcard.RESIDENT, "110105194912310021", today=TODAY)
    assert "110105" not in str(info.value) and "110105" not in repr(info.value.details)
    doc = validate(idcard.RESIDENT, "11010519491231002X", today=TODAY)
    assert "11010519491231002X" not in repr(doc)


def test_parse_typed_birth_date() -> None:
    assert idcard.parse_birth("2015年6月1日", TODAY) == date(2015, 6, 1)
    assert idcard.parse_birth("2015/06/01", TODAY) == date(2015, 6, 1)
    assert idcard.parse_birth("２０１５-6-1", TODAY) == date(2015, 6, 1)
    with pytest.raises(IdError):
        idcard.parse_birth("去年", TODAY)
    with pytest.raises(IdError):
        idcard.parse_birth("2030-01-01", TODAY)


def test_only_numbers_with_a_check_character_count_as_verified() -> None:
    verified = [
        validate(idcard.RESIDENT, "11010519491231002X", today=TODAY),
        validate(idcard.PERMIT_HMT, with_check("81000019900101123"), today=TODAY),
        validate(idcard.FOREIGN_PR, with_check("93384019850601012"), today=TODAY),
    ]
    format_only = [
        validate(idcard.HK_MACAU_PASS, "H12345678", today=TODAY),
        validate(idcard.TAIWAN_PASS, "12345678", today=TODAY),
        validate(idcard.FOREIGN_PR, "usa110085060123", today=TODAY),  # 15 characters
    ]
    assert [d.checksum_verified for d in verified] == [True, True, True]
    assert [d.checksum_verified for d in format_only] == [False, False, False]
    assert idcard.checksum_verified(idcard.FOREIGN_PR, "USA 1100 8506 0123") is False
