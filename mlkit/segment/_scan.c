/* Compiled core of segmentation, its one implementation of the hot path (docs/segment.md, "How the hot path is
 * built"): the trigger and unknown-word scan, the candidate windows and the word HMM of each window, run
 * merging, passages, the stray-word search, the related-language sums, the word lists, letter-trigram scores,
 * the identifier scan, and a new word's evidence: its scores in every candidate language (Scorer), its shape
 * and what it tells the scan and the HMM (Judge), remembered so that a word seen again costs a lookup. The
 * runner and the scanner take any provider of a word's evidence; the segmenter gives them its Judge.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEG (-1e9)
#define RULED_OUT (-30.0)
#define TABLE_FORMAT 3 /* the layout of what the core builds into the table cache (hash indexes); part of its key */
#define MAX_LANGS 256 /* languages a runner, scanner, summer or lexicon may weigh */
#define MASK_WORDS (MAX_LANGS / 64) /* 64-bit words of a set of languages */
#define SCRIPT_COMMON 0
#define SCRIPT_OTHER 31
#define SCRIPT_JAPANESE 30 /* not a table code: the script of a run with kana and Han */
#define LM_FLAG 0x80      /* a letter or mark: what words are made of */
#define FOREIGN_FLAG 0x40 /* not ASCII and not of the Common script: what scripts.NON_ASCII_LETTER finds */
#define LETTER_FLAG 0x20  /* a letter (\p{L}): what makes a stretch of plain text a run */
#define SCRIPT_MASK 0x1f
#define CACHE_LIMIT (1 << 18)
#define MEMO_LIMIT (1 << 20)
#define FRONT_SETS 4096  /* sets of the scanner's front cache (256 KB, for the commonest words) ... */
#define FRONT_WAYS 4     /* ... of four words each, the last used first: one 64-byte cache line a set */
#define FRONT_LETTERS 12 /* the longest word the front cache holds */

/* ---------------------------------------------------------------------------------------------------------
 * A hash table of ASCII byte strings (open addressing). Keys of up to INLINE bytes live in the slot itself, so
 * a lookup touches one cache line; longer keys live in an arena.
 */

#define INLINE 16

typedef struct {
    uint64_t hash;
    int32_t len; /* -1 = empty */
    int32_t value;
    union {
        char key[INLINE];
        Py_ssize_t off; /* into the arena, for longer keys */
    } k;
} Slot;

typedef struct {
    Slot *slots;
    Py_ssize_t cap; /* a power of two */
    Py_ssize_t used;
    char *arena;
    Py_ssize_t arena_len, arena_cap;
} Table;

static inline uint64_t hash_bytes(const char *s, Py_ssize_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static int table_init(Table *t, Py_ssize_t cap) {
    t->cap = 16;
    while (t->cap < cap) t->cap <<= 1;
    t->slots = PyMem_Malloc(sizeof(Slot) * t->cap);
    if (!t->slots) return -1;
    for (Py_ssize_t i = 0; i < t->cap; i++) t->slots[i].len = -1;
    t->used = 0;
    t->arena_cap = 1024;
    t->arena = PyMem_Malloc(t->arena_cap);
    t->arena_len = 0;
    return t->arena ? 0 : -1;
}

static void table_free(Table *t) {
    PyMem_Free(t->slots);
    PyMem_Free(t->arena);
    t->slots = NULL;
    t->arena = NULL;
}

static void table_clear(Table *t) {
    for (Py_ssize_t i = 0; i < t->cap; i++) t->slots[i].len = -1;
    t->used = 0;
    t->arena_len = 0;
}

static inline const char *slot_key(const Table *t, const Slot *sl) {
    if (sl->len <= INLINE) return sl->k.key;
    /* a table read in place from the cache is trusted only this far: a key outside the arena matches nothing */
    return sl->k.off >= 0 && sl->k.off <= t->arena_len - sl->len ? t->arena + sl->k.off : NULL;
}

static Slot NO_SLOT = {.len = -1}; /* what a lookup in a table with no empty slot (a damaged cache file) finds */

/* The slot of a key: either holding it or the empty slot where it would go. */
static inline Slot *table_find(Table *t, const char *s, Py_ssize_t n, uint64_t h) {
    Py_ssize_t mask = t->cap - 1;
    Py_ssize_t i = (Py_ssize_t)(h & (uint64_t)mask);
    for (Py_ssize_t probes = 0; probes < t->cap; probes++) {
        Slot *sl = &t->slots[i];
        if (sl->len < 0) return sl;
        if (sl->hash == h && sl->len == n) {
            const char *key = slot_key(t, sl);
            if (key && memcmp(key, s, n) == 0) return sl;
        }
        i = (i + 1) & mask;
    }
    return &NO_SLOT; /* (a table this module fills always keeps empty slots: only a damaged mapped one gets here) */
}

static int table_grow(Table *t) {
    Slot *old = t->slots;
    Py_ssize_t old_cap = t->cap;
    t->cap <<= 1;
    t->slots = PyMem_Malloc(sizeof(Slot) * t->cap);
    if (!t->slots) {
        t->slots = old;
        t->cap = old_cap;
        return -1;
    }
    for (Py_ssize_t i = 0; i < t->cap; i++) t->slots[i].len = -1;
    Py_ssize_t mask = t->cap - 1;
    for (Py_ssize_t i = 0; i < old_cap; i++) {
        if (old[i].len < 0) continue;
        Py_ssize_t j = (Py_ssize_t)(old[i].hash & (uint64_t)mask);
        while (t->slots[j].len >= 0) j = (j + 1) & mask;
        t->slots[j] = old[i];
    }
    PyMem_Free(old);
    return 0;
}

/* Insert (or find) a key with its hash; returns its slot, NULL on memory error. `fresh`: whether it was new. */
static Slot *table_put_h(Table *t, const char *s, Py_ssize_t n, uint64_t h, int32_t value, int *fresh) {
    Slot *sl = table_find(t, s, n, h);
    if (sl->len >= 0) {
        if (fresh) *fresh = 0;
        return sl;
    }
    if (n > INT32_MAX) return NULL;
    if ((t->used + 1) * 2 > t->cap) {
        if (table_grow(t) < 0) return NULL;
        sl = table_find(t, s, n, h);
    }
    if (n <= INLINE) {
        memcpy(sl->k.key, s, n);
    } else {
        if (t->arena_len + n > t->arena_cap) {
            Py_ssize_t cap = t->arena_cap;
            while (t->arena_len + n > cap) cap <<= 1;
            char *a = PyMem_Realloc(t->arena, cap);
            if (!a) return NULL;
            t->arena = a;
            t->arena_cap = cap;
        }
        memcpy(t->arena + t->arena_len, s, n);
        sl->k.off = t->arena_len;
        t->arena_len += n;
    }
    sl->hash = h;
    sl->len = (int32_t)n;
    sl->value = value;
    t->used++;
    if (fresh) *fresh = 1;
    return sl;
}

static Slot *table_put(Table *t, const char *s, Py_ssize_t n, int32_t value, int *fresh) {
    return table_put_h(t, s, n, hash_bytes(s, n), value, fresh);
}

static inline Slot *table_get_h(Table *t, const char *s, Py_ssize_t n, uint64_t h) {
    Slot *sl = table_find(t, s, n, h);
    return sl->len >= 0 ? sl : NULL;
}

static Slot *table_get(Table *t, const char *s, Py_ssize_t n) { return table_get_h(t, s, n, hash_bytes(s, n)); }

/* ---------------------------------------------------------------------------------------------------------
 * Reading code points of a str.
 */

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t len;
} Text;

static inline Py_UCS4 at(const Text *t, Py_ssize_t i) { return PyUnicode_READ(t->kind, t->data, i); }

static inline int ascii_letter(Py_UCS4 c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/* What the trigger scan needs to know of an ASCII character. */
enum { C_OTHER = 0, C_LETTER = 1, C_SPACE = 2, C_NEWLINE = 3 };
static uint8_t CHAR_CLASS[128];

/* Letters (A-Z, a-z), spaces and line breaks among 16 code units, as bit masks: SSE2 where the compiler has it
 * (every x86-64), else the scan reads one code unit at a time. */
#if defined(__SSE2__)
#include <emmintrin.h>
#define HAVE_SIMD 1

/* Set bits of a 16-bit mask, inline (a library call where the CPU's popcnt is not assumed). */
static inline unsigned pop16(unsigned x) {
    x = x - ((x >> 1) & 0x5555u);
    x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
    x = (x + (x >> 4)) & 0x0F0Fu;
    return (x + (x >> 8)) & 0x1Fu;
}

static inline unsigned letters16_u8(const Py_UCS1 *p, unsigned *sp, unsigned *nl) {
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i t = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x61));
    __m128i letter = _mm_cmpeq_epi8(_mm_subs_epu8(t, _mm_set1_epi8(25)), _mm_setzero_si128());
    *sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    *nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
    return (unsigned)_mm_movemask_epi8(letter);
}

static inline __m128i letters8_u16(__m128i v) {
    __m128i t = _mm_sub_epi16(_mm_or_si128(v, _mm_set1_epi16(0x20)), _mm_set1_epi16(0x61));
    return _mm_cmpeq_epi16(_mm_subs_epu16(t, _mm_set1_epi16(25)), _mm_setzero_si128());
}

static inline unsigned letters16_u16(const Py_UCS2 *p, unsigned *sp, unsigned *nl) {
    __m128i a = _mm_loadu_si128((const __m128i *)p), b = _mm_loadu_si128((const __m128i *)(p + 8));
    __m128i space = _mm_set1_epi16(' '), line = _mm_set1_epi16('\n');
    *sp = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(_mm_cmpeq_epi16(a, space), _mm_cmpeq_epi16(b, space)));
    *nl = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(_mm_cmpeq_epi16(a, line), _mm_cmpeq_epi16(b, line)));
    return (unsigned)_mm_movemask_epi8(_mm_packs_epi16(letters8_u16(a), letters8_u16(b)));
}
/* Letters only: what the word scan needs (spaces and line breaks are counted apart, where a hit needs them). */
static inline unsigned letters_u8(const Py_UCS1 *p) {
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i t = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x61));
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_subs_epu8(t, _mm_set1_epi8(25)), _mm_setzero_si128()));
}

static inline unsigned letters_u16(const Py_UCS2 *p) {
    __m128i a = _mm_loadu_si128((const __m128i *)p), b = _mm_loadu_si128((const __m128i *)(p + 8));
    return (unsigned)_mm_movemask_epi8(_mm_packs_epi16(letters8_u16(a), letters8_u16(b)));
}
#else
#define HAVE_SIMD 0
static inline unsigned letters_u8(const Py_UCS1 *p) { (void)p; return 0; }
static inline unsigned letters_u16(const Py_UCS2 *p) { (void)p; return 0; }
static inline unsigned pop16(unsigned x) { (void)x; return 0; }
static inline unsigned letters16_u8(const Py_UCS1 *p, unsigned *sp, unsigned *nl) { (void)p; *sp = *nl = 0; return 0; }
static inline unsigned letters16_u16(const Py_UCS2 *p, unsigned *sp, unsigned *nl) { (void)p; *sp = *nl = 0; return 0; }
#endif

/* Spaces and line breaks of text[*pos:upto] added to the counts, and *pos moved to `upto`. */
static void count_to(const Text *t, Py_ssize_t *pos, Py_ssize_t upto, Py_ssize_t *spaces, Py_ssize_t *newlines) {
    Py_ssize_t i = *pos;
    if (HAVE_SIMD && t->kind == PyUnicode_1BYTE_KIND) {
        for (; i + 16 <= upto; i += 16) {
            unsigned sp, nl;
            (void)letters16_u8((const Py_UCS1 *)t->data + i, &sp, &nl);
            *spaces += pop16(sp);
            *newlines += pop16(nl);
        }
    } else if (HAVE_SIMD && t->kind == PyUnicode_2BYTE_KIND) {
        for (; i + 16 <= upto; i += 16) {
            unsigned sp, nl;
            (void)letters16_u16((const Py_UCS2 *)t->data + i, &sp, &nl);
            *spaces += pop16(sp);
            *newlines += pop16(nl);
        }
    }
    for (; i < upto; i++) {
        Py_UCS4 c = PyUnicode_READ(t->kind, t->data, i);
        *spaces += c == ' ';
        *newlines += c == '\n';
    }
    *pos = upto;
}

static void init_char_class(void) {
    for (int c = 0; c < 128; c++)
        CHAR_CLASS[c] = ascii_letter((Py_UCS4)c) ? C_LETTER : c == ' ' ? C_SPACE : c == '\n' ? C_NEWLINE : C_OTHER;
}

static int text_of(PyObject *obj, Text *t) {
    if (!PyUnicode_Check(obj)) {
        PyErr_SetString(PyExc_TypeError, "text must be str");
        return -1;
    }
    if (PyUnicode_READY(obj) < 0) return -1;
    t->kind = PyUnicode_KIND(obj);
    t->data = PyUnicode_DATA(obj);
    t->len = PyUnicode_GET_LENGTH(obj);
    return 0;
}

/* The text of a str with [lo, hi) clamped to it; -1 when it is not a str. */
static int text_range(PyObject *obj, Text *t, Py_ssize_t *lo, Py_ssize_t *hi) {
    if (text_of(obj, t) < 0) return -1;
    if (*lo < 0) *lo = 0;
    if (*hi > t->len) *hi = t->len;
    return 0;
}

static Py_ssize_t line_end_of(const Text *t, Py_ssize_t pos) {
    Py_ssize_t i = pos;
    while (i < t->len && at(t, i) != '\n') i++;
    return i;
}

/* Line starts of positions asked for in increasing order: each search stops where the previous one began, so
 * a huge line is read once, not once per position. */
typedef struct {
    Py_ssize_t from, start; /* the last position asked for (-1: none yet) and its line start */
} LineStarts;

static Py_ssize_t line_start_at(const Text *t, LineStarts *c, Py_ssize_t pos) {
    Py_ssize_t stop = c->from >= 0 && pos >= c->from ? c->from : 0;
    Py_ssize_t i = pos - 1;
    while (i >= stop && at(t, i) != '\n') i--;
    Py_ssize_t ls = i >= stop || stop == 0 ? i + 1 : c->start;
    c->from = pos;
    c->start = ls;
    return ls;
}

/* ---------------------------------------------------------------------------------------------------------
 * Scanner: the trigger scan behind fastscan.PlainWordScanner.triggers.
 */

/* A word of at most FRONT_LETTERS letters, zero-padded: letters are never zero, so the padding also says its
 * length, and an entry fits 16 bytes. k0 == 0: empty. */
typedef struct {
    uint64_t k0;
    uint32_t k1;
    int32_t value;
} Front;

/* A Judge (below) gives gains without a Python call: `gains_fn` may be one. */
static PyTypeObject JudgeType;
typedef struct Judge_ Judge;
static int judge_gains(Judge *self, PyObject *word, double *g, int *flags);
static int judge_width(const Judge *self);

typedef struct Scanner_ {
    PyObject_HEAD Table plain; /* value 1: lower-case word, its capitalised and upper-case forms match too;
                                  value 2: this exact form only */
    Table judged;              /* word -> -3 (plain), -1 (neutral) or a row of `gains` */
    Table distinct;            /* per call */
    Front *front;              /* a small set-associative copy of `judged` for the commonest words */
    void *front_block;         /* the allocation `front` is aligned in */
    double *gains;
    Py_ssize_t rows, rows_cap;
    int width;
    PyObject *gains_fn;
    double claim;          /* gains_fn given as (claim, min_letters): a lower-case word of at least min_letters */
    Py_ssize_t claim_min;  /* letters claims `claim` (width 1), any other word is neutral; no Python call */
    double min_claim, plain_step;
    struct Scanner_ *companion; /* classifies the same words in the same pass (or NULL) */
    int shortcut;               /* its plain words hold ours: a word plain to us needs no second look */
    Py_ssize_t companion_min;   /* the companion claims only lower-case words of at least this many letters */
    Py_buffer plain_views[2];   /* when `plain` was given built (plain_table()): its slots and arena, read only */
    int plain_borrowed;
} Scanner;

static void Scanner_dealloc(Scanner *self) {
    if (self->plain_borrowed) {
        PyBuffer_Release(&self->plain_views[0]);
        PyBuffer_Release(&self->plain_views[1]);
    } else {
        table_free(&self->plain);
    }
    table_free(&self->judged);
    table_free(&self->distinct);
    PyMem_Free(self->front_block);
    PyMem_Free(self->gains);
    Py_XDECREF(self->gains_fn);
    Py_XDECREF((PyObject *)self->companion);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int put_plain(Scanner *self, const char *s, Py_ssize_t n, Py_ssize_t value) {
    int fresh;
    Slot *sl = table_put(&self->plain, s, n, value, &fresh);
    if (!sl) return -1;
    if (!fresh && value == 1) sl->value = 1;
    return 0;
}

/* One plain word: an ASCII word in lower case as itself (any case form matches); another as its exact, capitalised
 * and upper-case forms; words with other characters are left out. -1 with MemoryError. */
static int add_plain(Scanner *self, const char *s, Py_ssize_t n) {
    char buf[256];
    int ok = n > 0, lower = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!ascii_letter((unsigned char)s[i])) ok = 0;
        else if (s[i] < 'a') lower = 0;
    }
    if (!ok) return 0;
    if (lower) return put_plain(self, s, n, 1) < 0 ? (PyErr_NoMemory(), -1) : 0;
    if (n > (Py_ssize_t)sizeof(buf)) return 0;
    if (put_plain(self, s, n, 2) < 0) goto nomem;
    for (Py_ssize_t i = 0; i < n; i++) buf[i] = (char)(i ? tolower(s[i]) : toupper(s[i]));
    if (put_plain(self, buf, n, 2) < 0) goto nomem;
    for (Py_ssize_t i = 0; i < n; i++) buf[i] = (char)toupper(s[i]);
    if (put_plain(self, buf, n, 2) < 0) goto nomem;
    return 0;
nomem:
    PyErr_NoMemory();
    return -1;
}

/* The plain-word table as plain_table() gave it, (slots, arena, used), read in place (a table mapped from the
 * table cache: no building, and only the slots a text looks up are ever read). */
static int plain_borrow(Scanner *self, PyObject *parts) {
    Py_ssize_t used = PyLong_AsSsize_t(PyTuple_GET_ITEM(parts, 2));
    if (used < 0 && PyErr_Occurred()) return -1;
    if (PyObject_GetBuffer(PyTuple_GET_ITEM(parts, 0), &self->plain_views[0], PyBUF_SIMPLE) < 0) return -1;
    if (PyObject_GetBuffer(PyTuple_GET_ITEM(parts, 1), &self->plain_views[1], PyBUF_SIMPLE) < 0) {
        PyBuffer_Release(&self->plain_views[0]);
        return -1;
    }
    self->plain_borrowed = 1;
    Py_ssize_t cap = self->plain_views[0].len / (Py_ssize_t)sizeof(Slot);
    if (cap < 16 || (cap & (cap - 1)) || cap * (Py_ssize_t)sizeof(Slot) != self->plain_views[0].len || used >= cap ||
        ((uintptr_t)self->plain_views[0].buf & 7)) {
        PyErr_SetString(PyExc_ValueError, "a plain-word table that does not fit this core");
        return -1;
    }
    self->plain.slots = self->plain_views[0].buf;
    self->plain.cap = cap;
    self->plain.used = used;
    self->plain.arena = self->plain_views[1].buf;
    self->plain.arena_len = self->plain.arena_cap = self->plain_views[1].len;
    return 0;
}

/* plain_table() -> (slots, arena, used): the plain-word table as bytes, which Scanner takes back in place of the
 * words (the table cache keeps it). */
static PyObject *Scanner_plain_table(Scanner *self, PyObject *unused) {
    (void)unused;
    const Table *t = &self->plain;
    return Py_BuildValue("(y#y#n)", (const char *)t->slots, (Py_ssize_t)(sizeof(Slot) * t->cap), t->arena,
                         t->arena_len, t->used);
}

static int Scanner_init(Scanner *self, PyObject *args, PyObject *kw) {
    PyObject *plain, *gains_fn;
    int width;
    double min_claim, plain_step;
    if (!PyArg_ParseTuple(args, "OOidd", &plain, &gains_fn, &width, &min_claim, &plain_step)) return -1;
    if (width < 1 || width > MAX_LANGS) {
        PyErr_SetString(PyExc_ValueError, "width out of range");
        return -1;
    }
    int built = PyTuple_Check(plain) && PyTuple_GET_SIZE(plain) == 3 && PyObject_CheckBuffer(PyTuple_GET_ITEM(plain, 0));
    Py_ssize_t hint = 0; /* sized for the words at once: no rehashing as it fills */
    if (PyBytes_Check(plain)) {
        const char *p = PyBytes_AS_STRING(plain), *end = p + PyBytes_GET_SIZE(plain);
        for (; p < end; p++) hint += *p == '\n';
    } else if ((hint = PyObject_Length(plain)) < 0) {
        PyErr_Clear();
    }
    if ((!built && table_init(&self->plain, hint > 512 ? 2 * hint : 1024) < 0) || table_init(&self->judged, 1024) < 0 ||
        table_init(&self->distinct, 1024) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    self->front_block = PyMem_Calloc(FRONT_SETS * FRONT_WAYS + 4, sizeof(Front)); /* all empty */
    self->front = self->front_block ? (Front *)(((uintptr_t)self->front_block + 63) & ~(uintptr_t)63) : NULL;
    if (!self->front) {
        PyErr_NoMemory();
        return -1;
    }
    self->width = width;
    self->min_claim = min_claim;
    self->plain_step = plain_step;
    if (PyTuple_Check(gains_fn)) { /* (claim, min_letters) */
        if (!PyArg_ParseTuple(gains_fn, "dn;gains: a callable, a Judge or (claim, min_letters)", &self->claim,
                              &self->claim_min))
            return -1;
        if (width != 1 || self->claim_min < 1) {
            PyErr_SetString(PyExc_ValueError, "(claim, min_letters) needs width 1 and min_letters >= 1");
            return -1;
        }
    }
    if (PyObject_TypeCheck(gains_fn, &JudgeType) && judge_width((Judge *)gains_fn) != width) {
        PyErr_SetString(PyExc_ValueError, "the judge weighs another number of languages");
        return -1;
    }
    Py_INCREF(gains_fn);
    self->gains_fn = gains_fn;
    if (built) return plain_borrow(self, plain);
    if (PyBytes_Check(plain)) { /* one blob of words, each ended by a line break: one object to unpickle */
        const char *p = PyBytes_AS_STRING(plain), *end = p + PyBytes_GET_SIZE(plain);
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            if (!nl) nl = end;
            if (add_plain(self, p, nl - p) < 0) return -1;
            p = nl + 1;
        }
        return 0;
    }
    PyObject *it = PyObject_GetIter(plain);
    if (!it) return -1;
    PyObject *w;
    while ((w = PyIter_Next(it)) != NULL) {
        Py_ssize_t n;
        const char *s = PyUnicode_Check(w) ? PyUnicode_AsUTF8AndSize(w, &n) : NULL;
        if (!s) {
            Py_DECREF(w);
            Py_DECREF(it);
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "plain words must be str");
            return -1;
        }
        int r = add_plain(self, s, n);
        Py_DECREF(w);
        if (r < 0) {
            Py_DECREF(it);
            return -1;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

/* Room for at least `need` rows of `width` doubles (capacity doubling from 256); -1 with MemoryError. */
static int grow_rows(double **rows, Py_ssize_t *cap, int width, Py_ssize_t need) {
    if (need <= *cap) return 0;
    Py_ssize_t c = *cap ? *cap : 256;
    while (c < need) c *= 2;
    double *r = PyMem_Realloc(*rows, sizeof(double) * width * c);
    if (!r) {
        PyErr_NoMemory();
        return -1;
    }
    *rows = r;
    *cap = c;
    return 0;
}

/* True when the word is one of the plain words' forms. */
static int is_plain(Scanner *self, const char *w, Py_ssize_t n) {
    Slot *sl = table_get(&self->plain, w, n);
    if (sl) return 1;
    /* all upper, or capitalised: compare its lower-case form with the lower-case entries */
    int upper_rest = 1, lower_rest = 1;
    for (Py_ssize_t i = 1; i < n; i++) {
        if (w[i] >= 'a') upper_rest = 0;
        else lower_rest = 0;
    }
    if (w[0] >= 'a' || !(upper_rest || lower_rest)) return 0;
    char buf[256];
    if (n > (Py_ssize_t)sizeof(buf)) return 0;
    for (Py_ssize_t i = 0; i < n; i++) buf[i] = (char)tolower(w[i]);
    sl = table_get(&self->plain, buf, n);
    return sl != NULL && sl->value == 1;
}

/* Remember a judged word: a new row of its gains when the best reaches min_claim (its row number), else neutral
 * (-1); -2 on error. */
static Py_ssize_t keep_judged(Scanner *self, const char *w, Py_ssize_t n, const double *vals) {
    double best = 0.0; /* max(gains, default=0.0) */
    for (int k = 0; k < self->width; k++)
        if (k == 0 || vals[k] > best) best = vals[k];
    Py_ssize_t value = -1;
    if (!(best < self->min_claim)) {
        if (grow_rows(&self->gains, &self->rows_cap, self->width, self->rows + 1) < 0) return -2;
        memcpy(self->gains + self->rows * self->width, vals, sizeof(double) * self->width);
        value = self->rows++;
    }
    if (!table_put(&self->judged, w, n, value, NULL)) {
        PyErr_NoMemory();
        return -2;
    }
    return value;
}

/* The judged row of a non-plain word, computed by `gains_fn`: -1 neutral, else a row of gains; -2 on error. */
static Py_ssize_t judge(Scanner *self, const char *w, Py_ssize_t n) {
    if (self->claim_min > 0) { /* words are ASCII letters: str.islower() is every letter in lower case */
        int lower = 1;
        for (Py_ssize_t j = 0; j < n; j++)
            if (w[j] < 'a') lower = 0;
        Py_ssize_t value = -1;
        if (n >= self->claim_min && lower && !(self->claim < self->min_claim)) {
            if (grow_rows(&self->gains, &self->rows_cap, self->width, self->rows + 1) < 0) return -2;
            self->gains[self->rows] = self->claim;
            value = self->rows++;
        }
        if (!table_put(&self->judged, w, n, value, NULL)) {
            PyErr_NoMemory();
            return -2;
        }
        return value;
    }
    PyObject *word = PyUnicode_DecodeASCII(w, n, NULL);
    if (!word) return -2;
    if (PyObject_TypeCheck(self->gains_fn, &JudgeType)) {
        double vals[MAX_LANGS];
        int r = judge_gains((Judge *)self->gains_fn, word, vals, NULL);
        Py_DECREF(word);
        if (r < 0) return -2;
        if (r == 0)
            for (int k = 0; k < self->width; k++) vals[k] = 0.0;
        return keep_judged(self, w, n, vals);
    }
    PyObject *res = PyObject_CallOneArg(self->gains_fn, word);
    Py_DECREF(word);
    if (!res) return -2;
    PyObject *seq = PySequence_Fast(res, "gains must be a sequence");
    Py_DECREF(res);
    if (!seq) return -2;
    if (PySequence_Fast_GET_SIZE(seq) != self->width) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "gains of the wrong width");
        return -2;
    }
    double vals[MAX_LANGS];
    for (int k = 0; k < self->width; k++) vals[k] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, k));
    Py_DECREF(seq);
    if (PyErr_Occurred()) return -2;
    return keep_judged(self, w, n, vals);
}

typedef struct {
    Py_ssize_t pos;
    Py_ssize_t row;
    Py_ssize_t spaces, newlines; /* seen in the scanned range before the word */
} Hit;

static inline int all_lower(const char *w, Py_ssize_t n) {
    for (Py_ssize_t j = 0; j < n; j++)
        if (w[j] < 'a') return 0;
    return 1;
}

/* A word of at most 16 bytes as two zero-padded 64-bit keys: two loads and masks when 16 bytes may be read,
 * else byte by byte (the same keys either way). */
static inline void word_keys(const char *w, Py_ssize_t n, int safe16, uint64_t *k0, uint64_t *k1) {
    if (safe16) {
        uint64_t a, b;
        memcpy(&a, w, 8);
        memcpy(&b, w + 8, 8);
        *k0 = n >= 8 ? a : a & ((1ULL << (8 * n)) - 1);
        *k1 = n <= 8 ? 0 : n >= 16 ? b : b & ((1ULL << (8 * (n - 8))) - 1);
        return;
    }
    char pad[16] = {0};
    for (Py_ssize_t j = 0; j < n; j++) pad[j] = w[j];
    memcpy(k0, pad, 8);
    memcpy(k1, pad + 8, 8);
}

/* The class of a word: -3 plain, -1 neutral, a row of `gains` when it is claimed; -2 on error. Remembered,
 * the commonest words also in the front cache (exact: keys are compared, never only hashed). */
static inline Py_ssize_t classify(Scanner *self, const char *w, Py_ssize_t n, uint64_t k0, uint64_t k1,
                                  int *plain) {
    Front *set = NULL;
    if (n <= FRONT_LETTERS) { /* the word's set: four entries, the last used first */
        uint64_t fh = (k0 * 0x9E3779B97F4A7C15ULL) ^ (k1 * 0xC2B2AE3D27D4EB4FULL);
        fh ^= fh >> 29;
        set = self->front + (fh & (FRONT_SETS - 1)) * FRONT_WAYS;
        for (int way = 0; way < FRONT_WAYS; way++) {
            if (set[way].k0 == k0 && set[way].k1 == (uint32_t)k1) {
                Front hit = set[way];
                if (way) {
                    memmove(set + 1, set, sizeof(Front) * (size_t)way);
                    set[0] = hit;
                }
                *plain = hit.value == -3;
                return hit.value;
            }
        }
    }
    uint64_t h = hash_bytes(w, n);
    Py_ssize_t value;
    Slot *sl = table_get_h(&self->judged, w, n, h);
    if (sl) {
        value = sl->value;
    } else if (is_plain(self, w, n)) {
        if (!table_put_h(&self->judged, w, n, h, -3, NULL)) {
            PyErr_NoMemory();
            return -2;
        }
        value = -3;
    } else {
        value = judge(self, w, n);
        if (value == -2) return -2;
    }
    if (set) { /* in at the front, the least recently used one out */
        memmove(set + 1, set, sizeof(Front) * (FRONT_WAYS - 1));
        set[0].k0 = k0;
        set[0].k1 = (uint32_t)k1;
        set[0].value = (int32_t)value;
    }
    *plain = value == -3;
    return value;
}

/* Maximum-subarray scan per language over claimed words, plain words between counting against. */
static PyObject *stretches_of(Scanner *self, const Text *t, const Hit *hits, Py_ssize_t nhits, double cost) {
    PyObject *stretches = PyList_New(0);
    if (!stretches) return NULL;
    int width = self->width;
    double run[MAX_LANGS];
    Py_ssize_t begin[MAX_LANGS];
    for (int k = 0; k < width; k++) {
        run[k] = 0.0;
        begin[k] = 0;
    }
    Py_ssize_t prev = -1, first = 0;
    for (Py_ssize_t h = 0; h < nhits; h++) {
        Py_ssize_t pos = hits[h].pos;
        const double *g = self->gains + hits[h].row * width;
        if (prev >= 0) {
            if (hits[h].newlines != hits[h - 1].newlines) {
                for (int k = 0; k < width; k++) run[k] = 0.0;
            } else {
                Py_ssize_t spaces = hits[h].spaces - hits[h - 1].spaces;
                double step = self->plain_step * (double)(spaces - 1 > 0 ? spaces - 1 : 0);
                for (int k = 0; k < width; k++) {
                    double r = run[k] - step;
                    run[k] = 0.0 < r ? r : 0.0;
                }
            }
        }
        double best_end = -1.0;
        for (int k = 0; k < width; k++) {
            if (run[k] <= 0.0) begin[k] = pos;
            run[k] += g[k];
            if (run[k] > cost && run[k] > best_end) {
                best_end = run[k];
                first = begin[k];
            }
        }
        if (best_end > 0.0) {
            PyObject *pair = Py_BuildValue("(nn)", first, pos);
            if (!pair || PyList_Append(stretches, pair) < 0) {
                Py_XDECREF(pair);
                Py_DECREF(stretches);
                return NULL;
            }
            Py_DECREF(pair);
        }
        prev = pos;
    }
    return stretches;
}

