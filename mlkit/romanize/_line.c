/* One line of Korean romanised by the boundary tables of mlkit.romanize.walker_tables, in one pass.
 *
 * The one fast path beside the rule engine (mlkit/romanize/korean.py, parts.py, context.py and the driver in
 * __init__.py), which is its reference: a text is romanised line by line here. The tables (pieces of text per
 * syllable start, vowel, boundary and final) and the lexical masks are built in Python by walker_tables.py from
 * the rule engine, and handed over by mlkit/romanize/walker.py; the decisions below are the engine's (named in
 * the comments), and anything the tables cannot see is reported back so that the rule engine writes it:
 *   - None: the whole line goes to the engine (several lines, a word alone on its line, a spaced signature);
 *   - a list of strings and (start, end, flags, table text) records: the words Python checks or gives to the
 *     engine (exact lexicon entries, possible titles, names next to a title, hyphened places) and the
 *     stretches between words that the engine's router writes (Hanja, kana, other scripts).
 * Otherwise the result is the line's romanisation as a str.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define SBASE 0xAC00
#define NSYL 11172
#define NONE_K 0x3FFF
#define MASK_SIZE (NONE_K + 1)
#define PAIR_BITS 18 /* walker.py builds the filters with as many bits */
#define NSYSTEMS 4

/* flags of a word record */
#define F_SLOW 1    /* the engine writes it: a sound the tables cannot see (korean: 밟, MR ë) */
#define F_TITLE2 2  /* a title starts at syllable 2 (parts.title_at) */
#define F_TITLE3 4  /* ... at syllable 3 or later (up to title_at_max: a two-syllable surname) */
#define F_TITLED 8  /* a surname-first word next to a title (context.before_title/after_title, romanize._contextual) */
#define F_GAP 16    /* a stretch between words that the engine's router writes (Hanja, kana, other scripts) */
#define F_HYPHEN 32 /* the word is followed by "-" and a word: maybe a hyphened place (romanize._hyphened_place) */
#define F_HTAIL 64  /* the word after such a hyphen */
#define F_DIVIDE 128 /* MR/DPRK: a listed word inside, so the word may be divided (parts.divide) */
#define F_LEXICON 256 /* a lexicon entry, or one starts it (parts.analyse: gazetteer, exceptions, 남도, 산맥) */
#define F_SAID 1024 /* MR: slow only for a syllable an older spelling may hold (walker._said_as_written decides) */

/* the syllable sets, in the order of walker.MASKS */
#define M_START_SINGLE 0
#define M_TITLE_SINGLE 1
#define M_SURNAMES 2
#define M_ELEMENT_INITIALS 3
#define M_LN 4
#define M_NR 5
#define M_GENERIC 6
#define M_BALP 7
#define M_MR_E_AFTER 8
#define M_SINO 9
#define M_ENDINGS_L 10
#define M_VERB_HA 11
#define M_HA_ENDINGS 12
#define M_RG_NOUNS 13
#define M_CONTENT_PREFIX 14
#define M_PARTICLE_VOWELS 15
#define M_LONG_FINAL 16
#define M_PLACE 17
#define M_MR_SAID 18
#define M_MR_FIRST_R 19
#define M_MR_E 20
#define HAS(bit, syllable) ((int)((masks[syllable] >> (bit)) & 1u))

/* jamo indices (Unicode order) */
#define L_G 0
#define L_NG 11
#define L_R 5
#define L_H 18
#define V_YEO 6
#define F_N 4
#define F_L 8
#define F_LG 9
#define F_S 19
#define F_SS 20

typedef struct {
    int len, lo, hi;
    int syl[8];
    unsigned char codas[28];
} Element;

typedef struct {
    int ready;
    int rr, mr, dprk;
    int empty, start, vowel, final_, bound;
    PyObject *keep; /* a tuple holding every buffer and set below */
    /* The pieces, each distinct one once (8 bytes of UTF-8 padded with 0xFF) with its length, and for every slot
       of walker_tables' table the number of its piece; `plain` numbers the boundaries without lexical flags densely
       (coda * 399 + next initial and vowel), the common case. */
    const uint64_t *packed;
    unsigned char *lens;
    Py_ssize_t npacked;
    const uint16_t *slot, *plain;
    Py_ssize_t nslot;
    const unsigned char *start_pairs, *title_pairs, *division_pairs;
    const uint32_t *masks; /* by syllable: one bit per syllable set (M_...), all of a syllable in one load */
    const unsigned char *y_vowels, *plain_codas, *char_kinds;
    PyObject *exact, *prefixes, *titles, *title_tails, *word_tails, *inner_words;
    int title_lengths[16];
    int ntitle_lengths;
    int prefix_lengths[16];
    int nprefix;
    Element *ninsert, *content;
    int nninsert, ncontent;
    int endings[32][8]; /* walker_tables.lexicon_endings: 남도, 북도, 산맥, ... */
    int ending_len[32];
    int nendings;
    int ha, han, i_syl, man_syl;
    int title_at_max; /* the last syllable a title glued to a name can start at (parts.name_evidence) */
} System;

