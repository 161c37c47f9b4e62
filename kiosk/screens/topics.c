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
    int title_h = s / 9;
    ui_add(ui, &(struct ui_element){.id = "title",
                                    .role = UI_TITLE,
                                    .rect = {margin, top, w - 2 * margin, title_h},
                                    .text = app_str(app, "topics.title"),
                                    .align = TEXT_ALIGN_START,
                                    .max_lines = 2});
    int contact_h = ui_min_target(ui) * 5 / 4;
    SDL_Rect area = {margin, top + title_h + gap, w - 2 * margin,
                     h - top - title_h - 2 * gap - contact_h - margin};
    int cols = w > h ? 4 : 2;
    int rows = ((int)n + cols - 1) / cols;
    int row_h = rows ? (area.h - gap * (rows - 1)) / rows : area.h;
    int min_h = s / 4;
    if (row_h < min_h)
        row_h = min_h;
    if (row_h > s * 2 / 5)
        row_h = s * 2 / 5;
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

const struct screen_ops screen_topics = {
    .name = "topics",
    .enter = topics_enter,
    .layout = topics_layout,
    .event = topics_event,
};