static int add_hit(Hit **hits, Py_ssize_t *n, Py_ssize_t *cap, Py_ssize_t pos, Py_ssize_t row, Py_ssize_t spaces,
                   Py_ssize_t newlines) {
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        Hit *nh = PyMem_Realloc(*hits, sizeof(Hit) * *cap);
        if (!nh) return -1;
        *hits = nh;
    }
    (*hits)[*n].pos = pos;
    (*hits)[*n].row = row;
    (*hits)[*n].spaces = spaces;
    (*hits)[*n].newlines = newlines;
    (*n)++;
    return 0;
}

static void bound_memo(Scanner *self) {
    if (self->judged.used > MEMO_LIMIT) { /* bound memory; what it remembers is pure, so it may go */
        table_clear(&self->judged);
        memset(self->front, 0, sizeof(Front) * FRONT_SETS * FRONT_WAYS);
        self->rows = 0;
    }
}

/* triggers(text, lo, hi, cost, count, companion_cost, with_companion) -> (stretches, plain_share, companion
 * stretches or None): see PlainWordScanner.triggers. The share of plain distinct words is counted only when
 * `count` is true (else 1.0); the companion scans only when `with_companion` is true (else None). A companion scanner classifies the same words in the same pass; where its plain words hold all of
 * ours (`shortcut`), a word plain to us is plain to it and is not looked up again. */
static PyObject *Scanner_triggers(Scanner *self, PyObject *args) {
    PyObject *obj;
    Py_ssize_t lo, hi;
    double cost, companion_cost = 0.0;
    int count = 1, with_companion = 1;
    if (!PyArg_ParseTuple(args, "Onnd|pdp", &obj, &lo, &hi, &cost, &count, &companion_cost, &with_companion))
        return NULL;
    Text t;
    if (text_range(obj, &t, &lo, &hi) < 0) return NULL;
    if (count) table_clear(&self->distinct);
    Scanner *comp = with_companion ? self->companion : NULL;
    int stretch = !(cost == INFINITY); /* no stretch pays an infinite cost: its hits need not be kept */
    bound_memo(self);
    if (comp) bound_memo(comp);
    Py_ssize_t n_distinct = 0, n_unknown = 0;
    Hit *hits = NULL, *chits = NULL;
    Py_ssize_t nhits = 0, hits_cap = 0, nchits = 0, chits_cap = 0;
    char small[256] = {0};
    char *buf = small;
    Py_ssize_t buf_cap = sizeof(small);
    PyObject *out = NULL;
    Py_ssize_t i = lo, spaces = 0, newlines = 0, counted = lo; /* spaces and line breaks in [lo, counted) */
    /* the next run of ASCII letters, read at the string's own width (a 1-byte string is its own buffer), with
     * its first 16 letters packed into two 64-bit keys (spaces and line breaks are counted only up to the words
     * that are hits, by count_to) */
#define NEXT_WORD(T)                                                                 \
    {                                                                                \
        const T *d = (const T *)t.data;                                              \
        if (HAVE_SIMD && sizeof(T) <= 2) { /* 16 code units at a time */              \
            while (i + 16 <= hi) {                                                   \
                unsigned m = sizeof(T) == 1 ? letters_u8((const Py_UCS1 *)d + i)     \
                                            : letters_u16((const Py_UCS2 *)d + i);   \
                if (m == 0) {                                                        \
                    i += 16;                                                         \
                    continue;                                                        \
                }                                                                    \
                i += (unsigned)__builtin_ctz(m);                                     \
                break;                                                               \
            }                                                                        \
        }                                                                            \
        for (;;) {                                                                   \
            if (i >= hi) goto scanned;                                               \
            Py_UCS4 c = d[i];                                                        \
            if (c < 128 && CHAR_CLASS[c] == C_LETTER) break;                         \
            i++;                                                                     \
        }                                                                            \
        s = i;                                                                       \
        int ended = 0;                                                               \
        if (HAVE_SIMD && sizeof(T) <= 2) {                                           \
            while (i + 16 <= hi) {                                                   \
                unsigned m = sizeof(T) == 1 ? letters_u8((const Py_UCS1 *)d + i)     \
                                            : letters_u16((const Py_UCS2 *)d + i);   \
                unsigned other = ~m & 0xFFFFu;                                       \
                if (other == 0) {                                                    \
                    i += 16;                                                         \
                    continue;                                                        \
                }                                                                    \
                i += (unsigned)__builtin_ctz(other);                                 \
                ended = 1;                                                           \
                break;                                                               \
            }                                                                        \
        }                                                                            \
        while (!ended && i < hi) {                                                   \
            Py_UCS4 c = d[i];                                                        \
            if (c >= 128 || CHAR_CLASS[c] != C_LETTER) break;                        \
            i++;                                                                     \
        }                                                                            \
        n = i - s;                                                                   \
        if (sizeof(T) != 1) {                                                        \
            if (n > buf_cap) {                                                       \
                char *nb = PyMem_Malloc(n);                                          \
                if (!nb) goto nomem;                                                 \
                if (buf != small) PyMem_Free(buf);                                   \
                buf = nb;                                                            \
                buf_cap = n;                                                         \
            }                                                                        \
            for (Py_ssize_t j = 0; j < n; j++) buf[j] = (char)d[s + j];              \
        }                                                                            \
        w = sizeof(T) == 1 ? (const char *)d + s : buf;                              \
        /* 16 bytes may be read from the word when they lie inside the string or the buffer */     \
        safe16 = sizeof(T) != 1 || s + 16 <= t.len;                                  \
    }
    for (;;) {
        Py_ssize_t s, n;
        uint64_t k0 = 0, k1 = 0;
        const char *w;
        int safe16;
        switch (t.kind) {
        case PyUnicode_1BYTE_KIND:
            NEXT_WORD(Py_UCS1)
            break;
        case PyUnicode_2BYTE_KIND:
            NEXT_WORD(Py_UCS2)
            break;
        default:
            NEXT_WORD(Py_UCS4)
        }
        if (n <= FRONT_LETTERS) word_keys(w, n, safe16, &k0, &k1);
        int plain;
        Py_ssize_t row = classify(self, w, n, k0, k1, &plain);
        if (row == -2) goto error;
        if (count) {
            int fresh;
            if (!table_put(&self->distinct, w, n, 0, &fresh)) goto nomem;
            if (fresh) {
                n_distinct++;
                if (!plain) n_unknown++;
            }
        }
        if (comp && !(plain && self->shortcut) && n >= self->companion_min && all_lower(w, n)) {
            int cplain;
            Py_ssize_t crow = classify(comp, w, n, k0, k1, &cplain);
            if (crow == -2) goto error;
            if (crow >= 0) {
                count_to(&t, &counted, s, &spaces, &newlines);
                if (add_hit(&chits, &nchits, &chits_cap, s, crow, spaces, newlines) < 0) goto nomem;
            }
        }
        if (row >= 0 && stretch) {
            count_to(&t, &counted, s, &spaces, &newlines);
            if (add_hit(&hits, &nhits, &hits_cap, s, row, spaces, newlines) < 0) goto nomem;
        }
    }
scanned:
#undef NEXT_WORD
    if (count && self->distinct.cap > 4096 && n_distinct < 256) { /* no huge table kept for small calls */
        table_free(&self->distinct);
        if (table_init(&self->distinct, 1024) < 0) goto nomem;
    }
    double share = n_distinct ? 1.0 - (double)n_unknown / (double)n_distinct : 1.0;
    PyObject *stretches = stretches_of(self, &t, hits, nhits, cost);
    if (!stretches) goto error;
    PyObject *cstretches = Py_None;
    Py_INCREF(Py_None);
    if (comp) {
        Py_DECREF(Py_None);
        cstretches = stretches_of(comp, &t, chits, nchits, companion_cost);
        if (!cstretches) {
            Py_DECREF(stretches);
            goto error;
        }
    }
    out = Py_BuildValue("(NdN)", stretches, share, cstretches);
    goto done;
nomem:
    PyErr_NoMemory();
error:
    out = NULL;
done:
    PyMem_Free(hits);
    PyMem_Free(chits);
    if (buf != small) PyMem_Free(buf);
    return out;
}

/* set_companion(scanner, shortcut, min_letters): a scanner that classifies the same words in each scan of this
 * one; it claims only lower-case words of at least `min_letters`, so other words are not shown to it. */
static PyObject *Scanner_set_companion(Scanner *self, PyObject *args) {
    PyObject *comp;
    int shortcut;
    Py_ssize_t min_letters = 0;
    if (!PyArg_ParseTuple(args, "Op|n", &comp, &shortcut, &min_letters)) return NULL;
    self->companion_min = min_letters;
    if (comp != Py_None && !PyObject_TypeCheck(comp, Py_TYPE(self))) {
        PyErr_SetString(PyExc_TypeError, "companion must be a Scanner or None");
        return NULL;
    }
    Scanner *old = self->companion;
    if (comp == Py_None) {
        self->companion = NULL;
    } else {
        Py_INCREF(comp);
        self->companion = (Scanner *)comp;
    }
    self->shortcut = shortcut;
    Py_XDECREF((PyObject *)old);
    Py_RETURN_NONE;
}

static PyMethodDef Scanner_methods[] = {
    {"triggers", (PyCFunction)Scanner_triggers, METH_VARARGS,
     "triggers(text, lo, hi, cost, count=True, companion_cost=0.0) -> (stretches, plain_share, companion's)"},
    {"plain_table", (PyCFunction)Scanner_plain_table, METH_NOARGS,
     "plain_table() -> (slots, arena, used): the plain-word table, which Scanner(plain=...) takes back as built"},
    {"set_companion", (PyCFunction)Scanner_set_companion, METH_VARARGS,
     "set_companion(scanner or None, shortcut, min_letters=0): classify the same words with another scanner in "
     "each scan; it is shown only lower-case words of at least min_letters"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mlkit.segment._scan.Scanner",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Scanner(plain, gains, width, min_claim, plain_step): where a text could switch language; plain: str "
                  "words, bytes of words each ended by a line break, or a plain_table(); gains: a callable, a Judge, or "
                  "(claim, min_letters): lower-case words of at least min_letters letters claim `claim`, others are "
                  "neutral (width 1).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_methods = Scanner_methods,
};

/* ---------------------------------------------------------------------------------------------------------
 * Runner: the word HMM of candidate windows (runs.window_runs, runs.document_runs) for one main language.
 */

/* An emission entry as the provider packs it (see Judge's `provide`). */
typedef struct {
    uint64_t present[MASK_WORDS]; /* languages the word has a score for */
    uint64_t best[MASK_WORDS];    /* languages scoring 0 (none when every language does: a name) */
    int32_t plain;    /* an ASCII Latin word plainly in the main language */
    int32_t first;    /* the first language of the score table (what a fixed-script word is labelled) */
    double score[MAX_LANGS];
} Emission;

typedef struct {
    Py_ssize_t start, end;
    int script;
    const Emission *em;
    Py_ssize_t piece0, npieces;
} Word;

typedef struct {
    int script;
    Py_ssize_t len;
} Piece;

typedef struct {
    PyObject_HEAD PyObject *cls_obj; /* bytes, one per code point: LM_FLAG | FOREIGN_FLAG | script code */
    const uint8_t *cls;
    Py_ssize_t ncls;
    PyObject *script_names; /* tuple: code -> name */
    uint8_t lexicon[64];
    int latin, han, hangul, kana;
    int zh, ja, ko; /* languages a Han word may take from its neighbours */
    int nlangs;
    PyObject *lang_codes; /* tuple of str */
    int rank[MAX_LANGS];  /* order of the language codes as strings */
    int main;
    PyObject *provider;
    Table etable;      /* (script * 8 + flags, string kind, code units) -> index into `emissions` */
    PyObject *emissions; /* list of the emissions computed so far (bytes) */
    PyObject *fixed;  /* list: code -> bytes or None */
    Py_ssize_t cached; /* entries in the emission table */
    PyObject *japanese; /* "Japanese": the script of a run with kana and Han */
    PyObject *run_cls;  /* the tuple subclass runs are made as (runs.Run), or NULL: plain tuples */
} Runner;

static void Runner_dealloc(Runner *self) {
    Py_XDECREF(self->cls_obj);
    Py_XDECREF(self->script_names);
    Py_XDECREF(self->lang_codes);
    Py_XDECREF(self->provider);
    Py_XDECREF(self->emissions);
    table_free(&self->etable);
    Py_XDECREF(self->fixed);
    Py_XDECREF(self->japanese);
    Py_XDECREF(self->run_cls);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Runner(cls, script_names, lexicon_codes, (latin, han, hangul, kana, zh, ja, ko), lang_codes, main, provider,
 *        run_cls=None): runs come back as run_cls (a tuple subclass without fields of its own, as a NamedTuple)
 *        or as tuples */
static int Runner_init(Runner *self, PyObject *args, PyObject *kw) {
    PyObject *cls, *names, *lexicon, *codes, *provider, *run_cls = Py_None;
    int latin, han, hangul, kana, zh, ja, ko, main;
    if (!PyArg_ParseTuple(args, "SO!O(iiiiiii)O!iO|O", &cls, &PyTuple_Type, &names, &lexicon, &latin, &han, &hangul,
                          &kana, &zh, &ja, &ko, &PyTuple_Type, &codes, &main, &provider, &run_cls))
        return -1;
    if (run_cls != Py_None) {
        if (!PyType_Check(run_cls) || !PyType_IsSubtype((PyTypeObject *)run_cls, &PyTuple_Type) ||
            ((PyTypeObject *)run_cls)->tp_basicsize != PyTuple_Type.tp_basicsize) {
            PyErr_SetString(PyExc_TypeError, "run_cls: a tuple subclass without fields of its own");
            return -1;
        }
        Py_INCREF(run_cls);
        Py_XSETREF(self->run_cls, run_cls);
    }
    if (PyTuple_GET_SIZE(names) != 32 || PyTuple_GET_SIZE(codes) > MAX_LANGS || main < 0 ||
        main >= PyTuple_GET_SIZE(codes)) {
        PyErr_SetString(PyExc_ValueError, "bad runner tables");
        return -1;
    }
    Py_INCREF(cls);
    self->cls_obj = cls;
    self->cls = (const uint8_t *)PyBytes_AS_STRING(cls);
    self->ncls = PyBytes_GET_SIZE(cls);
    Py_INCREF(names);
    self->script_names = names;
    memset(self->lexicon, 0, sizeof(self->lexicon));
    PyObject *it = PyObject_GetIter(lexicon);
    if (!it) return -1;
    PyObject *x;
    while ((x = PyIter_Next(it)) != NULL) {
        long c = PyLong_AsLong(x);
        Py_DECREF(x);
        if (c >= 0 && c < 64) self->lexicon[c] = 1;
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) return -1;
    self->latin = latin;
    self->han = han;
    self->hangul = hangul;
    self->kana = kana;
    self->zh = zh;
    self->ja = ja;
    self->ko = ko;
    self->nlangs = (int)PyTuple_GET_SIZE(codes);
    Py_INCREF(codes);
    self->lang_codes = codes;
    for (int i = 0; i < self->nlangs; i++) {
        int r = 0;
        for (int j = 0; j < self->nlangs; j++) {
            int c = PyUnicode_Compare(PyTuple_GET_ITEM(codes, j), PyTuple_GET_ITEM(codes, i));
            if (c == -1 && PyErr_Occurred()) return -1;
            if (c < 0) r++;
        }
        self->rank[i] = r;
    }
    self->main = main;
    self->japanese = PyUnicode_FromString("Japanese");
    if (!self->japanese) return -1;
    Py_INCREF(provider);
    self->provider = provider;
    self->emissions = PyList_New(0);
    self->fixed = PyList_New(64);
    if (!self->emissions || !self->fixed) return -1;
    if (table_init(&self->etable, 1024) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    for (int i = 0; i < 64; i++) {
        Py_INCREF(Py_None);
        PyList_SET_ITEM(self->fixed, i, Py_None);
    }
    return 0;
}

static inline uint8_t cls_of(const Runner *r, Py_UCS4 c) {
    if (c < 0x80) return ascii_letter(c) ? (uint8_t)(LM_FLAG | LETTER_FLAG | r->latin) : 0;
    return (Py_ssize_t)c < r->ncls ? r->cls[c] : (uint8_t)(FOREIGN_FLAG | SCRIPT_OTHER);
}

static inline int is_joiner(Py_UCS4 c) { return c == '\'' || c == 0x2019 || c == '-'; }

static const Emission *check_emission(Runner *self, PyObject *b) {
    if (!PyBytes_Check(b) || PyBytes_GET_SIZE(b) != (Py_ssize_t)(16 * MASK_WORDS + 8 + 8 * self->nlangs)) {
        PyErr_SetString(PyExc_ValueError, "emission of the wrong size");
        return NULL;
    }
    return (const Emission *)PyBytes_AS_STRING(b);
}

/* The emission of a word: cached per (script, flags, word); the provider computes a missing one. */
static const Emission *emission(Runner *self, PyObject *text, const Text *t, Word *w, Py_ssize_t line_start) {
    int script = w->script;
    if (!self->lexicon[script]) {
        PyObject *b = PyList_GET_ITEM(self->fixed, script);
        if (b == Py_None) {
            b = PyObject_CallFunction(self->provider, "sOiii", "", PyTuple_GET_ITEM(self->script_names, script), 0,
                                      0, 0);
            if (!b) return NULL;
            if (!check_emission(self, b)) {
                Py_DECREF(b);
                return NULL;
            }
            PyList_SetItem(self->fixed, script, b); /* steals b */
        }
        return (const Emission *)PyBytes_AS_STRING(b);
    }
    Py_UCS4 c0 = at(t, w->start);
    int capital = Py_UNICODE_ISUPPER(c0) ? 1 : 0;
    int initial = 0;
    if (capital) {
        Py_ssize_t i = w->start - 1;
        while (i >= line_start) {
            Py_UCS4 c = at(t, i);
            if (c == ' ' || c == '\t' || c == 0xa0 || c == 0x3000 || c == '\'' || c == 0x2018 || c == '"' ||
                c == 0x201c || c == '*' || c == '_' || c == '(' || c == '[')
                i--;
            else
                break;
        }
        if (i < line_start) initial = 1;
        else {
            Py_UCS4 c = at(t, i);
            initial = c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == 0x201c ||
                      c == 0xab || c == '(' || c == '\n';
        }
    }
    int entity = w->start > 0 && at(t, w->start - 1) == '&' && w->end < t->len && at(t, w->end) == ';';
    /* the key: the cache slot, the string's width and the word's code units as they are stored */
    int slot = script * 8 + capital * 4 + initial * 2 + entity;
    Py_ssize_t units = (w->end - w->start) * t->kind, klen = 2 + units;
    char small[128];
    char *k = klen <= (Py_ssize_t)sizeof(small) ? small : PyMem_Malloc(klen);
    if (!k) {
        PyErr_NoMemory();
        return NULL;
    }
    k[0] = (char)slot;
    k[1] = (char)t->kind;
    memcpy(k + 2, (const char *)t->data + w->start * t->kind, units);
    uint64_t h = hash_bytes(k, klen);
    Slot *sl = table_get_h(&self->etable, k, klen, h);
    const Emission *out = NULL;
    if (sl) {
        out = (const Emission *)PyBytes_AS_STRING(PyList_GET_ITEM(self->emissions, sl->value));
        goto done;
    }
    PyObject *word = PyUnicode_Substring(text, w->start, w->end);
    if (!word) goto done;
    PyObject *b = PyObject_CallFunction(self->provider, "OOiii", word, PyTuple_GET_ITEM(self->script_names, script),
                                        capital, initial, entity);
    Py_DECREF(word);
    if (!b || !check_emission(self, b) || PyList_Append(self->emissions, b) < 0) {
        Py_XDECREF(b);
        goto done;
    }
    Py_DECREF(b); /* the list holds it */
    if (!table_put_h(&self->etable, k, klen, h, (int32_t)(PyList_GET_SIZE(self->emissions) - 1), NULL)) {
        PyErr_NoMemory();
        goto done;
    }
    self->cached++;
    out = (const Emission *)PyBytes_AS_STRING(b);
done:
    if (k != small) PyMem_Free(k);
    return out;
}

/* The script that decides a word's language: its longest non-Latin piece (kana first), else Latin. */
static int word_script(const Runner *self, const Piece *p, Py_ssize_t n) {
    if (n == 1) return p[0].script;
    for (Py_ssize_t i = 0; i < n; i++)
        if (p[i].script == self->kana) return self->kana;
    int best = -1;
    Py_ssize_t best_len = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (p[i].script == self->latin) continue;
        if (p[i].len > best_len) {
            best_len = p[i].len;
            best = p[i].script;
        }
    }
    return best < 0 ? self->latin : best;
}

typedef struct {
    Word *words;
    Py_ssize_t nwords, wcap;
    Piece *pieces;
    Py_ssize_t npieces, pcap;
} Words;

static int add_piece(Words *ws, int script, Py_ssize_t len) {
    if (ws->npieces == ws->pcap) {
        ws->pcap = ws->pcap ? ws->pcap * 2 : 64;
        Piece *p = PyMem_Realloc(ws->pieces, sizeof(Piece) * ws->pcap);
        if (!p) return -1;
        ws->pieces = p;
    }
    ws->pieces[ws->npieces].script = script;
    ws->pieces[ws->npieces].len = len;
    ws->npieces++;
    return 0;
}

/* Words of [start, end) with their script pieces (as scripts.tokenize cuts them; touching pieces are one word). */
static int tokenize(Runner *self, const Text *t, Py_ssize_t start, Py_ssize_t end, Words *ws) {
    Py_ssize_t i = start;
    while (i < end) {
        if (!(cls_of(self, at(t, i)) & LM_FLAG)) {
            i++;
            continue;
        }
        Py_ssize_t s = i;
        for (;;) {
            while (i < end && (cls_of(self, at(t, i)) & LM_FLAG)) i++;
            if (i + 1 < end && is_joiner(at(t, i)) && (cls_of(self, at(t, i + 1)) & LM_FLAG)) {
                i++;
                continue;
            }
            break;
        }
        if (ws->nwords == ws->wcap) {
            ws->wcap = ws->wcap ? ws->wcap * 2 : 64;
            Word *nw = PyMem_Realloc(ws->words, sizeof(Word) * ws->wcap);
            if (!nw) return -1;
            ws->words = nw;
        }
        Word *w = &ws->words[ws->nwords++];
        w->start = s;
        w->end = i;
        w->piece0 = ws->npieces;
        w->em = NULL;
        int ascii = 1;
        for (Py_ssize_t j = s; j < i; j++)
            if (at(t, j) >= 0x80) {
                ascii = 0;
                break;
            }
        if (ascii) {
            if (add_piece(ws, self->latin, i - s) < 0) return -1;
        } else {
            /* scripts.split_scripts: Common characters stay with what precedes */
            int cur = -1;
            Py_ssize_t piece_start = s;
            for (Py_ssize_t j = s; j < i; j++) {
                int sc = cls_of(self, at(t, j)) & SCRIPT_MASK;
                if (sc == SCRIPT_COMMON) continue;
                if (cur < 0) cur = sc;
                else if (sc != cur) {
                    if (add_piece(ws, cur, j - piece_start) < 0) return -1;
                    piece_start = j;
                    cur = sc;
                }
            }
            if (add_piece(ws, cur < 0 ? SCRIPT_COMMON : cur, i - piece_start) < 0) return -1;
        }
        w->npieces = ws->npieces - w->piece0;
        w->script = word_script(self, ws->pieces + w->piece0, w->npieces);
    }
    return 0;
}

static inline int bit(const uint64_t *set, int k) { return (int)((set[k >> 6] >> (k & 63)) & 1); }

static inline int empty(const uint64_t *set) {
    for (int q = 0; q < MASK_WORDS; q++)
        if (set[q]) return 0;
    return 1;
}

static inline int has(const Emission *e, int k) { return bit(e->present, k); }

static inline double get_or(const Emission *e, int k, double dflt) { return has(e, k) ? e->score[k] : dflt; }

/* Labels straight from scripts when nothing needs weighing (every Latin word plainly main-language, every other
 * word in a script that names its language, Han following its nearest Hangul or kana, else zh), or 0 when the
 * HMM is needed. */
static int by_script(Runner *self, const Text *t, Words *ws, int *labels) {
    Py_ssize_t n = ws->nwords;
    for (Py_ssize_t i = 0; i < n; i++) {
        Word *w = &ws->words[i];
        if (self->lexicon[w->script]) {
            if (w->script != self->latin) return 0;
            for (Py_ssize_t j = w->start; j < w->end; j++)
                if (at(t, j) >= 0x80) return 0;
            if (!w->em->plain) return 0;
            labels[i] = self->main;
        } else if (w->script == self->han) {
            labels[i] = -1;
        } else {
            labels[i] = w->em->first;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (labels[i] != -1) continue;
        int lab = -2;
        for (Py_ssize_t d = 0; d < n && lab == -2; d++) {
            Py_ssize_t js[2] = {i - d, i + d};
            for (int q = 0; q < (d ? 2 : 1); q++) {
                Py_ssize_t j = js[q];
                if (j < 0 || j >= n) continue;
                if (ws->words[j].script == self->kana) {
                    lab = -3; /* ja */
                    break;
                }
                if (ws->words[j].script == self->hangul) {
                    lab = -4; /* ko */
                    break;
                }
            }
        }
        labels[i] = lab; /* resolved by the caller to ja / ko / zh */
    }
    return 1;
}

/* The HMM's states: the main language and the languages best for the most words (at most `limit`), and for every
 * word none of whose languages is among them one of its own (its first best, else its first), sorted by code. */
static int likely_states(Runner *self, Words *ws, int limit, int *states) {
    Py_ssize_t counts[MAX_LANGS] = {0};
    for (Py_ssize_t i = 0; i < ws->nwords; i++) {
        const uint64_t *b = ws->words[i].em->best;
        for (int k = 0; k < self->nlangs; k++)
            if (bit(b, k)) counts[k]++;
    }
    int order[MAX_LANGS], m = 0;
    for (int k = 0; k < self->nlangs; k++)
        if (counts[k]) order[m++] = k;
    /* by (-count, code) */
    for (int a = 1; a < m; a++) {
        int x = order[a], b = a - 1;
        while (b >= 0 && (counts[order[b]] < counts[x] ||
                          (counts[order[b]] == counts[x] && self->rank[order[b]] > self->rank[x]))) {
            order[b + 1] = order[b];
            b--;
        }
        order[b + 1] = x;
    }
    if (m > limit) m = limit;
    int chosen[MAX_LANGS] = {0};
    chosen[self->main] = 1;
    for (int a = 0; a < m; a++) chosen[order[a]] = 1;
    /* every word keeps a language of its own: its first best (by code), else its first */
    for (int pass = 0; pass < 2; pass++) {
        for (Py_ssize_t i = 0; i < ws->nwords; i++) {
            const Emission *e = ws->words[i].em;
            const uint64_t *pick = pass == 0 ? e->best : e->present;
            if (empty(pick)) continue;
            int covered = 0;
            for (int q = 0; q < self->nlangs && !covered; q++)
                if (chosen[q] && has(e, q)) covered = 1;
            if (covered) continue;
            int first = -1;
            for (int q = 0; q < self->nlangs; q++)
                if (bit(pick, q) && (first < 0 || self->rank[q] < self->rank[first])) first = q;
            chosen[first] = 1;
        }
    }
    int k = 0;
    for (int r = 0; r < self->nlangs; r++)
        for (int q = 0; q < self->nlangs; q++)
            if (self->rank[q] == r && chosen[q]) states[k++] = q;
    return k;
}

/* Most likely language per word under stay/switch transitions, starting and ending in the main language. */
static int viterbi(Runner *self, Words *ws, double sw, double leave_main, int limit, int *labels) {
    int states[MAX_LANGS];
    int k = likely_states(self, ws, limit, states);
    int main_i = 0;
    for (int i = 0; i < k; i++)
        if (states[i] == self->main) main_i = i;
    double enter[MAX_LANGS], prev[MAX_LANGS], cur[MAX_LANGS];
    for (int i = 0; i < k; i++) {
        enter[i] = sw + (i != main_i ? leave_main : 0.0);
        prev[i] = sw + leave_main;
    }
    prev[main_i] = 0.0;
    Py_ssize_t n = ws->nwords;
    uint8_t *back = PyMem_Malloc((size_t)n * (size_t)k);
    if (!back) return -1;
    for (Py_ssize_t t = 0; t < n; t++) {
        const Emission *e = ws->words[t].em;
        int best_i = 0;
        for (int i = 1; i < k; i++)
            if (prev[i] > prev[best_i]) best_i = i;
        double best = prev[best_i];
        uint8_t *ptr = back + (size_t)t * (size_t)k;
        for (int i = 0; i < k; i++) {
            cur[i] = NEG;
            ptr[i] = (uint8_t)best_i;
            int s = states[i];
            if (!has(e, s)) continue;
            double stay = prev[i], jump = best + enter[i];
            if (stay >= jump) {
                cur[i] = stay + e->score[s];
                ptr[i] = (uint8_t)i;
            } else {
                cur[i] = jump + e->score[s];
            }
        }
        memcpy(prev, cur, sizeof(double) * k);
    }
    int j = 0;
    double fbest = 0.0;
    for (int i = 0; i < k; i++) {
        double f = prev[i] + (i != main_i ? sw : 0.0);
        if (i == 0 || f > fbest) {
            fbest = f;
            j = i;
        }
    }
    if (n > 0) labels[n - 1] = states[j];
    for (Py_ssize_t t = n - 1; t > 0; t--) {
        j = back[(size_t)t * (size_t)k + j];
        labels[t - 1] = states[j];
    }
    PyMem_Free(back);
    return 0;
}

static int same_line(const Text *t, const Word *a, const Word *b) {
    for (Py_ssize_t i = a->end; i < b->start; i++)
        if (at(t, i) == '\n') return 0;
    return 1;
}

static int reads_main(const Word *w, int lang, int main) {
    return has(w->em, main) && w->em->score[main] >= get_or(w->em, lang, NEG);
}

/* Words at either edge of a foreign stretch inside a line that alone read at least as well in the main language
 * go back to it: the HMM carries a switch across a name or a shared word ("Internet patentes"). */
static void trim_edges(Runner *self, const Text *t, Words *ws, int *labels) {
    Py_ssize_t n = ws->nwords, i = 0;
    int main = self->main;
    while (i < n) {
        int lang = labels[i];
        Py_ssize_t j = i;
        while (j + 1 < n && labels[j + 1] == lang) j++;
        if (lang != main) {
            while (i < j && i > 0 && same_line(t, &ws->words[i - 1], &ws->words[i]) &&
                   reads_main(&ws->words[i], lang, main)) {
                labels[i] = main;
                i++;
            }
            while (j > i && j + 1 < n && same_line(t, &ws->words[j], &ws->words[j + 1])) {
                if (!reads_main(&ws->words[j], lang, main)) break;
                labels[j] = main;
                j--;
            }
        }
        i = j + 1;
    }
}

/* Evidence for `lang` over words a..b: log-odds against the best rival and against the main language (a language
 * a word's script rules out counts RULED_OUT for it), each at most 20. */
static void margin(Runner *self, Words *ws, Py_ssize_t a, Py_ssize_t b, int lang, double *odds, double *foreign) {
    int main = self->main;
    uint64_t langs[MASK_WORDS] = {0};
    langs[main >> 6] |= (uint64_t)1 << (main & 63);
    langs[lang >> 6] |= (uint64_t)1 << (lang & 63);
    for (Py_ssize_t i = a; i <= b; i++)
        for (int q = 0; q < MASK_WORDS; q++) langs[q] |= ws->words[i].em->best[q];
    double totals[MAX_LANGS] = {0};
    for (int k = 0; k < self->nlangs; k++) {
        if (!bit(langs, k)) continue;
        double s = 0.0;
        for (Py_ssize_t i = a; i <= b; i++) s += get_or(ws->words[i].em, k, RULED_OUT);
        totals[k] = s;
    }
    double own = totals[lang];
    double vs_main = lang != main ? own - totals[main] : INFINITY;
    int second = -1;
    for (int k = 0; k < self->nlangs; k++) {
        if (!bit(langs, k) || k == lang || k == main) continue;
        if (second < 0 || totals[k] > totals[second] ||
            (totals[k] == totals[second] && self->rank[k] > self->rank[second]))
            second = k;
    }
    double vm = vs_main < 20.0 ? vs_main : 20.0;
    if (second < 0) {
        *odds = vm;
    } else {
        double o = own - totals[second];
        double m = vs_main < o ? vs_main : o;
        *odds = m < 20.0 ? m : 20.0;
    }
    *foreign = vm;
}

/* The script with the most characters in words a..b, as a code (SCRIPT_JAPANESE for kana with Han) */
static int run_script(Runner *self, Words *ws, Py_ssize_t a, Py_ssize_t b) {
    int order[64] = {0}, m = 0;
    Py_ssize_t counts[64] = {0};
    int seen[64] = {0};
    for (Py_ssize_t i = a; i <= b; i++) {
        Word *w = &ws->words[i];
        for (Py_ssize_t p = w->piece0; p < w->piece0 + w->npieces; p++) {
            int sc = ws->pieces[p].script;
            if (!seen[sc]) {
                seen[sc] = 1;
                order[m++] = sc;
            }
            counts[sc] += ws->pieces[p].len;
        }
    }
    if (seen[self->kana]) return seen[self->han] ? SCRIPT_JAPANESE : self->kana;
    int best = order[0];
    for (int q = 1; q < m; q++)
        if (counts[order[q]] > counts[best]) best = order[q];
    return best;
}

/* Log-odds to a 0.5–1 confidence, rounded to 4 decimals as Python's round() does (the
 * shortest correctly rounded decimal, read back) */
static double round4(double x) {
    char buf[64];
    snprintf(buf, sizeof(buf), "%.4f", x);
    return strtod(buf, NULL);
}

static double confidence_of(double log_odds) { return round4(1.0 - 0.5 * exp(-(log_odds > 0.0 ? log_odds : 0.0) / 3.0)); }

/* A run as runs.Run holds it (language and script as codes). */
typedef struct {
    Py_ssize_t start, end;
    int lang, script;
    double confidence;
    Py_ssize_t words;
    double foreign;
} RunRec;

typedef struct {
    RunRec *runs;
    Py_ssize_t n, cap;
} RunVec;

static int add_run(RunVec *v, RunRec r) {
    if (v->n == v->cap) {
        Py_ssize_t cap = v->cap ? v->cap * 2 : 16;
        RunRec *nr = PyMem_Realloc(v->runs, sizeof(RunRec) * cap);
        if (!nr) return -1;
        v->runs = nr;
        v->cap = cap;
    }
    v->runs[v->n++] = r;
    return 0;
}

static void bound_caches(Runner *self) {
    if (self->cached > CACHE_LIMIT) { /* bound memory: the provider's values are pure, so the caches may go */
        table_clear(&self->etable);
        PyList_SetSlice(self->emissions, 0, PyList_GET_SIZE(self->emissions), NULL);
        self->cached = 0;
    }
}

/* The runs of [start, end) by the word HMM, appended to `out`; -1 on error. */
static int window_rows(Runner *self, PyObject *text, const Text *t, Py_ssize_t start, Py_ssize_t end,
                       Py_ssize_t line_start, double sw, double leave_main, int limit, RunVec *out) {
    Words ws = {0};
    int *labels = NULL;
    int rc = -1;
    if (tokenize(self, t, start, end, &ws) < 0) goto nomem;
    if (ws.nwords == 0) {
        rc = 0;
        goto done;
    }
    for (Py_ssize_t i = 0; i < ws.nwords; i++) {
        ws.words[i].em = emission(self, text, t, &ws.words[i], line_start);
        if (!ws.words[i].em) goto done;
    }
    labels = PyMem_Malloc(sizeof(int) * ws.nwords);
    if (!labels) goto nomem;
    if (by_script(self, t, &ws, labels)) {
        for (Py_ssize_t i = 0; i < ws.nwords; i++)
            if (labels[i] < 0) labels[i] = labels[i] == -3 ? self->ja : labels[i] == -4 ? self->ko : self->zh;
    } else {
        if (viterbi(self, &ws, sw, leave_main, limit, labels) < 0) goto nomem;
        trim_edges(self, t, &ws, labels);
    }
    Py_ssize_t first = start, last = end;
    while (first < last && Py_UNICODE_ISSPACE(at(t, first))) first++;
    while (last > first && Py_UNICODE_ISSPACE(at(t, last - 1))) last--;
    Py_ssize_t i = 0;
    while (i < ws.nwords) {
        Py_ssize_t j = i;
        while (j + 1 < ws.nwords && labels[j + 1] == labels[i]) j++;
        int lang = labels[i];
        RunRec r = {ws.words[i].start, ws.words[j].end, lang, run_script(self, &ws, i, j), 0.0, j - i + 1, 0.0};
        if (i == 0 && first < r.start) r.start = first;
        if (j == ws.nwords - 1 && last > r.end) r.end = last;
        if (lang == self->main) {
            int all_zero = 1;
            for (Py_ssize_t q = i; q <= j; q++)
                if (get_or(ws.words[q].em, lang, -1.0) != 0.0) all_zero = 0;
            r.confidence = all_zero ? 1.0 : 0.9;
        } else {
            double odds, foreign;
            margin(self, &ws, i, j, lang, &odds, &foreign);
            r.confidence = confidence_of(odds);
            r.foreign = foreign;
        }
        if (add_run(out, r) < 0) goto nomem;
        i = j + 1;
    }
    rc = 0;
    goto done;
nomem:
    PyErr_NoMemory();
done:
    PyMem_Free(ws.words);
    PyMem_Free(ws.pieces);
    PyMem_Free(labels);
    return rc;
}

static PyObject *rows_of(Runner *self, const RunVec *v) {
    PyObject *out = PyList_New(v->n);
    if (!out) return NULL;
    for (Py_ssize_t k = 0; k < v->n; k++) {
        const RunRec *r = &v->runs[k];
        PyObject *script = r->script == SCRIPT_JAPANESE ? self->japanese : PyTuple_GET_ITEM(self->script_names, r->script);
        PyObject *row = Py_BuildValue("(nnOOdnd)", r->start, r->end, PyTuple_GET_ITEM(self->lang_codes, r->lang), script,
                                      r->confidence, r->words, r->foreign);
        if (row && self->run_cls) { /* as run_cls(*row) makes it: a tuple subclass with the same items */
            PyTypeObject *cls = (PyTypeObject *)self->run_cls;
            PyObject *run = cls->tp_alloc(cls, PyTuple_GET_SIZE(row));
            if (run)
                for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(row); i++) {
                    PyObject *x = PyTuple_GET_ITEM(row, i);
                    Py_INCREF(x);
                    PyTuple_SET_ITEM(run, i, x);
                }
            Py_SETREF(row, run);
        }
        if (!row) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, row);
    }
    return out;
}

/* runs(text, start, end, line_start, switch, leave_main, max_states)
 *   -> [(start, end, lang, script, confidence, words, foreign)]: the runs of one window */
static PyObject *Runner_runs(Runner *self, PyObject *args) {
    PyObject *text;
    Py_ssize_t start, end, line_start;
    double sw, leave_main;
    int limit;
    if (!PyArg_ParseTuple(args, "Onnnddi", &text, &start, &end, &line_start, &sw, &leave_main, &limit))
        return NULL;
    Text t;
    if (text_of(text, &t) < 0) return NULL;
    if (start < 0) start = 0;
    if (end > t.len) end = t.len;
    bound_caches(self);
    RunVec v = {0};
    PyObject *out = NULL;
    if (window_rows(self, text, &t, start, end, line_start, sw, leave_main, limit, &v) == 0) out = rows_of(self, &v);
    PyMem_Free(v.runs);
    return out;
}

/* [start, end) trimmed of white space, as a main-language run when it holds a letter */
static int plain_row(Runner *self, const Text *t, Py_ssize_t start, Py_ssize_t end, RunVec *out) {
    while (start < end && Py_UNICODE_ISSPACE(at(t, start))) start++;
    while (end > start && Py_UNICODE_ISSPACE(at(t, end - 1))) end--;
    for (Py_ssize_t i = start; i < end; i++) {
        if (cls_of(self, at(t, i)) & LETTER_FLAG) {
            RunRec r = {start, end, self->main, self->latin, 1.0, 0, 0.0};
            return add_run(out, r);
        }
    }
    return 0;
}

/* Neighbouring runs of one language with no letter between joined (across at most one line
 * break, unless in the main language) */
static void merge_rows(Runner *self, const Text *t, RunVec *v) {
    Py_ssize_t n = 0;
    for (Py_ssize_t k = 0; k < v->n; k++) {
        RunRec run = v->runs[k];
        if (n > 0) {
            RunRec *prev = &v->runs[n - 1];
            int ok = prev->lang == run.lang && (prev->script == run.script || prev->lang == self->main);
            Py_ssize_t newlines = 0;
            for (Py_ssize_t i = prev->end; ok && i < run.start; i++) {
                Py_UCS4 c = at(t, i);
                if (cls_of(self, c) & LETTER_FLAG) ok = 0;
                else if (c == '\n') newlines++;
            }
            if (ok && (prev->lang == self->main || newlines <= 1)) {
                int script = prev->script == run.script ? prev->script : run.lang == self->main ? self->latin : prev->script;
                prev->end = run.end;
                prev->script = script;
                prev->confidence = prev->confidence <= run.confidence ? prev->confidence : run.confidence;
                prev->words += run.words;
                prev->foreign = prev->foreign + run.foreign;
                continue;
            }
        }
        v->runs[n++] = run;
    }
    v->n = n;
}

/* document(text, windows, max_window, switch, leave_main, max_states) -> merged run tuples of the whole text,
 * once the candidate windows are known (plain runs between them, each window cut into pieces of at most
 * `max_window` characters at white space, the HMM's runs of each piece, neighbours merged). */
static PyObject *Runner_document(Runner *self, PyObject *args) {
    PyObject *text, *windows;
    Py_ssize_t max_window;
    double sw, leave_main;
    int limit;
    if (!PyArg_ParseTuple(args, "OOnddi", &text, &windows, &max_window, &sw, &leave_main, &limit)) return NULL;
    Text t;
    if (text_of(text, &t) < 0) return NULL;
    PyObject *seq = PySequence_Fast(windows, "windows must be a sequence");
    if (!seq) return NULL;
    bound_caches(self);
    RunVec v = {0};
    PyObject *out = NULL;
    Py_ssize_t pos = 0;
    LineStarts starts = {-1, 0};
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq); k++) {
        Py_ssize_t lo, hi;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, k), "nn", &lo, &hi)) goto error;
        if (lo < pos || hi < lo || hi > t.len) {
            PyErr_SetString(PyExc_ValueError, "windows must be ordered, disjoint and inside the text");
            goto error;
        }
        if (plain_row(self, &t, pos, lo, &v) < 0) goto nomem;
        Py_ssize_t a = lo;
        for (;;) {
            Py_ssize_t b = hi;
            if (hi - a > max_window) { /* cut at the last space in its second half */
                Py_ssize_t cut = -1;
                for (Py_ssize_t i = a + max_window - 1; i >= a + max_window / 2; i--)
                    if (at(&t, i) == ' ') {
                        cut = i;
                        break;
                    }
                b = cut < 0 ? a + max_window : cut + 1;
            }
            Py_ssize_t ls = line_start_at(&t, &starts, a);
            if (window_rows(self, text, &t, a, b, ls, sw, leave_main, limit, &v) < 0) goto error;
            if (b >= hi) break;
            a = b;
        }
        pos = hi;
    }
    if (plain_row(self, &t, pos, t.len, &v) < 0) goto nomem;
    merge_rows(self, &t, &v);
    out = rows_of(self, &v);
    goto done;
