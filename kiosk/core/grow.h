/*
 * grow: room in an array that doubles as it fills, written once, with the overflow check that
 * the readers of outside input (topics, subtitles, manifests, inboxes) need.
 */
#pragma once

#include <stddef.h>

/*
 * Returns v reallocated to hold at least need elements of size bytes, the capacity *cap
 * doubling from first; v itself when it holds them already. NULL when out of memory or when
 * the size would overflow: v and *cap are then unchanged (v is still the caller's to free).
 */
void *grow_array(void *v, size_t *cap, size_t need, size_t size, size_t first);
