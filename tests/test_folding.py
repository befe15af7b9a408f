from qa.folding import fold, fold_words


def test_vietnamese_diacritics_and_case_fold() -> None:
    assert fold("Phạm Tuân") == fold("PHAM TUAN") == "pham tuan"
    assert fold("Đà Nẵng") == "da nang"


def test_russian_folds_case_and_yo() -> None:
    assert fold("Ёлка МОСКВА") == "елка москва"


def test_words() -> None:
    assert fold_words("Hồ Chí Minh, 1945!") == ["ho", "chi", "minh", "1945"]
