/*
 * embedded: texts built into the program (mk/fit.mk makes them from locales/ at build time),
 * for what must work with no content installed: staff mode, which loads the first pack.
 */
#pragma once

#include <stddef.h>

/* locales/nl/staff.po as it was at build time; a staff.po in a content root overrides it. */
extern const char embedded_nl_staff_po[];
extern const size_t embedded_nl_staff_po_len;
