#ifndef GANTRY_CRE2_SHIM_H
#define GANTRY_CRE2_SHIM_H
// A C interface to RE2 (Debian's libre2-dev) for Swift: GitLab evaluates CI regexes with RE2,
// in time linear in the text, so Gantry uses the same engine rather than a backtracking one.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cre2_regex cre2_regex;

/// Compiles `pattern` (UTF-8, RE2 syntax, GitLab's options: UTF-8, Perl classes, no logging).
/// On failure returns NULL and writes RE2's reason ("missing )") into `error`.
cre2_regex *cre2_compile(const char *pattern, size_t length, char *error, size_t error_size);
void cre2_free(cre2_regex *regex);
/// Capturing groups in the pattern.
int cre2_groups(const cre2_regex *regex);
/// Looks for the first match starting at or after byte `start` of `text`. On a match returns 1
/// and fills `ranges` with `count` pairs of byte offsets (begin, end), -1 for a group that took
/// no part; the whole match first. `^` and `\b` still see the text before `start`.
int cre2_match(const cre2_regex *regex, const char *text, size_t length, size_t start, long *ranges, int count);

#ifdef __cplusplus
}
#endif
#endif