static System systems[NSYSTEMS];

static inline uint32_t pair_index(uint32_t a, uint32_t b) {
    uint32_t code = a * 16384u + b;
    return (uint32_t)(code * 2654435761u) >> (32 - PAIR_BITS);
}

/* The pair filters come packed, eight slots a byte (32 KB each: they stay in the cache). */
static inline int pair_hit(const unsigned char *filter, uint32_t a, uint32_t b) {
    uint32_t i = pair_index(a, b);
    return (filter[i >> 3] >> (i & 7)) & 1;
}

static const unsigned char *get_buffer(PyObject *d, const char *key, Py_ssize_t size, PyObject *keep_list) {
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL || !PyBytes_Check(v) || (size >= 0 && PyBytes_GET_SIZE(v) != size)) {
        PyErr_Format(PyExc_ValueError, "_line.setup: %s must be bytes of length %zd", key, size);
        return NULL;
    }
    if (PyList_Append(keep_list, v) < 0) return NULL;
    return (const unsigned char *)PyBytes_AS_STRING(v);
}

static int get_int(PyObject *d, const char *key, int *out) {
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL) {
        PyErr_Format(PyExc_ValueError, "_line.setup: %s is missing", key);
        return -1;
    }
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred()) return -1;
    *out = (int)x;
    return 0;
}

/* A frozenset from the set-up dict, kept alive in keep_list. */
static PyObject *get_frozenset(PyObject *d, const char *key, PyObject *keep_list) {
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL || !PyFrozenSet_Check(v)) {
        PyErr_Format(PyExc_ValueError, "_line.setup: %s must be a frozenset", key);
        return NULL;
    }
    return PyList_Append(keep_list, v) < 0 ? NULL : v;
}

/* A tuple of at most 16 ints (word lengths) from the set-up dict into out; its length, or -1. */
static int get_lengths(PyObject *d, const char *key, int *out) {
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL || !PyTuple_Check(v) || PyTuple_GET_SIZE(v) > 16) {
        PyErr_Format(PyExc_ValueError, "_line.setup: %s must be a tuple of at most 16", key);
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(v); i++) {
        out[i] = (int)PyLong_AsLong(PyTuple_GET_ITEM(v, i));
        if (PyErr_Occurred()) return -1;
    }
    return (int)PyTuple_GET_SIZE(v);
}

/* elements: a sequence of (syllables, lo, hi, codas bytes[28]) */
static int get_elements(PyObject *d, const char *key, Element **out, int *count) {
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL || !PyTuple_Check(v)) {
        PyErr_Format(PyExc_ValueError, "_line.setup: %s must be a tuple", key);
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(v);
    Element *els = PyMem_Calloc(n ? n : 1, sizeof(Element));
    if (els == NULL) return -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyTuple_GET_ITEM(v, i);
        PyObject *syl, *codas;
        int lo, hi;
        if (!PyArg_ParseTuple(t, "O!iiS", &PyTuple_Type, &syl, &lo, &hi, &codas)) goto fail;
        Py_ssize_t m = PyTuple_GET_SIZE(syl);
        if (m < 1 || m > 8 || PyBytes_GET_SIZE(codas) != 28) {
            PyErr_SetString(PyExc_ValueError, "_line.setup: an element has 1 to 8 syllables and 28 codas");
            goto fail;
        }
        els[i].len = (int)m;
        els[i].lo = lo;
        els[i].hi = hi;
        for (Py_ssize_t j = 0; j < m; j++) {
            long s = PyLong_AsLong(PyTuple_GET_ITEM(syl, j));
            if (s == -1 && PyErr_Occurred()) goto fail;
            els[i].syl[j] = (int)s;
        }
        memcpy(els[i].codas, PyBytes_AS_STRING(codas), 28);
    }
    *out = els;
    *count = (int)n;
    return 0;
fail:
    PyMem_Free(els);
    return -1;
}

