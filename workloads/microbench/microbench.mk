# workloads/microbench/microbench.mk - the virtualization micro-benchmarks,
# included by Makefile.am after workloads/lib/lib.mk.
#
# One program, linked twice: microbench-vm0.elf at 0x4c000000 (natively,
# or VM 0 of the hypervisor) and microbench-vm1.elf at 0x4d000000 (VM 1,
# the VM switch's partner). Samples per benchmark are set at build time:
# `make MICROBENCH_FLAGS="-DMB_ITERS=1024 -DMB_IO_ITERS=64"`.

MICROBENCH_OBJS = workloads/microbench/crt.wl.o workloads/microbench/microbench.wl.o
MICROBENCH_IMAGES = workloads/microbench/microbench-vm0.elf workloads/microbench/microbench-vm1.elf

workloads/microbench/microbench.wl.o: WL_CFLAGS += $(MICROBENCH_FLAGS)
workloads/microbench/microbench-vm0.elf: $(MICROBENCH_OBJS) $(WL_LIB) workloads/lib/workload.ld
	$(AM_V_CCLD)$(WL_LINK) --defsym=WL_BASE=0x4c000000 -o $@ $(MICROBENCH_OBJS) $(WL_LIB)
workloads/microbench/microbench-vm1.elf: $(MICROBENCH_OBJS) $(WL_LIB) workloads/lib/workload.ld
	$(AM_V_CCLD)$(WL_LINK) --defsym=WL_BASE=0x4d000000 -o $@ $(MICROBENCH_OBJS) $(WL_LIB)

noinst_DATA += $(MICROBENCH_IMAGES)
EXTRA_DIST += workloads/microbench/microbench.c workloads/microbench/crt.S \
	workloads/microbench/microbench.mk tests/workloads/microbench.sh
