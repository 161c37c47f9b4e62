#define LOG_TAG "ui"
#include "ui/ui.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uloc.h>

#include "core/log.h"

struct ui_item {
    struct ui_element el; /* strings point into owned copies below */
    char *id, *text, *lang, *pictogram;
    SDL_Rect screen;   /* after mirroring, before scrolling */
    enum text_dir dir; /* resolved when drawn */

    /* What the fit rule decided, on the first draw (or dump) after the layout. */
    bool fitted, layout_ok, cut, ellipsis;
    struct text_style style; /* size_px after shrinking; 0 = no text */
    int design_px, lines;
    SDL_Point text_at; /* top-left of the text block, before scrolling */
    SDL_Rect ink;      /* glyphs' bounds, before scrolling */
    SDL_Color fg, bg;  /* text colour and what is behind it */
};

struct ui {
    struct text_engine *text; /* for the fit rule; set by the app before each layout */
    const struct palette *pal;
    int text_scale;       /* percent of every design text size (large text) */
    int footer;           /* pixels at the bottom kept for the app's own row (ui_set_footer) */
    SDL_Color background; /* what the screen paints below every element */
    struct ui_item *items;
    size_t count, cap;
    int w, h;
    bool rtl;
    char lang[16];

    bool has_scroll;
    SDL_Rect scroll_area; /* screen coordinates */
    int scroll_y, scroll_max;

    /* What the resident was looking at, carried from one layout of a screen to the next
     * (ui_begin to ui_end): the scroll list's top element and where it stood, the element
     * under the finger. A relayout (the idle countdown, speech ending, large text) must not
     * throw the list back to its top nor drop a press. */
    char kept_top[128];
    int kept_top_y;                  /* its top, relative to the scroll area's top */
    int kept_w, kept_h, kept_area_h; /* sizes then: when they change it opens the list */
    int kept_scroll;
    char kept_pressed[128];

    bool down;
    int down_x, down_y, down_scroll;
    int pressed; /* index of the pressed item, -1 for none */
    bool dragging;
};

static const SDL_Color COLOR_BG = {246, 243, 238, 255};
static const SDL_Color COLOR_TEXT = {26, 32, 44, 255};
static const SDL_Color COLOR_ACCENT = {23, 78, 121, 255};
/* A control that takes no presses: no frame, a greyed label (WCAG exempts inactive ones). */
static const SDL_Color COLOR_DISABLED = {150, 146, 140, 255};
static const SDL_Color COLOR_DISABLED_BG = {234, 230, 223, 255};

/* A theme's colours. High contrast: every text on its background at WCAG AAA (7:1) or more;
 * the primary action is told apart by its yellow text and frame, not by a fill. */
struct palette {
    SDL_Color bg, text, title, button, border, pressed;
    SDL_Color primary_bg, primary_fg, primary_border, primary_pressed, subtitle_fg;
    bool own_colors; /* elements' own fg/bg apply (off in high contrast) */
};
static const struct palette PALETTE_DEFAULT = {
    .bg = {246, 243, 238, 255},
    .text = {26, 32, 44, 255},
    .title = {23, 78, 121, 255},
    .button = {255, 255, 255, 255},
    .border = {200, 196, 188, 255},
    .pressed = {214, 228, 240, 255},
    .primary_bg = {23, 78, 121, 255},
    .primary_fg = {255, 255, 255, 255},
    .primary_border = {200, 196, 188, 255},
    .primary_pressed = {12, 50, 84, 255},
    .subtitle_fg = {255, 255, 255, 255},
    .own_colors = true,
};
static const struct palette PALETTE_CONTRAST = {
    .bg = {0, 0, 0, 255},
    .text = {255, 255, 255, 255},
    .title = {255, 221, 0, 255},
    .button = {0, 0, 0, 255},
    .border = {255, 255, 255, 255},
    .pressed = {64, 64, 64, 255},
    .primary_bg = {0, 0, 0, 255},
    .primary_fg = {255, 221, 0, 255},
    .primary_border = {255, 221, 0, 255},
    .primary_pressed = {64, 64, 64, 255},
    .subtitle_fg = {255, 255, 255, 255},
    .own_colors = false,
};

SDL_Color ui_color_background(void)
{
    return COLOR_BG;
}

SDL_Color ui_color_text(void)
{
    return COLOR_TEXT;
}

SDL_Color ui_color_accent(void)
{
    return COLOR_ACCENT;
}

struct ui *ui_new(void)
{
    struct ui *ui = calloc(1, sizeof(*ui));
    if (ui == NULL) {
        LOG_ERR("out of memory");
        return NULL;
    }
    ui->pressed = -1;
    ui->pal = &PALETTE_DEFAULT;
    ui->text_scale = 100;
    return ui;
}

static void ui_clear(struct ui *ui)
{
    for (size_t i = 0; i < ui->count; i++) {
        free(ui->items[i].id);
        free(ui->items[i].text);
        free(ui->items[i].lang);
        free(ui->items[i].pictogram);
    }
    ui->count = 0;
}

void ui_destroy(struct ui *ui)
{
    if (ui == NULL)
        return;
    ui_clear(ui);
    free(ui->items);
    free(ui);
}

static SDL_Rect item_rect(const struct ui *ui, const struct ui_item *it);
static bool item_visible(const struct ui *ui, const struct ui_item *it);

/* Notes what the resident sees before the elements go: the topmost visible element of the
 * scroll list (an id survives a new layout, a pixel offset does not when tiles change size)
 * and the pressed element. */
static void remember_view(struct ui *ui)
{
    ui->kept_top[0] = '\0';
    ui->kept_scroll = ui->has_scroll ? ui->scroll_y : 0;
    ui->kept_pressed[0] = '\0';
    if (ui->has_scroll && ui->scroll_y > 0) {
        const struct ui_item *top = NULL;
        for (size_t i = 0; i < ui->count; i++) {
            const struct ui_item *it = &ui->items[i];
            if (!it->el.scroll || it->el.id == NULL || !item_visible(ui, it))
                continue;
            if (top == NULL || item_rect(ui, it).y < item_rect(ui, top).y)
                top = it;
        }
        if (top && strlen(top->el.id) < sizeof(ui->kept_top)) {
            snprintf(ui->kept_top, sizeof(ui->kept_top), "%s", top->el.id);
            ui->kept_top_y = item_rect(ui, top).y - ui->scroll_area.y;
            ui->kept_w = top->screen.w;
            ui->kept_h = top->screen.h;
            ui->kept_area_h = ui->scroll_area.h;
        }
    }
    if (ui->down && ui->pressed >= 0 && ui->items[ui->pressed].el.id &&
        strlen(ui->items[ui->pressed].el.id) < sizeof(ui->kept_pressed))
        snprintf(ui->kept_pressed, sizeof(ui->kept_pressed), "%s", ui->items[ui->pressed].el.id);
}