nomem:
    PyErr_NoMemory();
error:
    out = NULL;
done:
    Py_DECREF(seq);
    PyMem_Free(v.runs);
    return out;
}

/* merge(text, runs) -> run tuples: neighbouring runs of one language separated only by neutral characters
 * joined, as `document` does with the runs it finds */
static PyObject *Runner_merge(Runner *self, PyObject *args) {
    PyObject *text, *runs;
    if (!PyArg_ParseTuple(args, "UO", &text, &runs)) return NULL;
    Text t;
    if (text_of(text, &t) < 0) return NULL;
    PyObject *f = PySequence_Fast(runs, "a sequence of runs expected");
    if (!f) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(f);
    RunVec v = {NULL, 0, 0};
    PyObject *out = NULL;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *lang, *script;
        RunRec r;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(f, k), "nnUUdnd", &r.start, &r.end, &lang, &script,
                              &r.confidence, &r.words, &r.foreign))
            goto done;
        r.lang = r.script = -1;
        for (int q = 0; q < self->nlangs && r.lang < 0; q++) {
            int c = PyUnicode_Compare(PyTuple_GET_ITEM(self->lang_codes, q), lang);
            if (c == -1 && PyErr_Occurred()) goto done;
            if (c == 0) r.lang = q;
        }
        if (PyUnicode_Compare(script, self->japanese) == 0) r.script = SCRIPT_JAPANESE;
        for (int q = 0; q < 32 && r.script < 0; q++) {
            int c = PyUnicode_Compare(PyTuple_GET_ITEM(self->script_names, q), script);
            if (c == -1 && PyErr_Occurred()) goto done;
            if (c == 0) r.script = q;
        }
        if (r.lang < 0 || r.script < 0 || r.start < 0 || r.end > t.len || r.start > r.end) {
            PyErr_Format(PyExc_ValueError, "a run the runner cannot hold: %R", PySequence_Fast_GET_ITEM(f, k));
            goto done;
        }
        if (add_run(&v, r) < 0) {
            PyErr_NoMemory();
            goto done;
        }
    }
    merge_rows(self, &t, &v);
    out = rows_of(self, &v);
done:
    PyMem_Free(v.runs);
    Py_DECREF(f);
    return out;
}

static PyMethodDef Runner_methods[] = {
    {"runs", (PyCFunction)Runner_runs, METH_VARARGS,
     "runs(text, start, end, line_start, switch, leave_main, max_states) -> list of run tuples"},
    {"document", (PyCFunction)Runner_document, METH_VARARGS,
     "document(text, windows, max_window, switch, leave_main, max_states) -> merged run tuples of the text"},
    {"merge", (PyCFunction)Runner_merge, METH_VARARGS, "merge(text, runs) -> the runs with neighbours joined"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject RunnerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mlkit.segment._scan.Runner",
    .tp_basicsize = sizeof(Runner),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Runner(...): language runs of a window by the word HMM, for one main language.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Runner_init,
    .tp_dealloc = (destructor)Runner_dealloc,
    .tp_methods = Runner_methods,
};

/* ---------------------------------------------------------------------------------------------------------
 * Candidate windows (runs.candidate_windows) around letters of other scripts and trigger stretches.
 */

/* The first position from `i` on (before `hi`) that may hold a character outside ASCII: 16 code units at a
 * time where SIMD is at hand (a 1-byte string's characters may be Latin-1, so all its kinds are checked). */
static Py_ssize_t skip_ascii(const Text *t, Py_ssize_t i, Py_ssize_t hi) {
#if HAVE_SIMD
    if (t->kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = (const Py_UCS1 *)t->data;
        while (i + 16 <= hi && _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(d + i))) == 0) i += 16;
    } else if (t->kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *d = (const Py_UCS2 *)t->data;
        const __m128i high = _mm_set1_epi16((short)0xFF80);
        while (i + 8 <= hi) {
            __m128i v = _mm_and_si128(_mm_loadu_si128((const __m128i *)(d + i)), high);
            if (_mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_setzero_si128())) != 0xFFFF) break;
            i += 8;
        }
    }
#else
    (void)t;
    (void)hi;
#endif
    return i;
}

/* letter_stretches(cls, text, lo, hi) -> [(first, last)]: per line, the first and the last letter of another
 * script than ASCII in [lo, hi). */
static PyObject *letter_stretches(PyObject *mod, PyObject *args) {
    PyObject *cls, *obj;
    Py_ssize_t lo, hi;
    if (!PyArg_ParseTuple(args, "SOnn", &cls, &obj, &lo, &hi)) return NULL;
    Text t;
    if (text_range(obj, &t, &lo, &hi) < 0) return NULL;
    const uint8_t *table = (const uint8_t *)PyBytes_AS_STRING(cls);
    Py_ssize_t ncls = PyBytes_GET_SIZE(cls);
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
#define IS_FOREIGN(c) ((c) >= 0x80 && ((Py_ssize_t)(c) >= ncls || (table[(c)] & FOREIGN_FLAG)))
    Py_ssize_t pos = lo;
    while (pos < hi) {
        Py_ssize_t m = skip_ascii(&t, pos, hi);
        while (m < hi && !IS_FOREIGN(at(&t, m))) m++;
        if (m >= hi) break;
        Py_ssize_t le = line_end_of(&t, m);
        Py_ssize_t stop = le < hi ? le : hi;
        Py_ssize_t last = stop - 1;
        while (last > m && !IS_FOREIGN(at(&t, last))) last--;
        PyObject *pair = Py_BuildValue("(nn)", m, last);
        if (!pair || PyList_Append(out, pair) < 0) {
            Py_XDECREF(pair);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(pair);
        pos = stop + 1;
    }
#undef IS_FOREIGN
    return out;
}

/* windows(text, stretches, margin) -> [(lo, hi)]: each sorted stretch widened by `margin` characters on its
 * lines, cut at spaces, and merged when they overlap or one ends a line and the next starts the very next
 * line (a foreign paragraph is read as one sequence). */
static PyObject *windows(PyObject *mod, PyObject *args) {
    PyObject *obj, *stretches;
    Py_ssize_t margin;
    if (!PyArg_ParseTuple(args, "OOn", &obj, &stretches, &margin)) return NULL;
    Text t;
    if (text_of(obj, &t) < 0) return NULL;
    PyObject *seq = PySequence_Fast(stretches, "stretches must be a sequence");
    if (!seq) return NULL;
    PyObject *out = PyList_New(0);
    if (!out) {
        Py_DECREF(seq);
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq), wlo = 0, whi = -1;
    int have = 0;
    /* stretches come sorted: line bounds found for one serve the next on the same line, so a huge line is
     * scanned once, not once per stretch */
    LineStarts starts = {-1, 0};
    Py_ssize_t le_from = -1, le_at = 0;
    /* the space searches remember their last answer on the line (bk_: the nearest space at or before bk_from was
     * bk_at, or none after bk_ls - 1; fw_: none in [fw_from, fw_at), fw_at a space or the line end), so a line
     * without spaces is scanned once, not once per stretch (windows start in order) */
    Py_ssize_t bk_from = -1, bk_at = -1, bk_ls = -1, fw_from = -1, fw_at = -1, fw_le = -1;
    for (Py_ssize_t k = 0; k <= n; k++) {
        Py_ssize_t lo = 0, hi = 0;
        if (k < n) {
            Py_ssize_t first, last;
            if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, k), "nn", &first, &last)) goto error;
            Py_ssize_t ls = line_start_at(&t, &starts, first), le_last;
            if (le_from >= 0 && last >= le_from && last <= le_at) {
                le_last = le_at;
            } else {
                le_last = line_end_of(&t, last);
                le_from = last;
                le_at = le_last;
            }
            lo = first - margin > ls ? first - margin : ls;
            hi = last + margin < le_last ? last + margin : le_last;
            if (lo > ls) {
                Py_ssize_t sp = lo - 1, floor = ls;
                if (bk_ls == ls && bk_from >= 0 && sp >= bk_from) floor = bk_from + 1;
                while (sp >= floor && at(&t, sp) != ' ') sp--;
                if (sp < floor && floor > ls) sp = bk_at; /* no space since the last search: its answer */
                bk_ls = ls;
                bk_from = lo - 1;
                bk_at = sp >= ls ? sp : ls - 1;
                lo = sp >= ls ? sp + 1 : ls;
            }
            if (hi < le_last) {
                Py_ssize_t sp = hi;
                if (fw_le == le_last && fw_from >= 0 && hi >= fw_from && hi <= fw_at) {
                    sp = fw_at; /* no space between: the last search's answer */
                } else {
                    while (sp < le_last && at(&t, sp) != ' ') sp++;
                    fw_from = hi;
                    fw_at = sp;
                    fw_le = le_last;
                }
                hi = sp < le_last ? sp : le_last;
            }
            if (have) {
                int join = lo <= whi;
                if (!join && whi <= lo) {
                    Py_ssize_t newlines = 0;
                    int blank = 1;
                    for (Py_ssize_t j = whi; j < lo; j++) {
                        Py_UCS4 c = at(&t, j);
                        if (c == '\n') newlines++;
                        if (!Py_UNICODE_ISSPACE(c)) {
                            blank = 0;
                            break;
                        }
                    }
                    join = blank && newlines == 1;
                }
                if (join) {
                    if (hi > whi) whi = hi;
                    continue;
                }
            }
        }
        if (have) {
            PyObject *pair = Py_BuildValue("(nn)", wlo, whi);
            if (!pair || PyList_Append(out, pair) < 0) {
                Py_XDECREF(pair);
                goto error;
            }
            Py_DECREF(pair);
        }
        wlo = lo;
        whi = hi;
        have = 1;
    }
    Py_DECREF(seq);
    return out;
error:
    Py_DECREF(seq);
    Py_DECREF(out);
    return NULL;
}

/* ---------------------------------------------------------------------------------------------------------
 * Summer: the naive Bayes sums of a text's words (relatives.WORD) over a group of related
 * languages. Each word's row is computed once by `rows_fn` (for the segmenter, word_rows over the new words of
 * a call)
 * and remembered; the rows of a text's words are then added in word order.
 */

typedef struct {
    PyObject_HEAD PyObject *cls_obj; /* the character table (native.char_table) */
    const uint8_t *cls;
    Py_ssize_t ncls;
    PyObject *rows_fn; /* rows_fn(new words) -> one sequence of `width` floats per word */
    Table index;       /* (string kind, code units of a word) -> row number */
    double *rows;
    Py_ssize_t nrows, rows_cap, limit;
    int width;
} Summer;

static void Summer_dealloc(Summer *self) {
    Py_XDECREF(self->cls_obj);
    Py_XDECREF(self->rows_fn);
    table_free(&self->index);
    PyMem_Free(self->rows);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Summer(cls, width, rows_fn, limit) */
static int Summer_init(Summer *self, PyObject *args, PyObject *kw) {
    PyObject *cls, *rows_fn;
    int width;
    Py_ssize_t limit;
    (void)kw;
    if (!PyArg_ParseTuple(args, "O!iOn", &PyBytes_Type, &cls, &width, &rows_fn, &limit)) return -1;
    if (width < 1 || width > MAX_LANGS) {
        PyErr_SetString(PyExc_ValueError, "width out of range");
        return -1;
    }
    Py_INCREF(cls);
    Py_XSETREF(self->cls_obj, cls);
    self->cls = (const uint8_t *)PyBytes_AS_STRING(cls);
    self->ncls = PyBytes_GET_SIZE(cls);
    Py_INCREF(rows_fn);
    Py_XSETREF(self->rows_fn, rows_fn);
    table_free(&self->index);
    if (table_init(&self->index, 1024) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    self->width = width;
    self->limit = limit;
    self->nrows = 0;
    return 0;
}

static inline uint8_t summer_cls(const Summer *self, Py_UCS4 c) {
    return (Py_ssize_t)c < self->ncls ? self->cls[c] : 0;
}

/* A word's key in the index: the narrowest width that holds its code units (the width a str of the word alone
 * has, whatever string it was found in), then the units at that width; the key's length, which may exceed
 * `cap` (then nothing is written). */
static Py_ssize_t word_key(const Text *t, Py_ssize_t a, Py_ssize_t b, char *buf, Py_ssize_t cap) {
    Py_UCS4 top = 0;
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 c = at(t, i);
        if (c > top) top = c;
    }
    int width = top < 0x100 ? 1 : top < 0x10000 ? 2 : 4;
    Py_ssize_t n = 1 + (b - a) * width;
    if (n > cap) return n;
    buf[0] = (char)width; /* keys of different widths never meet */
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 c = at(t, i);
        char *dst = buf + 1 + (i - a) * width;
        if (width == 1) dst[0] = (char)c;
        else if (width == 2) {
            uint16_t u = (uint16_t)c;
            memcpy(dst, &u, 2);
        } else memcpy(dst, &c, 4);
    }
    return n;
}

/* Remember the rows of the new words (a sorted list of str) under their keys; -1 on error. The caller keeps
 * the index within its limit. */
static int summer_remember(Summer *self, PyObject *new) {
    Py_ssize_t n = PyList_GET_SIZE(new);
    if (grow_rows(&self->rows, &self->rows_cap, self->width, self->nrows + n) < 0) return -1;
    PyObject *res = PyObject_CallOneArg(self->rows_fn, new);
    if (!res) return -1;
    PyObject *seq = PySequence_Fast(res, "rows must be a sequence");
    Py_DECREF(res);
    if (!seq) return -1;
    if (PySequence_Fast_GET_SIZE(seq) != n) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "one row per new word expected");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PySequence_Fast(PySequence_Fast_GET_ITEM(seq, i), "a row must be a sequence");
        if (!row) goto error;
        if (PySequence_Fast_GET_SIZE(row) != self->width) {
            Py_DECREF(row);
            PyErr_SetString(PyExc_ValueError, "row of the wrong width");
            goto error;
        }
        double *dst = self->rows + (self->nrows + i) * self->width;
        for (int k = 0; k < self->width; k++) dst[k] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(row, k));
        Py_DECREF(row);
        if (PyErr_Occurred()) goto error;
        Text wt;
        if (text_of(PyList_GET_ITEM(new, i), &wt) < 0) goto error;
        char small[256];
        Py_ssize_t kn = word_key(&wt, 0, wt.len, small, sizeof(small));
        char *key = kn <= (Py_ssize_t)sizeof(small) ? small : PyMem_Malloc(kn);
        if (!key) {
            PyErr_NoMemory();
            goto error;
        }
        if (key != small) word_key(&wt, 0, wt.len, key, kn);
        Slot *sl = table_put(&self->index, key, kn, (int32_t)(self->nrows + i), NULL);
        if (key != small) PyMem_Free(key);
        if (!sl) {
            PyErr_NoMemory();
            goto error;
        }
    }
    self->nrows += n;
    Py_DECREF(seq);
    return 0;
error:
    Py_DECREF(seq);
    return -1;
}

/* The row of text[a:b] in the index, or -1; `key` is a buffer of `*cap` bytes, grown when a key needs more
 * (`small` is its first, stack-held form). -2 with MemoryError. */
static Py_ssize_t summer_row(Summer *self, const Text *t, Py_ssize_t a, Py_ssize_t b, char **key, Py_ssize_t *cap,
                             char *small) {
    Py_ssize_t kn = word_key(t, a, b, *key, *cap);
    if (kn > *cap) {
        if (*key != small) PyMem_Free(*key);
        *cap = kn;
        *key = PyMem_Malloc(kn);
        if (!*key) {
            *key = small; /* nothing to free */
            *cap = 0;
            PyErr_NoMemory();
            return -2;
        }
        word_key(t, a, b, *key, *cap);
    }
    Slot *sl = table_get(&self->index, *key, kn);
    return sl ? sl->value : -1;
}

/* sums(text) -> (number of words, tuple of `width` sums, or None without words): the words of a lower-cased
 * text as relatives.WORD finds them (a letter, then letters and marks, with ' or ’ joining more). */
static PyObject *Summer_sums(Summer *self, PyObject *arg) {
    Text t;
    if (text_of(arg, &t) < 0) return NULL;
    Py_ssize_t cap = 64, n = 0;
    Py_ssize_t *spans = PyMem_Malloc(sizeof(Py_ssize_t) * 3 * cap); /* start, end, row (-1: not yet known) */
    PyObject *seen = NULL, *new = NULL, *out = NULL;
    char small[256];
    char *key = small;
    Py_ssize_t key_cap = sizeof(small);
    if (!spans) return PyErr_NoMemory();
    Py_ssize_t i = 0, missing = 0;
    while (i < t.len) {
        if (!(summer_cls(self, at(&t, i)) & LETTER_FLAG)) {
            i++;
            continue;
        }
        Py_ssize_t s = i++;
        for (;;) {
            while (i < t.len && (summer_cls(self, at(&t, i)) & LM_FLAG)) i++;
            if (i + 1 < t.len && (at(&t, i) == '\'' || at(&t, i) == 0x2019) && (summer_cls(self, at(&t, i + 1)) & LM_FLAG)) {
                i++;
                continue;
            }
            break;
        }
        if (n == cap) {
            cap *= 2;
            Py_ssize_t *grown = PyMem_Realloc(spans, sizeof(Py_ssize_t) * 3 * cap);
            if (!grown) {
                PyErr_NoMemory();
                goto done;
            }
            spans = grown;
        }
        Py_ssize_t row = summer_row(self, &t, s, i, &key, &key_cap, small);
        if (row == -2) goto done;
        spans[3 * n] = s;
        spans[3 * n + 1] = i;
        spans[3 * n + 2] = row;
        missing += row < 0;
        n++;
    }
    if (n == 0) {
        out = Py_BuildValue("(nO)", (Py_ssize_t)0, Py_None);
        goto done;
    }
    if (missing) { /* the words not remembered yet, each once, sorted, then their rows */
        if (!(seen = PySet_New(NULL))) goto done;
        int cleared = 0;
        for (int all = 0; all < 2; all++) {
            for (Py_ssize_t j = 0; j < n; j++) {
                if (spans[3 * j + 2] >= 0 && !all) continue;
                PyObject *w = PyUnicode_Substring(arg, spans[3 * j], spans[3 * j + 1]);
                if (!w) goto done;
                int bad = PySet_Add(seen, w) < 0;
                Py_DECREF(w);
                if (bad) goto done;
            }
            if (all || self->nrows + PySet_GET_SIZE(seen) <= self->limit) break;
            /* bound memory: rows are pure, so the index starts afresh with every word of this text */
            table_clear(&self->index);
            self->nrows = 0;
            cleared = 1;
        }
        if (!(new = PySequence_List(seen)) || PyList_Sort(new) < 0 || summer_remember(self, new) < 0) goto done;
        for (Py_ssize_t j = 0; j < n; j++) { /* the rows of the new words (of all, when the index started afresh) */
            if (spans[3 * j + 2] >= 0 && !cleared) continue;
            Py_ssize_t row = summer_row(self, &t, spans[3 * j], spans[3 * j + 1], &key, &key_cap, small);
            if (row == -2) goto done;
            if (row < 0) {
                PyErr_SetString(PyExc_KeyError, "word not remembered");
                goto done;
            }
            spans[3 * j + 2] = row;
        }
    }
    double acc[MAX_LANGS];
    int width = self->width;
    for (Py_ssize_t j = 0; j < n; j++) {
        const double *row = self->rows + spans[3 * j + 2] * width;
        if (j == 0)
            for (int k = 0; k < width; k++) acc[k] = row[k];
        else
            for (int k = 0; k < width; k++) acc[k] += row[k];
    }
    PyObject *tup = PyTuple_New(width);
    if (!tup) goto done;
    for (int k = 0; k < width; k++) {
        PyObject *f = PyFloat_FromDouble(acc[k]);
        if (!f) {
            Py_DECREF(tup);
            goto done;
        }
        PyTuple_SET_ITEM(tup, k, f);
    }
    out = Py_BuildValue("(nN)", n, tup);
done:
    PyMem_Free(spans);
    if (key != small) PyMem_Free(key);
    Py_XDECREF(new);
    Py_XDECREF(seen);
    return out;
}

