/*
 * sysreg.c - the table of simulator-owned system registers and the
 * registry of device handlers (see sysreg.h).
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>

#include "sysreg.h"

const struct sysreg_desc sysreg_desc[SR_COUNT] = {
#define SYSREG_DESC(id, nm, op0, op1, crn, crm, op2, el, pu, fl) \
	[SR_##id] = { .name = nm, .enc = SYSREG_ENC(op0, op1, crn, crm, op2), \
		      .min_el = el, .push = pu, .flags = fl },
	SYSREG_TABLE(SYSREG_DESC)
#undef SYSREG_DESC
};

/* Every MRS/MSR looks up here, so an encoding indexes the table directly. */
static signed char index_of[1 << 16];
_Static_assert(SR_COUNT <= SCHAR_MAX, "index_of holds a register's index in a signed char");
static bool indexed;

static void build_index(void)
{
	for (unsigned i = 0; i < (1u << 16); i++)
		index_of[i] = -1;
	for (int i = 0; i < SR_COUNT; i++)
		index_of[sysreg_desc[i].enc] = (signed char)i;
	indexed = true;
}

int sysreg_lookup(uint32_t enc)
{
	if (!indexed)
		build_index();
	return enc < (1u << 16) ? index_of[enc] : -1;
}

int sysreg_register_handler(struct sysreg_handlers *t, const struct sysreg_handler *h)
{
	if (t->n == SYSREG_MAX_HANDLERS || h->enc >= (1u << 16) || sysreg_lookup(h->enc) >= 0 ||
	    sysreg_find_handler(t, h->enc))
		return -EEXIST;
	t->h[t->n] = *h;
	t->slot_of[h->enc] = (uint8_t)++t->n;
	return 0;
}

const struct sysreg_handler *sysreg_find_handler(const struct sysreg_handlers *t, uint32_t enc)
{
	unsigned slot = enc < (1u << 16) ? t->slot_of[enc] : 0;

	return slot ? &t->h[slot - 1] : NULL;
}
