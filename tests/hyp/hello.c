/*
 * hello - prints through its virtual PL011 (an unmodified bare-metal
 * program's UART at 0x09000000) and through HYP_CONSOLE_WRITE, then exits.
 */
#include "guest.h"

int main(void)
{
	struct hvc_result info = hvc(HYP_VM_INFO, 0, 0, 0);

	check(info.x0 == HYP_OK, 1);
	puts_uart("hello from VM ");
	put_u(info.x1);
	puts_uart(" through the PL011\n");
	print("and through HYP_CONSOLE_WRITE\n");
	return 0;
}
