/*
 * pl011.c - UART0 of the SoC: an ARM PrimeCell UART PL011 r1p5, modelled
 * from its Technical Reference Manual (ARM DDI 0183G; section numbers below
 * are that issue's) with the timing of its serial line in simulated time.
 *
 * The far end of the line is the run's console for what the UART transmits,
 * and parameter pl011.rx (or pl011.rx_file) for what it receives. Its state
 * is a function of simulated time: before every register access the model
 * plays the line forward to the accessing core's time (characters leaving
 * the shift register, characters arriving, the receive timeout), and one
 * queued event does the same when nobody reads, so that interrupts rise on
 * time. docs/pl011.md lists the parameters and what is modelled.
 *
 * Not modelled: IrDA SIR (UARTILPR is plain storage, SIREN changes nothing),
 * DMA (UARTDMACR reads as zero), line errors (the line is ideal: no framing,
 * parity or break errors; BRK sends nothing), modem lines (the far end is
 * always ready: CTS, DSR and DCD asserted, RI not, so modem interrupts never
 * occur and CTS flow control never holds the transmitter), and RTS: the far
 * end sends regardless of it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "pl011.h"
#include "platform.h"

#define NAME                    "pl011"
#define CLOCK_HZ_DEFAULT        24000000u       /* UARTCLK, as QEMU virt's */
#define FIRMWARE_BAUD           115200u
#define TIMEOUT_BITS            32              /* 2.9.4: receive timeout */
#define CONSOLE_LINE_MAX        256

#define CR_RESERVED             (0xfu << 3)
#define TX_RUN                  (PL011_CR_UARTEN | PL011_CR_TXE)
#define RX_RUN                  (PL011_CR_UARTEN | PL011_CR_RXE)

/* What the model says once: one per register (offset / 4), then these. */
enum note_key {
	NOTE_TX_LOST = PL011_SIZE / 4,
	NOTE_IFLS_RESERVED,
	NOTE_DMA,
	NOTE_COUNT,
};

struct fifo {
	uint16_t slot[PL011_FIFO_DEPTH];
	unsigned head, count;
};

struct pl011 {
	struct machine *m;
	uint64_t clock_hz;              /* UARTCLK */
	bool firmware_init;

	/* Registers, as the guest wrote them. */
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris;
	bool overrun;                   /* UARTRSR.OE */
	uint32_t divisor;               /* 64 * IBRD + FBRD, as latched by UARTLCR_H */

	uint64_t now_ns;                /* the line has been played up to here */
	struct event event;
	bool irq;                       /* UARTINTR, as driven */

	struct fifo tx;
	bool tx_busy;                   /* the shift register holds tx_shift */
	uint8_t tx_shift;
	uint64_t tx_done_ns;

	struct fifo rx;
	enum { RX_IDLE, RX_WAITING, RX_BUSY } rx_state;
	uint64_t rx_at;                 /* RX_WAITING: input starts; RX_BUSY: a character is in */
	bool rx_oe_next;                /* the next character stored carries OE */
	uint64_t timeout_ns;            /* EVENT_NEVER when not armed */
	uint8_t *input;                 /* what the far end has to send */
	size_t input_len, input_pos;
	uint64_t input_start_ns;

	size_t line_len;                /* console text not yet flushed */
	char line[CONSOLE_LINE_MAX];
	bool noted[NOTE_COUNT];
};

