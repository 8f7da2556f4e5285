/*
 * timing-s2: two-dimensional table walks under stage 2, and TLBI
 * VMALLS12E1 from EL2, as the timing model's TLBs see them.
 *
 * EL2 builds both stages' identity tables, 4 KiB granule, all levels used:
 *   stage 2 (VTCR_EL2: T0SZ 20, SL0 2, PS 44 bits: walks start at level 0;
 *   VTTBR_EL2.VMID = VMID)
 *     0x40000000-0x401fffff  level 3 pages: the image, stacks and every
 *                            table (stage 1's tables are IPAs: 4 descriptors)
 *     DATA_PAGE(0), (1)      level 3 pages: 4 descriptors
 *     BLOCK_DATA 2 MiB       a level 2 block: 3 descriptors
 *   stage 1 (TCR_EL1: T0SZ 16: walks start at level 0; ASID 0)
 *     0x40000000-0x407fffff  level 2 blocks: 3 descriptors
 *     DATA_PAGE(0), (1)      level 3 pages: 4 descriptors
 *     BLOCK_DATA 2 MiB       a level 2 block: 3 descriptors
 * then sets HCR_EL2.VM and enters EL1 (MMU on), whose windows (each ends
 * in a pause) are
 *   1  from EL2 to the first pause
 *   2  load from DATA_PAGE(0)
 *   3  load from DATA_PAGE(0)
 *   4  load from DATA_PAGE(1)
 *   5  load from BLOCK_DATA
 *   6  HVC: EL2 executes TLBI VMALLS12E1, DSB ISH, ISB and returns
 *   7  load from DATA_PAGE(0)
 * and exits 0. The code of windows 2-7 is in the 4 KiB page of pause 1.
 */
#include "../../target/harness.h"
#include "report.h"
#include "timing-progs.h"

#define PAGE            0x1000
/* The line of a data page the windows load: L1D sets 16 and 80, clear of the tables'. */
#define DATA_LINE       0x400

/* Descriptors: stage 1 and stage 2 share the type bits and AF. */
#define D_TABLE         0x3
#define D_BLOCK         0x1
#define D_PAGE          0x3
#define D_AF            (1 << 10)
#define D_SH_INNER      (3 << 8)
#define S1_MEM          (D_AF | D_SH_INNER)             /* AttrIndx 0, EL1 RW */
#define S2_MEM          (D_AF | D_SH_INNER | (3 << 6) | (0xf << 2)) /* S2AP RW, Normal WB */

/*
 * The tables: pages from x19, __pt_start rounded up to 8 KiB, so that a
 * table's first 64-byte line falls in L1D set 0 for an even page and set
 * 64 for an odd one (32 KiB, 4 ways: 128 sets of 64 bytes). A data walk
 * reads entries 0, 1, 4 and 5 of the L0 to L2 tables, all in first lines:
 * stage 2's L1 and L2 share set 0 (with the first line of its image
 * table, which only code walks read), stage 1's L0, L1 and L2 set 64;
 * stage 2's L0 table (32 entries) is the second half of its page, and the
 * data pages' level 3 entries are in second lines. So the lines one walk
 * reads all stay in the L1D: a set of 4 ways never evicts the last two
 * lines it used, and no set holds more than three of them.
 */
#define S2_L1           0
#define S1_L0           1
#define S2_L2           2
#define S1_L1           3
#define S2_L3_IMAGE     4
#define S1_L2           5
#define S2_L0_PAGE      6
#define S2_L0_OFFSET    0x800
#define S2_L3_DATA      7
#define S1_L3_DATA      8
#define TABLES          9

#define VTCR_VALUE      ((1 << 31) | (4 << 16) | (3 << 12) | (1 << 10) | (1 << 8) | (2 << 6) | 20)
#define TCR_VALUE       (16 | (1 << 8) | (1 << 10) | (3 << 12) | (16 << 16) | (1 << 23) | \
			 (2 << 30) | (4 << 32))
#define MAIR_VALUE      0xff

/* \reg = address of table \n. */
.macro table reg, n
	add	\reg, x19, #(\n * PAGE)
.endm

