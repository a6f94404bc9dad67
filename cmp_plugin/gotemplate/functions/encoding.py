"""sprig's encoding, hashing and crypto functions.

`b64dec` and `b32dec` do not fail: like sprig they return Go's error text (`illegal base64
data at input byte 4`) as the result, so the decoders follow Go's own to report the same
position. Hashes are over the string's bytes. `derivePassword` (scrypt, HMAC) is fixed by its
arguments. Keys, certificates, bcrypt hashes (`bcrypt`, `htpasswd`), `encryptAES`, `randBytes`
and `uuidv4` are random: not knowable offline, except where Go answers without randomness (an
unknown key type, a user name with a colon, empty plaintext). `decryptAES` is fixed by its
arguments and decrypted here (`aes.py`). `buildCustomCert` is too, but it parses X.509
certificates and private keys, which the preview does not: it answers Go's errors for bad
base64 and for a certificate without a PEM block, and is not knowable past them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import zlib
from collections.abc import Callable

from ..values import GoError, NotKnowable
from . import aes
from . import gounicode as gu
from .registry import gofunc

_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_INDEX = {c: i for i, c in enumerate(_B64)}
_B32 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32_INDEX = {c: i for i, c in enumerate(_B32)}


class _Corrupt(Exception):
    def __init__(self, offset: int, alphabet: str) -> None:
        super().__init__(f"illegal {alphabet} data at input byte {offset}")


def _b64_quantum(src: bytes, si: int, out: bytearray) -> tuple[int, bool]:
    """Go's base64 decodeQuantum (StdEncoding): the next index and whether input ended."""
    values, count = [], 0
    while count < 4:
        if si == len(src):
            if count == 0:
                return si, True
            raise _Corrupt(si - count, "base64")
        ch = src[si]
        si += 1
        if ch in _B64_INDEX:
            values.append(_B64_INDEX[ch])
            count += 1
            continue
        if ch in b"\r\n":
            continue
        if ch != 0x3D or count < 2:
            raise _Corrupt(si - 1, "base64")
        if count == 2:
            while si < len(src) and src[si] in b"\r\n":
                si += 1
            if si == len(src):
                raise _Corrupt(len(src), "base64")
            if src[si] != 0x3D:
                raise _Corrupt(si - 1, "base64")
            si += 1
        while si < len(src) and src[si] in b"\r\n":
            si += 1
        _b64_bytes(values, out)
        if si < len(src):
            raise _Corrupt(si, "base64")
        return si, True
    _b64_bytes(values, out)
    return si, False


def _b64_bytes(values: list[int], out: bytearray) -> None:
    padded = values + [0] * (4 - len(values))
    word = padded[0] << 18 | padded[1] << 12 | padded[2] << 6 | padded[3]
    out += word.to_bytes(3, "big")[: len(values) - 1]


def b64_decode(text: str) -> bytes:
    src, out, si, done = gu.go_bytes(text), bytearray(), 0, False
    while not done:
        si, done = _b64_quantum(src, si, out)
    return bytes(out)


def b32_decode(text: str) -> bytes:
    """Go's base32 StdEncoding DecodeString (newlines removed first)."""
    src = gu.go_bytes(text).replace(b"\r", b"").replace(b"\n", b"")
    total, pos, out = len(src), 0, bytearray()
    while pos < total:
        values: list[int] = []
        while len(values) < 8:
            if pos == total:
                raise _Corrupt(total - len(values), "base32")
            ch = src[pos]
            pos += 1
            rest = total - pos
            if ch == 0x3D and len(values) >= 2 and rest < 8:
                _b32_padding(src, pos, len(values))
                _b32_bytes(values, out)
                return bytes(out)
            if ch not in _B32_INDEX:
                raise _Corrupt(pos - 1, "base32")
            values.append(_B32_INDEX[ch])
        _b32_bytes(values, out)
    return bytes(out)


def _b32_padding(src: bytes, pos: int, count: int) -> None:
    total, rest = len(src), len(src) - pos
    if rest + count < 7:
        raise _Corrupt(total, "base32")
    for k in range(7 - count):
        if rest > k and src[pos + k] != 0x3D:
            raise _Corrupt(pos + k - 1, "base32")
    if count in (1, 3, 6):
        raise _Corrupt(pos - 1, "base32")