static void note(struct pl011 *u, unsigned cpu, unsigned key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void note(struct pl011 *u, unsigned cpu, unsigned key, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	if (u->noted[key])
		return;
	u->noted[key] = true;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	machine_device_note(u->m, cpu, NAME, "%s", what);
}

/* ---------------------------------------------------------------- FIFOs */

static void fifo_push(struct fifo *f, uint16_t v)
{
	f->slot[(f->head + f->count++) % PL011_FIFO_DEPTH] = v;
}

static uint16_t fifo_pop(struct fifo *f)
{
	uint16_t v = f->slot[f->head];

	f->head = (f->head + 1) % PL011_FIFO_DEPTH;
	f->count--;
	return v;
}

/* UARTLCR_H.FEN = 0 makes each FIFO a one-character holding register. */
static unsigned depth(const struct pl011 *u)
{
	return u->lcr_h & PL011_LCR_H_FEN ? PL011_FIFO_DEPTH : 1;
}

/* Eighths of the FIFO for UARTIFLS values 0-4; the reserved 5-7 as the reset 1/2. */
static unsigned level_eighths(unsigned sel)
{
	static const unsigned eighths[8] = { 1, 2, 4, 6, 7, 4, 4, 4 };

	return eighths[sel & 7];
}

/*
 * 2.9.3: the transmit interrupt concerns the FIFO at or below its level;
 * with the FIFO disabled, the holding register becoming empty (level 0).
 */
static unsigned tx_level(const struct pl011 *u)
{
	if (!(u->lcr_h & PL011_LCR_H_FEN))
		return 0;
	return PL011_FIFO_DEPTH * level_eighths(u->ifls) / 8;
}

/* 2.9.2: the receive interrupt, at or above the level; one character without FIFO. */
static unsigned rx_level(const struct pl011 *u)
{
	if (!(u->lcr_h & PL011_LCR_H_FEN))
		return 1;
	return PL011_FIFO_DEPTH * level_eighths(u->ifls >> 3) / 8;
}

/* ----------------------------------------------------------------- time */

/* 3.3.5: IBRD = 0 is invalid (no baud rate): the line does not run. */
static bool has_baud(const struct pl011 *u)
{
	return u->divisor >= 64;
}

/*
 * n bit periods, in ns, rounded up so that nothing is early. 3.3.6: a bit
 * lasts 16 * (IBRD + FBRD / 64) UARTCLK periods, i.e. divisor / (4 * UARTCLK).
 */
static uint64_t bits_ns(const struct pl011 *u, unsigned n)
{
	uint64_t per_s = 4 * u->clock_hz;

	return ((uint64_t)n * u->divisor * 1000000000u + per_s - 1) / per_s;
}

/* 3.3.7: start bit, 5 to 8 data bits, parity bit if enabled, 1 or 2 stop bits. */
static unsigned frame_bits(const struct pl011 *u)
{
	unsigned data = 5 + ((u->lcr_h & PL011_LCR_H_WLEN_MASK) >> 5);
	unsigned parity = u->lcr_h & PL011_LCR_H_PEN ? 1 : 0;
	unsigned stop = u->lcr_h & PL011_LCR_H_STP2 ? 2 : 1;

	return 1 + data + parity + stop;
}

/* --------------------------------------------------------------- console */

static void console_flush(struct pl011 *u)
{
	if (u->line_len)
		machine_trace_console(u->m, -1, u->line, u->line_len);
	u->line_len = 0;
}

/* Whole lines, so that the console never shows a line split by other output. */
static void console_put(struct pl011 *u, uint8_t c)
{
	u->line[u->line_len++] = (char)c;
	if (c == '\n' || u->line_len == sizeof(u->line))
		console_flush(u);
}

/* -------------------------------------------------------------- receiver */

/*
 * A character has arrived. 2.9.4: it restarts the 32-bit-period timeout.
 * 3.3.1, 3.3.2: into a full FIFO it is lost, the FIFO keeping its contents;
 * UARTRSR.OE is set, and DR.OE marks the next character that finds room.
 */
static void rx_store(struct pl011 *u, uint8_t c)
{
	u->timeout_ns = u->now_ns + bits_ns(u, TIMEOUT_BITS);
	if (u->rx.count >= depth(u)) {
		u->overrun = true;
		u->rx_oe_next = true;
		u->ris |= PL011_INT_OE;
		return;
	}
	fifo_push(&u->rx, c | (u->rx_oe_next ? PL011_DR_OE : 0));
	u->rx_oe_next = false;
	/* 2.9.2: set when the FIFO reaches its level. */
	if (u->rx.count >= rx_level(u))
		u->ris |= PL011_INT_RX;
}

/*
 * The far end starts its next character when the receiver listens: it
 * waits while the receiver is disabled or looped back, so no input is lost
 * before the guest is ready; before input_start_ns it waits for that time
 * and looks again.
 */
static void rx_start(struct pl011 *u)
{
	if (u->rx_state != RX_IDLE || u->input_pos == u->input_len ||
	    (u->cr & RX_RUN) != RX_RUN || (u->cr & PL011_CR_LBE) || !has_baud(u))
		return;
	if (u->now_ns < u->input_start_ns) {
		u->rx_state = RX_WAITING;
		u->rx_at = u->input_start_ns;
		return;
	}
	u->rx_state = RX_BUSY;
	u->rx_at = u->now_ns + bits_ns(u, frame_bits(u));
}

/* 3.3.8: a receiver disabled during a character completes it first. */
static void rx_next(struct pl011 *u)
{
	bool arrived = u->rx_state == RX_BUSY;

	u->rx_state = RX_IDLE;
	if (arrived)
		rx_store(u, u->input[u->input_pos++]);
	rx_start(u);
}

static void rx_timeout(struct pl011 *u)
{
	u->timeout_ns = EVENT_NEVER;
	if (u->rx.count)
		u->ris |= PL011_INT_RT;
}

/* 3.3.1: a read pops the FIFO; 2.9.2 and 2.9.4 say what that clears. */
static uint32_t rx_read(struct pl011 *u)
{
	uint32_t v;

	if (!u->rx.count)
		return 0;
	v = fifo_pop(&u->rx);
	if (u->rx.count < rx_level(u))
		u->ris &= ~PL011_INT_RX;
	if (!u->rx.count)
		u->ris &= ~PL011_INT_RT;
	return v;
}

/* ----------------------------------------------------------- transmitter */

/*
 * The next character moves into the shift register when the transmitter
 * runs. 2.9.3 (r1p5 note): the transmit interrupt is set by the FIFO
 * passing down through its level, not by the level itself.
 */
static void tx_start(struct pl011 *u)
{
	unsigned before = u->tx.count;

	if (u->tx_busy || !before || (u->cr & TX_RUN) != TX_RUN || !has_baud(u))
		return;
	u->tx_shift = (uint8_t)fifo_pop(&u->tx);
	u->tx_busy = true;
	u->tx_done_ns = u->now_ns + bits_ns(u, frame_bits(u));
	if (before > tx_level(u) && u->tx.count <= tx_level(u))
		u->ris |= PL011_INT_TX;
}

/*
 * 3.3.8: a transmitter disabled during a character completes it. In
 * loopback the character goes to the receiver instead of the line. The
 * console gets all 8 bits whatever UARTLCR_H.WLEN says: a guest built for
 * QEMU, which ignores WLEN, prints unmodified.
 */
static void tx_done(struct pl011 *u)
{
	u->tx_busy = false;
	if (!(u->cr & PL011_CR_LBE))
		console_put(u, u->tx_shift);
	else if ((u->cr & RX_RUN) == RX_RUN)
		rx_store(u, u->tx_shift);
	tx_start(u);
}

/* A write to a full FIFO is lost (the guest should have waited for TXFF clear). */
static void tx_write(struct pl011 *u, unsigned cpu, uint8_t c)
{
	if (u->tx.count >= depth(u)) {
		note(u, cpu, NOTE_TX_LOST, "UARTDR written while the transmit FIFO is full "
		     "(UARTFR.TXFF): character lost%s", (u->cr & TX_RUN) != TX_RUN ?
		     "; the transmitter is disabled (UARTCR)" : has_baud(u) ? "" :
		     "; UARTIBRD is 0: no baud rate");
		return;
	}
	fifo_push(&u->tx, c);
	/* 2.9.3: cleared by filling the FIFO above its level. */
	if (u->tx.count > tx_level(u))
		u->ris &= ~PL011_INT_TX;
	tx_start(u);
}

/* ------------------------------------------------------------ the line */

static uint64_t min3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t ab = a < b ? a : b;

	return ab < c ? ab : c;
}

