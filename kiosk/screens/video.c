/* video: the topic's explainer. Until playback lands (kiosk/video/), this shows the topic's
 * title and summary and the way to the contact card. */
#define LOG_TAG "video"
#include <string.h>

#include "app.h"
#include "content/content.h"
#include "core/log.h"
#include "screens/screens.h"
#include "ui/ui.h"

static void video_layout(void *self, struct app *app, struct ui *ui)
{
    (void)self;
    struct content_topic t;
    int w = ui_width(ui), h = ui_height(ui), s = w < h ? w : h;
    int margin = s / 25;
    int top = ui_add_nav(ui, app_str(app, "nav.back"), app_str(app, "nav.home"));
    if (!content_topic(app->content, app->session.lang, app->session.topic, &t)) {
        LOG_WARN("topic \"%s\" has no text in \"%s\"", app->session.topic, app->session.lang);
        return;
    }
    ui_add(ui, &(struct ui_element){.id = "title",
                                    .role = UI_TITLE,
                                    .rect = {margin, top, w - 2 * margin, s / 7},
                                    .text = t.title,
                                    .max_lines = 2});
    ui_add(ui, &(struct ui_element){.id = "summary",
                                    .role = UI_LABEL,
                                    .rect = {margin, top + s / 7 + margin, w - 2 * margin,
                                             h - top - s / 7 - 3 * margin - s / 8},
                                    .text = t.summary});
    ui_add(ui, &(struct ui_element){.id = "contact",
                                    .role = UI_BUTTON,
                                    .primary = true,
                                    .rect = {margin, h - margin - s / 8, w - 2 * margin, s / 8},
                                    .text = app_str(app, "contact.button"),
                                    .align = TEXT_ALIGN_CENTER,
                                    .max_lines = 1});
}

static void video_event(void *self, struct app *app, const struct ui_event *ev)
{
    (void)self;
    if (ev->type == UI_EVENT_TAP && ev->id && strcmp(ev->id, "contact") == 0)
        app_go(app, SCREEN_CONTACT);
}

const struct screen_ops screen_video = {
    .name = "video",
    .layout = video_layout,
    .event = video_event,
};
