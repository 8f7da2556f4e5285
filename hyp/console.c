/*
 * console.c - the physical console and everything printed on it: the
 * hypervisor's own lines ("[hyp] ...") and the VMs' output, one whole line
 * at a time prefixed with the VM's name ("[name] ..."), so lines of
 * different VMs never mix.
 *
 * Output goes through a ring that the PL011 at uart_base drains as its
 * transmit FIFO has room, driven by the UART's TX interrupt: a VM that
 * prints does not make the hypervisor wait for the serial line (6.7 us a
 * character at the 1.5 Mbaud it sets). The ring is drained synchronously only when
 * it is full, when the UART's interrupt is not known, and at the end of the
 * run. Without a UART (uart_base 0) lines go to semihosting SYS_WRITEC.
 * Semihosting also serves the boot errors and the run's exit.
 *
 * Not here: what a VM's virtual PL011 emulates (vpl011.c).
 */
#include <stdarg.h>

#include "hyp.h"

#define UARTDR          0x000
#define UARTFR          0x018
#define UARTFR_BUSY     (1u << 3)
#define UARTFR_TXFF     (1u << 5)
#define UARTIBRD        0x024
#define UARTFBRD        0x028
#define UARTLCR_H       0x02c
#define UARTCR          0x030
#define UARTCR_UARTEN   (1u << 0)
#define UARTIMSC        0x038
#define UARTICR         0x044
#define UART_TXI        (1u << 5)

/* The platform's UART0 and its interrupt (docs/platform.md, SPI 1). */
#define PLAT_UART0      0x09000000ul
#define PLAT_UART0_INTID 33

#define SYS_WRITEC      0x03
#define SYS_WRITE0      0x04
#define SYS_EXIT        0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

#define RING_SIZE       4096u

static spinlock_t console_lock;
static char ring[RING_SIZE];
static unsigned ring_head, ring_tail;   /* free-running: written, sent */
static unsigned uart_intid;             /* 0: no interrupt, drain synchronously */

static uint64_t semihost(uint64_t op, const void *arg)
{
	register uint64_t x0 __asm__("x0") = op;
	register const void *x1 __asm__("x1") = arg;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

void semihost_write0(const char *s)
{
	semihost(SYS_WRITE0, s);
}

_Noreturn void semihost_exit(int status)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)(uint32_t)status };

	for (;;)
		semihost(SYS_EXIT, block);
}

/* Moves characters from the ring into the transmit FIFO while it has room. */
static void uart_drain(void)
{
	while (ring_tail != ring_head && !(mmio_read32(cfg->uart_base + UARTFR) & UARTFR_TXFF)) {
		mmio_write32(cfg->uart_base + UARTDR, (uint8_t)ring[ring_tail % RING_SIZE]);
		ring_tail++;
	}
}

static void out_char(char c)
{
	if (!cfg->uart_base) {
		semihost(SYS_WRITEC, &c);
		return;
	}
	while (ring_head - ring_tail == RING_SIZE)
		uart_drain();
	ring[ring_head++ % RING_SIZE] = c;
}

static void out_str(const char *s, unsigned max)
{
	while (max-- && *s)
		out_char(*s++);
}

/* One whole line with its prefix; the caller holds console_lock. */
static void emit_line(const char *who, const char *text, unsigned len)
{
	out_char('[');
	out_str(who, HYP_VM_NAME_LEN);
	out_str("] ", 2);
	while (len--)
		out_char(*text++);
	out_char('\n');
	if (cfg->uart_base) {
		uart_drain();
		if (!uart_intid)
			while (ring_tail != ring_head)
				uart_drain();
	}
}

/*
 * The fastest line the UART has, UARTCLK / 16 (IBRD 1, FBRD 0: 1.5 Mbaud
 * at the platform's 24 MHz) instead of firmware's 115200: every VM's
 * output crosses it, and at 87 us a character the console, not the
 * workloads, would set the pace of a run's last 0.3 s. The PL011 TRM
 * (3.3.6, 3.3.8) asks for the UART to be disabled, and idle, while its
 * rate changes; the LCR_H write latches IBRD and FBRD (3.3.7).
 */
