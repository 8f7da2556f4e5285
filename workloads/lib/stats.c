/*
 * stats.c - summaries of measured samples (cycles, latencies): mean and
 * nearest-rank percentiles, as the virtualization studies report them;
 * for runs of unknown length, the same over a bounded, evenly thinned
 * sample buffer (struct wl_samples).
 */
#include "wl.h"

/* Heap sort: in place, O(n log n) whatever the input, no recursion. */
static void sift_down(uint64_t *a, size_t root, size_t n)
{
	for (size_t child; (child = 2 * root + 1) < n; root = child) {
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		uint64_t t = a[root];
		a[root] = a[child];
		a[child] = t;
	}
}

static void sort(uint64_t *a, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (size_t end = n; end-- > 1;) {
		uint64_t t = a[0];
		a[0] = a[end];
		a[end] = t;
		sift_down(a, 0, end);
	}
}

/* The smallest sample with at least p% of the samples at or below it. */
static uint64_t percentile(const uint64_t *sorted, size_t n, unsigned p)
{
	size_t rank = (n * p + 99) / 100;

	return sorted[rank ? rank - 1 : 0];
}

struct wl_summary wl_summarize(uint64_t *samples, size_t n)
{
	struct wl_summary s = { .n = n };
	uint64_t sum = 0;

	if (!n)
		return s;
	sort(samples, n);
	for (size_t i = 0; i < n; i++)
		sum += samples[i];
	s.min = samples[0];
	s.max = samples[n - 1];
	s.mean = (sum + n / 2) / n;
	s.p50 = percentile(samples, n, 50);
	s.p99 = percentile(samples, n, 99);
	return s;
}

void wl_samples_init(struct wl_samples *s, uint64_t *buf, size_t cap)
{
	*s = (struct wl_samples){ .buf = buf, .cap = cap & ~(size_t)1, .stride = 1 };
}

void wl_samples_add(struct wl_samples *s, uint64_t v)
{
	uint64_t i = s->n++;

	s->sum += v;
	if (!i || v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
	if (!s->cap || i % s->stride)
		return;
	if (s->kept == s->cap) {
		/*
		 * Full: keep the samples whose index is a multiple of twice
		 * the stride, the even slots. The buffer held indices 0 ..
		 * cap - 1 times the stride, so I is cap times the stride:
		 * kept too, as cap is even.
		 */
		for (size_t k = 0; 2 * k < s->cap; k++)
			s->buf[k] = s->buf[2 * k];
		s->kept = s->cap / 2;
		s->stride *= 2;
	}
	s->buf[s->kept++] = v;
}

struct wl_summary wl_samples_summary(struct wl_samples *s)
{
	struct wl_summary r = wl_summarize(s->buf, s->kept);

	r.n = s->n;
	r.min = s->min;
	r.max = s->max;
	r.mean = s->n ? (s->sum + s->n / 2) / s->n : 0;
	return r;
}

void wl_metric_summary(const char *workload, const char *name, const struct wl_summary *s,
		       const char *unit)
{
	static const char *const suffix[] = { "_mean", "_p50", "_p99", "_min", "_max" };
	const uint64_t value[] = { s->mean, s->p50, s->p99, s->min, s->max };
	char full[64];

	for (unsigned i = 0; i < 5; i++) {
		size_t len = strlen(name), slen = strlen(suffix[i]);

		if (len + slen >= sizeof(full))
			len = sizeof(full) - 1 - slen;
		memcpy(full, name, len);
		memcpy(full + len, suffix[i], slen + 1);
		wl_metric(workload, full, value[i], unit);
	}
}
