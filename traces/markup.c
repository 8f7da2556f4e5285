/*
 * markup.c - text escaped for HTML and XML (see markup.h).
 */
#include "markup.h"

void markup_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		switch (ch) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
				fputs("\xef\xbf\xbd", f);
			else
				fputc(ch, f);
		}
	}
}
