/*
 * modem.c - the modem's driver (docs/modem.md): the ring in this image's
 * memory, the frame interrupt (INTID 40), which takes a free job for the
 * new frame and hands it to the chain's first task, the doorbell with the
 * uplink, and the per-frame load: the time between two frame interrupts
 * that the idle task did not spend in WFI.
 *
 * A frame for which no job is free (the chain is NJOBS frames behind) is
 * dropped at once: the modem counts it missed, we count it dropped.
 */
#include "baseband.h"
#include "modem.h"
#include "wl.h"

#define MODEM_BASE      0x0c000000ul
#define INTID_MODEM     40
#define RING_BYTES      (256 * 1024)

static uint8_t ring[RING_BYTES] __attribute__((aligned(MODEM_RING_ALIGN)));
static struct job jobs[NJOBS];
static struct job *free_slots[NJOBS], *crc_slots[NJOBS];
struct rtos_queue job_free, job_crc;

static struct wl_samples load;         /* no buffer: the report shows mean and max */
static uint64_t last_irq, last_idle;

uint32_t modem_reg(unsigned off)
{
	return wl_read32(MODEM_BASE + off);
}

static void modem_set(unsigned off, uint32_t v)
{
	wl_write32(MODEM_BASE + off, v);
}

uint32_t modem_payload_bytes(void)
{
	return modem_reg(MODEM_PAYLOAD_BYTES);
}

uint32_t modem_deadline_ns(void)
{
	return modem_reg(MODEM_DEADLINE_US) * 1000u;
}

static void frame_started(void)
{
	uint64_t now = wl_counter(), idle = rtos_idle_ticks();
	struct job *job;

	if (last_irq) {
		uint64_t span = now - last_irq;

		wl_samples_add(&load, (span - (idle - last_idle)) * 10000 / span);
	}
	last_irq = now;
	last_idle = idle;
	bb.seen++;
	if (rtos_queue_recv(&job_free, &job, 0) != RTOS_OK) {
		bb.dropped++;
		return;
	}
	job->frame = modem_reg(FC_FRAME);
	job->frame_crc = modem_reg(MODEM_FRAME_CRC);
	job->payload = (const uint8_t *)wl_read64(MODEM_BASE + MODEM_FRAME_ADDR_LO);
	rtos_queue_send(&job_crc, &job, 0);     /* cannot be full: it holds every job */
}

static void modem_irq(void *unused)
{
	uint32_t status = modem_reg(FC_IRQ_STATUS);

	(void)unused;
	modem_set(FC_IRQ_STATUS, status);       /* W1C: acknowledge what we saw */
	if (status & (FC_IRQ_ERROR | MODEM_IRQ_UPLINK))
		bb.modem_errors++;
	if (status & FC_IRQ_FRAME)
		frame_started();
}

void modem_init(void)
{
	uint32_t payload = modem_payload_bytes();

	wl_check(modem_reg(FC_ID) == MODEM_ID, "no modem at 0x0c000000");
	wl_samples_init(&load, NULL, 0);
	rtos_queue_init(&job_free, free_slots, sizeof(struct job *), NJOBS);
	rtos_queue_init(&job_crc, crc_slots, sizeof(struct job *), NJOBS);
	for (unsigned i = 0; i < NJOBS; i++) {
		struct job *j = &jobs[i];

		rtos_queue_send(&job_free, &j, 0);
	}
	modem_set(MODEM_RING_BASE_LO, (uint32_t)(uintptr_t)ring);
	modem_set(MODEM_RING_BASE_HI, (uint32_t)((uintptr_t)ring >> 32));
	modem_set(MODEM_RING_SIZE, RING_BYTES / payload * payload);
	modem_set(FC_IRQ_ENABLE, FC_IRQ_ALL);
	rtos_irq_register(INTID_MODEM, modem_irq, NULL);
}

void modem_enable(void)
{
	modem_set(FC_CTRL, FC_CTRL_EN);
	wl_check(modem_reg(FC_STATUS) & FC_STATUS_ENABLED, "the modem refused its programming");
}

bool modem_frame_open(uint32_t frame)
{
	return (modem_reg(FC_STATUS) & FC_STATUS_ENABLED) && modem_reg(FC_FRAME) == frame;
}

uint32_t modem_finish(uint32_t frame, const void *ul, uint32_t len)
{
	wl_write64(MODEM_BASE + MODEM_UL_BASE_LO, (uint64_t)(uintptr_t)ul);
	modem_set(MODEM_UL_LEN, len);
	modem_set(MODEM_UL_CRC, wl_crc32(0, ul, len));
	modem_set(MODEM_DOORBELL, frame);
	return modem_reg(FC_LAST_LATENCY);
}

void modem_stop(void)
{
	modem_set(FC_CTRL, 0);
}

struct wl_summary modem_load(void)
{
	return wl_samples_summary(&load);
}
