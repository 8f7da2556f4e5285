/*
 * pipeline.c - static block costs (see pipeline.h).
 *
 * Classes come from the encoding (ARM DDI 0487 C4, the top-level groups);
 * register dependences from Capstone, which knows every instruction's
 * implicit and explicit operands. Latencies are the public software
 * optimization guides' figures, rounded (docs/timing.md cites them).
 */
#include <capstone/capstone.h>
#include <string.h>

#include "insn.h"
#include "ldst.h"
#include "pipeline.h"

const char *const insn_class_name[IC_COUNT] = {
	[IC_ALU] = "alu", [IC_MUL] = "mul", [IC_DIV] = "div", [IC_LOAD] = "load",
	[IC_STORE] = "store", [IC_BRANCH] = "branch", [IC_FP] = "fp", [IC_FP_DIV] = "fp_div",
	[IC_SYSTEM] = "system", [IC_BARRIER] = "barrier",
};

/*
 * Arm Cortex-A55 Software Optimization Guide (ARM PJDOC-466751330-9707):
 * dual issue, one load/store pipe; ALU 1, MUL 3, SDIV 12 (iterative),
 * load-to-use 3, FP 4, FDIV 10+, branch mispredict 8.
 */
const struct pipeline_model pipeline_a55 = {
	.name = "cortex-a55", .out_of_order = false, .width = 2, .mem_ports = 1,
	.latency = {
		[IC_ALU] = 1, [IC_MUL] = 3, [IC_DIV] = 12, [IC_LOAD] = 3, [IC_STORE] = 1,
		[IC_BRANCH] = 1, [IC_FP] = 4, [IC_FP_DIV] = 13, [IC_SYSTEM] = 6, [IC_BARRIER] = 12,
	},
	.occupancy = { [IC_DIV] = 12, [IC_FP_DIV] = 10 },
	.div64_latency = 20, .div64_occupancy = 20,
	.mispredict_penalty = 8, .exception_cost = 30, .mlp = 1,
};

/*
 * Arm Cortex-A78 Core Software Optimization Guide (ARM PJDOC-466751330-14436):
 * 4-wide decode (6 MOPs dispatch), ALU 1, MUL 2, SDIV 12 (64-bit up to 20),
 * load-to-use 4, FP 2-4, FDIV 7-15, branch mispredict 11.
 */
const struct pipeline_model pipeline_a78 = {
	.name = "cortex-a78", .out_of_order = true, .width = 4, .mem_ports = 3,
	.latency = {
		[IC_ALU] = 1, [IC_MUL] = 2, [IC_DIV] = 12, [IC_LOAD] = 4, [IC_STORE] = 1,
		[IC_BRANCH] = 1, [IC_FP] = 3, [IC_FP_DIV] = 10, [IC_SYSTEM] = 8, [IC_BARRIER] = 20,
	},
	.occupancy = { [IC_DIV] = 10, [IC_FP_DIV] = 7 },
	.div64_latency = 20, .div64_occupancy = 18,
	.mispredict_penalty = 11, .exception_cost = 40, .mlp = 4,
};

/* ----------------------------------------------------------- classes */

static bool is_mul(uint32_t w)
{
	/* Data processing (3 source): MADD/MSUB/SMADDL/UMADDL/SMULH/UMULH. */
	return (w & 0x1f000000) == 0x1b000000;
}

static bool is_div(uint32_t w)
{
	/* Data processing (2 source): UDIV (opcode 000010), SDIV (000011). */
	return (w & 0x7fe0f800) == 0x1ac00800;
}

static bool is_fp_div(uint32_t w)
{
	/* Scalar FDIV (opcode 0001), FSQRT (data processing, 1 source, 000011),
	 * and their vector forms (three same / two-register misc). */
	return (w & 0xff20fc00) == 0x1e201800 || (w & 0xff3ffc00) == 0x1e21c000 ||
	       (w & 0xbfa0fc00) == 0x2e20fc00 || (w & 0xbfbffc00) == 0x2ea1f800;
}

static bool is_barrier(uint32_t w)
{
	/* DSB, DMB, ISB: CRn = 3 in the system instruction space. */
	return (w & 0xfffff01f) == 0xd503301f;
}

enum insn_class pipeline_class(uint32_t w)
{
	struct ldst_info li;
	uint64_t target;

	if (insn_branch(w, 0, &target) != BRANCH_NONE)
		return IC_BRANCH;
	if (ldst_decode(w, &li))
		return li.is_store ? IC_STORE : IC_LOAD;
	if (is_barrier(w))
		return IC_BARRIER;
	/* System instructions, exception generation, and ERET/DRPS (0xd6, not
	 * branches: insn_branch took BR/BLR/RET above). */
	if ((w & 0xff000000) == 0xd5000000 || (w & 0xff000000) == 0xd4000000 ||
	    (w & 0xff000000) == 0xd6000000)
		return IC_SYSTEM;
	if (is_fp_div(w))
		return IC_FP_DIV;
	if (insn_decode(w).kind == INSN_FP)
		return IC_FP;
	if (is_div(w))
		return IC_DIV;
	if (is_mul(w))
		return IC_MUL;
	return IC_ALU;
}

/* ------------------------------------------------------ dependences */

#define NREGS           66      /* X0-X30, V0-V31, NZCV, SP */
#define REG_NZCV        64
#define REG_SP          65

