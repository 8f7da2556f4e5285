/*
 * phy.c - the frame chain: four tasks, one stage each, passing the frame's
 * job along message queues.
 *
 *   crc  checks the whole payload against FRAME_CRC and takes the
 *        transport block (payload_bytes / RTOS_BLOCK_DIV bytes) from it;
 *   fft  plays the radio link and the OFDM receiver: the block is
 *        convolutionally encoded, QPSK-mapped onto 256 subcarriers per
 *        OFDM symbol, brought to the time domain (inverse FFT, scaled),
 *        back to subcarriers (forward FFT) and demapped to soft bits, then
 *        a deep fade flips one coded bit in every FADE_SPACING;
 *   fec  Viterbi-decodes the soft bits and checks the decoded block is
 *        the transport block;
 *   ul   builds the uplink (a header and the app VMs' packets), rings the
 *        doorbell, and sends the block downlink to the app VMs.
 *
 * The modem model delivers already decoded bytes, so the chain re-creates
 * the received signal from them and runs the receiver on it: the work and
 * its checks are those of a physical layer, and every frame is verified
 * bit for bit. A stage finding its frame no longer open (a newer one has
 * started, or the modem was stopped) abandons it: the modem has counted
 * it missed.
 */
#include "baseband.h"
#include "modem.h"
#include "wl.h"

#define OFDM_LOG2       8
#define OFDM_N          (1u << OFDM_LOG2)
#define QPSK_AMPLITUDE  4096            /* Q15 0.125: headroom for the unscaled forward FFT */
#define SOFT_SHIFT      6               /* Q15 -> soft values of magnitude 64 */
#define FADE_SPACING    48              /* coded bits per injected error */
#define UL_MAX_PKTS     4

struct ul_header {
	uint32_t frame, crc_ok, fec_ok, tb_crc, npkts, reserved[3];
};

static struct {
	struct ul_header h;
	struct net_packet pkts[UL_MAX_PKTS];
} uplink __attribute__((aligned(64)));

static struct job *fft_slots[NJOBS], *fec_slots[NJOBS], *ul_slots[NJOBS];
static struct rtos_queue job_fft, job_fec, job_ul;
static struct rtos_task crc_task, fft_task, fec_task, ul_task;
static uint8_t stacks[4][4096] __attribute__((aligned(16)));
static uint64_t decisions[TB_MAX_BITS + VIT_TAIL];
static struct cq15 ofdm[OFDM_N];
static size_t tb_bytes, payload_bytes;
static uint64_t frames_to_run;
struct rtos_sem run_done;

size_t phy_tb_bytes(void)
{
	return tb_bytes;
}

static void job_finish(struct job *job)
{
	if (++bb.finished == frames_to_run) {
		modem_stop();
		rtos_sem_give(&run_done);
	}
	rtos_queue_send(&job_free, &job, RTOS_FOREVER);
}

/* Takes the next job from Q; abandons (and skips) those whose frame is over. */
static struct job *next_job(struct rtos_queue *q)
{
	struct job *job;

	for (;;) {
		rtos_queue_recv(q, &job, RTOS_FOREVER);
		if (modem_frame_open(job->frame))
			return job;
		bb.abandoned++;
		job_finish(job);
	}
}

static void crc_stage(void *unused)
{
	(void)unused;
	for (;;) {
		struct job *job = next_job(&job_crc);

		job->crc_ok = wl_crc32(0, job->payload, payload_bytes) == job->frame_crc;
		bb.crc_errors += !job->crc_ok;
		memcpy(job->tb, job->payload, tb_bytes);
		rtos_queue_send(&job_fft, &job, RTOS_FOREVER);
	}
}

static int8_t to_soft(int16_t v)
{
	int32_t s = v >> SOFT_SHIFT;

	return (int8_t)(s > 127 ? 127 : s < -127 ? -127 : s);
}

/* One OFDM symbol: CODED[n] (n even, at most 2 * OFDM_N) bits in, SOFT[n] out. */
static void ofdm_symbol(const uint8_t *coded, int8_t *soft, size_t n)
{
	for (size_t k = 0; k < OFDM_N; k++) {
		int16_t re = 0, im = 0;

		if (2 * k < n) {
			re = coded[2 * k] ? -QPSK_AMPLITUDE : QPSK_AMPLITUDE;
			im = coded[2 * k + 1] ? -QPSK_AMPLITUDE : QPSK_AMPLITUDE;
		}
		ofdm[k] = (struct cq15){ re, im };
	}
	fft_q15(ofdm, OFDM_LOG2, true, true);   /* transmitter: to the time domain */
	fft_q15(ofdm, OFDM_LOG2, false, false); /* receiver: back to subcarriers */
	for (size_t k = 0; 2 * k < n; k++) {
		soft[2 * k] = to_soft(ofdm[k].re);
		soft[2 * k + 1] = to_soft(ofdm[k].im);
		bb.fft_checksum = (bb.fft_checksum << 7 | bb.fft_checksum >> 57) ^
				  ((uint16_t)ofdm[k].re | (uint32_t)(uint16_t)ofdm[k].im << 16);
	}
}

