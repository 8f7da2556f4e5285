# tests/hyp/hyp-tests.mk - the hypervisor's tests, included by Makefile.am.
#
# Guests (tests/hyp/NAME.c + guest.c + guest_crt.S + workloads/lib) are freestanding C at
# EL1, linked by guest.ld at the base of the partition they run in: NAME-vmK.elf
# is linked at 0x48000000 + K * 16 MiB. hyp.sh runs the scenarios through
# `phonesim run --hyp ... --vm ...` and checks what they print;
# hyp_badconfig boots the hypervisor with a corrupt configuration (one the
# CLI would refuse) to test the hypervisor's own checks.

GUEST_BASE_0 = 0x48000000
GUEST_BASE_1 = 0x49000000
GUEST_BASE_2 = 0x4a000000
GUEST_BASE_3 = 0x4b000000
GUEST_CFLAGS = $(TARGET_CC_FLAGS) -mgeneral-regs-only -fno-builtin -I$(srcdir)/hyp \
	-I$(srcdir)/tests/hyp -I$(srcdir)/workloads/lib
GUEST_RUNTIME = tests/hyp/guest.guest.o tests/hyp/guest_crt.guest.o tests/hyp/fpu_ops.guest.o $(WL_LIB)
HYP_GUESTS = \
	tests/hyp/hello-vm0.elf tests/hyp/hello-vm1.elf \
	tests/hyp/victim-vm0.elf \
	tests/hyp/attack1-vm1.elf tests/hyp/attack2-vm1.elf tests/hyp/attack3-vm1.elf \
	tests/hyp/attack4-vm1.elf tests/hyp/attack5-vm1.elf \
	tests/hyp/attack6-vm1.elf tests/hyp/attack7-vm1.elf \
	tests/hyp/nsdisk-vm0.elf tests/hyp/nsdisk-vm1.elf \
	tests/hyp/share-vm0.elf tests/hyp/share-vm1.elf tests/hyp/share-vm2.elf \
	tests/hyp/share-vm3.elf \
	tests/hyp/baseband-vm0.elf tests/hyp/app-vm1.elf \
	tests/hyp/msgq-vm0.elf tests/hyp/msgq-vm1.elf \
	tests/hyp/hostile-vm0.elf tests/hyp/hello-vm2.elf \
	tests/hyp/cost-vm0.elf tests/hyp/cost-vm1.elf \
	tests/hyp/smp-vm0.elf tests/hyp/burst-vm0.elf tests/hyp/burst-vm1.elf \
	tests/hyp/fpu-vm0.elf tests/hyp/fpu-vm1.elf \
	tests/hyp/vgicd-vm0.elf tests/hyp/vgicd-vm1.elf tests/hyp/vgicd-vm2.elf

tests/hyp/%.guest.o: tests/hyp/%.c tests/hyp/guest.h $(WL_DEPS) devices/storage.h
	$(AM_V_CC)$(MKDIR_P) $(@D) && $(TARGET_CC) $(GUEST_CFLAGS) -c -o $@ $<
# attackN: attack.c built with ATTACK=N (see attack.c).
tests/hyp/attack%.guest.o: tests/hyp/attack.c tests/hyp/guest.h $(WL_DEPS)
	$(AM_V_CC)$(MKDIR_P) $(@D) && $(TARGET_CC) $(GUEST_CFLAGS) -DATTACK=$* -c -o $@ $<
tests/hyp/%.guest.o: tests/hyp/%.S workloads/lib/entry.h
	$(AM_V_CC)$(MKDIR_P) $(@D) && $(TARGET_CC) $(TARGET_CC_FLAGS) -I$(srcdir)/workloads/lib -c -o $@ $<

.SECONDARY: $(GUEST_RUNTIME)
.PRECIOUS: tests/hyp/%.guest.o
GUEST_LINK = $(TARGET_LD) $(TARGET_LD_FLAGS) -T $(srcdir)/tests/hyp/guest.ld
tests/hyp/%-vm0.elf: tests/hyp/%.guest.o $(GUEST_RUNTIME) tests/hyp/guest.ld
	$(AM_V_CCLD)$(GUEST_LINK) --defsym=GUEST_BASE=$(GUEST_BASE_0) -o $@ $< $(GUEST_RUNTIME)
tests/hyp/%-vm1.elf: tests/hyp/%.guest.o $(GUEST_RUNTIME) tests/hyp/guest.ld
	$(AM_V_CCLD)$(GUEST_LINK) --defsym=GUEST_BASE=$(GUEST_BASE_1) -o $@ $< $(GUEST_RUNTIME)
tests/hyp/%-vm2.elf: tests/hyp/%.guest.o $(GUEST_RUNTIME) tests/hyp/guest.ld
	$(AM_V_CCLD)$(GUEST_LINK) --defsym=GUEST_BASE=$(GUEST_BASE_2) -o $@ $< $(GUEST_RUNTIME)
tests/hyp/%-vm3.elf: tests/hyp/%.guest.o $(GUEST_RUNTIME) tests/hyp/guest.ld
	$(AM_V_CCLD)$(GUEST_LINK) --defsym=GUEST_BASE=$(GUEST_BASE_3) -o $@ $< $(GUEST_RUNTIME)

check_PROGRAMS += tests/hyp/hyp_badconfig
tests_hyp_hyp_badconfig_SOURCES = tests/hyp/hyp_badconfig.c
tests_hyp_hyp_badconfig_LDADD = $(SIM_LIBS)
check_DATA += $(HYP_GUESTS) $(HYP_IMAGES)
HYP_TESTS = tests/hyp/hyp.sh
CLEANFILES += $(HYP_GUESTS) tests/hyp/*.guest.o
EXTRA_DIST += tests/hyp/guest.ld tests/hyp/guest.h tests/hyp/guest.c tests/hyp/guest_crt.S \
	tests/hyp/fpu_ops.S tests/hyp/fpu.c \
	tests/hyp/hello.c tests/hyp/victim.c tests/hyp/attack.c tests/hyp/share.c \
	tests/hyp/baseband.c tests/hyp/app.c tests/hyp/msgq.c tests/hyp/hostile.c \
	tests/hyp/cost.c tests/hyp/smp.c tests/hyp/burst.c tests/hyp/nsdisk.c tests/hyp/vgicd.c tests/hyp/hyp.sh \
	tests/hyp/hyp-tests.mk
