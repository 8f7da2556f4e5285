/*
 * peer.c - natively, the stand-in for the application VM (net.h): a task
 * that does what the app's network side does with the same packets. Every
 * PEER_PERIOD_US it sends a NET_DATA uplink (64-240 bytes), one in
 * BAD_EVERY with a corrupt CRC on purpose (the baseband must count and
 * drop it), and consumes the downlink, checking every packet and
 * answering each NET_DATA with a NET_ACK. A full uplink queue makes it
 * wait for the not-full signal for at most one period, then drop.
 */
#include "baseband.h"
#include "wl.h"

#define PEER_PERIOD_US  500
#define BAD_EVERY       16

static struct rtos_task task;
static uint8_t stack[4096] __attribute__((aligned(16)));
static volatile bool stopping;
uint64_t peer_bad_sent;
static uint64_t bad_received;

static uint64_t splitmix(uint64_t i)
{
	uint64_t z = (i + 1) * 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void send_up(const struct net_packet *p, uint64_t wait)
{
	if (link_peer_send_up(p) == HYP_BUSY && rtos_sem_take(&link_peer_up_room, wait) == RTOS_OK)
		link_peer_send_up(p);
}

static void peer(void *unused)
{
	static struct net_packet in, out, ack;
	uint64_t period = PEER_PERIOD_US * wl_counter_hz() / 1000000, next = rtos_now();
	uint32_t seq = 0;

	(void)unused;
	for (;;) {
		uint64_t len;

		while (link_peer_recv_down(&in, &len) == HYP_OK) {
			if (!net_packet_valid(&in, len)) {
				bad_received++;
			} else if (in.type == NET_DATA) {
				net_packet_seal(&ack, NET_ACK, in.seq, 0);
				send_up(&ack, period);
			}
		}
		if (!stopping) {
			size_t n = 64 + seq % (NET_MTU - 64 + 1);

			for (size_t i = 0; i < n; i += 8) {
				uint64_t w = splitmix(seq * 32ull + i / 8);

				memcpy(out.payload + i, &w, n - i < 8 ? n - i : 8);
			}
			net_packet_seal(&out, NET_DATA, seq, n);
			if (seq % BAD_EVERY == BAD_EVERY - 1) {
				out.crc ^= 1;
				peer_bad_sent++;
			}
			send_up(&out, period);
			seq++;
		}
		next += period;
		rtos_sleep_until(next);
	}
}

void peer_start(void)
{
	rtos_task_create(&task, "peer", PRIO_PEER, peer, NULL, stack, sizeof(stack));
}

void peer_stop(void)
{
	stopping = true;
	wl_check(bad_received == 0, "the stand-in peer received a bad packet");
}
