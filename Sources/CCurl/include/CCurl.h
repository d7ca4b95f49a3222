#ifndef GANTRY_CCURL_H
#define GANTRY_CCURL_H
// libcurl for GantryHTTP, loaded with dlopen the first time a transfer needs it (LazyCurl.c):
// libcurl and the ~25 libraries behind it (TLS, Kerberos, LDAP, IDN, ...) are not mapped by
// commands that never make an HTTP request, such as `gantry run` or `gantry plan`.
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed
// wrapper per argument type.
#define CURL_DISABLE_TYPECHECK 1
#include <stdio.h>
#include <curl/curl.h>

CURLcode gantry_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode gantry_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode gantry_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
/// Object pointers: curl_slist, curl_mime, FILE *, user data, the error buffer.
CURLcode gantry_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
/// Write, header and read callbacks share this signature.
CURLcode gantry_curl_setopt_data_callback(CURL *handle, CURLoption option, curl_write_callback value);
CURLcode gantry_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

/// Why libcurl could not be loaded (dlerror's text), or NULL when it is loaded or not yet asked for.
const char *gantry_curl_load_error(void);

#endif
