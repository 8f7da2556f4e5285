/*
 * uart-hello: a bare-metal hello world through the PL011 at 0x09000000 (the
 * UART of QEMU virt and of phonesim), the way early consoles write: each
 * character stored to UARTDR once UARTFR.TXFF is clear. Not semihosting:
 * only the exit goes through it.
 *
 *   1. The ID registers (ARM DDI 0183G, 3.3.15-3.3.22): UARTPeriphID0-3 =
 *      0x11, 0x10, 0xX4, 0x00 (part number 0x011, designer 0x41; the
 *      revision nibble differs: QEMU reports r1p0, phonesim r1p5) and
 *      UARTPCellID0-3 = 0x0d, 0xf0, 0x05, 0xb1.
 *   2. One line written with 32-bit stores in the state the program finds
 *      the UART in (set up by the firmware on phonesim, never configured on
 *      QEMU).
 *   3. The UART reprogrammed as the TRM says (3.3.8: disable, wait for the
 *      end of transmission, then baud rate, line control, enable): 230400
 *      baud from the 24 MHz UARTCLK (IBRD 6, FBRD 33), 8N1, FIFOs on; the
 *      registers read back what was written.
 *   4. A second line written with byte stores.
 *   5. The transmitter drains: UARTFR.BUSY clears, then TXFE and RXFE set,
 *      TXFF and RXFF clear (nothing is fed to the receiver).
 *
 * The text is checked on phonesim by tests/unit/test_pl011.c (it appears
 * on stdout on both). Every wait is bounded: a UART that never drains fails
 * with its own code instead of hanging.
 */
#include "harness.h"

#define UART            0x09000000
#define DR              0x000
#define FR              0x018
#define IBRD            0x024
#define FBRD            0x028
#define LCR_H           0x02c
#define CR              0x030
#define PERIPHID0       0xfe0
#define FR_BUSY         (1 << 3)
#define FR_RXFE         (1 << 4)
#define FR_TXFF         (1 << 5)
#define FR_RXFF         (1 << 6)
#define FR_TXFE         (1 << 7)
#define LCR_H_8N1_FIFO  0x70            /* WLEN = 8 bits, FEN */
#define CR_ENABLED      0x301           /* UARTEN, TXE, RXE */
#define MAX_POLLS       10000000

/* Fail with \code unless the UART register at \off reads \val. Uses x1. */
.macro check_reg off, val, code, what
	ldr	w1, [x20, #\off]
	check	x1, \val, \code, "\what"
.endm

/*
 * In a routine: waits while UARTFR bit \bit is set; if it stays set for
 * MAX_POLLS reads, returns with x0 = 1. Clobbers x0, x3.
 */
.macro wait_fr_clear bit
	ldr	x3, =MAX_POLLS
.Lfr_poll\@:
	ldr	w0, [x20, #FR]
	tbz	w0, #\bit, .Lfr_clear\@
	subs	x3, x3, #1
	b.ne	.Lfr_poll\@
	mov	x0, #1
	ret
.Lfr_clear\@:
.endm

	start_el2 vectors, vectors
	li	x20, UART

	check_reg PERIPHID0 + 0x00, 0x11, 2, "UARTPeriphID0"
	check_reg PERIPHID0 + 0x04, 0x10, 3, "UARTPeriphID1"
	ldr	w1, [x20, #PERIPHID0 + 0x08]
	and	w1, w1, #0xf
	check	x1, 0x4, 4, "UARTPeriphID2 designer bits"
	check_reg PERIPHID0 + 0x0c, 0x00, 5, "UARTPeriphID3"
	check_reg PERIPHID0 + 0x10, 0x0d, 6, "UARTPCellID0"
	check_reg PERIPHID0 + 0x14, 0xf0, 7, "UARTPCellID1"
	check_reg PERIPHID0 + 0x18, 0x05, 8, "UARTPCellID2"
	check_reg PERIPHID0 + 0x1c, 0xb1, 9, "UARTPCellID3"

	la	x1, line1
	bl	puts_word
	cbz	x0, 1f
	fail	10, "UARTFR.TXFF stuck during the first line"
1:	bl	drain
	cbz	x0, 2f
	fail	11, "UARTFR.BUSY stuck after the first line"

2:	str	wzr, [x20, #CR]
	mov	w1, #6
	str	w1, [x20, #IBRD]
	mov	w1, #33
	str	w1, [x20, #FBRD]
	mov	w1, #LCR_H_8N1_FIFO
	str	w1, [x20, #LCR_H]
	mov	w1, #CR_ENABLED
	str	w1, [x20, #CR]
	check_reg IBRD, 6, 12, "UARTIBRD read back"
	check_reg FBRD, 33, 13, "UARTFBRD read back"
	check_reg LCR_H, LCR_H_8N1_FIFO, 14, "UARTLCR_H read back"
	check_reg CR, CR_ENABLED, 15, "UARTCR read back"

	la	x1, line2
	bl	puts_byte
	cbz	x0, 3f
	fail	16, "UARTFR.TXFF stuck during the second line"
3:	bl	drain
	cbz	x0, 4f
	fail	17, "UARTFR.BUSY stuck after the second line"
4:	ldr	w1, [x20, #FR]
	and	w1, w1, #(FR_BUSY | FR_RXFE | FR_TXFF | FR_RXFF | FR_TXFE)
	check	x1, (FR_TXFE | FR_RXFE), 18, "UARTFR once drained"
	pass

/*
 * puts_word / puts_byte: write the string at x1 to UARTDR (x20), waiting
 * while TXFF is set before each character, with 32-bit or 8-bit stores.
 * x0 = 0, or 1 if TXFF stayed set for MAX_POLLS reads. Clobbers x1-x4.
 */
puts_word:
	mov	x4, #0
	b	puts
puts_byte:
	mov	x4, #1
puts:
	ldrb	w2, [x1], #1
	cbz	w2, 3f
	wait_fr_clear 5				/* TXFF */
	cbnz	x4, 4f
	str	w2, [x20, #DR]
	b	puts
4:	strb	w2, [x20, #DR]
	b	puts
3:	mov	x0, #0
	ret

/* drain: wait until UARTFR.BUSY is clear; x0 = 0, or 1 after MAX_POLLS reads. */
drain:
	wait_fr_clear 3				/* BUSY */
	mov	x0, #0
	ret

	.ltorg

unexpected:
	unexpected_exception 2, 19

	vector_table vectors, 2, unexpected

	.section .rodata
line1:
	.asciz	"uart-hello: hello from the PL011, as the program found it\n"
line2:
	.asciz	"uart-hello: and again at 230400 baud, 8N1, FIFOs on\n"
