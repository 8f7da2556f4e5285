/*
 * microbench.c - the ARM virtualization micro-benchmarks of Dall et al.,
 * "ARM Virtualization: Performance and Architectural Implications" (ISCA
 * 2016), run natively (`phonesim run --bare ... --el 1 --dtb --cores 2`)
 * or as VM 0 of the hypervisor (2 vCPUs on cores 0 and 1; VM 1, the same
 * program, on core 0 for the VM switch). Each prints
 * `metric microbench NAME_{mean,p50,p99,min,max} VALUE cycles` over its
 * samples, or `note microbench NAME n/a: WHY` where it cannot run:
 *
 *   null          two reads of the cycle counter: what every sample includes
 *   hypercall     HVC HYP_VM_INFO to the hypervisor and back (VM only)
 *   ic_trap       a load of GICD_TYPER: trapped and emulated in a VM
 *                 (hyp/vgicd.c), the real distributor natively
 *   ipi           SGI from core 0 to core 1 until its handler runs: core 1
 *                 answers with an SGI, and half the round trip on core 0's
 *                 cycle counter is the sample (the cores' counters are not
 *                 synchronized, so one core times both ways)
 *   irq_complete  ICC_EOIR1_EL1 of the answer SGI: in a VM the list
 *                 register's virtual interrupt, completed without a trap
 *   vm_switch     HYP_YIELD to VM 1 on the same core and back, halved
 *   io_out        a store to the PL011's UARTIMSC (no line timing:
 *                 docs/pl011.md): emulated by the hypervisor in a VM
 *   io_in         the modem's frame interrupt (docs/modem.md): frame n
 *                 starts at START_US + n * PERIOD_US of physical count,
 *                 so the handler's CNTPCT less that is the latency
 *   timer_in      the virtual timer's interrupt: CNTVCT in the handler
 *                 less CVAL
 * Cycles are PMCCNTR_EL0 deltas (wl_cycles: EL2 counted too). The two
 * interrupt latencies come from the generic timer (the device's time
 * base), converted to cycles at the core clock measured against it at
 * start-up: their resolution is one counter tick (52 cycles at 1 GHz with
 * the default 19.2 MHz).
 *
 * Not here: the start-up code and vectors (crt.S). Results are printed
 * at the end: the native PL011 has line timing.
 */
#include "wl.h"

#ifndef MB_ITERS
#define MB_ITERS        256     /* samples of each fast benchmark */
#endif
#ifndef MB_IO_ITERS
#define MB_IO_ITERS     16      /* modem frames (1 ms each by default), timer shots */
#endif

#define WL              "microbench"
#define SGI_PING        1       /* core 0 -> core 1 */
#define SGI_PONG        2       /* core 1 -> core 0 */
#define INTID_MODEM     40
#define INTID_PARTNER   64      /* VM 0 wakes VM 1 for the VM switch */
#define IRQ_PRIO        0x80
#define GICD_TYPER      0x0004
#define TYPER_IDBITS(t) (((t) >> 19) & 0x1f)
#define UARTIMSC        0x038
/* The modem's registers (docs/modem.md; devices/modem.h is host C past its numbers). */
#define MODEM_BASE      0x0c000000ul
#define MODEM_ID        0x4d444f4d
#define FC_ID           0x00
#define FC_CTRL         0x08
#define FC_CTRL_EN      1u
#define FC_STATUS       0x0c
#define FC_STATUS_ENABLED 1u
#define FC_IRQ_STATUS   0x10
#define FC_IRQ_ENABLE   0x14
#define FC_IRQ_FRAME    1u
#define FC_FRAME        0x1c
#define MODEM_RING_BASE_LO 0x40
#define MODEM_RING_BASE_HI 0x44
#define MODEM_RING_SIZE 0x48
#define MODEM_PAYLOAD_BYTES 0x4c
#define MODEM_PERIOD_US 0x78
#define MODEM_START_US  0x88
#define TIMER_AHEAD_NS  20000   /* a timer shot fires this far ahead */
#define SPIN_LIMIT_NS   50000000ul      /* an awaited event is lost after 50 ms */

void mb_secondary_entry(void);

struct result {
	const char *name;
	const char *na;                 /* why it did not run, or NULL */
	struct wl_summary s;
};

