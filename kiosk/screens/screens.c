#define LOG_TAG "screens"
#include "screens/screens.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config/config.h"
#include "content/content.h"
#include "core/log.h"

const struct screen_ops *const screens_table[SCREEN_COUNT] = {
    [SCREEN_ATTRACT] = &screen_attract, [SCREEN_LANGUAGES] = &screen_languages,
    [SCREEN_TOPICS] = &screen_topics,   [SCREEN_VIDEO] = &screen_video,
    [SCREEN_CONTACT] = &screen_contact, [SCREEN_STAFF] = &screen_staff,
};

/* The pseudo-languages of the fit test (tests/fit/prepare.py) carry the regions Android uses
 * for them, XA and XB; they are never offered to residents, even when installed. */
static bool pseudo_language(const char *tag)
{
    size_t n = strlen(tag);
    return n > 3 && (strcmp(tag + n - 3, "-XA") == 0 || strcmp(tag + n - 3, "-XB") == 0);
}

size_t screens_languages(const struct app *app, const char **out, size_t max)
{
    const char *wanted[32];
    size_t n = config_languages(app->config, wanted, 32), count = 0;
    for (size_t i = 0; i < n && count < max; i++) {
        if (content_has_language(app->content, wanted[i]) && !pseudo_language(wanted[i]))
            out[count++] = wanted[i];
    }
    if (count > 0)
        return count;
    /* No list, or none of it installed: offer every language there is, Dutch first. */
    if (content_has_language(app->content, "nl") && count < max)
        out[count++] = "nl";
    for (size_t i = 0; i < content_language_count(app->content) && count < max; i++) {
        const char *l = content_language(app->content, i);
        if (strcmp(l, "nl") != 0 && content_has_language(app->content, l) && !pseudo_language(l))
            out[count++] = l;
    }
    return count;
}

enum { CYCLE_MS = 3000 };

void *screens_cycle_create(struct app *app)
{
    (void)app;
    return calloc(1, sizeof(struct screens_cycle));
}

void screens_cycle_destroy(void *self)
{
    free(self);
}

void screens_cycle_enter(void *self, struct app *app)
{
    struct screens_cycle *c = self;
    c->shown = 0;
    /* Back from a session: start with the resident's own language, then the others. */
    const char *langs[32];
    size_t n = screens_languages(app, langs, 32);
    for (size_t i = 0; i < n && app->session.lang[0]; i++)
        if (strcmp(langs[i], app->session.lang) == 0)
            c->shown = i;
    c->next_ms = app->now_ms + CYCLE_MS;
}

void screens_cycle_tick(void *self, struct app *app)
{
    struct screens_cycle *c = self;
    if (app->now_ms < c->next_ms)
        return;
    c->shown++;
    c->next_ms = app->now_ms + CYCLE_MS;
    app->relayout = true;
}

int64_t screens_cycle_deadline(void *self, struct app *app)
{
    (void)app;
    return ((struct screens_cycle *)self)->next_ms;
}
