/*
 * modem.c - the baseband modem (see modem.h; the contract is docs/modem.md).
 *
 * What is modelled is the modem as the baseband software sees it: frames
 * that arrive on the radio's clock whatever the software is doing, a DMA
 * of each frame's downlink into a ring in RAM, and a doorbell by which the
 * software says it has finished the frame. The radio's physical layer is
 * not: the downlink is a pseudo-random sequence software can recompute,
 * and the uplink is checked, not transmitted.
 */
#include <stdio.h>
#include <stdlib.h>

#include "machine.h"
#include "modem.h"

struct modem {
	struct frame_clock fc;
	/* Parameters. */
	uint64_t seed;
	uint32_t period_us, deadline_us, start_us, payload_bytes;
	/* Registers. */
	uint64_t ring_base, ul_base, frame_addr;
	uint32_t ring_size, ul_len, ul_crc, frame_crc;
	uint32_t ul_errors, doorbell_errors;
	uint8_t *payload;               /* the frame being written: payload_bytes */
};

static const char *const modem_errors[] = {
	[MODEM_ERR_RING_LAYOUT] = "enable refused: ring base not 64-byte aligned, or size "
				  "not a non-zero multiple of PAYLOAD_BYTES",
	[MODEM_ERR_RING_RANGE] = "enable refused: ring not wholly in RAM",
	[MODEM_ERR_UL_RANGE] = "doorbell: uplink buffer longer than 64 KiB or not wholly in RAM",
};

/* ---------------------------------------------------------- the data */

/* SplitMix64's output function (docs/modem.md, "Downlink payload"). */
static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * MODEM_MIX1;
	z = (z ^ (z >> 27)) * MODEM_MIX2;
	return z ^ (z >> 31);
}

