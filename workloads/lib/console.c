/*
 * console.c - text out through the PL011 at 0x0900_0000 (natively the
 * real one, in a VM the hypervisor's virtual one, which has the same
 * registers), the metric lines the tests and reports parse, and failing
 * loudly. Output only: workloads read no input.
 */
#include "wl.h"

#define UARTDR          0x000
#define UARTFR          0x018
#define UARTFR_TXFF     (1u << 5)

void wl_putc(char c)
{
	while (wl_read32(WL_UART_BASE + UARTFR) & UARTFR_TXFF)
		;
	wl_write32(WL_UART_BASE + UARTDR, (uint8_t)c);
}

void wl_puts(const char *s)
{
	while (*s)
		wl_putc(*s++);
}

void wl_put_u(uint64_t v)
{
	char d[20];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		wl_putc(d[--n]);
}

void wl_put_x(uint64_t v)
{
	wl_puts("0x");
	for (int s = 60; s >= 0; s -= 4)
		wl_putc("0123456789abcdef"[(v >> s) & 15]);
}

void wl_put_fixed(uint64_t v, unsigned decimals)
{
	uint64_t scale = 1;

	for (unsigned i = 0; i < decimals; i++)
		scale *= 10;
	wl_put_u(v / scale);
	if (!decimals)
		return;
	wl_putc('.');
	for (uint64_t frac = v % scale, s = scale / 10; s; s /= 10)
		wl_putc((char)('0' + frac / s % 10));
}

void wl_metric(const char *workload, const char *name, uint64_t value, const char *unit)
{
	wl_puts("metric ");
	wl_puts(workload);
	wl_putc(' ');
	wl_puts(name);
	wl_putc(' ');
	wl_put_u(value);
	wl_putc(' ');
	wl_puts(unit);
	wl_putc('\n');
}

void wl_report_exception(const char *who, uint64_t esr, uint64_t elr, uint64_t far)
{
	wl_puts("FAIL ");
	wl_puts(who);
	wl_puts(": unexpected exception: ESR ");
	wl_put_x(esr);
	wl_puts(" ELR ");
	wl_put_x(elr);
	wl_puts(" FAR ");
	wl_put_x(far);
	wl_putc('\n');
}

_Noreturn void wl_fail(const char *file, unsigned line, const char *what)
{
	wl_puts("FAIL ");
	wl_puts(file);
	wl_putc(':');
	wl_put_u(line);
	wl_putc(' ');
	wl_puts(what);
	wl_putc('\n');
	wl_exit(3);
}
