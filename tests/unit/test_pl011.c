/*
 * test_pl011.c - unit tests for the PL011 UART model (devices/pl011.c).
 *
 * Most tests drive the UART's registers from the host, through the window
 * the device claimed at PLAT_UART0_BASE, at simulated times the test sets
 * (at()), and check flags, interrupts (the line into the interrupt
 * controller, recorded here), console bytes and their timing to the
 * nanosecond, from the PL011 TRM (ARM DDI 0183G; sections cited per test).
 * Two tests run programs: tests/unit/progs/uart-timing.S measures the line
 * from the guest's side with the generic timer, and tests/target/uart-hello
 * (the QEMU-compatible hello world) has its text checked here.
 *
 * Times used throughout, from UARTCLK = 24 MHz (the default) and 3.3.6 (a
 * bit lasts divisor / (4 * UARTCLK), divisor = 64 * IBRD + FBRD); the model
 * rounds each span up to a whole ns:
 *   - as the firmware leaves it, 115200 baud: IBRD 13, FBRD 1, divisor 833,
 *     a bit 8677.08 ns, an 8N1 character (10 bits) FW_CHAR = 86771 ns, the
 *     receive timeout (32 bits, 2.9.4) FW_TIMEOUT = 277667 ns;
 *   - IBRD 15, FBRD 0 (100000 baud): a bit 10 us, an 8N1 character 100 us.
 */
#include "machine.h"
#include "machine_fixture.h"
#include "pl011.h"
#include "platform.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FW_CHAR         86771ull
#define FW_TIMEOUT      277667ull
#define CHAR_100K       100000ull       /* an 8N1 character at 100000 baud */
#define US              1000ull
#define FR_MODEM        (PL011_FR_CTS | PL011_FR_DSR | PL011_FR_DCD)
#define FR_IDLE         (FR_MODEM | PL011_FR_RXFE | PL011_FR_TXFE)
#define LCR_H_8N1_FIFO  (PL011_LCR_H_WLEN(8) | PL011_LCR_H_FEN)
#define CR_ENABLED      (PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE)

static FILE *console;
static char *console_text;
static size_t console_len;

/* The UART's interrupt output, as the interrupt controller would see it. */
static struct {
	bool level;
	unsigned changes;
} irq;

static void on_irq(void *opaque, unsigned cpu, unsigned intid, bool level)
{
	(void)opaque;
	ck_assert_uint_eq(cpu, 0);
	ck_assert_uint_eq(intid, PLAT_INTID_UART0);
	irq.level = level;
	irq.changes++;
}

/* machine_init as `phonesim run` does it (at EL2), with params (or NULL). */
static int build(const char *const *params, const char **error)
{
	struct machine_config cfg = fixture_config(2, params);
	int rc;

	console = open_memstream(&console_text, &console_len);
	ck_assert_ptr_nonnull(console);
	cfg.console = console;
	cfg.cmdline = "test_pl011";
	rc = fixture_try_init(&cfg, error);
	if (rc == 0) {
		m->irq = on_irq;
		irq.level = false;
		irq.changes = 0;
	}
	return rc;
}

static void boot(const char *const *params)
{
	const char *error;

	ck_assert_msg(build(params, &error) == 0, "machine_init: %s", error);
}

static void teardown(void);

/* Builds a machine whose creation must fail with -2 and message why. */
static void expect_bad_params(const char *why, const char *const *params)
{
	const char *error = NULL;

	ck_assert_int_eq(build(params, &error), -2);
	ck_assert_str_eq(error, why);
	/* A machine that failed to build is not destroyed (cmd_run exits). */
	free(m);
	m = NULL;
	teardown();
}

static void teardown(void)
{
	fixture_destroy();
	if (console) {
		fclose(console);
		free(console_text);
		console = NULL;
	}
}

static const char *console_now(void)
{
	fflush(console);
	return console_text;
}

/* Simulated time passes to ns: core 0's clock, then the events due. */
static void at(uint64_t ns)
{
	struct core *c = &m->core[0];

	ck_assert_uint_ge(ns, m->now_ns);
	c->cycles = core_cycles_at(c, ns);
	m->now_ns = ns;
	event_run_due(&m->events, ns);
}

static uint32_t rd_size(uint64_t offset, unsigned size)
{
	return (uint32_t)dev_read(PLAT_UART0_BASE, offset, size);
}

static void wr_size(uint64_t offset, unsigned size, uint32_t value)
{
	dev_write(PLAT_UART0_BASE, offset, size, value);
}

static uint32_t rd(uint64_t offset)
{
	return rd_size(offset, 4);
}

static void wr(uint64_t offset, uint32_t value)
{
	wr_size(offset, 4, value);
}

static void write_text(const char *s)
{
	while (*s)
		wr(PL011_DR, (uint8_t)*s++);
}

