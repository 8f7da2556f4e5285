/*
 * guest.c - the test guests' runtime (see guest.h).
 */
#include "guest.h"

#define UARTDR          0x000
#define UARTFR          0x018
#define UARTFR_TXFF     (1u << 5)

struct hvc_result hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory",
			 "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			 "x15", "x16", "x17");
	return (struct hvc_result){ (int64_t)x0, x1, x2, x3 };
}

void putc_uart(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)UART_BASE;

	while (uart[UARTFR / 4] & UARTFR_TXFF)
		;
	uart[UARTDR / 4] = (uint8_t)c;
}

void puts_uart(const char *s)
{
	while (*s)
		putc_uart(*s++);
}

void put_u(uint64_t v)
{
	char d[20];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc_uart(d[--n]);
}

void put_x(uint64_t v)
{
	puts_uart("0x");
	for (int s = 60; s >= 0; s -= 4)
		putc_uart("0123456789abcdef"[(v >> s) & 15]);
}

void print(const char *s)
{
	uint64_t n = 0;

	while (s[n])
		n++;
	hvc(HYP_CONSOLE_WRITE, (uint64_t)s, n, 0);
}

uint64_t counter(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v));
	return v;
}

uint64_t counter_hz(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

void irq_enable(void)
{
	__asm__ volatile("msr S3_0_C4_C6_0, %0\n\t"   /* ICC_PMR_EL1 */
			 "msr S3_0_C12_C12_7, %1\n\t" /* ICC_IGRPEN1_EL1 */
			 "isb\n\tmsr daifclr, #2" : : "r"(0xfful), "r"(1ul) : "memory");
}

void timer_after(uint64_t ticks)
{
	__asm__ volatile("msr cntv_tval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb"
			 : : "r"(ticks), "r"(1ul) : "memory");
}

void timer_stop(void)
{
	__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb" ::: "memory");
}

void wfi(void)
{
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

void sgi_send(unsigned intid, unsigned vcpu_mask)
{
	__asm__ volatile("msr S3_0_C12_C11_5, %0\n\tisb"        /* ICC_SGI1R_EL1 */
			 : : "r"((uint64_t)intid << 24 | vcpu_mask) : "memory");
}

__attribute__((weak)) void irq_handler(unsigned intid)
{
	(void)intid;
}

/* From guest_crt.S: acknowledge and complete every pending virtual interrupt. */
void guest_irq(void)
{
	for (;;) {
		uint64_t intid;

		__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(intid));      /* ICC_IAR1_EL1 */
		intid &= 0xffffff;
		if (intid >= 1020)
			return;
		irq_handler((unsigned)intid);
		__asm__ volatile("msr S3_0_C12_C12_1, %0\n\tisb" : : "r"(intid));   /* EOIR1 */
	}
}

_Noreturn void vm_exit(int status)
{
	hvc(HYP_VM_EXIT, (uint64_t)status, 0, 0);
	for (;;)
		;
}

_Noreturn void guest_fail(unsigned line, int code)
{
	puts_uart("FAIL at line ");
	put_u(line);
	putc_uart('\n');
	vm_exit(code);
}

/* From guest_crt.S: an exception the guest did not expect. */
_Noreturn void guest_fault(uint64_t esr, uint64_t elr, uint64_t far)
{
	puts_uart("unexpected exception: ESR ");
	put_x(esr);
	puts_uart(" ELR ");
	put_x(elr);
	puts_uart(" FAR ");
	put_x(far);
	putc_uart('\n');
	vm_exit(99);
}

/* Guests with one vCPU never start another: this is for those that do not define it. */
__attribute__((weak)) int secondary_main(unsigned idx)
{
	(void)idx;
	return 0;
}
