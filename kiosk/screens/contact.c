/* contact: where to go next. Municipality, phone, address and walk-in hours come from the
 * location's config (never from a video or a pack), the words around them from the content,
 * day names from ICU in the resident's language. Phone numbers and addresses are isolated
 * left-to-right runs, so they read correctly inside Arabic or Farsi. */
#define LOG_TAG "contact"
#include <stdio.h>
#include <string.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

#include "app.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"
#include "core/utf8.h"
#include "qr/qr.h"
#include "screens/screens.h"
#include "ui/ui.h"

/* U+2066 LEFT-TO-RIGHT ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE (UAX #9). */
#define LRI "\xE2\x81\xA6"
#define PDI "\xE2\x81\xA9"

/* "<icon> <label>: LRI value PDI" into buf (no icon when icon is "", no isolate for a
 * word), every part cut at a character so the result is valid UTF-8 and the closing isolate
 * is always there, however long the value is. */
static void label_value(char *buf, size_t size, const char *icon, const char *label,
                        const char *value, bool isolate)
{
    char head[192];
    utf8_copy(head, sizeof(head), label);
    int n = snprintf(buf, size, "%s%s%s: %s", icon, icon[0] ? " " : "", head, isolate ? LRI : "");
    const char *tail = isolate ? PDI : "";
    if (n < 0 || (size_t)n + strlen(tail) + 1 > size) {
        buf[0] = '\0';
        return;
    }
    size_t room = size - (size_t)n - strlen(tail) - 1;
    size_t v = utf8_prefix(value, room);
    memcpy(buf + n, value, v);
    memcpy(buf + n + v, tail, strlen(tail) + 1);
}

/* The weekday name (0 = Monday): the translators' word ("day.mon"...), else ICU's. */
static void day_name(const struct content *content, const char *lang, int day, char *out,
                     size_t len)
{
    static const char *const keys[7] = {"day.mon", "day.tue", "day.wed", "day.thu",
                                        "day.fri", "day.sat", "day.sun"};
    const char *word = content_string_exact(content, lang, keys[day]);
    if (word) {
        utf8_copy(out, len, word);
        return;
    }
    static const char *const fallback[7] = {"Maandag", "Dinsdag",  "Woensdag", "Donderdag",
                                            "Vrijdag", "Zaterdag", "Zondag"};
    UErrorCode err = U_ZERO_ERROR;
    UDateFormat *fmt = udat_open(UDAT_NONE, UDAT_FULL, lang, NULL, 0, NULL, 0, &err);
    UChar buf[64];
    int32_t n = 0;
    if (U_SUCCESS(err))
        /* ICU counts from Sunday = 1. */
        n = udat_getSymbols(fmt, UDAT_STANDALONE_WEEKDAYS, (day + 1) % 7 + 1, buf, 64, &err);
    if (U_SUCCESS(err) && n > 0 && n < 64)
        u_strToUTF8(out, (int32_t)len, NULL, buf, n, &err);
    if (U_FAILURE(err) || n <= 0) {
        LOG_DBG("no ICU day names for %s: %s", lang, u_errorName(err));
        snprintf(out, len, "%s", fallback[day]);
    }
    if (fmt)
        udat_close(fmt);
}

struct contact {
    struct qr *qr;
    char *vcard;    /* what qr holds, to make it again only when that changes */
    SDL_Rect qr_at; /* screen pixels; w 0 = not shown */
};

static void *contact_create(struct app *app)
{
    (void)app;
    struct contact *c = calloc(1, sizeof(*c));
    if (c == NULL)
        LOG_ERR("out of memory");
    return c;
}

static void contact_destroy(void *self)
{
    struct contact *c = self;
    if (c == NULL)
        return;
    qr_destroy(c->qr);
    free(c->vcard);
    free(c);
}

/* Adds a row of text, taller than min_h when its text needs it at the design size (large
 * text wraps onto another line instead of shrinking into its neighbours); returns its height. */
static int add_row(struct ui *ui, struct ui_element el, int min_h)
{
    int need = ui_text_height(ui, &el);
    el.rect.h = need > min_h ? need : min_h;
    ui_add(ui, &el);
    return el.rect.h;
}

/* The height n rows take in width w (each at least min_h). */
static int rows_height(struct ui *ui, const struct ui_element *rows, int n, int x, int w, int min_h)
{
    int sum = 0;
    for (int i = 0; i < n; i++) {
        struct ui_element el = rows[i];
        el.rect = (SDL_Rect){x, 0, w, min_h};
        int need = ui_text_height(ui, &el);
        sum += need > min_h ? need : min_h;
    }
    return sum;
}

/* The take-home code: made again only when the details or the language changed. */
static void update_qr(struct contact *c, const struct qr_contact *details)
{
    char *vcard = qr_vcard(details);
    if (vcard == NULL || (c->vcard && strcmp(vcard, c->vcard) == 0)) {
        free(vcard);
        return;
    }
    qr_destroy(c->qr);
    free(c->vcard);
    c->vcard = vcard;
    c->qr = qr_new(vcard);
}

