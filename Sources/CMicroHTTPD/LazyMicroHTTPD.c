// The libmicrohttpd functions GantryHTTP and GantryServer call, under their own names, each
// forwarding to libmicrohttpd opened with dlopen on first use (there is no -lmicrohttpd, so a
// function missing here is a link error). Every path starts with gantry_mhd_start, which returns
// NULL when the library cannot be loaded; the other functions are only reached with a daemon.
#include "CMicroHTTPD.h"
#include "CLazyLibrary.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

// The soname libmicrohttpd-dev's libmicrohttpd.so points at.
static struct gantry_lazy_library microhttpd = GANTRY_LAZY_LIBRARY("libmicrohttpd.so.12");

const char *gantry_mhd_load_error(void) {
    return gantry_lazy_error(&microhttpd);
}

#define REAL(name) GANTRY_REAL(microhttpd, name)

void MHD_stop_daemon(struct MHD_Daemon *daemon) { REAL(MHD_stop_daemon); real(daemon); }
enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code, struct MHD_Response *response) {
    REAL(MHD_queue_response); return real(connection, status_code, response);
}
struct MHD_Response *MHD_create_response_from_buffer(size_t size, void *buffer, enum MHD_ResponseMemoryMode mode) {
    REAL(MHD_create_response_from_buffer); return real(size, buffer, mode);
}
struct MHD_Response *MHD_create_response_from_fd64(uint64_t size, int fd) {
    REAL(MHD_create_response_from_fd64); return real(size, fd);
}
void MHD_destroy_response(struct MHD_Response *response) { REAL(MHD_destroy_response); real(response); }
enum MHD_Result MHD_add_response_header(struct MHD_Response *response, const char *header, const char *content) {
    REAL(MHD_add_response_header); return real(response, header, content);
}

/// Keeps the URL exactly as sent: GitLab ids such as `group%2Fproject` must not turn into `/` before
/// routing, and query strings are decoded by Swift (MHD would otherwise decode both in place).
static size_t keep_escaped(void *cls, struct MHD_Connection *connection, char *s) {
    (void)cls; (void)connection;
    return strlen(s);
}

struct MHD_Daemon *gantry_mhd_start(int ipv6,
                                    const struct sockaddr *address,
                                    MHD_AccessHandlerCallback handler, void *handler_cls,
                                    gantry_mhd_uri_log_callback uri_log, void *uri_log_cls,
                                    MHD_RequestCompletedCallback completed, void *completed_cls,
                                    unsigned int connection_limit,
                                    unsigned int per_ip_connection_limit,
                                    unsigned int connection_timeout_seconds,
                                    size_t connection_memory_limit) {
    REAL(MHD_start_daemon);
    if (real == NULL) {
        errno = 0;
        return NULL;
    }
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
    if (ipv6) flags |= MHD_USE_IPv6;
    return real(flags, 0, NULL, NULL, handler, handler_cls,
                MHD_OPTION_SOCK_ADDR, address,
                MHD_OPTION_URI_LOG_CALLBACK, uri_log, uri_log_cls,
                MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
                MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, (void *)NULL,
                MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_connection_limit,
                MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
                MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
                MHD_OPTION_END);
}

int gantry_mhd_bound_port(struct MHD_Daemon *daemon) {
    REAL(MHD_get_daemon_info);
    const union MHD_DaemonInfo *info = real(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? (int)info->port : 0;
}

int gantry_mhd_client_address(struct MHD_Connection *connection, char *buffer, socklen_t length) {
    REAL(MHD_get_connection_info);
    const union MHD_ConnectionInfo *info = real(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) return -1;
    const struct sockaddr *address = info->client_addr;
    if (address->sa_family == AF_INET) {
        return inet_ntop(AF_INET, &((const struct sockaddr_in *)address)->sin_addr, buffer, length) ? 0 : -1;
    }
    if (address->sa_family == AF_INET6) {
        return inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)address)->sin6_addr, buffer, length) ? 0 : -1;
    }
    return -1;
}

int gantry_mhd_headers(struct MHD_Connection *connection, MHD_KeyValueIteratorN iterator, void *cls) {
    REAL(MHD_get_connection_values_n);
    return real(connection, MHD_HEADER_KIND, iterator, cls);
}