static uint64_t next_happening(const struct pl011 *u)
{
	return min3(u->tx_busy ? u->tx_done_ns : EVENT_NEVER,
		    u->rx_state != RX_IDLE ? u->rx_at : EVENT_NEVER, u->timeout_ns);
}

/* Plays the line forward to t, in time order (at a tie: transmitter, receiver, timeout). */
static void advance(struct pl011 *u, uint64_t t)
{
	for (uint64_t next = next_happening(u); next <= t; next = next_happening(u)) {
		u->now_ns = next;
		if (u->tx_busy && next == u->tx_done_ns)
			tx_done(u);
		else if (u->rx_state != RX_IDLE && next == u->rx_at)
			rx_next(u);
		else
			rx_timeout(u);
	}
	if (t > u->now_ns)
		u->now_ns = t;
}

static void on_event(void *opaque, uint64_t now_ns);

/* 2.9.6: UARTINTR is the OR of the masked interrupts. */
static void sync_outputs(struct pl011 *u)
{
	bool level = (u->ris & u->imsc) != 0;
	uint64_t next = next_happening(u);

	if (level != u->irq) {
		u->irq = level;
		machine_set_irq(u->m, 0, PLAT_INTID_UART0, level);
	}
	if (next == EVENT_NEVER)
		event_cancel(&u->m->events, &u->event);
	else if (!event_queued(&u->event) || u->event.when != next)
		event_schedule(&u->m->events, &u->event, next, on_event, u);
}

