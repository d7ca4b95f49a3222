#ifndef GANTRY_CLAZYLIBRARY_H
#define GANTRY_CLAZYLIBRARY_H
// A shared library opened with dlopen the first time one of its functions is called, for the C
// targets that forward a library's functions under their own names (CCurl, CMicroHTTPD).
#include <pthread.h>

struct gantry_lazy_library {
    const char *soname;
    pthread_mutex_t lock;
    int tried;
    void *handle;
    char error[512];
};

#define GANTRY_LAZY_LIBRARY(soname) { soname, PTHREAD_MUTEX_INITIALIZER, 0, NULL, "" }

/// `name` in the library, opening it on the first call; NULL when it cannot be opened.
void *gantry_lazy_symbol(struct gantry_lazy_library *library, const char *name);

/// Why the library could not be opened (dlerror's text), or NULL.
const char *gantry_lazy_error(struct gantry_lazy_library *library);

/// Declares `real`: the library's `name`, looked up once (a race only stores the same pointer twice).
#define GANTRY_REAL(library, name) \
    static __typeof__(&name) real_##name; \
    __typeof__(&name) real = __atomic_load_n(&real_##name, __ATOMIC_ACQUIRE); \
    if (real == NULL) { \
        real = (__typeof__(&name))gantry_lazy_symbol(&library, #name); \
        __atomic_store_n(&real_##name, real, __ATOMIC_RELEASE); \
    }

#endif