/* Capstone's register to ours: W and X alias, and B/H/S/D/Q/V. */
static int reg_index(uint16_t r)
{
	if (r >= ARM64_REG_X0 && r <= ARM64_REG_X28)
		return r - ARM64_REG_X0;
	if (r >= ARM64_REG_W0 && r <= ARM64_REG_W30)
		return r - ARM64_REG_W0;
	if (r == ARM64_REG_X29 || r == ARM64_REG_X30)
		return 29 + (r - ARM64_REG_X29);
	if (r >= ARM64_REG_V0 && r <= ARM64_REG_V31)
		return 32 + (r - ARM64_REG_V0);
	static const uint16_t fp_banks[] = {
		ARM64_REG_B0, ARM64_REG_H0, ARM64_REG_S0, ARM64_REG_D0, ARM64_REG_Q0,
	};
	for (unsigned i = 0; i < sizeof(fp_banks) / sizeof(fp_banks[0]); i++)
		if (r >= fp_banks[i] && r < fp_banks[i] + 32)
			return 32 + (r - fp_banks[i]);
	if (r == ARM64_REG_NZCV)
		return REG_NZCV;
	if (r == ARM64_REG_SP || r == ARM64_REG_WSP)
		return REG_SP;
	return -1;              /* XZR/WZR and system registers: no dependence */
}

struct regs_used {
	uint8_t nread, nwrite;
	uint8_t read[16], write[16];
};

static csh capstone(void)
{
	static csh cs;
	static bool opened;

	if (!opened) {
		cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs);
		cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
		opened = true;
	}
	return cs;
}

static void regs_of(uint32_t word, uint64_t pc, struct regs_used *u)
{
	csh cs = capstone();
	cs_insn *insn = cs_malloc(cs);
	const uint8_t *code = (const uint8_t *)&word;
	size_t size = 4;
	uint64_t addr = pc;
	cs_regs rd, wr;
	uint8_t nrd = 0, nwr = 0;

	u->nread = u->nwrite = 0;
	if (insn && cs_disasm_iter(cs, &code, &size, &addr, insn) &&
	    cs_regs_access(cs, insn, rd, &nrd, wr, &nwr) == CS_ERR_OK) {
		for (unsigned i = 0; i < nrd && u->nread < 16; i++) {
			int r = reg_index(rd[i]);

			if (r >= 0)
				u->read[u->nread++] = (uint8_t)r;
		}
		for (unsigned i = 0; i < nwr && u->nwrite < 16; i++) {
			int r = reg_index(wr[i]);

			if (r >= 0)
				u->write[u->nwrite++] = (uint8_t)r;
		}
	}
	cs_free(insn, 1);
}

/* ----------------------------------------------------------- models */

/* The cycle an instruction's operands are all ready. */
static uint32_t operands_ready(const struct regs_used *u, const uint32_t *ready)
{
	uint32_t t = 0;

	for (unsigned i = 0; i < u->nread; i++)
		if (ready[u->read[i]] > t)
			t = ready[u->read[i]];
	return t;
}

static void results_at(const struct regs_used *u, uint32_t *ready, uint32_t at)
{
	for (unsigned i = 0; i < u->nwrite; i++)
		ready[u->write[i]] = at;
}

static bool uses_mem_port(enum insn_class c)
{
	return c == IC_LOAD || c == IC_STORE;
}

void pipeline_block(const struct pipeline_model *pm, const uint32_t *code, uint64_t pc,
		    unsigned n, struct block_cost *out)
{
	uint32_t ready[NREGS] = { 0 };
	uint32_t cycle = 0, issued = 0, mem_issued = 0, unit_free[IC_COUNT] = { 0 };
	uint32_t chain = 0;

	memset(out, 0, sizeof(*out));
	out->insns = (uint16_t)n;
	for (unsigned i = 0; i < n; i++) {
		uint64_t ipc = pc + 4 * (uint64_t)i;
		enum insn_class c = pipeline_class(code[i]);
		struct regs_used u;
		uint32_t t;

		out->count[c]++;
		regs_of(code[i], ipc, &u);
		t = operands_ready(&u, ready);
		if (pm->out_of_order) {
			/* Issue is limited by width overall, not in order. */
			if (unit_free[c] > t)
				t = unit_free[c];
		} else {
			/* In order: not before the previous instruction, and only
			 * while this cycle has a slot (and a memory port) left. */
			if (t < cycle)
				t = cycle;
			if (t == cycle && (issued == pm->width ||
					   (uses_mem_port(c) && mem_issued == pm->mem_ports)))
				t++;
			if (unit_free[c] > t)
				t = unit_free[c];
			if (t != cycle) {
				cycle = t;
				issued = mem_issued = 0;
			}
			issued++;
			mem_issued += uses_mem_port(c);
		}
		uint32_t lat = pm->latency[c], occ = pm->occupancy[c];

		/* SDIV/UDIV: sf, bit 31, selects the X form. */
		if (c == IC_DIV && (code[i] >> 31)) {
			lat = pm->div64_latency;
			occ = pm->div64_occupancy;
		}
		if (occ)
			unit_free[c] = t + occ;
		results_at(&u, ready, t + lat);
		if (t + lat > chain)
			chain = t + lat;
	}
	if (pm->out_of_order) {
		uint32_t width_bound = (n + pm->width - 1) / pm->width;

		out->cycles = chain > width_bound ? chain : width_bound;
	} else {
		/* The next block starts issuing after this one's last issue. */
		out->cycles = cycle + 1;
	}
	if (n) {
		out->branch_pc = pc + 4 * (uint64_t)(n - 1);
		out->branch = insn_branch(code[n - 1], out->branch_pc, &out->branch_target);
	}
}