/* Reprograms the line as 3.3.8 says: disabled, baud rate, format, enabled. */
static void program(uint32_t ibrd, uint32_t fbrd, uint32_t lcr_h, uint32_t cr)
{
	wr(PL011_CR, 0);
	wr(PL011_IBRD, ibrd);
	wr(PL011_FBRD, fbrd);
	wr(PL011_LCR_H, lcr_h);
	wr(PL011_CR, cr);
}

static void program_100k(void)
{
	program(15, 0, LCR_H_8N1_FIFO, CR_ENABLED);
}

static void expect_fr(uint32_t fr)
{
	ck_assert_uint_eq(rd(PL011_FR), fr);
}

/* ---------------------------------------------------- identification */

/*
 * 3.3.15-3.3.22: PeriphID0-3 = 0x11, 0x10, 0x34 (revision 3: r1p5), 0x00;
 * PCellID0-3 = 0x0d, 0xf0, 0x05, 0xb1. 16-bit and 8-bit reads see the same.
 * describe(): the device tree's compatible list, the 4 KiB region, SPI 1.
 */
START_TEST(test_id_and_describe)
{
	static const uint32_t ids[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	struct device_info info;
	const char *compat;

	boot(NULL);
	for (unsigned i = 0; i < 8; i++) {
		ck_assert_uint_eq(rd(PL011_PERIPHID0 + 4 * i), ids[i]);
		ck_assert_uint_eq(rd_size(PL011_PERIPHID0 + 4 * i, 2), ids[i]);
		ck_assert_uint_eq(rd_size(PL011_PERIPHID0 + 4 * i, 1), ids[i]);
	}
	pl011_device.describe(machine_device(m, &pl011_device), &info);
	/* A device tree string list: two strings, and its exact size. */
	compat = info.compatible;
	ck_assert_str_eq(compat, "arm,pl011");
	compat += strlen(compat) + 1;
	ck_assert_str_eq(compat, "arm,primecell");
	ck_assert_uint_eq(info.compatible_len, sizeof("arm,pl011\0arm,primecell"));
	ck_assert_uint_eq(info.clock_hz, 24000000);
	ck_assert_uint_eq(info.nregions, 1);
	ck_assert_uint_eq(info.region[0].base, 0x09000000);
	ck_assert_uint_eq(info.region[0].size, 0x1000);
	ck_assert_uint_eq(info.nintids, 1);
	ck_assert_uint_eq(info.intid[0], 33);
}
END_TEST

/* ------------------------------------------------------ reset values */

/*
 * 3.2 reset values (pl011.firmware_init=0): UARTCR 0x300 (TXE, RXE, not
 * UARTEN), UARTIFLS 0x12 (1/2, 1/2), the others 0; UARTFR: FIFOs empty,
 * the far end's CTS, DSR, DCD asserted. Disabled and with IBRD = 0 the
 * transmitter holds its character; enabling it is not enough, nor is
 * IBRD without the UARTLCR_H write that latches it (3.3.7); then it goes.
 */
START_TEST(test_reset_values_trm)
{
	boot(PARAMS("pl011.firmware_init=0"));
	expect_fr(FR_IDLE);
	ck_assert_uint_eq(FR_IDLE, 0x97);
	ck_assert_uint_eq(rd(PL011_CR), 0x300);
	ck_assert_uint_eq(rd(PL011_IFLS), 0x12);
	ck_assert_uint_eq(rd(PL011_IBRD), 0);
	ck_assert_uint_eq(rd(PL011_FBRD), 0);
	ck_assert_uint_eq(rd(PL011_LCR_H), 0);
	ck_assert_uint_eq(rd(PL011_ILPR), 0);
	ck_assert_uint_eq(rd(PL011_IMSC), 0);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	ck_assert_uint_eq(rd(PL011_MIS), 0);
	ck_assert_uint_eq(rd(PL011_RSR), 0);
	ck_assert_uint_eq(rd(PL011_DMACR), 0);

	wr(PL011_DR, '\n');
	expect_fr(FR_MODEM | PL011_FR_RXFE | PL011_FR_BUSY | PL011_FR_TXFF);
	at(1000000000);
	wr(PL011_CR, CR_ENABLED);
	at(2000000000);
	wr(PL011_IBRD, 15);
	at(3000000000);
	expect_fr(FR_MODEM | PL011_FR_RXFE | PL011_FR_BUSY | PL011_FR_TXFF);
	ck_assert_uint_eq(console_len, 0);
	/* 5-bit frames (LCR_H = 0): 7 bits, 70 us. */
	wr(PL011_LCR_H, 0);
	expect_fr(FR_MODEM | PL011_FR_RXFE | PL011_FR_BUSY | PL011_FR_TXFE);
	at(3000000000 + 70 * US - 1);
	ck_assert_uint_eq(rd(PL011_FR) & PL011_FR_BUSY, PL011_FR_BUSY);
	at(3000000000 + 70 * US);
	expect_fr(FR_IDLE);
	ck_assert_str_eq(console_now(), "\n");
}
END_TEST

/*
 * What the firmware leaves (the default): 115200 baud at 24 MHz (IBRD 13,
 * FBRD 1), 8N1 with FIFOs, enabled; no interrupt raised (2.9.3, r1p5 note:
 * enabling the UART with an empty FIFO does not set TXRIS). With UARTCLK
 * 48 MHz: 4 * 48e6 / 115200 = 1666.7, divisor 1667 = IBRD 26, FBRD 3.
 * reset() brings that back: FIFOs emptied, the partial line flushed.
 */
START_TEST(test_reset_values_firmware)
{
	boot(NULL);
	ck_assert_uint_eq(rd(PL011_CR), 0x301);
	ck_assert_uint_eq(rd(PL011_IBRD), 13);
	ck_assert_uint_eq(rd(PL011_FBRD), 1);
	ck_assert_uint_eq(rd(PL011_LCR_H), 0x70);
	ck_assert_uint_eq(rd(PL011_IFLS), 0x12);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	expect_fr(FR_IDLE);

	write_text("pal");
	wr(PL011_IMSC, PL011_INT_TX);
	at(2 * FW_CHAR);
	pl011_device.reset(machine_device(m, &pl011_device));
	ck_assert_str_eq(console_now(), "pa");
	expect_fr(FR_IDLE);
	ck_assert_uint_eq(rd(PL011_IMSC), 0);
	ck_assert_uint_eq(rd(PL011_CR), 0x301);
	at(10 * FW_CHAR);
	ck_assert_str_eq(console_now(), "pa");
	teardown();

	boot(PARAMS("pl011.clock_hz=48000000"));
	ck_assert_uint_eq(rd(PL011_IBRD), 26);
	ck_assert_uint_eq(rd(PL011_FBRD), 3);
}
END_TEST

/* ------------------------------------------------------------ transmit */

/*
 * 3.3.3, 2.4: 32 characters fill the FIFO (TXFF), BUSY from the first,
 * TXFE clear; with the transmitter off (TXE = 0) nothing leaves, and a
 * 33rd write is lost. Enabled again, the 32 leave in order, one every
 * FW_CHAR, the line reaching the console whole when its '\n' has left.
 */
START_TEST(test_tx_fifo_depth)
{
	static const char text[] = "abcdefghijklmnopqrstuvwxyz01234\n";
	const uint32_t busy = FR_MODEM | PL011_FR_RXFE | PL011_FR_BUSY;
	const uint64_t t = 1000;

	boot(NULL);
	ck_assert_uint_eq(strlen(text), PL011_FIFO_DEPTH);
	wr(PL011_CR, PL011_CR_UARTEN | PL011_CR_RXE);
	for (unsigned i = 0; i < PL011_FIFO_DEPTH - 1; i++)
		wr(PL011_DR, (uint8_t)text[i]);
	expect_fr(busy);
	wr(PL011_DR, '\n');
	expect_fr(busy | PL011_FR_TXFF);
	wr(PL011_DR, 'X');
	at(t);
	wr(PL011_CR, CR_ENABLED);
	/* The first went into the shift register: room for one. */
	expect_fr(busy);
	at(t + PL011_FIFO_DEPTH * FW_CHAR - 1);
	ck_assert_uint_eq(console_len, 0);
	expect_fr(busy | PL011_FR_TXFE);
	at(t + PL011_FIFO_DEPTH * FW_CHAR);
	ck_assert_str_eq(console_now(), text);
	expect_fr(FR_IDLE);
}
END_TEST

/*
 * Clearing LCR_H.FEN flushes the transmit FIFO (3.3.8, programming note);
 * then it is a one-character holding register (3.3.7): a second write is
 * lost.
 */
START_TEST(test_tx_holding_register)
{
	boot(NULL);
	wr(PL011_CR, PL011_CR_UARTEN | PL011_CR_RXE);
	write_text("gone");
	wr(PL011_LCR_H, PL011_LCR_H_WLEN(8));
	expect_fr(FR_IDLE);
	wr(PL011_DR, '1');
	expect_fr(FR_MODEM | PL011_FR_RXFE | PL011_FR_BUSY | PL011_FR_TXFF);
	wr(PL011_DR, '2');
	wr(PL011_DR, '\n');
	wr(PL011_CR, CR_ENABLED);
	at(FW_CHAR);
	expect_fr(FR_IDLE);
	wr(PL011_DR, '\n');
	at(2 * FW_CHAR);
	ck_assert_str_eq(console_now(), "1\n");
}
END_TEST

/*
 * 100000 baud, 8N1: "ab\n" written at 1 us leaves the FIFO one character
 * per 100 us (TXFE once the last is in the shift register, 3.3.3), BUSY
 * until its stop bit at 301 us, and the console gets the line then.
 */
START_TEST(test_tx_timing)
{
	const uint32_t sending = FR_MODEM | PL011_FR_RXFE | PL011_FR_BUSY;
	const uint64_t t = 1 * US;

	boot(NULL);
	program_100k();
	at(t);
	write_text("ab\n");
	expect_fr(sending);
	at(t + CHAR_100K - 1);
	expect_fr(sending);
	at(t + CHAR_100K);
	expect_fr(sending);
	at(t + 2 * CHAR_100K - 1);
	expect_fr(sending);
	at(t + 2 * CHAR_100K);
	expect_fr(sending | PL011_FR_TXFE);
	at(t + 3 * CHAR_100K - 1);
	expect_fr(sending | PL011_FR_TXFE);
	ck_assert_uint_eq(console_len, 0);
	at(t + 3 * CHAR_100K);
	expect_fr(FR_IDLE);
	ck_assert_str_eq(console_now(), "ab\n");
}
END_TEST

/*
 * 3.3.7: a frame is a start bit, WLEN data bits, a parity bit if PEN, one
 * or two stop bits. 5 data bits: 7 bit periods (70 us); 8 bits, parity,
 * 2 stop bits: 12 (120 us). The console gets all 8 bits of each character
 * whatever WLEN says ('Z' = 0x5a is not 5 bits).
 */
START_TEST(test_frame_lengths)
{
	boot(NULL);
	program(15, 0, PL011_LCR_H_WLEN(5) | PL011_LCR_H_FEN, CR_ENABLED);
	write_text("Z\n");
	at(2 * 70 * US - 1);
	ck_assert_uint_eq(console_len, 0);
	at(2 * 70 * US);
	ck_assert_str_eq(console_now(), "Z\n");

	program(15, 0, PL011_LCR_H_WLEN(8) | PL011_LCR_H_FEN | PL011_LCR_H_PEN |
		PL011_LCR_H_EPS | PL011_LCR_H_STP2, CR_ENABLED);
	write_text("\n");
	at(2 * 70 * US + 120 * US - 1);
	ck_assert_str_eq(console_now(), "Z\n");
	at(2 * 70 * US + 120 * US);
	ck_assert_str_eq(console_now(), "Z\n\n");
}
END_TEST

/*
 * 3.3.7: IBRD and FBRD take effect at the next UARTLCR_H write. IBRD = 30
 * alone leaves 100 us characters; after LCR_H they take 200 us.
 */
START_TEST(test_baud_latched_by_lcr_h)
{
	boot(NULL);
	program_100k();
	wr(PL011_IBRD, 30);
	write_text("\n");
	at(CHAR_100K);
	ck_assert_str_eq(console_now(), "\n");
	wr(PL011_LCR_H, LCR_H_8N1_FIFO);
	write_text("\n");
	at(CHAR_100K + 2 * CHAR_100K - 1);
	ck_assert_str_eq(console_now(), "\n");
	at(CHAR_100K + 2 * CHAR_100K);
	ck_assert_str_eq(console_now(), "\n\n");
}
END_TEST

/*
 * 2.9.3 with the r1p5 note: TXRIS is set when the FIFO passes down through
 * its level (1/8: 4 characters), not by the level. 6 characters written
 * (1 in the shift register, 5 in the FIFO): set at 100 us (5 -> 4), MIS
 * and the line follow IMSC (2.9.6), ICR clears it, 4 -> 3 does not set it
 * again, refilling above the level and draining through it does.
 */
START_TEST(test_tx_interrupt)
{
	boot(NULL);
	program_100k();
	wr(PL011_IFLS, PL011_IFLS_SEL(PL011_IFLS_1_8, PL011_IFLS_1_2));
	wr(PL011_IMSC, PL011_INT_TX);
	write_text("012345");
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	at(CHAR_100K - 1);
	ck_assert_uint_eq(irq.changes, 0);
	at(CHAR_100K);
	ck_assert(irq.level);
	ck_assert_uint_eq(irq.changes, 1);
	ck_assert_uint_eq(rd(PL011_RIS), PL011_INT_TX);
	ck_assert_uint_eq(rd(PL011_MIS), PL011_INT_TX);

	wr(PL011_ICR, PL011_INT_TX);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	ck_assert(!irq.level);
	at(2 * CHAR_100K);
	ck_assert_uint_eq(rd(PL011_RIS), 0);

	write_text("67");               /* 3 + 2 = 5 in the FIFO */
	at(3 * CHAR_100K - 1);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	at(3 * CHAR_100K);
	ck_assert_uint_eq(rd(PL011_RIS), PL011_INT_TX);
	ck_assert(irq.level);

	wr(PL011_IMSC, 0);
	ck_assert_uint_eq(rd(PL011_RIS), PL011_INT_TX);
	ck_assert_uint_eq(rd(PL011_MIS), 0);
	ck_assert(!irq.level);
	wr(PL011_IMSC, PL011_INT_TX);
	ck_assert(irq.level);
	ck_assert_uint_eq(irq.changes, 5);
}
END_TEST

/*
 * 2.9.3 without FIFO: TXRIS is set when the holding register empties into
 * the shift register (at once, when idle), cleared by the next write.
 */
START_TEST(test_tx_interrupt_no_fifo)
{
	boot(NULL);
	program(15, 0, PL011_LCR_H_WLEN(8), CR_ENABLED);
	wr(PL011_IMSC, PL011_INT_TX);
	wr(PL011_DR, 'x');
	ck_assert_uint_eq(rd(PL011_RIS), PL011_INT_TX);
	ck_assert(irq.level);
	wr(PL011_DR, 'y');
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	ck_assert(!irq.level);
	at(CHAR_100K - 1);
	ck_assert(!irq.level);
	at(CHAR_100K);
	ck_assert_uint_eq(rd(PL011_RIS), PL011_INT_TX);
	ck_assert(irq.level);
}
END_TEST

/*
 * The end of the run (destroy) delivers what the transmitter still holds,
 * in order, and the partial line: "tail" written at 0, destroyed at 1 us.
 */
START_TEST(test_flush_at_end)
{
	boot(NULL);
	program_100k();
	write_text("tail");
	at(1 * US);
	ck_assert_uint_eq(console_len, 0);
	fixture_destroy();
	ck_assert_str_eq(console_now(), "tail");
}
END_TEST

/* ------------------------------------------------------------- receive */

/*
 * pl011.rx = "ab\n" from 5 us at 115200 baud: arrivals at 5000 + k *
 * FW_CHAR. Below the RX level (1/2) no RXRIS; 2.9.4: RTRIS FW_TIMEOUT
 * after the last arrival, with RXFE clear; reading the FIFO empty clears
 * it. UARTDR reads the characters with no error bits (3.3.1).
 */
START_TEST(test_rx_timeout)
{
	const uint64_t t0 = 5000, last = t0 + 3 * FW_CHAR;

	boot(PARAMS("pl011.rx=ab\\n", "pl011.rx_start_ns=5000"));
	wr(PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	at(t0 + FW_CHAR - 1);
	expect_fr(FR_IDLE);
	at(t0 + FW_CHAR);
	expect_fr(FR_IDLE & ~PL011_FR_RXFE);
	at(last);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	at(last + FW_TIMEOUT - 1);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	ck_assert(!irq.level);
	at(last + FW_TIMEOUT);
	ck_assert(irq.level);
	ck_assert_uint_eq(rd(PL011_RIS), PL011_INT_RT);
	ck_assert_uint_eq(rd(PL011_MIS), PL011_INT_RT);
	ck_assert_uint_eq(rd(PL011_DR), 'a');
	ck_assert_uint_eq(rd(PL011_RIS), PL011_INT_RT);
	ck_assert_uint_eq(rd(PL011_DR), 'b');
	ck_assert_uint_eq(rd(PL011_DR), '\n');
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	ck_assert(!irq.level);
	expect_fr(FR_IDLE);
	ck_assert_uint_eq(rd(PL011_RSR), 0);
}
END_TEST

/*
 * 2.9.2: RXRIS is set when the FIFO reaches its level (1/8: 4), cleared
 * by reading below it, set again when the 5th arrives.
 */
START_TEST(test_rx_level_interrupt)
{
	boot(PARAMS("pl011.rx=12345"));
	wr(PL011_IFLS, PL011_IFLS_SEL(PL011_IFLS_1_2, PL011_IFLS_1_8));
	wr(PL011_IMSC, PL011_INT_RX);
	at(4 * FW_CHAR - 1);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	at(4 * FW_CHAR);
	ck_assert_uint_eq(rd(PL011_RIS), PL011_INT_RX);
	ck_assert(irq.level);
	ck_assert_uint_eq(rd(PL011_DR), '1');
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	ck_assert(!irq.level);
	at(5 * FW_CHAR);
	ck_assert_uint_eq(rd(PL011_RIS), PL011_INT_RX);
	ck_assert(irq.level);
}
END_TEST

/*
 * Overrun without FIFO (3.3.1, 3.3.2): "xyzw" into the holding register,
 * whose RXRIS level is one character (2.9.2). 'y' finds it full: lost,
 * UARTRSR.OE and OERIS set, RXFF. 'x' reads with no OE; 'z', the next
 * character stored, reads with DR.OE, 'w' without. A write to UARTECR
 * clears RSR.OE, UARTICR clears OERIS.
 */
START_TEST(test_rx_overrun_holding)
{
	boot(PARAMS("pl011.rx=xyzw"));
	wr(PL011_LCR_H, PL011_LCR_H_WLEN(8));
	at(2 * FW_CHAR - 1);
	ck_assert_uint_eq(rd(PL011_RSR), 0);
	expect_fr(FR_MODEM | PL011_FR_TXFE | PL011_FR_RXFF);
	at(2 * FW_CHAR);
	ck_assert_uint_eq(rd(PL011_RSR), PL011_RSR_OE);
	ck_assert_uint_eq(rd(PL011_RIS), PL011_INT_RX | PL011_INT_OE);
	ck_assert_uint_eq(rd(PL011_DR), 'x');
	at(3 * FW_CHAR);
	ck_assert_uint_eq(rd(PL011_DR), PL011_DR_OE | 'z');
	at(4 * FW_CHAR);
	ck_assert_uint_eq(rd(PL011_DR), 'w');
	ck_assert_uint_eq(rd(PL011_RSR), PL011_RSR_OE);
	wr(PL011_RSR, 0);
	ck_assert_uint_eq(rd(PL011_RSR), 0);
	wr(PL011_ICR, PL011_INT_OE);
	ck_assert_uint_eq(rd(PL011_RIS), 0);
}
END_TEST

/* A full 32-character FIFO keeps its contents; the 33rd character is lost. */
START_TEST(test_rx_overrun_fifo)
{
	static const char text[] = "0123456789abcdefghijklmnopqrstuvw";

	boot(PARAMS("pl011.rx=0123456789abcdefghijklmnopqrstuvw"));
	ck_assert_uint_eq(strlen(text), PL011_FIFO_DEPTH + 1);
	at(PL011_FIFO_DEPTH * FW_CHAR);
	expect_fr(FR_MODEM | PL011_FR_TXFE | PL011_FR_RXFF);
	ck_assert_uint_eq(rd(PL011_RSR), 0);
	at((PL011_FIFO_DEPTH + 1) * FW_CHAR);
	ck_assert_uint_eq(rd(PL011_RSR), PL011_RSR_OE);
	ck_assert_uint_eq(rd(PL011_RIS) & PL011_INT_OE, PL011_INT_OE);
	for (unsigned i = 0; i < PL011_FIFO_DEPTH; i++)
		ck_assert_uint_eq(rd(PL011_DR), (uint8_t)text[i]);
	expect_fr(FR_IDLE);
}
END_TEST

/*
 * The far end sends only to a receiver that listens: with the TRM reset
 * state (UARTEN = 0, no baud rate) nothing arrives in 1 s; programmed at
 * 1 s for 100000 baud, "hi" arrives 100 us and 200 us later.
 */
START_TEST(test_rx_waits_for_receiver)
{
	const uint64_t t = 1000000000;

	boot(PARAMS("pl011.firmware_init=0", "pl011.rx=hi"));
	at(t);
	expect_fr(FR_IDLE);
	program_100k();
	at(t + CHAR_100K - 1);
	expect_fr(FR_IDLE);
	at(t + 2 * CHAR_100K);
	ck_assert_uint_eq(rd(PL011_DR), 'h');
	ck_assert_uint_eq(rd(PL011_DR), 'i');
}
END_TEST

/*
 * UARTCR.LBE (3.3.8): what is transmitted is received, not sent to the
 * console, and the far end, due to start at 1 us, waits; loopback off,
 * its 'Q' arrives.
 */
START_TEST(test_loopback)
{
	boot(PARAMS("pl011.rx=Q", "pl011.rx_start_ns=1000"));
	program(15, 0, LCR_H_8N1_FIFO, CR_ENABLED | PL011_CR_LBE);
	write_text("hi");
	at(CHAR_100K - 1);
	expect_fr(FR_MODEM | PL011_FR_RXFE | PL011_FR_BUSY);
	at(CHAR_100K);
	ck_assert_uint_eq(rd(PL011_DR), 'h');
	at(2 * CHAR_100K);
	ck_assert_uint_eq(rd(PL011_DR), 'i');
	at(10 * CHAR_100K);
	expect_fr(FR_IDLE);
	wr(PL011_CR, CR_ENABLED);
	at(11 * CHAR_100K);
	ck_assert_uint_eq(rd(PL011_DR), 'Q');
	ck_assert_uint_eq(console_len, 0);
}
END_TEST

/* pl011.rx escapes \xHH, \t, \\, \r; pl011.rx_file read whole, bytes as they are. */
START_TEST(test_rx_escapes_and_file)
{
	static const char expected[] = "AB\t\\\r";
	char path[] = "/tmp/test_pl011.XXXXXX", param[64];
	int fd;

	boot(PARAMS("pl011.rx=A\\x42\\t\\\\\\r"));
	at(5 * FW_CHAR);
	for (unsigned i = 0; i < 5; i++)
		ck_assert_uint_eq(rd(PL011_DR), (uint8_t)expected[i]);
	expect_fr(FR_IDLE);
	teardown();

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "f\\\0\n", 4), 4);
	close(fd);
	snprintf(param, sizeof(param), "pl011.rx_file=%s", path);
	boot(PARAMS(param));
	unlink(path);
	at(4 * FW_CHAR);
	ck_assert_uint_eq(rd(PL011_DR), 'f');
	ck_assert_uint_eq(rd(PL011_DR), '\\');
	ck_assert_uint_eq(rd(PL011_DR), 0);
	ck_assert_uint_eq(rd(PL011_DR), '\n');
	expect_fr(FR_IDLE);
}
END_TEST