/* Entry \index of table \n = table \to | D_TABLE. Clobbers x0, x1. */
.macro link n, index, to
	table	x0, \n
	table	x1, \to
	orr	x1, x1, #D_TABLE
	str	x1, [x0, #(\index * 8)]
.endm

/* Entry \index of table \n = \value. Clobbers x0, x1. */
.macro entry n, index, value
	table	x0, \n
	li	x1, \value
	str	x1, [x0, #(\index * 8)]
.endm

	.section .text.boot, "ax"
	.global	_start
_start:
	el2_init vectors_el2, vectors_el1
	la	x19, __pt_start
	mov	x0, #0x1fff
	add	x19, x19, x0
	and	x19, x19, #~0x1fff
	mov	x0, x19
	mov	x1, #(TABLES * PAGE / 16)
1:	stp	xzr, xzr, [x0], #16
	subs	x1, x1, #1
	b.ne	1b

	/* Stage 2. */
	table	x0, S2_L0_PAGE
	table	x1, S2_L1
	orr	x1, x1, #D_TABLE
	str	x1, [x0, #S2_L0_OFFSET]
	link	S2_L1, 1, S2_L2
	link	S2_L2, L2_INDEX(0x40000000), S2_L3_IMAGE
	link	S2_L2, L2_INDEX(DATA_PAGE(0)), S2_L3_DATA
	entry	S2_L2, L2_INDEX(BLOCK_DATA), (BLOCK_DATA | S2_MEM | D_BLOCK)
	table	x0, S2_L3_IMAGE
	li	x1, (0x40000000 | S2_MEM | D_PAGE)
	mov	x2, #512
2:	str	x1, [x0], #8
	add	x1, x1, #PAGE
	subs	x2, x2, #1
	b.ne	2b
	entry	S2_L3_DATA, L3_INDEX(DATA_PAGE(0)), (DATA_PAGE(0) | S2_MEM | D_PAGE)
	entry	S2_L3_DATA, L3_INDEX(DATA_PAGE(1)), (DATA_PAGE(1) | S2_MEM | D_PAGE)

	/* Stage 1. */
	link	S1_L0, 0, S1_L1
	link	S1_L1, 1, S1_L2
	table	x0, S1_L2
	li	x1, (0x40000000 | S1_MEM | D_BLOCK)
	mov	x2, #4
3:	str	x1, [x0], #8
	add	x1, x1, #0x200000
	subs	x2, x2, #1
	b.ne	3b
	link	S1_L2, L2_INDEX(DATA_PAGE(0)), S1_L3_DATA
	entry	S1_L2, L2_INDEX(BLOCK_DATA), (BLOCK_DATA | S1_MEM | D_BLOCK)
	entry	S1_L3_DATA, L3_INDEX(DATA_PAGE(0)), (DATA_PAGE(0) | S1_MEM | D_PAGE)
	entry	S1_L3_DATA, L3_INDEX(DATA_PAGE(1)), (DATA_PAGE(1) | S1_MEM | D_PAGE)
	dsb	ish

	li	x0, VTCR_VALUE
	msr	vtcr_el2, x0
	table	x0, S2_L0_PAGE
	add	x0, x0, #S2_L0_OFFSET
	orr	x0, x0, #(VMID << 48)
	msr	vttbr_el2, x0
	li	x0, MAIR_VALUE
	msr	mair_el1, x0
	li	x0, TCR_VALUE
	msr	tcr_el1, x0
	table	x0, S1_L0
	msr	ttbr0_el1, x0
	li	x0, (SCTLR_EL1_BASE | SCTLR_M | SCTLR_C | SCTLR_I)
	msr	sctlr_el1, x0
	li	x0, (HCR_RW | HCR_VM)
	msr	hcr_el2, x0
	isb
	tlbi	vmalls12e1
	dsb	ish
	isb
	li	x20, (DATA_PAGE(0) + DATA_LINE)
	li	x21, (DATA_PAGE(1) + DATA_LINE)
	li	x22, BLOCK_DATA
	eret_to	2, el1_windows, (PSR_DAIF | PSR_M_EL1h)

	.ltorg
	.balign	64
el1_windows:
	pause					/* 1 */
	ldr	x0, [x20]
	pause					/* 2 */
	ldr	x0, [x20]
	pause					/* 3 */
	ldr	x0, [x21]
	pause					/* 4 */
	ldr	x0, [x22]
	pause					/* 5 */
	hvc	#0
	pause					/* 6 */
	ldr	x0, [x20]
	pause					/* 7 */
	pass

el2_hvc:
	tlbi	vmalls12e1
	dsb	ish
	isb
	handler_return 2

el1_unexpected:
	unexpected_exception 1, 10

	vector_table vectors_el2, 2, el2_hvc
	vector_table vectors_el1, 1, el1_unexpected
