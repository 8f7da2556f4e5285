/*
 * app_compute.c - the compute task: a CoreMark-like mix (EEMBC CoreMark's
 * kinds of work, written here): linked-list processing (build, reverse,
 * merge sort), integer matrix multiply, a state machine scanning numbers,
 * and CRC-16 over the results. Each iteration works on inputs from its
 * own seed and is checked by an independent path:
 *
 *   list     the sorted list is in order and keeps the sum and XOR of the values
 *   matrix   sum(A x B) equals sum over k of colsum(A)[k] * rowsum(B)[k]
 *   scanner  the state machine's token classes match a direct classifier's
 *   CRC-16   the bitwise CRC-16 (CoreMark's) equals a table-driven one
 *
 * A failed check is a FAIL. The checksum (CRC-16 of every iteration's
 * result) is reported, so runs can be compared; iterations per second are
 * per second of the task's own CPU time. It runs APPOS_COMPUTE_ITERS
 * iterations per APPOS_RUN_MS of the run (u_scaled), at least one.
 */
#include "usys.h"

#define LIST_N          256
#define MAT_N           24
#define SCAN_BYTES      512
#define SEED            0x3415u

struct node {
	struct node *next;
	int32_t value;
};

enum token { TOK_INT, TOK_FLOAT, TOK_SCI, TOK_INVALID, TOK_KINDS };

struct work {
	struct node nodes[LIST_N];
	int32_t a[MAT_N][MAT_N], b[MAT_N][MAT_N], c[MAT_N][MAT_N];
	char text[SCAN_BYTES + 1];
	uint16_t crc_table[256];
};

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* CoreMark's CRC-16 (polynomial 0xA001, reflected), a bit at a time. */
static uint16_t crc16_bits(uint16_t crc, uint32_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes * 8; i++, v >>= 1)
		crc = (uint16_t)(((crc ^ v) & 1) ? crc >> 1 ^ 0xa001u : crc >> 1);
	return crc;
}

static uint16_t crc16_table(const uint16_t *t, uint16_t crc, uint32_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++, v >>= 8)
		crc = (uint16_t)(crc >> 8 ^ t[(crc ^ v) & 0xff]);
	return crc;
}

/* --- list ----------------------------------------------------------------- */

static struct node *merge(struct node *a, struct node *b)
{
	struct node head, *t = &head;

	while (a && b) {
		struct node **min = a->value <= b->value ? &a : &b;

		t->next = *min;
		t = *min;
		*min = (*min)->next;
	}
	t->next = a ? a : b;
	return head.next;
}

/* Bottom-up merge sort, no recursion: runs of 1, 2, 4, ... */
static struct node *sort(struct node *list)
{
	for (unsigned run = 1;; run *= 2) {
		struct node *out = NULL, **tail = &out, *p = list;
		unsigned merges = 0;

		while (p) {
			struct node *a = p, *b, **cut = &p;

			for (unsigned i = 0; i < run && *cut; i++)
				cut = &(*cut)->next;
			b = *cut;
			*cut = NULL;
			cut = &b;
			for (unsigned i = 0; i < run && *cut; i++)
				cut = &(*cut)->next;
			p = *cut;
			*cut = NULL;
			*tail = merge(a, b);
			while (*tail)
				tail = &(*tail)->next;
			merges++;
		}
		list = out;
		if (merges <= 1)
			return list;
	}
}

static uint16_t list_work(struct work *w, uint32_t seed, uint16_t crc)
{
	struct node *list = NULL, *prev = NULL;
	uint32_t sum = 0, x = 0;

	for (unsigned i = 0; i < LIST_N; i++) {
		w->nodes[i].value = (int32_t)(lcg(&seed) & 0xffff) - 0x8000;
		w->nodes[i].next = list;
		list = &w->nodes[i];
		sum += (uint32_t)w->nodes[i].value;
		x ^= (uint32_t)w->nodes[i].value;
	}
	while (list) {                  /* reverse */
		struct node *n = list->next;

		list->next = prev;
		prev = list;
		list = n;
	}
	list = sort(prev);
	for (struct node *n = list; n; n = n->next) {
		u_check(!n->next || n->value <= n->next->value, "list: not sorted");
		sum -= (uint32_t)n->value;
		x ^= (uint32_t)n->value;
		crc = crc16_bits(crc, (uint32_t)n->value, 2);
	}
	u_check(sum == 0 && x == 0, "list: values lost in the sort");
	return crc;
}

/* --- matrix --------------------------------------------------------------- */

static uint16_t matrix_work(struct work *w, uint32_t seed, uint16_t crc)
{
	int64_t total = 0, identity = 0;

	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			w->a[i][j] = (int32_t)(lcg(&seed) % 2001) - 1000;
			w->b[i][j] = (int32_t)(lcg(&seed) % 2001) - 1000;
		}
	for (int i = 0; i < MAT_N; i++)
		for (int j = 0; j < MAT_N; j++) {
			int32_t acc = 0;

			for (int k = 0; k < MAT_N; k++)
				acc += w->a[i][k] * w->b[k][j];
			w->c[i][j] = acc;
			total += acc;
		}
	for (int k = 0; k < MAT_N; k++) {
		int64_t col = 0, row = 0;

		for (int i = 0; i < MAT_N; i++) {
			col += w->a[i][k];
			row += w->b[k][i];
		}
		identity += col * row;
	}
	u_check(total == identity, "matrix: product sum wrong");
	for (int i = 0; i < MAT_N; i++)
		crc = crc16_bits(crc, (uint32_t)w->c[i][i], 4);
	return crc;
}