def _b32_bytes(values: list[int], out: bytearray) -> None:
    padded = values + [0] * (8 - len(values))
    word = 0
    for value in padded:
        word = word << 5 | value
    size = {2: 1, 4: 2, 5: 3, 7: 4, 8: 5}[len(values)]
    out += word.to_bytes(5, "big")[:size]


@gofunc("b64enc", "string", result="string")
def b64enc(text: str) -> str:
    return base64.b64encode(gu.go_bytes(text)).decode("ascii")


@gofunc("b64dec", "string", result="string")
def b64dec(text: str) -> str:
    try:
        return gu.from_go_bytes(b64_decode(text))
    except _Corrupt as exc:
        return str(exc)


@gofunc("b32enc", "string", result="string")
def b32enc(text: str) -> str:
    return base64.b32encode(gu.go_bytes(text)).decode("ascii")


@gofunc("b32dec", "string", result="string")
def b32dec(text: str) -> str:
    try:
        return gu.from_go_bytes(b32_decode(text))
    except _Corrupt as exc:
        return str(exc)


@gofunc("sha1sum", "string", result="string")
def sha1sum(text: str) -> str:
    return hashlib.sha1(gu.go_bytes(text)).hexdigest()


@gofunc("sha256sum", "string", result="string")
def sha256sum(text: str) -> str:
    return hashlib.sha256(gu.go_bytes(text)).hexdigest()


@gofunc("sha512sum", "string", result="string")
def sha512sum(text: str) -> str:
    """New in sprig 3.3.0, which Argo CD builds (the oracle's 3.2.3 lacks it)."""
    return hashlib.sha512(gu.go_bytes(text)).hexdigest()


@gofunc("adler32sum", "string", result="string")
def adler32sum(text: str) -> str:
    return str(zlib.adler32(gu.go_bytes(text)))


# --------------------------------------------------------------------------------------------
# derivePassword: the Master Password algorithm

_TEMPLATES = {
    "maximum": ("anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"),
    "long": tuple(
        [
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ]
    ),
    "medium": ("CvcnoCvc", "CvcCvcno"),
    "short": ("Cvcn",),
    "basic": ("aaanaaan", "aannaaan", "aaannaaa"),
    "pin": ("nnnn",),
}
_CHARACTERS = {
    "V": "AEIOU",
    "C": "BCDFGHJKLMNPQRSTVWXYZ",
    "v": "aeiou",
    "c": "bcdfghjklmnpqrstvwxyz",
    "A": "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
    "a": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
    "n": "0123456789",
    "o": "@&%?,=[]_:-+*$#!'^~;()/.",
    "x": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
}
_SEED = b"com.lyndir.masterpassword"


@gofunc("derivePassword", "uint32", "string", "string", "string", "string", result="string")
def derive_password(counter: int, kind: str, password: str, user: str, site: str) -> str:
    templates = _TEMPLATES.get(kind)
    if templates is None:
        return f"cannot find password template {kind}"
    user_raw, site_raw = gu.go_bytes(user), gu.go_bytes(site)
    salt = _SEED + len(user_raw).to_bytes(4, "big") + user_raw
    key = hashlib.scrypt(
        gu.go_bytes(password), salt=salt, n=32768, r=8, p=2, maxmem=128 << 20, dklen=64
    )
    message = _SEED + len(site_raw).to_bytes(4, "big") + site_raw + counter.to_bytes(4, "big")
    seed = hmac.new(key, message, hashlib.sha256).digest()
    template = templates[seed[0] % len(templates)]
    return "".join(
        _CHARACTERS[kind_char][seed[i + 1] % len(_CHARACTERS[kind_char])]
        for i, kind_char in enumerate(template)
    )


# --------------------------------------------------------------------------------------------
# random results


def _random(what: str) -> NotKnowable:
    return NotKnowable(f"{what} is random: not knowable offline")


@gofunc("bcrypt", "string", result="string", knowable=False)
def bcrypt(_password: str) -> str:
    raise _random("bcrypt's salt")


@gofunc("htpasswd", "string", "string", result="string", knowable=False)
def htpasswd(user: str, _password: str) -> str:
    if ":" in user:
        return f"invalid username: {user}"
    raise _random("htpasswd's bcrypt salt")


