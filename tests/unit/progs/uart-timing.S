/*
 * uart-timing: the PL011's line as a guest sees it, timed with the generic
 * timer (CNTPCT_EL0). test_pl011.c runs it with pl011.rx = "ok\n" and
 * pl011.rx_start_ns = 2000000 and checks what it reports.
 *
 * At EL2: the UART reprogrammed to 100000 baud (UARTCLK 24 MHz, IBRD 15,
 * FBRD 0: one bit 10 us), 8N1 (10 bits: 100 us a character), FIFOs on.
 *   VALUE[0] counter ticks from before "0123456789\n" is written (waiting
 *            while TXFF, which never happens: 1 + 10 characters fit in the
 *            shift register and FIFO) to UARTFR.BUSY clearing
 *   VALUE[1] CNTPCT_EL0 when UARTRIS.RTRIS is first seen set, the received
 *            characters left unread until then
 *   VALUE[2] the three UARTDR reads that follow, 16 bits each, first lowest
 *   VALUE[3] UARTRIS after them
 *   VALUE[4] UARTFR after them
 * then exits 0 through semihosting.
 */
#include "../../target/harness.h"
#include "report.h"

#define UART            0x09000000
#define DR              0x000
#define FR              0x018
#define IBRD            0x024
#define FBRD            0x028
#define LCR_H           0x02c
#define CR              0x030
#define RIS             0x03c

	entry_point
	el2_init vectors, vectors
	report_clear
	li	x20, UART
	str	wzr, [x20, #CR]
	mov	w1, #15
	str	w1, [x20, #IBRD]
	str	wzr, [x20, #FBRD]
	mov	w1, #0x70			/* 8 bits, FIFOs on */
	str	w1, [x20, #LCR_H]
	mov	w1, #0x301			/* UARTEN, TXE, RXE */
	str	w1, [x20, #CR]
	step	1

	la	x1, text
	isb
	mrs	x21, cntpct_el0
1:	ldrb	w2, [x1], #1
	cbz	w2, 3f
2:	ldr	w0, [x20, #FR]
	tbnz	w0, #5, 2b			/* TXFF */
	str	w2, [x20, #DR]
	b	1b
3:	ldr	w0, [x20, #FR]
	tbnz	w0, #3, 3b			/* BUSY */
	isb
	mrs	x22, cntpct_el0
	sub	x22, x22, x21
	report_value 0, x22
	step	2

4:	ldr	w0, [x20, #RIS]
	tbz	w0, #6, 4b			/* RTRIS */
	isb
	mrs	x22, cntpct_el0
	report_value 1, x22
	ldr	w3, [x20, #DR]
	ldr	w4, [x20, #DR]
	ldr	w5, [x20, #DR]
	orr	x3, x3, x4, lsl #16
	orr	x3, x3, x5, lsl #32
	report_value 2, x3
	ldr	w0, [x20, #RIS]
	report_value 3, x0
	ldr	w0, [x20, #FR]
	report_value 4, x0
	step	3
	pass

unexpected:
	unexpected_exception 2, 2

	vector_table vectors, 2, unexpected

	.section .rodata
text:
	.asciz	"0123456789\n"
