/* The growing-array helper: doubling from the first size, a large need at once, and a size that
 * would overflow refused with the array and its capacity left as they were. */
#include "check.h"
#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>

static void test_doubles(void)
{
    int *v = NULL;
    size_t cap = 0;
    v = grow_array(v, &cap, 1, sizeof(*v), 16);
    CHECK(v != NULL && cap == 16);
    int *same = grow_array(v, &cap, 16, sizeof(*v), 16);
    CHECK(same == v && cap == 16);
    for (int i = 0; i < 16; i++)
        v[i] = i;
    v = grow_array(v, &cap, 17, sizeof(*v), 16);
    CHECK(v != NULL && cap == 32 && v[15] == 15);
    v = grow_array(v, &cap, 1000, sizeof(*v), 16);
    CHECK(v != NULL && cap == 1024 && v[0] == 0);
    free(v);
}

static void test_overflow_refused(void)
{
    char *v = NULL;
    size_t cap = 0;
    v = grow_array(v, &cap, 10, 1, 8);
    CHECK(v != NULL && cap == 16);
    CHECK(grow_array(v, &cap, SIZE_MAX, 1, 8) == NULL);
    CHECK(cap == 16);
    CHECK(grow_array(v, &cap, SIZE_MAX / 4, 64, 8) == NULL);
    CHECK(cap == 16);
    v[15] = 'x'; /* still the caller's, still whole */
    free(v);
}

static const struct check_case cases[] = {
    {"grow_doubles", test_doubles},
    {"grow_overflow_refused", test_overflow_refused},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
