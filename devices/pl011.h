/*
 * pl011.h - the register map of the ARM PrimeCell UART PL011 r1p5 (ARM DDI
 * 0183G, chapter 3, "Programmers Model"), shared by the model (pl011.c) and
 * its tests.
 *
 * Only names of offsets and fields: the model's state is private to pl011.c,
 * and guests see it through these registers alone.
 */
#ifndef PHONESIM_PL011_H
#define PHONESIM_PL011_H

struct device_type;

/* Register offsets (3.2, Table 3-1). UARTRSR reads where UARTECR is written. */
#define PL011_DR                0x000
#define PL011_RSR               0x004
#define PL011_FR                0x018
#define PL011_ILPR              0x020
#define PL011_IBRD              0x024
#define PL011_FBRD              0x028
#define PL011_LCR_H             0x02c
#define PL011_CR                0x030
#define PL011_IFLS              0x034
#define PL011_IMSC              0x038
#define PL011_RIS               0x03c
#define PL011_MIS               0x040
#define PL011_ICR               0x044
#define PL011_DMACR             0x048
#define PL011_PERIPHID0         0xfe0   /* PeriphID0-3, then PCellID0-3 */
#define PL011_PCELLID0          0xff0
#define PL011_SIZE              0x1000

#define PL011_FIFO_DEPTH        32      /* r1p5; earlier revisions had 16 */

/* UARTDR read: the error bits stored with each received character. */
#define PL011_DR_FE             (1u << 8)
#define PL011_DR_PE             (1u << 9)
#define PL011_DR_BE             (1u << 10)
#define PL011_DR_OE             (1u << 11)

/* UARTRSR */
#define PL011_RSR_OE            (1u << 3)

/* UARTFR */
#define PL011_FR_CTS            (1u << 0)
#define PL011_FR_DSR            (1u << 1)
#define PL011_FR_DCD            (1u << 2)
#define PL011_FR_BUSY           (1u << 3)
#define PL011_FR_RXFE           (1u << 4)
#define PL011_FR_TXFF           (1u << 5)
#define PL011_FR_RXFF           (1u << 6)
#define PL011_FR_TXFE           (1u << 7)
#define PL011_FR_RI             (1u << 8)

/* UARTLCR_H */
#define PL011_LCR_H_BRK         (1u << 0)
#define PL011_LCR_H_PEN         (1u << 1)
#define PL011_LCR_H_EPS         (1u << 2)
#define PL011_LCR_H_STP2        (1u << 3)
#define PL011_LCR_H_FEN         (1u << 4)
#define PL011_LCR_H_WLEN(bits)  ((unsigned)((bits) - 5) << 5)
#define PL011_LCR_H_WLEN_MASK   (3u << 5)
#define PL011_LCR_H_SPS         (1u << 7)

/* UARTCR; bits 6:3 are reserved. */
#define PL011_CR_UARTEN         (1u << 0)
#define PL011_CR_SIREN          (1u << 1)
#define PL011_CR_SIRLP          (1u << 2)
#define PL011_CR_LBE            (1u << 7)
#define PL011_CR_TXE            (1u << 8)
#define PL011_CR_RXE            (1u << 9)
#define PL011_CR_DTR            (1u << 10)
#define PL011_CR_RTS            (1u << 11)
#define PL011_CR_OUT1           (1u << 12)
#define PL011_CR_OUT2           (1u << 13)
#define PL011_CR_RTSEN          (1u << 14)
#define PL011_CR_CTSEN          (1u << 15)

/*
 * UARTIFLS: the transmit (bits 2:0) and receive (bits 5:3) trigger levels,
 * 0 to 4 for 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO; 5 to 7 are reserved.
 */
#define PL011_IFLS_SEL(tx, rx)    ((unsigned)(tx) | (unsigned)(rx) << 3)
#define PL011_IFLS_1_8          0
#define PL011_IFLS_1_4          1
#define PL011_IFLS_1_2          2
#define PL011_IFLS_3_4          3
#define PL011_IFLS_7_8          4

/* Interrupt bits: UARTIMSC, UARTRIS, UARTMIS, UARTICR. */
#define PL011_INT_RI            (1u << 0)
#define PL011_INT_CTS           (1u << 1)
#define PL011_INT_DCD           (1u << 2)
#define PL011_INT_DSR           (1u << 3)
#define PL011_INT_RX            (1u << 4)
#define PL011_INT_TX            (1u << 5)
#define PL011_INT_RT            (1u << 6)
#define PL011_INT_FE            (1u << 7)
#define PL011_INT_PE            (1u << 8)
#define PL011_INT_BE            (1u << 9)
#define PL011_INT_OE            (1u << 10)
#define PL011_INT_ALL           0x7ffu

extern const struct device_type pl011_device;

#endif
