/*
 * guest.c - the test guests' runtime (see guest.h).
 */
#include "guest.h"

void print(const char *s)
{
	wl_hvc(HYP_CONSOLE_WRITE, (uint64_t)s, strlen(s), 0);
}

void irq_enable(void)
{
	__asm__ volatile("msr S3_0_C4_C6_0, %0\n\t"   /* ICC_PMR_EL1 */
			 "msr S3_0_C12_C12_7, %1\n\t" /* ICC_IGRPEN1_EL1 */
			 "isb\n\tmsr daifclr, #2" : : "r"(0xfful), "r"(1ul) : "memory");
}

__attribute__((weak)) void irq_handler(unsigned intid)
{
	(void)intid;
}

/* From guest_crt.S: acknowledge and complete every pending virtual interrupt. */
void guest_irq(void)
{
	for (unsigned intid; (intid = wl_gic_ack()) < WL_INTID_SPURIOUS;) {
		irq_handler(intid);
		wl_gic_eoi(intid);
	}
}

_Noreturn void vm_exit(int status)
{
	wl_hvc(HYP_VM_EXIT, (uint64_t)status, 0, 0);
	for (;;)
		;
}

_Noreturn void guest_fail(unsigned line, int code)
{
	wl_puts("FAIL at line ");
	wl_put_u(line);
	wl_putc('\n');
	vm_exit(code);
}

/* From guest_crt.S: an exception the guest did not expect. */
_Noreturn void guest_fault(uint64_t esr, uint64_t elr, uint64_t far)
{
	wl_report_exception("guest", esr, elr, far);
	vm_exit(99);
}

/* Guests with one vCPU never start another: this is for those that do not define it. */
__attribute__((weak)) int secondary_main(unsigned idx)
{
	(void)idx;
	return 0;
}
