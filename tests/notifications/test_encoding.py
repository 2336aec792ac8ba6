from email import message_from_bytes, policy

from hypothesis import given, settings
from hypothesis import strategies as st

from cspdesk.notifications.encoding import subject_header

_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЖЯ abcdefxyzABCXYZ0123456789 :[]-_=?!,.«»—()'\"😀 "


def _read_back(value: str) -> str:
    return message_from_bytes(f"Subject: {value}\n\nbody\n".encode(), policy=policy.default)["Subject"]


def test_the_tag_stays_readable_and_every_space_is_kept():
    value = subject_header("[CSP-000123] Не работает почта у всех сотрудников отдела продаж")
    assert value.startswith("[CSP-000123]\n =?utf-8?b?")
    assert _read_back(value) == "[CSP-000123] Не работает почта у всех сотрудников отдела продаж"


def test_a_subject_without_an_ascii_head_fits_its_first_line():
    value = subject_header("Невозможноподключитьсякпочтовомуящикуотдела продаж")
    assert len(f"Subject: {value}".split("\n")[0]) <= 78
    assert _read_back(value) == "Невозможноподключитьсякпочтовомуящикуотдела продаж"


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(alphabet=st.sampled_from(_LETTERS), min_size=1, max_size=400),
        st.text(min_size=1, max_size=200).filter(str.isprintable),
    )
    .map(str.strip)
    .filter(bool)
)
def test_any_subject_reads_back_exactly_with_lines_that_fit(subject):
    value = subject_header(subject)
    assert _read_back(value) == subject
    assert all(len(line) <= 78 for line in f"Subject: {value}".split("\n"))
