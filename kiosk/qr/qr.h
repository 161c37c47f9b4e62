/*
 * qr: the take-home QR code of the contact card. The location's name, phone, address and
 * walk-in hours become a vCard (version 3.0) that a phone camera offers to save or call, so
 * a resident leaves with the number on their phone; libqrencode makes the code.
 */
#pragma once

#include <SDL.h>
#include <stdbool.h>

struct qr;

struct qr_contact {
    const char *name;    /* the location or municipality, as shown */
    const char *org;     /* the municipality */
    const char *phone;   /* as configured ("14 0123"); the vCard gets the digits to dial */
    const char *address; /* one line, as configured; "" = none */
    const char *note;    /* walk-in hours in the resident's language; "" = none */
};

/* The vCard text (malloc'd, caller frees); NULL when memory runs out. */
char *qr_vcard(const struct qr_contact *c);

/* The QR code of text, error correction M; NULL (logged) when it cannot be made. */
struct qr *qr_new(const char *text);
void qr_destroy(struct qr *qr); /* accepts NULL */
/* Its width in modules, with the 4-module quiet zone on each side. */
int qr_modules(const struct qr *qr);
/* Draws it into the largest square of whole-pixel modules that fits rect, centred, dark on
 * white (cameras need that way round, in every theme). */
void qr_draw(const struct qr *qr, SDL_Renderer *renderer, SDL_Rect rect);
