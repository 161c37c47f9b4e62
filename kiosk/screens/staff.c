/* staff: staff mode, reached by holding a corner for 5 s. Speaks Dutch. Until staff mode
 * lands (kiosk/staff/), this says where staff are and offers the way back. */
#define LOG_TAG "staff"
#include <string.h>

#include "app.h"
#include "core/log.h"
#include "screens/screens.h"
#include "ui/ui.h"

static void staff_layout(void *self, struct app *app, struct ui *ui)
{
    (void)self;
    (void)app;
    int w = ui_width(ui), s = w < ui_height(ui) ? w : ui_height(ui);
    int margin = s / 25;
    ui_add(ui, &(struct ui_element){.id = "staff.close",
                                    .role = UI_BUTTON,
                                    .rect = {margin, margin, s / 3, ui_min_target(ui)},
                                    .text = "Sluiten",
                                    .lang = "nl",
                                    .icon = UI_ICON_BACK});
    ui_add(ui, &(struct ui_element){
                   .id = "title",
                   .role = UI_TITLE,
                   .rect = {margin, margin * 2 + ui_min_target(ui), w - 2 * margin, s / 8},
                   .text = "Medewerkers",
                   .lang = "nl"});
}

static void staff_event(void *self, struct app *app, const struct ui_event *ev)
{
    (void)self;
    if (ev->type == UI_EVENT_TAP && ev->id && strcmp(ev->id, "staff.close") == 0)
        app_reset_session(app);
}

const struct screen_ops screen_staff = {
    .name = "staff",
    .lang = "nl",
    .layout = staff_layout,
    .event = staff_event,
};
