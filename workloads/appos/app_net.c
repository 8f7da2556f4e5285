/*
 * app_net.c - the network task: sends APPOS_NET_PACKETS NET_DATA packets
 * per APPOS_RUN_MS of the run (u_scaled) to the baseband (or the loopback
 * peer), up to WINDOW unanswered, and takes the NET_ACKs (in order, each carrying its packet's seq) and the
 * downlink NET_DATA the peer sends. Round-trip time is from the send to
 * its ACK. An ACK not arriving within TIMEOUT_MS loses every packet
 * outstanding; an ACK out of order is an error. The stack (net.c) has
 * already checked and dropped corrupt packets; their count is an error too.
 */
#include "net.h"
#include "usys.h"
#include "wl.h"

#define WINDOW          4
#define TIMEOUT_MS      50

void app_net(struct arena *ar)
{
	uint64_t hz = u_hz(), sent_at[WINDOW];
	uint64_t packets = u_scaled(APPOS_NET_PACKETS, 1);
	struct wl_samples rtt;
	uint8_t *payload = arena_alloc(ar, NET_MTU, 8);
	struct net_packet *in = arena_alloc(ar, sizeof(*in), 8);
	uint32_t seq = 0, next_ack = 0, acked = 0, lost = 0, downlink = 0, errors = 0;
	bool baseband = usys0(SYS_NET_INFO) == 1;
	struct appos_net_stats st;

	u_samples_init(ar, &rtt);
	while (next_ack < packets) {
		while (seq < packets && seq - next_ack < WINDOW) {
			uint16_t len = (uint16_t)(16 + seq * 37 % (NET_MTU - 15));

			for (unsigned i = 0; i < len; i++)
				payload[i] = (uint8_t)(seq * 13 + i);
			sent_at[seq % WINDOW] = u_time();
			if (usys(SYS_NET_SEND, NET_DATA, seq, (uint64_t)payload, len).x0 < 0)
				errors++;       /* back-pressure outlasted its timeout */
			seq++;
		}
		int64_t r = usys2(SYS_NET_RECV, in, u_time() + hz * TIMEOUT_MS / 1000);

		if (r == -APPOS_ETIMEDOUT) {
			lost += seq - next_ack;
			next_ack = seq;
			continue;
		}
		u_check(r >= 0, "receive failed");
		if (in->type == NET_DATA) {
			downlink++;
		} else if (in->type == NET_ACK && in->seq == next_ack) {
			wl_samples_add(&rtt, u_time() - sent_at[next_ack % WINDOW]);
			acked++;
			next_ack++;
		} else {
			errors++;       /* an ACK out of order, late, or an unknown type */
		}
	}
	u_check(usys1(SYS_NET_STATS, &st) == 0, "no network statistics");
	errors += (uint32_t)st.dropped_bad;
	u_check(acked > 0, "no round trip completed");
	if (!baseband)
		u_check(acked == packets && !errors && downlink > 0,
			"loopback lost, corrupted or reordered packets");
	struct wl_summary s = wl_samples_summary(&rtt);

	u_metric("net_peer_baseband", baseband, "bool");
	u_metric("net_packets_sent", st.sent, "packets");
	u_metric("net_acks", acked, "packets");
	u_metric("net_downlink_packets", downlink, "packets");
	u_metric("net_lost", lost, "packets");
	u_metric("net_errors", errors, "packets");
	u_metric("net_tx_busy", st.tx_busy, "times");
	u_metric("net_rtt_us_mean", u_ticks_to_us(s.mean, hz), "us");
	u_metric("net_rtt_us_p99", u_ticks_to_us(s.p99, hz), "us");
}
