/*
 * main.c - the baseband VM's start-up and report: runs the kernels' self-
 * tests, sets up the modem, the frame chain and the control plane (with
 * the stand-in peer natively), starts the RTOS, and after the run's frames
 * (the device tree's duration in modem periods, else RTOS_FRAMES) prints
 * the metric lines and checks the run: its own counts of
 * met and missed frames against the modem's registers (the truth), every
 * frame's CRC, OFDM and decoding checks, the modem's uplink and doorbell
 * error counters. Misses are reported, not failures: a heavy load makes
 * them, and the test decides what it expects.
 */
#include "baseband.h"
#include "modem.h"
#include "wl.h"

#define DRAIN_US        1000            /* after the last frame, for packets in flight */
#define DRAIN_ROUNDS    3

struct bb_stats bb;
static struct rtos_task main_task;
static uint8_t main_stack[8192] __attribute__((aligned(16)));

static void metric(const char *name, uint64_t v, const char *unit)
{
	wl_metric(WORKLOAD, name, v, unit);
}

static void report(void)
{
	uint32_t frames = modem_reg(FC_FRAMES), met = modem_reg(FC_MET);
	uint32_t missed = modem_reg(FC_MISSED), overruns = modem_reg(FC_OVERRUNS);
	uint64_t done = bb.met + bb.late, lost = frames - bb.seen;
	uint64_t our_missed = bb.late + bb.abandoned + bb.dropped + lost;
	struct wl_summary ls = modem_load();

	metric("virtualized", wl_virtualized(), "bool");
	metric("payload_bytes", modem_payload_bytes(), "B");
	metric("block_bits", 8 * phy_tb_bytes(), "bit");
	metric("frames", frames, "frames");
	metric("met", met, "frames");
	metric("missed", missed, "frames");
	metric("overruns", overruns, "frames");
	metric("late", bb.late, "frames");
	metric("abandoned", bb.abandoned + bb.dropped, "frames");
	metric("latency_mean", done ? bb.lat_sum / done : 0, "ns");
	metric("latency_max", bb.lat_max, "ns");
	metric("load_mean", ls.mean, "bp");
	metric("load_max", ls.max, "bp");
	metric("peers", bb.peers, "peers");
	metric("packets_up", bb.pkts_up, "packets");
	metric("packets_down", bb.pkts_down, "packets");
	metric("acks_down", bb.acks_down, "packets");
	metric("acks_up", bb.acks_in, "packets");
	metric("packet_errors", bb.pkt_errors, "packets");
	metric("packets_dropped", bb.down_dropped + bb.tx_timeouts, "packets");
	metric("packets_unsent", bb.pkts_unsent, "packets");
	metric("queue_full_waits", bb.busy_waits, "waits");
	metric("injected_bit_errors", bb.injected, "bits");
	metric("crc_errors", bb.crc_errors, "frames");
	metric("fft_bit_errors", bb.fft_bit_errors, "bits");
	metric("fec_errors", bb.fec_errors, "frames");
	metric("fft_checksum", bb.fft_checksum, "hash");
	metric("viterbi_checksum", bb.vit_checksum, "hash");
	metric("selftest", 1, "passed");

	wl_check(bb.met == met, "frames met: our count is not the modem's");
	wl_check(our_missed == missed, "frames missed: our count is not the modem's");
	wl_check(frames == met + missed, "a frame still open after the modem stopped");
	wl_check(!done || bb.lat_max == modem_reg(FC_MAX_LATENCY), "max latency is not the modem's");
	wl_check(bb.crc_errors == 0, "a payload failed its CRC");
	wl_check(bb.fft_bit_errors == 0, "the OFDM link lost bits");
	wl_check(bb.fec_errors == 0, "Viterbi left errors");
	wl_check(modem_reg(MODEM_UL_ERRORS) == 0 && bb.modem_errors == 0, "the modem refused an uplink");
	wl_check(modem_reg(MODEM_DOORBELL_ERRORS) == 0, "a doorbell named no open frame");
	wl_check(rtos_irq_stray() == 0, "an interrupt nobody registered");
	if (!wl_virtualized())
		wl_check(bb.pkt_errors == peer_bad_sent, "bad packets: not those the peer sent");
}

static void main_loop(void *unused)
{
	(void)unused;
	modem_enable();
	rtos_sem_take(&run_done, RTOS_FOREVER);
	if (!wl_virtualized())
		peer_stop();
	/*
	 * No frame takes uplink packets any more: empty the pool, so that
	 * net-rx (blocked on it under back-pressure) gets to the packets
	 * still queued, and every one is counted before the report.
	 */
	for (unsigned i = 0; i < DRAIN_ROUNDS; i++) {
		bb.pkts_unsent += net_flush_uplink();
		rtos_sleep(DRAIN_US * wl_counter_hz() / 1000000);
	}
	report();
	wl_exit(0);
}

/* The run: the device tree's duration in whole frame periods (at least one), else RTOS_FRAMES. */
static uint64_t run_frames(const void *dtb)
{
	uint64_t duration = wl_duration_us(dtb), period = modem_reg(MODEM_PERIOD_US);

	if (!duration)
		return RTOS_FRAMES;
	return duration >= period ? duration / period : 1;
}

_Noreturn void rtos_main(const void *dtb)
{
	uint64_t modem_at, frames;

	wl_init();
	wl_gic_cpu_init(0);
	if (wl_fdt_find(dtb, "modem", &modem_at))
		wl_check(modem_at == 0x0c000000, "the device tree puts the modem elsewhere");
	frames = run_frames(dtb);
	fft_init();
	vit_init();
	selftest_run();
	modem_init();
	phy_init(frames);
	net_init(link_init());
	if (!wl_virtualized())
		peer_start();
	rtos_task_create(&main_task, "main", PRIO_MAIN, main_loop, NULL, main_stack,
			 sizeof(main_stack));
	rtos_start();
}
