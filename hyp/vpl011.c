/*
 * vpl011.c - a virtual PL011 per VM (HYP_DEV_VPL011), trapped and
 * emulated: its window is left out of the VM's stage 2, so every access is
 * a stage 2 data abort whose syndrome (ISV = 1: SAS, SRT, WnR) says what
 * to do. UARTDR writes print (line by line, prefixed with the VM's name);
 * UARTFR reads TXFE | RXFE (the transmitter is never full, nothing is ever
 * received); the ID registers read as a PL011 r1p5's; the control
 * registers (UARTIBRD, UARTFBRD, UARTLCR_H, UARTCR, UARTIFLS, UARTIMSC,
 * UARTILPR, UARTDMACR) keep what is written; everything else reads as zero
 * and ignores writes. Registers per ARM DDI 0183 (PL011 TRM), 3.2.
 *
 * Not here: receive, interrupts, timing (a real UART's line time).
 */
#include "hyp.h"

#define UARTDR          0x000
#define UARTFR          0x018
#define UARTFR_TXFE_RXFE 0x90u
#define UART_REGS_END   0x050           /* vpl011_regs covers 0x000 - 0x04c */
#define UART_ID_BASE    0xfe0

static const uint8_t uart_id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* Registers that keep what is written (offset / 4 as a bit). */
#define KEPT            (1u << (0x020 / 4) | 1u << (0x024 / 4) | 1u << (0x028 / 4) | \
			 1u << (0x02c / 4) | 1u << (0x030 / 4) | 1u << (0x034 / 4) | \
			 1u << (0x038 / 4) | 1u << (0x048 / 4))

static const struct hyp_device_config *find(const struct vm *vm, uint64_t ipa)
{
	for (unsigned i = 0; i < vm->cfg->ndevices; i++) {
		const struct hyp_device_config *d = &vm->cfg->device[i];

		if (d->mode == HYP_DEV_VPL011 && range_inside(ipa, 1, d->base, d->size))
			return d;
	}
	return NULL;
}

static uint32_t uart_read(struct vm *vm, uint64_t off)
{
	if (off == UARTFR)
		return UARTFR_TXFE_RXFE;
	if (off < UART_REGS_END && (KEPT & (1u << (off / 4))))
		return vm->vpl011_regs[off / 4];
	if (off >= UART_ID_BASE && off < UART_ID_BASE + 0x20)
		return uart_id[(off - UART_ID_BASE) / 4];
	return 0;
}

static void uart_write(struct vm *vm, uint64_t off, uint32_t value)
{
	if (off == UARTDR) {
		char c = (char)value;

		console_vm_write(vm, &c, 1);
	} else if (off < UART_REGS_END && (KEPT & (1u << (off / 4)))) {
		vm->vpl011_regs[off / 4] = value & 0xffff;
	}
}

/* False when the address is no virtual PL011's, or the access cannot be emulated. */
bool vpl011_access(struct vcpu *v, uint64_t ipa, uint32_t esr)
{
	const struct hyp_device_config *d = find(v->vm, ipa);
	unsigned rt = ISS_SRT(esr);
	uint64_t off;

	if (!d || !(esr & ISS_ISV))
		return false;
	off = (ipa - d->base) & 0xffc;
	if (esr & ISS_WNR) {
		uart_write(v->vm, off, rt == 31 ? 0 : (uint32_t)v->regs.x[rt]);
	} else if (rt != 31) {
		uint32_t value = uart_read(v->vm, off);

		v->regs.x[rt] = ISS_SAS(esr) == 0 ? (uint8_t)value : value;
	}
	return true;
}
