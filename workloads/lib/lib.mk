# workloads/lib/lib.mk - how every workload is built, included by
# Makefile.am before the workloads' own .mk files.
#
# Workload C and assembly compile to NAME.wl.o with WL_CFLAGS: freestanding,
# general registers only (the kernels are fixed-point, as a DSP's are, and
# the RTOS and OS then switch no FP state), the hypervisor's ABI (hyp/) and
# the devices' register headers (devices/) on the include path. Each
# workload links its objects and WL_LIB with WL_LINK at its own base.

WL_LIB_FILES = workloads/lib/console.c workloads/lib/fdt.c workloads/lib/gic.c workloads/lib/platform.c \
	workloads/lib/stats.c workloads/lib/string.c workloads/lib/time.c
WL_LIB = $(WL_LIB_FILES:.c=.wl.o)
WL_CFLAGS = $(TARGET_CC_FLAGS) -mgeneral-regs-only -fno-builtin -I$(srcdir)/workloads/lib \
	-I$(srcdir)/hyp -I$(srcdir)/devices
WL_LINK = $(TARGET_LD) $(TARGET_LD_FLAGS) -T $(srcdir)/workloads/lib/workload.ld
WL_DEPS = workloads/lib/wl.h hyp/abi.h

workloads/%.wl.o: workloads/%.c $(WL_DEPS)
	$(AM_V_CC)$(MKDIR_P) $(@D) && $(TARGET_CC) $(WL_CFLAGS) -I$(srcdir)/$(<D) -c -o $@ $<
workloads/%.wl.o: workloads/%.S workloads/lib/entry.h
	$(AM_V_CC)$(MKDIR_P) $(@D) && $(TARGET_CC) $(WL_CFLAGS) -I$(srcdir)/$(<D) -c -o $@ $<

.PRECIOUS: workloads/%.wl.o
CLEANFILES += workloads/*/*.wl.o workloads/*/*.elf
EXTRA_DIST += $(WL_LIB_FILES) workloads/lib/wl.h workloads/lib/net.h workloads/lib/entry.h workloads/lib/workload.ld workloads/lib/lib.mk \
	workloads/configs.sh tests/workloads/phone.sh
