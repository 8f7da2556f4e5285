/*
 * trace-port: the hypervisor's side of the trace port (hyp/abi.h), at EL2
 * on core 0, with the stores a hypervisor makes: STP of both data
 * registers and a 32-bit event (a switch from idle to VM 1's vCPU 0,
 * woken); 64-bit STRs of ESR and FAR and a 64-bit event word (VM 1
 * stopped for a fault: the word's high half, 0xdead, is reserved); a
 * 32-bit write of DATA0's low half, which zero-extends (VM 1's vCPU 0 out
 * of budget). test_trace_port.c checks what the port recorded.
 */
#include "../../target/harness.h"
#include "../../../hyp/abi.h"

#define PORT            0x0c040000      /* PLAT_TRACE_PORT_BASE */
#define ESR_DABT        0x92000046
#define FAR_HIGH        0xffff000012345678

	entry_point
	expect_el 2, 1
	li	x1, PORT
	li	x2, TRACE_VCPU_IDLE
	li	x3, TRACE_VCPU_ID(1, 0)
	stp	x2, x3, [x1, #TRACE_PORT_DATA0]
	li	x4, (TRACE_EV_SWITCH | (SWITCH_WOKEN << 16))
	str	w4, [x1, #TRACE_PORT_EVENT]

	li	x2, ESR_DABT
	li	x3, FAR_HIGH
	str	x2, [x1, #TRACE_PORT_DATA0]
	str	x3, [x1, #TRACE_PORT_DATA1]
	li	x4, ((0xdead << 32) | TRACE_EV_VM_FAULT | (1 << 16))
	str	x4, [x1, #TRACE_PORT_EVENT]

	li	x2, TRACE_VCPU_ID(1, 0)
	str	w2, [x1, #TRACE_PORT_DATA0]
	mov	w4, #TRACE_EV_BUDGET
	str	w4, [x1, #TRACE_PORT_EVENT]
	pass