static PyObject *Summer_len(Summer *self, PyObject *unused) {
    (void)unused;
    return PyLong_FromSsize_t(self->index.used);
}

static PyMethodDef Summer_methods[] = {
    {"sums", (PyCFunction)Summer_sums, METH_O, "sums(text) -> (words, per-language sums or None)"},
    {"remembered", (PyCFunction)Summer_len, METH_NOARGS, "remembered() -> number of words remembered"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SummerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mlkit.segment._scan.Summer",
    .tp_basicsize = sizeof(Summer),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Summer_init,
    .tp_dealloc = (destructor)Summer_dealloc,
    .tp_methods = Summer_methods,
    .tp_doc = "Naive Bayes sums of a text's words over a group of related languages (relatives._sums).",
};

/* ---------------------------------------------------------------------------------------------------------
 * stray_words: the search of strays.find_strays for unknown candidate words inside main-language Latin runs.
 */

/* str.islower of text[a:b]: a cased character, and none upper or title case. */
static int lower_word(const Text *t, Py_ssize_t a, Py_ssize_t b) {
    int cased = 0;
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 c = at(t, i);
        if (Py_UNICODE_ISUPPER(c) || Py_UNICODE_ISTITLE(c)) return 0;
        if (!cased && Py_UNICODE_ISLOWER(c)) cased = 1;
    }
    return cased;
}

static int in_set(Py_UCS4 c, const char *set) {
    if (c == 0x2019) return strchr(set, '`') != NULL; /* ’ is written ` in the sets below */
    return c < 0x80 && c != 0 && c != '`' && strchr(set, (int)c) != NULL;
}

/* Sorted stretches with overlapping ones joined, as (first, last) pairs in a C array. */
static Py_ssize_t merged_stretches(PyObject *found, Py_ssize_t **out) {
    PyObject *sorted = PySequence_List(found);
    if (!sorted) return -1;
    if (PyList_Sort(sorted) < 0) {
        Py_DECREF(sorted);
        return -1;
    }
    Py_ssize_t n = PyList_GET_SIZE(sorted), m = 0;
    Py_ssize_t *v = PyMem_Malloc(sizeof(Py_ssize_t) * 2 * (n ? n : 1));
    if (!v) {
        Py_DECREF(sorted);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t first, last;
        if (!PyArg_ParseTuple(PyList_GET_ITEM(sorted, i), "nn", &first, &last)) {
            PyMem_Free(v);
            Py_DECREF(sorted);
            return -1;
        }
        if (m && first <= v[2 * m - 1]) {
            if (last > v[2 * m - 1]) v[2 * m - 1] = last;
        } else {
            v[2 * m] = first;
            v[2 * m + 1] = last;
            m++;
        }
    }
    Py_DECREF(sorted);
    *out = v;
    return m;
}

/* The unknown candidate words standing alone from the word at `first` to the word at
 * `last` of a run [rs, re), appended to `hits` as (start, end); not widened back past `floor`, where the words
 * looked at before end; `*reached` is set to where the last word looked at ends. -1 on error. */
static int unknown_words(PyObject *text, const Text *t, const uint8_t *cls, Py_ssize_t ncls, Py_ssize_t floor,
                         Py_ssize_t re, Py_ssize_t first, Py_ssize_t last, PyObject *known, Py_ssize_t min_letters,
                         PyObject *korean, PyObject *hits, Py_ssize_t *reached) {
#define LM(c) ((Py_ssize_t)(c) < ncls && (cls[(c)] & LM_FLAG))
    while (first > floor && Py_UNICODE_ISALPHA(at(t, first - 1))) first--;
    Py_ssize_t i = first;
    *reached = first > floor ? first : floor;
    while (i < re) {
        if (!LM(at(t, i))) {
            i++;
            continue;
        }
        Py_ssize_t a = i;
        if (a > last) break;
        while (i < re && LM(at(t, i))) i++;
        Py_ssize_t b = i;
        *reached = b;
        if (b - a < min_letters || !lower_word(t, a, b)) continue;
        Py_UCS4 before = a > 0 ? at(t, a - 1) : ' ', after = b < t->len ? at(t, b) : ' ';
        if (Py_UNICODE_ISALNUM(before) || in_set(before, "_@./\\'`&#-") || Py_UNICODE_ISALNUM(after) ||
            in_set(after, "_@/\\'`&-"))
            continue;
        if (after == '.' && b + 1 < t->len && Py_UNICODE_ISALNUM(at(t, b + 1))) continue;
        PyObject *w = PyUnicode_Substring(text, a, b);
        if (!w) return -1;
        int is_known = PySequence_Contains(known, w);
        if (is_known < 0) {
            Py_DECREF(w);
            return -1;
        }
        if (is_known) {
            Py_DECREF(w);
            continue;
        }
        PyObject *res = PyObject_CallFunction(korean, "Nn", w, a); /* steals w */
        if (!res) return -1;
        int skip = PyObject_IsTrue(res);
        Py_DECREF(res);
        if (skip < 0) return -1;
        if (skip) continue;
        PyObject *pair = Py_BuildValue("(nn)", a, b);
        if (!pair || PyList_Append(hits, pair) < 0) {
            Py_XDECREF(pair);
            return -1;
        }
        Py_DECREF(pair);
    }
#undef LM
    return 0;
}

/* stray_words(cls, text, found, runs, main, known, min_letters, korean) -> {run index: [(start, end), ...]}:
 * for each merged stretch of unknown words, the candidate words in the main-language Latin runs it touches
 * (`korean(word, start)` says whether a word is romanised Korean at home in the text). */
static PyObject *stray_words(PyObject *mod, PyObject *args) {
    PyObject *cls, *text, *found, *runs, *main, *known, *korean;
    Py_ssize_t min_letters;
    (void)mod;
    if (!PyArg_ParseTuple(args, "O!UOO!UOnO", &PyBytes_Type, &cls, &text, &found, &PyList_Type, &runs, &main, &known,
                          &min_letters, &korean))
        return NULL;
    Text t;
    if (text_of(text, &t) < 0) return NULL;
    const uint8_t *table = (const uint8_t *)PyBytes_AS_STRING(cls);
    Py_ssize_t ncls = PyBytes_GET_SIZE(cls);
    Py_ssize_t *st = NULL;
    Py_ssize_t nst = merged_stretches(found, &st);
    if (nst < 0) return NULL;
    Py_ssize_t nruns = PyList_GET_SIZE(runs);
    Py_ssize_t *starts = PyMem_Malloc(sizeof(Py_ssize_t) * 3 * (nruns ? nruns : 1));
    char *wanted = PyMem_Malloc(nruns ? nruns : 1);
    PyObject *out = PyDict_New(), *latin = PyUnicode_InternFromString("Latin");
    if (!starts || !wanted || !out || !latin) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto error;
    }
    for (Py_ssize_t k = 0; k < nruns; k++) { /* start, end and whether a run is main-language Latin */
        PyObject *r = PyList_GET_ITEM(runs, k);
        if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) < 4) {
            PyErr_SetString(PyExc_TypeError, "runs must be Run tuples");
            goto error;
        }
        starts[2 * k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 0));
        starts[2 * k + 1] = PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 1));
        if (PyErr_Occurred()) goto error;
        starts[2 * nruns + k] = starts[2 * k]; /* where the words looked at in the run end: none twice */
        int a = PyUnicode_Compare(PyTuple_GET_ITEM(r, 2), main), b = PyUnicode_Compare(PyTuple_GET_ITEM(r, 3), latin);
        if (PyErr_Occurred()) goto error;
        wanted[k] = a == 0 && b == 0;
    }
    for (Py_ssize_t s = 0; s < nst; s++) {
        Py_ssize_t first = st[2 * s], last = st[2 * s + 1];
        Py_ssize_t lo = 0, hi = nruns; /* bisect_right(starts, first) - 1, at least 0 */
        while (lo < hi) {
            Py_ssize_t mid = (lo + hi) / 2;
            if (first < starts[2 * mid]) hi = mid;
            else lo = mid + 1;
        }
        for (Py_ssize_t k = lo > 0 ? lo - 1 : 0; k < nruns && starts[2 * k] <= last; k++) {
            Py_ssize_t rs = starts[2 * k], re = starts[2 * k + 1];
            if (!wanted[k] || re <= first) continue;
            PyObject *hits = PyList_New(0);
            if (!hits) goto error;
            Py_ssize_t floor = starts[2 * nruns + k] > rs ? starts[2 * nruns + k] : rs;
            if (unknown_words(text, &t, table, ncls, floor, re, first > floor ? first : floor, last, known, min_letters,
                              korean, hits, &starts[2 * nruns + k]) < 0) {
                Py_DECREF(hits);
                goto error;
            }
            if (PyList_GET_SIZE(hits)) {
                PyObject *key = PyLong_FromSsize_t(k);
                PyObject *prev = key ? PyDict_GetItemWithError(out, key) : NULL;
                int bad = !key || PyErr_Occurred() ||
                          (prev ? PyList_SetSlice(prev, PY_SSIZE_T_MAX, PY_SSIZE_T_MAX, hits) < 0
                                : PyDict_SetItem(out, key, hits) < 0);
                Py_XDECREF(key);
                if (bad) {
                    Py_DECREF(hits);
                    goto error;
                }
            }
            Py_DECREF(hits);
        }
    }
    PyMem_Free(st);
    PyMem_Free(starts);
    PyMem_Free(wanted);
    Py_DECREF(latin);
    return out;
error:
    PyMem_Free(st);
    PyMem_Free(starts);
    PyMem_Free(wanted);
    Py_XDECREF(latin);
    Py_XDECREF(out);
    return NULL;
}

/* ---------------------------------------------------------------------------------------------------------
 * Small text helpers of the unknown-word step (strays.py).
 */

/* The arguments (text, lo, hi) of the helpers below, the range clamped to the text; -1 on error. */
static int range_args(PyObject *args, PyObject **obj, Text *t, Py_ssize_t *lo, Py_ssize_t *hi) {
    if (!PyArg_ParseTuple(args, "Unn", obj, lo, hi)) return -1;
    return text_range(*obj, t, lo, hi);
}

static inline int ascii_word_char(Py_UCS4 c) { return c == '_' || ascii_letter(c) || (c >= '0' && c <= '9'); }

/* capitalised(text, lo, hi) -> the words of text[lo:hi] that r"\b[A-Z][a-z]{2,}\b" finds there (the slice's
 * ends count as its edges), or None when a character next to a candidate is not ASCII (then the caller asks
 * the regex, whose Unicode word boundaries this does not repeat). */
static PyObject *capitalised(PyObject *mod, PyObject *args) {
    PyObject *obj;
    Py_ssize_t lo, hi;
    Text t;
    (void)mod;
    if (range_args(args, &obj, &t, &lo, &hi) < 0) return NULL;
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    for (Py_ssize_t i = lo; i < hi; i++) {
        Py_UCS4 c = at(&t, i);
        if (c < 'A' || c > 'Z') continue;
        if (i > lo) {
            Py_UCS4 p = at(&t, i - 1);
            if (p >= 0x80) goto unsure;
            if (ascii_word_char(p)) continue;
        }
        Py_ssize_t j = i + 1;
        while (j < hi && at(&t, j) >= 'a' && at(&t, j) <= 'z') j++;
        if (j < hi) {
            Py_UCS4 n = at(&t, j);
            if (n >= 0x80) goto unsure;
            if (ascii_word_char(n)) {
                i = j - 1;
                continue;
            }
        }
        if (j - i < 3) continue;
        PyObject *w = PyUnicode_Substring(obj, i, j);
        if (!w || PyList_Append(out, w) < 0) {
            Py_XDECREF(w);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(w);
        i = j - 1;
    }
    return out;
unsure:
    Py_DECREF(out);
    Py_RETURN_NONE;
}

/* count_letters(cls, text, lo, hi) -> (ASCII letters, letters of other scripts) in text[lo:hi]: what the main
 * language is first judged on (the script with most letters), in one pass. */
static PyObject *count_letters(PyObject *mod, PyObject *args) {
    PyObject *cls, *obj;
    Py_ssize_t lo, hi;
    (void)mod;
    if (!PyArg_ParseTuple(args, "O!Unn", &PyBytes_Type, &cls, &obj, &lo, &hi)) return NULL;
    Text t;
    if (text_range(obj, &t, &lo, &hi) < 0) return NULL;
    const uint8_t *table = (const uint8_t *)PyBytes_AS_STRING(cls);
    Py_ssize_t ncls = PyBytes_GET_SIZE(cls), ascii = 0, other = 0;
    for (Py_ssize_t i = lo; i < hi; i++) {
        Py_UCS4 c = at(&t, i);
        if (c < 0x80) ascii += ascii_letter(c);
        else other += (Py_ssize_t)c >= ncls || (table[c] & FOREIGN_FLAG);
    }
    return Py_BuildValue("(nn)", ascii, other);
}

/* count_words(text, start, end) -> len(text[start:end].split()): stretches between white space. */
static PyObject *count_words(PyObject *mod, PyObject *args) {
    PyObject *obj;
    Py_ssize_t lo, hi;
    Text t;
    (void)mod;
    if (range_args(args, &obj, &t, &lo, &hi) < 0) return NULL;
    Py_ssize_t n = 0;
    int in_word = 0;
    for (Py_ssize_t i = lo; i < hi; i++) {
        int space = Py_UNICODE_ISSPACE(at(&t, i));
        n += !space && !in_word;
        in_word = !space;
    }
    return PyLong_FromSsize_t(n);
}

/* ---------------------------------------------------------------------------------------------------------
 * group_passages (passages.group_passages): the runs of each language other than the main one grouped.
 */

typedef struct {
    Py_ssize_t start, end, words;
    PyObject *lang, *script; /* borrowed from the run tuples */
    double confidence;
    int main; /* in the main language */
} PRun;

/* a string in a small list of distinct strings, added when new: its index */
static int intern_in(PyObject **keys, Py_ssize_t *sizes, int *n, PyObject *key) {
    for (int i = 0; i < *n; i++)
        if (keys[i] == key || PyUnicode_Compare(keys[i], key) == 0) return i;
    keys[*n] = key;
    sizes[*n] = 0;
    return (*n)++;
}

/* Whether [a, b) holds an empty line: two line feeds with only white space between */
static int has_empty_line(const Text *t, Py_ssize_t a, Py_ssize_t b) {
    int newlines = 0;
    for (Py_ssize_t p = a; p < b; p++) {
        Py_UCS4 c = at(t, p);
        if (c == '\n') {
            if (++newlines == 2) return 1;
        } else if (!Py_UNICODE_ISSPACE(c)) {
            newlines = 0;
        }
    }
    return 0;
}

/* Where the paragraph holding `pos` ends: at its empty line, or the text's end */
static Py_ssize_t paragraph_end(const Text *t, Py_ssize_t pos) {
    int newlines = 0;
    Py_ssize_t first = -1;
    for (Py_ssize_t p = pos; p < t->len; p++) {
        Py_UCS4 c = at(t, p);
        if (c == '\n') {
            if (newlines++ == 0) first = p;
            if (newlines == 2) return first;
        } else if (!Py_UNICODE_ISSPACE(c)) {
            newlines = 0;
        }
    }
    return t->len;
}

/* Whether no letter stands between position `pos` and the empty line (or the text's start) before it: what starts
 * at `pos` opens its paragraph */
static int opens_paragraph(const Text *t, Py_ssize_t pos) {
    int newlines = 0;
    for (Py_ssize_t p = pos - 1; p >= 0; p--) {
        Py_UCS4 c = at(t, p);
        if (c == '\n') {
            if (++newlines == 2) return 1;
        } else if (Py_UNICODE_ISALPHA(c)) {
            return 0;
        } else if (!Py_UNICODE_ISSPACE(c)) {
            newlines = 0; /* a line of marks or digits is no empty line */
        }
    }
    return 1;
}

/* Whether run j joins the group runs[i:j]: only neutral characters between, and across empty lines (at most
 * max_blank) one side prose (`prose` characters or more) rather than two short labels in a list, and both
 * paragraphs in the group's language from end to end: a sentence that ends a paragraph of the main language is
 * a passage of its own, not the head of the foreign paragraph that follows, nor is a foreign paragraph the head
 * of a phrase that opens one in the main language */
static int gap_ok(const Text *t, const PRun *r, Py_ssize_t n, Py_ssize_t i, Py_ssize_t j, Py_ssize_t max_blank,
                  Py_ssize_t prose) {
    Py_ssize_t a = r[j - 1].end, b = r[j].start, newlines = 0;
    for (Py_ssize_t p = a; p < b; p++) {
        Py_UCS4 c = at(t, p);
        if (c == '\n') newlines++;
        else if (Py_UNICODE_ISALPHA(c)) return 0;
    }
    if (newlines <= 1) return 1;
    if (newlines > max_blank + 1) return 0;
    Py_ssize_t own = 0;
    for (Py_ssize_t k = i; k < j && own < prose; k++)
        if (PyUnicode_Compare(r[k].lang, r[j].lang) == 0) own += r[k].end - r[k].start;
    Py_ssize_t line_end = line_end_of(t, b);
    Py_ssize_t next_line = line_end - b;
    if ((own > next_line ? own : next_line) < prose) return 0;
    Py_ssize_t k = j - 1; /* the group's first run in the paragraph before the empty line */
    while (k > i && !has_empty_line(t, r[k - 1].end, r[k].start)) k--;
    if (!opens_paragraph(t, r[k].start)) return 0;
    /* and the paragraph after it ends in the language: its last run (runs cover every letter) is one */
    Py_ssize_t end = paragraph_end(t, r[j].start);
    k = j;
    while (k + 1 < n && r[k + 1].start < end) k++;
    return PyUnicode_Compare(r[k].lang, r[j].lang) == 0;
}

/* k + 1 when runs[j:k] are a few words of other languages on one line, in one sentence, followed by `lang`
 * again, else -1 */
static Py_ssize_t absorbable(const Text *t, const PRun *r, Py_ssize_t n, Py_ssize_t j, PyObject *lang,
                             Py_ssize_t max_words, Py_ssize_t max_chars) {
    Py_ssize_t words = 0, k = j;
    while (k < n && PyUnicode_Compare(r[k].lang, lang) != 0) {
        words += r[k].words > 1 ? r[k].words : 1;
        if (words > max_words) return -1;
        k++;
    }
    if (k == j || k >= n) return -1;
    Py_ssize_t a = r[j - 1].end, b = r[k].start;
    for (Py_ssize_t p = a; p < b; p++)
        if (at(t, p) == '\n') return -1;
    /* words of two sentences ("… RPC package. Service …") are no few words inside one */
    for (Py_ssize_t p = r[j].start; p + 1 < r[k - 1].end; p++) {
        Py_UCS4 c = at(t, p);
        if ((c == '.' || c == '!' || c == '?') && Py_UNICODE_ISSPACE(at(t, p + 1)) && p > 0 &&
            Py_UNICODE_ISALPHA(at(t, p - 1)))
            return -1;
    }
    if (b - a > max_chars + 2 && r[j].main) return -1;
    return k + 1;
}

/* The passage of runs[i:j] as a (start, end, lang, script, confidence) tuple: the language and script with the
 * most characters, the size-weighted confidence of its runs in that language */
static PyObject *to_passage(const PRun *r, Py_ssize_t i, Py_ssize_t j) {
    if (j - i == 1) {
        Py_ssize_t size = r[i].end - r[i].start;
        double conf = round4(r[i].confidence * (double)size / (double)(size ? size : 1));
        return Py_BuildValue("(nnOOd)", r[i].start, r[i].end, r[i].lang, r[i].script, conf);
    }
    enum { KEYS = 64 };
    PyObject *langs[KEYS] = {NULL}, *scripts[KEYS] = {NULL};
    Py_ssize_t lsize[KEYS], ssize[KEYS];
    int nl = 0, ns = 0;
    for (Py_ssize_t k = i; k < j; k++) {
        if (r[k].main) continue;
        if (nl == KEYS) break; /* more languages than any passage holds: the first ones decide */
        int at_ = intern_in(langs, lsize, &nl, r[k].lang);
        lsize[at_] += r[k].end - r[k].start;
    }
    if (nl == 0) { /* no run of another language: not a passage the grouping makes */
        PyErr_SetString(PyExc_ValueError, "a passage needs a run of another language");
        return NULL;
    }
    int best = 0;
    for (int q = 1; q < nl; q++)
        if (lsize[q] > lsize[best]) best = q;
    PyObject *lang = langs[best];
    Py_ssize_t size = 0;
    double acc = 0.0;
    for (Py_ssize_t k = i; k < j; k++) {
        if (PyUnicode_Compare(r[k].lang, lang) != 0) continue;
        Py_ssize_t len = r[k].end - r[k].start;
        size += len;
        acc += r[k].confidence * (double)len;
        if (ns < KEYS) {
            int at_ = intern_in(scripts, ssize, &ns, r[k].script);
            ssize[at_] += len;
        }
    }
    int sb = 0;
    for (int q = 1; q < ns; q++)
        if (ssize[q] > ssize[sb]) sb = q;
    double conf = round4(acc / (double)(size ? size : 1));
    return Py_BuildValue("(nnOOd)", r[i].start, r[j - 1].end, lang, scripts[sb], conf);
}

/* group_passages(text, runs, main, max_blank_lines, max_absorbed_words, max_absorbed_chars, prose_chars)
 * -> passage tuples in text order */
static PyObject *group_passages(PyObject *mod, PyObject *args) {
    PyObject *text, *runs, *main;
    Py_ssize_t max_blank, max_words, max_chars, prose;
    (void)mod;
    if (!PyArg_ParseTuple(args, "UO!Unnnn", &text, &PyList_Type, &runs, &main, &max_blank, &max_words, &max_chars,
                          &prose))
        return NULL;
    Text t;
    if (text_of(text, &t) < 0) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(runs);
    PRun *r = PyMem_Malloc(sizeof(PRun) * (n ? n : 1));
    PyObject *out = PyList_New(0);
    if (!r || !out) {
        PyMem_Free(r);
        Py_XDECREF(out);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *x = PyList_GET_ITEM(runs, k);
        if (!PyTuple_Check(x) || PyTuple_GET_SIZE(x) < 6) {
            PyErr_SetString(PyExc_TypeError, "runs must be Run tuples");
            goto error;
        }
        r[k].start = PyLong_AsSsize_t(PyTuple_GET_ITEM(x, 0));
        r[k].end = PyLong_AsSsize_t(PyTuple_GET_ITEM(x, 1));
        r[k].lang = PyTuple_GET_ITEM(x, 2);
        r[k].script = PyTuple_GET_ITEM(x, 3);
        r[k].confidence = PyFloat_AsDouble(PyTuple_GET_ITEM(x, 4));
        r[k].words = PyLong_AsSsize_t(PyTuple_GET_ITEM(x, 5));
        if (PyErr_Occurred()) goto error;
        if (!PyUnicode_Check(r[k].lang) || !PyUnicode_Check(r[k].script)) {
            PyErr_SetString(PyExc_TypeError, "a run's language and script must be str");
            goto error;
        }
        r[k].main = PyUnicode_Compare(r[k].lang, main) == 0;
    }
    Py_ssize_t i = 0;
    while (i < n) {
        if (r[i].main) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n) {
            if (PyUnicode_Compare(r[j].lang, r[i].lang) == 0 && gap_ok(&t, r, n, i, j, max_blank, prose)) {
                j++;
                continue;
            }
            Py_ssize_t k = absorbable(&t, r, n, j, r[i].lang, max_words, max_chars);
            if (k < 0) break;
            j = k;
        }
        PyObject *p = to_passage(r, i, j);
        if (!p || PyList_Append(out, p) < 0) {
            Py_XDECREF(p);
            goto error;
        }
        Py_DECREF(p);
        i = j;
    }
    PyMem_Free(r);
    return out;
error:
    PyMem_Free(r);
    Py_DECREF(out);
    return NULL;
}

/* ---------------------------------------------------------------------------------------------------------
 * Sorted word lists: a language's words as one sorted UTF-8 blob and their offsets (lexicon.SortedList), found by
 * binary search; nothing is built, so a list is ready as soon as its bytes are read from the table cache.
 */

typedef struct {
    const char *blob;
    const int64_t *offsets; /* n + 1 */
    const double *values;   /* n */
    Py_ssize_t n;
    Py_ssize_t blob_len; /* offsets read in place are checked against it at each use, not all when opened */
    uint32_t *index; /* open addressing over the words: word number + 1 in the low `bits` bits (0: empty), bits
                        of the word's hash above them (a probe of another word rarely reads its bytes) */
    uint64_t mask;
    int bits;
    int no_index;    /* the index could not be built (memory, or too many words): binary search */
    int index_borrowed; /* the index is a view of a buffer given with the list (built with the table) */
} Sorted;

/* slots of a list's hash index: the smallest power of two of at least 16 and twice the words */
static uint64_t sorted_index_cap(Py_ssize_t n) {
    uint64_t cap = 16;
    while (cap < (uint64_t)n * 2) cap <<= 1;
    return cap;
}

/* the bits of a slot that hold a word number + 1: enough for n */
static int sorted_index_bits(Py_ssize_t n) {
    int bits = 1;
    while (bits < 32 && ((uint64_t)1 << bits) <= (uint64_t)n) bits++;
    return bits;
}

/* the hash bits a slot keeps above the word number (from the top of the hash: the slot comes from its bottom) */
static inline uint32_t sorted_tag(uint64_t h, int bits) { return bits >= 32 ? 0 : (uint32_t)(h >> 32) << bits; }

static void sorted_index(Sorted *l) {
    if (l->n >= (Py_ssize_t)UINT32_MAX / 2) {
        l->no_index = 1;
        return;
    }
    uint64_t cap = sorted_index_cap(l->n);
    l->index = PyMem_Calloc((size_t)cap, sizeof(uint32_t));
    if (!l->index) {
        l->no_index = 1;
        return;
    }
    l->mask = cap - 1;
    l->bits = sorted_index_bits(l->n);
    for (Py_ssize_t i = 0; i < l->n; i++) {
        int64_t a = l->offsets[i], b = l->offsets[i + 1];
        if (a < 0 || b < a || b > l->blob_len) continue; /* a damaged entry: never found */
        uint64_t h = hash_bytes(l->blob + a, (Py_ssize_t)(b - a));
        uint64_t j = h & l->mask;
        while (l->index[j]) j = (j + 1) & l->mask;
        l->index[j] = (uint32_t)(i + 1) | sorted_tag(h, l->bits);
    }
}

/* sorted_find with the key's hash_bytes given (one hash for a word looked up in many lists) */
static Py_ssize_t sorted_find_h(Sorted *l, const char *key, Py_ssize_t len, uint64_t h);

/* the index of `key` in the list, or -1: by the hash index, else by binary search */
static Py_ssize_t sorted_find(Sorted *l, const char *key, Py_ssize_t len) {
    return sorted_find_h(l, key, len, hash_bytes(key, len));
}

static Py_ssize_t sorted_find_h(Sorted *l, const char *key, Py_ssize_t len, uint64_t h) {
    if (!l->index && !l->no_index) sorted_index(l);
    if (l->index) {
        uint64_t j = h & l->mask;
        uint32_t low = l->bits >= 32 ? UINT32_MAX : ((uint32_t)1 << l->bits) - 1, tag = sorted_tag(h, l->bits);
        uint64_t probes = 0; /* bounded, and word numbers checked: an index read in place may be damaged */
        for (uint32_t at; probes <= l->mask && (at = l->index[j]) != 0; j = (j + 1) & l->mask, probes++) {
            if ((at & ~low) != tag) continue;
            Py_ssize_t i = (Py_ssize_t)(at & low) - 1;
            if (i < 0 || i >= l->n) continue;
            int64_t a = l->offsets[i], b = l->offsets[i + 1]; /* b - a == len >= 0, so a <= b */
            if (b - a == len && a >= 0 && b <= l->blob_len && memcmp(l->blob + a, key, (size_t)len) == 0)
                return i;
        }
        return -1;
    }
    Py_ssize_t lo = 0, hi = l->n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        int64_t a = l->offsets[mid], b = l->offsets[mid + 1];
        if (a < 0 || b < a || b > l->blob_len) return -1; /* damaged offsets: nothing found */
        const char *w = l->blob + a;
        Py_ssize_t wlen = (Py_ssize_t)(b - a);
        int c = memcmp(w, key, (size_t)(wlen < len ? wlen : len));
        if (c < 0 || (c == 0 && wlen < len)) lo = mid + 1;
        else hi = mid;
    }
    if (lo < l->n) {
        int64_t a = l->offsets[lo], b = l->offsets[lo + 1];
        if (b - a == len && a >= 0 && b <= l->blob_len && memcmp(l->blob + a, key, (size_t)len) == 0) return lo;
    }
    return -1;
}

/* Views of (blob, offsets, values) kept for as long as their holder lives. */
typedef struct {
    Py_buffer blob, offsets, values, index;
    int held, index_held;
} SortedViews;

static int sorted_open(PyObject *triple, SortedViews *v, Sorted *l) {
    PyObject *blob, *offsets, *values;
    if (!PyArg_ParseTuple(triple, "OOO", &blob, &offsets, &values)) return -1;
    if (PyObject_GetBuffer(blob, &v->blob, PyBUF_SIMPLE) < 0) return -1;
    if (PyObject_GetBuffer(offsets, &v->offsets, PyBUF_SIMPLE) < 0) {
        PyBuffer_Release(&v->blob);
        return -1;
    }
    if (PyObject_GetBuffer(values, &v->values, PyBUF_SIMPLE) < 0) {
        PyBuffer_Release(&v->blob);
        PyBuffer_Release(&v->offsets);
        return -1;
    }
    v->held = 1;
    l->blob = v->blob.buf;
    l->offsets = v->offsets.buf;
    l->values = v->values.buf;
    l->n = v->values.len / (Py_ssize_t)sizeof(double);
    l->blob_len = v->blob.len;
    if (v->offsets.len != (l->n + 1) * (Py_ssize_t)sizeof(int64_t) ||
        (l->n && l->offsets[l->n] > v->blob.len)) {
        PyErr_SetString(PyExc_ValueError, "a sorted list's offsets do not fit its words");
        return -1;
    }
    return 0;
}

