/*
 * hello - prints through its virtual PL011 (an unmodified bare-metal
 * program's UART at 0x09000000) and through HYP_CONSOLE_WRITE, then exits.
 */
#include "guest.h"

int main(void)
{
	struct wl_hvc info = wl_hvc(HYP_VM_INFO, 0, 0, 0);

	check(info.x0 == HYP_OK, 1);
	wl_puts("hello from VM ");
	wl_put_u(info.x1);
	wl_puts(" through the PL011\n");
	print("and through HYP_CONSOLE_WRITE\n");
	return 0;
}
