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


CODE = ("typedef bool_t (*xdrproc_t)(XDR *, void *,...);\n\nbool_t xdr_char(XDR *xdrs, char *cp);\n\n{foreign}\n\n"
        "struct sockaddr_in *svc_getcaller(SVCXPRT *xprt);\n\nCalled by a service dispatch routine that cannot "
        "successfully decode its parameters. See also svc_getargs().\n\nstatic ssize_t pad_spaces(FILE *stream, "
        "size_t pad_len);\n")
PORTUGUESE = ("Um Identificador Uniforme de Recursos (Uniform Resource Identifier - URI) é uma cadeia de caracteres "
              "curta que identifica um recurso abstrato ou físico (por exemplo, uma página da Web). Um Localizador "
              "Uniforme de Recursos (Uniform Resource Locator - URL) é uma URI que identifica um recurso através do "
              "seu mecanismo de acesso primário (por exemplo, sua 'localização' de rede), em vez do nome ou algum "
              "outro atributo daquele recurso.")


def test_a_foreign_paragraph_among_code_does_not_make_the_english_text_foreign() -> None:
    """rpc(3) and printf.h declarations with one Portuguese paragraph (pt_BR's uri(7)): the sample's word vote
    went to Portuguese, and every declaration became part of a Portuguese text."""
    doc = segment(CODE.format(foreign=PORTUGUESE))
    assert doc.meta["main_lang"] == "en"
    assert [(p.lang, doc.text[p.start : p.end]) for p in doc.passages()] == [("pt", PORTUGUESE)]
    # the same code around a foreign text many times its size (English under 15% of it): that text's language
    doc = segment(CODE.format(foreign="\n\n".join([GERMAN] * 8)))
    assert doc.meta["main_lang"] == "de"


KOREAN = ("단일-스레드 모드에서는 기본적으로 블록 쪼개기를 하지 않습니다. 이 옵션을 설정한다고 해서 메모리 "
          "사용에 영향을 주지는 않습니다.")


def test_a_korean_paragraph_among_code_does_not_make_the_english_text_korean() -> None:
    """xz(1)'s Korean translation among proc(5) headings and C declarations: Hangul outweighed the sample's
    letters, and the code's words read as Korean text."""
    text = ("/proc/pid/attr/prev (since Linux 2.6.0)\n\nfloat hypotf(float x, float y);\n\n"
            f"{KOREAN}\n\ncluster_id,opcode_name,config,sched_class\n\nstruct TYPE *TAILQ_FIRST(TAILQ_HEAD *head);\n")
    doc = segment(text)
    assert doc.meta["main_lang"] == "en"
    assert [(p.lang, doc.text[p.start : p.end]) for p in doc.passages()] == [("ko", KOREAN)]
    doc = segment(f"{KOREAN}\n\n{KOREAN}\n\nSee xz(1).\n")
    assert doc.meta["main_lang"] == "ko"
