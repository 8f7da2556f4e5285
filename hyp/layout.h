/*
 * layout.h - numbers that both the assembly (entry.S) and the C code need:
 * stack size and the offsets entry.S uses in struct pcpu and struct vcpu.
 * hyp.h checks the offsets against the structures at compile time.
 */
#ifndef HYP_LAYOUT_H
#define HYP_LAYOUT_H

#define HYP_STACK_SIZE  0x2000          /* per core */
#define PCPU_CUR        0               /* struct pcpu.cur */
#define PCPU_STACK_TOP  8               /* struct pcpu.stack_top */
#define REGS_SP_EL0     248             /* struct guest_regs.sp_el0 */
#define REGS_PC         256             /* struct guest_regs.pc, then .pstate */

#endif