static void on_event(void *opaque, uint64_t now_ns)
{
	struct pl011 *u = opaque;

	advance(u, now_ns);
	sync_outputs(u);
}

/* ------------------------------------------------------------ registers */

static uint32_t flags(const struct pl011 *u)
{
	uint32_t fr = PL011_FR_CTS | PL011_FR_DSR | PL011_FR_DCD;

	/* 3.3.3: BUSY from the moment the FIFO is not empty until the last stop bit. */
	if (u->tx_busy || u->tx.count)
		fr |= PL011_FR_BUSY;
	if (!u->rx.count)
		fr |= PL011_FR_RXFE;
	if (u->tx.count >= depth(u))
		fr |= PL011_FR_TXFF;
	if (u->rx.count >= depth(u))
		fr |= PL011_FR_RXFF;
	if (!u->tx.count)
		fr |= PL011_FR_TXFE;
	return fr;
}

static void write_lcr_h(struct pl011 *u, uint32_t v)
{
	bool fifos_off = (u->lcr_h & PL011_LCR_H_FEN) && !(v & PL011_LCR_H_FEN);

	u->lcr_h = v & 0xff;
	/* 3.3.7: IBRD, FBRD and LCR_H are one register, updated by the LCR_H write. */
	u->divisor = u->ibrd << 6 | u->fbrd;
	/* 3.3.8 (programming note): clearing FEN flushes the transmit FIFO. */
	if (fifos_off)
		u->tx.count = 0;
	tx_start(u);
	rx_start(u);
}

static void write_cr(struct pl011 *u, uint32_t v)
{
	u->cr = v & 0xffff & ~CR_RESERVED;
	tx_start(u);
	rx_start(u);
}

static void write_ifls(struct pl011 *u, unsigned cpu, uint32_t v)
{
	u->ifls = v & 0x3f;
	if ((v & 7) > PL011_IFLS_7_8 || ((v >> 3) & 7) > PL011_IFLS_7_8)
		note(u, cpu, NOTE_IFLS_RESERVED,
		     "reserved trigger level in UARTIFLS (0x%02x): 1/2 used", u->ifls);
}

