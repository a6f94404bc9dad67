"""The parts of FUNCS-C's functions the conformance corpus (functions-c.json) cannot pin down
alone: AES against FIPS-197's and SP 800-38A's known answers, net/netip's
and net/url's errors as Go 1.26's source writes them, the Unicode class tables and what they
leave unknown.
"""

from __future__ import annotations

import base64

import pytest

from cmp_plugin.gotemplate import Outcome, compile_template
from cmp_plugin.gotemplate.functions import aes, reclasses
from cmp_plugin.gotemplate.functions import encoding as e
from cmp_plugin.gotemplate.functions.gonetip import AddrError, parse_addr
from cmp_plugin.gotemplate.functions.goneturl import URLError, parse
from cmp_plugin.gotemplate.functions.goscripts_data import SCRIPTS
from cmp_plugin.gotemplate.functions.gounicode import from_go_bytes
from cmp_plugin.gotemplate.values import GoError, NotKnowable

# FIPS-197 appendix C: the same plaintext under 128-, 192- and 256-bit keys 00 01 02 ...
FIPS_PLAIN = bytes.fromhex("00112233445566778899aabbccddeeff")
FIPS_CIPHER = {
    16: "69c4e0d86a7b0430d8cdb78070b4c55a",
    24: "dda97ca4864cdfe06eaf70a0ec0d7191",
    32: "8ea2b7ca516745bfeafc49904b496089",
}


@pytest.mark.parametrize("size", sorted(FIPS_CIPHER))
def test_aes_inverse_cipher_gives_fips_197_known_answers(size):
    keys = aes._round_keys(bytes(range(size)))
    assert aes.decrypt_block(keys, bytes.fromhex(FIPS_CIPHER[size])) == FIPS_PLAIN


# NIST SP 800-38A, F.2.6 CBC-AES256.Decrypt.
SP800_KEY = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"
SP800_IV = "000102030405060708090a0b0c0d0e0f"
SP800_CIPHER = (
    "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d "
    "39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b"
)
SP800_PLAIN = (
    "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 "
    "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710"
)


def test_aes_cbc_gives_sp_800_38a_known_answers():
    key, iv = bytes.fromhex(SP800_KEY), bytes.fromhex(SP800_IV)
    plain = aes.decrypt_cbc(key, iv, bytes.fromhex(SP800_CIPHER.replace(" ", "")))
    assert plain == bytes.fromhex(SP800_PLAIN.replace(" ", ""))


def test_decrypt_aes_drops_what_the_last_byte_says_unchecked():
    # SP 800-38A's plaintext ends in 0x10: sprig drops 16 bytes, though they are no PKCS#7
    # padding; the password's 32 bytes are the key. Its second block ends in 0x51: from two
    # blocks, 81 bytes cannot be dropped, Go's slice panic.
    password = from_go_bytes(bytes.fromhex(SP800_KEY))
    cipher = bytes.fromhex(SP800_CIPHER.replace(" ", ""))
    plain = bytes.fromhex(SP800_PLAIN.replace(" ", ""))
    crypt = base64.b64encode(bytes.fromhex(SP800_IV) + cipher).decode()
    assert e.decrypt_aes(password, crypt) == from_go_bytes(plain[:48])
    short = base64.b64encode(bytes.fromhex(SP800_IV) + cipher[:32]).decode()
    with pytest.raises(GoError, match=r"slice bounds out of range \[:-49\]"):
        e.decrypt_aes(password, short)