static void contact_layout(void *self, struct app *app, struct ui *ui)
{
    struct contact *c = self;
    const struct config *cfg = app->config;
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    int margin = s / 25, line = s * 7 / 100;
    char buf[512];

    int top = ui_add_nav(ui, app_str(app, "nav.back"), app_str(app, "nav.home"));
    ui_add(ui, &(struct ui_element){.id = "title",
                                    .role = UI_TITLE,
                                    .rect = {margin, top, w - 2 * margin, s / 9},
                                    .text = app_str(app, "contact.title"),
                                    .max_lines = 2});
    int y = top + s / 9 + margin / 2;
    bool wide = w > h;
    int col_w = wide ? (w - 3 * margin) / 2 : w - 2 * margin;
    SDL_Rect card = {margin, y, col_w, h - y - margin};
    ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = card});
    int pad = margin / 2, x = card.x + pad, cw = card.w - 2 * pad;
    y += pad;

    const char *muni = config_string(cfg, "location", "municipality", "Gemeente Voorbeeld");
    const char *place = config_string(cfg, "location", "name", "");
    ui_add(ui, &(struct ui_element){.id = "contact.municipality",
                                    .role = UI_LABEL,
                                    .rect = {x, y, cw, line},
                                    .text = muni,
                                    .lang = "nl",
                                    .text_px = s * 45 / 1000,
                                    .max_lines = 1,
                                    .align = app_rtl(app) ? TEXT_ALIGN_END : TEXT_ALIGN_START});
    y += line;
    if (place[0]) {
        ui_add(ui, &(struct ui_element){.id = "contact.place",
                                        .role = UI_LABEL,
                                        .rect = {x, y, cw, line},
                                        .text = place,
                                        .lang = "nl",
                                        .max_lines = 1,
                                        .align = app_rtl(app) ? TEXT_ALIGN_END : TEXT_ALIGN_START});
        y += line;
    }
    const char *phone = config_string(cfg, "contact", "phone", "14 0000");
    label_value(buf, sizeof(buf), "📞", app_str(app, "contact.phone"), phone, true);
    ui_add(ui, &(struct ui_element){.id = "contact.phone",
                                    .role = UI_LABEL,
                                    .rect = {x, y, cw, line},
                                    .text = buf,
                                    .max_lines = 1,
                                    .text_px = s * 45 / 1000});
    y += line;
    const char *address = config_string(cfg, "contact", "address", "");
    if (address[0]) {
        label_value(buf, sizeof(buf), "📍", app_str(app, "contact.address"), address, true);
        y += add_row(ui,
                     (struct ui_element){.id = "contact.address",
                                         .role = UI_LABEL,
                                         .rect = {x, y, cw, line * 2},
                                         .text = buf,
                                         .max_lines = 3},
                     line * 2);
    }
    static const char *const notes[] = {"contact.free", "contact.walkin", "contact.desk"};
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
        y += add_row(ui,
                     (struct ui_element){.id = notes[i],
                                         .role = UI_LABEL,
                                         .rect = {x, y, cw, line * 3 / 2},
                                         .text = app_str(app, notes[i]),
                                         .max_lines = 3},
                     line * 3 / 2);
    }

    /* Walk-in hours: in a second column when wide, else below. */
    int hx = x, hy = y + pad, hw = cw;
    if (wide) {
        SDL_Rect card2 = {2 * margin + col_w, top + s / 9 + margin / 2, col_w, card.h};
        ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = card2});
        hx = card2.x + pad;
        hy = card2.y + pad;
        hw = card2.w - 2 * pad;
    }
    int row = s * 6 / 100;
    const char *lang = app->session.lang[0] ? app->session.lang : "nl";
    /* The QR code holds the same hours, with the day names the resident reads. */
    char note[1024];
    size_t nl = (size_t)snprintf(note, sizeof(note), "%s:", app_str(app, "contact.hours"));
    for (int d = 0; d < CONFIG_DAYS && nl < sizeof(note); d++) {
        char name[64];
        const char *hours = config_hours(cfg, d);
        day_name(app->content, lang, d, name, sizeof(name));
        nl += (size_t)snprintf(note + nl, sizeof(note) - nl, "\n%s %s", name,
                               hours ? hours : app_str(app, "contact.closed"));
    }
    if (c) {
        update_qr(c, &(struct qr_contact){.name = place[0] ? place : muni,
                                          .org = muni,
                                          .phone = phone,
                                          .address = address,
                                          .note = note});
        c->qr_at = (SDL_Rect){0, 0, 0, 0};
    }
    /* The hours' rows: the heading, then one per day. */
    struct ui_element rows[1 + CONFIG_DAYS];
    char texts[CONFIG_DAYS][256], ids[CONFIG_DAYS][16];
    rows[0] = (struct ui_element){.id = "contact.hours",
                                  .role = UI_LABEL,
                                  .text = app_str(app, "contact.hours"),
                                  .text_px = s * 42 / 1000,
                                  .max_lines = 2};
    for (int d = 0; d < CONFIG_DAYS; d++) {
        char name[64];
        const char *hours = config_hours(cfg, d);
        day_name(app->content, lang, d, name, sizeof(name));
        snprintf(ids[d], sizeof(ids[d]), "hours:%d", d);
        if (hours)
            label_value(texts[d], sizeof(texts[d]), "", name, hours, true);
        else
            label_value(texts[d], sizeof(texts[d]), "", name, app_str(app, "contact.closed"),
                        false);
        rows[1 + d] =
            (struct ui_element){.id = ids[d], .role = UI_LABEL, .text = texts[d], .max_lines = 2};
    }
    int bottom = (wide ? card.y + card.h : h - margin) - pad;
    /* Beside the hours, at their end: 30% of the short side scans from 40 cm on a kiosk
     * screen (about 9 cm on a 32-inch screen). With large text the hours may need the whole
     * width: the code then goes below them, or at the end of the first card. */
    int qs = s * 30 / 100, min_qs = c && c->qr ? qr_modules(c->qr) * 3 : 0;
    bool beside = c && c->qr && hw - qs - pad > hw / 2 &&
                  rows_height(ui, rows, 1 + CONFIG_DAYS, hx, hw - qs - pad, row) <= bottom - hy;
    if (beside) {
        qs = qs < bottom - hy ? qs : bottom - hy;
        c->qr_at = (SDL_Rect){hx + hw - qs, hy, qs, qs};
        hw -= qs + pad;
    }
    for (int i = 0; i < 1 + CONFIG_DAYS; i++) {
        rows[i].rect = (SDL_Rect){hx, hy, hw, row};
        hy += add_row(ui, rows[i], row);
    }
    int col_bottom = beside && c->qr_at.y + c->qr_at.h > hy ? c->qr_at.y + c->qr_at.h : hy;
    if (beside)
        hw += qs + pad;
    if (c && c->qr && !beside) {
        int below = bottom - hy - pad, first = card.y + card.h - pad - y;
        if (below >= min_qs) {
            qs = qs < below ? qs : below;
            c->qr_at = (SDL_Rect){hx + hw - qs, hy + pad, qs, qs};
            col_bottom = hy + pad + qs;
        } else if (wide && first >= min_qs) {
            qs = qs < first ? qs : first;
            c->qr_at = (SDL_Rect){x + cw - qs, y, qs, qs};
        } else {
            LOG_DBG("no room for the QR code at %dx%d", w, h);
        }
    }
    if (c && c->qr_at.w && ui_rtl(ui))
        c->qr_at.x = w - c->qr_at.x - c->qr_at.w;

    struct content_topic t;
    if (app->session.topic[0] &&
        content_topic(app->content, app->session.lang, app->session.topic, &t) && t.advice[0]) {
        int ay = col_bottom + pad;
        int ah = (wide ? card.y + card.h : h - margin) - ay;
        struct ui_element advice = {
            .id = "contact.advice", .role = UI_LABEL, .rect = {hx, ay, hw, ah}, .text = t.advice};
        /* Wide, with little room under the hours: under the notes of the first card, if
         * there is more room there (and the QR code is not there). */
        int ly = y + pad, lh = card.y + card.h - ly;
        bool qr_left = c && c->qr_at.w && !beside && c->qr_at.y >= y;
        if (wide && !qr_left && lh > ah && !ui_text_fits(ui, &advice)) {
            advice.rect = (SDL_Rect){x, ly, cw, lh};
            ah = lh;
        }
        if (ah > row)
            ui_add(ui, &advice);
    }
}

