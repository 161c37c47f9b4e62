/*
 * ui: the elements on screen and everything residents do with them.
 *
 * A screen describes its elements (buttons, labels, pictograms...) in layout(); the ui keeps
 * them, draws them with the text engine, finds the element under a finger, shows the press
 * in the next frame, scrolls one vertical list by swipe, and writes the JSON dump that the
 * headless tests read. Screens place elements in left-to-right coordinates; in a
 * right-to-left session the ui mirrors every rectangle, so the whole layout is mirrored
 * (back on the right, grids filled from the right) without any screen knowing.
 */
#pragma once

#include <SDL.h>
#include <stdbool.h>
#include <stdio.h>

#include "text/text.h"

struct ui;

enum ui_role {
    UI_BUTTON,    /* tappable, framed */
    UI_LABEL,     /* plain text */
    UI_TITLE,     /* a screen's heading */
    UI_PICTOGRAM, /* an emoji pictogram, drawn large */
    UI_PANEL,     /* a coloured box behind other elements */
    UI_SUBTITLE,  /* a subtitle cue over the video */
    UI_ROLE_COUNT
};

/* Pointing icons (back, next, play) point the other way in a right-to-left ui. */
enum ui_icon {
    UI_ICON_NONE,
    UI_ICON_BACK,
    UI_ICON_HOME,
    UI_ICON_PLAY,
    UI_ICON_PAUSE,
    UI_ICON_REWIND,    /* ten seconds back: a double arrow against reading direction */
    UI_ICON_CONTACT,   /* a location pin: where to go */
    UI_ICON_SUBTITLES, /* a caption box */
    UI_ICON_CLOSE,     /* a cross */
    UI_ICON_CHECK,     /* yes / go on */
    UI_ICON_ERASE,     /* the keypad's delete */
    UI_ICON_NEXT,      /* go on: confirm a choice */
    UI_ICON_SPEAKER,   /* read this screen aloud */
    UI_ICON_CONTRAST,  /* high contrast */
};

/* What a screen asks for; ui_add() copies it (text included). */
struct ui_element {
    const char *id; /* "lang:ar", "topic:wijkteam", "back"...; NULL for decoration */
    enum ui_role role;
    SDL_Rect rect; /* left-to-right coordinates; mirrored in a right-to-left ui */
    const char *text;
    const char *lang;      /* language of the text; NULL = the session's */
    const char *pictogram; /* emoji shown above the text of a button */
    enum ui_icon icon;
    int text_px; /* 0 = a size from the role */
    enum text_align align;
    int max_lines;    /* 0 = as many as fit */
    bool primary;     /* the main action: filled with the accent colour */
    bool scroll;      /* part of the scroll area's content */
    bool no_mirror;   /* keep this rect as given (video picture, progress bars) */
    bool disabled;    /* shown without a frame and not tappable (a locked keypad) */
    SDL_Color fg, bg; /* a zero alpha means the role's colour */
};

enum ui_event_type { UI_EVENT_TAP, UI_EVENT_SWIPE };

struct ui_event {
    enum ui_event_type type;
    const char *id; /* the element tapped, NULL for the background */
    int x, y;       /* where, in screen pixels */
    int dx, dy;     /* a swipe's movement */
};

struct ui *ui_new(void);
void ui_destroy(struct ui *ui); /* accepts NULL */

/* Starts a new set of elements for a screen of w x h pixels. What the resident was looking at
 * (the scroll list's position, a finger on an element) is kept for ui_end(). */
void ui_begin(struct ui *ui, int w, int h, bool rtl, const char *lang);
/* After the last element of a layout: the element that was at the top of the scroll list is
 * there again (or the same offset when it is gone), and a finger still resting on an element
 * with the same id still presses it. */
void ui_end(struct ui *ui);
/* A new view (another screen, another tab): the list starts at its top, no finger counts. */
void ui_reset_view(struct ui *ui);
/* Adds an element; returns false (and logs) only when memory runs out. */
bool ui_add(struct ui *ui, const struct ui_element *el);
/* How many elements the layout has so far; ui_drop_to() removes those added after such a
 * mark (a screen that tries one arrangement and, when it does not fit, lays out another). */
size_t ui_mark(const struct ui *ui);
void ui_drop_to(struct ui *ui, size_t mark);
/* The list of scroll elements lives in this rectangle (left-to-right coordinates). */
void ui_set_scroll_area(struct ui *ui, SDL_Rect area);
/* The standard back and home buttons, top start and top end; returns the header height. */
int ui_add_nav(struct ui *ui, const char *back_label, const char *home_label);
/* The width of each of those two buttons: wider than the default when a label needs it. */
int ui_nav_width(struct ui *ui, const char *back_label, const char *home_label);
bool ui_rtl(const struct ui *ui);
/* Keeps px at the bottom for the app's own row of controls: ui_height() is that much less
 * for the screen's layout. ui_begin() resets it to 0. */
