/* contact: where to go next. Municipality, phone, address and walk-in hours come from the
 * location's config (never from a video or a pack), the words around them from the content,
 * day names from ICU in the resident's language. Phone numbers and addresses are isolated
 * left-to-right runs, so they read correctly inside Arabic or Farsi. */
#define LOG_TAG "contact"
#include <stdio.h>
#include <stdlib.h>
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

/* One row of the card: its element and the least height it takes. A row of one line keeps
 * exactly that height (its text shrinks to fit the line); others grow when their text needs
 * it at the design size (large text wraps onto another line instead of shrinking). */
struct row {
    struct ui_element el;
    int min_h;
};

static int row_height(struct ui *ui, const struct row *r, int w)
{
    struct ui_element el = r->el;
    el.rect = (SDL_Rect){0, 0, w, r->min_h};
    if (el.max_lines == 1 && ui_text_fits(ui, &el))
        return r->min_h;
    el.max_lines = 0; /* not even shrunk to the floor on one line: it wraps */
    int need = ui_text_height(ui, &el);
    return need > r->min_h ? need : r->min_h;
}

/* The height n rows take in width w. */
static int rows_height(struct ui *ui, const struct row *rows, int n, int w)
{
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += row_height(ui, &rows[i], w);
    return sum;
}

/* Adds n rows one under the other from (x, y) in width w; returns the y below them. */
static int add_rows(struct ui *ui, const struct row *rows, int n, int x, int y, int w, bool scroll)
{
    for (int i = 0; i < n; i++) {
        struct ui_element el = rows[i].el;
        el.rect = (SDL_Rect){x, y, w, row_height(ui, &rows[i], w)};
        if (el.rect.h > rows[i].min_h)
            el.max_lines = 0;
        el.scroll = scroll;
        ui_add(ui, &el);
        y += el.rect.h;
    }
    return y;
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

/* What the card shows, as rows: the place and how to reach it, the notes, the hours. */
struct card {
    struct row info[8];
    int n_info;
    struct row hours[1 + CONFIG_DAYS];
    struct ui_element advice; /* .text NULL = none */
    char phone[512], address[512], days[CONFIG_DAYS][256], ids[CONFIG_DAYS][16];
    int w, h, s, margin, pad, line, row, top; /* top: where the cards start */
    int qs, min_qs;                           /* the QR code's side: wanted, least */
};

/*
 * The usual arrangement: in landscape the place, phone, address and notes in a first card,
 * the hours in a second with the code beside them (or below them, or under the notes); in
 * portrait all in one card, the code beside or below the hours. False when something does
 * not fit: a card that runs over, no room for the code, the advice without room.
 */
static bool layout_cards(struct contact *c, struct ui *ui, struct card *k)
{
    int w = k->w, h = k->h, margin = k->margin, pad = k->pad, row = k->row;
    bool wide = w > h, ok = true;
    int col_w = wide ? (w - 3 * margin) / 2 : w - 2 * margin;
    SDL_Rect card = {margin, k->top, col_w, h - k->top - margin};
    ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = card});
    int x = card.x + pad, cw = card.w - 2 * pad;
    int y = add_rows(ui, k->info, k->n_info, x, k->top + pad, cw, false);
    if (wide && y > card.y + card.h) /* into the card's padding is still inside it */
        ok = false;

    /* Walk-in hours: in a second column when wide, else below. */
    int hx = x, hy = y + pad, hw = cw;
    if (wide) {
        SDL_Rect card2 = {2 * margin + col_w, k->top, col_w, card.h};
        ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = card2});
        hx = card2.x + pad;
        hy = card2.y + pad;
        hw = card2.w - 2 * pad;
    }
    int bottom = card.y + card.h - pad;
    /* Beside the hours, at their end: 30% of the short side scans from 40 cm on a kiosk
     * screen (about 9 cm on a 32-inch screen). With large text the hours may need the whole
     * width: the code then goes below them, or at the end of the first card. */
    int qs = k->qs;
    bool beside = c && c->qr && hw - qs - pad > hw / 2 && bottom - hy >= k->min_qs &&
                  rows_height(ui, k->hours, 1 + CONFIG_DAYS, hw - qs - pad) <= bottom - hy;
    if (beside) {
        qs = qs < bottom - hy ? qs : bottom - hy;
        c->qr_at = (SDL_Rect){hx + hw - qs, hy, qs, qs};
        hw -= qs + pad;
    }
    hy = add_rows(ui, k->hours, 1 + CONFIG_DAYS, hx, hy, hw, false);
    if (hy > bottom + pad)
        ok = false;
    int col_bottom = beside && c->qr_at.y + c->qr_at.h > hy ? c->qr_at.y + c->qr_at.h : hy;
    if (beside)
        hw += qs + pad;
    if (c && c->qr && !beside) {
        int below = bottom - hy - pad, first = card.y + card.h - pad - y;
        if (below >= k->min_qs) {
            qs = qs < below ? qs : below;
            c->qr_at = (SDL_Rect){hx + hw - qs, hy + pad, qs, qs};
            col_bottom = hy + pad + qs;
        } else if (wide && first >= k->min_qs) {
            qs = qs < first ? qs : first;
            c->qr_at = (SDL_Rect){x + cw - qs, y, qs, qs};
        } else {
            ok = false;
        }
    }
    if (k->advice.text) {
        int ay = col_bottom + pad;
        int ah = bottom + pad - ay;
        struct ui_element advice = k->advice;
        advice.rect = (SDL_Rect){hx, ay, hw, ah};
        /* Wide, with little room under the hours: under the notes of the first card, if
         * there is more room there (and the QR code is not there). */
        int ly = y + pad, lh = card.y + card.h - ly;
        bool qr_left = c && c->qr_at.w && !beside && c->qr_at.y >= y;
        if (wide && !qr_left && lh > ah && !ui_text_fits(ui, &advice)) {
            advice.rect = (SDL_Rect){x, ly, cw, lh};
            ah = lh;
        }
        if (ah > row && ui_text_fits(ui, &advice))
            ui_add(ui, &advice);
        else
            ok = false;
    }
    return ok;
}

