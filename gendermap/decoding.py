"""The one text decoder of the project: bytes a user brings -> text, or a clear refusal.

Why one: MEDAS exports, tidy CSVs and monitoring uploads arrive as UTF-8 (BOM or not),
UTF-16 (Excel's "Unicode text") or Windows-1254, and sometimes double-encoded; every
reader must recognise the same encodings and refuse the same broken files with the
same message. It lives beside :mod:`gendermap.numbers` (below every layer) so that the
importers, the MEDAS reader and the monitoring upload all use it. Pure: bytes in, text out.
"""

from __future__ import annotations

import re

__all__ = ["TextDecodeError", "decode_text", "undo_mojibake"]


def _show(value: str, limit: int = 60) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


class TextDecodeError(ValueError):
    """Bytes that are not text we can read; ``code``, ``tr`` and ``en`` say why."""

    def __init__(self, code: str, tr: str, en: str, encoding: str = "") -> None:
        super().__init__(en)
        self.code = code
        self.tr = tr
        self.en = en
        self.encoding = encoding


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of a CSV/MEDAS file: UTF-8 (BOM or not), UTF-16 with BOM, or
    Windows-1254.

    Raises :class:`TextDecodeError` for binary content, undecodable bytes and
    double-encoded ("mojibake") text, with a message that says how to save the file.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:8192]:
        raise TextDecodeError("binary", "Dosya metin değil (ikili veri içeriyor). CSV (UTF-8) veya XLSX olarak kaydedin.",
                              "Not a text file (binary content). Save it as CSV (UTF-8) or XLSX.")
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:], "utf-8-sig"
    else:
        text, encoding = raw, "utf-8"
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            decoded, encoding = raw.decode("cp1254"), "cp1254"
        except UnicodeDecodeError:
            byte = raw[exc.start : exc.start + 1].hex()
            raise TextDecodeError(
                "encoding",
                f"Dosyanın karakter kodlaması okunamadı (bayt 0x{byte}, konum {exc.start}): UTF-8 veya "
                "Windows-1254 değil. Dosyayı 'CSV UTF-8' olarak yeniden kaydedin.",
                f"Unreadable character encoding (byte 0x{byte} at {exc.start}): neither UTF-8 nor "
                "Windows-1254. Save the file again as 'CSV UTF-8'.",
            ) from exc
    fixed = undo_mojibake(decoded)
    if fixed is not None:
        sample = next((w for w in re.findall(r"\S*[ÃÄÅ]\S*", decoded)), "")
        repaired = undo_mojibake(sample) or sample
        raise TextDecodeError(
            "encoding",
            f"Türkçe harfler bozuk: dosya iki kez kodlanmış görünüyor (ör. {_show(sample)} aslında "
            f"{_show(repaired)}). Dosyayı özgün kaynağından 'CSV UTF-8' olarak yeniden kaydedin.",
            f"Turkish letters are garbled: the file looks double-encoded (e.g. {_show(sample)} is really "
            f"{_show(repaired)}). Save it again from the original as 'CSV UTF-8'.",
            encoding,
        )
    return decoded, encoding


def undo_mojibake(text: str) -> str | None:
    """The text UTF-8 bytes were meant to be, when they were decoded as 1254/Latin-1 once too often."""
    if not re.search("[ÃÄÅ]", text):
        return None
    for codec in ("cp1254", "latin-1"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != text and re.search("[çğıöşüÇĞİÖŞÜ]", repaired):
            return repaired
    return None