static void fft_stage(void *unused)
{
	size_t ncoded = VIT_CODED(8 * tb_bytes);

	(void)unused;
	for (;;) {
		struct job *job = next_job(&job_fft);

		vit_encode(job->tb, 8 * tb_bytes, job->coded);
		for (size_t c = 0; c < ncoded; c += 2 * OFDM_N) {
			size_t n = ncoded - c < 2 * OFDM_N ? ncoded - c : 2 * OFDM_N;

			ofdm_symbol(job->coded + c, job->soft + c, n);
		}
		for (size_t c = 0; c < ncoded; c++) {
			bb.fft_bit_errors += (job->soft[c] < 0) != job->coded[c];
			if ((c + job->frame) % FADE_SPACING == 0) {
				job->soft[c] = (int8_t)-job->soft[c];
				bb.injected++;
			}
		}
		rtos_queue_send(&job_fec, &job, RTOS_FOREVER);
	}
}

static void fec_stage(void *unused)
{
	(void)unused;
	for (;;) {
		struct job *job = next_job(&job_fec);

		vit_decode(job->soft, 8 * tb_bytes, job->decoded, decisions);
		job->fec_ok = memcmp(job->decoded, job->tb, tb_bytes) == 0;
		bb.fec_errors += !job->fec_ok;
		job->tb_crc = wl_crc32(0, job->decoded, tb_bytes);
		bb.vit_checksum = (bb.vit_checksum << 13 | bb.vit_checksum >> 51) ^ job->tb_crc;
		rtos_queue_send(&job_ul, &job, RTOS_FOREVER);
	}
}

static void ul_stage(void *unused)
{
	(void)unused;
	for (;;) {
		struct job *job = next_job(&job_ul);
		unsigned n = net_take_uplink(uplink.pkts, UL_MAX_PKTS);
		uint32_t latency;

		uplink.h = (struct ul_header){ job->frame, job->crc_ok, job->fec_ok, job->tb_crc, n };
		if (!modem_frame_open(job->frame)) {    /* the uplink took too long */
			bb.abandoned++;
			job_finish(job);
			continue;
		}
		latency = modem_finish(job->frame, &uplink,
				       sizeof(uplink.h) + n * sizeof(uplink.pkts[0]));
		bb.pkts_up += n;
		if (latency > modem_deadline_ns())
			bb.late++;
		else
			bb.met++;
		bb.lat_sum += latency;
		if (latency > bb.lat_max)
			bb.lat_max = latency;
		net_send_data(job->decoded, tb_bytes, job->frame);
		job_finish(job);
	}
}

void phy_init(uint64_t frames)
{
	frames_to_run = frames;
	payload_bytes = modem_payload_bytes();
	tb_bytes = payload_bytes / RTOS_BLOCK_DIV / 8 * 8;
	if (tb_bytes < 8)
		tb_bytes = 8;
	if (tb_bytes > TB_MAX_BYTES)
		tb_bytes = TB_MAX_BYTES;
	rtos_sem_init(&run_done, 0);
	rtos_queue_init(&job_fft, fft_slots, sizeof(struct job *), NJOBS);
	rtos_queue_init(&job_fec, fec_slots, sizeof(struct job *), NJOBS);
	rtos_queue_init(&job_ul, ul_slots, sizeof(struct job *), NJOBS);
	rtos_task_create(&crc_task, "crc", PRIO_CRC, crc_stage, NULL, stacks[0], sizeof(stacks[0]));
	rtos_task_create(&fft_task, "fft", PRIO_FFT, fft_stage, NULL, stacks[1], sizeof(stacks[1]));
	rtos_task_create(&fec_task, "fec", PRIO_FEC, fec_stage, NULL, stacks[2], sizeof(stacks[2]));
	rtos_task_create(&ul_task, "ul", PRIO_UL, ul_stage, NULL, stacks[3], sizeof(stacks[3]));
}
