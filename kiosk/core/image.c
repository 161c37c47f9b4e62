#define LOG_TAG "image"
#include "core/log.h"

#include "core/image.h"

#include <png.h>
#include <string.h>

bool image_write_png(const char *path, int width, int height, const void *rgba, int pitch)
{
    if (width <= 0 || height <= 0 || pitch < width * 4) {
        LOG_ERR("%s: not written: an image of %dx%d with rows of %d bytes", path, width, height,
                pitch);
        return false;
    }
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)width;
    img.height = (png_uint_32)height;
    img.format = PNG_FORMAT_RGBA;
#ifdef PNG_IMAGE_FLAG_FAST
    /* Screenshots of tests are written often and read rarely: speed over size. */
    img.flags = PNG_IMAGE_FLAG_FAST;
#endif
    if (!png_image_write_to_file(&img, path, 0, rgba, pitch, NULL)) {
        LOG_ERR("%s: cannot write PNG: %s", path, img.message);
        png_image_free(&img);
        return false;
    }
    return true;
}
