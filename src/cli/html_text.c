/* Text for HTML documents (the printable taper plan, the validation
 * report): every string escaped so that the document stays valid. */
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* Length (1-4) of the well-formed UTF-8 sequence at s and its code point,
 * or 0 when the bytes are not one (a stray continuation byte, an overlong
 * form, a surrogate, a sequence cut short by the end of the string). */
static size_t utf8_seq(const unsigned char *s, uint32_t *cp)
{
    unsigned c = s[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, v = c & 0x07, min = 0x10000;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* Code points HTML's tokenizer reports as parse errors in text: controls
 * other than tab, line feed, form feed and carriage return, and the
 * noncharacters. */
static int is_bad_in_html(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\f' && cp != '\r';
    if (cp >= 0x7F && cp <= 0x9F)
        return 1;
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* s as HTML text or attribute value: the five markup characters as
 * references, and what is not well-formed UTF-8 or not allowed in HTML as
 * U+FFFD, so that any string a registry row or a message holds leaves the
 * document valid. */
void cli_html_text(FILE *fp, const char *s)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    while (*u) {
        uint32_t cp;
        size_t n = utf8_seq(u, &cp);
        if (!n || is_bad_in_html(cp)) {
            fputs("\xEF\xBF\xBD", fp);
            u += n ? n : 1;
            continue;
        }
        switch (cp) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&#39;", fp); break;
        default: fwrite(u, 1, n, fp);
        }
        u += n;
    }
}