def test_decrypt_aes_refuses_to_spend_seconds_on_a_huge_ciphertext():
    crypt = "A" * (((e.MAX_DECRYPT_BYTES + 32) // 3) * 4)
    with pytest.raises(NotKnowable):
        e.decrypt_aes("k", crypt)


def test_build_custom_cert_fails_as_go_before_parsing_x509():
    with pytest.raises(GoError, match="unable to decode base64 certificate"):
        e.build_custom_cert("!!", "!!")
    with pytest.raises(GoError, match="unable to decode base64 private key"):
        e.build_custom_cert("", "!!")
    with pytest.raises(GoError, match="unable to decode certificate"):
        e.build_custom_cert(base64.b64encode(b"BEGIN CERTIFICATE").decode(), "")
    with pytest.raises(NotKnowable):
        e.build_custom_cert(base64.b64encode(b"-----BEGIN CERTIFICATE-----\n").decode(), "")


@pytest.mark.parametrize(
    ("text", "version"),
    [("1.2.3.4", 4), ("::", 6), ("::ffff:1.2.3.4", 6), ("fe80::1%eth0", 6), ("1:2:3:4:5:6:7:8", 6)],
)
def test_parse_addr_versions(text, version):
    assert parse_addr(text.encode()) == version


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", 'ParseAddr(""): unable to parse IP'),
        ("%x", 'ParseAddr("%x"): missing IPv6 address'),
        ("1.2.3", 'ParseAddr("1.2.3"): IPv4 address too short'),
        ("1.2.3.4.5", 'ParseAddr("1.2.3.4.5"): IPv4 address too long'),
        ("1.256.3.4", 'ParseAddr("1.256.3.4"): IPv4 field has value >255'),
        ("1..3.4", 'ParseAddr("1..3.4"): IPv4 field must have at least one digit (at ".3.4")'),
        ("1:2:3:4:5:6:7", 'ParseAddr("1:2:3:4:5:6:7"): address string too short'),
        (
            "1:2:3:4:5:6:7:8:9",
            'ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")',
        ),
        ("1:", 'ParseAddr("1:"): colon must be followed by more characters (at ":")'),
        (
            "1:x",
            'ParseAddr("1:x"): each colon-separated field must have at least one digit (at "x")',
        ),
        ("1x:", 'ParseAddr("1x:"): unexpected character, want colon (at "x:")'),
        ("::1%", 'ParseAddr("::1%"): zone must be a non-empty string'),
        ("1.2.3.4::", 'ParseAddr("1.2.3.4::"): unexpected character (at "::")'),
        (
            "1:1.2.3.4",
            'ParseAddr("1:1.2.3.4"): embedded IPv4 address must replace the final 2 fields '
            'of the address (at "1.2.3.4")',
        ),
        ("::1.2.3.04%z", 'ParseAddr("::1.2.3.04%z"): IPv4 field has octet with leading zero'),
    ],
)
def test_parse_addr_errors_read_as_go_1_26_writes_them(text, message):
    with pytest.raises(AddrError) as raised:
        parse_addr(text.encode())
    assert str(raised.value) == message


def test_url_errors_quote_invalid_bytes_as_go():
    with pytest.raises(URLError) as raised:
        parse(b"http://h/%\xff")
    assert str(raised.value) == 'parse "http://h/%\\xff": invalid URL escape "%\\xff"'


def test_url_parse_keeps_bytes():
    url = parse(b"http://h/%ff?q#%C3%A9")
    assert (url.path, url.raw_query, url.fragment) == (b"/\xff", b"q", "é".encode())


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Old_Italic", "Olditalic"),
        ("lowercase letter", "Lowercaseletter"),
        ("l", "L"),
        ("LC", "Lc"),
    ],
)
def test_class_names_are_made_canonical_as_go_1_25_does(name, canonical):
    assert reclasses.canonical_name(name) == canonical


def test_the_script_tables_are_go_1_19s():
    assert any(lo <= 0x03B1 and hi >= 0x03C9 for lo, hi in reclasses.script_ranges("Greek"))
    assert not any(lo <= 0xB5 <= hi for lo, hi in reclasses.script_ranges("Greek"))  # micro
    assert not reclasses._NEWER_SCRIPTS & set(SCRIPTS)
    assert reclasses.lookup("Old_Italic") is None  # several words: Go 1.26 does not find it
    assert reclasses.lookup("SignWriting") is None


@pytest.mark.parametrize(
    ("code", "sources", "uncertain"),
    [
        (0x61, frozenset({"script"}), False),
        (0x16FE2, frozenset({"script"}), True),  # Common in Unicode 13.0, Han in 15.0
        (0x16FE2, frozenset({"category"}), False),
        (0x0870, frozenset({"script"}), True),  # Arabic, assigned in 14.0
        (0x0870, frozenset({"category"}), False),
        (0x1FAE8, frozenset({"category"}), True),  # assigned in 15.0
        (0xE000, frozenset({"script"}), False),  # private use: no script, ever
    ],
)
def test_runes_argo_cds_unicode_may_class_otherwise(code, sources, uncertain):
    assert reclasses.uncertain_rune(code, sources) is uncertain


def test_fold_is_exact_on_a_wide_range():
    folded = reclasses.fold([(0x61, 0xFFFF)])
    assert any(lo <= 0x41 <= hi for lo, hi in folded)  # A, from a
    assert not any(lo <= 0x40 <= hi for lo, hi in folded)
    deseret = reclasses.fold([(0x10428, 0x1044F)])  # the small letters bring their capitals
    assert deseret == [(0x10400, 0x1044F)]


def test_a_text_the_tables_cannot_vouch_for_is_unevaluated_only_under_a_class():
    text = '{{ regexMatch %s "a\U0001fae8" }}'
    assert compile_template(text % "`a`").render({}).text == "true"
    rendered = compile_template(text % "`\\pL`").render({})
    assert rendered.outcome is Outcome.UNEVALUATED
    assert "U+1FAE8" in rendered.message
