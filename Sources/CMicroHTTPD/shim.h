#ifndef GANTRY_CMICROHTTPD_SHIM_H
#define GANTRY_CMICROHTTPD_SHIM_H
// libmicrohttpd for GantryHTTP. MHD's entry points that take options are variadic, which Swift
// cannot call, so the daemon is started here with a fixed, typed option list.
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

typedef void *(*gantry_mhd_uri_log_callback)(void *cls, const char *uri, struct MHD_Connection *connection);

/// Keeps the URL exactly as sent: GitLab ids such as `group%2Fproject` must not turn into `/` before
/// routing, and query strings are decoded by Swift (MHD would otherwise decode both in place).
static size_t gantry_mhd_keep_escaped(void *cls, struct MHD_Connection *connection, char *s) {
    (void)cls; (void)connection;
    return strlen(s);
}

/// Starts a daemon with one thread per connection (handlers block: long polls, git subprocesses)
/// and poll() instead of select(), so descriptors above FD_SETSIZE still work.
/// `address` is a sockaddr_in, or a sockaddr_in6 when `ipv6` is non-zero. Logging stays off.
static inline struct MHD_Daemon *gantry_mhd_start(int ipv6,
                                                  const struct sockaddr *address,
                                                  MHD_AccessHandlerCallback handler, void *handler_cls,
                                                  gantry_mhd_uri_log_callback uri_log, void *uri_log_cls,
                                                  MHD_RequestCompletedCallback completed, void *completed_cls,
                                                  unsigned int connection_limit,
                                                  unsigned int per_ip_connection_limit,
                                                  unsigned int connection_timeout_seconds,
                                                  size_t connection_memory_limit) {
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
    if (ipv6) flags |= MHD_USE_IPv6;
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_cls,
                            MHD_OPTION_SOCK_ADDR, address,
                            MHD_OPTION_URI_LOG_CALLBACK, uri_log, uri_log_cls,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
                            MHD_OPTION_UNESCAPE_CALLBACK, gantry_mhd_keep_escaped, (void *)NULL,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_connection_limit,
                            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
                            MHD_OPTION_END);
}

/// The port the daemon's socket is bound to (the real one when port 0 was asked for); 0 if unknown.
static inline int gantry_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? (int)info->port : 0;
}

/// The client's IP address as text into `buffer`; returns 0 on success.
static inline int gantry_mhd_client_address(struct MHD_Connection *connection, char *buffer, socklen_t length) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
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

/// Visits request headers in order; `iterator` gets key/value with their lengths.
static inline int gantry_mhd_headers(struct MHD_Connection *connection, MHD_KeyValueIteratorN iterator, void *cls) {
    return MHD_get_connection_values_n(connection, MHD_HEADER_KIND, iterator, cls);
}

#endif