enum { NULL_CAL, HYPERCALL, IC_TRAP, IPI, IRQ_COMPLETE, VM_SWITCH, IO_OUT, IO_IN, TIMER_IN, NR_BENCH };

static struct result results[NR_BENCH] = {
	[NULL_CAL] = { "null" }, [HYPERCALL] = { "hypercall" }, [IC_TRAP] = { "ic_trap" },
	[IPI] = { "ipi" }, [IRQ_COMPLETE] = { "irq_complete" }, [VM_SWITCH] = { "vm_switch" },
	[IO_OUT] = { "io_out" }, [IO_IN] = { "io_in" }, [TIMER_IN] = { "timer_in" },
};

static uint64_t samples[MB_ITERS];
static uint64_t eoi_samples[MB_ITERS];
static uint64_t io_samples[MB_IO_ITERS];
static uint8_t modem_ring[8192] __attribute__((aligned(64)));

/* Between the IRQ handlers and the loops that wait for them. */
static volatile unsigned secondary_up, pongs, eois, io_count, timer_count, unexpected;
static volatile bool secondary_done;
static uint64_t timer_cval;

static uint64_t cntpct(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(v));
	return v;
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
	uint64_t hz = wl_counter_hz();

	return ticks / hz * 1000000000ul + ticks % hz * 1000000000ul / hz;
}

/* Core cycles per 2^16 ns, measured against the counter (the core clock). */
static uint64_t cycles_per_64kns;

static void calibrate(void)
{
	uint64_t t0 = wl_counter(), c0 = wl_cycles(), t1, c1;

	while ((t1 = wl_counter()) - t0 < wl_counter_hz() / 10000)     /* 100 us */
		;
	c1 = wl_cycles();
	cycles_per_64kns = ((c1 - c0) << 16) / ticks_to_ns(t1 - t0);
}

static uint64_t ns_to_cycles(uint64_t ns)
{
	return (ns * cycles_per_64kns + (1u << 15)) >> 16;
}

/* Waits until *count reaches n; false when SPIN_LIMIT_NS pass first. */
static bool await(volatile unsigned *count, unsigned n)
{
	uint64_t end = wl_ns() + SPIN_LIMIT_NS;

	while (*count < n)
		if (wl_ns() > end)
			return false;
	return true;
}

static void summarize(unsigned b, uint64_t *s, size_t n)
{
	results[b].s = wl_summarize(s, n);
}

static void not_available(unsigned b, const char *why)
{
	results[b].na = why;
}

/* --- interrupts ------------------------------------------------------------ */

static void modem_frame(void)
{
	uint64_t now = ticks_to_ns(cntpct());
	volatile uint32_t *m = (volatile uint32_t *)MODEM_BASE;
	uint64_t n = m[FC_FRAME / 4];
	uint64_t start = ((uint64_t)m[MODEM_START_US / 4] + n * m[MODEM_PERIOD_US / 4]) * 1000;

	m[FC_IRQ_STATUS / 4] = m[FC_IRQ_STATUS / 4];
	if (io_count < MB_IO_ITERS) {
		wl_check(now >= start, "modem: handler before its frame started");
		io_samples[io_count] = ns_to_cycles(now - start);
	}
	io_count++;
}

static void timer_fired(void)
{
	uint64_t now = wl_counter();

	wl_timer_stop();
	if (timer_count < MB_IO_ITERS)
		io_samples[timer_count] = ns_to_cycles(ticks_to_ns(now - timer_cval));
	timer_count++;
}

/* From crt.S, on either core, with IRQs masked. */
void mb_irq(void)
{
	unsigned intid = wl_gic_ack();
	uint64_t t0, t1;

	switch (intid) {
	case SGI_PING:
		wl_gic_sgi(SGI_PONG, 1u << 0);
		break;
	case SGI_PONG:
		pongs++;
		break;
	case WL_INTID_VTIMER:
		timer_fired();
		break;
	case INTID_MODEM:
		modem_frame();
		break;
	case INTID_PARTNER:
		break;
	default:
		if (intid >= WL_INTID_SPURIOUS)
			return;
		unexpected++;
	}
	t0 = wl_cycles();
	wl_gic_eoi(intid);
	t1 = wl_cycles();
	if (intid == SGI_PONG && eois < MB_ITERS)
		eoi_samples[eois++] = t1 - t0;
}

