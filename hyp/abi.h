/*
 * abi.h - what guests and the simulator see of the hypervisor: the
 * hypercall numbers and errors, and the trace port's events.
 *
 * Hypercalls are HVC #0 from EL1 with the SMC Calling Convention (ARM DEN
 * 0028): the function ID in W0, arguments in X1-X5, results in X0 (an
 * error or 0) and X1-X3. IDs are SMC64 fast calls of the "Vendor Specific
 * Hypervisor Service Calls" range (owning entity 6). Usable from C and from
 * assembly. docs/hypervisor.md documents each call.
 */
#ifndef PHONESIM_HYP_ABI_H
#define PHONESIM_HYP_ABI_H

#define HYP_CALL(n)             (0xc6000000 + (n))

#define HYP_CONSOLE_WRITE       HYP_CALL(0)     /* X1 buffer, X2 length -> X1 written */
#define HYP_YIELD               HYP_CALL(1)     /* give up the rest of the slice */
#define HYP_VM_INFO             HYP_CALL(2)     /* -> X1 VM index, X2 vCPU index, X3 nvcpus */
#define HYP_DOORBELL            HYP_CALL(3)     /* X1 VM index, X2 virtual INTID to raise there */
#define HYP_MSGQ_SEND           HYP_CALL(4)     /* X1 queue, X2 buffer, X3 length */
#define HYP_MSGQ_RECV           HYP_CALL(5)     /* X1 queue, X2 buffer, X3 size -> X1 length */
#define HYP_VCPU_ON             HYP_CALL(6)     /* X1 vCPU index, X2 entry, X3 context */
#define HYP_VM_EXIT             HYP_CALL(7)     /* X1 status: the VM is done (does not return) */

/* Errors (X0), SMCCC style: 0 success, negative failure. */
#define HYP_OK                  0
#define HYP_NOT_SUPPORTED       (-1)
#define HYP_INVALID             (-2)    /* a bad id, length or index */
#define HYP_DENIED              (-3)    /* an address outside the caller's partition */
#define HYP_BUSY                (-4)    /* a full queue (send), an empty one (recv) */

/*
 * The trace port: the hypervisor writes events to a 64-bit register pair
 * of an MMIO device (in the spirit of the System Trace Macrocell). A write
 * to TRACE_PORT_DATA0 stages the first word, to TRACE_PORT_EVENT the event
 * word, which records it with the simulated time of the write.
 */
#define TRACE_PORT_DATA0        0x00
#define TRACE_PORT_DATA1        0x08
#define TRACE_PORT_EVENT        0x10

/* Event word: kind in bits [7:0], core in [15:8], the rest per kind. */
#define TRACE_EV_SWITCH         1       /* DATA0 = from vCPU id, DATA1 = to vCPU id, [23:16] reason */
#define TRACE_EV_VM_FAULT       2       /* DATA0 = ESR, DATA1 = FAR; [23:16] VM index: stopped */
#define TRACE_EV_BUDGET         3       /* DATA0 = vCPU id: its budget ran out in this period */

/* Why the scheduler switched (TRACE_EV_SWITCH reason). */
#define SWITCH_PREEMPTED        1
#define SWITCH_BUDGET_EXHAUSTED 2
#define SWITCH_YIELD            3
#define SWITCH_BLOCKED_WFI      4
#define SWITCH_WOKEN            5
#define SWITCH_VM_STOPPED       6

/* A vCPU id in events: VM index in bits [15:8], vCPU index in [7:0]; 0xffff idle. */
#define TRACE_VCPU_ID(vm, vcpu) (((vm) << 8) | (vcpu))
#define TRACE_VCPU_IDLE         0xffff

#endif
