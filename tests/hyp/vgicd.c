/*
 * vgicd - the hypervisor's virtual GIC distributor (hyp/vgicd.c) from a
 * guest. The role is the VM's index:
 *   0 owner: given the modem (INTID 40). Its registers read as
 *     documented; disabling a virtual INTID (a doorbell it rings itself)
 *     or Group 1 holds the interrupt back until enabled again; disabling
 *     INTID 40 masks the modem's interrupt until enabled. Then it waits
 *     for the meddler's doorbell (INTID 70) and checks that its modem's
 *     interrupts still arrive and its registers are unchanged.
 *   1 meddler: writes all ones, then zeros, to every word of the window
 *     (disabling "INTID 40", Group 1, ...): RAZ/WI or its own state, so it
 *     is not stopped; it rings the owner's doorbell 70 when done.
 *   2 wrong size: a 16-bit read of GICD_CTLR, which the GIC does not
 *     allow: it is stopped; reaching the line after it is a failure.
 */
#include "guest.h"

#define GICD            0x08000000ul
#define GICD_WINDOW     0x10000u
#define CTLR            0x0000
#define TYPER           0x0004
#define IIDR            0x0008
#define IGROUPR         0x0080
#define ISENABLER       0x0100
#define ICENABLER       0x0180
#define ISPENDR         0x0200
#define IPRIORITYR      0x0400
#define ICFGR           0x0c00
#define IROUTER         0x6000
#define PIDR2           0xffe8

#define MODEM           0x0c000000ul
#define MODEM_CTRL      0x08
#define MODEM_IRQ_STATUS 0x10
#define MODEM_IRQ_ENABLE 0x14
#define MODEM_FRAMES    0x20
#define MODEM_RING_BASE_LO 0x40
#define MODEM_RING_SIZE 0x48
#define MODEM_PAYLOAD   0x4c

#define INTID_MODEM     40
#define INTID_HELD      64
#define INTID_GRP1      65
#define INTID_DONE      70

static volatile unsigned got[128];
static uint8_t ring[4096] __attribute__((aligned(64)));

static uint32_t rd(unsigned off)
{
	return *(volatile uint32_t *)(GICD + off);
}

static void wr(unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(GICD + off) = v;
}

static void modem_set(unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(MODEM + off) = v;
}

static uint32_t modem_reg(unsigned off)
{
	return *(volatile uint32_t *)(MODEM + off);
}

void irq_handler(unsigned intid)
{
	if (intid == INTID_MODEM)
		modem_set(MODEM_IRQ_STATUS, modem_reg(MODEM_IRQ_STATUS));
	if (intid < 128)
		got[intid]++;
}

/* Waits US microseconds of virtual count with interrupts enabled. */
static void spin_us(uint64_t us)
{
	uint64_t end = wl_counter() + us * wl_counter_hz() / 1000000;

	while (wl_counter() < end)
		;
}

/* Waits until *COUNT is non-zero, at most 5 ms: other VMs may hold the core. */
static unsigned wait_for(volatile unsigned *count)
{
	uint64_t end = wl_counter() + 5 * wl_counter_hz() / 1000;

	while (!*count && wl_counter() < end)
		;
	return *count;
}

static void registers(void)
{
	volatile uint8_t *prio = (volatile uint8_t *)(GICD + IPRIORITYR);

	check(rd(CTLR) == 0x52, 2);                             /* DS, ARE, EnableGrp1 */
	check(rd(TYPER) == (3u | 15u << 19 | 1u << 25), 3);     /* 1 vCPU: CPUNumber 0 */
	check(rd(IIDR) == 0x5600043b && rd(PIDR2) == 0x3b, 4);
	check(rd(ISENABLER) == 0 && rd(ISENABLER + 4) == ~0u && rd(ISENABLER + 12) == ~0u &&
	      rd(ICENABLER + 8) == ~0u && rd(ISENABLER + 16) == 0, 5);
	check(rd(IGROUPR) == 0 && rd(IGROUPR + 4) == ~0u, 6);
	check(prio[INTID_MODEM] == 0xa0 && rd(IPRIORITYR + 16) == 0, 7);
	prio[INTID_HELD] = 0x47;                                /* 5 bits kept */
	check(prio[INTID_HELD] == 0x40 && rd(IPRIORITYR + INTID_HELD) == 0xa0a0a040, 8);
	wr(IPRIORITYR + INTID_HELD, 0xa0a0a0a0);
	check(rd(ICFGR + 8) == 0xaaa8aaaa, 9);                  /* 40 level, the rest edge */
	*(volatile uint64_t *)(GICD + IROUTER + 8 * INTID_MODEM) = 0x100000005ul;
	check(*(volatile uint64_t *)(GICD + IROUTER + 8 * INTID_MODEM) == 0, 10);
	wr(ISPENDR + 8, ~0u);
	check(rd(ISPENDR + 8) == 0 && rd(0xfffc) == 0 && rd(0x0010) == 0, 11);
}