void ui_begin(struct ui *ui, int w, int h, bool rtl, const char *lang)
{
    remember_view(ui);
    ui_clear(ui);
    ui->w = w;
    ui->h = h;
    ui->rtl = rtl;
    snprintf(ui->lang, sizeof(ui->lang), "%s", lang ? lang : "");
    ui->background = ui->pal->bg;
    ui->footer = 0;
    ui->has_scroll = false;
    ui->scroll_y = 0;
    ui->scroll_max = 0;
    ui->pressed = -1; /* found again by id in ui_end(); the finger itself stays down */
}

void ui_end(struct ui *ui)
{
    if (ui->has_scroll) {
        int y = ui->kept_scroll;
        for (size_t i = 0; ui->kept_top[0] && i < ui->count; i++) {
            const struct ui_item *it = &ui->items[i];
            if (it->el.scroll && it->el.id && strcmp(it->el.id, ui->kept_top) == 0) {
                /* Laid out the same: exactly where it was. Otherwise (large text, a turn of
                 * the screen) it opens the list, whole. */
                bool same = ui->kept_w == it->screen.w && ui->kept_h == it->screen.h &&
                            ui->kept_area_h == ui->scroll_area.h;
                y = it->screen.y - ui->scroll_area.y - (same ? ui->kept_top_y : 0);
                break;
            }
        }
        y = y < 0 ? 0 : y > ui->scroll_max ? ui->scroll_max : y;
        /* A drag in progress goes on from where the list now is. */
        ui->down_scroll += y - ui->kept_scroll;
        ui->scroll_y = y;
    }
    ui->pressed = -1;
    for (size_t i = 0; ui->down && ui->kept_pressed[0] && i < ui->count; i++) {
        const struct ui_item *it = &ui->items[i];
        if (it->el.id && strcmp(it->el.id, ui->kept_pressed) == 0 && item_visible(ui, it) &&
            (it->el.role == UI_BUTTON || it->el.role == UI_PICTOGRAM) && !it->el.disabled) {
            ui->pressed = (int)i;
            break;
        }
    }
}

void ui_reset_view(struct ui *ui)
{
    ui->scroll_y = 0;
    ui->kept_scroll = 0;
    ui->kept_top[0] = '\0';
    ui->kept_pressed[0] = '\0';
    ui_pointer_cancel(ui);
}

bool ui_rtl(const struct ui *ui)
{
    return ui->rtl;
}

int ui_width(const struct ui *ui)
{
    return ui->w;
}

int ui_height(const struct ui *ui)
{
    return ui->h - ui->footer;
}

void ui_set_footer(struct ui *ui, int px)
{
    ui->footer = px < 0 ? 0 : px > ui->h / 3 ? ui->h / 3 : px;
}

void ui_set_theme(struct ui *ui, bool high_contrast, int text_scale)
{
    ui->pal = high_contrast ? &PALETTE_CONTRAST : &PALETTE_DEFAULT;
    ui->background = ui->pal->bg;
    ui->text_scale = text_scale < 50 ? 50 : text_scale > 200 ? 200 : text_scale;
}

int ui_text_scale(const struct ui *ui)
{
    return ui->text_scale;
}

SDL_Color ui_background(const struct ui *ui)
{
    return ui->background;
}

int ui_min_target(const struct ui *ui)
{
    int s = ui->w < ui->h ? ui->w : ui->h;
    return (s * 9 + 99) / 100;
}