/* CRC-32 of IEEE 802.3 (reflected 0xEDB88320, initial and final inversion). */
static uint32_t crc32_ieee(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffffu;

	while (len--) {
		crc ^= *p++;
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/*
 * Word k of frame n is output number n * W + k (from 0) of SplitMix64
 * seeded with modem.seed, W = PAYLOAD_BYTES / 8, stored little-endian: the
 * frames are consecutive pieces of one stream.
 */
static void fill_payload(struct modem *md, uint64_t n)
{
	uint64_t words = md->payload_bytes / 8;

	for (uint64_t k = 0; k < words; k++) {
		uint64_t w = mix(md->seed + (n * words + k + 1) * MODEM_GOLDEN_GAMMA);

		for (unsigned b = 0; b < 8; b++)
			md->payload[8 * k + b] = (uint8_t)(w >> (8 * b));
	}
}

/* ------------------------------------------------------------ frames */

static uint32_t modem_enable(void *dev)
{
	struct modem *md = dev;

	if (md->ring_base % MODEM_RING_ALIGN || !md->ring_size || md->ring_size % md->payload_bytes)
		return MODEM_ERR_RING_LAYOUT;
	if (!mem_is_ram(&md->fc.m->mem, md->ring_base, md->ring_size))
		return MODEM_ERR_RING_RANGE;
	return 0;
}

/* The DMA of frame n's downlink into its slot of the ring, n mod slots. */
static void modem_release(void *dev, uint64_t n, uint64_t now_ns)
{
	struct modem *md = dev;
	uint64_t slots = md->ring_size / md->payload_bytes;

	(void)now_ns;
	md->frame_addr = md->ring_base + n % slots * md->payload_bytes;
	fill_payload(md, n);
	md->frame_crc = crc32_ieee(md->payload, md->payload_bytes);
	/* Cannot fail: the ring was checked when the modem was enabled, and is locked. */
	mem_write(&md->fc.m->mem, md->frame_addr, md->payload, md->payload_bytes);
	/* DMA into RAM: code translated from there is stale (as storage.c). */
	machine_ram_written(md->fc.m, md->frame_addr, md->payload_bytes);
}

/* The uplink of the frame being done: refused when misplaced or corrupt. */
static void check_uplink(struct modem *md, unsigned cpu)
{
	if (!md->ul_len)
		return;
	if (md->ul_len > MODEM_UL_MAX || !mem_is_ram(&md->fc.m->mem, md->ul_base, md->ul_len)) {
		md->ul_errors++;
		frame_clock_error(&md->fc, cpu, MODEM_ERR_UL_RANGE);
	} else if (crc32_ieee(mem_ram_ptr(&md->fc.m->mem, md->ul_base), md->ul_len) != md->ul_crc) {
		md->ul_errors++;
		frame_clock_raise(&md->fc, MODEM_IRQ_UPLINK);
	}
}

/* The doorbell names the frame the software has finished. */
static void doorbell(struct modem *md, unsigned cpu, uint32_t frame, uint64_t now_ns)
{
	uint64_t open;

	if (!frame_clock_open_frame(&md->fc, &open) || (uint32_t)open != frame) {
		md->doorbell_errors++;
		return;
	}
	check_uplink(md, cpu);
	frame_clock_complete(&md->fc, now_ns);
}

/* --------------------------------------------------------- registers */

static bool modem_read(void *dev, uint64_t offset, uint32_t *value)
{
	const struct modem *md = dev;

	switch (offset) {
	case MODEM_RING_BASE_LO: *value = (uint32_t)md->ring_base; break;
	case MODEM_RING_BASE_HI: *value = (uint32_t)(md->ring_base >> 32); break;
	case MODEM_RING_SIZE: *value = md->ring_size; break;
	case MODEM_PAYLOAD_BYTES: *value = md->payload_bytes; break;
	case MODEM_FRAME_ADDR_LO: *value = (uint32_t)md->frame_addr; break;
	case MODEM_FRAME_ADDR_HI: *value = (uint32_t)(md->frame_addr >> 32); break;
	case MODEM_FRAME_CRC: *value = md->frame_crc; break;
	case MODEM_DOORBELL: *value = 0; break;
	case MODEM_UL_BASE_LO: *value = (uint32_t)md->ul_base; break;
	case MODEM_UL_BASE_HI: *value = (uint32_t)(md->ul_base >> 32); break;
	case MODEM_UL_LEN: *value = md->ul_len; break;
	case MODEM_UL_CRC: *value = md->ul_crc; break;
	case MODEM_UL_ERRORS: *value = md->ul_errors; break;
	case MODEM_DOORBELL_ERRORS: *value = md->doorbell_errors; break;
	case MODEM_PERIOD_US: *value = md->period_us; break;
	case MODEM_DEADLINE_US: *value = md->deadline_us; break;
	case MODEM_START_US: *value = md->start_us; break;
	case MODEM_SEED_LO: *value = (uint32_t)md->seed; break;
	case MODEM_SEED_HI: *value = (uint32_t)(md->seed >> 32); break;
	default: return false;
	}
	return true;
}

static enum fc_write modem_write(void *dev, unsigned cpu, uint64_t offset, uint32_t value,
				 uint64_t now_ns)
{
	struct modem *md = dev;

	switch (offset) {
	case MODEM_RING_BASE_LO:
	case MODEM_RING_BASE_HI:
	case MODEM_RING_SIZE:
		if (md->fc.enabled)
			return FC_WRITE_LOCKED;
		if (offset == MODEM_RING_SIZE)
			md->ring_size = value;
		else
			frame_clock_set_half(&md->ring_base, offset == MODEM_RING_BASE_HI, value);
		return FC_WRITE_OK;
	case MODEM_UL_BASE_LO:
	case MODEM_UL_BASE_HI:
		frame_clock_set_half(&md->ul_base, offset == MODEM_UL_BASE_HI, value);
		return FC_WRITE_OK;
	case MODEM_UL_LEN: md->ul_len = value; return FC_WRITE_OK;
	case MODEM_UL_CRC: md->ul_crc = value; return FC_WRITE_OK;
	case MODEM_DOORBELL: doorbell(md, cpu, value, now_ns); return FC_WRITE_OK;
	default:
		return offset <= MODEM_START_US ? FC_WRITE_READ_ONLY : FC_WRITE_UNKNOWN;
	}
}

static const struct frame_clock_ops modem_ops = {
	.enable = modem_enable,
	.release = modem_release,
	.read = modem_read,
	.write = modem_write,
};

/* ------------------------------------------------------------ set-up */

static void modem_reset(void *state)
{
	struct modem *md = state;

	frame_clock_reset(&md->fc);
	md->ring_base = md->ul_base = md->frame_addr = 0;
	md->ring_size = md->ul_len = md->ul_crc = md->frame_crc = 0;
	md->ul_errors = md->doorbell_errors = 0;
}

/*
 * The parameters (docs/modem.md). A bad one leaves *error set, which makes
 * machine_init fail with status -2; the defaults stand in meanwhile.
 */
static void read_params(struct modem *md, struct machine *m, const char **error)
{
	md->period_us = (uint32_t)machine_param_u64(m, "modem.period_us", 1000, 125, 100000, error);
	md->deadline_us = (uint32_t)machine_param_u64(m, "modem.deadline_us", md->period_us, 1,
						      md->period_us, error);
	md->start_us = (uint32_t)machine_param_u64(m, "modem.start_us", md->period_us, 0,
						   UINT32_MAX, error);
	md->payload_bytes = (uint32_t)machine_param_u64(m, "modem.payload_bytes", 1024, 64, 65536,
							error);
	md->seed = machine_param_u64(m, "modem.seed", 0, 0, UINT64_MAX, error);
	if (md->payload_bytes % 64) {
		snprintf(m->error, sizeof(m->error),
			 "parameter modem.payload_bytes: %u is not a multiple of 64", md->payload_bytes);
		*error = m->error;
		md->payload_bytes = 1024;
	}
}

static void modem_destroy(void *state)
{
	struct modem *md = state;

	free(md->payload);
	free(md);
}

static int attach(struct modem *md, struct machine *m)
{
	const struct frame_clock_config cfg = {
		.name = "modem", .base = PLAT_MODEM_BASE, .intid = PLAT_INTID_MODEM,
		.id = MODEM_ID,
		.start_ns = md->start_us * 1000ull,
		.period_num = md->period_us * 1000ull, .period_den = 1,
		.deadline_ns = md->deadline_us * 1000ull,
		.errors = modem_errors,
		.ops = &modem_ops, .dev = md,
	};

	return frame_clock_attach(&md->fc, m, &cfg);
}

static void *modem_create(struct machine *m, const char **error)
{
	struct modem *md = calloc(1, sizeof(*md));

	if (!md)
		return NULL;
	read_params(md, m, error);
	md->payload = malloc(md->payload_bytes);
	if (!md->payload) {
		modem_destroy(md);
		return NULL;
	}
	if (attach(md, m) != 0) {
		*error = "cannot claim its window";
		modem_destroy(md);
		return NULL;
	}
	return md;
}

static void modem_describe(const void *state, struct device_info *info)
{
	const struct modem *md = state;

	frame_clock_describe(&md->fc, "phonesim,modem-1.0", info);
}

const struct device_type modem_device = {
	.name = "modem",
	.summary = "baseband modem: LTE frame clock, downlink DMA ring, doorbell and deadlines",
	.create = modem_create,
	.destroy = modem_destroy,
	.reset = modem_reset,
	.describe = modem_describe,
};