/*
 * When the cards do not fit (large text, a small screen): the code keeps a place of its own
 * (a column at the end in landscape, a row at the bottom in portrait) and the text scrolls
 * beside or above it, in two columns when wide. The code is never left out for text.
 */
static void layout_scrolled(struct contact *c, struct ui *ui, struct card *k)
{
    int w = k->w, h = k->h, margin = k->margin, pad = k->pad;
    bool wide = w > h;
    int avail = h - margin - k->top; /* height from the cards' top to the bottom margin */
    int qs = k->qs;
    SDL_Rect text = {margin, k->top, w - 2 * margin, avail};
    if (c && c->qr) {
        int room = (wide ? avail : avail / 2) - 2 * pad;
        qs = qs < room ? qs : room;
        if (qs < k->min_qs) {
            LOG_WARN("no room for the QR code at %dx%d (%d px, %d wanted)", w, h, room, k->min_qs);
        } else if (wide) {
            SDL_Rect col = {w - margin - qs - 2 * pad, k->top, qs + 2 * pad, avail};
            ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = col});
            c->qr_at = (SDL_Rect){col.x + pad, col.y + pad, qs, qs};
            text.w -= col.w + margin;
        } else {
            SDL_Rect band = {margin, h - margin - qs - 2 * pad, w - 2 * margin, qs + 2 * pad};
            ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = band});
            c->qr_at = (SDL_Rect){(w - qs) / 2, band.y + pad, qs, qs};
            text.h -= band.h + margin / 2;
        }
    }
    ui_add(ui, &(struct ui_element){.role = UI_PANEL, .rect = text});
    SDL_Rect area = {text.x + pad, text.y + pad, text.w - 2 * pad, text.h - 2 * pad};
    /* Side by side the two lists share their lines (a grid): the list then shows whole lines
     * only, however far it is scrolled to begin with, and no word is cut at its edge. */
    struct row list[2][1 + CONFIG_DAYS + 8];
    int n[2] = {0, 0}, cols = wide && area.w >= 2 * k->s * 45 / 100 ? 2 : 1;
    for (int i = 0; i < k->n_info; i++)
        list[0][n[0]++] = k->info[i];
    for (int i = 0; i < 1 + CONFIG_DAYS; i++)
        list[cols - 1][n[cols - 1]++] = k->hours[i];
    if (k->advice.text)
        list[cols - 1][n[cols - 1]++] = (struct row){.el = k->advice, .min_h = k->row};
    int cw = cols == 2 ? (area.w - 2 * pad) / 2 : area.w;
    int y = area.y, shown = 0, lines = n[0] > n[1] ? n[0] : n[1];
    for (int i = 0; i < lines; i++) {
        int lh = 0;
        for (int col = 0; col < cols; col++)
            if (i < n[col] && row_height(ui, &list[col][i], cw) > lh)
                lh = row_height(ui, &list[col][i], cw);
        for (int col = 0; col < cols; col++) {
            if (i >= n[col])
                continue;
            struct row r = list[col][i];
            r.min_h = lh;
            add_rows(ui, &r, 1, area.x + col * (cw + 2 * pad), y, cw, true);
        }
        y += lh;
        if (y - area.y <= area.h)
            shown = y - area.y;
    }
    if (shown > 0)
        area.h = shown;
    ui_set_scroll_area(ui, area);
}