/* 3.3.15-3.3.22: UARTPeriphID0-3 (part 0x011, designer 0x41, revision 3 = r1p5), UARTPCellID0-3. */
static const uint8_t id_regs[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static uint32_t reg_read(struct pl011 *u, uint64_t offset)
{
	switch (offset) {
	case PL011_DR: return rx_read(u);
	case PL011_RSR: return u->overrun ? PL011_RSR_OE : 0;
	case PL011_FR: return flags(u);
	case PL011_ILPR: return u->ilpr;
	case PL011_IBRD: return u->ibrd;
	case PL011_FBRD: return u->fbrd;
	case PL011_LCR_H: return u->lcr_h;
	case PL011_CR: return u->cr;
	case PL011_IFLS: return u->ifls;
	case PL011_IMSC: return u->imsc;
	case PL011_RIS: return u->ris;
	case PL011_MIS: return u->ris & u->imsc;
	case PL011_DMACR: return 0;     /* no DMA */
	default: return id_regs[(offset - PL011_PERIPHID0) / 4];     /* access_ok: nothing else */
	}
}

static void reg_write(struct pl011 *u, unsigned cpu, uint64_t offset, uint32_t v)
{
	switch (offset) {
	case PL011_DR: tx_write(u, cpu, (uint8_t)v); break;
	case PL011_RSR: u->overrun = false; break;     /* UARTECR: any value clears */
	case PL011_ILPR: u->ilpr = v & 0xff; break;
	case PL011_IBRD: u->ibrd = v & 0xffff; break;
	case PL011_FBRD: u->fbrd = v & 0x3f; break;
	case PL011_LCR_H: write_lcr_h(u, v); break;
	case PL011_CR: write_cr(u, v); break;
	case PL011_IFLS: write_ifls(u, cpu, v); break;
	case PL011_IMSC: u->imsc = v & PL011_INT_ALL; break;
	case PL011_ICR: u->ris &= ~v; break;
	case PL011_DMACR:
		if (v & 7)
			note(u, cpu, NOTE_DMA, "UARTDMACR = 0x%x: DMA is not implemented", v);
		break;
	}
}

/* ------------------------------------------------------ bus interface */

enum { R = 1, W = 2, RW = 3, BYTE_WRITE = 4 };

static const struct reg_desc {
	const char *name;
	unsigned access;
} regs[PL011_SIZE / 4] = {
	[PL011_DR / 4] = { "UARTDR", RW | BYTE_WRITE },
	[PL011_RSR / 4] = { "UARTRSR/UARTECR", RW },
	[PL011_FR / 4] = { "UARTFR", R },
	[PL011_ILPR / 4] = { "UARTILPR", RW },
	[PL011_IBRD / 4] = { "UARTIBRD", RW },
	[PL011_FBRD / 4] = { "UARTFBRD", RW },
	[PL011_LCR_H / 4] = { "UARTLCR_H", RW },
	[PL011_CR / 4] = { "UARTCR", RW },
	[PL011_IFLS / 4] = { "UARTIFLS", RW },
	[PL011_IMSC / 4] = { "UARTIMSC", RW },
	[PL011_RIS / 4] = { "UARTRIS", R },
	[PL011_MIS / 4] = { "UARTMIS", R },
	[PL011_ICR / 4] = { "UARTICR", W },
	[PL011_DMACR / 4] = { "UARTDMACR", RW },
	[PL011_PERIPHID0 / 4] = { "UARTPeriphID0", R },
	[PL011_PERIPHID0 / 4 + 1] = { "UARTPeriphID1", R },
	[PL011_PERIPHID0 / 4 + 2] = { "UARTPeriphID2", R },
	[PL011_PERIPHID0 / 4 + 3] = { "UARTPeriphID3", R },
	[PL011_PCELLID0 / 4] = { "UARTPCellID0", R },
	[PL011_PCELLID0 / 4 + 1] = { "UARTPCellID1", R },
	[PL011_PCELLID0 / 4 + 2] = { "UARTPCellID2", R },
	[PL011_PCELLID0 / 4 + 3] = { "UARTPCellID3", R },
};

/*
 * The registers sit at word addresses on an APB bus without byte strobes
 * and none is wider than 16 bits, so reads of 1, 2 or 4 bytes and writes
 * of 2 or 4 bytes see the whole register (Linux's amba-pl011 uses 16-bit
 * accesses); a byte write carries all of UARTDR's data but only part of
 * any other register. Anything else is noted once per register and is
 * read-as-zero, write-ignored, as the TRM leaves reserved locations.
 */
static bool access_ok(struct pl011 *u, unsigned cpu, uint64_t offset, unsigned size, bool write)
{
	const struct reg_desc *r = &regs[offset / 4];
	const char *why = NULL;

	if (offset % 4 || !r->name)
		why = "no register there";
	else if (!(r->access & (write ? W : R)))
		why = write ? "read-only register" : "write-only register";
	else if (write && size == 1 && !(r->access & BYTE_WRITE))
		why = "a byte write reaches only part of the register";
	if (!why)
		return true;
	note(u, cpu, (unsigned)(offset / 4), "%u-byte %s at offset 0x%03x (%s): %s; %s",
	     size, write ? "write" : "read", (unsigned)offset, r->name ? r->name : "reserved",
	     why, write ? "ignored" : "reads as zero");
	return false;
}

static uint64_t mmio_read(void *opaque, unsigned cpu, uint64_t offset, unsigned size)
{
	struct pl011 *u = opaque;
	uint32_t v = 0;

	advance(u, core_ns(&u->m->core[cpu]));
	if (access_ok(u, cpu, offset, size, false))
		v = reg_read(u, offset);
	sync_outputs(u);
	return size < 4 ? v & ((1u << 8 * size) - 1) : v;
}

static void mmio_write(void *opaque, unsigned cpu, uint64_t offset, unsigned size, uint64_t value)
{
	struct pl011 *u = opaque;

	advance(u, core_ns(&u->m->core[cpu]));
	if (access_ok(u, cpu, offset, size, true))
		reg_write(u, cpu, offset, (uint32_t)value);
	sync_outputs(u);
}

static const struct mmio_ops pl011_ops = { .read = mmio_read, .write = mmio_write };

/* ------------------------------------------------------------- input */

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes \n, \r, \t, \\ and \xHH into out (never longer than s); -1 at a bad escape. */
static long unescape(const char *s, uint8_t *out)
{
	long n = 0;

	for (; *s; s++) {
		int hi, lo;

		if (*s != '\\') {
			out[n++] = (uint8_t)*s;
			continue;
		}
		switch (*++s) {
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case '\\': out[n++] = '\\'; break;
		case 'x':
			hi = hex_digit(s[1]);
			lo = hi < 0 ? -1 : hex_digit(s[2]);
			if (lo < 0)
				return -1;
			out[n++] = (uint8_t)(hi << 4 | lo);
			s += 2;
			break;
		default:
			return -1;
		}
	}
	return n;
}

static const char *input_from_text(struct pl011 *u, const char *text)
{
	long n;

	u->input = malloc(strlen(text) + 1);
	if (!u->input)
		return "parameter pl011.rx: out of memory";
	n = unescape(text, u->input);
	if (n < 0)
		return "parameter pl011.rx: bad escape (use \\n, \\r, \\t, \\\\ or \\xHH)";
	u->input_len = (size_t)n;
	return NULL;
}

/* Reads the whole file; NULL, or why not (in the machine's error buffer). */
static const char *input_from_file(struct pl011 *u, const char *path)
{
	FILE *f = fopen(path, "rb");
	int err = f ? 0 : errno;
	size_t cap = 0;

	while (!err && !feof(f)) {
		if (cap - u->input_len < 4096) {
			uint8_t *more = realloc(u->input, cap + 65536);

			if (!more) {
				err = ENOMEM;
				break;
			}
			u->input = more;
			cap += 65536;
		}
		errno = 0;
		u->input_len += fread(u->input + u->input_len, 1, cap - u->input_len, f);
		if (ferror(f))
			err = errno ? errno : EIO;
	}
	if (f)
		fclose(f);
	if (!err)
		return NULL;
	snprintf(u->m->error, sizeof(u->m->error), "parameter pl011.rx_file: cannot read '%s': %s",
		 path, strerror(err));
	return u->m->error;
}

/* What the far end sends: pl011.rx or pl011.rx_file; NULL, or why not. */
static const char *load_input(struct pl011 *u)
{
	const char *text = machine_param_str(u->m, "pl011.rx", NULL);
	const char *path = machine_param_str(u->m, "pl011.rx_file", NULL);

	if (text && path)
		return "parameters pl011.rx and pl011.rx_file: give one, not both";
	if (text)
		return input_from_text(u, text);
	if (path)
		return input_from_file(u, path);
	return NULL;
}

/* ------------------------------------------------------------- device */

/*
 * What the boot firmware of a phone leaves for the kernel's early console
 * (and what programs built for QEMU, which never enables or clocks its
 * PL011, rely on): enabled, 115200 baud, 8 bits, no parity, 1 stop bit,
 * FIFOs on.
 */
static void firmware_setup(struct pl011 *u)
{
	uint64_t divisor = (4 * u->clock_hz + FIRMWARE_BAUD / 2) / FIRMWARE_BAUD;

	u->ibrd = (uint32_t)(divisor >> 6);
	u->fbrd = (uint32_t)(divisor & 63);
	write_lcr_h(u, PL011_LCR_H_WLEN(8) | PL011_LCR_H_FEN);
	write_cr(u, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

/*
 * 3.2 reset values, then the firmware's set-up unless pl011.firmware_init=0.
 * Characters in flight are lost; the far end's input goes on where it was.
 */
static void reset(void *state)
{
	struct pl011 *u = state;

	console_flush(u);
	if (u->m->now_ns > u->now_ns)
		u->now_ns = u->m->now_ns;
	u->ilpr = u->ibrd = u->fbrd = u->lcr_h = u->imsc = u->ris = u->divisor = 0;
	u->cr = PL011_CR_RXE | PL011_CR_TXE;
	u->ifls = PL011_IFLS_SEL(PL011_IFLS_1_2, PL011_IFLS_1_2);
	u->overrun = u->rx_oe_next = u->tx_busy = false;
	u->rx_state = RX_IDLE;
	u->tx.count = u->rx.count = 0;
	u->timeout_ns = EVENT_NEVER;
	if (u->firmware_init)
		firmware_setup(u);
	rx_start(u);
	sync_outputs(u);
}

static void *create(struct machine *m, const char **error)
{
	struct pl011 *u = calloc(1, sizeof(*u));
	struct mmio_window w = { NAME, PLAT_UART0_BASE, PL011_SIZE, &pl011_ops, u };
	const char *why;

	if (!u)
		return NULL;
	u->m = m;
	u->event.slot = -1;
	/* The lowest clock that still gives the firmware's 115200 baud (IBRD >= 1). */
	u->clock_hz = machine_param_u64(m, "pl011.clock_hz", CLOCK_HZ_DEFAULT,
					16 * FIRMWARE_BAUD, 1000000000u, error);
	u->firmware_init = machine_param_u64(m, "pl011.firmware_init", 1, 0, 1, error);
	u->input_start_ns = machine_param_u64(m, "pl011.rx_start_ns", 0, 0, EVENT_NEVER / 2, error);
	why = load_input(u);
	if (why)
		*error = why;
	if (machine_add_window(m, &w) != 0) {
		*error = "cannot claim its window of the physical map";
		free(u->input);
		free(u);
		return NULL;
	}
	reset(u);
	return u;
}

/* The run is over: what the transmitter holds still leaves, so none is lost. */
static void destroy(void *state)
{
	struct pl011 *u = state;

	while (u->tx_busy)
		advance(u, u->tx_done_ns);
	console_flush(u);
	event_cancel(&u->m->events, &u->event);
	free(u->input);
	free(u);
}

/* The Linux binding wants both names, and the UART's clock for uartclk and apb_pclk. */
static void describe(const void *state, struct device_info *info)
{
	const struct pl011 *u = state;

	*info = (struct device_info){
		DEVICE_COMPATIBLE("arm,pl011\0arm,primecell"),
		.clock_hz = u->clock_hz,
		.nregions = 1,
		.region = { { PLAT_UART0_BASE, PL011_SIZE } },
		.nintids = 1,
		.intid = { PLAT_INTID_UART0 },
	};
}

const struct device_type pl011_device = {
	.name = NAME,
	.summary = "ARM PL011 UART r1p5: console output, input from pl011.rx, at its baud rate",
	.create = create,
	.destroy = destroy,
	.reset = reset,
	.describe = describe,
};
