/*
 * datadir: where the kiosk's read-only data lives (fonts list, sample location.conf, and the
 * sample content root), so an installed kiosk finds it without being told.
 *
 * Looked for in this order, the first folder that holds fonts.txt wins:
 *   <program>/../share/wegwijs   an installed kiosk, also one installed with DESTDIR
 *   <program>/../assets          a development build (build/kiosk beside assets/)
 *   WEGWIJS_DATADIR              the folder `make install` was built for
 *   ./assets                     run from the source tree
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Writes the data folder into out (n bytes); false (and "assets" written) when none is found. */
bool datadir_find(char *out, size_t n);

/* The data folder compiled in (PREFIX/share/wegwijs). */
const char *datadir_compiled(void);