static void contact_layout(void *self, struct app *app, struct ui *ui)
{
    struct contact *c = self;
    const struct config *cfg = app->config;
    struct card *k = calloc(1, sizeof(*k));
    if (k == NULL) {
        LOG_ERR("out of memory");
        return;
    }
    k->w = ui_width(ui);
    k->h = ui_height(ui);
    k->s = k->w < k->h ? k->w : k->h;
    int s = k->s;
    k->margin = s / 25;
    k->pad = k->margin / 2;
    k->line = s * 7 / 100;
    k->row = s * 6 / 100;
    int line = k->line;

    int top = ui_add_nav(ui, app_str(app, "nav.back"), app_str(app, "nav.home"));
    ui_add(ui, &(struct ui_element){.id = "title",
                                    .role = UI_TITLE,
                                    .rect = {k->margin, top, k->w - 2 * k->margin, s / 9},
                                    .text = app_str(app, "contact.title"),
                                    .max_lines = 2});
    k->top = top + s / 9 + k->margin / 2;

    const char *muni = config_string(cfg, "location", "municipality", "Gemeente Voorbeeld");
    const char *place = config_string(cfg, "location", "name", "");
    enum text_align start = app_rtl(app) ? TEXT_ALIGN_END : TEXT_ALIGN_START;
    k->info[k->n_info++] = (struct row){{.id = "contact.municipality",
                                         .role = UI_LABEL,
                                         .text = muni,
                                         .lang = "nl",
                                         .text_px = s * 45 / 1000,
                                         .max_lines = 1,
                                         .align = start},
                                        line};
    if (place[0])
        k->info[k->n_info++] = (struct row){{.id = "contact.place",
                                             .role = UI_LABEL,
                                             .text = place,
                                             .lang = "nl",
                                             .max_lines = 1,
                                             .align = start},
                                            line};
    const char *phone = config_string(cfg, "contact", "phone", "14 0000");
    label_value(k->phone, sizeof(k->phone), "📞", app_str(app, "contact.phone"), phone, true);
    k->info[k->n_info++] = (struct row){{.id = "contact.phone",
                                         .role = UI_LABEL,
                                         .text = k->phone,
                                         .max_lines = 1,
                                         .text_px = s * 45 / 1000},
                                        line};
    const char *address = config_string(cfg, "contact", "address", "");
    if (address[0]) {
        label_value(k->address, sizeof(k->address), "📍", app_str(app, "contact.address"), address,
                    true);
        k->info[k->n_info++] = (struct row){
            {.id = "contact.address", .role = UI_LABEL, .text = k->address, .max_lines = 3},
            line * 2};
    }
    static const char *const notes[] = {"contact.free", "contact.walkin", "contact.desk"};
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
        k->info[k->n_info++] = (struct row){
            {.id = notes[i], .role = UI_LABEL, .text = app_str(app, notes[i]), .max_lines = 3},
            line};

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
    k->hours[0] = (struct row){{.id = "contact.hours",
                                .role = UI_LABEL,
                                .text = app_str(app, "contact.hours"),
                                .text_px = s * 42 / 1000,
                                .max_lines = 2},
                               k->row};
    for (int d = 0; d < CONFIG_DAYS; d++) {
        char name[64];
        const char *hours = config_hours(cfg, d);
        day_name(app->content, lang, d, name, sizeof(name));
        snprintf(k->ids[d], sizeof(k->ids[d]), "hours:%d", d);
        if (hours)
            label_value(k->days[d], sizeof(k->days[d]), "", name, hours, true);
        else
            label_value(k->days[d], sizeof(k->days[d]), "", name, app_str(app, "contact.closed"),
                        false);
        k->hours[1 + d] = (struct row){
            {.id = k->ids[d], .role = UI_LABEL, .text = k->days[d], .max_lines = 2}, k->row};
    }
    struct content_topic t;
    if (app->session.topic[0] &&
        content_topic(app->content, app->session.lang, app->session.topic, &t) && t.advice[0])
        k->advice = (struct ui_element){.id = "contact.advice", .role = UI_LABEL, .text = t.advice};
    /* Whole modules of at least 3 pixels (qr_draw), which phone cameras read from a hand's
     * length; a vCard with the hours has about 85 modules with its quiet zone, more than 30%
     * of a 720-pixel screen holds at 3 pixels. */
    k->min_qs = c && c->qr ? qr_modules(c->qr) * 3 : 0;
    k->qs = s * 30 / 100 > k->min_qs ? s * 30 / 100 : k->min_qs;

    size_t mark = ui_mark(ui);
    if (!layout_cards(c, ui, k)) {
        ui_drop_to(ui, mark);
        if (c)
            c->qr_at = (SDL_Rect){0, 0, 0, 0};
        layout_scrolled(c, ui, k);
    }
    if (c && c->qr_at.w) {
        /* In the dump (the fit test checks that the code is there); drawn over it later. */
        ui_add(ui, &(struct ui_element){.id = "contact.qr",
                                        .role = UI_PANEL,
                                        .rect = c->qr_at,
                                        .bg = {255, 255, 255, 255}});
        if (ui_rtl(ui))
            c->qr_at.x = k->w - c->qr_at.x - c->qr_at.w;
    }
    free(k);
}

/* The speaker button: the heading, the place, the phone number digit by digit (the number is
 * the location's, so it is read from prompts of single digits), the address, and the notes.
 * The place and the address are the location's own words: spoken when tools/mkspeech
 * --location made their audio from this very value (config_speech_key), else left out. The
 * hours are not spoken: they are in the QR code. */
static void contact_speech(void *self, struct app *app, struct screen_speech *out)
{
    (void)self;
    char key[64];
    app_speech_add(out, "contact.title");
    const char *place = config_string(app->config, "location", "name", "");
    if (place[0]) {
        config_speech_key(key, sizeof(key), "place", place);
        app_speech_add(out, key);
    }
    app_speech_add(out, "contact.phone");
    for (const char *p = config_string(app->config, "contact", "phone", ""); *p; p++) {
        snprintf(key, sizeof(key), "digit.%c", *p);
        if (*p >= '0' && *p <= '9')
            app_speech_add(out, key);
    }
    const char *address = config_string(app->config, "contact", "address", "");
    if (address[0]) {
        config_speech_key(key, sizeof(key), "address", address);
        if (app_can_say(app, NULL, key)) { /* never the word "Address" with nothing after */
            app_speech_add(out, "contact.address");
            app_speech_add(out, key);
        }
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
