"""Turkish numbers in words, and the suffixes a number takes in writing.

Why our own: the audio series must read "%21,1" as "yüzde yirmi bir virgül bir", and the
written sentence needs the right suffix after a number ("%21,1'i", "%24,6'sı", "%30'u"),
which follows the *spoken* last word. Both come from one word list here. Pure; tested.

Turkish rules used: no "bir" before "yüz" and "bin" (yüz, bin, but iki yüz, bir milyon);
decimals are read digit group by digit group after "virgül" with leading zeros spoken
("0,05" -> "sıfır virgül sıfır beş").
"""

from __future__ import annotations

_ONES = ["", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz"]
_TENS = ["", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan"]
_SCALES = [(10**12, "trilyon"), (10**9, "milyar"), (10**6, "milyon"), (1000, "bin")]

BACK = set("aıou")
FRONT = set("eiöü")
VOWELS = BACK | FRONT
VOICELESS = set("fstkçşhp")


def _below_1000(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        if hundreds > 1:
            words.append(_ONES[hundreds])
        words.append("yüz")
    tens, ones = divmod(rest, 10)
    if tens:
        words.append(_TENS[tens])
    if ones:
        words.append(_ONES[ones])
    return words


def integer_words(n: int) -> str:
    """12345 -> "on iki bin üç yüz kırk beş"; negative numbers start with "eksi"."""
    if n < 0:
        return "eksi " + integer_words(-n)
    if n == 0:
        return "sıfır"
    words: list[str] = []
    for scale, name in _SCALES:
        count, n = divmod(n, scale)
        if count:
            if not (scale == 1000 and count == 1):
                words.extend(integer_words(count).split())
            words.append(name)
    words.extend(_below_1000(n))
    return " ".join(words)


def number_words(text: str) -> str:
    """A number as written in Turkish ("21,1", "1.234", "-3", "0,05") in words."""
    raw = text.strip().replace("−", "-")
    negative = raw.startswith("-")
    raw = raw.lstrip("+-")
    whole, _, decimals = raw.replace(".", "").partition(",")
    if not whole.isdigit() or (decimals and not decimals.isdigit()):
        raise ValueError(f"not a Turkish number: {text!r}")
    spoken = integer_words(int(whole))
    if decimals:
        zeros = len(decimals) - len(decimals.lstrip("0"))
        tail = ["sıfır"] * zeros + ([integer_words(int(decimals))] if decimals.strip("0") else [])
        spoken += " virgül " + " ".join(tail)
    return ("eksi " if negative else "") + spoken


def last_vowel(word: str) -> str:
    for ch in reversed(word.lower()):
        if ch in VOWELS:
            return ch
    return "e"


def _fold(word: str) -> str:
    return word.replace("I", "ı").replace("İ", "i").lower()


def locative(word: str) -> str:
    """The locative suffix (bulunma hali): Seferihisar'da, Ödemiş'te, Çeşme'de, Konak'ta."""
    w = _fold(word.strip())
    vowel = "a" if last_vowel(w) in BACK else "e"
    consonant = "t" if w and w[-1] in VOICELESS else "d"
    return consonant + vowel


def genitive(word: str) -> str:
    """The genitive suffix (tamlayan): Seferihisar'ın, Çeşme'nin, Konak'ın, Buca'nın."""
    w = _fold(word.strip())
    v = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}[last_vowel(w)]
    return ("n" + v + "n") if w and w[-1] in VOWELS else (v + "n")


def possessive(word: str) -> str:
    """The 3rd-person possessive (iyelik) suffix: biri, altısı, otuzu, yüzü."""
    w = _fold(word.strip())
    v = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}[last_vowel(w)]
    return ("s" + v) if w and w[-1] in VOWELS else v


def with_suffix(number_text: str, suffix: str = "possessive") -> str:
    """The suffix a written number takes, from its spoken last word: "21,1" -> "i", "24,6" -> "sı"."""
    last = number_words(number_text).split()[-1]
    return {"possessive": possessive, "locative": locative, "genitive": genitive}[suffix](last)


def ordinal_words(n: int) -> str:
    """12 -> "on ikinci", 4 -> "dördüncü", 50 -> "ellinci"."""
    words = integer_words(n).split()
    last = words[-1]
    if last == "dört":
        last = "dörd"
    v = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}[last_vowel(last)]
    words[-1] = last + ("nc" + v if last[-1] in VOWELS else v + "nc" + v)
    return " ".join(words)