#define BAD_ESCAPE      "parameter pl011.rx: bad escape (use \\n, \\r, \\t, \\\\ or \\xHH)"

/* Bad parameters make machine_init fail as bad input (-2: exit status 2). */
START_TEST(test_bad_params)
{
	expect_bad_params(BAD_ESCAPE, PARAMS("pl011.rx=a\\q"));
	expect_bad_params(BAD_ESCAPE, PARAMS("pl011.rx=\\x4"));
	expect_bad_params(BAD_ESCAPE, PARAMS("pl011.rx=trailing\\"));
	expect_bad_params("parameters pl011.rx and pl011.rx_file: give one, not both",
			  PARAMS("pl011.rx=a", "pl011.rx_file=/dev/null"));
	expect_bad_params("parameter pl011.rx_file: cannot read '/nonexistent/input': "
			  "No such file or directory",
			  PARAMS("pl011.rx_file=/nonexistent/input"));
	expect_bad_params("parameter pl011.clock_hz: '1000000' is not a whole number in "
			  "[1843200, 1000000000]",
			  PARAMS("pl011.clock_hz=1000000"));
	expect_bad_params("parameter pl011.firmware_init: '2' is not a whole number in [0, 1]",
			  PARAMS("pl011.firmware_init=2"));
}
END_TEST

