"""The related-language model (mlkit/segment/relatives.py): a small file of numbers, deterministic decisions
within a group, and passages whose runs agree with them."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from mlkit import segment
from mlkit.resources import data_path
from mlkit.segment import relatives, strays
from mlkit.segment.runs import Run
from tests.conftest import shared_data


def test_model_file_is_small_and_numbers_only() -> None:
    path = data_path(relatives.MODEL_FILE)
    assert path.stat().st_size < 4_000_000
    with np.load(path, allow_pickle=False) as npz:
        for key in npz.files:
            arr = npz[key]
            if key.startswith("langs_"):
                assert arr.dtype.kind == "U" and all(len(x) <= 3 for x in arr)
            elif key == "metadata":  # how the file was made (tools/train_relatives.py): no training text
                made = json.loads(str(arr))
                assert made["command"].startswith("python tools/train_relatives.py")
                assert set(made) == {"command", "commit", "date", "data", "seed", "parameters", "inputs_sha256"}
            else:
                assert arr.dtype.kind in "iuf", key


def test_groups_are_disjoint() -> None:
    model = relatives.load_model()
    assert model is not None
    seen: set[str] = set()
    for g in model.groups:
        assert not seen & set(g.langs)
        seen |= set(g.langs)
        assert g.weights.shape == (len(g.langs), g.buckets)
    assert {"id", "ms"} <= seen
    assert model.detector is not None and "en" in model.detector.langs


def test_hashing_is_stable() -> None:
    # CRC-32 and a fixed polynomial hash, not Python's salted hash: the same buckets in every process
    buckets = relatives.word_buckets(["rumah"], 1 << 18).tolist()
    assert len(buckets) == 1 + 7 + 6 + 5 + 4 + 3  # the word, then its 1- to 5-grams of "<rumah>"
    assert buckets[:3] == [15379, 182278, 251449]


def test_features_of_a_text_are_those_of_its_words() -> None:
    both = sorted(relatives.text_buckets("Rumah, besar!", 1000).tolist())
    apart = sorted(relatives.word_buckets(["rumah"], 1000).tolist() + relatives.word_buckets(["besar"], 1000).tolist())
    assert both == apart


def test_a_words_row_is_the_weights_of_its_features_scaled_plus_its_list_scores() -> None:
    """Each language's score of a word: the weights of its hashed features summed, times the group's scale,
    plus the word lists' log-probabilities times the lexicon weight (without letter n-grams for words no list
    knows where the group says so)."""
    model = relatives.load_model()
    assert model is not None
    words = ["rumah", "besar", "perché", "straße", "невозможности", "𝐀bc", "x"]
    for group in (*model.groups, model.detector):
        rows = relatives._rows(group, words)
        for w, row in zip(words, rows, strict=True):
            for k in range(len(group.langs)):
                expect = float(sum(int(group.weights[k, b]) for b in relatives.word_buckets([w], group.buckets)))
                expect *= group.scale
                if group.lexicon_weight:
                    lexicon = relatives.log_probs if group.lexicon_letters else relatives.list_log_probs
                    expect += group.lexicon_weight * lexicon(w, group.langs)[k]
                assert row[k] == expect, (w, group.langs[k])


def test_relabelling_and_unknown_words_run_without_numpy() -> None:
    """The related-language model is read from the table cache as bytes and numbers: a text that goes through
    the relabelling and the unknown-word detector never imports numpy (a tenth of a second per process)."""
    code = (
        "import sys\n"
        "from mlkit.segment import segment\n"
        "doc = segment('The report said: Pemerintah akan membangun jalan baru di daerah itu tahun depan. '\n"
        "              'They studied the herstellungsmethoden of the plant.')\n"
        "print(sorted({s.lang for s in doc.spans if s.kind == 'passage'}), 'numpy' in sys.modules)\n"
    )

    def run() -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    run()  # builds the table cache if this checkout's tables are not there yet
    langs, numpy_loaded = run().rsplit(" ", 1)
    assert langs != "[]" and numpy_loaded.strip() == "False"


def test_decide_stays_within_the_group() -> None:
    text = "Pemerintah akan membangun jalan baru di daerah itu tahun depan."
    assert relatives.decide(text, "id") in ("id", "ms")
    assert relatives.decide(text, "ms") in ("id", "ms")
    assert relatives.decide(text, "id") == relatives.decide(text, "id")
    assert relatives.decide("Guten Morgen", "pl") == "pl"  # no group: unchanged
    assert relatives.decide("", "ms") == "ms"


def test_runs_agree_with_their_passage() -> None:
    text = ("The report was short.\n\nPemerintah akan membangun jalan baru di daerah itu tahun depan. "
            "Warga berharap proyek itu selesai tepat waktu dan tidak mengganggu kegiatan sehari-hari.\n\n"
            "Then the meeting ended.\n")
    doc = segment(text)
    for p in doc.passages():
        inside = [s for s in doc.spans if s.kind == "run" and p.start <= s.start < p.end and s.lang in ("id", "ms")]
        assert all(s.lang == p.lang for s in inside)


def test_unknown_foreign_word_is_split_off_a_main_run() -> None:
    text = "The plant uses new herstellungsmethoden for its parts."
    runs = [Run(0, len(text) - 1, "en", "Latin", 1.0, 9)]
    out = strays.find_strays(text, runs, "en")
    foreign = [r for r in out if r.lang != "en"]
    assert [(text[r.start : r.end], r.lang) for r in foreign] == [("herstellungsmethoden", "de")]
    assert all(text[r.start : r.end].strip() == text[r.start : r.end] for r in out)


def test_known_and_neutral_words_stay_in_the_main_run() -> None:
    # romanised Korean is at home in a text about Korea
    text = "In Nampho, Haeju and Kusong they played paduk near the old bridge, then walked home."
    runs = [Run(0, len(text), "en", "Latin", 1.0, 15)]
    assert strays.find_strays(text, runs, "en") == runs


def test_a_short_fragment_inside_a_passage_takes_its_language() -> None:
    text = "Intro.\n\nuna frase larga en otra lengua que sigue aquí y dejarn sorprendido.\n"
    a, b = text.index("una"), text.index(" dejarn")
    runs = [Run(0, 6, "en", "Latin", 1.0, 1), Run(a, b, "es", "Latin", 0.99, 11),
            Run(b + 1, len(text) - 1, "nl", "Latin", 0.9, 2)]
    out = relatives.absorb_fragments(text, runs, "en")
    assert [r.lang for r in out] == ["en", "es", "es"]
    # with other words between them, the two do not touch: each keeps its language
    runs[1] = Run(a, a + 3, "es", "Latin", 0.99, 1)
    assert relatives.absorb_fragments(text, runs, "en") == runs


def test_no_passage_turns_into_the_main_language() -> None:
    text = ("Pemerintah akan membangun jalan baru di daerah itu tahun depan. Warga berharap proyek itu selesai "
            "tepat waktu.\n\nKerajaan akan membina jalan baharu di kawasan itu tahun hadapan.\n")
    for main in ("id", "ms"):
        doc = segment(text, main_lang=main)
        assert all(p.lang != main for p in doc.passages())


# Real Indonesian from Debian's translated manual pages (manpages-id, tuning half of bench/manpages.py),
# inside English technical prose: technical Indonesian ("digunakan", "baris perintah", "halaman buku")
# once read as Malay.
ENGLISH = ("The default value in this file is 0, which means that the kernel decides how much memory a process may "
           "map. Set this file to 1 only if you have a good reason to change the behaviour of the allocator.")
INDONESIAN = (
    "Ketika digunakan dengan option -D, useradd akan menampilkan nilai default, atau memperbarui nilai default baru "
    "yang terdapat pada baris perintah.",
    "Jika $MANROFFSEQ diset, nilainya digunakan untuk menetukan set dari preprosesor untuk dilewatkan ke setiap "
    "halaman buku panduan.",
    "nama mungkin berisi karakter bebas (-w) atau berupa sebuah ekpresi umum (-r).",
)


def test_technical_indonesian_is_not_malay() -> None:
    for sentence in INDONESIAN:
        doc = segment(f"{ENGLISH} {sentence} {ENGLISH}")
        foreign = [p for p in doc.passages() if p.lang != "en"]
        assert foreign and all(p.lang == "id" for p in foreign), (sentence, foreign)


def test_malay_sentences_stay_malay() -> None:
    path = shared_data("lingua-testdata/sentences/ms.txt")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:300]
    share = sum(relatives.decide(line, "id") == "ms" for line in lines) / len(lines)
    assert share >= 0.85, share


# Danish and Norwegian Bokmål from Debian's translated manual pages (tuning half of bench/manpages.py); the
# word lists barely tell them apart, the model of their relatives (trained on other texts: user-interface
# messages) does.
DANISH = ("udlinjer med NUL frem for", "valgfri argumenter til lange tilvalg", "komprimér ikke tabeller",
          "Der er INGEN ANSVAR.")
BOKMAL = ("kommaseparert liste", "Dette er fri programvare", "en MIPSEL Linux-kjerne", "i C-stil for ikke-grafiske")


def test_danish_and_bokmal_are_told_apart() -> None:
    for lang, texts in (("da", DANISH), ("nb", BOKMAL)):
        for text in texts:
            assert relatives.decide(text, "da") == lang, text
            assert relatives.decide(text, "nb") == lang, text


def test_a_danish_sentence_in_english_prose_is_danish() -> None:
    sentence = ("Bemærk at hvis du bruger rm til at fjerne en fil, er det måske muligt at genskabe noget af denne "
                "fils indhold givet tilstrækkelig ekspertise og/eller tid.")
    doc = segment(f"{ENGLISH} {sentence} {ENGLISH}")
    assert [p.lang for p in doc.passages() if p.lang != "en"] == ["da"]


# Czech, Slovak, Croatian and Bosnian messages of Debian's gettext catalogues that neither the model of their
# relatives reads (SLAVIC_CATALOGUES in tools/train_relatives.py) nor bench/catalogue_langs.py tests on (PackageKit,
# apt, dpkg, system-config-printer; GTK 2 for Bosnian). Czech phrases read as Slovak and Bosnian as Croatian.
CATALOGUE_LINES = {
    "cs": ("Je požadován název balíčku, který se má odstranit",  # PackageKit
           "Tento HTTP server má porouchanou podporu rozsahů",  # apt
           "vždy bez dotazu použije nový konfigurační soubor",  # dpkg
           "konec souboru na stdin při otázce na konfigurační soubory"),  # dpkg
    "sk": ("Tento softvér nepochádza z dôveryhodného zdroja.",  # PackageKit
           "To môže byť z dôvodu vypnutej alebo odpojenej tlačiarne.",  # system-config-printer
           "Urobí zo všetkých problémov so závislosťami upozornenia",  # dpkg
           "Nemožno spustiť službu na vzdialenom serveri"),  # system-config-printer
    "hr": ("Odabrani paketi su možda već instalirani.",  # PackageKit
           "Potrebna je ovjera za uklanjanje softvera",
           "Ponovno pokrenite računalo za završetak nadopune.",
           "Potreban je naziv paketa za uklanjanje"),
    "bs": ("Nisam mogao dodijeliti memoriju za podatke palete",  # GTK 2
           "GIF slika je odsječena ili nekompletna",
           "Ovdje možete unijeti heksadecimalnu vrijednost za boju u HTML-stilu, ili jednostavno ime boje kao npr. "
           "'narandžasta'.",
           "Prethodno izabrana boja, za usporedbu sa bojom koju sada izabirete. Možete povući ovu boju do jednog "
           "unosa palete ili je izabrati povlačeći je u susjedno polje sa uzorkom boje."),
}


@pytest.mark.parametrize("lang", sorted(CATALOGUE_LINES))
def test_czech_slovak_croatian_and_bosnian_messages_come_out_in_their_language(lang: str) -> None:
    for line in CATALOGUE_LINES[lang]:
        doc = segment(f"{ENGLISH} {line} {ENGLISH}")
        assert [p.lang for p in doc.passages() if p.lang != "en"] == [lang], line


def test_latin_names_inside_a_cyrillic_sentence_do_not_split_its_language() -> None:
    """Ukrainian, Russian and Serbian manual pages (xz(1), vim(1), grub-syslinux2cfg(1)): a word or two between
    Latin names took Belarusian, Bulgarian or Macedonian on its own."""
    english = "The file descriptor is still present in the set after the call returns."
    for lang, sentence in [
        ("uk", "Фільтр Delta разом із LZMA2 може дати добрі результати для растрових зображень."),
        ("ru", "Внимательно прочитайте файл vi_diff.txt (или наберите \":help vi_diff.txt\" в Vim) и используйте "
               "опции 'compatible' и 'cpoptions'."),
        ("sr", "Потпуна документација за grub-syslinux2cfg је одржавана као Тексинфо упутство. Ако су info и "
               "grub-syslinux2cfg исправно инсталирани на вашем сајту, наредба"),
    ]:
        doc = segment(f"{english}\n{sentence}\n{english}")
        assert {p.lang for p in doc.passages()} == {lang}, sentence
    # two sentences a line apart in different scripts' languages stay apart
    doc = segment(f"{english} Фільтр разом із LZMA2 може дати добрі результати.\nThe kernel keeps it open.\n"
                  "Потпуна документација је одржавана као упутство.")
    assert [p.lang for p in doc.passages()] == ["uk", "sr"]


# Messages of Debian packages (apt, systemd, PackageKit, software-properties: catalogues the Cyrillic model is not
# trained on, nor tested on by bench/catalogue_langs.py). The Bulgarian ones came out Russian before Russian,
# Ukrainian, Bulgarian, Macedonian, Serbian and Belarusian were one group of relatives.
BULGARIAN = ("Програмата не е от доверено хранилище.",
             "За приспиване на системата е необходима идентификация.",
             "Следният пакет е бил инсталиран автоматично и вече не е необходим:",
             "Файлът за кеш на пакети е несъвместима версия")
CYRILLIC_NEIGHBOURS = (
    ("ru", "Следующие пакеты будут оставлены в неизменном виде:"),
    ("ru", "Установить аппаратные часы по местному времени или по Гринвичу"),
    ("mk", "Избраната датотека може да не е GPG датотека или пак може да е расипана."),
    ("mk", "Треба да сте root за да ја извршите оваа програма"),
    ("sr", "Постави часовник реалног времена на локалну временску зону или UTC зону"),
    ("sr", "Управљај системском услугом или јединичним датотекама"),
)


def test_bulgarian_read_as_russian_is_bulgarian() -> None:
    model = relatives.load_model()
    assert model is not None and model.group_of("bg") is model.group_of("ru")
    for sentence in BULGARIAN:
        assert relatives.decide(sentence, "ru") == "bg", sentence
        doc = segment(f"{ENGLISH} {sentence} {ENGLISH}")
        assert [p.lang for p in doc.passages() if p.lang != "en"] == ["bg"], sentence


def test_russian_macedonian_and_serbian_keep_their_language() -> None:
    for lang, sentence in CYRILLIC_NEIGHBOURS:
        assert relatives.decide(sentence, "bg") == lang, sentence
        doc = segment(f"{ENGLISH} {sentence} {ENGLISH}")
        assert [p.lang for p in doc.passages() if p.lang != "en"] == [lang], sentence