_Noreturn void mb_fault(uint64_t esr, uint64_t elr, uint64_t far)
{
	wl_report_exception(WL, esr, elr, far);
	wl_exit(3);
}

/* --- the benchmarks -------------------------------------------------------- */

static void bench_null(void)
{
	for (unsigned i = 0; i < MB_ITERS; i++) {
		uint64_t t0 = wl_cycles();

		samples[i] = wl_cycles() - t0;
	}
	summarize(NULL_CAL, samples, MB_ITERS);
}

static void bench_hypercall(void)
{
	if (!wl_virtualized()) {
		not_available(HYPERCALL, "no hypervisor");
		return;
	}
	for (unsigned i = 0; i < MB_ITERS; i++) {
		uint64_t t0 = wl_cycles();
		struct wl_hvc r = wl_hvc(HYP_VM_INFO, 0, 0, 0);

		samples[i] = wl_cycles() - t0;
		wl_check(r.x0 == HYP_OK && r.x1 == 0 && r.x2 == 0, "hypercall: HYP_VM_INFO");
	}
	summarize(HYPERCALL, samples, MB_ITERS);
}

static void bench_ic_trap(void)
{
	for (unsigned i = 0; i < MB_ITERS; i++) {
		uint64_t t0 = wl_cycles();
		uint32_t typer = wl_read32(WL_GICD_BASE + GICD_TYPER);

		samples[i] = wl_cycles() - t0;
		wl_check(TYPER_IDBITS(typer) == 15, "ic_trap: GICD_TYPER.IDbits");
	}
	summarize(IC_TRAP, samples, MB_ITERS);
}

/* The IPI ping-pong; irq_complete is measured in core 0's handler meanwhile. */
static void bench_ipi(bool secondary)
{
	if (!secondary) {
		not_available(IPI, "no second core or vCPU");
		not_available(IRQ_COMPLETE, "no second core or vCPU");
		return;
	}
	for (unsigned i = 0; i < MB_ITERS; i++) {
		uint64_t t0 = wl_cycles();

		wl_gic_sgi(SGI_PING, 1u << 1);
		wl_check(await(&pongs, i + 1), "ipi: no answer from core 1");
		samples[i] = (wl_cycles() - t0) / 2;
	}
	secondary_done = true;
	summarize(IPI, samples, MB_ITERS);
	wl_check(eois == MB_ITERS, "irq_complete: one EOI per answer");
	summarize(IRQ_COMPLETE, eoi_samples, MB_ITERS);
}

static void bench_io_out(void)
{
	for (unsigned i = 0; i < MB_ITERS; i++) {
		uint64_t t0 = wl_cycles();

		wl_write32(WL_UART_BASE + UARTIMSC, 0);
		samples[i] = wl_cycles() - t0;
	}
	summarize(IO_OUT, samples, MB_ITERS);
}

static void bench_io_in(bool have_modem)
{
	volatile uint32_t *m = (volatile uint32_t *)MODEM_BASE;
	uint32_t payload;

	if (!have_modem) {
		not_available(IO_IN, "no modem in the device tree");
		return;
	}
	payload = m[MODEM_PAYLOAD_BYTES / 4];
	wl_check(m[FC_ID / 4] == MODEM_ID && payload && payload <= sizeof(modem_ring) / 2,
		 "io_in: the modem");
	m[MODEM_RING_BASE_LO / 4] = (uint32_t)(uintptr_t)modem_ring;
	m[MODEM_RING_BASE_HI / 4] = (uint32_t)((uintptr_t)modem_ring >> 32);
	m[MODEM_RING_SIZE / 4] = payload * (uint32_t)(sizeof(modem_ring) / payload);
	m[FC_IRQ_ENABLE / 4] = FC_IRQ_FRAME;
	wl_gic_enable(INTID_MODEM, IRQ_PRIO, 0);
	m[FC_CTRL / 4] = FC_CTRL_EN;
	wl_check(m[FC_STATUS / 4] & FC_STATUS_ENABLED, "io_in: the modem refused its ring");
	wl_check(await(&io_count, MB_IO_ITERS), "io_in: frames stopped");
	m[FC_CTRL / 4] = 0;
	summarize(IO_IN, io_samples, MB_IO_ITERS);
}

