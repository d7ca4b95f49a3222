#ifndef GANTRY_CCURL_SHIM_H
#define GANTRY_CCURL_SHIM_H
// libcurl for GantryHTTP. curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot
// call: one typed wrapper per argument type.
#define CURL_DISABLE_TYPECHECK 1
#include <stdio.h>
#include <curl/curl.h>

static inline CURLcode gantry_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode gantry_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode gantry_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Object pointers: curl_slist, curl_mime, FILE *, user data, the error buffer.
static inline CURLcode gantry_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Write, header and read callbacks share this signature.
static inline CURLcode gantry_curl_setopt_data_callback(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode gantry_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