static void sorted_close(SortedViews *v) {
    if (v->index_held) PyBuffer_Release(&v->index);
    v->index_held = 0;
    if (!v->held) return;
    PyBuffer_Release(&v->blob);
    PyBuffer_Release(&v->offsets);
    PyBuffer_Release(&v->values);
    v->held = 0;
}

typedef struct {
    PyObject_HEAD SortedViews views;
    Sorted list;
} SortedList;

static void SortedList_dealloc(SortedList *self) {
    if (!self->list.index_borrowed) PyMem_Free(self->list.index);
    sorted_close(&self->views);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* SortedList(blob, offsets, values, index=None): bytes, int64 offsets (one more than the words), float64 values,
 * and the hash index `index()` gave (uint32 slots), kept with the table so that no process builds it again */
static int SortedList_init(SortedList *self, PyObject *args, PyObject *kw) {
    (void)kw;
    PyObject *blob, *offsets, *values, *index = Py_None;
    if (self->views.held) {
        PyErr_SetString(PyExc_ValueError, "already initialised");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "OOO|O", &blob, &offsets, &values, &index)) return -1;
    PyObject *triple = PyTuple_Pack(3, blob, offsets, values);
    if (!triple) return -1;
    int rc = sorted_open(triple, &self->views, &self->list);
    Py_DECREF(triple);
    if (rc < 0 || index == Py_None) return rc;
    Sorted *l = &self->list;
    Py_buffer *b = &self->views.index;
    if (PyObject_GetBuffer(index, b, PyBUF_SIMPLE) < 0) return -1;
    self->views.index_held = 1;
    uint64_t cap = sorted_index_cap(l->n);
    int bits = sorted_index_bits(l->n);
    /* only its size is checked here: reading every slot of a mapped index touched all its pages (3 ms for the
     * English list, in every process); a lookup bounds its probes and checks each word number it reads */
    if ((uint64_t)b->len != cap * sizeof(uint32_t)) {
        PyErr_SetString(PyExc_ValueError, "a sorted list's index does not fit its words");
        return -1;
    }
    l->index = (uint32_t *)b->buf;
    l->mask = cap - 1;
    l->bits = bits;
    l->index_borrowed = 1;
    return 0;
}

/* index() -> the list's hash index as bytes (uint32 slots: word number + 1 and hash bits, 0 empty), or None */
static PyObject *SortedList_index(SortedList *self, PyObject *unused) {
    (void)unused;
    Sorted *l = &self->list;
    if (!l->index && !l->no_index) sorted_index(l);
    if (!l->index) Py_RETURN_NONE;
    return PyBytes_FromStringAndSize((const char *)l->index, (Py_ssize_t)((l->mask + 1) * sizeof(uint32_t)));
}

/* get(word, default=None) -> the word's value, or default */
static PyObject *SortedList_get(SortedList *self, PyObject *args) {
    PyObject *word, *dflt = Py_None;
    if (!PyArg_ParseTuple(args, "O|O", &word, &dflt)) return NULL;
    if (PyUnicode_Check(word)) {
        Py_ssize_t len;
        const char *key = PyUnicode_AsUTF8AndSize(word, &len);
        if (!key) {
            /* a lone surrogate: encode as the list was (surrogatepass) */
            PyErr_Clear();
            PyObject *b = PyUnicode_AsEncodedString(word, "utf-8", "surrogatepass");
            if (!b) return NULL;
            Py_ssize_t i = sorted_find(&self->list, PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b));
            Py_DECREF(b);
            if (i >= 0) return PyFloat_FromDouble(self->list.values[i]);
        } else {
            Py_ssize_t i = sorted_find(&self->list, key, len);
            if (i >= 0) return PyFloat_FromDouble(self->list.values[i]);
        }
    }
    Py_INCREF(dflt);
    return dflt;
}

static int SortedList_contains(SortedList *self, PyObject *word) {
    if (!PyUnicode_Check(word)) return 0;
    PyObject *args = PyTuple_Pack(1, word);
    if (!args) return -1;
    PyObject *r = SortedList_get(self, args);
    Py_DECREF(args);
    if (!r) return -1;
    int found = r != Py_None;
    Py_DECREF(r);
    return found;
}

static Py_ssize_t SortedList_len(SortedList *self) { return self->list.n; }

static PySequenceMethods SortedList_as_sequence = {
    .sq_length = (lenfunc)SortedList_len,
    .sq_contains = (objobjproc)SortedList_contains,
};

static PyMethodDef SortedList_methods[] = {
    {"get", (PyCFunction)SortedList_get, METH_VARARGS, "get(word, default=None) -> the word's value, or default"},
    {"index", (PyCFunction)SortedList_index, METH_NOARGS, "index() -> the hash index as bytes, or None"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SortedListType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mlkit.segment._scan.SortedList",
    .tp_basicsize = sizeof(SortedList),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)SortedList_init,
    .tp_dealloc = (destructor)SortedList_dealloc,
    .tp_methods = SortedList_methods,
    .tp_as_sequence = &SortedList_as_sequence,
    .tp_doc = "A word list as one sorted UTF-8 blob, found by binary search (lexicon.SortedList).",
};

/* ---------------------------------------------------------------------------------------------------------
 * Lexicon: a word's base log-probabilities in the lists of some languages (`base`), and its scores where some
 * list knows it (`known` for a plain ASCII word, `combine` from base log-probabilities); None means no list knows
 * the word (letter trigrams decide: see Grams and Scorer, which puts them together).
 */

typedef struct {
    PyObject_HEAD PyObject *dicts; /* tuple: per language, its word list (a SortedList), or None; with joined
                                      lists, a callable may stand for a list, called when a word needs it */
    SortedList *lists[MAX_LANGS];  /* the lists, as they are had (owned references) */
    int n;
    double low[MAX_LANGS], log_low[MAX_LANGS], log_floor[MAX_LANGS], prior[MAX_LANGS];
    char large[MAX_LANGS];
    double log_rare_large, rare_margin, log_large_miss, log_half;
    /* how a word is spelt before it is looked up (`spellings`): per language, a str.translate table (mojibake
     * and transliterations) or None, and the sorted code points of its alphabet (count -1: none) */
    PyObject *tables;
    Py_UCS4 *alphabet[MAX_LANGS];
    Py_ssize_t alphabet_len[MAX_LANGS];
    double log_foreign_letter;
    /* the lists joined (`joined`): every word of any of them once, with its values in the lists that have it, so a
     * word costs one lookup, not one per list; read in place, trusted only as far as its sizes */
    int has_joined;
    Sorted joined;            /* the words and their hash index (no values) */
    const uint32_t *starts;   /* per word, where its entries start; one more than the words */
    const uint8_t *langs;     /* per entry, the list (language index) */
    const double *jvalues;    /* per entry, the word's value in that list */
    Py_ssize_t entries;
    Py_buffer jviews[6];
    int jheld;
} Lexicon;

static void Lexicon_dealloc(Lexicon *self) {
    for (int k = 0; k < self->jheld; k++) PyBuffer_Release(&self->jviews[k]);
    for (int i = 0; i < MAX_LANGS; i++) Py_XDECREF(self->lists[i]);
    Py_XDECREF(self->dicts);
    Py_XDECREF(self->tables);
    for (int i = 0; i < MAX_LANGS; i++) PyMem_Free(self->alphabet[i]);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int cmp_ucs4(const void *a, const void *b) {
    Py_UCS4 x = *(const Py_UCS4 *)a, y = *(const Py_UCS4 *)b;
    return x < y ? -1 : x > y;
}

/* spellings: per language (translate table or None, alphabet str or None) */
static int lexicon_spellings(Lexicon *self, PyObject *spellings, Py_ssize_t n) {
    PyObject *f = PySequence_Fast(spellings, "spellings: one (table, alphabet) per language");
    if (!f) return -1;
    if (PySequence_Fast_GET_SIZE(f) != n) {
        Py_DECREF(f);
        PyErr_SetString(PyExc_ValueError, "one spelling per language expected");
        return -1;
    }
    PyObject *tables = PyTuple_New(n);
    if (!tables) {
        Py_DECREF(f);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *table, *alphabet;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(f, i), "OO", &table, &alphabet)) goto error;
        Py_INCREF(table);
        PyTuple_SET_ITEM(tables, i, table);
        PyMem_Free(self->alphabet[i]);
        self->alphabet[i] = NULL;
        self->alphabet_len[i] = -1;
        if (alphabet == Py_None) continue;
        Text t;
        if (text_of(alphabet, &t) < 0) goto error;
        self->alphabet[i] = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(t.len + 1));
        if (!self->alphabet[i]) {
            PyErr_NoMemory();
            goto error;
        }
        for (Py_ssize_t k = 0; k < t.len; k++) self->alphabet[i][k] = at(&t, k);
        qsort(self->alphabet[i], (size_t)t.len, sizeof(Py_UCS4), cmp_ucs4);
        self->alphabet_len[i] = t.len;
    }
    Py_DECREF(f);
    Py_XSETREF(self->tables, tables);
    return 0;
error:
    Py_DECREF(f);
    Py_DECREF(tables);
    return -1;
}

/* The joined lists (blob, offsets, index, starts, langs, values) as lexicon.joined_parts gives them: views kept,
 * sizes checked against each other. */
static int lexicon_join(Lexicon *self, PyObject *joined) {
    PyObject *parts[6];
    if (!PyArg_ParseTuple(joined, "OOOOOO", &parts[0], &parts[1], &parts[2], &parts[3], &parts[4], &parts[5]))
        return -1;
    for (int k = 0; k < 6; k++) {
        if (PyObject_GetBuffer(parts[k], &self->jviews[k], PyBUF_SIMPLE) < 0) return -1;
        self->jheld = k + 1;
    }
    Py_buffer *b = self->jviews;
    Sorted *l = &self->joined;
    Py_ssize_t words = b[1].len / (Py_ssize_t)sizeof(int64_t) - 1;
    Py_ssize_t entries = b[5].len / (Py_ssize_t)sizeof(double);
    l->blob = b[0].buf;
    l->offsets = b[1].buf;
    l->values = NULL;
    l->n = words;
    int ok = words >= 0 && b[1].len == (words + 1) * (Py_ssize_t)sizeof(int64_t) && words < (Py_ssize_t)UINT32_MAX / 2;
    ok = ok && (uint64_t)b[2].len == sorted_index_cap(words) * sizeof(uint32_t);
    ok = ok && b[3].len == (words + 1) * (Py_ssize_t)sizeof(uint32_t) && b[4].len == entries;
    ok = ok && (words == 0 || (l->offsets[0] == 0 && l->offsets[words] <= b[0].len));
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "the joined lists' parts do not fit each other");
        return -1;
    }
    /* each offset a lookup reads is checked against the blob then (sorted_find_h): checking that all rise here
     * read every page of the mapped offsets at every start */
    l->blob_len = b[0].len;
    l->index = b[2].buf;
    l->mask = sorted_index_cap(words) - 1;
    l->bits = sorted_index_bits(words);
    l->index_borrowed = 1;
    self->starts = b[3].buf;
    self->langs = b[4].buf;
    self->jvalues = b[5].buf;
    self->entries = entries;
    self->has_joined = 1;
    return 0;
}

/* Lexicon(lists or None, lows, log_lows, log_floors, large, priors, (log_rare_large, rare_margin, log_large_miss),
 *         spellings=None, log_foreign_letter=0.0, joined=None) */
static int Lexicon_init(Lexicon *self, PyObject *args, PyObject *kw) {
    PyObject *dicts, *lows, *log_lows, *log_floors, *large, *priors, *spellings = Py_None, *joined = Py_None;
    double rare, margin, miss, foreign_letter = 0.0;
    (void)kw;
    if (!PyArg_ParseTuple(args, "OOOOOO(ddd)|OdO", &dicts, &lows, &log_lows, &log_floors, &large, &priors,
                          &rare, &margin, &miss, &spellings, &foreign_letter, &joined))
        return -1;
    if (self->jheld || self->dicts) {
        PyErr_SetString(PyExc_ValueError, "a lexicon is set up once");
        return -1;
    }
    Py_ssize_t n = PyObject_Length(lows);
    if (n < 0) return -1;
    if (dicts != Py_None && (!PyTuple_Check(dicts) || PyTuple_GET_SIZE(dicts) != n)) {
        PyErr_SetString(PyExc_TypeError, "lists: a tuple of one SortedList per language, or None");
        return -1;
    }
    if (n < 1 || n > MAX_LANGS) {
        PyErr_SetString(PyExc_ValueError, "number of languages out of range");
        return -1;
    }
    PyObject *seqs[5] = {lows, log_lows, log_floors, large, priors};
    double *dst[5] = {self->low, self->log_low, self->log_floor, NULL, self->prior};
    for (int q = 0; q < 5; q++) {
        PyObject *f = PySequence_Fast(seqs[q], "a sequence per language expected");
        if (!f) return -1;
        if (PySequence_Fast_GET_SIZE(f) != n) {
            Py_DECREF(f);
            PyErr_SetString(PyExc_ValueError, "one value per language expected");
            return -1;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *x = PySequence_Fast_GET_ITEM(f, i);
            if (dst[q]) dst[q][i] = PyFloat_AsDouble(x);
            else self->large[i] = (char)PyObject_IsTrue(x);
        }
        Py_DECREF(f);
        if (PyErr_Occurred()) return -1;
    }
    for (Py_ssize_t i = 0; dicts != Py_None && i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(dicts, i);
        if (PyObject_TypeCheck(item, &SortedListType)) {
            Py_INCREF(item);
            self->lists[i] = (SortedList *)item;
        } else if (joined == Py_None || !PyCallable_Check(item)) {
            PyErr_SetString(PyExc_TypeError, "word lists must be SortedLists (or, with joined lists, callables)");
            return -1;
        }
    }
    for (Py_ssize_t i = 0; i < MAX_LANGS; i++) self->alphabet_len[i] = -1;
    if (spellings != Py_None && lexicon_spellings(self, spellings, n) < 0) return -1;
    if (joined != Py_None && (dicts == Py_None || lexicon_join(self, joined) < 0)) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "joined lists without the lists");
        return -1;
    }
    self->log_foreign_letter = foreign_letter;
    Py_INCREF(dicts);
    Py_XSETREF(self->dicts, dicts);
    self->n = (int)n;
    self->log_rare_large = rare;
    self->rare_margin = margin;
    self->log_large_miss = miss;
    self->log_half = log(0.5);
    return 0;
}

/* A word's log-probabilities plus priors from its base log-probabilities, or None when no list knows it.
 * Where a list knows the word: its frequency; a large list's rarest entries say little when a small list knows
 * the word well; a large list that lacks a word another list knows: log_large_miss; a small list that lacks
 * it: at most half what the lists that know it say. */
static int combine_row(const Lexicon *self, const double *base, double *out) {
    int n = self->n;
    char known[MAX_LANGS];
    double best_small = -INFINITY;
    int any = 0;
    for (int i = 0; i < n; i++) {
        known[i] = base[i] > self->log_floor[i] + 1e-9;
        if (known[i] && !self->large[i] && base[i] > best_small) best_small = base[i];
    }
    double top = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (known[i] && self->large[i] && base[i] < self->log_rare_large && best_small > base[i] + self->rare_margin)
            known[i] = 0;
        if (known[i]) {
            any = 1;
            if (base[i] > top) top = base[i];
        }
    }
    if (!any) return 0;
    double cap = self->log_half + top;
    for (int i = 0; i < n; i++) {
        double v = known[i] ? base[i] : self->large[i] ? self->log_large_miss : (cap < base[i] ? cap : base[i]);
        out[i] = v + self->prior[i];
    }
    return 1;
}

static PyObject *float_tuple(const double *v, int n) {
    PyObject *out = PyTuple_New(n);
    if (!out) return NULL;
    for (int i = 0; i < n; i++) {
        PyObject *x = PyFloat_FromDouble(v[i]);
        if (!x) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, i, x);
    }
    return out;
}

static PyObject *combine(const Lexicon *self, const double *base) {
    double row[MAX_LANGS];
    if (!combine_row(self, base, row)) Py_RETURN_NONE;
    return float_tuple(row, self->n);
}

/* The base log-probabilities of a plain ASCII word (no hyphen or apostrophe): its list values, floored. */
/* A word's first entry in the joined lists and, in *end, one past its last; -1 when no list has it (or the
 * tables say something that cannot be, as a damaged cache file might) */
static Py_ssize_t joined_find(Lexicon *self, const char *key, Py_ssize_t len, uint64_t h, Py_ssize_t *end) {
    Py_ssize_t at = sorted_find_h(&self->joined, key, len, h);
    if (at < 0) return -1;
    uint32_t a = self->starts[at], b = self->starts[at + 1];
    if (a >= b || (Py_ssize_t)b > self->entries) return -1;
    *end = b;
    return a;
}

static void plain_base(Lexicon *self, const Text *t, double *base) {
    const char *key = (const char *)t->data;
    uint64_t h = hash_bytes(key, t->len);
    if (self->has_joined) { /* one lookup: the word's entries name the lists that have it */
        for (int i = 0; i < self->n; i++) base[i] = self->log_low[i];
        Py_ssize_t end, e = joined_find(self, key, t->len, h, &end);
        for (; e >= 0 && e < end; e++) {
            int i = self->langs[e];
            if (i >= self->n) continue;
            double v = self->jvalues[e];
            base[i] = v <= self->low[i] ? self->log_low[i] : log(v);
        }
        return;
    }
    for (int i = 0; i < self->n; i++) {
        Sorted *l = &self->lists[i]->list; /* SortedLists given: a lexicon without joined lists */
        Py_ssize_t at = sorted_find_h(l, key, t->len, h);
        double v = at >= 0 ? l->values[at] : 0.0;
        base[i] = at < 0 || v <= self->low[i] ? self->log_low[i] : log(v);
    }
}

/* known(lower) -> per-language log-probabilities plus priors, or None (not plain ASCII, or no list knows it) */
static PyObject *Lexicon_known(Lexicon *self, PyObject *word) {
    Text t;
    if (text_of(word, &t) < 0) return NULL;
    if (t.kind != PyUnicode_1BYTE_KIND) Py_RETURN_NONE;
    for (Py_ssize_t i = 0; i < t.len; i++) {
        Py_UCS4 c = at(&t, i);
        if (c >= 0x80 || c == '-' || c == '\'') Py_RETURN_NONE;
    }
    if (self->dicts == Py_None) Py_RETURN_NONE;
    double base[MAX_LANGS];
    plain_base(self, &t, base);
    return combine(self, base);
}

/* combine(base) -> Lexicon.known's answer from the word's base log-probabilities per language (lexicon's
 * `_base_log_probs`), or None when no list knows the word */
static PyObject *Lexicon_combine(Lexicon *self, PyObject *seq) {
    PyObject *f = PySequence_Fast(seq, "a sequence of floats expected");
    if (!f) return NULL;
    if (PySequence_Fast_GET_SIZE(f) != self->n) {
        Py_DECREF(f);
        PyErr_SetString(PyExc_ValueError, "one value per language expected");
        return NULL;
    }
    double base[MAX_LANGS];
    for (int i = 0; i < self->n; i++) base[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(f, i));
    Py_DECREF(f);
    if (PyErr_Occurred()) return NULL;
    return combine(self, base);
}

/* A str's value in a sorted list: 1 and *v when the list has it, 0 when not, -1 on error */
static int sorted_get_str(Sorted *l, PyObject *word, double *v) {
    Py_ssize_t len, i;
    const char *key = PyUnicode_AsUTF8AndSize(word, &len);
    if (key) {
        i = sorted_find(l, key, len);
    } else { /* a lone surrogate: encode as the list was (surrogatepass) */
        PyErr_Clear();
        PyObject *b = PyUnicode_AsEncodedString(word, "utf-8", "surrogatepass");
        if (!b) return -1;
        i = sorted_find(l, PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b));
        Py_DECREF(b);
    }
    if (i < 0) return 0;
    *v = l->values[i];
    return 1;
}

static int is_ascii_text(const Text *t) {
    if (t->kind != PyUnicode_1BYTE_KIND) return 0;
    for (Py_ssize_t i = 0; i < t->len; i++)
        if (at(t, i) >= 0x80) return 0;
    return 1;
}

/* log of a list value against the floor: log(max(f, low)) */
static inline double floored_log(const Lexicon *self, int i, int found, double f) {
    return found && f > self->low[i] ? log(f) : self->log_low[i];
}

/* Language i's word list, had from its callable the first time; NULL with an exception on error */
static Sorted *lexicon_list(Lexicon *self, int i) {
    if (!self->lists[i]) {
        PyObject *got = PyObject_CallNoArgs(PyTuple_GET_ITEM(self->dicts, i));
        if (!got) return NULL;
        if (!PyObject_TypeCheck(got, &SortedListType)) {
            Py_DECREF(got);
            PyErr_SetString(PyExc_TypeError, "a word list's callable must give a SortedList");
            return NULL;
        }
        self->lists[i] = (SortedList *)got;
    }
    return &self->lists[i]->list;
}

/* Whether a word has a hyphen, an apostrophe */
static void joiners(const Text *t, int *hyphen, int *apostrophe) {
    *hyphen = *apostrophe = 0;
    for (Py_ssize_t k = 0; k < t->len; k++) {
        Py_UCS4 c = at(t, k);
        if (c == '-') *hyphen = 1;
        else if (c == '\'') *apostrophe = 1;
    }
}

/* A word's log frequency in language i from what the list says of it (found, f) and of its parts between
 * hyphens and apostrophes (the sum of their floored logs, and how many): a word with an apostrophe, or a
 * hyphenated one the list lacks, by the mean over its parts, or by itself when the list has it and that is
 * likelier; any other word by its own frequency, floored */
static double parts_score(const Lexicon *self, int i, int found, double f, int hyphen, int apostrophe, double sum,
                          Py_ssize_t parts) {
    if (!((!found && hyphen) || apostrophe)) return floored_log(self, i, found, f);
    double score = parts ? sum / (double)parts : self->log_low[i];
    if (found) {
        double own = floored_log(self, i, 1, f);
        if (own > score) score = own;
    }
    return score;
}

/* Whether a word beyond ASCII has a letter language i does not write (it then costs log_foreign_letter) */
static int foreign_letter(const Lexicon *self, int i, const Text *t, int ascii_word) {
    if (self->alphabet_len[i] < 0 || ascii_word) return 0;
    for (Py_ssize_t k = 0; k < t->len; k++) {
        Py_UCS4 c = at(t, k);
        if (!bsearch(&c, self->alphabet[i], (size_t)self->alphabet_len[i], sizeof(Py_UCS4), cmp_ucs4)) return 1;
    }
    return 0;
}

/* The log frequency of a lowercased word in language i, with the floor and the alphabet check: the word spelt
 * by the language's table when it is not ASCII; a word with an apostrophe, or a hyphenated one the list lacks,
 * judged by the mean over its parts (one letter beside an apostrophe is a clitic of many languages and is left
 * out), or by itself when the list has it and that is likelier; a letter outside the language's alphabet costs
 * log_foreign_letter. -INFINITY with an exception set on error. */
static double word_log_prob(Lexicon *self, int i, PyObject *lower) {
    Sorted *l = lexicon_list(self, i);
    if (!l) return -INFINITY;
    Text t;
    if (text_of(lower, &t) < 0) return -INFINITY;
    int ascii_word = is_ascii_text(&t);
    PyObject *word = lower;
    Py_INCREF(word);
    PyObject *table = self->tables ? PyTuple_GET_ITEM(self->tables, i) : Py_None;
    if (table != Py_None && !ascii_word) {
        Py_SETREF(word, PyUnicode_Translate(lower, table, "strict"));
        if (!word || text_of(word, &t) < 0) goto error;
        ascii_word = is_ascii_text(&t);
    }
    double f = 0.0, sum = 0.0;
    int found = sorted_get_str(l, word, &f);
    if (found < 0) goto error;
    int hyphen, apostrophe;
    joiners(&t, &hyphen, &apostrophe);
    Py_ssize_t parts = 0;
    if ((!found && hyphen) || apostrophe) {
        Py_ssize_t a = 0;
        for (Py_ssize_t k = 0; k <= t.len; k++) {
            if (k < t.len && at(&t, k) != '-' && at(&t, k) != '\'') continue;
            Py_ssize_t len = k - a;
            if (len > 1 || (len == 1 && !apostrophe)) {
                PyObject *part = PyUnicode_Substring(word, a, k);
                if (!part) goto error;
                double g = 0.0;
                int has = sorted_get_str(l, part, &g);
                Py_DECREF(part);
                if (has < 0) goto error;
                sum += floored_log(self, i, has, g);
                parts++;
            }
            a = k + 1;
        }
    }
    double score = parts_score(self, i, found, f, hyphen, apostrophe, sum, parts);
    if (foreign_letter(self, i, &t, ascii_word)) score += self->log_foreign_letter;
    Py_DECREF(word);
    return score;
error:
    Py_XDECREF(word);
    return -INFINITY;
}

static int lexicon_base(Lexicon *lx, PyObject *lower, const Text *t, double *base);

/* Lexicon.base's row for a word that is not plain ASCII, from the joined lists: the word and each part of it
 * between hyphens and apostrophes looked up once for every language (word_log_prob's rules, per language); a
 * language whose spelling table changes the word looks it up in its own list. */
static int joined_base(Lexicon *self, PyObject *lower, const Text *t, double *base) {
    int n = self->n, ascii_word = is_ascii_text(t);
    char own[MAX_LANGS], found[MAX_LANGS];
    double f[MAX_LANGS], sum[MAX_LANGS];
    for (int i = 0; i < n; i++) {
        own[i] = found[i] = 0;
        f[i] = sum[i] = 0.0;
        PyObject *table = self->tables ? PyTuple_GET_ITEM(self->tables, i) : Py_None;
        if (table == Py_None || ascii_word) continue;
        PyObject *w = PyUnicode_Translate(lower, table, "strict");
        if (!w) return -1;
        int same = PyUnicode_Compare(w, lower);
        Py_DECREF(w);
        if (same == -1 && PyErr_Occurred()) return -1;
        own[i] = same != 0;
    }
    Py_ssize_t len;
    const char *key = PyUnicode_AsUTF8AndSize(lower, &len);
    if (!key) { /* a lone surrogate: each list encodes it as it was built */
        PyErr_Clear();
        for (int i = 0; i < n; i++) own[i] = 1;
    } else {
        Py_ssize_t end, e = joined_find(self, key, len, hash_bytes(key, len), &end);
        for (; e >= 0 && e < end; e++)
            if (self->langs[e] < n) {
                found[self->langs[e]] = 1;
                f[self->langs[e]] = self->jvalues[e];
            }
    }
    int hyphen, apostrophe;
    joiners(t, &hyphen, &apostrophe);
    Py_ssize_t parts = 0;
    int split = apostrophe;
    for (int i = 0; key && i < n && !split; i++) split = !own[i] && !found[i] && hyphen;
    if (key && split) { /* the parts, read in the UTF-8 bytes (a hyphen and an apostrophe are one byte each) */
        Py_ssize_t a = 0, letters = 0;
        for (Py_ssize_t k = 0; k <= len; k++) {
            if (k < len && key[k] != '-' && key[k] != '\'') {
                letters += ((unsigned char)key[k] & 0xC0) != 0x80;
                continue;
            }
            if (letters > 1 || (letters == 1 && !apostrophe)) {
                Py_ssize_t end, e = joined_find(self, key + a, k - a, hash_bytes(key + a, k - a), &end);
                char has[MAX_LANGS] = {0};
                double g[MAX_LANGS];
                for (; e >= 0 && e < end; e++)
                    if (self->langs[e] < n) {
                        has[self->langs[e]] = 1;
                        g[self->langs[e]] = self->jvalues[e];
                    }
                for (int i = 0; i < n; i++) sum[i] += floored_log(self, i, has[i], has[i] ? g[i] : 0.0);
                parts++;
            }
            a = k + 1;
            letters = 0;
        }
    }
    for (int i = 0; i < n; i++) {
        if (own[i]) {
            base[i] = word_log_prob(self, i, lower);
            if (PyErr_Occurred()) return -1;
            continue;
        }
        double score = parts_score(self, i, found[i], f[i], hyphen, apostrophe, sum[i], parts);
        if (foreign_letter(self, i, t, ascii_word)) score += self->log_foreign_letter;
        base[i] = score;
    }
    return 0;
}

/* Whether a method's argument is a str (a TypeError set when not): every word-taking method checks it first. */
static int word_arg(PyObject *word) {
    if (PyUnicode_Check(word)) return 1;
    PyErr_SetString(PyExc_TypeError, "word must be str");
    return 0;
}

/* base(lower) -> per language, the word's log frequency with the floor, spelling and alphabet rules (the base
 * log-probabilities `combine` weighs) */
static PyObject *Lexicon_base(Lexicon *self, PyObject *word) {
    if (!word_arg(word)) return NULL;
    if (self->dicts == Py_None) {
        PyErr_SetString(PyExc_ValueError, "a lexicon without word lists");
        return NULL;
    }
    Text t;
    double row[MAX_LANGS];
    if (text_of(word, &t) < 0 || lexicon_base(self, word, &t, row) < 0) return NULL;
    PyObject *out = PyList_New(self->n);
    if (!out) return NULL;
    for (int i = 0; i < self->n; i++) {
        PyObject *x = PyFloat_FromDouble(row[i]);
        if (!x) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, x);
    }
    return out;
}

