/* attract: the idle screen. One big invitation to touch, cycling through every language in
 * its own script, with the names of all languages along the bottom so a passer-by sees at a
 * glance that theirs is there. A tap anywhere opens the language screen; a tap on a
 * language's name opens it with that language touched, which is then spoken. */
#define LOG_TAG "attract"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"
#include "screens/screens.h"
#include "ui/ui.h"

/*
 * No content installed (a new kiosk, or every pack removed): a calm "not in use yet" screen
 * in Dutch, with a pictogram and where to ask. Its words are here, not in a PO file,
 * because there is no content to take them from. Staff mode (the held corner) still works.
 */
static void empty_layout(struct app *app, struct ui *ui)
{
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    int margin = s / 12, y = h / 6;
    const char *place = config_string(app->config, "location", "name", "");
    char ask[256];
    if (place[0])
        snprintf(ask, sizeof(ask), "Heeft u een vraag? Loop dan even naar de balie van %s.", place);
    else
        snprintf(ask, sizeof(ask), "Heeft u een vraag? Loop dan even naar de balie.");
    struct ui_element els[3] = {
        {.id = "empty.pictogram",
         .role = UI_PICTOGRAM,
         .rect = {margin, y, w - 2 * margin, s / 5},
         .text = "\xF0\x9F\x9B\xA0\xEF\xB8\x8F", /* U+1F6E0 HAMMER AND WRENCH */
         .lang = "nl",
         .align = TEXT_ALIGN_CENTER,
         .text_px = s / 7},
        {.id = "empty.title",
         .role = UI_TITLE,
         .rect = {margin, 0, w - 2 * margin, s / 8},
         .text = "Deze informatiezuil is nog niet in gebruik",
         .lang = "nl",
         .align = TEXT_ALIGN_CENTER,
         .text_px = s * 6 / 100},
        {.id = "empty.ask",
         .role = UI_LABEL,
         .rect = {margin, 0, w - 2 * margin, s / 8},
         .text = ask,
         .lang = "nl",
         .align = TEXT_ALIGN_CENTER,
         .text_px = s * 45 / 1000},
    };
    for (int i = 0; i < 3; i++) {
        if (i > 0) {
            els[i].rect.y = y;
            els[i].rect.h = ui_text_height(ui, &els[i]);
        }
        ui_add(ui, &els[i]);
        y += els[i].rect.h + s / 30;
    }
}

static void attract_layout(void *self, struct app *app, struct ui *ui)
{
    const struct screens_cycle *a = self;
    const char *langs[32];
    size_t n = screens_languages(app, langs, 32);
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    SDL_Color white = {255, 255, 255, 255};
    SDL_Color soft = {214, 228, 240, 255};

    if (n == 0) {
        empty_layout(app, ui);
        return;
    }
    /* All languages along the bottom, in rows that fit the width, each a full tap target;
     * the start button is everything above them. */
    int cols = w > h ? (int)(n <= 6 ? n : (n + 1) / 2) : (int)(n < 3 ? n : 3);
    int row_h = ui_min_target(ui), gap = s / 80;
    int rows = ((int)n + cols - 1) / cols;
    SDL_Rect area = {s / 20, h - s / 20 - rows * row_h - (rows - 1) * gap, w - s / 10, 0};
    ui_set_background(ui, ui_color_accent()); /* around the language buttons too */
    ui_add(ui,
           &(struct ui_element){
               .id = "start", .role = UI_BUTTON, .rect = {0, 0, w, area.y - gap}, .primary = true});
    const char *lang = langs[a->shown % n];
    ui_add(ui, &(struct ui_element){.role = UI_PICTOGRAM,
                                    .rect = {0, h * 14 / 100, w, s / 6},
                                    .text = "👆",
                                    .align = TEXT_ALIGN_CENTER,
                                    .text_px = s / 8,
                                    .lang = lang});
    ui_add(ui, &(struct ui_element){.id = "attract.touch",
                                    .role = UI_LABEL,
                                    .rect = {s / 20, h * 36 / 100, w - s / 10, s / 5},
                                    .text = content_string(app->content, lang, "attract.touch"),
                                    .lang = lang,
                                    .align = TEXT_ALIGN_CENTER,
                                    .fg = white,
                                    .text_px = s * 9 / 100,
                                    .max_lines = 2,
                                    .no_mirror = true});
    ui_add(ui, &(struct ui_element){.id = "attract.subtitle",
                                    .role = UI_LABEL,
                                    .rect = {s / 20, h * 36 / 100 + s / 5, w - s / 10, s / 8},
                                    .text = content_string(app->content, lang, "attract.subtitle"),
                                    .lang = lang,
                                    .align = TEXT_ALIGN_CENTER,
                                    .fg = soft,
                                    .text_px = s * 45 / 1000,
                                    .max_lines = 2,
                                    .no_mirror = true});

    for (size_t i = 0; i < n; i++) {
        SDL_Rect cell = ui_grid_cell(area, cols, row_h, gap, (int)i);
        char id[32];
        snprintf(id, sizeof(id), "lang:%s", langs[i]);
        /* A button in the start button's colour: it looks like the label it was. */
        ui_add(ui, &(struct ui_element){.id = id,
                                        .role = UI_BUTTON,
                                        .primary = true,
                                        .rect = cell,
                                        .text = content_language_name(app->content, langs[i]),
                                        .lang = langs[i],
                                        .align = TEXT_ALIGN_CENTER,
                                        .fg = i == a->shown % n ? white : soft,
                                        .text_px = s * 38 / 1000,
                                        .max_lines = 1,
                                        .no_mirror = true});
    }
}

static void attract_event(void *self, struct app *app, const struct ui_event *ev)
{
    (void)self;
    const char *langs[1];
    /* Without content there is nothing to choose: the screen stays as it is. */
    if (ev->type != UI_EVENT_TAP || screens_languages(app, langs, 1) == 0)
        return;
    if (ev->id && strncmp(ev->id, "lang:", 5) == 0)
        snprintf(app->session.touched, sizeof(app->session.touched), "%s", ev->id + 5);
    app_go(app, SCREEN_LANGUAGES);
}

const struct screen_ops screen_attract = {
    .name = "attract",
    .create = screens_cycle_create,
    .destroy = screens_cycle_destroy,
    .enter = screens_cycle_enter,
    .layout = attract_layout,
    .event = attract_event,
    .tick = screens_cycle_tick,
    .deadline = screens_cycle_deadline,
};
