/* topics: one large button per topic (pictogram and short title) in the resident's
 * language, and a button to where one can go for help. */
#define LOG_TAG "topics"
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "content/content.h"
#include "core/log.h"
#include "screens/screens.h"
#include "ui/ui.h"

enum { MAX_TOPICS = 64 };

static void topics_layout(void *self, struct app *app, struct ui *ui)
{
    (void)self;
    struct content_topic topics[MAX_TOPICS];
    size_t n = content_topics(app->content, app->session.lang, topics, MAX_TOPICS);
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    int margin = s / 25, gap = margin / 2;

    int top = ui_add_nav(ui, app_str(app, "nav.back"), app_str(app, "nav.home"));
    struct ui_element title = {.id = "title",
                               .role = UI_TITLE,
                               .rect = {margin, top, w - 2 * margin, s / 9},
                               .text = app_str(app, "topics.title"),
                               .align = TEXT_ALIGN_START,
                               .max_lines = 2};
    /* Large text may need a second line: the heading grows, the list below scrolls. */
    int title_h = ui_text_height(ui, &title) > s / 9 ? ui_text_height(ui, &title) : s / 9;
    title.rect.h = title_h;
    ui_add(ui, &title);
    int contact_h = ui_min_target(ui) * 5 / 4;
    SDL_Rect area = {margin, top + title_h + gap, w - 2 * margin,
                     h - top - title_h - 2 * gap - contact_h - margin};
    int cols = w > h ? 4 : 2;
    int rows = ((int)n + cols - 1) / cols;
    int row_h = rows ? (area.h - gap * (rows - 1)) / rows : area.h;
    /* Tiles grow with large text (the list scrolls) instead of shrinking their titles. */
    int scale = ui_text_scale(ui);
    int min_h = s / 4 * scale / 100;
    if (row_h < min_h)
        row_h = min_h;
    if (row_h > s * 2 / 5 * scale / 100)
        row_h = s * 2 / 5 * scale / 100;
    /* When the list scrolls, it shows whole rows: no tile hangs over the button below. */
    if (rows * (row_h + gap) - gap > area.h) {
        int whole = (area.h + gap) / (row_h + gap);
        area.h = (whole > 1 ? whole : 1) * (row_h + gap) - gap;
    }
    for (size_t i = 0; i < n; i++) {
        char id[96];
        snprintf(id, sizeof(id), "topic:%s", topics[i].slug);
        ui_add(ui, &(struct ui_element){.id = id,
                                        .role = UI_BUTTON,
                                        .rect = ui_grid_cell(area, cols, row_h, gap, (int)i),
                                        .text = topics[i].title,
                                        .pictogram = topics[i].pictogram,
                                        .align = TEXT_ALIGN_CENTER,
                                        .max_lines = 3,
                                        .text_px = s * 36 / 1000,
                                        .scroll = true});
    }
    ui_set_scroll_area(ui, area);
    ui_add(ui,
           &(struct ui_element){.id = "contact",
                                .role = UI_BUTTON,
                                .primary = true,
                                .rect = {margin, h - margin - contact_h, w - 2 * margin, contact_h},
                                .text = app_str(app, "contact.button"),
                                .icon = UI_ICON_CONTACT,
                                .align = TEXT_ALIGN_CENTER,
                                .max_lines = 1});
}

static void topics_enter(void *self, struct app *app)
{
    (void)self;
    app->session.topic[0] = '\0';
}

static void topics_event(void *self, struct app *app, const struct ui_event *ev)
{
    (void)self;
    if (ev->type != UI_EVENT_TAP || ev->id == NULL)
        return;
    if (strcmp(ev->id, "contact") == 0) {
        app_go(app, SCREEN_CONTACT);
    } else if (strncmp(ev->id, "topic:", 6) == 0) {
        snprintf(app->session.topic, sizeof(app->session.topic), "%s", ev->id + 6);
        app_go(app, SCREEN_VIDEO);
    }
}

/* The speaker button: the question, then every topic's title in the order shown. */
static void topics_speech(void *self, struct app *app, struct screen_speech *out)
{
    (void)self;
    struct content_topic topics[MAX_TOPICS];
    size_t n = content_topics(app->content, app->session.lang, topics, MAX_TOPICS);
    app_speech_add(out, "topics.title");
    for (size_t i = 0; i < n; i++) {
        char key[96];
        snprintf(key, sizeof(key), "%s.title", topics[i].slug);
        app_speech_add(out, key);
    }
    app_speech_add(out, "contact.button");
}

const struct screen_ops screen_topics = {
    .name = "topics",
    .enter = topics_enter,
    .layout = topics_layout,
    .event = topics_event,
    .speech = topics_speech,
};