static void uart_fastest(uintptr_t base)
{
	uint32_t cr = mmio_read32(base + UARTCR);

	while (mmio_read32(base + UARTFR) & UARTFR_BUSY)
		;
	mmio_write32(base + UARTCR, cr & ~UARTCR_UARTEN);
	mmio_write32(base + UARTIBRD, 1);
	mmio_write32(base + UARTFBRD, 0);
	mmio_write32(base + UARTLCR_H, mmio_read32(base + UARTLCR_H));
	mmio_write32(base + UARTCR, cr);
}

void console_init(void)
{
	if (cfg->uart_base == PLAT_UART0) {
		uart_fastest(cfg->uart_base);
		uart_intid = PLAT_UART0_INTID;
		mmio_write32(cfg->uart_base + UARTIMSC,
			     mmio_read32(cfg->uart_base + UARTIMSC) | UART_TXI);
	}
}

unsigned console_intid(void)
{
	return uart_intid;
}

/* The UART's TX interrupt: its FIFO went below its level, refill it. */
void console_irq(void)
{
	spin_lock(&console_lock);
	mmio_write32(cfg->uart_base + UARTICR, UART_TXI);
	uart_drain();
	spin_unlock(&console_lock);
}

/* Before the run ends: everything in the ring into the UART. */
void console_drain_all(void)
{
	spin_lock(&console_lock);
	if (cfg->uart_base)
		while (ring_tail != ring_head)
			uart_drain();
	spin_unlock(&console_lock);
}

/* A VM's character: lines are printed whole, at '\n' or when the buffer fills. */
void console_vm_write(struct vm *vm, const char *s, uint64_t len)
{
	struct vm_console *con = &vm->con;

	spin_lock(&console_lock);
	for (; len; len--, s++) {
		if (*s == '\r')
			continue;
		if (*s != '\n')
			con->line[con->len++] = *s;
		if (*s == '\n' || con->len == sizeof(con->line)) {
			emit_line(vm->cfg->name, con->line, con->len);
			con->len = 0;
		}
	}
	spin_unlock(&console_lock);
}

/* A VM that ends: its last partial line. */
void console_vm_flush(struct vm *vm)
{
	spin_lock(&console_lock);
	if (vm->con.len)
		emit_line(vm->cfg->name, vm->con.line, vm->con.len);
	vm->con.len = 0;
	spin_unlock(&console_lock);
}

/* ------------------------------------------------------------ formatting */

struct fmt_buf {
	char *s;
	unsigned len, size;
};

static void fmt_put(struct fmt_buf *b, char c)
{
	if (b->len + 1 < b->size)
		b->s[b->len++] = c;
}

static void fmt_num(struct fmt_buf *b, uint64_t v, unsigned base)
{
	char digits[20];
	unsigned n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		fmt_put(b, digits[--n]);
}

/* %s, %d, %u, %x, with l for long: nothing else. Always terminated. */
unsigned hyp_vformat(char *out, unsigned size, const char *fmt, va_list ap)
{
	struct fmt_buf b = { out, 0, size };

	for (; *fmt; fmt++) {
		bool is_long;

		if (*fmt != '%') {
			fmt_put(&b, *fmt);
			continue;
		}
		is_long = fmt[1] == 'l';
		fmt += 1 + is_long;
		if (*fmt == 's') {
			for (const char *s = va_arg(ap, const char *); *s; s++)
				fmt_put(&b, *s);
		} else if (*fmt == 'd') {
			long v = is_long ? va_arg(ap, long) : va_arg(ap, int);

			if (v < 0)
				fmt_put(&b, '-');
			fmt_num(&b, v < 0 ? -(uint64_t)v : (uint64_t)v, 10);
		} else if (*fmt == 'u' || *fmt == 'x') {
			uint64_t v = is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);

			fmt_num(&b, v, *fmt == 'u' ? 10 : 16);
		} else {
			break;          /* not a conversion this formatter knows */
		}
	}
	out[b.len] = 0;
	return b.len;
}

void hyp_printf(const char *fmt, ...)
{
	char line[160];
	unsigned len;
	va_list ap;

	va_start(ap, fmt);
	len = hyp_vformat(line, sizeof(line), fmt, ap);
	va_end(ap);
	spin_lock(&console_lock);
	emit_line("hyp", line, len);
	spin_unlock(&console_lock);
}