static void bench_timer_in(void)
{
	uint64_t ahead = TIMER_AHEAD_NS * wl_counter_hz() / 1000000000ul;

	for (unsigned i = 0; i < MB_IO_ITERS; i++) {
		timer_cval = wl_counter() + ahead;
		wl_timer_at(timer_cval);
		wl_check(await(&timer_count, i + 1), "timer_in: the timer did not fire");
	}
	summarize(TIMER_IN, io_samples, MB_IO_ITERS);
}

/*
 * VM 0 wakes VM 1 (a doorbell), then each HYP_YIELD goes to VM 1 and
 * comes back when VM 1 yields in turn: two switches per sample, halved.
 */
static void bench_vm_switch(void)
{
	if (!wl_virtualized() || wl_hvc(HYP_DOORBELL, 1, INTID_PARTNER, 0).x0 != HYP_OK) {
		not_available(VM_SWITCH, "no second VM");
		return;
	}
	wl_hvc(HYP_YIELD, 0, 0, 0);     /* VM 1 takes the doorbell and yields back */
	for (unsigned i = 0; i < MB_ITERS; i++) {
		uint64_t t0 = wl_cycles();

		wl_hvc(HYP_YIELD, 0, 0, 0);
		samples[i] = (wl_cycles() - t0) / 2;
	}
	wl_hvc(HYP_YIELD, 0, 0, 0);     /* VM 1 ends */
	summarize(VM_SWITCH, samples, MB_ITERS);
}

/* VM 1: waits (interrupts masked) for VM 0's doorbell, then yields back each time. */
static _Noreturn void vm_switch_partner(void)
{
	unsigned intid;

	wl_gic_cpu_init(0);
	do
		wl_wfi();
	while ((intid = wl_gic_ack()) >= WL_INTID_SPURIOUS);
	wl_check(intid == INTID_PARTNER, "vm_switch: VM 1 woken by something else");
	wl_gic_eoi(intid);
	for (unsigned i = 0; i < MB_ITERS + 1; i++)
		wl_hvc(HYP_YIELD, 0, 0, 0);
	wl_exit(0);
}

/* --- start-up -------------------------------------------------------------- */

/* Core 1 (vCPU 1): answers pings until the IPI benchmark is over. */
_Noreturn void mb_secondary(unsigned idx)
{
	wl_cycles_start();
	wl_gic_cpu_init(idx);
	wl_gic_enable(SGI_PING, IRQ_PRIO, idx);
	wl_irq_on();
	secondary_up = 1;
	while (!secondary_done)
		;
	for (;;)
		wl_wfi();
}

static void report(void)
{
	wl_metric(WL, "iterations", MB_ITERS, "samples");
	wl_metric(WL, "io_iterations", MB_IO_ITERS, "samples");
	for (unsigned b = 0; b < NR_BENCH; b++) {
		if (results[b].na) {
			wl_puts("note " WL " ");
			wl_puts(results[b].name);
			wl_puts(" n/a: ");
			wl_puts(results[b].na);
			wl_putc('\n');
		} else {
			wl_metric_summary(WL, results[b].name, &results[b].s, "cycles");
		}
	}
}

int mb_main(const void *dtb)
{
	uint64_t modem_at;
	bool have_modem, secondary;

	wl_init();
	if (wl_virtualized() && wl_vm_index() == 1)
		vm_switch_partner();
	if (wl_virtualized())
		wl_hvc(HYP_YIELD, 0, 0, 0);     /* let VM 1 (if any) reach its WFI first */
	have_modem = wl_fdt_find(dtb, "modem", &modem_at) && modem_at == MODEM_BASE;
	wl_gic_cpu_init(0);
	wl_gic_enable(SGI_PONG, IRQ_PRIO, 0);
	wl_gic_enable(WL_INTID_VTIMER, IRQ_PRIO, 0);
	wl_irq_on();
	calibrate();
	secondary = wl_cpu_on(1, (uint64_t)mb_secondary_entry, 1) == 0 && await(&secondary_up, 1);

	bench_null();
	bench_hypercall();
	bench_ic_trap();
	bench_ipi(secondary);
	bench_io_out();
	bench_io_in(have_modem);
	bench_timer_in();
	bench_vm_switch();
	wl_irq_off();
	wl_check(!unexpected, "an unexpected interrupt");
	report();
	return 0;
}
