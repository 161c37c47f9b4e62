/*
 * poster: a video's poster frame (<slug>.poster.jpg, made by packtool from the video's first
 * picture, upright and in its display aspect) as an SDL texture, so that a tap on a topic
 * shows a picture in the very next frame while libvlc still opens the file. A 1280x720 JPEG
 * decodes in a few milliseconds with libavcodec's MJPEG decoder; no image library is needed.
 */
#pragma once

#include <SDL.h>

/* NULL (one log line naming the file) when it cannot be read or decoded. */
SDL_Texture *poster_load(SDL_Renderer *renderer, const char *path, int *w, int *h);