static SDL_Rect ui_mirror(const struct ui *ui, SDL_Rect r)
{
    if (ui->rtl)
        r.x = ui->w - r.x - r.w;
    return r;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void ui_update_scroll_max(struct ui *ui)
{
    if (!ui->has_scroll)
        return;
    int bottom = ui->scroll_area.y;
    for (size_t i = 0; i < ui->count; i++)
        if (ui->items[i].el.scroll && ui->items[i].screen.y + ui->items[i].screen.h > bottom)
            bottom = ui->items[i].screen.y + ui->items[i].screen.h;
    int max = bottom - (ui->scroll_area.y + ui->scroll_area.h);
    ui->scroll_max = max > 0 ? max : 0;
}

bool ui_add(struct ui *ui, const struct ui_element *el)
{
    if (ui->count == ui->cap) {
        size_t cap = ui->cap ? ui->cap * 2 : 32;
        struct ui_item *items = realloc(ui->items, cap * sizeof(*items));
        if (items == NULL) {
            LOG_ERR("out of memory for %zu elements", cap);
            return false;
        }
        ui->items = items;
        ui->cap = cap;
    }
    struct ui_item *it = &ui->items[ui->count];
    memset(it, 0, sizeof(*it));
    it->el = *el;
    it->id = dup_or_null(el->id);
    it->text = dup_or_null(el->text);
    it->lang = dup_or_null(el->lang ? el->lang : ui->lang);
    it->pictogram = dup_or_null(el->pictogram);
    if ((el->id && !it->id) || (el->text && !it->text) || !it->lang ||
        (el->pictogram && !it->pictogram)) {
        free(it->id);
        free(it->text);
        free(it->lang);
        free(it->pictogram);
        LOG_ERR("out of memory for an element");
        return false;
    }
    it->el.id = it->id;
    it->el.text = it->text;
    it->el.lang = it->lang;
    it->el.pictogram = it->pictogram;
    it->screen = el->no_mirror ? el->rect : ui_mirror(ui, el->rect);
    it->dir = uloc_isRightToLeft(it->lang) ? TEXT_DIR_RTL : TEXT_DIR_LTR;
    ui->count++;
    if (el->scroll)
        ui_update_scroll_max(ui);
    return true;
}

size_t ui_mark(const struct ui *ui)
{
    return ui->count;
}

void ui_drop_to(struct ui *ui, size_t mark)
{
    while (ui->count > mark) {
        struct ui_item *it = &ui->items[--ui->count];
        free(it->id);
        free(it->text);
        free(it->lang);
        free(it->pictogram);
    }
    ui_update_scroll_max(ui);
}

void ui_set_scroll_area(struct ui *ui, SDL_Rect area)
{
    ui->has_scroll = true;
    ui->scroll_area = ui_mirror(ui, area);
    ui_update_scroll_max(ui);
}

static void nav_buttons(struct ui *ui, const char *back_label, const char *home_label,
                        struct ui_element *back, struct ui_element *home)
{
    int t = ui_min_target(ui);
    int margin = t / 4;
    int bw = ui->w / 4 > t * 3 ? t * 3 : ui->w / 4;
    if (bw < t)
        bw = t;
    *back = (struct ui_element){
        .id = "back",
        .role = UI_BUTTON,
        .rect = {margin, margin, bw, t},
        .text = back_label,
        .icon = UI_ICON_BACK,
        .max_lines = 1,
    };
    *home = (struct ui_element){
        .id = "home",
        .role = UI_BUTTON,
        .rect = {ui->w - margin - bw, margin, bw, t},
        .text = home_label,
        .icon = UI_ICON_HOME,
        .max_lines = 1,
    };
    /* Wider, up to 40% of the screen each, until both labels fit on one line. */
    int max_w = ui->w * 2 / 5;
    while (bw < max_w && (!ui_text_fits(ui, back) || !ui_text_fits(ui, home))) {
        bw = bw + t / 3 > max_w ? max_w : bw + t / 3;
        back->rect.w = home->rect.w = bw;
        home->rect.x = ui->w - margin - bw;
    }
    back->max_lines = home->max_lines = 0;
}

int ui_nav_width(struct ui *ui, const char *back_label, const char *home_label)
{
    struct ui_element back, home;
    nav_buttons(ui, back_label, home_label, &back, &home);
    return back.rect.w;
}

int ui_add_nav(struct ui *ui, const char *back_label, const char *home_label)
{
    struct ui_element back, home;
    nav_buttons(ui, back_label, home_label, &back, &home);
    ui_add(ui, &back);
    ui_add(ui, &home);
    return back.rect.h + 2 * back.rect.y;
}

/* Where an item is on screen now, scrolling included. */
static SDL_Rect item_rect(const struct ui *ui, const struct ui_item *it)
{
    SDL_Rect r = it->screen;
    if (it->el.scroll)
        r.y -= ui->scroll_y;
    return r;
}

static bool item_visible(const struct ui *ui, const struct ui_item *it)
{
    SDL_Rect r = item_rect(ui, it);
    if (it->el.scroll && ui->has_scroll) {
        /* A sliver at the edge of the list does not count: half of it must show. */
        SDL_Rect clip;
        return SDL_IntersectRect(&r, &ui->scroll_area, &clip) == SDL_TRUE && clip.h * 2 >= r.h;
    }
    return r.x < ui->w && r.y < ui->h && r.x + r.w > 0 && r.y + r.h > 0;
}

static int role_text_px(const struct ui *ui, enum ui_role role)
{
    int s = ui->w < ui->h ? ui->w : ui->h;
    switch (role) {
    case UI_TITLE:
        return s * 6 / 100;
    case UI_BUTTON:
        return s * 42 / 1000;
    case UI_SUBTITLE:
        return s * 48 / 1000;
    case UI_PICTOGRAM:
        return s * 12 / 100;
    default:
        return s * 36 / 1000;
    }
}

void ui_fill_rounded(SDL_Renderer *r, SDL_Rect rect, int radius, SDL_Color c)
{
    if (radius * 2 > rect.w)
        radius = rect.w / 2;
    if (radius * 2 > rect.h)
        radius = rect.h / 2;
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    if (radius <= 0) {
        SDL_RenderFillRect(r, &rect);
        return;
    }
    SDL_Rect mid = {rect.x, rect.y + radius, rect.w, rect.h - 2 * radius};
    SDL_RenderFillRect(r, &mid);
    /* Horizontal spans per row of the corners keep this exact and cheap. */
    for (int dy = 0; dy < radius; dy++) {
        float yy = (float)(radius - dy) - 0.5f;
        float dx = (float)radius - SDL_sqrtf((float)(radius * radius) - yy * yy);
        int inset = (int)(dx + 0.5f);
        SDL_Rect top = {rect.x + inset, rect.y + dy, rect.w - 2 * inset, 1};
        SDL_Rect bottom = {rect.x + inset, rect.y + rect.h - 1 - dy, rect.w - 2 * inset, 1};
        SDL_RenderFillRect(r, &top);
        SDL_RenderFillRect(r, &bottom);
    }
}

static void fill_polygon(SDL_Renderer *r, const SDL_FPoint *pts, int n, SDL_Color c)
{
    SDL_Vertex v[16];
    int idx[3 * 14];
    assert(n <= 16);
    for (int i = 0; i < n; i++)
        v[i] = (SDL_Vertex){pts[i], c, {0, 0}};
    int k = 0;
    for (int i = 1; i + 1 < n; i++) {
        idx[k++] = 0;
        idx[k++] = i;
        idx[k++] = i + 1;
    }
    SDL_RenderGeometry(r, NULL, v, n, idx, k);
}

/* An upright bar from (x0, y0) to (x1, y1): the icons' commonest shape. */
static void fill_bar(SDL_Renderer *r, float x0, float y0, float x1, float y1, SDL_Color c)
{
    SDL_FPoint pts[4] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
    fill_polygon(r, pts, 4, c);
}

/* Icons are drawn as shapes, so they scale and mirror with the layout. */
static void draw_icon(const struct ui *ui, SDL_Renderer *r, enum ui_icon icon, SDL_Rect box,
                      SDL_Color c)
{
    float x = (float)box.x, y = (float)box.y, s = (float)box.w;
    bool flip = ui->rtl;
#define PX(fx) (flip ? x + s - (fx)*s : x + (fx)*s)
    switch (icon) {
    case UI_ICON_BACK: {
        SDL_FPoint head[3] = {
            {PX(0.15f), y + 0.5f * s}, {PX(0.5f), y + 0.2f * s}, {PX(0.5f), y + 0.8f * s}};
        fill_polygon(r, head, 3, c);
        fill_bar(r, PX(0.45f), y + 0.42f * s, PX(0.85f), y + 0.58f * s, c);
        break;
    }
    case UI_ICON_HOME: {
        SDL_FPoint roof[3] = {{x + 0.5f * s, y + 0.12f * s},
                              {x + 0.9f * s, y + 0.5f * s},
                              {x + 0.1f * s, y + 0.5f * s}};
        fill_polygon(r, roof, 3, c);
        fill_bar(r, x + 0.22f * s, y + 0.48f * s, x + 0.78f * s, y + 0.88f * s, c);
        break;
    }
    case UI_ICON_PLAY: {
        SDL_FPoint tri[3] = {
            {PX(0.25f), y + 0.15f * s}, {PX(0.85f), y + 0.5f * s}, {PX(0.25f), y + 0.85f * s}};
        fill_polygon(r, tri, 3, c);
        break;
    }
    case UI_ICON_NEXT: {
        SDL_FPoint head[3] = {
            {PX(0.85f), y + 0.5f * s}, {PX(0.5f), y + 0.2f * s}, {PX(0.5f), y + 0.8f * s}};
        fill_polygon(r, head, 3, c);
        fill_bar(r, PX(0.15f), y + 0.42f * s, PX(0.55f), y + 0.58f * s, c);
        break;
    }
    case UI_ICON_SPEAKER: {
        /* A loudspeaker with two sound waves; it faces the reading direction. */
        fill_bar(r, PX(0.1f), y + 0.38f * s, PX(0.25f), y + 0.62f * s, c);
        SDL_FPoint cone[4] = {{PX(0.25f), y + 0.38f * s},
                              {PX(0.5f), y + 0.15f * s},
                              {PX(0.5f), y + 0.85f * s},
                              {PX(0.25f), y + 0.62f * s}};
        fill_polygon(r, cone, 4, c);
        for (int wave = 0; wave < 2; wave++) {
            float r0 = 0.14f + 0.18f * (float)wave, r1 = r0 + 0.08f;
            for (int k = 0; k < 8; k++) {
                float a0 = -0.9f + 1.8f * (float)k / 8, a1 = -0.9f + 1.8f * (float)(k + 1) / 8;
                SDL_FPoint seg[4] = {
                    {PX(0.55f + r0 * SDL_cosf(a0)), y + (0.5f + r0 * SDL_sinf(a0)) * s},
                    {PX(0.55f + r1 * SDL_cosf(a0)), y + (0.5f + r1 * SDL_sinf(a0)) * s},
                    {PX(0.55f + r1 * SDL_cosf(a1)), y + (0.5f + r1 * SDL_sinf(a1)) * s},
                    {PX(0.55f + r0 * SDL_cosf(a1)), y + (0.5f + r0 * SDL_sinf(a1)) * s}};
                fill_polygon(r, seg, 4, c);
            }
        }
        break;
    }
    case UI_ICON_CONTRAST: {
        /* A ring with one half filled: dark and light side by side. */
        for (int k = 0; k < 24; k++) {
            float a0 = 6.2831853f * (float)k / 24, a1 = 6.2831853f * (float)(k + 1) / 24;
            float ro = 0.4f, ri = k < 12 ? 0.0f : 0.32f;
            SDL_FPoint seg[4] = {
                {x + (0.5f + ri * SDL_sinf(a0)) * s, y + (0.5f - ri * SDL_cosf(a0)) * s},
                {x + (0.5f + ro * SDL_sinf(a0)) * s, y + (0.5f - ro * SDL_cosf(a0)) * s},
                {x + (0.5f + ro * SDL_sinf(a1)) * s, y + (0.5f - ro * SDL_cosf(a1)) * s},
                {x + (0.5f + ri * SDL_sinf(a1)) * s, y + (0.5f - ri * SDL_cosf(a1)) * s}};
            fill_polygon(r, seg, 4, c);
        }
        break;
    }
    case UI_ICON_PAUSE: {
        fill_bar(r, x + 0.22f * s, y + 0.15f * s, x + 0.42f * s, y + 0.85f * s, c);
        fill_bar(r, x + 0.58f * s, y + 0.15f * s, x + 0.78f * s, y + 0.85f * s, c);
        break;
    }
    case UI_ICON_REWIND: {
        SDL_FPoint a[3] = {
            {PX(0.1f), y + 0.5f * s}, {PX(0.48f), y + 0.22f * s}, {PX(0.48f), y + 0.78f * s}};
        SDL_FPoint b[3] = {
            {PX(0.48f), y + 0.5f * s}, {PX(0.86f), y + 0.22f * s}, {PX(0.86f), y + 0.78f * s}};
        fill_polygon(r, a, 3, c);
        fill_polygon(r, b, 3, c);
        break;
    }
    case UI_ICON_CONTACT: {
        /* A map pin: a round head over a point. */
        SDL_FPoint tip[3] = {{x + 0.28f * s, y + 0.45f * s},
                             {x + 0.72f * s, y + 0.45f * s},
                             {x + 0.5f * s, y + 0.92f * s}};
        fill_polygon(r, tip, 3, c);
        SDL_FPoint head[12];
        for (int i = 0; i < 12; i++) {
            float a = (float)i * 6.2831853f / 12.0f;
            head[i] = (SDL_FPoint){x + 0.5f * s + 0.25f * s * SDL_cosf(a),
                                   y + 0.36f * s + 0.25f * s * SDL_sinf(a)};
        }
        fill_polygon(r, head, 12, c);
        break;
    }
    case UI_ICON_SUBTITLES: {
        fill_bar(r, x + 0.08f * s, y + 0.22f * s, x + 0.92f * s, y + 0.78f * s, c);
        SDL_Color hole = {(Uint8)(255 - c.r), (Uint8)(255 - c.g), (Uint8)(255 - c.b), c.a};
        fill_bar(r, x + 0.2f * s, y + 0.42f * s, x + 0.8f * s, y + 0.5f * s, hole);
        fill_bar(r, x + 0.2f * s, y + 0.58f * s, x + 0.62f * s, y + 0.66f * s, hole);
        break;
    }
    case UI_ICON_CLOSE:
    case UI_ICON_ERASE: {
        float d = 0.08f * s, x0 = x + 0.2f * s, x1 = x + 0.8f * s, y0 = y + 0.2f * s,
              y1 = y + 0.8f * s;
        SDL_FPoint a[4] = {{x0 - d, y0 + d}, {x0 + d, y0 - d}, {x1 + d, y1 - d}, {x1 - d, y1 + d}};
        SDL_FPoint b[4] = {{x1 - d, y0 - d}, {x1 + d, y0 + d}, {x0 + d, y1 + d}, {x0 - d, y1 - d}};
        fill_polygon(r, a, 4, c);
        fill_polygon(r, b, 4, c);
        break;
    }
    case UI_ICON_CHECK: {
        SDL_FPoint a[4] = {{x + 0.1f * s, y + 0.55f * s},
                           {x + 0.22f * s, y + 0.43f * s},
                           {x + 0.42f * s, y + 0.63f * s},
                           {x + 0.34f * s, y + 0.8f * s}};
        SDL_FPoint b[4] = {{x + 0.34f * s, y + 0.8f * s},
                           {x + 0.78f * s, y + 0.2f * s},
                           {x + 0.9f * s, y + 0.32f * s},
                           {x + 0.42f * s, y + 0.88f * s}};
        fill_polygon(r, a, 4, c);
        fill_polygon(r, b, 4, c);
        break;
    }
    case UI_ICON_NONE:
        break;
    }
#undef PX
}

/* An element's own colour, unless it has none or the theme overrides every colour. */
static SDL_Color pick(const struct ui *ui, SDL_Color want, SDL_Color fallback)
{
    return want.a && ui->pal->own_colors ? want : fallback;
}

static SDL_Color blend(SDL_Color top, SDL_Color below)
{
    if (top.a == 255)
        return top;
    int a = top.a;
    return (SDL_Color){(Uint8)((top.r * a + below.r * (255 - a)) / 255),
                       (Uint8)((top.g * a + below.g * (255 - a)) / 255),
                       (Uint8)((top.b * a + below.b * (255 - a)) / 255), 255};
}

/* The fill an element paints itself (a button, panel or subtitle box); alpha 0 for none. */
static SDL_Color own_fill(const struct ui *ui, const struct ui_element *el)
{
    const struct palette *p = ui->pal;
    switch (el->role) {
    case UI_BUTTON:
        if (el->disabled)
            return ui->pal->own_colors ? COLOR_DISABLED_BG : p->button;
        return pick(ui, el->bg, el->primary ? p->primary_bg : p->button);
    case UI_PANEL:
    case UI_SUBTITLE:
        return pick(ui, el->bg, p->button);
    default:
        return p->own_colors ? el->bg : (SDL_Color){0, 0, 0, 0};
    }
}

static SDL_Color text_color(const struct ui *ui, const struct ui_element *el)
{
    const struct palette *p = ui->pal;
    if (el->disabled)
        return ui->pal->own_colors ? COLOR_DISABLED : p->text;
    switch (el->role) {
    case UI_BUTTON:
        return pick(ui, el->fg, el->primary ? p->primary_fg : p->text);
    case UI_SUBTITLE:
        return pick(ui, el->fg, p->subtitle_fg);
    case UI_TITLE:
        return pick(ui, el->fg, p->title);
    default:
        return pick(ui, el->fg, p->text);
    }
}

/* The design size of an element's text, large text included. */
static int design_px(const struct ui *ui, const struct ui_element *el)
{
    return (el->text_px ? el->text_px : role_text_px(ui, el->role)) * ui->text_scale / 100;
}

/* Where an element's icon, pictogram and text go inside its rectangle (screen coordinates
 * as the element's rect; all three are shared by fitting, measuring and drawing). */
struct geometry {
    SDL_Rect icon, picto, text;
    bool has_icon, has_picto;
};

static struct geometry geometry(const struct ui *ui, const struct ui_element *el, SDL_Rect rect)
{
    struct geometry g = {0};
    int s = ui->w < ui->h ? ui->w : ui->h;
    int pad = s / 60;
    SDL_Rect content = {rect.x + pad, rect.y + pad / 2, rect.w - 2 * pad, rect.h - pad};
    if (el->role == UI_LABEL || el->role == UI_TITLE) {
        /* Plain text has no frame to keep clear of: only a hair of margin. */
        content = (SDL_Rect){rect.x + pad / 4, rect.y, rect.w - pad / 2, rect.h};
    }
    if (el->icon != UI_ICON_NONE) {
        int is = rect.h * 55 / 100;
        if (is > rect.w / 3 && el->text && el->text[0])
            is = rect.w / 3;
        g.icon = (SDL_Rect){rect.x + pad, rect.y + (rect.h - is) / 2, is, is};
        if (el->text == NULL || el->text[0] == '\0')
            g.icon.x = rect.x + (rect.w - is) / 2;
        else if (ui->rtl)
            g.icon.x = rect.x + rect.w - pad - is;
        g.has_icon = true;
        content.w -= is + pad / 2;
        if (!ui->rtl)
            content.x += is + pad / 2;
    }
    if (el->pictogram && el->pictogram[0]) {
        int ph = content.h * 45 / 100;
        if (el->text == NULL || el->text[0] == '\0')
            ph = content.h;
        g.picto = (SDL_Rect){content.x, content.y, content.w, ph};
        g.has_picto = true;
        content.y += ph;
        content.h -= ph;
    }
    g.text = content;
    return g;
}

static struct text_style base_style(const struct ui *ui, const struct ui_element *el,
                                    const char *lang, int width)
{
    return (struct text_style){
        .size_px = design_px(ui, el),
        .max_width = width,
        /* The text's own first strong character decides: a Dutch fallback string in an
           Arabic session stays a left-to-right paragraph. */
        .dir = TEXT_DIR_AUTO,
        .align = el->align,
        .fit = TEXT_FIT_WRAP,
        .bold = el->role == UI_TITLE || el->role == UI_BUTTON,
        .lang = lang,
    };
}

/* The result of the fit rule for one text. */
struct fit {
    struct text_style style;
    const struct text_layout *layout;
    bool fits;
};

/*
 * The layout rule: a text wraps in its box at its design size; when that is too many lines
 * or too tall, it shrinks step by step down to UI_FIT_FLOOR percent; at the floor it may
 * take more lines than the screen asked for if the box is tall enough. A text is never cut
 * with an ellipsis: what still does not fit is drawn whole and reported (fits = false) to
 * the screen, which grows the box or changes the layout, and to the element dump.
 */
static struct fit fit_text(struct text_engine *text, const struct ui *ui,
                           const struct ui_element *el, const char *lang, SDL_Rect box)
{
    struct fit f = {.style = base_style(ui, el, lang, box.w > 1 ? box.w : 1)};
    int design = f.style.size_px;
    int floor_px = design * UI_FIT_FLOOR / 100;
    if (floor_px < 1)
        floor_px = 1;
    int step = design / 20 > 1 ? design / 20 : 1;
    for (int size = design;; size = size - step < floor_px ? floor_px : size - step) {
        f.style.size_px = size;
        f.layout = text_engine_layout(text, el->text, &f.style);
        /* A run that cannot break (an isolated phone number or time span) may be wider. */
        int x0, x1;
        text_layout_ink(f.layout, &x0, &x1);
        bool whole = !text_layout_word_split(f.layout) && text_layout_height(f.layout) <= box.h &&
                     x0 >= 0 && x1 <= box.w;
        if (whole && (el->max_lines <= 0 || text_layout_line_count(f.layout) <= el->max_lines)) {
            f.fits = true;
            return f;
        }
        if (size == floor_px) {
            /* At the floor, more lines than asked for are better than a cut. */
            f.fits = whole;
            return f;
        }
    }
    return f;
}

/* What is behind the element's text: its own fill, else the topmost filled element under
 * the text's centre, else the screen's background. */
static SDL_Color backdrop(const struct ui *ui, size_t index, SDL_Rect box)
{
    SDL_Point c = {box.x + box.w / 2, box.y + box.h / 2};
    SDL_Color bg = ui->background;
    for (size_t i = 0; i <= index; i++) {
        const struct ui_item *o = &ui->items[i];
        SDL_Color f = own_fill(ui, &o->el);
        if (f.a == 0 || !SDL_PointInRect(&c, &o->screen))
            continue;
        bg = blend(f, bg);
    }
    return bg;
}

/* Runs the fit rule once per element after a layout; drawing and the dump use its result. */
static void fit_item(struct ui *ui, size_t index)
{
    struct ui_item *it = &ui->items[index];
    if (it->fitted || ui->text == NULL)
        return;
    it->fitted = true;
    const struct ui_element *el = &it->el;
    it->fg = text_color(ui, el);
    it->layout_ok = true;
    if (el->text == NULL || el->text[0] == '\0' || el->role == UI_PANEL)
        return;
    struct geometry g = geometry(ui, el, it->screen);
    struct fit f = fit_text(ui->text, ui, el, it->lang, g.text);
    it->style = f.style;
    it->design_px = design_px(ui, el);
    it->lines = text_layout_line_count(f.layout);
    it->ellipsis = text_layout_truncated(f.layout);
    it->dir = text_layout_dir(f.layout);
    int th = text_layout_height(f.layout);
    int ty = g.text.y + (g.text.h - th) / 2;
    if (el->role == UI_LABEL && el->max_lines == 0 && th <= g.text.h)
        ty = g.text.y;
    if (th > g.text.h)
        ty = g.text.y;
    it->text_at = (SDL_Point){g.text.x, ty};
    int x0, x1;
    text_layout_ink(f.layout, &x0, &x1);
    it->ink = (SDL_Rect){g.text.x + x0, ty, x1 - x0, th};
    SDL_Rect r = it->screen;
    it->cut = !f.fits || it->ink.x < r.x || it->ink.y < r.y || it->ink.x + it->ink.w > r.x + r.w ||
              it->ink.y + it->ink.h > r.y + r.h;
    it->layout_ok = !it->cut;
    it->bg = backdrop(ui, index, it->ink);
}

static void draw_item(struct ui *ui, SDL_Renderer *r, struct text_engine *text, size_t index,
                      bool pressed)
{
    struct ui_item *it = &ui->items[index];
    fit_item(ui, index);
    SDL_Rect rect = item_rect(ui, it);
    int dy = rect.y - it->screen.y; /* scrolling */
    const struct ui_element *el = &it->el;
    int s = ui->w < ui->h ? ui->w : ui->h;
    int radius = s / 60;
    SDL_Color fg = it->fg;

    switch (el->role) {
    case UI_BUTTON: {
        SDL_Color bg = own_fill(ui, el);
        if (pressed)
            bg = el->primary ? ui->pal->primary_pressed : ui->pal->pressed;
        if (bg.a < 255) {
            /* A see-through button (a scrim over the screen) has no frame. */
            ui_fill_rounded(r, rect, 0, bg);
            break;
        }
        ui_fill_rounded(r, rect, radius + 2,
                        el->disabled  ? bg
                        : el->primary ? ui->pal->primary_border
                                      : ui->pal->border);
        SDL_Rect inner = {rect.x + 2, rect.y + 2, rect.w - 4, rect.h - 4};
        ui_fill_rounded(r, inner, radius, bg);
        break;
    }
    case UI_PANEL:
    case UI_SUBTITLE:
        ui_fill_rounded(r, rect, radius, own_fill(ui, el));
        break;
    default:
        break;
    }

    struct geometry g = geometry(ui, el, rect);
    if (g.has_icon && el->align == TEXT_ALIGN_CENTER && it->style.size_px > 0) {
        /* Next to centred text rather than at the far edge of a wide button. */
        int gap = g.icon.w / 3, ix = it->ink.x + (rect.x - it->screen.x);
        int at = ui->rtl ? ix + it->ink.w + gap : ix - gap - g.icon.w;
        if (at >= rect.x && at + g.icon.w <= rect.x + rect.w)
            g.icon.x = at;
    }
    if (g.has_icon)
        draw_icon(ui, r, el->icon, g.icon, fg);
    if (g.has_picto) {
        struct text_style ps = {.size_px = g.picto.h * 80 / 100,
                                .align = TEXT_ALIGN_CENTER,
                                .max_width = g.picto.w,
                                .max_lines = 1};
        const struct text_layout *pl = text_engine_layout(text, el->pictogram, &ps);
        text_engine_draw(text, pl, g.picto.x, g.picto.y + (g.picto.h - text_layout_height(pl)) / 2,
                         fg);
    }
    if (el->text && el->text[0] && el->role != UI_PANEL && it->style.size_px > 0) {
        const struct text_layout *tl = text_engine_layout(text, el->text, &it->style);
        /* Marks stacked on one letter (up to 30 are kept) would draw through the elements
         * above and below: text stays inside its element, with a quarter em to spare for
         * the marks and descenders of real text. */
        int spare = it->style.size_px / 4;
        SDL_Rect clip = {rect.x - spare, rect.y - spare, rect.w + 2 * spare, rect.h + 2 * spare};
        SDL_Rect before;
        bool had = SDL_RenderIsClipEnabled(r);
        SDL_RenderGetClipRect(r, &before);
        if (had)
            SDL_IntersectRect(&clip, &before, &clip);
        SDL_RenderSetClipRect(r, &clip);
        text_engine_draw(text, tl, it->text_at.x, it->text_at.y + dy, fg);
        SDL_RenderSetClipRect(r, had ? &before : NULL);
    }
}

void ui_draw(struct ui *ui, SDL_Renderer *renderer, struct text_engine *text)
{
    if (ui->text == NULL)
        ui->text = text;
    for (size_t i = 0; i < ui->count; i++) {
        struct ui_item *it = &ui->items[i];
        if (!item_visible(ui, it))
            continue;
        if (it->el.scroll && ui->has_scroll)
            SDL_RenderSetClipRect(renderer, &ui->scroll_area);
        draw_item(ui, renderer, text, i, (int)i == ui->pressed);
        if (it->el.scroll && ui->has_scroll)
            SDL_RenderSetClipRect(renderer, NULL);
    }
}

void ui_set_text_engine(struct ui *ui, struct text_engine *text)
{
    if (ui->text != text)
        for (size_t i = 0; i < ui->count; i++)
            ui->items[i].fitted = false;
    ui->text = text;
}

void ui_set_background(struct ui *ui, SDL_Color color)
{
    ui->background = color;
}

bool ui_text_fits(struct ui *ui, const struct ui_element *el)
{
    if (ui->text == NULL || el->text == NULL || el->text[0] == '\0')
        return true;
    SDL_Rect r = el->no_mirror ? el->rect : ui_mirror(ui, el->rect);
    struct geometry g = geometry(ui, el, r);
    return fit_text(ui->text, ui, el, el->lang ? el->lang : ui->lang, g.text).fits;
}

int ui_text_height(struct ui *ui, const struct ui_element *el)
{
    if (ui->text == NULL || el->text == NULL || el->text[0] == '\0')
        return 0;
    struct geometry g = geometry(ui, el, el->rect);
    struct text_style st = base_style(ui, el, el->lang ? el->lang : ui->lang, g.text.w);
    const struct text_layout *tl = text_engine_layout(ui->text, el->text, &st);
    /* The rectangle's own padding around the text comes on top. */
    return text_layout_height(tl) + (el->rect.h - g.text.h);
}

static int hit_test(const struct ui *ui, int x, int y)
{
    SDL_Point p = {x, y};
    for (size_t i = ui->count; i-- > 0;) {
        const struct ui_item *it = &ui->items[i];
        if (it->el.id == NULL || !item_visible(ui, it))
            continue;
        if ((it->el.role != UI_BUTTON && it->el.role != UI_PICTOGRAM) || it->el.disabled)
            continue;
        SDL_Rect r = item_rect(ui, it);
        if (it->el.scroll && ui->has_scroll && !SDL_PointInRect(&p, &ui->scroll_area))
            continue;
        if (SDL_PointInRect(&p, &r))
            return (int)i;
    }
    return -1;
}

void ui_pointer_down(struct ui *ui, int x, int y)
{
    if (ui->down)
        return; /* a second finger */
    ui->down = true;
    ui->dragging = false;
    ui->down_x = x;
    ui->down_y = y;
    ui->down_scroll = ui->scroll_y;
    ui->pressed = hit_test(ui, x, y);
}

void ui_pointer_move(struct ui *ui, int x, int y)
{
    if (!ui->down)
        return;
    int slop = ui_min_target(ui) / 4;
    if (!ui->dragging && (abs(x - ui->down_x) > slop || abs(y - ui->down_y) > slop)) {
        ui->dragging = true;
        ui->pressed = -1;
    }
    if (ui->dragging && ui->has_scroll) {
        int s = ui->down_scroll - (y - ui->down_y);
        ui->scroll_y = s < 0 ? 0 : s > ui->scroll_max ? ui->scroll_max : s;
    }
}

bool ui_pointer_up(struct ui *ui, int x, int y, struct ui_event *ev)
{
    if (!ui->down)
        return false;
    ui_pointer_move(ui, x, y);
    ui->down = false;
    int pressed = ui->pressed;
    ui->pressed = -1;
    memset(ev, 0, sizeof(*ev));
    ev->x = x;
    ev->y = y;
    if (ui->dragging) {
        ev->type = UI_EVENT_SWIPE;
        ev->dx = x - ui->down_x;
        ev->dy = y - ui->down_y;
        return true;
    }
    int now = hit_test(ui, x, y);
    ev->type = UI_EVENT_TAP;
    ev->id = (now >= 0 && now == pressed) ? ui->items[now].el.id : NULL;
    return true;
}

void ui_pointer_cancel(struct ui *ui)
{
    ui->down = false;
    ui->pressed = -1;
}

bool ui_pointer_is_down(const struct ui *ui)
{
    return ui->down;
}

static const struct ui_item *find(const struct ui *ui, const char *id)
{
    for (size_t i = 0; i < ui->count; i++)
        if (ui->items[i].el.id && strcmp(ui->items[i].el.id, id) == 0 &&
            item_visible(ui, &ui->items[i]))
            return &ui->items[i];
    return NULL;
}

bool ui_element_center(const struct ui *ui, const char *id, int *x, int *y)
{
    const struct ui_item *it = find(ui, id);
    if (it == NULL)
        return false;
    SDL_Rect r = item_rect(ui, it);
    if (it->el.scroll && ui->has_scroll) {
        SDL_Rect vis;
        SDL_IntersectRect(&r, &ui->scroll_area, &vis);
        r = vis;
    }
    *x = r.x + r.w / 2;
    *y = r.y + r.h / 2;
    return true;
}

bool ui_element_width(const struct ui *ui, const char *id, int *w)
{
    const struct ui_item *it = find(ui, id);
    if (it == NULL)
        return false;
    *w = it->screen.w;
    return true;
}

const char *ui_pressed_id(const struct ui *ui)
{
    return ui->pressed >= 0 ? ui->items[ui->pressed].el.id : NULL;
}

const char *ui_element_text(const struct ui *ui, const char *id)
{
    const struct ui_item *it = find(ui, id);
    return it ? (it->el.text ? it->el.text : "") : NULL;
}

int ui_element_dir(const struct ui *ui, const char *id)
{
    const struct ui_item *it = find(ui, id);
    return it ? (int)it->dir : -1;
}

size_t ui_element_count(const struct ui *ui)
{
    size_t n = 0;
    for (size_t i = 0; i < ui->count; i++)
        n += item_visible(ui, &ui->items[i]);
    return n;
}

const char *ui_element_id(const struct ui *ui, size_t i)
{
    for (size_t k = 0; k < ui->count; k++) {
        if (!item_visible(ui, &ui->items[k]))
            continue;
        if (i-- == 0)
            return ui->items[k].el.id;
    }
    return NULL;
}

void ui_describe(const struct ui *ui, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ui->count && used + 1 < len; i++) {
        const struct ui_item *it = &ui->items[i];
        if (it->el.id == NULL || !item_visible(ui, it))
            continue;
        int n = snprintf(buf + used, len - used, "%s%s=\"%s\"", used ? ", " : "", it->el.id,
                         it->el.text ? it->el.text : "");
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

bool ui_dump_json(const struct ui *ui, FILE *out)
{
    static const char *const roles[] = {"button",    "label", "title",
                                        "pictogram", "panel", "subtitle"};
    fputs("[\n", out);
    bool first = true;
    for (size_t i = 0; i < ui->count; i++) {
        const struct ui_item *it = &ui->items[i];
        if (!item_visible(ui, it))
            continue;
        SDL_Rect r = item_rect(ui, it);
        fputs(first ? "  {\"id\": " : ",\n  {\"id\": ", out);
        first = false;
        json_string(out, it->el.id);
        fprintf(out,
                ", \"role\": \"%s\", \"rect\": [%d, %d, %d, %d], \"text\": ", roles[it->el.role],
                r.x, r.y, r.w, r.h);
        json_string(out, it->el.text);
        fputs(", \"lang\": ", out);
        json_string(out, it->el.lang);
        fprintf(out, ", \"direction\": \"%s\", \"pressed\": %s",
                it->dir == TEXT_DIR_RTL ? "rtl" : "ltr", (int)i == ui->pressed ? "true" : "false");
        if (it->fitted && it->style.size_px > 0) {
            SDL_Rect ink = it->ink;
            ink.y += r.y - it->screen.y; /* scrolled like the element */
            fprintf(out,
                    ", \"ink\": [%d, %d, %d, %d], \"lines\": %d, \"font_px\": %d, "
                    "\"design_px\": %d, \"cut\": %s, \"ellipsis\": %s, \"fg\": \"#%02x%02x%02x\", "
                    "\"bg\": \"#%02x%02x%02x\", \"scroll\": %s, \"disabled\": %s",
                    ink.x, ink.y, ink.w, ink.h, it->lines, it->style.size_px, it->design_px,
                    it->cut ? "true" : "false", it->ellipsis ? "true" : "false", it->fg.r, it->fg.g,
                    it->fg.b, it->bg.r, it->bg.g, it->bg.b,
                    it->el.scroll && ui->has_scroll ? "true" : "false",
                    it->el.disabled ? "true" : "false");
        }
        fputc('}', out);
    }
    fputs("\n]\n", out);
    return !ferror(out);
}

SDL_Rect ui_grid_cell(SDL_Rect area, int cols, int row_h, int gap, int index)
{
    assert(cols > 0);
    int w = (area.w - gap * (cols - 1)) / cols;
    int col = index % cols, row = index / cols;
    return (SDL_Rect){area.x + col * (w + gap), area.y + row * (row_h + gap), w, row_h};
}

int ui_text_width(struct ui *ui, const struct ui_element *el)
{
    if (ui->text == NULL || el->text == NULL || el->text[0] == '\0')
        return el->rect.h;
    struct ui_element one = *el;
    one.rect.w = el->rect.h; /* a box as wide as high: what is not text in it */
    struct geometry g = geometry(ui, &one, one.rect);
    struct text_style st = base_style(ui, el, el->lang ? el->lang : ui->lang, 0);
    const struct text_layout *tl = text_engine_layout(ui->text, el->text, &st);
    return text_layout_width(tl) + (one.rect.w - g.text.w) + 2;
}

static int row(struct ui *ui, struct ui_element *els, int n, SDL_Rect area, int gap, bool add)
{
    if (n <= 0)
        return 0;
    int need[16], total = gap * (n - 1);
    if (n > 16)
        n = 16;
    for (int i = 0; i < n; i++) {
        els[i].rect.h = area.h;
        need[i] = ui_text_width(ui, &els[i]);
        total += need[i];
    }
    int y = area.y;
    if (total <= area.w) {
        /* One row: the room left is shared out evenly, so every button grows alike. */
        int extra = (area.w - total) / n, x = area.x;
        for (int i = 0; i < n; i++) {
            els[i].rect = (SDL_Rect){x, y, need[i] + extra, area.h};
            x += els[i].rect.w + gap;
            if (add)
                ui_add(ui, &els[i]);
        }
        return area.h;
    }
    /* Too wide: two to a row when both fit side by side, else one per row. */
    int half = (area.w - gap) / 2;
    for (int i = 0; i < n;) {
        bool pair = i + 1 < n && need[i] <= half && need[i + 1] <= half;
        if (pair) {
            els[i].rect = (SDL_Rect){area.x, y, half, area.h};
            els[i + 1].rect = (SDL_Rect){area.x + half + gap, y, area.w - half - gap, area.h};
            if (add) {
                ui_add(ui, &els[i]);
                ui_add(ui, &els[i + 1]);
            }
            i += 2;
        } else {
            els[i].rect = (SDL_Rect){area.x, y, area.w, area.h};
            if (add)
                ui_add(ui, &els[i]);
            i++;
        }
        y += area.h + gap;
    }
    return y - gap - area.y;
}

int ui_add_row(struct ui *ui, struct ui_element *els, int n, SDL_Rect area, int gap)
{
    return row(ui, els, n, area, gap, true);
}

int ui_row_height(struct ui *ui, struct ui_element *els, int n, SDL_Rect area, int gap)
{
    return row(ui, els, n, area, gap, false);
}
