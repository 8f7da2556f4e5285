# workloads/appos/appos.mk - the application VM's OS and its apps, included
# by Makefile.am after workloads/lib/lib.mk. One set of objects linked twice:
# the personal persona at 0x44000000 and the work persona at 0x48000000
# (the workloads' memory map: each links at its VM partition's base). crt.wl.o must be
# linked first: its .data starts the page the kernel's writable data begins at.
#
# Build-time parameters (appos.h): make APPOS_CONFIG='-DAPPOS_RUN_MS=1000'.

APPOS_C_OBJS = workloads/appos/main.wl.o workloads/appos/mmu.wl.o workloads/appos/task.wl.o \
	workloads/appos/sched.wl.o workloads/appos/trap.wl.o workloads/appos/syscall.wl.o \
	workloads/appos/irq.wl.o workloads/appos/timer.wl.o workloads/appos/report.wl.o \
	workloads/appos/display.wl.o workloads/appos/storage.wl.o \
	workloads/appos/pagecache.wl.o workloads/appos/net.wl.o workloads/appos/netloop.wl.o \
	workloads/appos/gfx.wl.o workloads/appos/app_ui.wl.o workloads/appos/app_compute.wl.o \
	workloads/appos/app_storage.wl.o workloads/appos/app_net.wl.o \
	workloads/appos/app_probe.wl.o
APPOS_DEPS = workloads/appos/appos.h workloads/appos/kernel.h workloads/appos/usys.h \
	workloads/appos/gfx.h workloads/lib/net.h
APPOS_OBJS = workloads/appos/crt.wl.o workloads/appos/vectors.wl.o $(APPOS_C_OBJS)
APPOS_IMAGES = workloads/appos/appos-personal.elf workloads/appos/appos-work.elf
APPOS_CONFIG =

$(APPOS_OBJS): $(APPOS_DEPS)
$(APPOS_OBJS): WL_CFLAGS += $(APPOS_CONFIG)

workloads/appos/appos-personal.elf: $(APPOS_OBJS) $(WL_LIB) $(srcdir)/workloads/lib/workload.ld
	$(AM_V_CCLD)$(WL_LINK) --defsym=WL_BASE=0x44000000 -o $@ $(APPOS_OBJS) $(WL_LIB)
workloads/appos/appos-work.elf: $(APPOS_OBJS) $(WL_LIB) $(srcdir)/workloads/lib/workload.ld
	$(AM_V_CCLD)$(WL_LINK) --defsym=WL_BASE=0x48000000 -o $@ $(APPOS_OBJS) $(WL_LIB)

noinst_DATA += $(APPOS_IMAGES)
EXTRA_DIST += workloads/appos/crt.S workloads/appos/vectors.S $(APPOS_C_OBJS:.wl.o=.c) $(APPOS_DEPS) workloads/appos/appos.mk \
	tests/workloads/appos.sh