/* ---------------------------------------------------------------- misuse */

/* Runs fn with stderr going to a file; returns what was written there. */
static char *capture_stderr(void (*fn)(void))
{
	FILE *f = tmpfile();
	int saved = dup(2);
	char *text = calloc(1, 4096);

	ck_assert(f && saved >= 0 && text);
	fflush(stderr);
	dup2(fileno(f), 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	ck_assert_uint_lt(fread(text, 1, 4095, f), 4095);
	fclose(f);
	return text;
}

static unsigned count_lines(const char *text, const char *needle)
{
	unsigned n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void misuse(void)
{
	wr_size(PL011_CR, 1, 0);                        /* note 1 */
	wr_size(PL011_CR, 1, 0);
	ck_assert_uint_eq(rd(PL011_CR), 0x301);
	wr_size(PL011_CR, 2, 0x300);                    /* allowed */
	ck_assert_uint_eq(rd_size(PL011_CR, 2), 0x300);
	ck_assert_uint_eq(rd_size(PL011_FR, 1), FR_IDLE);
	wr_size(PL011_DR, 1, '\n');                     /* allowed */
	ck_assert_uint_eq(rd(0x008), 0);                /* note 2 */
	wr(0x008, 5);
	ck_assert_uint_eq(rd_size(PL011_FR + 2, 2), 0); /* note 3 */
	wr(PL011_RIS, PL011_INT_ALL);                   /* note 4 */
	ck_assert_uint_eq(rd(PL011_RIS), 0);
	ck_assert_uint_eq(rd(PL011_ICR), 0);            /* note 5 */
	wr(PL011_DMACR, 0);
	wr(PL011_DMACR, 3);                             /* note 6 */
	ck_assert_uint_eq(rd(PL011_DMACR), 0);
	wr(PL011_IFLS, 0x3f);                           /* note 7 */
	ck_assert_uint_eq(rd(PL011_IFLS), 0x3f);
	for (unsigned i = 0; i < PL011_FIFO_DEPTH + 2; i++)
		wr(PL011_DR, 'x');                      /* note 8 */
}

/*
 * Wrong sizes, reserved offsets, read-only and write-only registers: RAZ/WI
 * and one note per register; 16-bit accesses (Linux's) and byte writes to
 * UARTDR are fine. A write lost to a full FIFO and a reserved trigger level
 * are noted once too. (The UART is disabled, so nothing drains.)
 */
START_TEST(test_misuse)
{
	char *text;

	boot(NULL);
	wr(PL011_IMSC, 0);
	text = capture_stderr(misuse);
	ck_assert_msg(count_lines(text, "phonesim: note: pl011: ") == 8, "notes:\n%s", text);
	ck_assert_ptr_nonnull(strstr(text, "phonesim: note: pl011: 1-byte write at offset 0x030 "
				     "(UARTCR): a byte write reaches only part of the register; "
				     "ignored (core 0,"));
	ck_assert_ptr_nonnull(strstr(text, "4-byte read at offset 0x008 (reserved): "
				     "no register there; reads as zero"));
	ck_assert_ptr_nonnull(strstr(text, "UARTDR written while the transmit FIFO is full "
				     "(UARTFR.TXFF): character lost; the transmitter is disabled"));
	free(text);
}
END_TEST

/* ------------------------------------------------------------ programs */

/* A machine with the ELF at path loaded and core 0 at its entry at EL2. */
static void load(const char *path, const char *const *params)
{
	boot(params);
	fixture_load(path, 0);
}

/*
 * tests/target/uart-hello (see there) passes, and its two lines reach the
 * console as written.
 */
START_TEST(test_uart_hello_text)
{
	load(UNIT_PROGS_DIR "/../../target/uart-hello.elf", NULL);
	ck_assert_int_eq(machine_run(m), 0);
	ck_assert_str_eq(console_now(),
			 "uart-hello: hello from the PL011, as the program found it\n"
			 "uart-hello: and again at 230400 baud, 8N1, FIFOs on\n");
}
END_TEST

/*
 * uart-timing (tests/unit/progs) at 100000 baud, counter at 19.2 MHz:
 *   - 11 characters take 1.1 ms = 21120 ticks from the first write to BUSY
 *     clear; the few instructions around them and the last poll add a few
 *     ns, at most 2 ticks (52 ns each);
 *   - "ok\n" sent from 2 ms arrives by 2.3 ms, RTRIS 320 us (32 bits) later:
 *     2.62 ms = 50304 ticks, seen by a poll within 2 ticks;
 *   - the three reads give 'o', 'k', '\n' with no error bits, then RIS = 0
 *     and UARTFR idle.
 */
START_TEST(test_guest_timing)
{
	load(UNIT_PROGS_DIR "/uart-timing.elf",
	     PARAMS("pl011.rx=ok\\n", "pl011.rx_start_ns=2000000"));
	ck_assert_int_eq(machine_run(m), 0);
	ck_assert_str_eq(console_now(), "0123456789\n");
	ck_assert_uint_ge(report_value(0), 21120);
	ck_assert_uint_le(report_value(0), 21122);
	ck_assert_uint_ge(report_value(1), 50304);
	ck_assert_uint_le(report_value(1), 50306);
	ck_assert_uint_eq(report_value(2), 'o' | 'k' << 16 | (uint64_t)'\n' << 32);
	ck_assert_uint_eq(report_value(3), 0);
	ck_assert_uint_eq(report_value(4), FR_IDLE);
}
END_TEST

static Suite *pl011_suite(void)
{
	Suite *s = suite_create("pl011");
	TCase *regs = tcase_create("registers");
	TCase *tx = tcase_create("transmit");
	TCase *rx = tcase_create("receive");
	TCase *progs = tcase_create("programs");

	tcase_add_checked_fixture(regs, NULL, teardown);
	tcase_add_test(regs, test_id_and_describe);
	tcase_add_test(regs, test_reset_values_trm);
	tcase_add_test(regs, test_reset_values_firmware);
	tcase_add_test(regs, test_bad_params);
	tcase_add_test(regs, test_misuse);
	suite_add_tcase(s, regs);

	tcase_add_checked_fixture(tx, NULL, teardown);
	tcase_add_test(tx, test_tx_fifo_depth);
	tcase_add_test(tx, test_tx_holding_register);
	tcase_add_test(tx, test_tx_timing);
	tcase_add_test(tx, test_frame_lengths);
	tcase_add_test(tx, test_baud_latched_by_lcr_h);
	tcase_add_test(tx, test_tx_interrupt);
	tcase_add_test(tx, test_tx_interrupt_no_fifo);
	tcase_add_test(tx, test_flush_at_end);
	suite_add_tcase(s, tx);

	tcase_add_checked_fixture(rx, NULL, teardown);
	tcase_add_test(rx, test_rx_timeout);
	tcase_add_test(rx, test_rx_level_interrupt);
	tcase_add_test(rx, test_rx_overrun_holding);
	tcase_add_test(rx, test_rx_overrun_fifo);
	tcase_add_test(rx, test_rx_waits_for_receiver);
	tcase_add_test(rx, test_loopback);
	tcase_add_test(rx, test_rx_escapes_and_file);
	suite_add_tcase(s, rx);

	tcase_add_checked_fixture(progs, NULL, teardown);
	tcase_add_test(progs, test_uart_hello_text);
	tcase_add_test(progs, test_guest_timing);
	suite_add_tcase(s, progs);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pl011_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
