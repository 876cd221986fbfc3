"""The main language of a short English text around one long foreign paragraph stays English (text from Debian's
English and German manual pages)."""

from __future__ import annotations

from mlkit import segment

ENGLISH = ("/proc/sys/fs/mqueue (since Linux 2.6.6)\n\n"
           "Sets the update interval to n seconds (default is 4 seconds).\n\n"
           "Adding further difficulty, the setjmp() and longjmp() calls may not even be in the same source code "
           "module.")
GERMAN = ("Wenn Pakete die Konfiguration anpassen müssen, können sie Ergänzungen unter /usr/ installieren. Dateien in "
          "/etc/ sind für den lokalen Administrator reserviert, der diese Logik verwenden kann, um die durch die "
          "Lieferantenpakete bereitgestellten Konfigurationsdateien außer Kraft zu setzen.")


def test_a_long_foreign_paragraph_does_not_make_a_short_english_text_foreign() -> None:
    doc = segment(f"{ENGLISH}\n\n{GERMAN}\n")
    assert doc.meta["main_lang"] == "en"
    assert [(p.lang, doc.text[p.start : p.end]) for p in doc.passages()] == [("de", GERMAN)]


def test_a_foreign_text_with_a_little_english_keeps_its_own_language() -> None:
    doc = segment(f"{GERMAN}\n\n{GERMAN}\n\nSets the update interval.\n")
    assert doc.meta["main_lang"] == "de"