static PyObject *setup(PyObject *self, PyObject *args) {
    int sid;
    PyObject *d;
    if (!PyArg_ParseTuple(args, "iO!", &sid, &PyDict_Type, &d)) return NULL;
    if (sid < 0 || sid >= NSYSTEMS) {
        PyErr_SetString(PyExc_ValueError, "_line.setup: system id out of range");
        return NULL;
    }
    System s;
    memset(&s, 0, sizeof(s));
    PyObject *keep = PyList_New(0);
    if (keep == NULL) return NULL;
    if (get_int(d, "rr", &s.rr) || get_int(d, "mr", &s.mr) || get_int(d, "dprk", &s.dprk) ||
        get_int(d, "empty", &s.empty) || get_int(d, "start", &s.start) || get_int(d, "vowel", &s.vowel) ||
        get_int(d, "final", &s.final_) || get_int(d, "bound", &s.bound) || get_int(d, "ha", &s.ha) ||
        get_int(d, "han", &s.han) || get_int(d, "i", &s.i_syl) || get_int(d, "man", &s.man_syl) ||
        get_int(d, "title_at_max", &s.title_at_max))
        goto fail;
    PyObject *packed = PyDict_GetItemString(d, "packed");
    if (packed == NULL || !PyBytes_Check(packed) || PyBytes_GET_SIZE(packed) % 8) {
        PyErr_SetString(PyExc_ValueError, "_line.setup: packed must be bytes, 8 a piece");
        goto fail;
    }
    if (PyList_Append(keep, packed) < 0) goto fail;
    s.packed = (const uint64_t *)PyBytes_AS_STRING(packed);
    s.npacked = PyBytes_GET_SIZE(packed) / 8;
    PyObject *slot = PyDict_GetItemString(d, "slot"), *plain = PyDict_GetItemString(d, "plain");
    if (slot == NULL || plain == NULL || !PyBytes_Check(slot) || !PyBytes_Check(plain) ||
        PyBytes_GET_SIZE(plain) != 2 * 28 * 399 || PyBytes_GET_SIZE(slot) % 2) {
        PyErr_SetString(PyExc_ValueError, "_line.setup: slot and plain must be uint16 bytes");
        goto fail;
    }
    if (PyList_Append(keep, slot) < 0 || PyList_Append(keep, plain) < 0) goto fail;
    s.slot = (const uint16_t *)PyBytes_AS_STRING(slot);
    s.nslot = PyBytes_GET_SIZE(slot) / 2;
    s.plain = (const uint16_t *)PyBytes_AS_STRING(plain);
    for (Py_ssize_t i = 0; i < s.nslot; i++) {
        if (s.slot[i] >= s.npacked) {
            PyErr_SetString(PyExc_ValueError, "_line.setup: a slot names no piece");
            goto fail;
        }
    }
    for (Py_ssize_t i = 0; i < 28 * 399; i++) {
        if (s.plain[i] >= s.npacked) {
            PyErr_SetString(PyExc_ValueError, "_line.setup: a plain boundary names no piece");
            goto fail;
        }
    }
    s.lens = PyMem_Malloc(s.npacked);
    if (s.lens == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < s.npacked; i++) {
        const unsigned char *p = (const unsigned char *)&s.packed[i];
        int len = 0;
        while (len < 8 && p[len] != 0xFF) len++;
        s.lens[i] = (unsigned char)len;
    }
#define BUF(name, size) \
    if ((s.name = get_buffer(d, #name, size, keep)) == NULL) goto fail;
    BUF(start_pairs, 1 << (PAIR_BITS - 3)) BUF(title_pairs, 1 << (PAIR_BITS - 3))
    BUF(division_pairs, 1 << (PAIR_BITS - 3)) BUF(y_vowels, 21) BUF(plain_codas, 28) BUF(char_kinds, 0x10000)
    const unsigned char *masks = get_buffer(d, "masks", MASK_SIZE * 4, keep);
    if (masks == NULL) goto fail;
    s.masks = (const uint32_t *)masks;
#undef BUF
    if ((s.exact = get_frozenset(d, "exact", keep)) == NULL || (s.prefixes = get_frozenset(d, "prefixes", keep)) == NULL
        || (s.title_tails = get_frozenset(d, "title_tails", keep)) == NULL
        || (s.word_tails = get_frozenset(d, "word_tails", keep)) == NULL
        || (s.inner_words = get_frozenset(d, "inner_words", keep)) == NULL
        || (s.titles = get_frozenset(d, "titles", keep)) == NULL
        || (s.ntitle_lengths = get_lengths(d, "title_lengths", s.title_lengths)) < 0
        || (s.nprefix = get_lengths(d, "prefix_lengths", s.prefix_lengths)) < 0)
        goto fail;
    PyObject *lg = PyDict_GetItemString(d, "endings");
    if (lg == NULL || !PyTuple_Check(lg) || PyTuple_GET_SIZE(lg) > 32) {
        PyErr_SetString(PyExc_ValueError, "_line.setup: endings must be a tuple of at most 32");
        goto fail;
    }
    s.nendings = (int)PyTuple_GET_SIZE(lg);
    for (int i = 0; i < s.nendings; i++) {
        PyObject *g = PyTuple_GET_ITEM(lg, i);
        if (!PyTuple_Check(g) || PyTuple_GET_SIZE(g) < 1 || PyTuple_GET_SIZE(g) > 8) {
            PyErr_SetString(PyExc_ValueError, "_line.setup: an ending has 1 to 8 syllables");
            goto fail;
        }
        s.ending_len[i] = (int)PyTuple_GET_SIZE(g);
        for (int j = 0; j < s.ending_len[i]; j++) {
            s.endings[i][j] = (int)PyLong_AsLong(PyTuple_GET_ITEM(g, j));
            if (PyErr_Occurred()) goto fail;
        }
    }
    if (get_elements(d, "n_insertion", &s.ninsert, &s.nninsert) < 0) goto fail;
    if (get_elements(d, "content", &s.content, &s.ncontent) < 0) goto fail;
    s.keep = keep;
    s.ready = 1;
    System *old = &systems[sid];
    if (old->ready) {
        Py_XDECREF(old->keep);
        PyMem_Free(old->ninsert);
        PyMem_Free(old->content);
        PyMem_Free(old->lens);
    }
    *old = s;
    Py_RETURN_NONE;
fail:
    PyMem_Free(s.lens);
    PyMem_Free(s.ninsert);
    PyMem_Free(s.content);
    Py_DECREF(keep);
    return NULL;
}

static inline int is_break(Py_UCS4 c) {
    return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x85 ||
           c == 0x2028 || c == 0x2029;
}

static inline int spelled_at(const int *k, Py_ssize_t at, const Element *e) {
    for (int j = 0; j < e->len; j++)
        if (k[at + j] != e->syl[j]) return 0;
    return 1;
}

/* Whether a word the pair filter points at is an exact entry or starts with a prefix entry (parts.analyse, korean._lexical). */
static int exact_or_prefix(const System *s, PyObject *text, Py_ssize_t ws, Py_ssize_t we) {
    PyObject *word = PyUnicode_Substring(text, ws, we);
    if (word == NULL) return -1;
    int hit = PySet_Contains(s->exact, word);
    for (int i = 0; hit == 0 && i < s->nprefix; i++) {
        Py_ssize_t n = s->prefix_lengths[i];
        if (n >= we - ws) {
            hit = PySet_Contains(s->prefixes, word);
        } else {
            PyObject *head = PyUnicode_Substring(text, ws, ws + n);
            if (head == NULL) {
                hit = -1;
                break;
            }
            hit = PySet_Contains(s->prefixes, head);
            Py_DECREF(head);
        }
    }
    Py_DECREF(word);
    return hit;
}

static inline int title_filter(const System *s, const int *k, Py_ssize_t at, Py_ssize_t remaining) {
    const uint32_t *masks = s->masks;
    if (HAS(M_TITLE_SINGLE, k[at])) return 1;
    return remaining >= 2 && pair_hit(s->title_pairs, k[at], k[at + 1]);
}

/* Whether a title starts at `at` and ends by `limit` (text.startswith(t, at) for a title t): 1, 0, or -1. */
static int title_starts(const System *s, PyObject *text, Py_ssize_t at, Py_ssize_t limit) {
    for (int i = 0; i < s->ntitle_lengths; i++) {
        Py_ssize_t end = at + s->title_lengths[i];
        if (end > limit) continue;
        PyObject *t = PyUnicode_Substring(text, at, end);
        if (t == NULL) return -1;
        int hit = PySet_Contains(s->titles, t);
        Py_DECREF(t);
        if (hit) return hit;
    }
    return 0;
}

/* Whether `text[a:b]` is a title: 1, 0, or -1. */
static int is_title(const System *s, PyObject *text, Py_ssize_t a, Py_ssize_t b) {
    PyObject *t = PyUnicode_Substring(text, a, b);
    if (t == NULL) return -1;
    int hit = PySet_Contains(s->titles, t);
    Py_DECREF(t);
    return hit;
}

#define SMALL 512

/* Append to parts the text written since the last record (seg to end), then rec (stolen; NULL: an error). */
static int put_record(PyObject *parts, const unsigned char *seg, const unsigned char *end, PyObject *rec) {
    PyObject *before = rec ? PyUnicode_DecodeUTF8((const char *)seg, end - seg, "strict") : NULL;
    int failed = before == NULL || PyList_Append(parts, before) < 0 || PyList_Append(parts, rec) < 0;
    Py_XDECREF(before);
    Py_XDECREF(rec);
    return failed ? -1 : 0;
}

static PyObject *line(PyObject *self, PyObject *args) {
    int sid;
    PyObject *text;
    if (!PyArg_ParseTuple(args, "iU", &sid, &text)) return NULL;
    if (sid < 0 || sid >= NSYSTEMS || !systems[sid].ready) {
        PyErr_SetString(PyExc_ValueError, "_line.line: system not set up");
        return NULL;
    }
    const System *s = &systems[sid];
    /* the tables in locals: the output is written through a char pointer, which may alias any field of *s */
    const uint32_t *masks = s->masks;
    const uint64_t *packed = s->packed;
    const unsigned char *lens = s->lens;
    const uint16_t *slot = s->slot, *plain = s->plain;
    const int start_piece = s->start, vowel_piece = s->vowel, final_piece = s->final_, bound_piece = s->bound;
    const int rr = s->rr, mr = s->mr, dprk = s->dprk;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);

    int small_k[SMALL + 2], small_ws[SMALL], small_we[SMALL];
    int *k = small_k, *wsa = small_ws, *wea = small_we;
    Py_UCS4 small_cp[SMALL + 2];
    Py_UCS4 *cp = small_cp; /* the code points, read once */
    unsigned char small_out[16 * SMALL + 16];
    unsigned char *out = small_out;
    unsigned short small_flags[SMALL];
    unsigned char small_bad[SMALL + 1];
    unsigned short *flags = small_flags;
    unsigned char *bad = small_bad;
    PyObject *result = NULL;
    if (n > SMALL) {
        k = PyMem_Malloc((n + 2) * sizeof(int));
        cp = PyMem_Malloc((n + 2) * sizeof(Py_UCS4));
        wsa = PyMem_Malloc(n * sizeof(int));
        wea = PyMem_Malloc(n * sizeof(int));
        out = PyMem_Malloc(16 * n + 16);
        flags = PyMem_Malloc(n * sizeof(unsigned short));
        bad = PyMem_Malloc(n + 1);
        if (!k || !cp || !wsa || !wea || !out || !flags || !bad) {
            PyErr_NoMemory();
            goto done;
        }
    }

    /* pass 1: syllables, words, stretches the router writes (the driver's _other_run), and the reasons to give
       the whole line to the engine (the driver's _romanize_line: a word alone, a spaced signature) */
    if (kind == PyUnicode_2BYTE_KIND) { /* Korean text */
        const Py_UCS2 *d2 = data;
        for (Py_ssize_t i = 0; i < n; i++) cp[i] = d2[i];
    } else if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d1 = data;
        for (Py_ssize_t i = 0; i < n; i++) cp[i] = d1[i];
    } else {
        memcpy(cp, data, n * sizeof(Py_UCS4));
    }
    cp[n] = 0;
    cp[n + 1] = 0;
    Py_ssize_t nw = 0;
    bad[0] = 0;
    int only_space = 1; /* everything outside Hangul is whitespace */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = cp[i];
        uint32_t syl = c - SBASE;
        if (syl < NSYL) {
            k[i] = (int)syl;
            if (i == 0 || k[i - 1] == NONE_K) wsa[nw] = (int)i;
            if (i + 1 == n || (uint32_t)(cp[i + 1] - SBASE) >= NSYL) {
                wea[nw++] = (int)i + 1;
                bad[nw] = 0;
            }
            continue;
        }
        k[i] = NONE_K;
        if (is_break(c)) {
            /* one line with its line end: a single break at the end, or \r\n */
            if (!(i == n - 1 || (c == '\r' && i == n - 2 && cp[i + 1] == '\n'))) goto engine;
        }
        if (c >= 128) {
            if (c > 0xFFFF || !(s->char_kinds[c] & 1)) bad[nw] = 1; /* the engine's router writes the stretch */
        }
        if (only_space && !(c < 0x10000 && (s->char_kinds[c] & 2))) only_space = 0;
    }
    k[n] = NONE_K;
    k[n + 1] = NONE_K;
    if (nw == 0 && !bad[0]) {
        Py_INCREF(text);
        result = text;
        goto done;
    }
    if (nw == 1 && only_space && wea[0] - wsa[0] <= 64) goto engine; /* a word alone on its line */
    {
        /* a spaced signature (김 정 일) starts with a one-syllable surname after nothing but spaces or tabs */
        int w0 = wsa[0];
        if (wea[0] - w0 == 1 && HAS(M_SURNAMES, k[w0])) {
            int blank = 1;
            for (int i = 0; i < w0 && blank; i++) {
                Py_UCS4 c = cp[i];
                blank = c == ' ' || c == '\t';
            }
            /* context.SIGNATURE: two to four syllables spaced by one space or tab, then only spaces to the end */
            Py_ssize_t j = w0 + 1;
            int pairs = 0;
            while (blank && pairs < 3 && j + 1 < n) {
                Py_UCS4 c = cp[j];
                if ((c != ' ' && c != '\t') || k[j + 1] == NONE_K) break;
                j += 2;
                pairs++;
            }
            while (j < n && (cp[j] == ' ' || cp[j] == '\t')) j++;
            if (blank && pairs && (j == n || (j == n - 1 && cp[j] == '\n') ||
                                   (j == n - 2 && cp[j] == '\r' &&
                                    cp[j + 1] == '\n')))
                goto engine;
        }
    }

    /* pass 2: each word's flags (the words parts.analyse and context's titles would change) */
    int any_flag = 0;
    for (Py_ssize_t w = 0; w < nw; w++) {
        int ws = wsa[w], we = wea[w], wlen = we - ws;
        int f = 0;
        if (wlen == 1) {
            if (HAS(M_START_SINGLE, k[ws])) f |= F_LEXICON;
        } else if (pair_hit(s->start_pairs, k[ws], k[ws + 1])) {
            int hit = exact_or_prefix(s, text, ws, we);
            if (hit < 0) goto done;
            if (hit) f |= F_LEXICON;
        }
        int surname_first = HAS(M_SURNAMES, k[ws]);
        if (surname_first) {
            for (int at = 2; at <= s->title_at_max; at++) {
                if (wlen > at && title_filter(s, k, ws + at, wlen - at)) {
                    int hit = title_starts(s, text, ws + at, we);
                    if (hit < 0) goto done;
                    if (hit) f |= at == 2 ? F_TITLE2 : F_TITLE3;
                }
            }
        }
        /* a word ending in a province's 남도/북도 or a long generic (태백산맥) after more: parts.analyse */
        for (int g = 0; HAS(M_LONG_FINAL, k[we - 1]) && g < s->nendings && !(f & F_LEXICON); g++) {
            int gl = s->ending_len[g];
            if (wlen > gl) {
                int j = 0;
                while (j < gl && k[we - gl + j] == s->endings[g][j]) j++;
                if (j == gl) f |= F_LEXICON;
            }
        }
        for (int i = ws; i < we && !(f & F_SLOW); i++) {
            if (HAS(M_BALP, k[i])) f |= F_SLOW;
        }
        if (mr && !(f & F_SLOW)) { /* ㅔ after a or o is ë (walker_tables._mr_e_after, _mr_e) */
            for (int i = ws; i + 1 < we; i++) {
                if (HAS(M_MR_E_AFTER, k[i]) && HAS(M_MR_E, k[i + 1])) {
                    f |= F_SLOW;
                    break;
                }
            }
        }
        if (mr && !(f & F_SLOW)) { /* older spellings read as said (spoken.as_said, as_today, initial_said) */
            if (wlen >= 2 && HAS(M_MR_FIRST_R, k[ws])) f |= F_SLOW;
            int said = 0;
            for (int i = ws; i < we && !said && !(f & F_SLOW); i++) {
                if (HAS(M_MR_SAID, k[i])) said = 1;
            }
            if (said) f |= F_SLOW | F_SAID;
        }
        if (!rr && wlen >= 4 && !(f & (F_SLOW | F_LEXICON))) {
            /* MR/DPRK word division (parts.divide): the word is covered by listed words, so one starts it, or
               (MR) a listed word of two syllables or more ends it after at least two */
            if (pair_hit(s->division_pairs, k[ws], k[ws + 1])) f |= F_DIVIDE;
            for (int i = ws + 2; mr && i + 1 < we && !(f & F_DIVIDE); i++) {
                if (pair_hit(s->division_pairs, k[i], k[i + 1])) f |= F_DIVIDE;
            }
        }
        if (surname_first && wlen <= 4) {
            /* the engine asks context.before_title/after_title for these (romanize._contextual): a title
               starts the next word, or is the previous word (its last seven syllables at most) */
            int near = 0;
            if (w + 1 < nw && wsa[w + 1] == we + 1 && cp[we] == ' ' &&
                title_filter(s, k, wsa[w + 1], wea[w + 1] - wsa[w + 1])) {
                near = title_starts(s, text, we + 1, n);
                if (near < 0) goto done;
            }
            if (!near && ws >= 2 && cp[ws - 1] == ' ') {
                Py_ssize_t i = ws - 1;
                while (i > 0 && k[i - 1] != NONE_K && ws - i < 8) i--;
                if (i < ws - 1 && title_filter(s, k, i, ws - 1 - i)) {
                    near = is_title(s, text, i, ws - 1);
                    if (near < 0) goto done;
                }
            }
            if (near) f |= F_TITLED;
        }
        if (we + 1 < n && cp[we] == '-' && k[we + 1] != NONE_K) f |= F_HYPHEN;
        if (ws >= 2 && cp[ws - 1] == '-' && k[ws - 2] != NONE_K) f |= F_HTAIL;
        flags[w] = (unsigned short)f;
        any_flag |= f | bad[w];
    }
    any_flag |= bad[nw];

    /* pass 3: the pieces (each boundary's lexical flag as korean._bounds sets it, see walker_tables._variants) */
    PyObject *parts = NULL;
    if (any_flag) {
        parts = PyList_New(0);
        if (parts == NULL) goto done;
    }
    unsigned char *o = out, *seg = out;
    /* a piece is copied whole (8 bytes; the output has room for 16 a character) and the padding overwritten */
#define PUT(piece)                     \
    do {                               \
        int p_ = (piece);              \
        memcpy(o, &packed[p_], 8);     \
        o += lens[p_];                 \
    } while (0)
#define PIECE(idx) PUT(slot[idx])
    Py_ssize_t i = 0;
    Py_ssize_t w = 0;
    while (i < n) {
        if (k[i] == NONE_K && bad[w]) {
            /* the whole stretch up to the next word, for the router */
            Py_ssize_t end = w < nw ? wsa[w] : n;
            if (put_record(parts, seg, o, Py_BuildValue("(nnis)", i, end, F_GAP, "")) < 0) {
                Py_DECREF(parts);
                goto done;
            }
            seg = o;
            i = end;
            continue;
        }
        if (k[i] == NONE_K) {
            Py_UCS4 c = cp[i];
            if (c < 0x80) {
                *o++ = (unsigned char)c;
            } else if (c < 0x800) {
                *o++ = (unsigned char)(0xC0 | (c >> 6));
                *o++ = (unsigned char)(0x80 | (c & 0x3F));
            } else {
                *o++ = (unsigned char)(0xE0 | (c >> 12));
                *o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
                *o++ = (unsigned char)(0x80 | (c & 0x3F));
            }
            i++;
            continue;
        }
        int ws = wsa[w], we = wea[w], wlen = we - ws, f = flags[w];
        unsigned char *word_out = o;
        int generic_word = wlen >= 3 && HAS(M_GENERIC, k[we - 1]);
        int capital = generic_word;
        if (capital && (rr || mr)) {
            /* parts.analyse: a stem that reads Han characters (parts.generic_place_shape: three syllables at
               most, not 만, not a title's end such as 대통령, not a frequent word after two syllables or more) */
            capital = wlen <= 4 && k[we - 1] != s->man_syl;
            for (int j = ws; j < we - 1 && capital; j++) capital = HAS(M_PLACE, k[j]);
            if (capital) {
                PyObject *tail = PyUnicode_Substring(text, we - 2, we);
                int hit = tail ? PySet_Contains(s->title_tails, tail) : -1;
                if (hit == 0 && wlen >= 4) hit = PySet_Contains(s->word_tails, tail); /* 여론조사: a word ends it */
                Py_XDECREF(tail);
                if (hit < 0) {
                    Py_XDECREF(parts);
                    goto done;
                }
                capital = !hit;
            }
        }
        PIECE(start_piece + capital * 399 + k[ws] / 28);
        for (int j = ws; j < we; j++) {
            if (j > ws) PIECE(vowel_piece + (k[j] / 28) % 21);
            if (j == we - 1) {
                PIECE(final_piece + k[j] % 28);
                break;
            }
            int coda = k[j] % 28, nk = k[j + 1], lead = nk / 588, nv = (nk / 28) % 21;
            int inner1 = j + 2 < we; /* syllable j + 1 is followed by a syllable */
            int variant = 0;
            if (lead == L_H) {
                int ncoda = nk % 28;
                if (nv == V_YEO && (ncoda == 0 || ncoda == F_SS)) variant = 1;
                if ((rr || mr) &&
                    (HAS(M_VERB_HA, nk) || (nk == s->ha && inner1 && HAS(M_HA_ENDINGS, k[j + 2])) ||
                     (nk == s->han && coda == F_S)))
                    variant = 1;
            } else if (lead == L_NG && coda) {
                int at = j + 1, stem = at - ws, room = we - at;
                if (HAS(M_ELEMENT_INITIALS, nk) || HAS(M_CONTENT_PREFIX, k[j])) {
                    int ni = 0, ct = 0;
                    for (int e = 0; e < s->nninsert && !ni; e++) {
                        const Element *el = &s->ninsert[e];
                        ni = el->syl[0] == nk && room >= el->len && stem >= el->lo && stem <= el->hi && el->codas[coda] &&
                             spelled_at(k, at, el);
                    }
                    ni = ni && s->y_vowels[nv];
                    if (ni && stem != 2) { /* korean.inside_word: 출입, 부산광역시 (광역): no ㄴ before 입, 역 */
                        PyObject *pair = PyUnicode_Substring(text, at - 1, at + 1);
                        int hit = pair ? PySet_Contains(s->inner_words, pair) : -1;
                        Py_XDECREF(pair);
                        if (hit < 0) {
                            Py_XDECREF(parts);
                            goto done;
                        }
                        ni = !hit;
                    }
                    int not_plain = !s->plain_codas[coda];
                    for (int e = 0; e < s->ncontent && !ct && not_plain; e++) {
                        const Element *el = &s->content[e];
                        ct = el->syl[0] == nk && room >= el->len && !el->codas[coda] && spelled_at(k, at, el);
                    }
                    if (not_plain && stem == 1 && HAS(M_CONTENT_PREFIX, k[j]) && !HAS(M_PARTICLE_VOWELS, nk)) ct = 1;
                    variant = ni | (ct << 1);
                }
            } else if (coda == F_N && lead == L_R) {
                int keep = dprk && HAS(M_NR, nk);
                int ln = HAS(M_LN, nk) && (j + 1 - ws >= 2);
                variant = keep ? 2 : (ln ? 1 : 0);
            } else if (coda == F_LG && lead == L_G) {
                variant = !HAS(M_RG_NOUNS, k[j]); /* korean._bounds: Art 11, stems in ㄺ but the nouns */
            } else if (mr && coda == F_L && (lead == 3 || lead == 9 || lead == 12)) {
                int at = j + 1;
                int ok = HAS(M_SINO, k[j]) && HAS(M_SINO, nk) && !HAS(M_ENDINGS_L, nk);
                ok = ok && !(inner1 && k[at + 1] == s->i_syl);
                ok = ok && !((at - ws >= 2) && !inner1);
                variant = ok;
            }
            int generic_bound = !rr && generic_word && j == we - 2;
            if (variant == 0 && !generic_bound) {
                PUT(plain[coda * 399 + nk / 28]);
            } else {
                PIECE(bound_piece + ((coda * 399 + nk / 28) * 4 + variant) * 2 + generic_bound);
            }
        }
        if (f) {
            /* the text so far, then the word's record with its table text */
            PyObject *table = PyUnicode_DecodeUTF8((const char *)word_out, o - word_out, "strict");
            if (put_record(parts, seg, word_out, table ? Py_BuildValue("(iiiN)", ws, we, f, table) : NULL) < 0) {
                Py_DECREF(parts);
                goto done;
            }
            seg = o;
        }
        i = we;
        w++;
    }
#undef PIECE
#undef PUT
    {
        PyObject *tail = PyUnicode_DecodeUTF8((const char *)seg, o - seg, "strict");
        if (tail == NULL) {
            Py_XDECREF(parts);
            goto done;
        }
        if (parts == NULL) {
            result = tail;
        } else {
            int bad = PyList_Append(parts, tail) < 0;
            Py_DECREF(tail);
            if (bad) {
                Py_DECREF(parts);
                goto done;
            }
            result = parts;
        }
    }
    goto done;
engine:
    Py_INCREF(Py_None);
    result = Py_None;
done:
    if (n > SMALL) {
        PyMem_Free(k);
        PyMem_Free(cp);
        PyMem_Free(wsa);
        PyMem_Free(wea);
        PyMem_Free(out);
        PyMem_Free(flags);
        PyMem_Free(bad);
    }
    return result;
}

static PyMethodDef methods[] = {
    {"setup", setup, METH_VARARGS, "setup(system_id, tables): hand over one system's tables and masks."},
    {"line", line, METH_VARARGS,
     "line(system_id, text): the romanisation (str), words to check (list of str and records), or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_line", "One line through the boundary tables.", -1,
                                    methods};

PyMODINIT_FUNC PyInit__line(void) { return PyModule_Create(&module); }
