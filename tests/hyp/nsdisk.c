/*
 * nsdisk - a VM given one storage namespace (pass=storage:N) drives it
 * as it would the whole device: its frame at 0x0C020000, its interrupt
 * INTID 42. With another such VM in partition K ^ 1 it checks that:
 *   - its LBA 0 holds what it wrote (a block of the byte BASE >> 24, 'H'
 *     for partition 0, 'I' for 1), after the other VM has written its own;
 *   - a command past its CAPACITY ends with RANGE;
 *   - a READ into the other VM's partition ends with BAD_BUFFER, and the
 *     other VM's canary there is intact at the end;
 *   - every completion came as one interrupt 42, none other.
 * Not here: what the hypervisor stops (attack.c 6, 7 reach the frames a
 * VM was not given).
 */
#include "guest.h"
#include "../../devices/storage.h"

#define STORAGE         0x0c020000ul
#define INTID_STORAGE   42
#define INTID_VTIMER    27              /* the backstop of each wait */
#define PARTITION       0x1000000ul     /* 16 MiB, as hyp.sh gives */
#define CANARY_OFF      0x800000ul
#define CANARY          0x5afe5afe5afe5afeul
#define BLOCK           4096

static volatile unsigned dones, others;
static uint8_t out[BLOCK] __attribute__((aligned(BLOCK)));
static uint8_t in[BLOCK] __attribute__((aligned(BLOCK)));

static uint32_t reg(unsigned off)
{
	return *(volatile uint32_t *)(STORAGE + off);
}

static void set(unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(STORAGE + off) = v;
}

void irq_handler(unsigned intid)
{
	if (intid == INTID_VTIMER) {
		wl_timer_stop();
		return;
	}
	if (intid != INTID_STORAGE) {
		others++;
		return;
	}
	set(STORAGE_INT_STATUS, STORAGE_INT_DONE);
	dones++;
}

/* One command, waited for by its interrupt (at most 10 ms): its STATUS.ERROR. */
static uint32_t command(uint32_t op, uint64_t lba, uint64_t buf)
{
	unsigned before = dones;
	uint64_t end = wl_counter() + wl_counter_hz() / 100;

	set(STORAGE_LBA_LO, (uint32_t)lba);
	set(STORAGE_LBA_HI, (uint32_t)(lba >> 32));
	set(STORAGE_BUF_LO, (uint32_t)buf);
	set(STORAGE_BUF_HI, (uint32_t)(buf >> 32));
	set(STORAGE_COUNT, 1);
	__asm__ volatile("dsb st" ::: "memory");
	set(STORAGE_CMD, op);
	while (dones == before) {
		check(wl_counter() < end, 10);
		wl_timer_after(wl_counter_hz() / 1000);
		wl_wfi();
	}
	wl_timer_stop();
	check(!(reg(STORAGE_STATUS) & STORAGE_STATUS_BUSY), 11);
	return (reg(STORAGE_STATUS) & STORAGE_STATUS_ERROR_MASK) >> STORAGE_STATUS_ERROR_SHIFT;
}

/* Busy-waits ms of virtual time: the other VM gets the core meanwhile. */
static void pause_ms(uint64_t ms)
{
	uint64_t end = wl_counter() + wl_counter_hz() / 1000 * ms;

	while (wl_counter() < end)
		;
}

int main(void)
{
	uint64_t base = (uint64_t)&main & ~(PARTITION - 1);
	uint64_t other = base ^ PARTITION;
	volatile uint64_t *canary = (volatile uint64_t *)(base + CANARY_OFF);
	uint8_t mine = (uint8_t)(base >> 24);
	uint64_t blocks;

	*canary = CANARY;
	check(reg(STORAGE_ID) == STORAGE_ID_VALUE, 2);
	blocks = reg(STORAGE_CAPACITY_LO) | (uint64_t)reg(STORAGE_CAPACITY_HI) << 32;
	set(STORAGE_INT_ENABLE, STORAGE_INT_DONE);
	irq_enable();

	for (unsigned i = 0; i < BLOCK; i++)
		out[i] = mine;
	check(command(STORAGE_OP_WRITE, 0, (uint64_t)out) == STORAGE_ERR_NONE, 3);
	pause_ms(2);            /* the other VM writes its LBA 0 meanwhile */
	check(command(STORAGE_OP_READ, 0, (uint64_t)in) == STORAGE_ERR_NONE, 4);
	for (unsigned i = 0; i < BLOCK; i++)
		check(in[i] == mine, 5);
	check(command(STORAGE_OP_READ, blocks, (uint64_t)in) == STORAGE_ERR_RANGE, 6);
	check(command(STORAGE_OP_READ, blocks - 1, (uint64_t)in) == STORAGE_ERR_NONE, 7);
	check(command(STORAGE_OP_READ, 0, other + CANARY_OFF) == STORAGE_ERR_BAD_BUFFER, 8);
	pause_ms(2);            /* the other VM's attempt on this canary is over */
	check(*canary == CANARY, 9);
	wl_puts("namespace of ");
	wl_put_u(blocks);
	wl_puts(" blocks: own LBA 0, RANGE, BAD_BUFFER; interrupts 42: ");
	wl_put_u(dones);
	wl_puts(", others: ");
	wl_put_u(others);
	wl_putc('\n');
	check(dones == 5 && others == 0, 12);   /* one per command */
	return 0;
}
