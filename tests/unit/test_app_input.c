/* Touch input from the driver: a finger far off the screen or NaN is a point off the screen,
 * never undefined behaviour (the float-to-int conversion the fuzzing found). */
#include <math.h>

#include "app.h"
#include "check.h"

static void test_finger_inside(void)
{
    CHECK_INT_EQ(app_finger_px(0.0f, 1920), 0);
    CHECK_INT_EQ(app_finger_px(0.5f, 1920), 960);
    CHECK_INT_EQ(app_finger_px(1.0f, 1080), 1080);
}

static void test_finger_far_outside(void)
{
    CHECK_INT_EQ(app_finger_px(-1e30f, 1920), -1);
    CHECK_INT_EQ(app_finger_px(1e30f, 1920), 3840);
    CHECK_INT_EQ(app_finger_px(INFINITY, 1080), 2160);
    CHECK_INT_EQ(app_finger_px(-INFINITY, 1080), -1);
    CHECK(app_finger_px(-0.5f, 100) < 0);
}

static void test_finger_nan(void)
{
    CHECK_INT_EQ(app_finger_px(NAN, 1920), -1);
    CHECK_INT_EQ(app_finger_px(-NAN, 1920), -1);
}

static const struct check_case cases[] = {
    {"app_finger_inside", test_finger_inside},
    {"app_finger_far_outside", test_finger_far_outside},
    {"app_finger_nan", test_finger_nan},
};

int main(int argc, char **argv)
{
    return CHECK_MAIN(cases, argc, argv);
}
