"""sprig's path, encoding, hash and crypto functions; expected values are real Go's (the
go-template-oracle, recorded in functions-a.json), `sha512sum` (sprig 3.3.0) Go's crypto/sha512.
"""

from __future__ import annotations

import pytest

from cmp_plugin.gotemplate.functions import encoding as e
from cmp_plugin.gotemplate.functions import paths as p
from cmp_plugin.gotemplate.functions.gounicode import go_bytes
from cmp_plugin.gotemplate.functions.registry import FUNCTIONS
from cmp_plugin.gotemplate.values import GoError, NotKnowable


@pytest.mark.parametrize(
    ("function", "cases"),
    [
        (p.base, {"a/b/c.txt": "c.txt", "a/b/": "b", "": ".", "/": "/", "//": "/", "c": "c"}),
        (
            p.dir_,
            {
                "a/b/c.txt": "a/b",
                "a/b/": "a/b",
                "": ".",
                "/": "/",
                "c": ".",
                "//a": "/",
                "/a/../..": "/",
            },
        ),
        (
            p.clean,
            {
                "a//b/./c/../d/": "a/b/d",
                "": ".",
                "//a": "/a",
                "../../a": "../../a",
                "/../a": "/a",
                "a/..": ".",
                "./": ".",
            },
        ),
        (p.ext, {"a/b.tar.gz": ".gz", "a.b/c": "", ".bashrc": ".bashrc", "a/": "", "a.": "."}),
        (p.is_abs, {"/a": True, "a": False, "": False}),
    ],
)
def test_paths(function, cases):
    assert {path: function(path) for path in cases} == cases


def test_os_paths_are_the_linux_ones():
    assert FUNCTIONS["osBase"].body("a/b/") == "b"
    assert FUNCTIONS["osDir"].body("a/b/c") == "a/b"
    assert FUNCTIONS["osClean"].body("a/../../b") == "../b"
    assert FUNCTIONS["osExt"].body("x.y") == ".y"
    assert FUNCTIONS["osIsAbs"].body("/x") is True


@pytest.mark.parametrize(
    ("function", "arg", "expected"),
    [
        (e.b64enc, "hub-cluster-np", "aHViLWNsdXN0ZXItbnA="),
        (e.b64enc, "ß", "w58="),
        (e.b64dec, "aHViLWNsdXN0ZXItbnA=", "hub-cluster-np"),
        (e.b64dec, "", ""),
        (e.b64dec, "!!", "illegal base64 data at input byte 0"),
        (e.b64dec, "aGk", "illegal base64 data at input byte 0"),
        (e.b64dec, "aGk=\n", "hi"),
        (e.b64dec, "YQ==YQ==", "illegal base64 data at input byte 4"),
        (e.b32enc, "hub", "NB2WE==="),
        (e.b32dec, "NB2WE===", "hub"),
        (e.b32dec, "x", "illegal base32 data at input byte 0"),
        (e.b32dec, "NB2WE", "illegal base32 data at input byte 0"),
        (e.sha1sum, "x", "11f6ad8ec52a2984abaafd7c3b516503785c2072"),
        (e.sha256sum, "x", "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"),
        (e.sha256sum, "ß", "cd3a7e92a9114307055e4a0583acd6549ec3bb6d7c10ecc6ce11ae3d76b3d7db"),
        (
            e.sha512sum,
            "x",
            "a4abd4448c49562d828115d13a1fccea927f52b4d5459297f8b43e42da89238bc13626e43dcb38ddb082488927ec904fb42057443983e88585179d50551afe62",
        ),
        (e.adler32sum, "x", "7929977"),
        (e.adler32sum, "", "1"),
    ],
)
def test_encodings_and_hashes(function, arg, expected):
    assert function(arg) == expected


def test_b64dec_of_binary_keeps_the_bytes():
    assert go_bytes(e.b64dec("/w==")) == b"\xff"


def test_derive_password():
    assert e.derive_password(1, "long", "password", "user", "example.com") == "ZedaFaxcZaso9*"
    assert e.derive_password(1, "nope", "p", "u", "s") == "cannot find password template nope"


def test_answers_go_gives_without_randomness():
    assert e.htpasswd("a:b", "pw") == "invalid username: a:b"
    assert e.gen_private_key("x") == "Unknown type x"
    assert e.encrypt_aes("k", "") == ""
    assert e.decrypt_aes("k", "") == ""


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("!!", "illegal base64 data at input byte 0"),
        ("YWJj", "slice bounds out of range [:16] with capacity 3"),
    ],
)
def test_decrypt_aes_failures(arg, message):
    with pytest.raises(GoError, match=message.replace("[", r"\[")):
        e.decrypt_aes("k", arg)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("bcrypt", ("x",)),
        ("htpasswd", ("u", "p")),
        ("uuidv4", ()),
        ("genPrivateKey", ("rsa",)),
        ("encryptAES", ("k", "text")),
        ("randBytes", (4,)),
        ("genCA", ("cn", 3)),
        ("genSelfSignedCert", ("cn", None, None, 3)),
    ],
)
def test_random_results_are_not_knowable(name, args):
    assert not FUNCTIONS[name].knowable
    with pytest.raises(NotKnowable):
        FUNCTIONS[name].body(*args)