static void gating(void)
{
	uint64_t self = wl_hvc(HYP_VM_INFO, 0, 0, 0).x1;

	wr(ICENABLER + 8, 1u << (INTID_HELD - 64));
	check(!(rd(ISENABLER + 8) & 1u << (INTID_HELD - 64)), 12);
	check(hvc0(HYP_DOORBELL, self, INTID_HELD, 0) == 0, 13);
	spin_us(50);
	check(got[INTID_HELD] == 0, 14);
	wr(ISENABLER + 8, 1u << (INTID_HELD - 64));
	check(wait_for(&got[INTID_HELD]) == 1, 15);

	wr(CTLR, 0);
	check(rd(CTLR) == 0x50, 16);
	check(hvc0(HYP_DOORBELL, self, INTID_GRP1, 0) == 0, 17);
	spin_us(50);
	check(got[INTID_GRP1] == 0, 18);
	wr(CTLR, 2);
	check(wait_for(&got[INTID_GRP1]) == 1, 19);

	/* The modem's frames start every 1 ms; its SPI is masked meanwhile. */
	modem_set(MODEM_RING_BASE_LO, (uint32_t)(uint64_t)ring);
	modem_set(MODEM_RING_SIZE, modem_reg(MODEM_PAYLOAD) * (sizeof(ring) / modem_reg(MODEM_PAYLOAD)));
	modem_set(MODEM_IRQ_ENABLE, 1);
	wr(ICENABLER + 4, 1u << (INTID_MODEM - 32));
	modem_set(MODEM_CTRL, 1);
	spin_us(3000);
	check(modem_reg(MODEM_FRAMES) >= 2 && got[INTID_MODEM] == 0, 20);
	wr(ISENABLER + 4, 1u << (INTID_MODEM - 32));
	check(wait_for(&got[INTID_MODEM]) >= 1, 21);
}

static int owner(void)
{
	unsigned before;

	registers();
	irq_enable();
	gating();
	wl_puts("registers as documented; disabled INTIDs held back until enabled\n");
	while (!got[INTID_DONE])
		wl_wfi();
	before = got[INTID_MODEM];
	while (got[INTID_MODEM] < before + 5)
		wl_wfi();
	modem_set(MODEM_CTRL, 0);
	check(rd(CTLR) == 0x52 && rd(ISENABLER + 4) == ~0u, 22);
	wl_puts("after the meddler: modem interrupts 5 more, registers unchanged\n");
	return 0;
}

static int meddler(void)
{
	for (unsigned off = 0; off < GICD_WINDOW; off += 4)
		wr(off, ~0u);
	for (unsigned off = 0; off < GICD_WINDOW; off += 4)
		(void)rd(off);
	for (unsigned off = 0; off < GICD_WINDOW; off += 4)
		wr(off, 0);
	check(rd(CTLR) == 0x50 && rd(ISENABLER + 4) == 0, 30);
	check(hvc0(HYP_DOORBELL, 0, INTID_DONE, 0) == 0, 31);
	wl_puts("wrote and read every word of the distributor: still running\n");
	return 0;
}

int main(void)
{
	switch (wl_hvc(HYP_VM_INFO, 0, 0, 0).x1) {
	case 0:
		return owner();
	case 1:
		return meddler();
	default:
		(void)*(volatile uint16_t *)GICD;
		wl_puts("the access went through\n");
		return 1;
	}
}
