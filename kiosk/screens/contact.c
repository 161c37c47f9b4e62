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
#include "screens/screens.h"
#include "staff/staff.h"
#include "stats/stats.h"
#include "ui/ui.h"

/* U+2066 LEFT-TO-RIGHT ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE (UAX #9). */
#define LRI "\xE2\x81\xA6"
#define PDI "\xE2\x81\xA9"

/* The weekday name (0 = Monday): the translators' word ("day.mon"...), else ICU's. */
static void day_name(const struct content *content, const char *lang, int day, char *out,
                     size_t len)
{
    static const char *const keys[7] = {"day.mon", "day.tue", "day.wed", "day.thu",
                                        "day.fri", "day.sat", "day.sun"};
    const char *word = content_string_exact(content, lang, keys[day]);
    if (word) {
        snprintf(out, len, "%s", word);
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

static void contact_layout(void *self, struct app *app, struct ui *ui)
{
    (void)self;
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
    snprintf(buf, sizeof(buf), "📞 %s: " LRI "%s" PDI, app_str(app, "contact.phone"), phone);
    ui_add(ui, &(struct ui_element){.id = "contact.phone",
                                    .role = UI_LABEL,
                                    .rect = {x, y, cw, line},
                                    .text = buf,
                                    .max_lines = 1,
                                    .text_px = s * 45 / 1000});
    y += line;
    const char *address = config_string(cfg, "contact", "address", "");
    if (address[0]) {
        snprintf(buf, sizeof(buf), "📍 %s: " LRI "%s" PDI, app_str(app, "contact.address"), address);
        ui_add(ui, &(struct ui_element){.id = "contact.address",
                                        .role = UI_LABEL,
                                        .rect = {x, y, cw, line * 2},
                                        .text = buf,
                                        .max_lines = 2});
        y += line * 2;
    }
    static const char *const notes[] = {"contact.free", "contact.walkin", "contact.desk"};
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
        ui_add(ui, &(struct ui_element){.id = notes[i],
                                        .role = UI_LABEL,
                                        .rect = {x, y, cw, line * 3 / 2},
                                        .text = app_str(app, notes[i]),
                                        .max_lines = 2});
        y += line * 3 / 2;
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
    ui_add(ui, &(struct ui_element){.id = "contact.hours",
                                    .role = UI_LABEL,
                                    .rect = {hx, hy, hw, row},
                                    .text = app_str(app, "contact.hours"),
                                    .text_px = s * 42 / 1000,
                                    .max_lines = 1});
    hy += row;
    const char *lang = app->session.lang[0] ? app->session.lang : "nl";
    for (int d = 0; d < CONFIG_DAYS; d++) {
        char name[64], id[32];
        const char *hours = config_hours(cfg, d);
        day_name(app->content, lang, d, name, sizeof(name));
        snprintf(id, sizeof(id), "hours:%d", d);
        snprintf(buf, sizeof(buf), "%s: " LRI "%s" PDI, name,
                 hours ? hours : app_str(app, "contact.closed"));
        if (!hours)
            snprintf(buf, sizeof(buf), "%s: %s", name, app_str(app, "contact.closed"));
        ui_add(ui, &(struct ui_element){.id = id,
                                        .role = UI_LABEL,
                                        .rect = {hx, hy, hw, row},
                                        .text = buf,
                                        .max_lines = 1});
        hy += row;
    }

    struct content_topic t;
    if (app->session.topic[0] &&
        content_topic(app->content, app->session.lang, app->session.topic, &t) && t.advice[0]) {
        int ay = wide ? hy + pad : hy + pad;
        int ah = (wide ? card.y + card.h : h - margin) - ay;
        if (ah > row)
            ui_add(ui, &(struct ui_element){.id = "contact.advice",
                                            .role = UI_LABEL,
                                            .rect = {hx, ay, hw, ah},
                                            .text = t.advice});
    }
}

static void contact_enter(void *self, struct app *app)
{
    (void)self;
    /* Anonymous usage figures: a contact card was shown (per day, language and topic). */
    stats_add(staff_stats(app->staff), STATS_CONTACT_SHOWN, app->session.lang, app->session.topic);
}

const struct screen_ops screen_contact = {
    .name = "contact",
    .enter = contact_enter,
    .layout = contact_layout,
};
