"""The parts of FUNCS-C's functions the conformance corpus (functions-c.json) cannot pin down
alone: AES against FIPS-197's known answers and an independent implementation, net/netip's
and net/url's errors as Go 1.26's source writes them, the Unicode class tables and what they
leave unknown.
"""

from __future__ import annotations

import base64
import random

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from cmp_plugin.gotemplate import Outcome, compile_template
from cmp_plugin.gotemplate.functions import aes, reclasses
from cmp_plugin.gotemplate.functions import encoding as e
from cmp_plugin.gotemplate.functions.gonetip import AddrError, parse_addr
from cmp_plugin.gotemplate.functions.goneturl import URLError, parse
from cmp_plugin.gotemplate.functions.goscripts_data import SCRIPTS
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


def test_aes_cbc_agrees_with_the_cryptography_package():
    draw = random.Random(7)
    for blocks in (1, 2, 5):
        key, iv = draw.randbytes(32), draw.randbytes(16)
        data = draw.randbytes(16 * blocks)
        expected = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor().update(data)
        assert aes.decrypt_cbc(key, iv, data) == expected


def test_decrypt_aes_drops_what_the_last_byte_says_unchecked():
    key = b"k".ljust(32, b"\0")
    iv, plain = bytes(16), b"abcdefghijklmn\x03\x02"  # not PKCS#7: Go drops 2 bytes anyway
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    crypt = iv + encryptor.update(plain) + encryptor.finalize()
    assert e.decrypt_aes("k", base64.b64encode(crypt).decode()) == "abcdefghijklmn"


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
