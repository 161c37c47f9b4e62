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
};

struct ui {
    struct ui_item *items;
    size_t count, cap;
    int w, h;
    bool rtl;
    char lang[16];

    bool has_scroll;
    SDL_Rect scroll_area; /* screen coordinates */
    int scroll_y, scroll_max;

    bool down;
    int down_x, down_y, down_scroll;
    int pressed; /* index of the pressed item, -1 for none */
    bool dragging;
};

static const SDL_Color COLOR_BG = {246, 243, 238, 255};
static const SDL_Color COLOR_TEXT = {26, 32, 44, 255};
static const SDL_Color COLOR_ACCENT = {23, 78, 121, 255};
static const SDL_Color COLOR_BUTTON = {255, 255, 255, 255};
static const SDL_Color COLOR_BORDER = {200, 196, 188, 255};
static const SDL_Color COLOR_PRESSED = {214, 228, 240, 255};
static const SDL_Color COLOR_WHITE = {255, 255, 255, 255};

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

void ui_begin(struct ui *ui, int w, int h, bool rtl, const char *lang)
{
    ui_clear(ui);
    ui->w = w;
    ui->h = h;
    ui->rtl = rtl;
    snprintf(ui->lang, sizeof(ui->lang), "%s", lang ? lang : "");
    ui->has_scroll = false;
    ui->scroll_y = 0;
    ui->scroll_max = 0;
    ui->pressed = -1;
    ui->down = false;
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
    return ui->h;
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

void ui_set_scroll_area(struct ui *ui, SDL_Rect area)
{
    ui->has_scroll = true;
    ui->scroll_area = ui_mirror(ui, area);
    ui_update_scroll_max(ui);
}

int ui_add_nav(struct ui *ui, const char *back_label, const char *home_label)
{
    int t = ui_min_target(ui);
    int margin = t / 4;
    int bw = ui->w / 4 > t * 3 ? t * 3 : ui->w / 4;
    if (bw < t)
        bw = t;
    struct ui_element back = {
        .id = "back",
        .role = UI_BUTTON,
        .rect = {margin, margin, bw, t},
        .text = back_label,
        .icon = UI_ICON_BACK,
    };
    struct ui_element home = {
        .id = "home",
        .role = UI_BUTTON,
        .rect = {ui->w - margin - bw, margin, bw, t},
        .text = home_label,
        .icon = UI_ICON_HOME,
    };
    ui_add(ui, &back);
    ui_add(ui, &home);
    return t + 2 * margin;
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
        SDL_FPoint bar[4] = {{PX(0.45f), y + 0.42f * s},
                             {PX(0.85f), y + 0.42f * s},
                             {PX(0.85f), y + 0.58f * s},
                             {PX(0.45f), y + 0.58f * s}};
        fill_polygon(r, bar, 4, c);
        break;
    }
    case UI_ICON_HOME: {
        SDL_FPoint roof[3] = {{x + 0.5f * s, y + 0.12f * s},
                              {x + 0.9f * s, y + 0.5f * s},
                              {x + 0.1f * s, y + 0.5f * s}};
        fill_polygon(r, roof, 3, c);
        SDL_FPoint body[4] = {{x + 0.22f * s, y + 0.48f * s},
                              {x + 0.78f * s, y + 0.48f * s},
                              {x + 0.78f * s, y + 0.88f * s},
                              {x + 0.22f * s, y + 0.88f * s}};
        fill_polygon(r, body, 4, c);
        break;
    }
    case UI_ICON_PLAY: {
        SDL_FPoint tri[3] = {{x + 0.25f * s, y + 0.15f * s},
                             {x + 0.85f * s, y + 0.5f * s},
                             {x + 0.25f * s, y + 0.85f * s}};
        fill_polygon(r, tri, 3, c);
        break;
    }
    case UI_ICON_PAUSE: {
        SDL_FPoint a[4] = {{x + 0.22f * s, y + 0.15f * s},
                           {x + 0.42f * s, y + 0.15f * s},
                           {x + 0.42f * s, y + 0.85f * s},
                           {x + 0.22f * s, y + 0.85f * s}};
        SDL_FPoint b[4] = {{x + 0.58f * s, y + 0.15f * s},
                           {x + 0.78f * s, y + 0.15f * s},
                           {x + 0.78f * s, y + 0.85f * s},
                           {x + 0.58f * s, y + 0.85f * s}};
        fill_polygon(r, a, 4, c);
        fill_polygon(r, b, 4, c);
        break;
    }
    case UI_ICON_NONE:
        break;
    }
#undef PX
}

static SDL_Color pick(SDL_Color want, SDL_Color fallback)
{
    return want.a ? want : fallback;
}

