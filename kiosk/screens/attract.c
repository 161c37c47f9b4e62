/* attract: the idle screen. One big invitation to touch, cycling through every language in
 * its own script, with the names of all languages along the bottom so a passer-by sees at a
 * glance that theirs is there. A tap anywhere opens the language screen; a tap on a
 * language's name opens it with that language touched, which is then spoken. */
#define LOG_TAG "attract"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "content/content.h"
#include "core/log.h"
#include "screens/screens.h"
#include "ui/ui.h"

static void attract_layout(void *self, struct app *app, struct ui *ui)
{
    const struct screens_cycle *a = self;
    const char *langs[32];
    size_t n = screens_languages(app, langs, 32);
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    SDL_Color white = {255, 255, 255, 255};
    SDL_Color soft = {214, 228, 240, 255};

    /* All languages along the bottom, in rows that fit the width, each a full tap target;
     * the start button is everything above them. */
    int cols = w > h ? (int)(n <= 6 ? n : (n + 1) / 2) : (int)(n < 3 ? n : 3);
    int row_h = ui_min_target(ui), gap = s / 80;
    int rows = n ? ((int)n + cols - 1) / cols : 0;
    SDL_Rect area = {s / 20, h - s / 20 - rows * row_h - (rows - 1) * gap, w - s / 10, 0};
    ui_set_background(ui, ui_color_accent()); /* around the language buttons too */
    ui_add(ui, &(struct ui_element){.id = "start",
                                    .role = UI_BUTTON,
                                    .rect = {0, 0, w, n ? area.y - gap : h},
                                    .primary = true});
    if (n == 0) {
        ui_add(ui, &(struct ui_element){.role = UI_LABEL,
                                        .rect = {s / 20, h / 3, w - s / 10, h / 3},
                                        .text = "Wegwijs",
                                        .align = TEXT_ALIGN_CENTER,
                                        .fg = white,
                                        .text_px = s / 10});
        return;
    }
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
    if (ev->type != UI_EVENT_TAP)
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