@gofunc("randBytes", "int", error=True, result="string", knowable=False)
def rand_bytes(count: int) -> str:
    if count < 0:
        raise GoError(f"runtime error: makeslice: len out of range ({count})")
    if count == 0:
        return ""
    raise _random("randBytes")


@gofunc("uuidv4", result="string", knowable=False)
def uuidv4() -> str:
    raise _random("uuidv4")


@gofunc("genPrivateKey", "string", result="string", knowable=False)
def gen_private_key(kind: str) -> str:
    if kind not in ("", "rsa", "dsa", "ecdsa", "ed25519"):
        return "Unknown type " + kind
    raise _random("a generated private key")


@gofunc("encryptAES", "string", "string", error=True, result="string", knowable=False)
def encrypt_aes(_password: str, plaintext: str) -> str:
    if not plaintext:
        return ""
    raise _random("encryptAES's initialisation vector")


# A ciphertext this long takes seconds to decrypt in Python; no template holds one.
MAX_DECRYPT_BYTES = 256 << 10


@gofunc("decryptAES", "string", "string", error=True, result="string")
def decrypt_aes(password: str, crypt64: str) -> str:
    """sprig's decryptAES: AES-256-CBC, the key the password's bytes cut or zero-padded to 32,
    the IV the first block; the last byte says how many to drop, unchecked (PKCS#7 is not
    verified), so a bad key gives garbage or Go's slice panic."""
    if not crypt64:
        return ""
    try:
        data = b64_decode(crypt64)
    except _Corrupt as exc:
        raise GoError(str(exc)) from None
    if len(data) < aes.BLOCK:
        raise GoError(f"runtime error: slice bounds out of range [:16] with capacity {len(data)}")
    if (len(data) - aes.BLOCK) % aes.BLOCK:
        raise GoError("crypto/cipher: input not full blocks")
    if len(data) == aes.BLOCK:
        raise GoError("runtime error: index out of range [-1]")
    if len(data) > MAX_DECRYPT_BYTES:
        raise NotKnowable(f"decryptAES: {len(data)} bytes are too many to decrypt here")
    key = gu.go_bytes(password)[:32].ljust(32, b"\0")
    plain = aes.decrypt_cbc(key, data[: aes.BLOCK], data[aes.BLOCK :])
    end = len(plain) - plain[-1]
    if end < 0:
        raise GoError(f"runtime error: slice bounds out of range [:{end}]")
    return gu.from_go_bytes(plain[:end])


_CERTIFICATES = {
    "genCA": ("string", "int"),
    "genCAWithKey": ("string", "int", "string"),
    "genSelfSignedCert": ("string", "[]interface {}", "[]interface {}", "int"),
    "genSelfSignedCertWithKey": ("string", "[]interface {}", "[]interface {}", "int", "string"),
    "genSignedCert": ("string", "[]interface {}", "[]interface {}", "int", "sprig.certificate"),
    "genSignedCertWithKey": (
        "string",
        "[]interface {}",
        "[]interface {}",
        "int",
        "sprig.certificate",
        "string",
    ),
}


def _certificate(name: str) -> Callable[..., object]:
    def body(*_args: object) -> object:
        raise NotKnowable(f"{name}: certificates and keys are not evaluated by the preview")

    return body


for _name, _params in _CERTIFICATES.items():
    gofunc(_name, *_params, error=True, result="sprig.certificate", knowable=False)(
        _certificate(_name)
    )


@gofunc("buildCustomCert", "string", "string", error=True, result="sprig.certificate")
def build_custom_cert(b64cert: str, b64key: str) -> object:
    """sprig's buildCustomCertificate: Go's errors for bad base64 and for a certificate with no
    PEM block (pem.Decode needs a `-----BEGIN ` line); past that it parses X.509 and the key,
    which the preview does not."""
    try:
        cert = b64_decode(b64cert)
    except _Corrupt:
        raise GoError("unable to decode base64 certificate") from None
    try:
        b64_decode(b64key)
    except _Corrupt:
        raise GoError("unable to decode base64 private key") from None
    if b"-----BEGIN " not in cert:
        raise GoError("unable to decode certificate")
    raise NotKnowable("buildCustomCert: X.509 certificates and keys are not parsed by the preview")
