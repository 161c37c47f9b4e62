#define LOG_TAG "qr"
#include "qr/qr.h"

#include <errno.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

enum { QUIET = 4 }; /* modules of white around the code, as ISO/IEC 18004 asks */

struct qr {
    QRcode *code;
};

/* Appends s to the buffer with vCard escaping (RFC 2426: backslash, comma, semicolon,
 * line breaks). */
static void put_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == ',' || *s == ';')
            fputc('\\', f);
        if (*s == '\n')
            fputs("\\n", f);
        else if (*s != '\r')
            fputc(*s, f);
    }
}

char *qr_vcard(const struct qr_contact *c)
{
    char *text = NULL, dial[64];
    size_t len = 0, n = 0;
    /* Only what a phone dials: digits and a leading '+'. */
    for (const char *p = c->phone; *p && n + 1 < sizeof(dial); p++)
        if ((*p >= '0' && *p <= '9') || (*p == '+' && n == 0))
            dial[n++] = *p;
    dial[n] = '\0';
    FILE *f = open_memstream(&text, &len);
    if (f == NULL) {
        LOG_ERR("out of memory");
        return NULL;
    }
    fputs("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:", f);
    put_escaped(f, c->name);
    fputs("\r\nORG:", f);
    put_escaped(f, c->org);
    if (dial[0])
        fprintf(f, "\r\nTEL;TYPE=WORK,VOICE:%s", dial);
    if (c->address[0]) {
        /* One configured line: the street part of ADR, and the same as the label. */
        fputs("\r\nADR;TYPE=WORK:;;", f);
        put_escaped(f, c->address);
        fputs(";;;;", f);
    }
    if (c->note[0]) {
        fputs("\r\nNOTE:", f);
        put_escaped(f, c->note);
    }
    fputs("\r\nEND:VCARD\r\n", f);
    if (fclose(f) != 0) {
        LOG_ERR("out of memory");
        free(text);
        return NULL;
    }
    return text;
}

struct qr *qr_new(const char *text)
{
    struct qr *qr = calloc(1, sizeof(*qr));
    if (qr == NULL) {
        LOG_ERR("out of memory");
        return NULL;
    }
    qr->code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr->code == NULL) {
        LOG_WARN("the contact details do not fit a QR code (%zu bytes): %s", strlen(text),
                 strerror(errno));
        free(qr);
        return NULL;
    }
    return qr;
}

void qr_destroy(struct qr *qr)
{
    if (qr == NULL)
        return;
    QRcode_free(qr->code);
    free(qr);
}

int qr_modules(const struct qr *qr)
{
    return qr->code->width + 2 * QUIET;
}

void qr_draw(const struct qr *qr, SDL_Renderer *r, SDL_Rect rect)
{
    int m = qr_modules(qr), side = rect.w < rect.h ? rect.w : rect.h, px = side / m;
    if (px < 1)
        return;
    SDL_Rect all = {rect.x + (rect.w - m * px) / 2, rect.y + (rect.h - m * px) / 2, m * px, m * px};
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderFillRect(r, &all);
    SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
    int w = qr->code->width;
    for (int y = 0; y < w; y++) {
        /* One rectangle per run of dark modules in a row. */
        for (int x = 0; x < w;) {
            if (!(qr->code->data[y * w + x] & 1)) {
                x++;
                continue;
            }
            int run = x;
            while (run < w && (qr->code->data[y * w + run] & 1))
                run++;
            SDL_Rect cell = {all.x + (QUIET + x) * px, all.y + (QUIET + y) * px, (run - x) * px,
                             px};
            SDL_RenderFillRect(r, &cell);
            x = run;
        }
    }
}