static void draw_item(struct ui *ui, SDL_Renderer *r, struct text_engine *text, struct ui_item *it,
                      bool pressed)
{
    SDL_Rect rect = item_rect(ui, it);
    const struct ui_element *el = &it->el;
    int s = ui->w < ui->h ? ui->w : ui->h;
    int radius = s / 60;
    int pad = s / 60;
    SDL_Color fg = pick(el->fg, COLOR_TEXT);

    switch (el->role) {
    case UI_BUTTON: {
        SDL_Color bg = el->primary ? COLOR_ACCENT : COLOR_BUTTON;
        if (el->primary)
            fg = pick(el->fg, COLOR_WHITE);
        bg = pick(el->bg, bg);
        if (pressed)
            bg = el->primary ? (SDL_Color){12, 50, 84, 255} : COLOR_PRESSED;
        if (bg.a < 255) {
            /* A see-through button (a scrim over the screen) has no frame. */
            ui_fill_rounded(r, rect, 0, bg);
            break;
        }
        ui_fill_rounded(r, rect, radius + 2, COLOR_BORDER);
        SDL_Rect inner = {rect.x + 2, rect.y + 2, rect.w - 4, rect.h - 4};
        ui_fill_rounded(r, inner, radius, bg);
        break;
    }
    case UI_PANEL:
    case UI_SUBTITLE:
        ui_fill_rounded(r, rect, radius, pick(el->bg, COLOR_BUTTON));
        if (el->role == UI_SUBTITLE)
            fg = pick(el->fg, COLOR_WHITE);
        break;
    case UI_TITLE:
        fg = pick(el->fg, COLOR_ACCENT);
        break;
    default:
        break;
    }

    SDL_Rect content = {rect.x + pad, rect.y + pad / 2, rect.w - 2 * pad, rect.h - pad};
    if (el->icon != UI_ICON_NONE) {
        int is = rect.h * 55 / 100;
        SDL_Rect box = {rect.x + pad, rect.y + (rect.h - is) / 2, is, is};
        if (el->text == NULL || el->text[0] == '\0')
            box.x = rect.x + (rect.w - is) / 2;
        else if (ui->rtl)
            box.x = rect.x + rect.w - pad - is;
        draw_icon(ui, r, el->icon, box, fg);
        content.w -= is + pad / 2;
        if (!ui->rtl)
            content.x += is + pad / 2;
    }

    if (el->pictogram && el->pictogram[0]) {
        int ph = content.h * 45 / 100;
        struct text_style ps = {.size_px = ph * 80 / 100,
                                .align = TEXT_ALIGN_CENTER,
                                .max_width = content.w,
                                .max_lines = 1};
        const struct text_layout *pl = text_engine_layout(text, el->pictogram, &ps);
        text_engine_draw(text, pl, content.x, content.y + (ph - text_layout_height(pl)) / 2, fg);
        content.y += ph;
        content.h -= ph;
    }

    if (el->text && el->text[0] && el->role != UI_PANEL) {
        int px = el->text_px ? el->text_px : role_text_px(ui, el->role);
        struct text_style st = {
            .size_px = px,
            .max_width = content.w,
            .max_lines = el->max_lines,
            /* The text's own first strong character decides: a Dutch fallback string in an
               Arabic session stays a left-to-right paragraph. */
            .dir = TEXT_DIR_AUTO,
            .align = el->align,
            .fit = el->role == UI_BUTTON ? TEXT_FIT_SHRINK : TEXT_FIT_WRAP,
            .bold = el->role == UI_TITLE || el->role == UI_BUTTON,
            .lang = it->lang,
        };
        if (el->role == UI_BUTTON && el->max_lines == 0)
            st.max_lines = 2;
        const struct text_layout *tl = text_engine_layout(text, el->text, &st);
        it->dir = text_layout_dir(tl);
        int ty = content.y + (content.h - text_layout_height(tl)) / 2;
        if (el->role == UI_LABEL && el->max_lines == 0)
            ty = content.y;
        text_engine_draw(text, tl, content.x, ty, fg);
    }
}

void ui_draw(struct ui *ui, SDL_Renderer *renderer, struct text_engine *text)
{
    for (size_t i = 0; i < ui->count; i++) {
        struct ui_item *it = &ui->items[i];
        if (!item_visible(ui, it))
            continue;
        if (it->el.scroll && ui->has_scroll)
            SDL_RenderSetClipRect(renderer, &ui->scroll_area);
        draw_item(ui, renderer, text, it, (int)i == ui->pressed);
        if (it->el.scroll && ui->has_scroll)
            SDL_RenderSetClipRect(renderer, NULL);
    }
}

static int hit_test(const struct ui *ui, int x, int y)
{
    SDL_Point p = {x, y};
    for (size_t i = ui->count; i-- > 0;) {
        const struct ui_item *it = &ui->items[i];
        if (it->el.id == NULL || !item_visible(ui, it))
            continue;
        if (it->el.role != UI_BUTTON && it->el.role != UI_PICTOGRAM)
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
        fprintf(out, ", \"direction\": \"%s\", \"pressed\": %s}",
                it->dir == TEXT_DIR_RTL ? "rtl" : "ltr", (int)i == ui->pressed ? "true" : "false");
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
