/*
 * ec.c - exception class names (see ec.h). The names follow the ESR_ELx.EC
 * descriptions of ARM DDI 0487 (issue K.a, D17.2.37), shortened; AArch32
 * classes are absent because AArch32 is not modelled.
 */
#include <stdio.h>
#include <strings.h>

#include "ec.h"

const struct ec_info ec_table[] = {
	{ 0x00, "UNKNOWN", "Unknown reason (undefined instruction)" },
	{ 0x01, "WFX", "Trapped WFI or WFE" },
	{ 0x07, "FP_ASIMD", "Access to SIMD or floating-point registers trapped" },
	{ 0x0e, "ILLEGAL", "Illegal Execution state" },
	{ 0x15, "SVC64", "SVC in AArch64 state" },
	{ 0x16, "HVC64", "HVC in AArch64 state" },
	{ 0x17, "SMC64", "SMC in AArch64 state (trapped by HCR_EL2.TSC)" },
	{ 0x18, "SYS64", "Trapped MSR, MRS or System instruction" },
	{ 0x20, "IABT_LOW", "Instruction Abort from a lower Exception level" },
	{ 0x21, "IABT_CUR", "Instruction Abort from the same Exception level" },
	{ 0x22, "PC_ALIGN", "PC alignment fault" },
	{ 0x24, "DABT_LOW", "Data Abort from a lower Exception level" },
	{ 0x25, "DABT_CUR", "Data Abort from the same Exception level" },
	{ 0x26, "SP_ALIGN", "SP alignment fault" },
	{ 0x2c, "FP_EXC64", "Trapped floating-point exception" },
	{ 0x2f, "SERROR", "SError interrupt" },
	{ 0x30, "BREAKPT_LOW", "Breakpoint from a lower Exception level" },
	{ 0x31, "BREAKPT_CUR", "Breakpoint from the same Exception level" },
	{ 0x32, "SOFTSTP_LOW", "Software Step from a lower Exception level" },
	{ 0x33, "SOFTSTP_CUR", "Software Step from the same Exception level" },
	{ 0x34, "WATCHPT_LOW", "Watchpoint from a lower Exception level" },
	{ 0x35, "WATCHPT_CUR", "Watchpoint from the same Exception level" },
	{ 0x3c, "BRK64", "BRK in AArch64 state" },
	{ 0, NULL, NULL },
};

/* Any EC a syndrome can hold (6 bits) without a name gets one made up. */
static char unnamed[64][8];

const char *ec_class(enum exc_kind kind, unsigned ec)
{
	if (kind == EXC_IRQ)
		return "IRQ";
	if (kind == EXC_FIQ)
		return "FIQ";
	for (const struct ec_info *e = ec_table; e->name; e++)
		if (e->ec == ec)
			return e->name;
	ec &= 0x3f;
	if (!unnamed[ec][0])
		snprintf(unnamed[ec], sizeof(unnamed[ec]), "EC_0x%02x", ec);
	return unnamed[ec];
}

const char *ec_kind_name(enum exc_kind kind)
{
	static const char *const names[] = { "sync", "irq", "fiq", "serror" };

	return names[kind];
}

bool ec_known_class(const char *name)
{
	if (!strcasecmp(name, "IRQ") || !strcasecmp(name, "FIQ"))
		return true;
	for (const struct ec_info *e = ec_table; e->name; e++)
		if (!strcasecmp(e->name, name))
			return true;
	return false;
}
