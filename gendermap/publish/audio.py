"""Sentences read aloud, offline: espeak-ng (Debian package, Turkish and English voices
installed with it) writes WAV; libsndfile (PyPI ``soundfile``) re-encodes it as OGG Vorbis.

The text arrives with numbers already in words (:func:`gendermap.publish.sentences.spoken_tr`),
so the voice never guesses how to read "%21,1". The text goes through standard input, not
the command line, so nothing in it can be taken for an option; the synthesiser runs with a
time limit.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import soundfile

VOICES = {"tr": "tr", "en": "en-gb"}
WORDS_PER_MINUTE = 150
"""A little slower than espeak-ng's default 175, for radio and for listeners who need time."""
TIMEOUT_S = 60
MAX_CHARS = 4000


class AudioError(RuntimeError):
    """Speech could not be made (synthesiser missing or failing): a message for people."""


@dataclass(frozen=True)
class Speech:
    wav: Path
    ogg: Path
    seconds: float


def available() -> bool:
    return shutil.which("espeak-ng") is not None


def speak(text: str, wav: Path, ogg: Path, lang: str = "tr") -> Speech:
    """Write ``text`` read aloud as ``wav`` and ``ogg``; returns both and the duration."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise AudioError("Ses üretilemedi: espeak-ng kurulu değil (scripts/sysdeps.sh kurar). "
                         "(espeak-ng is not installed)")
    text = " ".join(text.split())[:MAX_CHARS]
    try:
        subprocess.run(
            [exe, "-v", VOICES.get(lang, "tr"), "-s", str(WORDS_PER_MINUTE), "-w", str(wav), "--stdin"],
            input=text.encode("utf-8"), check=True, capture_output=True, timeout=TIMEOUT_S,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise AudioError(f"Ses üretilemedi (speech synthesis failed): {exc}") from None
    data, rate = soundfile.read(str(wav))
    soundfile.write(str(ogg), data, rate, format="OGG", subtype="VORBIS")
    return Speech(wav, ogg, len(data) / float(rate))
