#include "CLazyLibrary.h"
#include <dlfcn.h>
#include <stdio.h>

void *gantry_lazy_symbol(struct gantry_lazy_library *library, const char *name) {
    pthread_mutex_lock(&library->lock);
    if (!library->tried) {
        library->tried = 1;
        library->handle = dlopen(library->soname, RTLD_NOW | RTLD_LOCAL);
        if (library->handle == NULL) {
            const char *reason = dlerror();
            snprintf(library->error, sizeof library->error, "cannot load %s: %s", library->soname, reason ? reason : "unknown error");
        }
    }
    void *handle = library->handle;
    pthread_mutex_unlock(&library->lock);
    return handle ? dlsym(handle, name) : NULL;
}

const char *gantry_lazy_error(struct gantry_lazy_library *library) {
    pthread_mutex_lock(&library->lock);
    const char *error = library->error[0] ? library->error : NULL;
    pthread_mutex_unlock(&library->lock);
    return error;
}