void ui_set_footer(struct ui *ui, int px);
/* The theme (high contrast or not) and the text size in percent of the design sizes (large
 * text); kept across ui_begin(). */
void ui_set_theme(struct ui *ui, bool high_contrast, int text_scale);
int ui_text_scale(const struct ui *ui);
/* What the screen is painted with below every element. */
SDL_Color ui_background(const struct ui *ui);
int ui_width(const struct ui *ui);
int ui_height(const struct ui *ui);
/* The smallest tap target: 9% of the short screen side. */
int ui_min_target(const struct ui *ui);

/*
 * The layout rule every text follows (see fit_text in ui.c): wrap in its box at the design
 * size; if that is more lines than max_lines or taller than the box, shrink in steps down to
 * UI_FIT_FLOOR percent of the design size; at the floor take more lines if the box is tall
 * enough. Never an ellipsis. Screens that cannot be sure their text fits ask ui_text_fits()
 * and grow the box (ui_text_height()) or change the layout (fewer columns, stacked buttons).
 */
enum { UI_FIT_FLOOR = 70 };
/* The text engine measuring for the fit rule; the app sets it before every layout. */
void ui_set_text_engine(struct ui *ui, struct text_engine *text);
/* Whether el's text fits its rectangle under the rule (at no less than the floor). */
bool ui_text_fits(struct ui *ui, const struct ui_element *el);
/* The height el needs to show its text at the design size in its width, padding included. */
int ui_text_height(struct ui *ui, const struct ui_element *el);
/* The width el needs for its text on one line at the design size, icon and padding included
 * (its rect.h decides the padding). */
int ui_text_width(struct ui *ui, const struct ui_element *el);
/* Adds n buttons in a row inside area (area.h is each button's height): one row when all
 * fit at their design size, sharing the room left; else two to a row, or one per row when
 * even two do not fit (stacked). Returns the height used. The rects of els are set. */
int ui_add_row(struct ui *ui, struct ui_element *els, int n, SDL_Rect area, int gap);
/* The height ui_add_row would use, adding nothing. */
int ui_row_height(struct ui *ui, struct ui_element *els, int n, SDL_Rect area, int gap);
/* What the screen paints below the elements (the theme's background unless set): the text
 * contrast in the dump is measured against it. */
void ui_set_background(struct ui *ui, SDL_Color color);

/* Draws every element. */
void ui_draw(struct ui *ui, SDL_Renderer *renderer, struct text_engine *text);

/*
 * Pointer input in screen pixels, one finger at a time: a second finger while one is down is
 * ignored. A press shows at once; a release on the same element without a drag is a tap.
 * Returns true when an event was produced into *ev.
 */
void ui_pointer_down(struct ui *ui, int x, int y);
void ui_pointer_move(struct ui *ui, int x, int y);
bool ui_pointer_up(struct ui *ui, int x, int y, struct ui_event *ev);
void ui_pointer_cancel(struct ui *ui);
bool ui_pointer_is_down(const struct ui *ui);

/* The centre of a visible element in screen pixels; false if there is none with that id. */
bool ui_element_center(const struct ui *ui, const char *id, int *x, int *y);
/* The width of a visible element; false if there is none with that id. */
bool ui_element_width(const struct ui *ui, const char *id, int *w);
/* The element shown pressed under a resting finger, NULL if none. */
const char *ui_pressed_id(const struct ui *ui);
/* The text of a visible element, NULL if none. */
const char *ui_element_text(const struct ui *ui, const char *id);
/* The direction its text was laid out in (enum text_dir), -1 if there is no such element. */
int ui_element_dir(const struct ui *ui, const char *id);
/* Number of visible elements, and a summary "id=text, ..." of them for error messages. */
size_t ui_element_count(const struct ui *ui);
/* The id of the i-th visible element (0 <= i < ui_element_count), NULL when it has none. */
const char *ui_element_id(const struct ui *ui, size_t i);
void ui_describe(const struct ui *ui, char *buf, size_t len);

/* One JSON object per visible element: id, role, rect, text, lang, direction, pressed; for
 * text, what was drawn: ink [x, y, w, h], lines, font_px (after shrinking), design_px, cut
 * (the text does not fit its box), ellipsis, fg and bg ("#rrggbb", bg is what is behind). */
bool ui_dump_json(const struct ui *ui, FILE *out);

/* Colours of the theme, shared by screens that draw on their own. */
SDL_Color ui_color_background(void);
SDL_Color ui_color_text(void);
SDL_Color ui_color_accent(void);
/* A filled rectangle with rounded corners. */
void ui_fill_rounded(SDL_Renderer *r, SDL_Rect rect, int radius, SDL_Color color);

/* Cell `index` of a grid of `cols` columns and rows of height row_h inside area, gap pixels
 * apart, filled in reading order (the ui mirrors it for right-to-left sessions). */
SDL_Rect ui_grid_cell(SDL_Rect area, int cols, int row_h, int gap, int index);