static PyMethodDef Lexicon_methods[] = {
    {"base", (PyCFunction)Lexicon_base, METH_O, "base(lower) -> base log-probabilities per language (a list)"},
    {"known", (PyCFunction)Lexicon_known, METH_O, "known(lower) -> log-probabilities plus priors, or None"},
    {"combine", (PyCFunction)Lexicon_combine, METH_O, "combine(base) -> log-probabilities plus priors, or None"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject LexiconType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mlkit.segment._scan.Lexicon",
    .tp_basicsize = sizeof(Lexicon),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Lexicon_init,
    .tp_dealloc = (destructor)Lexicon_dealloc,
    .tp_methods = Lexicon_methods,
    .tp_doc = "Per-language log-probabilities of plain ASCII words some list knows (lexicon.log_probs).",
};

/* ---------------------------------------------------------------------------------------------------------
 * Grams: charmodel.char_log_likelihoods, letter-trigram log-likelihoods of a word per language, from the
 * log-probabilities of each language's 1-, 2- and 3-grams (langdetect's profiles). A gram of up to three code
 * points is one 64-bit key: its length in the top two bits, then 21 bits per code point.
 */

typedef struct {
    uint64_t key; /* 0: empty */
    double value;
} GramSlot;

typedef struct {
    GramSlot *slots;
    uint64_t mask;
    double unseen1, unseen2; /* log-probability of an unseen letter, of an unseen 2-gram */
    int present;             /* 0: the language has no profile */
    int borrowed;            /* the slots are `view`'s (a table from the table cache, read in place) */
    Py_buffer view;
} GramTable;

typedef struct {
    uint64_t key; /* 0: empty */
    uint64_t row;
} JoinSlot;

#define GRAM_ABSENT INFINITY /* in a joined row: the language's profile lacks the gram */

typedef struct {
    PyObject_HEAD int n;
    GramTable tables[MAX_LANGS];
    /* the profiles joined (`joined`): a gram's log-probability in every language in one row, so a word's
     * trigrams cost three lookups for all languages rather than two per language; read in place */
    int has_joined;
    const JoinSlot *jslots;
    uint64_t jmask;
    const double *jrows;
    Py_ssize_t jcount; /* rows */
    Py_buffer jviews[2];
    int jheld;
} Grams;

static inline uint64_t gram_key(const Py_UCS4 *c, int len) {
    uint64_t k = (uint64_t)len << 62;
    for (int i = 0; i < len; i++) k |= (uint64_t)c[i] << (21 * (2 - i));
    return k;
}

static inline uint64_t mix64(uint64_t x) {
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dULL;
    x ^= x >> 33;
    return x;
}

static inline const double *gram_get(const GramTable *t, uint64_t key) {
    uint64_t i = mix64(key) & t->mask;
    for (uint64_t probes = 0; probes <= t->mask && t->slots[i].key; probes++) { /* bounded: a damaged table */
        if (t->slots[i].key == key) return &t->slots[i].value;
        i = (i + 1) & t->mask;
    }
    return NULL;
}

/* The sum over the trigrams of the padded code points c[0:m] of log P(c3 | c1 c2), backing off to log P(c3). */
static double gram_total(const GramTable *t, const Py_UCS4 *c, Py_ssize_t m) {
    double total = 0.0;
    for (Py_ssize_t i = 0; i + 2 < m; i++) {
        const double *p3 = gram_get(t, gram_key(c + i, 3));
        if (p3) {
            const double *p2 = gram_get(t, gram_key(c + i, 2));
            total += *p3 - (p2 ? *p2 : t->unseen2);
        } else {
            const double *p1 = gram_get(t, gram_key(c + i + 2, 1));
            total += p1 ? *p1 : t->unseen1;
        }
    }
    return total;
}

/* The keys of the trigrams of c[0:m] (3-gram, its 2-gram and the 1-gram of its last letter, each with its
 * mixed hash), computed once for a word that is weighed in many languages. */
typedef struct {
    uint64_t k3, h3, k2, h2, k1, h1;
} GramKeys;

static void gram_keys(const Py_UCS4 *c, Py_ssize_t m, GramKeys *out) {
    for (Py_ssize_t i = 0; i + 2 < m; i++) {
        out[i].k3 = gram_key(c + i, 3);
        out[i].h3 = mix64(out[i].k3);
        out[i].k2 = gram_key(c + i, 2);
        out[i].h2 = mix64(out[i].k2);
        out[i].k1 = gram_key(c + i + 2, 1);
        out[i].h1 = mix64(out[i].k1);
    }
}

/* A gram's row in the joined profiles, or NULL */
static inline const double *joined_row(const Grams *g, uint64_t key, uint64_t mixed) {
    uint64_t i = mixed & g->jmask;
    for (uint64_t probes = 0; probes <= g->jmask && g->jslots[i].key; probes++) { /* bounded: a damaged table */
        if (g->jslots[i].key == key)
            return g->jslots[i].row < (uint64_t)g->jcount ? g->jrows + g->jslots[i].row * (uint64_t)g->n : NULL;
        i = (i + 1) & g->jmask;
    }
    return NULL;
}

/* gram_total for every language with a profile at once, from the joined profiles (per language the same
 * sum, in the same order) */
static void gram_totals_joined(const Grams *g, const GramKeys *k, Py_ssize_t m, double *out) {
    int n = g->n;
    for (int l = 0; l < n; l++) out[l] = 0.0;
    for (Py_ssize_t i = 0; i + 2 < m; i++) {
        const double *r3 = joined_row(g, k[i].k3, k[i].h3), *r2 = joined_row(g, k[i].k2, k[i].h2),
                     *r1 = joined_row(g, k[i].k1, k[i].h1);
        for (int l = 0; l < n; l++) {
            const GramTable *t = &g->tables[l];
            if (!t->present) continue;
            if (r3 && r3[l] != GRAM_ABSENT) out[l] += r3[l] - (r2 && r2[l] != GRAM_ABSENT ? r2[l] : t->unseen2);
            else out[l] += r1 && r1[l] != GRAM_ABSENT ? r1[l] : t->unseen1;
        }
    }
}

/* joined() -> (slots, rows): the profiles joined, as Grams takes them back (`joined=`): open addressing over every
 * gram of any profile (key, row), and per row the gram's log-probability in each language (GRAM_ABSENT: none) */
static PyObject *Grams_joined(Grams *self, PyObject *unused) {
    (void)unused;
    int n = self->n;
    uint64_t total = 0;
    for (int l = 0; l < n; l++)
        if (self->tables[l].present) total += self->tables[l].mask + 1;
    uint64_t cap = 16;
    while (cap < total * 2) cap <<= 1;
    JoinSlot *slots = PyMem_Calloc((size_t)cap, sizeof(JoinSlot));
    double *rows = PyMem_Malloc(sizeof(double) * (size_t)(total ? total : 1) * (size_t)n);
    if (!slots || !rows) {
        PyMem_Free(slots);
        PyMem_Free(rows);
        return PyErr_NoMemory();
    }
    uint64_t count = 0;
    for (int l = 0; l < n; l++) {
        const GramTable *t = &self->tables[l];
        if (!t->present) continue;
        for (uint64_t j = 0; j <= t->mask; j++) {
            uint64_t key = t->slots[j].key;
            if (!key) continue;
            uint64_t i = mix64(key) & (cap - 1);
            while (slots[i].key && slots[i].key != key) i = (i + 1) & (cap - 1);
            if (!slots[i].key) {
                slots[i].key = key;
                slots[i].row = count;
                for (int q = 0; q < n; q++) rows[count * n + q] = GRAM_ABSENT;
                count++;
            }
            rows[slots[i].row * n + l] = t->slots[j].value;
        }
    }
    PyObject *out = Py_BuildValue("(y#y#)", (const char *)slots, (Py_ssize_t)(cap * sizeof(JoinSlot)),
                                  (const char *)rows, (Py_ssize_t)(count * n * sizeof(double)));
    PyMem_Free(slots);
    PyMem_Free(rows);
    return out;
}

/* Take the joined profiles (slots, rows) as joined() gave them, read in place; -1 on error */
static int grams_join(Grams *self, PyObject *joined) {
    PyObject *parts[2];
    if (!PyArg_ParseTuple(joined, "OO", &parts[0], &parts[1])) return -1;
    for (int k = 0; k < 2; k++) {
        if (PyObject_GetBuffer(parts[k], &self->jviews[k], PyBUF_SIMPLE) < 0) return -1;
        self->jheld = k + 1;
    }
    uint64_t cap = (uint64_t)self->jviews[0].len / sizeof(JoinSlot);
    Py_ssize_t width = (Py_ssize_t)sizeof(double) * self->n;
    if (cap < 16 || (cap & (cap - 1)) || cap * sizeof(JoinSlot) != (uint64_t)self->jviews[0].len ||
        ((uintptr_t)self->jviews[0].buf & 7) || ((uintptr_t)self->jviews[1].buf & 7) ||
        self->jviews[1].len % width) {
        PyErr_SetString(PyExc_ValueError, "joined letter-gram tables that do not fit this core");
        return -1;
    }
    self->jslots = self->jviews[0].buf;
    self->jmask = cap - 1;
    self->jrows = self->jviews[1].buf;
    self->jcount = self->jviews[1].len / width;
    self->has_joined = 1;
    return 0;
}

static void Grams_dealloc(Grams *self) {
    for (int k = 0; k < self->jheld; k++) PyBuffer_Release(&self->jviews[k]);
    for (int i = 0; i < self->n; i++) {
        if (self->tables[i].borrowed) PyBuffer_Release(&self->tables[i].view);
        else PyMem_Free(self->tables[i].slots);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* One language's table as tables() gave it, (slots, unseen 1-gram, unseen 2-gram), read in place; -1 on error */
static int gram_borrow(GramTable *t, PyObject *built) {
    double u0, u1;
    PyObject *slots;
    if (!PyArg_ParseTuple(built, "Odd", &slots, &u0, &u1)) return -1;
    if (PyObject_GetBuffer(slots, &t->view, PyBUF_SIMPLE) < 0) return -1;
    t->borrowed = 1;
    uint64_t cap = (uint64_t)t->view.len / sizeof(GramSlot);
    if (cap < 16 || (cap & (cap - 1)) || cap * sizeof(GramSlot) != (uint64_t)t->view.len ||
        ((uintptr_t)t->view.buf & 7)) {
        PyErr_SetString(PyExc_ValueError, "a letter-gram table that does not fit this core");
        return -1;
    }
    t->slots = t->view.buf;
    t->mask = cap - 1;
    t->unseen1 = u0;
    t->unseen2 = u1;
    t->present = 1;
    return 0;
}

/* tables() -> per language None, or (slots, unseen 1-gram, unseen 2-gram): the built tables, which Grams takes
 * back in place of the profiles (the table cache keeps them) */
static PyObject *Grams_tables(Grams *self, PyObject *unused) {
    (void)unused;
    PyObject *out = PyList_New(self->n);
    if (!out) return NULL;
    for (int l = 0; l < self->n; l++) {
        const GramTable *t = &self->tables[l];
        PyObject *x = t->present ? Py_BuildValue("(y#dd)", (const char *)t->slots,
                                                 (Py_ssize_t)(sizeof(GramSlot) * (t->mask + 1)), t->unseen1,
                                                 t->unseen2)
                                 : Py_NewRef(Py_None);
        if (!x) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, l, x);
    }
    return out;
}

/* Grams(profiles, joined=None): per language None, (dict gram -> log-probability, (unseen 1-gram, 2-gram,
 * 3-gram)), or a built table as tables() gives it; `joined` as joined() gives it for these tables */
static int Grams_init(Grams *self, PyObject *args, PyObject *kw) {
    PyObject *profiles, *joined = Py_None;
    (void)kw;
    if (!PyArg_ParseTuple(args, "O|O", &profiles, &joined)) return -1;
    PyObject *f = PySequence_Fast(profiles, "a sequence of profiles expected");
    if (!f) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(f);
    if (n < 1 || n > MAX_LANGS || self->n) {
        Py_DECREF(f);
        PyErr_SetString(PyExc_ValueError, "number of languages out of range");
        return -1;
    }
    for (Py_ssize_t l = 0; l < n; l++) {
        PyObject *prof = PySequence_Fast_GET_ITEM(f, l);
        GramTable *t = &self->tables[l];
        self->n = (int)l + 1;
        if (prof == Py_None) continue;
        if (PyTuple_Check(prof) && PyTuple_GET_SIZE(prof) == 3 && PyObject_CheckBuffer(PyTuple_GET_ITEM(prof, 0))) {
            if (gram_borrow(t, prof) < 0) goto fail;
            continue;
        }
        PyObject *logp;
        double u0, u1, u2;
        if (!PyArg_ParseTuple(prof, "O!(ddd)", &PyDict_Type, &logp, &u0, &u1, &u2)) goto fail;
        (void)u2;
        t->unseen1 = u0;
        t->unseen2 = u1;
        uint64_t cap = 16;
        while (cap < (uint64_t)PyDict_GET_SIZE(logp) * 2 + 2) cap <<= 1;
        t->slots = PyMem_Calloc((size_t)cap, sizeof(GramSlot));
        if (!t->slots) {
            PyErr_NoMemory();
            goto fail;
        }
        t->mask = cap - 1;
        t->present = 1;
        Py_ssize_t pos = 0;
        PyObject *k, *v;
        while (PyDict_Next(logp, &pos, &k, &v)) {
            if (!PyUnicode_Check(k)) continue;
            Py_ssize_t len = PyUnicode_GET_LENGTH(k);
            if (len < 1 || len > 3) continue;
            Py_UCS4 c[3];
            for (Py_ssize_t i = 0; i < len; i++) c[i] = PyUnicode_READ_CHAR(k, i);
            double value = PyFloat_AsDouble(v);
            if (value == -1.0 && PyErr_Occurred()) goto fail;
            uint64_t key = gram_key(c, (int)len);
            uint64_t i = mix64(key) & t->mask;
            while (t->slots[i].key && t->slots[i].key != key) i = (i + 1) & t->mask;
            t->slots[i].key = key;
            t->slots[i].value = value;
        }
    }
    Py_DECREF(f);
    return joined == Py_None ? 0 : grams_join(self, joined);
fail:
    Py_DECREF(f);
    return -1;
}

/* score(lower) -> per language, the sum over the padded word's trigrams of log P(c3 | c1 c2), backing off to
 * log P(c3) for an unseen trigram; a language without a profile gets the worst sum of the others */
static PyObject *Grams_score(Grams *self, PyObject *word) {
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "a str expected");
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(word), m = len + 2;
    Py_UCS4 small[66];
    Py_UCS4 *c = m <= 66 ? small : PyMem_Malloc(sizeof(Py_UCS4) * (size_t)m);
    if (!c) return PyErr_NoMemory();
    c[0] = ' ';
    c[m - 1] = ' ';
    for (Py_ssize_t i = 0; i < len; i++) c[i + 1] = PyUnicode_READ_CHAR(word, i);
    double totals[MAX_LANGS];
    double worst = 0.0;
    int any = 0;
    int joined = self->has_joined && m > 2;
    if (joined) {
        GramKeys *keys = PyMem_Malloc(sizeof(GramKeys) * (size_t)(m - 2));
        if (!keys) {
            if (c != small) PyMem_Free(c);
            return PyErr_NoMemory();
        }
        gram_keys(c, m, keys);
        gram_totals_joined(self, keys, m, totals);
        PyMem_Free(keys);
    }
    for (int l = 0; l < self->n; l++) {
        const GramTable *t = &self->tables[l];
        if (!t->present) continue;
        double total = joined ? totals[l] : gram_total(t, c, m);
        totals[l] = total;
        if (!any || total < worst) worst = total;
        any = 1;
    }
    if (c != small) PyMem_Free(c);
    PyObject *out = PyTuple_New(self->n);
    if (!out) return NULL;
    for (int l = 0; l < self->n; l++) {
        PyObject *x = PyFloat_FromDouble(self->tables[l].present ? totals[l] : worst);
        if (!x) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, l, x);
    }
    return out;
}

static PyMethodDef Grams_methods[] = {
    {"score", (PyCFunction)Grams_score, METH_O, "score(lower) -> letter-trigram log-likelihood per language"},
    {"tables", (PyCFunction)Grams_tables, METH_NOARGS,
     "tables() -> per language None or (slots, unseen 1-gram, unseen 2-gram), which Grams takes back"},
    {"joined", (PyCFunction)Grams_joined, METH_NOARGS,
     "joined() -> (slots, rows): the profiles joined, which Grams takes back as joined="},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject GramsType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mlkit.segment._scan.Grams",
    .tp_basicsize = sizeof(Grams),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Grams_init,
    .tp_dealloc = (destructor)Grams_dealloc,
    .tp_methods = Grams_methods,
    .tp_doc = "Letter-trigram log-likelihoods of words per language (charmodel.char_log_likelihoods).",
};

/* confidence(log_odds) -> 0.5-1, as the runs' confidences (langid.confidence) */
static PyObject *confidence(PyObject *mod, PyObject *arg) {
    (void)mod;
    double x = PyFloat_AsDouble(arg);
    if (x == -1.0 && PyErr_Occurred()) return NULL;
    return PyFloat_FromDouble(confidence_of(x));
}

/* ---------------------------------------------------------------------------------------------------------
 * Syllables: whether a word is made of one to `most` syllables of (initial)? medial (final)? letter groups, in
 * any case (romanised Korean names: "Kwangmyongsong", "Phyongan"; lexicon.korean_name_pattern). Read by
 * dynamic programming over the word's positions (the fewest syllables that reach each), so a long word costs
 * its length times the groups, never a backtracking search. Case as the `regex` module's IGNORECASE has it for
 * ASCII letters: a capital is its small letter, and so are U+0130 (i), U+212A (k) and U+017F (s).
 */

#define SYL_GROUPS 3
#define SYL_PARTS 64
#define SYL_PART_LEN 8
#define SYL_MAX_WORD 256

typedef struct {
    PyObject_HEAD char part[SYL_GROUPS][SYL_PARTS][SYL_PART_LEN];
    int len[SYL_GROUPS][SYL_PARTS];
    int count[SYL_GROUPS];
    int most;          /* syllables a word may have */
    Py_ssize_t longest; /* the longest word that may match: most times the longest syllable */
} Syllables;

/* Syllables(initials, medials, finals, most): three sequences of lowercase ASCII letter groups */
static int Syllables_init(Syllables *self, PyObject *args, PyObject *kw) {
    PyObject *groups[SYL_GROUPS];
    int most;
    (void)kw;
    if (!PyArg_ParseTuple(args, "OOOi", &groups[0], &groups[1], &groups[2], &most)) return -1;
    if (most < 1) {
        PyErr_SetString(PyExc_ValueError, "most: at least one syllable");
        return -1;
    }
    Py_ssize_t syllable = 0;
    for (int g = 0; g < SYL_GROUPS; g++) {
        PyObject *f = PySequence_Fast(groups[g], "a sequence of letter groups expected");
        if (!f) return -1;
        Py_ssize_t n = PySequence_Fast_GET_SIZE(f), widest = 0;
        if (n > SYL_PARTS || (g == 1 && n == 0)) {
            Py_DECREF(f);
            PyErr_SetString(PyExc_ValueError, "too many letter groups, or no medial");
            return -1;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_ssize_t len;
            const char *s = PyUnicode_Check(PySequence_Fast_GET_ITEM(f, i))
                                ? PyUnicode_AsUTF8AndSize(PySequence_Fast_GET_ITEM(f, i), &len) : NULL;
            int ok = s && len >= 1 && len < SYL_PART_LEN;
            for (Py_ssize_t k = 0; ok && k < len; k++) ok = s[k] >= 'a' && s[k] <= 'z';
            if (!ok) {
                Py_DECREF(f);
                PyErr_Clear();
                PyErr_SetString(PyExc_ValueError, "a letter group is 1-7 lowercase ASCII letters");
                return -1;
            }
            memcpy(self->part[g][i], s, (size_t)len);
            self->len[g][i] = (int)len;
            if (len > widest) widest = len;
        }
        self->count[g] = (int)n;
        syllable += widest;
        Py_DECREF(f);
    }
    self->most = most;
    self->longest = syllable * most;
    if (self->longest > SYL_MAX_WORD) {
        PyErr_SetString(PyExc_ValueError, "syllables too long");
        return -1;
    }
    return 0;
}

/* a code point as the small ASCII letter it is equal to ignoring case, or 0 */
static inline char syl_letter(Py_UCS4 c) {
    if (c >= 'a' && c <= 'z') return (char)c;
    if (c >= 'A' && c <= 'Z') return (char)(c + 32);
    return c == 0x130 ? 'i' : c == 0x212A ? 'k' : c == 0x17F ? 's' : 0;
}

/* 1 when the word is made of syllables, 0 when not, -1 on error */
static int syllables_match(const Syllables *self, PyObject *word) {
    if (!word_arg(word)) return -1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (n < 1 || n > self->longest) return 0;
    char w[SYL_MAX_WORD];
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!(w[i] = syl_letter(PyUnicode_READ(kind, data, i)))) return 0;
    int fewest[SYL_MAX_WORD + 1]; /* the fewest syllables that reach each position */
    for (Py_ssize_t i = 1; i <= n; i++) fewest[i] = INT_MAX;
    fewest[0] = 0;
    for (Py_ssize_t a = 0; a < n; a++) {
        if (fewest[a] >= self->most) continue;
        int next = fewest[a] + 1;
        for (int x = -1; x < self->count[0]; x++) { /* -1: no initial */
            Py_ssize_t b = a + (x < 0 ? 0 : self->len[0][x]);
            if (x >= 0 && (b > n || memcmp(w + a, self->part[0][x], (size_t)self->len[0][x]))) continue;
            for (int y = 0; y < self->count[1]; y++) {
                Py_ssize_t c = b + self->len[1][y];
                if (c > n || memcmp(w + b, self->part[1][y], (size_t)self->len[1][y])) continue;
                if (next < fewest[c]) fewest[c] = next;
                for (int z = 0; z < self->count[2]; z++) {
                    Py_ssize_t d = c + self->len[2][z];
                    if (d <= n && !memcmp(w + c, self->part[2][z], (size_t)self->len[2][z]) && next < fewest[d])
                        fewest[d] = next;
                }
            }
        }
    }
    return fewest[n] <= self->most;
}

/* fullmatch(word) -> True when the word is made of syllables, else None (as a pattern's fullmatch is falsy) */
static PyObject *Syllables_fullmatch(Syllables *self, PyObject *word) {
    int r = syllables_match(self, word);
    if (r < 0) return NULL;
    if (r) Py_RETURN_TRUE;
    Py_RETURN_NONE;
}

static PyMethodDef Syllables_methods[] = {
    {"fullmatch", (PyCFunction)Syllables_fullmatch, METH_O,
     "fullmatch(word) -> True when the word is made of syllables (any case), else None"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SyllablesType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mlkit.segment._scan.Syllables",
    .tp_basicsize = sizeof(Syllables),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Syllables_init,
    .tp_methods = Syllables_methods,
    .tp_doc = "Words made of a few syllables of letter groups, in any case (romanised Korean names).",
};

/* ---------------------------------------------------------------------------------------------------------
 * Scorer: lexicon.log_probs, a lowercased word's log-probability in each candidate language of one script plus
 * the language's prior. A word some list knows scores what `Lexicon` weighs; a word no list knows scores one
 * floor for every language (less where it has letters a language does not write, or lacks the language's word
 * shape), and its letter trigrams (`Grams`, with a mis-decoded word's letters restored per language) decide
 * between them. Remembered per word, so a word costs one lookup after its first time.
 */

#define SCORER_LIMIT (1 << 17) /* words a Scorer remembers before it starts afresh */
#define MAX_SCORED 256             /* the most letters a Scorer may weigh by their trigrams */

/* A language's word shape (data/segment/word_shapes.tsv): an onset or none, then `fewest` to `most` nucleus letters,
 * then a coda or none, read on the word lowercased and stripped of tone marks. */
#define SHAPE_PARTS 48
#define SHAPE_PART 4
typedef struct {
    Py_UCS4 onset[SHAPE_PARTS][SHAPE_PART], coda[SHAPE_PARTS][SHAPE_PART], nucleus[SHAPE_PARTS];
    int onset_len[SHAPE_PARTS], coda_len[SHAPE_PARTS], onsets, codas, nuclei;
    Py_ssize_t fewest, most;
} WordShape;

/* The parts of a word shape from a sequence of str, each of 1 to SHAPE_PART code points; -1 on error. */
static int shape_parts(PyObject *seq, Py_UCS4 (*part)[SHAPE_PART], int *len, int *count) {
    PyObject *f = PySequence_Fast(seq, "a word shape's parts: a sequence of str");
    if (!f) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(f);
    if (n > SHAPE_PARTS) {
        Py_DECREF(f);
        PyErr_SetString(PyExc_ValueError, "too many parts in a word shape");
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *o = PySequence_Fast_GET_ITEM(f, k);
        Py_ssize_t m = PyUnicode_Check(o) ? PyUnicode_GET_LENGTH(o) : 0;
        if (m < 1 || m > SHAPE_PART) {
            Py_DECREF(f);
            PyErr_SetString(PyExc_ValueError, "a word shape's part: a str of 1 to 4 characters");
            return -1;
        }
        for (Py_ssize_t j = 0; j < m; j++) part[k][j] = PyUnicode_READ_CHAR(o, j);
        len[k] = (int)m;
    }
    *count = (int)n;
    Py_DECREF(f);
    return 0;
}

/* A word shape from (onsets, nucleus letters, fewest, most, codas); NULL with an exception on error. */
static WordShape *shape_new(PyObject *spec) {
    PyObject *onsets, *nuclei, *codas;
    Py_ssize_t fewest, most;
    if (!PyArg_ParseTuple(spec, "OUnnO;a word shape: (onsets, nucleus letters, fewest, most, codas)", &onsets,
                          &nuclei, &fewest, &most, &codas))
        return NULL;
    WordShape *sh = PyMem_Calloc(1, sizeof(WordShape));
    if (!sh) return (WordShape *)PyErr_NoMemory();
    int one[SHAPE_PARTS];
    Py_UCS4 letters[SHAPE_PARTS][SHAPE_PART];
    PyObject *chars = PySequence_List(nuclei);
    if (!chars || shape_parts(onsets, sh->onset, sh->onset_len, &sh->onsets) < 0 ||
        shape_parts(codas, sh->coda, sh->coda_len, &sh->codas) < 0 ||
        shape_parts(chars, letters, one, &sh->nuclei) < 0 || fewest < 0 || most < fewest) {
        Py_XDECREF(chars);
        PyMem_Free(sh);
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a word shape's nucleus: 0 <= fewest <= most");
        return NULL;
    }
    Py_DECREF(chars);
    for (int k = 0; k < sh->nuclei; k++) sh->nucleus[k] = letters[k][0];
    sh->fewest = fewest;
    sh->most = most;
    return sh;
}

static int shape_nucleus(const WordShape *sh, Py_UCS4 c) {
    for (int k = 0; k < sh->nuclei; k++)
        if (sh->nucleus[k] == c) return 1;
    return 0;
}

/* Whether the code points c[0:n] have the shape: some onset (or none), nucleus letters, some coda (or none). */
static int shape_fits(const WordShape *sh, const Py_UCS4 *c, Py_ssize_t n) {
    for (int o = -1; o < sh->onsets; o++) {
        Py_ssize_t p = 0;
        if (o >= 0) {
            p = sh->onset_len[o];
            if (p > n || memcmp(c, sh->onset[o], sizeof(Py_UCS4) * (size_t)p) != 0) continue;
        }
        Py_ssize_t k = 0; /* nucleus letters that follow, at most `most` */
        while (k < sh->most && p + k < n && shape_nucleus(sh, c[p + k])) k++;
        for (Py_ssize_t v = sh->fewest; v <= k; v++) {
            Py_ssize_t q = p + v, rest = n - q;
            if (rest == 0) return 1;
            for (int d = 0; d < sh->codas; d++)
                if (sh->coda_len[d] == rest && memcmp(c + q, sh->coda[d], sizeof(Py_UCS4) * (size_t)rest) == 0)
                    return 1;
        }
    }
    return 0;
}

/* A lowercased word stripped of its tone marks (U+0300, U+0301, U+0303, U+0309, U+0323 after canonical
 * decomposition, then composed again), as code points the caller frees; NULL with an exception on error. */
static Py_UCS4 *shape_bare(PyObject *normalize, PyObject *lower, Py_ssize_t *n) {
    if (PyUnicode_IS_ASCII(lower)) { /* no tone mark to strip */
        *n = PyUnicode_GET_LENGTH(lower);
        return PyUnicode_AsUCS4Copy(lower);
    }
    PyObject *nfd = PyObject_CallFunction(normalize, "sO", "NFD", lower);
    if (!nfd) return NULL;
    Py_ssize_t m = PyUnicode_GET_LENGTH(nfd), kept = 0;
    Py_UCS4 *c = PyUnicode_AsUCS4Copy(nfd);
    Py_DECREF(nfd);
    if (!c) return NULL;
    for (Py_ssize_t i = 0; i < m; i++)
        if (c[i] != 0x300 && c[i] != 0x301 && c[i] != 0x303 && c[i] != 0x309 && c[i] != 0x323) c[kept++] = c[i];
    PyObject *stripped = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, c, kept);
    PyMem_Free(c);
    if (!stripped) return NULL;
    PyObject *nfc = PyObject_CallFunction(normalize, "sN", "NFC", stripped); /* steals stripped */
    if (!nfc) return NULL;
    *n = PyUnicode_GET_LENGTH(nfc);
    c = PyUnicode_AsUCS4Copy(nfc);
    Py_DECREF(nfc);
    return c;
}

/* The penalties of a lowercased word in the languages with a word shape: log_bad_shape where it lacks the
 * shape, else 0 (0 in every other language); -1 on error. */
typedef struct Scorer_ Scorer;
static int shape_penalties(Scorer *self, PyObject *lower, int n, double *pen);

struct Scorer_ {
    PyObject_HEAD Lexicon *lexicon;
    Grams *grams;
    PyObject *cands;         /* tuple of str: the candidate languages */
    Syllables *korean;       /* romanised Korean syllables: such a word is at home in English */
    WordShape *shape[MAX_LANGS]; /* the word shape of each language that has one (else NULL) */
    PyObject *normalize;         /* unicodedata.normalize, to strip a word's tone marks */
    double log_bad_shape;        /* added to a language's score of a word without its shape */
    double log_oov, char_weight, max_gap;
    Py_ssize_t min_letters, max_letters; /* letter trigrams weigh words of this many code points */
    Table memo;                          /* (string kind, code units) -> row of `rows` */
    double *rows;
    Py_ssize_t nrows, rows_cap;
    int shaped; /* some language has a word shape */
};

static int shape_penalties(Scorer *self, PyObject *lower, int n, double *pen) {
    for (int i = 0; i < n; i++) pen[i] = 0.0;
    if (!self->shaped) return 0;
    Py_ssize_t len = 0;
    Py_UCS4 *c = shape_bare(self->normalize, lower, &len);
    if (!c) return -1;
    for (int i = 0; i < n; i++)
        if (self->shape[i] && !shape_fits(self->shape[i], c, len)) pen[i] = self->log_bad_shape;
    PyMem_Free(c);
    return 0;
}


static void Scorer_dealloc(Scorer *self) {
    Py_XDECREF(self->lexicon);
    Py_XDECREF(self->grams);
    Py_XDECREF(self->cands);
    Py_XDECREF(self->korean);
    Py_XDECREF(self->normalize);
    for (int i = 0; i < MAX_LANGS; i++) PyMem_Free(self->shape[i]);
    table_free(&self->memo);
    PyMem_Free(self->rows);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Scorer(lexicon, grams, cands, korean, shapes, normalize, (log_oov, char_weight, max_gap, min_letters,
 *        max_letters, log_bad_shape)); shapes: per language, its word shape (onsets, nucleus letters, fewest, most,
 *        codas) or None */
static int Scorer_init(Scorer *self, PyObject *args, PyObject *kw) {
    PyObject *lexicon, *grams, *cands, *korean, *shapes, *normalize;
    double log_oov, weight, gap, bad_shape;
    Py_ssize_t lo, hi;
    (void)kw;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OO(dddnnd)", &LexiconType, &lexicon, &GramsType, &grams, &PyTuple_Type,
                          &cands, &SyllablesType, &korean, &shapes, &normalize, &log_oov, &weight, &gap, &lo, &hi,
                          &bad_shape))
        return -1;
    Lexicon *lx = (Lexicon *)lexicon;
    if (lx->dicts == NULL || lx->dicts == Py_None || lx->n != PyTuple_GET_SIZE(cands) ||
        ((Grams *)grams)->n != lx->n || self->lexicon) {
        PyErr_SetString(PyExc_ValueError, "a lexicon with word lists and grams over the same languages expected");
        return -1;
    }
    PyObject *f = PySequence_Fast(shapes, "shapes: one word shape or None per language");
    if (!f) return -1;
    if (PySequence_Fast_GET_SIZE(f) != lx->n) {
        Py_DECREF(f);
        PyErr_SetString(PyExc_ValueError, "one word shape or None per language expected");
        return -1;
    }
    for (int i = 0; i < lx->n; i++) {
        PyObject *spec = PySequence_Fast_GET_ITEM(f, i);
        if (spec == Py_None) continue;
        if (!(self->shape[i] = shape_new(spec))) {
            Py_DECREF(f);
            return -1;
        }
        self->shaped = 1;
    }
    Py_DECREF(f);
    if (hi > MAX_SCORED) {
        PyErr_SetString(PyExc_ValueError, "max_letters out of range");
        return -1;
    }
    if (table_init(&self->memo, 1024) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    Py_INCREF(lexicon);
    self->lexicon = lx;
    Py_INCREF(grams);
    self->grams = (Grams *)grams;
    Py_INCREF(cands);
    self->cands = cands;
    Py_INCREF(korean);
    self->korean = (Syllables *)korean;
    Py_INCREF(normalize);
    self->normalize = normalize;
    self->log_bad_shape = bad_shape;
    self->log_oov = log_oov;
    self->char_weight = weight;
    self->max_gap = gap;
    self->min_letters = lo;
    self->max_letters = hi;
    return 0;
}

