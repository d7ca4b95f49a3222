#include "cre2shim.h"
#include <re2/re2.h>
#include <cstdio>
#include <cstring>
#include <new>
#include <vector>

struct cre2_regex {
    re2::RE2 re;
    cre2_regex(const re2::StringPiece &pattern, const re2::RE2::Options &options) : re(pattern, options) {}
};

extern "C" cre2_regex *cre2_compile(const char *pattern, size_t length, char *error, size_t error_size) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    cre2_regex *regex = new (std::nothrow) cre2_regex(re2::StringPiece(pattern, length), options);
    if (regex == nullptr) {
        if (error_size > 0) std::snprintf(error, error_size, "out of memory");
        return nullptr;
    }
    if (!regex->re.ok()) {
        // RE2's error() is "<reason>: <the offending text>"; the reason alone reads best.
        std::string reason = regex->re.error();
        const std::string &arg = regex->re.error_arg();
        if (!arg.empty() && reason.size() > arg.size() + 2 &&
            reason.compare(reason.size() - arg.size() - 2, std::string::npos, ": " + arg) == 0) {
            reason.resize(reason.size() - arg.size() - 2);
        }
        if (error_size > 0) std::snprintf(error, error_size, "%s", reason.c_str());
        delete regex;
        return nullptr;
    }
    return regex;
}

extern "C" void cre2_free(cre2_regex *regex) { delete regex; }

extern "C" int cre2_groups(const cre2_regex *regex) { return regex->re.NumberOfCapturingGroups(); }

extern "C" int cre2_match(const cre2_regex *regex, const char *text, size_t length, size_t start, long *ranges, int count) {
    if (start > length || count < 1) return 0;
    std::vector<re2::StringPiece> groups(static_cast<size_t>(count));
    re2::StringPiece input(text, length);
    if (!regex->re.Match(input, start, length, re2::RE2::UNANCHORED, groups.data(), count)) return 0;
    for (int i = 0; i < count; i++) {
        if (groups[i].data() == nullptr) {
            ranges[2 * i] = -1;
            ranges[2 * i + 1] = -1;
        } else {
            ranges[2 * i] = static_cast<long>(groups[i].data() - text);
            ranges[2 * i + 1] = ranges[2 * i] + static_cast<long>(groups[i].size());
        }
    }
    return 1;
}
