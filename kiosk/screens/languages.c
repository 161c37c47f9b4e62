/* languages: one large button per language, its own name in its own script (never a flag),
 * in the order the location configured. The heading cycles through the languages like the
 * attract screen, because the resident has not chosen yet.
 *
 * For residents who read little, nothing here needs reading: touching a language speaks its
 * name and a short welcome in it and shows it selected; touching it again, or the large
 * "go on" arrow that appears, confirms. */
#define LOG_TAG "languages"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "content/content.h"
#include "core/log.h"
#include "screens/screens.h"
#include "ui/ui.h"

static void languages_layout(void *self, struct app *app, struct ui *ui)
{
    const struct screens_cycle *l = self;
    const char *langs[32];
    size_t n = screens_languages(app, langs, 32);
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    int margin = s / 25;
    const char *title_lang = n ? langs[l->shown % n] : "nl";

    const char *touched = app->session.touched;
    int top = ui_add_nav(ui, app_str(app, "nav.back"), app_str(app, "nav.home"));
    int title_h = s / 9;
    /* A globe before the heading: "languages" without reading a word of it. */
    char title[512];
    snprintf(title, sizeof(title), "\xF0\x9F\x8C\x90 %s", /* U+1F310 GLOBE WITH MERIDIANS */
             content_string(app->content, title_lang, "languages.title"));
    ui_add(ui, &(struct ui_element){.id = "title",
                                    .role = UI_TITLE,
                                    .rect = {margin, top, w - 2 * margin, title_h},
                                    .text = title,
                                    .lang = title_lang,
                                    .align = TEXT_ALIGN_CENTER,
                                    .max_lines = 1,
                                    .no_mirror = true});
    SDL_Rect area = {margin, top + title_h + margin / 2, w - 2 * margin,
                     h - top - title_h - margin * 3 / 2};
    if (touched[0]) {
        /* The confirmation: a large arrow with the language's own name, below the list. */
        int ch = ui_min_target(ui) * 3 / 2;
        area.h -= ch + margin / 2;
        ui_add(ui, &(struct ui_element){
                       .id = "confirm",
                       .role = UI_BUTTON,
                       .primary = true,
                       .rect = {margin, area.y + area.h + margin / 2, w - 2 * margin, ch},
                       .icon = UI_ICON_NEXT,
                       .text = content_language_name(app->content, touched),
                       .lang = touched,
                       .align = TEXT_ALIGN_CENTER,
                       .max_lines = 1});
    }
    int cols = w > h ? 3 : 2;
    int gap = margin / 2;
    int rows = ((int)n + cols - 1) / cols;
    int row_h = rows ? (area.h - gap * (rows - 1)) / rows : area.h;
    int min_h = ui_min_target(ui) * 3 / 2, max_h = s / 5;
    row_h = row_h < min_h ? min_h : row_h > max_h ? max_h : row_h;
    for (size_t i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof(id), "lang:%s", langs[i]);
        ui_add(ui, &(struct ui_element){.id = id,
                                        .role = UI_BUTTON,
                                        .rect = ui_grid_cell(area, cols, row_h, gap, (int)i),
                                        .text = content_language_name(app->content, langs[i]),
                                        .lang = langs[i],
                                        .align = TEXT_ALIGN_CENTER,
                                        .text_px = s * 55 / 1000,
                                        .max_lines = 1,
                                        .primary = strcmp(langs[i], touched) == 0,
                                        .scroll = true});
    }
    ui_set_scroll_area(ui, area);
}

/* Its name and the welcome, in that language (nothing when it has no voice). */
static void speak_language(struct app *app, const char *lang)
{
    app_say(app, lang, (const char *const[]){"language.name", "attract.subtitle"}, 2);
}

static void languages_enter(void *self, struct app *app)
{
    screens_cycle_enter(self, app);
    /* Touched on the attract screen: heard here, where it can be confirmed. */
    if (app->session.touched[0])
        speak_language(app, app->session.touched);
}

static void languages_speech(void *self, struct app *app, struct screen_speech *out)
{
    const struct screens_cycle *l = self;
    const char *langs[32];
    size_t n = screens_languages(app, langs, 32);
    if (app->session.touched[0]) {
        snprintf(out->lang, sizeof(out->lang), "%s", app->session.touched);
        app_speech_add(out, "language.name");
        app_speech_add(out, "attract.subtitle");
    } else if (n > 0) {
        snprintf(out->lang, sizeof(out->lang), "%s", langs[l->shown % n]);
        app_speech_add(out, "languages.title");
    }
}

static void languages_event(void *self, struct app *app, const struct ui_event *ev)
{
    (void)self;
    char lang[16];
    if (ev->type != UI_EVENT_TAP || ev->id == NULL)
        return;
    if (strcmp(ev->id, "confirm") == 0 && app->session.touched[0]) {
        snprintf(lang, sizeof(lang), "%s", app->session.touched);
    } else if (strncmp(ev->id, "lang:", 5) == 0 && strcmp(ev->id + 5, app->session.touched) != 0) {
        snprintf(app->session.touched, sizeof(app->session.touched), "%s", ev->id + 5);
        speak_language(app, ev->id + 5);
        app->relayout = true;
        return;
    } else if (strncmp(ev->id, "lang:", 5) == 0) {
        snprintf(lang, sizeof(lang), "%s", ev->id + 5);
    } else {
        return;
    }
    app->session.touched[0] = '\0';
    app_set_language(app, lang);
    LOG_INFO("language %s chosen", lang);
    app_count(app, APP_COUNT_SESSION);
    app_go(app, SCREEN_TOPICS);
}

const struct screen_ops screen_languages = {
    .name = "languages",
    .create = screens_cycle_create,
    .destroy = screens_cycle_destroy,
    .enter = languages_enter,
    .layout = languages_layout,
    .event = languages_event,
    .tick = screens_cycle_tick,
    .deadline = screens_cycle_deadline,
    .speech = languages_speech,
};