/* The letter-trigram log-likelihood of a str under one language's profile (0 when it has none). */
static int gram_one(const Grams *g, int l, PyObject *word, double *out) {
    const GramTable *t = &g->tables[l];
    if (!t->present) {
        *out = 0.0;
        return 0;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(word), m = len + 2;
    Py_UCS4 small[66];
    Py_UCS4 *c = m <= 66 ? small : PyMem_Malloc(sizeof(Py_UCS4) * (size_t)m);
    if (!c) {
        PyErr_NoMemory();
        return -1;
    }
    c[0] = c[m - 1] = ' ';
    for (Py_ssize_t i = 0; i < len; i++) c[i + 1] = PyUnicode_READ_CHAR(word, i);
    *out = gram_total(t, c, m);
    if (c != small) PyMem_Free(c);
    return 0;
}

/* The scores of a lowercased word no list knows, from its base log-probabilities (before priors). */
static int unknown_scores(Scorer *self, PyObject *lower, const Text *t, const double *base, double *out) {
    Lexicon *lx = self->lexicon;
    int n = lx->n;
    double pen[MAX_LANGS];
    if (shape_penalties(self, lower, n, pen) < 0) return -1;
    for (int i = 0; i < n; i++) {
        double p = base[i] - lx->log_floor[i];
        out[i] = self->log_oov + p;
        if (self->shape[i]) out[i] = self->log_oov + p + pen[i];
    }
    if (t->len < self->min_letters || t->len > self->max_letters) return 0;
    int letters = 0; /* lower.replace("'", "").replace("-", "").isalpha() */
    for (Py_ssize_t k = 0; k < t->len; k++) {
        Py_UCS4 c = at(t, k);
        if (c == '\'' || c == '-') continue;
        if (!Py_UNICODE_ISALPHA(c)) return 0;
        letters++;
    }
    if (!letters) return 0;
    int korean = syllables_match(self->korean, lower);
    if (korean) return korean < 0 ? -1 : 0;
    Grams *g = self->grams;
    double chars[MAX_LANGS], worst = 0.0;
    int any = 0;
    Py_ssize_t m = t->len + 2; /* " word " */
    Py_UCS4 cps[MAX_SCORED + 2];
    GramKeys keys[MAX_SCORED];
    if (m > MAX_SCORED + 2) {
        PyErr_SetString(PyExc_ValueError, "word too long to weigh its letters");
        return -1;
    }
    cps[0] = cps[m - 1] = ' ';
    for (Py_ssize_t i = 0; i < t->len; i++) cps[i + 1] = at(t, i);
    if (g->has_joined) { /* the keys once, for every language */
        gram_keys(cps, m, keys);
        gram_totals_joined(g, keys, m, chars);
    }
    for (int l = 0; l < n; l++) {
        if (!g->tables[l].present) continue;
        if (!g->has_joined) chars[l] = gram_total(&g->tables[l], cps, m);
        if (!any || chars[l] < worst) worst = chars[l];
        any = 1;
    }
    for (int l = 0; l < n; l++) {
        if (!g->tables[l].present) chars[l] = worst;
        PyObject *table = lx->tables ? PyTuple_GET_ITEM(lx->tables, l) : Py_None;
        if (table == Py_None) continue;
        PyObject *fixed = PyUnicode_Translate(lower, table, "strict");
        if (!fixed) return -1;
        int same = PyUnicode_Compare(fixed, lower);
        if (same == -1 && PyErr_Occurred()) {
            Py_DECREF(fixed);
            return -1;
        }
        int err = same ? gram_one(g, l, fixed, &chars[l]) : 0;
        Py_DECREF(fixed);
        if (err < 0) return -1;
    }
    double best = chars[0];
    for (int l = 1; l < n; l++)
        if (chars[l] > best) best = chars[l];
    for (int l = 0; l < n; l++) {
        double w = self->char_weight * (chars[l] - best);
        if (-self->max_gap > w) w = -self->max_gap;
        out[l] = out[l] + w;
    }
    return 0;
}

/* A lowercased word's base log-probabilities (Lexicon.base; a plain ASCII word looked up directly). */
static int lexicon_base(Lexicon *lx, PyObject *lower, const Text *t, double *base) {
    int plain = t->kind == PyUnicode_1BYTE_KIND;
    for (Py_ssize_t i = 0; plain && i < t->len; i++) {
        Py_UCS4 c = at(t, i);
        if (c >= 0x80 || c == '-' || c == '\'') plain = 0;
    }
    if (plain) {
        plain_base(lx, t, base);
        return 0;
    }
    if (lx->has_joined) return joined_base(lx, lower, t, base);
    for (int i = 0; i < lx->n; i++) {
        base[i] = word_log_prob(lx, i, lower);
        if (PyErr_Occurred()) return -1;
    }
    return 0;
}

/* scorer_row without the letter trigrams: a word no list knows scores the floor (less where it has letters a
 * language does not write, or lacks the language's word shape) plus the prior in every language. */
static int scorer_list_row(Scorer *self, PyObject *lower, double *out) {
    Lexicon *lx = self->lexicon;
    Text t;
    double base[MAX_LANGS];
    if (text_of(lower, &t) < 0 || lexicon_base(lx, lower, &t, base) < 0) return -1;
    if (combine_row(lx, base, out)) return 0;
    double pen[MAX_LANGS];
    if (shape_penalties(self, lower, lx->n, pen) < 0) return -1;
    for (int i = 0; i < lx->n; i++) out[i] = self->log_oov + base[i] - lx->log_floor[i] + pen[i] + lx->prior[i];
    return 0;
}

/* A lowercased word's scores per candidate language plus priors, into `out` (remembered); -1 on error. */
/* A string's key in a word memo: its kind byte, then its code units, in `small` when it fits (else allocated:
 * free it when it is not `small`); NULL with an exception on error. */
#define MEMO_SMALL 128
static char *memo_key(PyObject *s, Text *t, char *small, Py_ssize_t *klen) {
    if (text_of(s, t) < 0) return NULL;
    Py_ssize_t units = t->len * t->kind;
    *klen = 1 + units;
    char *k = *klen <= MEMO_SMALL ? small : PyMem_Malloc(*klen);
    if (!k) {
        PyErr_NoMemory();
        return NULL;
    }
    k[0] = (char)t->kind;
    memcpy(k + 1, t->data, units);
    return k;
}

static int scorer_row(Scorer *self, PyObject *lower, double *out) {
    Lexicon *lx = self->lexicon;
    int n = lx->n;
    Text t;
    char small[MEMO_SMALL];
    Py_ssize_t klen;
    char *k = memo_key(lower, &t, small, &klen);
    if (!k) return -1;
    uint64_t h = hash_bytes(k, klen);
    Slot *sl = table_get_h(&self->memo, k, klen, h);
    int rc = 0;
    if (sl) {
        memcpy(out, self->rows + (Py_ssize_t)sl->value * n, sizeof(double) * n);
        goto done;
    }
    double base[MAX_LANGS];
    if (lexicon_base(lx, lower, &t, base) < 0) {
        rc = -1;
        goto done;
    }
    if (!combine_row(lx, base, out)) {
        if (unknown_scores(self, lower, &t, base, out) < 0) {
            rc = -1;
            goto done;
        }
        for (int i = 0; i < n; i++) out[i] = out[i] + lx->prior[i];
    }
    if (self->nrows >= SCORER_LIMIT) {
        table_clear(&self->memo);
        self->nrows = 0;
    }
    if (grow_rows(&self->rows, &self->rows_cap, n, self->nrows + 1) < 0) {
        rc = -1;
        goto done;
    }
    memcpy(self->rows + self->nrows * n, out, sizeof(double) * n);
    if (!table_put_h(&self->memo, k, klen, h, (int32_t)self->nrows, NULL)) {
        PyErr_NoMemory();
        rc = -1;
        goto done;
    }
    self->nrows++;
done:
    if (k != small) PyMem_Free(k);
    return rc;
}

/* 1 when some candidate language's list has the word, 0 when none does, -1 on error */
static int scorer_knows(const Scorer *self, PyObject *lower) {
    Py_ssize_t len;
    const char *key = PyUnicode_AsUTF8AndSize(lower, &len);
    if (key) { /* one hash for every list */
        uint64_t h = hash_bytes(key, len);
        Py_ssize_t end;
        if (self->lexicon->has_joined) return joined_find(self->lexicon, key, len, h, &end) >= 0;
        for (int i = 0; i < self->lexicon->n; i++)
            if (sorted_find_h(&self->lexicon->lists[i]->list, key, len, h) >= 0) /* SortedLists given */
                return 1;
        return 0;
    }
    PyErr_Clear(); /* a lone surrogate: each list encodes it as it was built */
    for (int i = 0; i < self->lexicon->n; i++) {
        double v;
        Sorted *l = lexicon_list(self->lexicon, i);
        int r = l ? sorted_get_str(l, lower, &v) : -1;
        if (r) return r;
    }
    return 0;
}

/* log_probs(lower) -> per candidate language, the word's log-probability plus the language's prior */
static PyObject *Scorer_log_probs(Scorer *self, PyObject *lower) {
    if (!word_arg(lower)) return NULL;
    double row[MAX_LANGS];
    if (scorer_row(self, lower, row) < 0) return NULL;
    return float_tuple(row, self->lexicon->n);
}

/* list_log_probs(lower) -> log_probs without the letter trigrams (lexicon.list_log_probs) */
static PyObject *Scorer_list_log_probs(Scorer *self, PyObject *lower) {
    if (!word_arg(lower)) return NULL;
    double row[MAX_LANGS];
    if (scorer_list_row(self, lower, row) < 0) return NULL;
    return float_tuple(row, self->lexicon->n);
}

/* sum_log_probs(words) -> the per-language sums of log_probs over a list of lower-cased words, added in order
 * (the main-language vote over a text's sample: one call, not one per word) */
static PyObject *Scorer_sum_log_probs(Scorer *self, PyObject *words) {
    if (!PyList_Check(words)) {
        PyErr_SetString(PyExc_TypeError, "words must be a list");
        return NULL;
    }
    int n = self->lexicon->n;
    double row[MAX_LANGS], total[MAX_LANGS];
    for (int k = 0; k < n; k++) total[k] = 0.0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(words); i++) {
        PyObject *w = PyList_GET_ITEM(words, i);
        if (!word_arg(w) || scorer_row(self, w, row) < 0) return NULL;
        for (int k = 0; k < n; k++) total[k] += row[k];
    }
    return float_tuple(total, n);
}

/* knows(lower) -> whether some candidate language's list has the word */
static PyObject *Scorer_knows(Scorer *self, PyObject *lower) {
    if (!word_arg(lower)) return NULL;
    int r = scorer_knows(self, lower);
    if (r < 0) return NULL;
    return PyBool_FromLong(r);
}

static PyMethodDef Scorer_methods[] = {
    {"log_probs", (PyCFunction)Scorer_log_probs, METH_O, "log_probs(lower) -> log-probability plus prior per language"},
    {"list_log_probs", (PyCFunction)Scorer_list_log_probs, METH_O,
     "list_log_probs(lower) -> log_probs without the letter trigrams"},
    {"knows", (PyCFunction)Scorer_knows, METH_O, "knows(lower) -> whether some candidate language's list has it"},
    {"sum_log_probs", (PyCFunction)Scorer_sum_log_probs, METH_O,
     "sum_log_probs(words) -> per-language sums of log_probs over lower-cased words"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScorerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mlkit.segment._scan.Scorer",
    .tp_basicsize = sizeof(Scorer),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scorer_init,
    .tp_dealloc = (destructor)Scorer_dealloc,
    .tp_methods = Scorer_methods,
    .tp_doc = "A word's log-probability per candidate language of one script (lexicon.log_probs).",
};

/* ---------------------------------------------------------------------------------------------------------
 * Judge: what a word seen for the first time tells the trigger scan (its gains per other Latin language) and the
 * word HMM (its emission row), from its shape (name, acronym, romanised Korean) and its Scorer scores.
 */

#define JUDGE_SCRIPTS 8
#define MIN_CAPITALS_WORD 5 /* an all-capitals ASCII word this long that some list knows is a word */

struct Judge_ {
    PyObject_HEAD PyObject *script_names[JUDGE_SCRIPTS]; /* the scripts with word lists */
    Scorer *scorers[JUDGE_SCRIPTS];
    int index[JUDGE_SCRIPTS][MAX_LANGS]; /* per script, its candidates' places among the runner's languages */
    int nscripts;
    int latin;            /* which of them is Latin (-1: none) */
    int main_at;          /* the main language among the Latin candidates, -1 when it is none of them */
    Lexicon *main_lexicon; /* its list alone, when it is none of them */
    PyObject *names;      /* set of lowercased names that are neutral */
    Syllables *korean;    /* romanised Korean syllables */
    PyObject *normalize;  /* unicodedata.normalize */
    PyObject *fixed;      /* provider for scripts without word lists */
    PyObject *nfc, *curly, *straight, *zeros;
    double name_log_prob;
    int nlangs;
    Table memo; /* word as written (string kind, code units) -> -1 neutral, or its row of `gains` */
    double *gains;
    Py_ssize_t rows, rows_cap;
};

static void Judge_dealloc(Judge *self) {
    for (int i = 0; i < self->nscripts; i++) {
        Py_XDECREF(self->script_names[i]);
        Py_XDECREF(self->scorers[i]);
    }
    Py_XDECREF(self->main_lexicon);
    Py_XDECREF(self->names);
    Py_XDECREF(self->korean);
    Py_XDECREF(self->normalize);
    Py_XDECREF(self->fixed);
    Py_XDECREF(self->nfc);
    Py_XDECREF(self->curly);
    Py_XDECREF(self->straight);
    Py_XDECREF(self->zeros);
    table_free(&self->memo);
    PyMem_Free(self->gains);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Judge(scripts, latin, main_at, main_lexicon, names, korean, normalize, name_log_prob, nlangs, fixed):
 * scripts: ((name, Scorer, candidate indexes among the runner's languages), ...) */
static int Judge_init(Judge *self, PyObject *args, PyObject *kw) {
    PyObject *scripts, *main_lexicon, *names, *korean, *normalize, *fixed;
    int latin, main_at, nlangs;
    double name_lp;
    (void)kw;
    if (!PyArg_ParseTuple(args, "OiiOOO!OdiO", &scripts, &latin, &main_at, &main_lexicon, &names, &SyllablesType,
                          &korean, &normalize, &name_lp, &nlangs, &fixed))
        return -1;
    if (self->nscripts || self->names) {
        PyErr_SetString(PyExc_ValueError, "a judge is set up once");
        return -1;
    }
    PyObject *f = PySequence_Fast(scripts, "scripts: a sequence of (name, scorer, indexes)");
    if (!f) return -1;
    Py_ssize_t ns = PySequence_Fast_GET_SIZE(f);
    if (ns > JUDGE_SCRIPTS || latin >= ns || nlangs < 1 || nlangs > MAX_LANGS) {
        Py_DECREF(f);
        PyErr_SetString(PyExc_ValueError, "bad judge tables");
        return -1;
    }
    for (Py_ssize_t s = 0; s < ns; s++) {
        PyObject *name, *scorer, *idx;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(f, s), "UO!O", &name, &ScorerType, &scorer, &idx)) goto fail;
        PyObject *g = PySequence_Fast(idx, "indexes: a sequence of int");
        if (!g) goto fail;
        Scorer *sc = (Scorer *)scorer;
        if (PySequence_Fast_GET_SIZE(g) != sc->lexicon->n) {
            Py_DECREF(g);
            PyErr_SetString(PyExc_ValueError, "one index per candidate language expected");
            goto fail;
        }
        for (int i = 0; i < sc->lexicon->n; i++) {
            long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(g, i));
            if (v < 0 || v >= nlangs) {
                Py_DECREF(g);
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "language index out of range");
                goto fail;
            }
            self->index[s][i] = (int)v;
        }
        Py_DECREF(g);
        Py_INCREF(name);
        self->script_names[s] = name;
        Py_INCREF(scorer);
        self->scorers[s] = sc;
        self->nscripts = (int)s + 1;
    }
    Py_DECREF(f);
    if (main_lexicon != Py_None) {
        if (!PyObject_TypeCheck(main_lexicon, &LexiconType) || ((Lexicon *)main_lexicon)->dicts == Py_None) {
            PyErr_SetString(PyExc_TypeError, "main_lexicon: a Lexicon with its list, or None");
            return -1;
        }
        Py_INCREF(main_lexicon);
        self->main_lexicon = (Lexicon *)main_lexicon;
    }
    if (latin >= 0 && main_at < 0 && !self->main_lexicon) {
        PyErr_SetString(PyExc_ValueError, "main_lexicon needed when main is no Latin candidate");
        return -1;
    }
    self->latin = latin;
    self->main_at = main_at;
    Py_INCREF(names);
    self->names = names;
    Py_INCREF(korean);
    self->korean = (Syllables *)korean;
    Py_INCREF(normalize);
    self->normalize = normalize;
    Py_INCREF(fixed);
    self->fixed = fixed;
    self->name_log_prob = name_lp;
    self->nlangs = nlangs;
    if (table_init(&self->memo, 1024) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    self->nfc = PyUnicode_FromString("NFC");
    self->curly = PyUnicode_FromOrdinal(0x2019);
    self->straight = PyUnicode_FromString("'");
    if (!self->nfc || !self->curly || !self->straight) return -1;
    if (latin >= 0) {
        int n = self->scorers[latin]->lexicon->n;
        self->zeros = PyTuple_New(n);
        if (!self->zeros) return -1;
        for (int i = 0; i < n; i++) {
            PyObject *z = PyFloat_FromDouble(0.0);
            if (!z) return -1;
            PyTuple_SET_ITEM(self->zeros, i, z);
        }
    }
    return 0;
fail:
    Py_DECREF(f);
    return -1;
}

/* The number of Latin candidate languages (the width of its gains), 0 without them */
static int judge_width(const Judge *self) { return self->latin >= 0 ? self->scorers[self->latin]->lexicon->n : 0; }

/* What the spelling of a word says before any list: its lowercased form (’ read as ', NFC), whether it is an
 * acronym (capitals, not an ordinary word set in capitals), capitalised, a romanised Korean name. */
typedef struct {
    PyObject *lower;
    int capitalised, acronym, korean;
} Shape;

#define SHAPE_ACRONYM 1
#define SHAPE_KOREAN 2

/* word.isupper(), as str has it */
static int is_upper(PyObject *word) {
    if (PyUnicode_IS_ASCII(word)) { /* str.isupper: a capital, and no small letter */
        const char *s = (const char *)PyUnicode_DATA(word);
        int cased = 0;
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(word); i++) {
            if (s[i] >= 'a' && s[i] <= 'z') return 0;
            if (s[i] >= 'A' && s[i] <= 'Z') cased = 1;
        }
        return cased;
    }
    PyObject *r = PyObject_CallMethod(word, "isupper", NULL);
    if (!r) return -1;
    int b = r == Py_True;
    Py_DECREF(r);
    return b;
}

/* An all-capitals word is an ordinary word set in capitals ("INGEN GARANTI", "KHÔNG CÓ", "NOTE") when it has
 * letters beyond ASCII, or is at least five letters long and some Latin-script list knows it. */
static int written_in_capitals(Judge *self, PyObject *lower) {
    if (!PyUnicode_IS_ASCII(lower)) return 1;
    if (PyUnicode_GET_LENGTH(lower) < MIN_CAPITALS_WORD || self->latin < 0) return 0;
    return scorer_knows(self->scorers[self->latin], lower);
}

/* An ASCII str lowercased (str.lower) */
static PyObject *ascii_lowered(PyObject *word) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(word);
    PyObject *lower = PyUnicode_New(len, 127);
    if (!lower) return NULL;
    const char *src = (const char *)PyUnicode_DATA(word);
    char *dst = (char *)PyUnicode_DATA(lower);
    for (Py_ssize_t i = 0; i < len; i++) dst[i] = (char)tolower((unsigned char)src[i]);
    return lower;
}

static int word_shape(Judge *self, PyObject *word, Shape *sh) {
    sh->lower = NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(word);
    PyObject *lower;
    if (PyUnicode_IS_ASCII(word)) {
        lower = ascii_lowered(word);
        if (!lower) return -1;
    } else {
        lower = PyObject_CallMethod(word, "lower", NULL);
        if (!lower) return -1;
        Py_SETREF(lower, PyUnicode_Replace(lower, self->curly, self->straight, -1));
        if (lower && !PyUnicode_IS_ASCII(lower))
            Py_SETREF(lower, PyObject_CallFunctionObjArgs(self->normalize, self->nfc, lower, NULL));
        if (!lower) return -1;
    }
    sh->lower = lower;
    sh->capitalised = len > 0 && Py_UNICODE_ISUPPER(PyUnicode_READ_CHAR(word, 0));
    sh->acronym = 0;
    if (len >= 2) {
        int up = is_upper(word);
        if (up < 0) goto error;
        if (up) {
            int caps = written_in_capitals(self, lower);
            if (caps < 0) goto error;
            sh->acronym = !caps;
        }
    }
    sh->korean = 0;
    if (sh->capitalised) {
        int named = PySet_Contains(self->names, lower);
        if (named == 0) named = syllables_match(self->korean, lower);
        if (named < 0) goto error;
        sh->korean = named;
    }
    return 0;
error:
    Py_CLEAR(sh->lower);
    return -1;
}

/* A word's evidence per Latin language that it is not in the main language (log-odds >= 0; none for names,
 * acronyms, romanised Korean and single letters): 1 with `g` filled, 0 when it is neutral, -1 on error. */
static int judge_gains_new(Judge *self, PyObject *word, double *g, int *flags);

/* ... and the word's shape as SHAPE_ flags in *flags (may be NULL) */
static int judge_gains(Judge *self, PyObject *word, double *g, int *flags) {
    if (self->latin < 0) {
        PyErr_SetString(PyExc_ValueError, "a judge without Latin candidates");
        return -1;
    }
    int n = self->scorers[self->latin]->lexicon->n;
    Text t;
    char small[MEMO_SMALL];
    Py_ssize_t klen;
    char *k = memo_key(word, &t, small, &klen);
    if (!k) return -1;
    uint64_t h = hash_bytes(k, klen);
    Slot *sl = table_get_h(&self->memo, k, klen, h);
    int rc;
    int fl = 0;
    if (sl) {
        Py_ssize_t row = (sl->value >> 2) - 1;
        fl = sl->value & 3;
        rc = row >= 0;
        if (rc) memcpy(g, self->gains + row * n, sizeof(double) * n);
        goto done;
    }
    rc = judge_gains_new(self, word, g, &fl);
    if (rc < 0) goto done;
    if (self->memo.used >= SCORER_LIMIT) { /* bounded: start afresh (the answers are pure) */
        table_clear(&self->memo);
        self->rows = 0;
    }
    int32_t value = fl; /* (row + 1) * 4 + flags, row -1 when neutral */
    if (rc) {
        if (grow_rows(&self->gains, &self->rows_cap, n, self->rows + 1) < 0) {
            rc = -1;
            goto done;
        }
        memcpy(self->gains + self->rows * n, g, sizeof(double) * n);
        value = (int32_t)((self->rows + 1) * 4 + fl);
        self->rows++;
    }
    if (!table_put_h(&self->memo, k, klen, h, value, NULL)) {
        PyErr_NoMemory();
        rc = -1;
    }
done:
    if (flags) *flags = fl;
    if (k != small) PyMem_Free(k);
    return rc;
}

/* judge_gains for a word not yet remembered */
static int judge_gains_new(Judge *self, PyObject *word, double *g, int *flags) {
    Shape sh;
    if (word_shape(self, word, &sh) < 0) return -1;
    *flags = (sh.acronym ? SHAPE_ACRONYM : 0) | (sh.korean ? SHAPE_KOREAN : 0);
    int rc = 0;
    if (sh.acronym || sh.korean || PyUnicode_GET_LENGTH(sh.lower) == 1) goto done;
    Scorer *sc = self->scorers[self->latin];
    double row[MAX_LANGS];
    if (scorer_row(sc, sh.lower, row) < 0) {
        rc = -1;
        goto done;
    }
    double own;
    if (self->main_at >= 0) own = row[self->main_at];
    else {
        own = word_log_prob(self->main_lexicon, 0, sh.lower);
        if (PyErr_Occurred()) {
            rc = -1;
            goto done;
        }
    }
    for (int i = 0; i < sc->lexicon->n; i++) {
        double d = row[i] - own;
        g[i] = i == self->main_at ? 0.0 : d > 0.0 ? d : 0.0;
    }
    rc = 1;
done:
    Py_DECREF(sh.lower);
    return rc;
}

/* gains(word) -> per Latin candidate language, the word's log-odds against the main language (>= 0) */
static PyObject *Judge_gains(Judge *self, PyObject *word) {
    if (!word_arg(word)) return NULL;
    double g[MAX_LANGS];
    int r = judge_gains(self, word, g, NULL);
    if (r < 0) return NULL;
    if (r == 0) {
        Py_INCREF(self->zeros);
        return self->zeros;
    }
    return float_tuple(g, self->scorers[self->latin]->lexicon->n);
}

static double logaddexp(double a, double b) {
    double hi = a > b ? a : b, lo = a > b ? b : a;
    return hi + log1p(exp(lo - hi));
}

/* An emission as the runner reads it (see Emission): the scores of languages idx[0:n] (the first is what a word
 * of a fixed script is labelled), the best of them (none when all tie, as for a name), `plain`. */
static PyObject *pack_emission(const Judge *self, const int *idx, const double *scores, int n, int plain) {
    Py_ssize_t size = 16 * MASK_WORDS + 8 + 8 * (Py_ssize_t)self->nlangs;
    PyObject *out = PyBytes_FromStringAndSize(NULL, size);
    if (!out) return NULL;
    char *p = PyBytes_AS_STRING(out);
    uint64_t present[MASK_WORDS] = {0}, best[MASK_WORDS] = {0};
    int zeros = 0;
    double values[MAX_LANGS] = {0.0};
    for (int i = 0; i < n; i++) {
        int k = idx[i];
        present[k >> 6] |= (uint64_t)1 << (k & 63);
        values[k] = scores[i];
        if (scores[i] == 0.0) {
            best[k >> 6] |= (uint64_t)1 << (k & 63);
            zeros++;
        }
    }
    if (zeros == n && n > 1) memset(best, 0, sizeof(best));
    int32_t first = n ? idx[0] : 0, plain32 = plain;
    memcpy(p, present, sizeof(present));
    memcpy(p + 8 * MASK_WORDS, best, sizeof(best));
    memcpy(p + 16 * MASK_WORDS, &plain32, 4);
    memcpy(p + 16 * MASK_WORDS + 4, &first, 4);
    memcpy(p + 16 * MASK_WORDS + 8, values, 8 * (size_t)self->nlangs);
    return out;
}

/* The emission of a word of a script without word lists: `fixed(script)` gives its (language index, score)
 * pairs (Hangul: ko; Han: a prior over zh, ja, ko). */
static PyObject *fixed_emission(Judge *self, PyObject *script) {
    PyObject *pairs = PyObject_CallOneArg(self->fixed, script);
    if (!pairs) return NULL;
    PyObject *f = PySequence_Fast(pairs, "fixed: a sequence of (index, score)");
    Py_DECREF(pairs);
    if (!f) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(f);
    int idx[MAX_LANGS];
    double scores[MAX_LANGS];
    if (n > MAX_LANGS) {
        Py_DECREF(f);
        PyErr_SetString(PyExc_ValueError, "too many languages");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(f, i), "id", &idx[i], &scores[i])) {
            Py_DECREF(f);
            return NULL;
        }
        if (idx[i] < 0 || idx[i] >= self->nlangs) {
            Py_DECREF(f);
            PyErr_SetString(PyExc_ValueError, "language index out of range");
            return NULL;
        }
    }
    Py_DECREF(f);
    return pack_emission(self, idx, scores, (int)n, 0);
}

/* provide(word, script, capital, initial, entity) -> the word's emission for the runner (bytes, see Emission):
 * a word of a script with word lists scored by its Scorer, a name's scores raised towards name_log_prob, less the
 * best; a word of another script by `fixed` */
static PyObject *Judge_provide(Judge *self, PyObject *args) {
    PyObject *word, *script;
    int capital, initial, entity;
    if (!PyArg_ParseTuple(args, "UUiii", &word, &script, &capital, &initial, &entity)) return NULL;
    int s = -1;
    for (int k = 0; k < self->nscripts && s < 0; k++) {
        int c = PyUnicode_Compare(self->script_names[k], script);
        if (c == -1 && PyErr_Occurred()) return NULL;
        if (c == 0) s = k;
    }
    if (s < 0) return fixed_emission(self, script);
    Scorer *sc = self->scorers[s];
    int n = sc->lexicon->n;
    double scores[MAX_LANGS];
    int plain = 0, flags = -1;
    if (s == self->latin && PyUnicode_IS_ASCII(word)) { /* the trigger scan has most often judged it already */
        double g[MAX_LANGS];
        int r = judge_gains(self, word, g, &flags);
        if (r < 0) return NULL;
        plain = 1;
        for (int i = 0; r && i < n; i++)
            if (g[i] > 0.0) plain = 0;
    }
    int neutral = n == 1;
    Shape sh = {NULL, 0, 0, 0};
    if (!neutral) {
        if (flags >= 0) { /* its shape remembered with its gains */
            sh.lower = ascii_lowered(word);
            if (!sh.lower) return NULL;
            sh.acronym = flags & SHAPE_ACRONYM;
            sh.korean = flags & SHAPE_KOREAN;
        } else if (word_shape(self, word, &sh) < 0)
            return NULL;
        neutral = sh.acronym || sh.korean || entity || PyUnicode_GET_LENGTH(sh.lower) == 1;
    }
    if (neutral) {
        for (int i = 0; i < n; i++) scores[i] = 0.0;
    } else {
        if (capital) {
            int up = is_upper(word);
            if (up < 0) goto error;
            if (up) capital = initial = 0;
        }
        int name = 0;
        if (capital) {
            int known = initial ? scorer_knows(sc, sh.lower) : 0;
            if (known < 0) goto error;
            name = !initial || !known;
        }
        if (scorer_row(sc, sh.lower, scores) < 0) goto error;
        if (name)
            for (int i = 0; i < n; i++) scores[i] = logaddexp(scores[i], self->name_log_prob);
        double top = scores[0];
        for (int i = 1; i < n; i++)
            if (scores[i] > top) top = scores[i];
        for (int i = 0; i < n; i++) scores[i] = scores[i] - top;
    }
    Py_CLEAR(sh.lower);
    return pack_emission(self, self->index[s], scores, n, plain);
error:
    Py_XDECREF(sh.lower);
    return NULL;
}

