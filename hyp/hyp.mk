# hyp/hyp.mk - the hypervisor image, included by Makefile.am.
#
# hyp/phonesim-hyp.elf is the hypervisor (EL2 code for aarch64-none-elf,
# linked at 0x40000000 by hyp/hyp.ld), with trace-port instrumentation;
# hyp/phonesim-hyp-notrace.elf the same built with HYP_TRACE=0, the
# instrumentation compiled out. Both are built by `make`; each link prints
# the image's footprint (.text + .rodata + .data, the target is 32 KiB)
# from the linker's map (hyp/footprint.sh).
# C is built with -mgeneral-regs-only: the hypervisor never touches FP/SIMD
# registers except to switch them (fp.S), so guests' lazily switched FP
# state is never clobbered.

HYP_C_FILES = hyp/boot.c hyp/console.c hyp/hypercall.c hyp/lib.c hyp/mmu.c \
	hyp/msgq.c hyp/psci.c hyp/sched.c hyp/trace.c hyp/trap.c hyp/vcpu.c \
	hyp/vgic.c hyp/vgicd.c hyp/vm.c hyp/vpl011.c
HYP_ASM_FILES = hyp/entry.S hyp/fp.S
HYP_INCLUDES = hyp/abi.h hyp/config.h hyp/arch.h hyp/hyp.h hyp/layout.h hyp/lock.h \
	hyp/trace.h
HYP_DIST_FILES = $(HYP_C_FILES) $(HYP_ASM_FILES) $(HYP_INCLUDES) hyp/hyp.ld hyp/footprint.sh

HYP_CFLAGS = $(TARGET_CC_FLAGS) -mgeneral-regs-only -fno-builtin -I$(srcdir)/hyp
HYP_OBJECTS = $(HYP_C_FILES:.c=.hyp.o) $(HYP_ASM_FILES:.S=.hyp.o)
HYP_NOTRACE_OBJECTS = $(HYP_C_FILES:.c=.notrace.o) $(HYP_ASM_FILES:.S=.hyp.o)
HYP_IMAGES = hyp/phonesim-hyp.elf hyp/phonesim-hyp-notrace.elf

hyp/%.hyp.o: hyp/%.c $(HYP_INCLUDES)
	$(AM_V_CC)$(MKDIR_P) $(@D) && \
	$(TARGET_CC) $(HYP_CFLAGS) -DHYP_TRACE=1 -c -o $@ $<
hyp/%.notrace.o: hyp/%.c $(HYP_INCLUDES)
	$(AM_V_CC)$(MKDIR_P) $(@D) && \
	$(TARGET_CC) $(HYP_CFLAGS) -DHYP_TRACE=0 -c -o $@ $<
hyp/%.hyp.o: hyp/%.S hyp/layout.h
	$(AM_V_CC)$(MKDIR_P) $(@D) && \
	$(TARGET_CC) $(TARGET_CC_FLAGS) -I$(srcdir)/hyp -c -o $@ $<

hyp/phonesim-hyp.elf: $(HYP_OBJECTS) hyp/hyp.ld hyp/footprint.sh
	$(AM_V_CCLD)$(TARGET_LD) $(TARGET_LD_FLAGS) -T $(srcdir)/hyp/hyp.ld \
		-Map $@.map -o $@ $(HYP_OBJECTS) && \
	$(SHELL) $(srcdir)/hyp/footprint.sh $@.map
hyp/phonesim-hyp-notrace.elf: $(HYP_NOTRACE_OBJECTS) hyp/hyp.ld hyp/footprint.sh
	$(AM_V_CCLD)$(TARGET_LD) $(TARGET_LD_FLAGS) -T $(srcdir)/hyp/hyp.ld \
		-Map $@.map -o $@ $(HYP_NOTRACE_OBJECTS) && \
	$(SHELL) $(srcdir)/hyp/footprint.sh $@.map

hyp-footprint: $(HYP_IMAGES)
	@for m in $(HYP_IMAGES); do $(SHELL) $(srcdir)/hyp/footprint.sh $$m.map; done

CLEANFILES += $(HYP_IMAGES) $(HYP_IMAGES:=.map) $(HYP_OBJECTS) $(HYP_NOTRACE_OBJECTS)
EXTRA_DIST += $(HYP_DIST_FILES) hyp/hyp.mk docs/hypervisor.md
.PHONY: hyp-footprint
