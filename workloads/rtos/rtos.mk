# workloads/rtos/rtos.mk - the baseband VM (workloads/rtos/README.md),
# included by Makefile.am after workloads/lib/lib.mk. One image, linked
# at the baseband partition's base, runs natively and as the VM.

RTOS_SRC = workloads/rtos/crt.S workloads/rtos/sched.c workloads/rtos/timer.c \
	workloads/rtos/sem.c workloads/rtos/queue.c workloads/rtos/irq.c \
	workloads/rtos/kernels/fft.c workloads/rtos/kernels/viterbi.c \
	workloads/rtos/modem.c workloads/rtos/phy.c workloads/rtos/link.c \
	workloads/rtos/net.c workloads/rtos/peer.c workloads/rtos/selftest.c \
	workloads/rtos/main.c
RTOS_HDRS = workloads/rtos/rtos.h workloads/rtos/baseband.h \
	workloads/rtos/kernels/fft.h workloads/rtos/kernels/viterbi.h
RTOS_OBJS = $(patsubst %.S,%.wl.o,$(RTOS_SRC:.c=.wl.o))

# Build-time parameters (baseband.h), e.g. RTOS_CFLAGS=-DRTOS_BLOCK_DIV=8.
$(RTOS_OBJS): WL_CFLAGS += $(RTOS_CFLAGS)
$(RTOS_OBJS): $(RTOS_HDRS) workloads/lib/net.h devices/modem.h devices/frame_clock.h
workloads/rtos/rtos.elf: $(RTOS_OBJS) $(WL_LIB) $(srcdir)/workloads/lib/workload.ld
	$(AM_V_CCLD)$(WL_LINK) --defsym=WL_BASE=0x42000000 -o $@ $(RTOS_OBJS) $(WL_LIB)

noinst_DATA += workloads/rtos/rtos.elf
CLEANFILES += workloads/rtos/kernels/*.wl.o
EXTRA_DIST += $(RTOS_SRC) $(RTOS_HDRS) workloads/rtos/rtos.mk workloads/rtos/README.md \
	tests/workloads/rtos.sh