/* judge(word): judge.gains(word), so that a judge is what a Scanner calls for a word's gains */
static PyObject *Judge_call(Judge *self, PyObject *args, PyObject *kw) {
    PyObject *word;
    if (kw && PyDict_GET_SIZE(kw)) {
        PyErr_SetString(PyExc_TypeError, "a judge takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "U", &word)) return NULL;
    return Judge_gains(self, word);
}

static PyMethodDef Judge_methods[] = {
    {"gains", (PyCFunction)Judge_gains, METH_O, "gains(word) -> log-odds per Latin language against the main one"},
    {"provide", (PyCFunction)Judge_provide, METH_VARARGS,
     "provide(word, script, capital, initial, entity) -> the word's emission for the runner (bytes)"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject JudgeType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mlkit.segment._scan.Judge",
    .tp_basicsize = sizeof(Judge),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Judge_init,
    .tp_call = (ternaryfunc)Judge_call,
    .tp_dealloc = (destructor)Judge_dealloc,
    .tp_methods = Judge_methods,
    .tp_doc = "A new word's gains for the trigger scan and emission for the word HMM, from its shape and scores.",
};

/* ---------------------------------------------------------------------------------------------------------
 * Hashed features of the related-language model (relatives.word_buckets): each word itself (CRC-32 of
 * "w <word>" in UTF-8) and the code-point 1- to 5-grams of "<word>" (a polynomial hash, then mixed), taken
 * modulo the number of buckets; all words' word features first, then all 1-grams, 2-grams, ... in text order.
 */

#define MAX_NGRAM 5
static const uint64_t NGRAM_POSITION[MAX_NGRAM] = {0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL,
                                                   0x165667B19E3779F9ULL, 0xD6E8FEB86659FD93ULL,
                                                   0xFF51AFD7ED558CCDULL};
static const uint64_t NGRAM_MIX = 0xBF58476D1CE4E5B9ULL;

static uint32_t crc32_update(uint32_t crc, const unsigned char *p, Py_ssize_t n) {
    static uint32_t table[256];
    static int ready = 0;
    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = 1;
    }
    crc = ~crc;
    for (Py_ssize_t i = 0; i < n; i++) crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

/* The features of a list of str: bucket and word index of each, in the order above; -1 on error. */
static int hashed_features(PyObject *words, uint64_t buckets, int64_t **idx_out, int64_t **owner_out,
                           Py_ssize_t *count) {
    PyObject *seq = PySequence_Fast(words, "words: a sequence of str");
    if (!seq) return -1;
    Py_ssize_t nw = PySequence_Fast_GET_SIZE(seq), size = 0;
    for (Py_ssize_t w = 0; w < nw; w++) {
        PyObject *word = PySequence_Fast_GET_ITEM(seq, w);
        if (!PyUnicode_Check(word)) {
            Py_DECREF(seq);
            PyErr_SetString(PyExc_TypeError, "words must be str");
            return -1;
        }
        size += PyUnicode_GET_LENGTH(word) + 2;
    }
    Py_UCS4 *c = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(size + 1));
    Py_ssize_t *opens = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(size + 1)); /* '<' in c[:k] */
    Py_ssize_t *closes = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(size + 1)); /* '>' in c[:k] */
    Py_ssize_t cap = nw + MAX_NGRAM * size + 1;
    int64_t *idx = PyMem_Malloc(sizeof(int64_t) * (size_t)cap), *owner = PyMem_Malloc(sizeof(int64_t) * (size_t)cap);
    Py_ssize_t n = 0, pos = 0;
    if (!c || !opens || !closes || !idx || !owner) {
        PyErr_NoMemory();
        goto error;
    }
    for (Py_ssize_t w = 0; w < nw; w++) {
        PyObject *word = PySequence_Fast_GET_ITEM(seq, w);
        PyObject *key = PyUnicode_FromFormat("w %U", word);
        if (!key) goto error;
        PyObject *utf8 = PyUnicode_AsEncodedString(key, "utf-8", "strict");
        Py_DECREF(key);
        if (!utf8) goto error;
        uint32_t h = crc32_update(0, (const unsigned char *)PyBytes_AS_STRING(utf8), PyBytes_GET_SIZE(utf8));
        Py_DECREF(utf8);
        idx[n] = (int64_t)((uint64_t)h % buckets);
        owner[n++] = w;
        Text t;
        if (text_of(word, &t) < 0) goto error;
        c[pos++] = '<';
        for (Py_ssize_t i = 0; i < t.len; i++) {
            Py_UCS4 ch = at(&t, i);
            if (ch == '<' || ch == '>') { /* they mark a word's edges: no word of relatives.WORD has them */
                PyErr_SetString(PyExc_ValueError, "a word with '<' or '>'");
                goto error;
            }
            c[pos++] = ch;
        }
        c[pos++] = '>';
    }
    opens[0] = closes[0] = 0;
    for (Py_ssize_t k = 0; k < size; k++) {
        opens[k + 1] = opens[k] + (c[k] == '<');
        closes[k + 1] = closes[k] + (c[k] == '>');
    }
    for (int g = 1; g <= MAX_NGRAM; g++) {
        for (Py_ssize_t i = 0; i + g <= size; i++) {
            /* inside one "<word>": no '>' before the n-gram's last character, no '<' after its first */
            if (closes[i + g - 1] != closes[i] || opens[i + g] != opens[i + 1]) continue;
            uint64_t x = 0;
            for (int j = 0; j < g; j++) x += (uint64_t)c[i + j] * NGRAM_POSITION[j];
            x ^= (uint64_t)g;
            x ^= x >> 31;
            x *= NGRAM_MIX;
            x ^= x >> 29;
            idx[n] = (int64_t)(x % buckets);
            owner[n++] = opens[i + 1] - 1;
        }
    }
    PyMem_Free(c);
    PyMem_Free(opens);
    PyMem_Free(closes);
    Py_DECREF(seq);
    *idx_out = idx;
    *owner_out = owner;
    *count = n;
    return 0;
error:
    PyMem_Free(c);
    PyMem_Free(opens);
    PyMem_Free(closes);
    PyMem_Free(idx);
    PyMem_Free(owner);
    Py_DECREF(seq);
    return -1;
}

/* features(words, buckets) -> (buckets, word indices): int64 bytes each */
static PyObject *features(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *words;
    unsigned long long buckets;
    if (!PyArg_ParseTuple(args, "OK", &words, &buckets)) return NULL;
    if (buckets < 1) {
        PyErr_SetString(PyExc_ValueError, "buckets must be positive");
        return NULL;
    }
    int64_t *idx, *owner;
    Py_ssize_t n;
    if (hashed_features(words, (uint64_t)buckets, &idx, &owner, &n) < 0) return NULL;
    PyObject *out = Py_BuildValue("(y#y#)", (const char *)idx, n * (Py_ssize_t)sizeof(int64_t), (const char *)owner,
                                  n * (Py_ssize_t)sizeof(int64_t));
    PyMem_Free(idx);
    PyMem_Free(owner);
    return out;
}

/* feature_sums(words, weights, langs) -> float64 bytes, words x langs: the sum of each word's features' weights
 * per language; `weights`: int8, langs x buckets, row-major (integer sums: exact, in any order) */
static PyObject *feature_sums(PyObject *mod, PyObject *args) {
    (void)mod;
    PyObject *words, *wobj;
    Py_ssize_t langs;
    if (!PyArg_ParseTuple(args, "OOn", &words, &wobj, &langs)) return NULL;
    Py_buffer wb;
    if (PyObject_GetBuffer(wobj, &wb, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return NULL;
    if (wb.itemsize != 1 || (wb.format && strcmp(wb.format, "b") != 0) || langs < 1 || wb.len % langs) {
        PyBuffer_Release(&wb);
        PyErr_SetString(PyExc_ValueError, "weights: int8, one row of buckets per language");
        return NULL;
    }
    Py_ssize_t nb = wb.len / langs, nw = PyObject_Length(words);
    const int8_t *weights = wb.buf;
    int64_t *idx, *owner;
    Py_ssize_t n;
    if (nw < 0 || hashed_features(words, (uint64_t)nb, &idx, &owner, &n) < 0) {
        PyBuffer_Release(&wb);
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, nw * langs * (Py_ssize_t)sizeof(double));
    if (out) {
        int64_t *acc = PyMem_Calloc((size_t)(nw * langs + 1), sizeof(int64_t));
        if (!acc) {
            Py_CLEAR(out);
            PyErr_NoMemory();
        } else {
            for (Py_ssize_t k = 0; k < n; k++)
                for (Py_ssize_t l = 0; l < langs; l++) acc[owner[k] * langs + l] += weights[l * nb + idx[k]];
            double *dst = (double *)PyBytes_AS_STRING(out);
            for (Py_ssize_t k = 0; k < nw * langs; k++) dst[k] = (double)acc[k];
            PyMem_Free(acc);
        }
    }
    PyMem_Free(idx);
    PyMem_Free(owner);
    PyBuffer_Release(&wb);
    return out;
}

/* word_rows(words, weights, langs, scale, lexicon_weight, scorer, letters) -> [tuple per word]: per word and
 * language, its features' int8 weights summed (as feature_sums) times `scale`, plus `lexicon_weight` times the
 * word's log-probability by `scorer` (log_probs, or list_log_probs when `letters` is false): the rows of a group
 * of related languages (relatives._rows). */
static PyObject *word_rows(PyObject *mod, PyObject *args) {
    PyObject *words, *wobj, *scorer;
    Py_ssize_t langs;
    double scale, weight;
    int letters;
    if (!PyArg_ParseTuple(args, "O!OnddOp", &PyList_Type, &words, &wobj, &langs, &scale, &weight, &scorer,
                          &letters))
        return NULL;
    if (langs < 1 || langs > MAX_LANGS) {
        PyErr_SetString(PyExc_ValueError, "number of languages out of range");
        return NULL;
    }
    if (weight != 0.0 && (!PyObject_TypeCheck(scorer, &ScorerType) || ((Scorer *)scorer)->lexicon->n != langs)) {
        PyErr_SetString(PyExc_TypeError, "scorer: a Scorer over the group's languages");
        return NULL;
    }
    PyObject *fargs = Py_BuildValue("(OOn)", words, wobj, langs);
    if (!fargs) return NULL;
    PyObject *sums = feature_sums(mod, fargs);
    Py_DECREF(fargs);
    if (!sums) return NULL;
    const double *s = (const double *)PyBytes_AS_STRING(sums);
    Py_ssize_t nw = PyList_GET_SIZE(words);
    PyObject *out = PyList_New(nw);
    if (!out) goto error;
    for (Py_ssize_t i = 0; i < nw; i++) {
        double row[MAX_LANGS], p[MAX_LANGS];
        for (Py_ssize_t k = 0; k < langs; k++) row[k] = s[i * langs + k] * scale;
        if (weight != 0.0) {
            PyObject *w = PyList_GET_ITEM(words, i);
            if (!PyUnicode_Check(w)) {
                PyErr_SetString(PyExc_TypeError, "words must be str");
                goto error;
            }
            if ((letters ? scorer_row((Scorer *)scorer, w, p) : scorer_list_row((Scorer *)scorer, w, p)) < 0)
                goto error;
            for (Py_ssize_t k = 0; k < langs; k++) row[k] = row[k] + weight * p[k];
        }
        PyObject *t = float_tuple(row, (int)langs);
        if (!t) goto error;
        PyList_SET_ITEM(out, i, t);
    }
    Py_DECREF(sums);
    return out;
error:
    Py_DECREF(sums);
    Py_XDECREF(out);
    return NULL;
}

/* ---------------------------------------------------------------------------------------------------------
 * Identifier spans (identifiers.mask): where an identifier may start, found by its trigger (a character or pair
 * every identifier has somewhere); the identifier pattern itself runs only on the white-space-delimited chunk
 * around each trigger.
 */

static inline int ascii_digit(Py_UCS4 c) { return c >= '0' && c <= '9'; }
static inline int ascii_lower(Py_UCS4 c) { return c >= 'a' && c <= 'z'; }

/* The length of the trigger at i (the text read as ending at e), 0 where none starts: the first that fits of
 * [_/@(*&=] | -> | [A-Za-z][.-][0-9] | [a-z][A-Z] | [A-Za-z][0-9] | [0-9][A-Za-z] | \.[A-Za-z] | [A-Za-z0-9]:[A-Za-z0-9:]
 * | [a-f]{8} | a hyphen after white space or at the start. */
static Py_ssize_t trigger_at(const Text *t, Py_ssize_t i, Py_ssize_t e) {
    Py_UCS4 c = at(t, i), d = i + 1 < e ? at(t, i + 1) : 0;
    /* most of a text: a lower-case letter before a lower-case letter or a space, not two of a-f (none of the
     * rules below can fit) */
    if (ascii_lower(c) && (ascii_lower(d) || d == ' ') && (c > 'f' || d < 'a' || d > 'f')) return 0;
    if (c == '_' || c == '/' || c == '@' || c == '(' || c == '*' || c == '&' || c == '=') return 1;
    if (c == '-' && d == '>') return 2;
    if (ascii_letter(c) && (d == '.' || d == '-') && i + 2 < e && ascii_digit(at(t, i + 2))) return 3;
    if (ascii_lower(c) && d >= 'A' && d <= 'Z') return 2;
    if (ascii_letter(c) && ascii_digit(d)) return 2;
    if (ascii_digit(c) && ascii_letter(d)) return 2;
    if (c == '.' && ascii_letter(d)) return 2;
    if ((ascii_letter(c) || ascii_digit(c)) && d == ':' && i + 2 < e) {
        Py_UCS4 f = at(t, i + 2);
        if (ascii_letter(f) || ascii_digit(f) || f == ':') return 3;
    }
    if (c >= 'a' && c <= 'f' && i + 8 <= e) {
        Py_ssize_t k = 1;
        while (k < 8 && at(t, i + k) >= 'a' && at(t, i + k) <= 'f') k++;
        if (k == 8) return 8;
    }
    if (c == '-' && (i == 0 || Py_UNICODE_ISSPACE(at(t, i - 1)))) return 1;
    return 0;
}

/* Where the chunk around position `pos` starts: after the last space, tab or line break at most `chunk` before */
static Py_ssize_t chunk_start(const Text *t, Py_ssize_t pos, Py_ssize_t chunk) {
    Py_ssize_t lo = pos - chunk > 0 ? pos - chunk : 0;
    for (Py_ssize_t k = pos - 1; k >= lo; k--) {
        Py_UCS4 c = at(t, k);
        if (c == ' ' || c == '\n' || c == '\t') return k + 1;
    }
    return lo;
}

/* Where the chunk from `pos` ends: at the first white space, at most `chunk` on */
static Py_ssize_t chunk_end(const Text *t, Py_ssize_t pos, Py_ssize_t chunk) {
    Py_ssize_t hi = pos + chunk < t->len ? pos + chunk : t->len;
    for (Py_ssize_t k = pos; k < hi; k++)
        if (Py_UNICODE_ISSPACE(at(t, k))) return k;
    return hi;
}

/* Whether the trigger at pos is a "(" that no identifier needs: not after a name character (a function or
 * manual page reference: chown(), ls(1)) nor before a hyphen (an option: "(--foo"), in a chunk [lo, hi) shorter
 * than `chunk` (so any other trigger in it searches the very same chunk). Prose parentheses, "(see", are a
 * quarter of all triggers and never an identifier by themselves. */
static int lone_paren(const Text *t, Py_ssize_t pos, Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t chunk) {
    if (at(t, pos) != '(' || hi - lo >= chunk - 1) return 0;
    if (pos > 0) {
        Py_UCS4 b = at(t, pos - 1);
        if (ascii_letter(b) || ascii_digit(b) || b == '_' || b == '.' || b == '-') return 0;
    }
    return !(pos + 1 < t->len && at(t, pos + 1) == '-');
}

/* How many characters before a chunk the pattern reads: its lookbehinds look back one character, "->" two. */
#define PATTERN_BEHIND 2

/* The spans `finditer(text, lo, hi)` finds, appended to `out` when they start at `from` or later; -1 on error.
 * `memo` (a dict, or NULL): the spans of each chunk already searched, kept by what the pattern reads of it (the
 * chunk and the PATTERN_BEHIND characters before it, or fewer at the start of the text; nothing beyond hi, which
 * the pattern reads as the end), as offsets from the chunk's start; so a chunk is searched once in a text and in
 * any text that has it again (the same option, path or manual page reference across documents). */
static int pattern_spans(PyObject *finditer, PyObject *text, Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t from,
                         PyObject *out, PyObject *memo) {
    PyObject *key = NULL, *found = NULL;
    if (memo) {
        Py_ssize_t back = lo < PATTERN_BEHIND ? lo : PATTERN_BEHIND;
        key = Py_BuildValue("(nN)", back, PyUnicode_Substring(text, lo - back, hi));
        if (!key) return -1;
        found = PyDict_GetItemWithError(memo, key);
    }
    if (found) {
        Py_INCREF(found);
    } else {
        if (PyErr_Occurred()) goto error;
        found = PyList_New(0);
        if (!found) goto error;
        PyObject *it = PyObject_CallFunction(finditer, "Onn", text, lo, hi);
        if (!it) goto error;
        PyObject *m;
        while ((m = PyIter_Next(it)) != NULL) {
            PyObject *span = PyObject_CallMethod(m, "span", NULL);
            Py_DECREF(m);
            if (!span) break;
            Py_ssize_t a = -1, b = -1;
            if (PyTuple_Check(span) && PyTuple_GET_SIZE(span) == 2) {
                a = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
                b = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
            }
            Py_DECREF(span);
            if (PyErr_Occurred()) break;
            if (a < lo || b < a || b > hi) {
                PyErr_SetString(PyExc_TypeError, "span() must give (start, end) within the chunk");
                break;
            }
            PyObject *rel = Py_BuildValue("(nn)", a - lo, b - lo);
            if (!rel || PyList_Append(found, rel) < 0) {
                Py_XDECREF(rel);
                break;
            }
            Py_DECREF(rel);
        }
        Py_DECREF(it);
        if (PyErr_Occurred() || (key && PyDict_SetItem(memo, key, found) < 0)) goto error;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(found); k++) {
        PyObject *rel = PyList_GET_ITEM(found, k);
        Py_ssize_t a = lo + PyLong_AsSsize_t(PyTuple_GET_ITEM(rel, 0));
        Py_ssize_t b = lo + PyLong_AsSsize_t(PyTuple_GET_ITEM(rel, 1));
        if (PyErr_Occurred()) goto error;
        if (a < from) continue;
        PyObject *span = Py_BuildValue("(nn)", a, b);
        if (!span || PyList_Append(out, span) < 0) {
            Py_XDECREF(span);
            goto error;
        }
        Py_DECREF(span);
    }
    Py_DECREF(found);
    Py_XDECREF(key);
    return 0;
error:
    Py_XDECREF(found);
    Py_XDECREF(key);
    return -1;
}

/* The identifiers of text[start:end] (each chunk around a trigger searched once), those starting at `from` or
 * later appended to `out`; -1 on error */
static int trigger_spans(PyObject *finditer, PyObject *text, const Text *t, Py_ssize_t start, Py_ssize_t end,
                         Py_ssize_t chunk, Py_ssize_t from, PyObject *out, PyObject *memo) {
    Py_ssize_t done = 0, i = start;
    while (i < end) {
        Py_ssize_t len = trigger_at(t, i, end);
        if (!len) {
            i++;
            continue;
        }
        Py_ssize_t pos = i;
        i += len;
        if (pos < done) continue;
        Py_ssize_t lo = chunk_start(t, pos, chunk), hi = chunk_end(t, i, chunk);
        if (lone_paren(t, pos, lo, hi, chunk)) continue;
        if (lo < done) lo = done;
        if (pattern_spans(finditer, text, lo, hi, from, out, memo) < 0) return -1;
        done = hi;
    }
    return 0;
}

/* identifier_spans(text, regions, finditer, chunk, memo=None) -> [(start, end)]: the identifiers `finditer` (the
 * identifier pattern's) finds in the chunks around triggers, in order; with regions (a list of (start, end), or
 * None for the whole text), only in the chunks touching them, each identifier once. `memo`: a dict kept across
 * calls (on one text, a prefix of it, other texts), so a chunk read alike is searched once (pattern_spans). */
static PyObject *identifier_spans(PyObject *mod, PyObject *args) {
    PyObject *text, *regions, *finditer, *memo = Py_None;
    Py_ssize_t chunk;
    (void)mod;
    if (!PyArg_ParseTuple(args, "UOOn|O", &text, &regions, &finditer, &chunk, &memo)) return NULL;
    if (memo != Py_None && !PyDict_Check(memo)) {
        PyErr_SetString(PyExc_TypeError, "memo: a dict or None");
        return NULL;
    }
    if (memo == Py_None) memo = NULL;
    Text t;
    if (text_of(text, &t) < 0) return NULL;
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    if (regions == Py_None) {
        if (trigger_spans(finditer, text, &t, 0, t.len, chunk, 0, out, memo) < 0) Py_CLEAR(out);
        return out;
    }
    PyObject *sorted = PySequence_List(regions);
    if (!sorted || PyList_Sort(sorted) < 0) goto error;
    Py_ssize_t done = 0;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(sorted); k++) {
        PyObject *r = PySequence_Fast(PyList_GET_ITEM(sorted, k), "regions: (start, end) pairs");
        if (!r) goto error;
        Py_ssize_t a = -1, b = -1;
        if (PySequence_Fast_GET_SIZE(r) == 2) {
            a = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(r, 0));
            b = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(r, 1));
        }
        Py_DECREF(r);
        if (PyErr_Occurred()) goto error;
        if (a < 0 || b < 0 || a > t.len || b > t.len) {
            PyErr_SetString(PyExc_ValueError, "a region outside the text");
            goto error;
        }
        Py_ssize_t lo = chunk_start(&t, a, chunk), hi = chunk_end(&t, b, chunk);
        if (lo < done) lo = done;
        if (lo >= hi) continue;
        if (trigger_spans(finditer, text, &t, lo, hi, chunk, done, out, memo) < 0) goto error;
        Py_ssize_t n = PyList_GET_SIZE(out);
        Py_ssize_t last = n ? PyLong_AsSsize_t(PyTuple_GET_ITEM(PyList_GET_ITEM(out, n - 1), 1)) : 0;
        if (last > done) done = last;
        if (hi > done) done = hi;
    }
    Py_DECREF(sorted);
    return out;
error:
    Py_XDECREF(sorted);
    Py_DECREF(out);
    return NULL;
}

/* blank(text, spans, mark) -> text with the code points of each (start, end) in `spans` (in order, not overlapping)
 * replaced by the one character `mark`: the same length, so offsets are kept (identifiers.mask). */
static PyObject *blank(PyObject *mod, PyObject *args) {
    PyObject *text, *spans, *mark;
    (void)mod;
    if (!PyArg_ParseTuple(args, "UO!U", &text, &PyList_Type, &spans, &mark)) return NULL;
    if (PyUnicode_GET_LENGTH(mark) != 1) {
        PyErr_SetString(PyExc_ValueError, "mark: one character");
        return NULL;
    }
    Py_UCS4 m = PyUnicode_READ_CHAR(mark, 0);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), pos = 0;
    int kind = PyUnicode_KIND(text);
    if (m > PyUnicode_MAX_CHAR_VALUE(text)) kind = PyUnicode_4BYTE_KIND;
    void *buf = kind == PyUnicode_KIND(text) ? PyMem_Malloc(n ? (size_t)n * kind : 1)
                                              : PyUnicode_AsUCS4Copy(text);
    if (!buf) return PyErr_NoMemory();
    if (kind == PyUnicode_KIND(text)) memcpy(buf, PyUnicode_DATA(text), (size_t)n * kind);
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(spans); k++) {
        PyObject *span = PyList_GET_ITEM(spans, k);
        Py_ssize_t a = -1, b = -1;
        if (PyTuple_Check(span) && PyTuple_GET_SIZE(span) == 2) {
            a = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 0));
            b = PyLong_AsSsize_t(PyTuple_GET_ITEM(span, 1));
        }
        if (PyErr_Occurred() || a < pos || b < a || b > n) {
            PyMem_Free(buf);
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "spans: (start, end) in order within the text");
            return NULL;
        }
        for (Py_ssize_t i = a; i < b; i++) PyUnicode_WRITE(kind, buf, i, m);
        pos = b;
    }
    PyObject *out = PyUnicode_FromKindAndData(kind, buf, n);  /* the narrowest form, as Python's own strings */
    PyMem_Free(buf);
    return out;
}

/* One span to be: where it sorts (start, passages before runs, end, then as given) and what it is made of. */
typedef struct {
    Py_ssize_t start, end, order;
    int run;
    PyObject *item;
} SpanKey;

static int span_key_cmp(const void *pa, const void *pb) {
    const SpanKey *a = pa, *b = pb;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->run != b->run) return a->run - b->run;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* spans(runs, passages, span_type) -> tuple of span_type(start, end, lang, script, kind, confidence): each run
 * (kind "run") and passage (kind "passage"), both tuples whose first five fields are start, end, lang, script
 * and confidence, ordered by start, a passage before a run at the same start, then by end, else as given (what
 * sorting them by that key does). span_type is a tuple type of six fields (a named tuple, as mlkit.document.Span). */
static PyObject *spans(PyObject *mod, PyObject *args) {
    PyObject *runs, *passages, *type;
    (void)mod;
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyList_Type, &runs, &PyList_Type, &passages, &PyType_Type, &type))
        return NULL;
    PyTypeObject *tp = (PyTypeObject *)type;
    if (!PyType_IsSubtype(tp, &PyTuple_Type) || tp->tp_itemsize != PyTuple_Type.tp_itemsize) {
        PyErr_SetString(PyExc_TypeError, "span_type: a tuple type");
        return NULL;
    }
    static PyObject *run_kind = NULL, *passage_kind = NULL;
    if (!run_kind && !(run_kind = PyUnicode_InternFromString("run"))) return NULL;
    if (!passage_kind && !(passage_kind = PyUnicode_InternFromString("passage"))) return NULL;
    Py_ssize_t nr = PyList_GET_SIZE(runs), n = nr + PyList_GET_SIZE(passages);
    SpanKey *keys = PyMem_Malloc(sizeof(SpanKey) * (size_t)(n ? n : 1));
    if (!keys) return PyErr_NoMemory();
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *item = k < nr ? PyList_GET_ITEM(runs, k) : PyList_GET_ITEM(passages, k - nr);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) < 5) {
            PyMem_Free(keys);
            PyErr_SetString(PyExc_TypeError, "runs and passages: tuples of (start, end, lang, script, confidence, ...)");
            return NULL;
        }
        keys[k].start = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 0));
        keys[k].end = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 1));
        if (PyErr_Occurred()) {
            PyMem_Free(keys);
            return NULL;
        }
        keys[k].run = k < nr;
        keys[k].order = k;
        keys[k].item = item;
    }
    qsort(keys, (size_t)n, sizeof(SpanKey), span_key_cmp);
    PyObject *out = PyTuple_New(n);
    if (!out) {
        PyMem_Free(keys);
        return NULL;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *item = keys[k].item;
        PyObject *span = tp->tp_alloc(tp, 6);
        if (!span) {
            PyMem_Free(keys);
            Py_DECREF(out);
            return NULL;
        }
        static const int from[6] = {0, 1, 2, 3, -1, 4};
        for (int f = 0; f < 6; f++) {
            PyObject *v = from[f] < 0 ? (keys[k].run ? run_kind : passage_kind) : PyTuple_GET_ITEM(item, from[f]);
            Py_INCREF(v);
            PyTuple_SET_ITEM(span, f, v);
        }
        PyTuple_SET_ITEM(out, k, span);
    }
    PyMem_Free(keys);
    return out;
}

static PyMethodDef module_methods[] = {
    {"letter_stretches", letter_stretches, METH_VARARGS,
     "letter_stretches(cls, text, lo, hi) -> per line, first and last letter of another script"},
    {"windows", windows, METH_VARARGS, "windows(text, stretches, margin) -> merged candidate windows"},
    {"stray_words", stray_words, METH_VARARGS,
     "stray_words(cls, text, found, runs, main, known, min_letters, korean) -> unknown candidate words per run"},
    {"group_passages", group_passages, METH_VARARGS,
     "group_passages(text, runs, main, max_blank_lines, max_absorbed_words, max_absorbed_chars, prose_chars)"},
    {"capitalised", capitalised, METH_VARARGS, "capitalised(text, lo, hi) -> capitalised words, or None if unsure"},
    {"count_letters", count_letters, METH_VARARGS,
     "count_letters(cls, text, lo, hi) -> (ASCII letters, letters of other scripts)"},
    {"confidence", confidence, METH_O, "confidence(log_odds) -> 0.5-1, rounded to 4 decimals"},
    {"word_rows", word_rows, METH_VARARGS,
     "word_rows(words, weights, langs, scale, lexicon_weight, scorer, letters) -> a group's rows of new words"},
    {"spans", spans, METH_VARARGS, "spans(runs, passages, span_type) -> the runs and passages as spans, in order"},
    {"blank", blank, METH_VARARGS, "blank(text, spans, mark) -> text with each span's code points set to mark"},
    {"identifier_spans", identifier_spans, METH_VARARGS,
     "identifier_spans(text, regions, finditer, chunk, memo=None) -> identifier spans in the chunks around triggers"},
    {"count_words", count_words, METH_VARARGS, "count_words(text, start, end) -> len(text[start:end].split())"},
    {"features", features, METH_VARARGS, "features(words, buckets) -> (int64 buckets, int64 word indices) as bytes"},
    {"feature_sums", feature_sums, METH_VARARGS,
     "feature_sums(words, weights, langs) -> float64 bytes: per word and language, its features' weights summed"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_scan", "Compiled core of mlkit's segmentation (trigger scan, window HMM).", -1,
    module_methods,
};

PyMODINIT_FUNC PyInit__scan(void) {
    init_char_class();
    if (PyType_Ready(&ScannerType) < 0 || PyType_Ready(&RunnerType) < 0 || PyType_Ready(&SummerType) < 0 ||
        PyType_Ready(&LexiconType) < 0 || PyType_Ready(&GramsType) < 0 || PyType_Ready(&SortedListType) < 0 ||
        PyType_Ready(&ScorerType) < 0 || PyType_Ready(&JudgeType) < 0 || PyType_Ready(&SyllablesType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&ScannerType);
    Py_INCREF(&RunnerType);
    Py_INCREF(&SummerType);
    Py_INCREF(&LexiconType);
    Py_INCREF(&GramsType);
    Py_INCREF(&SortedListType);
    Py_INCREF(&ScorerType);
    Py_INCREF(&JudgeType);
    Py_INCREF(&SyllablesType);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)&ScannerType) < 0 ||
        PyModule_AddObject(m, "Runner", (PyObject *)&RunnerType) < 0 ||
        PyModule_AddObject(m, "Summer", (PyObject *)&SummerType) < 0 ||
        PyModule_AddObject(m, "Lexicon", (PyObject *)&LexiconType) < 0 ||
        PyModule_AddObject(m, "Grams", (PyObject *)&GramsType) < 0 ||
        PyModule_AddObject(m, "SortedList", (PyObject *)&SortedListType) < 0 ||
        PyModule_AddObject(m, "Scorer", (PyObject *)&ScorerType) < 0 ||
        PyModule_AddObject(m, "Judge", (PyObject *)&JudgeType) < 0 ||
        PyModule_AddObject(m, "Syllables", (PyObject *)&SyllablesType) < 0 ||
        PyModule_AddIntConstant(m, "MAX_LANGS", MAX_LANGS) < 0 || PyModule_AddIntConstant(m, "MASK_WORDS", MASK_WORDS) < 0 ||
        PyModule_AddIntConstant(m, "TABLE_FORMAT", TABLE_FORMAT) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