/* --- state machine -------------------------------------------------------- */

static void make_text(char *t, uint32_t seed)
{
	static const char alphabet[] = "0123456789012345678.-+e,,x";

	for (unsigned i = 0; i < SCAN_BYTES; i++)
		t[i] = alphabet[lcg(&seed) % (sizeof(alphabet) - 1)];
	t[SCAN_BYTES] = 0;
}

enum state { S_START, S_SIGN, S_INT, S_DOT, S_FRAC, S_EXP, S_EXP_SIGN, S_EXP_INT, S_BAD };

static bool digit(char c) { return c >= '0' && c <= '9'; }
static bool sign(char c) { return c == '+' || c == '-'; }

static enum state step(enum state s, char c)
{
	switch (s) {
	case S_START:
		return digit(c) ? S_INT : sign(c) ? S_SIGN : S_BAD;
	case S_SIGN:
		return digit(c) ? S_INT : S_BAD;
	case S_INT:
		return digit(c) ? S_INT : c == '.' ? S_DOT : c == 'e' ? S_EXP : S_BAD;
	case S_DOT:
		return digit(c) ? S_FRAC : S_BAD;
	case S_FRAC:
		return digit(c) ? S_FRAC : c == 'e' ? S_EXP : S_BAD;
	case S_EXP:
		return digit(c) ? S_EXP_INT : sign(c) ? S_EXP_SIGN : S_BAD;
	case S_EXP_SIGN:
	case S_EXP_INT:
		return digit(c) ? S_EXP_INT : S_BAD;
	default:
		return S_BAD;
	}
}

static enum token final(enum state s)
{
	return s == S_INT ? TOK_INT : s == S_FRAC ? TOK_FLOAT : s == S_EXP_INT ? TOK_SCI : TOK_INVALID;
}

/* The independent path: [sign] digits [. digits] [e [sign] digits], matched directly. */
static enum token classify(const char *t, unsigned n)
{
	unsigned i = 0, d;
	bool frac = false;

	if (i < n && sign(t[i]))
		i++;
	for (d = i; i < n && digit(t[i]); i++)
		;
	if (i == d)
		return TOK_INVALID;
	if (i < n && t[i] == '.') {
		for (d = ++i; i < n && digit(t[i]); i++)
			;
		if (i == d)
			return TOK_INVALID;
		frac = true;
	}
	if (i == n)
		return frac ? TOK_FLOAT : TOK_INT;
	if (t[i++] != 'e')
		return TOK_INVALID;
	if (i < n && sign(t[i]))
		i++;
	for (d = i; i < n && digit(t[i]); i++)
		;
	return i == n && i > d ? TOK_SCI : TOK_INVALID;
}

static uint16_t scan_work(struct work *w, uint32_t seed, uint16_t crc)
{
	unsigned fsm[TOK_KINDS] = { 0 }, direct[TOK_KINDS] = { 0 }, start = 0;
	enum state s = S_START;

	make_text(w->text, seed);
	for (unsigned i = 0; i <= SCAN_BYTES; i++) {
		char c = w->text[i];

		if (c == ',' || !c) {
			if (i > start) {
				fsm[final(s)]++;
				direct[classify(w->text + start, i - start)]++;
			}
			s = S_START;
			start = i + 1;
		} else {
			s = step(s, c);
		}
	}
	for (int k = 0; k < TOK_KINDS; k++) {
		u_check(fsm[k] == direct[k], "state machine: token classes differ");
		crc = crc16_bits(crc, fsm[k], 2);
	}
	return crc;
}

void app_compute(struct arena *ar)
{
	struct work *w = arena_alloc(ar, sizeof(*w), 16);
	uint16_t checksum = 0;
	uint64_t iterations = u_scaled(APPOS_COMPUTE_ITERS, 1);
	uint64_t cpu0 = (uint64_t)usys0(SYS_CPU_TIME), hz = u_hz(), cpu;

	for (unsigned i = 0; i < 256; i++)
		w->crc_table[i] = crc16_bits(0, i, 1);
	for (uint32_t it = 0; it < iterations; it++) {
		uint32_t seed = SEED + it * 0x9e37u;
		uint16_t bits = 0, table = 0, crc = 0;

		crc = list_work(w, seed, crc);
		crc = matrix_work(w, seed, crc);
		crc = scan_work(w, seed, crc);
		for (unsigned k = 0; k < LIST_N; k++) {     /* both CRCs over the list's memory */
			bits = crc16_bits(bits, (uint32_t)w->nodes[k].value, 4);
			table = crc16_table(w->crc_table, table, (uint32_t)w->nodes[k].value, 4);
		}
		u_check(bits == table, "CRC-16: bitwise and table-driven differ");
		checksum = crc16_bits(checksum, (uint32_t)crc << 16 | bits, 4);
	}
	cpu = (uint64_t)usys0(SYS_CPU_TIME) - cpu0;
	u_metric("compute_iterations", iterations, "iterations");
	u_metric("compute_checksum", checksum, "crc16");
	u_metric("compute_cpu_us", u_ticks_to_us(cpu, hz), "us");
	u_metric("compute_iterations_per_s_milli", iterations * hz * 1000 / cpu, "mit/s");
}
