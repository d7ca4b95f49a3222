#include <git2.h>

// git_libgit2_opts is variadic: Swift cannot call it, so one typed wrapper per option used.
static inline int gantry_git2_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}