/* The speaker button: the heading, the phone number digit by digit (the number is the
 * location's, so it is read from prompts of single digits), and the notes. */
static void contact_speech(void *self, struct app *app, struct screen_speech *out)
{
    (void)self;
    app_speech_add(out, "contact.title");
    app_speech_add(out, "contact.phone");
    for (const char *p = config_string(app->config, "contact", "phone", ""); *p; p++) {
        char key[16];
        snprintf(key, sizeof(key), "digit.%c", *p);
        if (*p >= '0' && *p <= '9')
            app_speech_add(out, key);
    }
    app_speech_add(out, "contact.free");
    app_speech_add(out, "contact.walkin");
    app_speech_add(out, "contact.desk");
}

static void contact_draw_over(void *self, struct app *app)
{
    struct contact *c = self;
    if (c && c->qr && c->qr_at.w)
        qr_draw(c->qr, app->renderer, c->qr_at);
}

static void contact_enter(void *self, struct app *app)
{
    (void)self;
    /* Anonymous usage figures: a contact card was shown (per day, language and topic). */
    app_count(app, APP_COUNT_CONTACT_SHOWN);
}

const struct screen_ops screen_contact = {
    .name = "contact",
    .create = contact_create,
    .destroy = contact_destroy,
    .enter = contact_enter,
    .layout = contact_layout,
    .draw_over = contact_draw_over,
    .speech = contact_speech,
};
