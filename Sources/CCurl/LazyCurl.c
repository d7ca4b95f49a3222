// The libcurl functions GantryHTTP calls, under their own names, each forwarding to libcurl
// opened with dlopen on first use. Every function curl.h declares and GantryHTTP uses must be
// defined here: there is no -lcurl, so a missing one is a link error, not a silent direct call.
// When libcurl cannot be loaded, curl_global_init fails and curl_easy_init returns NULL (the
// other functions are only reached with a handle); gantry_curl_load_error says why.
#include "CCurl.h"
#include "CLazyLibrary.h"

// The soname libcurl4-openssl-dev's libcurl.so points at (stable since curl 7.16).
static struct gantry_lazy_library curl = GANTRY_LAZY_LIBRARY("libcurl.so.4");

const char *gantry_curl_load_error(void) {
    return gantry_lazy_error(&curl);
}

#define REAL(name) GANTRY_REAL(curl, name)

CURLcode curl_global_init(long flags) { REAL(curl_global_init); return real ? real(flags) : CURLE_FAILED_INIT; }
CURL *curl_easy_init(void) { REAL(curl_easy_init); return real ? real() : NULL; }
CURLcode curl_easy_perform(CURL *handle) { REAL(curl_easy_perform); return real(handle); }
void curl_easy_reset(CURL *handle) { REAL(curl_easy_reset); real(handle); }
void curl_easy_cleanup(CURL *handle) { REAL(curl_easy_cleanup); real(handle); }
const char *curl_easy_strerror(CURLcode code) { REAL(curl_easy_strerror); return real ? real(code) : "libcurl not loaded"; }
struct curl_slist *curl_slist_append(struct curl_slist *list, const char *text) { REAL(curl_slist_append); return real(list, text); }
void curl_slist_free_all(struct curl_slist *list) { REAL(curl_slist_free_all); real(list); }
curl_mime *curl_mime_init(CURL *handle) { REAL(curl_mime_init); return real(handle); }
void curl_mime_free(curl_mime *mime) { REAL(curl_mime_free); real(mime); }
curl_mimepart *curl_mime_addpart(curl_mime *mime) { REAL(curl_mime_addpart); return real(mime); }
CURLcode curl_mime_name(curl_mimepart *part, const char *name) { REAL(curl_mime_name); return real(part, name); }
CURLcode curl_mime_filename(curl_mimepart *part, const char *name) { REAL(curl_mime_filename); return real(part, name); }
CURLcode curl_mime_type(curl_mimepart *part, const char *type) { REAL(curl_mime_type); return real(part, type); }
CURLcode curl_mime_data(curl_mimepart *part, const char *data, size_t size) { REAL(curl_mime_data); return real(part, data, size); }
CURLcode curl_mime_filedata(curl_mimepart *part, const char *path) { REAL(curl_mime_filedata); return real(part, path); }

CURLcode gantry_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    REAL(curl_easy_setopt); return real(handle, option, value);
}
CURLcode gantry_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    REAL(curl_easy_setopt); return real(handle, option, value);
}
CURLcode gantry_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    REAL(curl_easy_setopt); return real(handle, option, value);
}
CURLcode gantry_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    REAL(curl_easy_setopt); return real(handle, option, value);
}
CURLcode gantry_curl_setopt_data_callback(CURL *handle, CURLoption option, curl_write_callback value) {
    REAL(curl_easy_setopt); return real(handle, option, value);
}
CURLcode gantry_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    REAL(curl_easy_getinfo); return real(handle, info, value);
}
