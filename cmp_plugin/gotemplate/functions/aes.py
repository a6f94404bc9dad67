"""AES decryption (FIPS-197) in CBC mode, for sprig's `decryptAES`.

Python's standard library has no AES and the preview needs it for one rarely used template
function, so it is written here: the S-box computed from its definition (the inverse in
GF(2^8), then the affine map), the key schedule, and the inverse cipher with tables for the
multiplications of InvMixColumns. It is checked against FIPS-197's known answers and against
real Go (`tests/gotemplate/test_functions_c.py`, the conformance corpus). Decryption only:
sprig's `encryptAES` draws a random IV, so its result is not knowable anyway.
"""

from __future__ import annotations

import functools

BLOCK = 16


def _xtime(a: int) -> int:
    a <<= 1
    return a ^ 0x11B if a & 0x100 else a


def _mul(a: int, b: int) -> int:
    """Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1."""
    product = 0
    while b:
        if b & 1:
            product ^= a
        a, b = _xtime(a), b >> 1
    return product


@functools.cache
def _tables() -> tuple[bytes, bytes, tuple[tuple[int, ...], ...]]:
    """(S-box, inverse S-box, products by 14, 11, 13, 9 of every byte)."""
    power, log, exp = 1, [0] * 256, [0] * 255
    for i in range(255):  # 3 generates the multiplicative group
        exp[i], log[power] = power, i
        power = _mul(power, 3)
    inverse = [0] + [exp[-log[a] % 255] for a in range(1, 256)]
    sbox = bytearray(256)
    for a in range(256):
        x = inverse[a]
        # the affine map: x + rotl(x,1) + rotl(x,2) + rotl(x,3) + rotl(x,4) + 0x63
        y = x
        for shift in range(1, 5):
            y ^= ((x << shift) | (x >> (8 - shift))) & 0xFF
        sbox[a] = y ^ 0x63
    inv_sbox = bytearray(256)
    for a, s in enumerate(sbox):
        inv_sbox[s] = a
    products = tuple(tuple(_mul(a, k) for a in range(256)) for k in (14, 11, 13, 9))
    return bytes(sbox), bytes(inv_sbox), products


def _round_keys(key: bytes) -> list[list[int]]:
    """The key schedule of a 16-, 24- or 32-byte key: one 16-byte round key per round."""
    sbox = _tables()[0]
    nk = len(key) // 4
    rounds = nk + 6
    words = [list(key[4 * i : 4 * i + 4]) for i in range(nk)]
    rcon = 1
    for i in range(nk, 4 * (rounds + 1)):
        word = list(words[i - 1])
        if i % nk == 0:
            word = [sbox[b] for b in word[1:] + word[:1]]
            word[0] ^= rcon
            rcon = _xtime(rcon)
        elif nk > 6 and i % nk == 4:
            word = [sbox[b] for b in word]
        words.append([a ^ b for a, b in zip(words[i - nk], word, strict=True)])
    return [[b for word in words[4 * r : 4 * r + 4] for b in word] for r in range(rounds + 1)]


# InvShiftRows on a column-major state: the byte at index i moves from index _SHIFT[i].
_SHIFT = tuple((i + 4 * (i % 4) * 3) % 16 for i in range(16))


def decrypt_block(keys: list[list[int]], block: bytes) -> bytes:
    """The inverse cipher of FIPS-197 section 5.3 for one 16-byte block."""
    _, inv_sbox, (m14, m11, m13, m9) = _tables()
    rounds = len(keys) - 1
    state = [b ^ k for b, k in zip(block, keys[rounds], strict=True)]
    for r in range(rounds - 1, -1, -1):
        state = [inv_sbox[state[_SHIFT[i]]] ^ keys[r][i] for i in range(16)]
        if r == 0:
            break
        mixed = []
        for c in range(0, 16, 4):
            a0, a1, a2, a3 = state[c : c + 4]
            mixed += [
                m14[a0] ^ m11[a1] ^ m13[a2] ^ m9[a3],
                m9[a0] ^ m14[a1] ^ m11[a2] ^ m13[a3],
                m13[a0] ^ m9[a1] ^ m14[a2] ^ m11[a3],
                m11[a0] ^ m13[a1] ^ m9[a2] ^ m14[a3],
            ]
        state = mixed
    return bytes(state)


def decrypt_cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    """CBC decryption of whole blocks (`len(data)` a multiple of 16), no padding removed."""
    keys = _round_keys(key)
    out = bytearray()
    previous = iv
    for start in range(0, len(data), BLOCK):
        block = data[start : start + BLOCK]
        plain = decrypt_block(keys, block)
        out += bytes(p ^ v for p, v in zip(plain, previous, strict=True))
        previous = block
    return bytes(out)
